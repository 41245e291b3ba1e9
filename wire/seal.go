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
const (
	labelRequest = "anonify-request-v1"
	labelAnswer  = "anonify-answer-v1"
	labelOutcome = "anonify-outcome-v1"
)

// MaxSealedRequest bounds what a node accepts from a client: the largest
// body plus its signature, length prefix and HPKE overhead.
const MaxSealedRequest = MaxRequestBody + 4 + 65 + 32 + 16

var ErrSealed = errors.New("wire: sealed message does not open")

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
	return hpke.Seal(pk, hpkeKDF, hpkeAEAD, networkInfo(labelRequest, chainID, contract, nil), r.Marshal())
}

// OpenRequest is the enclave side of SealRequest.
func OpenRequest(k hpke.PrivateKey, chainID uint64, contract common.Address, sealed []byte) (*SignedRequest, error) {
	if len(sealed) > MaxSealedRequest {
		return nil, fmt.Errorf("%w: %d bytes exceeds the %d-byte limit", ErrMalformed, len(sealed), MaxSealedRequest)
	}
	pt, err := hpke.Open(k, hpkeKDF, hpkeAEAD, networkInfo(labelRequest, chainID, contract, nil), sealed)
	if err != nil {
		return nil, fmt.Errorf("%w: request was not sealed to this enclave for this network, or was tampered with", ErrSealed)
	}
	return ParseSignedRequest(pt)
}

// SealAnswer and SealOutcome encrypt an enclave's reply to the one-time key
// a client put in its request; the request id in the HPKE info ties the
// reply to that request, so a host cannot swap replies between requests.
func SealAnswer(replyKey []byte, id common.Hash, plaintext []byte) ([]byte, error) {
	return sealTo(replyKey, labelAnswer, id, plaintext)
}

func SealOutcome(replyKey []byte, id common.Hash, plaintext []byte) ([]byte, error) {
	return sealTo(replyKey, labelOutcome, id, plaintext)
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
	return hpke.Seal(pk, hpkeKDF, hpkeAEAD, append([]byte(label+"\x00"), id[:]...), plaintext)
}

func openFrom(k hpke.PrivateKey, label string, id common.Hash, sealed []byte) ([]byte, error) {
	pt, err := hpke.Open(k, hpkeKDF, hpkeAEAD, append([]byte(label+"\x00"), id[:]...), sealed)
	if err != nil {
		return nil, fmt.Errorf("%w: reply was not sealed to this client for request %s", ErrSealed, id.Hex())
	}
	return pt, nil
}
