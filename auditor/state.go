package auditor

import (
	"bytes"
	"cmp"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// ErrNoSnapshot means the trail has no snapshot at or before the block
// asked for: the key was not appointed yet, or the snapshot is not on the
// ledger (yet).
var ErrNoSnapshot = errors.New("auditor: no snapshot at or before that block")

// State is the in-scope state at the end of a block, as the auditor's
// records tell it.
type State struct {
	Block    uint64            // the state as of the end of this block
	Snapshot chainmsg.Position // the position of the snapshot replayed from
	Scope    string            // the snapshot's scope
	LastSeq  uint64            // the last record replayed (a snapshot part or a command)
	// Entries are the state's entries, without deleted ones, sorted by
	// slot, then value slots before map entries, then key (compact JSON).
	Entries []audit.Entry
	// Notes say why the state may be incomplete or out of date: missing
	// snapshot parts or records, a scope change whose snapshot is not on
	// the ledger, a removed key.
	Notes []string
}

// StateAt replays the trail up to the end of block: the latest snapshot at
// or before it (all parts of one snapshot share its position; a snapshot
// replaces the whole in-scope state), then, in Seq order, every command
// record after the snapshot whose command is in a block up to block, each
// writing its entries (a JSON null value deletes). It returns
// ErrNoSnapshot (wrapped) when there is nothing to start from.
//
// An appointment made before the network was first founded has no
// snapshot (no enclave held the state; the enclaves write none): it counts
// as a snapshot of the empty state at its position.
func (t *Trail) StateAt(block uint64) (*State, error) {
	var snap *chainmsg.Position
	for _, it := range t.Items {
		if at := it.At(); it.Record.Kind == audit.KindSnapshot && at.Block <= block && (snap == nil || snap.Less(at)) {
			snap = &at
		}
	}
	empty := ""
	for _, a := range t.Appointments {
		sc, err := audit.ParseScope(a.Scope)
		if a.Removed() || err != nil || a.At.Block > block || t.founded != nil && !a.At.Less(*t.founded) {
			continue
		}
		if snap == nil || snap.Less(a.At) {
			at := a.At
			snap, empty = &at, sc.String()
		}
	}
	if snap == nil {
		for _, it := range t.Items {
			if it.Record.Kind == audit.KindSnapshot {
				return nil, fmt.Errorf("%w: the first snapshot of this key is at block %d, after block %d", ErrNoSnapshot, it.Record.Block, block)
			}
		}
		return nil, fmt.Errorf("%w: this key has no snapshot on the ledger (not appointed, or its snapshot is not posted yet)", ErrNoSnapshot)
	}
	s := &State{Block: block, Snapshot: *snap, Scope: empty}
	entries := map[string]audit.Entry{}
	parts := map[uint32]bool{}
	var total uint32
	first := empty == ""
	for _, it := range t.Items {
		r := it.Record
		switch at := it.At(); {
		case r.Kind == audit.KindSnapshot && at == *snap:
			if first {
				s.Scope, total, first = r.Scope, r.Parts, false
			}
			if r.Parts != total {
				s.notef("snapshot record %d says the snapshot has %d parts, an earlier part says %d", r.Seq, r.Parts, total)
			}
			if parts[r.Part] {
				s.notef("snapshot part %d appears twice (record %d); both are applied", r.Part, r.Seq)
			}
			parts[r.Part] = true
			for _, e := range r.State {
				if !isNull(e.Value) {
					set(entries, e)
				}
			}
		case r.Kind == audit.KindCommand && snap.Less(at) && at.Block <= block:
			for _, e := range r.State {
				if isNull(e.Value) {
					delete(entries, entryID(e))
				} else {
					set(entries, e)
				}
			}
		default:
			continue
		}
		s.LastSeq = r.Seq
	}
	var absent []uint32
	for p := range total {
		if !parts[p] {
			absent = append(absent, p)
		}
	}
	if len(absent) > 0 {
		s.notef("the snapshot of block %d lacks parts %v of %d (not on the ledger yet, or withheld): their entries are missing", snap.Block, absent, total)
	}
	t.noteGaps(s)
	t.noteAppointment(s)
	s.Entries = make([]audit.Entry, 0, len(entries))
	for _, e := range entries {
		s.Entries = append(s.Entries, e)
	}
	slices.SortFunc(s.Entries, func(a, b audit.Entry) int {
		return cmp.Or(cmp.Compare(a.Slot, b.Slot), cmp.Compare(len(a.Key), 0)-cmp.Compare(len(b.Key), 0), bytes.Compare(a.Key, b.Key))
	})
	return s, nil
}

// noteGaps notes the missing records that may have written to the state:
// those after the snapshot's first part and before the first record of a
// later block.
func (t *Trail) noteGaps(s *State) {
	var lo uint64
	for _, it := range t.Items {
		if it.Record.Kind == audit.KindSnapshot && it.At() == s.Snapshot {
			lo = it.Record.Seq
			break
		}
	}
	hi := ^uint64(0)
	for _, it := range t.Items {
		if it.Record.Block > s.Block {
			hi = it.Record.Seq
			break
		}
	}
	for _, g := range t.missing {
		if g[1] < lo || g[0] > hi {
			continue
		}
		what := fmt.Sprintf("records %d to %d are missing", g[0], g[1])
		if g[0] == g[1] {
			what = fmt.Sprintf("record %d is missing", g[0])
		}
		if g[1] < s.LastSeq { // a later record was replayed: the missing ones came before it
			s.notef("%s: the state lacks whatever %s wrote", what, pick(g[0] == g[1], "it", "they"))
		} else {
			s.notef("%s: the state lacks whatever %s wrote if %s in block %d or earlier", what,
				pick(g[0] == g[1], "it", "they"), pick(g[0] == g[1], "its command is", "their commands are"), s.Block)
		}
	}
}

// noteAppointment notes a scope change or removal at or before the block
// that the snapshot does not reflect.
func (t *Trail) noteAppointment(s *State) {
	var cur *Appointment
	for i := range t.Appointments {
		if a := &t.Appointments[i]; a.At.Block <= s.Block {
			cur = a
		}
	}
	switch {
	case cur == nil || cur.At == s.Snapshot || cur.At.Less(s.Snapshot):
	case cur.Removed():
		s.notef("governance removed this key in block %d: the state after that is not reported to it", cur.At.Block)
	default:
		s.notef("governance set this key's scope to %q in block %d, but that snapshot is not on the ledger (yet): this is the state under the earlier scope", cur.Scope, cur.At.Block)
	}
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

func (s *State) notef(format string, a ...any) { s.Notes = append(s.Notes, fmt.Sprintf(format, a...)) }

// About returns the entries whose key names account: its address in hex
// appears in the key's JSON, in any case (a key that embeds it in raw
// bytes matches too).
func (s *State) About(account common.Address) []audit.Entry {
	var out []audit.Entry
	for _, e := range s.Entries {
		if Mentions(e, account) {
			out = append(out, e)
		}
	}
	return out
}

// Mentions reports whether e's key names account: the 40 hex digits of the
// address appear, in any case, in the key's JSON.
func Mentions(e audit.Entry, account common.Address) bool {
	return len(e.Key) > 0 && bytes.Contains(bytes.ToLower(e.Key), []byte(hex.EncodeToString(account[:])))
}

// set writes e (compacted) into entries.
func set(entries map[string]audit.Entry, e audit.Entry) {
	c := audit.Entry{Slot: e.Slot, Key: compactJSON(e.Key), Value: compactJSON(e.Value)}
	entries[entryID(c)] = c
}

// entryID identifies a state entry: its slot and, for a map entry, its key
// as compact JSON.
func entryID(e audit.Entry) string {
	if len(e.Key) == 0 {
		return e.Slot
	}
	return e.Slot + "\x00" + string(compactJSON(e.Key))
}

func compactJSON(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw // ParseRecord let it through, so it is JSON; keep it as is
	}
	return b.Bytes()
}

func isNull(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) == 0 || string(v) == "null"
}
