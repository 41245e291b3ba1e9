package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// ErrMalformed means a record breaks the rules of ParseRecord.
var ErrMalformed = errors.New("audit: malformed record")

// Entry is one state entry: a map entry (Key set) or a value slot (Key nil).
type Entry struct {
	Slot  string          `json:"slot"`
	Key   json.RawMessage `json:"key,omitempty"`
	Value json.RawMessage `json:"value"` // JSON null when the entry was deleted
}

// Kind says what a record reports.
type Kind string

const (
	// KindSnapshot: part of the in-scope state when the auditor was
	// registered (or its scope changed).
	KindSnapshot Kind = "snapshot"
	// KindCommand: one applied command in scope.
	KindCommand Kind = "command"
)

// Record is the plaintext an auditor reads.
type Record struct {
	Seq      uint64 `json:"seq"` // per auditor key, from 0, contiguous: gaps show withheld records
	Kind     Kind   `json:"kind"`
	Scope    string `json:"scope"` // the scope in force (canonical)
	Block    uint64 `json:"block"` // ledger position of the event that caused it
	LogIndex uint64 `json:"log_index"`
	// snapshot records: the in-scope state at registration, in parts
	Part  uint32 `json:"part,omitempty"`
	Parts uint32 `json:"parts,omitempty"`
	// command records
	ID       *common.Hash    `json:"id,omitempty"` // the request id
	Signer   *common.Address `json:"signer,omitempty"`
	App      string          `json:"app,omitempty"`
	Function string          `json:"function,omitempty"`
	Args     json.RawMessage `json:"args,omitempty"`
	OK       bool            `json:"ok"`
	Reason   string          `json:"reason,omitempty"`
	// State holds the in-scope entries the command wrote, or (a snapshot
	// part) in-scope entries as they are. It is never null in the
	// encoding: no entries is [].
	State []Entry `json:"state"`
}

// Marshal encodes r deterministically: encoding/json of the struct, with
// Args and the entries' JSON compacted, so that records equal up to JSON
// whitespace encode to the same bytes on every enclave. It refuses a
// record that ParseRecord would refuse, so whatever is sealed opens. It
// does not bound the size: SealRecord refuses an encoding over
// MaxRecordPlaintext, and a producer splits a snapshot into parts so that
// each stays under it.
func (r *Record) Marshal() ([]byte, error) {
	c, err := r.canonical()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return b, nil
}

// ParseRecord decodes a record strictly: no unknown fields, nothing after
// the object, valid UTF-8, and the rules of check (a known kind, a
// canonical scope, the fields of its kind and no others).
func ParseRecord(b []byte) (*Record, error) {
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrMalformed)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the record", ErrMalformed)
	}
	if r.State == nil {
		return nil, fmt.Errorf("%w: state is missing or null (no entries is [])", ErrMalformed)
	}
	if _, err := r.canonical(); err != nil {
		return nil, err
	}
	return &r, nil
}

// canonical checks r and returns the copy that Marshal encodes: JSON
// compacted, State never nil.
func (r *Record) canonical() (*Record, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	if !utf8.ValidString(r.Reason) {
		return nil, fmt.Errorf("%w: reason is not valid UTF-8", ErrMalformed)
	}
	c := *r
	var err error
	if len(r.Args) > 0 {
		if c.Args, err = compact("args", r.Args); err != nil {
			return nil, err
		}
	}
	c.State = make([]Entry, len(r.State))
	for i, e := range r.State {
		if c.State[i], err = e.canonical(); err != nil {
			return nil, fmt.Errorf("%w (state entry %d)", err, i)
		}
	}
	return &c, nil
}

func (r *Record) check() error {
	if r.Kind != KindSnapshot && r.Kind != KindCommand {
		return fmt.Errorf("%w: kind %q is neither %q nor %q", ErrMalformed, r.Kind, KindSnapshot, KindCommand)
	}
	sc, err := ParseScope(r.Scope)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if canon := sc.String(); canon != r.Scope {
		return fmt.Errorf("%w: scope %q is not in canonical form (want %q)", ErrMalformed, r.Scope, canon)
	}
	switch r.Kind {
	case KindSnapshot:
		switch {
		case r.Parts == 0:
			return fmt.Errorf("%w: a snapshot needs parts of at least 1", ErrMalformed)
		case r.Part >= r.Parts:
			return fmt.Errorf("%w: snapshot part %d of %d (parts count from 0)", ErrMalformed, r.Part, r.Parts)
		case r.ID != nil || r.Signer != nil || r.App != "" || r.Function != "" || len(r.Args) > 0 || r.OK || r.Reason != "":
			return fmt.Errorf("%w: a snapshot has a command field (id, signer, app, function, args, ok or reason)", ErrMalformed)
		}
	case KindCommand:
		switch {
		case r.ID == nil || r.Signer == nil:
			return fmt.Errorf("%w: a command record needs an id and a signer", ErrMalformed)
		case !wire.ValidName(r.App) || !wire.ValidName(r.Function):
			return fmt.Errorf("%w: app %q or function %q is not a valid name", ErrMalformed, r.App, r.Function)
		case r.App != sc.App:
			return fmt.Errorf("%w: command of app %q under scope %q", ErrMalformed, r.App, r.Scope)
		case len(sc.Functions) > 0 && !slices.Contains(sc.Functions, r.Function):
			return fmt.Errorf("%w: function %q is outside scope %q", ErrMalformed, r.Function, r.Scope)
		case r.Part != 0 || r.Parts != 0:
			return fmt.Errorf("%w: a command record has snapshot parts", ErrMalformed)
		}
	}
	return nil
}

func (e Entry) canonical() (Entry, error) {
	if !wire.ValidName(e.Slot) {
		return Entry{}, fmt.Errorf("%w: slot name %q is not 1 to 64 of a-z, 0-9, '_' and '-'", ErrMalformed, e.Slot)
	}
	c := Entry{Slot: e.Slot, Value: json.RawMessage("null")}
	var err error
	if len(e.Key) > 0 {
		if c.Key, err = compact("key", e.Key); err != nil {
			return Entry{}, err
		}
		if string(c.Key) == "null" {
			return Entry{}, fmt.Errorf("%w: key of slot %q is null (a value slot has no key)", ErrMalformed, e.Slot)
		}
	}
	if len(e.Value) > 0 {
		if c.Value, err = compact("value", e.Value); err != nil {
			return Entry{}, err
		}
	}
	return c, nil
}

func compact(what string, raw json.RawMessage) (json.RawMessage, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, fmt.Errorf("%w: %s is not JSON: %w", ErrMalformed, what, err)
	}
	if !utf8.Valid(b.Bytes()) {
		return nil, fmt.Errorf("%w: %s is not valid UTF-8", ErrMalformed, what)
	}
	return b.Bytes(), nil
}
