// Package memledger is an in-memory AnonifyLedger: the contract's rules,
// ported line by line from contracts/AnonifyLedger.sol, on a chain that
// mines one block per successful call. It is a TEST DOUBLE. It has no
// consensus, no persistence, no transport and no gas, and nothing stops
// its users from rewriting it; nobody should run it as a ledger, in
// production or anywhere else a real network is meant.
//
// It exists so that host logic (package node) can be tested in
// milliseconds without an Ethereum node, against a ledger that refuses
// exactly what the deployed contract refuses, in the same order and with
// the same ledger.Err* values. ledger/ledgertest holds the table of
// contract behaviours that both this package and ledger/ethereum (on the
// real contract, on an embedded chain) must pass, so the two cannot drift
// apart silently.
//
// A Chain is the chain together with one deployment of the contract; it
// is safe for concurrent use. Hosts reach it through handles, each a
// ledger.Ledger sending from one host account: Chain.AccountKey(key) sends
// from key's account and signs governance acts with key, as a
// ledger/ethereum.Driver does with its host key; Chain.Account(addr) sends
// from addr and has no key, which is all a host needs that only relays
// its enclave's calls (they carry the enclave's signatures). Governance
// authority is in signatures, never in the sending account: a governor's
// signature made elsewhere can be relayed by any handle (RelayPolicy and
// the other Relay methods). A handle can also put a lying or faulty host
// between the node and the chain, for tests: WithEventFilter rewrites
// what Events returns, WithInterceptor stands in the way of every sending
// call.
//
// What it does not model: gas. A call the contract accepts but that costs
// more than a chain lets one transaction use succeeds here. On a chain
// with EIP-7825's per-transaction cap (2^24 gas, Osaka) that happens below
// the contract's 16 KiB policy cap: measured through ledger/ethereum, a
// 16 KiB policy cannot be deployed (12 KiB can), and with a threshold of
// 1, where proposePolicy executes at once and stores the policy twice,
// 10 KiB cannot be proposed (8 KiB can). Nor does it model
// reorganisations, pending transactions or blocks of several
// transactions.
//
// Blocks: block 0 is an empty genesis, the deployment is mined in block 1
// (DeployedAt) with the PolicyChanged(1, policy, no signatures) event, and every
// successful call is mined in a block of its own, so Head and
// Events(from) behave as on a chain where each transaction lands in its
// own block. A call the contract refuses mines nothing, as a transaction
// refused at gas estimation never reaches a real chain.
package memledger

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"math/big"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// DefaultChainID is the chain id of a Chain whose Config leaves it unset:
// the dev-chain id that geth --dev and ledger/ethereum's embedded chain use.
const DefaultChainID = 1337

// Config is the deployment: the contract's constructor arguments and where
// it lives.
type Config struct {
	// ChainID is part of every signed digest; nil means DefaultChainID.
	ChainID *big.Int
	// Contract is the contract's address, part of every signed digest. The
	// zero value draws a random address, so that two test networks never
	// accept each other's signatures unless a test asks for it.
	Contract common.Address
	// Governors, Threshold and Policy are the constructor's arguments.
	Governors []common.Address
	Threshold uint64
	Policy    []byte
	// EventWindow caps the blocks one Events call covers, as
	// ledger.EventWindow does for real chains; 0 means ledger.EventWindow.
	// Tests of catching up set it small.
	EventWindow uint64
}

// Chain is a chain holding one AnonifyLedger deployment. Its methods are
// safe for concurrent use; the read methods are the contract's views as of
// the latest block.
type Chain struct {
	chainID  *big.Int
	contract common.Address

	window uint64 // blocks per Events call

	mu         sync.Mutex
	blocks     [][]chainmsg.Event // blocks[n] holds block n's events
	deployedAt uint64
	st         *contract
}

// New deploys the contract on a fresh chain. It refuses what the
// constructor refuses (too many governors, a bad threshold, a zero or
// repeated governor, an empty or oversized policy) with an error matching
// ledger.ErrInvalidInput, as ledger/ethereum.Deploy does.
func New(cfg Config) (*Chain, error) {
	c := &Chain{chainID: big.NewInt(DefaultChainID), contract: cfg.Contract, window: cfg.EventWindow}
	if c.window == 0 {
		c.window = ledger.EventWindow
	}
	if cfg.ChainID != nil {
		if cfg.ChainID.Sign() <= 0 {
			return nil, fmt.Errorf("memledger: chain id %s is not positive", cfg.ChainID)
		}
		c.chainID = new(big.Int).Set(cfg.ChainID)
	}
	if c.contract == (common.Address{}) {
		if _, err := rand.Read(c.contract[:]); err != nil {
			return nil, err
		}
	}
	// Block 0 is the genesis; the deployment is the first transaction.
	c.blocks = [][]chainmsg.Event{nil}
	st := newContract()
	x := &tx{st: st, chainID: c.chainID, this: c.contract}
	if err := x.construct(cfg.Governors, cfg.Threshold, cfg.Policy); err != nil {
		return nil, fmt.Errorf("memledger: deploy: %w", err)
	}
	c.st = st
	c.deployedAt = c.mine(common.Address{}, "deploy", x.logs)
	return c, nil
}

// ChainID is the chain's EIP-155 id.
func (c *Chain) ChainID() *big.Int { return new(big.Int).Set(c.chainID) }

// Contract is the contract's address.
func (c *Chain) Contract() common.Address { return c.contract }

// DeployedAt is the block the contract was deployed in: the first block a
// follower reads (node.Config.StartBlock).
func (c *Chain) DeployedAt() uint64 { return c.deployedAt }

// Account returns a handle on the deployment that sends from the host
// account host, with no key: its governance calls fail with ErrNoKey
// (its Relay methods work). Handles are cheap and independent: closing
// one leaves the others open.
func (c *Chain) Account(host common.Address) *Account {
	return &Account{chain: c, from: host, closed: new(closedFlag)}
}

// AccountKey returns a handle that sends from key's account and signs
// governance acts with key, which govern if key is a governor's.
func (c *Chain) AccountKey(key *ecdsa.PrivateKey) *Account {
	return &Account{chain: c, from: crypto.PubkeyToAddress(key.PublicKey), key: key, closed: new(closedFlag)}
}

// Head is the number of the latest block.
func (c *Chain) Head() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return uint64(len(c.blocks) - 1)
}

// Events returns every event in blocks [from, head] in (block, log index)
// order, and head+1; from beyond the head gives no events and from itself,
// as ledger/ethereum does. The events are copies: changing them changes
// nothing on the chain.
func (c *Chain) Events(from uint64) ([]chainmsg.Event, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	head := uint64(len(c.blocks) - 1)
	if from > head {
		return nil, from
	}
	last := min(head, from+c.window-1) // c.mu is held
	var out []chainmsg.Event
	for _, blk := range c.blocks[from : last+1] {
		for _, ev := range blk {
			out = append(out, copyEvent(ev))
		}
	}
	return out, last + 1
}

// SetEventWindow changes how many blocks one Events call covers, so that a
// test can make a node catch up over many windows without mining
// thousands of blocks.
func (c *Chain) SetEventWindow(blocks uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.window = max(blocks, 1)
}

// State is the contract's state(): epoch, members (in the contract's
// order), policy version and policy, audit sequence, custodians.
func (c *Chain) State() ledger.State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ledger.State{
		Epoch:         c.st.currentEpoch,
		Members:       append([]common.Address{}, c.st.memberList...),
		PolicyVersion: c.st.policyVersion,
		Policy:        append([]byte{}, c.st.policy...),
		AuditSeq:      c.st.auditSeq,

		CustodianVersion:   c.st.custodianVersion,
		Custodians:         cloneKeys(c.st.custodianKeys),
		CustodianThreshold: c.st.custodianThreshold,
	}
}

// CustodianVersion is the contract's custodianVersion: the number of
// custodian acts executed.
func (c *Chain) CustodianVersion() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.custodianVersion
}

// Checkpointed is the contract's checkpointed(epoch): whether the epoch
// has its checkpoint manifest.
func (c *Chain) Checkpointed(epoch uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.checkpointed[epoch] != 0
}

// AuditorVersion is the contract's auditorVersion: the number of auditor
// acts executed.
func (c *Chain) AuditorVersion() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.auditorVersion
}

// IsAuditor is the contract's isAuditor(key).
func (c *Chain) IsAuditor(key common.Hash) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.isAuditor[key]
}

// NextSeq is the contract's nextSeq(identity).
func (c *Chain) NextSeq(identity common.Address) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.nextSeq[identity]
}

// Registered is the contract's registered(identity).
func (c *Chain) Registered(identity common.Address) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.registrationHash[identity] != (common.Hash{})
}

// WasRemoved is the contract's wasRemoved(identity).
func (c *Chain) WasRemoved(identity common.Address) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.wasRemoved[identity]
}

// Expelled is the contract's expelled(identity): expelled by governance,
// whether or not a handshake removed it since.
func (c *Chain) Expelled(identity common.Address) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.expelled[identity]
}

// LiveMembers is the contract's liveMembers(): members not expelled.
func (c *Chain) LiveMembers() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.liveMembers
}

// Foundings is the contract's foundings(): how many times the group was
// founded, the nonce of the next founder act.
func (c *Chain) Foundings() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.foundings
}

// GenesisHash is the contract's genesisHash(), computed at deployment.
func (c *Chain) GenesisHash() common.Hash {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.genesisHash
}

// GovernanceDigest is the contract's governanceDigest(act, nonce,
// payload): what a governor signs to propose or approve an act.
func (c *Chain) GovernanceDigest(act chainmsg.Act, nonce uint64, payload common.Hash) common.Hash {
	x := &tx{chainID: c.chainID, this: c.contract}
	return x.govDigest(uint8(act), nonce, payload)
}

// Genesis is the network's genesis as the deployment fixed it, checked
// against the contract's genesisHash as ledger/ethereum.Driver checks it.
func (c *Chain) Genesis() (chainmsg.Genesis, error) {
	c.mu.Lock()
	g := chainmsg.Genesis{ChainID: c.chainID.Uint64(), Contract: c.contract, Governors: cloneAddrs(c.st.governorList),
		Threshold: c.st.threshold, PolicyHash: c.st.initialPolicyHash, Policy: bytes.Clone(c.st.initialPolicy)}
	want := c.st.genesisHash
	c.mu.Unlock()
	// A mismatch means the port computes the genesis hash otherwise than
	// chainmsg does: the driver refuses such a contract, and so do we.
	if got := g.Hash(); got != want {
		return chainmsg.Genesis{}, fmt.Errorf("memledger: the contract's genesis hash %x is not the hash %x of its governors, threshold and first policy", want, got)
	}
	return g, nil
}

// Governance is the contract's governors() and threshold().
func (c *Chain) Governance() ledger.Governance {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ledger.Governance{Governors: cloneAddrs(c.st.governorList), Threshold: c.st.threshold}
}

// Proposal is the contract's proposal(id), which refuses an unknown id
// with UnknownProposal.
func (c *Chain) Proposal(id uint64) (ledger.Proposal, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.st.proposalByID[id]
	if p == nil {
		return ledger.Proposal{}, unknownProposal(id)
	}
	return ledger.Proposal{ID: id, Kind: chainmsg.ProposalKind(p.kind), Executed: p.executed, Approvals: p.approvals,
		Nonce: p.nonce, Policy: cloneBytes(p.policy), Target: p.target, Subject: p.subject}, nil
}

// execute runs one transaction from sender: body runs against a copy of
// the contract's state and, if it returns no error, the copy becomes the
// state and its events are mined in a new block. A refused call changes
// nothing, as a reverted EVM call does; porting the contract line by line
// (checks interleaved with writes) is safe only because of that.
func (c *Chain) execute(sender common.Address, method string, body func(x *tx) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	x := &tx{st: c.st.clone(), sender: sender, chainID: c.chainID, this: c.contract}
	if err := body(x); err != nil {
		return err
	}
	c.st = x.st
	c.mine(sender, method, x.logs)
	return nil
}

// mine appends a block holding logs, numbering them and giving them a
// transaction hash, and returns the block's number. Callers hold mu (or,
// in New, own the chain alone).
func (c *Chain) mine(sender common.Address, method string, logs []chainmsg.Event) uint64 {
	n := uint64(len(c.blocks))
	// A stand-in for a transaction hash: distinct per chain, contract and
	// block (each block holds one transaction), never zero.
	var num [8]byte
	binary.BigEndian.PutUint64(num[:], n)
	hash := crypto.Keccak256Hash([]byte("memledger tx"), c.chainID.Bytes(), c.contract[:], num[:], sender[:], []byte(method))
	for i := range logs {
		logs[i].Position = chainmsg.Position{Block: n, Index: uint64(i)}
		logs[i].TxHash = hash
	}
	c.blocks = append(c.blocks, logs)
	return n
}

// copyEvent deep-copies an event so that no caller shares a slice with
// the chain.
func copyEvent(e chainmsg.Event) chainmsg.Event {
	out := chainmsg.Event{Position: e.Position, TxHash: e.TxHash}
	switch {
	case e.Registered != nil:
		r := *e.Registered
		r.RequestKey, r.KeyPackage, r.Evidence = cloneBytes(r.RequestKey), cloneBytes(r.KeyPackage), cloneBytes(r.Evidence)
		out.Registered = &r
	case e.Handshake != nil:
		h := *e.Handshake
		h.Payload, h.Adds, h.Removes = cloneBytes(h.Payload), cloneAddrs(h.Adds), cloneAddrs(h.Removes)
		out.Handshake = &h
	case e.Commands != nil:
		b := *e.Commands
		b.Ciphertexts = cloneList(b.Ciphertexts)
		out.Commands = &b
	case e.PolicyChanged != nil:
		p := *e.PolicyChanged
		p.Policy, p.Sigs = cloneBytes(p.Policy), cloneList(p.Sigs)
		out.PolicyChanged = &p
	case e.Founded != nil:
		f := *e.Founded
		f.Sigs = cloneList(f.Sigs)
		out.Founded = &f
	case e.Expelled != nil:
		x := *e.Expelled
		x.Sigs = cloneList(x.Sigs)
		out.Expelled = &x
	case e.Auditor != nil:
		a := *e.Auditor
		a.Scope, a.Sigs = cloneBytes(a.Scope), cloneList(a.Sigs)
		out.Auditor = &a
	case e.Audit != nil:
		a := *e.Audit
		a.Header, a.Records = cloneBytes(a.Header), cloneList(a.Records)
		out.Audit = &a
	case e.Custodians != nil:
		x := *e.Custodians
		x.Keys, x.Sigs = cloneKeys(x.Keys), cloneList(x.Sigs)
		out.Custodians = &x
	case e.Checkpoint != nil:
		x := *e.Checkpoint
		x.Manifest, x.Sig = cloneBytes(x.Manifest), cloneBytes(x.Sig)
		out.Checkpoint = &x
	case e.Chunk != nil:
		x := *e.Chunk
		x.Chunk = cloneBytes(x.Chunk)
		out.Chunk = &x
	case e.Proposed != nil:
		p := *e.Proposed
		p.Policy = cloneBytes(p.Policy)
		out.Proposed = &p
	case e.Approved != nil:
		a := *e.Approved
		out.Approved = &a
	}
	return out
}

// The clone helpers never return nil: an empty bytes or address[] value
// decodes from a real chain's log as an empty, non-nil slice, and events
// from this package look the same.

func cloneBytes(b []byte) []byte { return append([]byte{}, b...) }

func cloneAddrs(a []common.Address) []common.Address { return append([]common.Address{}, a...) }

func cloneKeys(k [][32]byte) [][32]byte { return append([][32]byte{}, k...) }

func cloneList(l [][]byte) [][]byte {
	out := make([][]byte, len(l))
	for i, b := range l {
		out[i] = cloneBytes(b)
	}
	return out
}
