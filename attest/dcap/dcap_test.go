package dcap

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
)

// testdata is the shared attestation corpus (see its README for every
// expected value below). Tests fail, not skip, when it is missing: the
// verifier is only meaningful against real evidence.
const testdata = "../../../shared/testdata/attestation"

func readTestdata(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, rel))
	if err != nil {
		t.Fatalf("test data missing: %v", err)
	}
	return b
}

func jsonCollateral(t testing.TB, rel string) *Collateral {
	t.Helper()
	c, err := ParseCollateralJSON(readTestdata(t, rel))
	if err != nil {
		t.Fatalf("ParseCollateralJSON(%s): %v", rel, err)
	}
	return c
}

func dirCollateral(t testing.TB) *Collateral {
	t.Helper()
	c, err := LoadCollateralDir(filepath.Join(testdata, "tdx/go-tdx-guest"))
	if err != nil {
		t.Fatalf("LoadCollateralDir: %v", err)
	}
	return c
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// Fixed verification instants, inside each case's documented window.
var (
	july2025  = at("2025-07-01T00:00:00Z") // SGX and TDX 1a
	march2026 = at("2026-03-01T00:00:00Z") // TDX v5 samples
	july2023  = at("2023-07-01T01:00:00Z") // go-tdx-guest 2023 quote
)

const (
	sgxQuote       = "sgx/dcap-qvl/sgx_quote"
	sgxCollateral  = "sgx/dcap-qvl/sgx_quote_collateral.json"
	tdxQuote       = "tdx/dcap-qvl/tdx_quote"
	tdxCollateral  = "tdx/dcap-qvl/tdx_quote_collateral.json"
	tdxOutdated    = "tdx/dcap-qvl/tdx_quote_outdated"
	tdxOutdatedCol = "tdx/dcap-qvl/tdx_quote_outdated_collateral.json"
	tdxV5Sample    = "tdx/go-tdx-guest/quote_v5_sample.dat"
	tdx2023Quote   = "tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat"
)

func TestVerifyAcceptsSamples(t *testing.T) {
	zero48 := make([]byte, 48)
	tests := []struct {
		name       string
		quote      string
		collateral string
		now        time.Time
		want       attest.Claims
	}{
		{
			name: "SGX v3", quote: sgxQuote, collateral: sgxCollateral, now: july2025,
			want: attest.Claims{
				Kind: attest.KindSGX,
				Registers: map[string][]byte{
					"MRENCLAVE": unhex("33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb"),
					"MRSIGNER":  unhex("815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6"),
				},
				SVNs:             map[string]uint64{"ISVPRODID": 0, "ISVSVN": 0, "QE_SVN": 10, "PCE_SVN": 13},
				TCBStatus:        attest.TCBConfigurationAndSWHardeningNeeded,
				Advisories:       []string{"INTEL-SA-00289", "INTEL-SA-00615"},
				ReportData:       append([]byte("Hello, world!"), make([]byte, 51)...),
				NotBefore:        at("2025-06-19T10:56:11Z"),
				NotAfter:         at("2025-07-19T10:01:18Z"),
				CollateralIssued: at("2025-03-20T11:21:57Z"),
			},
		},
		{
			name: "TDX v4 (1a)", quote: tdxQuote, collateral: tdxCollateral, now: july2025,
			want: attest.Claims{
				Kind: attest.KindTDX,
				Registers: map[string][]byte{
					"MRTD":          unhex("91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7"),
					"RTMR0":         unhex("44c0197b39157fdd7a4dcc44767f9d6b0bb3977c7a8e347b8492f827fe9d9e5c48aca29b220b80b6a540cf994b9bc9c0"),
					"RTMR1":         unhex("0084452c01668329d4bc06acdf58a7205c26743304509973949e5619bf81a6a7aea8c323c173019b3093d54e579e9378"),
					"RTMR2":         unhex("d833feef2cd945148aa38ead2c53e9b7f138190aaaebfc551dccd829fc207aa3ba80b70870d7330733642e01d48c3132"),
					"RTMR3":         zero48,
					"MRSEAM":        unhex("5b38e33a6487958b72c3c12a938eaa5e3fd4510c51aeeab58c7d5ecee41d7c436489d6c8e4f92f160b7cad34207b00c1"),
					"MRCONFIGID":    zero48,
					"MROWNER":       zero48,
					"MROWNERCONFIG": zero48,
				},
				SVNs:             map[string]uint64{"QE_SVN": 6, "PCE_SVN": 11},
				TCBStatus:        attest.TCBUpToDate,
				ReportData:       unhex("9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9eca3efdbb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20"),
				NotBefore:        at("2025-06-19T10:32:27Z"),
				NotAfter:         at("2025-07-19T10:00:35Z"),
				CollateralIssued: at("2025-03-20T11:21:57Z"),
			},
		},
		{
			name: "TDX v5 body 3 (1d) with 2026 collateral", quote: tdxV5Sample, collateral: tdxOutdatedCol, now: march2026,
			want: attest.Claims{
				Kind: attest.KindTDX,
				Registers: map[string][]byte{
					"MRTD":          unhex("7348651a34b2d2d3462822e3a750ec6110125f36757c78480bbfc69cc0d21fb001a1ced3ee19747dda8f750c3bc8f876"),
					"RTMR0":         unhex("5c8daf76063a71ac8fcef4067564661fc682ed7944c7a5d21dbbced02f61ceff4ba0678c6aef3bdae8cbc614cec24619"),
					"RTMR1":         unhex("463acaace1b6e97c76e92e41fe312aa66f3fd4dad60ec7acf169859db0343e3d1e591646795cdc80fbc0ca5f7041d253"),
					"RTMR2":         unhex("6369b9c9a3b791ebcbdc5a0bb9536cfb57f50df2b393b33c8b29616d3568baa61f4b59dc6092e31ea8764bcbdfc69f20"),
					"RTMR3":         zero48,
					"MRSEAM":        unhex("7bf063280e94fb051f5dd7b1fc59ce9aac42bb961df8d44b709c9b0ff87a7b4df648657ba6d1189589feab1d5a3c9a9d"),
					"MRCONFIGID":    zero48,
					"MROWNER":       zero48,
					"MROWNERCONFIG": zero48,
					"MRSERVICETD":   zero48,
				},
				SVNs:             map[string]uint64{"QE_SVN": 7, "PCE_SVN": 13},
				TCBStatus:        attest.TCBUpToDate,
				ReportData:       unhex("945eaacf5abc1f719d8666a942fda03d1edcb4490277396093dc5a5289ab9f1e094aed63060cd4a4933a4dd537ed1255c9c79ecb3ed82cd1b486233e31c25c3a"),
				NotBefore:        at("2026-02-18T10:58:51Z"),
				NotAfter:         at("2026-03-20T10:41:15Z"),
				CollateralIssued: at("2025-03-20T11:21:57Z"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Verify(readTestdata(t, tt.quote), jsonCollateral(t, tt.collateral), Options{Now: tt.now})
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			assertClaims(t, got, &tt.want)
		})
	}
}

func assertClaims(t *testing.T, got, want *attest.Claims) {
	t.Helper()
	if got.Kind != want.Kind || got.Debug != want.Debug || got.Insecure {
		t.Errorf("kind/debug/insecure = %s/%v/%v, want %s/%v/false", got.Kind, got.Debug, got.Insecure, want.Kind, want.Debug)
	}
	if len(got.Registers) != len(want.Registers) {
		t.Errorf("registers %v, want %d of them", slices.Sorted(mapsKeys(got.Registers)), len(want.Registers))
	}
	for k, v := range want.Registers {
		if !bytes.Equal(got.Registers[k], v) {
			t.Errorf("%s = %x, want %x", k, got.Registers[k], v)
		}
	}
	if len(got.SVNs) != len(want.SVNs) {
		t.Errorf("SVNs %v, want %v", got.SVNs, want.SVNs)
	}
	for k, v := range want.SVNs {
		if g, ok := got.SVNs[k]; !ok || g != v {
			t.Errorf("SVN %s = %d (present %v), want %d", k, g, ok, v)
		}
	}
	if got.TCBStatus != want.TCBStatus {
		t.Errorf("TCB status %s, want %s", got.TCBStatus, want.TCBStatus)
	}
	if !slices.Equal(got.Advisories, want.Advisories) {
		t.Errorf("advisories %v, want %v", got.Advisories, want.Advisories)
	}
	if !bytes.Equal(got.ReportData, want.ReportData) {
		t.Errorf("report data %x, want %x", got.ReportData, want.ReportData)
	}
	if !got.NotBefore.Equal(want.NotBefore) || !got.NotAfter.Equal(want.NotAfter) {
		t.Errorf("window %s..%s, want %s..%s", got.NotBefore, got.NotAfter, want.NotBefore, want.NotAfter)
	}
	if !got.CollateralIssued.Equal(want.CollateralIssued) {
		t.Errorf("collateral issued %s, want %s", got.CollateralIssued, want.CollateralIssued)
	}
}

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// The claims of one verification must not alias the quote: a caller that
// reuses its buffer must not change verified measurements.
func TestClaimsDoNotAliasQuote(t *testing.T) {
	q := readTestdata(t, tdxQuote)
	c, err := Verify(q, jsonCollateral(t, tdxCollateral), Options{Now: july2025})
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Clone(c.Registers["MRTD"])
	for i := range q {
		q[i] = 0xff
	}
	if !bytes.Equal(c.Registers["MRTD"], want) {
		t.Fatal("MRTD changed with the quote buffer")
	}
}

// flip returns a copy of b with one bit changed at off.
func flip(b []byte, off int) []byte {
	c := bytes.Clone(b)
	c[off] ^= 0x01
	return c
}

// pckCertSignatureFlip changes one base64 character inside the PCK leaf's
// signature, keeping the PEM and DER well formed, so that only the chain
// signature check can notice.
func pckCertSignatureFlip(t testing.TB, b []byte) []byte {
	t.Helper()
	end := bytes.Index(b, []byte("-----END CERTIFICATE-----"))
	if end < 0 {
		t.Fatal("no PEM in quote")
	}
	c := bytes.Clone(b)
	for i := end - 10; i > end-40; i-- {
		ch := c[i]
		if ch >= 'A' && ch <= 'Y' {
			c[i] = ch + 1
			return c
		}
	}
	t.Fatal("no base64 letter near the end of the PCK certificate")
	return nil
}

func TestVerifyRejectsTampering(t *testing.T) {
	sgx := readTestdata(t, sgxQuote)
	tdx := readTestdata(t, tdxQuote)
	v5 := readTestdata(t, tdxV5Sample)
	sgxCol := jsonCollateral(t, sgxCollateral)
	tdxCol := jsonCollateral(t, tdxCollateral)
	v5Col := jsonCollateral(t, tdxOutdatedCol)

	// Offsets inside the samples: SGX v3 body at 48 (384 bytes), TDX v4
	// body at 48 (584 bytes); signature data follows its u32 length.
	const (
		sgxMREnclave = 48 + 64
		sgxSig       = 48 + 384 + 4
		sgxAK        = sgxSig + 64
		sgxQERep     = sgxAK + 64
		sgxQESig     = sgxQERep + 384
		sgxAuth      = sgxQESig + 64 + 2
		tdxMRTD      = 48 + 136
		tdxSig       = 48 + 584 + 4
		tdxQERep     = tdxSig + 64 + 64 + 6
		tdxQEISVSVN  = tdxQERep + 258
		v5MRTD       = 48 + 6 + 136
	)
	tests := []struct {
		name  string
		quote []byte
		col   *Collateral
		now   time.Time
		is    error
		msg   string
	}{
		{"SGX body byte", flip(sgx, sgxMREnclave), sgxCol, july2025, attest.ErrSignature,
			"attest: bad signature: dcap: quote signature does not verify under the attestation key"},
		{"SGX quote signature byte", flip(sgx, sgxSig+5), sgxCol, july2025, attest.ErrSignature,
			"attest: bad signature: dcap: quote signature does not verify under the attestation key"},
		{"SGX attestation key byte", flip(sgx, sgxAK+5), sgxCol, july2025, attest.ErrAttestKeyBind,
			"attest: attestation key not bound by the QE report: dcap: QE report data is not SHA-256(attestation key ‖ QE auth data)"},
		{"SGX QE report byte", flip(sgx, sgxQERep+64), sgxCol, july2025, attest.ErrQEReport,
			"attest: quoting enclave report invalid: dcap: QE report signature does not verify under the PCK certificate key"},
		{"SGX QE report signature byte", flip(sgx, sgxQESig+3), sgxCol, july2025, attest.ErrQEReport,
			"attest: quoting enclave report invalid: dcap: QE report signature does not verify under the PCK certificate key"},
		{"SGX QE auth data byte", flip(sgx, sgxAuth), sgxCol, july2025, attest.ErrAttestKeyBind,
			"attest: attestation key not bound by the QE report: dcap: QE report data is not SHA-256(attestation key ‖ QE auth data)"},
		{"SGX PCK certificate byte", pckCertSignatureFlip(t, sgx), sgxCol, july2025, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: dcap: PCK certificate signature does not verify under the PCK CA: x509: ECDSA verification failure"},
		{"TDX body byte", flip(tdx, tdxMRTD), tdxCol, july2025, attest.ErrSignature,
			"attest: bad signature: dcap: quote signature does not verify under the attestation key"},
		{"TDX quote signature byte", flip(tdx, tdxSig+40), tdxCol, july2025, attest.ErrSignature,
			"attest: bad signature: dcap: quote signature does not verify under the attestation key"},
		{"TDX QE report ISVSVN byte", flip(tdx, tdxQEISVSVN), tdxCol, july2025, attest.ErrQEReport,
			"attest: quoting enclave report invalid: dcap: QE report signature does not verify under the PCK certificate key"},
		{"TDX PCK certificate byte", pckCertSignatureFlip(t, tdx), tdxCol, july2025, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: dcap: PCK certificate signature does not verify under the PCK CA: x509: ECDSA verification failure"},
		{"TDX v5 body byte", flip(v5, v5MRTD), v5Col, march2026, attest.ErrSignature,
			"attest: bad signature: dcap: quote signature does not verify under the attestation key"},
		{"TDX mr_signer_seam byte", flip(tdx, 48+64), tdxCol, july2025, attest.ErrTCBLevel,
			"attest: no TCB level matches the platform: dcap: MRSIGNERSEAM 010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000 is not the TDX module signer 000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
		{"TDX module version without identity", tdxWithModuleVersion(tdx, 0x7f), tdxCol, july2025, attest.ErrTCBLevel,
			"attest: no TCB level matches the platform: dcap: TCB info has no TDX module identity TDX_7F"},
		{"SGX before the window", sgx, sgxCol, at("2025-06-19T10:56:10Z"), attest.ErrExpired,
			"attest: outside the validity window: dcap: TCB info is not valid at 2025-06-19T10:56:10Z (valid 2025-06-19T10:56:11Z to 2025-07-19T10:56:11Z)"},
		{"SGX after the window", sgx, sgxCol, at("2025-07-19T10:01:19Z"), attest.ErrExpired,
			"attest: outside the validity window: dcap: QE identity is not valid at 2025-07-19T10:01:19Z (valid 2025-06-19T10:01:18Z to 2025-07-19T10:01:18Z)"},
		{"TDX before the window", tdx, tdxCol, at("2025-06-19T10:32:26Z"), attest.ErrExpired,
			"attest: outside the validity window: dcap: QE identity is not valid at 2025-06-19T10:32:26Z (valid 2025-06-19T10:32:27Z to 2025-07-19T10:32:27Z)"},
		{"TDX after the window", tdx, tdxCol, at("2025-07-19T10:00:36Z"), attest.ErrExpired,
			"attest: outside the validity window: dcap: PCK CRL is not valid at 2025-07-19T10:00:36Z (valid 2025-06-19T10:00:35Z to 2025-07-19T10:00:35Z)"},
		{"SGX quote with TDX collateral", sgx, tdxCol, july2025, attest.ErrCollateral,
			`attest: bad or missing collateral: dcap: PCK CRL is issued by "Intel SGX PCK Platform CA", not "Intel SGX PCK Processor CA"`},
		{"outdated TDX quote", readTestdata(t, tdxOutdated), v5Col, march2026, attest.ErrTCBLevel,
			"attest: no TCB level matches the platform: dcap: platform SGX TCB (components 03030202040100030000000000000000, PCESVN 13) is below every TCB level of FMSPC 90c06f000000"},
		{"truncated quote", tdx[:1000], tdxCol, july2025, attest.ErrFormat,
			"attest: malformed evidence: dcap: signature data length 4300 exceeds the 364 bytes left"},
		{"quote version 2", append([]byte{2, 0}, tdx[2:]...), tdxCol, july2025, attest.ErrFormat,
			"attest: malformed evidence: dcap: quote version 2 unsupported; want 3, 4 or 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Verify(tt.quote, tt.col, Options{Now: tt.now})
			if c != nil || err == nil {
				t.Fatalf("Verify accepted: %+v", c)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
			if err.Error() != tt.msg {
				t.Errorf("error\n got %s\nwant %s", err, tt.msg)
			}
		})
	}
}

// tdxWithModuleVersion sets TEE_TCB_SVN[1] (the TDX module major version)
// without re-signing: the module identity check precedes the signature
// checks, as in Intel's QVL.
func tdxWithModuleVersion(q []byte, v byte) []byte {
	c := bytes.Clone(q)
	c[48+1] = v
	return c
}

// The go-tdx-guest 2023 quote exercises the folder collateral: every
// signature, chain and CRL verifies, but its TCB info has no level this
// platform reaches (README 1c).
func TestGoTDXGuest2023(t *testing.T) {
	q := readTestdata(t, tdx2023Quote)
	col := dirCollateral(t)
	tests := []struct {
		name  string
		quote []byte
		now   time.Time
		is    error
		msg   string
	}{
		{"no TCB level", q, july2023, attest.ErrTCBLevel,
			"attest: no TCB level matches the platform: dcap: platform SGX TCB (components 03030202020100020000000000000000, PCESVN 11) is below every TCB level of FMSPC 50806f000000"},
		{"expired (go-tdx-guest's 2053)", q, at("2053-07-01T00:00:00Z"), attest.ErrExpired,
			"attest: outside the validity window: dcap: root CA certificate is not valid at 2053-07-01T00:00:00Z (valid 2018-05-21T10:45:10Z to 2049-12-31T23:59:59Z)"},
		{"before the TCB info", q, at("2023-06-18T08:42:57Z"), attest.ErrExpired,
			"attest: outside the validity window: dcap: TCB info is not valid at 2023-06-18T08:42:57Z (valid 2023-06-18T08:42:58Z to 2023-07-18T08:42:58Z)"},
		{"after the QE identity", q, at("2023-07-08T07:25:00Z"), attest.ErrExpired,
			"attest: outside the validity window: dcap: QE identity is not valid at 2023-07-08T07:25:00Z (valid 2023-06-08T07:24:59Z to 2023-07-08T07:24:59Z)"},
		{"body byte", flip(q, 48+136), july2023, attest.ErrSignature,
			"attest: bad signature: dcap: quote signature does not verify under the attestation key"},
		{"QE report byte", flip(q, 48+584+4+64+64+6+100), july2023, attest.ErrQEReport,
			"attest: quoting enclave report invalid: dcap: QE report signature does not verify under the PCK certificate key"},
		{"PCK certificate byte", pckCertSignatureFlip(t, q), july2023, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: dcap: PCK certificate signature does not verify under the PCK CA: x509: ECDSA verification failure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Verify(tt.quote, col, Options{Now: tt.now})
			if c != nil || !errors.Is(err, tt.is) || err.Error() != tt.msg {
				t.Errorf("Verify = %v, %v\nwant %s", c, err, tt.msg)
			}
		})
	}

	// Its TCB signing certificate expired in 2025; the window must stop there.
	if got := col.TCBInfoIssuerChain[0].NotAfter; !got.Equal(at("2025-05-21T10:50:10Z")) {
		t.Errorf("TCB signing certificate expires %s", got)
	}
}

func TestVerifyRejectsBadCollateral(t *testing.T) {
	q := readTestdata(t, sgxQuote)
	bundle := readTestdata(t, sgxCollateral)
	var j map[string]string
	if err := json.Unmarshal(bundle, &j); err != nil {
		t.Fatal(err)
	}
	edit := func(key, from, to string) *Collateral {
		t.Helper()
		m := make(map[string]string, len(j))
		for k, v := range j {
			m[k] = v
		}
		if !strings.Contains(m[key], from) {
			t.Fatalf("%s lacks %q", key, from)
		}
		m[key] = strings.Replace(m[key], from, to, 1)
		b, _ := json.Marshal(m)
		c, err := ParseCollateralJSON(b)
		if err != nil {
			t.Fatalf("edited bundle does not parse: %v", err)
		}
		return c
	}
	tests := []struct {
		name string
		col  *Collateral
		is   error
		msg  string
	}{
		{"TCB info text changed", edit("tcb_info", `"tcbEvaluationDataNumber":17`, `"tcbEvaluationDataNumber":18`), attest.ErrCollateral,
			"attest: bad or missing collateral: dcap: TCB info signature does not verify under the TCB signing key"},
		{"QE identity text changed", edit("qe_identity", `"isvprodid":1`, `"isvprodid":2`), attest.ErrCollateral,
			"attest: bad or missing collateral: dcap: QE identity signature does not verify under the TCB signing key"},
		{"TCB info signature changed", edit("tcb_info_signature", "9ad0", "9ad1"), attest.ErrCollateral,
			"attest: bad or missing collateral: dcap: TCB info signature does not verify under the TCB signing key"},
		{"TCB info signed by the PCK CA instead", withIssuerChain(t, j, "tcb_info_issuer_chain", j["pck_crl_issuer_chain"]), attest.ErrChain,
			`attest: certificate chain does not lead to the pinned root: dcap: TCB info is signed by "Intel SGX PCK Processor CA", not "Intel SGX TCB Signing"`},
		{"nil collateral", nil, attest.ErrCollateral,
			"attest: bad or missing collateral: dcap: collateral is incomplete (need PCK CRL, root CA CRL, TCB info and QE identity)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Verify(q, tt.col, Options{Now: july2025})
			if c != nil || !errors.Is(err, tt.is) || err.Error() != tt.msg {
				t.Errorf("Verify = %v, %v\nwant %s", c, err, tt.msg)
			}
		})
	}
	if _, err := Verify(q, jsonCollateral(t, sgxCollateral), Options{}); err == nil || err.Error() != "dcap: Options.Now is zero; pass the verification time explicitly" {
		t.Errorf("zero Now: %v", err)
	}
}

func withIssuerChain(t *testing.T, j map[string]string, key, chain string) *Collateral {
	t.Helper()
	m := make(map[string]string, len(j))
	for k, v := range j {
		m[k] = v
	}
	m[key] = chain
	b, _ := json.Marshal(m)
	c, err := ParseCollateralJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestIsQuote(t *testing.T) {
	sgx := readTestdata(t, sgxQuote)
	tdx := readTestdata(t, tdxQuote)
	v5 := readTestdata(t, tdxV5Sample)
	with := func(b []byte, off int, v ...byte) []byte {
		c := bytes.Clone(b[:headerLen])
		copy(c[off:], v)
		return c
	}
	tests := []struct {
		name string
		in   []byte
		want bool
	}{
		{"SGX v3", sgx, true},
		{"TDX v4", tdx, true},
		{"TDX v5", v5, true},
		{"header only", tdx[:headerLen], true},
		{"short", tdx[:headerLen-1], false},
		{"empty", nil, false},
		{"version 2", with(tdx, 0, 2), false},
		{"version 6", with(tdx, 0, 6), false},
		{"key type 3 (P-384)", with(tdx, 2, 3), false},
		{"v3 with TDX", with(sgx, 4, 0x81), false},
		{"TEE type 0x82", with(tdx, 4, 0x82), false},
		{"SNP report", readTestdata(t, "sev-snp/attestation.bin"), false},
		{"Nitro document", readTestdata(t, "nitro/nitro_attestation.cbor"), false},
	}
	for _, tt := range tests {
		if got := IsQuote(tt.in); got != tt.want {
			t.Errorf("%s: IsQuote = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseQuoteRejects(t *testing.T) {
	tdx := readTestdata(t, tdxQuote)
	v5 := readTestdata(t, tdxV5Sample)
	sgx := readTestdata(t, sgxQuote)
	set := func(b []byte, off int, v ...byte) []byte {
		c := bytes.Clone(b)
		copy(c[off:], v)
		return c
	}
	const sd = 48 + 584 + 4 // TDX v4 signature data
	tests := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "quote truncated in header (need 48 bytes at offset 0, have 0)"},
		{"key type", set(tdx, 2, 3), "attestation key type 3 unsupported; only 2 (ECDSA-P256) is"},
		{"vendor", set(tdx, 12, 0), "QE vendor id 009a7233f79c4ca9940a0db3957f0607 is not Intel's"},
		{"v3 TDX", set(sgx, 4, 0x81), "quote v3 with TEE type 0x81; v3 is SGX only"},
		{"v4 TEE type", set(tdx, 4, 0x82), "TEE type 0x82 unsupported"},
		{"v5 TEE type", set(v5, 4, 0x82), "TEE type 0x82 unsupported"},
		{"v5 body type 4", set(v5, 48, 4), "quote v5 body type 4 unknown"},
		{"v5 body type 2 with size 648", set(v5, 48, 2), "quote v5 body type 2 has size 648, want 584"},
		{"v5 SGX body on TDX", set(set(v5, 48, 1), 50, 0x80, 1, 0, 0), "quote v5 body type 1 does not fit TEE type 0x81"},
		{"truncated body", tdx[:100], "quote truncated in report body (need 584 bytes at offset 48, have 52)"},
		{"no signature length", tdx[:48+584], "quote truncated in signature data length (need 4 bytes at offset 632, have 0)"},
		{"signature length too big", set(tdx, 48+584, 0xff, 0xff, 0xff, 0xff), "signature data length 4294967295 exceeds the 4370 bytes left"},
		{"signature length too small", set(tdx, 48+584, 0x10, 0, 0, 0), "quote truncated in quote signature (need 64 bytes at offset 0, have 16)"},
		{"signature length one short", set(tdx, 48+584, 0xcb, 0x10, 0, 0), "QE report certification data size 4166 exceeds the 4165 bytes left"},
		{"signature length one long", set(tdx, 48+584, 0xcd, 0x10, 0, 0), "1 trailing bytes in signature data"},
		{"trailing bytes in QE report certification data", set(set(tdx, 48+584, 0xcd, 0x10), sd+130, 0x47, 0x10), "1 trailing bytes in QE report certification data"},
		{"outer cert type", set(tdx, sd+128, 5), "quote v4 certification data type 5; want 6 (QE report)"},
		{"inner size one short", set(tdx, sd+128+2, 0x45, 0x10), "quote truncated in PCK certification data (need 3678 bytes at offset 488, have 3677)"},
		{"inner size one long", set(tdx, sd+128+2, 0x47, 0x10), "QE report certification data size 4167 exceeds the 4166 bytes left"},
		{"PCK cert type", set(tdx, sd+134+384+64+2+32, 3), "PCK certification data type 3 unsupported; only 5 (PEM PCK chain) carries the PCK certificate"},
		{"PCK data huge", set(tdx, sd+134+384+64+2+32+2, 1, 0, 1, 0), "PCK certification data size 65537 exceeds 65536"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseQuote(tt.in)
			if !errors.Is(err, attest.ErrFormat) {
				t.Fatalf("error %v is not ErrFormat", err)
			}
			if want := "attest: malformed evidence: dcap: " + tt.msg; err.Error() != want {
				t.Errorf("error\n got %s\nwant %s", err, want)
			}
		})
	}
}

// The v5 sample's own TCB info (go-tdx-guest, issued 2026-02-01) is signed
// by the TCB signing key; the copy of the signing certificate next to it
// expired in 2025, while the renewed certificate in the dcap-qvl bundle has
// the same key (README 1d).
func TestV5SampleWithItsOwnTCBInfo(t *testing.T) {
	body, sig, err := splitPCSResponse(readTestdata(t, "tdx/go-tdx-guest/sample_tcbinfo_response_v5"), "tcbInfo")
	if err != nil {
		t.Fatal(err)
	}
	b := realBundle(t, tdxOutdatedCol)
	b["tcb_info"], b["tcb_info_signature"] = string(body), sig
	q := readTestdata(t, tdxV5Sample)

	c, err := Verify(q, b.parse(t), Options{Now: march2026})
	if err != nil {
		t.Fatalf("with the renewed signing certificate: %v", err)
	}
	if c.TCBStatus != attest.TCBUpToDate || !c.NotAfter.Equal(at("2026-03-03T14:49:26Z")) {
		t.Errorf("status %s, not after %s", c.TCBStatus, c.NotAfter)
	}

	b["tcb_info_issuer_chain"] = string(readTestdata(t, "tdx/go-tdx-guest/tcb_signing_chain.pem"))
	_, err = Verify(q, b.parse(t), Options{Now: march2026})
	want := "attest: outside the validity window: dcap: TCB info signing certificate is not valid at 2026-03-01T00:00:00Z (valid 2018-05-21T10:50:10Z to 2025-05-21T10:50:10Z)"
	if !errors.Is(err, attest.ErrExpired) || err.Error() != want {
		t.Errorf("with the expired signing certificate: %v\nwant %s", err, want)
	}
}
