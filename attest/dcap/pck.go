package dcap

import (
	"encoding/asn1"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/anonify-go/anonify/attest"
)

// OIDs of Intel's SGX PCK certificate extension (Intel SGX PCK Certificate
// and Certificate Revocation List Profile Specification, section 1.5).
var (
	oidSGXExtension = asn1.ObjectIdentifier{1, 2, 840, 113741, 1, 13, 1}
	oidSGXTCB       = asn1.ObjectIdentifier{1, 2, 840, 113741, 1, 13, 1, 2}
	oidSGXPCEID     = asn1.ObjectIdentifier{1, 2, 840, 113741, 1, 13, 1, 3}
	oidSGXFMSPC     = asn1.ObjectIdentifier{1, 2, 840, 113741, 1, 13, 1, 4}
)

// TCB component arcs under oidSGXTCB: 1..16 are the SGX TCB components
// (CPUSVN split as Intel's TCB info lists them), 17 is PCESVN, 18 CPUSVN.
const (
	tcbArcPCESVN = 17
	tcbArcCPUSVN = 18
)

// pckExtensions is what TCB evaluation needs from a PCK certificate.
type pckExtensions struct {
	fmspc         [6]byte
	pceID         [2]byte
	sgxComponents [16]byte
	pceSVN        uint16
	cpuSVN        [16]byte
}

// parsePCKExtensions reads the SGX extension of a PCK certificate. Every
// field the verifier relies on must appear exactly once; other fields
// (PPID, SGX type, platform instance, configuration) are skipped.
//
// Written here rather than taken from go-tdx-guest's pcs package because
// that parser requires exactly six X.509 extensions on the certificate, an
// unrelated property, and accepts a TCB sequence with missing components.
func parsePCKExtensions(exts []extension) (*pckExtensions, error) {
	var raw []byte
	for _, e := range exts {
		if e.id.Equal(oidSGXExtension) {
			if raw != nil {
				return nil, fmt.Errorf("%w: dcap: PCK certificate has two SGX extensions", attest.ErrChain)
			}
			raw = e.value
		}
	}
	if raw == nil {
		return nil, fmt.Errorf("%w: dcap: PCK certificate has no SGX extension (OID %v)", attest.ErrChain, oidSGXExtension)
	}
	bad := func(what string) error {
		return fmt.Errorf("%w: dcap: PCK certificate SGX extension: %s", attest.ErrChain, what)
	}

	var p pckExtensions
	var seen struct{ fmspc, pceID, tcb bool }
	in := cryptobyte.String(raw)
	var list cryptobyte.String
	if !in.ReadASN1(&list, cbasn1.SEQUENCE) || !in.Empty() {
		return nil, bad("not a single SEQUENCE")
	}
	for !list.Empty() {
		var entry cryptobyte.String
		var id asn1.ObjectIdentifier
		if !list.ReadASN1(&entry, cbasn1.SEQUENCE) || !entry.ReadASN1ObjectIdentifier(&id) {
			return nil, bad("malformed entry")
		}
		switch {
		case id.Equal(oidSGXFMSPC):
			if seen.fmspc || !readOctets(&entry, p.fmspc[:]) {
				return nil, bad("FMSPC is duplicated or not a 6-byte OCTET STRING")
			}
			seen.fmspc = true
		case id.Equal(oidSGXPCEID):
			if seen.pceID || !readOctets(&entry, p.pceID[:]) {
				return nil, bad("PCE-ID is duplicated or not a 2-byte OCTET STRING")
			}
			seen.pceID = true
		case id.Equal(oidSGXTCB):
			if seen.tcb {
				return nil, bad("TCB is duplicated")
			}
			if err := parseTCBExtension(&entry, &p); err != nil {
				return nil, bad(err.Error())
			}
			seen.tcb = true
		default:
			// Skip the value: PPID, SGX type and platform fields are not
			// used for verification.
			var skip cryptobyte.String
			var tag cbasn1.Tag
			if !entry.ReadAnyASN1Element(&skip, &tag) {
				return nil, bad(fmt.Sprintf("malformed value for %v", id))
			}
		}
		if !entry.Empty() {
			return nil, bad(fmt.Sprintf("trailing data in entry %v", id))
		}
	}
	switch {
	case !seen.fmspc:
		return nil, bad("FMSPC missing")
	case !seen.pceID:
		return nil, bad("PCE-ID missing")
	case !seen.tcb:
		return nil, bad("TCB missing")
	}
	return &p, nil
}

func readOctets(s *cryptobyte.String, out []byte) bool {
	var v cryptobyte.String
	if !s.ReadASN1(&v, cbasn1.OCTET_STRING) || len(v) != len(out) {
		return false
	}
	copy(out, v)
	return true
}

// parseTCBExtension reads the TCB SEQUENCE: 16 component SVNs, PCESVN and
// CPUSVN, each exactly once.
func parseTCBExtension(s *cryptobyte.String, p *pckExtensions) error {
	var list cryptobyte.String
	if !s.ReadASN1(&list, cbasn1.SEQUENCE) {
		return fmt.Errorf("TCB is not a SEQUENCE")
	}
	var seen [tcbArcCPUSVN + 1]bool
	for !list.Empty() {
		var entry cryptobyte.String
		var id asn1.ObjectIdentifier
		if !list.ReadASN1(&entry, cbasn1.SEQUENCE) || !entry.ReadASN1ObjectIdentifier(&id) {
			return fmt.Errorf("malformed TCB entry")
		}
		if len(id) != len(oidSGXTCB)+1 || !asn1.ObjectIdentifier(id[:len(oidSGXTCB)]).Equal(oidSGXTCB) {
			return fmt.Errorf("unexpected TCB entry %v", id)
		}
		arc := id[len(oidSGXTCB)]
		if arc < 1 || arc > tcbArcCPUSVN || seen[arc] {
			return fmt.Errorf("TCB entry %v unknown or duplicated", id)
		}
		seen[arc] = true
		switch {
		case arc == tcbArcCPUSVN:
			if !readOctets(&entry, p.cpuSVN[:]) {
				return fmt.Errorf("CPUSVN is not a 16-byte OCTET STRING")
			}
		case arc == tcbArcPCESVN:
			var v int64
			if !entry.ReadASN1Integer(&v) || v < 0 || v > 0xffff {
				return fmt.Errorf("PCESVN is not an INTEGER in 0..65535")
			}
			p.pceSVN = uint16(v)
		default:
			var v int64
			if !entry.ReadASN1Integer(&v) || v < 0 || v > 0xff {
				return fmt.Errorf("TCB component %d is not an INTEGER in 0..255", arc)
			}
			p.sgxComponents[arc-1] = byte(v)
		}
		if !entry.Empty() {
			return fmt.Errorf("trailing data in TCB entry %v", id)
		}
	}
	for arc := 1; arc <= tcbArcCPUSVN; arc++ {
		if !seen[arc] {
			return fmt.Errorf("TCB entry %v.%d missing", oidSGXTCB, arc)
		}
	}
	return nil
}

// extension is the part of a pkix.Extension this file needs; it keeps the
// parser testable without building certificates.
type extension struct {
	id    asn1.ObjectIdentifier
	value []byte
}
