package chainmsg

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Block is one block of the chain as a host feeds it to an enclave that
// verifies the chain itself (a Clique network): the header, which the
// enclave checks against the signers' seals, and, when the header's bloom
// says the block may hold a log of the contract, all of the block's
// receipts in order, which the enclave checks against the header's receipt
// root before it reads the contract's events from them. A bloom has no
// false negatives, so a block whose bloom rules the contract out needs no
// receipts: the host cannot hide an event that way.
type Block struct {
	Header   *types.Header
	Receipts types.Receipts // nil when the bloom rules out the contract's logs
}

// BlockID names a block the enclave holds: number and hash.
type BlockID struct {
	Number uint64
	Hash   common.Hash
}
