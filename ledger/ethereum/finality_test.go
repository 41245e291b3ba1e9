package ethereum

import (
	"errors"
	"strings"
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
	// The chain now says the last reported block is another one; the
	// block of the last events reported is still the chain's.
	f := &n.host.finality
	f.mu.Lock()
	f.hash = common.Hash{1}
	reported, evBlock := f.reported, f.eventsBlock
	f.mu.Unlock()
	_, _, err = n.host.Events(ctx, from)
	var re *ledger.ReorgError
	if !errors.Is(err, ledger.ErrReorg) || !errors.As(err, &re) {
		t.Fatalf("Events after a replaced block: %v, want a *ledger.ReorgError", err)
	}
	if re.Block != reported || re.Was != (common.Hash{1}) || re.Confirmations != 2 || re.EventsBlock != evBlock || evBlock == 0 || re.EventsReplaced {
		t.Fatalf("reorg error %+v (reported %d, events in %d)", re, reported, evBlock)
	}
	if msg := err.Error(); !strings.Contains(msg, "its state is intact") || !strings.Contains(msg, "Restart it with more confirmations") {
		t.Errorf("message for a reorg that replaced no applied event: %s", msg)
	}
	// The block of the last events reported was replaced too.
	f.mu.Lock()
	f.eventsHash = common.Hash{2}
	f.mu.Unlock()
	_, _, err = n.host.Events(ctx, from)
	if !errors.As(err, &re) || !re.EventsReplaced {
		t.Fatalf("Events after the events' block was replaced: %v, want EventsReplaced", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "Do not restart it on this data directory") {
		t.Errorf("message for a reorg that replaced applied events: %s", msg)
	}
}
