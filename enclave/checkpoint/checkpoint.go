// Package checkpoint encrypts an epoch's checkpoint (the whole state as of
// the handshake that began the epoch) into ledger-sized chunks and opens
// it again, and splits the epoch's command secret among the recovery
// custodians. wire/recovery holds the manifest and the share formats;
// this package holds the keys and the plaintext.
//
// Trust: TRUSTED. It sees epoch secrets and plaintext state; only the
// enclave imports it.
//
// # Encryption
//
//	key   = HKDF-SHA256(secret = X_E, salt = none,
//	                    info = "anonify-checkpoint-v1" ‖ 0x00 ‖ u64 chainID ‖ contract ‖ u64 epoch), 32 bytes
//	frame = u32 len(payload) ‖ payload ‖ zero padding to PlainSize
//	chunk i = AES-256-GCM(key, nonce = 12-byte big-endian i,
//	                      ad = "anonify-checkpoint-chunk-v1" ‖ 0x00 ‖ u64 epoch ‖ u32 i ‖ u32 count,
//	                      frame[i·ChunkPlain : (i+1)·ChunkPlain])
//	root  = keccak256(keccak256(chunk 0) ‖ … ‖ keccak256(chunk count−1))
//
// A frame that fits one chunk is padded so that the chunk is a power of
// two bytes, at least 1 KiB; a larger one to whole ChunkPlain chunks (the
// layout of wire/recovery.Manifest.Check). The ad binds each chunk to its
// place, so chunks cannot be reordered, dropped or moved between
// checkpoints without Open refusing them.
package checkpoint

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire/recovery"
)

// ChunkPlain is the plaintext of a full chunk: its ciphertext, with the
// 16-byte tag, is 64 KiB, the contract's MAX_CHUNK_BYTES.
const ChunkPlain = recovery.MaxChunkBytes - recovery.ChunkOverhead

// MaxPayload is the largest payload Seal takes: the frame of MaxChunks
// full chunks less its 4-byte length.
const MaxPayload = recovery.MaxChunks*ChunkPlain - 4

const (
	keyLabel   = "anonify-checkpoint-v1"
	chunkLabel = "anonify-checkpoint-chunk-v1"
	// KeySize is the size of a checkpoint key (AES-256).
	KeySize = 32
)

// ErrOpen means a checkpoint does not open: a chunk is missing, altered,
// out of place or of another checkpoint, or the key is wrong.
var ErrOpen = errors.New("checkpoint: does not open")

// Key derives the checkpoint key of one epoch of one network from the
// epoch's command secret. The key is unique per (network, epoch), and only
// that epoch's checkpoint is ever sealed under it, which is what makes
// Seal's fixed nonces safe.
func Key(secret []byte, chainID uint64, contract common.Address, epoch uint64) []byte {
	info := append([]byte(keyLabel), 0)
	info = binary.BigEndian.AppendUint64(info, chainID)
	info = append(info, contract[:]...)
	info = binary.BigEndian.AppendUint64(info, epoch)
	k, err := hkdf.Key(sha256.New, secret, nil, string(info), KeySize)
	if err != nil {
		// hkdf.Key fails only for a length over 255 hash blocks.
		panic("checkpoint: " + err.Error())
	}
	return k
}

// Seal encrypts payload into the chunks of epoch's checkpoint under key
// (from Key) and returns them with the manifest's PlainSize and
// ChunksRoot.
//
// Seal is deterministic on purpose: every member of the group computes
// byte-identical chunks from the same state, so any member can check the
// maker's chunks against its own and (re-)post any chunk. Fixed nonces are
// safe only because a key seals one plaintext: the key is unique per
// network and epoch (Key), and the payload is the state as of the
// handshake that began the epoch, the same for every member and every
// call. A caller must never seal a different payload under the same key
// (say, the state after some of the epoch's commands): two plaintexts
// under one AES-GCM key and nonce leak their XOR and the key's
// authentication subkey.
//
// The root hashes with keccak256 because readers check chunks as they
// read them from ledger events, where keccak256 is what the chain, the
// contract and every Ethereum library already compute cheaply; the
// contract can check a chunk's hash in the EVM too.
func Seal(key []byte, epoch uint64, payload []byte) (chunks [][]byte, plainSize uint32, root [32]byte, err error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, 0, root, err
	}
	if err := checkPayload(len(payload)); err != nil {
		return nil, 0, root, err
	}
	frame := make([]byte, paddedSize(4+len(payload)))
	defer clear(frame)
	binary.BigEndian.PutUint32(frame, uint32(len(payload)))
	copy(frame[4:], payload)
	chunks, root = sealFrame(aead, epoch, frame)
	return chunks, uint32(len(frame)), root, nil
}

func checkPayload(n int) error {
	if n > MaxPayload {
		return fmt.Errorf("checkpoint: a payload of %d bytes, over the %d-byte limit (%d chunks)", n, MaxPayload, recovery.MaxChunks)
	}
	return nil
}

// sealFrame encrypts a padded frame (of a size paddedSize gives) chunk by
// chunk. The chunks share one allocation, each capped at its own end.
func sealFrame(aead cipher.AEAD, epoch uint64, frame []byte) ([][]byte, [32]byte) {
	per := min(len(frame), ChunkPlain)
	size := per + recovery.ChunkOverhead
	count := len(frame) / per
	ct := make([]byte, count*size)
	chunks := make([][]byte, count)
	hashes := make([][32]byte, count)
	for i := range chunks {
		off := i * size
		chunks[i] = aead.Seal(ct[off:off:off+size], nonce(i), frame[i*per:(i+1)*per], chunkAD(epoch, i, count))
		hashes[i] = ChunkHash(chunks[i])
	}
	return chunks, Root(hashes)
}

// Open checks chunks against the manifest m of epoch's checkpoint and
// decrypts them under key (from Key): the count, every chunk's size and
// place, the root, the frame's length and that its padding is zero. It
// accepts exactly what Seal produces, and returns the payload.
func Open(key []byte, epoch uint64, m *recovery.Manifest, chunks [][]byte) ([]byte, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("checkpoint: no manifest")
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	if m.Epoch != epoch {
		return nil, fmt.Errorf("%w: the manifest is of epoch %d, not %d", ErrOpen, m.Epoch, epoch)
	}
	if len(chunks) != int(m.Chunks) {
		return nil, fmt.Errorf("%w: %d chunks, the manifest names %d", ErrOpen, len(chunks), m.Chunks)
	}
	size, per := int(m.PlainSize), m.ChunkBytes()
	for i, c := range chunks {
		if len(c) != per {
			return nil, fmt.Errorf("%w: chunk %d of %d is %d bytes, the manifest's layout says %d", ErrOpen, i, len(chunks), len(c), per)
		}
	}
	frame := make([]byte, size)
	hashes := make([][32]byte, len(chunks))
	plain := per - recovery.ChunkOverhead
	for i, c := range chunks {
		dst := frame[i*plain : i*plain : (i+1)*plain]
		if _, err := aead.Open(dst, nonce(i), c, chunkAD(epoch, i, len(chunks))); err != nil {
			clear(frame)
			return nil, fmt.Errorf("%w: chunk %d of %d fails authentication (altered, out of place, of another checkpoint, or the key is wrong)", ErrOpen, i, len(chunks))
		}
		hashes[i] = ChunkHash(c)
	}
	// Every chunk authenticated under the epoch's key, so this holds unless
	// a key holder made chunks other than the manifest's.
	if r := Root(hashes); r != m.ChunksRoot {
		clear(frame)
		return nil, fmt.Errorf("%w: the chunks' root %x is not the manifest's %x", ErrOpen, r, m.ChunksRoot)
	}
	n := int(binary.BigEndian.Uint32(frame))
	if n > size-4 || paddedSize(4+n) != size {
		clear(frame)
		return nil, fmt.Errorf("%w: a payload of %d bytes does not pad to the manifest's %d", ErrOpen, n, size)
	}
	if pad := frame[4+n:]; !bytes.Equal(pad, make([]byte, len(pad))) {
		clear(frame)
		return nil, fmt.Errorf("%w: the padding after the %d-byte payload is not zero", ErrOpen, n)
	}
	return frame[4 : 4+n : 4+n], nil
}

// ChunkHash is keccak256 of a chunk's ciphertext, as the root uses it.
func ChunkHash(chunk []byte) [32]byte { return [32]byte(crypto.Keccak256(chunk)) }

// Root is keccak256 of the chunk hashes in order: the manifest's
// ChunksRoot.
func Root(hashes [][32]byte) [32]byte {
	b := make([]byte, 0, 32*len(hashes))
	for _, h := range hashes {
		b = append(b, h[:]...)
	}
	return [32]byte(crypto.Keccak256(b))
}

// paddedSize is the plaintext size of a frame of n bytes (n ≥ 4): the
// smallest power of two from 1 KiB, less the tag, when that fits one
// chunk, else whole chunks.
func paddedSize(n int) int {
	if n <= ChunkPlain {
		c := max(recovery.MinChunkBytes, 1<<bits.Len(uint(n+recovery.ChunkOverhead-1)))
		return c - recovery.ChunkOverhead
	}
	return (n + ChunkPlain - 1) / ChunkPlain * ChunkPlain
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("checkpoint: a key of %d bytes, want %d (AES-256)", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// nonce is the 12-byte big-endian chunk index.
func nonce(i int) []byte {
	var n [12]byte
	binary.BigEndian.PutUint64(n[4:], uint64(i))
	return n[:]
}

func chunkAD(epoch uint64, i, count int) []byte {
	ad := append([]byte(chunkLabel), 0)
	ad = binary.BigEndian.AppendUint64(ad, epoch)
	ad = binary.BigEndian.AppendUint32(ad, uint32(i))
	return binary.BigEndian.AppendUint32(ad, uint32(count))
}
