package nitro_test

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/nitro"
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

// The documents' own timestamps: their leaf certificates live three hours.
var (
	now      = time.UnixMilli(1725719859545).UTC() // 2024-09-07T14:37:39.545Z
	debugNow = time.UnixMilli(1725719886508).UTC() // 2024-09-07T14:38:06.508Z
)

const (
	pcr0 = "e72a46ca80a260fb044a125442f0c7e331813bcbaf9724d9f3857758992766f2d65710a27aa94ae3949dd54e7c9fe86a"
	pcr1 = "0343b056cd8485ca7890ddd833476d78460aed2aa161548e4e26bedf321726696257d623e8805f3f605946b3d8b0c6aa"
	pcr2 = "d5dcbdea0aa39c802f9d55ced2ea6e4d74ecec5f08fe40c508882639c9090642669106a062a3e24ee2805a3024b9b75c"
	pcr4 = "45706d7b621e4620a332e147a5ddb000b049f73d47d3e61f6b03d2069152d4df6a4a786ad1c10102b955799a9dc96b44"
)

var zero48 = strings.Repeat("00", 48)

func TestPinnedRootFile(t *testing.T) {
	root, err := nitro.AWSRoot()
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(read(t, "nitro/AWS_NitroEnclaves_Root-G1.pem"))
	if blk == nil || !bytes.Equal(blk.Bytes, root.Raw) {
		t.Fatal("embedded AWS root differs from the test data's copy")
	}
}

func TestVerifySamples(t *testing.T) {
	for _, tc := range []struct {
		file     string
		at       time.Time
		pcrs     map[int]string
		debug    bool
		moduleID string
		nb, na   time.Time
	}{
		{"nitro/nitro_attestation.cbor", now, map[int]string{0: pcr0, 1: pcr1, 2: pcr2, 3: zero48, 4: pcr4, 5: zero48, 15: zero48}, false,
			"i-0a22e5c5f24d22174-enc0191cceb4289903f",
			time.Date(2024, 9, 7, 14, 37, 36, 0, time.UTC), time.Date(2024, 9, 7, 17, 37, 39, 0, time.UTC)},
		{"nitro/nitro_attestation_debug.cbor", debugNow, map[int]string{0: zero48, 1: zero48, 2: zero48, 4: pcr4}, true,
			"i-0a22e5c5f24d22174-enc0191ccebaf8feaba",
			time.Date(2024, 9, 7, 14, 38, 3, 0, time.UTC), time.Date(2024, 9, 7, 17, 38, 6, 0, time.UTC)},
	} {
		t.Run(tc.file, func(t *testing.T) {
			raw := read(t, tc.file)
			d, err := nitro.ParseDocument(raw)
			if err != nil {
				t.Fatal(err)
			}
			if d.ModuleID != tc.moduleID || !d.Timestamp.Equal(tc.at) {
				t.Errorf("module %s timestamp %v", d.ModuleID, d.Timestamp)
			}
			ones := bytes.Repeat([]byte{1}, 1024)
			if !bytes.Equal(d.Nonce, ones) || !bytes.Equal(d.PublicKey, ones) {
				t.Error("nonce or public_key is not 1024 × 0x01")
			}
			c, err := nitro.Verify(raw, nitro.Options{Now: tc.at})
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tc.pcrs {
				if got := hex.EncodeToString(c.Registers["PCR"+strconv.Itoa(i)]); got != want {
					t.Errorf("PCR%d = %s, want %s", i, got, want)
				}
			}
			if len(c.Registers) != 16 {
				t.Errorf("%d registers, want 16", len(c.Registers))
			}
			if !bytes.Equal(c.ReportData, ones) {
				t.Error("report data is not user_data")
			}
			if c.Kind != attest.KindNitro || c.Debug != tc.debug || c.Insecure || c.TCBStatus != attest.TCBStatusNotApplicable {
				t.Errorf("kind %s debug %v insecure %v status %s", c.Kind, c.Debug, c.Insecure, c.TCBStatus)
			}
			if !c.NotBefore.Equal(tc.nb) || !c.NotAfter.Equal(tc.na) {
				t.Errorf("validity %v..%v, want %v..%v", c.NotBefore, c.NotAfter, tc.nb, tc.na)
			}
		})
	}
}

func pcr0Policy(debug bool) *attest.Policy {
	return &attest.Policy{Version: attest.PolicyVersion, Network: attest.NetworkDev, Kinds: []attest.KindPolicy{{
		Kind: attest.KindNitro, AllowDebug: debug,
		Measurements: []attest.Measurement{{Registers: map[string]attest.HexBytes{"PCR0": must(hex.DecodeString(pcr0))}}},
	}}}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestPolicyOnSamples(t *testing.T) {
	good, err := nitro.Verify(read(t, "nitro/nitro_attestation.cbor"), nitro.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	debug, err := nitro.Verify(read(t, "nitro/nitro_attestation_debug.cbor"), nitro.Options{Now: debugNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    *attest.Policy
		c    *attest.Claims
		at   time.Time
		want string
	}{
		{"production document under PCR0 policy", pcr0Policy(false), good, now, ""},
		{"debug document under PCR0 policy", pcr0Policy(false), debug, debugNow, "attest: evidence violates the policy: nitro TEE is in debug mode"},
		{"debug document even where debug is allowed", pcr0Policy(true), debug, debugNow,
			"attest: evidence violates the policy: nitro measurement not allowed (alternative 0: PCR0 is " + zero48 + ", want " + pcr0 + ")"},
		{"production document after its leaf expired", pcr0Policy(false), good, now.Add(4 * time.Hour),
			"attest: evidence violates the policy: attest: outside the validity window: evidence valid 2024-09-07T14:37:36Z to 2024-09-07T17:37:39Z, now 2024-09-07T18:37:39Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Check(tc.c, tc.at)
			if (tc.want == "" && err != nil) || (tc.want != "" && (err == nil || err.Error() != tc.want)) {
				t.Fatalf("Check: %v\nwant %q", err, tc.want)
			}
		})
	}
	if err := good.CheckBinding(attest.Binding{ChainID: 1}); !errors.Is(err, attest.ErrBinding) {
		t.Fatalf("CheckBinding: %v, want ErrBinding", err)
	}
}

func flipAt(b []byte, i int) []byte {
	out := bytes.Clone(b)
	out[i] ^= 0x01
	return out
}

func TestVerifyRejects(t *testing.T) {
	raw := read(t, "nitro/nitro_attestation.cbor")
	d, err := nitro.ParseDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	pcrAt := bytes.Index(raw, must(hex.DecodeString(pcr0)))
	leafAt := bytes.Index(raw, d.Certificate.Raw)
	interAt := bytes.Index(raw, d.CABundle[1].Raw)
	if pcrAt < 0 || leafAt < 0 || interAt < 0 {
		t.Fatal("sample layout not as expected")
	}
	blk, _ := pem.Decode(read(t, "Intel_SGX_RootCA.pem"))
	otherRoot, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	tagged := append([]byte{0xd2}, raw...)
	for _, tc := range []struct {
		name string
		raw  []byte
		opts nitro.Options
		is   error
		want string
	}{
		{"tagged COSE_Sign1 accepted", tagged, nitro.Options{Now: now}, nil, ""},
		{"flipped payload byte (PCR0)", flipAt(raw, pcrAt), nitro.Options{Now: now}, attest.ErrSignature,
			"attest: bad signature: nitro: COSE_Sign1 signature does not verify with the leaf key: verification error"},
		{"flipped signature byte", flipAt(raw, len(raw)-1), nitro.Options{Now: now}, attest.ErrSignature,
			"attest: bad signature: nitro: COSE_Sign1 signature does not verify with the leaf key: verification error"},
		{"flipped leaf certificate byte", flipAt(raw, leafAt+len(d.Certificate.Raw)-1), nitro.Options{Now: now}, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: nitro: leaf certificate is not signed by cabundle[3]"},
		{"flipped intermediate certificate byte", flipAt(raw, interAt+len(d.CABundle[1].Raw)-1), nitro.Options{Now: now}, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: nitro: cabundle[1] is not signed by AWS root"},
		{"after the leaf expires", raw, nitro.Options{Now: now.Add(3 * time.Hour)}, attest.ErrExpired,
			"attest: outside the validity window: nitro: leaf certificate valid 2024-09-07T14:37:36Z to 2024-09-07T17:37:39Z, verification time 2024-09-07T17:37:39Z"},
		{"before the leaf is valid", raw, nitro.Options{Now: now.Add(-time.Minute)}, attest.ErrExpired,
			"attest: outside the validity window: nitro: leaf certificate valid 2024-09-07T14:37:36Z to 2024-09-07T17:37:39Z, verification time 2024-09-07T14:36:39Z"},
		{"unknown root", raw, nitro.Options{Now: now, Root: otherRoot}, attest.ErrChain,
			"attest: certificate chain does not lead to the pinned root: nitro: cabundle root \"aws.nitro-enclaves\" is not the pinned AWS Nitro root"},
		{"trailing byte", append(bytes.Clone(raw), 0), nitro.Options{Now: now}, attest.ErrFormat, "attest: malformed evidence: nitro: COSE_Sign1: "},
		{"truncated", raw[:len(raw)-10], nitro.Options{Now: now}, attest.ErrFormat, "attest: malformed evidence: nitro: COSE_Sign1: "},
		{"not COSE", []byte{0xa0}, nitro.Options{Now: now}, attest.ErrFormat, "attest: malformed evidence: nitro: COSE_Sign1: cbor: invalid COSE_Sign1 object"},
		{"zero time", raw, nitro.Options{}, nil, "nitro: Options.Now is zero; pass the verification time explicitly"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := nitro.Verify(tc.raw, tc.opts)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Fatalf("Verify: %v\nwant %v: %s", err, tc.is, tc.want)
			}
		})
	}
}

func FuzzParseDocument(f *testing.F) {
	f.Add(read(f, "nitro/nitro_attestation.cbor"))
	f.Add(read(f, "nitro/nitro_attestation_debug.cbor"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := nitro.ParseDocument(b)
		if err != nil {
			if !errors.Is(err, attest.ErrFormat) {
				t.Fatalf("parse error not ErrFormat: %v", err)
			}
			return
		}
		if len(d.PCRs) != 16 || d.Certificate == nil || len(d.CABundle) == 0 {
			t.Fatal("parsed document lacks PCRs or certificates")
		}
	})
}

// BenchmarkVerify measures authenticity checks on a parsed document with
// the pinned root loaded once.
func BenchmarkVerify(b *testing.B) {
	d, err := nitro.ParseDocument(read(b, "nitro/nitro_attestation.cbor"))
	if err != nil {
		b.Fatal(err)
	}
	v, err := nitro.NewVerifier(nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := v.Verify(d, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDocument(b *testing.B) {
	raw := read(b, "nitro/nitro_attestation.cbor")
	for b.Loop() {
		if _, err := nitro.ParseDocument(raw); err != nil {
			b.Fatal(err)
		}
	}
}
