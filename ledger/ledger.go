// Package ledger is the interface between an Anonify node and the shared
// ledger that orders and stores everything the enclaves publish: enclave
// registrations, governance of the admission policy, group-key handshakes
// (one per epoch) and enclave-signed batches of encrypted commands.
//
// It is UNTRUSTED host code. Nothing that passes through it is secret: the
// payloads are ciphertexts and public keys, and their authority comes from
// the enclave signatures they carry (see wire/chainmsg), which the contract
// checks. A ledger can drop, delay or reorder transactions before they are
// final, but once in its log every enclave replays the same events in the
// same order.
//
// The calls and events themselves are defined once, in wire/chainmsg, where
// the enclave reads them too. The Ethereum implementation lives in
// ledger/ethereum; an in-memory one with the contract's rules in
// ledger/memledger.
package ledger

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Ledger is a contract deployment on some chain, reached through one host
// account that pays for transactions.
//
// Register, PostHandshake, PostCommands, PostAudit, PostCheckpoint,
// PostCheckpointChunk, ProposePolicy, ProposeFounder, ProposeExpel,
// ProposeAuditor, ProposeCustodians and Approve send one transaction each
// and return once it is included. When the
// contract refuses the call, they return an error that matches one of the
// Err* values below with errors.Is (and *WrongEpochError or
// *BadSequenceError with errors.As where the contract says more), whether the
// refusal was seen before sending or in a reverted receipt.
type Ledger interface {
	// ChainID is the chain's EIP-155 id, part of every signed digest.
	ChainID() *big.Int
	// Contract is the contract's address, part of every signed digest.
	Contract() common.Address

	// Register publishes an enclave's identity, keys and evidence.
	Register(ctx context.Context, r chainmsg.Registration) error
	// PostHandshake posts the group-key commit of h.Epoch. Exactly one
	// handshake per epoch is accepted; a loser gets ErrWrongEpoch.
	PostHandshake(ctx context.Context, h chainmsg.Handshake) error
	// PostCommands posts one enclave-signed batch of encrypted commands.
	PostCommands(ctx context.Context, b chainmsg.CommandBatch) error
	// PostAudit posts one enclave-signed post of audit records. Exactly
	// one post per audit sequence number is accepted; a loser gets
	// ErrBadSequence (another member posted the same records first).
	PostAudit(ctx context.Context, a chainmsg.AuditPost) error
	// PostCheckpoint posts the checkpoint manifest of the current epoch.
	// Exactly one per epoch is accepted; a loser gets
	// ErrAlreadyCheckpointed.
	PostCheckpoint(ctx context.Context, c chainmsg.CheckpointPost) error
	// PostCheckpointChunk posts one chunk of the checkpoint of an epoch
	// that has its manifest (ErrNoCheckpoint otherwise), the current one or
	// an earlier one. The same chunk may be posted again.
	PostCheckpointChunk(ctx context.Context, c chainmsg.CheckpointChunkPost) error

	// Governance. The host key signs the act (chainmsg.GovernanceDigest),
	// so it must be a governor's; its signature counts as its approval,
	// and the contract emits the signatures with the act for enclaves to
	// check against the genesis.
	//
	// ProposePolicy proposes the next policy version and returns the
	// proposal id.
	ProposePolicy(ctx context.Context, policy []byte) (uint64, error)
	// ProposeFounder proposes the registered identity that founds the group
	// (while it has no live member).
	ProposeFounder(ctx context.Context, identity common.Address) (uint64, error)
	// ProposeExpel proposes to expel a member: it may post nothing more,
	// and members remove it from the group key.
	ProposeExpel(ctx context.Context, identity common.Address) (uint64, error)
	// ProposeAuditor proposes to set the scope of the auditor whose X25519
	// public key is key (registering it if new), or with an empty scope to
	// remove it.
	ProposeAuditor(ctx context.Context, key [32]byte, scope []byte) (uint64, error)
	// ProposeCustodians proposes the disaster-recovery custodian set: any
	// threshold of keys recover. No keys, with threshold 0, removes
	// recovery.
	ProposeCustodians(ctx context.Context, keys [][32]byte, threshold uint8) (uint64, error)
	// Approve adds the host key's approval to a proposal, executing it once
	// the threshold is reached.
	Approve(ctx context.Context, id uint64) error
	// Genesis is the network's genesis as the contract fixed it: what every
	// enclave's evidence binds.
	Genesis(ctx context.Context) (chainmsg.Genesis, error)

	// Events returns the contract events of blocks [fromBlock, head] in
	// (block, log index) order, and the block to ask from next time. An
	// implementation may stop before the head (at most EventWindow blocks
	// per call), so that a reader far behind holds a bounded range in
	// memory; it then calls again from nextBlock.
	Events(ctx context.Context, fromBlock uint64) (events []chainmsg.Event, nextBlock uint64, err error)
	// State reads epoch, members, policy and custodians consistently from
	// one block.
	State(ctx context.Context) (State, error)
	// NextSeq is the sequence number the contract expects in identity's next
	// command batch.
	NextSeq(ctx context.Context, identity common.Address) (uint64, error)
	// Head is the number of the latest block Events reads up to: the
	// chain's head, less the confirmations a driver waits for.
	Head(ctx context.Context) (uint64, error)

	// Close releases the connection.
	Close()
}

// State is the contract's group state at one block.
type State struct {
	Epoch         uint64
	Members       []common.Address
	PolicyVersion uint64
	Policy        []byte
	// AuditSeq is the sequence number the contract expects in the next
	// audit post.
	AuditSeq uint64
	// CustodianVersion is the number of custodian acts executed; the
	// custodian set is Custodians, of which CustodianThreshold recover
	// (none, and 0, when there is no recovery).
	CustodianVersion   uint64
	Custodians         [][32]byte
	CustodianThreshold uint8
}

// EventWindow is the most blocks one Events call covers. Public JSON-RPC
// providers cap eth_getLogs ranges near it, and a node catching up applies,
// seals and reports its progress window by window.
const EventWindow = 5000

// TxStats counts what a ledger's transaction sender did since it started
// (ledger/ethereum's manager: nonces, stuck replacements, reorg resends).
type TxStats struct {
	Sent         uint64 // transactions sent (replacements not counted)
	Replaced     uint64 // replacements sent for stuck transactions
	Resubmitted  uint64 // transactions sent again after a reorganisation dropped them
	InFlight     int    // sent and not yet included
	PeakInFlight int    // the most in flight at once
}

// TxReporter is a Ledger whose sender reports TxStats (node metrics).
type TxReporter interface {
	TxStats() TxStats
}

// BlockReader feeds an enclave that verifies the chain itself (a Clique
// network; see wire/chainmsg.Block) the headers and receipts it checks.
type BlockReader interface {
	// Blocks returns, first, the blocks of wants with their receipts (the
	// enclave holds their headers and needs their receipts), then the
	// chain's blocks after the newest block of held (the enclave's branch,
	// its last final block first) that is still on the chain, up to the
	// chain's head and at most BlockWindow of them. If none of held is on
	// the chain any more, the chain replaced a block the enclave holds as
	// final: the error is ErrReorg.
	Blocks(ctx context.Context, held, wants []chainmsg.BlockID) ([]chainmsg.Block, error)
	// GenesisHeader returns the chain's block 0, which the network's
	// first policy pins for enclaves that verify the chain.
	GenesisHeader(ctx context.Context) (*types.Header, error)
	// SetConfirmations makes Head the block with n blocks on top of it,
	// the newest such an enclave takes as final.
	SetConfirmations(n uint64)
}

// BlockWindow is the most blocks one Blocks call returns.
const BlockWindow = 256
