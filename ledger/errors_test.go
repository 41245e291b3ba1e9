package ledger

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrors(t *testing.T) {
	tests := []struct {
		err  error
		is   error
		text string
	}{
		{&WrongEpochError{Current: 4, Got: 3}, ErrWrongEpoch, "ledger: wrong epoch: contract is at 4, call signed for 3"},
		{&BadSequenceError{Expected: 7, Got: 6}, ErrBadSequence, "ledger: bad sequence: contract expects 7, batch has 6"},
		{&ContractError{Kind: ErrNotMember, Name: "NotMember", Detail: "0xab is registered but not a member"}, ErrNotMember,
			"ledger: not a member: 0xab is registered but not a member (NotMember)"},
		{&ContractError{Kind: ErrReverted, Name: "Revert"}, ErrReverted, "ledger: transaction reverted (Revert)"},
	}
	for _, tc := range tests {
		wrapped := fmt.Errorf("ledger/ethereum: postCommands: %w", tc.err)
		if !errors.Is(wrapped, tc.is) {
			t.Errorf("%v does not match %v", tc.err, tc.is)
		}
		if got := tc.err.Error(); got != tc.text {
			t.Errorf("Error() = %q, want %q", got, tc.text)
		}
		for _, other := range []error{ErrWrongEpoch, ErrBadSequence, ErrNotMember, ErrReverted, ErrBadSignature} {
			if other != tc.is && errors.Is(wrapped, other) {
				t.Errorf("%v also matches %v", tc.err, other)
			}
		}
	}
	var we *WrongEpochError
	if err := fmt.Errorf("x: %w", &WrongEpochError{Current: 9, Got: 2}); !errors.As(err, &we) || we.Current != 9 {
		t.Errorf("errors.As did not find WrongEpochError")
	}
}
