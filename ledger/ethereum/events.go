package ethereum

import (
	"context"
	"fmt"
	"math/big"
	"sync"
	"sync/atomic"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// logRange is the most blocks one eth_getLogs covers. Public providers and
// some clients cap the range; a fixed window keeps every request acceptable
// and the response bounded.
const logRange = 5000

// Events implements ledger.Ledger. It reads up to the head block as of the
// call; logs come back in (block, log index) order because each window is
// queried in order and nodes return a window's logs in that order.
func (d *Driver) Events(ctx context.Context, fromBlock uint64) ([]chainmsg.Event, uint64, error) {
	head, err := d.chainHead(ctx)
	if err != nil {
		return nil, fromBlock, err
	}
	conf := d.finality.confirmations.Load()
	if conf > 0 {
		if err := d.checkReported(ctx); err != nil {
			return nil, fromBlock, err
		}
		if head < conf {
			return nil, fromBlock, nil
		}
		head -= conf // the last block with conf blocks on top
	}
	if fromBlock > head {
		return nil, fromBlock, nil
	}
	// One window per call (ledger.EventWindow): a reader far behind gets
	// the rest on its next calls.
	last := min(head, fromBlock+ledger.EventWindow-1)
	// The last block's hash is read before its logs: a reorganisation in
	// between makes the next call's check fail (and the node stop) rather
	// than pass unnoticed.
	var lastHash common.Hash
	if conf > 0 {
		h, err := d.client.HeaderByNumber(ctx, new(big.Int).SetUint64(last))
		if err != nil {
			return nil, fromBlock, fmt.Errorf("ledger/ethereum: read block %d: %w", last, err)
		}
		lastHash = h.Hash()
	}
	var events []chainmsg.Event
	var eventsBlock uint64
	var eventsHash common.Hash
	for start := fromBlock; start <= last; start += logRange {
		end := min(start+logRange-1, last)
		logs, err := d.client.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(start),
			ToBlock:   new(big.Int).SetUint64(end),
			Addresses: []common.Address{d.contract},
		})
		if err != nil {
			return nil, fromBlock, fmt.Errorf("ledger/ethereum: read logs of blocks %d-%d: %w", start, end, err)
		}
		for i := range logs {
			ev, err := ledgerabi.DecodeEvent(&logs[i])
			if err != nil {
				return nil, fromBlock, fmt.Errorf("ledger/ethereum: %w", err)
			}
			events = append(events, ev)
			eventsBlock, eventsHash = logs[i].BlockNumber, logs[i].BlockHash
		}
	}
	if conf > 0 {
		f := &d.finality
		f.mu.Lock()
		f.reported, f.hash = last, lastHash
		if eventsHash != (common.Hash{}) {
			f.eventsBlock, f.eventsHash = eventsBlock, eventsHash
		}
		f.mu.Unlock()
	}
	return events, last + 1, nil
}

// finality is what Events waits for and checks on a chain whose blocks
// can be replaced (proof of authority, proof of stake), unlike the
// embedded development chain's.
type finality struct {
	confirmations atomic.Uint64
	mu            sync.Mutex
	reported      uint64      // the last block Events reported
	hash          common.Hash // its hash then (zero: none yet)
	eventsBlock   uint64      // the last block whose events Events reported
	eventsHash    common.Hash // its hash then (zero: none yet)
}

// SetConfirmations makes Events report only blocks with at least n blocks
// on top of them, and check at every call that the last block it reported
// is still the chain's: a reorganisation deeper than n returns a
// *ledger.ReorgError (ledger.ErrReorg) instead of events that contradict
// what was reported, saying whether the events reported are all still on
// the chain.
// Zero (the default) suits chains whose blocks are final at once.
func (d *Driver) SetConfirmations(n uint64) { d.finality.confirmations.Store(n) }

// checkReported returns a *ledger.ReorgError if the block Events last
// reported is no longer on the chain.
func (d *Driver) checkReported(ctx context.Context) error {
	f := &d.finality
	f.mu.Lock()
	number, hash, evBlock, evHash := f.reported, f.hash, f.eventsBlock, f.eventsHash
	f.mu.Unlock()
	if hash == (common.Hash{}) {
		return nil
	}
	h, err := d.client.HeaderByNumber(ctx, new(big.Int).SetUint64(number))
	if err != nil {
		return fmt.Errorf("ledger/ethereum: read block %d to check it is still final: %w", number, err)
	}
	if h.Hash() == hash {
		return nil
	}
	re := &ledger.ReorgError{Block: number, Was: hash, Now: h.Hash(), Confirmations: d.finality.confirmations.Load(), EventsBlock: evBlock}
	if evHash != (common.Hash{}) {
		eh, err := d.client.HeaderByNumber(ctx, new(big.Int).SetUint64(evBlock))
		// Unreadable, it counts as replaced: the safe advice.
		re.EventsReplaced = err != nil || eh.Hash() != evHash
	}
	return re
}
