package audit

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzParseScope: whatever ParseScope accepts prints canonically, no
// longer than the input, and parses back to the same scope.
func FuzzParseScope(f *testing.F) {
	for _, s := range []string{
		"erc20",
		"erc20:functions=transfer,transfer_from",
		"erc20:accounts=" + hexB + "," + sumC,
		"erc20:functions=b,a,b;accounts=" + hexA,
		"erc20:accounts=" + hexA + ";functions=transfer",
		"erc20:accounts=" + badSumC,
		"erc20:functions=;accounts=",
		"sys",
		"erc20: x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := ParseScope(s)
		if err != nil {
			return
		}
		c := sc.String()
		if len(c) > len(s) {
			t.Fatalf("canonical form %q is longer than %q", c, s)
		}
		again, err := ParseScope(c)
		if err != nil || !reflect.DeepEqual(again, sc) {
			t.Fatalf("ParseScope(%q) = %#v, %v; want %#v", c, again, err, sc)
		}
		sc.Matches(sc.App, "f", acctA, sc.Accounts)
	})
}

// FuzzParseRecord: whatever ParseRecord accepts, Marshal encodes, and the
// encoding is a fixed point of ParseRecord then Marshal.
func FuzzParseRecord(f *testing.F) {
	f.Add(mustMarshal(f, commandRecord()))
	f.Add(mustMarshal(f, snapshotRecord()))
	f.Add([]byte(`{"seq":0,"kind":"snapshot","scope":"erc20","block":0,"log_index":0,"parts":1,"ok":false,"state":[]}`))
	f.Add([]byte(`{"seq":1,"kind":"command","scope":"erc20","block":0,"log_index":0,"id":"0x0000000000000000000000000000000000000000000000000000000000000001",` +
		`"signer":"0x1111111111111111111111111111111111111111","app":"erc20","function":"burn","args":{ "amount" : "1" },"ok":false,"reason":"<&>\u2028","state":[{"slot":"a","key":null,"value":1}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRecord(b)
		if err != nil {
			return
		}
		m, err := r.Marshal()
		if err != nil {
			t.Fatalf("Marshal of a parsed record: %v", err)
		}
		r2, err := ParseRecord(m)
		if err != nil {
			t.Fatalf("ParseRecord(%s): %v", m, err)
		}
		m2, err := r2.Marshal()
		if err != nil || !bytes.Equal(m, m2) {
			t.Fatalf("Marshal is not a fixed point:\n%s\n%s (%v)", m, m2, err)
		}
	})
}
