package dcap

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/anonify-go/anonify/attest"
)

// Collateral is the Intel-issued data a quote is judged against, parsed but
// not yet trusted: Verify checks every signature, chain and validity window
// against Options.Root and Options.Now. A Collateral is read-only after
// parsing and may be shared by concurrent Verify calls.
type Collateral struct {
	// PCKCRL is the CRL of the PCK CA (Platform or Processor) that issued
	// the quote's PCK certificate. Verify checks it against that CA.
	PCKCRL *x509.RevocationList
	// PCKCRLIssuerChain is the chain the CRL came with (PCK CA, root). It
	// is informational: Verify trusts the CA from the quote's own chain,
	// which it has checked up to the pinned root.
	PCKCRLIssuerChain []*x509.Certificate
	// RootCRL is the Intel SGX Root CA's CRL; it revokes intermediates.
	RootCRL *x509.RevocationList

	TCBInfo *TCBInfo
	// TCBInfoBody is the exact signed text of the tcbInfo object.
	TCBInfoBody []byte
	// TCBInfoSignature is the raw ECDSA-P256 signature r ‖ s over
	// TCBInfoBody by the Intel SGX TCB Signing key.
	TCBInfoSignature   []byte
	TCBInfoIssuerChain []*x509.Certificate

	QEIdentity            *EnclaveIdentity
	QEIdentityBody        []byte
	QEIdentitySignature   []byte
	QEIdentityIssuerChain []*x509.Certificate
}

// TCBInfo is Intel's signed list of TCB levels for one platform family
// (FMSPC), TCB info format version 2 (SGX) or 3 (SGX and TDX).
type TCBInfo struct {
	ID                      string // "SGX" or "TDX"; version 2 has no id and is SGX
	Version                 int
	IssueDate               time.Time
	NextUpdate              time.Time
	FMSPC                   [6]byte
	PCEID                   [2]byte
	TCBType                 int
	TCBEvaluationDataNumber int
	// TDXModule and TDXModuleIdentities describe the SEAM module; present
	// only in TDX TCB info.
	TDXModule           *TDXModule
	TDXModuleIdentities []TDXModuleIdentity
	// TCBLevels are in the order Intel publishes them, newest first; the
	// matching algorithm takes the first level the platform reaches.
	TCBLevels []TCBLevel
}

// TCBLevel is one platform TCB level.
type TCBLevel struct {
	SGXComponents [16]byte
	PCESVN        uint16
	TDXComponents [16]byte // TDX TCB info only
	TCBDate       time.Time
	Status        attest.TCBStatus
	Advisories    []string
}

// TDXModule is the expected SEAM module signer and attributes.
type TDXModule struct {
	MRSigner       [48]byte
	Attributes     [8]byte
	AttributesMask [8]byte
}

// TDXModuleIdentity gives the levels of one TDX module major version; its
// ID is "TDX_" followed by the version in two hex digits.
type TDXModuleIdentity struct {
	ID string
	TDXModule
	Levels []ISVSVNLevel
}

// ISVSVNLevel is a TCB level of an enclave or module identified by ISVSVN.
type ISVSVNLevel struct {
	ISVSVN     uint16
	TCBDate    time.Time
	Status     attest.TCBStatus
	Advisories []string
}

// EnclaveIdentity is Intel's signed identity of its quoting enclave ("QE"
// for SGX, "TD_QE" for TDX), format version 2.
type EnclaveIdentity struct {
	ID                      string
	Version                 int
	IssueDate               time.Time
	NextUpdate              time.Time
	TCBEvaluationDataNumber int
	MiscSelect              uint32
	MiscSelectMask          uint32
	Attributes              [16]byte
	AttributesMask          [16]byte
	MRSigner                [32]byte
	ISVProdID               uint16
	TCBLevels               []ISVSVNLevel
}

func collateralErr(format string, args ...any) error {
	return fmt.Errorf("%w: dcap: "+format, append([]any{attest.ErrCollateral}, args...)...)
}

// collateralJSON is the bundle dcap-qvl uses (QuoteCollateralV3 in JSON).
type collateralJSON struct {
	PCKCRLIssuerChain     string `json:"pck_crl_issuer_chain"`
	RootCACRL             string `json:"root_ca_crl"`
	PCKCRL                string `json:"pck_crl"`
	TCBInfoIssuerChain    string `json:"tcb_info_issuer_chain"`
	TCBInfo               string `json:"tcb_info"`
	TCBInfoSignature      string `json:"tcb_info_signature"`
	QEIdentityIssuerChain string `json:"qe_identity_issuer_chain"`
	QEIdentity            string `json:"qe_identity"`
	QEIdentitySignature   string `json:"qe_identity_signature"`
}

// ParseCollateralJSON parses the JSON collateral bundle of dcap-qvl
// (QuoteCollateralV3): PEM issuer chains, hex DER CRLs, the TCB info and
// QE identity as the exact signed JSON text, and hex r ‖ s signatures.
func ParseCollateralJSON(b []byte) (*Collateral, error) {
	var j collateralJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, collateralErr("collateral bundle is not JSON: %v", err)
	}
	fields := []struct{ name, v string }{
		{"pck_crl_issuer_chain", j.PCKCRLIssuerChain}, {"root_ca_crl", j.RootCACRL}, {"pck_crl", j.PCKCRL},
		{"tcb_info_issuer_chain", j.TCBInfoIssuerChain}, {"tcb_info", j.TCBInfo}, {"tcb_info_signature", j.TCBInfoSignature},
		{"qe_identity_issuer_chain", j.QEIdentityIssuerChain}, {"qe_identity", j.QEIdentity}, {"qe_identity_signature", j.QEIdentitySignature},
	}
	for _, f := range fields {
		if f.v == "" {
			return nil, collateralErr("collateral bundle lacks %s", f.name)
		}
	}
	c := &Collateral{}
	var err error
	if c.PCKCRLIssuerChain, err = parseChain([]byte(j.PCKCRLIssuerChain), "PCK CRL issuer chain"); err != nil {
		return nil, err
	}
	if c.RootCRL, err = parseHexCRL(j.RootCACRL, "root CA CRL"); err != nil {
		return nil, err
	}
	if c.PCKCRL, err = parseHexCRL(j.PCKCRL, "PCK CRL"); err != nil {
		return nil, err
	}
	if c.TCBInfoIssuerChain, err = parseChain([]byte(j.TCBInfoIssuerChain), "TCB info issuer chain"); err != nil {
		return nil, err
	}
	if c.QEIdentityIssuerChain, err = parseChain([]byte(j.QEIdentityIssuerChain), "QE identity issuer chain"); err != nil {
		return nil, err
	}
	if err := c.setTCBInfo([]byte(j.TCBInfo), j.TCBInfoSignature); err != nil {
		return nil, err
	}
	if err := c.setQEIdentity([]byte(j.QEIdentity), j.QEIdentitySignature); err != nil {
		return nil, err
	}
	return c, nil
}

// Names LoadCollateralDir accepts for each item, first match wins. The
// first name of each is what go-tdx-guest's test data uses.
var (
	dirTCBInfo      = []string{"sample_tcbInfo_response", "tcb_info.json", "tcbInfo.json"}
	dirQEIdentity   = []string{"sample_qeIdentity_response", "qe_identity.json", "qeIdentity.json"}
	dirSigningChain = []string{"tcb_signing_chain.pem", "tcb_info_issuer_chain.pem"}
	dirPCKCRL       = []string{"pckcrl", "pck_crl.der", "pckcrl.der"}
	dirPCKCRLChain  = []string{"pck_crl_issuer_chain.pem"}
	dirRootCRL      = []string{"rootcrl.der", "root_ca_crl.der", "rootcrl"}
)

// maxCollateralLen bounds each collateral file; real ones are under 20 KiB.
const maxCollateralLen = 1 << 20

// LoadCollateralDir reads collateral stored as Intel PCS responses in a
// folder, go-tdx-guest style: the TCB info and QE identity response bodies
// ({"tcbInfo"|"enclaveIdentity": {…}, "signature": "<hex r‖s>"}), the TCB
// signing chain that came in their issuer-chain header (PEM), the PCK CRL
// (DER or PEM) with its issuer chain, and the root CA CRL.
func LoadCollateralDir(dir string) (*Collateral, error) {
	read := func(names []string, what string, optional bool) ([]byte, error) {
		for _, n := range names {
			b, err := readBounded(filepath.Join(dir, n))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, collateralErr("reading %s: %v", what, err)
			}
			return b, nil
		}
		if optional {
			return nil, nil
		}
		return nil, collateralErr("%s missing in %s (looked for %s)", what, dir, strings.Join(names, ", "))
	}
	c := &Collateral{}
	tcb, err := read(dirTCBInfo, "TCB info", false)
	if err != nil {
		return nil, err
	}
	qe, err := read(dirQEIdentity, "QE identity", false)
	if err != nil {
		return nil, err
	}
	chainPEM, err := read(dirSigningChain, "TCB signing chain", false)
	if err != nil {
		return nil, err
	}
	pckCRL, err := read(dirPCKCRL, "PCK CRL", false)
	if err != nil {
		return nil, err
	}
	pckChain, err := read(dirPCKCRLChain, "PCK CRL issuer chain", true)
	if err != nil {
		return nil, err
	}
	rootCRL, err := read(dirRootCRL, "root CA CRL", false)
	if err != nil {
		return nil, err
	}

	if c.TCBInfoIssuerChain, err = parseChain(chainPEM, "TCB signing chain"); err != nil {
		return nil, err
	}
	c.QEIdentityIssuerChain = c.TCBInfoIssuerChain
	if pckChain != nil {
		if c.PCKCRLIssuerChain, err = parseChain(pckChain, "PCK CRL issuer chain"); err != nil {
			return nil, err
		}
	}
	if c.PCKCRL, err = parseCRL(pckCRL, "PCK CRL"); err != nil {
		return nil, err
	}
	if c.RootCRL, err = parseCRL(rootCRL, "root CA CRL"); err != nil {
		return nil, err
	}
	body, sig, err := splitPCSResponse(tcb, "tcbInfo")
	if err != nil {
		return nil, err
	}
	if err := c.setTCBInfo(body, sig); err != nil {
		return nil, err
	}
	if body, sig, err = splitPCSResponse(qe, "enclaveIdentity"); err != nil {
		return nil, err
	}
	if err := c.setQEIdentity(body, sig); err != nil {
		return nil, err
	}
	return c, nil
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCollateralLen+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > maxCollateralLen {
		return nil, fmt.Errorf("larger than %d bytes", maxCollateralLen)
	}
	return b, nil
}

// splitPCSResponse returns the raw bytes of the signed member of a PCS
// response body and its hex signature. json.RawMessage keeps the member's
// bytes exactly as they appear, which is what Intel signed.
func splitPCSResponse(b []byte, member string) ([]byte, string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, "", collateralErr("%s response is not JSON: %v", member, err)
	}
	body, ok := m[member]
	if !ok {
		return nil, "", collateralErr("%s response lacks %q", member, member)
	}
	var sig string
	if err := json.Unmarshal(m["signature"], &sig); err != nil || sig == "" {
		return nil, "", collateralErr("%s response lacks a string \"signature\"", member)
	}
	return body, sig, nil
}

func parseSignature(h, what string) ([]byte, error) {
	sig, err := hex.DecodeString(h)
	if err != nil || len(sig) != ecdsaSigLen {
		return nil, collateralErr("%s signature is not %d bytes of hex", what, ecdsaSigLen)
	}
	return sig, nil
}

func (c *Collateral) setTCBInfo(body []byte, sigHex string) error {
	sig, err := parseSignature(sigHex, "TCB info")
	if err != nil {
		return err
	}
	info, err := parseTCBInfo(body)
	if err != nil {
		return err
	}
	c.TCBInfo, c.TCBInfoBody, c.TCBInfoSignature = info, body, sig
	return nil
}

func (c *Collateral) setQEIdentity(body []byte, sigHex string) error {
	sig, err := parseSignature(sigHex, "QE identity")
	if err != nil {
		return err
	}
	id, err := parseEnclaveIdentity(body)
	if err != nil {
		return err
	}
	c.QEIdentity, c.QEIdentityBody, c.QEIdentitySignature = id, body, sig
	return nil
}

// parseChain parses a PEM certificate chain of the collateral.
func parseChain(b []byte, what string) ([]*x509.Certificate, error) {
	certs, err := parsePEMCerts(b)
	if err != nil {
		return nil, collateralErr("%s: %v", what, err)
	}
	return certs, nil
}

// parsePEMCerts parses concatenated PEM certificates; only CERTIFICATE
// blocks and whitespace or NUL padding may appear.
func parsePEMCerts(b []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	rest := b
	for {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("holds a %q PEM block", blk.Type)
		}
		cert, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d: %v", len(certs), err)
		}
		certs = append(certs, cert)
	}
	if len(bytes.Trim(rest, " \t\r\n\x00")) != 0 {
		return nil, errors.New("has data that is not a PEM certificate")
	}
	if len(certs) == 0 {
		return nil, errors.New("holds no certificate")
	}
	return certs, nil
}

func parseHexCRL(h, what string) (*x509.RevocationList, error) {
	der, err := hex.DecodeString(h)
	if err != nil {
		return nil, collateralErr("%s is not hex: %v", what, err)
	}
	return parseCRL(der, what)
}

// parseCRL accepts DER or a single PEM "X509 CRL" block.
func parseCRL(b []byte, what string) (*x509.RevocationList, error) {
	if blk, rest := pem.Decode(b); blk != nil {
		if blk.Type != "X509 CRL" || len(bytes.TrimSpace(rest)) != 0 {
			return nil, collateralErr("%s PEM is not a single X509 CRL block", what)
		}
		b = blk.Bytes
	}
	crl, err := x509.ParseRevocationList(b)
	if err != nil {
		return nil, collateralErr("%s: %v", what, err)
	}
	return crl, nil
}

// Wire forms of the signed JSON documents. Numbers decode into fixed-size
// integers so that out-of-range values fail instead of wrapping.
type tcbInfoJSON struct {
	ID                      string          `json:"id"`
	Version                 int             `json:"version"`
	IssueDate               string          `json:"issueDate"`
	NextUpdate              string          `json:"nextUpdate"`
	FMSPC                   string          `json:"fmspc"`
	PCEID                   string          `json:"pceId"`
	TCBType                 int             `json:"tcbType"`
	TCBEvaluationDataNumber int             `json:"tcbEvaluationDataNumber"`
	TDXModule               *tdxModuleJSON  `json:"tdxModule"`
	TDXModuleIdentities     []tdxModuleJSON `json:"tdxModuleIdentities"`
	TCBLevels               []tcbLevelJSON  `json:"tcbLevels"`
}

type tdxModuleJSON struct {
	ID             string            `json:"id"`
	MRSigner       string            `json:"mrsigner"`
	Attributes     string            `json:"attributes"`
	AttributesMask string            `json:"attributesMask"`
	TCBLevels      []isvsvnLevelJSON `json:"tcbLevels"`
}

type tcbLevelJSON struct {
	TCB struct {
		SGXComponents []componentJSON `json:"sgxtcbcomponents"`
		TDXComponents []componentJSON `json:"tdxtcbcomponents"`
		PCESVN        *uint16         `json:"pcesvn"`
	} `json:"tcb"`
	TCBDate     string   `json:"tcbDate"`
	TCBStatus   string   `json:"tcbStatus"`
	AdvisoryIDs []string `json:"advisoryIDs"`
}

type componentJSON struct {
	SVN *uint8 `json:"svn"`
}

type isvsvnLevelJSON struct {
	TCB struct {
		ISVSVN *uint16 `json:"isvsvn"`
	} `json:"tcb"`
	TCBDate     string   `json:"tcbDate"`
	TCBStatus   string   `json:"tcbStatus"`
	AdvisoryIDs []string `json:"advisoryIDs"`
}

type enclaveIdentityJSON struct {
	ID                      string            `json:"id"`
	Version                 int               `json:"version"`
	IssueDate               string            `json:"issueDate"`
	NextUpdate              string            `json:"nextUpdate"`
	TCBEvaluationDataNumber int               `json:"tcbEvaluationDataNumber"`
	MiscSelect              string            `json:"miscselect"`
	MiscSelectMask          string            `json:"miscselectMask"`
	Attributes              string            `json:"attributes"`
	AttributesMask          string            `json:"attributesMask"`
	MRSigner                string            `json:"mrsigner"`
	ISVProdID               *uint16           `json:"isvprodid"`
	TCBLevels               []isvsvnLevelJSON `json:"tcbLevels"`
}

// Statuses Intel defines for platform TCB levels, and the subset for QE
// and TDX module levels.
var (
	platformStatuses = []attest.TCBStatus{
		attest.TCBUpToDate, attest.TCBSWHardeningNeeded, attest.TCBConfigurationNeeded,
		attest.TCBConfigurationAndSWHardeningNeeded, attest.TCBOutOfDate,
		attest.TCBOutOfDateConfigurationNeeded, attest.TCBRevoked,
	}
	isvStatuses = []attest.TCBStatus{attest.TCBUpToDate, attest.TCBOutOfDate, attest.TCBRevoked}
)

func parseStatus(s string, allowed []attest.TCBStatus, what string) (attest.TCBStatus, error) {
	for _, a := range allowed {
		if string(a) == s {
			return a, nil
		}
	}
	return "", collateralErr("%s has unknown tcbStatus %q", what, s)
}

func parseTime(s, what string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, collateralErr("%s is not an RFC 3339 time: %q", what, s)
	}
	return t.UTC(), nil
}

func parseHexFixed(s string, out []byte, what string) error {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(out) {
		return collateralErr("%s is not %d bytes of hex: %q", what, len(out), s)
	}
	copy(out, b)
	return nil
}

// parseTCBInfo decodes a TCB info document, version 2 or 3.
func parseTCBInfo(b []byte) (*TCBInfo, error) {
	var j tcbInfoJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, collateralErr("TCB info is not valid JSON: %v", err)
	}
	info := &TCBInfo{ID: j.ID, Version: j.Version, TCBType: j.TCBType, TCBEvaluationDataNumber: j.TCBEvaluationDataNumber}
	switch j.Version {
	case 2:
		if j.ID != "" && j.ID != "SGX" {
			return nil, collateralErr("TCB info version 2 has id %q", j.ID)
		}
		info.ID = "SGX"
	case 3:
		if j.ID != "SGX" && j.ID != "TDX" {
			return nil, collateralErr("TCB info id %q unknown; want SGX or TDX", j.ID)
		}
	default:
		return nil, collateralErr("TCB info version %d unsupported; want 2 or 3", j.Version)
	}
	// Type 0 is the only defined mapping of CPUSVN bytes to the 16 SGX
	// components; another would make the comparison meaningless.
	if j.TCBType != 0 {
		return nil, collateralErr("TCB info tcbType %d unsupported; only 0 is defined", j.TCBType)
	}
	var err error
	if info.IssueDate, err = parseTime(j.IssueDate, "TCB info issueDate"); err != nil {
		return nil, err
	}
	if info.NextUpdate, err = parseTime(j.NextUpdate, "TCB info nextUpdate"); err != nil {
		return nil, err
	}
	if err := parseHexFixed(j.FMSPC, info.FMSPC[:], "TCB info fmspc"); err != nil {
		return nil, err
	}
	if err := parseHexFixed(j.PCEID, info.PCEID[:], "TCB info pceId"); err != nil {
		return nil, err
	}
	isTDX := info.ID == "TDX"
	if isTDX {
		if j.TDXModule == nil {
			return nil, collateralErr("TDX TCB info lacks tdxModule")
		}
		m, err := parseTDXModule(j.TDXModule, "tdxModule")
		if err != nil {
			return nil, err
		}
		info.TDXModule = &m.TDXModule
		for i := range j.TDXModuleIdentities {
			mi, err := parseTDXModule(&j.TDXModuleIdentities[i], fmt.Sprintf("tdxModuleIdentities[%d]", i))
			if err != nil {
				return nil, err
			}
			if mi.ID == "" || len(mi.Levels) == 0 {
				return nil, collateralErr("tdxModuleIdentities[%d] lacks an id or TCB levels", i)
			}
			info.TDXModuleIdentities = append(info.TDXModuleIdentities, *mi)
		}
	} else if j.TDXModule != nil || len(j.TDXModuleIdentities) != 0 {
		return nil, collateralErr("SGX TCB info carries TDX module data")
	}
	if len(j.TCBLevels) == 0 {
		return nil, collateralErr("TCB info has no TCB levels")
	}

	// Version 2 names the components sgxtcbcomp01svn..sgxtcbcomp16svn;
	// decode them in a second pass, since they cannot be struct tags of an
	// array.
	var v2 struct {
		TCBLevels []struct {
			TCB map[string]json.RawMessage `json:"tcb"`
		} `json:"tcbLevels"`
	}
	if j.Version == 2 {
		if err := json.Unmarshal(b, &v2); err != nil {
			return nil, collateralErr("TCB info is not valid JSON: %v", err)
		}
	}
	for i, l := range j.TCBLevels {
		what := fmt.Sprintf("TCB info tcbLevels[%d]", i)
		lvl := TCBLevel{Advisories: l.AdvisoryIDs}
		if l.TCB.PCESVN == nil {
			return nil, collateralErr("%s lacks pcesvn", what)
		}
		lvl.PCESVN = *l.TCB.PCESVN
		if j.Version == 2 {
			for c := range 16 {
				raw, ok := v2.TCBLevels[i].TCB[fmt.Sprintf("sgxtcbcomp%02dsvn", c+1)]
				var v uint8
				if !ok || json.Unmarshal(raw, &v) != nil {
					return nil, collateralErr("%s lacks a 0..255 sgxtcbcomp%02dsvn", what, c+1)
				}
				lvl.SGXComponents[c] = v
			}
		} else if err := componentsInto(l.TCB.SGXComponents, &lvl.SGXComponents, what+" sgxtcbcomponents"); err != nil {
			return nil, err
		}
		if isTDX {
			if err := componentsInto(l.TCB.TDXComponents, &lvl.TDXComponents, what+" tdxtcbcomponents"); err != nil {
				return nil, err
			}
		} else if l.TCB.TDXComponents != nil {
			return nil, collateralErr("%s of SGX TCB info has tdxtcbcomponents", what)
		}
		if lvl.TCBDate, err = parseTime(l.TCBDate, what+" tcbDate"); err != nil {
			return nil, err
		}
		if lvl.Status, err = parseStatus(l.TCBStatus, platformStatuses, what); err != nil {
			return nil, err
		}
		info.TCBLevels = append(info.TCBLevels, lvl)
	}
	return info, nil
}

func componentsInto(cs []componentJSON, out *[16]byte, what string) error {
	if len(cs) != len(out) {
		return collateralErr("%s has %d entries, want %d", what, len(cs), len(out))
	}
	for i, c := range cs {
		if c.SVN == nil {
			return collateralErr("%s[%d] lacks svn", what, i)
		}
		out[i] = *c.SVN
	}
	return nil
}

func parseTDXModule(j *tdxModuleJSON, what string) (*TDXModuleIdentity, error) {
	m := &TDXModuleIdentity{ID: j.ID}
	if err := parseHexFixed(j.MRSigner, m.MRSigner[:], what+" mrsigner"); err != nil {
		return nil, err
	}
	if err := parseHexFixed(j.Attributes, m.Attributes[:], what+" attributes"); err != nil {
		return nil, err
	}
	if err := parseHexFixed(j.AttributesMask, m.AttributesMask[:], what+" attributesMask"); err != nil {
		return nil, err
	}
	levels, err := parseISVSVNLevels(j.TCBLevels, what)
	if err != nil {
		return nil, err
	}
	m.Levels = levels
	return m, nil
}

func parseISVSVNLevels(ls []isvsvnLevelJSON, what string) ([]ISVSVNLevel, error) {
	var out []ISVSVNLevel
	for i, l := range ls {
		w := fmt.Sprintf("%s tcbLevels[%d]", what, i)
		if l.TCB.ISVSVN == nil {
			return nil, collateralErr("%s lacks isvsvn", w)
		}
		lvl := ISVSVNLevel{ISVSVN: *l.TCB.ISVSVN, Advisories: l.AdvisoryIDs}
		var err error
		if lvl.TCBDate, err = parseTime(l.TCBDate, w+" tcbDate"); err != nil {
			return nil, err
		}
		if lvl.Status, err = parseStatus(l.TCBStatus, isvStatuses, w); err != nil {
			return nil, err
		}
		out = append(out, lvl)
	}
	return out, nil
}

// parseEnclaveIdentity decodes a QE identity document, version 2.
// Version 1 (a single isvsvn, no levels) is deprecated by Intel and
// rejected, since it cannot express a QE TCB status.
func parseEnclaveIdentity(b []byte) (*EnclaveIdentity, error) {
	var j enclaveIdentityJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, collateralErr("QE identity is not valid JSON: %v", err)
	}
	if j.Version != 2 {
		return nil, collateralErr("QE identity version %d unsupported; want 2", j.Version)
	}
	if j.ID != "QE" && j.ID != "TD_QE" {
		return nil, collateralErr("QE identity id %q unknown; want QE or TD_QE", j.ID)
	}
	id := &EnclaveIdentity{ID: j.ID, Version: j.Version, TCBEvaluationDataNumber: j.TCBEvaluationDataNumber}
	var err error
	if id.IssueDate, err = parseTime(j.IssueDate, "QE identity issueDate"); err != nil {
		return nil, err
	}
	if id.NextUpdate, err = parseTime(j.NextUpdate, "QE identity nextUpdate"); err != nil {
		return nil, err
	}
	// MISCSELECT is written as a big-endian number; the report stores it
	// little-endian, so compare as integers.
	var ms, msm [4]byte
	if err := parseHexFixed(j.MiscSelect, ms[:], "QE identity miscselect"); err != nil {
		return nil, err
	}
	if err := parseHexFixed(j.MiscSelectMask, msm[:], "QE identity miscselectMask"); err != nil {
		return nil, err
	}
	id.MiscSelect = uint32(ms[0])<<24 | uint32(ms[1])<<16 | uint32(ms[2])<<8 | uint32(ms[3])
	id.MiscSelectMask = uint32(msm[0])<<24 | uint32(msm[1])<<16 | uint32(msm[2])<<8 | uint32(msm[3])
	if err := parseHexFixed(j.Attributes, id.Attributes[:], "QE identity attributes"); err != nil {
		return nil, err
	}
	if err := parseHexFixed(j.AttributesMask, id.AttributesMask[:], "QE identity attributesMask"); err != nil {
		return nil, err
	}
	if err := parseHexFixed(j.MRSigner, id.MRSigner[:], "QE identity mrsigner"); err != nil {
		return nil, err
	}
	if j.ISVProdID == nil {
		return nil, collateralErr("QE identity lacks isvprodid")
	}
	id.ISVProdID = *j.ISVProdID
	if id.TCBLevels, err = parseISVSVNLevels(j.TCBLevels, "QE identity"); err != nil {
		return nil, err
	}
	if len(id.TCBLevels) == 0 {
		return nil, collateralErr("QE identity has no TCB levels")
	}
	return id, nil
}
