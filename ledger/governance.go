package ledger

import (
	"context"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// GovernanceReader reads the governance parameters and proposals of a
// deployment. Drivers implement it next to Ledger; operators' tools use it.
type GovernanceReader interface {
	// Governance returns the governor set and the approval threshold.
	Governance(ctx context.Context) (Governance, error)
	// Proposal returns proposal id as the contract holds it now;
	// ErrUnknownProposal when there is none.
	Proposal(ctx context.Context, id uint64) (Proposal, error)
}

// Governance is the governor set and how many of them must approve.
type Governance struct {
	Governors []common.Address
	Threshold uint64
}

// Proposal is a governance proposal's current state.
type Proposal struct {
	ID        uint64
	Kind      chainmsg.ProposalKind
	Executed  bool
	Approvals uint64
	// Nonce is the policy version (ProposalPolicy), founding number
	// (ProposalFounder), or auditor or custodian act number the proposal
	// is for; governors sign it.
	Nonce uint64
	// Policy is the policy (ProposalPolicy), the scope (ProposalAuditor)
	// or chainmsg.PackCustodians(keys, threshold) (ProposalCustodians).
	Policy  []byte
	Target  common.Address // the founder, or the member to expel
	Subject common.Hash    // ProposalAuditor: the auditor's key
}

// Payload is what governors sign for the proposal's act besides its kind
// and nonce (chainmsg.GovernanceDigest), as the contract's _payload
// computes it: keccak256 of the policy or of the packed custodian set, the
// auditor payload of key and scope, or the target address.
func (p Proposal) Payload() common.Hash {
	switch p.Kind {
	case chainmsg.ProposalPolicy, chainmsg.ProposalCustodians:
		return crypto.Keccak256Hash(p.Policy)
	case chainmsg.ProposalAuditor:
		return chainmsg.AuditorPayload(p.Subject, p.Policy)
	}
	return chainmsg.AddressPayload(p.Target)
}
