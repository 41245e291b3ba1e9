package dcap

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/anonify-go/anonify/attest"
)

// Sizes of the fixed parts of a quote (Intel SGX ECDSA Quote Library
// Reference, and the TDX DCAP Quoting Library API for v4/v5).
const (
	headerLen     = 48
	sgxReportLen  = 384
	td10ReportLen = 584
	td15ReportLen = 648
	v5BodyDescLen = 6 // u16 body type, u32 body size
	ecdsaSigLen   = 64
	ecdsaKeyLen   = 64
	qeReportLen   = sgxReportLen
)

const (
	teeTypeSGX uint32 = 0x00000000
	teeTypeTDX uint32 = 0x00000081

	attestKeyECDSAP256 uint16 = 2

	certTypePCKChain uint16 = 5 // PEM PCK leaf ‖ PCK CA ‖ root
	certTypeQEReport uint16 = 6 // QE report certification data (v4, v5)

	bodyTypeSGX  uint16 = 1
	bodyTypeTD10 uint16 = 2
	bodyTypeTD15 uint16 = 3
)

// intelQEVendorID identifies Intel's quoting enclaves; a quote produced by
// another vendor's QE cannot be judged with Intel's QE identity.
var intelQEVendorID = [16]byte{0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07}

// maxCertDataLen bounds the PEM chain a quote may carry. Real chains are
// under 4 KiB; the bound keeps a hostile length from driving allocation.
const maxCertDataLen = 64 << 10

// quote is a parsed DCAP quote. Slices alias the caller's bytes.
type quote struct {
	version  uint16
	teeType  uint32
	bodyType uint16 // bodyTypeSGX, bodyTypeTD10 or bodyTypeTD15 for every version

	signed []byte // header ‖ [v5 body descriptor] ‖ body: what the attestation key signs
	body   []byte

	sig         []byte // r ‖ s
	attestKey   []byte // X ‖ Y
	qeReport    []byte
	qeReportSig []byte
	qeAuthData  []byte
	pckChainPEM []byte
}

// IsQuote reports whether b starts like a DCAP ECDSA-P256 quote this package
// handles: version 3, 4 or 5, attestation key type 2, TEE type SGX (0) or
// TDX (0x81). It reads only the header, so that a dispatcher can route
// evidence cheaply; Verify does the real checks.
func IsQuote(b []byte) bool {
	if len(b) < headerLen {
		return false
	}
	version := binary.LittleEndian.Uint16(b[0:])
	keyType := binary.LittleEndian.Uint16(b[2:])
	tee := binary.LittleEndian.Uint32(b[4:])
	if keyType != attestKeyECDSAP256 {
		return false
	}
	switch version {
	case 3:
		return tee == teeTypeSGX
	case 4, 5:
		return tee == teeTypeSGX || tee == teeTypeTDX
	}
	return false
}

// reader reads little-endian fields with bounds checks; every failure names
// the field so that a truncated quote says where it ends.
type reader struct {
	b   []byte
	off int
}

func (r *reader) bytes(n int, field string) ([]byte, error) {
	if n < 0 || len(r.b)-r.off < n {
		return nil, fmt.Errorf("%w: dcap: quote truncated in %s (need %d bytes at offset %d, have %d)",
			attest.ErrFormat, field, n, r.off, len(r.b)-r.off)
	}
	p := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return p, nil
}

func (r *reader) u16(field string) (uint16, error) {
	p, err := r.bytes(2, field)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint16(p), nil
}

func (r *reader) u32(field string) (uint32, error) {
	p, err := r.bytes(4, field)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(p), nil
}

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: dcap: "+format, append([]any{attest.ErrFormat}, args...)...)
}

// parseQuote decodes a quote without making any trust decision.
//
// Bytes after the declared signature data are ignored, as Intel's QVL
// ignores them: two of the real samples carry such padding. They are not
// covered by any signature and nothing is read from them.
func parseQuote(b []byte) (*quote, error) {
	r := &reader{b: b}
	hdr, err := r.bytes(headerLen, "header")
	if err != nil {
		return nil, err
	}
	q := &quote{
		version: binary.LittleEndian.Uint16(hdr[0:]),
		teeType: binary.LittleEndian.Uint32(hdr[4:]),
	}
	if keyType := binary.LittleEndian.Uint16(hdr[2:]); keyType != attestKeyECDSAP256 {
		return nil, formatErr("attestation key type %d unsupported; only 2 (ECDSA-P256) is", keyType)
	}
	if !bytes.Equal(hdr[12:28], intelQEVendorID[:]) {
		return nil, formatErr("QE vendor id %x is not Intel's", hdr[12:28])
	}
	switch q.version {
	case 3:
		if q.teeType != teeTypeSGX {
			return nil, formatErr("quote v3 with TEE type %#x; v3 is SGX only", q.teeType)
		}
		q.bodyType = bodyTypeSGX
	case 4:
		switch q.teeType {
		case teeTypeSGX:
			q.bodyType = bodyTypeSGX
		case teeTypeTDX:
			q.bodyType = bodyTypeTD10
		default:
			return nil, formatErr("TEE type %#x unsupported", q.teeType)
		}
	case 5:
		if q.teeType != teeTypeSGX && q.teeType != teeTypeTDX {
			return nil, formatErr("TEE type %#x unsupported", q.teeType)
		}
		if q.bodyType, err = r.u16("body type"); err != nil {
			return nil, err
		}
		size, err := r.u32("body size")
		if err != nil {
			return nil, err
		}
		want := bodyLen(q.bodyType)
		if want == 0 {
			return nil, formatErr("quote v5 body type %d unknown", q.bodyType)
		}
		if size != uint32(want) {
			return nil, formatErr("quote v5 body type %d has size %d, want %d", q.bodyType, size, want)
		}
		if (q.teeType == teeTypeSGX) != (q.bodyType == bodyTypeSGX) {
			return nil, formatErr("quote v5 body type %d does not fit TEE type %#x", q.bodyType, q.teeType)
		}
	default:
		return nil, formatErr("quote version %d unsupported; want 3, 4 or 5", q.version)
	}

	if q.body, err = r.bytes(bodyLen(q.bodyType), "report body"); err != nil {
		return nil, err
	}
	q.signed = b[:r.off:r.off]

	sigLen, err := r.u32("signature data length")
	if err != nil {
		return nil, err
	}
	if uint64(sigLen) > uint64(len(b)-r.off) {
		return nil, formatErr("signature data length %d exceeds the %d bytes left", sigLen, len(b)-r.off)
	}
	sigData, err := r.bytes(int(sigLen), "signature data")
	if err != nil {
		return nil, err
	}
	if err := q.parseSignatureData(sigData); err != nil {
		return nil, err
	}
	return q, nil
}

// bodyLen is the size of a report body of the given type, 0 if unknown.
func bodyLen(bodyType uint16) int {
	switch bodyType {
	case bodyTypeSGX:
		return sgxReportLen
	case bodyTypeTD10:
		return td10ReportLen
	case bodyTypeTD15:
		return td15ReportLen
	}
	return 0
}

// parseSignatureData decodes the ECDSA signature data and requires its
// declared length to be consumed exactly, so that no unsigned bytes hide
// inside it.
func (q *quote) parseSignatureData(sd []byte) error {
	r := &reader{b: sd}
	var err error
	if q.sig, err = r.bytes(ecdsaSigLen, "quote signature"); err != nil {
		return err
	}
	if q.attestKey, err = r.bytes(ecdsaKeyLen, "attestation key"); err != nil {
		return err
	}
	if q.version == 3 {
		if err := q.parseQEReportCertData(r); err != nil {
			return err
		}
	} else {
		typ, err := r.u16("certification data type")
		if err != nil {
			return err
		}
		if typ != certTypeQEReport {
			return formatErr("quote v%d certification data type %d; want %d (QE report)", q.version, typ, certTypeQEReport)
		}
		size, err := r.u32("certification data size")
		if err != nil {
			return err
		}
		if uint64(size) > uint64(len(sd)-r.off) {
			return formatErr("QE report certification data size %d exceeds the %d bytes left", size, len(sd)-r.off)
		}
		inner, err := r.bytes(int(size), "QE report certification data")
		if err != nil {
			return err
		}
		ir := &reader{b: inner}
		if err := q.parseQEReportCertData(ir); err != nil {
			return err
		}
		if ir.off != len(inner) {
			return formatErr("%d trailing bytes in QE report certification data", len(inner)-ir.off)
		}
	}
	if r.off != len(sd) {
		return formatErr("%d trailing bytes in signature data", len(sd)-r.off)
	}
	return nil
}

// parseQEReportCertData reads QE report ‖ signature ‖ auth data ‖ PCK
// certification data, the layout shared by v3 signature data and the v4/v5
// type-6 certification data.
func (q *quote) parseQEReportCertData(r *reader) error {
	var err error
	if q.qeReport, err = r.bytes(qeReportLen, "QE report"); err != nil {
		return err
	}
	if q.qeReportSig, err = r.bytes(ecdsaSigLen, "QE report signature"); err != nil {
		return err
	}
	authLen, err := r.u16("QE auth data length")
	if err != nil {
		return err
	}
	if q.qeAuthData, err = r.bytes(int(authLen), "QE auth data"); err != nil {
		return err
	}
	typ, err := r.u16("PCK certification data type")
	if err != nil {
		return err
	}
	if typ != certTypePCKChain {
		return formatErr("PCK certification data type %d unsupported; only %d (PEM PCK chain) carries the PCK certificate", typ, certTypePCKChain)
	}
	size, err := r.u32("PCK certification data size")
	if err != nil {
		return err
	}
	if size > maxCertDataLen {
		return formatErr("PCK certification data size %d exceeds %d", size, maxCertDataLen)
	}
	if q.pckChainPEM, err = r.bytes(int(size), "PCK certification data"); err != nil {
		return err
	}
	return nil
}

// enclaveReport is an SGX REPORT body (the application enclave's, in SGX
// quotes, and the QE's in every quote).
type enclaveReport struct {
	cpuSVN     []byte // 16
	miscSelect uint32
	attributes []byte // 16
	mrEnclave  []byte // 32
	mrSigner   []byte // 32
	isvProdID  uint16
	isvSVN     uint16
	reportData []byte // 64
}

func parseEnclaveReport(b []byte) enclaveReport {
	_ = b[sgxReportLen-1] // callers pass exactly sgxReportLen bytes
	return enclaveReport{
		cpuSVN:     b[0:16],
		miscSelect: binary.LittleEndian.Uint32(b[16:]),
		attributes: b[48:64],
		mrEnclave:  b[64:96],
		mrSigner:   b[128:160],
		isvProdID:  binary.LittleEndian.Uint16(b[256:]),
		isvSVN:     binary.LittleEndian.Uint16(b[258:]),
		reportData: b[320:384],
	}
}

// tdReport is a TD report body, TDX 1.0 or 1.5.
type tdReport struct {
	teeTCBSVN      []byte // 16
	mrSeam         []byte // 48
	mrSignerSeam   []byte // 48
	seamAttributes []byte // 8
	tdAttributes   []byte // 8
	xfam           []byte // 8
	mrTD           []byte
	mrConfigID     []byte
	mrOwner        []byte
	mrOwnerConfig  []byte
	rtmr           [4][]byte
	reportData     []byte // 64
	teeTCBSVN2     []byte // TDX 1.5 only
	mrServiceTD    []byte // TDX 1.5 only
}

func parseTDReport(b []byte) tdReport {
	_ = b[td10ReportLen-1]
	t := tdReport{
		teeTCBSVN:      b[0:16],
		mrSeam:         b[16:64],
		mrSignerSeam:   b[64:112],
		seamAttributes: b[112:120],
		tdAttributes:   b[120:128],
		xfam:           b[128:136],
		mrTD:           b[136:184],
		mrConfigID:     b[184:232],
		mrOwner:        b[232:280],
		mrOwnerConfig:  b[280:328],
		reportData:     b[520:584],
	}
	for i := range t.rtmr {
		t.rtmr[i] = b[328+48*i : 376+48*i]
	}
	if len(b) == td15ReportLen {
		t.teeTCBSVN2 = b[584:600]
		t.mrServiceTD = b[600:648]
	}
	return t
}
