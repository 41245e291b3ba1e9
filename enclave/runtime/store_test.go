package runtime

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

func TestSnapshotRoundTrip(t *testing.T) {
	s := NewStore()
	o := &overlay{base: s, writes: map[string][]byte{}}
	o.set("b", []byte("2"))
	o.set("a", []byte("1"))
	o.set("c", nil)
	o.commit()
	snap := s.Snapshot()
	s2, err := LoadSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s2.Snapshot(), snap) || s2.Digest() != s.Digest() || s2.Len() != 3 {
		t.Fatal("snapshot round trip changed the store")
	}
}

// TestSnapshotEncoding pins the snapshot bytes for a fixed store: members
// compare Digest, the SHA-256 of these bytes, so any change to the encoding
// would split a network.
func TestSnapshotEncoding(t *testing.T) {
	s := NewStore()
	s.kv["erc20/b"] = []byte{0xde, 0xad}
	s.kv["a"] = []byte{}
	s.kv["ab"] = []byte("xyz")
	want := "00000003" + // three entries, keys in byte order
		"00000001" + "61" + "00000000" + // "a" = ""
		"00000002" + "6162" + "00000003" + "78797a" + // "ab" = "xyz"
		"00000007" + "6572633230" + "2f62" + "00000002" + "dead" // "erc20/b" = dead
	if got := hex.EncodeToString(s.Snapshot()); got != want {
		t.Fatalf("Snapshot =\n%s, want\n%s", got, want)
	}
	if got, want := hex.EncodeToString(NewStore().Snapshot()), "00000000"; got != want {
		t.Fatalf("empty Snapshot = %s, want %s", got, want)
	}
}

func TestLoadSnapshotRejects(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "0 bytes"},
		{"truncated count", []byte{0, 0, 0}, "3 bytes"},
		{"count too large", []byte{0, 0, 1, 0, 0}, "cannot fit"},
		{"count above the entry limit", []byte{0xff, 0xff, 0xff, 0xff}, "cannot fit"},
		{"unsorted", []byte{0, 0, 0, 2, 0, 0, 0, 1, 'b', 0, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 0, 0, 0}, "not strictly sorted"},
		{"duplicate", []byte{0, 0, 0, 2, 0, 0, 0, 1, 'a', 0, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 0, 0, 0}, "not strictly sorted"},
		{"overrun", []byte{0, 0, 0, 1, 0, 0, 0, 9, 'a', 0, 0, 0, 0}, "overruns"},
		{"oversized key length", []byte{0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, "overruns"},
		{"value overrun", []byte{0, 0, 0, 1, 0, 0, 0, 1, 'a', 0, 0, 0, 5, 'x'}, "overruns"},
		{"truncated value length", []byte{0, 0, 0, 1, 0, 0, 0, 0}, "truncated length"},
		{"truncated second entry", []byte{0, 0, 0, 2, 0, 0, 0, 1, 'a', 0, 0, 0, 0, 0, 0, 0}, "truncated length"},
		{"trailing", []byte{0, 0, 0, 0, 1}, "trailing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadSnapshot(tt.in)
			if !errors.Is(err, ErrSnapshot) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("LoadSnapshot = %v, want %q", err, tt.msg)
			}
		})
	}
}

func FuzzLoadSnapshot(f *testing.F) {
	s := NewStore()
	s.kv["x"] = []byte("y")
	f.Add(s.Snapshot())
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := LoadSnapshot(b)
		if err != nil {
			return
		}
		if !bytes.Equal(st.Snapshot(), b) {
			t.Fatal("accepted a non-canonical snapshot")
		}
	})
}

// A small app exercising the runtime's guarantees independently of ERC-20.
func counterApp() *App {
	app := NewApp("cnt")
	v := NewValue(app, "v", U256)
	Command(app, "bump", func(ctx *Ctx, a struct {
		Fail bool `json:"fail"`
	}) error {
		cur, _, err := v.Get(ctx)
		if err != nil {
			return err
		}
		if cur == nil {
			cur = new(uint256.Int)
		}
		if err := v.Set(ctx, new(uint256.Int).AddUint64(cur, 1)); err != nil {
			return err
		}
		if a.Fail {
			return Rejectf("asked to fail after writing")
		}
		return nil
	})
	Command(app, "boom", func(ctx *Ctx, _ struct{}) error { panic("kaboom") })
	Query(app, "get", func(ctx *Ctx, _ struct{}) (*uint256.Int, error) {
		cur, _, err := v.Get(ctx)
		return cur, err
	})
	Query(app, "sneaky", func(ctx *Ctx, _ struct{}) (bool, error) {
		return true, v.Set(ctx, new(uint256.Int))
	})
	return app
}

func TestEngineGuarantees(t *testing.T) {
	e, err := NewEngine(NewStore(), counterApp())
	if err != nil {
		t.Fatal(err)
	}
	u := common.Address{1}
	if r := e.Apply(Position{}, u, 1, "cnt", "bump", json.RawMessage(`{}`)); !r.OK {
		t.Fatal(r.Reason)
	}
	before := e.Store().Digest()
	tests := []struct {
		name, fn, args string
		counter        uint64
		msg            string
	}{
		{"rejection rolls back writes", "bump", `{"fail":true}`, 2, "asked to fail"},
		{"panic is a rejection", "boom", `{}`, 3, "app failed: kaboom"},
		{"unknown function", "nope", `{}`, 4, "no function"},
		{"query called as command", "get", `{}`, 5, "is a query"},
		{"bad args", "bump", `{"fail":"yes"}`, 6, "invalid arguments"},
		{"used counter", "bump", `{}`, 6, "bad counter: got 6, last applied is 6"},
		{"older counter", "bump", `{}`, 2, "bad counter: got 2, last applied is 6"},
	}
	for _, tt := range tests {
		r := e.Apply(Position{}, u, tt.counter, "cnt", tt.fn, json.RawMessage(tt.args))
		if r.OK || !strings.Contains(r.Reason, tt.msg) {
			t.Errorf("%s: %+v, want %q", tt.name, r, tt.msg)
		}
		// Stale (the client may send it again with a fresh counter) for
		// the counter alone: any other rejection consumed the counter.
		if want := strings.HasPrefix(tt.msg, "bad counter"); r.Stale != want {
			t.Errorf("%s: Stale %v, want %v", tt.name, r.Stale, want)
		}
	}
	if e.Counter(u) != 6 {
		t.Fatalf("counter %d, want 6: failed commands consume their counter", e.Counter(u))
	}
	got, _ := e.Query(Position{}, u, "cnt", "get", nil)
	if string(got) != `"1"` {
		t.Fatalf("value %s after rejected commands, want 1", got)
	}
	if _, err := e.Query(Position{}, u, "cnt", "sneaky", nil); err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Fatalf("a query wrote state: %v", err)
	}
	if e.Store().Digest() == before {
		t.Fatal("counters should have changed the store digest")
	}
}

func TestDeclarationPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"reserved app":   func() { NewApp("sys") },
		"bad app name":   func() { NewApp("Bad") },
		"duplicate slot": func() { a := NewApp("x"); NewValue(a, "s", U256); NewValue(a, "s", U256) },
		"duplicate func": func() {
			a := NewApp("x")
			Command(a, "f", func(*Ctx, struct{}) error { return nil })
			Command(a, "f", func(*Ctx, struct{}) error { return nil })
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
