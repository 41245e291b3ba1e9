package explorer

import (
	"context"
	"crypto/hpke"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/auditor"
	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Auditors is what everyone can read about auditing: the auditors
// governance appointed (public keys and scopes), its acts on them, and the
// audit posts, whose records are sealed to the auditors (their number and
// size only).
type Auditors struct {
	// InOffice are the auditors at the head, oldest appointment first.
	InOffice []AuditorRow `json:"in_office"`
	// Acts are the AuditorChanged events, in ledger order, including those
	// that did not verify (What "ignored").
	Acts  []AuditorAct     `json:"acts"`
	Posts AuditPostSummary `json:"posts"`
}

// AuditorRow is one auditor in office.
type AuditorRow struct {
	Key   common.Hash `json:"key"` // the auditor's X25519 public key
	Scope string      `json:"scope"`
	// ScopeError says why Scope does not parse: the enclaves then seal
	// nothing to the auditor.
	ScopeError string `json:"scope_error,omitempty"`
	Since      uint64 `json:"since_block"`   // the act that appointed the key (after its last removal)
	Changed    uint64 `json:"changed_block"` // the act that set Scope
	Act        uint64 `json:"act"`           // that act's number
}

// Auditor acts, as AuditorAct.What and (prefixed "auditor ") Change.What.
const (
	ActAppointed    = "appointed"
	ActScopeChanged = "scope changed"
	ActRemoved      = "removed"
	ActIgnored      = "ignored" // did not verify: the enclaves ignore it too
)

// AuditorAct is one AuditorChanged event.
type AuditorAct struct {
	Block      uint64      `json:"block"`
	Tx         common.Hash `json:"tx"`
	What       string      `json:"what"`
	Key        common.Hash `json:"key"`
	Scope      string      `json:"scope,omitempty"` // empty for a removal
	Act        uint64      `json:"act"`
	Signatures int         `json:"signatures"`
	Detail     string      `json:"detail,omitempty"` // why an ignored act does not verify
}

// AuditPostSummary holds the totals of the audit posts and the most recent
// ones, newest first. Records counts sealed records, padding included (a
// post's count is a power of two); Bytes their sealed size (the headers
// excluded).
type AuditPostSummary struct {
	Total   int            `json:"total_posts"`
	Records int            `json:"total_records"`
	Bytes   int            `json:"total_bytes"`
	Recent  []AuditPostRow `json:"recent"`
}

// AuditPostRow is one Audit event.
type AuditPostRow struct {
	Block   uint64         `json:"block"`
	Tx      common.Hash    `json:"tx"`
	Enclave common.Address `json:"enclave"` // the member that posted it
	Epoch   uint64         `json:"epoch"`
	Seq     uint64         `json:"seq"`
	Records int            `json:"records"`
	Bytes   int            `json:"bytes"`
}

// maxRecentPosts bounds the audit posts table.
const maxRecentPosts = 50

// auditorAct is the explorer's verdict on one AuditorChanged event.
type auditorAct struct {
	ev     chainmsg.Event
	what   string
	detail string
}

// auditorActs checks every AuditorChanged event as the enclaves and the
// auditor package do: it must be the next act (its number one more than
// the last accepted) and carry the approvals of a threshold of the genesis
// governors. Acts that fail are ignored (and do not count).
func (s *Snapshot) auditorActs() []auditorAct {
	var out []auditorAct
	g := s.Genesis
	genesisErr := g.Check()
	if genesisErr == nil && (g.ChainID != s.ChainID || g.Contract != s.Contract) {
		genesisErr = fmt.Errorf("the genesis is for chain %d, contract %s", g.ChainID, g.Contract.Hex())
	}
	chainID := new(big.Int).SetUint64(s.ChainID)
	var accepted uint64
	inOffice := map[[32]byte]bool{}
	for _, e := range s.Events {
		a := e.Auditor
		if a == nil {
			continue
		}
		act := auditorAct{ev: e}
		switch {
		case genesisErr != nil:
			act.what, act.detail = ActIgnored, "cannot be verified: "+genesisErr.Error()
		case a.Nonce != accepted+1:
			act.what, act.detail = ActIgnored, fmt.Sprintf("act %d, the next is %d (replayed, older or skipped)", a.Nonce, accepted+1)
		default:
			d := chainmsg.GovernanceDigest(chainID, s.Contract, chainmsg.ActAuditor, a.Nonce, chainmsg.AuditorPayload(a.Key, a.Scope))
			if err := g.VerifyApprovals(d, a.Sigs); err != nil {
				act.what, act.detail = ActIgnored, err.Error()
				break
			}
			accepted = a.Nonce
			switch {
			case len(a.Scope) == 0:
				act.what = ActRemoved
				delete(inOffice, a.Key)
			case inOffice[a.Key]:
				act.what = ActScopeChanged
			default:
				act.what = ActAppointed
				inOffice[a.Key] = true
			}
		}
		out = append(out, act)
	}
	return out
}

func (o *Overview) buildAuditors(s *Snapshot, acts []auditorAct) {
	x := &o.Auditors
	x.InOffice, x.Acts = []AuditorRow{}, []AuditorAct{}
	find := func(key [32]byte) int {
		return slices.IndexFunc(x.InOffice, func(r AuditorRow) bool { return r.Key == key })
	}
	for _, act := range acts {
		e, a := act.ev, act.ev.Auditor
		x.Acts = append(x.Acts, AuditorAct{Block: e.Block, Tx: e.TxHash, What: act.what, Key: a.Key, Scope: string(a.Scope),
			Act: a.Nonce, Signatures: len(a.Sigs), Detail: act.detail})
		switch act.what {
		case ActRemoved:
			if i := find(a.Key); i >= 0 {
				x.InOffice = slices.Delete(x.InOffice, i, i+1)
			}
		case ActAppointed, ActScopeChanged:
			i := find(a.Key)
			if i < 0 {
				i = len(x.InOffice)
				x.InOffice = append(x.InOffice, AuditorRow{Key: a.Key, Since: e.Block})
			}
			r := &x.InOffice[i]
			r.Scope, r.Changed, r.Act, r.ScopeError = string(a.Scope), e.Block, a.Nonce, ""
			if _, err := audit.ParseScope(r.Scope); err != nil {
				r.ScopeError = err.Error()
			}
		}
	}
	p := &x.Posts
	p.Recent = []AuditPostRow{}
	for i := len(s.Events) - 1; i >= 0; i-- {
		e := s.Events[i]
		a := e.Audit
		if a == nil {
			continue
		}
		row := AuditPostRow{Block: e.Block, Tx: e.TxHash, Enclave: a.Enclave, Epoch: a.Epoch, Seq: a.Seq, Records: len(a.Records)}
		for _, r := range a.Records {
			row.Bytes += len(r)
		}
		p.Total++
		p.Records += row.Records
		p.Bytes += row.Bytes
		if len(p.Recent) < maxRecentPosts {
			p.Recent = append(p.Recent, row)
		}
	}
}

// AuditView is what the explorer's auditor key opens: the auditor's trail
// (auditor.Read), computed locally from the events the page shows. Only
// an explorer started with an auditor key has one.
type AuditView struct {
	Key common.Hash `json:"key"` // the auditor's public key
	// Error says why the trail could not be read; nothing else is set.
	Error string `json:"error,omitempty"`
	// Status: "in office", "removed" or "not appointed" (governance never
	// appointed this key: the ledger holds nothing for it).
	Status       string             `json:"status"`
	Scope        string             `json:"scope,omitempty"` // in force at the head
	Appointments []AuditAppointment `json:"appointments"`
	Records      int                `json:"records"` // the key's records on the ledger, one per seq
	// Commands are the in-scope commands, newest first, at most
	// maxAuditCommands of TotalCommands.
	Commands      []AuditCommand `json:"commands"`
	TotalCommands int            `json:"total_commands"`
	// State is the in-scope state at the head; StateError says why there
	// is none (no snapshot on the ledger yet).
	State      *AuditState `json:"state,omitempty"`
	StateError string      `json:"state_error,omitempty"`
	// Problems are the trail's: gaps, conflicts, records that do not fit
	// the governance history, acts that did not verify.
	Problems []string `json:"problems"`
}

// AuditAppointment is one governance act on the explorer's auditor key.
type AuditAppointment struct {
	Block uint64      `json:"block"`
	Tx    common.Hash `json:"tx"`
	Act   uint64      `json:"act"`
	Scope string      `json:"scope,omitempty"` // empty: the key was removed
}

// AuditCommand is one in-scope command record.
type AuditCommand struct {
	Seq      uint64          `json:"seq"`
	Block    uint64          `json:"block"` // the command's batch
	LogIndex uint64          `json:"log_index"`
	BatchTx  common.Hash     `json:"batch_tx,omitempty"`
	ID       *common.Hash    `json:"id,omitempty"`
	Signer   common.Address  `json:"signer"`
	App      string          `json:"app"`
	Function string          `json:"function"`
	Args     json.RawMessage `json:"args"`
	OK       bool            `json:"ok"`
	Reason   string          `json:"reason,omitempty"`
	Writes   []AuditEntry    `json:"writes"` // the in-scope entries it wrote
	Post     uint64          `json:"post_block"`
	Poster   common.Address  `json:"poster"`
}

// AuditState is the in-scope state at a block (auditor.Trail.StateAt).
type AuditState struct {
	Block    uint64       `json:"block"`
	Scope    string       `json:"scope"`
	Snapshot uint64       `json:"snapshot_block"`
	Entries  []AuditEntry `json:"entries"`
	Notes    []string     `json:"notes"`
}

// AuditEntry is one state entry; Key (a map entry's) and Value are
// compact JSON, Value "null" for a deleted entry.
type AuditEntry struct {
	Slot  string          `json:"slot"`
	Key   json.RawMessage `json:"key,omitempty"`
	Value json.RawMessage `json:"value"`
}

// maxAuditCommands bounds the audit view's command table.
const maxAuditCommands = 200

// ReadTrail reads the trail of the auditor whose private key is key from
// the snapshot's events (auditor.Read): no I/O, and exactly the events the
// rest of the page shows.
func ReadTrail(ctx context.Context, s *Snapshot, key hpke.PrivateKey) (*auditor.Trail, error) {
	return auditor.Read(ctx, snapshotSource{s}, key, s.DeployedAt)
}

// snapshotSource serves a snapshot's events as an auditor.Source.
type snapshotSource struct{ s *Snapshot }

func (x snapshotSource) Events(_ context.Context, from uint64) ([]chainmsg.Event, uint64, error) {
	evs := x.s.Events
	i := sort.Search(len(evs), func(i int) bool { return evs[i].Block >= from })
	return evs[i:], max(x.s.Head, from) + 1, nil
}

func (x snapshotSource) Head(context.Context) (uint64, error) { return x.s.Head, nil }

func (x snapshotSource) Genesis(context.Context) (chainmsg.Genesis, error) { return x.s.Genesis, nil }

func (x snapshotSource) ChainID() *big.Int { return new(big.Int).SetUint64(x.s.ChainID) }

func (x snapshotSource) Contract() common.Address { return x.s.Contract }

func (o *Overview) buildAudit(s *Snapshot) {
	t := s.Trail
	if t == nil {
		if s.TrailErr != nil {
			o.Audit = &AuditView{Error: s.TrailErr.Error(), Appointments: []AuditAppointment{}, Commands: []AuditCommand{}, Problems: []string{}}
		}
		return
	}
	v := &AuditView{Key: t.Key, Appointments: []AuditAppointment{}, Commands: []AuditCommand{}, Problems: []string{}, Records: len(t.Items)}
	o.Audit = v
	v.Problems = append(v.Problems, t.Problems...)
	v.Status = "not appointed"
	for _, a := range t.Appointments {
		v.Appointments = append(v.Appointments, AuditAppointment{Block: a.At.Block, Tx: a.TxHash, Act: a.Nonce, Scope: a.Scope})
		if a.Removed() {
			v.Status, v.Scope = "removed", ""
		} else {
			v.Status, v.Scope = "in office", a.Scope
		}
	}
	batchTx := map[chainmsg.Position]common.Hash{}
	for _, e := range s.Events {
		if e.Commands != nil {
			batchTx[e.Position] = e.TxHash
		}
	}
	log := t.Log(0)
	v.TotalCommands = len(log)
	for i := len(log) - 1; i >= 0 && len(v.Commands) < maxAuditCommands; i-- {
		it := log[i]
		r := it.Record
		c := AuditCommand{Seq: r.Seq, Block: r.Block, LogIndex: r.LogIndex, BatchTx: batchTx[it.At()], ID: r.ID,
			App: r.App, Function: r.Function, Args: rawJSON(r.Args), OK: r.OK, Reason: r.Reason, Writes: entries(r.State),
			Post: it.Post.Block, Poster: it.Poster}
		if r.Signer != nil {
			c.Signer = *r.Signer
		}
		v.Commands = append(v.Commands, c)
	}
	st, err := t.StateAt(s.Head)
	switch {
	case errors.Is(err, auditor.ErrNoSnapshot) && len(t.Appointments) == 0:
		// Never appointed: nothing to say beyond the status.
	case err != nil:
		v.StateError = err.Error()
	default:
		v.State = &AuditState{Block: st.Block, Scope: st.Scope, Snapshot: st.Snapshot.Block, Entries: entries(st.Entries), Notes: []string{}}
		v.State.Notes = append(v.State.Notes, st.Notes...)
	}
}

func entries(es []audit.Entry) []AuditEntry {
	out := make([]AuditEntry, 0, len(es))
	for _, e := range es {
		out = append(out, AuditEntry{Slot: e.Slot, Key: rawJSON(e.Key), Value: rawJSON(e.Value)})
	}
	return out
}

// rawJSON returns b if it is JSON (ParseRecord saw to that), else b as a
// JSON string, so that nothing a record holds can break the encoding of
// the whole page.
func rawJSON(b json.RawMessage) json.RawMessage {
	if len(b) == 0 || json.Valid(b) {
		return b
	}
	q, _ := json.Marshal(string(b))
	return q
}
