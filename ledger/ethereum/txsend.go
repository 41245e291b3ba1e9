package ethereum

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/anonify-go/anonify/ledger"
)

// This file is the transaction manager of one host account: it keeps the
// account's nonce itself, so that several transactions are in flight at
// once (a checkpoint's chunks go out together instead of one per block);
// it replaces a transaction that the chain leaves waiting with the same
// nonce at higher fees; and it watches an included transaction until it is
// final, sending it again if a reorganisation drops it.
//
// Nothing here is trusted: the host pays for and chases transactions, and
// whatever it gets wrong costs liveness and gas, not safety (every post is
// signed by an enclave and checked by the contract and by every enclave).

// TxPolicy is how a driver prices and chases its transactions. The zero
// value takes the defaults.
type TxPolicy struct {
	// StuckAfter: a transaction not included this long after it was sent
	// (or last replaced) is replaced at the same nonce with higher fees.
	// Default 30 s, several blocks on any chain this runs on; a chain with
	// 1-second blocks can take less.
	StuckAfter time.Duration
	// BumpPercent raises both the tip and the fee cap of a replacement by
	// this share of the previous offer (and at least to the chain's current
	// suggestion). Default 25; at least 10, the minimum geth's pool (and
	// most others) take for a replacement.
	BumpPercent int64
	// MaxFeeCap, if set, is the most the account offers per gas (wei), tip
	// included. A transaction that would need more is left waiting at the
	// cap, and the wait fails with ErrFeeCap once it is stuck there.
	MaxFeeCap *big.Int
}

const (
	defaultStuckAfter  = 30 * time.Second
	defaultBumpPercent = 25
	minBumpPercent     = 10
)

func (p TxPolicy) withDefaults() TxPolicy {
	if p.StuckAfter <= 0 {
		p.StuckAfter = defaultStuckAfter
	}
	if p.BumpPercent == 0 {
		p.BumpPercent = defaultBumpPercent
	}
	p.BumpPercent = max(p.BumpPercent, minBumpPercent)
	return p
}

// ErrFeeCap means a transaction stayed stuck at the policy's MaxFeeCap:
// the chain wants more than the operator allowed. Raise the cap, or wait
// for fees to fall and retry.
var ErrFeeCap = errors.New("ledger/ethereum: transaction stuck at the fee cap (raise the cap, or retry when fees fall)")

// ErrNonceTaken means another transaction of the host account, one this
// manager did not send, took the nonce of one it sent: two processes use
// the same host key. Give each node its own host key.
var ErrNonceTaken = errors.New("ledger/ethereum: the nonce of a sent transaction was taken by another transaction of the same account (is the host key used by another process?)")

// TxStats counts what the manager did since the driver was dialled.
type TxStats = ledger.TxStats

// sentTx is one nonce's transaction and its replacements, newest last.
type sentTx struct {
	method   string
	nonce    uint64
	versions []*types.Transaction
	lastSent time.Time
	capped   bool // the newest version offers MaxFeeCap already
	to       *common.Address
	data     []byte // the call, to replay a revert for its reason (confirm)
}

func (s *sentTx) newest() *types.Transaction { return s.versions[len(s.versions)-1] }

// hashes lists every version's hash, newest first.
func (s *sentTx) hashes() []common.Hash {
	hs := make([]common.Hash, 0, len(s.versions))
	for i := len(s.versions) - 1; i >= 0; i-- {
		hs = append(hs, s.versions[i].Hash())
	}
	return hs
}

// send estimates nothing: it assigns the next nonce, signs and sends.
// Nonces are assigned and sent under one lock, in order, so that the pool
// never sees a gap; a send that fails leaves its nonce to the next one.
func (t *transactor) send(ctx context.Context, method string, to *common.Address, data []byte, gas uint64) (*sentTx, error) {
	t.sendMu.Lock()
	defer t.sendMu.Unlock()
	for attempt := 0; ; attempt++ {
		if !t.nonceSynced {
			n, err := t.client.PendingNonceAt(ctx, t.from)
			if err != nil {
				return nil, fmt.Errorf("read nonce of %s: %w", t.from, err)
			}
			t.nextNonce, t.nonceSynced = n, true
		}
		tx, err := t.buildTx(ctx, t.nextNonce, to, data, gas, nil)
		if err != nil {
			return nil, err
		}
		err = t.client.SendTransaction(ctx, tx)
		switch {
		case err == nil || alreadyKnown(err):
			// "already known": this very transaction reached the chain
			// already, through an endpoint that failed before it answered
			// (failover.go).
		case nonceTooLow(err) && attempt < 2:
			// Someone else used the account (or the chain moved on while
			// this process was down): read the nonce again. If it was this
			// very transaction, through a failed-over endpoint, it has a
			// receipt: keep it instead of sending a duplicate.
			if _, rerr := t.client.TransactionReceipt(ctx, tx.Hash()); rerr == nil {
				break
			}
			t.nonceSynced = false
			continue
		default:
			if nonceTooLow(err) || nonceGap(err) || underpriced(err) {
				// Underpriced at a fresh nonce: the pool holds a transaction
				// of ours at it that this manager does not know (a send that
				// failed after it reached the node). Read the nonce again.
				t.nonceSynced = false
			}
			return nil, fmt.Errorf("send transaction: %w", err)
		}
		t.nextNonce++
		s := &sentTx{method: method, nonce: tx.Nonce(), versions: []*types.Transaction{tx}, lastSent: time.Now()}
		t.statsMu.Lock()
		if t.active == nil {
			t.active = map[uint64]bool{}
		}
		t.active[s.nonce] = true
		t.stats.Sent++
		t.stats.InFlight++
		t.stats.PeakInFlight = max(t.stats.PeakInFlight, t.stats.InFlight)
		t.statsMu.Unlock()
		return s, nil
	}
}

// wait waits until one version of s is included and returns its receipt.
// A transaction that waits longer than StuckAfter is replaced at its nonce
// with higher fees; if its nonce is used by a transaction that is none of
// its versions, the wait fails with ErrNonceTaken.
func (t *transactor) wait(ctx context.Context, s *sentTx) (*types.Receipt, error) {
	defer func() {
		t.statsMu.Lock()
		delete(t.active, s.nonce)
		t.stats.InFlight--
		t.statsMu.Unlock()
	}()
	poll := receiptPollMin
	timer := time.NewTimer(poll)
	defer timer.Stop()
	nonceGone := 0 // polls since the chain's nonce passed s.nonce with no receipt of ours
	for {
		for _, h := range s.hashes() {
			receipt, err := t.client.TransactionReceipt(ctx, h)
			if err == nil {
				t.watchIncluded(s, receipt)
				return receipt, nil
			}
			if !errors.Is(err, ethereum.NotFound) && !indexingInProgress(err) {
				return nil, err
			}
		}
		if time.Since(s.lastSent) >= t.policy.StuckAfter {
			mined, err := t.client.NonceAt(ctx, t.from, nil)
			if err != nil {
				return nil, err
			}
			switch {
			case mined > s.nonce:
				// Included, but its receipt is not served yet (indexing), or
				// another transaction took the nonce: give the receipt a few
				// more polls before calling it taken.
				if nonceGone++; nonceGone > 20 {
					return nil, fmt.Errorf("%w: nonce %d", ErrNonceTaken, s.nonce)
				}
			case mined == s.nonce:
				if err := t.replace(ctx, s); err != nil {
					return nil, err
				}
			case !t.isActive(mined):
				// An earlier nonce blocks this one, and nobody waits for
				// it any more (its caller gave up, or a previous process
				// sent it): cancel it.
				if err := t.unblock(ctx, mined); err != nil {
					return nil, err
				}
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-timer.C:
		}
		poll = min(poll*2, receiptPollMax)
		timer.Reset(poll)
	}
}

// replace sends s again at its nonce with fees raised by BumpPercent (and
// at least the chain's current suggestion), within MaxFeeCap.
func (t *transactor) replace(ctx context.Context, s *sentTx) error {
	if s.capped {
		return fmt.Errorf("%w: %s (nonce %d) offers %s wei per gas and is still not included after %s",
			ErrFeeCap, s.method, s.nonce, s.newest().GasFeeCap(), t.policy.StuckAfter)
	}
	old := s.newest()
	tx, err := t.buildTx(ctx, s.nonce, old.To(), old.Data(), old.Gas(), old)
	if err != nil {
		return err
	}
	s.lastSent = time.Now()
	if feeCapOf(tx).Cmp(feeCapOf(old)) <= 0 {
		s.capped = true // MaxFeeCap allows no more than old offers
		return nil
	}
	err = t.client.SendTransaction(ctx, tx)
	switch {
	case err == nil || alreadyKnown(err):
	case nonceTooLow(err):
		// A version was included meanwhile: the next poll finds it.
		return nil
	case underpriced(err):
		// The pool wants a larger bump than ours (or holds a version of
		// ours we lost track of): the next replacement bumps again from
		// this one.
		t.log().Warn("replacement refused as underpriced; bumping again later", "method", s.method, "nonce", s.nonce, "err", err)
	default:
		return fmt.Errorf("replace stuck transaction %s (nonce %d): %w", old.Hash(), s.nonce, err)
	}
	s.versions = append(s.versions, tx)
	s.capped = t.policy.MaxFeeCap != nil && feeCapOf(tx).Cmp(t.policy.MaxFeeCap) >= 0
	t.statsMu.Lock()
	t.stats.Replaced++
	t.statsMu.Unlock()
	t.log().Info("replaced a stuck transaction with higher fees", "method", s.method, "nonce", s.nonce,
		"old", old.Hash(), "new", tx.Hash(), "fee_cap", feeCapOf(tx), "tip", tx.GasTipCap())
	return nil
}

// isActive reports whether a wait is under way for nonce.
func (t *transactor) isActive(nonce uint64) bool {
	t.statsMu.Lock()
	defer t.statsMu.Unlock()
	return t.active[nonce]
}

// unblock cancels whatever waits in the pool at nonce, which nobody
// chases, with a transfer of nothing to the account itself at higher fees
// (the usual cancellation): until that nonce is used, no later
// transaction of the account can be included. Each call offers more than
// the last.
func (t *transactor) unblock(ctx context.Context, nonce uint64) error {
	t.sendMu.Lock()
	defer t.sendMu.Unlock()
	if t.cancels == nil {
		t.cancels = map[uint64]*types.Transaction{}
	}
	old := t.cancels[nonce]
	if old != nil && t.policy.MaxFeeCap != nil && feeCapOf(old).Cmp(t.policy.MaxFeeCap) >= 0 {
		return fmt.Errorf("%w: cancelling nonce %d", ErrFeeCap, nonce)
	}
	dynamic, tip, feeCap, err := t.fees(ctx, old)
	if err != nil {
		return err
	}
	if old == nil {
		// The pool's occupant and its fees are unknown: offer twice the
		// suggestion, which meets a replacement rule of up to 100 %.
		tip, feeCap = new(big.Int).Lsh(tip, 1), new(big.Int).Lsh(feeCap, 1)
		if c := t.policy.MaxFeeCap; c != nil {
			feeCap, tip = bigMin(feeCap, c), bigMin(tip, c)
		}
	}
	to := t.from
	var inner types.TxData = &types.LegacyTx{Nonce: nonce, GasPrice: feeCap, Gas: 21_000, To: &to}
	if dynamic {
		inner = &types.DynamicFeeTx{ChainID: t.chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: 21_000, To: &to}
	}
	tx, err := types.SignNewTx(t.key, t.signer, inner)
	if err != nil {
		return fmt.Errorf("sign cancellation: %w", err)
	}
	t.cancels[nonce] = tx
	err = t.client.SendTransaction(ctx, tx)
	switch {
	case err == nil:
		t.log().Warn("cancelled a stuck transaction nobody waits for, which blocked the account's later ones", "nonce", nonce, "cancel", tx.Hash())
	case alreadyKnown(err), nonceTooLow(err), underpriced(err):
		// Known already, moot, or bumped again at the next stuck check.
	default:
		return fmt.Errorf("cancel stuck nonce %d: %w", nonce, err)
	}
	return nil
}

// fees returns the tip and fee cap (EIP-1559) or the gas price (legacy,
// as tip and cap both) to offer: the chain's suggestion, or, for a
// replacement of old, at least old's offer raised by BumpPercent. Both are
// clamped to MaxFeeCap.
func (t *transactor) fees(ctx context.Context, old *types.Transaction) (dynamic bool, tip, feeCap *big.Int, err error) {
	dynamic, tip, feeCap, err = t.suggestion(ctx, old != nil)
	if err != nil {
		return false, nil, nil, err
	}
	if t.underprice && old == nil {
		// Tests only: an offer no block takes, to make a stuck
		// transaction the manager must replace.
		tip, feeCap = big.NewInt(1), big.NewInt(1)
	}
	if old != nil {
		tip = bigMax(tip, t.bump(old.GasTipCap()))
		feeCap = bigMax(feeCap, t.bump(feeCapOf(old)))
		feeCap = bigMax(feeCap, tip)
	}
	if c := t.policy.MaxFeeCap; c != nil {
		if feeCap.Cmp(c) > 0 {
			feeCap = new(big.Int).Set(c)
		}
		if tip.Cmp(feeCap) > 0 {
			tip = new(big.Int).Set(feeCap)
		}
	}
	return dynamic, tip, feeCap, nil
}

// feeOffer is the chain's fee suggestion as last read.
type feeOffer struct {
	at      time.Time
	dynamic bool
	tip     *big.Int
	feeCap  *big.Int
}

// feeOfferFor is how long a fee suggestion serves fresh transactions.
// Reading it costs two calls (the head block, the tip); a node posting a
// batch after every block made them a quarter of its calls to the chain
// under `anonify bench`. The offer survives the staleness: its fee cap is
// twice the base fee, six full blocks of growth, and a transaction that
// is underpriced all the same is replaced once stuck.
const feeOfferFor = time.Second

// suggestion returns the chain's fee suggestion: the tip and fee cap
// (EIP-1559), or the gas price as both (legacy). A replacement (fresh)
// always reads it anew; a first send takes one at most feeOfferFor old.
// The caller holds sendMu or is a replacement's single waiter; offer is
// only read and written under sendMu.
func (t *transactor) suggestion(ctx context.Context, fresh bool) (dynamic bool, tip, feeCap *big.Int, err error) {
	if !fresh {
		if o := t.offer; o.tip != nil && time.Since(o.at) < feeOfferFor {
			return o.dynamic, new(big.Int).Set(o.tip), new(big.Int).Set(o.feeCap), nil
		}
	}
	head, err := t.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return false, nil, nil, fmt.Errorf("read head block: %w", err)
	}
	if head.BaseFee != nil {
		if tip, err = t.client.SuggestGasTipCap(ctx); err != nil {
			return false, nil, nil, fmt.Errorf("suggest gas tip: %w", err)
		}
		// Twice the base fee survives six full blocks of base-fee growth.
		feeCap = new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
		dynamic = true
	} else {
		if tip, err = t.client.SuggestGasPrice(ctx); err != nil {
			return false, nil, nil, fmt.Errorf("suggest gas price: %w", err)
		}
		feeCap = new(big.Int).Set(tip)
	}
	if !fresh {
		t.offer = feeOffer{at: time.Now(), dynamic: dynamic, tip: new(big.Int).Set(tip), feeCap: new(big.Int).Set(feeCap)}
	}
	return dynamic, tip, feeCap, nil
}

// bump is v raised by BumpPercent, and by at least 1 wei.
func (t *transactor) bump(v *big.Int) *big.Int {
	b := new(big.Int).Mul(v, big.NewInt(100+t.policy.BumpPercent))
	b.Add(b, big.NewInt(99)) // round up
	b.Div(b, big.NewInt(100))
	if b.Cmp(v) <= 0 {
		b.Add(v, big.NewInt(1))
	}
	return b
}

func feeCapOf(tx *types.Transaction) *big.Int {
	if tx.Type() == types.LegacyTxType {
		return tx.GasPrice()
	}
	return tx.GasFeeCap()
}

func bigMin(a, b *big.Int) *big.Int {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

func bigMax(a, b *big.Int) *big.Int {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// The pool's refusals come back as JSON-RPC errors whose only stable part
// is the message (geth's core/txpool errors, which other clients copy).
func alreadyKnown(err error) bool { return strings.Contains(err.Error(), "already known") }
func nonceTooLow(err error) bool  { return strings.Contains(err.Error(), "nonce too low") }
func nonceGap(err error) bool     { return strings.Contains(err.Error(), "nonce too high") }
func underpriced(err error) bool  { return strings.Contains(err.Error(), "underpriced") }

// included is a transaction of this account that a block included and
// that is not final yet: the watcher sends it again if a reorganisation
// drops it.
type included struct {
	s     *sentTx
	tx    *types.Transaction // the version the block included
	block uint64
	hash  common.Hash // the including block
}

// watchIncluded hands s, included as the receipt says, to the reorg
// watcher, unless the chain's blocks are final at once (no confirmations).
func (t *transactor) watchIncluded(s *sentTx, r *types.Receipt) {
	if t.depth == nil || t.depth() == 0 || r.BlockNumber == nil {
		return
	}
	var tx *types.Transaction
	for _, v := range s.versions {
		if v.Hash() == r.TxHash {
			tx = v
		}
	}
	if tx == nil {
		return
	}
	t.watchMu.Lock()
	defer t.watchMu.Unlock()
	if t.watching == nil {
		t.watching = map[uint64]*included{}
	}
	t.watching[s.nonce] = &included{s: s, tx: tx, block: r.BlockNumber.Uint64(), hash: r.BlockHash}
	if !t.watcherRunning && t.stop != nil {
		t.watcherRunning = true
		go t.watchLoop(t.stop)
	}
}

// watchInterval is how often the watcher checks the included, not yet
// final transactions.
const watchInterval = time.Second

func (t *transactor) watchLoop(stop <-chan struct{}) {
	tick := time.NewTicker(watchInterval)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		t.checkIncluded(ctx)
		cancel()
	}
}

// checkIncluded forgets the watched transactions that are final, and sends
// again each one whose receipt the chain no longer has (a reorganisation
// dropped its block, and the pool of this endpoint did not take it back).
func (t *transactor) checkIncluded(ctx context.Context) {
	t.watchMu.Lock()
	list := make([]*included, 0, len(t.watching))
	for _, w := range t.watching {
		list = append(list, w)
	}
	t.watchMu.Unlock()
	if len(list) == 0 {
		return
	}
	head, err := t.client.BlockNumber(ctx)
	if err != nil {
		return
	}
	depth := t.depth()
	for _, w := range list {
		r, err := t.client.TransactionReceipt(ctx, w.tx.Hash())
		switch {
		case err == nil && r.BlockNumber != nil:
			w.block, w.hash = r.BlockNumber.Uint64(), r.BlockHash
			if head >= w.block+depth {
				t.forget(w)
			}
			continue
		case !errors.Is(err, ethereum.NotFound):
			continue // unreachable endpoint, indexing: try again later
		}
		// Another version may be the one the new chain included.
		other := false
		for _, h := range w.s.hashes() {
			if r, err := t.client.TransactionReceipt(ctx, h); err == nil && r.BlockNumber != nil {
				w.tx, w.block, w.hash, other = w.s.versions[indexOf(w.s, h)], r.BlockNumber.Uint64(), r.BlockHash, true
				break
			}
		}
		if other {
			continue
		}
		err = t.client.SendTransaction(ctx, w.tx)
		switch {
		case err == nil:
			t.statsMu.Lock()
			t.stats.Resubmitted++
			t.statsMu.Unlock()
			t.log().Warn("a reorganisation dropped a transaction; sent it again", "method", w.s.method, "nonce", w.s.nonce, "tx", w.tx.Hash(), "was_in_block", w.block)
		case alreadyKnown(err):
			// The pool took it back by itself; a block will include it.
		case nonceTooLow(err):
			mined, nerr := t.client.NonceAt(ctx, t.from, nil)
			if nerr == nil && mined > w.s.nonce {
				t.log().Error("a reorganisation dropped a transaction and another one took its nonce", "method", w.s.method, "nonce", w.s.nonce, "tx", w.tx.Hash())
				t.forget(w)
			}
		default:
			t.log().Warn("sending a transaction a reorganisation dropped", "method", w.s.method, "nonce", w.s.nonce, "err", err)
		}
	}
}

func indexOf(s *sentTx, h common.Hash) int {
	for i, v := range s.versions {
		if v.Hash() == h {
			return i
		}
	}
	return len(s.versions) - 1
}

func (t *transactor) forget(w *included) {
	t.watchMu.Lock()
	if t.watching[w.s.nonce] == w {
		delete(t.watching, w.s.nonce)
	}
	t.watchMu.Unlock()
}

// Stats returns what the manager did so far.
func (t *transactor) Stats() TxStats {
	t.statsMu.Lock()
	defer t.statsMu.Unlock()
	return t.stats
}

func (t *transactor) log() *slog.Logger {
	if t.logger != nil {
		return t.logger
	}
	return slog.Default()
}
