package dcap

import (
	"errors"
	"testing"

	"github.com/anonify-go/anonify/attest"
)

// FuzzParseQuote feeds arbitrary bytes to the quote parser and, through
// Verify, to everything that reads the quote before a signature check
// fails. Nothing may panic, and every rejection must carry a sentinel.
func FuzzParseQuote(f *testing.F) {
	for _, name := range []string{sgxQuote, tdxQuote, tdxV5Sample, tdx2023Quote} {
		f.Add(readTestdata(f, name))
	}
	col := jsonCollateral(f, tdxCollateral)
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := parseQuote(b)
		if err != nil {
			if !errors.Is(err, attest.ErrFormat) {
				t.Fatalf("parse error without ErrFormat: %v", err)
			}
			if q != nil {
				t.Fatal("quote returned with an error")
			}
			return
		}
		if !IsQuote(b) {
			t.Fatalf("parseQuote accepted what IsQuote rejects: % x", b[:headerLen])
		}
		if len(q.body) != bodyLen(q.bodyType) || len(q.qeReport) != qeReportLen || len(q.sig) != ecdsaSigLen {
			t.Fatalf("inconsistent parse: body %d type %d", len(q.body), q.bodyType)
		}
		if _, err := Verify(b, col, Options{Now: july2025}); err != nil && !isSentinel(err) {
			t.Fatalf("Verify error without a sentinel: %v", err)
		}
	})
}

func isSentinel(err error) bool {
	for _, s := range []error{attest.ErrFormat, attest.ErrSignature, attest.ErrChain, attest.ErrRevoked, attest.ErrExpired,
		attest.ErrCollateral, attest.ErrTCBLevel, attest.ErrQEReport, attest.ErrAttestKeyBind} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzParseCollateralJSON covers the bundle decoder, the TCB info and QE
// identity parsers, and PEM/CRL parsing.
func FuzzParseCollateralJSON(f *testing.F) {
	f.Add(readTestdata(f, sgxCollateral))
	f.Add(readTestdata(f, tdxOutdatedCol))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCollateralJSON(b)
		if err != nil {
			if !errors.Is(err, attest.ErrCollateral) {
				t.Fatalf("error without ErrCollateral: %v", err)
			}
			return
		}
		if c.TCBInfo == nil || c.QEIdentity == nil || c.PCKCRL == nil || c.RootCRL == nil || len(c.TCBInfoSignature) != ecdsaSigLen {
			t.Fatal("accepted an incomplete collateral")
		}
	})
}

// FuzzParseTCBInfo and FuzzParseEnclaveIdentity reach the JSON documents
// directly, which the bundle fuzzer reaches only through a JSON string.
func FuzzParseTCBInfo(f *testing.F) {
	f.Add(jsonCollateral(f, tdxCollateral).TCBInfoBody)
	f.Add(jsonCollateral(f, sgxCollateral).TCBInfoBody)
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := parseTCBInfo(b)
		if err != nil {
			if !errors.Is(err, attest.ErrCollateral) {
				t.Fatalf("error without ErrCollateral: %v", err)
			}
			return
		}
		if len(info.TCBLevels) == 0 || (info.ID == "TDX") != (info.TDXModule != nil) {
			t.Fatalf("accepted an inconsistent TCB info: %+v", info)
		}
	})
}

func FuzzParseEnclaveIdentity(f *testing.F) {
	f.Add(jsonCollateral(f, tdxCollateral).QEIdentityBody)
	f.Add(jsonCollateral(f, sgxCollateral).QEIdentityBody)
	f.Fuzz(func(t *testing.T, b []byte) {
		id, err := parseEnclaveIdentity(b)
		if err != nil {
			if !errors.Is(err, attest.ErrCollateral) {
				t.Fatalf("error without ErrCollateral: %v", err)
			}
			return
		}
		if len(id.TCBLevels) == 0 {
			t.Fatal("accepted an identity without levels")
		}
	})
}

// FuzzParsePCKExtensions covers the SGX extension's ASN.1, which an
// attacker controls up to the point where the chain signature is checked
// (the verifier checks the chain first, but the parser must stand alone).
func FuzzParsePCKExtensions(f *testing.F) {
	for _, name := range []string{sgxQuote, tdxQuote} {
		for _, e := range x509Extensions(realPCK(f, readTestdata(f, name))) {
			if e.id.Equal(oidSGXExtension) {
				f.Add(e.value)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := parsePCKExtensions([]extension{{oidSGXExtension, b}}); err != nil && !errors.Is(err, attest.ErrChain) {
			t.Fatalf("error without ErrChain: %v", err)
		}
	})
}
