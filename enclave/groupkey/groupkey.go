// Package groupkey holds the secret the member enclaves of a network share
// and derives from it everything that is encrypted for the group: the
// per-epoch command keys and the state-hash key.
//
// This is the "enclave key" mode of the design: one 32-byte network key,
// drawn by the founding enclave and handed to each admitted enclave sealed
// to its attested request key. Epochs still advance with every handshake,
// so ciphertexts name their epoch and the MLS (TreeKEM) mode can replace
// this package behind the same small surface: Epoch, EpochSecret,
// StateHashKey, Advance, Marshal.
//
// Trust: TRUSTED. Never hand a Key or its derivations to the host.
package groupkey

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// Key is the network key and the ledger epoch it has been advanced to.
type Key struct {
	secret [32]byte
	epoch  uint64
}

// New draws a fresh network key at epoch (the founder's).
func New(epoch uint64) (*Key, error) {
	k := &Key{epoch: epoch}
	if _, err := rand.Read(k.secret[:]); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *Key) Epoch() uint64 { return k.epoch }

// Advance moves to the next epoch; called for every handshake the ledger
// orders, by every member, so all agree on the epoch of each ciphertext.
func (k *Key) Advance() { k.epoch++ }

var ErrEpoch = errors.New("groupkey: no secret for that epoch")

// EpochSecret derives the secret of the given epoch. In this mode old
// epochs remain derivable (there is no forward secrecy between epochs;
// the MLS mode provides it), but future ones are refused so a ciphertext
// claiming an epoch the member has not reached does not open.
func (k *Key) EpochSecret(epoch uint64) ([]byte, error) {
	if epoch > k.epoch {
		return nil, fmt.Errorf("%w: epoch %d is ahead of this member (at %d)", ErrEpoch, epoch, k.epoch)
	}
	info := binary.BigEndian.AppendUint64([]byte("anonify-epoch-secret-v1"), epoch)
	return hkdf.Key(sha256.New, k.secret[:], nil, string(info), 32)
}

// StateHashKey keys the running state hash, so that the hash reveals
// nothing about the state to those outside the group.
func (k *Key) StateHashKey() []byte {
	out, err := hkdf.Key(sha256.New, k.secret[:], nil, "anonify-state-hash-v1", 32)
	if err != nil {
		panic(err) // cannot happen: 32 bytes of SHA-256 HKDF output
	}
	return out
}

// Marshal encodes the key for a sealed blob or a join: secret ‖ epoch.
func (k *Key) Marshal() []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, k.secret[:]...), k.epoch)
}

// Unmarshal is the inverse of Marshal.
func Unmarshal(b []byte) (*Key, error) {
	if len(b) != 40 {
		return nil, fmt.Errorf("groupkey: encoded key has %d bytes, want 40", len(b))
	}
	k := &Key{epoch: binary.BigEndian.Uint64(b[32:])}
	copy(k.secret[:], b[:32])
	return k, nil
}
