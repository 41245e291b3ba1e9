package enclave

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Auditors. Governance registers an auditor's X25519 key with a scope
// (wire/audit); from the event on, every member enclave that applies a
// command in that scope writes an audit record for it, sealed to the
// auditor alone, and at registration (and each scope change) a snapshot of
// the in-scope state. Records are numbered per auditor key (Seq, never
// reset), so the auditor sees any gap.
//
// Records are deterministic: the HPKE ephemeral key comes from the epoch
// secret of the batch (or, for a snapshot, of the current epoch), the
// auditor's key and the record's Seq, so every member produces the same
// bytes. Any member may then post them (postAudit), and every member checks
// a post against its own records: a post that differs is counted and
// logged, and the records stay pending for an honest member to post. Only
// the members of that epoch know the secret the ephemeral key derives
// from, and they hold the state anyway; a removed member learns no later
// epoch's secret.
//
// What crosses to the host: the post (sealed header, sealed records and
// padding) and the number of records waiting (Status). Which commands are
// in whose scope stays inside: the host sees when records appear, not
// which command or auditor they are for.

// auditState is the auditors as this enclave verified them and its
// records not yet on the ledger. It is sealed with the enclave and handed
// to joiners with the state snapshot.
type auditState struct {
	Version  uint64           `json:"version"` // auditor acts applied
	Auditors []*auditorEntry  `json:"auditors,omitempty"`
	Seqs     []auditSeq       `json:"seqs,omitempty"`     // next record Seq per key, kept after removal
	Posted   uint64           `json:"posted"`             // index of the first record not yet on the ledger
	Pending  [][]byte         `json:"pending,omitempty"`  // sealed records from index Posted on
	Posts    uint64           `json:"posts"`              // audit posts applied: the next post's sequence number
	Diverged uint64           `json:"diverged,omitempty"` // posts that did not match this enclave's records
	seqIndex map[[32]byte]int // Seqs by key
	byKey    map[[32]byte]*auditorEntry
}

type auditorEntry struct {
	Key   [32]byte          `json:"key"`
	Scope string            `json:"scope"` // as governance set it
	Since chainmsg.Position `json:"since"`
	scope audit.Scope
	ok    bool // the scope parses; an auditor whose scope does not receives nothing
}

type auditSeq struct {
	Key  [32]byte `json:"key"`
	Next uint64   `json:"next"`
}

// Bounds of one audit post. A post carries at most maxAuditRecords real
// records; their number is padded up to a power of two with records of the
// smallest sealed size that nobody can open, so a post says only roughly
// how many records it holds.
const (
	maxAuditRecords = 64
	dummyRecordLen  = audit.RecordPadClass + audit.SealOverhead
	// snapshotPartBudget is the JSON budget of one snapshot part's entries,
	// well inside audit.MaxRecordPlaintext.
	snapshotPartBudget = 6 << 10
	msgAuditHeader     = 0x03 // inner message type of a post's sealed header
)

func (a *auditState) index() {
	a.byKey = map[[32]byte]*auditorEntry{}
	for _, x := range a.Auditors {
		x.scope, x.ok = parseScope(x.Scope)
		a.byKey[x.Key] = x
	}
	a.seqIndex = map[[32]byte]int{}
	for i, s := range a.Seqs {
		a.seqIndex[s.Key] = i
	}
}

func parseScope(s string) (audit.Scope, bool) {
	sc, err := audit.ParseScope(s)
	return sc, err == nil
}

// nextSeq returns the key's next record Seq and advances it.
func (a *auditState) nextSeq(key [32]byte) uint64 {
	i, ok := a.seqIndex[key]
	if !ok {
		a.Seqs = append(a.Seqs, auditSeq{Key: key})
		i = len(a.Seqs) - 1
		a.seqIndex[key] = i
	}
	n := a.Seqs[i].Next
	a.Seqs[i].Next++
	return n
}

func (a *auditState) marshal() ([]byte, error) { return json.Marshal(a) }

func unmarshalAudit(b []byte) (auditState, error) {
	var a auditState
	if len(b) != 0 {
		if err := json.Unmarshal(b, &a); err != nil {
			return auditState{}, fmt.Errorf("audit state: %w", err)
		}
	}
	a.index()
	return a, nil
}

// onAuditor applies a governance act on an auditor, checked like every
// act against the genesis, in act order.
func (e *Enclave) onAuditor(pos chainmsg.Position, ev *chainmsg.AuditorChangedEvent) {
	a := &e.st.audit
	if ev.Nonce != a.Version+1 {
		e.log.Warn("refusing auditor event", "act", ev.Nonce, "reason",
			fmt.Sprintf("auditor act %d, the next is %d (replayed, older or skipped)", ev.Nonce, a.Version+1))
		return
	}
	if err := e.verifyAct(chainmsg.ActAuditor, ev.Nonce, chainmsg.AuditorPayload(ev.Key, ev.Scope), ev.Sigs); err != nil {
		e.log.Warn("refusing auditor event", "act", ev.Nonce, "reason", err)
		return
	}
	a.Version = ev.Nonce
	a.Auditors = slices.DeleteFunc(a.Auditors, func(x *auditorEntry) bool { return x.Key == ev.Key })
	delete(a.byKey, ev.Key)
	if len(ev.Scope) == 0 {
		e.log.Info("auditor removed", "key", hex.EncodeToString(ev.Key[:]))
		return
	}
	x := &auditorEntry{Key: ev.Key, Scope: string(ev.Scope), Since: pos}
	x.scope, x.ok = parseScope(x.Scope)
	a.Auditors = append(a.Auditors, x)
	a.byKey[x.Key] = x
	if !x.ok {
		// Governance approved a scope this build cannot read: the auditor
		// gets nothing rather than more than was meant.
		e.log.Warn("auditor scope unreadable; the auditor receives no records", "key", hex.EncodeToString(ev.Key[:]))
		return
	}
	e.log.Info("auditor appointed", "key", hex.EncodeToString(ev.Key[:]), "scope", x.scope.String())
	if e.holdsState() {
		e.auditSnapshot(pos, x)
	}
}

// auditSnapshot writes the auditor's in-scope state as of pos, in parts.
func (e *Enclave) auditSnapshot(pos chainmsg.Position, x *auditorEntry) {
	secret, err := e.secret(e.st.epoch)
	if err != nil {
		e.log.Error("no epoch secret for an audit snapshot", "err", err)
		return
	}
	changes, err := e.st.engine.Entries(x.scope.App)
	if err != nil {
		// An app this build does not have: its state is empty.
		changes = nil
	}
	var parts [][]audit.Entry
	var cur []audit.Entry
	size := 0
	for _, c := range changes {
		if !x.scope.Covers(c.Accounts) {
			continue
		}
		en := audit.Entry{Slot: c.Slot, Key: c.Key, Value: c.Value}
		n := len(c.Slot) + len(c.Key) + len(c.Value) + 32
		if size+n > snapshotPartBudget && len(cur) > 0 {
			parts, cur, size = append(parts, cur), nil, 0
		}
		cur, size = append(cur, en), size+n
	}
	parts = append(parts, cur)
	for i, p := range parts {
		if p == nil {
			p = []audit.Entry{}
		}
		r := &audit.Record{Kind: audit.KindSnapshot, Scope: x.scope.String(), Block: pos.Block, LogIndex: pos.Index,
			Part: uint32(i), Parts: uint32(len(parts)), State: p}
		e.writeAuditRecord(secret, x.Key, r)
	}
}

// auditCommand writes a record for every auditor whose scope holds the
// command just applied.
func (e *Enclave) auditCommand(secret []byte, pos chainmsg.Position, id common.Hash, body *wire.RequestBody, res runtime.Result) {
	var named []common.Address
	var changes []runtime.Change
	namedDone, changesDone := false, false
	for _, x := range e.st.audit.Auditors {
		if !x.ok || x.scope.App != body.App {
			continue
		}
		if len(x.scope.Accounts) > 0 && !namedDone {
			named, _ = e.st.engine.Named(body.App, body.Function, body.Args)
			namedDone = true
		}
		if !x.scope.Matches(body.App, body.Function, body.From, named) {
			continue
		}
		if !changesDone && res.OK {
			var err error
			if changes, err = e.st.engine.Render(body.App, res.Written); err != nil {
				e.log.Error("cannot render a command's writes for its auditors", "err", err)
			}
			changesDone = true
		}
		state := []audit.Entry{}
		for _, c := range changes {
			if x.scope.Covers(c.Accounts) {
				state = append(state, audit.Entry{Slot: c.Slot, Key: c.Key, Value: c.Value})
			}
		}
		from := body.From
		r := &audit.Record{Kind: audit.KindCommand, Scope: x.scope.String(), Block: pos.Block, LogIndex: pos.Index,
			ID: &id, Signer: &from, App: body.App, Function: body.Function, Args: auditArgs(body.Args),
			OK: res.OK, Reason: strings.ToValidUTF8(res.Reason, "\uFFFD"), State: state}
		e.writeAuditRecord(secret, x.Key, r)
	}
}

// auditArgs is the command's arguments as the record carries them: as
// signed when they are valid UTF-8 JSON, else (or when too large for a
// record) their SHA-256, which the auditor can match against the
// request.
func auditArgs(args json.RawMessage) json.RawMessage {
	if len(args) == 0 {
		return nil
	}
	if utf8.Valid(args) && json.Valid(args) && len(args) <= audit.MaxRecordPlaintext/2 {
		return args
	}
	h := sha256.Sum256(args)
	b, _ := json.Marshal(map[string]string{"sha256": hex.EncodeToString(h[:])})
	return b
}

// writeAuditRecord numbers, seals and queues one record. A record that
// cannot be sealed still takes its Seq, so the auditor sees the gap; the
// log says why.
func (e *Enclave) writeAuditRecord(secret []byte, key [32]byte, r *audit.Record) {
	a := &e.st.audit
	r.Seq = a.nextSeq(key)
	sealed, err := audit.SealRecord(key[:], auditIKM(secret, key, r.Seq), e.cfg.ChainID, e.cfg.Contract, r)
	if err != nil {
		e.log.Error("cannot seal an audit record; the auditor will see a gap", "seq", r.Seq, "err", err)
		return
	}
	a.Pending = append(a.Pending, sealed)
}

// auditIKM is the input keying material of a record's ephemeral key:
// secret to the epoch's members, unique per (auditor key, Seq).
func auditIKM(secret []byte, key [32]byte, seq uint64) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("anonify-audit-ikm-v1"))
	m.Write(key[:])
	m.Write(binary.BigEndian.AppendUint64(nil, seq))
	return m.Sum(nil)
}

// nextAudit packs the oldest pending records into a post with the
// network's next audit sequence number as this enclave knows it. If the
// ledger is further on, the post reverts and the host asks again once it
// has applied the rest.
func (e *Enclave) nextAudit() (*chainmsg.AuditPost, error) {
	a := &e.st.audit
	if len(a.Pending) == 0 || !e.joinedMember() || e.st.expelled[e.Identity()] || e.st.stale != "" || !e.checkpointed() {
		return nil, nil
	}
	secret, err := e.st.group.Secret(e.st.epoch)
	if err != nil {
		return nil, err
	}
	n, size := 0, 0
	for _, r := range a.Pending {
		if n == maxAuditRecords || size+len(r)+(padCount(n+1)-(n+1))*dummyRecordLen > chainmsg.MaxBatchBytes {
			break
		}
		n, size = n+1, size+len(r)
	}
	records := slices.Clone(a.Pending[:n])
	for range padCount(n) - n {
		d := make([]byte, dummyRecordLen)
		if _, err := rand.Read(d); err != nil {
			return nil, err
		}
		records = append(records, d)
	}
	hdr := binary.BigEndian.AppendUint64([]byte{msgAuditHeader}, a.Posted)
	hdr = binary.BigEndian.AppendUint32(hdr, uint32(n))
	sealedHdr, err := sealCiphertext(secret, e.st.epoch, e.cfg.ChainID, e.cfg.Contract, hdr)
	if err != nil {
		return nil, err
	}
	p := &chainmsg.AuditPost{Epoch: e.st.epoch, Seq: a.Posts, Header: sealedHdr, Records: records}
	if p.Sig, err = chainmsg.Sign(p.Digest(e.chainID(), e.cfg.Contract), e.identity); err != nil {
		return nil, err
	}
	return p, nil
}

// padCount is the power of two at or above n (n ≥ 1).
func padCount(n int) int {
	c := 1
	for c < n {
		c *= 2
	}
	return c
}

// onAudit checks a post on the ledger against this enclave's own records
// and forgets the ones it carries. The header, sealed under the epoch key,
// says which records the post holds; only a member could have made it.
func (e *Enclave) onAudit(ev *chainmsg.AuditEvent) {
	a := &e.st.audit
	if ev.Seq != a.Posts {
		e.log.Warn("audit post out of sequence", "seq", ev.Seq, "expected", a.Posts)
		if ev.Seq < a.Posts {
			return
		}
	}
	a.Posts = ev.Seq + 1
	if !e.holdsState() {
		return
	}
	from, count, err := e.openAuditHeader(ev)
	if err != nil {
		a.Diverged++
		e.log.Error("audit post with an unreadable header; its records stay pending", "seq", ev.Seq, "poster", ev.Enclave.Hex(), "err", err)
		return
	}
	end := from + count
	if from > a.Posted || end > a.Posted+uint64(len(a.Pending)) || count > uint64(len(ev.Records)) {
		a.Diverged++
		e.log.Error("audit post names records this enclave does not hold", "seq", ev.Seq, "poster", ev.Enclave.Hex(),
			"from", from, "count", count, "posted", a.Posted, "pending", len(a.Pending))
		return
	}
	if end <= a.Posted {
		return // all on the ledger already
	}
	skip := a.Posted - from
	for i := skip; i < count; i++ {
		if !bytes.Equal(ev.Records[i], a.Pending[i-skip]) {
			a.Diverged++
			e.log.Error("audit post differs from this enclave's records; they stay pending", "seq", ev.Seq,
				"poster", ev.Enclave.Hex(), "record", from+i)
			return
		}
	}
	n := count - skip
	a.Pending = slices.Delete(a.Pending, 0, int(n))
	a.Posted += n
}

func (e *Enclave) openAuditHeader(ev *chainmsg.AuditEvent) (from, count uint64, err error) {
	secret, err := e.secret(ev.Epoch)
	if err != nil {
		return 0, 0, err
	}
	msg, err := e.openMessage(secret, ev.Epoch, ev.Header)
	if err != nil {
		return 0, 0, err
	}
	if len(msg) != 1+8+4 || msg[0] != msgAuditHeader {
		return 0, 0, fmt.Errorf("%w: not an audit header", errCiphertext)
	}
	return binary.BigEndian.Uint64(msg[1:9]), uint64(binary.BigEndian.Uint32(msg[9:])), nil
}
