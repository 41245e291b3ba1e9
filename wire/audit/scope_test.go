package audit

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

var (
	acctA = common.HexToAddress("0x1111111111111111111111111111111111111111")
	acctB = common.HexToAddress("0x22222222222222222222222222222222222222bb")
	acctC = common.HexToAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
	// hexA... are the lower-case forms String writes.
	hexA = "0x1111111111111111111111111111111111111111"
	hexB = "0x22222222222222222222222222222222222222bb"
	hexC = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
	// sumC is acctC with its EIP-55 checksum, badSumC the same with one
	// letter's case flipped.
	sumC    = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	badSumC = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"
)

func TestChecksumFixture(t *testing.T) {
	if acctC.Hex() != sumC {
		t.Fatalf("the EIP-55 form of %s is %s, not %s", hexC, acctC.Hex(), sumC)
	}
}

func TestParseScope(t *testing.T) {
	tests := []struct {
		in        string
		want      Scope
		canonical string
	}{
		{"erc20", Scope{App: "erc20"}, "erc20"},
		{"my_app-2", Scope{App: "my_app-2"}, "my_app-2"},
		{strings.Repeat("a", 64), Scope{App: strings.Repeat("a", 64)}, strings.Repeat("a", 64)},
		{"erc20:functions=transfer", Scope{App: "erc20", Functions: []string{"transfer"}}, "erc20:functions=transfer"},
		{"erc20:functions=transfer_from,transfer,approve,transfer",
			Scope{App: "erc20", Functions: []string{"approve", "transfer", "transfer_from"}},
			"erc20:functions=approve,transfer,transfer_from"},
		{"erc20:accounts=" + hexB + "," + hexA,
			Scope{App: "erc20", Accounts: []common.Address{acctA, acctB}},
			"erc20:accounts=" + hexA + "," + hexB},
		{"erc20:accounts=0x22222222222222222222222222222222222222BB," + hexB, // one case: no checksum
			Scope{App: "erc20", Accounts: []common.Address{acctB}},
			"erc20:accounts=" + hexB},
		{"erc20:accounts=" + sumC, Scope{App: "erc20", Accounts: []common.Address{acctC}}, "erc20:accounts=" + hexC},
		{"erc20:accounts=" + hexA + ";functions=transfer",
			Scope{App: "erc20", Functions: []string{"transfer"}, Accounts: []common.Address{acctA}},
			"erc20:functions=transfer;accounts=" + hexA},
		{"erc20:functions=transfer,transfer_from;accounts=" + hexA,
			Scope{App: "erc20", Functions: []string{"transfer", "transfer_from"}, Accounts: []common.Address{acctA}},
			"erc20:functions=transfer,transfer_from;accounts=" + hexA},
		{"erc20:functions=" + manyNames(64), Scope{App: "erc20", Functions: strings.Split(manyNames(64), ",")}, "erc20:functions=" + manyNames(64)},
		{"erc20:functions=" + manyNames(64) + ",f00", Scope{App: "erc20", Functions: strings.Split(manyNames(64), ",")}, "erc20:functions=" + manyNames(64)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseScope(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseScope = %#v, want %#v", got, tt.want)
			}
			if s := got.String(); s != tt.canonical {
				t.Fatalf("String = %q, want %q", s, tt.canonical)
			}
			again, err := ParseScope(got.String())
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Fatalf("ParseScope(String()) = %#v, %v; want %#v", again, err, got)
			}
		})
	}
}

// manyNames returns n function names f00, f01, ... in sorted order.
func manyNames(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("f%02d", i)
	}
	return strings.Join(names, ",")
}

// manyAccounts returns n distinct non-zero addresses in lower case.
func manyAccounts(n int) string {
	as := make([]string, n)
	for i := range as {
		as[i] = fmt.Sprintf("0x%040x", i+1)
	}
	return strings.Join(as, ",")
}

func TestParseScopeRefuses(t *testing.T) {
	tests := []struct{ name, in, msg string }{
		{"empty", "", "scope is empty"},
		{"too long", "erc20:functions=" + strings.Repeat("a,", 600) + "a", "over the 1024-byte limit"},
		{"space", "erc20: functions=transfer", "whitespace at byte 6"},
		{"tab", "erc20\t", "whitespace"},
		{"newline", "erc20\n", "whitespace"},
		{"no-break space", "erc20:functions=transfer\u00a0", "whitespace"},
		{"empty app", ":functions=transfer", `app name ""`},
		{"upper-case app", "ERC20", `app name "ERC20" is not 1 to 64`},
		{"app too long", strings.Repeat("a", 65), "is not 1 to 64"},
		{"dot in app", "erc.20", `app name "erc.20"`},
		{"non-ASCII app", "érc20", "app name"},
		{"system app", "sys", `app "sys" is reserved`},
		{"colon only", "erc20:", "nothing after ':'"},
		{"stray semicolon", "erc20:functions=transfer;", "empty narrowing"},
		{"leading semicolon", "erc20:;functions=transfer", "empty narrowing"},
		{"no equals", "erc20:functions", `narrowing "functions" has no '='`},
		{"unknown key", "erc20:memories=balance", `unknown narrowing "memories"`},
		{"key in upper case", "erc20:Functions=transfer", `unknown narrowing "Functions"`},
		{"repeated functions", "erc20:functions=transfer;functions=approve", `narrowing "functions" is given twice`},
		{"repeated accounts", "erc20:accounts=" + hexA + ";accounts=" + hexB, `narrowing "accounts" is given twice`},
		{"empty functions", "erc20:functions=", "functions list is empty"},
		{"empty accounts", "erc20:accounts=", "accounts list is empty"},
		{"empty function item", "erc20:functions=transfer,,approve", "has an empty item"},
		{"trailing comma", "erc20:accounts=" + hexA + ",", "has an empty item"},
		{"bad function", "erc20:functions=Transfer", `function name "Transfer"`},
		{"function with colon", "erc20:functions=a:b", `function name "a:b"`},
		{"too many functions", "erc20:functions=" + manyNames(65), "65 functions, over the limit of 64"},
		// MaxScopeAccounts cannot be reached: 23 accounts fill MaxScopeBytes.
		{"too many accounts", "erc20:accounts=" + manyAccounts(257), "over the 1024-byte limit"},
		{"24 accounts", "erc20:accounts=" + manyAccounts(24), "scope is 1046 bytes, over the 1024-byte limit"},
		{"no 0x", "erc20:accounts=" + hexA[2:], "is not 0x followed by 40 hex digits"},
		{"0X", "erc20:accounts=0X" + hexA[2:], "is not 0x followed by 40 hex digits"},
		{"short address", "erc20:accounts=" + hexA[:41], "is not 0x followed by 40 hex digits"},
		{"long address", "erc20:accounts=" + hexA + "1", "is not 0x followed by 40 hex digits"},
		{"not hex", "erc20:accounts=0x" + strings.Repeat("g", 40), "is not 0x followed by 40 hex digits"},
		{"bad checksum", "erc20:accounts=" + badSumC, "fails its EIP-55 checksum (want " + sumC},
		{"zero address", "erc20:accounts=0x" + strings.Repeat("0", 40), "is the zero address"},
		{"second colon", "erc20:functions=transfer:accounts=" + hexA, "function name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := ParseScope(tt.in)
			if err == nil {
				t.Fatalf("ParseScope accepted %q as %#v", tt.in, sc)
			}
			if !errors.Is(err, ErrScope) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("ParseScope = %v, want ErrScope containing %q", err, tt.msg)
			}
			if !strings.Contains(err.Error(), "a scope is APP") {
				t.Fatalf("the error does not say how a good scope looks: %v", err)
			}
		})
	}
}

// TestScopeStringCanonicalises: a Scope built by hand prints canonically.
func TestScopeMostAccounts(t *testing.T) {
	in := "erc20:accounts=" + manyAccounts(23)
	sc, err := ParseScope(in)
	if err != nil || len(sc.Accounts) != 23 || sc.String() != in {
		t.Fatalf("ParseScope of 23 accounts (%d bytes) = %d accounts, %v", len(in), len(sc.Accounts), err)
	}
}

func TestScopeStringCanonicalises(t *testing.T) {
	sc := Scope{App: "erc20", Functions: []string{"transfer", "approve", "transfer"}, Accounts: []common.Address{acctC, acctA, acctC}}
	want := "erc20:functions=approve,transfer;accounts=" + hexA + "," + hexC
	if got := sc.String(); got != want {
		t.Fatalf("String = %q, want %q", got, want)
	}
	if sc.Functions[0] != "transfer" || sc.Accounts[0] != acctC {
		t.Fatal("String reordered the scope's own slices")
	}
	if got := (Scope{App: "erc20", Functions: []string{}, Accounts: []common.Address{}}).String(); got != "erc20" {
		t.Fatalf("String of empty lists = %q, want erc20", got)
	}
}

func TestScopeMatches(t *testing.T) {
	mustScope := func(s string) Scope {
		sc, err := ParseScope(s)
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	other := common.HexToAddress("0x9999999999999999999999999999999999999999")
	whole := mustScope("erc20")
	fns := mustScope("erc20:functions=transfer,transfer_from")
	accts := mustScope("erc20:accounts=" + hexA + "," + hexB)
	both := mustScope("erc20:functions=transfer;accounts=" + hexA)
	tests := []struct {
		name     string
		sc       Scope
		app, fn  string
		signer   common.Address
		named    []common.Address
		want     bool
		wantCovr bool // Covers(signer, named...)
	}{
		{"whole app", whole, "erc20", "mint", other, nil, true, true},
		{"other app", whole, "voting", "mint", other, nil, false, true},
		{"app is exact", whole, "erc2", "mint", other, nil, false, true},
		{"function listed", fns, "erc20", "transfer_from", other, nil, true, true},
		{"function not listed", fns, "erc20", "approve", other, nil, false, true},
		{"function of another app", fns, "voting", "transfer", other, nil, false, true},
		{"signer listed", accts, "erc20", "approve", acctA, nil, true, true},
		{"named account listed", accts, "erc20", "transfer", other, []common.Address{other, acctB}, true, true},
		{"no account listed", accts, "erc20", "transfer", other, []common.Address{other}, false, false},
		{"no account at all", accts, "erc20", "transfer", other, nil, false, false},
		{"both narrowings hold", both, "erc20", "transfer", other, []common.Address{acctA}, true, true},
		{"account but not function", both, "erc20", "approve", acctA, nil, false, true},
		{"function but not account", both, "erc20", "transfer", other, []common.Address{acctB}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.sc.Matches(tt.app, tt.fn, tt.signer, tt.named); got != tt.want {
				t.Errorf("Matches = %v, want %v", got, tt.want)
			}
			if got := tt.sc.Covers(append([]common.Address{tt.signer}, tt.named...)); got != tt.wantCovr {
				t.Errorf("Covers = %v, want %v", got, tt.wantCovr)
			}
		})
	}
}

func TestScopeCovers(t *testing.T) {
	all := Scope{App: "erc20"}
	some := Scope{App: "erc20", Accounts: []common.Address{acctA, acctC}}
	tests := []struct {
		name     string
		sc       Scope
		accounts []common.Address
		want     bool
	}{
		{"no narrowing, no accounts", all, nil, true},
		{"no narrowing, any account", all, []common.Address{acctB}, true},
		{"narrowed, entry of no account", some, nil, false},
		{"narrowed, entry of a listed account", some, []common.Address{acctC}, true},
		{"narrowed, allowance with a listed spender", some, []common.Address{acctB, acctA}, true},
		{"narrowed, entry of other accounts", some, []common.Address{acctB, {}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.sc.Covers(tt.accounts); got != tt.want {
				t.Fatalf("Covers = %v, want %v", got, tt.want)
			}
		})
	}
}
