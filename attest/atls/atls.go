// Package atls is attested TLS: a TLS server certificate that carries TEE
// evidence bound to the certificate's own key, and a client configuration
// that refuses the handshake, before any application data is sent, unless
// that evidence verifies, satisfies the relying party's policy and binds
// both the key and what the caller expects (the enclave's identity and
// network).
//
// The certificate is self-signed with a fresh ECDSA P-256 key; no CA is
// involved, because trust comes from the evidence. It carries one
// non-critical extension, EvidenceOID, whose value is the DER encoding of
//
//	AnonifyAttestedKey ::= SEQUENCE {
//	    evidence  OCTET STRING,  -- an attest.Envelope
//	    bind      OCTET STRING   -- what else the report data commits to
//	}
//
// and the evidence's report data is
//
//	SHA-512("anonify-atls-v1" || SHA-256(SubjectPublicKeyInfo) || bind)
//
// (every field before bind has a fixed length, so the encoding is
// unambiguous). An Anonify node passes attest.Binding.ReportData() of its
// enclave as bind, which ties together the TLS key, the enclave's identity
// and request keys, and the network.
//
// Trust: NewCertificate runs inside the enclave (it asks the platform for
// evidence and holds the private key); the client side runs on the relying
// party's machine and trusts nothing the peer sends until it has verified it.
package atls

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/anonify-go/anonify/attest"
)

// EvidenceOID identifies the evidence extension: 1.3.6.1.4.1.32473.4242.1.1.
//
// The arc 1.3.6.1.4.1.32473 is IANA's enterprise number reserved for
// documentation (RFC 5612); it is used because the project has no
// enterprise number of its own yet and must not squat on somebody else's.
// The better-suited UUID arc (2.25, X.667) cannot be used: Go's crypto/x509
// rejects extension OIDs whose arcs exceed 63 bits. Before the wire format
// is frozen, the project should register a number with IANA and change this
// one function.
func EvidenceOID() asn1.ObjectIdentifier {
	return asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 32473, 4242, 1, 1}
}

const reportDataLabel = "anonify-atls-v1"

// Size limits on what the extension may carry, checked on both sides.
const (
	maxBind      = 1 << 10
	maxEvidence  = 1 << 20
	maxValidity  = 398 * 24 * time.Hour // the CA/Browser Forum ceiling, as a sanity bound
	clockSkewPad = 5 * time.Minute
)

var (
	// ErrCertificate means the peer's certificate is absent, outside its
	// validity period, or carries critical extensions this package does not
	// understand.
	ErrCertificate = errors.New("atls: peer certificate unusable")
	// ErrNoEvidence means the peer's certificate has no evidence extension:
	// the peer is not an attested Anonify node.
	ErrNoEvidence = errors.New("atls: peer certificate has no evidence extension")
	// ErrExtension means the evidence extension is not a well-formed
	// AnonifyAttestedKey.
	ErrExtension = errors.New("atls: malformed evidence extension")
	// ErrEvidenceRejected wraps the verifier's error.
	ErrEvidenceRejected = errors.New("atls: peer evidence rejected by the verifier")
	// ErrKeyNotBound means authentic evidence whose report data does not
	// commit to this certificate's key and bind value: it was made for
	// another key, or the bind value was altered.
	ErrKeyNotBound = errors.New("atls: evidence report data does not bind the peer certificate's key")
	// ErrPolicyRejected wraps the policy check's error.
	ErrPolicyRejected = errors.New("atls: peer claims rejected by policy")
	// ErrBindRejected wraps the bind check's error.
	ErrBindRejected = errors.New("atls: peer binding rejected")
)

// ReportData is the report data an attested certificate's evidence must
// carry for a certificate key with the given DER SubjectPublicKeyInfo.
func ReportData(spki, bind []byte) [64]byte {
	keyHash := sha256.Sum256(spki)
	h := sha512.New()
	h.Write([]byte(reportDataLabel))
	h.Write(keyHash[:])
	h.Write(bind)
	var out [64]byte
	h.Sum(out[:0])
	return out
}

// attestedKey is the extension value.
type attestedKey struct {
	Evidence []byte
	Bind     []byte
}

// EvidenceSource produces evidence (an attest.Envelope) whose report data
// is reportData. A tee.Platform is one; atls needs nothing else from it,
// so the client side of this package never depends on the TEE producers.
// A source that also has a Kind() attest.Kind method is named by that
// kind in errors.
type EvidenceSource interface {
	Evidence(ctx context.Context, reportData [64]byte) ([]byte, error)
}

// NewCertificate creates a fresh ECDSA P-256 key and a self-signed server
// certificate, valid for validFor from now, whose extension carries
// evidence from src binding the key and bind. bind must be 1 to 1024
// bytes. Call it again before the certificate expires
// (tls.Config.GetCertificate can serve the current one).
func NewCertificate(ctx context.Context, src EvidenceSource, bind []byte, validFor time.Duration) (tls.Certificate, error) {
	if validFor <= 0 || validFor > maxValidity {
		return tls.Certificate{}, fmt.Errorf("atls: validity %v outside (0, %v]", validFor, maxValidity)
	}
	now := time.Now()
	// NotBefore is backdated so that a client whose clock is a little
	// behind still accepts a certificate made a moment ago.
	return newCertificate(ctx, src, bind, now.Add(-clockSkewPad), now.Add(validFor))
}

func newCertificate(ctx context.Context, src EvidenceSource, bind []byte, notBefore, notAfter time.Time) (tls.Certificate, error) {
	if len(bind) == 0 || len(bind) > maxBind {
		return tls.Certificate{}, fmt.Errorf("atls: bind of %d bytes, want 1 to %d", len(bind), maxBind)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("atls: generate certificate key: %w", err)
	}
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("atls: encode certificate key: %w", err)
	}
	evidence, err := src.Evidence(ctx, ReportData(spki, bind))
	if err != nil {
		if k, ok := src.(interface{ Kind() attest.Kind }); ok {
			return tls.Certificate{}, fmt.Errorf("atls: evidence from the %s platform: %w", k.Kind(), err)
		}
		return tls.Certificate{}, fmt.Errorf("atls: evidence: %w", err)
	}
	ext, err := evidenceExtension(evidence, bind)
	if err != nil {
		return tls.Certificate{}, err
	}
	return selfSigned(key, []pkix.Extension{ext}, notBefore, notAfter)
}

func evidenceExtension(evidence, bind []byte) (pkix.Extension, error) {
	if len(evidence) == 0 || len(evidence) > maxEvidence {
		return pkix.Extension{}, fmt.Errorf("atls: evidence of %d bytes, want 1 to %d", len(evidence), maxEvidence)
	}
	value, err := asn1.Marshal(attestedKey{Evidence: evidence, Bind: bind})
	if err != nil {
		return pkix.Extension{}, fmt.Errorf("atls: encode evidence extension: %w", err)
	}
	return pkix.Extension{Id: EvidenceOID(), Critical: false, Value: value}, nil
}

// selfSigned issues the certificate. The subject name is informational:
// clients identify the peer by its evidence, never by name.
func selfSigned(key *ecdsa.PrivateKey, exts []pkix.Extension, notBefore, notAfter time.Time) (tls.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("atls: certificate serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:    serial,
		Subject:         pkix.Name{CommonName: "anonify attested node"},
		NotBefore:       notBefore,
		NotAfter:        notAfter,
		KeyUsage:        x509.KeyUsageDigitalSignature,
		ExtKeyUsage:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		ExtraExtensions: exts,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("atls: sign certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("atls: parse own certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// ServerConfig returns a TLS 1.3 server configuration presenting cert.
func ServerConfig(cert tls.Certificate) *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{cert},
	}
}

// ClientOptions says how a client judges an attested peer. Every function
// is required: leaving one out would silently accept what it should check.
type ClientOptions struct {
	// Verify checks the authenticity of evidence (an attest.Envelope) and
	// returns its claims, typically verify.Evidence with fixed options.
	Verify func(evidence []byte) (*attest.Claims, error)
	// Check applies the relying party's policy to the claims: measurements,
	// debug, TCB status.
	Check func(*attest.Claims) error
	// Bind accepts or refuses the bind value the evidence commits to; an
	// Anonify client compares it with attest.Binding.ReportData() of an
	// enclave registered on the ledger (ExpectBind does that for one).
	Bind func(bind []byte) error
	// Now is the clock for the certificate's validity period; nil means
	// time.Now.
	Now func() time.Time
}

// ExpectBind returns a ClientOptions.Bind that accepts exactly want.
func ExpectBind(want []byte) func([]byte) error {
	want = bytes.Clone(want)
	return func(got []byte) error {
		if len(got) != len(want) || subtle.ConstantTimeCompare(got, want) != 1 {
			return fmt.Errorf("peer binds %x, want %x", got, want)
		}
		return nil
	}
}

func (o ClientOptions) validate() error {
	switch {
	case o.Verify == nil:
		return errors.New("atls: ClientOptions.Verify is required")
	case o.Check == nil:
		return errors.New("atls: ClientOptions.Check is required")
	case o.Bind == nil:
		return errors.New("atls: ClientOptions.Bind is required")
	}
	return nil
}

// ClientConfig returns a TLS 1.3 client configuration that accepts a server
// only if VerifyCertificate accepts its certificate. The check runs inside
// the handshake (VerifyConnection, which also covers resumed sessions), so
// a refused server never receives application data.
func ClientConfig(opts ClientOptions) (*tls.Config, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	return &tls.Config{
		MinVersion: tls.VersionTLS13,
		// The CA chain and host name checks are replaced, not skipped:
		// VerifyConnection below authenticates the server by its evidence,
		// and the handshake itself proves the server holds the certificate's
		// key.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return fmt.Errorf("%w: server sent no certificate", ErrCertificate)
			}
			_, err := VerifyCertificate(cs.PeerCertificates[0], opts)
			return err
		},
	}, nil
}

// Peer is what VerifyCertificate learned about an accepted peer.
type Peer struct {
	Claims *attest.Claims
	// Bind is the value the evidence binds besides the key.
	Bind []byte
	// Evidence is the attest.Envelope, for the caller to keep or publish.
	Evidence []byte
}

// VerifyCertificate checks an attested certificate: validity period, the
// evidence extension, the evidence itself (opts.Verify), that its report
// data binds this certificate's key and bind value, the policy
// (opts.Check) and the bind value (opts.Bind), in that order.
func VerifyCertificate(cert *x509.Certificate, opts ClientOptions) (*Peer, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	if t := now(); t.Before(cert.NotBefore) || t.After(cert.NotAfter) {
		return nil, fmt.Errorf("%w: valid %s to %s, now is %s", ErrCertificate,
			cert.NotBefore.UTC().Format(time.RFC3339), cert.NotAfter.UTC().Format(time.RFC3339), t.UTC().Format(time.RFC3339))
	}
	if len(cert.UnhandledCriticalExtensions) > 0 {
		return nil, fmt.Errorf("%w: unknown critical extension %v", ErrCertificate, cert.UnhandledCriticalExtensions[0])
	}
	value, err := findExtension(cert.Extensions)
	if err != nil {
		return nil, err
	}
	ak, err := parseExtension(value)
	if err != nil {
		return nil, err
	}
	claims, err := opts.Verify(ak.Evidence)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEvidenceRejected, err)
	}
	if claims == nil {
		return nil, fmt.Errorf("%w: verifier returned no claims", ErrEvidenceRejected)
	}
	want := ReportData(cert.RawSubjectPublicKeyInfo, ak.Bind)
	if len(claims.ReportData) != len(want) || subtle.ConstantTimeCompare(claims.ReportData, want[:]) != 1 {
		return nil, fmt.Errorf("%w: report data %x, want %x", ErrKeyNotBound, claims.ReportData, want)
	}
	if err := opts.Check(claims); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPolicyRejected, err)
	}
	if err := opts.Bind(ak.Bind); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBindRejected, err)
	}
	return &Peer{Claims: claims, Bind: ak.Bind, Evidence: ak.Evidence}, nil
}

func findExtension(exts []pkix.Extension) ([]byte, error) {
	var value []byte
	found := 0
	for _, e := range exts {
		if e.Id.Equal(EvidenceOID()) {
			value = e.Value
			found++
		}
	}
	switch found {
	case 0:
		return nil, fmt.Errorf("%w (OID %s)", ErrNoEvidence, EvidenceOID())
	case 1:
		return value, nil
	default:
		return nil, fmt.Errorf("%w: %d evidence extensions, want one", ErrExtension, found)
	}
}

// parseExtension decodes an AnonifyAttestedKey strictly: DER, exactly two
// OCTET STRINGs, nothing after them, fields within their limits.
// encoding/asn1 would ignore extra elements inside the SEQUENCE, which
// would give one extension several encodings; cryptobyte does not.
func parseExtension(value []byte) (*attestedKey, error) {
	in := cryptobyte.String(value)
	var seq, evidence, bind cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return nil, fmt.Errorf("%w: not a DER SEQUENCE", ErrExtension)
	}
	if !in.Empty() {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrExtension, len(in))
	}
	if !seq.ReadASN1(&evidence, cbasn1.OCTET_STRING) {
		return nil, fmt.Errorf("%w: evidence is not a DER OCTET STRING", ErrExtension)
	}
	if !seq.ReadASN1(&bind, cbasn1.OCTET_STRING) {
		return nil, fmt.Errorf("%w: bind is not a DER OCTET STRING", ErrExtension)
	}
	if !seq.Empty() {
		return nil, fmt.Errorf("%w: %d bytes after bind inside the SEQUENCE", ErrExtension, len(seq))
	}
	if len(evidence) == 0 || len(evidence) > maxEvidence {
		return nil, fmt.Errorf("%w: evidence of %d bytes, want 1 to %d", ErrExtension, len(evidence), maxEvidence)
	}
	if len(bind) == 0 || len(bind) > maxBind {
		return nil, fmt.Errorf("%w: bind of %d bytes, want 1 to %d", ErrExtension, len(bind), maxBind)
	}
	return &attestedKey{Evidence: bytes.Clone(evidence), Bind: bytes.Clone(bind)}, nil
}
