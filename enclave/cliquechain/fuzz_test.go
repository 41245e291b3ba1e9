package cliquechain

import (
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
)

// FuzzInsert: headers come from the host, as RLP. Whatever the bytes,
// Insert must not panic, and a header it refuses must leave the state as
// it was. The verifier holds a fork and final blocks not taken; the seeds
// are valid next headers (on the tip, on the fork, a checkpoint) and
// their tampered copies.
func FuzzInsert(f *testing.F) {
	c := newTestChain(f, 4, "A", "B", "C")
	o := c.signerOrder("A", "B", "C")
	chain := c.extend(c.genesis, sealers(o[1], o[2], o[0])...)
	fork := c.extend(chain[1], sealers(o[1])...)
	base := c.verifier(1)
	if err := base.Insert(append(chain, fork...)...); err != nil {
		f.Fatal(err)
	}
	sealed, err := base.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	seeds := []*types.Header{
		c.make(chain[2], spec{signer: o[1]}), // a checkpoint (epoch 4)
		c.make(fork[0], spec{signer: o[0], vote: "D"}),
		c.make(chain[2], spec{signer: o[2], tamper: func(h *types.Header) { h.Root[0] ^= 1 }}),
		c.make(chain[2], spec{signer: o[0]}),
	}
	for _, h := range seeds {
		b, err := rlp.EncodeToBytes(h)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		h := new(types.Header)
		if rlp.DecodeBytes(in, h) != nil {
			return
		}
		v, err := Restore(sealed, base.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Insert(h); err != nil {
			if after, _ := v.MarshalBinary(); string(after) != string(sealed) {
				t.Fatalf("refused with %v, yet the state changed", err)
			}
		}
	})
}
