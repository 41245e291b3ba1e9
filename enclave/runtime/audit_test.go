package runtime_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/anonify-go/anonify/enclave/apps/erc20"
	"github.com/anonify-go/anonify/enclave/apps/voting"
	rt "github.com/anonify-go/anonify/enclave/runtime"
)

var (
	alice   = common.Address{0xa1}
	bob     = common.Address{0xb2}
	charlie = common.Address{0xc3}
)

// js is the JSON of v, as an auditor reads it.
func js(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// vault is a test app: a value slot, a map slot with deletions, and a
// command whose argument type nests addresses in every way Named walks.
type vaultInner struct {
	Who  *common.Address `json:"who"`
	Tags []string        `json:"tags"`
}

type vaultPutArgs struct {
	Holder common.Address            `json:"holder"`
	Amount *uint256.Int              `json:"amount"`
	Inner  vaultInner                `json:"inner"`
	More   []*vaultInner             `json:"more"`
	ByName map[string]common.Address `json:"by_name"`
	Fixed  [2]common.Address         `json:"fixed"`
}

func vaultApp() *rt.App {
	app := rt.NewApp("vault")
	admin := rt.NewValue(app, "admin", rt.Address)
	held := rt.NewMap(app, "held", rt.Address, rt.U256)
	rt.Command(app, "put", func(ctx *rt.Ctx, a vaultPutArgs) error {
		if err := admin.Set(ctx, ctx.Sender); err != nil {
			return err
		}
		return held.Set(ctx, a.Holder, a.Amount)
	})
	rt.Command(app, "del", func(ctx *rt.Ctx, a struct {
		Holder common.Address `json:"holder"`
	}) error {
		return held.Delete(ctx, a.Holder)
	})
	return app
}

type step struct {
	from          common.Address
	app, fn, args string
}

func transfer(to common.Address, amount string) string {
	return fmt.Sprintf(`{"to":%s,"amount":%q}`, js(to), amount)
}

func approve(spender common.Address, amount string) string {
	return fmt.Sprintf(`{"spender":%s,"amount":%q}`, js(spender), amount)
}

func transferFrom(owner, to common.Address, amount string) string {
	return fmt.Sprintf(`{"owner":%s,"to":%s,"amount":%q}`, js(owner), js(to), amount)
}

// goldenSteps is a fixed history over erc20, voting and vault. Its write
// digests and final state digest were computed before Result.Written and
// the auditor API existed, and must never change.
var goldenSteps = []step{
	{alice, "erc20", "init", `{"supply":"1000000"}`},
	{alice, "erc20", "transfer", transfer(bob, "250")},
	{alice, "erc20", "approve", approve(charlie, "400")},
	{charlie, "erc20", "transfer_from", transferFrom(alice, bob, "150")},
	{bob, "erc20", "transfer", transfer(charlie, "999999")}, // rejected: bob has 400
	{alice, "erc20", "mint", transfer(charlie, "7")},
	{bob, "erc20", "burn", `{"amount":"50"}`},
	{alice, "voting", "create", fmt.Sprintf(`{"poll":"p","options":["x","y"],"voters":[%s,%s],"close":100}`, js(bob), js(charlie))},
	{bob, "voting", "vote", `{"poll":"p","option":"y"}`},
	{alice, "vault", "put", fmt.Sprintf(`{"holder":%s,"amount":"5"}`, js(bob))},
	{alice, "vault", "put", fmt.Sprintf(`{"holder":%s,"amount":"6"}`, js(charlie))},
	{alice, "vault", "del", fmt.Sprintf(`{"holder":%s}`, js(bob))},
}

var goldenWrites = []string{
	"ba58600273cb79f809297b02c71bb369ee2d3d534d0e9800a610cd12d56f7bd3",
	"7bc3ef794b17a39e947e31dceb7fdf05487ece5e95545830ce8d52106ecd11ed",
	"d8a52a2f9f21ab02e420f8b2a015c903ae4ddc8b1c7b504c55360d19b3340786",
	"3576bf84f25c5cb6ae239c8701b9994b971704a244f31111d493b63a3db4bcbf",
	"0000000000000000000000000000000000000000000000000000000000000000",
	"51088c525e6d69b58295990932236ef69df83384b4bc0dd92770ae64b78bd72a",
	"67ffd002c462130a34e56a3da5722634b3a37ef6c96ce96ed5cceffc06047c88",
	"b3e0126c5bc5ba731c4c25f17ebdf48990d2bdd45322285662d05b68b4fdced6",
	"b1aa69601b46639278219d7540ac396dfa79cd5b6f67eeaee2b7ff5763d654bf",
	"5633e116430083ee40cf58a4bb4adeefc0b4673ad8408dcde0c85a4b83041f92",
	"c36caeb701c43211d151352ca9e0ac73855f0b0ab6c865b5095b7bc3d4528e82",
	"bfbbe8d5932ddb97c482fc910aa9e9c964f92df54319eff66a095073c91d08ea",
}

const goldenDigest = "807fbb1f11d8915ccf6367d962aee2e00e6790325da0c9fcc2823060eb94c857"

func newEngine(t testing.TB) *rt.Engine {
	t.Helper()
	e, err := rt.NewEngine(rt.NewStore(), erc20.New(), voting.New(), vaultApp())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// player applies steps with each sender's next counter.
type player struct {
	t   testing.TB
	e   *rt.Engine
	ctr map[common.Address]uint64
	n   uint64
}

func newPlayer(t testing.TB) *player {
	return &player{t: t, e: newEngine(t), ctr: map[common.Address]uint64{}}
}

func (p *player) apply(s step) rt.Result {
	p.ctr[s.from]++
	r := p.e.Apply(rt.Position{Block: 5, Index: p.n}, s.from, p.ctr[s.from], s.app, s.fn, json.RawMessage(s.args))
	p.n++
	return r
}

func (p *player) must(s step) rt.Result {
	p.t.Helper()
	r := p.apply(s)
	if !r.OK {
		p.t.Fatalf("%s.%s: %s", s.app, s.fn, r.Reason)
	}
	return r
}

// writeDigest recomputes Result.Writes from Result.Written the way the
// store digests a write set, so Written is shown to be exactly that set.
func writeDigest(ws []rt.Write) [32]byte {
	if ws == nil {
		return [32]byte{}
	}
	h := sha256.New()
	for _, w := range ws {
		var hdr [9]byte
		binary.BigEndian.PutUint32(hdr[:4], uint32(len(w.Key)))
		if w.Value == nil {
			hdr[4] = 1
		}
		binary.BigEndian.PutUint32(hdr[5:], uint32(len(w.Value)))
		h.Write(hdr[:])
		h.Write([]byte(w.Key))
		h.Write(w.Value)
	}
	return [32]byte(h.Sum(nil))
}

// TestStateDigestUnchanged replays the golden history: every write digest
// and the final state digest are the ones from before Written existed,
// and Written is exactly the digested write set, sorted, without the
// counter, nil when rejected.
func TestStateDigestUnchanged(t *testing.T) {
	p := newPlayer(t)
	for i, s := range goldenSteps {
		r := p.apply(s)
		if got := hex.EncodeToString(r.Writes[:]); got != goldenWrites[i] {
			t.Errorf("step %d (%s.%s): Writes %s, want %s", i, s.app, s.fn, got, goldenWrites[i])
		}
		if !r.OK {
			if r.Written != nil {
				t.Errorf("step %d rejected (%s) but Written = %v", i, r.Reason, r.Written)
			}
			continue
		}
		if writeDigest(r.Written) != r.Writes {
			t.Errorf("step %d: Written does not digest to Writes", i)
		}
		if !slices.IsSortedFunc(r.Written, func(a, b rt.Write) int { return strings.Compare(a.Key, b.Key) }) {
			t.Errorf("step %d: Written not sorted by key", i)
		}
		for _, w := range r.Written {
			if !strings.HasPrefix(w.Key, s.app+"\x00") {
				t.Errorf("step %d: Written holds %q, outside app %s (the counter?)", i, w.Key, s.app)
			}
		}
	}
	if d := p.e.Store().Digest(); hex.EncodeToString(d[:]) != goldenDigest {
		t.Fatalf("state digest %x, want %s", d, goldenDigest)
	}
}

func TestWritten(t *testing.T) {
	p := newPlayer(t)
	p.must(step{alice, "erc20", "init", `{"supply":"100"}`})
	tests := []struct {
		name  string
		r     func() rt.Result
		ok    bool
		nKeys int
	}{
		{"business rejection", func() rt.Result { return p.apply(step{bob, "erc20", "transfer", transfer(alice, "1")}) }, false, 0},
		{"unknown function", func() rt.Result { return p.apply(step{bob, "erc20", "nope", `{}`}) }, false, 0},
		{"bad counter", func() rt.Result {
			return p.e.Apply(rt.Position{}, alice, 1, "erc20", "burn", json.RawMessage(`{"amount":"1"}`))
		}, false, 0},
		{"accepted, writes nothing", func() rt.Result { return p.apply(step{alice, "erc20", "transfer", transfer(alice, "1")}) }, true, 0},
		{"accepted transfer", func() rt.Result { return p.apply(step{alice, "erc20", "transfer", transfer(bob, "1")}) }, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r()
			if r.OK != tt.ok {
				t.Fatalf("OK = %v (%s), want %v", r.OK, r.Reason, tt.ok)
			}
			if !tt.ok && r.Written != nil {
				t.Fatalf("rejected command has Written %v", r.Written)
			}
			if len(r.Written) != tt.nKeys {
				t.Fatalf("Written has %d writes, want %d", len(r.Written), tt.nKeys)
			}
		})
	}
}

func TestRender(t *testing.T) {
	p := newPlayer(t)
	balance := func(a common.Address, v string) rt.Change {
		return rt.Change{Slot: "balance", Key: js(a), Value: js(v), Accounts: []common.Address{a}}
	}
	allowance := func(owner, spender common.Address, v string) rt.Change {
		return rt.Change{Slot: "allowance", Key: js(rt.AddressPair{A: owner, B: spender}), Value: js(v),
			Accounts: []common.Address{owner, spender}}
	}
	tests := []struct {
		name string
		step step
		want []rt.Change
	}{
		{"init", step{alice, "erc20", "init", `{"supply":"1000000"}`}, []rt.Change{
			balance(alice, "1000000"),
			{Slot: "owner", Value: js(alice)},
			{Slot: "total_supply", Value: js("1000000")},
		}},
		{"transfer", step{alice, "erc20", "transfer", transfer(bob, "250")}, []rt.Change{
			balance(alice, "999750"), balance(bob, "250"),
		}},
		{"approve", step{alice, "erc20", "approve", approve(charlie, "400")}, []rt.Change{
			allowance(alice, charlie, "400"),
		}},
		{"transfer_from", step{charlie, "erc20", "transfer_from", transferFrom(alice, bob, "150")}, []rt.Change{
			allowance(alice, charlie, "250"), balance(alice, "999600"), balance(bob, "400"),
		}},
		{"set in a test app", step{alice, "vault", "put", fmt.Sprintf(`{"holder":%s,"amount":"5"}`, js(bob))}, []rt.Change{
			{Slot: "admin", Value: js(alice)},
			{Slot: "held", Key: js(bob), Value: js("5"), Accounts: []common.Address{bob}},
		}},
		{"deletion", step{alice, "vault", "del", fmt.Sprintf(`{"holder":%s}`, js(bob))}, []rt.Change{
			{Slot: "held", Key: js(bob), Accounts: []common.Address{bob}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := p.must(tt.step)
			got, err := p.e.Render(tt.step.app, r.Written)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Render =\n%s\nwant\n%s", show(got), show(tt.want))
			}
		})
	}

	// The allowance's value as an auditor reads it: the exact decimal.
	if got, _ := p.e.Render("erc20", []rt.Write{{Key: "erc20\x00allowance\x00" + string(alice[:]) + string(charlie[:]), Value: make([]byte, 32)}}); string(got[0].Value) != `"0"` {
		t.Fatalf("zero allowance renders as %s", got[0].Value)
	}

	bad := []struct {
		name, app, key string
	}{
		{"undeclared slot", "erc20", "erc20\x00secret\x00" + string(alice[:])},
		{"another app's key", "erc20", "vault\x00held\x00" + string(alice[:])},
		{"app name prefix only", "erc20", "erc2\x00balance\x00" + string(alice[:])},
		{"no slot separator", "erc20", "erc20\x00balance"},
		{"key under a value slot", "erc20", "erc20\x00owner\x00x"},
		{"the counter", "erc20", "\x00sys\x00counter\x00" + string(alice[:])},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			w := []rt.Write{{Key: "erc20\x00owner\x00", Value: alice[:]}, {Key: tt.key, Value: []byte{1}}}
			if got, err := p.e.Render(tt.app, w); !errors.Is(err, rt.ErrUnknownSlot) || got != nil {
				t.Fatalf("Render = %v, %v; want ErrUnknownSlot", got, err)
			}
		})
	}
	if _, err := p.e.Render("nope", nil); !errors.Is(err, rt.ErrUnknownFunction) {
		t.Fatalf("Render of an unknown app: %v", err)
	}
}

func show(cs []rt.Change) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "  {%s key=%s value=%s accounts=%x}\n", c.Slot, c.Key, c.Value, c.Accounts)
	}
	return b.String()
}

type opaque struct{ n uint64 } // no exported field: its JSON would be {}

// TestRenderAmounts pins how values render: uint256 amounts (pointer or
// value) as exact decimal strings, and what has no sensible JSON (does not
// decode, panics, a struct without exported fields, a func) as "0x"+hex.
func TestRenderAmounts(t *testing.T) {
	app := amountsApp(t)
	e, err := rt.NewEngine(rt.NewStore(), app)
	if err != nil {
		t.Fatal(err)
	}
	max := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	maxBytes := bytes.Repeat([]byte{0xff}, 32)
	tests := []struct {
		name, key string
		value     []byte
		want      string
	}{
		{"*uint256.Int", "ptr", maxBytes, `"` + max + `"`},
		{"uint256.Int by value", "val", maxBytes, `"` + max + `"`},
		{"does not decode", "ptr", []byte{1, 2, 3}, `"0x010203"`},
		{"struct without exported fields", "opaque", []byte{0, 0, 0, 0, 0, 0, 0, 9}, `"0x0000000000000009"`},
		{"func", "fn", []byte{0xab}, `"0xab"`},
		{"codec panics", "panics", []byte{0xcd}, `"0xcd"`},
		{"empty bytes", "ptr", []byte{}, `"0x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.Render("amounts", []rt.Write{{Key: "amounts\x00" + tt.key + "\x00", Value: tt.value}})
			if err != nil {
				t.Fatal(err)
			}
			if string(got[0].Value) != tt.want || got[0].Key != nil || got[0].Accounts != nil {
				t.Fatalf("rendered %s", show(got))
			}
		})
	}
}

// amountsApp declares one value slot per rendering case of TestRenderAmounts.
func amountsApp(t *testing.T) *rt.App {
	t.Helper()
	app := rt.NewApp("amounts")
	rt.NewValue(app, "ptr", rt.U256)
	rt.NewValue(app, "val", rt.Codec[uint256.Int]{
		Encode: func(x uint256.Int) []byte { return rt.U256.Encode(&x) },
		Decode: func(b []byte) (uint256.Int, error) {
			x, err := rt.U256.Decode(b)
			if err != nil {
				return uint256.Int{}, err
			}
			return *x, nil
		},
	})
	rt.NewValue(app, "opaque", rt.Codec[opaque]{
		Encode: func(o opaque) []byte { return binary.BigEndian.AppendUint64(nil, o.n) },
		Decode: func(b []byte) (opaque, error) { return opaque{binary.BigEndian.Uint64(b)}, nil },
	})
	rt.NewValue(app, "fn", rt.Codec[func()]{
		Encode: func(func()) []byte { return nil },
		Decode: func([]byte) (func(), error) { return func() {}, nil },
	})
	rt.NewValue(app, "panics", rt.Codec[string]{
		Encode: func(s string) []byte { return []byte(s) },
		Decode: func([]byte) (string, error) { panic("bad codec") },
	})
	return app
}

// TestRenderVotingKeys: voting keys its voters by a struct with unexported
// fields, which has no JSON of its own: the key renders as raw hex and
// still names its voter.
func TestRenderVotingKeys(t *testing.T) {
	p := newPlayer(t)
	r := p.must(step{alice, "voting", "create", fmt.Sprintf(`{"poll":"p","options":["x","y"],"voters":[%s,%s],"close":100}`, js(charlie), js(bob))})
	got, err := p.e.Render("voting", r.Written)
	if err != nil {
		t.Fatal(err)
	}
	voterKey := func(a common.Address) json.RawMessage { return js("0x" + hex.EncodeToString(a[:]) + "70") } // address ‖ "p"
	want := []rt.Change{
		{Slot: "polls", Key: js("p"), Value: json.RawMessage(fmt.Sprintf(`{"owner":%s,"options":["x","y"],"close":100,"voters":2,"ballots":0,"counts":[0,0]}`, js(alice)))},
		{Slot: "voters", Key: voterKey(bob), Value: json.RawMessage(`{"voted":false,"option":0,"block":0}`), Accounts: []common.Address{bob}},
		{Slot: "voters", Key: voterKey(charlie), Value: json.RawMessage(`{"voted":false,"option":0,"block":0}`), Accounts: []common.Address{charlie}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Render =\n%s\nwant\n%s", show(got), show(want))
	}
}

func TestEntries(t *testing.T) {
	p := newPlayer(t)
	for _, app := range []string{"erc20", "voting", "vault"} {
		if got, err := p.e.Entries(app); err != nil || len(got) != 0 {
			t.Fatalf("Entries(%s) of an empty store = %v, %v", app, got, err)
		}
	}
	for _, s := range goldenSteps {
		p.apply(s)
	}
	bal := func(a common.Address, v string) rt.Change {
		return rt.Change{Slot: "balance", Key: js(a), Value: js(v), Accounts: []common.Address{a}}
	}
	tests := []struct {
		app  string
		want []rt.Change
	}{
		{"erc20", []rt.Change{
			{Slot: "allowance", Key: js(rt.AddressPair{A: alice, B: charlie}), Value: js("250"), Accounts: []common.Address{alice, charlie}},
			bal(alice, "999600"), bal(bob, "350"), bal(charlie, "7"),
			{Slot: "owner", Value: js(alice)},
			{Slot: "total_supply", Value: js("999957")},
		}},
		// Deleted entries are gone: bob's holding was deleted.
		{"vault", []rt.Change{
			{Slot: "admin", Value: js(alice)},
			{Slot: "held", Key: js(charlie), Value: js("6"), Accounts: []common.Address{charlie}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.app, func(t *testing.T) {
			got, err := p.e.Entries(tt.app)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Entries =\n%s\nwant\n%s", show(got), show(tt.want))
			}
		})
	}
	// voting: complete and in (slot, key) order.
	got, err := p.e.Entries("voting")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Slot != "polls" || got[1].Slot != "voters" || got[2].Slot != "voters" ||
		!slices.Equal(got[1].Accounts, []common.Address{bob}) || !slices.Equal(got[2].Accounts, []common.Address{charlie}) {
		t.Fatalf("Entries(voting) =\n%s", show(got))
	}
	if _, err := p.e.Entries("nope"); !errors.Is(err, rt.ErrUnknownFunction) {
		t.Fatalf("Entries of an unknown app: %v", err)
	}
	// Deterministic: the same state gives the same entries.
	again, _ := p.e.Entries("voting")
	if !reflect.DeepEqual(got, again) {
		t.Fatal("Entries differ between calls")
	}
}

func TestNamed(t *testing.T) {
	e := newEngine(t)
	d := common.Address{0xd4}
	tests := []struct {
		name, app, fn, args string
		want                []common.Address
	}{
		{"transfer", "erc20", "transfer", transfer(bob, "1"), []common.Address{bob}},
		{"transfer_from", "erc20", "transfer_from", transferFrom(charlie, alice, "1"), []common.Address{alice, charlie}},
		{"approve", "erc20", "approve", approve(charlie, "1"), []common.Address{charlie}},
		{"mint", "erc20", "mint", transfer(bob, "1"), []common.Address{bob}},
		{"no account", "erc20", "burn", `{"amount":"1"}`, nil},
		{"empty args", "erc20", "init", ``, nil},
		{"zero address skipped", "erc20", "transfer", transfer(common.Address{}, "1"), nil},
		{"same account twice", "erc20", "transfer_from", transferFrom(bob, bob, "1"), []common.Address{bob}},
		{"voting list", "voting", "create", fmt.Sprintf(`{"poll":"p","voters":[%s,%s,%s]}`, js(charlie), js(alice), js(charlie)), []common.Address{alice, charlie}},
		{"nested struct, pointers, slices, maps, arrays", "vault", "put", fmt.Sprintf(
			`{"holder":%s,"inner":{"who":%s,"tags":["t"]},"more":[null,{"who":%s},{"who":null}],"by_name":{"x":%s,"y":%s},"fixed":[%s,%s]}`,
			js(d), js(charlie), js(bob), js(alice), js(d), js(common.Address{}), js(common.Address{0x01})),
			[]common.Address{{0x01}, alice, bob, charlie, d}},
		{"a query's arguments", "erc20", "allowance", fmt.Sprintf(`{"owner":%s,"spender":%s}`, js(alice), js(bob)), []common.Address{alice, bob}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.Named(tt.app, tt.fn, json.RawMessage(tt.args))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Named = %x, want %x", got, tt.want)
			}
		})
	}
	errs := []struct {
		name, app, fn, args string
	}{
		{"unknown app", "nope", "transfer", `{}`},
		{"unknown function", "erc20", "nope", `{}`},
		{"undecodable", "erc20", "transfer", `{"to":1}`},
		{"unknown field, as Apply refuses", "erc20", "transfer", `{"too":"x"}`},
		{"trailing data", "erc20", "transfer", `{} {}`},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := e.Named(tt.app, tt.fn, json.RawMessage(tt.args)); err == nil || got != nil {
				t.Fatalf("Named = %x, %v; want an error", got, err)
			}
		})
	}
}

// BenchmarkRenderTransfer: what reporting one ERC-20 transfer to an
// auditor costs the enclave on top of Apply.
func BenchmarkRenderTransfer(b *testing.B) {
	p := newPlayer(b)
	p.must(step{alice, "erc20", "init", `{"supply":"1000000"}`})
	args := transfer(bob, "1")
	r := p.must(step{alice, "erc20", "transfer", args})
	b.ResetTimer()
	for range b.N {
		if _, err := p.e.Named("erc20", "transfer", json.RawMessage(args)); err != nil {
			b.Fatal(err)
		}
		if _, err := p.e.Render("erc20", r.Written); err != nil {
			b.Fatal(err)
		}
	}
}
