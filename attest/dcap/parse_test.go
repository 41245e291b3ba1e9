package dcap

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-tdx-guest/abi"
	pb "github.com/google/go-tdx-guest/proto/tdx"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/anonify-go/anonify/attest"
)

// TestParserAgreesWithGoTDXGuest cross-checks our parser against
// go-tdx-guest's independent one on the TDX v4 samples (the only version
// v0.3.1 parses): every field either of us reads must agree.
func TestParserAgreesWithGoTDXGuest(t *testing.T) {
	for _, name := range []string{tdxQuote, tdx2023Quote} {
		t.Run(name, func(t *testing.T) {
			raw := readTestdata(t, name)
			ours, err := parseQuote(raw)
			if err != nil {
				t.Fatal(err)
			}
			anyQ, err := abi.QuoteToProto(raw)
			if err != nil {
				t.Fatal(err)
			}
			theirs := anyQ.(*pb.QuoteV4)
			body := theirs.GetTdQuoteBody()
			td := parseTDReport(ours.body)
			qeCert := theirs.GetSignedData().GetCertificationData().GetQeReportCertificationData()
			qe := parseEnclaveReport(ours.qeReport)
			pairs := []struct {
				field       string
				ours, their []byte
			}{
				{"tee_tcb_svn", td.teeTCBSVN, body.GetTeeTcbSvn()},
				{"mr_seam", td.mrSeam, body.GetMrSeam()},
				{"mr_signer_seam", td.mrSignerSeam, body.GetMrSignerSeam()},
				{"seam_attributes", td.seamAttributes, body.GetSeamAttributes()},
				{"td_attributes", td.tdAttributes, body.GetTdAttributes()},
				{"xfam", td.xfam, body.GetXfam()},
				{"mr_td", td.mrTD, body.GetMrTd()},
				{"mr_config_id", td.mrConfigID, body.GetMrConfigId()},
				{"mr_owner", td.mrOwner, body.GetMrOwner()},
				{"mr_owner_config", td.mrOwnerConfig, body.GetMrOwnerConfig()},
				{"rtmr0", td.rtmr[0], body.GetRtmrs()[0]},
				{"rtmr3", td.rtmr[3], body.GetRtmrs()[3]},
				{"report_data", td.reportData, body.GetReportData()},
				{"signature", ours.sig, theirs.GetSignedData().GetSignature()},
				{"attestation key", ours.attestKey, theirs.GetSignedData().GetEcdsaAttestationKey()},
				{"QE report signature", ours.qeReportSig, qeCert.GetQeReportSignature()},
				{"QE MRSIGNER", qe.mrSigner, qeCert.GetQeReport().GetMrSigner()},
				{"QE report data", qe.reportData, qeCert.GetQeReport().GetReportData()},
				{"QE auth data", ours.qeAuthData, qeCert.GetQeAuthData().GetData()},
				{"PCK chain", ours.pckChainPEM, qeCert.GetPckCertificateChainData().GetPckCertChain()},
			}
			for _, p := range pairs {
				if !bytes.Equal(p.ours, p.their) {
					t.Errorf("%s: ours %x, go-tdx-guest %x", p.field, p.ours, p.their)
				}
			}
			if uint32(qe.isvSVN) != qeCert.GetQeReport().GetIsvSvn() || uint32(qe.isvProdID) != qeCert.GetQeReport().GetIsvProdId() {
				t.Errorf("QE ISVSVN/ISVPRODID %d/%d, go-tdx-guest %d/%d", qe.isvSVN, qe.isvProdID,
					qeCert.GetQeReport().GetIsvSvn(), qeCert.GetQeReport().GetIsvProdId())
			}
		})
	}
}

func TestPCKExtensionsOfSamples(t *testing.T) {
	tests := []struct {
		quote  string
		fmspc  string
		pceSVN uint16
		comps  string
	}{
		{sgxQuote, "00a067110000", 13, ""},
		{tdxQuote, "b0c06f000000", 11, ""},
		{tdx2023Quote, "50806f000000", 11, "03030202020100020000000000000000"},
	}
	for _, tt := range tests {
		p, err := parsePCKExtensions(x509Extensions(realPCK(t, readTestdata(t, tt.quote))))
		if err != nil {
			t.Fatalf("%s: %v", tt.quote, err)
		}
		if got := hexOf(p.fmspc[:]); got != tt.fmspc || p.pceSVN != tt.pceSVN || p.pceID != [2]byte{} {
			t.Errorf("%s: FMSPC %s PCESVN %d PCEID %x, want %s %d 0000", tt.quote, got, p.pceSVN, p.pceID, tt.fmspc, tt.pceSVN)
		}
		if tt.comps != "" && hexOf(p.sgxComponents[:]) != tt.comps {
			t.Errorf("%s: components %x, want %s", tt.quote, p.sgxComponents, tt.comps)
		}
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	var s strings.Builder
	for _, x := range b {
		s.WriteByte(digits[x>>4])
		s.WriteByte(digits[x&15])
	}
	return s.String()
}

// sgxExtension builds an SGX extension value from (OID arc, DER value)
// entries, so that each malformation can be built on purpose.
func sgxExtension(entries ...func(*cryptobyte.Builder)) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, e := range entries {
			b.AddASN1(cbasn1.SEQUENCE, e)
		}
	})
	return b.BytesOrPanic()
}

func octetEntry(oid asn1.ObjectIdentifier, v []byte) func(*cryptobyte.Builder) {
	return func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		b.AddASN1OctetString(v)
	}
}

func tcbEntry(skip int, pceSVN int64, cpuSVNLen int) func(*cryptobyte.Builder) {
	return func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidSGXTCB)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for arc := 1; arc <= tcbArcCPUSVN; arc++ {
				if arc == skip {
					continue
				}
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(append(slicesClone(oidSGXTCB), arc))
					switch arc {
					case tcbArcCPUSVN:
						b.AddASN1OctetString(make([]byte, cpuSVNLen))
					case tcbArcPCESVN:
						b.AddASN1Int64(pceSVN)
					default:
						b.AddASN1Int64(int64(arc))
					}
				})
			}
		})
	}
}

func slicesClone(o asn1.ObjectIdentifier) asn1.ObjectIdentifier {
	return append(asn1.ObjectIdentifier(nil), o...)
}

func TestParsePCKExtensions(t *testing.T) {
	fmspc := octetEntry(oidSGXFMSPC, []byte{1, 2, 3, 4, 5, 6})
	pceID := octetEntry(oidSGXPCEID, []byte{0, 1})
	ppid := octetEntry(asn1.ObjectIdentifier{1, 2, 840, 113741, 1, 13, 1, 1}, make([]byte, 16))
	good := sgxExtension(ppid, tcbEntry(0, 13, 16), pceID, fmspc)
	p, err := parsePCKExtensions([]extension{{oidSGXExtension, good}})
	if err != nil {
		t.Fatal(err)
	}
	if p.fmspc != [6]byte{1, 2, 3, 4, 5, 6} || p.pceID != [2]byte{0, 1} || p.pceSVN != 13 || p.sgxComponents[15] != 16 || p.sgxComponents[0] != 1 {
		t.Fatalf("parsed %+v", p)
	}
	tests := []struct {
		name string
		exts []extension
		msg  string
	}{
		{"no extension", nil, "PCK certificate has no SGX extension (OID 1.2.840.113741.1.13.1)"},
		{"two extensions", []extension{{oidSGXExtension, good}, {oidSGXExtension, good}}, "PCK certificate has two SGX extensions"},
		{"trailing data", []extension{{oidSGXExtension, append(bytes.Clone(good), 0)}}, "PCK certificate SGX extension: not a single SEQUENCE"},
		{"no FMSPC", []extension{{oidSGXExtension, sgxExtension(tcbEntry(0, 13, 16), pceID)}}, "PCK certificate SGX extension: FMSPC missing"},
		{"no PCE-ID", []extension{{oidSGXExtension, sgxExtension(tcbEntry(0, 13, 16), fmspc)}}, "PCK certificate SGX extension: PCE-ID missing"},
		{"no TCB", []extension{{oidSGXExtension, sgxExtension(pceID, fmspc)}}, "PCK certificate SGX extension: TCB missing"},
		{"two FMSPCs", []extension{{oidSGXExtension, sgxExtension(tcbEntry(0, 13, 16), pceID, fmspc, fmspc)}}, "PCK certificate SGX extension: FMSPC is duplicated or not a 6-byte OCTET STRING"},
		{"short FMSPC", []extension{{oidSGXExtension, sgxExtension(tcbEntry(0, 13, 16), pceID, octetEntry(oidSGXFMSPC, []byte{1}))}}, "PCK certificate SGX extension: FMSPC is duplicated or not a 6-byte OCTET STRING"},
		{"component missing", []extension{{oidSGXExtension, sgxExtension(tcbEntry(7, 13, 16), pceID, fmspc)}}, "PCK certificate SGX extension: TCB entry 1.2.840.113741.1.13.1.2.7 missing"},
		{"PCESVN too big", []extension{{oidSGXExtension, sgxExtension(tcbEntry(0, 70000, 16), pceID, fmspc)}}, "PCK certificate SGX extension: PCESVN is not an INTEGER in 0..65535"},
		{"CPUSVN short", []extension{{oidSGXExtension, sgxExtension(tcbEntry(0, 13, 15), pceID, fmspc)}}, "PCK certificate SGX extension: CPUSVN is not a 16-byte OCTET STRING"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePCKExtensions(tt.exts)
			if !errors.Is(err, attest.ErrChain) || err.Error() != "attest: certificate chain does not lead to the pinned root: dcap: "+tt.msg {
				t.Errorf("err = %v\nwant %s", err, tt.msg)
			}
		})
	}
}

func TestLoadCollateralDir(t *testing.T) {
	c := dirCollateral(t)
	if c.TCBInfo.ID != "TDX" || hexOf(c.TCBInfo.FMSPC[:]) != "50806f000000" || c.QEIdentity.ID != "TD_QE" ||
		len(c.PCKCRL.RevokedCertificateEntries) != 44 || len(c.PCKCRLIssuerChain) != 2 {
		t.Fatalf("unexpected collateral: %+v", c.TCBInfo)
	}
	// The signed bytes are the tcbInfo member exactly as in the file.
	file := readTestdata(t, "tdx/go-tdx-guest/sample_tcbInfo_response")
	if !bytes.Contains(file, c.TCBInfoBody) || !bytes.HasPrefix(c.TCBInfoBody, []byte(`{"id":"TDX"`)) {
		t.Errorf("TCB info body is not the raw member: %.40s", c.TCBInfoBody)
	}

	src := filepath.Join(testdata, "tdx/go-tdx-guest")
	copyWithout := func(t *testing.T, skip string, replace map[string]string) string {
		dir := t.TempDir()
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() == skip {
				continue
			}
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if r, ok := replace[e.Name()]; ok {
				b = []byte(r)
			}
			if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	tests := []struct {
		name    string
		skip    string
		replace map[string]string
		msg     string
	}{
		{"no TCB info", "sample_tcbInfo_response", nil, "TCB info missing in DIR (looked for sample_tcbInfo_response, tcb_info.json, tcbInfo.json)"},
		{"no root CRL", "rootcrl.der", nil, "root CA CRL missing in DIR (looked for rootcrl.der, root_ca_crl.der, rootcrl)"},
		{"no signature", "", map[string]string{"sample_qeIdentity_response": `{"enclaveIdentity":{}}`}, `enclaveIdentity response lacks a string "signature"`},
		{"short signature", "", map[string]string{"sample_tcbInfo_response": `{"tcbInfo":{},"signature":"00"}`}, "TCB info signature is not 64 bytes of hex"},
		{"wrong member", "", map[string]string{"sample_tcbInfo_response": `{"enclaveIdentity":{},"signature":"00"}`}, `tcbInfo response lacks "tcbInfo"`},
		{"garbage chain", "", map[string]string{"tcb_signing_chain.pem": "hello"}, "TCB signing chain: has data that is not a PEM certificate"},
		{"PEM key in chain", "", map[string]string{"tcb_signing_chain.pem": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}, `TCB signing chain: holds a "PRIVATE KEY" PEM block`},
		{"garbage CRL", "", map[string]string{"pckcrl": "nope"}, "PCK CRL: x509: malformed crl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyWithout(t, tt.skip, tt.replace)
			_, err := LoadCollateralDir(dir)
			want := "attest: bad or missing collateral: dcap: " + strings.ReplaceAll(tt.msg, "DIR", dir)
			if !errors.Is(err, attest.ErrCollateral) || err.Error() != want {
				t.Errorf("err = %v\nwant %s", err, want)
			}
		})
	}
}

func TestParseCollateralJSONRejects(t *testing.T) {
	tests := []struct {
		name, in, msg string
	}{
		{"not JSON", "[", "collateral bundle is not JSON: unexpected end of JSON input"},
		{"empty object", "{}", "collateral bundle lacks pck_crl_issuer_chain"},
		{"wrong type", `{"pck_crl":1}`, "collateral bundle is not JSON: json: cannot unmarshal number into Go struct field collateralJSON.pck_crl of type string"},
	}
	for _, tt := range tests {
		_, err := ParseCollateralJSON([]byte(tt.in))
		if !errors.Is(err, attest.ErrCollateral) || err.Error() != "attest: bad or missing collateral: dcap: "+tt.msg {
			t.Errorf("%s: err = %v\nwant %s", tt.name, err, tt.msg)
		}
	}
}
