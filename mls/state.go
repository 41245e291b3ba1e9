package mls

import (
	"bytes"
	"errors"
	"sort"
)

// Group state serialization, so the enclave can seal a member's state and
// resume after a restart. The format reuses the TLS presentation encoding
// and carries a version number; it holds every secret of the current
// epoch and must only ever be stored sealed.

const stateVersion = 1

var (
	errStateVersion  = errors.New("mls: unknown group state version")
	errStateInvalid  = errors.New("mls: group state is inconsistent")
	errStateTreeHash = errors.New("mls: group state tree does not match its tree hash")
)

// MarshalBinary encodes the group state, including a staged commit.
func (g *Group) MarshalBinary() ([]byte, error) {
	var w builder
	w.u16(stateVersion)
	g.encodeState(&w)
	return w.bytes()
}

func (g *Group) encodeState(w *builder) {
	w.u16(uint16(g.s.id))
	g.ctx.encode(w)
	encodeRatchetTree(w, g.tree.nodes)
	w.opaque(g.interim)
	w.opaque(g.confTag)
	for _, b := range [][]byte{g.es.senderData, g.es.exporter, g.es.external, g.es.confirmation,
		g.es.membership, g.es.resumption, g.es.authenticator, g.es.init} {
		w.opaque(b)
	}
	g.st.encode(w)
	w.u32(g.me)
	w.opaque(g.sigPriv)
	nodes := make([]uint32, 0, len(g.keys))
	for x := range g.keys {
		nodes = append(nodes, x)
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i] < nodes[j] })
	w.vec(func(w *builder) {
		for _, x := range nodes {
			w.u32(x)
			w.opaque(g.keys[x].priv)
			w.opaque(g.keys[x].pub)
		}
	})
	w.vec(func(w *builder) {
		for _, cp := range g.proposals {
			w.opaque(cp.ref)
			cp.proposal.encode(w)
			cp.sender.encode(w)
		}
	})
	ids := make([]string, 0, len(g.psks))
	for id := range g.psks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	w.vec(func(w *builder) {
		for _, id := range ids {
			w.opaque([]byte(id))
			w.opaque(g.psks[id])
		}
	})
	epochs := make([]uint64, 0, len(g.resumption))
	for e := range g.resumption {
		epochs = append(epochs, e)
	}
	sort.Slice(epochs, func(i, j int) bool { return epochs[i] < epochs[j] })
	w.vec(func(w *builder) {
		for _, e := range epochs {
			w.u64(e)
			w.opaque(g.resumption[e])
		}
	})
	w.optional(g.pending != nil, func(w *builder) {
		w.opaque(g.pending.message)
		w.vec(func(w *builder) { g.pending.next.encodeState(w) })
	})
	if g.removed {
		w.u8(1)
	} else {
		w.u8(0)
	}
}

// UnmarshalBinary restores a state produced by MarshalBinary. It checks
// the state's internal consistency (tree hash, own leaf, own keys) but
// trusts its secrets: the blob must come from sealed storage.
func (g *Group) UnmarshalBinary(b []byte) error {
	p := parser{b: clone(b)}
	if v := p.u16(); p.err == nil && v != stateVersion {
		return errStateVersion
	}
	ng := decodeState(&p)
	if err := p.finish(); err != nil {
		return err
	}
	*g = *ng
	return nil
}

func decodeState(p *parser) *Group {
	g := &Group{keys: map[uint32]hpkeKeyPair{}, psks: map[string][]byte{}, resumption: map[uint64][]byte{}}
	s, err := suiteFor(CipherSuite(p.u16()))
	if err != nil {
		p.fail(err)
		return nil
	}
	g.s = s
	g.ctx.decode(p)
	nodes := decodeRatchetTree(p)
	g.interim, g.confTag = p.opaque(), p.opaque()
	for _, b := range []*[]byte{&g.es.senderData, &g.es.exporter, &g.es.external, &g.es.confirmation,
		&g.es.membership, &g.es.resumption, &g.es.authenticator, &g.es.init} {
		*b = p.opaque()
	}
	g.st = new(secretTree)
	g.st.decode(p)
	g.me = p.u32()
	g.sigPriv = p.opaque()
	p.vec(func(p *parser) {
		x := p.u32()
		g.keys[x] = hpkeKeyPair{priv: p.opaque(), pub: p.opaque()}
	})
	p.vec(func(p *parser) {
		cp := cachedProposal{ref: p.opaque(), proposal: new(proposal)}
		cp.proposal.decode(p)
		cp.sender.decode(p)
		g.proposals = append(g.proposals, cp)
	})
	p.vec(func(p *parser) { g.psks[string(p.opaque())] = p.opaque() })
	p.vec(func(p *parser) { g.resumption[p.u64()] = p.opaque() })
	if p.optional() {
		g.pending = &pendingCommit{message: p.opaque()}
		body := p.opaque()
		inner := parser{b: body}
		g.pending.next = decodeState(&inner)
		if err := inner.finish(); err != nil {
			p.fail(err)
		}
	}
	switch p.u8() {
	case 0:
	case 1:
		g.removed = true
	default:
		p.fail(errStateInvalid)
	}
	if p.err != nil {
		return nil
	}
	g.tree = newRatchetTree(nodes)
	switch {
	case g.ctx.cipherSuite != s.id || g.st.nLeaves != g.tree.nLeaves():
		p.fail(errStateInvalid)
	case !bytes.Equal(g.tree.rootHash(s), g.ctx.treeHash):
		p.fail(errStateTreeHash)
	case !g.removed && g.tree.leaf(g.me) == nil:
		p.fail(errStateInvalid)
	}
	for x, kp := range g.keys {
		if int(x) >= len(g.tree.nodes) || !bytes.Equal(g.tree.nodes[x].encryptionKey(), kp.pub) {
			p.fail(errStateInvalid)
		}
	}
	return g
}
