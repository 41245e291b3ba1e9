// Package nitro produces AWS Nitro Enclaves evidence through the Nitro
// Secure Module (NSM, /dev/nsm): an attestation document (COSE_Sign1 over
// CBOR, signed by a key that chains to the AWS Nitro root) whose user_data
// is the 64-byte report data. The document embeds its certificate chain,
// so the envelope carries no certificates.
//
// Sealing: Nitro Enclaves have no hardware sealing key and no persistent
// storage. SealingKey always fails with ErrNoSealingKey; the enclave must
// obtain its key from a key-release service that checks its attestation
// document first (AWS KMS with a key policy conditioned on the PCRs, or
// Anonify's custodian recovery).
//
// Trust: TRUSTED. This code runs inside the enclave; the NSM is part of the
// Nitro hypervisor, which the Nitro trust model trusts. The document is
// still checked to carry the requested report data.
package nitro

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"

	"github.com/fxamacker/cbor/v2"
	"github.com/hf/nsm"
	"github.com/hf/nsm/request"
	"github.com/hf/nsm/response"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/tee"
)

// ErrNoSealingKey is what SealingKey returns: see the package comment.
var ErrNoSealingKey = tee.NoSealingKey("tee/nitro: AWS Nitro Enclaves have no hardware sealing key: obtain the sealing key from a key-release service (AWS KMS with a PCR-conditioned key policy, or Anonify's custodian recovery) after attestation")

// ErrNoNSM means the NSM device is absent.
var ErrNoNSM = errors.New("tee/nitro: /dev/nsm not found: not running in an AWS Nitro Enclave")

// Session is the part of an NSM session this package uses; *nsm.Session
// implements it, and tests substitute a fake.
type Session interface {
	Send(req request.Request) (response.Response, error)
	Close() error
}

// Options configures New.
type Options struct {
	// Session talks to the NSM; nil opens /dev/nsm. New takes ownership:
	// Platform.Close closes it.
	Session Session
}

// Platform is the Nitro tee.Platform. It is safe for concurrent use, as
// nsm.Session.Send is, until Close.
type Platform struct {
	sess Session
}

// New opens the NSM (unless opts.Session is given) and checks that it
// answers DescribeNSM.
func New(opts Options) (*Platform, error) {
	sess := opts.Session
	if sess == nil {
		s, err := nsm.OpenDefaultSession()
		if errors.Is(err, fs.ErrNotExist) {
			return nil, ErrNoNSM
		}
		if err != nil {
			return nil, fmt.Errorf("tee/nitro: open /dev/nsm: %w", err)
		}
		sess = s
	}
	res, err := sess.Send(&request.DescribeNSM{})
	if err == nil && res.Error != "" {
		err = fmt.Errorf("NSM error %s", res.Error)
	}
	if err == nil && (res.DescribeNSM == nil || res.DescribeNSM.ModuleID == "") {
		err = errors.New("response carries no module id")
	}
	if err != nil {
		sess.Close()
		return nil, fmt.Errorf("tee/nitro: NSM DescribeNSM probe: %w", err)
	}
	return &Platform{sess: sess}, nil
}

var _ tee.Platform = (*Platform)(nil)

// Kind reports attest.KindNitro.
func (p *Platform) Kind() attest.Kind { return attest.KindNitro }

// Evidence asks the NSM for an attestation document whose user_data is
// reportData and returns it in an attest.Envelope.
func (p *Platform) Evidence(ctx context.Context, reportData [64]byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("tee/nitro: evidence: %w", err)
	}
	res, err := p.sess.Send(&request.Attestation{UserData: reportData[:]})
	if err != nil {
		return nil, fmt.Errorf("tee/nitro: NSM attestation request: %w", err)
	}
	if res.Error != "" {
		return nil, fmt.Errorf("tee/nitro: NSM attestation request failed with %s", res.Error)
	}
	if res.Attestation == nil || len(res.Attestation.Document) == 0 {
		return nil, errors.New("tee/nitro: NSM answered the attestation request without a document")
	}
	doc := res.Attestation.Document
	got, err := documentUserData(doc)
	if err != nil {
		return nil, fmt.Errorf("tee/nitro: attestation document: %w", err)
	}
	if subtle.ConstantTimeCompare(got, reportData[:]) != 1 {
		return nil, fmt.Errorf("tee/nitro: attestation document carries user_data %x, want %x", got, reportData)
	}
	return attest.Envelope{Kind: attest.KindNitro, Evidence: doc}.Marshal()
}

// SealingKey always returns ErrNoSealingKey.
func (p *Platform) SealingKey() ([]byte, error) { return nil, ErrNoSealingKey }

// Close closes the NSM session.
func (p *Platform) Close() error { return p.sess.Close() }

// maxDocumentLen bounds what is decoded; the NSM's own response buffer is
// 12 KiB.
const maxDocumentLen = 16 << 10

// coseSign1 is the COSE_Sign1 structure (RFC 9052, section 4.2) as the NSM
// emits it: an untagged four-element array. A leading tag 18 is accepted.
type coseSign1 struct {
	_           struct{} `cbor:",toarray"`
	Protected   []byte
	Unprotected cbor.RawMessage
	Payload     []byte
	Signature   []byte
}

// documentPayload is the part of the AWS attestation document payload
// this package reads.
type documentPayload struct {
	ModuleID string `cbor:"module_id"`
	UserData []byte `cbor:"user_data"`
}

// documentUserData returns the user_data of an attestation document without
// verifying its signature (attest/nitro does that). The decoding is strict
// (no duplicate map keys, definite lengths, bounded nesting) so that this
// check and a verifier cannot read different user_data out of one document.
func documentUserData(doc []byte) ([]byte, error) {
	if len(doc) > maxDocumentLen {
		return nil, fmt.Errorf("document of %d bytes exceeds %d", len(doc), maxDocumentLen)
	}
	dm, err := cbor.DecOptions{
		DupMapKey:        cbor.DupMapKeyEnforcedAPF,
		IndefLength:      cbor.IndefLengthForbidden,
		MaxNestedLevels:  16,
		MaxArrayElements: 1024,
		MaxMapPairs:      1024,
	}.DecMode()
	if err != nil {
		return nil, err
	}
	var msg coseSign1
	if err := dm.Unmarshal(doc, &msg); err != nil {
		return nil, fmt.Errorf("not a COSE_Sign1 structure: %w", err)
	}
	var payload documentPayload
	if err := dm.Unmarshal(msg.Payload, &payload); err != nil {
		return nil, fmt.Errorf("payload is not an attestation document map: %w", err)
	}
	if payload.ModuleID == "" {
		return nil, errors.New("payload has no module_id")
	}
	if payload.UserData == nil {
		return nil, errors.New("payload has no user_data")
	}
	return payload.UserData, nil
}
