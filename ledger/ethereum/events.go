package ethereum

import (
	"context"
	"fmt"
	"math/big"
	"sync"
	"sync/atomic"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ethereum/bindings"
	"github.com/anonify-go/anonify/wire/chainmsg"
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
			ev, err := decodeEvent(d.abi, &logs[i])
			if err != nil {
				return nil, fromBlock, err
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

// decodeEvent turns one contract log into a chainmsg.Event. A log the ABI does
// not know is an error, not skipped: it means the contract at this address
// was built from other sources, and silently skipping would desynchronise
// the enclaves that replay this log.
func decodeEvent(c *bindings.AnonifyLedger, l *types.Log) (chainmsg.Event, error) {
	ev := chainmsg.Event{Position: chainmsg.Position{Block: l.BlockNumber, Index: uint64(l.Index)}, TxHash: l.TxHash}
	fail := func(err error) (chainmsg.Event, error) {
		return chainmsg.Event{}, fmt.Errorf("ledger/ethereum: decode log %d of block %d (tx %s): %w", l.Index, l.BlockNumber, l.TxHash, err)
	}
	if l.Removed {
		return fail(fmt.Errorf("log was removed by a reorganisation"))
	}
	if len(l.Topics) == 0 {
		return fail(fmt.Errorf("log has no topic"))
	}
	events := c.GetABI().Events
	switch l.Topics[0] {
	case events[bindings.AnonifyLedgerRegisteredEventName].ID:
		e, err := c.UnpackRegisteredEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Registered = &chainmsg.RegisteredEvent{Identity: e.Identity, RequestKey: e.RequestKey, KeyPackage: e.KeyPackage, Evidence: e.Evidence}
	case events[bindings.AnonifyLedgerHandshakeEventName].ID:
		e, err := c.UnpackHandshakeEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Handshake = &chainmsg.HandshakeEvent{Epoch: e.Epoch, Committer: e.Committer, Payload: e.Handshake, Adds: e.Adds, Removes: e.Removes}
	case events[bindings.AnonifyLedgerCommandsEventName].ID:
		e, err := c.UnpackCommandsEvent(l)
		if err != nil {
			return fail(err)
		}
		cts, err := chainmsg.UnpackBatch(e.Batch)
		if err != nil {
			return fail(err)
		}
		ev.Commands = &chainmsg.CommandsEvent{Enclave: e.Enclave, Epoch: e.Epoch, Seq: e.Seq, Ciphertexts: cts}
	case events[bindings.AnonifyLedgerPolicyChangedEventName].ID:
		e, err := c.UnpackPolicyChangedEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.PolicyChanged = &chainmsg.PolicyChangedEvent{Version: e.Version, Policy: e.Policy, Sigs: e.Sigs}
	case events[bindings.AnonifyLedgerFoundedEventName].ID:
		e, err := c.UnpackFoundedEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Founded = &chainmsg.FoundedEvent{Identity: e.Identity, Nonce: e.Nonce, Sigs: e.Sigs}
	case events[bindings.AnonifyLedgerExpelledEventName].ID:
		e, err := c.UnpackExpelledEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Expelled = &chainmsg.ExpelledEvent{Identity: e.Identity, Sigs: e.Sigs}
	case events[bindings.AnonifyLedgerAuditorChangedEventName].ID:
		e, err := c.UnpackAuditorChangedEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Auditor = &chainmsg.AuditorChangedEvent{Key: e.Key, Scope: e.Scope, Nonce: e.Nonce, Sigs: e.Sigs}
	case events[bindings.AnonifyLedgerAuditEventName].ID:
		e, err := c.UnpackAuditEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Audit = &chainmsg.AuditEvent{Enclave: e.Enclave, Epoch: e.Epoch, Seq: e.Seq, Header: e.Header, Records: e.Records}
	case events[bindings.AnonifyLedgerCustodiansChangedEventName].ID:
		e, err := c.UnpackCustodiansChangedEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Custodians = &chainmsg.CustodiansChangedEvent{Version: e.Version, Keys: e.Keys, Threshold: e.Threshold, Sigs: e.Sigs}
	case events[bindings.AnonifyLedgerCheckpointEventName].ID:
		e, err := c.UnpackCheckpointEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Checkpoint = &chainmsg.CheckpointEvent{Enclave: e.Enclave, Epoch: e.Epoch, Manifest: e.Manifest, Sig: e.Sig}
	case events[bindings.AnonifyLedgerCheckpointChunkEventName].ID:
		e, err := c.UnpackCheckpointChunkEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Chunk = &chainmsg.CheckpointChunkEvent{Enclave: e.Enclave, Epoch: e.Epoch, Index: e.Index, Chunk: e.Chunk}
	case events[bindings.AnonifyLedgerProposedEventName].ID:
		e, err := c.UnpackProposedEvent(l)
		if err != nil {
			return fail(err)
		}
		if !e.Id.IsUint64() {
			return fail(fmt.Errorf("proposal id %s: %w", e.Id, errNotUint64))
		}
		ev.Proposed = &chainmsg.ProposedEvent{ID: e.Id.Uint64(), Proposer: e.Proposer, Kind: chainmsg.ProposalKind(e.Kind), Policy: e.Policy, Target: e.Target, Nonce: e.Nonce}
	case events[bindings.AnonifyLedgerApprovedEventName].ID:
		e, err := c.UnpackApprovedEvent(l)
		if err != nil {
			return fail(err)
		}
		if !e.Id.IsUint64() || !e.Approvals.IsUint64() {
			return fail(fmt.Errorf("proposal id %s or approvals %s: %w", e.Id, e.Approvals, errNotUint64))
		}
		ev.Approved = &chainmsg.ApprovedEvent{ID: e.Id.Uint64(), Governor: e.Governor, Approvals: e.Approvals.Uint64()}
	default:
		return fail(fmt.Errorf("unknown event topic %s (contract built from other sources?)", l.Topics[0]))
	}
	return ev, nil
}
