package memledger

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger"
)

// The contract's custom errors as the ledger errors ledger/ethereum decodes
// them into (revert.go there): same Kind, same Name, same Detail, so that a
// caller cannot tell from an error which implementation refused the call.

func badSignature(reason uint8) error {
	var detail string
	switch reason {
	case sigLength:
		detail = "signature is not 65 bytes"
	case sigHighS:
		detail = "signature s is above n/2 (malleable encoding)"
	case sigV:
		detail = "signature v is not 27 or 28"
	case sigUnrecoverable:
		detail = "ecrecover found no signer"
	case sigWrongSigner:
		detail = "registration is not signed by the identity it registers"
	default:
		detail = fmt.Sprintf("reason code %d", reason)
	}
	return &ledger.ContractError{Kind: ledger.ErrBadSignature, Name: "BadSignature", Detail: detail}
}

func unknownSigner(signer common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrBadSignature, Name: "UnknownSigner",
		Detail: fmt.Sprintf("signature recovers to %s, which no enclave registered (forged, or signed over other data)", signer)}
}

func notMember(identity common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrNotMember, Name: "NotMember",
		Detail: fmt.Sprintf("%s is registered but not a member", identity)}
}

func alreadyMember(identity common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrAlreadyMember, Name: "AlreadyMember",
		Detail: fmt.Sprintf("%s is already a member", identity)}
}

func wasRemoved(identity common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrWasRemoved, Name: "WasRemoved",
		Detail: fmt.Sprintf("%s was removed from the group and may not rejoin", identity)}
}

func alreadyRegistered(identity common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrAlreadyRegistered, Name: "AlreadyRegistered",
		Detail: fmt.Sprintf("%s registered before", identity)}
}

func notRegistered(identity common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrNotRegistered, Name: "NotRegistered",
		Detail: fmt.Sprintf("%s has not registered", identity)}
}

func notGovernor(account common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrNotGovernor, Name: "NotGovernor",
		Detail: fmt.Sprintf("%s is not a governor", account)}
}

func unknownProposal(id uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrUnknownProposal, Name: "UnknownProposal",
		Detail: fmt.Sprintf("no proposal %d", id)}
}

func proposalExecuted(id uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrProposalExecuted, Name: "ProposalExecuted",
		Detail: fmt.Sprintf("proposal %d reached its threshold before", id)}
}

func alreadyApproved(id uint64, governor common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrAlreadyApproved, Name: "AlreadyApproved",
		Detail: fmt.Sprintf("%s approved proposal %d before", governor, id)}
}

func alreadyFounded() error {
	return &ledger.ContractError{Kind: ledger.ErrAlreadyFounded, Name: "AlreadyFounded",
		Detail: "the group has live (not expelled) members"}
}

func staleProposal(id uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrStaleProposal, Name: "StaleProposal",
		Detail: fmt.Sprintf("proposal %d was made for a policy version, founding, auditor or custodian act that another proposal took first", id)}
}

func notExpelled(identity common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrNotExpelled, Name: "NotExpelled",
		Detail: fmt.Sprintf("%s was not expelled by governance", identity)}
}

func alreadyExpelled(identity common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrAlreadyExpelled, Name: "AlreadyExpelled",
		Detail: fmt.Sprintf("%s is already expelled", identity)}
}

func emptyBatch() error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "EmptyBatch", Detail: "command batch has no ciphertext"}
}

func emptyCiphertext(index uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "EmptyCiphertext",
		Detail: fmt.Sprintf("ciphertext %d is empty", index)}
}

func tooManyCiphertexts(count, limit uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "TooManyCiphertexts",
		Detail: fmt.Sprintf("batch has %d ciphertexts, limit %d", count, limit)}
}

func ciphertextTooLarge(index, size, limit uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "CiphertextTooLarge",
		Detail: fmt.Sprintf("ciphertext %d is %d bytes, limit %d", index, size, limit)}
}

func batchTooLarge(size, limit uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "BatchTooLarge",
		Detail: fmt.Sprintf("batch carries %d bytes of ciphertext, limit %d", size, limit)}
}

func emptyField(field string) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "EmptyField", Detail: field + " is empty"}
}

func fieldTooLarge(field string, size, limit uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "FieldTooLarge",
		Detail: fmt.Sprintf("%s has size %d, limit %d", field, size, limit)}
}

func badGovernor(account common.Address) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "BadGovernor",
		Detail: fmt.Sprintf("governor %s is the zero address or listed twice", account)}
}

func badThreshold(threshold, governors uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "BadThreshold",
		Detail: fmt.Sprintf("threshold %d is not between 1 and the number of governors (%d)", threshold, governors)}
}

func wrongEpoch(current, got uint64) error {
	return &ledger.WrongEpochError{Current: current, Got: got}
}

func badSequence(expected, got uint64) error {
	return &ledger.BadSequenceError{Expected: expected, Got: got}
}

func badCustodians(threshold, keys uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "BadCustodians",
		Detail: fmt.Sprintf("custodian threshold %d of %d keys (want 1 to the number of keys, or 0 with no keys)", threshold, keys)}
}

func duplicateCustodian(key [32]byte) error {
	return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "DuplicateCustodian",
		Detail: fmt.Sprintf("custodian key %s is listed twice", common.Hash(key))}
}

func alreadyCheckpointed(epoch uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrAlreadyCheckpointed, Name: "AlreadyCheckpointed",
		Detail: fmt.Sprintf("epoch %d has its checkpoint manifest already", epoch)}
}

func noCheckpoint(epoch uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrNoCheckpoint, Name: "NoCheckpoint",
		Detail: fmt.Sprintf("epoch %d has no checkpoint manifest", epoch)}
}

func notAuditor(key common.Hash) error {
	return &ledger.ContractError{Kind: ledger.ErrNotAuditor, Name: "NotAuditor",
		Detail: fmt.Sprintf("%s is not an auditor's key", key)}
}

func tooManyAuditors(limit uint64) error {
	return &ledger.ContractError{Kind: ledger.ErrTooManyAuditors, Name: "TooManyAuditors",
		Detail: fmt.Sprintf("the network has its limit of %d auditors; remove one first", limit)}
}
