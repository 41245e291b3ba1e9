// Package chainmsg computes the digests that an enclave signs with its
// identity key and that the AnonifyLedger contract recomputes and checks with
// ecrecover, and it signs and recovers those signatures.
//
// Trusted and untrusted code both use it: the enclave imports it to sign
// registrations, handshakes and command batches, and hosts, clients and tests
// import it to check them. It therefore depends only on go-ethereum's common
// and crypto packages, never on the ledger driver.
//
// The byte layout is specified in docs/ARCHITECTURE.md ("Signed digests") and
// must stay identical to contracts/AnonifyLedger.sol; ledger/ethereum tests
// that the deployed contract accepts exactly these digests.
package chainmsg

import (
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Domain is the tag that starts every digest; it names the protocol version.
const Domain = "anonify-ledger-v1"

// SignatureLen is the length of a signature: r ‖ s ‖ v.
const SignatureLen = 65

// Kind separates the signed messages so that no signature of one kind can
// be replayed as another.
type Kind uint8

const (
	KindRegister        Kind = 1
	KindHandshake       Kind = 2
	KindCommands        Kind = 3
	KindAudit           Kind = 4
	KindCheckpoint      Kind = 5
	KindCheckpointChunk Kind = 6
)

// Errors returned by Recover and Sign. Each names the check that failed.
var (
	ErrSignatureLength = errors.New("chainmsg: signature is not 65 bytes")
	ErrSignatureHighS  = errors.New("chainmsg: signature s is above n/2 (malleable)")
	ErrSignatureV      = errors.New("chainmsg: signature v is not 27 or 28")
	ErrSignatureR      = errors.New("chainmsg: signature r or s is zero or not below n")
	ErrUnrecoverable   = errors.New("chainmsg: no public key recovers from the signature")
	ErrNilKey          = errors.New("chainmsg: nil private key")
)

var (
	secp256k1N     = crypto.S256().Params().N
	secp256k1HalfN = new(big.Int).Rsh(secp256k1N, 1)
)

// digest builds keccak256(Domain ‖ uint256 chainID ‖ contract ‖ uint8 kind ‖ body),
// which is what abi.encodePacked produces for the same values in Solidity.
func digest(chainID *big.Int, contract common.Address, kind Kind, body common.Hash) common.Hash {
	buf := make([]byte, 0, len(Domain)+32+common.AddressLength+1+common.HashLength)
	buf = append(buf, Domain...)
	buf = append(buf, uint256Bytes(chainID)...)
	buf = append(buf, contract.Bytes()...)
	buf = append(buf, byte(kind))
	buf = append(buf, body.Bytes()...)
	return crypto.Keccak256Hash(buf)
}

// uint256Bytes encodes x as a 32-byte big-endian word, as Solidity encodes
// block.chainid. Real chain ids are positive and far below 2^256. A nil id
// encodes as 0 (no chain has it, so no contract accepts the digest); any
// other encodes as |x| mod 2^256, which gives a caller that passes an
// impossible id nothing it could not get by passing the real one.
func uint256Bytes(x *big.Int) []byte {
	var word [32]byte
	if x != nil {
		b := x.Bytes()
		if len(b) > 32 {
			b = b[len(b)-32:]
		}
		copy(word[32-len(b):], b)
	}
	return word[:]
}

func uint64Bytes(x uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], x)
	return b[:]
}

// RegisterDigest is the digest an enclave signs with its identity key to
// register (proof of possession of that key, bound to its request key, key
// package and evidence).
func RegisterDigest(chainID *big.Int, contract common.Address, identity common.Address, requestKey, keyPackage, evidence []byte) common.Hash {
	body := crypto.Keccak256Hash(
		identity.Bytes(),
		crypto.Keccak256(requestKey),
		crypto.Keccak256(keyPackage),
		crypto.Keccak256(evidence),
	)
	return digest(chainID, contract, KindRegister, body)
}

// HandshakeDigest is the digest a member enclave signs to post the group-key
// handshake (commit) of epoch, with the membership changes it makes.
func HandshakeDigest(chainID *big.Int, contract common.Address, epoch uint64, handshake []byte, adds, removes []common.Address) common.Hash {
	body := crypto.Keccak256Hash(
		uint64Bytes(epoch),
		crypto.Keccak256(handshake),
		listHash(adds).Bytes(),
		listHash(removes).Bytes(),
	)
	return digest(chainID, contract, KindHandshake, body)
}

// CommandsDigest is the digest a member enclave signs to post a batch of
// encrypted commands with its sequence number seq in epoch.
func CommandsDigest(chainID *big.Int, contract common.Address, epoch, seq uint64, ciphertexts [][]byte) common.Hash {
	body := crypto.Keccak256Hash(uint64Bytes(epoch), uint64Bytes(seq), BatchHash(ciphertexts).Bytes())
	return digest(chainID, contract, KindCommands, body)
}

// AuditDigest is the digest a member enclave signs to post audit records
// with the network's audit sequence number seq in epoch: the header (sealed
// to the group) and the records (each sealed to an auditor).
func AuditDigest(chainID *big.Int, contract common.Address, epoch, seq uint64, header []byte, records [][]byte) common.Hash {
	body := crypto.Keccak256Hash(uint64Bytes(epoch), uint64Bytes(seq), crypto.Keccak256(header), BatchHash(records).Bytes())
	return digest(chainID, contract, KindAudit, body)
}

// CheckpointDigest is the digest a member enclave signs to post the
// checkpoint manifest of epoch: keccak256(uint64 epoch ‖ keccak256(manifest))
// is the body.
func CheckpointDigest(chainID *big.Int, contract common.Address, epoch uint64, manifest []byte) common.Hash {
	body := crypto.Keccak256Hash(uint64Bytes(epoch), crypto.Keccak256(manifest))
	return digest(chainID, contract, KindCheckpoint, body)
}

// CheckpointChunkDigest is the digest a member enclave signs to post chunk
// number index of epoch's checkpoint: keccak256(uint64 epoch ‖ uint32 index
// ‖ keccak256(chunk)) is the body.
func CheckpointChunkDigest(chainID *big.Int, contract common.Address, epoch uint64, index uint32, chunk []byte) common.Hash {
	body := crypto.Keccak256Hash(uint64Bytes(epoch), binary.BigEndian.AppendUint32(nil, index), crypto.Keccak256(chunk))
	return digest(chainID, contract, KindCheckpointChunk, body)
}

// BatchHash is keccak256 over the concatenated keccak256 of each ciphertext.
// Hashing each element first makes the encoding unambiguous without length
// prefixes: moving bytes between ciphertexts changes the hash.
func BatchHash(ciphertexts [][]byte) common.Hash {
	buf := make([]byte, 0, len(ciphertexts)*common.HashLength)
	for _, ct := range ciphertexts {
		buf = append(buf, crypto.Keccak256(ct)...)
	}
	return crypto.Keccak256Hash(buf)
}

// listHash is keccak256(abi.encodePacked(address[])): encodePacked pads each
// array element to 32 bytes.
func listHash(addrs []common.Address) common.Hash {
	buf := make([]byte, 0, len(addrs)*32)
	for _, a := range addrs {
		buf = append(buf, make([]byte, 12)...)
		buf = append(buf, a.Bytes()...)
	}
	return crypto.Keccak256Hash(buf)
}

// Sign signs digest with key and returns r ‖ s ‖ v with v = 27 or 28, the
// encoding the contract's ecrecover expects. go-ethereum's signer produces
// low-s signatures, so the result always passes Recover.
func Sign(digest common.Hash, key *ecdsa.PrivateKey) ([]byte, error) {
	if key == nil {
		return nil, ErrNilKey
	}
	sig, err := crypto.Sign(digest.Bytes(), key)
	if err != nil {
		return nil, fmt.Errorf("chainmsg: sign: %w", err)
	}
	sig[64] += 27
	return sig, nil
}

// Recover returns the address whose key made sig over digest, applying the
// same checks as the contract: exactly 65 bytes, v in {27, 28}, s in the
// lower half of the curve order. It rejects what the contract rejects, so
// the enclave and host learn about a bad signature before paying gas.
func Recover(digest common.Hash, sig []byte) (common.Address, error) {
	if len(sig) != SignatureLen {
		return common.Address{}, ErrSignatureLength
	}
	r := new(big.Int).SetBytes(sig[:32])
	s := new(big.Int).SetBytes(sig[32:64])
	if s.Cmp(secp256k1HalfN) > 0 {
		return common.Address{}, ErrSignatureHighS
	}
	v := sig[64]
	if v != 27 && v != 28 {
		return common.Address{}, ErrSignatureV
	}
	// ecrecover returns address(0) for these; the contract then reverts.
	if r.Sign() == 0 || s.Sign() == 0 || r.Cmp(secp256k1N) >= 0 {
		return common.Address{}, ErrSignatureR
	}
	raw := make([]byte, SignatureLen)
	copy(raw, sig)
	raw[64] = v - 27
	pub, err := crypto.SigToPub(digest.Bytes(), raw)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrUnrecoverable, err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// PackBatch encodes ciphertexts as postCommands takes them: `u16 length ‖
// ciphertext` for each. The ABI's bytes[] spends 64 bytes of offset and
// length per element, about 1,000 gas per command (the contract says
// more). A ciphertext over 65,535 bytes cannot be packed (the contract's
// cap is 16,384).
func PackBatch(ciphertexts [][]byte) ([]byte, error) {
	n := 0
	for i, ct := range ciphertexts {
		if len(ct) > 0xffff {
			return nil, fmt.Errorf("chainmsg: ciphertext %d is %d bytes, more than a packed batch can carry", i, len(ct))
		}
		n += 2 + len(ct)
	}
	out := make([]byte, 0, n)
	for _, ct := range ciphertexts {
		out = binary.BigEndian.AppendUint16(out, uint16(len(ct)))
		out = append(out, ct...)
	}
	return out, nil
}

// UnpackBatch reverses PackBatch; a length that runs past the end is an
// error (the contract refuses such a batch with MalformedBatch).
func UnpackBatch(packed []byte) ([][]byte, error) {
	var out [][]byte
	for off := 0; off < len(packed); {
		if off+2 > len(packed) {
			return nil, fmt.Errorf("chainmsg: packed batch: length at offset %d is cut off", off)
		}
		n := int(binary.BigEndian.Uint16(packed[off:]))
		if off+2+n > len(packed) {
			return nil, fmt.Errorf("chainmsg: packed batch: ciphertext at offset %d runs past the end", off)
		}
		out = append(out, packed[off+2:off+2+n])
		off += 2 + n
	}
	return out, nil
}
