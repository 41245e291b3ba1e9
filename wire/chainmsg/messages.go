package chainmsg

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// This file is the contract's interface as data, defined once for both
// sides of the enclave boundary: the calls an enclave signs (the host
// only carries them to the contract) and the events the contract emits
// (the host reads them from the chain and hands them to the enclave). The
// enclave never takes an event's word for anything that matters: commands
// are authenticated by the group key and the users' signatures, joiners by
// their evidence, handshakes by MLS.

// Registration is an enclave's self-signed registration. Sig is the
// identity key's signature over RegisterDigest.
type Registration struct {
	Identity   common.Address
	RequestKey []byte
	KeyPackage []byte
	Evidence   []byte
	Sig        []byte
}

// Digest is what Sig signs.
func (r *Registration) Digest(chainID *big.Int, contract common.Address) common.Hash {
	return RegisterDigest(chainID, contract, r.Identity, r.RequestKey, r.KeyPackage, r.Evidence)
}

// Handshake is a member's group-key commit for Epoch, with the identities
// it admits and removes. Sig is over HandshakeDigest.
type Handshake struct {
	Epoch   uint64
	Payload []byte
	Adds    []common.Address
	Removes []common.Address
	Sig     []byte
}

// Digest is what Sig signs.
func (h *Handshake) Digest(chainID *big.Int, contract common.Address) common.Hash {
	return HandshakeDigest(chainID, contract, h.Epoch, h.Payload, h.Adds, h.Removes)
}

// CommandBatch is a batch of encrypted commands signed by a member enclave
// for Epoch with its sequence number Seq. Sig is over CommandsDigest.
type CommandBatch struct {
	Epoch       uint64
	Seq         uint64
	Ciphertexts [][]byte
	Sig         []byte
}

// Digest is what Sig signs.
func (b *CommandBatch) Digest(chainID *big.Int, contract common.Address) common.Hash {
	return CommandsDigest(chainID, contract, b.Epoch, b.Seq, b.Ciphertexts)
}

// AuditPost is a member enclave's post of audit records with the network's
// audit sequence number Seq, signed in Epoch. Header is sealed under the
// group key (it says which records these are); Records are sealed to the
// auditors (wire/audit) and padded with records nobody can open. Sig is
// over AuditDigest.
type AuditPost struct {
	Epoch   uint64
	Seq     uint64
	Header  []byte
	Records [][]byte
	Sig     []byte
}

// Digest is what Sig signs.
func (a *AuditPost) Digest(chainID *big.Int, contract common.Address) common.Hash {
	return AuditDigest(chainID, contract, a.Epoch, a.Seq, a.Header, a.Records)
}

// CheckpointPost is a member enclave's checkpoint manifest for Epoch (the
// current one when posted; one per epoch). Sig is over CheckpointDigest.
type CheckpointPost struct {
	Epoch    uint64
	Manifest []byte
	Sig      []byte
}

// Digest is what Sig signs.
func (c *CheckpointPost) Digest(chainID *big.Int, contract common.Address) common.Hash {
	return CheckpointDigest(chainID, contract, c.Epoch, c.Manifest)
}

// CheckpointChunkPost is chunk number Index of Epoch's checkpoint, posted
// by any member once the epoch has its manifest, as often as it likes
// (readers check chunks against the manifest). Sig is over
// CheckpointChunkDigest.
type CheckpointChunkPost struct {
	Epoch uint64
	Index uint32
	Chunk []byte
	Sig   []byte
}

// Digest is what Sig signs.
func (c *CheckpointChunkPost) Digest(chainID *big.Int, contract common.Address) common.Hash {
	return CheckpointChunkDigest(chainID, contract, c.Epoch, c.Index, c.Chunk)
}

// Position orders ledger events: block number, then log index in the block.
type Position struct {
	Block uint64 `json:"block"`
	Index uint64 `json:"index"`
}

// Less reports whether p comes before q in the ledger's order.
func (p Position) Less(q Position) bool {
	return p.Block < q.Block || p.Block == q.Block && p.Index < q.Index
}

// Event is one contract event with its position in the log. Exactly one of
// the pointer fields is set.
type Event struct {
	Position
	TxHash common.Hash

	Registered    *RegisteredEvent
	Handshake     *HandshakeEvent
	Commands      *CommandsEvent
	PolicyChanged *PolicyChangedEvent
	Founded       *FoundedEvent
	Expelled      *ExpelledEvent
	Auditor       *AuditorChangedEvent
	Audit         *AuditEvent
	Custodians    *CustodiansChangedEvent
	Checkpoint    *CheckpointEvent
	Chunk         *CheckpointChunkEvent
	Proposed      *ProposedEvent
	Approved      *ApprovedEvent
}

// RegisteredEvent records an enclave registration.
type RegisteredEvent struct {
	Identity   common.Address
	RequestKey []byte
	KeyPackage []byte
	Evidence   []byte
}

// HandshakeEvent records the group-key commit that moved the group from
// Epoch to Epoch+1.
type HandshakeEvent struct {
	Epoch     uint64
	Committer common.Address
	Payload   []byte
	Adds      []common.Address
	Removes   []common.Address
}

// CommandsEvent records a batch of encrypted commands.
type CommandsEvent struct {
	Enclave     common.Address
	Epoch       uint64
	Seq         uint64
	Ciphertexts [][]byte
}

// PolicyChangedEvent records a new admission policy. Version 1 is the one
// the contract was deployed with (authenticated by the genesis hash, no
// signatures); every later version carries the approving governors'
// signatures over GovernanceDigest(ActPolicy, Version, keccak256(Policy)).
type PolicyChangedEvent struct {
	Version uint64
	Policy  []byte
	Sigs    [][]byte
}

// FoundedEvent records the founding member of the group, with the
// governors' signatures over GovernanceDigest(ActFounder, Nonce, identity).
// Nonce counts earlier foundings: a re-founding after every member was
// expelled has nonce 1, and so on.
type FoundedEvent struct {
	Identity common.Address
	Nonce    uint64
	Sigs     [][]byte
}

// ExpelledEvent records a member expelled by governance, with the
// governors' signatures over GovernanceDigest(ActExpel, 0, identity).
type ExpelledEvent struct {
	Identity common.Address
	Sigs     [][]byte
}

// AuditorChangedEvent records an auditor's registration or change of
// scope, or with an empty Scope its removal, with the governors'
// signatures over GovernanceDigest(ActAuditor, Nonce, AuditorPayload(Key,
// Scope)). Nonce counts auditor acts from 1.
type AuditorChangedEvent struct {
	Key   [32]byte // the auditor's X25519 public key
	Scope []byte
	Nonce uint64
	Sigs  [][]byte
}

// AuditEvent records a post of audit records (see AuditPost).
type AuditEvent struct {
	Enclave common.Address
	Epoch   uint64
	Seq     uint64
	Header  []byte
	Records [][]byte
}

// CustodiansChangedEvent records a new disaster-recovery custodian set
// (any Threshold of Keys recover; none removes recovery), with the
// governors' signatures over GovernanceDigest(ActCustodians, Version,
// CustodiansPayload(Keys, Threshold)). Version counts custodian acts from
// 1.
type CustodiansChangedEvent struct {
	Version   uint64
	Keys      [][32]byte
	Threshold uint8
	Sigs      [][]byte
}

// CheckpointEvent records the checkpoint manifest of Epoch (see
// CheckpointPost), with the signature the contract checked, so that an
// enclave recovers the signer itself rather than take Enclave on the
// host's word.
type CheckpointEvent struct {
	Enclave  common.Address
	Epoch    uint64
	Manifest []byte
	Sig      []byte // Enclave's, over CheckpointDigest(Epoch, Manifest)
}

// CheckpointChunkEvent records one chunk of Epoch's checkpoint (see
// CheckpointChunkPost); the same Index may come more than once.
type CheckpointChunkEvent struct {
	Enclave common.Address
	Epoch   uint64
	Index   uint32
	Chunk   []byte
}

// ProposalKind says what a governance proposal would change.
type ProposalKind uint8

const (
	ProposalPolicy  ProposalKind = 1
	ProposalFounder ProposalKind = 2
	ProposalExpel   ProposalKind = 3
	ProposalAuditor ProposalKind = 4
	// ProposalCustodians's Policy is PackCustodians(keys, threshold).
	ProposalCustodians ProposalKind = 5
)

// ProposedEvent records a governance proposal. Policy is set for
// ProposalPolicy (and holds the scope for ProposalAuditor, whose key the
// contract's proposal view returns, and PackCustodians(keys, threshold)
// for ProposalCustodians), Target (the founder or the member to expel) for
// founder and expel proposals; Nonce is the policy version, founding
// number, auditor or custodian act number it is for.
type ProposedEvent struct {
	ID       uint64
	Proposer common.Address
	Kind     ProposalKind
	Policy   []byte // the policy, the auditor's scope, or the packed custodian set
	Target   common.Address
	Nonce    uint64
}

// ApprovedEvent records one governor's approval; Approvals counts them so
// far.
type ApprovedEvent struct {
	ID        uint64
	Governor  common.Address
	Approvals uint64
}
