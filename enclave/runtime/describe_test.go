package runtime

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/anonify-go/anonify/wire"
)

// TestCtxAt: a command sees the position of the batch that ordered it, a
// query the position it is given (the enclave's last applied event), and
// nothing else: the engine reads no clock.
func TestCtxAt(t *testing.T) {
	app := NewApp("clock")
	last := NewValue(app, "last", U256)
	Command(app, "stamp", func(ctx *Ctx, _ struct{}) error {
		return last.Set(ctx, uint256.NewInt(ctx.At.Block*1000+ctx.At.Index))
	})
	Query(app, "now", func(ctx *Ctx, _ struct{}) (Position, error) { return ctx.At, nil })
	Query(app, "stamped", func(ctx *Ctx, _ struct{}) (*uint256.Int, error) {
		v, _, err := last.Get(ctx)
		return v, err
	})
	e, err := NewEngine(NewStore(), app)
	if err != nil {
		t.Fatal(err)
	}
	u := common.Address{7}
	if r := e.Apply(Position{Block: 42, Index: 3}, u, 1, "clock", "stamp", nil); !r.OK {
		t.Fatal(r.Reason)
	}
	if got, _ := e.Query(Position{}, u, "clock", "stamped", nil); string(got) != `"42003"` {
		t.Fatalf("stamped %s, want the batch's block 42 and index 3", got)
	}
	if got, _ := e.Query(Position{Block: 50, Index: 1}, u, "clock", "now", nil); string(got) != `{"block":50,"index":1}` {
		t.Fatalf("query saw %s, want its given position", got)
	}
}

type describeInner struct {
	X uint64 `json:"x"`
}

type describeArgsT struct {
	To      common.Address    `json:"to"`
	Amount  *uint256.Int      `json:"amount"`
	Owner   *common.Address   `json:"owner,omitempty"`
	List    []common.Address  `json:"list"`
	Names   []string          `json:"names"`
	Blob    []byte            `json:"blob"`
	ID      common.Hash       `json:"id"`
	Flags   map[string]bool   `json:"flags,omitzero"`
	Inner   describeInner     `json:"inner"`
	Raw     json.RawMessage   `json:"raw"`
	Skipped string            `json:"-"`
	hidden  int               // unexported: not part of the JSON
	NoTag   int               // no tag: the Go name
	Nested  map[string][2]int `json:"nested"`
}

func TestDescribe(t *testing.T) {
	app := NewApp("demo")
	Command(app, "do", func(*Ctx, describeArgsT) error { return nil })
	Command(app, "bare", func(*Ctx, *uint256.Int) error { return nil })
	Query(app, "get", func(*Ctx, struct{}) (*uint256.Int, error) { return nil, nil })
	Query(app, "pair", func(*Ctx, struct{}) (describeInner, error) { return describeInner{}, nil })
	other := NewApp("abc")
	got := Describe(app, other)
	want := []wire.AppInfo{
		{Name: "abc", Functions: []wire.FunctionInfo{}},
		{Name: "demo", Functions: []wire.FunctionInfo{
			{Name: "bare", Kind: wire.KindCommand, Args: []wire.ArgInfo{{Type: "uint256"}}},
			{Name: "do", Kind: wire.KindCommand, Args: []wire.ArgInfo{
				{Name: "to", Type: "address"},
				{Name: "amount", Type: "uint256"},
				{Name: "owner", Type: "address", Optional: true},
				{Name: "list", Type: "address[]"},
				{Name: "names", Type: "string[]"},
				{Name: "blob", Type: "bytes"},
				{Name: "id", Type: "bytes32"},
				{Name: "flags", Type: "map(string=>bool)", Optional: true},
				{Name: "inner", Type: "{x uint64}"},
				{Name: "raw", Type: "json"},
				{Name: "NoTag", Type: "int64"},
				{Name: "nested", Type: "map(string=>int64[2])"},
			}},
			{Name: "get", Kind: wire.KindQuery, Args: []wire.ArgInfo{}, Result: "uint256"},
			{Name: "pair", Kind: wire.KindQuery, Args: []wire.ArgInfo{}, Result: "{x uint64}"},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		t.Fatalf("Describe =\n%s", g)
	}
	if s := want[1].Functions[1].Signature(); s != "do(to address, amount uint256, owner address?, list address[], names string[], blob bytes, id bytes32, flags map(string=>bool)?, inner {x uint64}, raw json, NoTag int64, nested map(string=>int64[2]))" {
		t.Fatalf("Signature = %s", s)
	}
	if s := want[1].Functions[2].Signature(); s != "get() uint256" {
		t.Fatalf("Signature = %s", s)
	}
}

// A type that contains itself is described to a bounded depth.
type selfRef struct {
	Next *selfRef `json:"next"`
}

func TestDescribeRecursiveType(t *testing.T) {
	app := NewApp("rec")
	Command(app, "f", func(*Ctx, selfRef) error { return nil })
	d := Describe(app)
	if len(d) != 1 || len(d[0].Functions) != 1 || d[0].Functions[0].Args[0].Name != "next" {
		t.Fatalf("Describe = %+v", d)
	}
}
