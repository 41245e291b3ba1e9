package tsm

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-configfs-tsm/configfs/configfsi"
	"github.com/google/go-configfs-tsm/configfs/faketsm"
	"github.com/google/go-configfs-tsm/report"
	sevabi "github.com/google/go-sev-guest/abi"
	labi "github.com/google/go-sev-guest/client/linuxabi"
	sevtest "github.com/google/go-sev-guest/testing"
	"github.com/google/uuid"

	"github.com/anonify-go/anonify/attest"
)

// fakeKernel imitates configfs-tsm on top of go-configfs-tsm's fake report
// subsystem: provider is readable from creation, as in the kernel, and
// outblob is whatever the fake hardware makes of inblob.
type fakeKernel struct {
	provider string
	outblob  func(inblob []byte) []byte
	auxblob  []byte
	// reads counts outblob generations, so tests see retries.
	reads atomic.Int32
	// interfere makes the first n outblob reads look as if another process
	// wrote to the entry meanwhile.
	interfere int32
}

func (k *fakeKernel) client() configfsi.Client {
	sub := &faketsm.ReportSubsystem{
		MakeEntry: func() *faketsm.ReportEntry {
			return &faketsm.ReportEntry{
				InAttrs: map[string]*faketsm.ReportAttributeState{"inblob": {}, "privlevel": {}},
				ROAttrs: map[string][]byte{"provider": []byte(k.provider + "\n")},
			}
		},
		CheckInAttr: func(_ *faketsm.ReportEntry, attr string, contents []byte) error {
			if attr != "inblob" {
				return fmt.Errorf("unexpected write to %q", attr)
			}
			if len(contents) > 64 {
				return syscall.EINVAL
			}
			return nil
		},
		ReadAttr: func(e *faketsm.ReportEntry, attr string) ([]byte, error) {
			switch attr {
			case "provider":
				return []byte(k.provider + "\n"), nil
			case "auxblob":
				return k.auxblob, nil
			case "outblob":
				if n := k.reads.Add(1); n <= k.interfere {
					e.WriteGeneration++ // what a concurrent writer does
				}
				return k.outblob(e.InAttrs["inblob"].Value), nil
			}
			return nil, os.ErrNotExist
		},
		Random: rand.Reader,
	}
	return &faketsm.Client{Subsystems: map[string]configfsi.Client{"report": sub}}
}

// tdxQuote builds a quote-shaped TDX quote; signatures are attest/dcap's
// concern.
func tdxQuote(version uint16, bodyType uint16, rd []byte) []byte {
	q := make([]byte, quoteHeaderLen)
	binary.LittleEndian.PutUint16(q[0:], version)
	binary.LittleEndian.PutUint16(q[2:], attestKeyTypeECDSA)
	binary.LittleEndian.PutUint32(q[4:], teeTypeTDX)
	bodyLen := tdReportBody10Len
	if version == 5 {
		if bodyType == v5BodyTypeTD15 {
			bodyLen = tdReportBody15Len
		}
		q = binary.LittleEndian.AppendUint16(q, bodyType)
		q = binary.LittleEndian.AppendUint32(q, uint32(bodyLen))
	}
	body := bytes.Repeat([]byte{0xb0}, bodyLen)
	copy(body[tdReportDataOff:], rd)
	return binary.LittleEndian.AppendUint32(append(q, body...), 0)
}

func snpReport(rd []byte) []byte {
	r := bytes.Repeat([]byte{0xc0}, snpReportLen)
	binary.LittleEndian.PutUint32(r, 3)
	copy(r[snpReportDataOff:], rd)
	return r
}

func testCert(t testing.TB, cn string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn}, NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1<<32, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func certTable(entries map[string][]byte) []byte {
	var table sevabi.CertTable
	for g, der := range entries {
		table.Entries = append(table.Entries, sevabi.CertTableEntry{GUID: uuid.MustParse(g), RawCert: der})
	}
	return table.Marshal()
}

func reportData(seed byte) [64]byte {
	var rd [64]byte
	for i := range rd {
		rd[i] = seed ^ byte(i)
	}
	return rd
}

func TestNew(t *testing.T) {
	tests := []struct {
		provider string
		want     attest.Kind
		asked    attest.Kind
	}{
		{providerTDX, attest.KindTDX, ""},
		{providerTDX, attest.KindTDX, attest.KindTDX},
		{providerSNP, attest.KindSNP, ""},
		{providerSNP, attest.KindSNP, attest.KindSNP},
	}
	for _, tt := range tests {
		k := &fakeKernel{provider: tt.provider}
		p, err := New(Options{Client: k.client(), Want: tt.asked})
		if err != nil {
			t.Fatalf("New(%s, want %q): %v", tt.provider, tt.asked, err)
		}
		if p.Kind() != tt.want {
			t.Fatalf("provider %s gave kind %s, want %s", tt.provider, p.Kind(), tt.want)
		}
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name     string
		provider string
		asked    attest.Kind
		want     string
	}{
		{"unknown provider", "fake", "", `tee/tsm: configfs-tsm provider "fake" is neither "tdx_guest" (Intel TDX) nor "sev_guest" (AMD SEV-SNP)`},
		{"asked snp on tdx", providerTDX, attest.KindSNP, `tee/tsm: asked for sev-snp but configfs-tsm provider "tdx_guest" is tdx`},
		{"asked tdx on snp", providerSNP, attest.KindTDX, `tee/tsm: asked for tdx but configfs-tsm provider "sev_guest" is sev-snp`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &fakeKernel{provider: tt.provider}
			_, err := New(Options{Client: k.client(), Want: tt.asked})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("New = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestNewNoConfigfs(t *testing.T) {
	if _, err := os.Stat(configfsi.TsmPrefix + "/report"); err == nil {
		t.Skip("configfs-tsm present on this machine")
	}
	_, err := New(Options{})
	if !errors.Is(err, ErrNoTSM) || !strings.Contains(err.Error(), "/sys/kernel/config/tsm/report not found: not a TDX or SEV-SNP guest") {
		t.Fatalf("New = %v, want ErrNoTSM naming the missing directory", err)
	}
}

func TestEvidenceTDX(t *testing.T) {
	for _, c := range []struct {
		version, bodyType uint16
	}{{4, 0}, {5, v5BodyTypeTD10}, {5, v5BodyTypeTD15}} {
		t.Run(fmt.Sprintf("v%d-body%d", c.version, c.bodyType), func(t *testing.T) {
			k := &fakeKernel{provider: providerTDX, outblob: func(in []byte) []byte { return tdxQuote(c.version, c.bodyType, in) }}
			p, err := New(Options{Client: k.client()})
			if err != nil {
				t.Fatal(err)
			}
			rd := reportData(4)
			raw, err := p.Evidence(context.Background(), rd)
			if err != nil {
				t.Fatalf("Evidence: %v", err)
			}
			env, err := attest.ParseEnvelope(raw)
			if err != nil {
				t.Fatal(err)
			}
			if env.Kind != attest.KindTDX || len(env.Certs) != 0 || !bytes.Equal(env.Evidence, tdxQuote(c.version, c.bodyType, rd[:])) {
				t.Fatalf("envelope = kind %s, %d certs, evidence %d bytes; want the TDX quote alone", env.Kind, len(env.Certs), len(env.Evidence))
			}
		})
	}
}

func TestEvidenceSNP(t *testing.T) {
	vcek, ask, ark := testCert(t, "VCEK"), testCert(t, "SEV-Milan"), testCert(t, "ARK-Milan")
	vlek := testCert(t, "VLEK")
	tests := []struct {
		name  string
		aux   []byte
		certs [][]byte
	}{
		{"full chain", certTable(map[string][]byte{sevabi.ArkGUID: ark, sevabi.VcekGUID: vcek, sevabi.AskGUID: ask}), [][]byte{vcek, ask, ark}},
		{"VLEK chain", certTable(map[string][]byte{sevabi.AskGUID: ask, sevabi.VlekGUID: vlek, sevabi.ArkGUID: ark}), [][]byte{vlek, ask, ark}},
		{"VCEK only, extra entry ignored", certTable(map[string][]byte{sevabi.VcekGUID: vcek, sevabi.ExtraPlatformInfoGUID: []byte("platform info")}), [][]byte{vcek}},
		{"no auxblob", nil, nil},
		{"no VCEK: nothing, not ASK in VCEK's place", certTable(map[string][]byte{sevabi.AskGUID: ask, sevabi.ArkGUID: ark}), nil},
		{"no ASK: VCEK alone, not ARK in ASK's place", certTable(map[string][]byte{sevabi.VcekGUID: vcek, sevabi.ArkGUID: ark}), [][]byte{vcek}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &fakeKernel{provider: providerSNP, outblob: snpReport, auxblob: tt.aux}
			p, err := New(Options{Client: k.client(), Want: attest.KindSNP})
			if err != nil {
				t.Fatal(err)
			}
			rd := reportData(9)
			raw, err := p.Evidence(context.Background(), rd)
			if err != nil {
				t.Fatalf("Evidence: %v", err)
			}
			env, err := attest.ParseEnvelope(raw)
			if err != nil {
				t.Fatal(err)
			}
			if env.Kind != attest.KindSNP || !bytes.Equal(env.Evidence, snpReport(rd[:])) {
				t.Fatalf("envelope kind %s with %d-byte evidence, want the SNP report", env.Kind, len(env.Evidence))
			}
			if len(env.Certs) != len(tt.certs) {
				t.Fatalf("envelope has %d certificates, want %d", len(env.Certs), len(tt.certs))
			}
			for i := range tt.certs {
				if !bytes.Equal(env.Certs[i], tt.certs[i]) {
					t.Fatalf("certificate %d is not the expected one", i)
				}
			}
		})
	}
}

func TestEvidenceRetriesGenerationRace(t *testing.T) {
	k := &fakeKernel{provider: providerTDX, outblob: func(in []byte) []byte { return tdxQuote(4, 0, in) }, interfere: 2}
	p, err := New(Options{Client: k.client()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Evidence(context.Background(), reportData(1)); err != nil {
		t.Fatalf("Evidence after two raced attempts: %v", err)
	}
	if n := k.reads.Load(); n != 3 {
		t.Fatalf("outblob generated %d times, want 3", n)
	}

	k = &fakeKernel{provider: providerTDX, outblob: func(in []byte) []byte { return tdxQuote(4, 0, in) }, interfere: maxGenerationRetries}
	p, _ = New(Options{Client: k.client()})
	_, err = p.Evidence(context.Background(), reportData(1))
	if report.GetGenerationErr(errors.Unwrap(err)) == nil || !strings.Contains(err.Error(), "tee/tsm: tdx report:") {
		t.Fatalf("Evidence = %v, want the generation error after %d attempts", err, maxGenerationRetries)
	}
}

func TestEvidenceRejects(t *testing.T) {
	other := reportData(0xee)
	tests := []struct {
		name     string
		provider string
		outblob  func([]byte) []byte
		aux      []byte
		want     string
	}{
		{"TDX quote for other data", providerTDX, func([]byte) []byte { return tdxQuote(4, 0, other[:]) }, nil, "tee/tsm: tdx report carries report data"},
		{"SGX quote from TDX provider", providerTDX, func(in []byte) []byte {
			q := tdxQuote(4, 0, in)
			binary.LittleEndian.PutUint32(q[4:], 0)
			return q
		}, nil, "tee/tsm: tdx outblob: quote TEE type 0x0, want 0x81 (TDX)"},
		{"SNP report for other data", providerSNP, func([]byte) []byte { return snpReport(other[:]) }, nil, "tee/tsm: sev-snp report carries report data"},
		{"SNP report truncated", providerSNP, func(in []byte) []byte { return snpReport(in)[:100] }, nil, "tee/tsm: sev-snp outblob: SEV-SNP report of 100 bytes, want 1184"},
		{"SNP garbage cert", providerSNP, snpReport, certTable(map[string][]byte{sevabi.VcekGUID: []byte("not DER")}), "auxblob VCEK/VLEK (GUID 63da758d-e664-4564-adc5-f4b93be8accd) is not an X.509 certificate"},
		{"SNP bad table", providerSNP, snpReport, []byte{1, 2, 3}, "auxblob certificate table: cert table index 0 entry unmarshalling error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &fakeKernel{provider: tt.provider, outblob: tt.outblob, auxblob: tt.aux}
			p, err := New(Options{Client: k.client()})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Evidence(context.Background(), reportData(2))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Evidence = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

func TestEvidenceCancelled(t *testing.T) {
	k := &fakeKernel{provider: providerTDX, outblob: func(in []byte) []byte { return tdxQuote(4, 0, in) }}
	p, _ := New(Options{Client: k.client()})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Evidence(ctx, reportData(0)); !errors.Is(err, context.Canceled) || k.reads.Load() != 0 {
		t.Fatalf("Evidence = %v after %d reports, want context.Canceled before any report", err, k.reads.Load())
	}
}

// snpKeyRequest is the one derivation SealingKey may ask for: VCEK root,
// MEASUREMENT and POLICY mixed in.
func snpKeyRequest(vmpl uint32) string {
	return sevtest.DerivedKeyRequestToString(&labi.SnpDerivedKeyReqABI{
		RootKeySelect:    0,
		GuestFieldSelect: 1<<3 | 1<<0,
		Vmpl:             vmpl,
	})
}

func TestSealingKeySNP(t *testing.T) {
	hw := bytes.Repeat([]byte{0x42}, 32)
	k := &fakeKernel{provider: providerSNP, outblob: snpReport}
	dev := &sevtest.Device{Keys: map[string][]byte{snpKeyRequest(0): hw}}
	p, err := New(Options{Client: k.client(), SEVGuest: dev})
	if err != nil {
		t.Fatal(err)
	}
	key, err := p.SealingKey()
	if err != nil {
		t.Fatalf("SealingKey: %v", err)
	}
	want, _ := hkdf.Key(sha256.New, hw, nil, sealingKeyInfo, 32)
	if !bytes.Equal(key, want) {
		t.Fatalf("SealingKey = %x, want HKDF of the firmware key %x", key, want)
	}
	// The device is closed again: a second call must open it afresh.
	if again, err := p.SealingKey(); err != nil || !bytes.Equal(again, key) {
		t.Fatalf("second SealingKey = %x, %v; want the same key", again, err)
	}

	// A guest at VMPL 2 asks for a VMPL-2 key.
	dev = &sevtest.Device{Keys: map[string][]byte{snpKeyRequest(2): bytes.Repeat([]byte{0x43}, 32)}}
	p, _ = New(Options{Client: k.client(), SEVGuest: dev, SNPKeyVMPL: 2})
	if k2, err := p.SealingKey(); err != nil || bytes.Equal(k2, key) {
		t.Fatalf("VMPL-2 SealingKey = %x, %v; want a different key", k2, err)
	}
}

func TestSealingKeyRejects(t *testing.T) {
	tests := []struct {
		name     string
		provider string
		dev      *sevtest.Device
		path     string
		want     string
		noSeal   bool
	}{
		{"TDX", providerTDX, nil, "", "tee/tsm: no hardware sealing key for this TEE kind: Intel TDX offers none to guests; obtain the sealing key from a key-release service after attestation", true},
		{"SNP without device", providerSNP, nil, "/nonexistent/sev-guest", "tee/tsm: SEV-SNP sealing key needs /nonexistent/sev-guest", false},
		{"SNP firmware refuses", providerSNP, &sevtest.Device{Keys: map[string][]byte{"other request": nil}}, "", "tee/tsm: SEV-SNP MSG_KEY_REQ (VMPL 0)", false},
		{"SNP zero key", providerSNP, &sevtest.Device{Keys: map[string][]byte{snpKeyRequest(0): make([]byte, 32)}}, "", "tee/tsm: SEV-SNP MSG_KEY_REQ returned an all-zero key; refusing to seal under it", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Client: (&fakeKernel{provider: tt.provider}).client(), SEVGuestPath: tt.path}
			if tt.dev != nil {
				opts.SEVGuest = tt.dev
			}
			p, err := New(opts)
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.SealingKey()
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("SealingKey = %v, want error starting %q", err, tt.want)
			}
			if errors.Is(err, ErrNoSealingKey) != tt.noSeal {
				t.Fatalf("errors.Is(ErrNoSealingKey) = %v, want %v", !tt.noSeal, tt.noSeal)
			}
		})
	}
}

func TestSealingKeyConcurrent(t *testing.T) {
	dev := &sevtest.Device{Keys: map[string][]byte{snpKeyRequest(0): bytes.Repeat([]byte{7}, 32)}}
	p, err := New(Options{Client: (&fakeKernel{provider: providerSNP}).client(), SEVGuest: dev})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() { _, err := p.SealingKey(); errs <- err }()
	}
	// The fake device refuses to be opened twice, so an unserialized
	// SealingKey fails here.
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent SealingKey: %v", err)
		}
	}
}
