package enclave

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// TestSubmitConcurrent: requests of several users submitted at once, each
// several times (a retrying client, a replaying host), end with one
// queued copy each; once ordered, every copy re-sent at once gets the
// recorded outcome; the queue's bound holds under a concurrent flood.
func TestSubmitConcurrent(t *testing.T) {
	n := setupNetwork(t, 2)
	e := n.encs[0]
	users := []*user{newUser(t), newUser(t), newUser(t), newUser(t)}
	n.command(users[0], 0, "init", `{"supply":"400"}`)
	for _, u := range users[1:] {
		n.command(users[0], 0, "transfer", fmt.Sprintf(`{"to":%q,"amount":"100"}`, u.addr().Hex()))
	}
	var cmds []*sentCommand
	var sealed [][]byte
	for _, u := range users {
		for range 8 {
			c := u.sign(t, "burn", `{"amount":"1"}`)
			cmds = append(cmds, c)
			for range 3 {
				sealed = append(sealed, c.to(t, e))
			}
		}
	}
	submitAll := func(reqs [][]byte) []error {
		rand.Shuffle(len(reqs), func(i, j int) { reqs[i], reqs[j] = reqs[j], reqs[i] })
		errs := make([]error, len(reqs))
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := g; i < len(reqs); i += 8 {
					_, errs[i] = e.Submit(reqs[i])
				}
			})
		}
		wg.Wait()
		return errs
	}
	for _, err := range submitAll(sealed) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if p := e.Status().Pending; p != len(cmds) {
		t.Fatalf("%d queued, want %d (one copy each)", p, len(cmds))
	}
	e.TakeOutcomes()
	n.flush(e)
	first := e.TakeOutcomes()
	if len(first) != len(cmds) {
		t.Fatalf("%d outcomes, want %d", len(first), len(cmds))
	}
	// The queue's order is the order of arrival, so a later counter may
	// overtake an earlier one (which then fails): each balance is what
	// its applied burns left.
	burnt := map[common.Address]int{}
	for i, c := range cmds {
		o, ordered, ok := c.outcomeIn(t, first)
		if !ok || !ordered {
			t.Fatalf("no outcome for command %d", i)
		}
		if o.OK {
			burnt[users[i/8].addr()]++
		}
	}
	for _, u := range users {
		if got, want := n.query(u, 1, "balance", `{}`), fmt.Sprint(100-burnt[u.addr()]); got != want || burnt[u.addr()] == 0 {
			t.Fatalf("balance %s, want %s", got, want)
		}
	}
	// Every copy again, now that all are decided: each is answered with
	// its outcome, and nothing is queued.
	var again [][]byte
	for _, c := range cmds {
		again = append(again, c.to(t, e), c.to(t, e))
	}
	for _, err := range submitAll(again) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if s := e.Status(); s.Pending != 0 {
		t.Fatalf("%d queued after re-sends", s.Pending)
	}
	outs := e.TakeOutcomes()
	if len(outs) != len(again) {
		t.Fatalf("%d outcomes for %d re-sends", len(outs), len(again))
	}
	for _, c := range cmds {
		want, _, _ := c.outcomeIn(t, first)
		if o, ordered, ok := c.outcomeIn(t, outs); !ok || !ordered || o != want {
			t.Fatalf("re-sent command answered %+v (ordered %v, found %v), first %+v", o, ordered, ok, want)
		}
	}

	// The bound: 20 places left, 60 distinct requests at once.
	e.mu.Lock()
	for i := range maxPending - 20 {
		if err := e.st.enqueue(common.Hash{9, byte(i >> 8), byte(i)}, msgRequest, []byte{1}, &wire.RequestBody{ReplyKey: make([]byte, 32)}); err != nil {
			t.Fatal(err)
		}
	}
	e.mu.Unlock()
	var flood [][]byte
	for i := range 60 {
		flood = append(flood, users[i%len(users)].sign(t, "burn", `{"amount":"1"}`).to(t, e))
	}
	accepted, full := 0, 0
	for _, err := range submitAll(flood) {
		switch {
		case err == nil:
			accepted++
		case errors.Is(err, ErrQueueFull):
			full++
		default:
			t.Fatal(err)
		}
	}
	if accepted != 20 || full != 40 || e.Status().Pending != maxPending {
		t.Fatalf("%d accepted, %d refused as full, %d queued; want 20, 40, %d", accepted, full, e.Status().Pending, maxPending)
	}
}

// outcomeIn finds c's outcome among outs.
func (c *sentCommand) outcomeIn(t testing.TB, outs []Outcome) (out wire.Outcome, ordered, found bool) {
	t.Helper()
	for _, o := range outs {
		if o.ID != c.id {
			continue
		}
		pt, err := wire.OpenOutcome(c.reply, c.id, o.Sealed)
		ordered = err == nil
		if err != nil {
			if pt, err = wire.OpenRefusal(c.reply, c.id, o.Sealed); err != nil {
				t.Fatal(err)
			}
		}
		if err := json.Unmarshal(pt, &out); err != nil {
			t.Fatal(err)
		}
		return out, ordered, true
	}
	return wire.Outcome{}, false, false
}

// TestResendToUnsealableKey: a decided command re-sent with a reply key
// nothing can be sealed to (a low-order X25519 point) goes on to the
// checks of a request the enclave does not know: refused for its counter,
// with no sealed reason.
func TestResendToUnsealableKey(t *testing.T) {
	n := setupNetwork(t, 1)
	e := n.encs[0]
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"5"}`)
	alice.counter++
	body := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: testChain, Contract: testContract, From: alice.addr(),
		Counter: alice.counter, App: erc20abi.Name, Function: "burn", Args: json.RawMessage(`{"amount":"1"}`), ReplyKey: make([]byte, 32)}
	signed, err := wire.SignRequest(body, func(d []byte) ([]byte, error) { return crypto.Sign(d, alice.key) })
	if err != nil {
		t.Fatal(err)
	}
	submit := func() error {
		sealed, err := wire.SealRequest(e.Info().RequestKey, testChain, testContract, signed)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.Submit(sealed)
		return err
	}
	if err := submit(); err != nil {
		t.Fatal(err)
	}
	n.flush(e)
	if got := n.query(alice, 0, "balance", `{}`); got != "4" {
		t.Fatalf("balance %s, want 4", got)
	}
	err = submit()
	var r *Refusal
	if !errors.Is(err, ErrStaleCounter) || !errors.As(err, &r) || r.Sealed != nil || r.ID != wire.RequestID(signed.Body) {
		t.Fatalf("re-send: %v (%s), want a stale-counter refusal with nothing sealed", err, fmt.Sprintf("%+v", r))
	}
	if s := e.Status(); s.Pending != 0 || len(e.TakeOutcomes()) != 0 {
		t.Fatalf("re-send queued or delivered something: %+v", s)
	}
}
