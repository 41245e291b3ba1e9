package auditor_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/hpke"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/auditor"
	"github.com/anonify-go/anonify/ledger/ledgertest"
	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

var (
	alice = common.HexToAddress("0x1111111111111111111111111111111111111111")
	bob   = common.HexToAddress("0x2222222222222222222222222222222222222222")
	carol = common.HexToAddress("0x3333333333333333333333333333333333333333")
)

// network is a memledger deployment with two governors (threshold 2), a
// founded member enclave that posts batches and audit posts, and a small
// event window, so that every read pages.
type network struct {
	t      *testing.T
	ctx    context.Context
	chain  *memledger.Chain
	gov    []*memledger.Account
	host   *memledger.Account
	member *ledgertest.Enclave

	batches, posts uint64
}

func newNetwork(t *testing.T) *network {
	t.Helper()
	n := newUnfounded(t)
	n.found()
	return n
}

// newUnfounded is a network whose member enclave has registered; nobody
// founded the group yet.
func newUnfounded(t *testing.T) *network {
	t.Helper()
	var keys []*ecdsa.PrivateKey
	var addrs []common.Address
	for range 2 {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys, addrs = append(keys, k), append(addrs, crypto.PubkeyToAddress(k.PublicKey))
	}
	c, err := memledger.New(memledger.Config{Governors: addrs, Threshold: 2, Policy: []byte(ledgertest.Policy), EventWindow: 3})
	if err != nil {
		t.Fatal(err)
	}
	n := &network{t: t, ctx: context.Background(), chain: c, host: c.Account(common.Address{0xee})}
	for _, k := range keys {
		n.gov = append(n.gov, c.AccountKey(k))
	}
	n.member = ledgertest.NewEnclave(t)
	if err := n.host.Register(n.ctx, n.member.Registration(t, n.host)); err != nil {
		t.Fatal(err)
	}
	return n
}

// found founds the group with the member enclave.
func (n *network) found() {
	n.t.Helper()
	id, err := n.gov[0].ProposeFounder(n.ctx, n.member.ID)
	if err != nil {
		n.t.Fatal(err)
	}
	if err := n.gov[1].Approve(n.ctx, id); err != nil {
		n.t.Fatal(err)
	}
}

// last returns the position of the head block's event that pick selects.
func (n *network) last(what string, pick func(chainmsg.Event) bool) chainmsg.Event {
	n.t.Helper()
	evs, _ := n.chain.Events(n.chain.Head())
	for _, ev := range evs {
		if pick(ev) {
			return ev
		}
	}
	n.t.Fatalf("no %s event in block %d", what, n.chain.Head())
	return chainmsg.Event{}
}

// appoint has governance set key's scope ("" removes it) and returns the
// AuditorChanged event's position.
func (n *network) appoint(key [32]byte, scope string) chainmsg.Position {
	n.t.Helper()
	id, err := n.gov[0].ProposeAuditor(n.ctx, key, []byte(scope))
	if err != nil {
		n.t.Fatal(err)
	}
	if err := n.gov[1].Approve(n.ctx, id); err != nil {
		n.t.Fatal(err)
	}
	return n.last("AuditorChanged", func(ev chainmsg.Event) bool { return ev.Auditor != nil }).Position
}

// batch posts a command batch and returns its position, which the
// records of its commands carry.
func (n *network) batch() chainmsg.Position {
	n.t.Helper()
	b := n.member.Batch(n.t, n.host, 0, n.batches, ledgertest.Ciphertext(100, byte(n.batches)))
	if err := n.host.PostCommands(n.ctx, b); err != nil {
		n.t.Fatal(err)
	}
	n.batches++
	return n.last("Commands", func(ev chainmsg.Event) bool { return ev.Commands != nil }).Position
}

// post posts an audit post holding records.
func (n *network) post(records ...[]byte) chainmsg.Position {
	n.t.Helper()
	p := n.member.AuditPost(n.t, n.host, 0, n.posts, ledgertest.Ciphertext(64, 7), records...)
	if err := n.host.PostAudit(n.ctx, p); err != nil {
		n.t.Fatal(err)
	}
	n.posts++
	return n.last("Audit", func(ev chainmsg.Event) bool { return ev.Audit != nil }).Position
}

// auditorKey is an auditor's key pair, derived from a name.
type auditorKey struct {
	priv hpke.PrivateKey
	pub  [32]byte
}

func newAuditor(t *testing.T, name string) auditorKey {
	t.Helper()
	seed := sha256.Sum256([]byte("auditor " + name))
	k, err := audit.ParsePrivateKey(seed[:])
	if err != nil {
		t.Fatal(err)
	}
	var a auditorKey
	a.priv = k
	copy(a.pub[:], k.PublicKey().Bytes())
	return a
}

// seal seals r to a as the enclaves do, with a fixed ikm per (key, Seq):
// the same record seals to the same bytes.
func (n *network) seal(a auditorKey, r *audit.Record) []byte {
	n.t.Helper()
	ikm := sha256.Sum256(binary.BigEndian.AppendUint64(append([]byte("test ikm"), a.pub[:]...), r.Seq))
	b, err := audit.SealRecord(a.pub[:], ikm[:], n.chain.ChainID().Uint64(), n.chain.Contract(), r)
	if err != nil {
		n.t.Fatal(err)
	}
	return b
}

// padding is a record nobody can open, of a real record's size.
func padding(t *testing.T) []byte {
	b := make([]byte, audit.RecordPadClass+audit.SealOverhead)
	rand.Read(b)
	return b
}

func ent(slot, key, value string) audit.Entry {
	e := audit.Entry{Slot: slot, Value: json.RawMessage(value)}
	if key != "" {
		e.Key = json.RawMessage(key)
	}
	return e
}

func bal(a common.Address, value string) audit.Entry {
	return ent("balance", `"`+strings.ToLower(a.Hex())+`"`, value)
}

func supply(value string) audit.Entry { return ent("total_supply", "", value) }

func snapshot(seq uint64, at chainmsg.Position, scope string, part, parts uint32, state ...audit.Entry) *audit.Record {
	return &audit.Record{Seq: seq, Kind: audit.KindSnapshot, Scope: scope, Block: at.Block, LogIndex: at.Index,
		Part: part, Parts: parts, State: append([]audit.Entry{}, state...)}
}

func command(seq uint64, at chainmsg.Position, scope string, signer common.Address, function, args string, reason string, state ...audit.Entry) *audit.Record {
	id := common.BytesToHash(binary.BigEndian.AppendUint64(nil, 1000+seq))
	return &audit.Record{Seq: seq, Kind: audit.KindCommand, Scope: scope, Block: at.Block, LogIndex: at.Index,
		ID: &id, Signer: &signer, App: "erc20", Function: function, Args: json.RawMessage(args),
		OK: reason == "", Reason: reason, State: append([]audit.Entry{}, state...)}
}

func scopeOf(accounts ...common.Address) string {
	return audit.Scope{App: "erc20", Accounts: accounts}.String()
}

// scenario is one network's history with two auditors, A and B.
type scenario struct {
	n                       *network
	a, b                    auditorKey
	pa1, pb1, pa2, pa3, pa4 chainmsg.Position // appointments
	c1, c2, c3, c4, c5      chainmsg.Position // batches
	sealedFor               map[string]string // sealed record bytes -> "A" or "B"
	src                     auditor.Source    // the host as the auditors read it, with forged events
}

// newScenario builds the history:
//
//	A appointed for erc20; B for erc20 narrowed to bob.
//	c1: alice sends bob 100. c2: bob burns 500. c3: bob's transfer is rejected.
//	A's scope narrows to alice (a new snapshot). c4: alice sends carol 50.
//	c5: alice sends bob 10. A is removed, then appointed again for erc20.
//
// A's records are all posted, one of them twice; B's record 2 is withheld
// and its record 1 posted again with other content. Between c4 and c5 the
// auditors' RPC inserts a forged removal of B (signed by non-governors),
// and at the end a replay of A's first appointment.
func newScenario(t *testing.T) *scenario {
	n := newNetwork(t)
	s := &scenario{n: n, a: newAuditor(t, "A"), b: newAuditor(t, "B"), sealedFor: map[string]string{}}
	sealA := func(r *audit.Record) []byte { b := n.seal(s.a, r); s.sealedFor[string(b)] = "A"; return b }
	sealB := func(r *audit.Record) []byte { b := n.seal(s.b, r); s.sealedFor[string(b)] = "B"; return b }
	all, justBob, justAlice := "erc20", scopeOf(bob), scopeOf(alice)

	s.pa1 = n.appoint(s.a.pub, all)
	bobTwice := "erc20:accounts=" + bob.Hex() + "," + bob.Hex() // not canonical: the records carry the canonical form
	s.pb1 = n.appoint(s.b.pub, bobTwice)
	s.c1 = n.batch()
	a2 := sealA(command(2, s.c1, all, alice, "transfer", `{"to":"`+bob.Hex()+`","amount":"100"}`, "", bal(alice, `"500"`), bal(bob, `"500"`)))
	n.post(padding(t),
		sealA(snapshot(0, s.pa1, all, 0, 2, supply(`"1000"`), bal(alice, `"600"`))),
		sealB(snapshot(0, s.pb1, justBob, 0, 1, bal(bob, `"400"`))),
		sealA(snapshot(1, s.pa1, all, 1, 2, bal(bob, `"400"`))),
		padding(t),
		sealB(command(1, s.c1, justBob, alice, "transfer", `{"to":"`+bob.Hex()+`","amount":"100"}`, "", bal(bob, `"500"`))),
		a2)
	s.c2 = n.batch()
	sealB(command(2, s.c2, justBob, bob, "burn", `{"amount":"500"}`, "", bal(bob, "null"))) // withheld
	s.c3 = n.batch()
	n.post(a2, // posted again
		sealA(command(3, s.c2, all, bob, "burn", `{"amount":"500"}`, "", bal(bob, "null"), supply(`"500"`))),
		padding(t),
		sealA(command(4, s.c3, all, bob, "transfer", `{"to":"`+alice.Hex()+`","amount":"10"}`, "insufficient balance: have 0, need 10")),
		sealB(command(3, s.c3, justBob, bob, "transfer", `{"to":"`+alice.Hex()+`","amount":"10"}`, "insufficient balance: have 0, need 10")),
		padding(t))
	s.pa2 = n.appoint(s.a.pub, "erc20:accounts="+alice.Hex())
	s.c4 = n.batch()
	s.c5 = n.batch()
	n.post(sealA(snapshot(5, s.pa2, justAlice, 0, 1, bal(alice, `"500"`))),
		padding(t),
		sealA(command(6, s.c4, justAlice, alice, "transfer", `{"to":"`+carol.Hex()+`","amount":"50"}`, "", bal(alice, `"450"`))),
		sealA(command(7, s.c5, justAlice, alice, "transfer", `{"to":"`+bob.Hex()+`","amount":"10"}`, "", bal(alice, `"440"`))),
		sealB(command(4, s.c5, justBob, alice, "transfer", `{"to":"`+bob.Hex()+`","amount":"10"}`, "", bal(bob, `"10"`))),
		sealB(command(1, s.c1, justBob, alice, "transfer", `{"to":"`+bob.Hex()+`","amount":"100"}`, "", bal(bob, `"501"`))), // conflicts
		padding(t))
	s.pa3 = n.appoint(s.a.pub, "")
	s.pa4 = n.appoint(s.a.pub, all)
	n.post(sealA(snapshot(8, s.pa4, all, 0, 1, supply(`"500"`), bal(alice, `"440"`), bal(bob, `"10"`), bal(carol, `"50"`))), padding(t))
	end := n.batch()

	// The RPC's forgeries: B's removal as act 4 signed by two outsiders,
	// and a replay of act 1 (A's first appointment, genuinely signed).
	var forgers [][]byte
	for range 2 {
		k, _ := crypto.GenerateKey()
		forgers = append(forgers, ledgertest.SignAct(t, n.host, k, chainmsg.ActAuditor, 4, chainmsg.AuditorPayload(s.b.pub, nil)))
	}
	forged := chainmsg.Event{Position: chainmsg.Position{Block: s.c4.Block, Index: s.c4.Index + 1},
		Auditor: &chainmsg.AuditorChangedEvent{Key: s.b.pub, Nonce: 4, Sigs: forgers}}
	var replay chainmsg.Event
	evs, _ := n.chain.Events(s.pa1.Block)
	for _, ev := range evs {
		if ev.Position == s.pa1 {
			replay = ev
		}
	}
	replay.Position = chainmsg.Position{Block: end.Block, Index: end.Index + 1}
	s.src = n.host.WithEventFilter(func(evs []chainmsg.Event) []chainmsg.Event {
		var out []chainmsg.Event
		for _, ev := range evs {
			out = append(out, ev)
			switch ev.Position {
			case s.c4:
				out = append(out, forged)
			case end:
				out = append(out, replay)
			}
		}
		return out
	})
	return s
}

func appointments(as []auditor.Appointment) string {
	var b strings.Builder
	for _, a := range as {
		fmt.Fprintf(&b, "{%q at %v act %d until ", a.Scope, a.At, a.Nonce)
		if a.Until != nil {
			fmt.Fprintf(&b, "%v} ", *a.Until)
		} else {
			b.WriteString("-} ")
		}
	}
	return b.String()
}

func seqs(items []auditor.Item) []uint64 {
	var out []uint64
	for _, it := range items {
		out = append(out, it.Record.Seq)
	}
	return out
}

// containsEach fails unless each want is a substring of exactly one of got.
func containsEach(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		n := 0
		for _, g := range got {
			if strings.Contains(g, w) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d mention %q, want 1; all:\n  %s", what, n, w, strings.Join(got, "\n  "))
		}
	}
}

// TestRead reads both auditors' trails off the scenario's ledger.
func TestRead(t *testing.T) {
	s := newScenario(t)
	ctx, from := s.n.ctx, s.n.chain.DeployedAt()
	forgedProblem := fmt.Sprintf("block %d: governance event on auditor key 0x%x (act 4) ignored: chainmsg: 0 valid governor signatures of 2 given, 2 needed", s.c4.Block, s.b.pub)
	replayProblem := fmt.Sprintf("governance event on auditor key 0x%x (act 1) ignored: act 1, the next is 6 (replayed, older or skipped)", s.a.pub)
	ap := func(scope string, at chainmsg.Position, nonce uint64, until *chainmsg.Position) auditor.Appointment {
		return auditor.Appointment{Scope: scope, At: at, Nonce: nonce, Until: until}
	}
	tests := []struct {
		name         string
		key          auditorKey
		appointments []auditor.Appointment
		seqs         []uint64
		conflicts    []uint64
		problems     []string // each in exactly one problem, and no other problem
	}{
		{
			name: "A: every record, one posted twice; a removal and a replayed appointment",
			key:  s.a,
			appointments: []auditor.Appointment{
				ap("erc20", s.pa1, 1, &s.pa2), ap("erc20:accounts="+alice.Hex(), s.pa2, 3, &s.pa3), ap("", s.pa3, 4, &s.pa4), ap("erc20", s.pa4, 5, nil)},
			seqs:     []uint64{0, 1, 2, 3, 4, 5, 6, 7, 8},
			problems: []string{forgedProblem, replayProblem},
		},
		{
			name:         "B: a withheld record and a conflicting one; the forged removal is ignored",
			key:          s.b,
			appointments: []auditor.Appointment{ap("erc20:accounts="+bob.Hex()+","+bob.Hex(), s.pb1, 2, nil)},
			seqs:         []uint64{0, 1, 3, 4},
			conflicts:    []uint64{1},
			problems: []string{forgedProblem, replayProblem,
				"record 2 is missing (not on the ledger yet, or withheld), though record 3 is there",
				"record 1: two different records with this number"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := auditor.Read(ctx, s.src, tt.key.priv, from)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Key != tt.key.pub || tr.From != from || tr.Head != s.n.chain.Head() {
				t.Errorf("key %x from %d head %d, want %x, %d, %d", tr.Key, tr.From, tr.Head, tt.key.pub, from, s.n.chain.Head())
			}
			for i := range tr.Appointments {
				tr.Appointments[i].TxHash = common.Hash{}
			}
			if !reflect.DeepEqual(tr.Appointments, tt.appointments) {
				t.Errorf("appointments\n %s\nwant\n %s", appointments(tr.Appointments), appointments(tt.appointments))
			}
			if got := seqs(tr.Items); !slices.Equal(got, tt.seqs) {
				t.Errorf("records %v, want %v", got, tt.seqs)
			}
			if got := seqs(tr.Conflicts); !slices.Equal(got, tt.conflicts) {
				t.Errorf("conflicts %v, want %v", got, tt.conflicts)
			}
			containsEach(t, "problems", tr.Problems, tt.problems...)
			if len(tr.Problems) != len(tt.problems) {
				t.Errorf("%d problems, want %d:\n  %s", len(tr.Problems), len(tt.problems), strings.Join(tr.Problems, "\n  "))
			}
			for _, it := range tr.Items {
				if it.Poster != s.n.member.ID || it.Post.Block <= it.Record.Block {
					t.Errorf("record %d: posted by %s at %+v", it.Record.Seq, it.Poster.Hex(), it.Post)
				}
			}
		})
	}
}

// TestRecordsAreForTheirAuditorOnly tries both keys on every record on the
// ledger: each opens exactly the records sealed to it, never the other's
// or the padding.
func TestRecordsAreForTheirAuditorOnly(t *testing.T) {
	s := newScenario(t)
	keys := map[string]auditorKey{"A": s.a, "B": s.b}
	chainID, contract := s.n.chain.ChainID().Uint64(), s.n.chain.Contract()
	seen := map[string]int{}
	for b := uint64(0); b <= s.n.chain.Head(); {
		evs, next := s.n.chain.Events(b)
		for _, ev := range evs {
			if ev.Audit == nil {
				continue
			}
			for _, sealed := range ev.Audit.Records {
				owner := s.sealedFor[string(sealed)] // "" for padding
				seen[owner]++
				for name, k := range keys {
					r, err := audit.OpenRecord(k.priv, chainID, contract, sealed)
					switch {
					case name == owner && err != nil:
						t.Errorf("block %d: %s cannot open its record: %v", ev.Block, name, err)
					case name != owner && !errors.Is(err, audit.ErrSealed):
						t.Errorf("block %d: %s opens a record of %q: %+v, %v", ev.Block, name, owner, r, err)
					}
				}
			}
		}
		b = next
	}
	if seen["A"] != 10 || seen["B"] != 5 || seen[""] != 7 {
		t.Fatalf("records on the ledger by owner: %v", seen)
	}
}

// TestStateAt replays each trail at several blocks.
func TestStateAt(t *testing.T) {
	s := newScenario(t)
	ctx, from := s.n.ctx, s.n.chain.DeployedAt()
	trails := map[string]*auditor.Trail{}
	for name, k := range map[string]auditorKey{"A": s.a, "B": s.b} {
		tr, err := auditor.Read(ctx, s.src, k.priv, from)
		if err != nil {
			t.Fatal(err)
		}
		trails[name] = tr
	}
	tests := []struct {
		name     string
		auditor  string
		block    uint64
		want     []audit.Entry // nil with wantErr
		notes    []string
		wantErr  error
		snapshot chainmsg.Position
	}{
		{name: "A before its appointment", auditor: "A", block: s.pa1.Block - 1, wantErr: auditor.ErrNoSnapshot},
		{name: "A: the snapshot in two parts", auditor: "A", block: s.pa1.Block, snapshot: s.pa1,
			want: []audit.Entry{bal(alice, `"600"`), bal(bob, `"400"`), supply(`"1000"`)}},
		{name: "A: blocks without a command in scope change nothing", auditor: "A", block: s.c1.Block - 1, snapshot: s.pa1,
			want: []audit.Entry{bal(alice, `"600"`), bal(bob, `"400"`), supply(`"1000"`)}},
		{name: "A: a transfer", auditor: "A", block: s.c1.Block, snapshot: s.pa1,
			want: []audit.Entry{bal(alice, `"500"`), bal(bob, `"500"`), supply(`"1000"`)}},
		{name: "A: a burn deletes bob's balance", auditor: "A", block: s.c2.Block, snapshot: s.pa1,
			want: []audit.Entry{bal(alice, `"500"`), supply(`"500"`)}},
		{name: "A: a rejected command writes nothing", auditor: "A", block: s.c3.Block, snapshot: s.pa1,
			want: []audit.Entry{bal(alice, `"500"`), supply(`"500"`)}},
		{name: "A: the new scope's snapshot replaces the state", auditor: "A", block: s.pa2.Block, snapshot: s.pa2,
			want: []audit.Entry{bal(alice, `"500"`)}},
		{name: "A: commands under the new scope", auditor: "A", block: s.c5.Block, snapshot: s.pa2,
			want: []audit.Entry{bal(alice, `"440"`)}},
		{name: "A: removed", auditor: "A", block: s.pa3.Block, snapshot: s.pa2,
			want:  []audit.Entry{bal(alice, `"440"`)},
			notes: []string{fmt.Sprintf("governance removed this key in block %d: the state after that is not reported to it", s.pa3.Block)}},
		{name: "A: appointed again", auditor: "A", block: s.n.chain.Head(), snapshot: s.pa4,
			want: []audit.Entry{bal(alice, `"440"`), bal(bob, `"10"`), bal(carol, `"50"`), supply(`"500"`)}},
		{name: "B: its snapshot, before the record after the gap", auditor: "B", block: s.pb1.Block, snapshot: s.pb1,
			want: []audit.Entry{bal(bob, `"400"`)}},
		{name: "B: the first record of a conflict is kept; the missing one may be later", auditor: "B", block: s.c1.Block, snapshot: s.pb1,
			want:  []audit.Entry{bal(bob, `"500"`)},
			notes: []string{fmt.Sprintf("record 2 is missing: the state lacks whatever it wrote if its command is in block %d or earlier", s.c1.Block)}},
		{name: "B: the withheld burn is not seen", auditor: "B", block: s.c3.Block, snapshot: s.pb1,
			want:  []audit.Entry{bal(bob, `"500"`)},
			notes: []string{"record 2 is missing: the state lacks whatever it wrote"}},
		{name: "B: at the head", auditor: "B", block: s.n.chain.Head(), snapshot: s.pb1,
			want:  []audit.Entry{bal(bob, `"10"`)},
			notes: []string{"record 2 is missing: the state lacks whatever it wrote"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := trails[tt.auditor].StateAt(tt.block)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("StateAt(%d) = %+v, %v; want %v", tt.block, st, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.Block != tt.block || st.Snapshot != tt.snapshot {
				t.Errorf("block %d snapshot %+v, want %d, %+v", st.Block, st.Snapshot, tt.block, tt.snapshot)
			}
			if got, want := entries(st.Entries), entries(tt.want); got != want {
				t.Errorf("entries\n %s\nwant\n %s", got, want)
			}
			if !slices.Equal(st.Notes, tt.notes) {
				t.Errorf("notes %q, want %q", st.Notes, tt.notes)
			}
		})
	}
	// --account: the entries that name an account.
	st, err := trails["A"].StateAt(s.n.chain.Head())
	if err != nil {
		t.Fatal(err)
	}
	if got := entries(st.About(carol)); got != entries([]audit.Entry{bal(carol, `"50"`)}) {
		t.Errorf("About(carol) = %s", got)
	}
}

func entries(es []audit.Entry) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s[%s]=%s ", e.Slot, e.Key, e.Value)
	}
	return b.String()
}

func TestLog(t *testing.T) {
	s := newScenario(t)
	tr, err := auditor.Read(s.n.ctx, s.src, s.a.priv, s.n.chain.DeployedAt())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		from uint64
		want []uint64
	}{
		{0, []uint64{2, 3, 4, 6, 7}},
		{s.c3.Block, []uint64{4, 6, 7}},
		{s.c4.Block, []uint64{6, 7}},
		{s.c5.Block + 1, nil},
	} {
		if got := seqs(tr.Log(tt.from)); !slices.Equal(got, tt.want) {
			t.Errorf("Log(%d) = %v, want %v", tt.from, got, tt.want)
		}
	}
	if r := tr.Log(s.c3.Block)[0].Record; r.OK || r.Reason != "insufficient balance: have 0, need 10" || r.Function != "transfer" || *r.Signer != bob {
		t.Errorf("the rejected command's record: %+v", r)
	}
}

// TestAuditors lists the auditors in office, mid-way and at the end.
func TestAuditors(t *testing.T) {
	n := newNetwork(t)
	a, b := newAuditor(t, "A"), newAuditor(t, "B")
	pa1 := n.appoint(a.pub, "erc20")
	pb1 := n.appoint(b.pub, "erc20:accounts="+bob.Hex())
	pa2 := n.appoint(a.pub, "erc20:functions=transfer")
	c := newAuditor(t, "C")
	pc := n.appoint(c.pub, "no such scope!")
	mid, err := auditor.Auditors(n.ctx, n.host, n.chain.DeployedAt())
	if err != nil {
		t.Fatal(err)
	}
	want := []auditor.Auditor{
		{Key: a.pub, Scope: "erc20:functions=transfer", Valid: true, Since: pa1, Changed: pa2, Nonce: 3},
		{Key: b.pub, Scope: "erc20:accounts=" + bob.Hex(), Valid: true, Since: pb1, Changed: pb1, Nonce: 2},
		{Key: c.pub, Scope: "no such scope!", Since: pc, Changed: pc, Nonce: 4},
	}
	if !reflect.DeepEqual(mid.Auditors, want) || len(mid.Problems) != 0 || mid.Head != n.chain.Head() {
		t.Fatalf("Auditors =\n %+v\nwant\n %+v", mid, want)
	}
	n.appoint(a.pub, "")
	pa3 := n.appoint(a.pub, "erc20")
	n.appoint(c.pub, "")
	end, err := auditor.Auditors(n.ctx, n.host, n.chain.DeployedAt())
	if err != nil {
		t.Fatal(err)
	}
	want = []auditor.Auditor{want[1], {Key: a.pub, Scope: "erc20", Valid: true, Since: pa3, Changed: pa3, Nonce: 6}}
	if !reflect.DeepEqual(end.Auditors, want) {
		t.Fatalf("Auditors at the end =\n %+v\nwant\n %+v", end.Auditors, want)
	}
	// The trail of C says why it got nothing.
	tr, err := auditor.Read(n.ctx, n.host, c.priv, n.chain.DeployedAt())
	if err != nil {
		t.Fatal(err)
	}
	containsEach(t, "problems", tr.Problems, `governance set this key's scope to "no such scope!", which does not parse`)
}

// TestReadFlagsRecordsThatDoNotFit: records that open but do not fit the
// key's appointments or the ledger are kept and reported.
func TestReadFlagsRecordsThatDoNotFit(t *testing.T) {
	n := newNetwork(t)
	a := newAuditor(t, "A")
	before := n.batch()
	pa := n.appoint(a.pub, "erc20")
	c := n.batch()
	transfers := "erc20:functions=transfer"
	nextBlock := n.chain.Head() + 2 // the block after the post
	// A record that opens with A's key but is no record: only an enclave
	// that holds no checks (or a forger) makes one.
	pk, err := audit.ParsePublicKey(a.pub[:])
	if err != nil {
		t.Fatal(err)
	}
	junk, err := hpke.Seal(pk, hpke.HKDFSHA256(), hpke.AES128GCM(), audit.Info(n.chain.ChainID().Uint64(), n.chain.Contract()),
		wire.Pad([]byte(`{"seq":9}`), audit.RecordPadClass))
	if err != nil {
		t.Fatal(err)
	}
	post := n.post(
		n.seal(a, snapshot(0, pa, "erc20", 0, 1)),
		n.seal(a, command(1, c, transfers, alice, "transfer", `{}`, "")),
		n.seal(a, snapshot(2, c, "erc20", 0, 1)),
		n.seal(a, command(3, chainmsg.Position{Block: c.Block, Index: 5}, "erc20", alice, "mint", `{}`, "")),
		n.seal(a, command(4, before, "erc20", alice, "mint", `{}`, "")),
		n.seal(a, command(5, chainmsg.Position{Block: nextBlock}, "erc20", alice, "mint", `{}`, "")),
		junk)
	if after := n.batch(); after.Block != nextBlock {
		t.Fatalf("the batch after the post is in block %d, want %d", after.Block, nextBlock)
	}
	tr, err := auditor.Read(n.ctx, n.host, a.priv, n.chain.DeployedAt())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf(`record 1 (block %d) is under scope %q, but the scope in force was "erc20"`, c.Block, transfers),
		fmt.Sprintf("record 2: a snapshot at block %d, index %d, where governance did not appoint this key", c.Block, c.Index),
		fmt.Sprintf("record 3: a command at block %d, index 5, where the ledger has no command batch", c.Block),
		fmt.Sprintf("record 4: a command at block %d, when this key was not an auditor", before.Block),
		fmt.Sprintf("record 4 (block %d) comes before record 3 (block %d) on the ledger", before.Block, c.Block),
		fmt.Sprintf("record 5 names block %d, index 0, not before the post that carried it (block %d, index %d)", nextBlock, post.Block, post.Index),
		fmt.Sprintf("block %d: record 6 of audit post 0 opens with this key but does not parse", post.Block),
	}
	containsEach(t, "problems", tr.Problems, want...)
	if len(tr.Problems) != len(want) || !slices.Equal(seqs(tr.Items), []uint64{0, 1, 2, 3, 4, 5}) {
		t.Fatalf("records %v, problems:\n  %s", seqs(tr.Items), strings.Join(tr.Problems, "\n  "))
	}
}

// TestReadRefuses: what Read will not start with.
func TestReadRefuses(t *testing.T) {
	n := newNetwork(t)
	mlkem, err := hpke.MLKEM768().GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auditor.Read(n.ctx, n.host, mlkem, 0); err == nil || !strings.Contains(err.Error(), "not an X25519 HPKE key") {
		t.Errorf("Read with an ML-KEM key: %v", err)
	}
	other, err := memledger.New(memledger.Config{Governors: []common.Address{{1}}, Threshold: 1, Policy: []byte("p")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auditor.Read(n.ctx, mixedSource{n.host, other.Contract()}, newAuditor(t, "A").priv, 0); err == nil || !strings.Contains(err.Error(), "the ledger's genesis is for chain") {
		t.Errorf("Read with a genesis of another contract: %v", err)
	}
	ctx, cancel := context.WithCancel(n.ctx)
	cancel()
	if _, err := auditor.Read(ctx, n.host, newAuditor(t, "A").priv, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Read with a cancelled context: %v", err)
	}
}

// mixedSource is a source whose Contract is not its genesis's.
type mixedSource struct {
	auditor.Source
	contract common.Address
}

func (m mixedSource) Contract() common.Address { return m.contract }

// TestStateAtNotesWhatIsMissing: a snapshot part and a scope change's
// snapshot withheld; the state says so.
func TestStateAtNotesWhatIsMissing(t *testing.T) {
	n := newNetwork(t)
	a := newAuditor(t, "A")
	pa1 := n.appoint(a.pub, "erc20")
	c1 := n.batch()
	pa2 := n.appoint(a.pub, "erc20:functions=transfer")
	c2 := n.batch()
	n.post(
		n.seal(a, snapshot(0, pa1, "erc20", 0, 2, bal(alice, `"10"`))), // part 1 (record 1) withheld
		n.seal(a, command(2, c1, "erc20", alice, "transfer", `{}`, "", bal(alice, `"9"`), bal(bob, `"1"`))),
		// record 3, the new scope's snapshot, withheld
		n.seal(a, command(4, c2, "erc20:functions=transfer", bob, "transfer", `{}`, "", bal(bob, `"0"`), bal(carol, `"1"`))))
	tr, err := auditor.Read(n.ctx, n.host, a.priv, n.chain.DeployedAt())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		block uint64
		want  []audit.Entry
		notes []string
	}{
		{pa1.Block, []audit.Entry{bal(alice, `"10"`)}, []string{
			fmt.Sprintf("the snapshot of block %d lacks parts [1] of 2 (not on the ledger yet, or withheld): their entries are missing", pa1.Block),
			fmt.Sprintf("record 1 is missing: the state lacks whatever it wrote if its command is in block %d or earlier", pa1.Block),
		}},
		{c1.Block, []audit.Entry{bal(alice, `"9"`), bal(bob, `"1"`)}, []string{
			fmt.Sprintf("the snapshot of block %d lacks parts [1] of 2 (not on the ledger yet, or withheld): their entries are missing", pa1.Block),
			"record 1 is missing: the state lacks whatever it wrote",
			fmt.Sprintf("record 3 is missing: the state lacks whatever it wrote if its command is in block %d or earlier", c1.Block),
		}},
		{c2.Block, []audit.Entry{bal(alice, `"9"`), bal(bob, `"0"`), bal(carol, `"1"`)}, []string{
			fmt.Sprintf("the snapshot of block %d lacks parts [1] of 2 (not on the ledger yet, or withheld): their entries are missing", pa1.Block),
			"record 1 is missing: the state lacks whatever it wrote",
			"record 3 is missing: the state lacks whatever it wrote",
			fmt.Sprintf(`governance set this key's scope to "erc20:functions=transfer" in block %d, but that snapshot is not on the ledger (yet): this is the state under the earlier scope`, pa2.Block),
		}},
	}
	for _, tt := range tests {
		st, err := tr.StateAt(tt.block)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := entries(st.Entries), entries(tt.want); got != want {
			t.Errorf("block %d: entries\n %s\nwant\n %s", tt.block, got, want)
		}
		if !slices.Equal(st.Notes, tt.notes) {
			t.Errorf("block %d: notes\n %q\nwant\n %q", tt.block, st.Notes, tt.notes)
		}
	}
}

// TestStateAtBeforeFounding: an auditor appointed before the network was
// founded gets no snapshot (nobody held the state): its state starts
// empty at the appointment.
func TestStateAtBeforeFounding(t *testing.T) {
	n := newUnfounded(t)
	a := newAuditor(t, "A")
	pa := n.appoint(a.pub, "erc20")
	n.found()
	c := n.batch()
	n.post(n.seal(a, command(0, c, "erc20", alice, "mint", `{"amount":"5"}`, "", bal(alice, `"5"`), supply(`"5"`))))
	tr, err := auditor.Read(n.ctx, n.host, a.priv, n.chain.DeployedAt())
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Problems) != 0 {
		t.Fatalf("problems: %q", tr.Problems)
	}
	for _, tt := range []struct {
		block uint64
		want  []audit.Entry
	}{
		{pa.Block, nil},
		{c.Block - 1, nil},
		{c.Block, []audit.Entry{bal(alice, `"5"`), supply(`"5"`)}},
	} {
		st, err := tr.StateAt(tt.block)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := entries(st.Entries), entries(tt.want); got != want || st.Snapshot != pa || st.Scope != "erc20" || len(st.Notes) != 0 {
			t.Errorf("block %d: %+v, entries %s; want %s from the appointment at %+v", tt.block, st, got, want, pa)
		}
	}
	if _, err := tr.StateAt(pa.Block - 1); !errors.Is(err, auditor.ErrNoSnapshot) {
		t.Errorf("StateAt before the appointment: %v", err)
	}
}
