package node_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// TestMemledgerCheckpointBackup: every epoch begins with a checkpoint on
// the ledger, posted by the member that committed the handshake. When that
// member's host cannot post it (here its checkpoint transactions fail),
// another member posts it after CheckpointTimeout, and the epoch opens to
// commands: a lost or lazy host delays the network, it cannot stop it.
func TestMemledgerCheckpointBackup(t *testing.T) {
	const timeout = 300 * time.Millisecond
	net := newMemNet(t, 2, func(net *memNet) {
		net.configure = func(i int, cfg *node.Config) {
			cfg.CheckpointTimeout = timeout
			cfg.RotateEvery = 1 // a rotation after the first command
		}
	})
	ctx := net.ctx
	ids := []common.Address{net.nodes[0].n.Enclave().Identity(), net.nodes[1].n.Enclave().Identity()}
	// The admission's epoch has its checkpoint, posted by node 0, which
	// committed the admission. (The founding's epoch may have none: node 0
	// admits node 1 first, and an epoch that ends before its checkpoint
	// had no commands.)
	makers := func() map[uint64]common.Address {
		events, _ := net.chain.Events(0)
		out := map[uint64]common.Address{}
		for _, e := range events {
			if c := e.Checkpoint; c != nil {
				out[c.Epoch] = c.Enclave
			}
		}
		return out
	}
	if m := makers(); m[1] != ids[0] {
		t.Fatalf("checkpoint makers by epoch %v, want node 0's enclave %v for epoch 1", m, ids[0])
	}
	// The rotation policy has the member with the larger address rotate
	// at epoch 1 (node/group.go); that one's checkpoint posts fail.
	r := 0
	if ids[1].Cmp(ids[0]) > 0 {
		r = 1
	}
	unstage := net.stage(r, func(ctx context.Context, c memledger.Call, send func() error) error {
		if c.Method == "postCheckpoint" || c.Method == "postCheckpointChunk" {
			return errors.New("connection refused (staged)")
		}
		return send()
	})
	defer unstage()
	alice, _ := userKey(t)
	if _, err := net.client(r).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatal(err)
	}
	// Node r rotates into epoch 2 and cannot post its checkpoint; the
	// other does, after its timeout, and the next command goes through.
	for net.nodes[1-r].n.Enclave().Status().Epoch < 2 {
		select {
		case <-ctx.Done():
			t.Fatalf("node %d did not rotate", r)
		case <-time.After(memPoll):
		}
	}
	if s := net.nodes[1-r].n.Enclave().Status(); !s.CheckpointOwed || s.CheckpointDue {
		t.Fatalf("node %d after node %d's rotation: owed %v, due %v", 1-r, r, s.CheckpointOwed, s.CheckpointDue)
	}
	if _, err := net.client(1-r).Command(ctx, alice, erc20abi.Name, "burn", erc20abi.BurnArgs{Amount: initArgs(1).Supply}); err != nil {
		t.Fatal(err)
	}
	m := makers()
	if m[2] != ids[1-r] {
		t.Fatalf("epoch 2's checkpoint made by %v, want node %d's enclave %v (makers %v)", m[2], 1-r, ids[1-r], m)
	}
	net.agree(2)
}

// TestMemledgerKeylessRestart: a node on a platform without a sealing key
// (TDX, Nitro) keeps no state across a restart. Restarted, it registers a
// new enclave, which the members admit and which loads the state from its
// admission epoch's checkpoint, with no operator step; it agrees with the
// others and serves commands. (Its earlier identity stays a member that
// posts nothing until governance expels it.)
func TestMemledgerKeylessRestart(t *testing.T) {
	net := newMemNet(t, 2, func(net *memNet) { net.nodes[1].keyless = true })
	ctx := net.ctx
	alice, _ := userKey(t)
	bob, bobAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatal(err)
	}
	if _, err := net.client(1).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 40)); err != nil {
		t.Fatal(err)
	}
	net.agree(2)
	before := net.nodes[1].n.Enclave().Identity()
	net.stop(1)
	if _, err := os.Stat(filepath.Join(net.nodes[1].dir, "enclave.sealed")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a keyless node wrote a sealed blob: %v", err)
	}
	net.nodes[1].client = nil
	net.start(1)
	net.waitReady(1)
	after := net.nodes[1].n.Enclave().Identity()
	if after == before {
		t.Fatal("the restarted keyless node has its old identity")
	}
	net.agree(2)
	if b := balance(t, ctx, net.client(1), bob); b != "40" {
		t.Fatalf("bob's balance on the restarted node: %s", b)
	}
	if _, err := net.client(1).Command(ctx, bob, erc20abi.Name, "transfer", transferArgs(common.Address{3}, 1)); err != nil {
		t.Fatal(err)
	}
	net.agree(3)
}
