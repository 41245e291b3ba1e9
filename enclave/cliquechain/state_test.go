package cliquechain

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// richVerifier is a verifier with something in every part of its state:
// a standing vote, final blocks whose logs are not taken, a fork in the
// unconfirmed window (its best tip not the newest header), and the chain
// to go on with.
func richVerifier(t *testing.T) (*testChain, *Verifier, []*types.Header, *types.Header) {
	c := newTestChain(t, 8, "A", "B", "C")
	o := c.signerOrder("A", "B", "C")
	main := c.extend(c.genesis,
		spec{signer: o[1], vote: "D"},
		spec{signer: o[2], receipts: [][]*types.Log{{logOf(testContract, topicA, "x")}}},
		spec{signer: o[0], vote: "E", drop: false},
		spec{signer: o[1]},
		spec{signer: o[2]},
	)
	v := c.verifier(2)
	if err := v.Insert(main...); err != nil {
		t.Fatal(err)
	}
	side := c.extend(main[3], spec{signer: o[0]}) // block 5, lighter than main's
	if err := v.Insert(side...); err != nil {
		t.Fatal(err)
	}
	if len(v.pending) == 0 || len(v.nodes) < 3 || len(v.finalAuth.votes) == 0 || v.best.hash != main[4].Hash() {
		t.Fatalf("not rich: %d pending, %d unconfirmed, %d votes", len(v.pending), len(v.nodes), len(v.finalAuth.votes))
	}
	return c, v, main, side[0]
}

// TestRestoreRoundTrip: a restored verifier is the same verifier: it
// encodes to the same bytes and answers the next headers, receipts and
// refusals as the original does.
func TestRestoreRoundTrip(t *testing.T) {
	c, v, main, side := richVerifier(t)
	o := c.signerOrder("A", "B", "C")
	sealed, err := v.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Restore(sealed, c.cfg(2))
	if err != nil {
		t.Fatal(err)
	}
	if state(t, r) != state(t, v) {
		t.Fatal("the restored verifier encodes differently")
	}
	tip := main[len(main)-1]
	var next []*types.Header
	mk := func(parent *types.Header, s spec) *types.Header {
		h := c.make(parent, s)
		if c.libraryVerify(h) == nil {
			c.add(h)
		}
		next = append(next, h)
		return h
	}
	b6 := mk(tip, spec{signer: o[0]})           // block 6 on the best tip
	mk(side, spec{signer: o[1]})                // block 6 on the side branch
	mk(b6, spec{signer: o[0]})                  // refused: o[0] sealed block 6
	b7 := mk(b6, spec{signer: o[2], vote: "D"}) // block 7: D's second vote: D is in
	b8 := mk(b7, spec{signer: o[1]})            // block 8: a checkpoint listing D
	b9 := mk(b8, spec{signer: "D"})             // block 9, D's
	mk(b9, spec{signer: "X"})                   // refused: not a signer
	for i, h := range next {
		ev, er := v.Insert(h), r.Insert(h)
		if (ev == nil) != (er == nil) || ev != nil && ev.Error() != er.Error() {
			t.Fatalf("header %d: original %v, restored %v", i, ev, er)
		}
		if state(t, v) != state(t, r) {
			t.Fatalf("header %d: the states differ", i)
		}
	}
	if !containsAddr(headSigners(r), c.addr("D")) {
		t.Fatal("D was not voted in on the restored verifier")
	}
	for v.Next() != nil {
		n := v.Next()
		receipts, _ := makeReceipts(nil)
		if MayHaveLogs(n, testContract) {
			receipts, _ = receiptsOf(spec{receipts: [][]*types.Log{{logOf(testContract, topicA, "x")}}})
		}
		lv, ev := v.TakeLogs(n.Hash(), receipts, testContract)
		lr, er := r.TakeLogs(n.Hash(), receipts, testContract)
		if ev != nil || er != nil || len(lv) != len(lr) {
			t.Fatalf("block %v: original %d logs, %v; restored %d logs, %v", n.Number, len(lv), ev, len(lr), er)
		}
	}
	if state(t, v) != state(t, r) {
		t.Fatal("the states differ after taking the logs")
	}
	// A fresh verifier round-trips too.
	fresh := c.verifier(2)
	b, _ := fresh.MarshalBinary()
	if r, err := Restore(b, c.cfg(2)); err != nil || state(t, r) != state(t, fresh) {
		t.Fatalf("a fresh verifier: %v", err)
	}
}

func TestRestoreRefusals(t *testing.T) {
	c, v, _, _ := richVerifier(t)
	sealed, _ := v.MarshalBinary()
	other := c.cfg(2)
	other.Genesis = common.HexToHash("0x01")
	for _, tt := range []struct {
		name   string
		sealed []byte
		cfg    Config
		want   error
	}{
		{"another genesis pinned", sealed, other, ErrSealedState},
		{"other confirmations", sealed, c.cfg(3), ErrSealedState},
		{"another epoch", sealed, func() Config { cfg := c.cfg(2); cfg.Clique.Epoch = 9; return cfg }(), ErrSealedState},
		{"another version", append([]byte{2}, sealed[1:]...), c.cfg(2), ErrSealedState},
		{"a trailing byte", append(append([]byte{}, sealed...), 0), c.cfg(2), ErrSealedState},
		{"nothing", nil, c.cfg(2), ErrSealedState},
		{"an invalid config", sealed, Config{}, ErrConfig},
	} {
		if _, err := Restore(tt.sealed, tt.cfg); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	for n := range len(sealed) {
		if _, err := Restore(sealed[:n], c.cfg(2)); !errors.Is(err, ErrSealedState) {
			t.Fatalf("truncated to %d of %d bytes: %v", n, len(sealed), err)
		}
	}
}
