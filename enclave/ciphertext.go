package enclave

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// Ledger ciphertexts (what postCommands carries, one per message):
//
//	version 0x01 ‖ epoch u64 ‖ salt [32] ‖ AES-256-GCM(key, nonce 0, ad = header ‖ chainID ‖ contract, padded)
//
// key = HKDF-SHA256(epoch secret, salt, "anonify-ledger-ct-v1"). A fresh
// random salt per ciphertext gives a fresh key, so the fixed nonce never
// repeats under one key, across restarts and re-encryptions too (the
// construction age uses for its payload key). The plaintext is padded to a
// size class so lengths leak only the class.
const (
	ctVersion    = 0x01
	ctHeaderLen  = 1 + 8 + 32
	ctTagLen     = 16
	minSizeClass = 256
)

// Inner message types.
const (
	msgRequest  = 0x01 // a client's signed request, verbatim
	msgTransfer = 0x02 // a state snapshot for an admitted joiner
)

var errCiphertext = errors.New("enclave: ledger ciphertext does not open")

// pad and unpad use the canonical padding codec of wire (pad.go) with the
// ledger's smallest class.
func pad(msg []byte) []byte { return wire.Pad(msg, minSizeClass) }

func unpad(p []byte) ([]byte, error) {
	msg, err := wire.Unpad(p, minSizeClass)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errCiphertext, err)
	}
	return msg, nil
}

// ciphertextLen is the length of the ledger ciphertext that carries an
// n-byte inner message: header, padded plaintext, GCM tag. It depends on
// n alone, so the enclave knows before sealing whether a message can ever
// fit the contract's caps.
func ciphertextLen(n int) int { return ctHeaderLen + wire.SizeClass(4+n, minSizeClass) + ctTagLen }

func ctAEAD(secret, salt []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, secret, salt, "anonify-ledger-ct-v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func ctAD(header []byte, chainID uint64, contract common.Address) []byte {
	ad := append(make([]byte, 0, ctHeaderLen+8+common.AddressLength), header...)
	ad = binary.BigEndian.AppendUint64(ad, chainID)
	return append(ad, contract[:]...)
}

func sealCiphertext(secret []byte, epoch, chainID uint64, contract common.Address, msg []byte) ([]byte, error) {
	header := make([]byte, ctHeaderLen)
	header[0] = ctVersion
	binary.BigEndian.PutUint64(header[1:], epoch)
	if _, err := rand.Read(header[9:]); err != nil {
		return nil, err
	}
	aead, err := ctAEAD(secret, header[9:])
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	return aead.Seal(header, nonce, pad(msg), ctAD(header, chainID, contract)), nil
}

// ciphertextEpoch reads the epoch a ciphertext claims, before decrypting.
func ciphertextEpoch(ct []byte) (uint64, error) {
	if len(ct) < ctHeaderLen+16 || ct[0] != ctVersion {
		return 0, fmt.Errorf("%w: not a version-1 ciphertext", errCiphertext)
	}
	return binary.BigEndian.Uint64(ct[1:9]), nil
}

func openCiphertext(secret []byte, chainID uint64, contract common.Address, ct []byte) ([]byte, error) {
	if _, err := ciphertextEpoch(ct); err != nil {
		return nil, err
	}
	header := ct[:ctHeaderLen]
	aead, err := ctAEAD(secret, header[9:])
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	p, err := aead.Open(nil, nonce, ct[ctHeaderLen:], ctAD(header, chainID, contract))
	if err != nil {
		return nil, fmt.Errorf("%w: authentication failed", errCiphertext)
	}
	return unpad(p)
}
