package voting

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	rt "github.com/anonify-go/anonify/enclave/runtime"
)

var (
	owner   = common.HexToAddress("0x0e")
	alice   = common.HexToAddress("0xa11ce")
	bob     = common.HexToAddress("0xb0b")
	charlie = common.HexToAddress("0xc4a2")
	mallory = common.HexToAddress("0x3a11") // not eligible
)

// harness applies commands at a ledger block of the test's choosing and
// runs queries as of a block: the app's only clock.
type harness struct {
	t        *testing.T
	e        *rt.Engine
	counters map[common.Address]uint64
	block    uint64
}

func newHarness(t *testing.T) *harness {
	e, err := rt.NewEngine(rt.NewStore(), New())
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, e: e, counters: map[common.Address]uint64{}, block: 10}
}

func (h *harness) do(from common.Address, fn, args string) rt.Result {
	h.counters[from]++
	return h.e.Apply(rt.Position{Block: h.block, Index: 1}, from, h.counters[from], Name, fn, json.RawMessage(args))
}

func (h *harness) must(from common.Address, fn, args string) {
	h.t.Helper()
	if r := h.do(from, fn, args); !r.OK {
		h.t.Fatalf("%s %s: %s", fn, args, r.Reason)
	}
}

func (h *harness) rejected(from common.Address, fn, args, want string) string {
	h.t.Helper()
	r := h.do(from, fn, args)
	if r.OK || !strings.Contains(r.Reason, want) {
		h.t.Fatalf("%s %s: ok=%v %q, want rejection %q", fn, args, r.OK, r.Reason, want)
	}
	return r.Reason
}

// query returns the JSON result, or "error: reason".
func (h *harness) query(from common.Address, fn, args string) string {
	out, err := h.e.Query(rt.Position{Block: h.block}, from, Name, fn, json.RawMessage(args))
	if err != nil {
		return "error: " + err.Error()
	}
	return string(out)
}

func addrs(as ...common.Address) string {
	q := make([]string, len(as))
	for i, a := range as {
		q[i] = `"` + a.Hex() + `"`
	}
	return "[" + strings.Join(q, ",") + "]"
}

// newPoll opens "lunch" (pizza, sushi, salad) for alice, bob and charlie,
// closing at block 20.
func newPoll(t *testing.T) *harness {
	h := newHarness(t)
	h.must(owner, "create", fmt.Sprintf(`{"poll":"lunch","options":["pizza","sushi","salad"],"voters":%s,"close":20}`, addrs(alice, bob, charlie)))
	return h
}

func vote(option string) string { return fmt.Sprintf(`{"poll":"lunch","option":%q}`, option) }

const lunch = `{"poll":"lunch"}`

// TestPollRules is the list: an ineligible voter, a double vote
// (a change of ballot), a vote after the close, the tally refused before
// the close and exact after it, and voters checking their own ballots.
func TestPollRules(t *testing.T) {
	h := newPoll(t)

	// Ineligible voter: refused, and nothing about the poll's ballots.
	reason := h.rejected(mallory, "vote", vote("pizza"), "not eligible")
	if strings.Contains(reason, "pizza") || strings.Contains(reason, "1") {
		t.Fatalf("ineligible voter's rejection %q says more than that", reason)
	}

	h.must(alice, "vote", vote("pizza"))
	h.must(bob, "vote", vote("sushi"))
	h.block = 15
	// Double vote: a change of ballot, counted once.
	h.must(alice, "vote", vote("sushi"))
	h.must(alice, "vote", vote("sushi"))
	h.rejected(charlie, "vote", vote("pasta"), `has no option "pasta"`)

	// Before the close nobody reads the tally, the owner included, and
	// nobody reads another voter's ballot.
	for _, who := range []common.Address{owner, alice, bob, charlie} {
		if got := h.query(who, "tally", lunch); !strings.Contains(got, "error: poll \"lunch\" is open until block 20") {
			t.Fatalf("tally before the close for %s: %s", who.Hex(), got)
		}
	}
	if got := h.query(mallory, "tally", lunch); got != `error: no poll "lunch" that you may read` {
		t.Fatalf("ineligible reader: %s", got)
	}
	if got := h.query(owner, "ballot", lunch); got != `{"poll":"lunch","voted":false,"final":false}` {
		t.Fatalf("the owner (not a voter) reads a ballot: %s", got)
	}

	// Each voter checks their own ballot, as last cast.
	if got := h.query(alice, "ballot", lunch); got != `{"poll":"lunch","voted":true,"option":"sushi","block":15,"final":false}` {
		t.Fatalf("alice's ballot: %s", got)
	}
	if got := h.query(charlie, "ballot", lunch); got != `{"poll":"lunch","voted":false,"final":false}` {
		t.Fatalf("charlie's ballot before voting: %s", got)
	}

	// The last block before the close still counts.
	h.block = 19
	h.must(charlie, "vote", vote("salad"))

	// Vote after the close: refused, counted nowhere.
	h.block = 20
	h.rejected(bob, "vote", vote("pizza"), `poll "lunch" closed at block 20`)
	h.rejected(charlie, "vote", vote("pizza"), "closed at block 20")
	h.rejected(owner, "add_voters", fmt.Sprintf(`{"poll":"lunch","voters":%s}`, addrs(mallory)), "closed at block 20")

	// Tally after the close: exact, the same for every eligible reader.
	want := `{"poll":"lunch","close":20,"voters":3,"ballots":3,"results":[{"option":"pizza","votes":0},{"option":"sushi","votes":2},{"option":"salad","votes":1}]}`
	for _, who := range []common.Address{owner, alice, bob, charlie} {
		if got := h.query(who, "tally", lunch); got != want {
			t.Fatalf("tally for %s:\n%s\nwant\n%s", who.Hex(), got, want)
		}
	}
	if got := h.query(mallory, "tally", lunch); !strings.HasPrefix(got, "error: no poll") {
		t.Fatalf("ineligible reader after the close: %s", got)
	}
	// Voters check that their ballots were counted as cast.
	for who, want := range map[common.Address]string{
		alice:   `{"poll":"lunch","voted":true,"option":"sushi","block":15,"final":true}`,
		bob:     `{"poll":"lunch","voted":true,"option":"sushi","block":10,"final":true}`,
		charlie: `{"poll":"lunch","voted":true,"option":"salad","block":19,"final":true}`,
	} {
		if got := h.query(who, "ballot", lunch); got != want {
			t.Fatalf("ballot of %s: %s, want %s", who.Hex(), got, want)
		}
	}
	if got := h.query(bob, "poll", lunch); got != fmt.Sprintf(`{"poll":"lunch","owner":"%s","options":["pizza","sushi","salad"],"voters":3,"close":20,"closed":true,"block":20}`, strings.ToLower(owner.Hex())) {
		t.Fatalf("poll info: %s", got)
	}
}

// TestRejectionsRevealNoBallots: whatever a caller tries, the reason it
// gets is the same whichever ballots were cast.
func TestRejectionsRevealNoBallots(t *testing.T) {
	probes := []struct {
		from     common.Address
		kind, fn string
		args     string
	}{
		{mallory, "command", "vote", vote("pizza")},
		{charlie, "command", "vote", vote("pasta")},
		{owner, "command", "vote", vote("pizza")},
		{alice, "command", "add_voters", `{"poll":"lunch","voters":[]}`},
		{owner, "query", "tally", lunch},
		{alice, "query", "tally", lunch},
		{mallory, "query", "poll", lunch},
		{mallory, "query", "ballot", lunch},
	}
	reasons := func(ballots map[common.Address]string) []string {
		h := newPoll(t)
		for who, o := range ballots {
			h.must(who, "vote", vote(o))
		}
		var out []string
		for _, p := range probes {
			if p.kind == "command" {
				r := h.do(p.from, p.fn, p.args)
				if r.OK {
					t.Fatalf("%s %s accepted", p.fn, p.args)
				}
				out = append(out, r.Reason)
			} else {
				out = append(out, h.query(p.from, p.fn, p.args))
			}
		}
		return out
	}
	a := reasons(map[common.Address]string{alice: "pizza", bob: "pizza"})
	b := reasons(map[common.Address]string{alice: "salad"})
	c := reasons(nil)
	for i := range probes {
		if a[i] != b[i] || b[i] != c[i] {
			t.Errorf("%s by %s depends on the ballots: %q / %q / %q", probes[i].fn, probes[i].from.Hex(), a[i], b[i], c[i])
		}
	}
}

func TestCreateAndAddVoters(t *testing.T) {
	h := newHarness(t)
	create := func(poll, options, voters string, close int) string {
		return fmt.Sprintf(`{"poll":%q,"options":%s,"voters":%s,"close":%d}`, poll, options, voters, close)
	}
	tests := []struct {
		name, args, reason string
	}{
		{"one option", create("p", `["a"]`, addrs(alice), 20), "needs 2 to 32 options, got 1"},
		{"duplicate option", create("p", `["a","b","a"]`, addrs(alice), 20), `option "a" is listed twice`},
		{"empty option", create("p", `["a",""]`, addrs(alice), 20), "option must be 1 to 64 bytes"},
		{"empty name", create("", `["a","b"]`, addrs(alice), 20), "poll name must be 1 to 64 bytes"},
		{"no voters", create("p", `["a","b"]`, `[]`, 20), "at least one eligible voter"},
		{"zero voter", create("p", `["a","b"]`, addrs(common.Address{}), 20), "invalid voter: the zero address"},
		{"duplicate voter", create("p", `["a","b"]`, addrs(alice, alice), 20), "listed twice"},
		{"close in the past", create("p", `["a","b"]`, addrs(alice), 10), "closing block 10 is not after this command's block 10"},
		{"unknown field", `{"poll":"p","options":["a","b"],"voters":[],"close":20,"x":1}`, "invalid arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.rejected(owner, "create", tt.args, tt.reason)
		})
	}
	h.must(owner, "create", create("p", `["a","b"]`, addrs(alice), 20))
	h.rejected(bob, "create", create("p", `["a","b"]`, addrs(bob), 30), `poll "p" already exists`)
	h.rejected(alice, "add_voters", `{"poll":"p","voters":`+addrs(bob)+`}`, "not the owner")
	h.rejected(alice, "vote", `{"poll":"q","option":"a"}`, `no poll "q"`)
	h.rejected(bob, "vote", `{"poll":"p","option":"a"}`, "not eligible")
	h.must(owner, "add_voters", `{"poll":"p","voters":`+addrs(alice, bob)+`}`) // alice already eligible: once
	h.must(bob, "vote", `{"poll":"p","option":"b"}`)
	if got := h.query(alice, "poll", `{"poll":"p"}`); !strings.Contains(got, `"voters":2,"close":20,"closed":false,"block":10`) {
		t.Fatalf("poll info: %s", got)
	}
	h.block = 20
	if got := h.query(bob, "tally", `{"poll":"p"}`); got != `{"poll":"p","close":20,"voters":2,"ballots":1,"results":[{"option":"a","votes":0},{"option":"b","votes":1}]}` {
		t.Fatalf("tally: %s", got)
	}
}

// BenchmarkVote: one ballot change in the runtime alone (compare with
// erc20's BenchmarkTransfer).
func BenchmarkVote(b *testing.B) {
	e, _ := rt.NewEngine(rt.NewStore(), New())
	create := fmt.Sprintf(`{"poll":"lunch","options":["pizza","sushi","salad"],"voters":%s,"close":1000000}`, addrs(alice, bob, charlie))
	if r := e.Apply(rt.Position{Block: 1}, owner, 1, Name, "create", json.RawMessage(create)); !r.OK {
		b.Fatal(r.Reason)
	}
	args := []json.RawMessage{json.RawMessage(vote("pizza")), json.RawMessage(vote("sushi"))}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := e.Apply(rt.Position{Block: 2}, alice, uint64(i+1), Name, "vote", args[i%2]); !r.OK {
			b.Fatal(r.Reason)
		}
	}
}
