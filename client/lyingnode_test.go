package client_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/assembly"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/devnet"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// unpostingLedger is a lying host's ledger handle: while lie is set, it
// drops every command batch its enclave signs instead of posting it, and
// feeds the batch back to the enclave as if the ledger had ordered it, in
// a Commands event that forge labels (transaction hash and block).
type unpostingLedger struct {
	ledger.Ledger
	lie atomic.Bool

	mu       sync.Mutex
	forge    func(next uint64) (tx common.Hash, block uint64)
	unposted []chainmsg.CommandBatch
	dropped  int // also numbers the forged events, each after the last
}

func (l *unpostingLedger) PostCommands(ctx context.Context, b chainmsg.CommandBatch) error {
	if !l.lie.Load() {
		return l.Ledger.PostCommands(ctx, b)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.unposted = append(l.unposted, b)
	l.dropped++
	return nil
}

func (l *unpostingLedger) Events(ctx context.Context, from uint64) ([]chainmsg.Event, uint64, error) {
	events, next, err := l.Ledger.Events(ctx, from)
	if err != nil {
		return events, next, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, b := range l.unposted {
		// After everything this read returns and every earlier forgery,
		// so that the enclave, which applies events in ledger order only,
		// takes it.
		tx, block := l.forge(next)
		index := uint64(1<<20 + l.dropped - len(l.unposted) + i)
		events = append(events, chainmsg.Event{Position: chainmsg.Position{Block: block, Index: index}, TxHash: tx,
			Commands: &chainmsg.CommandsEvent{Epoch: b.Epoch, Seq: b.Seq, Ciphertexts: b.Ciphertexts}})
	}
	l.unposted = nil
	return events, next, nil
}

// TestLyingNodeOutcome runs a node whose host never posts its enclave's
// batches and feeds them back to the enclave as if the ledger had ordered
// them. The enclave cannot tell, applies the commands and seals genuine
// outcomes; a client with its own view of the chain must refuse them,
// since the commands are not on the ledger (and the honest members never
// apply them).
func TestLyingNodeOutcome(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a devnet")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	d, err := devnet.Start(ctx, devnet.Options{Nodes: 1, SpareKeys: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	// The liar joins the devnet as any node would: the member enclave
	// admits its (genuine) enclave through the ledger.
	host, err := ethereum.Dial(ctx, d.Info.RPC, d.Info.Contract, d.Spare[0])
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	liar := &unpostingLedger{Ledger: host}
	start, err := d.Ledger.DeployedAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	platform, err := sim.New(sim.Options{StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := assembly.NodeConfig(ctx, assembly.Node{Ledger: liar, StartBlock: start, Dir: filepath.Join(dir, "data"),
		Listen: "127.0.0.1:0", Platform: platform, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	n, err := node.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- n.Run(runCtx) }()
	defer func() { stop(); <-ran }()
	select {
	case <-n.Ready():
	case err := <-ran:
		t.Fatalf("lying node stopped: %v", err)
	case <-ctx.Done():
		t.Fatal("lying node was not admitted")
	}

	c, err := client.Connect(ctx, n.URL(), client.Options{Ledger: d.Ledger})
	if err != nil {
		t.Fatal(err)
	}
	alice, _ := crypto.GenerateKey()
	honest, err := c.Command(ctx, alice, erc20abi.Name, "init", map[string]string{"supply": "100"})
	if err != nil {
		t.Fatalf("honest command through the node: %v", err)
	}

	var randomTx common.Hash
	rand.Read(randomTx[:])
	lies := []struct {
		name  string
		forge func(next uint64) (common.Hash, uint64)
		want  string
	}{
		{"made-up transaction", func(next uint64) (common.Hash, uint64) { return randomTx, next - 1 }, "no such transaction"},
		// A real transaction of this network, in its real block, that
		// carried another command (the honest one).
		{"another command's transaction", func(uint64) (common.Hash, uint64) { return honest.TxHash, honest.Block },
			"the transaction carries no command ciphertext"},
		// The same, in a block of the host's choosing (last, since the
		// liar's enclave then believes the ledger is further on).
		{"another command's transaction in another block", func(next uint64) (common.Hash, uint64) { return honest.TxHash, next + 5 },
			fmt.Sprintf("the transaction is in block %d", honest.Block)},
	}
	bob := crypto.PubkeyToAddress(alice.PublicKey) // any recipient will do
	for _, lie := range lies {
		t.Run(lie.name, func(t *testing.T) {
			liar.mu.Lock()
			liar.forge = lie.forge
			liar.mu.Unlock()
			liar.lie.Store(true)
			defer liar.lie.Store(false)
			_, err := c.Command(ctx, alice, erc20abi.Name, "transfer", map[string]string{"to": bob.Hex(), "amount": "1"})
			if !errors.Is(err, client.ErrNotOnLedger) || !strings.Contains(err.Error(), "which the ledger does not show") ||
				!strings.Contains(err.Error(), lie.want) {
				t.Fatalf("outcome of an unposted command: %v, want ErrNotOnLedger saying %q", err, lie.want)
			}
			liar.mu.Lock()
			dropped := liar.dropped
			liar.mu.Unlock()
			if dropped == 0 {
				t.Fatal("the host posted the batch after all; the test proves nothing")
			}
		})
	}

	// The command's fate, asked of the lied-to enclave, names the same
	// made-up inclusion, and is refused the same way.
	liar.mu.Lock()
	liar.forge = func(next uint64) (common.Hash, uint64) { return honest.TxHash, next + 10 } // after the last lie
	liar.mu.Unlock()
	liar.lie.Store(true)
	id, reply, err := c.Submit(ctx, alice, erc20abi.Name, "transfer", map[string]string{"to": bob.Hex(), "amount": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Wait(ctx, id, reply); !errors.Is(err, client.ErrNotOnLedger) {
		t.Fatalf("outcome of an unposted command: %v", err)
	}
	liar.lie.Store(false)
	if f, err := c.Fate(ctx, alice, id); !errors.Is(err, client.ErrNotOnLedger) {
		t.Fatalf("fate of an unposted command: %+v, %v, want ErrNotOnLedger", f, err)
	}

	// The honest member never saw those commands: alice still holds 100.
	h, err := client.Connect(ctx, d.Info.Nodes[0], client.Options{Ledger: d.Ledger})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := h.Query(ctx, alice, erc20abi.Name, "balance", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Trim(string(raw), `"`); got != "100" {
		t.Fatalf("alice's balance at the honest member = %s, want 100", raw)
	}
}
