package erc20

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// maxU256 is 2^256-1, the unlimited allowance and the largest amount.
const maxU256 = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

var zero common.Address

// call is one function call by an account.
type call struct {
	from     common.Address
	fn, args string
}

func transferArgs(to common.Address, amount string) string {
	return fmt.Sprintf(`{"to":%s,"amount":%q}`, addr(to), amount)
}

func approveArgs(spender common.Address, amount string) string {
	return fmt.Sprintf(`{"spender":%s,"amount":%q}`, addr(spender), amount)
}

func transferFromArgs(owner, to common.Address, amount string) string {
	return fmt.Sprintf(`{"owner":%s,"to":%s,"amount":%q}`, addr(owner), addr(to), amount)
}

// TestOpenZeppelinConformance mirrors the behaviours of OpenZeppelin's
// ERC-20 test suite (test/token/ERC20/ERC20.behavior.js and ERC20.test.js)
// that apply to a token without events. Each row names the reference
// behaviour, as its describe/it path, and the custom error OpenZeppelin
// reverts with, if any.
//
// The fixture is OpenZeppelin's: initialHolder (alice) holds the initial
// supply of 100, recipient (bob) and anotherAccount (charlie) hold nothing;
// in transferFrom, the spender is the recipient (bob) and the receiver
// anotherAccount (charlie). Rows that OpenZeppelin has no counterpart for
// start with "anonify:".
//
// Not mirrored: events (this token has none: its state is confidential),
// and "_burn rejects a null account", since burn takes the caller's own
// tokens and no one signs for the zero address.
func TestOpenZeppelinConformance(t *testing.T) {
	const (
		supply = "100"
		over   = "101"
	)
	// belowMax(n) is 2^256-1-n.
	belowMax := func(n uint64) string {
		return new(uint256.Int).Sub(new(uint256.Int).SetAllOne(), uint256.NewInt(n)).Dec()
	}
	overflowing := belowMax(99) // minting it overflows the total supply by one
	tests := []struct {
		behaviour string
		setup     []call
		do        call
		// reason is the exact rejection, or empty when the call succeeds.
		reason string
		// want are the values read back afterwards: "balance:alice",
		// "allowance:alice:bob" (read by the owner), "supply".
		want map[string]string
		// secret are numbers the caller may not learn from the reason
		// (another account's balance).
		secret []string
	}{
		// --- ERC20.behavior.js: total supply, balanceOf ---
		{behaviour: "total supply › returns the total value of tokens",
			do: call{alice, "transfer", transferArgs(bob, "0")}, want: map[string]string{"supply": supply}},
		{behaviour: "balanceOf › when the requested account has no tokens › returns zero",
			do: call{alice, "transfer", transferArgs(bob, "0")}, want: map[string]string{"balance:charlie": "0"}},
		{behaviour: "balanceOf › when the requested account has some tokens › returns the total token value",
			do: call{alice, "transfer", transferArgs(bob, "0")}, want: map[string]string{"balance:alice": supply}},

		// --- ERC20.behavior.js: transfer (shouldBehaveLikeERC20Transfer) ---
		{behaviour: "transfer › when the recipient is not the zero address › when the sender does not have enough balance › reverts (ERC20InsufficientBalance)",
			do:     call{alice, "transfer", transferArgs(bob, over)},
			reason: "insufficient balance: have 100, need 101",
			want:   map[string]string{"balance:alice": supply, "balance:bob": "0"}},
		{behaviour: "transfer › when the recipient is not the zero address › when the sender transfers all balance › transfers the requested value",
			do:   call{alice, "transfer", transferArgs(bob, supply)},
			want: map[string]string{"balance:alice": "0", "balance:bob": supply, "supply": supply}},
		{behaviour: "transfer › when the recipient is not the zero address › when the sender transfers zero tokens › transfers the requested value",
			do:   call{alice, "transfer", transferArgs(bob, "0")},
			want: map[string]string{"balance:alice": supply, "balance:bob": "0"}},
		{behaviour: "transfer › when the recipient is the zero address › reverts (ERC20InvalidReceiver)",
			do:     call{alice, "transfer", transferArgs(zero, supply)},
			reason: "invalid receiver: the zero address",
			want:   map[string]string{"balance:alice": supply, "supply": supply}},
		{behaviour: "transfer › when the recipient is the zero address › reverts (ERC20InvalidReceiver), also for a zero value",
			do:     call{alice, "transfer", transferArgs(zero, "0")},
			reason: "invalid receiver: the zero address"},

		// --- ERC20.behavior.js: transfer from (spender bob, receiver charlie) ---
		{behaviour: "transfer from › when the token owner is not the zero address › when the recipient is not the zero address › when the spender has enough allowance › when the token owner has enough balance › transfers the requested value, decreases the spender allowance",
			setup: []call{{alice, "approve", approveArgs(bob, supply)}},
			do:    call{bob, "transfer_from", transferFromArgs(alice, charlie, supply)},
			want:  map[string]string{"balance:alice": "0", "balance:charlie": supply, "balance:bob": "0", "allowance:alice:bob": "0"}},
		{behaviour: "transfer from › … › when the spender has enough allowance › when the token owner does not have enough balance › reverts (ERC20InsufficientBalance)",
			setup:  []call{{alice, "approve", approveArgs(bob, supply)}, {alice, "transfer", transferArgs(charlie, "1")}},
			do:     call{bob, "transfer_from", transferFromArgs(alice, charlie, supply)},
			reason: "insufficient balance: the owner's balance is below 100",
			want:   map[string]string{"balance:alice": "99", "balance:charlie": "1", "allowance:alice:bob": supply},
			secret: []string{"99"}},
		{behaviour: "transfer from › … › when the spender does not have enough allowance › when the token owner has enough balance › reverts (ERC20InsufficientAllowance)",
			setup:  []call{{alice, "approve", approveArgs(bob, "99")}},
			do:     call{bob, "transfer_from", transferFromArgs(alice, charlie, supply)},
			reason: "insufficient allowance: have 99, need 100",
			want:   map[string]string{"balance:alice": supply, "balance:charlie": "0", "allowance:alice:bob": "99"}},
		{behaviour: "transfer from › … › when the spender does not have enough allowance › when the token owner does not have enough balance › reverts (ERC20InsufficientBalance)",
			setup:  []call{{alice, "approve", approveArgs(bob, "99")}, {alice, "transfer", transferArgs(charlie, "2")}},
			do:     call{bob, "transfer_from", transferFromArgs(alice, charlie, "99")},
			reason: "insufficient balance: the owner's balance is below 99",
			want:   map[string]string{"balance:alice": "98", "allowance:alice:bob": "99"},
			secret: []string{"98"}},
		{behaviour: "transfer from › … › when the spender has unlimited allowance › does not decrease the spender allowance",
			setup: []call{{alice, "approve", approveArgs(bob, maxU256)}},
			do:    call{bob, "transfer_from", transferFromArgs(alice, charlie, "1")},
			want:  map[string]string{"balance:alice": "99", "balance:charlie": "1", "allowance:alice:bob": maxU256}},
		{behaviour: "anonify: transfer from › when the spender has exactly the allowance › spends all of it",
			setup: []call{{alice, "approve", approveArgs(bob, "40")}},
			do:    call{bob, "transfer_from", transferFromArgs(alice, charlie, "40")},
			want:  map[string]string{"balance:alice": "60", "balance:charlie": "40", "allowance:alice:bob": "0"}},
		{behaviour: "anonify: transfer from › an allowance one below the maximum is limited › decreases it",
			setup: []call{{alice, "approve", approveArgs(bob, belowMax(1))}},
			do:    call{bob, "transfer_from", transferFromArgs(alice, charlie, "1")},
			want:  map[string]string{"allowance:alice:bob": belowMax(2)}},
		{behaviour: "transfer from › … › when the recipient is the zero address › reverts (ERC20InvalidReceiver)",
			setup:  []call{{alice, "approve", approveArgs(bob, supply)}},
			do:     call{bob, "transfer_from", transferFromArgs(alice, zero, supply)},
			reason: "invalid receiver: the zero address",
			want:   map[string]string{"balance:alice": supply, "allowance:alice:bob": supply, "supply": supply}},
		{behaviour: "transfer from › when the token owner is the zero address › reverts (ERC20InvalidApprover)",
			do:     call{bob, "transfer_from", transferFromArgs(zero, bob, "0")},
			reason: "invalid sender: the zero address"},

		// --- ERC20.behavior.js: approve (shouldBehaveLikeERC20Approve, owner alice, spender bob) ---
		{behaviour: "approve › when the spender is not the zero address › when the sender has enough balance › when there was no approved value before › approves the requested value",
			do:   call{alice, "approve", approveArgs(bob, supply)},
			want: map[string]string{"allowance:alice:bob": supply}},
		{behaviour: "approve › when the spender is not the zero address › when the sender has enough balance › when the spender had an approved value › approves the requested value and replaces the previous one",
			setup: []call{{alice, "approve", approveArgs(bob, "1")}},
			do:    call{alice, "approve", approveArgs(bob, supply)},
			want:  map[string]string{"allowance:alice:bob": supply}},
		{behaviour: "approve › when the spender is not the zero address › when the sender does not have enough balance › when there was no approved value before › approves the requested value",
			do:   call{alice, "approve", approveArgs(bob, over)},
			want: map[string]string{"allowance:alice:bob": over, "balance:alice": supply}},
		{behaviour: "approve › when the spender is not the zero address › when the sender does not have enough balance › when the spender had an approved value › approves the requested value and replaces the previous one",
			setup: []call{{alice, "approve", approveArgs(bob, "1")}},
			do:    call{alice, "approve", approveArgs(bob, over)},
			want:  map[string]string{"allowance:alice:bob": over}},
		{behaviour: "anonify: approve › a lower value replaces a higher one (approve overwrites, it does not add)",
			setup: []call{{alice, "approve", approveArgs(bob, maxU256)}},
			do:    call{alice, "approve", approveArgs(bob, "0")},
			want:  map[string]string{"allowance:alice:bob": "0"}},
		{behaviour: "approve › when the spender is the zero address › reverts (ERC20InvalidSpender)",
			do:     call{alice, "approve", approveArgs(zero, supply)},
			reason: "invalid spender: the zero address"},

		// --- ERC20.test.js: _mint (through the owner's mint) ---
		{behaviour: "_mint › rejects a null account (ERC20InvalidReceiver)",
			do:     call{alice, "mint", transferArgs(zero, "50")},
			reason: "invalid receiver: the zero address",
			want:   map[string]string{"supply": supply}},
		{behaviour: "_mint › rejects overflow (panic 0x11)",
			do:     call{alice, "mint", transferArgs(bob, overflowing)},
			reason: "total supply overflow",
			want:   map[string]string{"supply": supply, "balance:bob": "0"}},
		{behaviour: "_mint › for a non zero account › increments totalSupply, increments recipient balance",
			do:   call{alice, "mint", transferArgs(bob, "50")},
			want: map[string]string{"supply": "150", "balance:bob": "50", "balance:alice": supply}},
		{behaviour: "_update › from is the zero address › mints up to max uint256",
			do:   call{alice, "mint", transferArgs(bob, belowMax(100))},
			want: map[string]string{"supply": maxU256, "balance:bob": belowMax(100)}},

		// --- ERC20.test.js: _burn (through the holder's burn) ---
		{behaviour: "_burn › for a non zero account › rejects burning more than balance (ERC20InsufficientBalance)",
			do:     call{alice, "burn", `{"amount":"101"}`},
			reason: "insufficient balance: have 100, need 101",
			want:   map[string]string{"supply": supply, "balance:alice": supply}},
		{behaviour: "_burn › for a non zero account › for entire balance › decrements totalSupply, decrements initialHolder balance",
			do:   call{alice, "burn", `{"amount":"100"}`},
			want: map[string]string{"supply": "0", "balance:alice": "0"}},
		{behaviour: "_burn › for a non zero account › for less value than balance › decrements totalSupply, decrements initialHolder balance",
			do:   call{alice, "burn", `{"amount":"99"}`},
			want: map[string]string{"supply": "1", "balance:alice": "1"}},

		// --- this token's own rules (DESIGN.md §5) ---
		{behaviour: "anonify: mint › by anyone but the owner › refused, without naming the owner",
			do:     call{bob, "mint", transferArgs(bob, "1")},
			reason: "not the owner: only the token's owner may mint",
			want:   map[string]string{"supply": supply}},
		{behaviour: "anonify: transfer › to oneself › changes nothing",
			do:   call{alice, "transfer", transferArgs(alice, supply)},
			want: map[string]string{"balance:alice": supply, "supply": supply}},
		{behaviour: "anonify: init › a second time › refused",
			do:     call{bob, "init", `{"supply":"1"}`},
			reason: "already initialised",
			want:   map[string]string{"supply": supply, "balance:bob": "0"}},
	}
	names := map[string]common.Address{"alice": alice, "bob": bob, "charlie": charlie}
	for _, tt := range tests {
		t.Run(tt.behaviour, func(t *testing.T) {
			h := newHarness(t)
			if r := h.do(alice, "init", `{"supply":"100"}`); !r.OK {
				t.Fatal(r.Reason)
			}
			for _, s := range tt.setup {
				if r := h.do(s.from, s.fn, s.args); !r.OK {
					t.Fatalf("setup %s: %s", s.fn, r.Reason)
				}
			}
			r := h.do(tt.do.from, tt.do.fn, tt.do.args)
			switch {
			case tt.reason == "" && !r.OK:
				t.Fatalf("%s rejected: %s", tt.do.fn, r.Reason)
			case tt.reason != "" && (r.OK || r.Reason != tt.reason):
				t.Fatalf("%s: ok=%v reason %q, want rejection %q", tt.do.fn, r.OK, r.Reason, tt.reason)
			}
			for _, s := range tt.secret {
				if strings.Contains(r.Reason, s) {
					t.Fatalf("reason %q reveals another account's balance %s", r.Reason, s)
				}
			}
			for key, want := range tt.want {
				parts := strings.Split(key, ":")
				var got string
				switch parts[0] {
				case "supply":
					got = h.query(alice, "total_supply", `{}`)
				case "balance":
					got = h.query(names[parts[1]], "balance", `{}`)
				case "allowance":
					got = h.query(names[parts[1]], "allowance", fmt.Sprintf(`{"spender":%s}`, addr(names[parts[2]])))
				default:
					t.Fatalf("bad check %q", key)
				}
				if got != want {
					t.Errorf("%s = %s, want %s", key, got, want)
				}
			}
		})
	}
}
