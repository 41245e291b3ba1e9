// Package snp verifies AMD SEV-SNP attestation reports: the report's
// ECDSA P-384 signature by the chip's VCEK, the VCEK → ASK → ARK chain to a
// pinned AMD root (go-sev-guest embeds the Milan, Genoa and Turin roots), the
// validity of every certificate at the verification time, and the
// consistency of the VCEK with the report (chip id and reported TCB). It
// turns a verified report into normalized attest.Claims.
//
// It keeps go-sev-guest's split: ParseReport decodes bytes without trusting
// them (abi), Verifier.Verify establishes authenticity (verify), and
// authorization is left to attest.Policy (validate).
//
// Trust: used on both sides of the enclave boundary; it parses untrusted
// bytes and makes no decision other than authenticity.
package snp

import (
	"bytes"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/google/go-sev-guest/abi"
	"github.com/google/go-sev-guest/kds"
	spb "github.com/google/go-sev-guest/proto/sevsnp"
	"github.com/google/go-sev-guest/verify"
	"github.com/google/go-sev-guest/verify/trust"
)

// ReportSize is the size of an SEV-SNP ATTESTATION_REPORT.
const ReportSize = abi.ReportSize

// policyDebugBit is guest policy bit 19 (SEV-SNP ABI, Table 9): when set
// the hypervisor may decrypt and inspect guest memory with SNP_DBG_DECRYPT.
const policyDebugBit = 19

// IsReport reports whether b looks like a raw SEV-SNP report: exactly
// ReportSize bytes with a version this package understands. It is a
// detection heuristic, not a validation.
func IsReport(b []byte) bool {
	if len(b) != ReportSize {
		return false
	}
	v := binary.LittleEndian.Uint32(b[0:4])
	return v >= abi.MinSupportedReportVersion && v <= abi.MaxSupportedReportVersion
}

// Report is a decoded but unverified attestation report.
type Report struct {
	raw   []byte
	proto *spb.Report
}

// ParseReport decodes an ATTESTATION_REPORT strictly: exact size,
// supported version, well-formed guest policy and signer info, reserved
// fields zero, and the ECDSA P-384 signature algorithm.
func ParseReport(b []byte) (*Report, error) {
	if len(b) != ReportSize {
		return nil, fmt.Errorf("%w: snp: report is %d bytes, want %d", attest.ErrFormat, len(b), ReportSize)
	}
	if err := abi.ValidateReportFormat(b); err != nil {
		return nil, fmt.Errorf("%w: snp: %v", attest.ErrFormat, err)
	}
	p, err := abi.ReportToProto(b)
	if err != nil {
		return nil, fmt.Errorf("%w: snp: %v", attest.ErrFormat, err)
	}
	if p.GetSignatureAlgo() != abi.SignEcdsaP384Sha384 {
		return nil, fmt.Errorf("%w: snp: signature algorithm %d, want %d (ECDSA P-384 with SHA-384)",
			attest.ErrFormat, p.GetSignatureAlgo(), abi.SignEcdsaP384Sha384)
	}
	return &Report{raw: bytes.Clone(b), proto: p}, nil
}

// Debug reports whether the guest policy lets the host debug the guest.
func (r *Report) Debug() bool { return r.proto.GetPolicy()&(1<<policyDebugBit) != 0 }

// ReportData returns the 64 bytes the guest asked the firmware to sign.
func (r *Report) ReportData() []byte { return bytes.Clone(r.proto.GetReportData()) }

// Measurement returns the 48-byte launch measurement.
func (r *Report) Measurement() []byte { return bytes.Clone(r.proto.GetMeasurement()) }

// productLine names the AMD product line whose root must anchor the VCEK.
// Version 3+ reports carry the CPUID family/model; version 2 reports do
// not, and the VCEK's product-name extension (checked against the root by
// the chain) is the only source.
func (r *Report) productLine(vcek *x509.Certificate) (string, error) {
	if fms := r.proto.GetCpuid1EaxFms(); fms != 0 {
		if line := kds.ProductLineFromFms(fms); line != "" && line != "Unknown" {
			return line, nil
		}
		return "", fmt.Errorf("%w: snp: report names an unknown CPU (CPUID 0x%08x)", attest.ErrChain, r.proto.GetCpuid1EaxFms())
	}
	exts, err := kds.VcekCertificateExtensions(vcek)
	if err != nil {
		return "", fmt.Errorf("%w: snp: VCEK extensions: %v", attest.ErrChain, err)
	}
	return kds.ProductLineOfProductName(exts.ProductName), nil
}

// Root is a pinned AMD root of trust for one product line: the self-signed
// ARK and the ASK it certifies, which certifies every VCEK of that line.
type Root struct {
	ProductLine string
	ARK         *x509.Certificate
	ASK         *x509.Certificate
}

// AMDRoots returns AMD's published ARK/ASK pairs for Milan, Genoa and Turin
// as embedded in go-sev-guest (kdsintf.amd.com/vcek/v1/<line>/cert_chain).
func AMDRoots() []Root {
	var out []Root
	for _, line := range []string{"Milan", "Genoa", "Turin"} {
		r, err := trust.GetDefaultRootCerts(line)
		if err != nil || r.ProductCerts == nil {
			continue
		}
		out = append(out, Root{ProductLine: line, ARK: r.ProductCerts.Ark, ASK: r.ProductCerts.Ask})
	}
	return out
}

// ParseRootPEM reads a KDS cert_chain file (ASK then ARK, PEM) as the root
// for productLine. Pinning a root is a trust decision: use it for a
// development root or for AMD's roots loaded from a file you have checked.
func ParseRootPEM(productLine string, b []byte) (Root, error) {
	ask, ark, err := kds.ParseProductCertChain(b)
	if err != nil {
		return Root{}, fmt.Errorf("%w: snp: ASK/ARK chain: %v", attest.ErrFormat, err)
	}
	askC, err := x509.ParseCertificate(ask)
	if err != nil {
		return Root{}, fmt.Errorf("%w: snp: ASK: %v", attest.ErrFormat, err)
	}
	arkC, err := x509.ParseCertificate(ark)
	if err != nil {
		return Root{}, fmt.Errorf("%w: snp: ARK: %v", attest.ErrFormat, err)
	}
	return Root{ProductLine: productLine, ARK: arkC, ASK: askC}, nil
}

// ParseCertificate accepts a certificate in DER or PEM.
func ParseCertificate(b []byte) (*x509.Certificate, error) {
	der := b
	if blk, rest := pem.Decode(b); blk != nil {
		if blk.Type != "CERTIFICATE" || len(bytes.TrimSpace(rest)) != 0 {
			return nil, fmt.Errorf("%w: snp: want exactly one PEM CERTIFICATE block", attest.ErrFormat)
		}
		der = blk.Bytes
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("%w: snp: certificate: %v", attest.ErrFormat, err)
	}
	return c, nil
}

// Verifier checks reports against a fixed set of pinned roots. It holds no
// mutable state and is safe for concurrent use.
type Verifier struct {
	roots map[string][]Root
}

// NewVerifier pins roots (AMDRoots() when empty).
func NewVerifier(roots []Root) (*Verifier, error) {
	if len(roots) == 0 {
		roots = AMDRoots()
	}
	v := &Verifier{roots: map[string][]Root{}}
	for i, r := range roots {
		if r.ProductLine == "" || r.ARK == nil || r.ASK == nil {
			return nil, fmt.Errorf("snp: root %d lacks a product line, ARK or ASK", i)
		}
		v.roots[r.ProductLine] = append(v.roots[r.ProductLine], r)
	}
	return v, nil
}

// Evidence is what a report needs besides itself: the VCEK, and optionally
// the ASK and ARK the producer sent along. Supplied ASK/ARK certificates are
// never trusted; they must equal a pinned root, which turns "wrong vendor
// root" into a precise error instead of a generic chain failure.
type Evidence struct {
	VCEK *x509.Certificate
	ASK  *x509.Certificate
	ARK  *x509.Certificate
}

// Verify checks r and returns its claims. now is the instant at which every
// certificate must be valid.
func (v *Verifier) Verify(r *Report, ev Evidence, now time.Time) (*attest.Claims, error) {
	if ev.VCEK == nil {
		return nil, fmt.Errorf("%w: snp: no VCEK certificate", attest.ErrCollateral)
	}
	info, err := abi.ParseSignerInfo(r.proto.GetSignerInfo())
	if err != nil {
		return nil, fmt.Errorf("%w: snp: signer info: %v", attest.ErrFormat, err)
	}
	if info.SigningKey != abi.VcekReportSigner {
		return nil, fmt.Errorf("%w: snp: report signed by %v; only VCEK-signed reports are supported", attest.ErrChain, info.SigningKey)
	}
	line, err := r.productLine(ev.VCEK)
	if err != nil {
		return nil, err
	}
	roots := v.roots[line]
	if len(roots) == 0 {
		return nil, fmt.Errorf("%w: snp: no pinned root for product line %q", attest.ErrChain, line)
	}
	root, err := matchRoot(roots, ev)
	if err != nil {
		return nil, err
	}

	// Validity first, so that an expired chain reads as expired and not as
	// a generic chain failure.
	notBefore, notAfter, err := window(now, [3]*x509.Certificate{ev.VCEK, root.ASK, root.ARK}, [3]string{"VCEK", "ASK", "ARK"})
	if err != nil {
		return nil, err
	}
	// go-sev-guest's path checks the chain to the pinned root, AMD's KDS
	// profile of the VCEK (names, key type, extensions) that a bare X.509
	// verification ignores, and the report signature. Its errors do not
	// say which of those failed, so on failure the checks are repeated
	// one by one to name the failed one; success costs a single pass.
	att := &spb.Attestation{Report: r.proto, CertificateChain: &spb.CertificateChain{VcekCert: ev.VCEK.Raw}}
	tr := trust.AMDRootCertsProduct(line)
	tr.ProductCerts = &trust.ProductCerts{Ark: root.ARK, Ask: root.ASK}
	if err := verify.SnpAttestation(att, &verify.Options{
		DisableCertFetching: true,
		Now:                 now,
		TrustedRoots:        map[string][]*trust.AMDRootCerts{line: {tr}},
	}); err != nil {
		return nil, classify(r, ev.VCEK, root, line, now, err)
	}

	// A VCEK speaks for one chip at one TCB; a report that names another
	// chip or TCB was not signed by the key this certificate describes.
	exts, err := kds.VcekCertificateExtensions(ev.VCEK)
	if err != nil {
		return nil, fmt.Errorf("%w: snp: VCEK extensions: %v", attest.ErrChain, err)
	}
	chip := r.proto.GetChipId()
	if !allZero(chip) && !bytes.Equal(chip, exts.HWID) {
		return nil, fmt.Errorf("%w: snp: report CHIP_ID %x is not the VCEK's hwID %x", attest.ErrChain, chip, exts.HWID)
	}
	if kds.TCBVersion(r.proto.GetReportedTcb()) != exts.TCBVersion {
		return nil, fmt.Errorf("%w: snp: report REPORTED_TCB 0x%016x is not the VCEK's TCB 0x%016x",
			attest.ErrChain, r.proto.GetReportedTcb(), uint64(exts.TCBVersion))
	}
	return r.claims(notBefore, notAfter), nil
}

// classify names the check that made go-sev-guest reject the evidence.
func classify(r *Report, vcek *x509.Certificate, root Root, line string, now time.Time, libErr error) error {
	pool := func(c *x509.Certificate) *x509.CertPool { p := x509.NewCertPool(); p.AddCert(c); return p }
	if _, err := vcek.Verify(x509.VerifyOptions{
		Roots: pool(root.ARK), Intermediates: pool(root.ASK), CurrentTime: now,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	}); err != nil {
		return fmt.Errorf("%w: snp: VCEK does not chain to the pinned %s ASK/ARK: %v", attest.ErrChain, line, err)
	}
	if err := verify.SnpReportSignature(r.raw, vcek); err != nil {
		return fmt.Errorf("%w: snp: report signature does not verify with the VCEK: %v", attest.ErrSignature, err)
	}
	return fmt.Errorf("%w: snp: VCEK rejected by AMD's KDS profile: %v", attest.ErrChain, libErr)
}

// matchRoot picks the pinned root that any supplied ASK/ARK equals.
func matchRoot(roots []Root, ev Evidence) (Root, error) {
	for _, r := range roots {
		if ev.ARK != nil && !ev.ARK.Equal(r.ARK) {
			continue
		}
		if ev.ASK != nil && !ev.ASK.Equal(r.ASK) {
			continue
		}
		return r, nil
	}
	if ev.ARK != nil {
		return Root{}, fmt.Errorf("%w: snp: ARK %q (serial %x) is not a pinned root", attest.ErrChain, ev.ARK.Subject.CommonName, ev.ARK.SerialNumber)
	}
	return Root{}, fmt.Errorf("%w: snp: ASK %q (serial %x) is not a pinned intermediate", attest.ErrChain, ev.ASK.Subject.CommonName, ev.ASK.SerialNumber)
}

// window checks each certificate's validity at now and returns the
// intersection of their windows.
func window(now time.Time, certs [3]*x509.Certificate, names [3]string) (time.Time, time.Time, error) {
	var nb, na time.Time
	for i, c := range certs {
		if now.Before(c.NotBefore) || now.After(c.NotAfter) {
			return nb, na, fmt.Errorf("%w: snp: %s valid %s to %s, verification time %s", attest.ErrExpired,
				names[i], c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		}
		if i == 0 || c.NotBefore.After(nb) {
			nb = c.NotBefore
		}
		if i == 0 || c.NotAfter.Before(na) {
			na = c.NotAfter
		}
	}
	return nb, na, nil
}

func (r *Report) claims(notBefore, notAfter time.Time) *attest.Claims {
	p := r.proto
	reported := kds.DecomposeTCBVersion(kds.TCBVersion(p.GetReportedTcb()))
	return &attest.Claims{
		Kind: attest.KindSNP,
		Registers: map[string][]byte{
			"MEASUREMENT":       bytes.Clone(p.GetMeasurement()),
			"HOST_DATA":         bytes.Clone(p.GetHostData()),
			"ID_KEY_DIGEST":     bytes.Clone(p.GetIdKeyDigest()),
			"AUTHOR_KEY_DIGEST": bytes.Clone(p.GetAuthorKeyDigest()),
			"FAMILY_ID":         bytes.Clone(p.GetFamilyId()),
			"IMAGE_ID":          bytes.Clone(p.GetImageId()),
			"REPORT_ID":         bytes.Clone(p.GetReportId()),
			"CHIP_ID":           bytes.Clone(p.GetChipId()),
		},
		SVNs: map[string]uint64{
			"GUEST_SVN":          uint64(p.GetGuestSvn()),
			"GUEST_POLICY":       p.GetPolicy(),
			"VMPL":               uint64(p.GetVmpl()),
			"PLATFORM_INFO":      p.GetPlatformInfo(),
			"CURRENT_TCB":        p.GetCurrentTcb(),
			"REPORTED_TCB":       p.GetReportedTcb(),
			"COMMITTED_TCB":      p.GetCommittedTcb(),
			"LAUNCH_TCB":         p.GetLaunchTcb(),
			"REPORTED_TCB_BL":    uint64(reported.BlSpl),
			"REPORTED_TCB_TEE":   uint64(reported.TeeSpl),
			"REPORTED_TCB_SNP":   uint64(reported.SnpSpl),
			"REPORTED_TCB_UCODE": uint64(reported.UcodeSpl),
			"CURRENT_BUILD":      uint64(p.GetCurrentBuild()),
			"CURRENT_VERSION":    uint64(p.GetCurrentMajor())<<8 | uint64(p.GetCurrentMinor()),
		},
		Debug: r.Debug(),
		// SEV-SNP has no vendor TCB-status verdict: a VCEK is issued per
		// TCB, and policies bound the TCB components through SVNs.
		TCBStatus:  attest.TCBStatusNotApplicable,
		ReportData: bytes.Clone(p.GetReportData()),
		NotBefore:  notBefore.UTC(),
		NotAfter:   notAfter.UTC(),
	}
}

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

// Options configures Verify.
type Options struct {
	// Now is the verification time. Required: results must be
	// reproducible, so verification never reads the clock itself.
	Now time.Time
	// Roots overrides the pinned AMD roots (tests, development roots).
	Roots []Root
}

// Verify parses a raw report and its certificates (VCEK first, then
// optionally ASK and ARK, each DER or PEM) and verifies them. It is the
// one-shot form of ParseReport and Verifier.Verify.
func Verify(report []byte, certs [][]byte, opts Options) (*attest.Claims, error) {
	if opts.Now.IsZero() {
		return nil, fmt.Errorf("snp: Options.Now is zero; pass the verification time explicitly")
	}
	r, err := ParseReport(report)
	if err != nil {
		return nil, err
	}
	ev, err := ParseEvidenceCerts(certs)
	if err != nil {
		return nil, err
	}
	v, err := NewVerifier(opts.Roots)
	if err != nil {
		return nil, err
	}
	return v.Verify(r, ev, opts.Now)
}

// ParseEvidenceCerts reads [VCEK, ASK?, ARK?] as carried by an
// attest.Envelope of kind SEV-SNP or sim.
func ParseEvidenceCerts(certs [][]byte) (Evidence, error) {
	var ev Evidence
	if len(certs) == 0 {
		return ev, fmt.Errorf("%w: snp: no VCEK certificate", attest.ErrCollateral)
	}
	if len(certs) > 3 {
		return ev, fmt.Errorf("%w: snp: %d certificates, want VCEK, ASK, ARK at most", attest.ErrFormat, len(certs))
	}
	out := make([]*x509.Certificate, 3)
	for i, b := range certs {
		c, err := ParseCertificate(b)
		if err != nil {
			return ev, fmt.Errorf("%w (%s)", err, [3]string{"VCEK", "ASK", "ARK"}[i])
		}
		out[i] = c
	}
	return Evidence{VCEK: out[0], ASK: out[1], ARK: out[2]}, nil
}
