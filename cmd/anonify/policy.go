package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/ledger"
	ethledger "github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// policyCmd is `anonify attest policy`: the network's attestation policy
// lives in the contract and changes only when a threshold of governors
// approves a proposal, so a code upgrade (a new measurement) is a policy
// change every participant can see on the ledger.
func policyCmd() *cobra.Command {
	var (
		chain   cli.ChainFlags
		keyFile string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Show and govern the network's on-chain attestation policy",
		Long: `The network's attestation policy (accepted TEE kinds, measurements, debug,
TCB status, advisories, collateral age) is stored in the AnonifyLedger
contract. It changes only through governance: a governor proposes a policy
(the proposer's approval counts) and it takes effect once a threshold of
governors approved it. Member enclaves read the change from the ledger and
judge every later registration by it; current members are not re-checked.

The chain comes from --rpc and --contract, or --network devnet.json (env
ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK). propose and approve sign
with a governor's key: --key-file FILE holding the hex private key, or env
ANONIFY_GOVERNOR_KEY holding the hex key itself.

Exit status: 0 done, 2 usage error, 3 refused by the contract (not a
governor, already approved, already executed, unknown proposal), 1 other.`,
	}
	chain.Add(cmd.PersistentFlags())
	cmd.PersistentFlags().BoolVar(&asJSON, "json", false, "machine-readable output")

	show := &cobra.Command{
		Use:   "show",
		Short: "Print the policy in force (version and JSON), the governors, and the open proposals",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			g, err := dialGovernance(cmd.Context(), chain, nil)
			if err != nil {
				return err
			}
			defer g.close()
			r, err := g.report(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), r)
			}
			r.print(cmd.OutOrStdout())
			return nil
		},
	}

	// dialGovernor reads the governor's key (--key-file or
	// ANONIFY_GOVERNOR_KEY) and connects to the chain with it.
	dialGovernor := func(ctx context.Context) (*governance, error) {
		key, err := cli.ReadKey("key-file", keyFile, "ANONIFY_GOVERNOR_KEY")
		if err != nil {
			return nil, err
		}
		return dialGovernance(ctx, chain, key)
	}

	propose := &cobra.Command{
		Use:   "propose FILE",
		Short: "Validate a policy JSON file and propose it; prints the proposal id",
		Long: `propose reads FILE, checks it strictly (attest.ParsePolicy: known fields only,
known kinds and registers of the right size, measurements that identify
code; a production network may accept neither the simulated kind nor
debug), and proposes its canonical encoding. The proposer's approval counts:
with a threshold of 1 the policy is in force when the command returns.`,
		Example: `  anonify attest policy propose new-policy.json --network devnet.json --key-file governor.key`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			canonical, err := readPolicyFile(args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			g, err := dialGovernor(ctx)
			if err != nil {
				return err
			}
			defer g.close()
			r, err := g.report(ctx)
			if err != nil {
				return err
			}
			if bytes.Equal(r.raw, canonical) {
				return &exitError{1, fmt.Errorf("%s is already the network's policy (version %d); nothing to propose", args[0], r.Version)}
			}
			for _, p := range r.Open {
				if p.Kind == "policy" && bytes.Equal(p.Policy, canonical) {
					return &exitError{1, fmt.Errorf("open proposal %d already proposes this policy; approve it instead: anonify attest policy approve %d", p.ID, p.ID)}
				}
			}
			// The network's enclaves read the chain as its first policy
			// says; a policy pinning another way admits none of them.
			if err := checkSameChain(ctx, g.led, canonical); err != nil {
				return &exitError{1, fmt.Errorf("%s: %w", args[0], err)}
			}
			id, err := g.led.ProposePolicy(ctx, canonical)
			if err != nil {
				return governanceError(err, 0, g.from)
			}
			return g.printOutcome(ctx, cmd.OutOrStdout(), id, "proposed", asJSON)
		},
	}
	propose.Flags().StringVar(&keyFile, "key-file", "", "file with a governor's hex private key (env ANONIFY_GOVERNOR_KEY: the hex key)")

	approve := &cobra.Command{
		Use:   "approve ID",
		Short: "Approve an open proposal as a governor; executes it once the threshold is reached",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || id == 0 {
				return &exitError{2, fmt.Errorf("proposal id %q: want a positive integer (anonify attest policy show lists the open proposals)", args[0])}
			}
			ctx := cmd.Context()
			g, err := dialGovernor(ctx)
			if err != nil {
				return err
			}
			defer g.close()
			if err := g.led.Approve(ctx, id); err != nil {
				return governanceError(err, id, g.from)
			}
			return g.printOutcome(ctx, cmd.OutOrStdout(), id, "approved", asJSON)
		},
	}
	approve.Flags().StringVar(&keyFile, "key-file", "", "file with a governor's hex private key (env ANONIFY_GOVERNOR_KEY: the hex key)")

	expel := &cobra.Command{
		Use:   "expel ADDRESS",
		Short: "Propose to expel a member enclave; prints the proposal id",
		Long: `expel proposes that governance expel the member enclave ADDRESS. Once the
threshold of governors approves, the contract stops accepting anything it
signs, and the other members remove it from the group key (forward
secrecy: it cannot read anything posted after its removal). Members never
remove an enclave on their own: one operator, or one stolen enclave key,
cannot evict the others. An expelled identity never comes back; its
operator starts a new enclave, which must be admitted like any other.`,
		Example: `  anonify attest policy expel 0x1234… --network devnet.json --key-file governor.key`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !common.IsHexAddress(args[0]) {
				return &exitError{2, fmt.Errorf("member %q: want a 0x address (anonify group status lists the members)", args[0])}
			}
			ctx := cmd.Context()
			g, err := dialGovernor(ctx)
			if err != nil {
				return err
			}
			defer g.close()
			id, err := g.led.ProposeExpel(ctx, common.HexToAddress(args[0]))
			if err != nil {
				return governanceError(err, 0, g.from)
			}
			return g.printOutcome(ctx, cmd.OutOrStdout(), id, "proposed", asJSON)
		},
	}
	expel.Flags().StringVar(&keyFile, "key-file", "", "file with a governor's hex private key (env ANONIFY_GOVERNOR_KEY: the hex key)")

	found := &cobra.Command{
		Use:   "found ADDRESS",
		Short: "Propose that enclave ADDRESS found a new network (its first member); prints the proposal id",
		Long: `found proposes, as a governor, that the enclave ADDRESS found the network:
the last step of creating one (anonify deploy), once its first node runs
(anonify node; DIR/node.json names its enclave) and has registered. Once
a threshold of governors approved (anonify attest policy approve ID), the
enclave becomes the first member, holding the network's new, empty
state; it then admits the other nodes as they register, having verified
their evidence against the policy.

It checks first, and refuses (exit 1) if ADDRESS never registered on the
chain or the network was ever founded: a network is founded once. After
every member is lost, anonify recovery found founds it again with a
recovered enclave.`,
		Example: `  anonify attest policy found 0xENCLAVE --rpc http://10.0.0.2:8545 --contract 0x… --key-file governor.key`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !strings.HasPrefix(args[0], "0x") || !common.IsHexAddress(args[0]) {
				return cli.Usagef("enclave %q: want a 0x address (the first node's DIR/node.json names it)", args[0])
			}
			return proposeFounder(cmd, chain, keyFile, "", common.HexToAddress(args[0]), asJSON, false)
		},
	}
	found.Flags().StringVar(&keyFile, "key-file", "", "file with a governor's hex private key (env ANONIFY_GOVERNOR_KEY: the hex key)")

	cmd.AddCommand(show, propose, approve, expel, found)
	return cmd
}

// readPolicyFile validates a policy file and returns its canonical
// encoding, the bytes governance proposes.
func readPolicyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &exitError{2, err}
	}
	p, err := attest.ParsePolicy(b)
	if err != nil {
		// attest.ErrPolicy's text speaks of evidence; here the file is wrong.
		reason := strings.TrimPrefix(err.Error(), attest.ErrPolicy.Error()+": ")
		return nil, &exitError{2, fmt.Errorf("%s: invalid policy: %s; fix the file and propose again", path, reason)}
	}
	// ParsePolicy validates already; the explicit check keeps this
	// refusal visible here, where a governor could otherwise open a
	// production network to evidence that proves nothing.
	if p.Network == attest.NetworkProduction && p.Kind(attest.KindSim) != nil {
		return nil, &exitError{2, fmt.Errorf("%s: a production policy must not accept the insecure simulated kind", path)}
	}
	canonical, err := p.Marshal()
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("%s: %w", path, err)}
	}
	return canonical, nil
}

// governanceError turns the contract's refusals into messages that say
// what to do, with exit status 3.
func governanceError(err error, id uint64, from common.Address) error {
	switch {
	case errors.Is(err, ledger.ErrNotGovernor) && !strings.Contains(err.Error(), from.Hex()):
		// The contract recovered someone else from our signature: it was
		// made for a policy version, founding, auditor or custodian act that moved on meanwhile.
		return &exitError{3, fmt.Errorf("the proposal changed while it was being signed (another policy version, founding, auditor or custodian act was executed first); run the command again")}
	case errors.Is(err, ledger.ErrNotGovernor):
		return &exitError{3, fmt.Errorf("account %s is not a governor of this network; sign with a governor's key (--key-file or ANONIFY_GOVERNOR_KEY)", from.Hex())}
	case errors.Is(err, ledger.ErrUnknownProposal):
		return &exitError{3, fmt.Errorf("proposal %d does not exist; anonify attest policy show lists the open proposals", id)}
	case errors.Is(err, ledger.ErrProposalExecuted):
		return &exitError{3, fmt.Errorf("proposal %d was already executed; nothing to approve", id)}
	case errors.Is(err, ledger.ErrStaleProposal):
		return &exitError{3, fmt.Errorf("proposal %d was made for a policy version, founding, auditor or custodian act that another proposal took first; propose again", id)}
	case errors.Is(err, ledger.ErrAlreadyExpelled):
		return &exitError{3, fmt.Errorf("that member is already expelled")}
	case errors.Is(err, ledger.ErrNotMember):
		return &exitError{3, fmt.Errorf("not a member of the group; anonify group status lists the members")}
	case errors.Is(err, ledger.ErrAlreadyApproved):
		return &exitError{3, fmt.Errorf("account %s already approved proposal %d; another governor must approve it", from.Hex(), id)}
	}
	return err
}

// governance reads the governance state of one deployment through the
// ledger driver and, with a key, sends governance transactions.
type governance struct {
	led  *ethledger.Driver
	from common.Address
}

func dialGovernance(ctx context.Context, chain cli.ChainFlags, key *ecdsa.PrivateKey) (*governance, error) {
	rpc, contract, err := chain.Resolve()
	if err != nil {
		return nil, err
	}
	led, err := ethledger.Dial(ctx, rpc, contract, key)
	if err != nil {
		return nil, err
	}
	g := &governance{led: led}
	if key != nil {
		g.from = crypto.PubkeyToAddress(key.PublicKey)
	}
	return g, nil
}

func (g *governance) close() { g.led.Close() }

// policyReport is what `policy show` prints.
type policyReport struct {
	ChainID  uint64         `json:"chain_id"`
	Contract common.Address `json:"contract"`
	Version  uint64         `json:"version"`
	// Policy is the policy in force as stored (canonical JSON); SHA256 is
	// its hash, for comparing across machines. PolicyError says why the
	// enclaves cannot read it, if they cannot: then nobody is admitted.
	Policy      json.RawMessage  `json:"policy,omitempty"`
	SHA256      string           `json:"sha256"`
	PolicyError string           `json:"policy_error,omitempty"`
	Governors   []common.Address `json:"governors"`
	Threshold   uint64           `json:"threshold"`
	Open        []proposalReport `json:"open_proposals"`

	raw []byte
}

type proposalReport struct {
	ID         uint64           `json:"id"`
	Kind       string           `json:"kind"` // "policy", "founder", "expel", "auditor" or "custodians"
	Proposer   common.Address   `json:"proposer"`
	Block      uint64           `json:"block"`
	Approvals  uint64           `json:"approvals"`
	ApprovedBy []common.Address `json:"approved_by"`
	Policy     json.RawMessage  `json:"policy,omitempty"`
	Founder    *common.Address  `json:"founder,omitempty"`
	Expel      *common.Address  `json:"expel,omitempty"`
	Auditor    *auditorChange   `json:"auditor,omitempty"`
	Custodians *custodianSet    `json:"custodians,omitempty"`
}

// auditorChange is an auditor proposal: the key and its new scope ("" =
// removal).
type auditorChange struct {
	Key   common.Hash `json:"key"`
	Scope string      `json:"scope"`
}

// custodianSet is a custodian proposal: the disaster-recovery custodian
// set it installs as custodian version Version, any Threshold of Keys
// recover; no keys (threshold 0) turns recovery off.
type custodianSet struct {
	Version   uint64        `json:"version"`
	Threshold uint8         `json:"threshold"`
	Keys      []common.Hash `json:"keys"`
}

// describe says what the set does, for one line of text.
func (c *custodianSet) describe() string {
	if len(c.Keys) == 0 {
		return fmt.Sprintf("no custodians: recovery off (custodian version %d)", c.Version)
	}
	return fmt.Sprintf("custodians: any %d of %d keys recover (custodian version %d)", c.Threshold, len(c.Keys), c.Version)
}

// newCustodianSet unpacks a custodian proposal's packed set; nil if it is
// malformed (the contract packs it, so it never is).
func newCustodianSet(version uint64, packed []byte) *custodianSet {
	keys, threshold, err := chainmsg.UnpackCustodians(packed)
	if err != nil {
		return nil
	}
	c := &custodianSet{Version: version, Threshold: threshold, Keys: []common.Hash{}}
	for _, k := range keys {
		c.Keys = append(c.Keys, common.Hash(k))
	}
	return c
}

// report reads the policy in force, the governance parameters, and the
// open proposals: the proposals and approvals come from the Proposed and
// Approved events since deployment, and whether each is still open from
// the contract's proposal view, which is authoritative.
func (g *governance) report(ctx context.Context) (*policyReport, error) {
	st, err := g.led.State(ctx)
	if err != nil {
		return nil, err
	}
	r := &policyReport{ChainID: g.led.ChainID().Uint64(), Contract: g.led.Contract(), Version: st.PolicyVersion, raw: st.Policy, Open: []proposalReport{}}
	sum := sha256.Sum256(st.Policy)
	r.SHA256 = fmt.Sprintf("%x", sum)
	if _, err := attest.ParsePolicy(st.Policy); err != nil {
		r.PolicyError = err.Error()
	}
	if json.Valid(st.Policy) {
		r.Policy = st.Policy
	}
	gov, err := g.led.Governance(ctx)
	if err != nil {
		return nil, err
	}
	r.Threshold, r.Governors = gov.Threshold, gov.Governors
	from, err := g.led.DeployedAt(ctx)
	if err != nil {
		return nil, err
	}
	events, _, err := g.led.Events(ctx, from)
	if err != nil {
		return nil, err
	}
	byID := map[uint64]*proposalReport{}
	var order []uint64
	for _, e := range events {
		switch {
		case e.Proposed != nil:
			p := &proposalReport{ID: e.Proposed.ID, Proposer: e.Proposed.Proposer, Block: e.Block, ApprovedBy: []common.Address{}}
			switch e.Proposed.Kind {
			case chainmsg.ProposalPolicy:
				p.Kind = "policy"
				if json.Valid(e.Proposed.Policy) {
					p.Policy = e.Proposed.Policy
				}
			case chainmsg.ProposalFounder:
				p.Kind = "founder"
				f := e.Proposed.Target
				p.Founder = &f
			case chainmsg.ProposalExpel:
				p.Kind = "expel"
				x := e.Proposed.Target
				p.Expel = &x
			case chainmsg.ProposalAuditor:
				p.Kind = "auditor"
				p.Auditor = &auditorChange{Scope: string(e.Proposed.Policy)} // the key is in the proposal view
			case chainmsg.ProposalCustodians:
				p.Kind = "custodians"
				p.Custodians = newCustodianSet(e.Proposed.Nonce, e.Proposed.Policy)
			default:
				p.Kind = fmt.Sprintf("unknown (%d)", e.Proposed.Kind)
			}
			byID[p.ID] = p
			order = append(order, p.ID)
		case e.Approved != nil:
			if p := byID[e.Approved.ID]; p != nil {
				p.ApprovedBy = append(p.ApprovedBy, e.Approved.Governor)
				p.Approvals = e.Approved.Approvals
			}
		}
	}
	for _, id := range order {
		out, err := g.led.Proposal(ctx, id)
		if err != nil {
			return nil, err
		}
		if out.Executed {
			continue
		}
		p := byID[id]
		p.Approvals = out.Approvals
		if p.Auditor != nil {
			p.Auditor.Key = out.Subject
		}
		r.Open = append(r.Open, *p)
	}
	return r, nil
}

func (r *policyReport) print(w io.Writer) {
	fmt.Fprintf(w, "network     chain %d, contract %s\n", r.ChainID, r.Contract.Hex())
	fmt.Fprintf(w, "policy      version %d, sha256 %s\n", r.Version, r.SHA256)
	fmt.Fprintf(w, "governance  threshold %d of %d governors:", r.Threshold, len(r.Governors))
	for _, g := range r.Governors {
		fmt.Fprintf(w, " %s", g.Hex())
	}
	fmt.Fprintln(w)
	if r.PolicyError != "" {
		fmt.Fprintf(w, "WARNING: the enclaves cannot read this policy (%s): nobody can be admitted until governance replaces it\n", r.PolicyError)
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, r.raw, "", "  ") == nil {
		fmt.Fprintf(w, "%s\n", pretty.Bytes())
	} else {
		fmt.Fprintf(w, "%x\n", r.raw)
	}
	if len(r.Open) == 0 {
		fmt.Fprintln(w, "open proposals: none")
		return
	}
	fmt.Fprintln(w, "open proposals:")
	for _, p := range r.Open {
		fmt.Fprintf(w, "  #%d %s, proposed by %s in block %d: %d of %d approvals (", p.ID, p.Kind, p.Proposer.Hex(), p.Block, p.Approvals, r.Threshold)
		for i, a := range p.ApprovedBy {
			if i > 0 {
				fmt.Fprint(w, ", ")
			}
			fmt.Fprint(w, a.Hex())
		}
		fmt.Fprintf(w, "); approve with: anonify attest policy approve %d\n", p.ID)
		switch {
		case p.Policy != nil:
			fmt.Fprintf(w, "      %s\n", p.Policy)
		case p.Founder != nil:
			fmt.Fprintf(w, "      founder %s\n", p.Founder.Hex())
		case p.Expel != nil:
			fmt.Fprintf(w, "      expel %s\n", p.Expel.Hex())
		case p.Auditor != nil && p.Auditor.Scope == "":
			fmt.Fprintf(w, "      remove auditor %s\n", p.Auditor.Key.Hex())
		case p.Auditor != nil:
			fmt.Fprintf(w, "      auditor %s with scope %s\n", p.Auditor.Key.Hex(), p.Auditor.Scope)
		case p.Custodians != nil:
			fmt.Fprintf(w, "      %s\n", p.Custodians.describe())
		}
	}
}

// outcome is what propose and approve print with --json.
type outcome struct {
	ID            uint64 `json:"id"`
	Approvals     uint64 `json:"approvals"`
	Threshold     uint64 `json:"threshold"`
	Executed      bool   `json:"executed"`
	PolicyVersion uint64 `json:"policy_version"`
}

func (g *governance) printOutcome(ctx context.Context, w io.Writer, id uint64, verb string, asJSON bool) error {
	p, err := g.led.Proposal(ctx, id)
	if err != nil {
		return err
	}
	gov, err := g.led.Governance(ctx)
	if err != nil {
		return err
	}
	th := gov.Threshold
	st, err := g.led.State(ctx)
	if err != nil {
		return err
	}
	o := outcome{ID: id, Approvals: p.Approvals, Threshold: th, Executed: p.Executed, PolicyVersion: st.PolicyVersion}
	if asJSON {
		return writeJSON(w, o)
	}
	switch {
	case o.Executed && p.Kind == chainmsg.ProposalFounder:
		fmt.Fprintf(w, "proposal %d %s: %d of %d approvals; executed: %s founded the network\n", id, verb, o.Approvals, o.Threshold, p.Target.Hex())
	case o.Executed && p.Kind == chainmsg.ProposalAuditor && len(p.Policy) == 0:
		fmt.Fprintf(w, "proposal %d %s: %d of %d approvals; executed: %s is no longer an auditor\n", id, verb, o.Approvals, o.Threshold, p.Subject.Hex())
	case o.Executed && p.Kind == chainmsg.ProposalAuditor:
		fmt.Fprintf(w, "proposal %d %s: %d of %d approvals; executed: auditor %s has scope %s (anonify audit list)\n", id, verb, o.Approvals, o.Threshold, p.Subject.Hex(), p.Policy)
	case o.Executed && p.Kind == chainmsg.ProposalCustodians:
		fmt.Fprintf(w, "proposal %d %s: %d of %d approvals; executed: %s\n", id, verb, o.Approvals, o.Threshold, custodiansExecuted(p.Nonce, p.Policy))
	case o.Executed && p.Kind == chainmsg.ProposalExpel:
		fmt.Fprintf(w, "proposal %d %s: %d of %d approvals; executed: %s is expelled; the members remove it from the group key\n", id, verb, o.Approvals, o.Threshold, p.Target.Hex())
	case o.Executed:
		fmt.Fprintf(w, "proposal %d %s: %d of %d approvals; executed: policy version %d is in force\n", id, verb, o.Approvals, o.Threshold, o.PolicyVersion)
		fmt.Fprintln(w, "member enclaves judge every later registration by it; current members are not re-checked")
	default:
		fmt.Fprintf(w, "proposal %d %s: %d of %d approvals; other governors approve with: anonify attest policy approve %d\n", id, verb, o.Approvals, o.Threshold, id)
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// checkSameChain refuses a policy whose chain rule the network's enclaves
// fail: they read the chain as the network's first policy says, for good.
func checkSameChain(ctx context.Context, l ledger.Ledger, policy []byte) error {
	g, err := l.Genesis(ctx)
	if err != nil {
		return err
	}
	first, err := attest.ParsePolicy(g.Policy)
	if err != nil {
		return fmt.Errorf("the network's first policy: %w", err)
	}
	p, err := attest.ParsePolicy(policy)
	if err != nil {
		return err
	}
	if err := p.CheckChain(attest.AnchorOf(first)); err != nil {
		reason := strings.TrimPrefix(err.Error(), attest.ErrPolicy.Error()+": ")
		return fmt.Errorf("no enclave of this network could be admitted under it: %s (the enclaves read the chain as the network's first policy says, for good); keep the first policy's chain", reason)
	}
	return nil
}
