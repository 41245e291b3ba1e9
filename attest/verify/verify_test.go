package verify_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/dcap"
	"github.com/anonify-go/anonify/attest/verify"
	teesim "github.com/anonify-go/anonify/tee/sim"
)

const testdata = "../../../shared/testdata/attestation"

func read(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, rel))
	if err != nil {
		t.Fatalf("test data missing: %v", err)
	}
	return b
}

func envelope(t testing.TB, kind attest.Kind, ev []byte, certs ...[]byte) []byte {
	t.Helper()
	b, err := attest.Envelope{Kind: kind, Evidence: ev, Certs: certs}.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func simEvidence(t testing.TB) []byte {
	t.Helper()
	p, err := teesim.New(teesim.Options{Measurement: bytes.Repeat([]byte{7}, 48)})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := p.Evidence(context.Background(), [64]byte{9})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

var (
	snpNow   = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	nitroNow = time.UnixMilli(1725719859545)
	dcapNow  = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	simNow   = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

func collateral(t testing.TB, rel string) *dcap.Collateral {
	t.Helper()
	c, err := dcap.ParseCollateralJSON(read(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEvidenceAccepts(t *testing.T) {
	snpReport, vcek := read(t, "sev-snp/attestation.bin"), read(t, "sev-snp/vcek.der")
	for _, tc := range []struct {
		name     string
		raw      []byte
		opts     verify.Options
		kind     attest.Kind
		register string
		want     string // hex prefix of the register
	}{
		{"sim envelope", simEvidence(t), verify.Options{Now: simNow}, attest.KindSim, "MEASUREMENT", "070707"},
		{"raw SNP report with VCEK option", snpReport, verify.Options{Now: snpNow, SNPCerts: [][]byte{vcek}}, attest.KindSNP, "MEASUREMENT", "b07af962"},
		{"SNP envelope", envelope(t, attest.KindSNP, snpReport, vcek), verify.Options{Now: snpNow}, attest.KindSNP, "MEASUREMENT", "b07af962"},
		{"raw Nitro document", read(t, "nitro/nitro_attestation.cbor"), verify.Options{Now: nitroNow}, attest.KindNitro, "PCR0", "e72a46ca"},
		{"Nitro envelope", envelope(t, attest.KindNitro, read(t, "nitro/nitro_attestation.cbor")), verify.Options{Now: nitroNow}, attest.KindNitro, "PCR0", "e72a46ca"},
		{"raw SGX quote", read(t, "sgx/dcap-qvl/sgx_quote"), verify.Options{Now: dcapNow, Collateral: collateral(t, "sgx/dcap-qvl/sgx_quote_collateral.json")},
			attest.KindSGX, "MRENCLAVE", "33d8736d"},
		{"raw TDX quote", read(t, "tdx/dcap-qvl/tdx_quote"), verify.Options{Now: dcapNow, Collateral: collateral(t, "tdx/dcap-qvl/tdx_quote_collateral.json")},
			attest.KindTDX, "MRTD", "91eb2b44"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := verify.Evidence(tc.raw, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if c.Kind != tc.kind {
				t.Fatalf("kind %s, want %s", c.Kind, tc.kind)
			}
			if got := c.Registers[tc.register]; !strings.HasPrefix(bytesHex(got), tc.want) {
				t.Fatalf("%s = %x, want prefix %s", tc.register, got, tc.want)
			}
		})
	}
}

func bytesHex(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, x := range b {
		out = append(out, digits[x>>4], digits[x&15])
	}
	return string(out)
}

func TestEvidenceRejects(t *testing.T) {
	snpReport, vcek := read(t, "sev-snp/attestation.bin"), read(t, "sev-snp/vcek.der")
	simRaw := simEvidence(t)
	simEnv, err := attest.ParseEnvelope(simRaw)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		raw  []byte
		opts verify.Options
		is   error
		want string
	}{
		{"zero time", simRaw, verify.Options{}, nil, "verify: Options.Now is zero; pass the verification time explicitly"},
		{"garbage", []byte("hello"), verify.Options{Now: simNow}, attest.ErrUnknownKind,
			"attest: unknown evidence kind: verify: 5 bytes match no envelope, DCAP quote, SEV-SNP report or COSE_Sign1 document"},
		{"unknown envelope kind", envelope(t, "tpm", []byte{1}), verify.Options{Now: simNow}, attest.ErrUnknownKind,
			"attest: unknown evidence kind: verify: envelope kind \"tpm\""},
		{"truncated envelope", simRaw[:40], verify.Options{Now: simNow}, attest.ErrFormat, "attest: malformed evidence: envelope truncated in evidence"},
		{"raw SNP report without VCEK", snpReport, verify.Options{Now: snpNow}, attest.ErrCollateral,
			"attest: bad or missing collateral: snp: no VCEK certificate"},
		{"quote without collateral", read(t, "sgx/dcap-qvl/sgx_quote"), verify.Options{Now: dcapNow}, attest.ErrCollateral,
			"attest: bad or missing collateral: verify: sgx quote needs Intel collateral (Options.Collateral)"},
		// A sim report relabelled as SEV-SNP must meet AMD's pinned roots,
		// which the development chain does not lead to.
		{"sim evidence relabelled SEV-SNP", envelope(t, attest.KindSNP, simEnv.Evidence, simEnv.Certs...), verify.Options{Now: simNow}, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: snp: ARK \"ARK-Milan\" (serial c0dec0de) is not a pinned root"},
		// A real SNP report relabelled sim verifies against the dev root only.
		{"SNP evidence relabelled sim", envelope(t, attest.KindSim, snpReport, vcek), verify.Options{Now: snpNow}, attest.ErrExpired,
			"sim-insecure: attest: outside the validity window: snp: ASK valid 2025-01-01T00:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := verify.Evidence(tc.raw, tc.opts)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Fatalf("Evidence: %v\nwant %v: %s", err, tc.is, tc.want)
			}
		})
	}
}

func FuzzEvidence(f *testing.F) {
	f.Add(simEvidence(f))
	for _, p := range []string{"sev-snp/attestation.bin", "nitro/nitro_attestation.cbor", "sgx/dcap-qvl/sgx_quote"} {
		f.Add(read(f, p))
	}
	f.Add(envelope(f, attest.KindSNP, read(f, "sev-snp/attestation.bin"), read(f, "sev-snp/vcek.der")))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := verify.Evidence(b, verify.Options{Now: simNow})
		if err == nil && c == nil {
			t.Fatal("nil claims without error")
		}
	})
}

func BenchmarkEvidenceSim(b *testing.B) {
	raw := simEvidence(b)
	for b.Loop() {
		if _, err := verify.Evidence(raw, verify.Options{Now: simNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDetect checks that raw evidence is recognized by its format alone
// (SGX and TDX quotes apart by their TEE type) and that an envelope's kind
// is taken from its tag.
func TestDetect(t *testing.T) {
	simEnv, err := attest.ParseEnvelope(simEvidence(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		raw   []byte
		kind  attest.Kind
		certs int
	}{
		{"sim envelope", simEvidence(t), attest.KindSim, 3},
		// Raw, the sim report is an SEV-SNP report: only its envelope says sim.
		{"raw sim report", simEnv.Evidence, attest.KindSNP, 0},
		{"raw SGX quote", read(t, "sgx/dcap-qvl/sgx_quote"), attest.KindSGX, 0},
		{"raw TDX quote", read(t, "tdx/dcap-qvl/tdx_quote"), attest.KindTDX, 0},
		{"raw SNP report", read(t, "sev-snp/attestation.bin"), attest.KindSNP, 0},
		{"raw Nitro document", read(t, "nitro/nitro_attestation.cbor"), attest.KindNitro, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kind, ev, certs, err := verify.Detect(tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			if kind != tc.kind || len(ev) == 0 || len(certs) != tc.certs {
				t.Fatalf("Detect = %s, %d evidence bytes, %d certs; want %s, %d certs", kind, len(ev), len(certs), tc.kind, tc.certs)
			}
		})
	}
}
