package dcap

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/anonify-go/anonify/attest"
)

func level(sgx byte, pce uint16, tdx byte, status attest.TCBStatus, adv ...string) TCBLevel {
	l := TCBLevel{PCESVN: pce, Status: status, Advisories: adv}
	for i := range l.SGXComponents {
		l.SGXComponents[i] = sgx
	}
	l.TDXComponents[2] = tdx
	return l
}

func platform(sgx byte, pce uint16) *pckExtensions {
	p := &pckExtensions{pceSVN: pce}
	for i := range p.sgxComponents {
		p.sgxComponents[i] = sgx
	}
	return p
}

func TestEvaluateTCB(t *testing.T) {
	levels := []TCBLevel{
		level(5, 13, 5, attest.TCBUpToDate),
		level(4, 11, 4, attest.TCBSWHardeningNeeded, "SA-1"),
		level(3, 10, 3, attest.TCBConfigurationAndSWHardeningNeeded, "SA-1", "SA-2"),
		level(2, 5, 1, attest.TCBRevoked, "SA-3"),
	}
	info := &TCBInfo{FMSPC: [6]byte{1}, TCBLevels: levels}
	upToDateQE := &ISVSVNLevel{Status: attest.TCBUpToDate}
	module := &TDXModuleIdentity{ID: "TDX_01", Levels: []ISVSVNLevel{
		{ISVSVN: 6, Status: attest.TCBUpToDate},
		{ISVSVN: 3, Status: attest.TCBOutOfDate, Advisories: []string{"SA-M"}},
	}}
	tee := func(svn, version, comp byte) []byte {
		b := make([]byte, 16)
		b[0], b[1], b[2] = svn, version, comp
		return b
	}
	tests := []struct {
		name    string
		pck     *pckExtensions
		tee     []byte
		qe      *ISVSVNLevel
		status  attest.TCBStatus
		adv     []string
		errText string
	}{
		{name: "SGX top level", pck: platform(9, 20), qe: upToDateQE, status: attest.TCBUpToDate},
		{name: "SGX exact second level", pck: platform(4, 11), qe: upToDateQE, status: attest.TCBSWHardeningNeeded, adv: []string{"SA-1"}},
		{name: "SGX PCESVN holds it back", pck: platform(9, 10), qe: upToDateQE, status: attest.TCBConfigurationAndSWHardeningNeeded, adv: []string{"SA-1", "SA-2"}},
		{name: "SGX one component low", pck: func() *pckExtensions { p := platform(5, 13); p.sgxComponents[15] = 4; return p }(), qe: upToDateQE,
			status: attest.TCBSWHardeningNeeded, adv: []string{"SA-1"}},
		{name: "SGX revoked level is a result", pck: platform(2, 5), qe: upToDateQE, status: attest.TCBRevoked, adv: []string{"SA-3"}},
		{name: "SGX below every level", pck: platform(1, 20), qe: upToDateQE,
			errText: "dcap: platform SGX TCB (components 01010101010101010101010101010101, PCESVN 20) is below every TCB level of FMSPC 010000000000"},
		{name: "SGX with out-of-date QE", pck: platform(9, 20), qe: &ISVSVNLevel{Status: attest.TCBOutOfDate, Advisories: []string{"SA-Q"}},
			status: attest.TCBOutOfDate, adv: []string{"SA-Q"}},
		{name: "SGX config needed with out-of-date QE", pck: platform(3, 10), qe: &ISVSVNLevel{Status: attest.TCBOutOfDate, Advisories: []string{"SA-2"}},
			status: attest.TCBOutOfDateConfigurationNeeded, adv: []string{"SA-1", "SA-2"}},
		{name: "SGX with revoked QE", pck: platform(9, 20), qe: &ISVSVNLevel{Status: attest.TCBRevoked}, status: attest.TCBRevoked},
		{name: "TDX module v1 skips bytes 0-1", pck: platform(9, 20), tee: tee(6, 1, 5), qe: upToDateQE, status: attest.TCBUpToDate},
		{name: "TDX lower TDX component picks a lower level", pck: platform(9, 20), tee: tee(6, 1, 4), qe: upToDateQE,
			status: attest.TCBSWHardeningNeeded, adv: []string{"SA-1"}},
		{name: "TDX module out of date", pck: platform(9, 20), tee: tee(4, 1, 5), qe: upToDateQE, status: attest.TCBOutOfDate, adv: []string{"SA-M"}},
		{name: "TDX module below every level", pck: platform(9, 20), tee: tee(2, 1, 5), qe: upToDateQE,
			errText: "dcap: TDX module TDX_01 ISVSVN 2 is below every module TCB level"},
		{name: "TDX SGX level from a lower TDX level", pck: platform(4, 11), tee: tee(6, 1, 3), qe: upToDateQE,
			status: attest.TCBConfigurationAndSWHardeningNeeded, adv: []string{"SA-1", "SA-2"}},
		{name: "TDX below every TDX level the SGX TCB reaches", pck: platform(4, 11), tee: tee(6, 1, 0), qe: upToDateQE,
			errText: "dcap: TDX TCB (TEE_TCB_SVN 06010000000000000000000000000000) is below every TCB level the SGX TCB reaches"},
		// TDX 1.0 modules (version 0) compare every byte, module SVN included.
		{name: "TDX module v0 compares byte 0", pck: platform(9, 20), tee: tee(0, 0, 9), qe: upToDateQE,
			errText: "dcap: TDX TCB (TEE_TCB_SVN 00000900000000000000000000000000) is below every TCB level the SGX TCB reaches"},
	}
	// For the version-0 case the levels need a nonzero byte 0.
	v0info := &TCBInfo{FMSPC: info.FMSPC, TCBLevels: slices.Clone(levels)}
	for i := range v0info.TCBLevels {
		v0info.TCBLevels[i].TDXComponents[0] = 1
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := info
			if strings.Contains(tt.name, "v0") {
				in = v0info
			}
			status, adv, err := evaluateTCB(in, tt.pck, tt.tee, module, tt.qe)
			if tt.errText != "" {
				if !errors.Is(err, attest.ErrTCBLevel) || err.Error() != "attest: no TCB level matches the platform: "+tt.errText {
					t.Fatalf("err = %v, want %s", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if status != tt.status || !slices.Equal(adv, tt.adv) {
				t.Errorf("got %s %v, want %s %v", status, adv, tt.status, tt.adv)
			}
		})
	}
}

// Intel's convergence tables, every platform status against every
// component status.
func TestConverge(t *testing.T) {
	want := map[attest.TCBStatus][3]attest.TCBStatus{ // component UpToDate, OutOfDate, Revoked
		attest.TCBUpToDate:                          {attest.TCBUpToDate, attest.TCBOutOfDate, attest.TCBRevoked},
		attest.TCBSWHardeningNeeded:                 {attest.TCBSWHardeningNeeded, attest.TCBOutOfDate, attest.TCBRevoked},
		attest.TCBConfigurationNeeded:               {attest.TCBConfigurationNeeded, attest.TCBOutOfDateConfigurationNeeded, attest.TCBRevoked},
		attest.TCBConfigurationAndSWHardeningNeeded: {attest.TCBConfigurationAndSWHardeningNeeded, attest.TCBOutOfDateConfigurationNeeded, attest.TCBRevoked},
		attest.TCBOutOfDate:                         {attest.TCBOutOfDate, attest.TCBOutOfDate, attest.TCBRevoked},
		attest.TCBOutOfDateConfigurationNeeded:      {attest.TCBOutOfDateConfigurationNeeded, attest.TCBOutOfDateConfigurationNeeded, attest.TCBRevoked},
		attest.TCBRevoked:                           {attest.TCBRevoked, attest.TCBRevoked, attest.TCBRevoked},
	}
	for platformStatus, row := range want {
		for i, component := range isvStatuses {
			if got := converge(platformStatus, component); got != row[i] {
				t.Errorf("converge(%s, %s) = %s, want %s", platformStatus, component, got, row[i])
			}
		}
	}
}

// sgxTCBInfoV2 rewrites the SGX sample's version-3 TCB info in the version-2
// format (sgxtcbcompNNsvn fields), which Intel still serves for SGX.
func sgxTCBInfoV2(t *testing.T) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(jsonCollateral(t, sgxCollateral).TCBInfoBody, &doc); err != nil {
		t.Fatal(err)
	}
	doc["version"] = 2
	delete(doc, "id")
	for _, l := range doc["tcbLevels"].([]any) {
		tcb := l.(map[string]any)["tcb"].(map[string]any)
		for i, c := range tcb["sgxtcbcomponents"].([]any) {
			tcb[fmt.Sprintf("sgxtcbcomp%02dsvn", i+1)] = c.(map[string]any)["svn"]
		}
		delete(tcb, "sgxtcbcomponents")
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseTCBInfoVersion2(t *testing.T) {
	v3 := jsonCollateral(t, sgxCollateral).TCBInfo
	v2, err := parseTCBInfo(sgxTCBInfoV2(t))
	if err != nil {
		t.Fatal(err)
	}
	if v2.ID != "SGX" || v2.Version != 2 || v2.FMSPC != v3.FMSPC || len(v2.TCBLevels) != len(v3.TCBLevels) {
		t.Fatalf("v2 header differs: %+v", v2)
	}
	for i := range v3.TCBLevels {
		a, b := v2.TCBLevels[i], v3.TCBLevels[i]
		if a.SGXComponents != b.SGXComponents || a.PCESVN != b.PCESVN || a.Status != b.Status || !slices.Equal(a.Advisories, b.Advisories) || !a.TCBDate.Equal(b.TCBDate) {
			t.Errorf("level %d: v2 %+v, v3 %+v", i, a, b)
		}
	}
}

func TestParseTCBInfoRejects(t *testing.T) {
	base := string(jsonCollateral(t, tdxCollateral).TCBInfoBody)
	sgx := string(jsonCollateral(t, sgxCollateral).TCBInfoBody)
	tests := []struct {
		name, doc, msg string
	}{
		{"not JSON", "{", "TCB info is not valid JSON: unexpected end of JSON input"},
		{"version 1", strings.Replace(base, `"version":3`, `"version":1`, 1), "TCB info version 1 unsupported; want 2 or 3"},
		{"unknown id", strings.Replace(base, `"id":"TDX"`, `"id":"SEV"`, 1), `TCB info id "SEV" unknown; want SGX or TDX`},
		{"SGX id with TDX data", strings.Replace(base, `"id":"TDX"`, `"id":"SGX"`, 1), "SGX TCB info carries TDX module data"},
		{"tcbType 1", strings.Replace(base, `"tcbType":0`, `"tcbType":1`, 1), "TCB info tcbType 1 unsupported; only 0 is defined"},
		{"bad issueDate", strings.Replace(base, `"issueDate":"2025-06-19T10:16:03Z"`, `"issueDate":"19 June 2025"`, 1), `TCB info issueDate is not an RFC 3339 time: "19 June 2025"`},
		{"short fmspc", strings.Replace(base, `"fmspc":"B0C06F000000"`, `"fmspc":"B0C06F"`, 1), `TCB info fmspc is not 6 bytes of hex: "B0C06F"`},
		{"unknown status", strings.Replace(base, `"tcbStatus":"OutOfDate","advisoryIDs"`, `"tcbStatus":"Fine","advisoryIDs"`, 1), `TCB info tcbLevels[1] has unknown tcbStatus "Fine"`},
		{"component out of range", strings.Replace(sgx, `"sgxtcbcomponents":[{"svn":11}`, `"sgxtcbcomponents":[{"svn":256}`, 1),
			"TCB info is not valid JSON: json: cannot unmarshal number 256 into Go struct field componentJSON.tcbLevels.tcb.sgxtcbcomponents.svn of type uint8"},
		{"15 components", strings.Replace(sgx, `"sgxtcbcomponents":[{"svn":11},`, `"sgxtcbcomponents":[`, 1), "TCB info tcbLevels[0] sgxtcbcomponents has 15 entries, want 16"},
		{"missing pcesvn", strings.Replace(sgx, `"pcesvn":13`, `"pcesvn_":13`, 1), "TCB info tcbLevels[0] lacks pcesvn"},
		{"no levels", base[:strings.LastIndex(base, `"tcbLevels"`)] + `"tcbLevels":[]}`, "TCB info has no TCB levels"},
		{"module identity without id", strings.Replace(base, `"id":"TDX_03",`, ``, 1), "tdxModuleIdentities[0] lacks an id or TCB levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseTCBInfo([]byte(tt.doc))
			if !errors.Is(err, attest.ErrCollateral) || err.Error() != "attest: bad or missing collateral: dcap: "+tt.msg {
				t.Errorf("err = %v\nwant %s", err, tt.msg)
			}
		})
	}
}

func TestParseEnclaveIdentityRejects(t *testing.T) {
	base := string(jsonCollateral(t, tdxCollateral).QEIdentityBody)
	tests := []struct {
		name, doc, msg string
	}{
		{"version 1", strings.Replace(base, `"version":2`, `"version":1`, 1), "QE identity version 1 unsupported; want 2"},
		{"unknown id", strings.Replace(base, `"id":"TD_QE"`, `"id":"QVE"`, 1), `QE identity id "QVE" unknown; want QE or TD_QE`},
		{"short mrsigner", strings.Replace(base, `"mrsigner":"DC9E`, `"mrsigner":"`, 1), `QE identity mrsigner is not 32 bytes of hex: "2A7C6F948F17474E34A7FC43ED030F7C1563F1BABDDF6340C82E0E54A8C5"`},
		{"no isvprodid", strings.Replace(base, `"isvprodid":2,`, ``, 1), "QE identity lacks isvprodid"},
		{"QE status out of vocabulary", strings.Replace(base, `"tcbStatus":"UpToDate"`, `"tcbStatus":"SWHardeningNeeded"`, 1), `QE identity tcbLevels[0] has unknown tcbStatus "SWHardeningNeeded"`},
		{"no levels", strings.Replace(base, `"tcbLevels":[{"tcb":{"isvsvn":4},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"UpToDate"}]`, `"tcbLevels":[]`, 1), "QE identity has no TCB levels"},
		{"isvsvn missing", strings.Replace(base, `"isvsvn":4`, `"svn":4`, 1), "QE identity tcbLevels[0] lacks isvsvn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseEnclaveIdentity([]byte(tt.doc))
			if !errors.Is(err, attest.ErrCollateral) || err.Error() != "attest: bad or missing collateral: dcap: "+tt.msg {
				t.Errorf("err = %v\nwant %s", err, tt.msg)
			}
		})
	}
}
