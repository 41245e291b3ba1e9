package memledger

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// ErrClosed is returned by every method of a handle after its Close, as a
// closed RPC connection fails on a real chain.
var ErrClosed = errors.New("memledger: handle is closed")

// ErrNoKey is returned by the governance methods of a handle made by
// Chain.Account, which has no key to sign governance acts with (a
// read-only ledger/ethereum.Driver fails the same calls).
var ErrNoKey = errors.New("memledger: the handle has no key to sign governance acts with")

// Account is a handle on a Chain sending from one host account: a
// ledger.Ledger, like a ledger/ethereum.Driver dialled with that account's
// key. The With* methods return a new handle on the same chain and account
// with a test hook set; the handle they are called on is unchanged, and
// each handle is closed on its own.
type Account struct {
	chain     *Chain
	from      common.Address
	key       *ecdsa.PrivateKey // signs governance acts; nil for Chain.Account handles
	filter    EventFilter
	intercept Interceptor
	closed    *closedFlag
}

type closedFlag struct{ atomic.Bool }

var (
	_ ledger.Ledger           = (*Account)(nil)
	_ ledger.GovernanceReader = (*Account)(nil)
)

// EventFilter rewrites the events a handle's Events returns: it receives
// the chain's events (copies) and returns what the caller sees, so a test
// can make the host drop, reorder, duplicate, delay or forge events on the
// way to the enclave. The nextBlock that Events returns is the chain's,
// whatever the filter does.
type EventFilter func(events []chainmsg.Event) []chainmsg.Event

// Call is a sending call on its way to the chain, as an Interceptor sees
// it. Method is the contract function; the fields of that call are set,
// the others are zero.
type Call struct {
	// "register", "postHandshake", "postCommands", "postAudit",
	// "postCheckpoint", "postCheckpointChunk", "proposePolicy",
	// "proposeFounder", "proposeExpel", "proposeAuditor",
	// "proposeCustodians" or "approve"
	Method string
	From   common.Address // the host account that sends it

	Registration    *chainmsg.Registration        // register
	Handshake       *chainmsg.Handshake           // postHandshake
	Commands        *chainmsg.CommandBatch        // postCommands
	Audit           *chainmsg.AuditPost           // postAudit
	Checkpoint      *chainmsg.CheckpointPost      // postCheckpoint
	CheckpointChunk *chainmsg.CheckpointChunkPost // postCheckpointChunk
	Policy          []byte                        // proposePolicy; the scope for proposeAuditor
	Key             common.Hash                   // proposeAuditor
	Custodians      [][32]byte                    // proposeCustodians
	Threshold       uint8                         // proposeCustodians
	Target          common.Address                // proposeFounder, proposeExpel
	ProposalID      uint64                        // approve
	Sig             []byte                        // the governor's signature: proposePolicy, proposeFounder, proposeExpel, proposeAuditor, proposeCustodians, approve
}

// Interceptor stands between a handle and the chain for every sending
// call, as a faulty or hostile host's transport would. send executes the
// call on the chain (mining a block if the contract accepts it) and
// returns the contract's verdict; the interceptor may call it once, twice
// (a duplicated transaction) or never (a dropped one), do other things on
// the chain first (another host front-running), and return any error it
// likes (a lost receipt). What it returns is what the caller gets. Its
// Call is a copy: changing it does not change what send sends. A proposal
// the interceptor reports as successful without sending it returns id 0.
type Interceptor func(ctx context.Context, c Call, send func() error) error

// Key is the key the handle signs governance acts with, nil if it has
// none.
func (a *Account) Key() *ecdsa.PrivateKey { return a.key }

// Address is the host account the handle sends from.
func (a *Account) Address() common.Address { return a.from }

// Chain is the chain the handle reaches.
func (a *Account) Chain() *Chain { return a.chain }

// WithEventFilter returns a handle whose Events passes through f.
func (a *Account) WithEventFilter(f EventFilter) *Account {
	b := *a
	b.filter, b.closed = f, new(closedFlag)
	return &b
}

// WithInterceptor returns a handle whose sending calls pass through f.
func (a *Account) WithInterceptor(f Interceptor) *Account {
	b := *a
	b.intercept, b.closed = f, new(closedFlag)
	return &b
}

// ChainID implements ledger.Ledger.
func (a *Account) ChainID() *big.Int { return a.chain.ChainID() }

// Contract implements ledger.Ledger.
func (a *Account) Contract() common.Address { return a.chain.contract }

// Close implements ledger.Ledger: later calls on this handle fail with
// ErrClosed.
func (a *Account) Close() { a.closed.Store(true) }

// usable reports why the handle cannot be used now, if it cannot.
func (a *Account) usable(ctx context.Context) error {
	if a.closed.Load() {
		return ErrClosed
	}
	return ctx.Err()
}

// send runs one sending call through the interceptor, if any, and the
// chain.
func (a *Account) send(ctx context.Context, c Call, body func(x *tx) error) error {
	if err := a.usable(ctx); err != nil {
		return err
	}
	c.From = a.from
	exec := func() error {
		if err := a.usable(ctx); err != nil {
			return err
		}
		if err := a.chain.execute(a.from, c.Method, body); err != nil {
			return fmt.Errorf("memledger: %s: %w", c.Method, err)
		}
		return nil
	}
	if a.intercept == nil {
		return exec()
	}
	return a.intercept(ctx, copyCall(c), exec)
}

// Register implements ledger.Ledger.
func (a *Account) Register(ctx context.Context, r chainmsg.Registration) error {
	r = copyRegistration(r)
	return a.send(ctx, Call{Method: "register", Registration: &r}, func(x *tx) error { return x.register(r) })
}

// PostHandshake implements ledger.Ledger.
func (a *Account) PostHandshake(ctx context.Context, h chainmsg.Handshake) error {
	h = copyHandshake(h)
	return a.send(ctx, Call{Method: "postHandshake", Handshake: &h}, func(x *tx) error { return x.postHandshake(h) })
}

// PostCommands implements ledger.Ledger.
func (a *Account) PostCommands(ctx context.Context, b chainmsg.CommandBatch) error {
	b = copyBatch(b)
	return a.send(ctx, Call{Method: "postCommands", Commands: &b}, func(x *tx) error { return x.postCommands(b) })
}

// PostAudit implements ledger.Ledger.
func (a *Account) PostAudit(ctx context.Context, p chainmsg.AuditPost) error {
	p = copyAudit(p)
	return a.send(ctx, Call{Method: "postAudit", Audit: &p}, func(x *tx) error { return x.postAudit(p) })
}

// PostCheckpoint implements ledger.Ledger.
func (a *Account) PostCheckpoint(ctx context.Context, c chainmsg.CheckpointPost) error {
	c = copyCheckpoint(c)
	return a.send(ctx, Call{Method: "postCheckpoint", Checkpoint: &c}, func(x *tx) error { return x.postCheckpoint(c) })
}

// PostCheckpointChunk implements ledger.Ledger.
func (a *Account) PostCheckpointChunk(ctx context.Context, c chainmsg.CheckpointChunkPost) error {
	c = copyChunk(c)
	return a.send(ctx, Call{Method: "postCheckpointChunk", CheckpointChunk: &c}, func(x *tx) error { return x.postCheckpointChunk(c) })
}

// Governance. As ledger/ethereum.Driver does, the handle reads what the
// act is for (the next policy version, the founding number, a proposal),
// signs the act's governance digest with its key, and sends the signature
// in a separate step: a governance call that races with another one may
// carry a signature over a nonce that moved on, and the contract then
// recovers another signer (NotGovernor) as it would on a real chain.

// ProposePolicy implements ledger.Ledger: it proposes the next policy
// version, signed by the handle's key.
func (a *Account) ProposePolicy(ctx context.Context, policy []byte) (uint64, error) {
	if err := a.usable(ctx); err != nil {
		return 0, err
	}
	version := a.chain.State().PolicyVersion + 1
	sig, err := a.signAct(chainmsg.ActPolicy, version, crypto.Keccak256Hash(policy))
	if err != nil {
		return 0, err
	}
	return a.RelayPolicy(ctx, policy, sig)
}

// ProposeFounder implements ledger.Ledger.
func (a *Account) ProposeFounder(ctx context.Context, identity common.Address) (uint64, error) {
	if err := a.usable(ctx); err != nil {
		return 0, err
	}
	sig, err := a.signAct(chainmsg.ActFounder, a.chain.Foundings(), chainmsg.AddressPayload(identity))
	if err != nil {
		return 0, err
	}
	return a.RelayFounder(ctx, identity, sig)
}

// ProposeExpel implements ledger.Ledger.
func (a *Account) ProposeExpel(ctx context.Context, identity common.Address) (uint64, error) {
	sig, err := a.signAct(chainmsg.ActExpel, 0, chainmsg.AddressPayload(identity))
	if err != nil {
		return 0, err
	}
	return a.RelayExpel(ctx, identity, sig)
}

// ProposeAuditor implements ledger.Ledger.
func (a *Account) ProposeAuditor(ctx context.Context, key [32]byte, scope []byte) (uint64, error) {
	if err := a.usable(ctx); err != nil {
		return 0, err
	}
	sig, err := a.signAct(chainmsg.ActAuditor, a.chain.AuditorVersion()+1, chainmsg.AuditorPayload(key, scope))
	if err != nil {
		return 0, err
	}
	return a.RelayAuditor(ctx, key, scope, sig)
}

// ProposeCustodians implements ledger.Ledger.
func (a *Account) ProposeCustodians(ctx context.Context, keys [][32]byte, threshold uint8) (uint64, error) {
	if err := a.usable(ctx); err != nil {
		return 0, err
	}
	sig, err := a.signAct(chainmsg.ActCustodians, a.chain.CustodianVersion()+1, chainmsg.CustodiansPayload(keys, threshold))
	if err != nil {
		return 0, err
	}
	return a.RelayCustodians(ctx, keys, threshold, sig)
}

// Approve implements ledger.Ledger: it signs the proposal's act with the
// handle's key and sends the approval.
func (a *Account) Approve(ctx context.Context, id uint64) error {
	p, err := a.Proposal(ctx, id)
	if err != nil {
		return err
	}
	sig, err := a.signAct(chainmsg.Act(p.Kind), p.Nonce, p.Payload())
	if err != nil {
		return err
	}
	return a.RelayApproval(ctx, id, sig)
}

// signAct is ledger/ethereum.Driver's signAct: the act signed with the
// handle's key, which governs only if it is a governor's.
func (a *Account) signAct(act chainmsg.Act, nonce uint64, payload common.Hash) ([]byte, error) {
	if a.key == nil {
		return nil, fmt.Errorf("memledger: %s: %w", act, ErrNoKey)
	}
	return chainmsg.Sign(chainmsg.GovernanceDigest(a.chain.chainID, a.chain.contract, act, nonce, payload), a.key)
}

// The Relay methods send a governance call carrying a signature made
// elsewhere (by a governor's offline key, say): the contract takes
// authority from the signature only, so any account may relay one, with
// or without a key of its own.

// RelayPolicy sends proposePolicy(policy, sig) and returns the proposal id.
func (a *Account) RelayPolicy(ctx context.Context, policy, sig []byte) (uint64, error) {
	policy, sig = cloneBytes(policy), cloneBytes(sig)
	var id uint64
	err := a.send(ctx, Call{Method: "proposePolicy", Policy: policy, Sig: sig}, func(x *tx) (err error) {
		id, err = x.proposePolicy(policy, sig)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// RelayFounder sends proposeFounder(identity, sig) and returns the
// proposal id.
func (a *Account) RelayFounder(ctx context.Context, identity common.Address, sig []byte) (uint64, error) {
	sig = cloneBytes(sig)
	var id uint64
	err := a.send(ctx, Call{Method: "proposeFounder", Target: identity, Sig: sig}, func(x *tx) (err error) {
		id, err = x.proposeFounder(identity, sig)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// RelayExpel sends proposeExpel(identity, sig) and returns the proposal
// id.
func (a *Account) RelayExpel(ctx context.Context, identity common.Address, sig []byte) (uint64, error) {
	sig = cloneBytes(sig)
	var id uint64
	err := a.send(ctx, Call{Method: "proposeExpel", Target: identity, Sig: sig}, func(x *tx) (err error) {
		id, err = x.proposeExpel(identity, sig)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// RelayAuditor sends proposeAuditor(key, scope, sig) and returns the
// proposal id.
func (a *Account) RelayAuditor(ctx context.Context, key [32]byte, scope, sig []byte) (uint64, error) {
	scope, sig = cloneBytes(scope), cloneBytes(sig)
	var id uint64
	err := a.send(ctx, Call{Method: "proposeAuditor", Key: key, Policy: scope, Sig: sig}, func(x *tx) (err error) {
		id, err = x.proposeAuditor(key, scope, sig)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// RelayCustodians sends proposeCustodians(keys, threshold, sig) and
// returns the proposal id.
func (a *Account) RelayCustodians(ctx context.Context, keys [][32]byte, threshold uint8, sig []byte) (uint64, error) {
	keys, sig = cloneKeys(keys), cloneBytes(sig)
	var id uint64
	err := a.send(ctx, Call{Method: "proposeCustodians", Custodians: keys, Threshold: threshold, Sig: sig}, func(x *tx) (err error) {
		id, err = x.proposeCustodians(keys, threshold, sig)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// RelayApproval sends approve(id, sig).
func (a *Account) RelayApproval(ctx context.Context, id uint64, sig []byte) error {
	sig = cloneBytes(sig)
	return a.send(ctx, Call{Method: "approve", ProposalID: id, Sig: sig}, func(x *tx) error { return x.approve(id, sig) })
}

// Genesis implements ledger.Ledger.
func (a *Account) Genesis(ctx context.Context) (chainmsg.Genesis, error) {
	if err := a.usable(ctx); err != nil {
		return chainmsg.Genesis{}, err
	}
	return a.chain.Genesis()
}

// Events implements ledger.Ledger, through the handle's EventFilter if it
// has one.
func (a *Account) Events(ctx context.Context, fromBlock uint64) ([]chainmsg.Event, uint64, error) {
	if err := a.usable(ctx); err != nil {
		return nil, fromBlock, err
	}
	events, next := a.chain.Events(fromBlock)
	if a.filter != nil {
		events = a.filter(events)
	}
	return events, next, nil
}

// EventWindow is the most blocks one Events call covers (Config.EventWindow).
func (a *Account) EventWindow() uint64 {
	a.chain.mu.Lock()
	defer a.chain.mu.Unlock()
	return a.chain.window
}

// State implements ledger.Ledger.
func (a *Account) State(ctx context.Context) (ledger.State, error) {
	if err := a.usable(ctx); err != nil {
		return ledger.State{}, err
	}
	return a.chain.State(), nil
}

// NextSeq implements ledger.Ledger.
func (a *Account) NextSeq(ctx context.Context, identity common.Address) (uint64, error) {
	if err := a.usable(ctx); err != nil {
		return 0, err
	}
	return a.chain.NextSeq(identity), nil
}

// Head implements ledger.Ledger.
func (a *Account) Head(ctx context.Context) (uint64, error) {
	if err := a.usable(ctx); err != nil {
		return 0, err
	}
	return a.chain.Head(), nil
}

// Registered reports whether identity has registered (the contract's
// registered view), with ledger/ethereum.Driver's signature.
func (a *Account) Registered(ctx context.Context, identity common.Address) (bool, error) {
	if err := a.usable(ctx); err != nil {
		return false, err
	}
	return a.chain.Registered(identity), nil
}

// DeployedAt is the deployment block, with ledger/ethereum.Driver's
// signature.
func (a *Account) DeployedAt(ctx context.Context) (uint64, error) {
	if err := a.usable(ctx); err != nil {
		return 0, err
	}
	return a.chain.deployedAt, nil
}

// Governance implements ledger.GovernanceReader.
func (a *Account) Governance(ctx context.Context) (ledger.Governance, error) {
	if err := a.usable(ctx); err != nil {
		return ledger.Governance{}, err
	}
	return a.chain.Governance(), nil
}

// Proposal implements ledger.GovernanceReader.
func (a *Account) Proposal(ctx context.Context, id uint64) (ledger.Proposal, error) {
	if err := a.usable(ctx); err != nil {
		return ledger.Proposal{}, err
	}
	p, err := a.chain.Proposal(id)
	if err != nil {
		return ledger.Proposal{}, fmt.Errorf("memledger: proposal: %w", err)
	}
	return p, nil
}

// The copies below detach what the chain and the interceptor see from the
// caller's buffers, which it may reuse after the call returns, as calldata
// is detached from the sender's memory.

func copyRegistration(r chainmsg.Registration) chainmsg.Registration {
	r.RequestKey, r.KeyPackage, r.Evidence, r.Sig = cloneBytes(r.RequestKey), cloneBytes(r.KeyPackage), cloneBytes(r.Evidence), cloneBytes(r.Sig)
	return r
}

func copyHandshake(h chainmsg.Handshake) chainmsg.Handshake {
	h.Payload, h.Adds, h.Removes, h.Sig = cloneBytes(h.Payload), cloneAddrs(h.Adds), cloneAddrs(h.Removes), cloneBytes(h.Sig)
	return h
}

func copyBatch(b chainmsg.CommandBatch) chainmsg.CommandBatch {
	b.Ciphertexts, b.Sig = cloneList(b.Ciphertexts), cloneBytes(b.Sig)
	return b
}

func copyAudit(p chainmsg.AuditPost) chainmsg.AuditPost {
	p.Header, p.Records, p.Sig = cloneBytes(p.Header), cloneList(p.Records), cloneBytes(p.Sig)
	return p
}

func copyCheckpoint(c chainmsg.CheckpointPost) chainmsg.CheckpointPost {
	c.Manifest, c.Sig = cloneBytes(c.Manifest), cloneBytes(c.Sig)
	return c
}

func copyChunk(c chainmsg.CheckpointChunkPost) chainmsg.CheckpointChunkPost {
	c.Chunk, c.Sig = cloneBytes(c.Chunk), cloneBytes(c.Sig)
	return c
}

func copyCall(c Call) Call {
	switch {
	case c.Registration != nil:
		r := copyRegistration(*c.Registration)
		c.Registration = &r
	case c.Handshake != nil:
		h := copyHandshake(*c.Handshake)
		c.Handshake = &h
	case c.Commands != nil:
		b := copyBatch(*c.Commands)
		c.Commands = &b
	case c.Audit != nil:
		p := copyAudit(*c.Audit)
		c.Audit = &p
	case c.Checkpoint != nil:
		p := copyCheckpoint(*c.Checkpoint)
		c.Checkpoint = &p
	case c.CheckpointChunk != nil:
		p := copyChunk(*c.CheckpointChunk)
		c.CheckpointChunk = &p
	}
	if c.Custodians != nil {
		c.Custodians = cloneKeys(c.Custodians)
	}
	if c.Policy != nil {
		c.Policy = cloneBytes(c.Policy)
	}
	if c.Sig != nil {
		c.Sig = cloneBytes(c.Sig)
	}
	return c
}
