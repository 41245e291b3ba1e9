package tsm

import (
	"encoding/binary"
	"fmt"
)

// Layouts as far as this package needs them to find the report data; full
// parsing and verification belong to attest/dcap and attest/snp. Integers
// are little-endian.
//
// TDX quote (Intel TDX DCAP Quoting Library API, "Quote Format"): a 48-byte
// header (version u16, attestation key type u16, TEE type u32, ...), then
// in v4 the 584-byte TD report body; in v5 a body type u16 and body size
// u32 come first, and body type 3 is the 648-byte TDX 1.5 body. REPORTDATA
// sits 520 bytes into either body.
//
// SEV-SNP ATTESTATION_REPORT (AMD SEV-SNP firmware ABI, table "ATTESTATION_
// REPORT Structure"): 0x4A0 bytes, VERSION u32 at 0, REPORT_DATA at 0x50.
const (
	quoteHeaderLen     = 48
	attestKeyTypeECDSA = 2
	teeTypeTDX         = 0x81
	tdReportBody10Len  = 584
	tdReportBody15Len  = 648
	tdReportDataOff    = 520
	v5BodyOffset       = quoteHeaderLen + 6
	v5BodyTypeTD10     = 2
	v5BodyTypeTD15     = 3
	maxQuoteLen        = 64 << 10

	snpReportLen     = 0x4A0
	snpReportDataOff = 0x50
	snpMinVersion    = 2

	reportDataLen = 64
)

// tdxQuoteReportData returns the REPORTDATA of a TDX quote v4 or v5 after
// checking that it is one.
func tdxQuoteReportData(q []byte) ([]byte, error) {
	if len(q) > maxQuoteLen {
		return nil, fmt.Errorf("quote of %d bytes exceeds %d", len(q), maxQuoteLen)
	}
	if len(q) < quoteHeaderLen {
		return nil, fmt.Errorf("quote of %d bytes is shorter than its %d-byte header", len(q), quoteHeaderLen)
	}
	version := binary.LittleEndian.Uint16(q[0:])
	if kt := binary.LittleEndian.Uint16(q[2:]); kt != attestKeyTypeECDSA {
		return nil, fmt.Errorf("quote attestation key type %d, want %d (ECDSA P-256)", kt, attestKeyTypeECDSA)
	}
	if tt := binary.LittleEndian.Uint32(q[4:]); tt != teeTypeTDX {
		return nil, fmt.Errorf("quote TEE type %#x, want %#x (TDX)", tt, teeTypeTDX)
	}
	body, bodyLen := quoteHeaderLen, tdReportBody10Len
	switch version {
	case 4:
	case 5:
		if len(q) < v5BodyOffset {
			return nil, fmt.Errorf("v5 quote of %d bytes ends inside its body descriptor", len(q))
		}
		bt := binary.LittleEndian.Uint16(q[quoteHeaderLen:])
		bs := binary.LittleEndian.Uint32(q[quoteHeaderLen+2:])
		switch {
		case bt == v5BodyTypeTD10 && bs == tdReportBody10Len:
		case bt == v5BodyTypeTD15 && bs == tdReportBody15Len:
			bodyLen = tdReportBody15Len
		default:
			return nil, fmt.Errorf("v5 quote body type %d of %d bytes, want type %d (%d bytes) or %d (%d bytes)", bt, bs, v5BodyTypeTD10, tdReportBody10Len, v5BodyTypeTD15, tdReportBody15Len)
		}
		body = v5BodyOffset
	default:
		return nil, fmt.Errorf("quote version %d, want 4 or 5", version)
	}
	if len(q) < body+bodyLen {
		return nil, fmt.Errorf("quote of %d bytes ends inside its %d-byte TD report body", len(q), bodyLen)
	}
	off := body + tdReportDataOff
	return q[off : off+reportDataLen], nil
}

// snpReportData returns the REPORT_DATA of an SEV-SNP attestation report.
func snpReportData(r []byte) ([]byte, error) {
	if len(r) != snpReportLen {
		return nil, fmt.Errorf("SEV-SNP report of %d bytes, want %d", len(r), snpReportLen)
	}
	if v := binary.LittleEndian.Uint32(r); v < snpMinVersion {
		return nil, fmt.Errorf("SEV-SNP report version %d, want %d or later", v, snpMinVersion)
	}
	return r[snpReportDataOff : snpReportDataOff+reportDataLen], nil
}
