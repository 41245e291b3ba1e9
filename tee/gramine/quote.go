package gramine

import (
	"encoding/binary"
	"fmt"
)

// Layout of an Intel DCAP ECDSA quote as far as this package needs it
// (Intel SGX ECDSA Quote Library API, "Quote Format"; all integers are
// little-endian). Full parsing and verification belong to attest/dcap; this
// only finds the report data so the producer can check it.
const (
	quoteHeaderLen     = 48
	quoteTEETypeOffset = 4 // u32 in v4 and v5; reserved (zero) in v3
	sgxReportBodyLen   = 384
	sgxReportDataOff   = 320 // within the SGX report body
	reportDataLen      = 64
	teeTypeSGX         = 0x00000000

	// v5 puts a body descriptor between header and body.
	v5BodyTypeOffset   = quoteHeaderLen     // u16
	v5BodySizeOffset   = quoteHeaderLen + 2 // u32
	v5BodyOffset       = quoteHeaderLen + 6
	v5BodyTypeSGX      = 1
	maxQuoteLen        = 64 << 10 // real quotes with their PEM chain are under 8 KiB
	attestKeyTypeECDSA = 2        // ECDSA-256-with-P-256
)

// quoteReportData returns the report data of an SGX DCAP quote (v3, v4 or
// v5), after checking that the quote is one.
func quoteReportData(q []byte) ([]byte, error) {
	if len(q) > maxQuoteLen {
		return nil, fmt.Errorf("quote of %d bytes exceeds %d", len(q), maxQuoteLen)
	}
	if len(q) < quoteHeaderLen {
		return nil, fmt.Errorf("quote of %d bytes is shorter than its %d-byte header", len(q), quoteHeaderLen)
	}
	version := binary.LittleEndian.Uint16(q[0:2])
	if kt := binary.LittleEndian.Uint16(q[2:4]); kt != attestKeyTypeECDSA {
		return nil, fmt.Errorf("quote attestation key type %d, want %d (ECDSA P-256): not a DCAP quote", kt, attestKeyTypeECDSA)
	}
	body := quoteHeaderLen
	switch version {
	case 3:
	case 4, 5:
		if tt := binary.LittleEndian.Uint32(q[quoteTEETypeOffset:]); tt != teeTypeSGX {
			return nil, fmt.Errorf("quote TEE type %#x, want %#x (SGX)", tt, teeTypeSGX)
		}
		if version == 5 {
			if len(q) < v5BodyOffset {
				return nil, fmt.Errorf("v5 quote of %d bytes ends inside its body descriptor", len(q))
			}
			if bt := binary.LittleEndian.Uint16(q[v5BodyTypeOffset:]); bt != v5BodyTypeSGX {
				return nil, fmt.Errorf("v5 quote body type %d, want %d (SGX enclave report)", bt, v5BodyTypeSGX)
			}
			if bs := binary.LittleEndian.Uint32(q[v5BodySizeOffset:]); bs != sgxReportBodyLen {
				return nil, fmt.Errorf("v5 quote body size %d, want %d", bs, sgxReportBodyLen)
			}
			body = v5BodyOffset
		}
	default:
		return nil, fmt.Errorf("quote version %d, want 3, 4 or 5", version)
	}
	if len(q) < body+sgxReportBodyLen {
		return nil, fmt.Errorf("quote of %d bytes ends inside its %d-byte report body", len(q), sgxReportBodyLen)
	}
	off := body + sgxReportDataOff
	return q[off : off+reportDataLen], nil
}
