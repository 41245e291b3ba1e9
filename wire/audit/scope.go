package audit

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// MaxScopeBytes is the longest scope: the contract refuses a longer one
// (MAX_SCOPE_BYTES, chainmsg.MaxScopeBytes).
const MaxScopeBytes = 1024

// The most functions and accounts one scope may name.
const (
	MaxScopeFunctions = 64
	MaxScopeAccounts  = 256
)

// ErrScope means a scope does not follow the grammar of ParseScope.
var ErrScope = errors.New("audit: invalid scope")

// scopeHint ends every scope error: how a good scope looks.
const scopeHint = "a scope is APP, or APP:NARROWING;NARROWING with each of functions=NAME,NAME,... " +
	"and accounts=0xADDRESS,0xADDRESS,... at most once " +
	"(e.g. erc20:functions=transfer,approve;accounts=0x1111111111111111111111111111111111111111)"

// Scope is what an auditor may see: the commands of one app, optionally
// only some of its functions and only those involving some accounts.
type Scope struct {
	App       string
	Functions []string         // empty = every function of the app
	Accounts  []common.Address // empty = every account
}

// ParseScope parses a scope as governance registers it:
//
//	scope      = app [ ":" narrowing *( ";" narrowing ) ]
//	narrowing  = "functions=" name *( "," name )
//	           / "accounts=" address *( "," address )
//
// Names (app and functions) are 1 to 64 of a-z, 0-9, '_' and '-', the rule
// of request names (wire.ValidName); the app may not be wire.SystemApp,
// whose built-in queries change nothing and are never audited. Addresses
// are 0x and 40 hex digits, not the zero address; they may be in any case,
// but one in mixed case must carry a valid EIP-55 checksum (a mixed-case
// address that fails it is most likely mistyped). Each narrowing appears at
// most once, with at most 64 functions or 256 accounts, and the whole scope
// is at most MaxScopeBytes with no whitespace.
//
// The result is canonical (lists sorted, duplicates dropped, empty lists
// nil), so ParseScope(s.String()) equals s.
func ParseScope(s string) (Scope, error) {
	switch {
	case s == "":
		return Scope{}, scopeErr("scope is empty")
	case len(s) > MaxScopeBytes:
		return Scope{}, scopeErr(fmt.Sprintf("scope is %d bytes, over the %d-byte limit", len(s), MaxScopeBytes))
	}
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return Scope{}, scopeErr(fmt.Sprintf("scope %q has whitespace at byte %d", s, i))
	}
	app, rest, narrowed := strings.Cut(s, ":")
	if err := checkName("app", app); err != nil {
		return Scope{}, err
	}
	if app == wire.SystemApp {
		return Scope{}, scopeErr(fmt.Sprintf("app %q is reserved for the enclave's built-in queries, which are never audited", app))
	}
	sc := Scope{App: app}
	if !narrowed {
		return sc, nil
	}
	if rest == "" {
		return Scope{}, scopeErr(fmt.Sprintf("scope %q has nothing after ':' (leave out the ':' to see the whole app)", s))
	}
	var seenFunctions, seenAccounts bool
	for _, n := range strings.Split(rest, ";") {
		key, list, ok := strings.Cut(n, "=")
		switch {
		case n == "":
			return Scope{}, scopeErr(fmt.Sprintf("scope %q has an empty narrowing (a stray ';')", s))
		case !ok:
			return Scope{}, scopeErr(fmt.Sprintf("narrowing %q has no '='", n))
		case key != "functions" && key != "accounts":
			return Scope{}, scopeErr(fmt.Sprintf("unknown narrowing %q (want functions or accounts)", key))
		case key == "functions" && seenFunctions, key == "accounts" && seenAccounts:
			return Scope{}, scopeErr(fmt.Sprintf("narrowing %q is given twice (give one list)", key))
		case list == "":
			return Scope{}, scopeErr(fmt.Sprintf("%s list is empty (leave out the narrowing to allow all %s)", key, key))
		}
		items := strings.Split(list, ",")
		if slices.Contains(items, "") {
			return Scope{}, scopeErr(fmt.Sprintf("%s list %q has an empty item (a stray ',')", key, list))
		}
		if key == "functions" {
			seenFunctions = true
			for _, f := range items {
				if err := checkName("function", f); err != nil {
					return Scope{}, err
				}
			}
			sc.Functions = canonicalFunctions(items)
			if len(sc.Functions) > MaxScopeFunctions {
				return Scope{}, scopeErr(fmt.Sprintf("%d functions, over the limit of %d", len(sc.Functions), MaxScopeFunctions))
			}
			continue
		}
		seenAccounts = true
		accounts := make([]common.Address, len(items))
		for i, a := range items {
			var err error
			if accounts[i], err = parseAccount(a); err != nil {
				return Scope{}, err
			}
		}
		sc.Accounts = canonicalAccounts(accounts)
		if len(sc.Accounts) > MaxScopeAccounts {
			return Scope{}, scopeErr(fmt.Sprintf("%d accounts, over the limit of %d", len(sc.Accounts), MaxScopeAccounts))
		}
	}
	return sc, nil
}

func scopeErr(what string) error { return fmt.Errorf("%w: %s; %s", ErrScope, what, scopeHint) }

func checkName(what, s string) error {
	if !wire.ValidName(s) {
		return scopeErr(fmt.Sprintf("%s name %q is not 1 to 64 of a-z, 0-9, '_' and '-'", what, s))
	}
	return nil
}

func parseAccount(s string) (common.Address, error) {
	if !strings.HasPrefix(s, "0x") || len(s) != 42 || !common.IsHexAddress(s) {
		return common.Address{}, scopeErr(fmt.Sprintf("account %q is not 0x followed by 40 hex digits", s))
	}
	a := common.HexToAddress(s)
	digits := s[2:]
	if strings.ToLower(digits) != digits && strings.ToUpper(digits) != digits && a.Hex() != s {
		return common.Address{}, scopeErr(fmt.Sprintf("account %q is in mixed case but fails its EIP-55 checksum (want %s, or write it in one case)", s, a.Hex()))
	}
	if a == (common.Address{}) {
		return common.Address{}, scopeErr(fmt.Sprintf("account %q is the zero address", s))
	}
	return a, nil
}

func canonicalFunctions(fs []string) []string {
	if len(fs) == 0 {
		return nil
	}
	fs = slices.Clone(fs)
	slices.Sort(fs)
	return slices.Compact(fs)
}

func canonicalAccounts(as []common.Address) []common.Address {
	if len(as) == 0 {
		return nil
	}
	as = slices.Clone(as)
	slices.SortFunc(as, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(as)
}

// String returns the canonical form of s: functions sorted and without
// duplicates, then accounts sorted by bytes, without duplicates, in lower
// case. (It canonicalises a Scope built by hand too; it does not validate
// one: ParseScope(s.String()) is the check.)
func (s Scope) String() string {
	var b strings.Builder
	b.WriteString(s.App)
	sep := ":"
	if fs := canonicalFunctions(s.Functions); len(fs) > 0 {
		b.WriteString(sep + "functions=" + strings.Join(fs, ","))
		sep = ";"
	}
	if as := canonicalAccounts(s.Accounts); len(as) > 0 {
		b.WriteString(sep + "accounts=")
		for i, a := range as {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("0x" + hex.EncodeToString(a[:]))
		}
	}
	return b.String()
}

// Matches reports whether a command is in the scope: it calls app, the
// scope's functions include function (or the scope names none), and, when
// the scope names accounts, the signer or one of the accounts the command
// names (named: a transfer's recipient, a transfer_from's owner, ...) is
// one of them.
func (s Scope) Matches(app, function string, signer common.Address, named []common.Address) bool {
	if app != s.App || len(s.Functions) > 0 && !slices.Contains(s.Functions, function) {
		return false
	}
	return len(s.Accounts) == 0 || slices.Contains(s.Accounts, signer) || slices.ContainsFunc(named, s.hasAccount)
}

// Covers reports whether the auditor may see a state entry that concerns
// accounts (a balance: its holder; an allowance: owner and spender): yes
// when the scope names no accounts, else when any of accounts is named.
func (s Scope) Covers(accounts []common.Address) bool {
	return len(s.Accounts) == 0 || slices.ContainsFunc(accounts, s.hasAccount)
}

func (s Scope) hasAccount(a common.Address) bool { return slices.Contains(s.Accounts, a) }
