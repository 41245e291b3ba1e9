package explorer

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/hpke"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/auditor"
	"github.com/anonify-go/anonify/ledger/ledgertest"
	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

var (
	alice = common.HexToAddress("0x1111111111111111111111111111111111111111")
	bob   = common.HexToAddress("0x2222222222222222222222222222222222222222")
)

// auditorKey is an auditor's key pair derived from a name; seed is the
// private key's bytes, which nothing the explorer serves may contain.
type auditorKey struct {
	seed [32]byte
	priv hpke.PrivateKey
	pub  [32]byte
}

func newAuditorKey(t *testing.T, name string) auditorKey {
	t.Helper()
	a := auditorKey{seed: sha256.Sum256([]byte("explorer test auditor " + name))}
	k, err := audit.ParsePrivateKey(a.seed[:])
	if err != nil {
		t.Fatal(err)
	}
	a.priv = k
	copy(a.pub[:], k.PublicKey().Bytes())
	return a
}

// auditNet is a memledger network with two governors (threshold 2) and a
// founded member enclave that posts command batches and audit posts.
type auditNet struct {
	t      *testing.T
	ctx    context.Context
	chain  *memledger.Chain
	gov    []*memledger.Account
	host   *memledger.Account
	member *ledgertest.Enclave

	batches, posts uint64
}

func newAuditNet(t *testing.T) *auditNet {
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
	c, err := memledger.New(memledger.Config{Governors: addrs, Threshold: 2, Policy: []byte(ledgertest.Policy)})
	if err != nil {
		t.Fatal(err)
	}
	n := &auditNet{t: t, ctx: context.Background(), chain: c, host: c.Account(common.Address{0xee}), member: ledgertest.NewEnclave(t)}
	for _, k := range keys {
		n.gov = append(n.gov, c.AccountKey(k))
	}
	if err := n.host.Register(n.ctx, n.member.Registration(t, n.host)); err != nil {
		t.Fatal(err)
	}
	id, err := n.gov[0].ProposeFounder(n.ctx, n.member.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.gov[1].Approve(n.ctx, id); err != nil {
		t.Fatal(err)
	}
	return n
}

// last returns the head block's event that pick selects.
func (n *auditNet) last(pick func(chainmsg.Event) bool) chainmsg.Event {
	n.t.Helper()
	evs, _ := n.chain.Events(n.chain.Head())
	for _, ev := range evs {
		if pick(ev) {
			return ev
		}
	}
	n.t.Fatalf("no such event in block %d", n.chain.Head())
	return chainmsg.Event{}
}

// appoint has governance set key's scope ("" removes it).
func (n *auditNet) appoint(key [32]byte, scope string) chainmsg.Event {
	n.t.Helper()
	id, err := n.gov[0].ProposeAuditor(n.ctx, key, []byte(scope))
	if err != nil {
		n.t.Fatal(err)
	}
	if err := n.gov[1].Approve(n.ctx, id); err != nil {
		n.t.Fatal(err)
	}
	return n.last(func(ev chainmsg.Event) bool { return ev.Auditor != nil })
}

func (n *auditNet) batch() chainmsg.Event {
	n.t.Helper()
	b := n.member.Batch(n.t, n.host, 0, n.batches, ledgertest.Ciphertext(100, byte(n.batches)))
	if err := n.host.PostCommands(n.ctx, b); err != nil {
		n.t.Fatal(err)
	}
	n.batches++
	return n.last(func(ev chainmsg.Event) bool { return ev.Commands != nil })
}

func (n *auditNet) post(records ...[]byte) chainmsg.Event {
	n.t.Helper()
	p := n.member.AuditPost(n.t, n.host, 0, n.posts, ledgertest.Ciphertext(64, 7), records...)
	if err := n.host.PostAudit(n.ctx, p); err != nil {
		n.t.Fatal(err)
	}
	n.posts++
	return n.last(func(ev chainmsg.Event) bool { return ev.Audit != nil })
}

// seal seals r to a as the enclaves do, with a fixed ikm per key and seq.
func (n *auditNet) seal(a auditorKey, r *audit.Record) []byte {
	n.t.Helper()
	ikm := sha256.Sum256(binary.BigEndian.AppendUint64(append([]byte("explorer test ikm"), a.pub[:]...), r.Seq))
	b, err := audit.SealRecord(a.pub[:], ikm[:], n.chain.ChainID().Uint64(), n.chain.Contract(), r)
	if err != nil {
		n.t.Fatal(err)
	}
	return b
}

// padding is a record nobody opens, of a real record's size.
func padding(fill byte) []byte {
	return ledgertest.Ciphertext(audit.RecordPadClass+audit.SealOverhead, fill)
}

func balance(a common.Address, value string) audit.Entry {
	return audit.Entry{Slot: "balance", Key: json.RawMessage(`"` + strings.ToLower(a.Hex()) + `"`), Value: json.RawMessage(value)}
}

// auditScenario is a network's history with auditors A, B and C:
//
//	A appointed for erc20 (act 1), B for erc20 transfers (act 2).
//	c1: alice sends bob 100. Post 0: A's snapshot and c1, B's snapshot, padding.
//	B's scope widened to erc20 (act 3), then B removed (act 4).
//	c2: bob's burn is rejected. Post 1: A's record of c2, padding.
//	C proposed for poll (act 5), one approval of two: open.
//
// The explorer's RPC also inserts, at the end, a replay of act 1: it
// does not verify and changes nothing.
type auditScenario struct {
	n                         *auditNet
	a, b, c                   auditorKey
	pa, pb, pb2, pb3, c1, c2  chainmsg.Event
	post0, post1              chainmsg.Event
	post0Bytes, post1Bytes    int
	proposal                  uint64
	reader                    *memledger.Account // the explorer's view, with the forged replay
	transferArgs, reasonBurnt string
}

func newAuditScenario(t *testing.T) *auditScenario {
	n := newAuditNet(t)
	s := &auditScenario{n: n, a: newAuditorKey(t, "A"), b: newAuditorKey(t, "B"), c: newAuditorKey(t, "C")}
	transfers := "erc20:functions=transfer"
	s.pa = n.appoint(s.a.pub, "erc20")
	s.pb = n.appoint(s.b.pub, transfers)
	s.c1 = n.batch()
	s.transferArgs = `{"to":"` + bob.Hex() + `","amount":"100"}`
	id := common.Hash{31: 1}
	post0 := [][]byte{
		padding(1),
		n.seal(s.a, &audit.Record{Seq: 0, Kind: audit.KindSnapshot, Scope: "erc20", Block: s.pa.Block, LogIndex: s.pa.Index, Part: 0, Parts: 1,
			State: []audit.Entry{{Slot: "total_supply", Value: json.RawMessage(`"1000"`)}, balance(alice, `"1000"`)}}),
		n.seal(s.b, &audit.Record{Seq: 0, Kind: audit.KindSnapshot, Scope: transfers, Block: s.pb.Block, LogIndex: s.pb.Index, Part: 0, Parts: 1, State: []audit.Entry{}}),
		n.seal(s.a, &audit.Record{Seq: 1, Kind: audit.KindCommand, Scope: "erc20", Block: s.c1.Block, LogIndex: s.c1.Index,
			ID: &id, Signer: &alice, App: "erc20", Function: "transfer", Args: json.RawMessage(s.transferArgs), OK: true,
			State: []audit.Entry{balance(alice, `"900"`), balance(bob, `"100"`)}}),
	}
	s.post0 = n.post(post0...)
	s.pb2 = n.appoint(s.b.pub, "erc20")
	s.pb3 = n.appoint(s.b.pub, "")
	s.c2 = n.batch()
	s.reasonBurnt = "insufficient balance: have 100, need 500"
	id2 := common.Hash{31: 2}
	post1 := [][]byte{
		n.seal(s.a, &audit.Record{Seq: 2, Kind: audit.KindCommand, Scope: "erc20", Block: s.c2.Block, LogIndex: s.c2.Index,
			ID: &id2, Signer: &bob, App: "erc20", Function: "burn", Args: json.RawMessage(`{"amount":"500"}`), Reason: s.reasonBurnt, State: []audit.Entry{}}),
		padding(2),
	}
	s.post1 = n.post(post1...)
	for _, r := range post0 {
		s.post0Bytes += len(r)
	}
	for _, r := range post1 {
		s.post1Bytes += len(r)
	}
	var err error
	if s.proposal, err = n.gov[0].ProposeAuditor(n.ctx, s.c.pub, []byte("poll")); err != nil {
		t.Fatal(err)
	}
	// A lying RPC replays act 1 after everything else.
	replay := *s.pa.Auditor
	head := n.chain.Head()
	s.reader = n.chain.Account(common.Address{0xed}).WithEventFilter(func(evs []chainmsg.Event) []chainmsg.Event {
		if len(evs) == 0 || evs[len(evs)-1].Block != head {
			return evs
		}
		forged := chainmsg.Event{Position: chainmsg.Position{Block: head, Index: evs[len(evs)-1].Index + 1}, TxHash: common.Hash{0xf0}, Auditor: &replay}
		return append(slices.Clone(evs), forged)
	})
	return s
}

// overview serves an explorer on the scenario's chain with key (nil: none)
// and returns its model, its JSON and its page.
func (s *auditScenario) overview(t *testing.T, key hpke.PrivateKey) (*Overview, string, string) {
	t.Helper()
	x, err := New(Config{Chain: s.reader, AuditKey: key, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	o, err := x.Overview(s.n.ctx)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(x.Handler())
	defer srv.Close()
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d, %v", path, resp.StatusCode, err)
		}
		return string(b)
	}
	return o, get("/api/overview"), get("/?refresh=0")
}

// TestAuditors: the auditors section, the timeline and the open proposals
// follow governance's acts on auditors, each verified against the genesis
// (agreeing with auditor.Auditors), and the audit posts are summed up,
// sizes only.
func TestAuditors(t *testing.T) {
	s := newAuditScenario(t)
	o, js, page := s.overview(t, nil)
	h := func(k [32]byte) common.Hash { return common.Hash(k) }

	// In office: A alone (B removed), as the auditor package reads it.
	x := o.Auditors
	if len(x.InOffice) != 1 {
		t.Fatalf("in office %+v, want A alone", x.InOffice)
	}
	if a := x.InOffice[0]; a.Key != h(s.a.pub) || a.Scope != "erc20" || a.Since != s.pa.Block || a.Changed != s.pa.Block || a.Act != 1 || a.ScopeError != "" {
		t.Errorf("auditor in office %+v", a)
	}
	roster, err := auditor.Auditors(s.n.ctx, s.n.host, s.n.chain.DeployedAt())
	if err != nil {
		t.Fatal(err)
	}
	if len(roster.Auditors) != len(x.InOffice) {
		t.Fatalf("auditor.Auditors has %d auditors, the explorer %d", len(roster.Auditors), len(x.InOffice))
	}
	for i, r := range roster.Auditors {
		e := x.InOffice[i]
		if e.Key != h(r.Key) || e.Scope != r.Scope || e.Since != r.Since.Block || e.Changed != r.Changed.Block || e.Act != r.Nonce {
			t.Errorf("auditor %d: explorer %+v, auditor.Auditors %+v", i, e, r)
		}
	}

	// Acts, in ledger order; the replay is ignored.
	var acts []string
	for _, a := range x.Acts {
		acts = append(acts, a.What)
	}
	if want := []string{ActAppointed, ActAppointed, ActScopeChanged, ActRemoved, ActIgnored}; !slices.Equal(acts, want) {
		t.Fatalf("acts %q, want %q", acts, want)
	}
	if a := x.Acts[1]; a.Key != h(s.b.pub) || a.Scope != "erc20:functions=transfer" || a.Block != s.pb.Block || a.Tx != s.pb.TxHash || a.Act != 2 || a.Signatures != 2 {
		t.Errorf("act 2: %+v", a)
	}
	if a := x.Acts[3]; a.Scope != "" || a.Key != h(s.b.pub) || a.Act != 4 {
		t.Errorf("removal: %+v", a)
	}
	if a := x.Acts[4]; a.Act != 1 || !strings.Contains(a.Detail, "act 1, the next is 5") {
		t.Errorf("replayed act: %+v", a)
	}

	// The timeline: the four verified acts, by no enclave, with their keys.
	var tl []string
	for _, c := range o.Timeline {
		if c.AuditorKey == nil {
			continue
		}
		if c.Actor != (common.Address{}) || c.Handshake {
			t.Errorf("auditor act in the timeline %+v: want no actor, no handshake", c)
		}
		tl = append(tl, c.What+" "+c.AuditorKey.Hex()[:6]+" "+c.AuditorScope)
	}
	pa, pb := h(s.a.pub).Hex()[:6], h(s.b.pub).Hex()[:6]
	if want := []string{"auditor appointed " + pa + " erc20", "auditor appointed " + pb + " erc20:functions=transfer",
		"auditor scope changed " + pb + " erc20", "auditor removed " + pb + " "}; !slices.Equal(tl, want) {
		t.Errorf("timeline auditor entries %q, want %q", tl, want)
	}
	if o.Plot.Marks != nil {
		t.Errorf("auditor acts marked as epoch changes: %+v", o.Plot.Marks)
	}

	// C's proposal is open: kind, key and scope, for act 5.
	if len(o.Network.Proposals) != 1 {
		t.Fatalf("open proposals %+v, want C's", o.Network.Proposals)
	}
	if p := o.Network.Proposals[0]; p.ID != s.proposal || p.Kind != "auditor" || p.AuditorKey == nil || *p.AuditorKey != h(s.c.pub) ||
		p.Scope != "poll" || p.RemovesAuditor || p.Act != 5 || p.Stale || p.Approvals != 1 {
		t.Errorf("auditor proposal %+v", p)
	}

	// Posts: sizes and counts, newest first.
	p := x.Posts
	if p.Total != 2 || p.Records != 6 || p.Bytes != s.post0Bytes+s.post1Bytes {
		t.Errorf("posts: %d, %d records, %d bytes; want 2, 6, %d", p.Total, p.Records, p.Bytes, s.post0Bytes+s.post1Bytes)
	}
	if len(p.Recent) != 2 || p.Recent[0].Seq != 1 || p.Recent[0].Block != s.post1.Block || p.Recent[0].Tx != s.post1.TxHash ||
		p.Recent[0].Records != 2 || p.Recent[0].Bytes != s.post1Bytes || p.Recent[0].Enclave != s.n.member.ID || p.Recent[1].Seq != 0 || p.Recent[1].Records != 4 {
		t.Errorf("recent posts %+v", p.Recent)
	}

	// Without a key: no audit view, in the model, the JSON or the page.
	if o.Audit != nil {
		t.Errorf("audit view without a key: %+v", o.Audit)
	}
	var j map[string]json.RawMessage
	if err := json.Unmarshal([]byte(js), &j); err != nil {
		t.Fatal(err)
	}
	if _, ok := j["audit"]; ok {
		t.Error(`JSON has "audit" without a key`)
	}
	var ja struct {
		InOffice []struct {
			Key   string `json:"key"`
			Scope string `json:"scope"`
			Since uint64 `json:"since_block"`
		} `json:"in_office"`
		Acts  []struct{ What string } `json:"acts"`
		Posts struct {
			Total   int `json:"total_posts"`
			Records int `json:"total_records"`
			Bytes   int `json:"total_bytes"`
		} `json:"posts"`
	}
	if err := json.Unmarshal(j["auditors"], &ja); err != nil {
		t.Fatal(err)
	}
	if len(ja.InOffice) != 1 || ja.InOffice[0].Key != h(s.a.pub).Hex() || ja.InOffice[0].Since != s.pa.Block || len(ja.Acts) != 5 || ja.Posts.Records != 6 {
		t.Errorf(`JSON "auditors": %s`, j["auditors"])
	}
	for _, w := range []string{`id="auditors-table"`, h(s.a.pub).Hex(), `auditor scope changed`, `id="audit-posts"`, `id="auditor-acts"`, `scope <code>poll</code> for auditor key`} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if strings.Contains(page, `id="audit"`) {
		t.Error("page has an Audit section without a key")
	}
}

// TestAuditView: with an auditor's key the explorer opens its records from
// the chain's events: the in-scope commands newest first, the state at the
// head, the trail's problems. Another key sees nothing, and the key itself
// is never served.
func TestAuditView(t *testing.T) {
	s := newAuditScenario(t)
	o, js, page := s.overview(t, s.a.priv)
	v := o.Audit
	if v == nil {
		t.Fatal("no audit view with a key")
	}
	if v.Error != "" || v.Key != common.Hash(s.a.pub) || v.Status != "in office" || v.Scope != "erc20" || v.Records != 3 {
		t.Errorf("audit view: error %q key %s status %q scope %q records %d", v.Error, v.Key.Hex(), v.Status, v.Scope, v.Records)
	}
	if len(v.Appointments) != 1 || v.Appointments[0].Block != s.pa.Block || v.Appointments[0].Act != 1 {
		t.Errorf("appointments %+v", v.Appointments)
	}
	if v.TotalCommands != 2 || len(v.Commands) != 2 {
		t.Fatalf("%d commands (%d shown), want 2", v.TotalCommands, len(v.Commands))
	}
	burn, transfer := v.Commands[0], v.Commands[1]
	if burn.Seq != 2 || burn.Block != s.c2.Block || burn.Signer != bob || burn.Function != "burn" || burn.OK || burn.Reason != s.reasonBurnt ||
		burn.Post != s.post1.Block || burn.Poster != s.n.member.ID || len(burn.Writes) != 0 {
		t.Errorf("newest command %+v", burn)
	}
	if transfer.Seq != 1 || transfer.Block != s.c1.Block || transfer.BatchTx != s.c1.TxHash || transfer.Signer != alice ||
		transfer.App != "erc20" || transfer.Function != "transfer" || string(transfer.Args) != s.transferArgs || !transfer.OK || len(transfer.Writes) != 2 {
		t.Errorf("first command %+v", transfer)
	}
	if v.State == nil {
		t.Fatalf("no state: %s", v.StateError)
	}
	var state []string
	for _, e := range v.State.Entries {
		state = append(state, e.Slot+string(e.Key)+"="+string(e.Value))
	}
	want := []string{"balance" + `"` + strings.ToLower(alice.Hex()) + `"="900"`, "balance" + `"` + strings.ToLower(bob.Hex()) + `"="100"`, `total_supply="1000"`}
	if !slices.Equal(state, want) || v.State.Snapshot != s.pa.Block || v.State.Block != o.Network.Head || len(v.State.Notes) != 0 {
		t.Errorf("state %q (snapshot %d, block %d, notes %q), want %q from block %d", state, v.State.Snapshot, v.State.Block, v.State.Notes, want, s.pa.Block)
	}
	// The one problem: the replayed act, which the trail reports too.
	if len(v.Problems) != 1 || !strings.Contains(v.Problems[0], "act 1, the next is 5") {
		t.Errorf("problems %q, want the replayed act", v.Problems)
	}
	var j struct {
		Audit *struct {
			Key      string `json:"key"`
			Status   string `json:"status"`
			Total    int    `json:"total_commands"`
			Commands []struct {
				Function string          `json:"function"`
				Args     json.RawMessage `json:"args"`
				OK       bool            `json:"ok"`
			} `json:"commands"`
			State struct {
				Entries []struct{ Slot string } `json:"entries"`
			} `json:"state"`
			Problems []string `json:"problems"`
		} `json:"audit"`
	}
	if err := json.Unmarshal([]byte(js), &j); err != nil || j.Audit == nil {
		t.Fatalf("JSON audit view: %v", err)
	}
	if j.Audit.Key != common.Hash(s.a.pub).Hex() || j.Audit.Total != 2 || len(j.Audit.Commands) != 2 || j.Audit.Commands[1].Function != "transfer" ||
		compact(t, j.Audit.Commands[1].Args) != s.transferArgs || len(j.Audit.State.Entries) != 3 || len(j.Audit.Problems) != 1 {
		t.Errorf("JSON audit view %+v", j.Audit)
	}
	for _, w := range []string{`id="audit"`, `id="audit-commands"`, `erc20.transfer`, `erc20.burn`, `rejected`, s.reasonBurnt, `id="audit-state"`,
		`total_supply`, `id="audit-problems"`, `computed locally from the chain`} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	// The private key is in neither, in any spelling.
	for _, secret := range []string{hex.EncodeToString(s.a.seed[:]), strings.ToUpper(hex.EncodeToString(s.a.seed[:]))} {
		if strings.Contains(js, secret) || strings.Contains(page, secret) {
			t.Error("the auditor's private key is served")
		}
	}

	// B, removed: its snapshot, no commands.
	o, _, _ = s.overview(t, s.b.priv)
	if v := o.Audit; v.Status != "removed" || v.Scope != "" || len(v.Appointments) != 3 || v.Records != 1 || v.TotalCommands != 0 {
		t.Errorf("removed auditor's view: %+v", v)
	}

	// C, proposed but never appointed: nothing opens.
	o, js, page = s.overview(t, s.c.priv)
	if v := o.Audit; v.Status != "not appointed" || v.Records != 0 || len(v.Commands) != 0 || v.State != nil || v.StateError != "" || len(v.Appointments) != 0 {
		t.Errorf("never appointed key's view: %+v", v)
	}
	if !strings.Contains(page, "Governance never appointed this key") {
		t.Error("page does not say the key was never appointed")
	}
	if strings.Contains(js, `"transfer"`) || strings.Contains(page, "erc20.transfer") {
		t.Error("another key's records are shown")
	}
}

func compact(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestAuditKeyKind: only an X25519 key is an auditor key.
func TestAuditKeyKind(t *testing.T) {
	k, err := hpke.MLKEM768().GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{Chain: newAuditNet(t).host, AuditKey: k}); err == nil || !strings.Contains(err.Error(), "not an X25519") {
		t.Errorf("New with an ML-KEM key: %v", err)
	}
}
