package memledger

import (
	"errors"
	"maps"
	"math/big"

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
)

const (
	proposalKindPolicy  = uint8(chainmsg.ProposalPolicy)
	proposalKindFounder = uint8(chainmsg.ProposalFounder)
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
	founder    common.Address
	policy     []byte
	approvedBy map[common.Address]bool
}

// contract is the contract's storage.
type contract struct {
	threshold    uint64
	governorList []common.Address
	isGovernor   map[common.Address]bool

	proposalCount uint64
	proposalByID  map[uint64]*proposal

	policyVersion uint64
	policy        []byte

	registrationHash map[common.Address]common.Hash

	memberList []common.Address
	memberSlot map[common.Address]int // index in memberList + 1
	wasRemoved map[common.Address]bool

	currentEpoch uint64
	nextSeq      map[common.Address]uint64
}

func newContract() *contract {
	return &contract{
		isGovernor:       map[common.Address]bool{},
		proposalByID:     map[uint64]*proposal{},
		registrationHash: map[common.Address]common.Hash{},
		memberSlot:       map[common.Address]int{},
		wasRemoved:       map[common.Address]bool{},
		nextSeq:          map[common.Address]uint64{},
	}
}

// clone copies the storage deeply enough that a transaction's writes to
// the copy never reach the original. Stored byte slices are never written
// in place, so they may be shared.
func (c *contract) clone() *contract {
	out := *c
	out.governorList = append([]common.Address(nil), c.governorList...)
	out.isGovernor = maps.Clone(c.isGovernor)
	out.proposalByID = make(map[uint64]*proposal, len(c.proposalByID))
	for id, p := range c.proposalByID {
		q := *p
		q.approvedBy = maps.Clone(p.approvedBy)
		out.proposalByID[id] = &q
	}
	out.registrationHash = maps.Clone(c.registrationHash)
	out.memberList = append([]common.Address(nil), c.memberList...)
	out.memberSlot = maps.Clone(c.memberSlot)
	out.wasRemoved = maps.Clone(c.wasRemoved)
	out.nextSeq = maps.Clone(c.nextSeq)
	return &out
}

// tx is one call's execution context: msg.sender, block.chainid,
// address(this), the storage it works on and the logs it emits.
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
	return x.setPolicy(policy)
}

func (x *tx) onlyGovernor() error {
	if !x.st.isGovernor[x.sender] {
		return notGovernor(x.sender)
	}
	return nil
}

func (x *tx) proposePolicy(policy []byte) (uint64, error) {
	if err := x.onlyGovernor(); err != nil {
		return 0, err
	}
	if err := checkPolicy(policy); err != nil {
		return 0, err
	}
	x.st.proposalCount++
	id := x.st.proposalCount
	p := &proposal{kind: proposalKindPolicy, policy: cloneBytes(policy), approvedBy: map[common.Address]bool{}}
	x.st.proposalByID[id] = p
	x.emit(chainmsg.Event{Proposed: &chainmsg.ProposedEvent{ID: id, Proposer: x.sender, Kind: chainmsg.ProposalPolicy, Policy: cloneBytes(policy)}})
	return id, x.approveProposal(id, p)
}

func (x *tx) proposeFounder(identity common.Address) (uint64, error) {
	if err := x.onlyGovernor(); err != nil {
		return 0, err
	}
	if err := x.checkFounder(identity); err != nil {
		return 0, err
	}
	x.st.proposalCount++
	id := x.st.proposalCount
	p := &proposal{kind: proposalKindFounder, founder: identity, approvedBy: map[common.Address]bool{}}
	x.st.proposalByID[id] = p
	x.emit(chainmsg.Event{Proposed: &chainmsg.ProposedEvent{ID: id, Proposer: x.sender, Kind: chainmsg.ProposalFounder, Policy: []byte{}, Founder: identity}})
	return id, x.approveProposal(id, p)
}

func (x *tx) approve(id uint64) error {
	if err := x.onlyGovernor(); err != nil {
		return err
	}
	p := x.st.proposalByID[id]
	if p == nil {
		return unknownProposal(id)
	}
	return x.approveProposal(id, p)
}

// approveProposal is the contract's _approve.
func (x *tx) approveProposal(id uint64, p *proposal) error {
	if p.executed {
		return proposalExecuted(id)
	}
	if p.approvedBy[x.sender] {
		return alreadyApproved(id, x.sender)
	}
	p.approvedBy[x.sender] = true
	p.approvals++
	x.emit(chainmsg.Event{Approved: &chainmsg.ApprovedEvent{ID: id, Governor: x.sender, Approvals: p.approvals}})
	if p.approvals < x.st.threshold {
		return nil
	}
	p.executed = true
	if p.kind == proposalKindPolicy {
		return x.setPolicy(p.policy)
	}
	// Re-checked at execution: the group may have been founded, or the
	// proposal may predate the identity's registration.
	if err := x.checkFounder(p.founder); err != nil {
		return err
	}
	x.addMember(p.founder)
	x.emit(chainmsg.Event{Founded: &chainmsg.FoundedEvent{Identity: p.founder}})
	return nil
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

func (x *tx) setPolicy(policy []byte) error {
	if err := checkPolicy(policy); err != nil {
		return err
	}
	x.st.policy = cloneBytes(policy)
	x.st.policyVersion++
	x.emit(chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: x.st.policyVersion, Policy: cloneBytes(policy)}})
	return nil
}

func (x *tx) checkFounder(identity common.Address) error {
	if len(x.st.memberList) != 0 {
		return alreadyFounded()
	}
	if x.st.registrationHash[identity] == (common.Hash{}) {
		return notRegistered(identity)
	}
	return nil
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

// ---------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------

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
	if x.st.memberSlot[signer] != 0 {
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
	return nil
}
