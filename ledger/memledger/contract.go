package memledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"maps"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// This file is contracts/AnonifyLedger.sol in Go: same state, same
// functions, same checks in the same order, same custom errors. Keep it a
// line-by-line port; when the contract changes, change this file the same
// way, and ledger/ledgertest's table will tell whether they agree.

// Input caps: the contract's MAX_* constants (memledger_test.go checks
// them against the Solidity source).
const (
	MaxCiphertexts       = 256   // per postCommands
	MaxCiphertextBytes   = 16384 // per ciphertext
	MaxBatchBytes        = 98304 // sum over one batch
	MaxRequestKeyBytes   = 1024
	MaxKeyPackageBytes   = 16384
	MaxEvidenceBytes     = 65536
	MaxHandshakeBytes    = 65536
	MaxMembershipChanges = 64 // adds, and removes, per handshake
	MaxPolicyBytes       = 16384
	MaxGovernors         = 32
	MaxScopeBytes        = 1024
	MaxAuditors          = 16
	MaxAuditHeaderBytes  = 512
	MaxCustodians        = 16
	MaxManifestBytes     = 8192
	MaxChunkBytes        = 65536
)

// Proposal kinds, which are also the governance acts governors sign
// (PROPOSAL_* in the contract).
const (
	proposalKindPolicy  = uint8(chainmsg.ProposalPolicy)
	proposalKindFounder = uint8(chainmsg.ProposalFounder)
	proposalKindExpel   = uint8(chainmsg.ProposalExpel)
	proposalKindAuditor = uint8(chainmsg.ProposalAuditor)
	// proposalKindCustodians's policy is chainmsg.PackCustodians(keys,
	// threshold), what its governors sign the hash of.
	proposalKindCustodians = uint8(chainmsg.ProposalCustodians)
)

// BadSignature reasons (SIG_* in the contract).
const (
	sigLength        = 1 // not 65 bytes
	sigHighS         = 2 // s > n/2
	sigV             = 3 // v not 27 or 28
	sigUnrecoverable = 4 // ecrecover returned address(0)
	sigWrongSigner   = 5 // register: signer is not the identity
)

type proposal struct {
	kind       uint8
	executed   bool
	approvals  uint64
	nonce      uint64         // the policy version or founding number it is for
	target     common.Address // founder or expelled identity
	subject    common.Hash    // the auditor's key
	policy     []byte         // the policy, the auditor's scope, or uint8 threshold ‖ custodian keys
	sigs       [][]byte
	approvedBy map[common.Address]bool // the contract's approvedBy[id]
}

// contract is the contract's storage.
type contract struct {
	threshold         uint64
	initialPolicyHash common.Hash
	initialPolicy     []byte
	genesisHash       common.Hash
	governorList      []common.Address
	isGovernor        map[common.Address]bool

	proposalCount uint64
	proposalByID  map[uint64]*proposal

	policyVersion uint64
	policy        []byte

	registrationHash map[common.Address]common.Hash

	memberList []common.Address
	memberSlot map[common.Address]int // index in memberList + 1
	wasRemoved map[common.Address]bool
	// Expelled by governance: may no longer post; members remove it.
	expelled map[common.Address]bool
	// Members not expelled; a (re-)founding needs none.
	liveMembers uint64
	// How many times the group was founded.
	foundings uint64

	currentEpoch uint64
	nextSeq      map[common.Address]uint64

	auditorVersion uint64
	isAuditor      map[common.Hash]bool
	auditorCount   uint64
	auditSeq       uint64

	// Custodian acts executed: the next one has nonce custodianVersion + 1.
	custodianVersion   uint64
	custodianThreshold uint8
	custodianKeys      [][32]byte
	// The epochs that have their checkpoint manifest.
	checkpointed map[uint64]uint64 // the founding each epoch's manifest came under (contract's checkpointFounding)
}

func newContract() *contract {
	return &contract{
		isGovernor:       map[common.Address]bool{},
		proposalByID:     map[uint64]*proposal{},
		registrationHash: map[common.Address]common.Hash{},
		memberSlot:       map[common.Address]int{},
		wasRemoved:       map[common.Address]bool{},
		expelled:         map[common.Address]bool{},
		nextSeq:          map[common.Address]uint64{},
		isAuditor:        map[common.Hash]bool{},
		checkpointed:     map[uint64]uint64{},
	}
}

// clone copies the storage deeply enough that a transaction's writes to
// the copy never reach the original. Stored byte slices are never written
// in place, so they may be shared; slices that are appended to (a
// proposal's sigs) are not, since an append may write into a shared
// backing array.
func (c *contract) clone() *contract {
	out := *c
	out.governorList = append([]common.Address(nil), c.governorList...)
	out.isGovernor = maps.Clone(c.isGovernor)
	out.proposalByID = make(map[uint64]*proposal, len(c.proposalByID))
	for id, p := range c.proposalByID {
		q := *p
		q.approvedBy = maps.Clone(p.approvedBy)
		q.sigs = slices.Clone(p.sigs)
		out.proposalByID[id] = &q
	}
	out.registrationHash = maps.Clone(c.registrationHash)
	out.memberList = append([]common.Address(nil), c.memberList...)
	out.memberSlot = maps.Clone(c.memberSlot)
	out.wasRemoved = maps.Clone(c.wasRemoved)
	out.expelled = maps.Clone(c.expelled)
	out.nextSeq = maps.Clone(c.nextSeq)
	out.isAuditor = maps.Clone(c.isAuditor)
	out.checkpointed = maps.Clone(c.checkpointed)
	// custodianKeys is replaced whole, never written in place.
	return &out
}

// tx is one call's execution context: msg.sender, block.chainid,
// address(this), the storage it works on and the logs it emits. The
// contract no longer reads msg.sender (authority is in signatures); it is
// kept for the block's transaction hash.
type tx struct {
	st      *contract
	sender  common.Address
	chainID *big.Int
	this    common.Address
	logs    []chainmsg.Event
}

func (x *tx) emit(e chainmsg.Event) { x.logs = append(x.logs, e) }

// ---------------------------------------------------------------------
// Construction and governance
// ---------------------------------------------------------------------

func (x *tx) construct(governors []common.Address, threshold uint64, policy []byte) error {
	st := x.st
	n := uint64(len(governors))
	if n > MaxGovernors {
		return fieldTooLarge("governors", n, MaxGovernors)
	}
	if threshold == 0 || threshold > n {
		return badThreshold(threshold, n)
	}
	for _, g := range governors {
		if g == (common.Address{}) || st.isGovernor[g] {
			return badGovernor(g)
		}
		st.isGovernor[g] = true
	}
	st.governorList = append([]common.Address(nil), governors...)
	st.threshold = threshold
	st.initialPolicyHash = crypto.Keccak256Hash(policy)
	st.initialPolicy = bytes.Clone(policy)
	st.genesisHash = crypto.Keccak256Hash(
		[]byte(chainmsg.GenesisDomain),
		common.BigToHash(x.chainID).Bytes(),
		x.this[:],
		common.BigToHash(new(big.Int).SetUint64(threshold)).Bytes(),
		crypto.Keccak256(packAddrs(governors)),
		crypto.Keccak256(policy),
	)
	return x.setPolicy(policy, [][]byte{})
}

// proposePolicy proposes the next policy version. Authority is the
// signature: sig is a governor's over governanceDigest(PROPOSAL_POLICY,
// version, keccak256(policy)), and counts as its approval; anyone may
// relay it.
func (x *tx) proposePolicy(policy, sig []byte) (uint64, error) {
	if err := checkPolicy(policy); err != nil {
		return 0, err
	}
	version := x.st.policyVersion + 1
	return x.propose(proposalKindPolicy, version, common.Address{}, common.Hash{}, policy, crypto.Keccak256Hash(policy), sig)
}

// proposeFounder proposes the founding member: the enclave that draws the
// group key. Only while the group has no live member (at first, or once
// every member was expelled).
func (x *tx) proposeFounder(identity common.Address, sig []byte) (uint64, error) {
	if err := x.checkFounder(identity); err != nil {
		return 0, err
	}
	return x.propose(proposalKindFounder, x.st.foundings, identity, common.Hash{}, []byte{}, chainmsg.AddressPayload(identity), sig)
}

// proposeExpel proposes to expel a member: once executed it can post
// nothing, and the other members remove it from the group key.
func (x *tx) proposeExpel(identity common.Address, sig []byte) (uint64, error) {
	if err := x.checkExpel(identity); err != nil {
		return 0, err
	}
	return x.propose(proposalKindExpel, 0, identity, common.Hash{}, []byte{}, chainmsg.AddressPayload(identity), sig)
}

// proposeAuditor proposes to register an auditor (its X25519 public key)
// with a scope, to change its scope, or, with an empty scope, to remove
// it. Auditor acts are numbered like policy versions, so none can be
// replayed.
func (x *tx) proposeAuditor(key common.Hash, scope, sig []byte) (uint64, error) {
	if err := x.checkAuditor(key, scope); err != nil {
		return 0, err
	}
	return x.propose(proposalKindAuditor, x.st.auditorVersion+1, common.Address{}, key, scope, chainmsg.AuditorPayload(key, scope), sig)
}

// proposeCustodians proposes the disaster-recovery custodian set:
// threshold of keys recover; no keys (and threshold 0) removes recovery.
// Numbered like policy versions. The proposal's policy holds the signed
// preimage, uint8 threshold ‖ keys.
func (x *tx) proposeCustodians(keys [][32]byte, threshold uint8, sig []byte) (uint64, error) {
	if err := checkCustodians(keys, threshold); err != nil {
		return 0, err
	}
	packed := chainmsg.PackCustodians(keys, threshold)
	return x.propose(proposalKindCustodians, x.st.custodianVersion+1, common.Address{}, common.Hash{}, packed, crypto.Keccak256Hash(packed), sig)
}

// approve adds a governor's approval: sig over the proposal's governance
// digest.
func (x *tx) approve(id uint64, sig []byte) error {
	p := x.st.proposalByID[id]
	if p == nil {
		return unknownProposal(id)
	}
	return x.approveProposal(id, p, sig)
}

// propose is the contract's _propose.
func (x *tx) propose(kind uint8, nonce uint64, target common.Address, subject common.Hash, policy []byte, payload common.Hash, sig []byte) (uint64, error) {
	proposer, err := recoverSigner(x.govDigest(kind, nonce, payload), sig)
	if err != nil {
		return 0, err
	}
	if !x.st.isGovernor[proposer] {
		return 0, notGovernor(proposer)
	}
	x.st.proposalCount++
	id := x.st.proposalCount
	p := &proposal{kind: kind, nonce: nonce, target: target, subject: subject, policy: cloneBytes(policy), approvedBy: map[common.Address]bool{}}
	x.st.proposalByID[id] = p
	x.emit(chainmsg.Event{Proposed: &chainmsg.ProposedEvent{
		ID: id, Proposer: proposer, Kind: chainmsg.ProposalKind(kind), Policy: cloneBytes(policy), Target: target, Nonce: nonce,
	}})
	return id, x.approveProposal(id, p, sig)
}

// approveProposal is the contract's _approve.
func (x *tx) approveProposal(id uint64, p *proposal, sig []byte) error {
	if p.executed {
		return proposalExecuted(id)
	}
	governor, err := recoverSigner(x.govDigest(p.kind, p.nonce, p.payload()), sig)
	if err != nil {
		return err
	}
	if !x.st.isGovernor[governor] {
		return notGovernor(governor)
	}
	if p.approvedBy[governor] {
		return alreadyApproved(id, governor)
	}
	p.approvedBy[governor] = true
	p.sigs = append(p.sigs, cloneBytes(sig))
	p.approvals++
	x.emit(chainmsg.Event{Approved: &chainmsg.ApprovedEvent{ID: id, Governor: governor, Approvals: p.approvals}})
	if p.approvals < x.st.threshold {
		return nil
	}
	p.executed = true
	switch p.kind {
	case proposalKindPolicy:
		if p.nonce != x.st.policyVersion+1 {
			return staleProposal(id)
		}
		return x.setPolicy(p.policy, p.sigs)
	case proposalKindFounder:
		// Re-checked at execution: the group may have been founded, or
		// the proposal may predate the identity's registration.
		if p.nonce != x.st.foundings {
			return staleProposal(id)
		}
		identity := p.target
		if err := x.checkFounder(identity); err != nil {
			return err
		}
		x.clearExpelled()
		x.st.foundings++
		x.addMember(identity)
		x.emit(chainmsg.Event{Founded: &chainmsg.FoundedEvent{Identity: identity, Nonce: p.nonce, Sigs: cloneList(p.sigs)}})
		return nil
	case proposalKindAuditor:
		if p.nonce != x.st.auditorVersion+1 {
			return staleProposal(id)
		}
		key, scope := p.subject, p.policy
		if err := x.checkAuditor(key, scope); err != nil {
			return err
		}
		x.st.auditorVersion = p.nonce
		if len(scope) == 0 {
			x.st.isAuditor[key] = false
			x.st.auditorCount--
		} else if !x.st.isAuditor[key] {
			x.st.isAuditor[key] = true
			x.st.auditorCount++
		}
		x.emit(chainmsg.Event{Auditor: &chainmsg.AuditorChangedEvent{Key: key, Scope: cloneBytes(scope), Nonce: p.nonce, Sigs: cloneList(p.sigs)}})
		return nil
	case proposalKindCustodians:
		if p.nonce != x.st.custodianVersion+1 {
			return staleProposal(id)
		}
		// Cannot fail: proposeCustodians packed it.
		keys, threshold, _ := chainmsg.UnpackCustodians(p.policy)
		if err := checkCustodians(keys, threshold); err != nil {
			return err
		}
		x.st.custodianVersion = p.nonce
		x.st.custodianThreshold = threshold
		x.st.custodianKeys = keys
		x.emit(chainmsg.Event{Custodians: &chainmsg.CustodiansChangedEvent{Version: p.nonce, Keys: cloneKeys(keys), Threshold: threshold, Sigs: cloneList(p.sigs)}})
		return nil
	default:
		identity := p.target
		if err := x.checkExpel(identity); err != nil {
			return err
		}
		x.st.expelled[identity] = true
		x.st.liveMembers--
		x.emit(chainmsg.Event{Expelled: &chainmsg.ExpelledEvent{Identity: identity, Sigs: cloneList(p.sigs)}})
		return nil
	}
}

// payload is the contract's _payload: what a proposal's governors sign
// besides its kind and nonce.
func (p *proposal) payload() common.Hash {
	if p.kind == proposalKindPolicy || p.kind == proposalKindCustodians {
		return crypto.Keccak256Hash(p.policy)
	}
	if p.kind == proposalKindAuditor {
		return crypto.Keccak256Hash(p.subject[:], p.policy)
	}
	return chainmsg.AddressPayload(p.target)
}

func checkPolicy(policy []byte) error {
	if len(policy) == 0 {
		return emptyField("policy")
	}
	if len(policy) > MaxPolicyBytes {
		return fieldTooLarge("policy", uint64(len(policy)), MaxPolicyBytes)
	}
	return nil
}

func (x *tx) setPolicy(policy []byte, sigs [][]byte) error {
	if err := checkPolicy(policy); err != nil {
		return err
	}
	x.st.policy = cloneBytes(policy)
	x.st.policyVersion++
	x.emit(chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: x.st.policyVersion, Policy: cloneBytes(policy), Sigs: cloneList(sigs)}})
	return nil
}

func (x *tx) checkFounder(identity common.Address) error {
	if x.st.liveMembers != 0 {
		return alreadyFounded()
	}
	if x.st.registrationHash[identity] == (common.Hash{}) {
		return notRegistered(identity)
	}
	if x.st.wasRemoved[identity] || x.st.expelled[identity] {
		return wasRemoved(identity)
	}
	return nil
}

func (x *tx) checkAuditor(key common.Hash, scope []byte) error {
	if key == (common.Hash{}) {
		return emptyField("key")
	}
	if len(scope) > MaxScopeBytes {
		return fieldTooLarge("scope", uint64(len(scope)), MaxScopeBytes)
	}
	if len(scope) == 0 {
		if !x.st.isAuditor[key] {
			return notAuditor(key)
		}
	} else if !x.st.isAuditor[key] && x.st.auditorCount >= MaxAuditors {
		return tooManyAuditors(MaxAuditors)
	}
	return nil
}

func checkCustodians(keys [][32]byte, threshold uint8) error {
	n := uint64(len(keys))
	if n > MaxCustodians {
		return fieldTooLarge("keys", n, MaxCustodians)
	}
	// No keys removes recovery, and then nobody's quorum is needed.
	ok := threshold >= 1 && uint64(threshold) <= n
	if n == 0 {
		ok = threshold == 0
	}
	if !ok {
		return badCustodians(uint64(threshold), n)
	}
	for i, k := range keys {
		if k == ([32]byte{}) {
			return emptyField("key")
		}
		for _, prev := range keys[:i] {
			if prev == k {
				return duplicateCustodian(k)
			}
		}
	}
	return nil
}

func (x *tx) checkExpel(identity common.Address) error {
	if x.st.memberSlot[identity] == 0 {
		return notMember(identity)
	}
	if x.st.expelled[identity] {
		return alreadyExpelled(identity)
	}
	return nil
}

// clearExpelled is the contract's _clearExpelled: a re-founding starts a
// new group, and the expelled members of the old one leave the member list
// for good (marked removed), last first as the contract pops them.
func (x *tx) clearExpelled() {
	for len(x.st.memberList) != 0 {
		// Cannot fail: the identity is in the list.
		_ = x.removeMember(x.st.memberList[len(x.st.memberList)-1])
	}
}

// ---------------------------------------------------------------------
// Enclave calls
// ---------------------------------------------------------------------

func (x *tx) register(r chainmsg.Registration) error {
	if err := checkField("requestKey", len(r.RequestKey), MaxRequestKeyBytes); err != nil {
		return err
	}
	// Every enclave joins the MLS group through its KeyPackage.
	if err := checkField("keyPackage", len(r.KeyPackage), MaxKeyPackageBytes); err != nil {
		return err
	}
	if err := checkField("evidence", len(r.Evidence), MaxEvidenceBytes); err != nil {
		return err
	}
	if x.st.registrationHash[r.Identity] != (common.Hash{}) {
		return alreadyRegistered(r.Identity)
	}
	signer, err := recoverSigner(r.Digest(x.chainID, x.this), r.Sig)
	if err != nil {
		return err
	}
	if signer != r.Identity {
		return badSignature(sigWrongSigner)
	}
	x.st.registrationHash[r.Identity] = registerBody(r)
	x.emit(chainmsg.Event{Registered: &chainmsg.RegisteredEvent{
		Identity: r.Identity, RequestKey: cloneBytes(r.RequestKey), KeyPackage: cloneBytes(r.KeyPackage), Evidence: cloneBytes(r.Evidence),
	}})
	return nil
}

func (x *tx) postHandshake(h chainmsg.Handshake) error {
	if err := checkField("handshake", len(h.Payload), MaxHandshakeBytes); err != nil {
		return err
	}
	if len(h.Adds) > MaxMembershipChanges {
		return fieldTooLarge("adds", uint64(len(h.Adds)), MaxMembershipChanges)
	}
	if len(h.Removes) > MaxMembershipChanges {
		return fieldTooLarge("removes", uint64(len(h.Removes)), MaxMembershipChanges)
	}
	committer, err := recoverSigner(h.Digest(x.chainID, x.this), h.Sig)
	if err != nil {
		return err
	}
	if err := x.checkMember(committer); err != nil {
		return err
	}
	if h.Epoch != x.st.currentEpoch {
		return wrongEpoch(x.st.currentEpoch, h.Epoch)
	}
	for _, r := range h.Removes {
		// Only governance removes a member: one operator, or one stolen
		// enclave key, cannot evict the others.
		if !x.st.expelled[r] {
			return notExpelled(r)
		}
		if err := x.removeMember(r); err != nil {
			return err
		}
	}
	for _, a := range h.Adds {
		if x.st.registrationHash[a] == (common.Hash{}) {
			return notRegistered(a)
		}
		if x.st.memberSlot[a] != 0 {
			return alreadyMember(a)
		}
		if x.st.wasRemoved[a] {
			return wasRemoved(a)
		}
		x.addMember(a)
	}
	x.st.currentEpoch = h.Epoch + 1
	x.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{
		Epoch: h.Epoch, Committer: committer, Payload: cloneBytes(h.Payload), Adds: cloneAddrs(h.Adds), Removes: cloneAddrs(h.Removes),
	}})
	return nil
}

func (x *tx) postCommands(b chainmsg.CommandBatch) error {
	// The contract checks the batch caps inside _batchHash, before the
	// signature; chainmsg.CommandsDigest hashes without checking.
	if err := checkBatch(b.Ciphertexts); err != nil {
		return err
	}
	enclave, err := recoverSigner(b.Digest(x.chainID, x.this), b.Sig)
	if err != nil {
		return err
	}
	if err := x.checkMember(enclave); err != nil {
		return err
	}
	if b.Epoch != x.st.currentEpoch {
		return wrongEpoch(x.st.currentEpoch, b.Epoch)
	}
	expected := x.st.nextSeq[enclave]
	if b.Seq != expected {
		return badSequence(expected, b.Seq)
	}
	x.st.nextSeq[enclave] = expected + 1
	x.emit(chainmsg.Event{Commands: &chainmsg.CommandsEvent{Enclave: enclave, Epoch: b.Epoch, Seq: b.Seq, Ciphertexts: cloneList(b.Ciphertexts)}})
	return nil
}

// postAudit appends one member-signed post of audit records; whichever
// member posts a sequence number first, the others' posts of it revert.
func (x *tx) postAudit(a chainmsg.AuditPost) error {
	if err := checkField("header", len(a.Header), MaxAuditHeaderBytes); err != nil {
		return err
	}
	if err := checkBatch(a.Records); err != nil {
		return err
	}
	enclave, err := recoverSigner(a.Digest(x.chainID, x.this), a.Sig)
	if err != nil {
		return err
	}
	if err := x.checkMember(enclave); err != nil {
		return err
	}
	if a.Epoch != x.st.currentEpoch {
		return wrongEpoch(x.st.currentEpoch, a.Epoch)
	}
	if a.Seq != x.st.auditSeq {
		return badSequence(x.st.auditSeq, a.Seq)
	}
	x.st.auditSeq = a.Seq + 1
	x.emit(chainmsg.Event{Audit: &chainmsg.AuditEvent{Enclave: enclave, Epoch: a.Epoch, Seq: a.Seq, Header: cloneBytes(a.Header), Records: cloneList(a.Records)}})
	return nil
}

// postCheckpoint posts the checkpoint manifest of the current epoch; the
// first one of an epoch is the epoch's.
func (x *tx) postCheckpoint(c chainmsg.CheckpointPost) error {
	if err := checkField("manifest", len(c.Manifest), MaxManifestBytes); err != nil {
		return err
	}
	enclave, err := recoverSigner(c.Digest(x.chainID, x.this), c.Sig)
	if err != nil {
		return err
	}
	if err := x.checkMember(enclave); err != nil {
		return err
	}
	if c.Epoch != x.st.currentEpoch {
		return wrongEpoch(x.st.currentEpoch, c.Epoch)
	}
	if x.st.checkpointed[c.Epoch] == x.st.foundings {
		return alreadyCheckpointed(c.Epoch)
	}
	x.st.checkpointed[c.Epoch] = x.st.foundings
	x.emit(chainmsg.Event{Checkpoint: &chainmsg.CheckpointEvent{Enclave: enclave, Epoch: c.Epoch, Manifest: cloneBytes(c.Manifest), Sig: cloneBytes(c.Sig)}})
	return nil
}

// postCheckpointChunk posts one chunk of the checkpoint of an epoch that
// has its manifest; duplicates are accepted.
func (x *tx) postCheckpointChunk(c chainmsg.CheckpointChunkPost) error {
	if err := checkField("chunk", len(c.Chunk), MaxChunkBytes); err != nil {
		return err
	}
	enclave, err := recoverSigner(c.Digest(x.chainID, x.this), c.Sig)
	if err != nil {
		return err
	}
	if err := x.checkMember(enclave); err != nil {
		return err
	}
	if x.st.checkpointed[c.Epoch] == 0 {
		return noCheckpoint(c.Epoch)
	}
	x.emit(chainmsg.Event{Chunk: &chainmsg.CheckpointChunkEvent{Enclave: enclave, Epoch: c.Epoch, Index: c.Index, Chunk: cloneBytes(c.Chunk)}})
	return nil
}

// ---------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------

// govDigest is the contract's _govDigest, which chainmsg.GovernanceDigest
// computes too; the contract's own formula is kept here so that the
// conformance table compares two computations, not one with itself.
func (x *tx) govDigest(act uint8, nonce uint64, payload common.Hash) common.Hash {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], nonce)
	return crypto.Keccak256Hash([]byte(chainmsg.GovernanceDomain), common.BigToHash(x.chainID).Bytes(), x.this[:], []byte{act}, n[:], payload[:])
}

// packAddrs is abi.encodePacked(address[]): each address left-padded to 32
// bytes (array elements are padded even when packed).
func packAddrs(as []common.Address) []byte {
	out := make([]byte, 0, 32*len(as))
	for _, a := range as {
		out = append(out, common.BytesToHash(a[:]).Bytes()...)
	}
	return out
}

// registerBody is the contract's _registerBody, stored as the
// registration hash (non-zero iff registered).
func registerBody(r chainmsg.Registration) common.Hash {
	return crypto.Keccak256Hash(r.Identity[:], crypto.Keccak256(r.RequestKey), crypto.Keccak256(r.KeyPackage), crypto.Keccak256(r.Evidence))
}

// checkBatch is the cap part of the contract's _batchHash.
func checkBatch(cts [][]byte) error {
	n := uint64(len(cts))
	if n == 0 {
		return emptyBatch()
	}
	if n > MaxCiphertexts {
		return tooManyCiphertexts(n, MaxCiphertexts)
	}
	var total uint64
	for i, ct := range cts {
		if len(ct) == 0 {
			return emptyCiphertext(uint64(i))
		}
		if len(ct) > MaxCiphertextBytes {
			return ciphertextTooLarge(uint64(i), uint64(len(ct)), MaxCiphertextBytes)
		}
		total += uint64(len(ct))
	}
	if total > MaxBatchBytes {
		return batchTooLarge(total, MaxBatchBytes)
	}
	return nil
}

func checkField(field string, size int, limit uint64) error {
	if size == 0 {
		return emptyField(field)
	}
	if uint64(size) > limit {
		return fieldTooLarge(field, uint64(size), limit)
	}
	return nil
}

func (x *tx) checkMember(signer common.Address) error {
	// An expelled member is still listed (until a handshake removes it)
	// but may post nothing.
	if x.st.memberSlot[signer] != 0 && !x.st.expelled[signer] {
		return nil
	}
	// A signer nobody registered means a forged or tampered message (the
	// signature recovers to a random key); a registered one that is not a
	// member was never admitted or has been removed.
	if x.st.registrationHash[signer] == (common.Hash{}) {
		return unknownSigner(signer)
	}
	return notMember(signer)
}

// recoverSigner is the contract's _recover. chainmsg.Recover applies the
// same checks in the same order (length, high s, v, then recovery); an r
// or s that ecrecover cannot use makes it return address(0) on chain,
// which the contract reports as "no signer recovered".
func recoverSigner(digest common.Hash, sig []byte) (common.Address, error) {
	signer, err := chainmsg.Recover(digest, sig)
	switch {
	case err == nil:
		if signer == (common.Address{}) {
			return common.Address{}, badSignature(sigUnrecoverable)
		}
		return signer, nil
	case errors.Is(err, chainmsg.ErrSignatureLength):
		return common.Address{}, badSignature(sigLength)
	case errors.Is(err, chainmsg.ErrSignatureHighS):
		return common.Address{}, badSignature(sigHighS)
	case errors.Is(err, chainmsg.ErrSignatureV):
		return common.Address{}, badSignature(sigV)
	default: // ErrSignatureR, ErrUnrecoverable
		return common.Address{}, badSignature(sigUnrecoverable)
	}
}

func (x *tx) addMember(identity common.Address) {
	x.st.memberList = append(x.st.memberList, identity)
	x.st.memberSlot[identity] = len(x.st.memberList)
	x.st.liveMembers++
}

// removeMember swaps the last member into the removed one's slot, as the
// contract does, so that members() lists them in the same order.
func (x *tx) removeMember(identity common.Address) error {
	slot := x.st.memberSlot[identity]
	if slot == 0 {
		return notMember(identity)
	}
	last := len(x.st.memberList)
	if slot != last {
		moved := x.st.memberList[last-1]
		x.st.memberList[slot-1] = moved
		x.st.memberSlot[moved] = slot
	}
	x.st.memberList = x.st.memberList[:last-1]
	delete(x.st.memberSlot, identity)
	x.st.wasRemoved[identity] = true
	if !x.st.expelled[identity] {
		x.st.liveMembers--
	}
	return nil
}
