package runtime

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/crypto/cryptobyte"
)

// Store is the enclave's plaintext state: a flat key-value map. Keys are
// namespaced by app and slot (see slotKey), so apps cannot touch each
// other's state.
type Store struct {
	kv map[string][]byte
}

func NewStore() *Store { return &Store{kv: make(map[string][]byte)} }

func (s *Store) get(k string) ([]byte, bool) {
	v, ok := s.kv[k]
	return v, ok
}

// Len reports the number of keys.
func (s *Store) Len() int { return len(s.kv) }

var ErrSnapshot = errors.New("runtime: malformed state snapshot")

// maxSnapshotEntries bounds decoding work for a snapshot of unknown origin.
const maxSnapshotEntries = 1 << 24

// Snapshot encodes the whole store canonically (keys sorted):
// u32 count ‖ count × (u32 len ‖ key ‖ u32 len ‖ value).
func (s *Store) Snapshot() []byte {
	keys := make([]string, 0, len(s.kv))
	size := 4 // the exact length, so a large state is written once, not regrown
	for k, v := range s.kv {
		keys = append(keys, k)
		size += 8 + len(k) + len(v)
	}
	slices.Sort(keys)
	b := cryptobyte.NewBuilder(make([]byte, 0, size))
	b.AddUint32(uint32(len(keys)))
	for _, k := range keys {
		b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes([]byte(k)) })
		b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(s.kv[k]) })
	}
	// Only a key or value of 4 GiB or more overflows its length prefix,
	// which the enclave's memory rules out long before.
	return b.BytesOrPanic()
}

// Digest is SHA-256 of the canonical snapshot: equal states, equal digests.
func (s *Store) Digest() [32]byte { return sha256.Sum256(s.Snapshot()) }

// LoadSnapshot decodes a Snapshot strictly: keys must be sorted and
// unique, lengths must fit, and nothing may trail.
func LoadSnapshot(b []byte) (*Store, error) {
	in := cryptobyte.String(b)
	var n uint32
	if !in.ReadUint32(&n) {
		return nil, fmt.Errorf("%w: %d bytes", ErrSnapshot, len(b))
	}
	// Every entry takes at least 8 bytes, so a count the input cannot hold
	// is refused before it sizes the map.
	if n > maxSnapshotEntries || uint64(n)*8 > uint64(len(b)) {
		return nil, fmt.Errorf("%w: %d entries cannot fit in %d bytes", ErrSnapshot, n, len(b))
	}
	s := &Store{kv: make(map[string][]byte, n)}
	var prev []byte
	for i := uint32(0); i < n; i++ {
		k, err := readSnapshotField(&in)
		if err != nil {
			return nil, err
		}
		if i > 0 && bytes.Compare(prev, k) >= 0 {
			return nil, fmt.Errorf("%w: keys not strictly sorted at entry %d", ErrSnapshot, i)
		}
		v, err := readSnapshotField(&in)
		if err != nil {
			return nil, err
		}
		// Fields alias b; the store keeps copies so the caller may reuse b.
		s.kv[string(k)] = bytes.Clone(v)
		prev = k
	}
	if !in.Empty() {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrSnapshot, len(in))
	}
	return s, nil
}

// readSnapshotField reads one u32-length-prefixed field. The length and the
// body are read in two steps (cryptobyte.String has no 32-bit
// ReadLengthPrefixed) so that the error tells a cut-off length from one
// that overruns the snapshot. The result aliases in.
func readSnapshotField(in *cryptobyte.String) ([]byte, error) {
	var l uint32
	if !in.ReadUint32(&l) {
		return nil, fmt.Errorf("%w: truncated length", ErrSnapshot)
	}
	var f []byte
	// int(l) is negative on 32-bit platforms for l ≥ 2^31; ReadBytes refuses it.
	if !in.ReadBytes(&f, int(l)) {
		return nil, fmt.Errorf("%w: field of %d bytes overruns the snapshot", ErrSnapshot, l)
	}
	return f, nil
}

// overlay buffers one call's writes so that a failing call changes nothing.
// A nil value in writes marks a deletion.
type overlay struct {
	base   *Store
	writes map[string][]byte
}

func (o *overlay) get(k string) ([]byte, bool) {
	if v, ok := o.writes[k]; ok {
		return v, v != nil
	}
	return o.base.get(k)
}

func (o *overlay) set(k string, v []byte) {
	if v == nil {
		v = []byte{}
	}
	o.writes[k] = v
}

func (o *overlay) del(k string) { o.writes[k] = nil }

// commit applies the writes and returns their digest (sorted, so the digest
// does not depend on the order the app wrote in).
func (o *overlay) commit() [32]byte {
	d, _ := o.commitWrites(false)
	return d
}

// commitWrites is commit that, if written is set, also returns the writes
// in the order they were digested (sorted by key). The values returned are
// the ones the store now holds: callers must not modify them.
//
// The sorted keys are the digest's own; Written only copies them out, so a
// command pays one allocation for it and no encoding. The counter's commit
// asks for nothing and pays nothing: a few keys sort in a slice that stays
// on the stack.
func (o *overlay) commitWrites(written bool) ([32]byte, []Write) {
	keys := make([]string, 0, len(o.writes))
	for k := range o.writes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var ws []Write
	if written {
		ws = make([]Write, len(keys))
	}
	h := sha256.New()
	for i, k := range keys {
		v := o.writes[k]
		if written {
			ws[i] = Write{Key: k, Value: v}
		}
		var hdr [9]byte
		binary.BigEndian.PutUint32(hdr[:4], uint32(len(k)))
		if v == nil {
			hdr[4] = 1
			delete(o.base.kv, k)
		} else {
			o.base.kv[k] = v
		}
		binary.BigEndian.PutUint32(hdr[5:], uint32(len(v)))
		h.Write(hdr[:])
		h.Write([]byte(k))
		h.Write(v)
	}
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d, ws
}
