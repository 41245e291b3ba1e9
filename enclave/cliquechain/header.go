package cliquechain

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
)

// Clique's extra-data layout: 32 bytes of vanity, then (on checkpoints
// only) the signers, 20 bytes each, then the 65-byte seal.
const (
	extraVanity = 32
	extraSeal   = crypto.SignatureLength
)

// headerFields checks what a header must be on its own, before its seal
// is worth recovering: consensus/clique's verifyHeader, less the checks of
// execution (gas limit moves, base fee) and of time against a clock. It
// returns the block number and, for a checkpoint, its signer list.
func headerFields(h *types.Header, hash common.Hash, epoch uint64) (number uint64, signers []byte, err error) {
	if h.Number == nil || !h.Number.IsUint64() {
		return 0, nil, fmt.Errorf("%w: header %s has no valid number (%v)", ErrMalformed, hash, h.Number)
	}
	number = h.Number.Uint64()
	fail := func(sentinel error, format string, args ...any) (uint64, []byte, error) {
		return 0, nil, fmt.Errorf("%w: block %d (%s): %s", sentinel, number, hash, fmt.Sprintf(format, args...))
	}
	checkpoint := number%epoch == 0
	if checkpoint && h.Coinbase != (common.Address{}) {
		return fail(ErrVote, "a checkpoint votes for nobody, this one for %s", h.Coinbase)
	}
	if h.Nonce != nonceAuthVote && h.Nonce != nonceDropVote {
		return fail(ErrVote, "nonce %#x is neither 0xffffffffffffffff (add) nor 0x0000000000000000 (drop)", h.Nonce[:])
	}
	if checkpoint && h.Nonce != nonceDropVote {
		return fail(ErrVote, "a checkpoint's nonce is zero, this one's %#x", h.Nonce[:])
	}
	if len(h.Extra) < extraVanity+extraSeal {
		return fail(ErrMalformed, "extra-data is %d bytes, less than %d of vanity and %d of seal", len(h.Extra), extraVanity, extraSeal)
	}
	list := h.Extra[extraVanity : len(h.Extra)-extraSeal]
	if !checkpoint && len(list) != 0 {
		return fail(ErrMalformed, "extra-data lists %d bytes of signers, which only a checkpoint (every %d blocks) does", len(list), epoch)
	}
	if checkpoint && len(list)%common.AddressLength != 0 {
		return fail(ErrCheckpointSigners, "the signer list is %d bytes, not a whole number of addresses", len(list))
	}
	if h.MixDigest != (common.Hash{}) {
		return fail(ErrMalformed, "mix digest %s is not zero", h.MixDigest)
	}
	if h.UncleHash != types.EmptyUncleHash {
		return fail(ErrMalformed, "uncle hash %s is not the empty list's", h.UncleHash)
	}
	if h.Difficulty == nil || !h.Difficulty.IsUint64() || number > 0 && h.Difficulty.Uint64() != 1 && h.Difficulty.Uint64() != 2 {
		return fail(ErrDifficulty, "difficulty %v; Clique's is 2 in turn, 1 out of turn", h.Difficulty)
	}
	if h.GasLimit > params.MaxGasLimit || h.GasUsed > h.GasLimit {
		return fail(ErrMalformed, "gas used %d, limit %d (at most %d)", h.GasUsed, h.GasLimit, params.MaxGasLimit)
	}
	if h.BaseFee != nil && h.BaseFee.Sign() < 0 {
		return fail(ErrMalformed, "negative base fee %v", h.BaseFee)
	}
	// The seal does not cover these fields (clique.SealHash panics on
	// them): a header carrying one could be given other hashes at will.
	// Clique chains end before Shanghai, where the first of them appears.
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"withdrawalsRoot", h.WithdrawalsHash != nil},
		{"blobGasUsed", h.BlobGasUsed != nil},
		{"excessBlobGas", h.ExcessBlobGas != nil},
		{"parentBeaconBlockRoot", h.ParentBeaconRoot != nil},
		{"requestsHash", h.RequestsHash != nil},
		{"blockAccessListHash", h.BlockAccessListHash != nil},
		{"slotNumber", h.SlotNumber != nil},
	} {
		if f.set {
			return fail(ErrMalformed, "%s is set; Clique chains end before Shanghai and the seal does not cover it", f.name)
		}
	}
	if checkpoint {
		signers = list
	}
	return number, signers, nil
}

// sealHash is consensus/clique's SealHash: the keccak of the header's RLP
// with the seal cut from the extra-data. That package links the EVM
// (doc.go), so it is restated here; TestSealHashMatchesLibrary holds the
// two equal. The header must have passed headerFields (the extra-data is
// long enough, no post-London field is set).
func sealHash(h *types.Header) (common.Hash, error) {
	enc := []any{
		h.ParentHash,
		h.UncleHash,
		h.Coinbase,
		h.Root,
		h.TxHash,
		h.ReceiptHash,
		h.Bloom,
		h.Difficulty,
		h.Number,
		h.GasLimit,
		h.GasUsed,
		h.Time,
		h.Extra[:len(h.Extra)-extraSeal],
		h.MixDigest,
		h.Nonce,
	}
	if h.BaseFee != nil {
		enc = append(enc, h.BaseFee)
	}
	b, err := rlp.EncodeToBytes(enc)
	if err != nil {
		return common.Hash{}, err
	}
	return crypto.Keccak256Hash(b), nil
}

// sealer recovers the address that sealed h. Like go-ethereum it accepts
// a high-s signature: a host can flip s to give a block a second hash,
// but that copy has the same contents and no sealed children, so it is a
// dead end the fork choice leaves behind (with 0 confirmations, a single
// signer's chain, it can stall its own enclave, which a host can always
// do by feeding nothing). Refusing what geth accepts would let one signer
// stall every enclave.
func sealer(h *types.Header, number uint64, hash common.Hash) (common.Address, error) {
	digest, err := sealHash(h)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: block %d (%s): encode for the seal: %v", ErrMalformed, number, hash, err)
	}
	sig := h.Extra[len(h.Extra)-extraSeal:]
	pub, err := crypto.Ecrecover(digest[:], sig)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: block %d (%s): the seal recovers no key: %v", ErrSeal, number, hash, err)
	}
	var signer common.Address
	copy(signer[:], crypto.Keccak256(pub[1:])[12:])
	return signer, nil
}

// SealHash is the digest a Clique signer signs for h (consensus/clique's
// SealHash), for whoever seals blocks a verifier checks: simulated chains
// in tests.
func SealHash(h *types.Header) (common.Hash, error) {
	if len(h.Extra) < extraVanity+extraSeal {
		return common.Hash{}, fmt.Errorf("%w: extra-data is %d bytes, less than %d of vanity and %d of seal", ErrMalformed, len(h.Extra), extraVanity, extraSeal)
	}
	return sealHash(h)
}
