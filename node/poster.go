package node

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// A node keeps up to maxInFlight batches in flight when its ledger can
// send a batch without waiting for it (commandSender): each batch is sent
// in sequence order by the step loop, and waited for on its own goroutine.
// One batch at a time capped a node at one batch per block-and-receipt
// round, however many commands waited: on a chain with one-second blocks,
// 64 commands a second at most. A further batch goes out while others are
// in flight only when a full batch waits or the newest in flight is
// pipelineAfter old: on a chain that includes a batch in a few
// milliseconds (the embedded devnet's), batches stay one at a time and as
// large as the load makes them, which costs the chain least per command.
const (
	maxInFlight   = 4
	pipelineAfter = 200 * time.Millisecond
)

// commandSender is implemented by ledgers that can send a batch and wait
// for it apart (ledger/ethereum.Driver): SendCommands returns once the
// batch is out, in order with those sent before it.
type commandSender interface {
	SendCommands(ctx context.Context, b chainmsg.CommandBatch) (wait func(context.Context) (gasUsed uint64, err error), err error)
}

// posts is the step loop's record of the batches in flight.
type posts struct {
	inFlight []posting      // in sequence order; the step loop's alone
	done     chan postDone  // results of the waits; room for maxInFlight, so a wait never blocks
	failed   error          // the first failure since posts were last all in; then no batch goes out until they are
	waits    sync.WaitGroup // the wait goroutines, for Run to let finish
}

type posting struct {
	seq      uint64
	commands int
	sent     time.Time
}

type postDone struct {
	seq uint64
	err error
}

// postBatches posts what the enclave has queued: it takes in the batches
// that landed or failed, then sends new ones while postDue says so.
func (n *Node) postBatches(ctx context.Context) error {
	p := &n.post
	if err := n.reapPosts(ctx); err != nil {
		return err
	}
	sender, async := n.led.(commandSender)
	for p.failed == nil && len(p.inFlight) < maxInFlight && n.postDue() {
		seq, err := n.nextSeq(ctx)
		if err != nil {
			return err
		}
		b, err := n.enc.NextBatch(seq, n.cfg.BatchMax)
		if err != nil || b == nil {
			return err
		}
		if !async {
			// One at a time: post, and follow so that the batch's
			// outcomes go out before the next batch is made.
			if err := n.postCommands(ctx, *b); err != nil {
				n.enc.BatchFailed(b.Seq)
				return n.postFailed(ctx, err)
			}
			n.seq = b.Seq + 1
			if err := n.follow(ctx); err != nil {
				return err
			}
			continue
		}
		wait, err := sender.SendCommands(ctx, *b)
		if err != nil {
			n.metrics.batchFailed(err)
			n.enc.BatchFailed(b.Seq)
			n.seqKnown = false
			if len(p.inFlight) > 0 {
				// Handled once those in flight are in (reapPosts): a
				// sequence number read now would be one of theirs.
				p.failed = err
				return nil
			}
			return n.postFailed(ctx, err)
		}
		n.seq = b.Seq + 1
		p.inFlight = append(p.inFlight, posting{seq: b.Seq, commands: len(b.Ciphertexts), sent: time.Now()})
		p.waits.Add(1)
		go func() {
			defer p.waits.Done()
			gas, err := wait(ctx)
			if err != nil {
				n.metrics.batchFailed(err)
			} else {
				n.metrics.batchPosted(*b, gas, true)
			}
			p.done <- postDone{seq: b.Seq, err: err}
			n.poke() // the loop follows the ledger for the batch, and posts on
		}()
	}
	return nil
}

// postDue says whether another batch should go out now: whenever none is
// in flight and commands wait; beside others only for a full batch, or
// once the newest in flight is pipelineAfter old.
func (n *Node) postDue() bool {
	p := &n.post
	pending := n.enc.Status().Pending // queued, in flight, or on the ledger and not applied yet
	for _, f := range p.inFlight {
		pending -= f.commands
	}
	switch {
	case pending <= 0:
		return false // nothing to post: spare the ledger a NextSeq call
	case len(p.inFlight) == 0:
		return true
	}
	return pending >= n.cfg.BatchMax || time.Since(p.inFlight[len(p.inFlight)-1].sent) >= pipelineAfter
}

// reapPosts takes in the batches whose waits ended. A failed batch's
// commands go back to the enclave's queue (BatchFailed), and so do those
// of the batches sent behind it, which fail with it (their sequence
// numbers follow its). Once no batch is in flight the failure is handled
// as a one-at-a-time post's was: refusals that a ledger read explains
// (a new epoch, our own batch landed, this enclave removed) catch up,
// anything else is the step's error.
func (n *Node) reapPosts(ctx context.Context) error {
	p := &n.post
	for {
		select {
		case d := <-p.done:
			for i, f := range p.inFlight {
				if f.seq == d.seq {
					p.inFlight = append(p.inFlight[:i], p.inFlight[i+1:]...)
					break
				}
			}
			if d.err != nil {
				n.enc.BatchFailed(d.seq)
				n.seqKnown = false
				if p.failed == nil {
					p.failed = d.err
				}
			}
			continue
		default:
		}
		break
	}
	if p.failed == nil || len(p.inFlight) > 0 {
		return nil
	}
	err := p.failed
	p.failed = nil
	return n.postFailed(ctx, err)
}

// postFailed handles a failed batch post, once its commands are back in
// the queue and no batch is in flight: a refusal that a ledger read
// explains catches up; anything else is the step's error.
func (n *Node) postFailed(ctx context.Context, err error) error {
	n.seqKnown = false
	if errors.Is(err, ledger.ErrWrongEpoch) || errors.Is(err, ledger.ErrBadSequence) || errors.Is(err, ledger.ErrNotMember) {
		// Catch up (new epoch, our own batch landed, or this enclave's
		// removal in a block not applied yet) and retry.
		n.log.Debug("batch refused; catching up", "err", err)
		return n.follow(ctx)
	}
	return fmt.Errorf("post batch: %w", err)
}
