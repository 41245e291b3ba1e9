// Package auditor is the auditor's side of auditing: it reads, from the
// ledger alone, the audit records the member enclaves sealed to one
// auditor key (wire/audit), checks them for gaps and contradictions, and
// replays them into the in-scope state at any block.
//
// Trust: USER side, like client. It holds the auditor's private key and
// links no enclave, TEE, node, devnet, assembly or client code
// (internal/deps): what it knows comes from the chain through Source.
//
// # What it reads
//
// Governance registers an auditor's X25519 public key with a scope, changes
// the scope, or removes the key (AuditorChanged events). Read accepts such
// an event as the enclaves do: it must be the next auditor act (nonce one
// more than the last accepted) and carry the signatures of a threshold of
// the genesis governors. An event that fails either check is reported in
// Trail.Problems and ignored, as the enclaves ignore it.
//
// From a registration on, the enclaves post, in Audit events, every record
// they made for this key: first a snapshot of the in-scope state (one or
// more KindSnapshot parts, all at the position of the AuditorChanged event),
// then one KindCommand record per applied command in scope (at the position
// of the command's batch), and a new snapshot at every scope change. An
// Audit event mixes the records of all auditors with padding; Read tries
// every record with the auditor's key and keeps those that open.
//
// # What it checks
//
// Records are numbered per key by Seq, from 0, without gaps, and never
// renumbered, so Read reports missing numbers (records not posted yet, or
// withheld), two different records with one number (conflicts: an enclave
// is faulty or the ledger's answer was tampered with), and records that do
// not fit the governance history: a record whose scope is not the one in
// force at its position, a command record where the ledger has no
// Commands event, a snapshot that is not at one of the key's appointments,
// records out of ledger order. Problems never stop the read; an auditor
// reads them next to the trail.
//
// What it cannot check: HPKE base mode does not authenticate the sender,
// so anyone who knows the auditor's public key (it is on the ledger) can
// seal a record to it. Records are authentic because the contract accepts
// audit posts only from member enclaves, which Read trusts the ledger (its
// RPC endpoint) to have enforced; an auditor who does not trust a provider
// reads through a node of its own. A forged record that reuses a Seq shows
// up as a conflict. Trailing records that were never posted are invisible
// until a later record shows the gap.
package auditor

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hpke"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Source is what the auditor reads: any ledger.Ledger satisfies it (Events
// pages through at most ledger.EventWindow blocks per call; Read calls it
// until it has passed the head).
type Source interface {
	Events(ctx context.Context, fromBlock uint64) ([]chainmsg.Event, uint64, error)
	Head(ctx context.Context) (uint64, error)
	Genesis(ctx context.Context) (chainmsg.Genesis, error)
	ChainID() *big.Int
	Contract() common.Address
}

// Appointment is one governance act on the auditor's key: its
// registration, a change of its scope, or (Scope empty) its removal.
type Appointment struct {
	Scope  string            // as governance set it; "" = the key was removed
	At     chainmsg.Position // the AuditorChanged event
	TxHash common.Hash
	Nonce  uint64             // the auditor act's number
	Until  *chainmsg.Position // the key's next act (scope change or removal); nil while in force
}

// Removed reports whether the act removed the key.
func (a Appointment) Removed() bool { return a.Scope == "" }

// Item is one of the auditor's records and the post that carried it.
type Item struct {
	Record *audit.Record
	Post   chainmsg.Position // the Audit event
	TxHash common.Hash
	Poster common.Address // the member enclave that posted it
}

// At is the ledger position of what caused the record: the command's
// batch, or the appointment a snapshot belongs to.
func (it Item) At() chainmsg.Position {
	return chainmsg.Position{Block: it.Record.Block, Index: it.Record.LogIndex}
}

// Trail is what the ledger holds for one auditor key.
type Trail struct {
	Key        [32]byte // the auditor's public key
	From, Head uint64   // the blocks read, both included
	// Appointments are the key's verified governance acts, in ledger order.
	Appointments []Appointment
	// Items are the key's records, one per Seq, in Seq order. A record
	// posted again with the same plaintext is dropped.
	Items []Item
	// Conflicts are records whose Seq an earlier, different record holds
	// (that one stays in Items).
	Conflicts []Item
	// Problems says, in words, what is missing or does not add up: gaps in
	// Seq, conflicts, records that do not fit the governance history,
	// governance events that did not verify.
	Problems []string

	missing [][2]uint64        // the gaps in Seq, as inclusive ranges
	founded *chainmsg.Position // the network's first founding, if read
}

// x25519 is the KEM id of DHKEM(X25519, HKDF-SHA256), the auditor keys'.
const x25519 = 0x0020

// Read reads the trail of the auditor whose private key is key from block
// from (the contract's deployment block: governance acts are checked in
// order from the first) to the head.
func Read(ctx context.Context, src Source, key hpke.PrivateKey, from uint64) (*Trail, error) {
	if key == nil || key.KEM().ID() != x25519 {
		return nil, errors.New("auditor: the key is not an X25519 HPKE key (audit.ParsePrivateKey makes one)")
	}
	r, err := newReader(ctx, src)
	if err != nil {
		return nil, err
	}
	t := &Trail{From: from}
	copy(t.Key[:], key.PublicKey().Bytes())
	bySeq := map[uint64]int{}               // index in t.Items
	batches := map[chainmsg.Position]bool{} // positions of Commands events
	onAct := func(ev chainmsg.Event, a *chainmsg.AuditorChangedEvent) {
		if a.Key != t.Key {
			return
		}
		if n := len(t.Appointments); n > 0 {
			at := ev.Position
			t.Appointments[n-1].Until = &at
		}
		t.Appointments = append(t.Appointments, Appointment{Scope: string(a.Scope), At: ev.Position, TxHash: ev.TxHash, Nonce: a.Nonce})
		if len(a.Scope) > 0 {
			if _, err := audit.ParseScope(string(a.Scope)); err != nil {
				r.problemf("block %d: governance set this key's scope to %q, which does not parse (%v): the enclaves send no records under it",
					ev.Block, a.Scope, err)
			}
		}
	}
	onEvent := func(ev chainmsg.Event) {
		if ev.Commands != nil {
			batches[ev.Position] = true
		}
		if f := ev.Founded; f != nil && f.Nonce == 0 && t.founded == nil {
			d := chainmsg.GovernanceDigest(r.chainID, r.contract, chainmsg.ActFounder, 0, chainmsg.AddressPayload(f.Identity))
			if err := r.genesis.VerifyApprovals(d, f.Sigs); err != nil {
				r.problemf("block %d: founding event ignored: %v", ev.Block, err)
			} else {
				at := ev.Position
				t.founded = &at
			}
		}
		if ev.Audit == nil {
			return
		}
		for i, sealed := range ev.Audit.Records {
			rec, err := audit.OpenRecord(key, r.chain, r.contract, sealed)
			switch {
			case errors.Is(err, audit.ErrSealed), errors.Is(err, audit.ErrTooLarge):
				continue // another auditor's record, or padding
			case err != nil:
				// It opened with this key, so an enclave sealed it to us.
				r.problemf("block %d: record %d of audit post %d opens with this key but does not parse: %v", ev.Block, i, ev.Audit.Seq, err)
				continue
			}
			it := Item{Record: rec, Post: ev.Position, TxHash: ev.TxHash, Poster: ev.Audit.Enclave}
			j, seen := bySeq[rec.Seq]
			if !seen {
				bySeq[rec.Seq] = len(t.Items)
				t.Items = append(t.Items, it)
				continue
			}
			prev := t.Items[j]
			a, errA := prev.Record.Marshal()
			b, errB := rec.Marshal()
			if errA == nil && errB == nil && bytes.Equal(a, b) {
				continue // the same record posted again
			}
			t.Conflicts = append(t.Conflicts, it)
			r.problemf("record %d: two different records with this number, posted in block %d by %s and in block %d by %s (the first is kept): an enclave is faulty or the ledger's answer was tampered with",
				rec.Seq, prev.Post.Block, prev.Poster.Hex(), it.Post.Block, it.Poster.Hex())
		}
	}
	head, err := r.run(ctx, from, onAct, onEvent)
	if err != nil {
		return nil, err
	}
	t.Head = head
	t.Problems = r.problems
	slices.SortFunc(t.Items, func(a, b Item) int { return cmp.Compare(a.Record.Seq, b.Record.Seq) })
	t.checkSeq()
	t.checkHistory(batches)
	return t, nil
}

func (t *Trail) problemf(format string, a ...any) {
	t.Problems = append(t.Problems, fmt.Sprintf(format, a...))
}

// checkSeq reports the gaps in Seq below the highest record.
func (t *Trail) checkSeq() {
	next := uint64(0)
	for _, it := range t.Items {
		if s := it.Record.Seq; s > next {
			t.missing = append(t.missing, [2]uint64{next, s - 1})
			if s-1 == next {
				t.problemf("record %d is missing (not on the ledger yet, or withheld), though record %d is there", next, s)
			} else {
				t.problemf("records %d to %d are missing (not on the ledger yet, or withheld), though record %d is there", next, s-1, s)
			}
		}
		next = it.Record.Seq + 1
	}
}

// checkHistory reports records that do not fit the key's appointments or
// the ledger: each must be under the scope in force at its position (a
// snapshot exactly at an appointment), a command record at a Commands
// event, every record before the post that carried it, and the records in
// ledger order.
func (t *Trail) checkHistory(batches map[chainmsg.Position]bool) {
	var prev *Item
	for i := range t.Items {
		it := &t.Items[i]
		r, at := it.Record, it.At()
		if prev != nil && at.Less(prev.At()) {
			t.problemf("record %d (block %d) comes before record %d (block %d) on the ledger: records are out of order",
				r.Seq, at.Block, prev.Record.Seq, prev.Record.Block)
		}
		prev = it
		if !at.Less(it.Post) {
			t.problemf("record %d names block %d, index %d, not before the post that carried it (block %d, index %d)",
				r.Seq, at.Block, at.Index, it.Post.Block, it.Post.Index)
		}
		ap := t.appointmentAt(at, r.Kind == audit.KindSnapshot)
		switch {
		case ap == nil && r.Kind == audit.KindSnapshot:
			t.problemf("record %d: a snapshot at block %d, index %d, where governance did not appoint this key", r.Seq, at.Block, at.Index)
			continue
		case ap == nil || ap.Removed():
			t.problemf("record %d: a %s at block %d, when this key was not an auditor", r.Seq, r.Kind, at.Block)
			continue
		}
		if sc, err := audit.ParseScope(ap.Scope); err != nil || sc.String() != r.Scope {
			t.problemf("record %d (block %d) is under scope %q, but the scope in force was %q", r.Seq, at.Block, r.Scope, ap.Scope)
		}
		if r.Kind == audit.KindCommand && !batches[at] {
			t.problemf("record %d: a command at block %d, index %d, where the ledger has no command batch", r.Seq, at.Block, at.Index)
		}
	}
}

// appointmentAt returns the appointment in force at p: the last one
// strictly before p, or, for a snapshot, the one exactly at p.
func (t *Trail) appointmentAt(p chainmsg.Position, snapshot bool) *Appointment {
	for i := len(t.Appointments) - 1; i >= 0; i-- {
		a := &t.Appointments[i]
		if snapshot {
			if a.At == p {
				return a
			}
			continue
		}
		if a.At.Less(p) {
			return a
		}
	}
	return nil
}

// Log returns the command records of commands at fromBlock or later, in
// Seq order.
func (t *Trail) Log(fromBlock uint64) []Item {
	var out []Item
	for _, it := range t.Items {
		if it.Record.Kind == audit.KindCommand && it.Record.Block >= fromBlock {
			out = append(out, it)
		}
	}
	return out
}

// reader pages through a Source's events and checks governance acts on
// auditors as the enclaves do.
type reader struct {
	src      Source
	chainID  *big.Int
	chain    uint64
	contract common.Address
	genesis  chainmsg.Genesis
	acts     uint64 // auditor acts accepted
	problems []string
}

func newReader(ctx context.Context, src Source) (*reader, error) {
	r := &reader{src: src, chainID: src.ChainID(), contract: src.Contract()}
	if r.chainID == nil || !r.chainID.IsUint64() {
		return nil, fmt.Errorf("auditor: chain id %v is not a 64-bit number", r.chainID)
	}
	r.chain = r.chainID.Uint64()
	g, err := src.Genesis(ctx)
	if err != nil {
		return nil, fmt.Errorf("auditor: reading the genesis: %w", err)
	}
	if g.ChainID != r.chain || g.Contract != r.contract {
		return nil, fmt.Errorf("auditor: the ledger's genesis is for chain %d, contract %s, not chain %d, contract %s",
			g.ChainID, g.Contract.Hex(), r.chain, r.contract.Hex())
	}
	if err := g.Check(); err != nil {
		return nil, fmt.Errorf("auditor: %w", err)
	}
	r.genesis = g
	return r, nil
}

// run reads the events of blocks [from, head] and returns the last block
// read. onAct sees each AuditorChanged event that verifies, onEvent every
// event; both run in ledger order. Events out of order and governance acts
// that do not verify are reported in r.problems and skipped.
func (r *reader) run(ctx context.Context, from uint64, onAct func(chainmsg.Event, *chainmsg.AuditorChangedEvent), onEvent func(chainmsg.Event)) (uint64, error) {
	head, err := r.src.Head(ctx)
	if err != nil {
		return 0, fmt.Errorf("auditor: reading the head: %w", err)
	}
	last := head
	var prev *chainmsg.Position
	for b := from; b <= head; {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		events, next, err := r.src.Events(ctx, b)
		if err != nil {
			return 0, fmt.Errorf("auditor: reading events from block %d: %w", b, err)
		}
		if next <= b {
			return 0, fmt.Errorf("auditor: the ledger's events from block %d end at block %d: no progress", b, next)
		}
		for _, ev := range events {
			if ev.Block < b || ev.Block >= next || prev != nil && !prev.Less(ev.Position) {
				r.problemf("block %d, index %d: an event out of order in the ledger's answer, ignored", ev.Block, ev.Index)
				continue
			}
			p := ev.Position
			prev = &p
			if a := ev.Auditor; a != nil {
				if err := r.act(a); err != nil {
					r.problemf("block %d: governance event on auditor key 0x%x (act %d) ignored: %v", ev.Block, a.Key, a.Nonce, err)
					continue
				}
				onAct(ev, a)
			}
			onEvent(ev)
		}
		last = max(last, next-1)
		b = next
	}
	return last, nil
}

// act checks an auditor act as the enclaves do: the next act number,
// approved by a threshold of genesis governors.
func (r *reader) act(a *chainmsg.AuditorChangedEvent) error {
	if a.Nonce != r.acts+1 {
		return fmt.Errorf("act %d, the next is %d (replayed, older or skipped)", a.Nonce, r.acts+1)
	}
	d := chainmsg.GovernanceDigest(r.chainID, r.contract, chainmsg.ActAuditor, a.Nonce, chainmsg.AuditorPayload(a.Key, a.Scope))
	if err := r.genesis.VerifyApprovals(d, a.Sigs); err != nil {
		return err
	}
	r.acts = a.Nonce
	return nil
}

func (r *reader) problemf(format string, a ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, a...))
}
