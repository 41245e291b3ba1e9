package gramine

import (
	"bytes"
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/anonify-go/anonify/attest"
)

// fakeGramine imitates Gramine's /dev/attestation on a real directory: the
// files live on disk and go through osFiles, and writing user_report_data
// has Gramine's side effect of producing a quote for those bytes.
type fakeGramine struct {
	osFiles
	// makeQuote builds the quote for the report data just written; nil
	// leaves the previous quote in place (a stale quote).
	makeQuote func(reportData []byte) []byte
}

func (f fakeGramine) writeFile(name string, data []byte) error {
	if err := f.osFiles.writeFile(name, data); err != nil {
		return err
	}
	if name == fileUserReportData && f.makeQuote != nil {
		return os.WriteFile(filepath.Join(f.root, fileQuote), f.makeQuote(data), 0o600)
	}
	return nil
}

// sgxQuote builds a quote-shaped blob: a DCAP header, an SGX report body
// whose report data is rd, and an empty signature section. Signatures are
// attest/dcap's concern; the producer only checks the layout.
func sgxQuote(version uint16, teeType uint32, rd []byte) []byte {
	q := make([]byte, quoteHeaderLen)
	binary.LittleEndian.PutUint16(q[0:], version)
	binary.LittleEndian.PutUint16(q[2:], attestKeyTypeECDSA)
	binary.LittleEndian.PutUint32(q[4:], teeType)
	if version == 5 {
		q = binary.LittleEndian.AppendUint16(q, v5BodyTypeSGX)
		q = binary.LittleEndian.AppendUint32(q, sgxReportBodyLen)
	}
	body := make([]byte, sgxReportBodyLen)
	for i := range body {
		body[i] = 0xb0 // distinguishable from report data
	}
	copy(body[sgxReportDataOff:], rd)
	q = append(q, body...)
	return binary.LittleEndian.AppendUint32(q, 0)
}

// gramineDir lays out a fake /dev/attestation and returns its root.
func gramineDir(t *testing.T, attestationType string, key []byte) string {
	t.Helper()
	root := t.TempDir()
	files := map[string][]byte{
		fileAttestationType: []byte(attestationType),
		fileUserReportData:  make([]byte, 64),
		fileQuote:           nil,
	}
	if key != nil {
		files[fileMREnclaveKey] = key
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func newFake(t *testing.T, root string, makeQuote func([]byte) []byte) *Platform {
	t.Helper()
	p, err := newPlatform(root, fakeGramine{osFiles: osFiles{root: root}, makeQuote: makeQuote})
	if err != nil {
		t.Fatalf("newPlatform: %v", err)
	}
	return p
}

func reportData(seed byte) [64]byte {
	var rd [64]byte
	for i := range rd {
		rd[i] = seed + byte(i)
	}
	return rd
}

func TestEvidence(t *testing.T) {
	for _, version := range []uint16{3, 4, 5} {
		t.Run(fmt.Sprintf("v%d", version), func(t *testing.T) {
			root := gramineDir(t, "dcap\n", nil)
			p := newFake(t, root, func(rd []byte) []byte { return sgxQuote(version, teeTypeSGX, rd) })
			rd := reportData(7)
			raw, err := p.Evidence(context.Background(), rd)
			if err != nil {
				t.Fatalf("Evidence: %v", err)
			}
			env, err := attest.ParseEnvelope(raw)
			if err != nil {
				t.Fatalf("ParseEnvelope: %v", err)
			}
			if env.Kind != attest.KindSGX || len(env.Certs) != 0 {
				t.Fatalf("envelope kind %q with %d certs, want %q with none", env.Kind, len(env.Certs), attest.KindSGX)
			}
			if want := sgxQuote(version, teeTypeSGX, rd[:]); !bytes.Equal(env.Evidence, want) {
				t.Fatalf("evidence is not the quote Gramine produced")
			}
			written, _ := os.ReadFile(filepath.Join(root, fileUserReportData))
			if !bytes.Equal(written, rd[:]) {
				t.Fatalf("user_report_data = %x, want %x", written, rd)
			}
		})
	}
}

func TestEvidenceConcurrent(t *testing.T) {
	root := gramineDir(t, "dcap", nil)
	p := newFake(t, root, func(rd []byte) []byte { return sgxQuote(3, teeTypeSGX, rd) })
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			rd := reportData(byte(i * 3))
			raw, err := p.Evidence(context.Background(), rd)
			if err != nil {
				errs <- err
				return
			}
			env, _ := attest.ParseEnvelope(raw)
			if got, _ := quoteReportData(env.Evidence); !bytes.Equal(got, rd[:]) {
				errs <- fmt.Errorf("call %d got a quote for %x", i, got)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestEvidenceRejects(t *testing.T) {
	rd := reportData(1)
	tests := []struct {
		name      string
		makeQuote func([]byte) []byte
		ctx       func() context.Context
		want      string
	}{
		{"stale quote", nil, nil, "quote is stale or for another request"},
		{"quote for other data", func([]byte) []byte { r := reportData(9); return sgxQuote(3, teeTypeSGX, r[:]) }, nil, "is stale or for another request"},
		{"TDX quote", func(rd []byte) []byte { return sgxQuote(4, 0x81, rd) }, nil, "quote TEE type 0x81, want 0x0 (SGX)"},
		{"truncated quote", func(rd []byte) []byte { return sgxQuote(3, teeTypeSGX, rd)[:300] }, nil, "ends inside its 384-byte report body"},
		{"empty quote", func([]byte) []byte { return nil }, nil, "shorter than its 48-byte header"},
		{"cancelled", nil, func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, "context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := gramineDir(t, "dcap", nil)
			// The quote file initially holds a valid quote for other data, so
			// that "stale" really is a stale, well-formed quote.
			old := reportData(200)
			if err := os.WriteFile(filepath.Join(root, fileQuote), sgxQuote(3, teeTypeSGX, old[:]), 0o600); err != nil {
				t.Fatal(err)
			}
			p := newFake(t, root, tt.makeQuote)
			ctx := context.Background()
			if tt.ctx != nil {
				ctx = tt.ctx()
			}
			_, err := p.Evidence(ctx, rd)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Evidence = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T) string
		want    string
		notGram bool
	}{
		{"no pseudo-filesystem", func(t *testing.T) string { return filepath.Join(t.TempDir(), "absent") }, "attestation_type not found", true},
		{"attestation disabled", func(t *testing.T) string { return gramineDir(t, "none\n", nil) }, `is "none": remote attestation is disabled; set sgx.remote_attestation = "dcap"`, false},
		{"epid", func(t *testing.T) string { return gramineDir(t, "epid", nil) }, `is "epid": EPID attestation is not supported`, false},
		{"unknown type", func(t *testing.T) string { return gramineDir(t, "tdx", nil) }, `is "tdx", want "dcap"`, false},
		{"no quote file", func(t *testing.T) string {
			root := gramineDir(t, "dcap", nil)
			os.Remove(filepath.Join(root, fileQuote))
			return root
		}, "/quote: stat", true},
		{"no user_report_data file", func(t *testing.T) string {
			root := gramineDir(t, "dcap", nil)
			os.Remove(filepath.Join(root, fileUserReportData))
			return root
		}, "/user_report_data: stat", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{Root: tt.setup(t)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New = %v, want error containing %q", err, tt.want)
			}
			if errors.Is(err, ErrNotGramine) != tt.notGram {
				t.Fatalf("errors.Is(%v, ErrNotGramine) = %v, want %v", err, !tt.notGram, tt.notGram)
			}
		})
	}
}

func TestNewDefaultRoot(t *testing.T) {
	if _, err := os.Stat(DefaultRoot); err == nil {
		t.Skip("running under Gramine")
	}
	_, err := New(Options{})
	want := "tee/gramine: not running under Gramine SGX: /dev/attestation/attestation_type not found"
	if err == nil || err.Error() != want {
		t.Fatalf("New = %v, want %q", err, want)
	}
}

func TestSealingKey(t *testing.T) {
	raw := bytes.Repeat([]byte{0x5a}, 16)
	p := newFake(t, gramineDir(t, "dcap", raw), nil)
	k1, err := p.SealingKey()
	if err != nil {
		t.Fatalf("SealingKey: %v", err)
	}
	want, _ := hkdf.Key(sha256.New, raw, nil, sealingKeyInfo, 32)
	if !bytes.Equal(k1, want) || bytes.Contains(k1, raw) {
		t.Fatalf("SealingKey = %x, want HKDF of the Gramine key %x", k1, want)
	}
	k2, _ := p.SealingKey()
	if !bytes.Equal(k1, k2) {
		t.Fatal("SealingKey is not stable across calls")
	}
	other := newFake(t, gramineDir(t, "dcap", bytes.Repeat([]byte{0x5b}, 16)), nil)
	if k3, _ := other.SealingKey(); bytes.Equal(k1, k3) {
		t.Fatal("different enclave keys gave the same sealing key")
	}
}

func TestSealingKeyRejects(t *testing.T) {
	tests := []struct {
		name string
		key  []byte
		want string
	}{
		{"missing", nil, "does not expose its special SGX keys"},
		{"short", make([]byte, 15), "holds 15 bytes, want the 16-byte SGX sealing key"},
		{"long", make([]byte, 32), "holds 32 bytes, want the 16-byte SGX sealing key"},
		{"zero", make([]byte, 16), "is all zeros; refusing to seal under it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newFake(t, gramineDir(t, "dcap", tt.key), nil)
			_, err := p.SealingKey()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("SealingKey = %v, want error containing %q", err, tt.want)
			}
		})
	}
}
