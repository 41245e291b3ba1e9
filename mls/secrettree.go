package mls

import (
	"errors"
	"sort"
)

// The secret tree (RFC 9420 §9) turns the epoch's encryption_secret into
// per-sender hash ratchets for handshake and application messages. Node
// secrets are derived lazily and deleted once their children exist, and
// ratchet secrets are replaced as they advance, so that a later compromise
// does not expose keys already used (§9.2).

const (
	// maxForwardRatchet bounds how far ahead of the current generation a
	// message may claim to be, so a forged generation cannot make us derive
	// billions of keys.
	maxForwardRatchet = 1024
	// maxSkippedKeys bounds the keys kept for out-of-order delivery per
	// ratchet.
	maxSkippedKeys = 64
)

var (
	errGenerationTooFar = errors.New("mls: message generation too far ahead of the ratchet")
	errGenerationUsed   = errors.New("mls: message generation already used or expired")
	errLeafOutOfRange   = errors.New("mls: sender leaf index outside the tree")
)

type keyNonce struct {
	key, nonce []byte
}

type ratchet struct {
	secret     []byte
	generation uint32
	skipped    map[uint32]keyNonce
}

type secretTree struct {
	nLeaves uint32
	nodes   map[uint32][]byte
	// ratchets[leaf][0] is the handshake ratchet, [1] the application one.
	ratchets map[uint32]*[2]ratchet
}

func newSecretTree(encryptionSecret []byte, nLeaves uint32) *secretTree {
	return &secretTree{
		nLeaves:  nLeaves,
		nodes:    map[uint32][]byte{root(nLeaves): clone(encryptionSecret)},
		ratchets: map[uint32]*[2]ratchet{},
	}
}

func (t *secretTree) leafRatchets(s *suite, leaf uint32) (*[2]ratchet, error) {
	if leaf >= t.nLeaves {
		return nil, errLeafOutOfRange
	}
	if r, ok := t.ratchets[leaf]; ok {
		return r, nil
	}
	target := leafToNode(leaf)
	// Walk down from the lowest ancestor whose secret is still held,
	// deriving both children and deleting the parent each step.
	path := append([]uint32{target}, directPath(target, t.nLeaves)...)
	start := -1
	for i, n := range path {
		if _, ok := t.nodes[n]; ok {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, errGenerationUsed
	}
	for i := start; i > 0; i-- {
		n := path[i]
		secret := t.nodes[n]
		t.nodes[left(n)] = s.expandWithLabel(secret, "tree", []byte("left"), s.nh)
		t.nodes[right(n)] = s.expandWithLabel(secret, "tree", []byte("right"), s.nh)
		delete(t.nodes, n)
	}
	leafSecret := t.nodes[target]
	delete(t.nodes, target)
	r := &[2]ratchet{
		{secret: s.expandWithLabel(leafSecret, "handshake", nil, s.nh)},
		{secret: s.expandWithLabel(leafSecret, "application", nil, s.nh)},
	}
	t.ratchets[leaf] = r
	return r, nil
}

func (r *ratchet) current(s *suite) keyNonce {
	return keyNonce{
		key:   s.deriveTreeSecret(r.secret, "key", r.generation, s.nk),
		nonce: s.deriveTreeSecret(r.secret, "nonce", r.generation, s.nn),
	}
}

func (r *ratchet) advance(s *suite) {
	next := s.deriveTreeSecret(r.secret, "secret", r.generation, s.nh)
	clear(r.secret)
	r.secret = next
	r.generation++
}

func ratchetIndex(handshake bool) int {
	if handshake {
		return 0
	}
	return 1
}

// next returns the key for the sender's next message and consumes it.
func (t *secretTree) next(s *suite, leaf uint32, handshake bool) (keyNonce, uint32, error) {
	rs, err := t.leafRatchets(s, leaf)
	if err != nil {
		return keyNonce{}, 0, err
	}
	r := &rs[ratchetIndex(handshake)]
	kn, gen := r.current(s), r.generation
	r.advance(s)
	return kn, gen, nil
}

// get returns the key for a received message of the given generation and
// deletes it, keeping a bounded number of skipped keys for reordering.
func (t *secretTree) get(s *suite, leaf uint32, handshake bool, generation uint32) (keyNonce, error) {
	rs, err := t.leafRatchets(s, leaf)
	if err != nil {
		return keyNonce{}, err
	}
	r := &rs[ratchetIndex(handshake)]
	if generation < r.generation {
		kn, ok := r.skipped[generation]
		if !ok {
			return keyNonce{}, errGenerationUsed
		}
		delete(r.skipped, generation)
		return kn, nil
	}
	if generation-r.generation > maxForwardRatchet {
		return keyNonce{}, errGenerationTooFar
	}
	for r.generation < generation {
		if r.skipped == nil {
			r.skipped = map[uint32]keyNonce{}
		}
		r.skipped[r.generation] = r.current(s)
		if len(r.skipped) > maxSkippedKeys {
			oldest := r.generation
			for g := range r.skipped {
				oldest = min(oldest, g)
			}
			delete(r.skipped, oldest)
		}
		r.advance(s)
	}
	kn := r.current(s)
	r.advance(s)
	return kn, nil
}

func (t *secretTree) encode(w *builder) {
	w.u32(t.nLeaves)
	nodeIDs := make([]uint32, 0, len(t.nodes))
	for n := range t.nodes {
		nodeIDs = append(nodeIDs, n)
	}
	sort.Slice(nodeIDs, func(i, j int) bool { return nodeIDs[i] < nodeIDs[j] })
	w.vec(func(w *builder) {
		for _, n := range nodeIDs {
			w.u32(n)
			w.opaque(t.nodes[n])
		}
	})
	leaves := make([]uint32, 0, len(t.ratchets))
	for l := range t.ratchets {
		leaves = append(leaves, l)
	}
	sort.Slice(leaves, func(i, j int) bool { return leaves[i] < leaves[j] })
	w.vec(func(w *builder) {
		for _, l := range leaves {
			w.u32(l)
			for _, r := range t.ratchets[l] {
				w.opaque(r.secret)
				w.u32(r.generation)
				gens := make([]uint32, 0, len(r.skipped))
				for g := range r.skipped {
					gens = append(gens, g)
				}
				sort.Slice(gens, func(i, j int) bool { return gens[i] < gens[j] })
				w.vec(func(w *builder) {
					for _, g := range gens {
						w.u32(g)
						w.opaque(r.skipped[g].key)
						w.opaque(r.skipped[g].nonce)
					}
				})
			}
		}
	})
}

func (t *secretTree) decode(p *parser) {
	t.nLeaves = p.u32()
	t.nodes = map[uint32][]byte{}
	t.ratchets = map[uint32]*[2]ratchet{}
	p.vec(func(p *parser) { t.nodes[p.u32()] = p.opaque() })
	p.vec(func(p *parser) {
		l := p.u32()
		rs := new([2]ratchet)
		for i := range rs {
			rs[i].secret = p.opaque()
			rs[i].generation = p.u32()
			rs[i].skipped = map[uint32]keyNonce{}
			p.vec(func(p *parser) {
				g := p.u32()
				rs[i].skipped[g] = keyNonce{key: p.opaque(), nonce: p.opaque()}
			})
		}
		t.ratchets[l] = rs
	})
}

// senderDataKeyNonce derives the key and nonce protecting SenderData from
// a sample of the content ciphertext (§6.3.2).
func (s *suite) senderDataKeyNonce(senderDataSecret, ciphertext []byte) keyNonce {
	sample := ciphertext
	if len(sample) > s.nh {
		sample = sample[:s.nh]
	}
	return keyNonce{
		key:   s.expandWithLabel(senderDataSecret, "key", sample, s.nk),
		nonce: s.expandWithLabel(senderDataSecret, "nonce", sample, s.nn),
	}
}

// wipe clears every secret the tree still holds, when its epoch ends.
func (t *secretTree) wipe() {
	for _, v := range t.nodes {
		clear(v)
	}
	for _, rs := range t.ratchets {
		for i := range rs {
			clear(rs[i].secret)
			for _, kn := range rs[i].skipped {
				clear(kn.key)
				clear(kn.nonce)
			}
		}
	}
}

func (t *secretTree) clone() *secretTree {
	n := &secretTree{nLeaves: t.nLeaves, nodes: make(map[uint32][]byte, len(t.nodes)), ratchets: make(map[uint32]*[2]ratchet, len(t.ratchets))}
	for k, v := range t.nodes {
		n.nodes[k] = clone(v)
	}
	for k, v := range t.ratchets {
		rs := *v
		for i := range rs {
			// Deep copy: advancing a ratchet clears its old secret in place.
			rs[i].secret = clone(rs[i].secret)
			if rs[i].skipped != nil {
				sk := make(map[uint32]keyNonce, len(rs[i].skipped))
				for g, kn := range rs[i].skipped {
					sk[g] = kn
				}
				rs[i].skipped = sk
			}
		}
		n.ratchets[k] = &rs
	}
	return n
}
