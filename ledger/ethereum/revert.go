package ethereum

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// revertData returns the revert data carried by a JSON-RPC error from
// eth_call or eth_estimateGas, and whether err was a revert at all. Nodes
// report a revert as an error whose data is the hex-encoded return data
// (geth: code 3, "execution reverted").
func revertData(err error) ([]byte, bool) {
	var de rpc.DataError
	if !errors.As(err, &de) {
		return nil, false
	}
	if s, ok := de.ErrorData().(string); ok {
		if data, derr := hexutil.Decode(s); derr == nil {
			return data, true
		}
	}
	// A bare revert() carries no data but is still a revert.
	if strings.Contains(de.Error(), "execution reverted") {
		return nil, true
	}
	return nil, false
}

// badSignatureReason mirrors the SIG_* codes of AnonifyLedger.sol.
func badSignatureReason(code uint8) string {
	switch code {
	case 1:
		return "signature is not 65 bytes"
	case 2:
		return "signature s is above n/2 (malleable encoding)"
	case 3:
		return "signature v is not 27 or 28"
	case 4:
		return "ecrecover found no signer"
	case 5:
		return "registration is not signed by the identity it registers"
	}
	return fmt.Sprintf("reason code %d", code)
}

// decodeRevert turns revert data into the ledger error for the contract's
// custom error, so callers can tell a stale epoch (rebase) from a replay
// (bad sequence) from a forgery (bad signature).
func decodeRevert(contract *ledgerabi.AnonifyLedger, data []byte) error {
	if len(data) < 4 {
		return &ledger.ContractError{Kind: ledger.ErrReverted, Name: "Revert", Detail: "no reason given"}
	}
	decoded, err := contract.UnpackError(data)
	if err != nil {
		// Not one of ours: Error(string) or Panic(uint256) from the
		// compiler, or a contract built from other sources.
		if reason, uerr := abi.UnpackRevert(data); uerr == nil {
			return &ledger.ContractError{Kind: ledger.ErrReverted, Name: "Error", Detail: reason}
		}
		return &ledger.ContractError{Kind: ledger.ErrReverted, Name: "Unknown",
			Detail: fmt.Sprintf("unrecognised revert data %s", hexutil.Encode(data))}
	}
	switch e := decoded.(type) {
	case *ledgerabi.AnonifyLedgerWrongEpoch:
		return &ledger.WrongEpochError{Current: e.Current, Got: e.Got}
	case *ledgerabi.AnonifyLedgerBadSequence:
		return &ledger.BadSequenceError{Expected: e.Expected, Got: e.Got}
	case *ledgerabi.AnonifyLedgerBadSignature:
		return &ledger.ContractError{Kind: ledger.ErrBadSignature, Name: "BadSignature", Detail: badSignatureReason(e.Reason)}
	case *ledgerabi.AnonifyLedgerUnknownSigner:
		return &ledger.ContractError{Kind: ledger.ErrBadSignature, Name: "UnknownSigner",
			Detail: fmt.Sprintf("signature recovers to %s, which no enclave registered (forged, or signed over other data)", e.Signer)}
	case *ledgerabi.AnonifyLedgerNotMember:
		return &ledger.ContractError{Kind: ledger.ErrNotMember, Name: "NotMember",
			Detail: fmt.Sprintf("%s is registered but not a member", e.Identity)}
	case *ledgerabi.AnonifyLedgerAlreadyMember:
		return &ledger.ContractError{Kind: ledger.ErrAlreadyMember, Name: "AlreadyMember",
			Detail: fmt.Sprintf("%s is already a member", e.Identity)}
	case *ledgerabi.AnonifyLedgerWasRemoved:
		return &ledger.ContractError{Kind: ledger.ErrWasRemoved, Name: "WasRemoved",
			Detail: fmt.Sprintf("%s was removed from the group and may not rejoin", e.Identity)}
	case *ledgerabi.AnonifyLedgerAlreadyRegistered:
		return &ledger.ContractError{Kind: ledger.ErrAlreadyRegistered, Name: "AlreadyRegistered",
			Detail: fmt.Sprintf("%s registered before", e.Identity)}
	case *ledgerabi.AnonifyLedgerNotRegistered:
		return &ledger.ContractError{Kind: ledger.ErrNotRegistered, Name: "NotRegistered",
			Detail: fmt.Sprintf("%s has not registered", e.Identity)}
	case *ledgerabi.AnonifyLedgerNotGovernor:
		return &ledger.ContractError{Kind: ledger.ErrNotGovernor, Name: "NotGovernor",
			Detail: fmt.Sprintf("%s is not a governor", e.Account)}
	case *ledgerabi.AnonifyLedgerUnknownProposal:
		return &ledger.ContractError{Kind: ledger.ErrUnknownProposal, Name: "UnknownProposal",
			Detail: fmt.Sprintf("no proposal %s", e.Id)}
	case *ledgerabi.AnonifyLedgerProposalExecuted:
		return &ledger.ContractError{Kind: ledger.ErrProposalExecuted, Name: "ProposalExecuted",
			Detail: fmt.Sprintf("proposal %s reached its threshold before", e.Id)}
	case *ledgerabi.AnonifyLedgerAlreadyApproved:
		return &ledger.ContractError{Kind: ledger.ErrAlreadyApproved, Name: "AlreadyApproved",
			Detail: fmt.Sprintf("%s approved proposal %s before", e.Governor, e.Id)}
	case *ledgerabi.AnonifyLedgerAlreadyFounded:
		return &ledger.ContractError{Kind: ledger.ErrAlreadyFounded, Name: "AlreadyFounded",
			Detail: "the group has live (not expelled) members"}
	case *ledgerabi.AnonifyLedgerStaleProposal:
		return &ledger.ContractError{Kind: ledger.ErrStaleProposal, Name: "StaleProposal",
			Detail: fmt.Sprintf("proposal %s was made for a policy version, founding, auditor or custodian act that another proposal took first", e.Id)}
	case *ledgerabi.AnonifyLedgerNotExpelled:
		return &ledger.ContractError{Kind: ledger.ErrNotExpelled, Name: "NotExpelled",
			Detail: fmt.Sprintf("%s was not expelled by governance", e.Identity)}
	case *ledgerabi.AnonifyLedgerAlreadyExpelled:
		return &ledger.ContractError{Kind: ledger.ErrAlreadyExpelled, Name: "AlreadyExpelled",
			Detail: fmt.Sprintf("%s is already expelled", e.Identity)}
	case *ledgerabi.AnonifyLedgerNotAuditor:
		return &ledger.ContractError{Kind: ledger.ErrNotAuditor, Name: "NotAuditor",
			Detail: fmt.Sprintf("%s is not an auditor's key", hexutil.Encode(e.Key[:]))}
	case *ledgerabi.AnonifyLedgerTooManyAuditors:
		return &ledger.ContractError{Kind: ledger.ErrTooManyAuditors, Name: "TooManyAuditors",
			Detail: fmt.Sprintf("the network has its limit of %s auditors; remove one first", e.Limit)}
	case *ledgerabi.AnonifyLedgerBadCustodians:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "BadCustodians",
			Detail: fmt.Sprintf("custodian threshold %s of %s keys (want 1 to the number of keys, or 0 with no keys)", e.Threshold, e.Keys)}
	case *ledgerabi.AnonifyLedgerDuplicateCustodian:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "DuplicateCustodian",
			Detail: fmt.Sprintf("custodian key %s is listed twice", hexutil.Encode(e.Key[:]))}
	case *ledgerabi.AnonifyLedgerAlreadyCheckpointed:
		return &ledger.ContractError{Kind: ledger.ErrAlreadyCheckpointed, Name: "AlreadyCheckpointed",
			Detail: fmt.Sprintf("epoch %d has its checkpoint manifest already", e.Epoch)}
	case *ledgerabi.AnonifyLedgerNoCheckpoint:
		return &ledger.ContractError{Kind: ledger.ErrNoCheckpoint, Name: "NoCheckpoint",
			Detail: fmt.Sprintf("epoch %d has no checkpoint manifest", e.Epoch)}
	case *ledgerabi.AnonifyLedgerMalformedBatch:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "MalformedBatch",
			Detail: fmt.Sprintf("packed batch: the length at offset %s runs past its end", e.Offset)}
	case *ledgerabi.AnonifyLedgerEmptyBatch:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "EmptyBatch",
			Detail: "command batch has no ciphertext"}
	case *ledgerabi.AnonifyLedgerEmptyCiphertext:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "EmptyCiphertext",
			Detail: fmt.Sprintf("ciphertext %s is empty", e.Index)}
	case *ledgerabi.AnonifyLedgerTooManyCiphertexts:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "TooManyCiphertexts",
			Detail: fmt.Sprintf("batch has %s ciphertexts, limit %s", e.Count, e.Limit)}
	case *ledgerabi.AnonifyLedgerCiphertextTooLarge:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "CiphertextTooLarge",
			Detail: fmt.Sprintf("ciphertext %s is %s bytes, limit %s", e.Index, e.Size, e.Limit)}
	case *ledgerabi.AnonifyLedgerBatchTooLarge:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "BatchTooLarge",
			Detail: fmt.Sprintf("batch carries %s bytes of ciphertext, limit %s", e.Size, e.Limit)}
	case *ledgerabi.AnonifyLedgerEmptyField:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "EmptyField",
			Detail: fmt.Sprintf("%s is empty", e.Field)}
	case *ledgerabi.AnonifyLedgerFieldTooLarge:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "FieldTooLarge",
			Detail: fmt.Sprintf("%s has size %s, limit %s", e.Field, e.Size, e.Limit)}
	case *ledgerabi.AnonifyLedgerBadGovernor:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "BadGovernor",
			Detail: fmt.Sprintf("governor %s is the zero address or listed twice", e.Account)}
	case *ledgerabi.AnonifyLedgerBadThreshold:
		return &ledger.ContractError{Kind: ledger.ErrInvalidInput, Name: "BadThreshold",
			Detail: fmt.Sprintf("threshold %s is not between 1 and the number of governors (%s)", e.Threshold, e.Governors)}
	}
	return &ledger.ContractError{Kind: ledger.ErrReverted, Name: fmt.Sprintf("%T", decoded),
		Detail: "custom error without a Go mapping (update ledger/ethereum/revert.go)"}
}
