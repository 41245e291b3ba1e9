// Package sim verifies evidence of the INSECURE simulated TEE (attest.KindSim)
// produced by tee/sim.
//
// Simulated evidence is a real-format AMD SEV-SNP attestation report signed
// by a development VCEK → ASK → ARK chain whose private keys are published
// in this repository (devchain.pem here, the VCEK key in tee/sim). It is
// verified by the same code as real SEV-SNP evidence (attest/snp, which runs
// go-sev-guest's verifier), pinned to the development ARK instead of AMD's.
// So devnets exercise the real parsing, signature, chain and policy code,
// while the evidence proves nothing: anyone can sign it. Claims are marked
// Insecure, and attest.Policy refuses this kind on production networks.
//
// Trust: used on both sides of the enclave boundary; the evidence it accepts
// is worthless as proof and must only ever admit enclaves to dev networks.
package sim

import (
	"crypto/x509"
	_ "embed"
	"encoding/pem"
	"fmt"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/snp"
)

// devChainPEM holds the development VCEK, ASK and ARK, in that order. It
// is regenerated only by tee/sim's go:generate (devchaingen).
//
//go:embed devchain.pem
var devChainPEM []byte

// ProductLine is the AMD product line the development chain imitates.
const ProductLine = "Milan"

// DevChainDER returns the development [VCEK, ASK, ARK] certificates (DER),
// the Certs of every simulated evidence envelope.
func DevChainDER() ([][]byte, error) {
	var out [][]byte
	rest := devChainPEM
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		out = append(out, b.Bytes)
	}
	if len(out) != 3 {
		return nil, fmt.Errorf("sim: embedded development chain holds %d certificates, want 3", len(out))
	}
	return out, nil
}

// DevChain returns the parsed development VCEK, ASK and ARK.
func DevChain() (vcek, ask, ark *x509.Certificate, err error) {
	ders, err := DevChainDER()
	if err != nil {
		return nil, nil, nil, err
	}
	certs := make([]*x509.Certificate, 3)
	for i, d := range ders {
		if certs[i], err = x509.ParseCertificate(d); err != nil {
			return nil, nil, nil, fmt.Errorf("sim: embedded development certificate %d: %v", i, err)
		}
	}
	return certs[0], certs[1], certs[2], nil
}

// DevRoot returns the development ARK/ASK as an snp.Root. Never pin it for
// the SEV-SNP kind: that would let anyone forge SNP evidence.
func DevRoot() (snp.Root, error) {
	_, ask, ark, err := DevChain()
	if err != nil {
		return snp.Root{}, err
	}
	return snp.Root{ProductLine: ProductLine, ARK: ark, ASK: ask}, nil
}

// Verifier verifies simulated evidence against the pinned development root.
// It is immutable and safe for concurrent use.
type Verifier struct {
	snp *snp.Verifier
}

// NewVerifier parses the embedded development root once.
func NewVerifier() (*Verifier, error) {
	root, err := DevRoot()
	if err != nil {
		return nil, err
	}
	v, err := snp.NewVerifier([]snp.Root{root})
	if err != nil {
		return nil, err
	}
	return &Verifier{snp: v}, nil
}

// Verify checks a simulated report and its certificates ([VCEK, ASK?,
// ARK?], as in the envelope) at now.
func (v *Verifier) Verify(report []byte, certs [][]byte, now time.Time) (*attest.Claims, error) {
	r, err := snp.ParseReport(report)
	if err != nil {
		return nil, fmt.Errorf("sim-insecure: %w", err)
	}
	ev, err := snp.ParseEvidenceCerts(certs)
	if err != nil {
		return nil, fmt.Errorf("sim-insecure: %w", err)
	}
	return v.VerifyParsed(r, ev, now)
}

// VerifyParsed is Verify on an already parsed report and certificates.
func (v *Verifier) VerifyParsed(r *snp.Report, ev snp.Evidence, now time.Time) (*attest.Claims, error) {
	c, err := v.snp.Verify(r, ev, now)
	if err != nil {
		return nil, fmt.Errorf("sim-insecure: %w", err)
	}
	return &attest.Claims{
		Kind:       attest.KindSim,
		Registers:  map[string][]byte{"MEASUREMENT": c.Registers["MEASUREMENT"]},
		SVNs:       map[string]uint64{"GUEST_SVN": c.SVNs["GUEST_SVN"]},
		Debug:      c.Debug,
		TCBStatus:  attest.TCBStatusNotApplicable,
		ReportData: c.ReportData,
		NotBefore:  c.NotBefore,
		NotAfter:   c.NotAfter,
		Insecure:   true,
	}, nil
}

// Verify is the one-shot form of NewVerifier and Verifier.Verify. now is
// required: results must be reproducible, so verification never reads the
// clock itself.
func Verify(report []byte, certs [][]byte, now time.Time) (*attest.Claims, error) {
	if now.IsZero() {
		return nil, fmt.Errorf("sim-insecure: verification time is zero; pass it explicitly")
	}
	v, err := NewVerifier()
	if err != nil {
		return nil, err
	}
	return v.Verify(report, certs, now)
}
