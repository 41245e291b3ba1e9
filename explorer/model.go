package explorer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/auditor"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Snapshot is everything the explorer read for one page: the chain's
// views and event log, and what the nodes answered. Build turns it into an
// Overview without any I/O, so the page model is tested on plain values.
type Snapshot struct {
	Now        time.Time
	ChainID    uint64
	Contract   common.Address
	Genesis    chainmsg.Genesis
	DeployedAt uint64
	Head       uint64
	State      ledger.State
	Governance ledger.Governance
	// Events is the contract's log from DeployedAt to Head, in order.
	Events []chainmsg.Event
	// Proposals is the contract's current view of each proposal the
	// events name.
	Proposals map[uint64]ledger.Proposal
	// Nodes is one entry per node listed in the network file.
	Nodes []NodeResult
	// Trail is the trail of the explorer's auditor key (ReadTrail), or
	// TrailErr why it could not be read; both nil without a key.
	Trail    *auditor.Trail
	TrailErr error
}

// NodeResult is what one node's public endpoint answered.
type NodeResult struct {
	URL    string
	Status *wire.NodeStatus // nil when Err is set
	Err    error
}

// VerifyFunc verifies raw evidence at time now (verify.Evidence with the
// explorer's collateral).
type VerifyFunc func(evidence []byte, now time.Time) (*attest.Claims, error)

// Overview is the page model, also served as JSON at /api/overview.
type Overview struct {
	Generated time.Time    `json:"generated"`
	Network   Network      `json:"network"`
	Members   []Member     `json:"members"`
	Timeline  []Change     `json:"timeline"`
	Batches   BatchSummary `json:"batches"`
	Auditors  Auditors     `json:"auditors"`
	Plot      Plot         `json:"-"`
	Nodes     NodeHealth   `json:"nodes"`
	// Audit is the view of the explorer's auditor key; nil without one.
	Audit *AuditView `json:"audit,omitempty"`
}

// Network is the deployment and its governance.
type Network struct {
	ChainID       uint64           `json:"chain_id"`
	Contract      common.Address   `json:"contract"`
	GenesisHash   common.Hash      `json:"genesis_hash"`
	DeployedAt    uint64           `json:"deployed_at"`
	Head          uint64           `json:"head"`
	Epoch         uint64           `json:"epoch"`
	MemberCount   int              `json:"member_count"`
	Governors     []common.Address `json:"governors"`
	Threshold     uint64           `json:"threshold"`
	PolicyVersion uint64           `json:"policy_version"`
	// Policy is the policy in force, indented; PolicyError says why it
	// does not parse (members are then not judged against it).
	Policy        string          `json:"policy"`
	PolicyNetwork string          `json:"policy_network,omitempty"`
	PolicyError   string          `json:"policy_error,omitempty"`
	History       []PolicyVersion `json:"policy_history"`
	Proposals     []Proposal      `json:"open_proposals"`
	// Custodians is the disaster-recovery custodian set in force.
	Custodians Custodians `json:"custodians"`
}

// Custodians is a disaster-recovery custodian set: any Threshold of Keys
// recover, as custodian act number Version set it (0: none ever; no keys:
// recovery is off).
type Custodians struct {
	Version   uint64        `json:"version"`
	Threshold uint8         `json:"threshold"`
	Keys      []common.Hash `json:"keys"`
}

// PolicyVersion is one PolicyChanged event.
type PolicyVersion struct {
	Version    uint64      `json:"version"`
	Block      uint64      `json:"block"`
	Tx         common.Hash `json:"tx"`
	Signatures int         `json:"signatures"`
	SHA256     string      `json:"sha256"`
	Policy     string      `json:"policy"`
	InForce    bool        `json:"in_force"`
}

// Proposal is an open (not executed) governance proposal.
type Proposal struct {
	ID         uint64           `json:"id"`
	Kind       string           `json:"kind"`
	Proposer   common.Address   `json:"proposer"`
	Block      uint64           `json:"block"`
	Approvals  uint64           `json:"approvals"`
	Threshold  uint64           `json:"threshold"`
	ApprovedBy []common.Address `json:"approved_by"`
	// Target is the founder or the member to expel; Version the policy
	// version a policy proposal would install.
	Target  *common.Address `json:"target,omitempty"`
	Version uint64          `json:"version,omitempty"`
	Policy  string          `json:"policy,omitempty"`
	// AuditorKey and Scope are what an auditor proposal would set (an
	// empty scope removes the auditor: RemovesAuditor), Act the auditor
	// act it is for.
	AuditorKey     *common.Hash `json:"auditor_key,omitempty"`
	Scope          string       `json:"scope,omitempty"`
	RemovesAuditor bool         `json:"removes_auditor,omitempty"`
	Act            uint64       `json:"act,omitempty"`
	// Custodians is what a custodian proposal would set; nil for other
	// kinds (and for a custodian set that does not unpack).
	Custodians *Custodians `json:"custodians,omitempty"`
	// Stale: another policy version (or auditor or custodian act) was
	// installed first, so this one can never execute.
	Stale bool `json:"stale,omitempty"`
}

// Verdicts of the explorer's own check of a registration's evidence.
const (
	VerdictVerified = "VERIFIED" // authentic, bound to the registration, passes the policy in force
	VerdictInsecure = "INSECURE" // passes the policy, but proves nothing (simulated or debug TEE)
	VerdictRefused  = "REFUSED"  // authentic and bound, but the policy in force refuses it
	VerdictInvalid  = "INVALID"  // not authentic, malformed, or not bound to this registration
)

// Member is one registered enclave.
type Member struct {
	Identity   common.Address `json:"identity"`
	Status     string         `json:"status"` // member, expelled (removal pending), removed, expelled, registered
	Registered uint64         `json:"registered_block"`
	// Admitted is the block of the handshake that added it (or of its
	// founding), and AdmittedEpoch the epoch that handshake opened.
	Admitted      uint64 `json:"admitted_block,omitempty"`
	AdmittedEpoch uint64 `json:"admitted_epoch,omitempty"`
	AdmittedHow   string `json:"admitted_how,omitempty"` // "founded" or "handshake"
	Kind          string `json:"tee_kind"`
	// Measurement is the kind's identity register, "NAME hex".
	Measurement string `json:"measurement"`
	Debug       bool   `json:"debug"`
	TCBStatus   string `json:"tcb_status,omitempty"`
	Verdict     string `json:"verdict"`
	Detail      string `json:"verdict_detail"`
}

// Change is one entry of the epoch and handshake timeline.
type Change struct {
	Block uint64      `json:"block"`
	Tx    common.Hash `json:"tx"`
	// What: founded, admission, rotation, removal, admission and removal,
	// expulsion, auditor appointed, auditor scope changed, auditor removed.
	What string `json:"what"`
	// Epoch is the ledger epoch the handshake was for; it opens Epoch+1.
	Epoch     uint64           `json:"epoch"`
	Handshake bool             `json:"handshake"`
	Actor     common.Address   `json:"actor"` // the committer, or the founder or expelled member; zero for auditor acts
	Adds      []common.Address `json:"adds,omitempty"`
	Removes   []common.Address `json:"removes,omitempty"`
	// AuditorKey and AuditorScope: an auditor act's key and the scope it
	// set (empty for a removal).
	AuditorKey   *common.Hash `json:"auditor_key,omitempty"`
	AuditorScope string       `json:"auditor_scope,omitempty"`
}

// Batch is one Commands event: an enclave-signed batch of ciphertexts.
type Batch struct {
	Block   uint64         `json:"block"`
	Tx      common.Hash    `json:"tx"`
	Enclave common.Address `json:"enclave"`
	Epoch   uint64         `json:"epoch"`
	Seq     uint64         `json:"seq"`
	Count   int            `json:"commands"`
	Bytes   int            `json:"bytes"`
}

// BatchSummary holds the totals and the most recent batches, newest first.
type BatchSummary struct {
	Total    int     `json:"total_batches"`
	Commands int     `json:"total_commands"`
	Bytes    int     `json:"total_bytes"`
	Recent   []Batch `json:"recent"`
}

// maxRecentBatches bounds the batch table (the plot covers all of them).
const maxRecentBatches = 50

// NodeHealth is what the listed nodes report and whether they agree.
type NodeHealth struct {
	Nodes []NodeRow `json:"nodes"`
	// Agreement: "agree" (every answering node reports the same state
	// hash), "disagree", "differ (catching up)" (different hashes at
	// different applied blocks), "no answer", or "" with no nodes listed.
	Agreement string `json:"agreement"`
}

// NodeRow is one node's answer.
type NodeRow struct {
	URL             string         `json:"url"`
	OK              bool           `json:"ok"`
	Error           string         `json:"error,omitempty"`
	Identity        common.Address `json:"identity"`
	TEEKind         string         `json:"tee_kind,omitempty"`
	Member          bool           `json:"member"`
	Epoch           uint64         `json:"epoch"`
	AppliedBlock    uint64         `json:"applied_block"`
	Lag             uint64         `json:"lag_blocks"`
	AppliedCommands uint64         `json:"applied_commands"`
	StateHash       common.Hash    `json:"state_hash"`
	Pending         int            `json:"pending"`
}

// Build computes the page model from a snapshot. check verifies
// registration evidence (DefaultVerify without collateral).
func Build(s *Snapshot, check VerifyFunc) *Overview {
	o := &Overview{Generated: s.Now}
	acts := s.auditorActs()
	policy := o.buildNetwork(s, acts)
	o.buildMembers(s, policy, check)
	o.buildTimeline(s, acts)
	o.buildBatches(s)
	o.buildAuditors(s, acts)
	o.Plot = buildPlot(s.DeployedAt, s.Head, o.batchesPerBlock(s), o.Timeline)
	o.buildNodes(s)
	o.buildAudit(s)
	return o
}

// DefaultVerify verifies with opts (collateral, pinned roots) at the given
// time.
func DefaultVerify(opts verify.Options) VerifyFunc {
	return func(ev []byte, now time.Time) (*attest.Claims, error) {
		o := opts
		o.Now = now
		return verify.Evidence(ev, o)
	}
}

func (o *Overview) buildNetwork(s *Snapshot, acts []auditorAct) *attest.Policy {
	n := &o.Network
	n.ChainID, n.Contract, n.GenesisHash = s.ChainID, s.Contract, s.Genesis.Hash()
	n.DeployedAt, n.Head, n.Epoch = s.DeployedAt, s.Head, s.State.Epoch
	n.MemberCount = len(s.State.Members)
	n.Governors, n.Threshold = s.Governance.Governors, s.Governance.Threshold
	n.PolicyVersion, n.Policy = s.State.PolicyVersion, pretty(s.State.Policy)
	n.Custodians = custodians(s.State.CustodianVersion, s.State.Custodians, s.State.CustodianThreshold)
	policy, err := attest.ParsePolicy(s.State.Policy)
	if err != nil {
		n.PolicyError = err.Error()
		policy = nil
	} else {
		n.PolicyNetwork = policy.Network
	}
	n.History = []PolicyVersion{}
	n.Proposals = []Proposal{}
	approvedBy := map[uint64][]common.Address{}
	var lastAct uint64 // the last auditor act that verified
	for _, a := range acts {
		if a.what != ActIgnored {
			lastAct = a.ev.Auditor.Nonce
		}
	}
	for _, e := range s.Events {
		switch {
		case e.PolicyChanged != nil:
			sum := sha256.Sum256(e.PolicyChanged.Policy)
			n.History = append(n.History, PolicyVersion{
				Version: e.PolicyChanged.Version, Block: e.Block, Tx: e.TxHash,
				Signatures: len(e.PolicyChanged.Sigs), SHA256: hex.EncodeToString(sum[:]),
				Policy:  pretty(e.PolicyChanged.Policy),
				InForce: e.PolicyChanged.Version == s.State.PolicyVersion && bytes.Equal(e.PolicyChanged.Policy, s.State.Policy),
			})
		case e.Approved != nil:
			approvedBy[e.Approved.ID] = append(approvedBy[e.Approved.ID], e.Approved.Governor)
		}
	}
	for _, e := range s.Events {
		p := e.Proposed
		if p == nil {
			continue
		}
		cur, ok := s.Proposals[p.ID]
		if !ok || cur.Executed {
			continue
		}
		row := Proposal{ID: p.ID, Kind: kindName(p.Kind), Proposer: p.Proposer, Block: e.Block,
			Approvals: cur.Approvals, Threshold: s.Governance.Threshold, ApprovedBy: approvedBy[p.ID]}
		if row.ApprovedBy == nil {
			row.ApprovedBy = []common.Address{}
		}
		switch p.Kind {
		case chainmsg.ProposalPolicy:
			row.Version, row.Policy = p.Nonce, pretty(p.Policy)
			row.Stale = p.Nonce != s.State.PolicyVersion+1
		case chainmsg.ProposalFounder, chainmsg.ProposalExpel:
			t := p.Target
			row.Target = &t
		case chainmsg.ProposalAuditor:
			k := cur.Subject
			row.AuditorKey, row.Scope, row.RemovesAuditor, row.Act = &k, string(p.Policy), len(p.Policy) == 0, p.Nonce
			row.Stale = p.Nonce != lastAct+1
		case chainmsg.ProposalCustodians:
			if keys, threshold, err := chainmsg.UnpackCustodians(p.Policy); err == nil {
				c := custodians(p.Nonce, keys, threshold)
				row.Custodians = &c
			}
			row.Stale = p.Nonce != s.State.CustodianVersion+1
		}
		n.Proposals = append(n.Proposals, row)
	}
	return policy
}

func kindName(k chainmsg.ProposalKind) string {
	switch k {
	case chainmsg.ProposalPolicy:
		return "policy"
	case chainmsg.ProposalFounder:
		return "founder"
	case chainmsg.ProposalExpel:
		return "expel"
	case chainmsg.ProposalAuditor:
		return "auditor"
	case chainmsg.ProposalCustodians:
		return "custodians"
	}
	return fmt.Sprintf("unknown (%d)", k)
}

func custodians(version uint64, keys [][32]byte, threshold uint8) Custodians {
	c := Custodians{Version: version, Threshold: threshold, Keys: []common.Hash{}}
	for _, k := range keys {
		c.Keys = append(c.Keys, common.Hash(k))
	}
	return c
}

// pretty indents a JSON policy for reading; anything else is shown as hex.
func pretty(b []byte) string {
	var out bytes.Buffer
	if json.Indent(&out, b, "", "  ") == nil {
		return out.String()
	}
	return "0x" + hex.EncodeToString(b)
}

func (o *Overview) buildMembers(s *Snapshot, policy *attest.Policy, check VerifyFunc) {
	type history struct {
		admitted, epoch  uint64
		how              string
		removed, expeled bool
	}
	hist := map[common.Address]*history{}
	get := func(a common.Address) *history {
		if hist[a] == nil {
			hist[a] = &history{}
		}
		return hist[a]
	}
	for _, e := range s.Events {
		switch {
		case e.Founded != nil:
			h := get(e.Founded.Identity)
			h.admitted, h.epoch, h.how = e.Block, 0, "founded"
		case e.Handshake != nil:
			for _, a := range e.Handshake.Adds {
				h := get(a)
				h.admitted, h.epoch, h.how = e.Block, e.Handshake.Epoch+1, "handshake"
			}
			for _, a := range e.Handshake.Removes {
				get(a).removed = true
			}
		case e.Expelled != nil:
			get(e.Expelled.Identity).expeled = true
		}
	}
	o.Members = []Member{}
	for _, e := range s.Events {
		r := e.Registered
		if r == nil {
			continue
		}
		m := Member{Identity: r.Identity, Registered: e.Block}
		h := get(r.Identity)
		member := slices.Contains(s.State.Members, r.Identity)
		switch {
		case member && h.expeled:
			m.Status = "expelled (removal pending)"
		case member:
			m.Status = "member"
		case h.removed:
			m.Status = "removed"
		case h.expeled:
			m.Status = "expelled"
		default:
			m.Status = "registered"
		}
		if h.how != "" {
			m.Admitted, m.AdmittedEpoch, m.AdmittedHow = h.admitted, h.epoch, h.how
		}
		binding := attest.Binding{Identity: r.Identity, RequestKey: r.RequestKey, KeyPackage: r.KeyPackage,
			ChainID: s.ChainID, Contract: s.Contract, Genesis: s.Genesis.Hash()}
		judge(&m, r.Evidence, binding, policy, s.State.PolicyVersion, check, s.Now)
		o.Members = append(o.Members, m)
	}
}

// judge verifies a registration's evidence as a member enclave would at
// time now: authenticity, the binding to the registration and the
// network's genesis, then the policy in force. It fills the kind,
// measurement and verdict of m.
func judge(m *Member, evidence []byte, b attest.Binding, policy *attest.Policy, version uint64, check VerifyFunc, now time.Time) {
	if k, _, _, err := verify.Detect(evidence); err == nil {
		m.Kind = string(k)
	}
	c, err := check(evidence, now)
	if err != nil {
		m.Verdict, m.Detail = VerdictInvalid, err.Error()
		return
	}
	m.Kind, m.Debug, m.TCBStatus = string(c.Kind), c.Debug, string(c.TCBStatus)
	if info, ok := attest.KindInfoOf(c.Kind); ok {
		for _, r := range info.IdentityRegisters {
			if v, ok := c.Registers[r]; ok {
				m.Measurement = r + " " + hex.EncodeToString(v)
				break
			}
		}
	}
	if err := c.CheckBinding(b); err != nil {
		m.Verdict, m.Detail = VerdictInvalid, "evidence not bound to this registration and network: "+err.Error()
		return
	}
	if policy == nil {
		m.Verdict, m.Detail = VerdictRefused, "the policy in force does not parse; nothing can be judged against it"
		return
	}
	if err := policy.Check(c, now); err != nil {
		m.Verdict, m.Detail = VerdictRefused, fmt.Sprintf("policy v%d: %v", version, err)
		return
	}
	switch {
	case c.Insecure:
		m.Verdict, m.Detail = VerdictInsecure, fmt.Sprintf("passes policy v%d (a %q network), but the %s kind is a simulation: its evidence proves nothing", version, policy.Network, c.Kind)
	case c.Debug:
		m.Verdict, m.Detail = VerdictInsecure, fmt.Sprintf("passes policy v%d, but the enclave runs in debug mode: its host can read it", version)
	default:
		m.Verdict, m.Detail = VerdictVerified, fmt.Sprintf("authentic, bound to its registration, passes policy v%d", version)
	}
}

func (o *Overview) buildTimeline(s *Snapshot, acts []auditorAct) {
	o.Timeline = []Change{}
	verdict := map[chainmsg.Position]string{}
	for _, a := range acts {
		verdict[a.ev.Position] = a.what
	}
	for _, e := range s.Events {
		switch {
		case e.Auditor != nil:
			what := verdict[e.Position]
			if what == ActIgnored || what == "" {
				continue // the enclaves ignore it: nothing changed
			}
			k := common.Hash(e.Auditor.Key)
			o.Timeline = append(o.Timeline, Change{Block: e.Block, Tx: e.TxHash, What: "auditor " + what, Epoch: s.epochAt(e),
				AuditorKey: &k, AuditorScope: string(e.Auditor.Scope)})
		case e.Founded != nil:
			o.Timeline = append(o.Timeline, Change{Block: e.Block, Tx: e.TxHash, What: "founded", Epoch: s.epochAt(e), Actor: e.Founded.Identity})
		case e.Handshake != nil:
			h := e.Handshake
			what := "rotation"
			switch {
			case len(h.Adds) > 0 && len(h.Removes) > 0:
				what = "admission and removal"
			case len(h.Adds) > 0:
				what = "admission"
			case len(h.Removes) > 0:
				what = "removal"
			}
			o.Timeline = append(o.Timeline, Change{Block: e.Block, Tx: e.TxHash, What: what, Epoch: h.Epoch, Handshake: true,
				Actor: h.Committer, Adds: h.Adds, Removes: h.Removes})
		case e.Expelled != nil:
			o.Timeline = append(o.Timeline, Change{Block: e.Block, Tx: e.TxHash, What: "expulsion", Epoch: s.epochAt(e), Actor: e.Expelled.Identity})
		}
	}
}

// epochAt is the ledger epoch in force at event e: one past the last
// handshake before it.
func (s *Snapshot) epochAt(e chainmsg.Event) uint64 {
	var epoch uint64
	for _, x := range s.Events {
		if !x.Position.Less(e.Position) {
			break
		}
		if x.Handshake != nil {
			epoch = x.Handshake.Epoch + 1
		}
	}
	return epoch
}

func (o *Overview) buildBatches(s *Snapshot) {
	b := &o.Batches
	b.Recent = []Batch{}
	for i := len(s.Events) - 1; i >= 0; i-- {
		e := s.Events[i]
		c := e.Commands
		if c == nil {
			continue
		}
		row := Batch{Block: e.Block, Tx: e.TxHash, Enclave: c.Enclave, Epoch: c.Epoch, Seq: c.Seq, Count: len(c.Ciphertexts)}
		for _, ct := range c.Ciphertexts {
			row.Bytes += len(ct)
		}
		b.Total++
		b.Commands += row.Count
		b.Bytes += row.Bytes
		if len(b.Recent) < maxRecentBatches {
			b.Recent = append(b.Recent, row)
		}
	}
}

// batchesPerBlock counts the commands of every block that has some.
func (o *Overview) batchesPerBlock(s *Snapshot) map[uint64]int {
	per := map[uint64]int{}
	for _, e := range s.Events {
		if e.Commands != nil {
			per[e.Block] += len(e.Commands.Ciphertexts)
		}
	}
	return per
}

func (o *Overview) buildNodes(s *Snapshot) {
	h := &o.Nodes
	h.Nodes = []NodeRow{}
	hashes := map[common.Hash]bool{}
	blocks := map[uint64]bool{}
	for _, n := range s.Nodes {
		row := NodeRow{URL: n.URL}
		if n.Err != nil || n.Status == nil {
			row.Error = "no status"
			if n.Err != nil {
				row.Error = n.Err.Error()
			}
			h.Nodes = append(h.Nodes, row)
			continue
		}
		st := n.Status
		row.OK = true
		row.Identity, row.TEEKind, row.Member, row.Epoch = st.Identity, st.TEEKind, st.Member, st.Epoch
		row.AppliedBlock, row.AppliedCommands, row.StateHash, row.Pending = st.AppliedBlock, st.AppliedCommands, st.StateHash, st.Pending
		if s.Head > st.AppliedBlock {
			row.Lag = s.Head - st.AppliedBlock
		}
		hashes[st.StateHash] = true
		blocks[st.AppliedBlock] = true
		h.Nodes = append(h.Nodes, row)
	}
	switch {
	case len(s.Nodes) == 0:
		h.Agreement = ""
	case len(hashes) == 0:
		h.Agreement = "no answer"
	case len(hashes) == 1:
		h.Agreement = "agree"
	case len(blocks) > 1:
		h.Agreement = "differ (catching up)"
	default:
		h.Agreement = "disagree"
	}
}
