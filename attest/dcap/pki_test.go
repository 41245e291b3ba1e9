package dcap

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
)

// testPKI mirrors Intel's hierarchy with keys of our own, so that tests can
// exercise what the real samples cannot: revoked certificates, CRLs signed
// by the wrong key, an unknown root, and collateral edited and re-signed.
// The PCK leaf carries the SGX extension of the real TDX 1a PCK
// certificate, so the real TCB info still applies.
type testPKI struct {
	rootKey, caKey, leafKey, signerKey *ecdsa.PrivateKey
	root, ca, leaf, signer             *x509.Certificate
}

var (
	pkiFrom = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	pkiTo   = time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
)

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func issue(t testing.TB, tmpl, parent *x509.Certificate, pub *ecdsa.PublicKey, parentKey *ecdsa.PrivateKey) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newTestPKI(t testing.TB, realPCK *x509.Certificate) *testPKI {
	t.Helper()
	p := &testPKI{rootKey: newKey(t), caKey: newKey(t), leafKey: newKey(t), signerKey: newKey(t)}
	ca := func(serial int64, cn string, pathLen int) *x509.Certificate {
		return &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn, Organization: []string{"Test"}},
			NotBefore: pkiFrom, NotAfter: pkiTo, IsCA: true, BasicConstraintsValid: true,
			MaxPathLen: pathLen, MaxPathLenZero: pathLen == 0,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		}
	}
	rootTmpl := ca(1, "Test SGX Root CA", 1)
	p.root = issue(t, rootTmpl, rootTmpl, &p.rootKey.PublicKey, p.rootKey)
	p.ca = issue(t, ca(2, pckPlatformCA, 0), p.root, &p.caKey.PublicKey, p.rootKey)
	var sgxExt []pkixExtension
	for _, e := range realPCK.Extensions {
		if e.Id.Equal(oidSGXExtension) {
			sgxExt = append(sgxExt, e)
		}
	}
	p.leaf = issue(t, &x509.Certificate{
		SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "Intel SGX PCK Certificate"},
		NotBefore: pkiFrom, NotAfter: pkiTo, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtraExtensions: sgxExt,
	}, p.ca, &p.leafKey.PublicKey, p.caKey)
	p.signer = issue(t, &x509.Certificate{
		SerialNumber: big.NewInt(4), Subject: pkix.Name{CommonName: tcbSigningCN},
		NotBefore: pkiFrom, NotAfter: pkiTo, KeyUsage: x509.KeyUsageDigitalSignature,
	}, p.root, &p.signerKey.PublicKey, p.rootKey)
	return p
}

type pkixExtension = pkix.Extension

func signRaw(t testing.TB, k *ecdsa.PrivateKey, msg []byte) []byte {
	t.Helper()
	d := sha256.Sum256(msg)
	r, s, err := ecdsa.Sign(rand.Reader, k, d[:])
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, 64)
	r.FillBytes(out[:32])
	s.FillBytes(out[32:])
	return out
}

func pemChain(certs ...*x509.Certificate) []byte {
	var b bytes.Buffer
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.Bytes()
}

// quoteEdit changes a parsed quote before it is re-signed.
type quoteEdit func(body []byte)

// resign rebuilds a real quote around the test PKI: a fresh attestation
// key bound through the QE report, the QE report signed by the test PCK
// key, the quote signed by the attestation key, and the test chain.
func (p *testPKI) resign(t testing.TB, raw []byte, chain []byte, edit quoteEdit) []byte {
	t.Helper()
	q, err := parseQuote(raw)
	if err != nil {
		t.Fatal(err)
	}
	signed := bytes.Clone(q.signed)
	if edit != nil {
		edit(signed[len(signed)-len(q.body):])
	}
	ak := newKey(t)
	akBytes := elliptic.Marshal(elliptic.P256(), ak.X, ak.Y)[1:] //nolint:staticcheck // raw point encoding is the quote format
	qeReport := bytes.Clone(q.qeReport)
	h := sha256.Sum256(append(bytes.Clone(akBytes), q.qeAuthData...))
	copy(qeReport[320:], h[:])
	clear(qeReport[352:384])

	var inner bytes.Buffer
	inner.Write(qeReport)
	inner.Write(signRaw(t, p.leafKey, qeReport))
	binary.Write(&inner, binary.LittleEndian, uint16(len(q.qeAuthData)))
	inner.Write(q.qeAuthData)
	binary.Write(&inner, binary.LittleEndian, certTypePCKChain)
	binary.Write(&inner, binary.LittleEndian, uint32(len(chain)))
	inner.Write(chain)

	var sd bytes.Buffer
	sd.Write(signRaw(t, ak, signed))
	sd.Write(akBytes)
	if q.version == 3 {
		sd.Write(inner.Bytes())
	} else {
		binary.Write(&sd, binary.LittleEndian, certTypeQEReport)
		binary.Write(&sd, binary.LittleEndian, uint32(inner.Len()))
		sd.Write(inner.Bytes())
	}
	out := bytes.Clone(signed)
	out = binary.LittleEndian.AppendUint32(out, uint32(sd.Len()))
	return append(out, sd.Bytes()...)
}

type crlSpec struct {
	revoke     []*big.Int
	signer     *ecdsa.PrivateKey // nil: the issuer's own key
	thisUpdate time.Time
	nextUpdate time.Time
}

func (p *testPKI) crl(t testing.TB, issuer *x509.Certificate, issuerKey *ecdsa.PrivateKey, s crlSpec) []byte {
	t.Helper()
	if s.signer != nil {
		issuerKey = s.signer
	}
	if s.thisUpdate.IsZero() {
		s.thisUpdate = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	if s.nextUpdate.IsZero() {
		s.nextUpdate = time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)
	}
	tmpl := &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: s.thisUpdate, NextUpdate: s.nextUpdate}
	for _, serial := range s.revoke {
		tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries,
			x509.RevocationListEntry{SerialNumber: serial, RevocationTime: s.thisUpdate})
	}
	der, err := x509.CreateRevocationList(rand.Reader, tmpl, issuer, issuerKey)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// bundle is the dcap-qvl JSON collateral, before encoding.
type bundle map[string]string

func (p *testPKI) bundle(t testing.TB, real bundle, pckCRL, rootCRL crlSpec) bundle {
	t.Helper()
	b := bundle{
		"pck_crl_issuer_chain":     string(pemChain(p.ca, p.root)),
		"root_ca_crl":              hex.EncodeToString(p.crl(t, p.root, p.rootKey, rootCRL)),
		"pck_crl":                  hex.EncodeToString(p.crl(t, p.ca, p.caKey, pckCRL)),
		"tcb_info_issuer_chain":    string(pemChain(p.signer, p.root)),
		"qe_identity_issuer_chain": string(pemChain(p.signer, p.root)),
	}
	p.setDocs(t, b, real["tcb_info"], real["qe_identity"])
	return b
}

// setDocs signs TCB info and QE identity texts with the test signing key.
func (p *testPKI) setDocs(t testing.TB, b bundle, tcbInfo, qeIdentity string) {
	t.Helper()
	b["tcb_info"] = tcbInfo
	b["tcb_info_signature"] = hex.EncodeToString(signRaw(t, p.signerKey, []byte(tcbInfo)))
	b["qe_identity"] = qeIdentity
	b["qe_identity_signature"] = hex.EncodeToString(signRaw(t, p.signerKey, []byte(qeIdentity)))
}

func (b bundle) parse(t testing.TB) *Collateral {
	t.Helper()
	j, err := json.Marshal(map[string]string(b))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCollateralJSON(j)
	if err != nil {
		t.Fatalf("ParseCollateralJSON: %v", err)
	}
	return c
}

func realBundle(t testing.TB, rel string) bundle {
	t.Helper()
	var b bundle
	if err := json.Unmarshal(readTestdata(t, rel), &b); err != nil {
		t.Fatal(err)
	}
	return b
}

// realPCK returns the PCK leaf embedded in a sample quote.
func realPCK(t testing.TB, raw []byte) *x509.Certificate {
	t.Helper()
	q, err := parseQuote(raw)
	if err != nil {
		t.Fatal(err)
	}
	certs, err := parsePEMCerts(q.pckChainPEM)
	if err != nil {
		t.Fatal(err)
	}
	return certs[0]
}

func TestVerifyWithTestPKI(t *testing.T) {
	raw := readTestdata(t, tdxQuote)
	real := realBundle(t, tdxCollateral)
	p := newTestPKI(t, realPCK(t, raw))
	chain := pemChain(p.leaf, p.ca, p.root)
	good := p.resign(t, raw, chain, nil)
	opts := Options{Now: july2025, Root: p.root}

	edited := func(key, from, to string) bundle {
		b := p.bundle(t, real, crlSpec{}, crlSpec{})
		if !strings.Contains(b[key], from) {
			t.Fatalf("%s lacks %q", key, from)
		}
		p.setDocs(t, b, b["tcb_info"], b["qe_identity"])
		doc := strings.Replace(b[key], from, to, 1)
		if key == "tcb_info" {
			p.setDocs(t, b, doc, b["qe_identity"])
		} else {
			p.setDocs(t, b, b["tcb_info"], doc)
		}
		return b
	}
	otherKey := newKey(t)
	tests := []struct {
		name   string
		quote  []byte
		col    bundle
		opts   Options
		is     error
		msg    string
		status attest.TCBStatus
		advice []string
	}{
		{name: "baseline re-signed quote", quote: good, col: p.bundle(t, real, crlSpec{}, crlSpec{}), opts: opts, status: attest.TCBUpToDate},
		{name: "chain without the root", quote: p.resign(t, raw, pemChain(p.leaf, p.ca), nil), col: p.bundle(t, real, crlSpec{}, crlSpec{}), opts: opts, status: attest.TCBUpToDate},
		{name: "revoked PCK certificate", quote: good, col: p.bundle(t, real, crlSpec{revoke: []*big.Int{big.NewInt(9), p.leaf.SerialNumber}}, crlSpec{}), opts: opts,
			is: attest.ErrRevoked, msg: "attest: certificate revoked: dcap: PCK certificate serial 3 is revoked by the PCK CRL"},
		{name: "revoked PCK CA", quote: good, col: p.bundle(t, real, crlSpec{}, crlSpec{revoke: []*big.Int{p.ca.SerialNumber}}), opts: opts,
			is: attest.ErrRevoked, msg: "attest: certificate revoked: dcap: PCK CA certificate serial 2 is revoked by the root CA CRL"},
		{name: "revoked TCB signing certificate", quote: good, col: p.bundle(t, real, crlSpec{}, crlSpec{revoke: []*big.Int{p.signer.SerialNumber}}), opts: opts,
			is: attest.ErrRevoked, msg: "attest: certificate revoked: dcap: TCB info signing certificate serial 4 is revoked by the root CA CRL"},
		{name: "PCK CRL signed by another key", quote: good, col: p.bundle(t, real, crlSpec{signer: otherKey}, crlSpec{}), opts: opts,
			is: attest.ErrCollateral, msg: `attest: bad or missing collateral: dcap: PCK CRL signature does not verify under "Intel SGX PCK Platform CA": x509: ECDSA verification failure`},
		{name: "root CRL signed by another key", quote: good, col: p.bundle(t, real, crlSpec{}, crlSpec{signer: otherKey}), opts: opts,
			is: attest.ErrCollateral, msg: `attest: bad or missing collateral: dcap: root CA CRL signature does not verify under "Test SGX Root CA": x509: ECDSA verification failure`},
		{name: "stale PCK CRL", quote: good, col: p.bundle(t, real, crlSpec{nextUpdate: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}, crlSpec{}), opts: opts,
			is: attest.ErrExpired, msg: "attest: outside the validity window: dcap: PCK CRL is not valid at 2025-07-01T00:00:00Z (valid 2025-06-01T00:00:00Z to 2025-06-30T00:00:00Z)"},
		{name: "unknown root: test chain against Intel's root", quote: good, col: p.bundle(t, real, crlSpec{}, crlSpec{}), opts: Options{Now: july2025},
			is: attest.ErrChain, msg: `attest: certificate chain does not lead to the pinned root: dcap: PCK chain ends in "Test SGX Root CA", not the pinned root`},
		{name: "unknown root: chain without root", quote: p.resign(t, raw, pemChain(p.leaf, p.ca), nil), col: p.bundle(t, real, crlSpec{}, crlSpec{}), opts: Options{Now: july2025},
			is: attest.ErrChain, msg: `attest: certificate chain does not lead to the pinned root: dcap: PCK CA certificate issuer "Test SGX Root CA" is not the pinned root "Intel SGX Root CA"`},
		{name: "unknown root: Intel sample against the test root", quote: raw, col: p.bundle(t, real, crlSpec{}, crlSpec{}), opts: opts,
			is: attest.ErrChain, msg: `attest: certificate chain does not lead to the pinned root: dcap: PCK chain ends in "Intel SGX Root CA", not the pinned root`},
		{name: "leaf signed by the root directly", quote: p.resign(t, raw, pemChain(p.leaf, p.root), nil), col: p.bundle(t, real, crlSpec{}, crlSpec{}), opts: opts,
			is: attest.ErrChain, msg: `attest: certificate chain does not lead to the pinned root: dcap: PCK CA is "Test SGX Root CA", not an Intel SGX PCK Platform or Processor CA`},
		{name: "v5 with a TD 1.0 body (type 2)", quote: p.resign(t, asV5TD10(raw), chain, nil), col: p.bundle(t, real, crlSpec{}, crlSpec{}), opts: opts, status: attest.TCBUpToDate},
		{name: "debug TD", quote: p.resign(t, raw, chain, func(b []byte) { b[120] |= 1 }), col: p.bundle(t, real, crlSpec{}, crlSpec{}), opts: opts, status: attest.TCBUpToDate},
		{name: "QE MRSIGNER not Intel's", quote: good, col: edited("qe_identity", "DC9E2A7C", "DC9E2A7D"), opts: opts,
			is: attest.ErrQEReport, msg: "attest: quoting enclave report invalid: dcap: QE MRSIGNER dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5 is not Intel's dc9e2a7d6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5"},
		{name: "QE ISVPRODID", quote: good, col: edited("qe_identity", `"isvprodid":2`, `"isvprodid":3`), opts: opts,
			is: attest.ErrQEReport, msg: "attest: quoting enclave report invalid: dcap: QE ISVPRODID 2 is not 3"},
		{name: "QE MISCSELECT", quote: good, col: edited("qe_identity", `"miscselect":"00000000"`, `"miscselect":"00000001"`), opts: opts,
			is: attest.ErrQEReport, msg: "attest: quoting enclave report invalid: dcap: QE MISCSELECT 00000000 under mask ffffffff is not 00000001"},
		{name: "QE ATTRIBUTES", quote: good, col: edited("qe_identity", `"attributes":"11`, `"attributes":"13`), opts: opts,
			is: attest.ErrQEReport, msg: "attest: quoting enclave report invalid: dcap: QE ATTRIBUTES 1500000000000000e700000000000000 under mask fbffffffffffffff0000000000000000 are not 13000000000000000000000000000000"},
		{name: "QE ISVSVN below every level", quote: good, col: edited("qe_identity", `"isvsvn":4`, `"isvsvn":9`), opts: opts,
			is: attest.ErrTCBLevel, msg: "attest: no TCB level matches the platform: dcap: QE ISVSVN 6 is below every QE identity TCB level"},
		{name: "QE out of date", quote: good, col: edited("qe_identity", `"tcbStatus":"UpToDate"`, `"tcbStatus":"OutOfDate","advisoryIDs":["INTEL-SA-99999"]`), opts: opts,
			status: attest.TCBOutOfDate, advice: []string{"INTEL-SA-99999"}},
		{name: "QE identity for SGX", quote: good, col: edited("qe_identity", `"id":"TD_QE"`, `"id":"QE"`), opts: opts,
			is: attest.ErrCollateral, msg: `attest: bad or missing collateral: dcap: QE identity is "QE", the quote needs "TD_QE"`},
		{name: "TCB info for another FMSPC", quote: good, col: edited("tcb_info", `"fmspc":"B0C06F000000"`, `"fmspc":"B0C06F000001"`), opts: opts,
			is: attest.ErrCollateral, msg: "attest: bad or missing collateral: dcap: TCB info is for FMSPC b0c06f000001, the PCK certificate has b0c06f000000"},
		{name: "TCB info for another PCE", quote: good, col: edited("tcb_info", `"pceId":"0000"`, `"pceId":"0001"`), opts: opts,
			is: attest.ErrCollateral, msg: "attest: bad or missing collateral: dcap: TCB info is for PCE-ID 0001, the PCK certificate has 0000"},
		{name: "TDX module out of date", quote: good, col: edited("tcb_info", `{"tcb":{"isvsvn":4},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"UpToDate"}`, `{"tcb":{"isvsvn":7},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"UpToDate"},{"tcb":{"isvsvn":4},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"OutOfDate","advisoryIDs":["INTEL-SA-01036"]}`), opts: opts,
			status: attest.TCBOutOfDate, advice: []string{"INTEL-SA-01036"}},
		{name: "TDX module below every level", quote: good, col: edited("tcb_info", `{"tcb":{"isvsvn":4},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"UpToDate"},{"tcb":{"isvsvn":2}`, `{"tcb":{"isvsvn":9},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"UpToDate"},{"tcb":{"isvsvn":8}`), opts: opts,
			is: attest.ErrTCBLevel, msg: "attest: no TCB level matches the platform: dcap: TDX module TDX_01 ISVSVN 6 is below every module TCB level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Verify(tt.quote, tt.col.parse(t), tt.opts)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if c.TCBStatus != tt.status || !slices.Equal(c.Advisories, tt.advice) {
					t.Errorf("TCB status %s %v, want %s %v", c.TCBStatus, c.Advisories, tt.status, tt.advice)
				}
				if wantDebug := strings.HasPrefix(tt.name, "debug"); c.Debug != wantDebug {
					t.Errorf("debug %v, want %v", c.Debug, wantDebug)
				}
				return
			}
			if c != nil || !errors.Is(err, tt.is) || err.Error() != tt.msg {
				t.Errorf("Verify = %v, %v\nwant %s", c, err, tt.msg)
			}
		})
	}
}

// asV5TD10 turns a v4 TDX quote into a v5 quote with body type 2 (the same
// TD 1.0 report); resign then signs the new header.
func asV5TD10(v4 []byte) []byte {
	out := bytes.Clone(v4[:headerLen])
	out[0] = 5
	out = binary.LittleEndian.AppendUint16(out, bodyTypeTD10)
	out = binary.LittleEndian.AppendUint32(out, td10ReportLen)
	return append(out, v4[headerLen:]...)
}

// SGX v3 through the same re-signing path: the enclave's ATTRIBUTES.DEBUG
// bit must surface as Claims.Debug, and the TCB result must not change.
func TestVerifySGXWithTestPKI(t *testing.T) {
	raw := readTestdata(t, sgxQuote)
	p := newTestPKI(t, realPCK(t, raw))
	col := p.bundle(t, realBundle(t, sgxCollateral), crlSpec{}, crlSpec{}).parse(t)
	chain := pemChain(p.leaf, p.ca, p.root)
	for _, debug := range []bool{false, true} {
		q := p.resign(t, raw, chain, func(body []byte) {
			if debug {
				body[48] |= 0x02
			}
		})
		c, err := Verify(q, col, Options{Now: july2025, Root: p.root})
		if err != nil {
			t.Fatalf("debug=%v: %v", debug, err)
		}
		if c.Debug != debug || c.Kind != attest.KindSGX || c.TCBStatus != attest.TCBConfigurationAndSWHardeningNeeded {
			t.Errorf("debug=%v: got debug %v kind %s status %s", debug, c.Debug, c.Kind, c.TCBStatus)
		}
	}
}
