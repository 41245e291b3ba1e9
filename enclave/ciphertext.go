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
//	version 0x02 ‖ salt [16] ‖ AES-256-GCM(key, nonce 0, ad = version ‖ salt ‖ u64 epoch ‖ u64 chainID ‖ contract, padded)
//
// key = HKDF-SHA256(epoch secret, salt, "anonify-ledger-ct-v2"). A fresh
// random salt per ciphertext gives a fresh key, so the fixed nonce never
// repeats under one key, across restarts and re-encryptions too (the
// construction age uses for its payload key); 16 random bytes make a
// repeat within one epoch's secret as likely as guessing a 128-bit key.
// The epoch is not written: it is the batch's (the contract checks it, and
// it is signed with the batch), and a ciphertext moved into a batch of
// another epoch fails authentication. The plaintext is padded to a size
// class: the whole ciphertext is minSizeClass·2^k bytes (256, 512, …, 16384:
// the contract's cap on one ciphertext is itself a class), so lengths leak
// only the class.
//
// Every byte here is paid for by every command on the ledger (issue 13):
// version 1 spent 41 bytes of header and 16 of tag around a plaintext
// padded to 256·2^k (a transfer with its JSON body took 569 bytes);
// version 2 spends 17 and 16, and the smallest ciphertext is 256 bytes,
// which an ERC-20 transfer of any ordinary amount fits (wire request
// version 2).
const (
	ctVersion    = 0x02
	ctSaltLen    = 16
	ctHeaderLen  = 1 + ctSaltLen
	ctTagLen     = 16
	ctOverhead   = ctHeaderLen + ctTagLen
	minSizeClass = 256
)

// Inner message types.
const (
	msgRequest = 0x01 // a client's signed request, verbatim
	// 0x02 carried state transfers to joiners before checkpoints
	// (checkpointing.go) replaced them; it is retired, never reused.
	// 0x03 is an audit post's header (audit.go).
)

var errCiphertext = errors.New("enclave: ledger ciphertext does not open")

// pad and unpad use the canonical padding codec of wire (pad.go) with the
// ledger's smallest class.
func pad(msg []byte) []byte { return wire.PadAround(msg, minSizeClass, ctOverhead) }

func unpad(p []byte) ([]byte, error) {
	msg, err := wire.UnpadAround(p, minSizeClass, ctOverhead)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errCiphertext, err)
	}
	return msg, nil
}

// ciphertextLen is the length of the ledger ciphertext that carries an
// n-byte inner message: header, padded plaintext, GCM tag. It depends on
// n alone, so the enclave knows before sealing whether a message can ever
// fit the contract's caps.
func ciphertextLen(n int) int { return wire.SizeClass(4+n+ctOverhead, minSizeClass) }

func ctAEAD(secret, salt []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, secret, salt, "anonify-ledger-ct-v2", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func ctAD(header []byte, epoch, chainID uint64, contract common.Address) []byte {
	ad := append(make([]byte, 0, ctHeaderLen+8+8+common.AddressLength), header...)
	ad = binary.BigEndian.AppendUint64(ad, epoch)
	ad = binary.BigEndian.AppendUint64(ad, chainID)
	return append(ad, contract[:]...)
}

func sealCiphertext(secret []byte, epoch, chainID uint64, contract common.Address, msg []byte) ([]byte, error) {
	header := make([]byte, ctHeaderLen)
	header[0] = ctVersion
	if _, err := rand.Read(header[1:]); err != nil {
		return nil, err
	}
	aead, err := ctAEAD(secret, header[1:])
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	return aead.Seal(header, nonce, pad(msg), ctAD(header, epoch, chainID, contract)), nil
}

// openCiphertext opens a ciphertext of a batch of epoch.
func openCiphertext(secret []byte, epoch, chainID uint64, contract common.Address, ct []byte) ([]byte, error) {
	if len(ct) < ctHeaderLen+ctTagLen || ct[0] != ctVersion {
		return nil, fmt.Errorf("%w: not a version-2 ciphertext", errCiphertext)
	}
	header := ct[:ctHeaderLen]
	aead, err := ctAEAD(secret, header[1:])
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	p, err := aead.Open(nil, nonce, ct[ctHeaderLen:], ctAD(header, epoch, chainID, contract))
	if err != nil {
		return nil, fmt.Errorf("%w: authentication failed (another epoch, network or key)", errCiphertext)
	}
	return unpad(p)
}
