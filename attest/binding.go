package attest

import (
	"crypto/sha512"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
)

// Binding lists what an Anonify enclave's evidence commits to in its report
// data: its identity (the address the contract knows it by), its HPKE
// request key, its MLS KeyPackage, the network (chain id and contract) and
// the network's genesis (governors, threshold, first policy: see
// wire/chainmsg.Genesis). Binding the network stops evidence produced for
// one deployment from being replayed into another; binding the genesis
// makes members and clients refuse an enclave whose host told it to obey
// other governors.
type Binding struct {
	Identity   [20]byte
	RequestKey []byte
	KeyPackage []byte
	ChainID    uint64
	Contract   [20]byte
	Genesis    [32]byte
}

const bindingLabel = "anonify-report-data-v2"

// ReportData is the 64-byte value the enclave asks its platform to sign:
// SHA-512 over a label and the length-prefixed fields, so that no two
// different bindings share an encoding.
func (b Binding) ReportData() [64]byte {
	h := sha512.New()
	h.Write([]byte(bindingLabel))
	h.Write(b.Identity[:])
	writeField := func(p []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	writeField(b.RequestKey)
	writeField(b.KeyPackage)
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], b.ChainID)
	h.Write(id[:])
	h.Write(b.Contract[:])
	h.Write(b.Genesis[:])
	var out [64]byte
	copy(out[:], h.Sum(nil))
	return out
}

// CheckBinding reports whether the claims' report data is exactly the
// binding's. Nitro documents carry the binding in user_data, which the Nitro
// verifier copies into ReportData.
func (c *Claims) CheckBinding(b Binding) error {
	want := b.ReportData()
	if len(c.ReportData) != len(want) || subtle.ConstantTimeCompare(c.ReportData, want[:]) != 1 {
		return fmt.Errorf("%w: report data %x, want %x", ErrBinding, c.ReportData, want)
	}
	return nil
}
