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

// Every epoch begins with a checkpoint of the state on the ledger (see
// enclave/checkpointing.go): a signed manifest, then the chunks. The
// member that committed the epoch's handshake posts it at once; every
// other member, after CheckpointTimeout, posts whatever is still missing.
// Until it is complete no member posts commands, so this runs before
// postBatches in every step.

// maxChunksPerStep bounds the chunk transactions of one step, so that a
// large checkpoint does not keep the loop from following the ledger.
const maxChunksPerStep = 16

// ckptProgress is this node's posting of the current epoch's checkpoint.
type ckptProgress struct {
	epoch    uint64
	since    time.Time            // when this node first saw the epoch owed
	manifest time.Time            // when it last posted the manifest
	sent     map[uint32]time.Time // chunks it posted, and when
}

func (n *Node) postCheckpoint(ctx context.Context) error {
	s := n.enc.Status()
	if !s.CheckpointOwed {
		return nil
	}
	p := &n.ckpt
	if p.sent == nil || p.epoch != s.Epoch {
		*p = ckptProgress{epoch: s.Epoch, since: time.Now(), sent: map[uint32]time.Time{}}
	}
	if !s.CheckpointDue && time.Since(p.since) < n.cfg.CheckpointTimeout {
		return nil // the member that committed the handshake posts first
	}
	w, err := n.enc.NextCheckpoint()
	if err != nil || w == nil {
		return err
	}
	if w.Manifest != nil {
		if time.Since(p.manifest) < n.cfg.CheckpointTimeout {
			return nil // ours is on its way
		}
		p.manifest = time.Now()
		switch err := n.led.PostCheckpoint(ctx, *w.Manifest); {
		case errors.Is(err, ledger.ErrAlreadyCheckpointed) || errors.Is(err, ledger.ErrWrongEpoch) || errors.Is(err, ledger.ErrNotMember):
			n.metrics.ckptPosts.WithLabelValues("manifest", "lost_race").Inc()
		case err != nil:
			p.manifest = time.Time{}
			n.metrics.ckptPosts.WithLabelValues("manifest", "failed").Inc()
			return fmt.Errorf("post checkpoint manifest of epoch %d: %w", w.Epoch, err)
		default:
			n.metrics.ckptPosts.WithLabelValues("manifest", "posted").Inc()
			n.log.Info("posted the epoch's checkpoint manifest", "epoch", w.Epoch, "chunks", w.Chunks)
		}
		if err := n.follow(ctx); err != nil {
			return err
		}
		if w, err = n.enc.NextCheckpoint(); err != nil || w == nil {
			return err
		}
	}
	// Sign this step's chunks, then post them all at once: the ledger
	// driver keeps several transactions of one host in flight, so that
	// they share blocks instead of taking one block each.
	var chunks []*chainmsg.CheckpointChunkPost
	for _, i := range w.Missing {
		if len(chunks) == maxChunksPerStep {
			break
		}
		if t, ok := p.sent[i]; ok && time.Since(t) < n.cfg.CheckpointTimeout {
			continue
		}
		c, err := n.enc.CheckpointChunk(w.Epoch, i)
		if err != nil {
			return err
		}
		p.sent[i] = time.Now()
		chunks = append(chunks, c)
	}
	errs := make([]error, len(chunks))
	var wg sync.WaitGroup
	for k, c := range chunks {
		wg.Go(func() { errs[k] = n.led.PostCheckpointChunk(ctx, *c) })
	}
	wg.Wait()
	posted := 0
	var failed error
	for k, err := range errs {
		i := chunks[k].Index
		switch {
		case errors.Is(err, ledger.ErrNoCheckpoint):
			// Our view is ahead of the chain's (a reorg): follow, retry.
			delete(p.sent, i)
			n.metrics.ckptPosts.WithLabelValues("chunk", "lost_race").Inc()
		case err != nil:
			delete(p.sent, i)
			n.metrics.ckptPosts.WithLabelValues("chunk", "failed").Inc()
			if failed == nil {
				failed = fmt.Errorf("post checkpoint chunk %d/%d of epoch %d: %w", i+1, w.Chunks, w.Epoch, err)
			}
		default:
			posted++
			n.metrics.ckptPosts.WithLabelValues("chunk", "posted").Inc()
		}
	}
	if failed != nil {
		return failed
	}
	if len(chunks) > 0 {
		n.log.Debug("posted checkpoint chunks", "epoch", w.Epoch, "posted", posted, "missing", len(w.Missing)-posted, "chunks", w.Chunks)
		return n.follow(ctx)
	}
	return nil
}
