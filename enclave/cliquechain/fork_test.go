package cliquechain

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
)

// TestForkChoice: a heavier branch replaces a lighter tip, a tie keeps
// the branch seen first, a longer branch wins by weight; once a block is
// final, branches below it are refused and branches from it accepted.
func TestForkChoice(t *testing.T) {
	c := newTestChain(t, 30000, "A", "B", "C")
	o := c.signerOrder("A", "B", "C") // block n is in turn for o[n%3]
	v := c.verifier(2)
	insert := func(hs ...*types.Header) {
		t.Helper()
		if err := v.Insert(hs...); err != nil {
			t.Fatal(err)
		}
	}
	head := func(want *types.Header, why string) {
		t.Helper()
		if got := v.Head(); got.Hash() != want.Hash() {
			t.Fatalf("%s: head is block %v %s, want %v %s", why, got.Number, got.Hash(), want.Number, want.Hash())
		}
	}
	b1 := c.extend(c.genesis, spec{signer: o[1]})[0] // in turn: 2
	insert(b1)
	x2 := c.extend(b1, spec{signer: o[0]})[0] // out of turn: total 3
	insert(x2)
	head(x2, "the only branch")
	y2 := c.extend(b1, spec{signer: o[2]})[0] // in turn: total 4
	insert(y2)
	head(y2, "a heavier sibling")
	x3 := c.extend(x2, spec{signer: o[1]})[0] // out of turn: total 4, a tie
	insert(x3)
	head(y2, "a tie keeps the first seen")
	if v.Final().Hash() != c.genesis.Hash() {
		t.Fatalf("final is block %v during a fork at block 2", v.Final().Number)
	}
	x4 := c.extend(x3, spec{signer: o[0]})[0] // out of turn: total 5
	insert(x4)
	head(x4, "a longer branch, heavier")
	if f := v.Final(); f.Hash() != x2.Hash() {
		t.Fatalf("final is block %v %s, want x2 (two below the head)", f.Number, f.Hash())
	}
	if n := v.Next(); n == nil || n.Hash() != b1.Hash() {
		t.Fatalf("next block to take is %v, want block 1", n)
	}
	// y2 was dropped with its branch: fed again, it would replace x2.
	if err := v.Insert(y2); !errors.Is(err, ErrDeepReorg) {
		t.Fatalf("re-feeding y2 after x2 is final: %v, want %v", err, ErrDeepReorg)
	}
	y3 := c.extend(y2, spec{signer: o[0]})[0]
	if err := v.Insert(y3); !errors.Is(err, ErrUnknownParent) {
		t.Fatalf("a child of the dropped y2: %v, want %v", err, ErrUnknownParent)
	}
	// A branch from the final block itself replaces nothing final.
	w3 := c.extend(x2, spec{signer: o[2]})[0]
	insert(w3)
	head(x4, "a lighter branch from the final block")
	if len(v.nodes) != 3 {
		t.Fatalf("%d unconfirmed blocks held, want x3, x4, w3", len(v.nodes))
	}
	// It grows heavier and takes over; finality follows it.
	w4 := c.extend(w3, spec{signer: o[1]})[0] // in turn: total 6
	insert(w4)
	head(w4, "the branch from the final block, now heavier")
	w5 := c.extend(w4, spec{signer: o[0]})[0]
	insert(w5)
	if f := v.Final(); f.Hash() != w3.Hash() {
		t.Fatalf("final is block %v, want w3", f.Number)
	}
	if _, ok := v.nodes[x3.Hash()]; ok {
		t.Fatal("x3 is still held after w3 became final")
	}
}

// TestMinorityCannotOutweighFinal plays the package doc's example: five
// signers, a majority of three sealing out of turn and a minority of two
// sealing in turn from the same fork point. Two in-turn blocks weigh as
// much as four out-of-turn ones, so three confirmations (N/2+1) would not
// do; the verifier uses MinConfirmations(5) = 4, by which time the
// minority, which can seal no third block, can no longer catch up.
func TestMinorityCannotOutweighFinal(t *testing.T) {
	c := newTestChain(t, 30000, "A", "B", "C", "D", "E")
	o := c.signerOrder("A", "B", "C", "D", "E") // block n is in turn for o[n%5]
	v := c.verifier(3)
	if v.Confirmations() != 4 {
		t.Fatalf("confirmations %d with 5 signers, want 4", v.Confirmations())
	}
	// The majority, out of turn at every block: weight 1 each.
	major := c.extend(c.genesis, sealers(o[0], o[3], o[4], o[0], o[3])...)
	for _, h := range major {
		if h.Difficulty.Uint64() != 1 {
			t.Fatalf("majority block %v has difficulty %v", h.Number, h.Difficulty)
		}
	}
	if err := v.Insert(major[:4]...); err != nil {
		t.Fatal(err)
	}
	if v.Final().Hash() != c.genesis.Hash() {
		t.Fatalf("final is block %v after 4 blocks; 4 confirmations", v.Final().Number)
	}
	// The minority, in turn at blocks 1 and 2: weight 4, a tie.
	minor := c.extend(c.genesis, sealers(o[1], o[2])...)
	if err := v.Insert(minor...); err != nil {
		t.Fatalf("the minority's branch within the window: %v", err)
	}
	if v.Head().Hash() != major[3].Hash() {
		t.Fatal("a tie moved the head")
	}
	// It cannot seal a third block: both its signers are recent.
	for _, s := range []string{o[1], o[2]} {
		if err := v.Insert(c.make(minor[1], spec{signer: s})); !errors.Is(err, ErrRecentlySigned) {
			t.Fatalf("minority signer sealing a third block: %v, want %v", err, ErrRecentlySigned)
		}
	}
	// The majority's fifth block makes its first final; the minority's
	// branch is gone and cannot come back.
	if err := v.Insert(major[4]); err != nil {
		t.Fatal(err)
	}
	if v.Final().Hash() != major[0].Hash() {
		t.Fatalf("final is block %v, want the majority's block 1", v.Final().Number)
	}
	if err := v.Insert(minor[0]); !errors.Is(err, ErrDeepReorg) {
		t.Fatalf("the minority's block 1 after the majority's is final: %v, want %v", err, ErrDeepReorg)
	}
}

// TestDeepReorgRefused: a branch that forks below the final block is
// refused at its first block, whatever its weight.
func TestDeepReorgRefused(t *testing.T) {
	c := newTestChain(t, 30000, "A", "B", "C")
	o := c.signerOrder("A", "B", "C")
	main := c.extend(c.genesis, sealers(o[0], o[1], o[0], o[1], o[0], o[1])...) // out of turn, in turn, ...
	v := c.verifier(2)
	if err := v.Insert(main...); err != nil {
		t.Fatal(err)
	}
	final := v.Final()
	if final.Number.Uint64() != 4 {
		t.Fatalf("final is block %v, want 4", final.Number)
	}
	// A heavier branch (in turn from its second block) from block 2.
	fork := c.extend(main[1], sealers(o[2], o[1], o[2], o[0], o[1], o[2])...)
	before := state(t, v)
	err := v.Insert(fork...)
	if !errors.Is(err, ErrDeepReorg) {
		t.Fatalf("a branch from block 2 with block 4 final: %v, want %v", err, ErrDeepReorg)
	}
	t.Log(err)
	if state(t, v) != before {
		t.Fatal("the refused branch changed the state")
	}
	// Its blocks above the final one have unknown parents.
	if err := v.Insert(fork[3:]...); !errors.Is(err, ErrUnknownParent) {
		t.Fatalf("the branch's blocks above the final one: %v, want %v", err, ErrUnknownParent)
	}
}

// TestTooManyHeaders: the headers held are bounded, final ones whose logs
// are not taken and unconfirmed ones alike.
func TestTooManyHeaders(t *testing.T) {
	c := newTestChain(t, 30000, "A", "B", "C")
	o := c.signerOrder("A", "B", "C")
	cfg := c.cfg(2)
	cfg.MaxHeaders = 6
	v, err := New(c.genesis, cfg)
	if err != nil {
		t.Fatal(err)
	}
	chain := c.extend(c.genesis, sealers(o[1], o[2], o[0], o[1], o[2], o[0], o[1], o[2])...)
	if err := v.Insert(chain[:6]...); err != nil {
		t.Fatal(err)
	}
	// Blocks 1-4 are final and untaken, 5-6 unconfirmed: 6 held.
	err = v.Insert(chain[6])
	if !errors.Is(err, ErrTooManyHeaders) {
		t.Fatalf("a seventh header: %v, want %v", err, ErrTooManyHeaders)
	}
	t.Log(err)
	if _, err := v.TakeLogs(v.Next().Hash(), nil, testContract); err != nil {
		t.Fatal(err)
	}
	if err := v.Insert(chain[6]); err != nil {
		t.Fatalf("after taking a block's logs: %v", err)
	}

	// Unconfirmed branches count too.
	cfg = c.cfg(4)
	cfg.MaxHeaders = 8
	if v, err = New(c.genesis, cfg); err != nil {
		t.Fatal(err)
	}
	if err := v.Insert(chain[:4]...); err != nil {
		t.Fatal(err)
	}
	parent := c.genesis
	for i := range 5 {
		// Siblings at block 1, each made different by its time.
		h := c.make(parent, spec{signer: o[0], mod: func(h *types.Header) { h.Time += uint64(i) }})
		err := v.Insert(h)
		if i < 4 && err != nil {
			t.Fatalf("sibling %d: %v", i, err)
		}
		if i == 4 && !errors.Is(err, ErrTooManyHeaders) {
			t.Fatalf("a ninth unconfirmed header: %v, want %v", err, ErrTooManyHeaders)
		}
	}
}
