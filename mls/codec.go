package mls

import (
	"encoding/binary"
	"errors"
)

// The TLS presentation language of RFC 9420 §2.1: big-endian integers and
// vectors prefixed with a QUIC-style variable-length integer. Decoding is
// strict because two encodings of one structure would hash differently:
// lengths must be minimal and no byte may trail the outermost structure.

// maxVectorLength is the largest length a 4-byte varint can carry (§2.1.2).
const maxVectorLength = 1<<30 - 1

var (
	errTruncated    = errors.New("mls: truncated encoding")
	errNonMinimal   = errors.New("mls: non-minimal vector length")
	errVarintPrefix = errors.New("mls: invalid vector length prefix 0b11")
	errTrailing     = errors.New("mls: trailing bytes after structure")
	errTooLong      = errors.New("mls: vector too long")
)

// builder accumulates an encoding. Encoding cannot fail except for vectors
// longer than 2^30-1 bytes, which is recorded and reported by bytes().
type builder struct {
	b   []byte
	err error
}

func (w *builder) u8(v uint8)   { w.b = append(w.b, v) }
func (w *builder) u16(v uint16) { w.b = binary.BigEndian.AppendUint16(w.b, v) }
func (w *builder) u32(v uint32) { w.b = binary.BigEndian.AppendUint32(w.b, v) }
func (w *builder) u64(v uint64) { w.b = binary.BigEndian.AppendUint64(w.b, v) }
func (w *builder) raw(v []byte) { w.b = append(w.b, v...) }

func (w *builder) varint(n int) {
	switch {
	case n < 0 || n > maxVectorLength:
		w.err = errTooLong
	case n < 1<<6:
		w.b = append(w.b, byte(n))
	case n < 1<<14:
		w.b = binary.BigEndian.AppendUint16(w.b, uint16(n)|0x4000)
	default:
		w.b = binary.BigEndian.AppendUint32(w.b, uint32(n)|0x80000000)
	}
}

// opaque writes a variable-length byte vector.
func (w *builder) opaque(v []byte) {
	w.varint(len(v))
	w.raw(v)
}

// vec writes a variable-length vector whose body is produced by f.
func (w *builder) vec(f func(w *builder)) {
	var inner builder
	f(&inner)
	if inner.err != nil {
		w.err = inner.err
	}
	w.opaque(inner.b)
}

func (w *builder) optional(present bool, f func(w *builder)) {
	if !present {
		w.u8(0)
		return
	}
	w.u8(1)
	f(w)
}

func (w *builder) bytes() ([]byte, error) { return w.b, w.err }

// encoder is implemented by every wire structure.
type encoder interface{ encode(w *builder) }

func encode(v encoder) []byte {
	var w builder
	v.encode(&w)
	// Only vectors above 1 GiB fail, which no structure here can reach from
	// inputs that themselves decoded; callers that build from local data
	// stay far below it.
	if w.err != nil {
		panic(w.err)
	}
	return w.b
}

// parser reads an encoding. The first error sticks, so decoders read a
// whole structure and check p.err once.
type parser struct {
	b   []byte
	err error
}

func (p *parser) fail(err error) {
	if p.err == nil {
		p.err = err
	}
	p.b = nil
}

func (p *parser) take(n int) []byte {
	if p.err != nil {
		return nil
	}
	if n > len(p.b) {
		p.fail(errTruncated)
		return nil
	}
	v := p.b[:n:n]
	p.b = p.b[n:]
	return v
}

func (p *parser) u8() uint8 {
	if b := p.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (p *parser) u16() uint16 {
	if b := p.take(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (p *parser) u32() uint32 {
	if b := p.take(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (p *parser) u64() uint64 {
	if b := p.take(8); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

// varint reads a vector length header (RFC 9420 §2.1.2).
func (p *parser) varint() int {
	first := p.take(1)
	if first == nil {
		return 0
	}
	switch first[0] >> 6 {
	case 0:
		return int(first[0])
	case 1:
		rest := p.take(1)
		if rest == nil {
			return 0
		}
		n := int(first[0]&0x3f)<<8 | int(rest[0])
		if n < 1<<6 {
			p.fail(errNonMinimal)
			return 0
		}
		return n
	case 2:
		rest := p.take(3)
		if rest == nil {
			return 0
		}
		n := int(first[0]&0x3f)<<24 | int(rest[0])<<16 | int(rest[1])<<8 | int(rest[2])
		if n < 1<<14 {
			p.fail(errNonMinimal)
			return 0
		}
		return n
	default:
		p.fail(errVarintPrefix)
		return 0
	}
}

// opaque reads a variable-length byte vector. The result aliases the input.
func (p *parser) opaque() []byte {
	n := p.varint()
	if p.err != nil {
		return nil
	}
	return p.take(n)
}

// vec reads a variable-length vector and calls f until its body is used up.
func (p *parser) vec(f func(p *parser)) {
	body := p.opaque()
	if p.err != nil {
		return
	}
	inner := parser{b: body}
	for len(inner.b) > 0 && inner.err == nil {
		f(&inner)
	}
	if inner.err != nil {
		p.fail(inner.err)
	}
}

func (p *parser) optional() bool {
	switch p.u8() {
	case 0:
		return false
	case 1:
		return true
	default:
		p.fail(errors.New("mls: invalid optional presence byte"))
		return false
	}
}

// finish reports the sticky error or trailing bytes.
func (p *parser) finish() error {
	if p.err != nil {
		return p.err
	}
	if len(p.b) != 0 {
		return errTrailing
	}
	return nil
}

// decoder is implemented by pointers to wire structures.
type decoder interface{ decode(p *parser) }

// decodeAll decodes b into v, which must consume every byte. It copies b
// first so that decoded fields never alias a buffer the caller may reuse.
func decodeAll(b []byte, v decoder) error {
	p := parser{b: clone(b)}
	v.decode(&p)
	return p.finish()
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
