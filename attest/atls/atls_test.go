package atls

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
)

// testKind marks the evidence of testPlatform; no verifier outside this
// file knows it.
const testKind attest.Kind = "atls-test"

// testPlatform is an EvidenceSource for these tests only, named by its Kind
// as a tee.Platform is: its evidence is the report data followed by an
// ECDSA signature over it, made with a key that stands in for the hardware
// root of trust.
type testPlatform struct{ root *ecdsa.PrivateKey }

func newTestPlatform(t testing.TB) *testPlatform {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &testPlatform{root: k}
}

func (p *testPlatform) Kind() attest.Kind { return testKind }

func (p *testPlatform) Evidence(_ context.Context, rd [64]byte) ([]byte, error) {
	digest := sha256.Sum256(rd[:])
	sig, err := ecdsa.SignASN1(rand.Reader, p.root, digest[:])
	if err != nil {
		return nil, err
	}
	return attest.Envelope{Kind: testKind, Evidence: append(rd[:], sig...)}.Marshal()
}

var errBadSignature = errors.New("test evidence signature invalid")

// verifier accepts exactly the evidence p signs.
func (p *testPlatform) verifier() func([]byte) (*attest.Claims, error) {
	return func(raw []byte) (*attest.Claims, error) {
		env, err := attest.ParseEnvelope(raw)
		if err != nil {
			return nil, err
		}
		if env.Kind != testKind || len(env.Evidence) < 64 {
			return nil, fmt.Errorf("%w: not test evidence", attest.ErrFormat)
		}
		rd, sig := env.Evidence[:64], env.Evidence[64:]
		digest := sha256.Sum256(rd)
		if !ecdsa.VerifyASN1(&p.root.PublicKey, digest[:], sig) {
			return nil, errBadSignature
		}
		return &attest.Claims{Kind: testKind, ReportData: bytes.Clone(rd), Registers: map[string][]byte{"MEASUREMENT": []byte("good")}}, nil
	}
}

var errNotAllowed = errors.New("measurement not allowed")

func allowAll(*attest.Claims) error { return nil }

func denyAll(*attest.Claims) error { return errNotAllowed }

var bind = bytes.Repeat([]byte{0xb1}, 64)

func options(p *testPlatform) ClientOptions {
	return ClientOptions{Verify: p.verifier(), Check: allowAll, Bind: ExpectBind(bind)}
}

// serve runs one TLS server connection on loopback and reports what the
// server read before the connection ended.
func serve(t *testing.T, cert tls.Certificate) (addr string, received <-chan string) {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", ServerConfig(cert))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			out <- "accept: " + err.Error()
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			out <- line // whatever arrived before the failure: must be nothing
			return
		}
		io.WriteString(conn, "pong\n")
		out <- line
	}()
	return ln.Addr().String(), out
}

func dial(addr string, opts ClientOptions) (string, error) {
	cfg, err := ClientConfig(opts)
	if err != nil {
		return "", err
	}
	d := &net.Dialer{Timeout: 10 * time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", addr, cfg)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "ping\n"); err != nil {
		return "", err
	}
	return bufio.NewReader(conn).ReadString('\n')
}

func TestHandshake(t *testing.T) {
	p := newTestPlatform(t)
	cert, err := NewCertificate(context.Background(), p, bind, time.Hour)
	if err != nil {
		t.Fatalf("NewCertificate: %v", err)
	}
	addr, received := serve(t, cert)
	reply, err := dial(addr, options(p))
	if err != nil {
		t.Fatalf("attested handshake failed: %v", err)
	}
	if reply != "pong\n" || <-received != "ping\n" {
		t.Fatalf("exchange after handshake: got %q", reply)
	}

	peer, err := VerifyCertificate(cert.Leaf, options(p))
	if err != nil {
		t.Fatal(err)
	}
	spki, _ := x509.MarshalPKIXPublicKey(cert.PrivateKey.(*ecdsa.PrivateKey).Public())
	if want := ReportData(spki, bind); !bytes.Equal(peer.Claims.ReportData, want[:]) || !bytes.Equal(peer.Bind, bind) {
		t.Fatalf("peer = %+v, want report data %x and the node's bind", peer, want)
	}
	for _, e := range cert.Leaf.Extensions {
		if e.Id.Equal(EvidenceOID()) && e.Critical {
			t.Fatal("evidence extension is critical; it must not break clients that ignore it")
		}
	}
}

// rebuild issues a certificate for a fresh key but with the given
// extensions, as an attacker holding someone else's extension would.
func rebuild(t *testing.T, exts []pkix.Extension, notBefore, notAfter time.Time) tls.Certificate {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := selfSigned(k, exts, notBefore, notAfter)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func evidenceExt(t *testing.T, cert tls.Certificate) pkix.Extension {
	t.Helper()
	for _, e := range cert.Leaf.Extensions {
		if e.Id.Equal(EvidenceOID()) {
			return e
		}
	}
	t.Fatal("no evidence extension")
	return pkix.Extension{}
}

// TestHandshakeRefusals checks that every kind of bad peer makes the
// handshake fail on the client with the precise error, and that the server
// never receives a byte of application data.
func TestHandshakeRefusals(t *testing.T) {
	p := newTestPlatform(t)
	other := newTestPlatform(t) // a platform the client does not trust
	good, err := NewCertificate(context.Background(), p, bind, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	goodExt := evidenceExt(t, good)
	now := time.Now()

	// The platform signs report data for key A; the certificate holds key B.
	stolen := rebuild(t, []pkix.Extension{goodExt}, now.Add(-time.Minute), now.Add(time.Hour))

	// The evidence's signature is flipped inside the extension.
	var ak attestedKey
	if _, err := asn1.Unmarshal(goodExt.Value, &ak); err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(ak.Evidence)
	flipped[len(flipped)-2] ^= 1
	tamperedEvidence, _ := evidenceExtension(flipped, bind)
	tamperedEv := rebuild(t, []pkix.Extension{tamperedEvidence}, now.Add(-time.Minute), now.Add(time.Hour))

	// The bind value is swapped after the evidence was made.
	otherBind := bytes.Repeat([]byte{0xb2}, 64)
	swapped, _ := evidenceExtension(ak.Evidence, otherBind)
	// Keep the original key so that only the bind differs.
	swappedCert, err := selfSigned(good.PrivateKey.(*ecdsa.PrivateKey), []pkix.Extension{swapped}, now.Add(-time.Minute), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	garbled := pkix.Extension{Id: EvidenceOID(), Value: []byte{0x30, 0x03, 0x04, 0x01}}
	fromOther, err := NewCertificate(context.Background(), other, bind, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	expired, err := newCertificate(context.Background(), p, bind, now.Add(-2*time.Hour), now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	forOtherNode, err := NewCertificate(context.Background(), p, otherBind, time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		cert  tls.Certificate
		check func(*attest.Claims) error
		want  []error
	}{
		{"missing extension", rebuild(t, nil, now.Add(-time.Minute), now.Add(time.Hour)), nil, []error{ErrNoEvidence}},
		{"malformed extension", rebuild(t, []pkix.Extension{garbled}, now.Add(-time.Minute), now.Add(time.Hour)), nil, []error{ErrExtension}},
		{"tampered evidence", tamperedEv, nil, []error{ErrEvidenceRejected, errBadSignature}},
		{"untrusted platform", fromOther, nil, []error{ErrEvidenceRejected, errBadSignature}},
		{"evidence made for another key", stolen, nil, []error{ErrKeyNotBound}},
		{"bind swapped in the extension", swappedCert, nil, []error{ErrKeyNotBound}},
		{"policy refuses", good, denyAll, []error{ErrPolicyRejected, errNotAllowed}},
		{"another node's binding", forOtherNode, nil, []error{ErrBindRejected}},
		{"expired certificate", expired, nil, []error{ErrCertificate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, received := serve(t, tt.cert)
			opts := options(p)
			if tt.check != nil {
				opts.Check = tt.check
			}
			_, err := dial(addr, opts)
			if err == nil {
				t.Fatal("handshake succeeded with a bad peer")
			}
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Fatalf("client error %q does not wrap %q", err, want)
				}
			}
			t.Logf("client refused: %v", err)
			if got := <-received; got != "" {
				t.Fatalf("server received %q from a client that refused it", got)
			}
		})
	}
}

func TestVerifyCertificateErrors(t *testing.T) {
	p := newTestPlatform(t)
	cert, err := NewCertificate(context.Background(), p, bind, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	noClaims := options(p)
	noClaims.Verify = func([]byte) (*attest.Claims, error) { return nil, nil }
	late := options(p)
	late.Now = func() time.Time { return cert.Leaf.NotAfter.Add(time.Second) }
	early := options(p)
	early.Now = func() time.Time { return cert.Leaf.NotBefore.Add(-time.Second) }
	tests := []struct {
		name string
		opts ClientOptions
		want string
	}{
		{"no verifier", ClientOptions{Check: allowAll, Bind: ExpectBind(bind)}, "atls: ClientOptions.Verify is required"},
		{"no check", ClientOptions{Verify: p.verifier(), Bind: ExpectBind(bind)}, "atls: ClientOptions.Check is required"},
		{"no bind", ClientOptions{Verify: p.verifier(), Check: allowAll}, "atls: ClientOptions.Bind is required"},
		{"verifier without claims", noClaims, "atls: peer evidence rejected by the verifier: verifier returned no claims"},
		{"after NotAfter", late, "atls: peer certificate unusable: valid "},
		{"before NotBefore", early, "atls: peer certificate unusable: valid "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := VerifyCertificate(cert.Leaf, tt.opts)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("VerifyCertificate = %v, want error starting %q", err, tt.want)
			}
		})
	}
	if _, err := ClientConfig(ClientOptions{}); err == nil || err.Error() != "atls: ClientOptions.Verify is required" {
		t.Fatalf("ClientConfig without options = %v", err)
	}
}

func TestVerifyCertificateCriticalExtension(t *testing.T) {
	p := newTestPlatform(t)
	good, _ := NewCertificate(context.Background(), p, bind, time.Hour)
	crit := pkix.Extension{Id: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 32473, 9}, Critical: true, Value: []byte{0x05, 0x00}}
	cert := rebuild(t, []pkix.Extension{evidenceExt(t, good), crit}, time.Now().Add(-time.Minute), time.Now().Add(time.Hour))
	_, err := VerifyCertificate(cert.Leaf, options(p))
	if !errors.Is(err, ErrCertificate) || !strings.Contains(err.Error(), "unknown critical extension 1.3.6.1.4.1.32473.9") {
		t.Fatalf("VerifyCertificate = %v, want the unknown critical extension refused", err)
	}
}

type failingPlatform struct{ *testPlatform }

func (failingPlatform) Evidence(context.Context, [64]byte) ([]byte, error) {
	return nil, errors.New("device gone")
}

// failingSource is a bare EvidenceSource: it has no kind to name.
type failingSource struct{}

func (failingSource) Evidence(context.Context, [64]byte) ([]byte, error) {
	return nil, errors.New("device gone")
}

func TestNewCertificateErrors(t *testing.T) {
	p := newTestPlatform(t)
	tests := []struct {
		name     string
		src      EvidenceSource
		bind     []byte
		validFor time.Duration
		want     string
	}{
		{"empty bind", p, nil, time.Hour, "atls: bind of 0 bytes, want 1 to 1024"},
		{"huge bind", p, make([]byte, maxBind+1), time.Hour, "atls: bind of 1025 bytes, want 1 to 1024"},
		{"zero validity", p, bind, 0, "atls: validity 0s outside (0, 9552h0m0s]"},
		{"excessive validity", p, bind, 400 * 24 * time.Hour, "atls: validity 9600h0m0s outside (0, 9552h0m0s]"},
		{"platform fails", failingPlatform{p}, bind, time.Hour, "atls: evidence from the atls-test platform: device gone"},
		{"source fails", failingSource{}, bind, time.Hour, "atls: evidence: device gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCertificate(context.Background(), tt.src, tt.bind, tt.validFor)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("NewCertificate = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseExtension(t *testing.T) {
	good, _ := asn1.Marshal(attestedKey{Evidence: []byte("ev"), Bind: []byte("b")})
	enc := func(v any) []byte { b, _ := asn1.Marshal(v); return b }
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "atls: malformed evidence extension: not a DER SEQUENCE"},
		{"trailing", append(bytes.Clone(good), 0), "atls: malformed evidence extension: 1 trailing bytes"},
		{"extra element", enc(struct{ Evidence, Bind, Extra []byte }{[]byte("ev"), []byte("b"), []byte("x")}), "atls: malformed evidence extension: 3 bytes after bind inside the SEQUENCE"},
		{"non-minimal length", []byte{0x30, 0x81, 0x07, 0x04, 0x02, 'e', 'v', 0x04, 0x01, 'b'}, "atls: malformed evidence extension: not a DER SEQUENCE"},
		{"constructed evidence", []byte{0x30, 0x09, 0x24, 0x04, 0x04, 0x02, 'e', 'v', 0x04, 0x01, 'b'}, "atls: malformed evidence extension: evidence is not a DER OCTET STRING"},
		{"empty evidence", enc(attestedKey{Evidence: []byte{}, Bind: []byte("b")}), "atls: malformed evidence extension: evidence of 0 bytes, want 1 to 1048576"},
		{"empty bind", enc(attestedKey{Evidence: []byte("ev"), Bind: []byte{}}), "atls: malformed evidence extension: bind of 0 bytes, want 1 to 1024"},
		{"huge bind", enc(attestedKey{Evidence: []byte("ev"), Bind: make([]byte, maxBind+1)}), "atls: malformed evidence extension: bind of 1025 bytes, want 1 to 1024"},
		{"one field", enc(struct{ Evidence []byte }{[]byte("ev")}), "atls: malformed evidence extension: bind is not a DER OCTET STRING"},
		{"wrong type", enc(struct{ A, B int }{1, 2}), "atls: malformed evidence extension: evidence is not a DER OCTET STRING"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseExtension(tt.in)
			if err == nil || err.Error() != tt.want || !errors.Is(err, ErrExtension) {
				t.Fatalf("parseExtension = %v, want ErrExtension %q", err, tt.want)
			}
		})
	}
	ak, err := parseExtension(good)
	if err != nil || string(ak.Evidence) != "ev" || string(ak.Bind) != "b" {
		t.Fatalf("parseExtension(good) = %+v, %v", ak, err)
	}
}

func TestReportDataSeparatesKeyAndBind(t *testing.T) {
	// Moving a byte from the key to the bind must change the result: the key
	// is hashed to a fixed length before bind is appended.
	a := ReportData([]byte("key1"), []byte("bind"))
	b := ReportData([]byte("key"), []byte("1bind"))
	if a == b {
		t.Fatal("report data does not separate key and bind")
	}
}

func FuzzParseExtension(f *testing.F) {
	good, _ := asn1.Marshal(attestedKey{Evidence: []byte("evidence"), Bind: bind})
	f.Add(good)
	f.Add([]byte{0x30, 0x00})
	f.Fuzz(func(t *testing.T, value []byte) {
		ak, err := parseExtension(value)
		if err != nil {
			return
		}
		// What parses must re-encode to the same bytes (DER: one encoding).
		again, err := asn1.Marshal(*ak)
		if err != nil || !bytes.Equal(again, value) {
			t.Fatalf("accepted %x, which re-encodes to %x", value, again)
		}
	})
}
