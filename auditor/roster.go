package auditor

import (
	"bytes"
	"context"
	"slices"

	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Auditor is one auditor in office.
type Auditor struct {
	Key   [32]byte // the auditor's X25519 public key
	Scope string   // as governance set it
	// Valid says whether Scope parses (audit.ParseScope); the enclaves
	// send no records under a scope that does not.
	Valid   bool
	Since   chainmsg.Position // the act that appointed the key (after its last removal)
	Changed chainmsg.Position // the act that set Scope
	Nonce   uint64            // that act's number
}

// Roster is the auditors in office at the head, from the governance acts
// on the ledger, each verified as the enclaves verify it.
type Roster struct {
	Auditors []Auditor // by appointment, oldest first
	Head     uint64    // the last block read
	// Problems lists the governance events that did not verify (ignored,
	// as the enclaves ignore them) and events out of order.
	Problems []string
}

// Auditors reads the auditors in office from block from (the contract's
// deployment block) to the head.
func Auditors(ctx context.Context, src Source, from uint64) (*Roster, error) {
	r, err := newReader(ctx, src)
	if err != nil {
		return nil, err
	}
	byKey := map[[32]byte]*Auditor{}
	head, err := r.run(ctx, from, func(ev chainmsg.Event, a *chainmsg.AuditorChangedEvent) {
		if len(a.Scope) == 0 {
			delete(byKey, a.Key)
			return
		}
		x := byKey[a.Key]
		if x == nil {
			x = &Auditor{Key: a.Key, Since: ev.Position}
			byKey[a.Key] = x
		}
		_, err := audit.ParseScope(string(a.Scope))
		x.Scope, x.Valid, x.Changed, x.Nonce = string(a.Scope), err == nil, ev.Position, a.Nonce
	}, func(chainmsg.Event) {})
	if err != nil {
		return nil, err
	}
	out := &Roster{Head: head, Problems: r.problems, Auditors: []Auditor{}}
	for _, x := range byKey {
		out.Auditors = append(out.Auditors, *x)
	}
	slices.SortFunc(out.Auditors, func(a, b Auditor) int {
		if a.Since != b.Since {
			if a.Since.Less(b.Since) {
				return -1
			}
			return 1
		}
		return bytes.Compare(a.Key[:], b.Key[:])
	})
	return out, nil
}
