package snp_test

import (
	"bytes"
	"crypto/x509"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/sim"
	"github.com/anonify-go/anonify/attest/snp"
)

const testdata = "../../../shared/testdata/attestation/sev-snp"

// now is inside the sample VCEK's window (2022-09-24T00:55:28Z to
// 2029-09-24T00:55:28Z); go-sev-guest's own tests use this instant.
var now = time.Date(2022, 9, 24, 1, 0, 0, 0, time.UTC)

func sample(t testing.TB) (report, vcek, chain []byte) {
	t.Helper()
	var out [3][]byte
	for i, name := range []string{"attestation.bin", "vcek.der", "ask_ark_milan.pem"} {
		b, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			t.Fatalf("test data missing: %v", err)
		}
		out[i] = b
	}
	return out[0], out[1], out[2]
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVerifySample(t *testing.T) {
	report, vcek, chain := sample(t)
	root, err := snp.ParseRootPEM("Milan", chain)
	if err != nil {
		t.Fatal(err)
	}
	// The sample's ASK/ARK are AMD's: supplying them must match the pinned
	// roots, and pinning them from the file must give the same result.
	for name, tc := range map[string]struct {
		certs [][]byte
		roots []snp.Root
	}{
		"pinned AMD roots":        {[][]byte{vcek}, nil},
		"ASK/ARK supplied":        {[][]byte{vcek, root.ASK.Raw, root.ARK.Raw}, nil},
		"roots from the KDS file": {[][]byte{vcek}, []snp.Root{root}},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := snp.Verify(report, tc.certs, snp.Options{Now: now, Roots: tc.roots})
			if err != nil {
				t.Fatal(err)
			}
			wantRegs := map[string]string{
				"MEASUREMENT":   "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01",
				"HOST_DATA":     strings.Repeat("00", 32),
				"ID_KEY_DIGEST": strings.Repeat("00", 48),
				"FAMILY_ID":     strings.Repeat("00", 16),
				"IMAGE_ID":      strings.Repeat("00", 16),
				"REPORT_ID":     "8edc638e1857c555d21f6b11bda3c8b1b5a09dba4852b4c8ee7aa2f16f22cc0a",
				"CHIP_ID":       "3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e53786184ca39e359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d",
			}
			for name, want := range wantRegs {
				if got := hex.EncodeToString(c.Registers[name]); got != want {
					t.Errorf("%s = %s, want %s", name, got, want)
				}
			}
			wantSVNs := map[string]uint64{
				"GUEST_SVN": 0, "GUEST_POLICY": 0xb0000, "VMPL": 0, "PLATFORM_INFO": 1,
				"CURRENT_TCB": 0x4405000000000002, "REPORTED_TCB": 0x4405000000000002,
				"COMMITTED_TCB": 0x4405000000000002, "LAUNCH_TCB": 0x4405000000000002,
				"REPORTED_TCB_BL": 2, "REPORTED_TCB_TEE": 0, "REPORTED_TCB_SNP": 5, "REPORTED_TCB_UCODE": 68,
				"CURRENT_VERSION": 1<<8 | 49, "CURRENT_BUILD": 3,
			}
			for name, want := range wantSVNs {
				if got, ok := c.SVNs[name]; !ok || got != want {
					t.Errorf("%s = %#x, want %#x", name, got, want)
				}
			}
			wantRD := append(unhex(t, "0102030405"), make([]byte, 59)...)
			if !bytes.Equal(c.ReportData, wantRD) {
				t.Errorf("report data %x", c.ReportData)
			}
			if c.Kind != attest.KindSNP || !c.Debug || c.Insecure || c.TCBStatus != attest.TCBStatusNotApplicable {
				t.Errorf("kind %s debug %v insecure %v status %s", c.Kind, c.Debug, c.Insecure, c.TCBStatus)
			}
			if !c.NotBefore.Equal(time.Date(2022, 9, 24, 0, 55, 28, 0, time.UTC)) || !c.NotAfter.Equal(time.Date(2029, 9, 24, 0, 55, 28, 0, time.UTC)) {
				t.Errorf("validity %v..%v", c.NotBefore, c.NotAfter)
			}
		})
	}
}

// TestPolicyOnSample shows the rejections a relying party gets from the
// sample's claims: its guest policy allows debugging, which no policy
// allows by default.
func TestPolicyOnSample(t *testing.T) {
	report, vcek, _ := sample(t)
	c, err := snp.Verify(report, [][]byte{vcek}, snp.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	pin := func(m []byte, debug bool) *attest.Policy {
		return &attest.Policy{Version: attest.PolicyVersion, Network: attest.NetworkDev, Kinds: []attest.KindPolicy{{
			Kind: attest.KindSNP, AllowDebug: debug,
			Measurements: []attest.Measurement{{Registers: map[string]attest.HexBytes{"MEASUREMENT": m}}},
		}}}
	}
	other := bytes.Repeat([]byte{0x11}, 48)
	for _, tc := range []struct {
		name string
		p    *attest.Policy
		want string
	}{
		{"debug refused by default", pin(c.Registers["MEASUREMENT"], false), "attest: evidence violates the policy: sev-snp TEE is in debug mode"},
		{"measurement not in policy", pin(other, true), "attest: evidence violates the policy: sev-snp measurement not allowed (alternative 0: MEASUREMENT is " +
			hex.EncodeToString(c.Registers["MEASUREMENT"]) + ", want " + hex.EncodeToString(other) + ")"},
		{"dev network allowing debug", pin(c.Registers["MEASUREMENT"], true), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Check(c, now)
			if (tc.want == "" && err != nil) || (tc.want != "" && (err == nil || err.Error() != tc.want)) {
				t.Fatalf("Check: %v, want %q", err, tc.want)
			}
		})
	}
	// The report data is 01..05: a binding to real keys cannot match.
	if err := c.CheckBinding(attest.Binding{ChainID: 1}); !errors.Is(err, attest.ErrBinding) {
		t.Fatalf("CheckBinding: %v, want ErrBinding", err)
	}
}

func flip(b []byte, i int) []byte {
	out := bytes.Clone(b)
	if i < 0 {
		i += len(out)
	}
	out[i] ^= 0x01
	return out
}

func TestVerifyRejects(t *testing.T) {
	report, vcek, _ := sample(t)
	devRoot, err := sim.DevRoot()
	if err != nil {
		t.Fatal(err)
	}
	withU32 := func(off int, v uint32) []byte {
		out := bytes.Clone(report)
		binary.LittleEndian.PutUint32(out[off:], v)
		return out
	}
	withPolicy := func(v uint64) []byte {
		out := bytes.Clone(report)
		binary.LittleEndian.PutUint64(out[8:], v)
		return out
	}
	for _, tc := range []struct {
		name   string
		report []byte
		certs  [][]byte
		opts   snp.Options
		is     error
		want   string
	}{
		{"flipped body byte (MEASUREMENT)", flip(report, 0x90), [][]byte{vcek}, snp.Options{Now: now}, attest.ErrSignature,
			"attest: bad signature: snp: report signature does not verify with the VCEK: report signature verification error: x509: ECDSA verification failure"},
		{"flipped body byte (debug bit cleared)", withPolicy(0x30000), [][]byte{vcek}, snp.Options{Now: now}, attest.ErrSignature,
			"attest: bad signature: snp: report signature does not verify with the VCEK"},
		{"flipped signature byte", flip(report, 0x2A0), [][]byte{vcek}, snp.Options{Now: now}, attest.ErrSignature,
			"attest: bad signature: snp: report signature does not verify with the VCEK"},
		{"flipped VCEK certificate byte", report, [][]byte{flip(vcek, -1)}, snp.Options{Now: now}, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: snp: VCEK does not chain to the pinned Milan ASK/ARK: x509: certificate signed by unknown authority"},
		{"after the VCEK expires", report, [][]byte{vcek}, snp.Options{Now: time.Date(2029, 9, 24, 0, 55, 29, 0, time.UTC)}, attest.ErrExpired,
			"attest: outside the validity window: snp: VCEK valid 2022-09-24T00:55:28Z to 2029-09-24T00:55:28Z, verification time 2029-09-24T00:55:29Z"},
		{"before the VCEK is valid", report, [][]byte{vcek}, snp.Options{Now: time.Date(2022, 9, 24, 0, 0, 0, 0, time.UTC)}, attest.ErrExpired,
			"attest: outside the validity window: snp: VCEK valid 2022-09-24T00:55:28Z to 2029-09-24T00:55:28Z, verification time 2022-09-24T00:00:00Z"},
		{"unknown root pinned instead of AMD's", report, [][]byte{vcek}, snp.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Roots: []snp.Root{devRoot}}, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: snp: VCEK does not chain to the pinned Milan ASK/ARK: x509: certificate signed by unknown authority"},
		{"unknown ARK supplied", report, [][]byte{vcek, devRoot.ASK.Raw, devRoot.ARK.Raw}, snp.Options{Now: now}, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: snp: ARK \"ARK-Milan\" (serial c0dec0de) is not a pinned root"},
		{"unknown ASK supplied", report, [][]byte{vcek, devRoot.ASK.Raw}, snp.Options{Now: now}, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: snp: ASK \"SEV-Milan\" (serial c0dec0de) is not a pinned intermediate"},
		{"no VCEK", report, nil, snp.Options{Now: now}, attest.ErrCollateral, "attest: bad or missing collateral: snp: no VCEK certificate"},
		{"VCEK not a certificate", report, [][]byte{[]byte("junk")}, snp.Options{Now: now}, attest.ErrFormat,
			"attest: malformed evidence: snp: certificate: x509: malformed certificate (VCEK)"},
		{"four certificates", report, [][]byte{vcek, vcek, vcek, vcek}, snp.Options{Now: now}, attest.ErrFormat,
			"attest: malformed evidence: snp: 4 certificates, want VCEK, ASK, ARK at most"},
		{"short report", report[:1183], [][]byte{vcek}, snp.Options{Now: now}, attest.ErrFormat,
			"attest: malformed evidence: snp: report is 1183 bytes, want 1184"},
		{"trailing byte", append(bytes.Clone(report), 0), [][]byte{vcek}, snp.Options{Now: now}, attest.ErrFormat,
			"attest: malformed evidence: snp: report is 1185 bytes, want 1184"},
		{"version 1", withU32(0, 1), [][]byte{vcek}, snp.Options{Now: now}, attest.ErrFormat,
			"attest: malformed evidence: snp: report version is: 1. Expected between 2 and 5"},
		{"reserved policy bit 17 clear", withPolicy(0x90000), [][]byte{vcek}, snp.Options{Now: now}, attest.ErrFormat,
			"attest: malformed evidence: snp: malformed guest policy: policy[17] is reserved, must be 1, got 0"},
		{"signature algorithm 2", withU32(0x34, 2), [][]byte{vcek}, snp.Options{Now: now}, attest.ErrFormat,
			"attest: malformed evidence: snp: signature algorithm 2, want 1 (ECDSA P-384 with SHA-384)"},
		{"zero time", report, [][]byte{vcek}, snp.Options{}, nil, "snp: Options.Now is zero; pass the verification time explicitly"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := snp.Verify(tc.report, tc.certs, tc.opts)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Fatalf("Verify: %v\nwant %v: %s", err, tc.is, tc.want)
			}
		})
	}
}

func TestIsReport(t *testing.T) {
	report, _, _ := sample(t)
	for _, tc := range []struct {
		name string
		b    []byte
		want bool
	}{
		{"sample", report, true},
		{"short", report[:100], false},
		{"version 9", append([]byte{9, 0, 0, 0}, report[4:]...), false},
	} {
		if got := snp.IsReport(tc.b); got != tc.want {
			t.Errorf("%s: IsReport = %v", tc.name, got)
		}
	}
}

func FuzzParseReport(f *testing.F) {
	report, _, _ := sample(f)
	f.Add(report)
	f.Add(flip(report, 0x8))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := snp.ParseReport(b)
		if err != nil {
			if !errors.Is(err, attest.ErrFormat) {
				t.Fatalf("parse error not ErrFormat: %v", err)
			}
			return
		}
		if len(r.ReportData()) != 64 || len(r.Measurement()) != 48 {
			t.Fatal("parsed report with wrong field sizes")
		}
	})
}

func FuzzVerify(f *testing.F) {
	report, vcek, _ := sample(f)
	f.Add(report, vcek)
	f.Fuzz(func(t *testing.T, r, c []byte) {
		if _, err := snp.Verify(r, [][]byte{c}, snp.Options{Now: now}); err != nil && !errors.Is(err, attest.ErrFormat) &&
			!errors.Is(err, attest.ErrSignature) && !errors.Is(err, attest.ErrChain) && !errors.Is(err, attest.ErrExpired) {
			t.Fatalf("unclassified error: %v", err)
		}
	})
}

// BenchmarkVerify measures authenticity checks on a parsed report and VCEK
// with the pinned roots loaded once, as a long-running verifier runs them.
func BenchmarkVerify(b *testing.B) {
	report, vcekDER, _ := sample(b)
	r, err := snp.ParseReport(report)
	if err != nil {
		b.Fatal(err)
	}
	vcek, err := x509.ParseCertificate(vcekDER)
	if err != nil {
		b.Fatal(err)
	}
	v, err := snp.NewVerifier(nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := v.Verify(r, snp.Evidence{VCEK: vcek}, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseReport(b *testing.B) {
	report, _, _ := sample(b)
	for b.Loop() {
		if _, err := snp.ParseReport(report); err != nil {
			b.Fatal(err)
		}
	}
}
