package dcap

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	_ "embed"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/anonify-go/anonify/attest"
)

// Options parameterise Verify.
type Options struct {
	// Now is the instant at which every certificate, CRL and collateral
	// document must be valid. It is required: attestation results must be
	// reproducible, so Verify never reads the clock.
	Now time.Time
	// Root is the trust anchor. Nil means the Intel SGX Root CA embedded in
	// this package and checked against its pinned SHA-256 fingerprint.
	// Tests and private deployments set their own.
	Root *x509.Certificate
}

//go:embed intel_sgx_root_ca.pem
var intelRootPEM []byte

// intelRootSHA256 is the SHA-256 of the DER Intel SGX Root CA, as published
// by Intel and recorded in the test data's PROVENANCE.md. A changed embedded
// file fails closed rather than silently trusting another root.
const intelRootSHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3"

// intelRoot parses the embedded root once. The certificate is never handed
// to callers, so sharing it is safe.
var intelRoot = sync.OnceValues(func() (*x509.Certificate, error) {
	blk, _ := pem.Decode(intelRootPEM)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%w: dcap: embedded Intel SGX Root CA is not a PEM certificate", attest.ErrChain)
	}
	sum := sha256.Sum256(blk.Bytes)
	if hex.EncodeToString(sum[:]) != intelRootSHA256 {
		return nil, fmt.Errorf("%w: dcap: embedded Intel SGX Root CA fingerprint %x is not the pinned %s", attest.ErrChain, sum, intelRootSHA256)
	}
	return x509.ParseCertificate(blk.Bytes)
})

// Common-name checks of Intel's QVL (4.1.2.4.4 and the TCB signing chain):
// they stop a certificate of one role, which the root also signed, from
// being used in another.
const (
	pckLeafCNPhrase   = "SGX PCK Certificate"
	pckPlatformCA     = "Intel SGX PCK Platform CA"
	pckProcessorCA    = "Intel SGX PCK Processor CA"
	tcbSigningCN      = "Intel SGX TCB Signing"
	sgxQEIdentityID   = "QE"
	tdxQEIdentityID   = "TD_QE"
	tdxModuleIDPrefix = "TDX_"
)

// window narrows to the intersection of the validity periods of everything
// the verification relies on, failing as soon as one excludes now.
type window struct {
	now                 time.Time
	notBefore, notAfter time.Time
	oldestIssue         time.Time
}

func (w *window) add(what string, from, until time.Time) error {
	if w.now.Before(from) || w.now.After(until) {
		return fmt.Errorf("%w: dcap: %s is not valid at %s (valid %s to %s)", attest.ErrExpired,
			what, w.now.UTC().Format(time.RFC3339), from.UTC().Format(time.RFC3339), until.UTC().Format(time.RFC3339))
	}
	if w.notBefore.IsZero() || from.After(w.notBefore) {
		w.notBefore = from
	}
	if w.notAfter.IsZero() || until.Before(w.notAfter) {
		w.notAfter = until
	}
	return nil
}

func (w *window) issued(t time.Time) {
	if w.oldestIssue.IsZero() || t.Before(w.oldestIssue) {
		w.oldestIssue = t
	}
}

// Verify checks a DCAP quote against the collateral and returns its claims.
// See the package documentation for the list of checks. Every rejection
// wraps one of the attest sentinel errors with the precise failed check.
//
// A platform whose TCB level is Revoked, OutOfDate or needs configuration
// still verifies: those are results, reported in Claims.TCBStatus and
// Claims.Advisories for the policy to judge. A platform that reaches no
// TCB level at all fails with attest.ErrTCBLevel.
func Verify(quoteBytes []byte, col *Collateral, opts Options) (*attest.Claims, error) {
	if opts.Now.IsZero() {
		return nil, errors.New("dcap: Options.Now is zero; pass the verification time explicitly")
	}
	if col == nil || col.PCKCRL == nil || col.RootCRL == nil || col.TCBInfo == nil || col.QEIdentity == nil {
		return nil, collateralErr("collateral is incomplete (need PCK CRL, root CA CRL, TCB info and QE identity)")
	}
	root := opts.Root
	if root == nil {
		var err error
		if root, err = intelRoot(); err != nil {
			return nil, err
		}
	}
	q, err := parseQuote(quoteBytes)
	if err != nil {
		return nil, err
	}
	w := &window{now: opts.Now}
	if err := w.add("root CA certificate", root.NotBefore, root.NotAfter); err != nil {
		return nil, err
	}

	// PCK chain from the quote, then its revocation (4.1.2.4.4 to .7). The
	// chain comes first so that evidence from another root is reported as
	// such, not as a CRL mismatch.
	leaf, ca, err := verifyPCKChain(q.pckChainPEM, root, w)
	if err != nil {
		return nil, err
	}
	// The root CA CRL revokes PCK CAs and the TCB signing certificate.
	if err := checkCRL(col.RootCRL, root, "root CA CRL", w); err != nil {
		return nil, err
	}
	if revoked(col.RootCRL, ca) {
		return nil, fmt.Errorf("%w: dcap: PCK CA certificate serial %x is revoked by the root CA CRL", attest.ErrRevoked, ca.SerialNumber)
	}
	if err := checkCRL(col.PCKCRL, ca, "PCK CRL", w); err != nil {
		return nil, err
	}
	if revoked(col.PCKCRL, leaf) {
		return nil, fmt.Errorf("%w: dcap: PCK certificate serial %x is revoked by the PCK CRL", attest.ErrRevoked, leaf.SerialNumber)
	}
	pck, err := parsePCKExtensions(x509Extensions(leaf))
	if err != nil {
		return nil, err
	}

	// Collateral documents and their signing chain.
	if err := verifySignedDocument("TCB info", col.TCBInfoBody, col.TCBInfoSignature, col.TCBInfoIssuerChain, root, col.RootCRL, w); err != nil {
		return nil, err
	}
	info := col.TCBInfo
	if err := w.add("TCB info", info.IssueDate, info.NextUpdate); err != nil {
		return nil, err
	}
	w.issued(info.IssueDate)
	if err := verifySignedDocument("QE identity", col.QEIdentityBody, col.QEIdentitySignature, col.QEIdentityIssuerChain, root, col.RootCRL, w); err != nil {
		return nil, err
	}
	qeID := col.QEIdentity
	if err := w.add("QE identity", qeID.IssueDate, qeID.NextUpdate); err != nil {
		return nil, err
	}
	w.issued(qeID.IssueDate)
	w.issued(col.PCKCRL.ThisUpdate)
	w.issued(col.RootCRL.ThisUpdate)

	// 4.1.2.4.9 and .10: the TCB info must be for this TEE and platform.
	isTDX := q.teeType == teeTypeTDX
	wantID := "SGX"
	if isTDX {
		wantID = "TDX"
	}
	if info.ID != wantID {
		return nil, collateralErr("TCB info is for %s, the quote is %s", info.ID, wantID)
	}
	if isTDX && info.Version < 3 {
		return nil, collateralErr("TCB info version %d cannot describe TDX", info.Version)
	}
	if info.FMSPC != pck.fmspc {
		return nil, collateralErr("TCB info is for FMSPC %x, the PCK certificate has %x", info.FMSPC, pck.fmspc)
	}
	if info.PCEID != pck.pceID {
		return nil, collateralErr("TCB info is for PCE-ID %x, the PCK certificate has %x", info.PCEID, pck.pceID)
	}

	var td tdReport
	var module *TDXModuleIdentity
	if isTDX {
		td = parseTDReport(q.body)
		if module, err = checkTDXModule(info, td); err != nil {
			return nil, err
		}
	}

	// 4.1.2.4.12: the PCK key signed the QE report.
	pckKey, ok := leaf.PublicKey.(*ecdsa.PublicKey)
	if !ok || pckKey.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%w: dcap: PCK certificate key is not ECDSA P-256", attest.ErrChain)
	}
	if !verifyRaw(pckKey, q.qeReport, q.qeReportSig) {
		return nil, fmt.Errorf("%w: dcap: QE report signature does not verify under the PCK certificate key", attest.ErrQEReport)
	}
	qe := parseEnclaveReport(q.qeReport)

	// 4.1.2.4.13: the QE vouches for the attestation key through its
	// report data.
	h := sha256.New()
	h.Write(q.attestKey)
	h.Write(q.qeAuthData)
	if !bytes.Equal(qe.reportData[:32], h.Sum(nil)) {
		return nil, fmt.Errorf("%w: dcap: QE report data is not SHA-256(attestation key ‖ QE auth data)", attest.ErrAttestKeyBind)
	}
	if !allZero(qe.reportData[32:]) {
		return nil, fmt.Errorf("%w: dcap: QE report data bytes 32..63 are not zero", attest.ErrAttestKeyBind)
	}

	// 4.1.2.4.14 and .15: the QE is Intel's, at a known ISVSVN level.
	qeLevel, err := checkQEIdentity(qeID, qe, isTDX)
	if err != nil {
		return nil, err
	}

	// 4.1.2.4.16: the attestation key signed header and body.
	ak, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append([]byte{4}, q.attestKey...))
	if err != nil {
		return nil, fmt.Errorf("%w: dcap: attestation key is not a P-256 point", attest.ErrSignature)
	}
	if !verifyRaw(ak, q.signed, q.sig) {
		return nil, fmt.Errorf("%w: dcap: quote signature does not verify under the attestation key", attest.ErrSignature)
	}

	// 4.1.2.4.17: TCB level.
	var teeTCBSVN []byte
	if isTDX {
		teeTCBSVN = td.teeTCBSVN
	}
	status, advisories, err := evaluateTCB(info, pck, teeTCBSVN, module, qeLevel)
	if err != nil {
		return nil, err
	}

	c := &attest.Claims{
		Registers:        map[string][]byte{},
		SVNs:             map[string]uint64{"QE_SVN": uint64(qe.isvSVN), "PCE_SVN": uint64(pck.pceSVN)},
		TCBStatus:        status,
		Advisories:       advisories,
		NotBefore:        w.notBefore,
		NotAfter:         w.notAfter,
		CollateralIssued: w.oldestIssue,
	}
	if isTDX {
		c.Kind = attest.KindTDX
		c.Registers["MRTD"] = bytes.Clone(td.mrTD)
		for i, r := range td.rtmr {
			c.Registers[fmt.Sprintf("RTMR%d", i)] = bytes.Clone(r)
		}
		c.Registers["MRSEAM"] = bytes.Clone(td.mrSeam)
		c.Registers["MRCONFIGID"] = bytes.Clone(td.mrConfigID)
		c.Registers["MROWNER"] = bytes.Clone(td.mrOwner)
		c.Registers["MROWNERCONFIG"] = bytes.Clone(td.mrOwnerConfig)
		if td.mrServiceTD != nil {
			c.Registers["MRSERVICETD"] = bytes.Clone(td.mrServiceTD)
		}
		c.Debug = td.tdAttributes[0]&0x01 != 0 // TD_ATTRIBUTES.DEBUG
		c.ReportData = bytes.Clone(td.reportData)
	} else {
		app := parseEnclaveReport(q.body)
		c.Kind = attest.KindSGX
		c.Registers["MRENCLAVE"] = bytes.Clone(app.mrEnclave)
		c.Registers["MRSIGNER"] = bytes.Clone(app.mrSigner)
		c.SVNs["ISVPRODID"] = uint64(app.isvProdID)
		c.SVNs["ISVSVN"] = uint64(app.isvSVN)
		c.Debug = app.attributes[0]&0x02 != 0 // ATTRIBUTES.DEBUG
		c.ReportData = bytes.Clone(app.reportData)
	}
	return c, nil
}

// verifyPCKChain checks leaf → PCK CA → root from the quote's PEM chain and
// returns the leaf and its CA. A root included in the chain must be the
// trust anchor itself, byte for byte.
func verifyPCKChain(chainPEM []byte, root *x509.Certificate, w *window) (leaf, ca *x509.Certificate, err error) {
	certs, err := parsePEMCerts(chainPEM)
	if err != nil {
		return nil, nil, formatErr("quote PCK chain %v", err)
	}
	switch {
	case len(certs) < 2:
		return nil, nil, fmt.Errorf("%w: dcap: PCK chain has %d certificates; want leaf, PCK CA and root", attest.ErrChain, len(certs))
	case len(certs) > 3:
		return nil, nil, fmt.Errorf("%w: dcap: PCK chain has %d certificates; want leaf, PCK CA and root", attest.ErrChain, len(certs))
	case len(certs) == 3 && !certs[2].Equal(root):
		return nil, nil, fmt.Errorf("%w: dcap: PCK chain ends in %q, not the pinned root", attest.ErrChain, certs[2].Subject.CommonName)
	}
	leaf, ca = certs[0], certs[1]
	if cn := ca.Subject.CommonName; cn != pckPlatformCA && cn != pckProcessorCA {
		return nil, nil, fmt.Errorf("%w: dcap: PCK CA is %q, not an Intel SGX PCK Platform or Processor CA", attest.ErrChain, cn)
	}
	if !strings.Contains(leaf.Subject.CommonName, pckLeafCNPhrase) {
		return nil, nil, fmt.Errorf("%w: dcap: PCK certificate subject %q lacks %q", attest.ErrChain, leaf.Subject.CommonName, pckLeafCNPhrase)
	}
	if err := checkIssued(ca, root, "PCK CA certificate", "the pinned root"); err != nil {
		return nil, nil, err
	}
	if err := checkIssued(leaf, ca, "PCK certificate", "the PCK CA"); err != nil {
		return nil, nil, err
	}
	if err := w.add("PCK CA certificate", ca.NotBefore, ca.NotAfter); err != nil {
		return nil, nil, err
	}
	if err := w.add("PCK certificate", leaf.NotBefore, leaf.NotAfter); err != nil {
		return nil, nil, err
	}
	return leaf, ca, nil
}

// checkIssued checks that parent issued child: names, CA bit, signature,
// and no critical extension that we do not understand.
func checkIssued(child, parent *x509.Certificate, childName, parentName string) error {
	if len(child.UnhandledCriticalExtensions) != 0 {
		return fmt.Errorf("%w: dcap: %s has unhandled critical extension %v", attest.ErrChain, childName, child.UnhandledCriticalExtensions[0])
	}
	if !bytes.Equal(child.RawIssuer, parent.RawSubject) {
		return fmt.Errorf("%w: dcap: %s issuer %q is not %s %q", attest.ErrChain, childName, child.Issuer.CommonName, parentName, parent.Subject.CommonName)
	}
	if err := child.CheckSignatureFrom(parent); err != nil {
		return fmt.Errorf("%w: dcap: %s signature does not verify under %s: %v", attest.ErrChain, childName, parentName, err)
	}
	return nil
}

// checkCRL checks a CRL's issuer, signature and validity window.
func checkCRL(crl *x509.RevocationList, issuer *x509.Certificate, what string, w *window) error {
	if !bytes.Equal(crl.RawIssuer, issuer.RawSubject) {
		return collateralErr("%s is issued by %q, not %q", what, crl.Issuer.CommonName, issuer.Subject.CommonName)
	}
	if err := crl.CheckSignatureFrom(issuer); err != nil {
		return collateralErr("%s signature does not verify under %q: %v", what, issuer.Subject.CommonName, err)
	}
	if crl.NextUpdate.IsZero() {
		return collateralErr("%s has no nextUpdate", what)
	}
	return w.add(what, crl.ThisUpdate, crl.NextUpdate)
}

func revoked(crl *x509.RevocationList, cert *x509.Certificate) bool {
	for _, e := range crl.RevokedCertificateEntries {
		if e.SerialNumber != nil && e.SerialNumber.Cmp(cert.SerialNumber) == 0 {
			return true
		}
	}
	return false
}

// verifySignedDocument checks a TCB info or QE identity signature and the
// TCB signing chain it names: signing certificate → root, valid, not
// revoked by the root CA CRL.
func verifySignedDocument(what string, body, sig []byte, chain []*x509.Certificate, root *x509.Certificate, rootCRL *x509.RevocationList, w *window) error {
	if len(chain) == 0 {
		return collateralErr("%s has no issuer chain", what)
	}
	if len(chain) > 2 || (len(chain) == 2 && !chain[1].Equal(root)) {
		return fmt.Errorf("%w: dcap: %s issuer chain is not TCB signing certificate, pinned root", attest.ErrChain, what)
	}
	signer := chain[0]
	if signer.Subject.CommonName != tcbSigningCN {
		return fmt.Errorf("%w: dcap: %s is signed by %q, not %q", attest.ErrChain, what, signer.Subject.CommonName, tcbSigningCN)
	}
	if err := checkIssued(signer, root, what+" signing certificate", "the pinned root"); err != nil {
		return err
	}
	if err := w.add(what+" signing certificate", signer.NotBefore, signer.NotAfter); err != nil {
		return err
	}
	if revoked(rootCRL, signer) {
		return fmt.Errorf("%w: dcap: %s signing certificate serial %x is revoked by the root CA CRL", attest.ErrRevoked, what, signer.SerialNumber)
	}
	key, ok := signer.PublicKey.(*ecdsa.PublicKey)
	if !ok || key.Curve != elliptic.P256() {
		return fmt.Errorf("%w: dcap: %s signing key is not ECDSA P-256", attest.ErrChain, what)
	}
	if !verifyRaw(key, body, sig) {
		return collateralErr("%s signature does not verify under the TCB signing key", what)
	}
	return nil
}

// verifyRaw checks an ECDSA-P256-SHA256 signature given as r ‖ s.
func verifyRaw(pub *ecdsa.PublicKey, msg, sig []byte) bool {
	if len(sig) != ecdsaSigLen {
		return false
	}
	digest := sha256.Sum256(msg)
	r := new(big.Int).SetBytes(sig[:32])
	s := new(big.Int).SetBytes(sig[32:])
	return ecdsa.Verify(pub, digest[:], r, s)
}

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

func x509Extensions(c *x509.Certificate) []extension {
	out := make([]extension, len(c.Extensions))
	for i, e := range c.Extensions {
		out[i] = extension{id: e.Id, value: e.Value}
	}
	return out
}

// checkTDXModule implements 4.1.2.4.11: the SEAM module's signer and
// attributes must be those the TCB info names, taken from the module
// identity of the module's major version when TEE_TCB_SVN[1] > 0.
func checkTDXModule(info *TCBInfo, td tdReport) (*TDXModuleIdentity, error) {
	expect := info.TDXModule
	var ident *TDXModuleIdentity
	if version := td.teeTCBSVN[1]; version > 0 {
		id := fmt.Sprintf("%s%02X", tdxModuleIDPrefix, version)
		for i := range info.TDXModuleIdentities {
			if strings.EqualFold(info.TDXModuleIdentities[i].ID, id) {
				ident = &info.TDXModuleIdentities[i]
				break
			}
		}
		if ident == nil {
			return nil, fmt.Errorf("%w: dcap: TCB info has no TDX module identity %s", attest.ErrTCBLevel, id)
		}
		expect = &ident.TDXModule
	}
	if expect == nil {
		return nil, collateralErr("TDX TCB info lacks tdxModule")
	}
	if !bytes.Equal(td.mrSignerSeam, expect.MRSigner[:]) {
		return nil, fmt.Errorf("%w: dcap: MRSIGNERSEAM %x is not the TDX module signer %x", attest.ErrTCBLevel, td.mrSignerSeam, expect.MRSigner)
	}
	// Intel requires SEAM attributes to be zero and equal to the expected
	// value, not merely equal under the mask.
	if !allZero(td.seamAttributes) || !bytes.Equal(td.seamAttributes, expect.Attributes[:]) {
		return nil, fmt.Errorf("%w: dcap: SEAM attributes %x are not the TDX module's %x", attest.ErrTCBLevel, td.seamAttributes, expect.Attributes)
	}
	return ident, nil
}

// checkQEIdentity implements Intel's enclave report verification of the QE
// (4.1.2.9.5 to .10) and returns the QE's TCB level.
func checkQEIdentity(id *EnclaveIdentity, qe enclaveReport, isTDX bool) (*ISVSVNLevel, error) {
	want := sgxQEIdentityID
	if isTDX {
		want = tdxQEIdentityID
	}
	if id.ID != want {
		return nil, collateralErr("QE identity is %q, the quote needs %q", id.ID, want)
	}
	if qe.miscSelect&id.MiscSelectMask != id.MiscSelect {
		return nil, fmt.Errorf("%w: dcap: QE MISCSELECT %08x under mask %08x is not %08x", attest.ErrQEReport, qe.miscSelect, id.MiscSelectMask, id.MiscSelect)
	}
	for i := range id.Attributes {
		if qe.attributes[i]&id.AttributesMask[i] != id.Attributes[i] {
			return nil, fmt.Errorf("%w: dcap: QE ATTRIBUTES %x under mask %x are not %x", attest.ErrQEReport, qe.attributes, id.AttributesMask, id.Attributes)
		}
	}
	if !bytes.Equal(qe.mrSigner, id.MRSigner[:]) {
		return nil, fmt.Errorf("%w: dcap: QE MRSIGNER %x is not Intel's %x", attest.ErrQEReport, qe.mrSigner, id.MRSigner)
	}
	if qe.isvProdID != id.ISVProdID {
		return nil, fmt.Errorf("%w: dcap: QE ISVPRODID %d is not %d", attest.ErrQEReport, qe.isvProdID, id.ISVProdID)
	}
	for i := range id.TCBLevels {
		if qe.isvSVN >= id.TCBLevels[i].ISVSVN {
			return &id.TCBLevels[i], nil
		}
	}
	return nil, fmt.Errorf("%w: dcap: QE ISVSVN %d is below every QE identity TCB level", attest.ErrTCBLevel, qe.isvSVN)
}

// evaluateTCB implements Intel's TCB level matching (QVL TcbLevelCheck)
// and status convergence. teeTCBSVN is nil for SGX.
func evaluateTCB(info *TCBInfo, pck *pckExtensions, teeTCBSVN []byte, module *TDXModuleIdentity, qe *ISVSVNLevel) (attest.TCBStatus, []string, error) {
	var sgxLevel, tdxLevel *TCBLevel
	for i := range info.TCBLevels {
		l := &info.TCBLevels[i]
		if !componentsAtLeast(pck.sgxComponents[:], l.SGXComponents[:], 0) || pck.pceSVN < l.PCESVN {
			continue
		}
		if sgxLevel == nil {
			sgxLevel = l
		}
		if teeTCBSVN == nil {
			break
		}
		// With a TDX module major version > 0, its SVN and version
		// (bytes 0 and 1) are judged by the module identity instead.
		start := 0
		if teeTCBSVN[1] > 0 {
			start = 2
		}
		if componentsAtLeast(teeTCBSVN, l.TDXComponents[:], start) {
			tdxLevel = l
			break
		}
	}
	if sgxLevel == nil {
		return "", nil, fmt.Errorf("%w: dcap: platform SGX TCB (components %x, PCESVN %d) is below every TCB level of FMSPC %x",
			attest.ErrTCBLevel, pck.sgxComponents, pck.pceSVN, info.FMSPC)
	}
	var advisories []string
	addAdvisories := func(ids []string) {
		for _, id := range ids {
			if !slices.Contains(advisories, id) {
				advisories = append(advisories, id)
			}
		}
	}

	status := sgxLevel.Status
	if teeTCBSVN == nil {
		addAdvisories(sgxLevel.Advisories)
	} else {
		if tdxLevel == nil {
			return "", nil, fmt.Errorf("%w: dcap: TDX TCB (TEE_TCB_SVN %x) is below every TCB level the SGX TCB reaches", attest.ErrTCBLevel, teeTCBSVN)
		}
		status = tdxLevel.Status
		addAdvisories(tdxLevel.Advisories)
		if teeTCBSVN[1] > 0 {
			if module == nil {
				return "", nil, fmt.Errorf("%w: dcap: no TDX module identity for module version %d", attest.ErrTCBLevel, teeTCBSVN[1])
			}
			var ml *ISVSVNLevel
			for i := range module.Levels {
				if uint16(teeTCBSVN[0]) >= module.Levels[i].ISVSVN {
					ml = &module.Levels[i]
					break
				}
			}
			if ml == nil {
				return "", nil, fmt.Errorf("%w: dcap: TDX module %s ISVSVN %d is below every module TCB level", attest.ErrTCBLevel, module.ID, teeTCBSVN[0])
			}
			status = converge(status, ml.Status)
			addAdvisories(ml.Advisories)
		}
	}
	status = converge(status, qe.Status)
	addAdvisories(qe.Advisories)
	return status, advisories, nil
}

// converge combines a platform status with the status of a QE or TDX
// module level, as Intel's QVL does (convergeTcbStatusWithQeTcbStatus and
// convergeTcbStatusWithTdxModuleStatus): an out-of-date component makes
// the platform out of date, keeping a configuration-needed qualifier; a
// revoked component revokes it.
func converge(platform, component attest.TCBStatus) attest.TCBStatus {
	switch component {
	case attest.TCBRevoked:
		return attest.TCBRevoked
	case attest.TCBOutOfDate:
		switch platform {
		case attest.TCBUpToDate, attest.TCBSWHardeningNeeded:
			return attest.TCBOutOfDate
		case attest.TCBConfigurationNeeded, attest.TCBConfigurationAndSWHardeningNeeded:
			return attest.TCBOutOfDateConfigurationNeeded
		}
	}
	return platform
}

func componentsAtLeast(have, need []byte, start int) bool {
	for i := start; i < len(need); i++ {
		if have[i] < need[i] {
			return false
		}
	}
	return true
}
