package sim_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/sim"
	"github.com/anonify-go/anonify/attest/snp"
	teesim "github.com/anonify-go/anonify/tee/sim"
)

var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func evidence(t testing.TB, rd [64]byte) *attest.Envelope {
	t.Helper()
	p, err := teesim.New(teesim.Options{Measurement: bytes.Repeat([]byte{0x5a}, 48)})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := p.Evidence(context.Background(), rd)
	if err != nil {
		t.Fatal(err)
	}
	env, err := attest.ParseEnvelope(raw)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func flip(b []byte, i int) []byte {
	out := bytes.Clone(b)
	if i < 0 {
		i += len(out)
	}
	out[i] ^= 0x01
	return out
}

func TestVerify(t *testing.T) {
	b := attest.Binding{ChainID: 1337, RequestKey: []byte("request key")}
	env := evidence(t, b.ReportData())
	c, err := sim.Verify(env.Evidence, env.Certs, now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind != attest.KindSim || !c.Insecure || c.Debug {
		t.Fatalf("claims %+v", c)
	}
	if err := c.CheckBinding(b); err != nil {
		t.Fatal(err)
	}
	other := b
	other.ChainID = 1
	if err := c.CheckBinding(other); !errors.Is(err, attest.ErrBinding) {
		t.Fatalf("binding to another chain: %v, want ErrBinding", err)
	}
	vcek, ask, ark, err := sim.DevChain()
	if err != nil {
		t.Fatal(err)
	}
	// The window is the intersection of the three certificates' windows.
	wantAfter := min(vcek.NotAfter.Unix(), ask.NotAfter.Unix(), ark.NotAfter.Unix())
	wantBefore := max(vcek.NotBefore.Unix(), ask.NotBefore.Unix(), ark.NotBefore.Unix())
	if c.NotAfter.Unix() != wantAfter || c.NotBefore.Unix() != wantBefore {
		t.Fatalf("validity %v..%v, want %v..%v", c.NotBefore, c.NotAfter, time.Unix(wantBefore, 0), time.Unix(wantAfter, 0))
	}
}

func TestVerifyRejects(t *testing.T) {
	env := evidence(t, [64]byte{1})
	certs := func(i int, b []byte) [][]byte {
		out := append([][]byte{}, env.Certs...)
		out[i] = b
		return out
	}
	snpSample, err := os.ReadFile("../../../shared/testdata/attestation/sev-snp/attestation.bin")
	if err != nil {
		t.Fatalf("test data missing: %v", err)
	}
	vcekSample, err := os.ReadFile("../../../shared/testdata/attestation/sev-snp/vcek.der")
	if err != nil {
		t.Fatalf("test data missing: %v", err)
	}
	for _, tc := range []struct {
		name   string
		report []byte
		certs  [][]byte
		at     time.Time
		is     error
		prefix string
	}{
		{"flipped measurement byte", flip(env.Evidence, 0x90), env.Certs, now, attest.ErrSignature,
			"sim-insecure: attest: bad signature: snp: report signature does not verify with the VCEK"},
		{"flipped signature byte", flip(env.Evidence, 0x2A0), env.Certs, now, attest.ErrSignature,
			"sim-insecure: attest: bad signature: snp: report signature does not verify with the VCEK"},
		{"flipped VCEK signature byte", env.Evidence, certs(0, flip(env.Certs[0], -1)), now, attest.ErrChain,
			"sim-insecure: attest: certificate chain does not lead to the pinned root: snp: VCEK does not chain to the pinned Milan ASK/ARK"},
		{"truncated report", env.Evidence[:1000], env.Certs, now, attest.ErrFormat,
			"sim-insecure: attest: malformed evidence: snp: report is 1000 bytes, want 1184"},
		{"no certificates", env.Evidence, nil, now, attest.ErrCollateral,
			"sim-insecure: attest: bad or missing collateral: snp: no VCEK certificate"},
		{"after the VCEK expires", env.Evidence, env.Certs, time.Date(2051, 1, 1, 0, 0, 0, 0, time.UTC), attest.ErrExpired,
			"sim-insecure: attest: outside the validity window: snp: VCEK valid 0001-01-01T00:00:00Z to 2049-12-30T00:00:00Z, verification time 2051-01-01T00:00:00Z"},
		{"before the ARK is valid", env.Evidence, env.Certs, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), attest.ErrExpired,
			"sim-insecure: attest: outside the validity window: snp: ASK valid 2025-01-01T00:00:00Z"},
		{"real AMD report, unknown root", snpSample, [][]byte{vcekSample}, now, attest.ErrChain,
			"sim-insecure: attest: certificate chain does not lead to the pinned root: snp: VCEK does not chain to the pinned Milan ASK/ARK"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sim.Verify(tc.report, tc.certs, tc.at)
			if !errors.Is(err, tc.is) || !strings.HasPrefix(err.Error(), tc.prefix) {
				t.Fatalf("Verify: %v\nwant %v with prefix %q", err, tc.is, tc.prefix)
			}
		})
	}
}

// BenchmarkVerifyParsed measures authenticity checks on a parsed report
// and certificates with the development root loaded once.
func BenchmarkVerifyParsed(b *testing.B) {
	env := evidence(b, [64]byte{})
	v, err := sim.NewVerifier()
	if err != nil {
		b.Fatal(err)
	}
	r, err := snp.ParseReport(env.Evidence)
	if err != nil {
		b.Fatal(err)
	}
	ev, err := snp.ParseEvidenceCerts(env.Certs)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := v.VerifyParsed(r, ev, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify includes parsing the report and the three certificates.
func BenchmarkVerify(b *testing.B) {
	env := evidence(b, [64]byte{})
	v, err := sim.NewVerifier()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := v.Verify(env.Evidence, env.Certs, now); err != nil {
			b.Fatal(err)
		}
	}
}
