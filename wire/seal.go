package wire

import (
	"crypto/ecdh"
	"crypto/hpke"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// The HPKE suite for requests and answers (RFC 9180):
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.
var (
	hpkeKEM  = hpke.DHKEM(ecdh.X25519())
	hpkeKDF  = hpke.HKDFSHA256()
	hpkeAEAD = hpke.AES128GCM()
)

// Labels keep a ciphertext made for one purpose from opening in another.
// Version 2: the plaintexts are padded to size classes (pad.go); a v1 peer,
// which sent them bare, fails to open a v2 message and the reverse, instead
// of misreading it.
const (
	labelRequest = "anonify-request-v2"
	labelAnswer  = "anonify-answer-v2"
	labelOutcome = "anonify-outcome-v2"
	labelRefusal = "anonify-refusal-v2"
)

// hpkeOverhead is what HPKE adds to a plaintext: the 32-byte X25519
// encapsulated key and the 16-byte AES-GCM tag.
const hpkeOverhead = 32 + 16

// MaxRequestClass is the largest size class of a padded request, and
// MaxSealedRequest the size of a request sealed in it: the most a node
// accepts from a client. Every sealed request is 48 bytes more than one of
// the classes PadMinClass·2^k up to MaxRequestClass (1, 2, 4, 8 KiB).
const (
	MaxRequestClass  = 8 << 10
	MaxSealedRequest = MaxRequestClass + hpkeOverhead
)

var (
	ErrSealed = errors.New("wire: sealed message does not open")
	// ErrTooLarge: a request over the size limits (a node answers 413).
	ErrTooLarge = errors.New("wire: request too large")
)

// GenerateKey returns a fresh HPKE private key of the request suite.
func GenerateKey() (hpke.PrivateKey, error) { return hpkeKEM.GenerateKey() }

// ParsePrivateKey and ParsePublicKey decode keys of the request suite.
func ParsePrivateKey(b []byte) (hpke.PrivateKey, error) { return hpkeKEM.NewPrivateKey(b) }
func ParsePublicKey(b []byte) (hpke.PublicKey, error)   { return hpkeKEM.NewPublicKey(b) }

func networkInfo(label string, chainID uint64, contract common.Address, extra []byte) []byte {
	info := append([]byte(label), 0)
	info = binary.BigEndian.AppendUint64(info, chainID)
	info = append(info, contract[:]...)
	return append(info, extra...)
}

// SealRequest encrypts a signed request to an enclave's request key for one
// network; the enclave of another network cannot open it.
func SealRequest(enclaveKey []byte, chainID uint64, contract common.Address, r *SignedRequest) ([]byte, error) {
	pk, err := ParsePublicKey(enclaveKey)
	if err != nil {
		return nil, fmt.Errorf("wire: enclave request key: %w", err)
	}
	if len(r.Body) > MaxRequestBody {
		return nil, fmt.Errorf("%w: body of %d bytes exceeds the %d-byte limit", ErrTooLarge, len(r.Body), MaxRequestBody)
	}
	return hpke.Seal(pk, hpkeKDF, hpkeAEAD, networkInfo(labelRequest, chainID, contract, nil), Pad(r.Marshal(), PadMinClass))
}

// OpenRequest is the enclave side of SealRequest.
func OpenRequest(k hpke.PrivateKey, chainID uint64, contract common.Address, sealed []byte) (*SignedRequest, error) {
	if len(sealed) > MaxSealedRequest {
		return nil, fmt.Errorf("%w: sealed request of %d bytes exceeds the %d-byte limit", ErrTooLarge, len(sealed), MaxSealedRequest)
	}
	pt, err := hpke.Open(k, hpkeKDF, hpkeAEAD, networkInfo(labelRequest, chainID, contract, nil), sealed)
	if err != nil {
		return nil, fmt.Errorf("%w: request was not sealed to this enclave for this network, or was tampered with", ErrSealed)
	}
	signed, err := Unpad(pt, PadMinClass)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return ParseSignedRequest(signed)
}

// SealAnswer and SealOutcome encrypt an enclave's reply to the one-time key
// a client put in its request; the request id in the HPKE info ties the
// reply to that request, so a host cannot swap replies between requests.
// The plaintext is padded to its size class (at least PadMinClass), so the
// host cannot tell replies apart by length either.
func SealAnswer(replyKey []byte, id common.Hash, plaintext []byte) ([]byte, error) {
	return sealTo(replyKey, labelAnswer, id, plaintext)
}

func SealOutcome(replyKey []byte, id common.Hash, plaintext []byte) ([]byte, error) {
	return sealTo(replyKey, labelOutcome, id, plaintext)
}

// SealRefusal encrypts the Outcome of a command that the enclave refused
// instead of queueing it for the ledger (at Submit: a bad signature, a
// stale counter, an unknown function; or, later, a command too large for
// any ledger batch). The enclave never orders what it refused, so there is
// no inclusion to check. The label differs from SealOutcome's so that this
// cannot be confused with the outcome of a command the ledger ordered;
// only the enclave's refusal paths seal it, and no event a host feeds the
// enclave reaches them. (A stale counter says that some command with that
// counter, possibly a copy of this one that the host submitted first, was
// ordered already; its reason says so.)
func SealRefusal(replyKey []byte, id common.Hash, plaintext []byte) ([]byte, error) {
	return sealTo(replyKey, labelRefusal, id, plaintext)
}

func OpenRefusal(k hpke.PrivateKey, id common.Hash, sealed []byte) ([]byte, error) {
	return openFrom(k, labelRefusal, id, sealed)
}

func OpenAnswer(k hpke.PrivateKey, id common.Hash, sealed []byte) ([]byte, error) {
	return openFrom(k, labelAnswer, id, sealed)
}

func OpenOutcome(k hpke.PrivateKey, id common.Hash, sealed []byte) ([]byte, error) {
	return openFrom(k, labelOutcome, id, sealed)
}

func sealTo(key []byte, label string, id common.Hash, plaintext []byte) ([]byte, error) {
	pk, err := ParsePublicKey(key)
	if err != nil {
		return nil, fmt.Errorf("wire: reply key: %w", err)
	}
	return hpke.Seal(pk, hpkeKDF, hpkeAEAD, append([]byte(label+"\x00"), id[:]...), Pad(plaintext, PadMinClass))
}

func openFrom(k hpke.PrivateKey, label string, id common.Hash, sealed []byte) ([]byte, error) {
	pt, err := hpke.Open(k, hpkeKDF, hpkeAEAD, append([]byte(label+"\x00"), id[:]...), sealed)
	if err != nil {
		return nil, fmt.Errorf("%w: reply was not sealed to this client for request %s", ErrSealed, id.Hex())
	}
	// The AEAD authenticated the padding too, so a bad one comes from the
	// enclave's own code, never from the host: report it as such.
	msg, err := Unpad(pt, PadMinClass)
	if err != nil {
		return nil, fmt.Errorf("wire: reply for request %s: %w", id.Hex(), err)
	}
	return msg, nil
}
