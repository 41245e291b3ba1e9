package devnet

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
)

// TestDevnetWalkthrough runs the whole system in one process: embedded
// chain, contract, three nodes with simulated enclaves admitted through the
// ledger, and the ERC-20 walkthrough through the client path, with every
// node agreeing on the state hash afterwards.
func TestDevnetWalkthrough(t *testing.T) {
	ctx, _, clients := startTestnet(t, Options{Nodes: 3})
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
	agree(t, ctx, clients, 10)
}

// TestGroupOperations: two members rotate at the same moment (exactly one
// commit wins the epoch on chain; the other rebases), then a member is
// removed; transfers keep working and the removed node stops serving.
func TestGroupOperations(t *testing.T) {
	ctx, d, clients := startTestnet(t, Options{Nodes: 3})
	users, _ := Users()
	if _, err := clients[0].Command(ctx, users["alice"], "erc20", "init", map[string]string{"supply": "100"}); err != nil {
		t.Fatal(err)
	}
	start, _ := clients[0].Group(ctx)

	// Concurrent rotations from two members.
	type res struct {
		r   *client.GroupResult
		err error
	}
	out := make(chan res, 2)
	for _, i := range []int{1, 2} {
		tok, err := d.AdminToken(i)
		if err != nil {
			t.Fatal(err)
		}
		go func(c *client.Client) {
			r, err := c.Rotate(ctx, tok)
			out <- res{r, err}
		}(clients[i])
	}
	epochs := map[uint64]bool{}
	for range 2 {
		r := <-out
		if r.err != nil {
			t.Fatalf("rotate: %v", r.err)
		}
		epochs[r.r.Epoch] = true
	}
	if len(epochs) != 2 || !epochs[start.Epoch+1] || !epochs[start.Epoch+2] {
		t.Fatalf("two rotations should land in epochs %d and %d, got %v", start.Epoch+1, start.Epoch+2, epochs)
	}
	handshakes := 0
	events, _, err := d.Ledger.Events(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	perEpoch := map[uint64]int{}
	for _, e := range events {
		if e.Handshake != nil {
			handshakes++
			perEpoch[e.Handshake.Epoch]++
		}
	}
	for ep, n := range perEpoch {
		if n != 1 {
			t.Fatalf("epoch %d has %d handshakes on chain", ep, n)
		}
	}
	// Wrong or missing operator token.
	if _, err := clients[0].Rotate(ctx, "not-the-token"); err == nil || !strings.Contains(err.Error(), "operator token") {
		t.Fatalf("rotation without the token: %v", err)
	}
	var buf strings.Builder
	if err := RunGroupDemo(ctx, d, clients, users, &buf); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	g0, _ := clients[0].Group(ctx)
	g1, _ := clients[1].Group(ctx)
	if len(g0.Members) != 2 || g0.Epoch != g1.Epoch || g0.MLSEpoch != g1.MLSEpoch {
		t.Fatalf("after removal: node 0 %+v, node 1 %+v", g0, g1)
	}
	s0, _ := clients[0].Status(ctx)
	s1, _ := clients[1].Status(ctx)
	if s0.StateHash != s1.StateHash {
		t.Fatal("remaining members diverged")
	}
	if _, err := client.Connect(ctx, d.Info.Nodes[2], client.Options{Ledger: d.Ledger}); err == nil || !strings.Contains(err.Error(), "not a member") {
		t.Fatalf("connecting to the removed node: %v", err)
	}
}

// TestNodeRestart: a node stops while the others keep taking commands;
// restarted from its data directory, its enclave reopens its sealed state,
// catches up from the ledger and serves the same state as the others.
func TestNodeRestart(t *testing.T) {
	ctx, d, _ := startTestnet(t, Options{Nodes: 3})
	connect := func(i int) *client.Client {
		c, err := client.Connect(ctx, d.Info.Nodes[i], client.Options{Ledger: d.Ledger})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	users, _ := Users()
	c0 := connect(0)
	if _, err := c0.Command(ctx, users["alice"], "erc20", "init", map[string]string{"supply": "100"}); err != nil {
		t.Fatal(err)
	}
	identity := d.Nodes[2].Enclave().Identity()
	d.StopNode(2)
	bob := crypto.PubkeyToAddress(users["bob"].PublicKey)
	for range 3 {
		if _, err := c0.Command(ctx, users["alice"], "erc20", "transfer", amountTo{bob, "5"}); err != nil {
			t.Fatal(err)
		}
	}
	h, _ := connect(1).Group(ctx)
	if _, err := connect(1).Rotate(ctx, mustToken(t, d, 1)); err != nil {
		t.Fatal(err)
	}
	n, err := d.RestartNode(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if n.Enclave().Identity() != identity {
		t.Fatalf("restarted node has a new enclave %s, want %s restored", n.Enclave().Identity().Hex(), identity.Hex())
	}
	c2 := connect(2)
	got, err := readU256(ctx, c2, users["bob"], "balance", nil)
	if err != nil || got != "15" {
		t.Fatalf("restarted node: bob's balance %s (%v), want 15", got, err)
	}
	s0, _ := c0.Status(ctx)
	s2, _ := c2.Status(ctx)
	if s0.StateHash != s2.StateHash || s2.Epoch != h.Epoch+1 {
		t.Fatalf("restarted node diverged: %+v vs %+v", s2, s0)
	}
	// And it still takes commands after the restart.
	if _, err := c2.Command(ctx, users["bob"], "erc20", "transfer", amountTo{crypto.PubkeyToAddress(users["charlie"].PublicKey), "1"}); err != nil {
		t.Fatal(err)
	}
}

func mustToken(t *testing.T, d *Devnet, i int) string {
	tok, err := d.AdminToken(i)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestRotationPolicy: with RotateEvery 2, the designated member rotates the
// group key after every two commands, and commands keep flowing.
func TestRotationPolicy(t *testing.T) {
	ctx, _, clients := startTestnet(t, Options{Nodes: 2, RotateEvery: 2})
	c := clients[1]
	users, _ := Users()
	start, _ := c.Group(ctx)
	if _, err := c.Command(ctx, users["alice"], "erc20", "init", map[string]string{"supply": "10"}); err != nil {
		t.Fatal(err)
	}
	// Rotations run asynchronously to the commands (a member commits one
	// when it sees two commands in the epoch), so keep sending until two
	// rotations have landed; without the policy none ever would.
	burned := 0
	for {
		g, _ := c.Group(ctx)
		if g.MLSEpoch >= start.MLSEpoch+2 {
			break
		}
		if burned == 9 {
			t.Fatalf("%d commands with RotateEvery 2: MLS epoch %d, started at %d", burned+1, g.MLSEpoch, start.MLSEpoch)
		}
		if _, err := c.Command(ctx, users["alice"], "erc20", "burn", map[string]string{"amount": "1"}); err != nil {
			t.Fatal(err)
		}
		burned++
		time.Sleep(50 * time.Millisecond)
	}
	if got, err := readU256(ctx, c, users["alice"], "balance", nil); err != nil || got != fmt.Sprint(10-burned) {
		t.Fatalf("balance %s (%v), want %d", got, err, 10-burned)
	}
}

// startTestnet starts a devnet for a test and connects a pinned client to
// every node; everything stops when the test ends.
func startTestnet(t *testing.T, opts Options) (context.Context, *Devnet, []*client.Client) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a chain and nodes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	d, err := Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
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
	return ctx, d, clients
}
