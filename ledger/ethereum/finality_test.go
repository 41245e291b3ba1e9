package ethereum

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger"
)

// TestConfirmations: with n confirmations, Events reports a block's events
// only once n blocks are on top of it, and a block it reported that the
// chain has since replaced stops it with ledger.ErrReorg.
func TestConfirmations(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	from, err := n.host.DeployedAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n.host.SetConfirmations(2)
	registered := func() int {
		t.Helper()
		evs, _, err := n.host.Events(ctx, from)
		if err != nil {
			t.Fatal(err)
		}
		c := 0
		for _, e := range evs {
			if e.Registered != nil {
				c++
			}
		}
		return c
	}
	register := func() {
		t.Helper()
		e := newEnclave(t)
		if err := n.host.Register(ctx, e.registration(t, n.host)); err != nil {
			t.Fatal(err)
		}
	}
	register() // block b: not final yet
	if c := registered(); c != 0 {
		t.Fatalf("%d registrations reported with 0 blocks on top, want 0", c)
	}
	register() // b+1
	if c := registered(); c != 0 {
		t.Fatalf("%d registrations reported with 1 block on top, want 0", c)
	}
	register() // b+2: b has two on top
	if c := registered(); c != 1 {
		t.Fatalf("%d registrations reported with 2 blocks on top, want 1", c)
	}
	// The chain now says the last reported block is another one.
	n.host.finality.mu.Lock()
	n.host.finality.hash = common.Hash{1}
	n.host.finality.mu.Unlock()
	if _, _, err := n.host.Events(ctx, from); !errors.Is(err, ledger.ErrReorg) {
		t.Fatalf("Events after a replaced block: %v, want ledger.ErrReorg", err)
	}
}
