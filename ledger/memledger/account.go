package memledger

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// ErrClosed is returned by every method of a handle after its Close, as a
// closed RPC connection fails on a real chain.
var ErrClosed = errors.New("memledger: handle is closed")

// Account is a handle on a Chain sending from one host account: a
// ledger.Ledger, like a ledger/ethereum.Driver dialled with that account's
// key. The With* methods return a new handle on the same chain and account
// with a test hook set; the handle they are called on is unchanged, and
// each handle is closed on its own.
type Account struct {
	chain     *Chain
	from      common.Address
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
// it. Method is the contract function; the field of that call is set, the
// others are zero.
type Call struct {
	Method string         // "register", "postHandshake", "postCommands", "proposePolicy", "proposeFounder" or "approve"
	From   common.Address // the host account that sends it

	Registration *chainmsg.Registration // register
	Handshake    *chainmsg.Handshake    // postHandshake
	Commands     *chainmsg.CommandBatch // postCommands
	Policy       []byte                 // proposePolicy
	Founder      common.Address         // proposeFounder
	ProposalID   uint64                 // approve
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

// ProposePolicy implements ledger.Ledger.
func (a *Account) ProposePolicy(ctx context.Context, policy []byte) (uint64, error) {
	policy = cloneBytes(policy)
	var id uint64
	err := a.send(ctx, Call{Method: "proposePolicy", Policy: policy}, func(x *tx) (err error) {
		id, err = x.proposePolicy(policy)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// ProposeFounder implements ledger.Ledger.
func (a *Account) ProposeFounder(ctx context.Context, identity common.Address) (uint64, error) {
	var id uint64
	err := a.send(ctx, Call{Method: "proposeFounder", Founder: identity}, func(x *tx) (err error) {
		id, err = x.proposeFounder(identity)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// Approve implements ledger.Ledger.
func (a *Account) Approve(ctx context.Context, id uint64) error {
	return a.send(ctx, Call{Method: "approve", ProposalID: id}, func(x *tx) error { return x.approve(id) })
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
	}
	if c.Policy != nil {
		c.Policy = cloneBytes(c.Policy)
	}
	return c
}
