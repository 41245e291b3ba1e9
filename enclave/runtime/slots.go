package runtime

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// Codec turns a slot's Go values into bytes and back. Decode must reject
// bytes Encode could not have produced, so that state has one encoding.
type Codec[T any] struct {
	Encode func(T) []byte
	Decode func([]byte) (T, error)
}

var errCodec = errors.New("runtime: stored value has the wrong encoding")

// U256 stores unsigned 256-bit integers as 32 big-endian bytes.
var U256 = Codec[*uint256.Int]{
	Encode: func(x *uint256.Int) []byte { b := x.Bytes32(); return b[:] },
	Decode: func(b []byte) (*uint256.Int, error) {
		if len(b) != 32 {
			return nil, fmt.Errorf("%w: u256 of %d bytes", errCodec, len(b))
		}
		return new(uint256.Int).SetBytes32(b), nil
	},
}

// Address stores 20-byte account addresses.
var Address = Codec[common.Address]{
	Encode: func(a common.Address) []byte { return a.Bytes() },
	Decode: func(b []byte) (common.Address, error) {
		if len(b) != common.AddressLength {
			return common.Address{}, fmt.Errorf("%w: address of %d bytes", errCodec, len(b))
		}
		return common.BytesToAddress(b), nil
	},
}

// AddressPair keys maps by two addresses, e.g. (owner, spender).
type AddressPair struct{ A, B common.Address }

var AddressPairKey = Codec[AddressPair]{
	Encode: func(p AddressPair) []byte { return append(p.A.Bytes(), p.B.Bytes()...) },
	Decode: func(b []byte) (AddressPair, error) {
		if len(b) != 2*common.AddressLength {
			return AddressPair{}, fmt.Errorf("%w: address pair of %d bytes", errCodec, len(b))
		}
		return AddressPair{common.BytesToAddress(b[:20]), common.BytesToAddress(b[20:])}, nil
	},
}

// slotKey namespaces a slot by app and name; the NUL separators cannot
// occur in names (NewApp and declare check), so keys never collide.
func slotKey(app, slot string, key []byte) string {
	return app + "\x00" + slot + "\x00" + string(key)
}

// Value is a single typed state slot.
type Value[T any] struct {
	key   string
	codec Codec[T]
}

// NewValue declares a value slot of app.
func NewValue[T any](app *App, name string, c Codec[T]) Value[T] {
	app.declare(name, &slotInfo{value: renderer(c, false)})
	return Value[T]{key: slotKey(app.name, name, nil), codec: c}
}

// Get returns the stored value, or ok=false when it was never set.
func (v Value[T]) Get(ctx *Ctx) (x T, ok bool, err error) {
	b, ok := ctx.state.get(v.key)
	if !ok {
		return x, false, nil
	}
	x, err = v.codec.Decode(b)
	return x, err == nil, err
}

func (v Value[T]) Set(ctx *Ctx, x T) error { return ctx.write(v.key, v.codec.Encode(x)) }

// Map is a typed mapping slot; absent keys read as not found.
type Map[K, V any] struct {
	app, name string
	kc        Codec[K]
	vc        Codec[V]
}

// NewMap declares a map slot of app.
func NewMap[K, V any](app *App, name string, kc Codec[K], vc Codec[V]) Map[K, V] {
	app.declare(name, &slotInfo{isMap: true, key: renderer(kc, true), value: renderer(vc, false)})
	return Map[K, V]{app: app.name, name: name, kc: kc, vc: vc}
}

func (m Map[K, V]) Get(ctx *Ctx, k K) (v V, ok bool, err error) {
	b, ok := ctx.state.get(slotKey(m.app, m.name, m.kc.Encode(k)))
	if !ok {
		return v, false, nil
	}
	v, err = m.vc.Decode(b)
	return v, err == nil, err
}

func (m Map[K, V]) Set(ctx *Ctx, k K, v V) error {
	return ctx.write(slotKey(m.app, m.name, m.kc.Encode(k)), m.vc.Encode(v))
}

func (m Map[K, V]) Delete(ctx *Ctx, k K) error {
	return ctx.delete(slotKey(m.app, m.name, m.kc.Encode(k)))
}
