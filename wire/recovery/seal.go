package recovery

import (
	"crypto/ecdh"
	"crypto/hpke"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// The HPKE suite of shares and releases, the one of wire/seal.go and
// wire/audit (RFC 9180): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
// AES-128-GCM, base mode. Custodians open with the standard library alone.
var (
	hpkeKEM  = hpke.DHKEM(ecdh.X25519())
	hpkeKDF  = hpke.HKDFSHA256()
	hpkeAEAD = hpke.AES128GCM()
)

// Labels of the HPKE info. Each keeps its ciphertexts from opening as
// anything else sealed with the same suite: a share is never a release,
// a request or an audit record, and the reverse.
const (
	labelShare   = "anonify-recovery-share-v1"
	labelRelease = "anonify-recovery-release-v1"
)

// Sizes. A share is a Shamir share of an epoch's 32-byte secret (33 bytes
// with its x coordinate); MaxShare leaves room for a longer secret but no
// more. A sealed share or release is SealOverhead bytes more than the
// share.
const (
	MinShare         = 2
	MaxShare         = 64
	SealOverhead     = 32 + 16 // the X25519 enc and the AES-GCM tag
	MaxSealedRelease = SealOverhead + MaxShare
)

var (
	// ErrSealed: a sealed share or release does not open with this key for
	// this network, epoch, custodian (and enclave).
	ErrSealed = errors.New("recovery: sealed share does not open")
	// ErrShareSize: a share outside MinShare to MaxShare bytes, or a sealed
	// one whose size no such share gives.
	ErrShareSize = errors.New("recovery: share size")
)

// GenerateKey returns a fresh custodian key.
func GenerateKey() (hpke.PrivateKey, error) { return hpkeKEM.GenerateKey() }

// ParsePublicKey decodes a custodian's public key: 32 bytes of X25519.
func ParsePublicKey(b []byte) (hpke.PublicKey, error) {
	if len(b) != 32 {
		return nil, fmt.Errorf("recovery: a custodian public key is 32 bytes (X25519), got %d", len(b))
	}
	return hpkeKEM.NewPublicKey(b)
}

// ParsePrivateKey decodes a custodian's private key: 32 bytes of X25519.
func ParsePrivateKey(b []byte) (hpke.PrivateKey, error) {
	if len(b) != 32 {
		return nil, fmt.Errorf("recovery: a custodian private key is 32 bytes (X25519), got %d", len(b))
	}
	return hpkeKEM.NewPrivateKey(b)
}

// ShareInfo is the HPKE info of a share:
//
//	"anonify-recovery-share-v1" ‖ 0x00 ‖ u64be chainID ‖ contract (20) ‖ u64be epoch ‖ custodian (32)
//
// so a share opens only as the share of that epoch of that network for
// that custodian: a manifest cannot be built from shares moved from
// another epoch, network or custodian slot.
func ShareInfo(chainID uint64, contract common.Address, epoch uint64, custodian [32]byte) []byte {
	info := networkInfo(labelShare, chainID, contract)
	info = binary.BigEndian.AppendUint64(info, epoch)
	return append(info, custodian[:]...)
}

// ReleaseInfo is the HPKE info of a release:
//
//	"anonify-recovery-release-v1" ‖ 0x00 ‖ u64be chainID ‖ contract (20) ‖ enclave (20) ‖ u64be epoch ‖ custodian (32)
//
// so a release opens only in the enclave it was made for (its identity
// and its request key both), as the share of that custodian for that
// epoch of that network.
func ReleaseInfo(chainID uint64, contract, enclave common.Address, epoch uint64, custodian [32]byte) []byte {
	info := networkInfo(labelRelease, chainID, contract)
	info = append(info, enclave[:]...)
	info = binary.BigEndian.AppendUint64(info, epoch)
	return append(info, custodian[:]...)
}

// networkInfo is label ‖ 0x00 ‖ u64be chainID ‖ contract, the prefix of
// every HPKE info in this module (wire/seal.go): the zero byte ends the
// label, so no label's info is a prefix of another's.
func networkInfo(label string, chainID uint64, contract common.Address) []byte {
	info := append([]byte(label), 0)
	info = binary.BigEndian.AppendUint64(info, chainID)
	return append(info, contract[:]...)
}

// SealShare seals share to a custodian's 32-byte X25519 public key, for
// one epoch of one network. The enclave that deals the epoch's secret
// calls it once per custodian.
func SealShare(custodian []byte, chainID uint64, contract common.Address, epoch uint64, share []byte) ([]byte, error) {
	pk, err := ParsePublicKey(custodian)
	if err != nil {
		return nil, err
	}
	if err := checkShare(share); err != nil {
		return nil, err
	}
	sealed, err := hpke.Seal(pk, hpkeKDF, hpkeAEAD, ShareInfo(chainID, contract, epoch, [32]byte(custodian)), share)
	if err != nil {
		return nil, fmt.Errorf("recovery: sealing a share to custodian %x: %w", custodian, err)
	}
	return sealed, nil
}

// OpenShare is the custodian's side of SealShare: crypto/hpke.Open with
// the custodian's private key. The info names the custodian's own public
// key, so a share sealed to another custodian does not open here even if
// it was re-encrypted under this one's key.
func OpenShare(k hpke.PrivateKey, chainID uint64, contract common.Address, epoch uint64, sealed []byte) ([]byte, error) {
	pub, err := x25519Public(k)
	if err != nil {
		return nil, err
	}
	if len(sealed) < minSealedShare || len(sealed) > MaxSealedShare {
		return nil, fmt.Errorf("%w: a sealed share of %d bytes (want %d to %d)", ErrShareSize, len(sealed), minSealedShare, MaxSealedShare)
	}
	share, err := hpke.Open(k, hpkeKDF, hpkeAEAD, ShareInfo(chainID, contract, epoch, pub), sealed)
	if err != nil {
		return nil, fmt.Errorf("%w: not sealed to custodian %x for epoch %d of chain %d, contract %s, or tampered with", ErrSealed, pub, epoch, chainID, contract.Hex())
	}
	// Authenticated: a bad size here is the dealing enclave's fault.
	if err := checkShare(share); err != nil {
		return nil, err
	}
	return share, nil
}

// SealRelease re-seals a custodian's opened share to the recovering
// enclave: to its registered HPKE request key (32 bytes of X25519), for
// the enclave's identity. The custodian checks first that the enclave's
// evidence and registration are what it expects (attest): HPKE base mode
// says nothing about who is at the other end of the key.
func SealRelease(enclaveRequestKey []byte, chainID uint64, contract, enclave common.Address, epoch uint64, custodian [32]byte, share []byte) (*Release, error) {
	if len(enclaveRequestKey) != 32 {
		return nil, fmt.Errorf("recovery: an enclave request key is 32 bytes (X25519), got %d", len(enclaveRequestKey))
	}
	pk, err := hpkeKEM.NewPublicKey(enclaveRequestKey)
	if err != nil {
		return nil, fmt.Errorf("recovery: enclave request key: %w", err)
	}
	if err := checkShare(share); err != nil {
		return nil, err
	}
	sealed, err := hpke.Seal(pk, hpkeKDF, hpkeAEAD, ReleaseInfo(chainID, contract, enclave, epoch, custodian), share)
	if err != nil {
		return nil, fmt.Errorf("recovery: sealing a release to enclave %s: %w", enclave.Hex(), err)
	}
	return &Release{Epoch: epoch, Custodian: custodian, Sealed: sealed}, nil
}

// OpenRelease is the enclave's side of SealRelease, with its request
// private key and its identity. A release that opens proves only that
// someone who knew the share sealed it here: HPKE base mode does not
// authenticate the sender, and anyone may seal to a public request key.
// So the enclave takes the combined secret only once it opens the signed
// manifest's checkpoint; a bogus release makes that fail, never succeed
// with a wrong secret.
func OpenRelease(k hpke.PrivateKey, chainID uint64, contract, enclave common.Address, r *Release) ([]byte, error) {
	if _, err := x25519Public(k); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fmt.Errorf("recovery: no release")
	}
	if err := checkSealedRelease(r.Sealed); err != nil {
		return nil, err
	}
	share, err := hpke.Open(k, hpkeKDF, hpkeAEAD, ReleaseInfo(chainID, contract, enclave, r.Epoch, r.Custodian), r.Sealed)
	if err != nil {
		return nil, fmt.Errorf("%w: the release of custodian %x for epoch %d was not sealed to enclave %s of chain %d, contract %s, or was tampered with",
			ErrSealed, r.Custodian, r.Epoch, enclave.Hex(), chainID, contract.Hex())
	}
	if err := checkShare(share); err != nil {
		return nil, err
	}
	return share, nil
}

func checkShare(share []byte) error {
	if len(share) < MinShare || len(share) > MaxShare {
		return fmt.Errorf("%w: a share of %d bytes (want %d to %d)", ErrShareSize, len(share), MinShare, MaxShare)
	}
	return nil
}

func checkSealedRelease(sealed []byte) error {
	if len(sealed) < minSealedShare || len(sealed) > MaxSealedRelease {
		return fmt.Errorf("%w: a sealed release of %d bytes (want %d to %d)", ErrShareSize, len(sealed), minSealedShare, MaxSealedRelease)
	}
	return nil
}

// x25519Public returns the public key of an X25519 HPKE private key.
func x25519Public(k hpke.PrivateKey) ([32]byte, error) {
	if k == nil || k.KEM().ID() != hpkeKEM.ID() {
		return [32]byte{}, fmt.Errorf("recovery: the private key is not an X25519 HPKE key")
	}
	pub := k.PublicKey().Bytes()
	if len(pub) != 32 {
		return [32]byte{}, fmt.Errorf("recovery: an X25519 public key of %d bytes", len(pub))
	}
	return [32]byte(pub), nil
}
