package devnet

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/anonify-go/anonify/client"
)

// TestDevnetWalkthrough runs the whole system in one process: embedded
// chain, contract, three nodes with simulated enclaves admitted through the
// ledger, and the ERC-20 walkthrough through the client path, with every
// node agreeing on the state hash afterwards.
func TestDevnetWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a chain and three nodes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	d, err := Start(ctx, Options{Nodes: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var clients []*client.Client
	for _, url := range d.Info.Nodes {
		c, err := client.Connect(ctx, url, client.Options{Ledger: d.Ledger})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Pinned() {
			t.Fatal("client did not pin the network")
		}
		clients = append(clients, c)
	}
	users, err := Users()
	if err != nil {
		t.Fatal(err)
	}
	var out io.Writer = io.Discard
	if testing.Verbose() {
		out = os.Stdout
	}
	if err := RunWalkthrough(ctx, clients, users, out); err != nil {
		t.Fatal(err)
	}
	// Every node must have applied the same commands to the same state.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var hashes []string
		var applied []uint64
		for _, c := range clients {
			s, err := c.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			hashes = append(hashes, s.StateHash.Hex())
			applied = append(applied, s.AppliedCommands)
		}
		if hashes[0] == hashes[1] && hashes[1] == hashes[2] && applied[0] == 10 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nodes disagree: hashes %v applied %v", hashes, applied)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
