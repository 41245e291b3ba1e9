package node_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// blockChain wraps a node's memledger account as a chain with a block
// period: batches sent (SendCommands) wait in its pool and are included
// together, in the order they were sent, once a period; drop, when set,
// loses a batch instead (its wait fails, as a transaction that never
// lands would).
type blockChain struct {
	ledger.Ledger
	drop func(sent int) bool // by the batch's number among those sent, from 0

	mu             sync.Mutex
	pool           []pooled
	sent           int
	inFlight, peak int
	refused        int // batches the ledger refused when included
}

type pooled struct {
	b    chainmsg.CommandBatch
	lost bool
	done chan error
}

func newBlockChain(t *testing.T, l ledger.Ledger, period time.Duration) *blockChain {
	c := &blockChain{Ledger: l}
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			c.mu.Lock()
			block := c.pool
			c.pool = nil
			if n := len(block); n > 0 && block[n-1].lost {
				// A lost transaction is found lost only once another was
				// sent behind it, which is the case this chain tests.
				c.pool, block = block[n-1:], block[:n-1]
			}
			c.mu.Unlock()
			for _, p := range block {
				if p.lost {
					p.done <- errors.New("test chain: the transaction was dropped")
					continue
				}
				err := l.PostCommands(context.Background(), p.b)
				if err != nil {
					c.mu.Lock()
					c.refused++
					c.mu.Unlock()
				}
				p.done <- err
			}
		}
	}()
	return c
}

func (c *blockChain) SendCommands(ctx context.Context, b chainmsg.CommandBatch) (func(context.Context) (uint64, error), error) {
	c.mu.Lock()
	p := pooled{b: b, done: make(chan error, 1)}
	p.lost = c.drop != nil && c.drop(c.sent)
	c.sent++
	c.pool = append(c.pool, p)
	c.inFlight++
	c.peak = max(c.peak, c.inFlight)
	c.mu.Unlock()
	return func(ctx context.Context) (uint64, error) {
		defer func() {
			c.mu.Lock()
			c.inFlight--
			c.mu.Unlock()
		}()
		select {
		case err := <-p.done:
			return 21_000, err
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}, nil
}

// TestPipelinedBatches: on a chain with 300 ms blocks a node keeps
// several batches in flight, sent in sequence order; a batch lost on the
// way fails the one sent behind it (its sequence number comes too
// early), and both go out again: every command is applied once, the
// enclave's sequence numbers on the ledger run without gap or repeat,
// and the nodes agree.
func TestPipelinedBatches(t *testing.T) {
	for _, tc := range []struct {
		name string
		drop func(sent int) bool
	}{
		{"in flight together", nil},
		{"the second batch lost", func(sent int) bool { return sent == 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var chain *blockChain
			net := newMemNet(t, 2, func(net *memNet) {
				net.configure = func(i int, cfg *node.Config) {
					if i == 0 && chain == nil {
						chain = newBlockChain(t, cfg.Ledger, 300*time.Millisecond)
						chain.drop = tc.drop
					}
					if i == 0 {
						cfg.Ledger = chain
					}
				}
			})
			ctx := net.ctx
			alice, _ := userKey(t)
			if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(1000)); err != nil {
				t.Fatal(err)
			}
			// Commands arrive one every 25 ms for 1.5 s, each from its
			// own user (alice pays for them all, one transfer each).
			const n = 60
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				wg.Go(func() {
					time.Sleep(time.Duration(i) * 25 * time.Millisecond)
					_, to := userKey(t)
					_, errs[i] = net.client(0).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(to, 1))
				})
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("command %d: %v", i, err)
				}
			}
			chain.mu.Lock()
			peak, refused := chain.peak, chain.refused
			chain.mu.Unlock()
			if peak < 2 {
				t.Errorf("at most %d batch in flight, want several", peak)
			}
			if tc.drop != nil && refused == 0 {
				t.Errorf("no batch was refused behind the lost one")
			}
			t.Logf("%d batches sent, at most %d in flight, %d refused when included", chain.sent, peak, refused)
			net.agree(1 + n)
			me := net.nodes[0].n.Enclave().Identity()
			for k, e := range net.commandEvents(me) {
				if e.Seq != uint64(k) {
					t.Fatalf("batch %d on the ledger has sequence number %d", k, e.Seq)
				}
			}
			if b := balance(t, ctx, net.client(1), alice); b != "940" {
				t.Fatalf("alice holds %s after %d transfers of 1 from 1000", b, n)
			}
		})
	}
}
