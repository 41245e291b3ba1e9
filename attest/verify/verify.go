// Package verify is the single entry point for attestation evidence of every
// kind: it accepts an attest.Envelope (what platforms produce and the ledger
// stores) or a raw evidence file (a DCAP quote, a 1184-byte SEV-SNP report,
// a Nitro COSE_Sign1 document), detects the kind, dispatches to the kind's
// verifier (attest/dcap, attest/snp, attest/nitro, attest/sim) and returns
// normalized claims or a precise error. It judges authenticity only; apply
// an attest.Policy to the claims afterwards.
//
// Trust: used on both sides of the enclave boundary; all input is untrusted.
package verify

import (
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/dcap"
	"github.com/anonify-go/anonify/attest/snp"
)

// Options carries the verification time and whatever the kinds need besides
// the evidence.
type Options struct {
	// Now is the instant at which every certificate and collateral item must
	// be valid. Required: results must be reproducible, so verification
	// never reads the clock itself.
	Now time.Time

	// Collateral is the Intel collateral (PCK CRL, root CRL, TCB info, QE
	// identity) for SGX and TDX quotes.
	Collateral *dcap.Collateral
	// IntelRoot overrides the pinned Intel SGX Root CA.
	IntelRoot *x509.Certificate

	// SNPCerts supplies [VCEK, ASK?, ARK?] (DER or PEM) for SEV-SNP
	// evidence; it replaces the envelope's certificates and is required for
	// a raw report. Supplied ASK/ARK must equal a pinned root.
	SNPCerts [][]byte
	// SNPRoots overrides the pinned AMD roots (Milan, Genoa, Turin).
	SNPRoots []snp.Root

	// NitroRoot overrides the pinned AWS Nitro Enclaves root.
	NitroRoot *x509.Certificate
}

// Evidence verifies raw (an envelope or a raw evidence file) and returns
// its claims.
func Evidence(raw []byte, opts Options) (*attest.Claims, error) {
	if opts.Now.IsZero() {
		return nil, errors.New("verify: Options.Now is zero; pass the verification time explicitly")
	}
	v, ev, certs, err := detect(raw)
	if err != nil {
		return nil, err
	}
	c, err := v.verify(ev, certs, opts)
	if err != nil {
		return nil, err
	}
	// An envelope's kind tag is not signed; the evidence itself decides.
	// A mismatch means a confused or malicious producer.
	if c.Kind != v.kind {
		return nil, fmt.Errorf("%w: verify: envelope says %s but the evidence is %s", attest.ErrFormat, v.kind, c.Kind)
	}
	return c, nil
}

// Detect splits raw into its kind, evidence and certificates. An envelope
// is decoded strictly; a raw file is recognized by its format: a DCAP quote
// header (SGX or TDX by its TEE type), an SEV-SNP report (exact size and a
// known version), or a COSE_Sign1 array (Nitro).
func Detect(raw []byte) (attest.Kind, []byte, [][]byte, error) {
	v, ev, certs, err := detect(raw)
	if err != nil {
		return "", nil, nil, err
	}
	return v.kind, ev, certs, nil
}

// detect is Detect returning the kind's row of the verifier table.
func detect(raw []byte) (*verifier, []byte, [][]byte, error) {
	if attest.IsEnvelope(raw) {
		env, err := attest.ParseEnvelope(raw)
		if err != nil {
			return nil, nil, nil, err
		}
		v, ok := verifierOf(env.Kind)
		if !ok {
			return nil, nil, nil, fmt.Errorf("%w: verify: envelope kind %q", attest.ErrUnknownKind, env.Kind)
		}
		return v, env.Evidence, env.Certs, nil
	}
	for i := range verifiers {
		if v := &verifiers[i]; v.detect != nil && v.detect(raw) {
			return v, raw, nil, nil
		}
	}
	return nil, nil, nil, fmt.Errorf("%w: verify: %d bytes match no envelope, DCAP quote, SEV-SNP report or COSE_Sign1 document", attest.ErrUnknownKind, len(raw))
}
