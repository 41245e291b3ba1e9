package sim

import (
	"bytes"
	"context"
	"crypto/sha512"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
	attestsim "github.com/anonify-go/anonify/attest/sim"
)

var testNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func measurement(b byte) []byte { return bytes.Repeat([]byte{b}, MeasurementSize) }

func TestEvidenceVerifies(t *testing.T) {
	p, err := New(Options{Measurement: measurement(0xaa)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind() != attest.KindSim {
		t.Fatalf("Kind = %q", p.Kind())
	}
	var rd [64]byte
	copy(rd[:], "report data")
	raw, err := p.Evidence(context.Background(), rd)
	if err != nil {
		t.Fatal(err)
	}
	env, err := attest.ParseEnvelope(raw)
	if err != nil {
		t.Fatal(err)
	}
	if env.Kind != attest.KindSim || len(env.Evidence) != 1184 || len(env.Certs) != 3 {
		t.Fatalf("envelope kind %q, evidence %d bytes, %d certs", env.Kind, len(env.Evidence), len(env.Certs))
	}
	c, err := attestsim.Verify(env.Evidence, env.Certs, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Insecure || c.Debug || c.Kind != attest.KindSim || c.TCBStatus != attest.TCBStatusNotApplicable {
		t.Fatalf("claims %+v", c)
	}
	if !bytes.Equal(c.Registers["MEASUREMENT"], measurement(0xaa)) || !bytes.Equal(c.ReportData, rd[:]) {
		t.Fatalf("measurement %x report data %x", c.Registers["MEASUREMENT"], c.ReportData)
	}
	if err := attest.DevPolicy(p.Measurement()).Check(c, testNow); err != nil {
		t.Fatalf("dev policy refuses own evidence: %v", err)
	}
}

func TestDefaultMeasurementIsExecutableHash(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha512.New384()
	io.Copy(h, f)
	if !bytes.Equal(p.Measurement(), h.Sum(nil)) {
		t.Fatalf("measurement %x is not SHA-384 of %s", p.Measurement(), exe)
	}
}

func TestNewRejects(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, hostSecretFile), []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"short measurement", Options{Measurement: make([]byte, 32)}, "sim-insecure: measurement is 32 bytes, want 48"},
		{"truncated host secret", Options{Measurement: measurement(1), StateDir: dir},
			"sim-insecure: host secret " + filepath.Join(dir, hostSecretFile) + " is 5 bytes, want 32; remove it to start over (sealed data will be lost)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.opts)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("New: %v, want %q", err, tc.want)
			}
		})
	}
	_, err := New(Options{Measurement: measurement(1), StateDir: filepath.Join(dir, "missing", "dir")})
	if err == nil || !strings.HasPrefix(err.Error(), "sim-insecure: creating host secret: ") {
		t.Fatalf("missing state dir: %v", err)
	}
}

func TestSealingKey(t *testing.T) {
	dir := t.TempDir()
	key := func(m []byte, dir string) []byte {
		t.Helper()
		p, err := New(Options{Measurement: m, StateDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		k, err := p.SealingKey()
		if err != nil {
			t.Fatal(err)
		}
		if len(k) != 32 {
			t.Fatalf("sealing key is %d bytes", len(k))
		}
		return k
	}
	k1 := key(measurement(1), dir)
	fi, err := os.Stat(filepath.Join(dir, hostSecretFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("host secret mode %v, want 0600", fi.Mode().Perm())
	}
	if !bytes.Equal(k1, key(measurement(1), dir)) {
		t.Fatal("same code, same host: sealing key changed across restarts")
	}
	if bytes.Equal(k1, key(measurement(2), dir)) {
		t.Fatal("other code got the same sealing key")
	}
	if bytes.Equal(k1, key(measurement(1), t.TempDir())) {
		t.Fatal("other host got the same sealing key")
	}
	if bytes.Equal(key(measurement(1), ""), key(measurement(1), "")) {
		t.Fatal("in-memory host secrets repeat")
	}
}

func TestEvidenceHonoursContext(t *testing.T) {
	p, err := New(Options{Measurement: measurement(1)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Evidence(ctx, [64]byte{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Evidence on a cancelled context: %v", err)
	}
}

func BenchmarkNew(b *testing.B) {
	m := measurement(1)
	for b.Loop() {
		if _, err := New(Options{Measurement: m}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvidence(b *testing.B) {
	p, err := New(Options{Measurement: measurement(1)})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Evidence(context.Background(), [64]byte{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestVerifierCatchesInconsistentReports signs, with the real development
// VCEK, reports that a genuine AMD-SP would never produce, and checks that
// the verifier and the dev policy reject each for its own reason.
func TestVerifierCatchesInconsistentReports(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*Platform)
		verify string // error from attest/sim
		policy string // error from DevPolicy.Check when verification passes
	}{
		{"other chip", func(p *Platform) { p.chipID = bytes.Repeat([]byte{1}, 64) }, "sim-insecure: attest: certificate chain does not lead to the pinned root: snp: report CHIP_ID 0101", ""},
		{"other TCB", func(p *Platform) { p.tcb++ }, "sim-insecure: attest: certificate chain does not lead to the pinned root: snp: report REPORTED_TCB", ""},
		{"debug guest policy", func(p *Platform) { p.guestPolicy |= 1 << 19 }, "", "attest: evidence violates the policy: sim-insecure TEE is in debug mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(Options{Measurement: measurement(3)})
			if err != nil {
				t.Fatal(err)
			}
			tc.edit(p)
			raw, err := p.Evidence(context.Background(), [64]byte{})
			if err != nil {
				t.Fatal(err)
			}
			env, err := attest.ParseEnvelope(raw)
			if err != nil {
				t.Fatal(err)
			}
			c, err := attestsim.Verify(env.Evidence, env.Certs, testNow)
			if tc.verify != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.verify) || !errors.Is(err, attest.ErrChain) {
					t.Fatalf("Verify: %v\nwant prefix %s", err, tc.verify)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := attest.DevPolicy(p.Measurement()).Check(c, testNow); err == nil || err.Error() != tc.policy {
				t.Fatalf("Check: %v\nwant %s", err, tc.policy)
			}
		})
	}
}
