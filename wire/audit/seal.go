package audit

import (
	"crypto/ecdh"
	"crypto/hpke"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// The HPKE suite of audit records, the one of wire/seal.go (RFC 9180):
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.
var (
	hpkeKEM  = hpke.DHKEM(ecdh.X25519())
	hpkeKDF  = hpke.HKDFSHA256()
	hpkeAEAD = hpke.AES128GCM()
)

// infoLabel keeps an audit record from opening as anything else sealed
// with the same suite (requests, answers), and the reverse.
const infoLabel = "anonify-audit-v1"

// Sizes. A record's plaintext is wire.Pad(Marshal(r), RecordPadClass), so a
// sealed record is SealOverhead bytes more than one of the classes
// RecordPadClass·2^k up to MaxRecordClass (1 KiB to 8 KiB). 1 KiB holds a
// record of every ERC-20 command (a transfer with maximal amounts is about
// 560 bytes, a transfer_from with its allowance about 850), so an outsider
// cannot tell them apart by size. A Marshal
// encoding of more than MaxRecordPlaintext bytes would need a larger class
// and is refused: its producer splits it (a snapshot into more parts).
// MaxSealedRecord is well under the contract's cap on one ciphertext.
const (
	RecordPadClass     = 1 << 10
	MaxRecordClass     = 8 << 10
	MaxRecordPlaintext = MaxRecordClass - 4 // the padding's length prefix takes 4
	SealOverhead       = 32 + 16            // the X25519 enc and the AES-GCM tag
	MaxSealedRecord    = MaxRecordClass + SealOverhead
)

var (
	// ErrSealed: a sealed record does not open with this key for this network.
	ErrSealed = errors.New("audit: sealed record does not open")
	// ErrTooLarge: a record over MaxRecordPlaintext, or a sealed one over
	// MaxSealedRecord.
	ErrTooLarge = errors.New("audit: record too large")
)

// GenerateKey returns a fresh auditor key.
func GenerateKey() (hpke.PrivateKey, error) { return hpkeKEM.GenerateKey() }

// ParsePublicKey decodes an auditor's public key: 32 bytes of X25519.
func ParsePublicKey(b []byte) (hpke.PublicKey, error) {
	if len(b) != 32 {
		return nil, fmt.Errorf("audit: an auditor public key is 32 bytes (X25519), got %d", len(b))
	}
	return hpkeKEM.NewPublicKey(b)
}

// ParsePrivateKey decodes an auditor's private key: 32 bytes of X25519.
func ParsePrivateKey(b []byte) (hpke.PrivateKey, error) {
	if len(b) != 32 {
		return nil, fmt.Errorf("audit: an auditor private key is 32 bytes (X25519), got %d", len(b))
	}
	return hpkeKEM.NewPrivateKey(b)
}

// Info is the HPKE info of the audit records of one network:
// "anonify-audit-v1" ‖ 0x00 ‖ u64be chainID ‖ contract (20 bytes).
// A record sealed for one network does not open for another.
func Info(chainID uint64, contract common.Address) []byte {
	info := append([]byte(infoLabel), 0)
	info = binary.BigEndian.AppendUint64(info, chainID)
	return append(info, contract[:]...)
}

// SealRecord seals r to an auditor's public key for one network. It is
// deterministic: the same key, ikm, network and record give the same bytes
// (sender.go says why, and why that is safe). ikm must be at least 32
// bytes, secret to the sealing enclaves and never used for another record.
func SealRecord(auditorPub []byte, ikm []byte, chainID uint64, contract common.Address, r *Record) ([]byte, error) {
	if len(auditorPub) != 32 {
		return nil, fmt.Errorf("audit: an auditor public key is 32 bytes (X25519), got %d", len(auditorPub))
	}
	pkR, err := ecdh.X25519().NewPublicKey(auditorPub)
	if err != nil {
		return nil, fmt.Errorf("audit: auditor key: %w", err)
	}
	if len(ikm) < minIKMSize {
		return nil, fmt.Errorf("audit: ikm of %d bytes, want at least %d", len(ikm), minIKMSize)
	}
	msg, err := r.Marshal()
	if err != nil {
		return nil, err
	}
	if len(msg) > MaxRecordPlaintext {
		return nil, fmt.Errorf("%w: %d bytes encoded, over the %d-byte limit (split the snapshot into more parts)", ErrTooLarge, len(msg), MaxRecordPlaintext)
	}
	ctx, err := setupBaseS(pkR, ikm, Info(chainID, contract))
	if err != nil {
		return nil, fmt.Errorf("audit: sealing to the auditor key: %w", err)
	}
	ct, err := ctx.seal(nil, wire.Pad(msg, RecordPadClass))
	if err != nil {
		return nil, fmt.Errorf("audit: sealing to the auditor key: %w", err)
	}
	return append(ctx.enc, ct...), nil
}

// OpenRecord is the auditor's side of SealRecord: crypto/hpke.Open,
// wire.Unpad and ParseRecord.
func OpenRecord(k hpke.PrivateKey, chainID uint64, contract common.Address, sealed []byte) (*Record, error) {
	if k.KEM().ID() != hpkeKEM.ID() {
		return nil, fmt.Errorf("audit: auditor key is not an X25519 HPKE key (KEM %#04x)", k.KEM().ID())
	}
	if len(sealed) > MaxSealedRecord {
		return nil, fmt.Errorf("%w: sealed record of %d bytes exceeds the %d-byte limit", ErrTooLarge, len(sealed), MaxSealedRecord)
	}
	pt, err := hpke.Open(k, hpkeKDF, hpkeAEAD, Info(chainID, contract), sealed)
	if err != nil {
		return nil, fmt.Errorf("%w: the record was not sealed to this auditor key for chain %d, contract %s, or was tampered with", ErrSealed, chainID, contract.Hex())
	}
	// The AEAD authenticated what follows, so a failure here is the
	// sealing enclave's, not the carrier's.
	msg, err := wire.Unpad(pt, RecordPadClass)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return ParseRecord(msg)
}
