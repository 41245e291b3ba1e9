package recovery

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

// ErrMalformedRelease means a release breaks the rules of ParseRelease.
var ErrMalformedRelease = errors.New("recovery: malformed release")

// Release is what a custodian sends a recovering enclave (through its
// node's HTTP API): its share of one epoch's secret, sealed to the
// enclave by SealRelease. In JSON the byte strings are 0x-hex:
//
//	{"epoch":7,"custodian":"0x<64 hex digits>","sealed":"0x…"}
type Release struct {
	Epoch     uint64   `json:"epoch"`
	Custodian [32]byte `json:"custodian"` // the custodian's X25519 public key
	Sealed    []byte   `json:"sealed"`
}

// releaseJSON is Release's encoding; pointers tell a missing field from a
// zero one.
type releaseJSON struct {
	Epoch     *uint64        `json:"epoch"`
	Custodian *hexutil.Bytes `json:"custodian"`
	Sealed    *hexutil.Bytes `json:"sealed"`
}

// MarshalJSON encodes r as shown on Release.
func (r Release) MarshalJSON() ([]byte, error) {
	c, s := hexutil.Bytes(r.Custodian[:]), hexutil.Bytes(r.Sealed)
	return json.Marshal(releaseJSON{Epoch: &r.Epoch, Custodian: &c, Sealed: &s})
}

// UnmarshalJSON decodes a release with ParseRelease's rules.
func (r *Release) UnmarshalJSON(b []byte) error {
	p, err := ParseRelease(b)
	if err != nil {
		return err
	}
	*r = *p
	return nil
}

// ParseRelease decodes a release strictly, as the node does with what
// anyone may POST: every field present, no unknown fields, nothing after
// the object, a 32-byte custodian key and a sealed share of a size that
// SealRelease can produce.
func ParseRelease(b []byte) (*Release, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var j releaseJSON
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedRelease, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the release", ErrMalformedRelease)
	}
	switch {
	case j.Epoch == nil || j.Custodian == nil || j.Sealed == nil:
		return nil, fmt.Errorf("%w: epoch, custodian and sealed are all required", ErrMalformedRelease)
	case len(*j.Custodian) != 32:
		return nil, fmt.Errorf("%w: custodian is %d bytes, want a 32-byte X25519 public key", ErrMalformedRelease, len(*j.Custodian))
	}
	if err := checkSealedRelease(*j.Sealed); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedRelease, err)
	}
	return &Release{Epoch: *j.Epoch, Custodian: [32]byte(*j.Custodian), Sealed: []byte(*j.Sealed)}, nil
}
