package audit

// This file is the only cryptography the package implements: an RFC 9180
// sender in base mode whose ephemeral key is derived from caller-given
// input keying material instead of drawn at random. Everything else (key
// generation and parsing, DeriveKeyPair, X25519, HKDF, AES-GCM, and the
// auditor's side, hpke.Open) is the standard library.
//
// Why it exists: every member enclave of an epoch applies the same
// commands and produces the same audit records, and the enclaves check
// each other's posts by producing them too. That needs sealing to be a
// function of its inputs, but crypto/hpke draws the ephemeral key itself
// and offers no way to choose it (only an unexported testing hook). So
// this sender takes ikmE, which the enclaves derive from the epoch's group
// secret and the record's identity. It is safe because ikmE is secret to
// the epoch's members (no outsider can derive the ephemeral and so the
// shared secret) and unique per record (an ephemeral key, and with it an
// AEAD key and nonce, is never used for two plaintexts). The price is that
// whoever learns a record's ikm can open that record as the auditor can,
// so ikm must be kept like the records themselves.
//
// RFC 9180 test vectors for exactly this suite and mode check it
// (sender_test.go), and crypto/hpke.Open opens what it seals.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

var (
	// suite_id of the KEM (§4.1) and of HPKE (§5.1): DHKEM(X25519,
	// HKDF-SHA256) 0x0020, HKDF-SHA256 0x0001, AES-128-GCM 0x0001.
	kemSuiteID  = []byte("KEM\x00\x20")
	hpkeSuiteID = []byte("HPKE\x00\x20\x00\x01\x00\x01")
)

const (
	modeBase   = 0x00
	nSecret    = 32 // Nsecret of the KEM
	nKey       = 16 // Nk of AES-128-GCM
	nNonce     = 12 // Nn of AES-128-GCM
	minIKMSize = 32 // what SealRecord asks of ikm: Nsk, the size of the key it derives
)

// senderContext is the part of RFC 9180's sending context that one
// single-shot Seal needs (enc, key, base_nonce), with the intermediate
// values the RFC's test vectors list kept for the tests.
type senderContext struct {
	enc, key, baseNonce             []byte
	sharedSecret, ksContext, secret []byte
}

// setupBaseS is SetupBaseS (§5.1.1) with Encap (§4.1) deriving its
// ephemeral key pair from ikmE.
func setupBaseS(pkR *ecdh.PublicKey, ikmE, info []byte) (*senderContext, error) {
	// Encap: skE, pkE = DeriveKeyPair(ikmE), done by the standard library.
	eph, err := hpkeKEM.DeriveKeyPair(ikmE)
	if err != nil {
		return nil, err
	}
	skBytes, err := eph.Bytes()
	if err != nil {
		return nil, err
	}
	skE, err := ecdh.X25519().NewPrivateKey(skBytes)
	if err != nil {
		return nil, err
	}
	dh, err := skE.ECDH(pkR)
	if err != nil { // an all-zero result: pkR is a low-order point
		return nil, fmt.Errorf("X25519 with the recipient key: %w", err)
	}
	enc := skE.PublicKey().Bytes()
	kemContext := append(append([]byte{}, enc...), pkR.Bytes()...)
	// ExtractAndExpand.
	eaePRK, err := labeledExtract(kemSuiteID, nil, "eae_prk", dh)
	if err != nil {
		return nil, err
	}
	shared, err := labeledExpand(kemSuiteID, eaePRK, "shared_secret", kemContext, nSecret)
	if err != nil {
		return nil, err
	}

	// KeySchedule (§5.1), mode_base: psk and psk_id are empty.
	pskIDHash, err := labeledExtract(hpkeSuiteID, nil, "psk_id_hash", nil)
	if err != nil {
		return nil, err
	}
	infoHash, err := labeledExtract(hpkeSuiteID, nil, "info_hash", info)
	if err != nil {
		return nil, err
	}
	ksContext := append(append([]byte{modeBase}, pskIDHash...), infoHash...)
	secret, err := labeledExtract(hpkeSuiteID, shared, "secret", nil)
	if err != nil {
		return nil, err
	}
	key, err := labeledExpand(hpkeSuiteID, secret, "key", ksContext, nKey)
	if err != nil {
		return nil, err
	}
	baseNonce, err := labeledExpand(hpkeSuiteID, secret, "base_nonce", ksContext, nNonce)
	if err != nil {
		return nil, err
	}
	return &senderContext{enc: enc, key: key, baseNonce: baseNonce,
		sharedSecret: shared, ksContext: ksContext, secret: secret}, nil
}

// seal is ContextS.Seal (§5.2) at sequence number 0, the only one a
// single-shot sender uses: the nonce is base_nonce itself.
func (c *senderContext) seal(aad, pt []byte) ([]byte, error) {
	block, err := aes.NewCipher(c.key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return gcm.Seal(nil, c.baseNonce, pt, aad), nil
}

// LabeledExtract and LabeledExpand (§4) over HKDF-SHA256.
func labeledExtract(suiteID, salt []byte, label string, ikm []byte) ([]byte, error) {
	labeled := append(append(append([]byte("HPKE-v1"), suiteID...), label...), ikm...)
	return hkdf.Extract(sha256.New, labeled, salt)
}

func labeledExpand(suiteID, prk []byte, label string, info []byte, length uint16) ([]byte, error) {
	labeled := binary.BigEndian.AppendUint16(nil, length)
	labeled = append(append(append(append(labeled, "HPKE-v1"...), suiteID...), label...), info...)
	return hkdf.Expand(sha256.New, prk, string(labeled), int(length))
}
