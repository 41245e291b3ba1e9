package cliquechain

import (
	"fmt"
	"maps"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
	"golang.org/x/crypto/cryptobyte"
)

// stateVersion numbers the encoding below.
const stateVersion = 1

// MarshalBinary encodes everything the verifier needs to go on, for the
// enclave to seal with its state:
//
//	u8 version (1)
//	config:    genesis[32] ‖ u64 period ‖ u64 epoch ‖ u64 confirmations ‖ u32 max headers
//	final:     block ‖ u64 total difficulty
//	authority: u32 n ‖ n × signer[20]                          (ascending)
//	           u32 n ‖ n × (u64 number ‖ sealer[20])           (ascending numbers)
//	           u32 n ‖ n × (signer[20] ‖ u64 block ‖ address[20] ‖ u8 authorize)  (cast order)
//	           u32 n ‖ n × (address[20] ‖ u8 authorize ‖ u32 votes)           (ascending)
//	pending:   u32 n ‖ n × block     (final blocks whose logs are not taken, oldest first)
//	tree:      u32 n ‖ n × block     (unconfirmed blocks, by number then hash: parents first)
//	best:      hash[32]
//	block:     u24 len ‖ header RLP ‖ sealer[20]
//
// Hashes, numbers and the tree's total difficulties follow from the
// headers; the sealers are kept so that Restore recovers no signature.
func (v *Verifier) MarshalBinary() ([]byte, error) {
	b := cryptobyte.NewBuilder(nil)
	b.AddUint8(stateVersion)
	b.AddBytes(v.cfg.Genesis[:])
	b.AddUint64(v.cfg.Clique.Period)
	b.AddUint64(v.cfg.Clique.Epoch)
	b.AddUint64(v.cfg.Confirmations)
	b.AddUint32(uint32(v.cfg.MaxHeaders))
	addBlock(b, v.final)
	b.AddUint64(v.final.td)

	a := v.finalAuth
	b.AddUint32(uint32(len(a.signers)))
	for _, s := range a.sortedSigners() {
		b.AddBytes(s[:])
	}
	b.AddUint32(uint32(len(a.recents)))
	for _, n := range slices.Sorted(maps.Keys(a.recents)) {
		b.AddUint64(n)
		s := a.recents[n]
		b.AddBytes(s[:])
	}
	b.AddUint32(uint32(len(a.votes)))
	for _, vt := range a.votes {
		b.AddBytes(vt.signer[:])
		b.AddUint64(vt.block)
		b.AddBytes(vt.address[:])
		b.AddUint8(boolByte(vt.authorize))
	}
	b.AddUint32(uint32(len(a.tally)))
	for _, addr := range slices.SortedFunc(maps.Keys(a.tally), common.Address.Cmp) {
		t := a.tally[addr]
		b.AddBytes(addr[:])
		b.AddUint8(boolByte(t.authorize))
		b.AddUint32(uint32(t.votes))
	}

	b.AddUint32(uint32(len(v.pending)))
	for _, n := range v.pending {
		addBlock(b, n)
	}
	tree := slices.Collect(maps.Values(v.nodes))
	slices.SortFunc(tree, func(x, y *node) int {
		if c := compareUint(x.number, y.number); c != 0 {
			return c
		}
		return x.hash.Cmp(y.hash)
	})
	b.AddUint32(uint32(len(tree)))
	for _, n := range tree {
		addBlock(b, n)
	}
	b.AddBytes(v.best.hash[:])
	return b.Bytes()
}

func addBlock(b *cryptobyte.Builder, n *node) {
	enc, err := rlp.EncodeToBytes(n.header)
	if err != nil {
		b.SetError(err)
		return
	}
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(enc) })
	b.AddBytes(n.signer[:])
}

func boolByte(v bool) uint8 {
	if v {
		return 1
	}
	return 0
}

// Restore rebuilds a verifier from MarshalBinary's output and checks that
// it follows the chain cfg pins (the same genesis, Clique parameters,
// confirmations and bound). The state was sealed by the enclave, so it is
// trusted; Restore still refuses one that does not hang together.
func Restore(sealed []byte, cfg Config) (*Verifier, error) {
	cfg = cfg.normalized()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	v, err := decodeState(sealed)
	if err != nil {
		return nil, err
	}
	if v.cfg != cfg {
		return nil, fmt.Errorf("%w: it follows %+v, not the pinned %+v", ErrSealedState, v.cfg, cfg)
	}
	return v, nil
}

func decodeState(sealed []byte) (*Verifier, error) {
	in := cryptobyte.String(sealed)
	bad := func(what string) (*Verifier, error) {
		return nil, fmt.Errorf("%w: %s", ErrSealedState, what)
	}
	var version uint8
	if !in.ReadUint8(&version) || version != stateVersion {
		return bad("unknown version")
	}
	v := &Verifier{nodes: map[common.Hash]*node{}}
	var maxHeaders uint32
	if !readHash(&in, &v.cfg.Genesis) || !in.ReadUint64(&v.cfg.Clique.Period) || !in.ReadUint64(&v.cfg.Clique.Epoch) ||
		!in.ReadUint64(&v.cfg.Confirmations) || !in.ReadUint32(&maxHeaders) {
		return bad("truncated config")
	}
	v.cfg.MaxHeaders = int(maxHeaders)
	if err := v.cfg.check(); err != nil || v.cfg.Clique.Epoch == 0 {
		return bad("invalid config")
	}
	final, ok := readBlock(&in)
	if !ok || !in.ReadUint64(&final.td) {
		return bad("truncated final block")
	}
	v.final, v.best = final, final

	a := &authority{signers: map[common.Address]struct{}{}, recents: map[uint64]common.Address{}, tally: map[common.Address]tally{}}
	var count uint32
	if !in.ReadUint32(&count) || uint64(count) > uint64(len(in))/common.AddressLength {
		return bad("truncated signers")
	}
	for range count {
		var s common.Address
		if !readAddress(&in, &s) {
			return bad("truncated signers")
		}
		a.signers[s] = struct{}{}
	}
	if !in.ReadUint32(&count) || uint64(count) > uint64(len(in))/28 {
		return bad("truncated recent signers")
	}
	for range count {
		var n uint64
		var s common.Address
		if !in.ReadUint64(&n) || !readAddress(&in, &s) {
			return bad("truncated recent signers")
		}
		a.recents[n] = s
	}
	if !in.ReadUint32(&count) || uint64(count) > uint64(len(in))/49 {
		return bad("truncated votes")
	}
	for range count {
		var vt vote
		var auth uint8
		if !readAddress(&in, &vt.signer) || !in.ReadUint64(&vt.block) || !readAddress(&in, &vt.address) || !in.ReadUint8(&auth) || auth > 1 {
			return bad("truncated votes")
		}
		vt.authorize = auth == 1
		a.votes = append(a.votes, vt)
	}
	if !in.ReadUint32(&count) || uint64(count) > uint64(len(in))/25 {
		return bad("truncated tally")
	}
	for range count {
		var addr common.Address
		var auth uint8
		var votes uint32
		if !readAddress(&in, &addr) || !in.ReadUint8(&auth) || auth > 1 || !in.ReadUint32(&votes) {
			return bad("truncated tally")
		}
		a.tally[addr] = tally{authorize: auth == 1, votes: int(votes)}
	}
	v.finalAuth = a

	if !in.ReadUint32(&count) || int64(count) > int64(v.cfg.MaxHeaders) {
		return bad("pending count")
	}
	for i := range count {
		n, ok := readBlock(&in)
		if !ok {
			return bad("truncated pending block")
		}
		if i > 0 {
			prev := v.pending[i-1]
			if n.number != prev.number+1 || n.header.ParentHash != prev.hash {
				return bad("pending blocks are not a chain")
			}
		}
		v.pending = append(v.pending, n)
	}
	if len(v.pending) > 0 {
		if last := v.pending[len(v.pending)-1]; last.hash != v.final.hash {
			return bad("the last pending block is not the final one")
		}
		v.pending[len(v.pending)-1] = v.final
	}

	if !in.ReadUint32(&count) || int64(count)+int64(len(v.pending)) > int64(v.cfg.MaxHeaders) {
		return bad("tree count")
	}
	for range count {
		n, ok := readBlock(&in)
		if !ok {
			return bad("truncated tree block")
		}
		parent := v.nodes[n.header.ParentHash]
		if n.header.ParentHash == v.final.hash {
			parent = v.final
		}
		if parent == nil || n.number != parent.number+1 || v.nodes[n.hash] != nil || n.header.Difficulty == nil || !n.header.Difficulty.IsUint64() {
			return bad("the unconfirmed blocks are not a tree above the final block")
		}
		n.parent, n.td = parent, parent.td+n.header.Difficulty.Uint64()
		v.nodes[n.hash] = n
	}
	var best common.Hash
	if !readHash(&in, &best) || !in.Empty() {
		return bad("trailing or missing best tip")
	}
	if best != v.final.hash {
		if v.best = v.nodes[best]; v.best == nil {
			return bad("the best tip is not held")
		}
	}
	return v, nil
}

func readBlock(in *cryptobyte.String) (*node, bool) {
	var enc cryptobyte.String
	var signer common.Address
	if !in.ReadUint24LengthPrefixed(&enc) || !readAddress(in, &signer) {
		return nil, false
	}
	h := new(types.Header)
	if err := rlp.DecodeBytes(enc, h); err != nil || h.Number == nil || !h.Number.IsUint64() {
		return nil, false
	}
	return &node{header: h, hash: h.Hash(), number: h.Number.Uint64(), signer: signer}, true
}

func readAddress(in *cryptobyte.String, a *common.Address) bool { return in.CopyBytes(a[:]) }

func readHash(in *cryptobyte.String, h *common.Hash) bool { return in.CopyBytes(h[:]) }
