package recovery

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func testRelease() *Release {
	return &Release{Epoch: 7, Custodian: key(0xab), Sealed: bytes.Repeat([]byte{0x01}, SealOverhead+33)}
}

const testReleaseJSON = `{"epoch":7,"custodian":"0xabababababababababababababababababababababababababababababababab","sealed":"0x` +
	"010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101" + `"}`

func TestReleaseJSON(t *testing.T) {
	b, err := json.Marshal(testRelease())
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != testReleaseJSON {
		t.Fatalf("json.Marshal =\n%s\nwant\n%s", b, testReleaseJSON)
	}
	// A value marshals like a pointer.
	if v, _ := json.Marshal(*testRelease()); string(v) != testReleaseJSON {
		t.Fatalf("json.Marshal of a value =\n%s", v)
	}
	got, err := ParseRelease(b)
	if err != nil || !reflect.DeepEqual(got, testRelease()) {
		t.Fatalf("ParseRelease = %+v, %v", got, err)
	}
	// Inside another object, json.Unmarshal uses the same rules.
	var wrapped struct{ R Release }
	if err := json.Unmarshal([]byte(`{"R":`+testReleaseJSON+`}`), &wrapped); err != nil || !reflect.DeepEqual(&wrapped.R, testRelease()) {
		t.Fatalf("json.Unmarshal = %+v, %v", wrapped.R, err)
	}
	if err := json.Unmarshal([]byte(`{"R":{"epoch":7}}`), &wrapped); !errors.Is(err, ErrMalformedRelease) {
		t.Fatalf("json.Unmarshal of a partial release = %v", err)
	}
}

func TestReleaseRejects(t *testing.T) {
	sealed := `"0x` + strings.Repeat("01", SealOverhead+33) + `"`
	custodian := `"0x` + strings.Repeat("ab", 32) + `"`
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "EOF"},
		{"not an object", `[]`, "cannot unmarshal array"},
		{"missing epoch", `{"custodian":` + custodian + `,"sealed":` + sealed + `}`, "epoch, custodian and sealed are all required"},
		{"missing custodian", `{"epoch":1,"sealed":` + sealed + `}`, "epoch, custodian and sealed are all required"},
		{"missing sealed", `{"epoch":1,"custodian":` + custodian + `}`, "epoch, custodian and sealed are all required"},
		{"null sealed", `{"epoch":1,"custodian":` + custodian + `,"sealed":null}`, "epoch, custodian and sealed are all required"},
		{"unknown field", `{"epoch":1,"custodian":` + custodian + `,"sealed":` + sealed + `,"share":"0x00"}`, `unknown field "share"`},
		{"trailing data", `{"epoch":1,"custodian":` + custodian + `,"sealed":` + sealed + `} {}`, "data after the release"},
		{"negative epoch", `{"epoch":-1,"custodian":` + custodian + `,"sealed":` + sealed + `}`, "cannot unmarshal number -1"},
		{"short custodian", `{"epoch":1,"custodian":"0xabab","sealed":` + sealed + `}`, "custodian is 2 bytes"},
		{"custodian without 0x", `{"epoch":1,"custodian":"` + strings.Repeat("ab", 32) + `","sealed":` + sealed + `}`, "without 0x prefix"},
		{"custodian as array", `{"epoch":1,"custodian":[1,2],"sealed":` + sealed + `}`, "cannot unmarshal"},
		{"odd hex", `{"epoch":1,"custodian":` + custodian + `,"sealed":"0x0"}`, "odd length"},
		{"short sealed", `{"epoch":1,"custodian":` + custodian + `,"sealed":"0x` + strings.Repeat("01", 49) + `"}`, "a sealed release of 49 bytes (want 50 to 112)"},
		{"long sealed", `{"epoch":1,"custodian":` + custodian + `,"sealed":"0x` + strings.Repeat("01", 113) + `"}`, "a sealed release of 113 bytes (want 50 to 112)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRelease([]byte(tt.in))
			if !errors.Is(err, ErrMalformedRelease) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseRelease = %+v, %v; want ErrMalformedRelease with %q", r, err, tt.want)
			}
		})
	}
}
