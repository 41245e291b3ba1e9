package runtime

import (
	"bytes"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// What the enclave reports to auditors: the accounts a command's arguments
// name (Named), the state entries it wrote (Result.Written, rendered by
// Render) and, when an auditor registers, every entry of an app (Entries).
// All of it is rendered from the slots' declarations, so no app writes
// anything for it, and none of it runs in Apply: the enclave pays for it
// only for the commands some auditor watches. Nothing here touches the
// store's bytes, so the state digest is the same with or without auditors.

// Write is one committed write of a command, raw: the store key and the new
// value (nil = deleted).
type Write struct {
	Key   string
	Value []byte
}

// Change is one state entry rendered for an auditor.
type Change struct {
	Slot     string           // the slot name as the app declared it
	Key      json.RawMessage  // the map key as JSON; nil for a value slot
	Value    json.RawMessage  // the value as JSON; nil when the entry was deleted
	Accounts []common.Address // the addresses the key names (sorted by bytes, no duplicates); nil if none
}

// ErrUnknownSlot: a key that no declared slot of the app can hold.
var ErrUnknownSlot = errors.New("runtime: key outside the app's declared slots")

// slotInfo is what a declared slot keeps to render its entries: closures
// over its codecs, built by NewValue and NewMap.
type slotInfo struct {
	isMap bool
	key   func([]byte) (json.RawMessage, []common.Address) // map slots only
	value func([]byte) (json.RawMessage, []common.Address)
}

// renderer renders stored bytes of a slot's key or value: decoded with the
// slot's codec, then marshalled as JSON, with the addresses the decoded
// value holds when accounts is set.
//
// It falls back to a JSON string "0x" + hex of the raw bytes when the bytes
// do not decode (or the codec panics), when json.Marshal fails, or when the
// type has no JSON worth showing (a struct without exported fields, such
// as voting's key of poll and voter, marshals as {}). The addresses are
// collected from the decoded value in every case it decoded.
//
// Amounts: *uint256.Int (holiman/uint256 v1.3) marshals as a JSON string
// of its exact decimal value ("1000"), which is what auditors need, so it
// needs no special case. The value is marshalled through a pointer (&v)
// so that this also holds for a uint256.Int held by value, whose
// MarshalJSON has a pointer receiver (a bare value would encode as its
// four uint64 limbs). TestRenderAmounts pins both, so an upgrade that
// switched to hex would fail it.
func renderer[T any](c Codec[T], accounts bool) func([]byte) (json.RawMessage, []common.Address) {
	plain := hasJSON(reflect.TypeFor[T](), 0)
	return func(b []byte) (out json.RawMessage, addrs []common.Address) {
		// Codecs and MarshalJSON methods are app code: a panic there
		// must not take the enclave down, and the raw bytes are exact.
		defer func() {
			if r := recover(); r != nil {
				out, addrs = rawHex(b), nil
			}
		}()
		v, err := c.Decode(b)
		if err != nil {
			return rawHex(b), nil
		}
		if accounts {
			addrs = accountsOf(reflect.ValueOf(&v))
		}
		if !plain {
			return rawHex(b), addrs
		}
		j, err := json.Marshal(&v)
		if err != nil {
			return rawHex(b), addrs
		}
		return j, addrs
	}
}

func rawHex(b []byte) json.RawMessage {
	out := make([]byte, 0, 4+2*len(b))
	out = append(out, `"0x`...)
	out = hex.AppendEncode(out, b)
	return append(out, '"')
}

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	addressType       = reflect.TypeFor[common.Address]()
)

// hasJSON reports whether values of t marshal to JSON that shows them: not
// a kind encoding/json refuses, and not a struct it would render as {}
// for want of exported fields.
func hasJSON(t reflect.Type, depth int) bool {
	if depth > maxDepth {
		return true
	}
	if t.Implements(jsonMarshalerType) || t.Implements(textMarshalerType) ||
		reflect.PointerTo(t).Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Pointer:
		return hasJSON(t.Elem(), depth+1)
	case reflect.Struct:
		return len(structFields(t, 0)) > 0
	case reflect.Func, reflect.Chan, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer, reflect.Invalid:
		return false
	}
	return true
}

// accountsOf collects every non-zero common.Address that v holds, walking
// pointers, interfaces, struct fields (unexported ones too: a key type
// may keep its address in one), arrays, slices, and map keys and values.
// The result is sorted by bytes without duplicates, nil if there is none.
func accountsOf(v reflect.Value) []common.Address {
	var w addrWalk
	w.walk(v)
	if len(w.out) == 0 {
		return nil
	}
	slices.SortFunc(w.out, func(x, y common.Address) int { return bytes.Compare(x[:], y[:]) })
	return slices.Compact(w.out)
}

type addrWalk struct {
	out []common.Address
	// seen stops at a pointer, slice or map already walked, so that a
	// value that refers to itself ends.
	seen map[visit]bool
}

type visit struct {
	p uintptr
	t reflect.Type
	n int
}

func (w *addrWalk) first(v reflect.Value, n int) bool {
	k := visit{v.Pointer(), v.Type(), n}
	if w.seen[k] {
		return false
	}
	if w.seen == nil {
		w.seen = map[visit]bool{}
	}
	w.seen[k] = true
	return true
}

func (w *addrWalk) walk(v reflect.Value) {
	if !v.IsValid() {
		return
	}
	if v.Type() == addressType {
		var a common.Address
		if v.CanInterface() {
			a = v.Interface().(common.Address)
		} else { // reached through an unexported field: readable, not Interface-able
			for i := range a {
				a[i] = byte(v.Index(i).Uint())
			}
		}
		if a != (common.Address{}) {
			w.out = append(w.out, a)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() && w.first(v, 0) {
			w.walk(v.Elem())
		}
	case reflect.Interface:
		w.walk(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			w.walk(v.Field(i))
		}
	case reflect.Slice:
		if v.IsNil() || !w.first(v, v.Len()) {
			return
		}
		fallthrough
	case reflect.Array:
		if scalar(v.Type().Elem().Kind()) { // bytes, numbers, strings: nothing to find
			return
		}
		for i := range v.Len() {
			w.walk(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() || !w.first(v, 0) {
			return
		}
		for it := v.MapRange(); it.Next(); {
			w.walk(it.Key())
			w.walk(it.Value())
		}
	}
}

func scalar(k reflect.Kind) bool {
	switch k {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	}
	return false
}

func (e *Engine) app(name string) (*App, error) {
	a, ok := e.apps[name]
	if !ok {
		return nil, fmt.Errorf("%w: no app %q", ErrUnknownFunction, name)
	}
	return a, nil
}

// split parses a store key of app a (see slotKey) into its slot's
// declaration and the key bytes within the slot. ok is false for a key of
// another app, of an undeclared slot, or with a key under a value slot.
func (a *App) split(k string) (slot string, info *slotInfo, key string, ok bool) {
	n := len(a.name)
	if len(k) <= n || k[:n] != a.name || k[n] != 0 {
		return "", nil, "", false
	}
	slot, key, ok = strings.Cut(k[n+1:], "\x00")
	if !ok {
		return "", nil, "", false
	}
	info = a.slots[slot]
	if info == nil || (!info.isMap && key != "") {
		return "", nil, "", false
	}
	return slot, info, key, true
}

func (info *slotInfo) change(slot, key string, value []byte) Change {
	c := Change{Slot: slot}
	if info.isMap {
		c.Key, c.Accounts = info.key([]byte(key))
	}
	if value != nil {
		c.Value, _ = info.value(value)
	}
	return c
}

// Render turns writes of one app (such as Result.Written) into Changes, in
// the same order. A key that does not belong to a declared slot of that
// app is an error (ErrUnknownSlot), as is an unknown app.
func (e *Engine) Render(app string, w []Write) ([]Change, error) {
	a, err := e.app(app)
	if err != nil {
		return nil, err
	}
	out := make([]Change, len(w))
	for i, wr := range w {
		slot, info, key, ok := a.split(wr.Key)
		if !ok {
			// The key itself stays out of the error: it may hold state.
			return nil, fmt.Errorf("%w: write %d is not in a slot of app %s", ErrUnknownSlot, i, app)
		}
		out[i] = info.change(slot, key, wr.Value)
	}
	return out, nil
}

// Entries returns every entry the store holds for app's declared slots,
// rendered, sorted by (slot name, raw key bytes); an app with no state has
// none. Keys under the app's name that no declared slot can hold (which
// no app code can write) are left out, having no codec to render them.
// It reads the whole store, so it is for registering an auditor, not for
// every command.
func (e *Engine) Entries(app string) ([]Change, error) {
	a, err := e.app(app)
	if err != nil {
		return nil, err
	}
	prefix := app + "\x00"
	var keys []string
	for k := range e.store.kv {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	// Slot names hold no NUL and NUL sorts first, so the order of the
	// whole keys (app NUL slot NUL key) is the order of (slot, key).
	slices.Sort(keys)
	out := make([]Change, 0, len(keys))
	for _, k := range keys {
		slot, info, key, ok := a.split(k)
		if !ok {
			continue
		}
		out = append(out, info.change(slot, key, e.store.kv[k]))
	}
	return out, nil
}

// Named returns the addresses that the arguments of app.fn name: args are
// decoded into the function's declared argument type exactly as Apply
// decodes them, and every non-zero common.Address in the result is
// collected (through struct fields, pointers, slices, arrays, and map
// keys and values), sorted by bytes without duplicates; nil if none. An
// unknown function or arguments that do not decode are an error.
func (e *Engine) Named(app, fn string, args json.RawMessage) ([]common.Address, error) {
	a, err := e.app(app)
	if err != nil {
		return nil, err
	}
	f, ok := a.funcs[fn]
	if !ok {
		return nil, fmt.Errorf("%w: app %s has no function %q", ErrUnknownFunction, app, fn)
	}
	if f.args == nil {
		return nil, nil
	}
	p := reflect.New(f.args)
	if err := decodeArgs(args, p.Interface()); err != nil {
		return nil, err
	}
	return accountsOf(p), nil
}
