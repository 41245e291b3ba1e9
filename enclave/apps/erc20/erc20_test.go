package erc20

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	rt "github.com/anonify-go/anonify/enclave/runtime"
)

var (
	alice   = common.HexToAddress("0xa11ce")
	bob     = common.HexToAddress("0xb0b")
	charlie = common.HexToAddress("0xc4a2")
)

type harness struct {
	t        *testing.T
	e        *rt.Engine
	counters map[common.Address]uint64
}

func newHarness(t *testing.T) *harness {
	e, err := rt.NewEngine(rt.NewStore(), New())
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, e: e, counters: map[common.Address]uint64{}}
}

func (h *harness) do(from common.Address, fn string, args string) rt.Result {
	h.counters[from]++
	return h.e.Apply(rt.Position{}, from, h.counters[from], Name, fn, json.RawMessage(args))
}

func (h *harness) query(from common.Address, fn, args string) string {
	out, err := h.e.Query(rt.Position{}, from, Name, fn, json.RawMessage(args))
	if err != nil {
		return "error: " + err.Error()
	}
	var s string
	if err := json.Unmarshal(out, &s); err != nil {
		h.t.Fatalf("%s result %s: %v", fn, out, err)
	}
	return s
}

func addr(a common.Address) string { return `"` + a.Hex() + `"` }

// TestWalkthrough is the walkthrough at the runtime level.
func TestWalkthrough(t *testing.T) {
	h := newHarness(t)
	steps := []struct {
		from       common.Address
		fn, args   string
		wantReason string // empty: must succeed
	}{
		{alice, "init", `{"supply":"100"}`, ""},
		{alice, "transfer", fmt.Sprintf(`{"to":%s,"amount":"30"}`, addr(bob)), ""},
		{bob, "transfer", fmt.Sprintf(`{"to":%s,"amount":"110"}`, addr(charlie)), "insufficient balance: have 30, need 110"},
		{alice, "approve", fmt.Sprintf(`{"spender":%s,"amount":"30"}`, addr(bob)), ""},
		{bob, "transfer_from", fmt.Sprintf(`{"owner":%s,"to":%s,"amount":"20"}`, addr(alice), addr(charlie)), ""},
		{alice, "mint", fmt.Sprintf(`{"to":%s,"amount":"50"}`, addr(bob)), ""},
		{bob, "mint", fmt.Sprintf(`{"to":%s,"amount":"50"}`, addr(bob)), "not the owner"},
		{bob, "burn", `{"amount":"20"}`, ""},
		{alice, "transfer", fmt.Sprintf(`{"to":%s,"amount":"10"}`, addr(alice)), ""},
		{alice, "init", `{"supply":"100"}`, "already initialised"},
		{charlie, "transfer_from", fmt.Sprintf(`{"owner":%s,"to":%s,"amount":"11"}`, addr(alice), addr(charlie)), "insufficient allowance"},
		{alice, "transfer", `{"to":"0x1","amount":"1","extra":1}`, "invalid arguments"},
		{alice, "transfer", `{"to":"0x0000000000000000000000000000000000000001"}`, "amount is required"},
	}
	for i, s := range steps {
		r := h.do(s.from, s.fn, s.args)
		if s.wantReason == "" && !r.OK {
			t.Fatalf("step %d %s: rejected: %s", i, s.fn, r.Reason)
		}
		if s.wantReason != "" {
			if r.OK || !strings.Contains(r.Reason, s.wantReason) {
				t.Fatalf("step %d %s: got ok=%v %q, want rejection %q", i, s.fn, r.OK, r.Reason, s.wantReason)
			}
		}
	}
	want := map[common.Address]string{alice: "50", bob: "60", charlie: "20"}
	for a, w := range want {
		if got := h.query(a, "balance", `{}`); got != w {
			t.Errorf("balance of %s = %s, want %s", a.Hex(), got, w)
		}
	}
	if got := h.query(bob, "total_supply", `{}`); got != "130" {
		t.Errorf("total supply = %s, want 130", got)
	}
	if got := h.query(bob, "allowance", fmt.Sprintf(`{"owner":%s,"spender":%s}`, addr(alice), addr(bob))); got != "10" {
		t.Errorf("allowance = %s, want 10", got)
	}
	if got := h.query(charlie, "allowance", fmt.Sprintf(`{"owner":%s,"spender":%s}`, addr(alice), addr(bob))); !strings.Contains(got, "access denied") {
		t.Errorf("charlie read alice's allowance to bob: %s", got)
	}
}

func TestRejectionChangesOnlyCounter(t *testing.T) {
	h := newHarness(t)
	if r := h.do(alice, "init", `{"supply":"5"}`); !r.OK {
		t.Fatal(r.Reason)
	}
	bal := h.query(alice, "balance", `{}`)
	if r := h.do(alice, "transfer", fmt.Sprintf(`{"to":%s,"amount":"6"}`, addr(bob))); r.OK {
		t.Fatal("overdraft accepted")
	}
	if got := h.query(alice, "balance", `{}`); got != bal {
		t.Fatalf("balance changed by a rejected command: %s -> %s", bal, got)
	}
	if got := h.query(bob, "balance", `{}`); got != "0" {
		t.Fatalf("bob got %s from a rejected command", got)
	}
	if h.e.Counter(alice) != 2 {
		t.Fatalf("counter = %d, want 2 (rejected commands consume their counter)", h.e.Counter(alice))
	}
}

func TestReplayedCounterRejected(t *testing.T) {
	h := newHarness(t)
	if r := h.e.Apply(rt.Position{}, alice, 5, Name, "init", json.RawMessage(`{"supply":"1"}`)); !r.OK {
		t.Fatal(r.Reason)
	}
	for _, c := range []uint64{5, 4, 0} {
		r := h.e.Apply(rt.Position{}, alice, c, Name, "burn", json.RawMessage(`{"amount":"1"}`))
		if r.OK || !strings.Contains(r.Reason, "bad counter") {
			t.Fatalf("counter %d: got ok=%v %q", c, r.OK, r.Reason)
		}
	}
	if got := h.query(alice, "balance", `{}`); got != "1" {
		t.Fatalf("balance %s after replays, want 1", got)
	}
}

func TestOverflowChecked(t *testing.T) {
	h := newHarness(t)
	max := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	if r := h.do(alice, "init", `{"supply":"`+max+`"}`); !r.OK {
		t.Fatal(r.Reason)
	}
	if r := h.do(alice, "mint", fmt.Sprintf(`{"to":%s,"amount":"1"}`, addr(bob))); r.OK || !strings.Contains(r.Reason, "overflow") {
		t.Fatalf("mint past 2^256-1: ok=%v %q", r.OK, r.Reason)
	}
}

func BenchmarkTransfer(b *testing.B) {
	e, _ := rt.NewEngine(rt.NewStore(), New())
	e.Apply(rt.Position{}, alice, 1, Name, "init", json.RawMessage(`{"supply":"1000000000000"}`))
	args := json.RawMessage(fmt.Sprintf(`{"to":%s,"amount":"1"}`, addr(bob)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := e.Apply(rt.Position{}, alice, uint64(i+2), Name, "transfer", args); !r.OK {
			b.Fatal(r.Reason)
		}
	}
}

// TestRejectionsRevealNothingOfOthers plays callers probing someone else's
// account: a rejection's reason (sealed to the caller) may describe the
// caller's own state, never another account's balance or the owner's
// address.
func TestRejectionsRevealNothingOfOthers(t *testing.T) {
	h := newHarness(t)
	const secret = "987654321" // alice's balance, which nobody else may learn
	if r := h.do(alice, "init", `{"supply":"`+secret+`"}`); !r.OK {
		t.Fatal(r.Reason)
	}
	huge := "57896044618658097711785492504343953926634992332820282019728792003956564819968" // 2^255
	if r := h.do(alice, "approve", fmt.Sprintf(`{"spender":%s,"amount":%q}`, addr(bob), huge)); !r.OK {
		t.Fatal(r.Reason)
	}
	tests := []struct {
		name       string
		from       common.Address
		fn, args   string
		wantReason string
	}{
		{"spender moves more than the owner has", bob, "transfer_from", fmt.Sprintf(`{"owner":%s,"to":%s,"amount":"987654322"}`, addr(alice), addr(charlie)), "insufficient balance: the owner's balance is below 987654322"},
		{"spender moves more than its allowance", charlie, "transfer_from", fmt.Sprintf(`{"owner":%s,"to":%s,"amount":"1"}`, addr(alice), addr(charlie)), "insufficient allowance: have 0, need 1"},
		{"non-owner mints", bob, "mint", fmt.Sprintf(`{"to":%s,"amount":"1"}`, addr(bob)), "not the owner: only the token's owner may mint"},
		{"caller overdraws its own balance", bob, "transfer", fmt.Sprintf(`{"to":%s,"amount":"1"}`, addr(alice)), "insufficient balance: have 0, need 1"},
		{"caller burns more than it has", charlie, "burn", `{"amount":"1"}`, "insufficient balance: have 0, need 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do(tt.from, tt.fn, tt.args)
			if r.OK || r.Reason != tt.wantReason {
				t.Fatalf("ok=%v reason %q, want rejection %q", r.OK, r.Reason, tt.wantReason)
			}
			for _, leak := range []string{secret, alice.Hex(), strings.ToLower(alice.Hex()[2:])} {
				if strings.Contains(r.Reason, leak) {
					t.Fatalf("reason %q reveals %s", r.Reason, leak)
				}
			}
		})
	}
}
