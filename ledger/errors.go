package ledger

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// Refusals by the contract. Drivers return errors that match these with
// errors.Is and whose message says what the contract reported.
var (
	// ErrWrongEpoch: the call was signed for an epoch other than the
	// contract's current one. For a handshake it means another member's
	// commit won the epoch: rebase. See *WrongEpochError.
	ErrWrongEpoch = errors.New("ledger: wrong epoch")
	// ErrBadSequence: the batch's sequence number is not the one the
	// contract expects from its enclave (a replay, or a gap). See
	// *BadSequenceError.
	ErrBadSequence = errors.New("ledger: bad sequence")
	// ErrBadSignature: the enclave signature is malformed, malleable, does
	// not recover, or recovers to a key no enclave registered (a forgery or
	// a tampered message).
	ErrBadSignature = errors.New("ledger: bad signature")
	// ErrNotMember: the signer, or an identity to remove, is a registered
	// enclave that is not a group member.
	ErrNotMember = errors.New("ledger: not a member")
	// ErrAlreadyMember: a handshake adds an identity that is already a member.
	ErrAlreadyMember = errors.New("ledger: already a member")
	// ErrWasRemoved: a handshake adds an identity removed earlier; removed
	// enclaves never rejoin (a new enclave registers instead).
	ErrWasRemoved = errors.New("ledger: identity was removed")
	// ErrAlreadyRegistered: the identity has registered before.
	ErrAlreadyRegistered = errors.New("ledger: already registered")
	// ErrNotRegistered: a handshake adds, or governance founds, an identity
	// that never registered.
	ErrNotRegistered = errors.New("ledger: not registered")
	// ErrNotGovernor: the host account is not a governor.
	ErrNotGovernor = errors.New("ledger: not a governor")
	// ErrUnknownProposal: no proposal has that id.
	ErrUnknownProposal = errors.New("ledger: unknown proposal")
	// ErrProposalExecuted: the proposal already reached its threshold.
	ErrProposalExecuted = errors.New("ledger: proposal already executed")
	// ErrAlreadyApproved: this governor approved the proposal before.
	ErrAlreadyApproved = errors.New("ledger: already approved")
	// ErrAlreadyFounded: the group has members, so it cannot be founded.
	ErrAlreadyFounded = errors.New("ledger: group already founded")
	// ErrStaleProposal: the proposal was for a policy version or founding
	// that another proposal executed first; propose again.
	ErrStaleProposal = errors.New("ledger: stale proposal")
	// ErrNotExpelled: a handshake removes a member governance did not
	// expel; only governance removes members.
	ErrNotExpelled = errors.New("ledger: not expelled")
	// ErrAlreadyExpelled: the member was expelled before.
	ErrAlreadyExpelled = errors.New("ledger: already expelled")
	// ErrNotAuditor: an auditor removal names a key that is no auditor.
	ErrNotAuditor = errors.New("ledger: not an auditor")
	// ErrTooManyAuditors: registering one more auditor would exceed the
	// contract's MAX_AUDITORS.
	ErrTooManyAuditors = errors.New("ledger: too many auditors")
	// ErrAlreadyCheckpointed: the epoch has its checkpoint manifest
	// already (another member posted it first).
	ErrAlreadyCheckpointed = errors.New("ledger: epoch already checkpointed")
	// ErrNoCheckpoint: a checkpoint chunk for an epoch without a manifest.
	ErrNoCheckpoint = errors.New("ledger: no checkpoint for the epoch")
	// ErrReorg: the chain replaced a block the ledger already reported as
	// final (a reorganisation deeper than the confirmations waited for).
	// A node stops on it rather than apply events that contradict what it
	// applied. See *ReorgError for what to do then.
	ErrReorg = errors.New("ledger: reorganisation below the confirmation depth")
	// ErrInvalidInput: an input is empty or above the contract's size caps,
	// deployment parameters are inconsistent, or a custodian set is
	// malformed (a threshold out of range, a zero or repeated key).
	ErrInvalidInput = errors.New("ledger: invalid input")
	// ErrReverted: the contract reverted without a reason this package
	// knows (for example out of gas, or a revert that could not be
	// reproduced to read its reason).
	ErrReverted = errors.New("ledger: transaction reverted")
)

// WrongEpochError is ErrWrongEpoch with the epochs involved.
type WrongEpochError struct {
	Current uint64 // the contract's epoch
	Got     uint64 // the epoch the call was signed for
}

func (e *WrongEpochError) Error() string {
	return fmt.Sprintf("%v: contract is at %d, call signed for %d", ErrWrongEpoch, e.Current, e.Got)
}

func (e *WrongEpochError) Unwrap() error { return ErrWrongEpoch }

// BadSequenceError is ErrBadSequence with the sequence numbers involved.
type BadSequenceError struct {
	Expected uint64 // the contract's next sequence number for the enclave
	Got      uint64 // the batch's
}

func (e *BadSequenceError) Error() string {
	return fmt.Sprintf("%v: contract expects %d, batch has %d", ErrBadSequence, e.Expected, e.Got)
}

func (e *BadSequenceError) Unwrap() error { return ErrBadSequence }

// ReorgError is ErrReorg with what happened and what the reader may do.
// Block, the last block Events reported, is no longer the chain's: it was
// Was and is now Now. EventsBlock is the last block whose events Events
// reported (0: none since the reader started), and EventsReplaced says
// whether the chain replaced it too: if not, every event the reader
// applied is still on the chain (a block on it means its ancestors are),
// so its state is intact and it may go on, with more confirmations, from
// its last event; if so, it applied events the chain no longer holds.
type ReorgError struct {
	Block          uint64
	Was, Now       common.Hash
	Confirmations  uint64
	EventsBlock    uint64
	EventsReplaced bool
}

func (e *ReorgError) Error() string {
	s := fmt.Sprintf("%v: the chain replaced block %d, which this node had taken as final (it was %s when read and is now %s): a reorganisation deeper than the %d confirmation(s) it waits for (--confirmations).",
		ErrReorg, e.Block, e.Was.Hex(), e.Now.Hex(), e.Confirmations)
	switch {
	case e.EventsReplaced:
		return s + fmt.Sprintf(" Block %d, whose contract events it applied, was replaced too: its enclave holds state the chain no longer supports and may differ from the network's."+
			" Do not restart it on this data directory: start a new node on an empty one (the members admit it and it loads the network's state) with more confirmations, and have governance expel this node's enclave (anonify attest policy expel ADDRESS).", e.EventsBlock)
	case e.EventsBlock > 0:
		return s + fmt.Sprintf(" No contract event it applied was in a replaced block (the last, in block %d, is still on the chain), so its state is intact: it stopped before reading on. Restart it with more confirmations; it resumes from block %d.", e.EventsBlock, e.EventsBlock)
	default:
		return s + " It applied no contract event since it started, so its state is intact: it stopped before reading on. Restart it with more confirmations; it resumes from its last sealed position."
	}
}

func (e *ReorgError) Unwrap() error { return ErrReorg }

// ContractError is any other refusal: Kind is one of the Err* values, Name
// the contract's custom error, and Detail its arguments in words.
type ContractError struct {
	Kind   error
	Name   string
	Detail string
}

func (e *ContractError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("%v (%s)", e.Kind, e.Name)
	}
	return fmt.Sprintf("%v: %s (%s)", e.Kind, e.Detail, e.Name)
}

func (e *ContractError) Unwrap() error { return e.Kind }
