// Package nitro verifies AWS Nitro Enclaves attestation documents: a
// COSE_Sign1 (RFC 9052) signed with ES384 whose payload is the CBOR
// attestation document of the Nitro Secure Module. It checks the COSE
// signature over the Sig_structure with the document's leaf certificate,
// the leaf → cabundle chain (root first) up to the pinned AWS Nitro
// Enclaves root, and every certificate's validity at the verification time,
// then reports PCR0..PCR15, user_data as report data, and debug mode (an
// enclave started with --debug-mode reports all-zero PCR0, PCR1 and PCR2).
//
// It keeps the parse → verify split: ParseDocument decodes strictly and
// trusts nothing, Verifier.Verify establishes authenticity, attest.Policy
// authorizes.
//
// Trust: used on both sides of the enclave boundary; all input is untrusted.
package nitro

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	_ "embed"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"strconv"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// awsRootPEM is AWS_NitroEnclaves_Root-G1.pem from
// https://aws-nitro-enclaves.amazonaws.com/AWS_NitroEnclaves_Root-G1.zip.
//
//go:embed aws_nitro_enclaves_root_g1.pem
var awsRootPEM []byte

// awsRootSHA256 is the SHA-256 fingerprint of the AWS root's DER, as AWS
// publishes it; a changed embedded file fails loudly instead of silently
// pinning another root.
const awsRootSHA256 = "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b"

// Size bounds from the NSM attestation document specification; the
// Nitro samples carry user_data, nonce and public_key of 1024 bytes each.
const (
	maxDocument   = 16 << 10
	maxCert       = 1024
	maxCABundle   = 16
	maxUserField  = 1024
	pcrCount      = 16
	pcrSizeSHA384 = 48
)

// AWSRoot returns the pinned AWS Nitro Enclaves root certificate after
// checking its fingerprint.
func AWSRoot() (*x509.Certificate, error) {
	blk, _ := pem.Decode(awsRootPEM)
	if blk == nil {
		return nil, fmt.Errorf("nitro: embedded AWS root is not PEM")
	}
	if sum := sha256.Sum256(blk.Bytes); hex.EncodeToString(sum[:]) != awsRootSHA256 {
		return nil, fmt.Errorf("nitro: embedded AWS root fingerprint %x, want %s", sum, awsRootSHA256)
	}
	return x509.ParseCertificate(blk.Bytes)
}

// IsDocument reports whether b starts like a COSE_Sign1: a four-element
// CBOR array, optionally behind tag 18. It is a detection heuristic.
func IsDocument(b []byte) bool {
	if len(b) > 1 && b[0] == 0xd2 {
		b = b[1:]
	}
	return len(b) > 0 && b[0] == 0x84
}

// Document is a decoded, unverified attestation document.
type Document struct {
	msg         cose.Sign1Message
	ModuleID    string
	Timestamp   time.Time
	PCRs        map[int][]byte
	Certificate *x509.Certificate
	CABundle    []*x509.Certificate
	PublicKey   []byte
	UserData    []byte
	Nonce       []byte
}

// payload mirrors the NSM document; field names are the CBOR keys.
type payload struct {
	ModuleID    string          `cbor:"module_id"`
	Digest      string          `cbor:"digest"`
	Timestamp   uint64          `cbor:"timestamp"`
	PCRs        map[uint][]byte `cbor:"pcrs"`
	Certificate []byte          `cbor:"certificate"`
	CABundle    [][]byte        `cbor:"cabundle"`
	PublicKey   []byte          `cbor:"public_key"`
	UserData    []byte          `cbor:"user_data"`
	Nonce       []byte          `cbor:"nonce"`
}

func decMode() (cbor.DecMode, error) {
	return cbor.DecOptions{
		DupMapKey:         cbor.DupMapKeyEnforcedAPF,
		IndefLength:       cbor.IndefLengthForbidden,
		TagsMd:            cbor.TagsForbidden,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
		MaxArrayElements:  maxCABundle + 16,
		MaxMapPairs:       64,
	}.DecMode()
}

// ParseDocument decodes a COSE_Sign1 attestation document strictly:
// tagged or untagged COSE_Sign1, ES384 in the protected header, a payload
// with exactly the NSM fields (no duplicates, no unknown keys, no trailing
// bytes), SHA384 PCRs 0..15, and parseable certificates.
func ParseDocument(b []byte) (*Document, error) {
	if len(b) > maxDocument {
		return nil, fmt.Errorf("%w: nitro: document of %d bytes exceeds %d", attest.ErrFormat, len(b), maxDocument)
	}
	var msg cose.Sign1Message
	var err error
	if len(b) > 0 && b[0] == 0xd2 {
		err = msg.UnmarshalCBOR(b)
	} else {
		err = (*cose.UntaggedSign1Message)(&msg).UnmarshalCBOR(b)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: nitro: COSE_Sign1: %v", attest.ErrFormat, err)
	}
	alg, err := msg.Headers.Protected.Algorithm()
	if err != nil {
		return nil, fmt.Errorf("%w: nitro: protected header algorithm: %v", attest.ErrFormat, err)
	}
	if alg != cose.AlgorithmES384 {
		return nil, fmt.Errorf("%w: nitro: algorithm %v, want ES384", attest.ErrFormat, alg)
	}
	if len(msg.Payload) == 0 {
		return nil, fmt.Errorf("%w: nitro: empty payload", attest.ErrFormat)
	}
	dm, err := decMode()
	if err != nil {
		return nil, err
	}
	var p payload
	if err := dm.Unmarshal(msg.Payload, &p); err != nil {
		return nil, fmt.Errorf("%w: nitro: attestation document: %v", attest.ErrFormat, err)
	}
	if p.ModuleID == "" {
		return nil, fmt.Errorf("%w: nitro: module_id is empty", attest.ErrFormat)
	}
	if p.Digest != "SHA384" {
		return nil, fmt.Errorf("%w: nitro: digest %q, want SHA384", attest.ErrFormat, p.Digest)
	}
	if p.Timestamp == 0 || p.Timestamp > 1<<53 {
		return nil, fmt.Errorf("%w: nitro: timestamp %d out of range", attest.ErrFormat, p.Timestamp)
	}
	if len(p.PCRs) != pcrCount {
		return nil, fmt.Errorf("%w: nitro: %d PCRs, want %d", attest.ErrFormat, len(p.PCRs), pcrCount)
	}
	doc := &Document{
		msg:       msg,
		ModuleID:  p.ModuleID,
		Timestamp: time.UnixMilli(int64(p.Timestamp)).UTC(),
		PCRs:      map[int][]byte{},
		PublicKey: p.PublicKey,
		UserData:  p.UserData,
		Nonce:     p.Nonce,
	}
	for i := uint(0); i < pcrCount; i++ {
		v, ok := p.PCRs[i]
		if !ok {
			return nil, fmt.Errorf("%w: nitro: PCR%d missing", attest.ErrFormat, i)
		}
		if len(v) != pcrSizeSHA384 {
			return nil, fmt.Errorf("%w: nitro: PCR%d is %d bytes, want %d", attest.ErrFormat, i, len(v), pcrSizeSHA384)
		}
		doc.PCRs[int(i)] = v
	}
	for name, f := range map[string][]byte{"public_key": p.PublicKey, "user_data": p.UserData, "nonce": p.Nonce} {
		if len(f) > maxUserField {
			return nil, fmt.Errorf("%w: nitro: %s of %d bytes exceeds %d", attest.ErrFormat, name, len(f), maxUserField)
		}
	}
	if len(p.Certificate) == 0 || len(p.Certificate) > maxCert {
		return nil, fmt.Errorf("%w: nitro: certificate of %d bytes, want 1..%d", attest.ErrFormat, len(p.Certificate), maxCert)
	}
	if doc.Certificate, err = x509.ParseCertificate(p.Certificate); err != nil {
		return nil, fmt.Errorf("%w: nitro: certificate: %v", attest.ErrFormat, err)
	}
	if len(p.CABundle) == 0 || len(p.CABundle) > maxCABundle {
		return nil, fmt.Errorf("%w: nitro: cabundle of %d certificates, want 1..%d", attest.ErrFormat, len(p.CABundle), maxCABundle)
	}
	for i, der := range p.CABundle {
		if len(der) == 0 || len(der) > maxCert {
			return nil, fmt.Errorf("%w: nitro: cabundle[%d] of %d bytes, want 1..%d", attest.ErrFormat, i, len(der), maxCert)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("%w: nitro: cabundle[%d]: %v", attest.ErrFormat, i, err)
		}
		doc.CABundle = append(doc.CABundle, c)
	}
	return doc, nil
}

// Debug reports whether the enclave runs in debug mode: the NSM reports
// PCR0, PCR1 and PCR2 as all zeros for enclaves started with
// --debug-mode, whose memory and console the parent instance can read.
func (d *Document) Debug() bool {
	zero := make([]byte, pcrSizeSHA384)
	return bytes.Equal(d.PCRs[0], zero) && bytes.Equal(d.PCRs[1], zero) && bytes.Equal(d.PCRs[2], zero)
}

// Verifier checks documents against a pinned root. It is immutable and
// safe for concurrent use.
type Verifier struct {
	root *x509.Certificate
}

// NewVerifier pins root, or the embedded AWS root when root is nil.
func NewVerifier(root *x509.Certificate) (*Verifier, error) {
	if root == nil {
		var err error
		if root, err = AWSRoot(); err != nil {
			return nil, err
		}
	}
	return &Verifier{root: root}, nil
}

// Verify checks d at now and returns its claims.
func (v *Verifier) Verify(d *Document, now time.Time) (*attest.Claims, error) {
	// The cabundle starts with the root; it must be the pinned one, byte
	// for byte, never merely a certificate with the same name.
	if !d.CABundle[0].Equal(v.root) {
		return nil, fmt.Errorf("%w: nitro: cabundle root %q is not the pinned AWS Nitro root", attest.ErrChain, d.CABundle[0].Subject.CommonName)
	}
	path := append(append([]*x509.Certificate{v.root}, d.CABundle[1:]...), d.Certificate)
	var notBefore, notAfter time.Time
	for i, c := range path {
		if now.Before(c.NotBefore) || now.After(c.NotAfter) {
			return nil, fmt.Errorf("%w: nitro: %s valid %s to %s, verification time %s", attest.ErrExpired, certName(i, len(path)),
				c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		}
		if i == 0 || c.NotBefore.After(notBefore) {
			notBefore = c.NotBefore
		}
		if i == 0 || c.NotAfter.Before(notAfter) {
			notAfter = c.NotAfter
		}
	}
	// crypto/x509 applies the full path rules (signatures, name chaining,
	// CA and path-length constraints) with the pinned root as the only
	// anchor. Its error does not say which link failed, so on failure the
	// given path (root first, as the cabundle orders it) is walked link by
	// link to name it; success costs a single pass.
	roots, inter := x509.NewCertPool(), x509.NewCertPool()
	roots.AddCert(v.root)
	for _, c := range d.CABundle[1:] {
		inter.AddCert(c)
	}
	if _, err := d.Certificate.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		for i := 1; i < len(path); i++ {
			if lerr := path[i].CheckSignatureFrom(path[i-1]); lerr != nil {
				return nil, fmt.Errorf("%w: nitro: %s is not signed by %s: %v", attest.ErrChain, certName(i, len(path)), certName(i-1, len(path)), lerr)
			}
		}
		return nil, fmt.Errorf("%w: nitro: leaf does not chain to the pinned AWS root: %v", attest.ErrChain, err)
	}
	pub, ok := d.Certificate.PublicKey.(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P384() {
		return nil, fmt.Errorf("%w: nitro: leaf key is %T, want ECDSA P-384 for ES384", attest.ErrChain, d.Certificate.PublicKey)
	}
	cv, err := cose.NewVerifier(cose.AlgorithmES384, pub)
	if err != nil {
		return nil, fmt.Errorf("%w: nitro: %v", attest.ErrSignature, err)
	}
	if err := d.msg.Verify(nil, cv); err != nil {
		return nil, fmt.Errorf("%w: nitro: COSE_Sign1 signature does not verify with the leaf key: %v", attest.ErrSignature, err)
	}
	regs := map[string][]byte{}
	for i, v := range d.PCRs {
		regs["PCR"+strconv.Itoa(i)] = bytes.Clone(v)
	}
	return &attest.Claims{
		Kind:       attest.KindNitro,
		Registers:  regs,
		Debug:      d.Debug(),
		TCBStatus:  attest.TCBStatusNotApplicable,
		ReportData: bytes.Clone(d.UserData),
		NotBefore:  notBefore.UTC(),
		NotAfter:   notAfter.UTC(),
	}, nil
}

func certName(i, n int) string {
	switch i {
	case 0:
		return "AWS root"
	case n - 1:
		return "leaf certificate"
	}
	return "cabundle[" + strconv.Itoa(i) + "]"
}

// Options configures Verify.
type Options struct {
	// Now is the verification time. Required.
	Now time.Time
	// Root overrides the pinned AWS Nitro Enclaves root.
	Root *x509.Certificate
}

// Verify parses and verifies a document: the one-shot form of
// ParseDocument and Verifier.Verify.
func Verify(b []byte, opts Options) (*attest.Claims, error) {
	if opts.Now.IsZero() {
		return nil, fmt.Errorf("nitro: Options.Now is zero; pass the verification time explicitly")
	}
	d, err := ParseDocument(b)
	if err != nil {
		return nil, err
	}
	v, err := NewVerifier(opts.Root)
	if err != nil {
		return nil, err
	}
	return v.Verify(d, opts.Now)
}
