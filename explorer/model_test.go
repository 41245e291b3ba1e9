package explorer

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

var (
	now      = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	contract = common.HexToAddress("0xC0")
	governor = common.HexToAddress("0x60")
	simMeas  = bytes.Repeat([]byte{0x11}, 48)
	sgxMeas  = bytes.Repeat([]byte{0x22}, 32)
)

// testPolicy accepts the simulated kind and SGX (debug allowed) with one
// measurement each, on a dev network.
func testPolicy(t *testing.T) []byte {
	t.Helper()
	p := attest.DevPolicy(simMeas)
	p.Kinds = append(p.Kinds, attest.KindPolicy{Kind: attest.KindSGX, AllowDebug: true,
		Measurements: []attest.Measurement{{Registers: map[string]attest.HexBytes{"MRENCLAVE": sgxMeas}}}})
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func addr(n byte) common.Address { return common.BytesToAddress([]byte{n}) }

// fixture is a snapshot whose evidence is a name the fake verifier looks
// up: what verify.Evidence would have returned for it.
type fixture struct {
	s      *Snapshot
	claims map[string]*attest.Claims
	errs   map[string]error
}

func newFixture(t *testing.T) *fixture {
	policy := testPolicy(t)
	s := &Snapshot{
		Now: now, ChainID: 1337, Contract: contract,
		Genesis:    chainmsg.Genesis{ChainID: 1337, Contract: contract, Governors: []common.Address{governor}, Threshold: 1, PolicyHash: crypto.Keccak256Hash(policy)},
		DeployedAt: 1, Head: 20,
		State:      ledger.State{PolicyVersion: 1, Policy: policy},
		Governance: ledger.Governance{Governors: []common.Address{governor}, Threshold: 1},
		Proposals:  map[uint64]ledger.Proposal{},
	}
	s.Events = append(s.Events, chainmsg.Event{Position: chainmsg.Position{Block: 1}, PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 1, Policy: policy}})
	return &fixture{s: s, claims: map[string]*attest.Claims{}, errs: map[string]error{}}
}

func (f *fixture) verify(ev []byte, at time.Time) (*attest.Claims, error) {
	if !at.Equal(now) {
		return nil, errors.New("verified at the wrong time")
	}
	if err := f.errs[string(ev)]; err != nil {
		return nil, err
	}
	return f.claims[string(ev)], nil
}

func (f *fixture) event(block uint64, e chainmsg.Event) {
	e.Position = chainmsg.Position{Block: block, Index: uint64(len(f.s.Events))}
	f.s.Events = append(f.s.Events, e)
}

// register adds a registration of identity id whose evidence verifies to c
// (bound to the registration unless c's report data is already set).
func (f *fixture) register(block uint64, id common.Address, c *attest.Claims, err error) {
	name := "evidence-" + id.Hex()
	r := &chainmsg.RegisteredEvent{Identity: id, RequestKey: []byte("rk" + id.Hex()), KeyPackage: []byte("kp" + id.Hex()), Evidence: []byte(name)}
	if c != nil && c.ReportData == nil {
		rd := attest.Binding{Identity: id, RequestKey: r.RequestKey, KeyPackage: r.KeyPackage, ChainID: f.s.ChainID, Contract: f.s.Contract, Genesis: f.s.Genesis.Hash()}.ReportData()
		c.ReportData = rd[:]
	}
	f.claims[name], f.errs[name] = c, err
	f.event(block, chainmsg.Event{Registered: r})
}

func simClaims(meas []byte) *attest.Claims {
	return &attest.Claims{Kind: attest.KindSim, Registers: map[string][]byte{"MEASUREMENT": meas}, Insecure: true,
		TCBStatus: attest.TCBStatusNotApplicable, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
}

func sgxClaims(debug bool) *attest.Claims {
	return &attest.Claims{Kind: attest.KindSGX, Registers: map[string][]byte{"MRENCLAVE": sgxMeas}, Debug: debug,
		TCBStatus: attest.TCBUpToDate, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
}

func TestVerdicts(t *testing.T) {
	expired := simClaims(simMeas)
	expired.NotAfter = now.Add(-time.Minute)
	otherBinding := simClaims(simMeas)
	otherBinding.ReportData = make([]byte, 64)
	for _, tc := range []struct {
		name        string
		claims      *attest.Claims
		err         error
		policy      []byte // replaces the policy in force when set
		verdict     string
		detail      string
		kind        string
		measurement string
	}{
		{name: "simulated", claims: simClaims(simMeas), verdict: VerdictInsecure,
			detail: `passes policy v1 (a "dev" network), but the sim-insecure kind is a simulation: its evidence proves nothing`,
			kind:   "sim-insecure", measurement: "MEASUREMENT " + strings.Repeat("11", 48)},
		{name: "sgx", claims: sgxClaims(false), verdict: VerdictVerified,
			detail: "authentic, bound to its registration, passes policy v1", kind: "sgx", measurement: "MRENCLAVE " + strings.Repeat("22", 32)},
		{name: "sgx debug", claims: sgxClaims(true), verdict: VerdictInsecure,
			detail: "passes policy v1, but the enclave runs in debug mode: its host can read it", kind: "sgx"},
		{name: "other measurement", claims: simClaims(bytes.Repeat([]byte{0x33}, 48)), verdict: VerdictRefused, detail: "sim-insecure measurement not allowed", kind: "sim-insecure"},
		{name: "expired", claims: expired, verdict: VerdictRefused, detail: "evidence valid", kind: "sim-insecure"},
		{name: "not authentic", err: attest.ErrSignature, verdict: VerdictInvalid, detail: attest.ErrSignature.Error()},
		{name: "bound to other keys", claims: otherBinding, verdict: VerdictInvalid, detail: "evidence not bound to this registration and network", kind: "sim-insecure"},
		{name: "policy unparseable", claims: simClaims(simMeas), policy: []byte("{"), verdict: VerdictRefused, detail: "the policy in force does not parse", kind: "sim-insecure"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if tc.policy != nil {
				f.s.State.Policy = tc.policy
			}
			f.register(2, addr(1), tc.claims, tc.err)
			o := Build(f.s, f.verify)
			if len(o.Members) != 1 {
				t.Fatalf("%d members, want 1", len(o.Members))
			}
			m := o.Members[0]
			if m.Verdict != tc.verdict || !strings.Contains(m.Detail, tc.detail) {
				t.Errorf("verdict %s (%s), want %s containing %q", m.Verdict, m.Detail, tc.verdict, tc.detail)
			}
			if m.Kind != tc.kind {
				t.Errorf("kind %q, want %q", m.Kind, tc.kind)
			}
			if tc.measurement != "" && m.Measurement != tc.measurement {
				t.Errorf("measurement %q, want %q", m.Measurement, tc.measurement)
			}
		})
	}
}

// TestMembersAndTimeline follows enclaves through founding, admission,
// rotation, expulsion and removal.
func TestMembersAndTimeline(t *testing.T) {
	f := newFixture(t)
	a, b, c, d := addr(1), addr(2), addr(3), addr(4)
	for i, id := range []common.Address{a, b, c, d} {
		f.register(uint64(2+i), id, simClaims(simMeas), nil)
	}
	f.event(6, chainmsg.Event{Founded: &chainmsg.FoundedEvent{Identity: a}})
	f.event(7, chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: 0, Committer: a, Adds: []common.Address{b, c}}})
	f.event(8, chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: 1, Committer: b}})
	f.event(9, chainmsg.Event{Expelled: &chainmsg.ExpelledEvent{Identity: c}})
	f.event(10, chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: 2, Committer: a, Removes: []common.Address{c}}})
	f.event(11, chainmsg.Event{Expelled: &chainmsg.ExpelledEvent{Identity: b}})
	f.s.State.Epoch = 3
	f.s.State.Members = []common.Address{a, b}
	o := Build(f.s, f.verify)

	if o.Network.MemberCount != 2 || o.Network.Epoch != 3 {
		t.Errorf("member count %d epoch %d, want 2 and 3", o.Network.MemberCount, o.Network.Epoch)
	}
	wantMembers := []struct {
		status          string
		admitted, epoch uint64
		how             string
	}{
		{"member", 6, 0, "founded"},
		{"expelled (removal pending)", 7, 1, "handshake"},
		{"removed", 7, 1, "handshake"},
		{"registered", 0, 0, ""},
	}
	for i, w := range wantMembers {
		m := o.Members[i]
		if m.Status != w.status || m.Admitted != w.admitted || m.AdmittedEpoch != w.epoch || m.AdmittedHow != w.how {
			t.Errorf("member %d: %s admitted %d epoch %d (%s), want %s admitted %d epoch %d (%s)",
				i, m.Status, m.Admitted, m.AdmittedEpoch, m.AdmittedHow, w.status, w.admitted, w.epoch, w.how)
		}
	}
	wantTimeline := []struct {
		block uint64
		what  string
		epoch uint64
		actor common.Address
	}{
		{6, "founded", 0, a}, {7, "admission", 0, a}, {8, "rotation", 1, b},
		{9, "expulsion", 2, c}, {10, "removal", 2, a}, {11, "expulsion", 3, b},
	}
	if len(o.Timeline) != len(wantTimeline) {
		t.Fatalf("timeline has %d entries, want %d: %+v", len(o.Timeline), len(wantTimeline), o.Timeline)
	}
	for i, w := range wantTimeline {
		c := o.Timeline[i]
		if c.Block != w.block || c.What != w.what || c.Epoch != w.epoch || c.Actor != w.actor {
			t.Errorf("timeline %d: block %d %s epoch %d by %s, want block %d %s epoch %d by %s", i, c.Block, c.What, c.Epoch, c.Actor, w.block, w.what, w.epoch, w.actor)
		}
	}
	// The plot marks the three handshakes, labelled with the epoch they open.
	var labels []string
	for _, m := range o.Plot.Marks {
		labels = append(labels, m.Label)
	}
	if strings.Join(labels, ",") != "e1,e2,e3" {
		t.Errorf("epoch marks %v, want e1,e2,e3", labels)
	}
}

func TestBatches(t *testing.T) {
	f := newFixture(t)
	batch := func(block uint64, enclave common.Address, seq uint64, sizes ...int) {
		var cts [][]byte
		for _, n := range sizes {
			cts = append(cts, make([]byte, n))
		}
		f.event(block, chainmsg.Event{Commands: &chainmsg.CommandsEvent{Enclave: enclave, Epoch: 1, Seq: seq, Ciphertexts: cts}})
	}
	batch(5, addr(1), 0, 300, 300)
	batch(5, addr(2), 0, 500)
	batch(9, addr(1), 1, 256, 256, 256)
	o := Build(f.s, f.verify)
	b := o.Batches
	if b.Total != 3 || b.Commands != 6 || b.Bytes != 1868 {
		t.Errorf("totals %d batches %d commands %d bytes, want 3, 6, 1868", b.Total, b.Commands, b.Bytes)
	}
	if len(b.Recent) != 3 || b.Recent[0].Block != 9 || b.Recent[0].Count != 3 || b.Recent[0].Bytes != 768 || b.Recent[2].Enclave != addr(1) {
		t.Errorf("recent batches %+v, want newest first", b.Recent)
	}
	// Blocks 1..20 fit one bar each: block 5 carries 3 commands, block 9 three.
	if len(o.Plot.Bars) != 2 || o.Plot.Empty {
		t.Fatalf("plot bars %+v, want 2", o.Plot.Bars)
	}
	if o.Plot.Bars[0].Title != "block 5: 3 commands" && o.Plot.Bars[1].Title != "block 5: 3 commands" {
		t.Errorf("bar titles %q, %q", o.Plot.Bars[0].Title, o.Plot.Bars[1].Title)
	}

	// Many batches: the table keeps the most recent, the totals all.
	for i := range 2 * maxRecentBatches {
		batch(10+uint64(i), addr(3), uint64(i), 256)
	}
	o = Build(f.s, f.verify)
	if o.Batches.Total != 3+2*maxRecentBatches || len(o.Batches.Recent) != maxRecentBatches {
		t.Errorf("%d batches, %d shown; want %d and %d", o.Batches.Total, len(o.Batches.Recent), 3+2*maxRecentBatches, maxRecentBatches)
	}
}

func TestPlotBins(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to uint64
		per      map[uint64]int
		bars     int
		title    string
		empty    bool
	}{
		{"no commands", 1, 10, nil, 0, "", true},
		{"one block", 7, 7, map[uint64]int{7: 4}, 1, "block 7: 4 commands", false},
		{"binned", 0, 2999, map[uint64]int{0: 1, 5: 2, 2999: 1}, 2, "blocks 0-9: 3 commands", false},
		{"outside the range", 10, 20, map[uint64]int{5: 1, 21: 1}, 0, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := buildPlot(tc.from, tc.to, tc.per, nil)
			if len(p.Bars) != tc.bars || p.Empty != tc.empty {
				t.Fatalf("%d bars (empty %v), want %d (empty %v)", len(p.Bars), p.Empty, tc.bars, tc.empty)
			}
			if tc.title != "" && p.Bars[0].Title != tc.title {
				t.Errorf("first bar %q, want %q", p.Bars[0].Title, tc.title)
			}
			for _, b := range p.Bars {
				if b.X < p.Left || b.X+b.W > p.Right || b.Y < p.Top || b.Y+b.H != p.Bottom {
					t.Errorf("bar %+v outside the drawing area %d..%d x %d..%d", b, p.Left, p.Right, p.Top, p.Bottom)
				}
			}
		})
	}
}

func TestNodeAgreement(t *testing.T) {
	h1, h2 := common.HexToHash("0xa1"), common.HexToHash("0xb2")
	ok := func(block uint64, h common.Hash) NodeResult {
		return NodeResult{URL: "http://n", Status: &wire.NodeStatus{AppliedBlock: block, StateHash: h, Member: true}}
	}
	down := NodeResult{URL: "http://down", Err: errors.New("connection refused")}
	for _, tc := range []struct {
		name  string
		nodes []NodeResult
		want  string
	}{
		{"no nodes listed", nil, ""},
		{"agree", []NodeResult{ok(20, h1), ok(20, h1)}, "agree"},
		{"agree, one down", []NodeResult{ok(20, h1), down, ok(19, h1)}, "agree"},
		{"disagree at the same block", []NodeResult{ok(20, h1), ok(20, h2)}, "disagree"},
		{"differ while catching up", []NodeResult{ok(20, h1), ok(18, h2)}, "differ (catching up)"},
		{"none answers", []NodeResult{down}, "no answer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.s.Nodes = tc.nodes
			o := Build(f.s, f.verify)
			if o.Nodes.Agreement != tc.want {
				t.Errorf("agreement %q, want %q", o.Nodes.Agreement, tc.want)
			}
			for i, n := range o.Nodes.Nodes {
				if n.OK == (tc.nodes[i].Err != nil) {
					t.Errorf("node %d: ok %v, error %v", i, n.OK, tc.nodes[i].Err)
				}
				if n.OK && n.Lag != f.s.Head-tc.nodes[i].Status.AppliedBlock {
					t.Errorf("node %d: lag %d", i, n.Lag)
				}
			}
		})
	}
}

func TestPolicyHistoryAndProposals(t *testing.T) {
	f := newFixture(t)
	v2 := []byte(`{"version":1,"network":"dev","kinds":[]}`)
	f.event(5, chainmsg.Event{Proposed: &chainmsg.ProposedEvent{ID: 1, Proposer: governor, Kind: chainmsg.ProposalPolicy, Policy: v2, Nonce: 2}})
	f.event(5, chainmsg.Event{Approved: &chainmsg.ApprovedEvent{ID: 1, Governor: governor, Approvals: 1}})
	f.event(5, chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: v2, Sigs: [][]byte{{1}}}})
	f.event(6, chainmsg.Event{Proposed: &chainmsg.ProposedEvent{ID: 2, Proposer: governor, Kind: chainmsg.ProposalExpel, Target: addr(9)}})
	f.event(6, chainmsg.Event{Approved: &chainmsg.ApprovedEvent{ID: 2, Governor: governor, Approvals: 1}})
	f.event(7, chainmsg.Event{Proposed: &chainmsg.ProposedEvent{ID: 3, Proposer: governor, Kind: chainmsg.ProposalPolicy, Policy: v2, Nonce: 2}})
	f.s.State.PolicyVersion, f.s.State.Policy = 2, v2
	f.s.Governance.Threshold = 2
	f.s.Proposals[1] = ledger.Proposal{ID: 1, Kind: chainmsg.ProposalPolicy, Executed: true, Approvals: 1, Nonce: 2}
	f.s.Proposals[2] = ledger.Proposal{ID: 2, Kind: chainmsg.ProposalExpel, Approvals: 1, Target: addr(9)}
	f.s.Proposals[3] = ledger.Proposal{ID: 3, Kind: chainmsg.ProposalPolicy, Approvals: 1, Nonce: 2}
	n := Build(f.s, f.verify).Network

	if len(n.History) != 2 || n.History[0].InForce || !n.History[1].InForce || n.History[1].Signatures != 1 || n.History[1].Block != 5 {
		t.Errorf("history %+v, want v1 then v2 in force with 1 signature", n.History)
	}
	if !strings.Contains(n.Policy, `"network": "dev"`) {
		t.Errorf("policy in force not indented JSON: %q", n.Policy)
	}
	if len(n.Proposals) != 2 {
		t.Fatalf("open proposals %+v, want 2 and 3", n.Proposals)
	}
	expel, stale := n.Proposals[0], n.Proposals[1]
	if expel.ID != 2 || expel.Kind != "expel" || expel.Target == nil || *expel.Target != addr(9) || expel.Approvals != 1 || expel.Threshold != 2 || len(expel.ApprovedBy) != 1 || expel.Stale {
		t.Errorf("expel proposal %+v", expel)
	}
	if stale.ID != 3 || stale.Kind != "policy" || stale.Version != 2 || !stale.Stale || len(stale.ApprovedBy) != 0 {
		t.Errorf("policy proposal for an installed version %+v, want stale", stale)
	}
}

// TestPageRenders renders states the browser test does not reach (open
// proposals, removals, unavailable nodes, a chain read error) and checks
// the page carries them.
func TestPageRenders(t *testing.T) {
	f := newFixture(t)
	f.register(2, addr(1), simClaims(simMeas), nil)
	f.register(3, addr(2), nil, attest.ErrSignature)
	f.event(6, chainmsg.Event{Founded: &chainmsg.FoundedEvent{Identity: addr(1)}})
	f.event(7, chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: 0, Committer: addr(1), Adds: []common.Address{addr(2)}, Removes: []common.Address{addr(3)}}})
	f.event(8, chainmsg.Event{Commands: &chainmsg.CommandsEvent{Enclave: addr(1), Epoch: 1, Ciphertexts: [][]byte{make([]byte, 256)}}})
	f.event(9, chainmsg.Event{Proposed: &chainmsg.ProposedEvent{ID: 1, Proposer: governor, Kind: chainmsg.ProposalFounder, Target: addr(4)}})
	f.s.Proposals[1] = ledger.Proposal{ID: 1, Kind: chainmsg.ProposalFounder, Approvals: 1, Target: addr(4)}
	// An auditor act the genesis governor did not sign, and an open
	// proposal to remove an auditor.
	f.event(10, chainmsg.Event{Auditor: &chainmsg.AuditorChangedEvent{Key: [32]byte{31: 8}, Scope: []byte("erc20"), Nonce: 1, Sigs: [][]byte{{1}}}})
	f.event(11, chainmsg.Event{Proposed: &chainmsg.ProposedEvent{ID: 2, Proposer: governor, Kind: chainmsg.ProposalAuditor, Nonce: 1}})
	f.s.Proposals[2] = ledger.Proposal{ID: 2, Kind: chainmsg.ProposalAuditor, Approvals: 1, Nonce: 1, Subject: common.Hash{31: 9}}
	f.s.Nodes = []NodeResult{{URL: "http://down:1", Err: errors.New("connection refused <b>")}}
	for _, tc := range []struct {
		name string
		data pageData
		want []string
	}{
		{"network", pageData{Overview: Build(f.s, f.verify), Refresh: 5}, []string{
			`<meta http-equiv="refresh" content="5">`, `id="member-count">0<`, `>INSECURE<`, `>INVALID<`,
			`admission and removal`, `0 → 1`, `id="plot-commands"`, `class="bar"`, `class="epoch-mark"`,
			`id="proposals"`, `founder`, addr(4).Hex(), `unavailable`, `connection refused &lt;b&gt;`, `no answer`,
			`id="auditors-none"`, `>ignored<`, `remove auditor key <span class="mono">` + common.Hash{31: 9}.Hex(), `id="audit-post-total">0<`,
		}},
		{"chain error", pageData{Overview: &Overview{Generated: now}, Error: "dial: refused"}, []string{`id="error"`, `Cannot read the network: dial: refused`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := page.Execute(&buf, tc.data); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if tc.data.Refresh == 0 && strings.Contains(buf.String(), "http-equiv") {
				t.Error("refresh 0 still refreshes")
			}
		})
	}
}

// TestCustodianProposals: the custodian set in force, and open custodian
// proposals by name with their threshold and keys (a removal, and one
// whose version another act took first), in the model and on the page.
func TestCustodianProposals(t *testing.T) {
	f := newFixture(t)
	k1, k2, k3 := [32]byte{31: 1}, [32]byte{31: 2}, [32]byte{31: 3}
	f.s.State.CustodianVersion, f.s.State.CustodianThreshold, f.s.State.Custodians = 1, 2, [][32]byte{k1, k2, k3}
	proposals := []struct {
		nonce     uint64
		keys      [][32]byte
		threshold uint8
	}{{2, [][32]byte{k1, k2}, 1}, {2, nil, 0}, {1, [][32]byte{k3}, 1}}
	for i, p := range proposals {
		id := uint64(i + 1)
		f.event(5, chainmsg.Event{Proposed: &chainmsg.ProposedEvent{ID: id, Proposer: governor, Kind: chainmsg.ProposalCustodians,
			Policy: chainmsg.PackCustodians(p.keys, p.threshold), Nonce: p.nonce}})
		f.s.Proposals[id] = ledger.Proposal{ID: id, Kind: chainmsg.ProposalCustodians, Approvals: 1, Nonce: p.nonce}
	}
	o := Build(f.s, f.verify)
	n := o.Network
	if c := n.Custodians; c.Version != 1 || c.Threshold != 2 || len(c.Keys) != 3 || c.Keys[2] != common.Hash(k3) {
		t.Errorf("custodians in force %+v", c)
	}
	if len(n.Proposals) != 3 {
		t.Fatalf("open proposals %+v, want 3", n.Proposals)
	}
	for i, p := range n.Proposals {
		want := proposals[i]
		if p.Kind != "custodians" || p.Custodians == nil || p.Custodians.Version != want.nonce || p.Custodians.Threshold != want.threshold ||
			len(p.Custodians.Keys) != len(want.keys) || p.Stale != (want.nonce != 2) {
			t.Errorf("proposal %d: %+v (custodians %+v)", i+1, p, p.Custodians)
		}
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, pageData{Overview: o}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		`id="custodians">any 2 of 3 keys recover <span class="muted">(version 1)</span>`, common.Hash(k3).Hex(),
		`any 1 of 2 custodian keys recover <span class="muted">(version 2)</span>`, `no custodians: recovery off <span class="muted">(version 2)</span>`,
		`custodians <span class="badge warn">stale</span>`,
	} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if strings.Contains(buf.String(), "unknown (5)") {
		t.Error("the page calls a custodian proposal unknown")
	}
}
