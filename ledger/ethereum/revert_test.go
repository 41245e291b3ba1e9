package ethereum

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// TestDecodeRevert decodes revert data built from the ABI for every custom
// error of the contract, and the non-custom shapes a node can return.
func TestDecodeRevert(t *testing.T) {
	c := ledgerabi.NewAnonifyLedger()
	custom := func(name string, args ...any) []byte {
		e, ok := c.GetABI().Errors[name]
		if !ok {
			t.Fatalf("no error %s in the ABI", name)
		}
		packed, err := e.Inputs.Pack(args...)
		if err != nil {
			t.Fatalf("pack %s: %v", name, err)
		}
		return append(e.ID.Bytes()[:4:4], packed...)
	}
	withSelector := func(sig string, args []byte) []byte {
		return append(crypto.Keccak256([]byte(sig))[:4], args...)
	}
	word := func(x int64) []byte { return common.LeftPadBytes(big.NewInt(x).Bytes(), 32) }
	a := common.HexToAddress("0xabcdef0000000000000000000000000000000001")
	one, two := big.NewInt(1), big.NewInt(2)
	tests := []struct {
		name string
		data []byte
		kind error
		text string
	}{
		{"no data", nil, ledger.ErrReverted, "no reason given"},
		{"three bytes", []byte{1, 2, 3}, ledger.ErrReverted, "no reason given"},
		{"Error(string)", withSelector("Error(string)", append(append(word(32), word(4)...), common.RightPadBytes([]byte("nope"), 32)...)), ledger.ErrReverted, "nope"},
		{"Panic(uint256)", withSelector("Panic(uint256)", word(0x11)), ledger.ErrReverted, "arithmetic underflow or overflow"},
		{"unknown selector", []byte{0xde, 0xad, 0xbe, 0xef}, ledger.ErrReverted, "unrecognised revert data 0xdeadbeef"},
		{"WrongEpoch", custom("WrongEpoch", uint64(4), uint64(3)), ledger.ErrWrongEpoch, "contract is at 4, call signed for 3"},
		{"BadSequence", custom("BadSequence", uint64(7), uint64(6)), ledger.ErrBadSequence, "contract expects 7, batch has 6"},
		{"BadSignature 1", custom("BadSignature", uint8(1)), ledger.ErrBadSignature, "not 65 bytes"},
		{"BadSignature 2", custom("BadSignature", uint8(2)), ledger.ErrBadSignature, "above n/2"},
		{"BadSignature 3", custom("BadSignature", uint8(3)), ledger.ErrBadSignature, "v is not 27 or 28"},
		{"BadSignature 4", custom("BadSignature", uint8(4)), ledger.ErrBadSignature, "ecrecover found no signer"},
		{"BadSignature 5", custom("BadSignature", uint8(5)), ledger.ErrBadSignature, "not signed by the identity"},
		{"BadSignature 9", custom("BadSignature", uint8(9)), ledger.ErrBadSignature, "reason code 9"},
		{"UnknownSigner", custom("UnknownSigner", a), ledger.ErrBadSignature, a.Hex() + ", which no enclave registered"},
		{"NotMember", custom("NotMember", a), ledger.ErrNotMember, a.Hex() + " is registered but not a member"},
		{"AlreadyMember", custom("AlreadyMember", a), ledger.ErrAlreadyMember, a.Hex() + " is already a member"},
		{"WasRemoved", custom("WasRemoved", a), ledger.ErrWasRemoved, a.Hex() + " was removed from the group and may not rejoin"},
		{"AlreadyRegistered", custom("AlreadyRegistered", a), ledger.ErrAlreadyRegistered, a.Hex() + " registered before"},
		{"NotRegistered", custom("NotRegistered", a), ledger.ErrNotRegistered, a.Hex() + " has not registered"},
		{"NotGovernor", custom("NotGovernor", a), ledger.ErrNotGovernor, a.Hex() + " is not a governor"},
		{"UnknownProposal", custom("UnknownProposal", two), ledger.ErrUnknownProposal, "no proposal 2"},
		{"ProposalExecuted", custom("ProposalExecuted", two), ledger.ErrProposalExecuted, "proposal 2 reached its threshold"},
		{"AlreadyApproved", custom("AlreadyApproved", two, a), ledger.ErrAlreadyApproved, a.Hex() + " approved proposal 2 before"},
		{"AlreadyFounded", custom("AlreadyFounded"), ledger.ErrAlreadyFounded, "the group has live (not expelled) members"},
		{"StaleProposal", custom("StaleProposal", two), ledger.ErrStaleProposal, "proposal 2 was made for a policy version, founding, auditor or custodian act that another proposal took first"},
		{"NotExpelled", custom("NotExpelled", a), ledger.ErrNotExpelled, a.Hex() + " was not expelled by governance"},
		{"AlreadyExpelled", custom("AlreadyExpelled", a), ledger.ErrAlreadyExpelled, a.Hex() + " is already expelled"},
		{"NotAuditor", custom("NotAuditor", [32]byte{31: 5}), ledger.ErrNotAuditor, "0x0000000000000000000000000000000000000000000000000000000000000005 is not an auditor's key"},
		{"TooManyAuditors", custom("TooManyAuditors", big.NewInt(16)), ledger.ErrTooManyAuditors, "limit of 16 auditors; remove one first"},
		{"BadCustodians", custom("BadCustodians", big.NewInt(3), two), ledger.ErrInvalidInput, "custodian threshold 3 of 2 keys"},
		{"DuplicateCustodian", custom("DuplicateCustodian", [32]byte{31: 5}), ledger.ErrInvalidInput,
			"custodian key 0x0000000000000000000000000000000000000000000000000000000000000005 is listed twice"},
		{"AlreadyCheckpointed", custom("AlreadyCheckpointed", uint64(4)), ledger.ErrAlreadyCheckpointed, "epoch 4 has its checkpoint manifest already"},
		{"NoCheckpoint", custom("NoCheckpoint", uint64(4)), ledger.ErrNoCheckpoint, "epoch 4 has no checkpoint manifest"},
		{"MalformedBatch", custom("MalformedBatch", big.NewInt(7)), ledger.ErrInvalidInput, "the length at offset 7 runs past its end"},
		{"EmptyBatch", custom("EmptyBatch"), ledger.ErrInvalidInput, "command batch has no ciphertext"},
		{"EmptyCiphertext", custom("EmptyCiphertext", one), ledger.ErrInvalidInput, "ciphertext 1 is empty"},
		{"TooManyCiphertexts", custom("TooManyCiphertexts", big.NewInt(300), big.NewInt(256)), ledger.ErrInvalidInput, "batch has 300 ciphertexts, limit 256"},
		{"CiphertextTooLarge", custom("CiphertextTooLarge", one, big.NewInt(20000), big.NewInt(16384)), ledger.ErrInvalidInput, "ciphertext 1 is 20000 bytes, limit 16384"},
		{"BatchTooLarge", custom("BatchTooLarge", big.NewInt(100000), big.NewInt(98304)), ledger.ErrInvalidInput, "batch carries 100000 bytes of ciphertext, limit 98304"},
		{"EmptyField", custom("EmptyField", "evidence"), ledger.ErrInvalidInput, "evidence is empty"},
		{"FieldTooLarge", custom("FieldTooLarge", "policy", big.NewInt(20000), big.NewInt(16384)), ledger.ErrInvalidInput, "policy has size 20000, limit 16384"},
		{"BadGovernor", custom("BadGovernor", a), ledger.ErrInvalidInput, "governor " + a.Hex() + " is the zero address or listed twice"},
		{"BadThreshold", custom("BadThreshold", big.NewInt(3), two), ledger.ErrInvalidInput, "threshold 3 is not between 1 and the number of governors (2)"},
		{"truncated WrongEpoch", custom("WrongEpoch", uint64(4), uint64(3))[:20], ledger.ErrReverted, "unrecognised revert data"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeRevert(c, tc.data)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("decodeRevert = %v, want %v", err, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("decodeRevert = %q, want it to contain %q", err, tc.text)
			}
		})
		seen[strings.Fields(tc.name)[0]] = true
	}
	// Every custom error in the ABI has a case above, so a new error in the
	// contract cannot ship without a Go mapping and a test.
	for name := range c.GetABI().Errors {
		if !seen[name] {
			t.Errorf("custom error %s has no test case (and maybe no mapping in revert.go)", name)
		}
	}
}
