package runtime

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
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
	for k := range s.kv {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := binary.BigEndian.AppendUint32(nil, uint32(len(keys)))
	for _, k := range keys {
		out = binary.BigEndian.AppendUint32(out, uint32(len(k)))
		out = append(out, k...)
		v := s.kv[k]
		out = binary.BigEndian.AppendUint32(out, uint32(len(v)))
		out = append(out, v...)
	}
	return out
}

// Digest is SHA-256 of the canonical snapshot: equal states, equal digests.
func (s *Store) Digest() [32]byte { return sha256.Sum256(s.Snapshot()) }

// LoadSnapshot decodes a Snapshot strictly: keys must be sorted and
// unique, lengths must fit, and nothing may trail.
func LoadSnapshot(b []byte) (*Store, error) {
	if len(b) < 4 {
		return nil, fmt.Errorf("%w: %d bytes", ErrSnapshot, len(b))
	}
	n := binary.BigEndian.Uint32(b)
	if n > maxSnapshotEntries || uint64(n)*8 > uint64(len(b)) {
		return nil, fmt.Errorf("%w: %d entries cannot fit in %d bytes", ErrSnapshot, n, len(b))
	}
	b = b[4:]
	s := &Store{kv: make(map[string][]byte, n)}
	var prev []byte
	field := func() ([]byte, error) {
		if len(b) < 4 {
			return nil, fmt.Errorf("%w: truncated length", ErrSnapshot)
		}
		l := binary.BigEndian.Uint32(b)
		if uint64(l) > uint64(len(b)-4) {
			return nil, fmt.Errorf("%w: field of %d bytes overruns the snapshot", ErrSnapshot, l)
		}
		f := bytes.Clone(b[4 : 4+l])
		b = b[4+l:]
		return f, nil
	}
	for i := uint32(0); i < n; i++ {
		k, err := field()
		if err != nil {
			return nil, err
		}
		if i > 0 && bytes.Compare(prev, k) >= 0 {
			return nil, fmt.Errorf("%w: keys not strictly sorted at entry %d", ErrSnapshot, i)
		}
		v, err := field()
		if err != nil {
			return nil, err
		}
		s.kv[string(k)] = v
		prev = k
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrSnapshot, len(b))
	}
	return s, nil
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
	keys := make([]string, 0, len(o.writes))
	for k := range o.writes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	h := sha256.New()
	for _, k := range keys {
		v := o.writes[k]
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
	return d
}
