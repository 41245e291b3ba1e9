package verify

import (
	"fmt"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/dcap"
	"github.com/anonify-go/anonify/attest/nitro"
	"github.com/anonify-go/anonify/attest/sim"
	"github.com/anonify-go/anonify/attest/snp"
)

// verifier is one row of the dispatch table: how to recognize raw
// evidence of a kind and how to verify it.
type verifier struct {
	kind attest.Kind
	// detect reports whether raw (not an envelope) is evidence of this
	// kind. It is nil for kinds that only travel in envelopes (sim, whose
	// raw report would pass for SEV-SNP).
	detect func(raw []byte) bool
	// verify checks the evidence and the certificates that came with it.
	verify func(ev []byte, certs [][]byte, opts Options) (*attest.Claims, error)
}

// verifiers lists every kind this package verifies. Detect tries the
// detect functions in this order and the first match wins, so DCAP quotes
// are recognized before the other formats, as they always were.
var verifiers = []verifier{
	{kind: attest.KindSim, verify: func(ev []byte, certs [][]byte, opts Options) (*attest.Claims, error) {
		return sim.Verify(ev, certs, opts.Now)
	}},
	{kind: attest.KindSGX, detect: dcapTEE(false), verify: verifyDCAP(attest.KindSGX)},
	{kind: attest.KindTDX, detect: dcapTEE(true), verify: verifyDCAP(attest.KindTDX)},
	{kind: attest.KindSNP, detect: snp.IsReport, verify: func(ev []byte, certs [][]byte, opts Options) (*attest.Claims, error) {
		// Certificates the caller supplies replace the envelope's.
		if opts.SNPCerts != nil {
			certs = opts.SNPCerts
		}
		return snp.Verify(ev, certs, snp.Options{Now: opts.Now, Roots: opts.SNPRoots})
	}},
	{kind: attest.KindNitro, detect: nitro.IsDocument, verify: func(ev []byte, _ [][]byte, opts Options) (*attest.Claims, error) {
		return nitro.Verify(ev, nitro.Options{Now: opts.Now, Root: opts.NitroRoot})
	}},
}

// dcapTEE detects a DCAP quote of SGX (tdx false) or TDX (tdx true). SGX
// and TDX share the quote format; bytes 4..7 of the header hold the TEE
// type, 0 for SGX and 0x81 for TDX.
func dcapTEE(tdx bool) func([]byte) bool {
	return func(raw []byte) bool { return dcap.IsQuote(raw) && (raw[4] == 0x81) == tdx }
}

// verifyDCAP verifies an SGX or TDX quote, which needs Intel collateral.
// The quote embeds its PCK chain, so certs is unused.
func verifyDCAP(kind attest.Kind) func([]byte, [][]byte, Options) (*attest.Claims, error) {
	return func(ev []byte, _ [][]byte, opts Options) (*attest.Claims, error) {
		if opts.Collateral == nil {
			return nil, fmt.Errorf("%w: verify: %s quote needs Intel collateral (Options.Collateral)", attest.ErrCollateral, kind)
		}
		return dcap.Verify(ev, opts.Collateral, dcap.Options{Now: opts.Now, Root: opts.IntelRoot})
	}
}

func verifierOf(k attest.Kind) (*verifier, bool) {
	for i := range verifiers {
		if verifiers[i].kind == k {
			return &verifiers[i], true
		}
	}
	return nil, false
}

// Kinds returns the kinds Evidence verifies, in table order.
func Kinds() []attest.Kind {
	out := make([]attest.Kind, len(verifiers))
	for i, v := range verifiers {
		out[i] = v.kind
	}
	return out
}
