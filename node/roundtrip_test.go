package node_test

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// requestsByRoute reads node i's anonify_http_requests_total for the
// client API's two command routes, whatever the status code.
func requestsByRoute(t *testing.T, net *memNet, i int) (submits, statuses float64) {
	t.Helper()
	fams, _ := scrape(t, net.nodes[i].n.URL())
	for _, m := range fams["anonify_http_requests_total"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() != "route" {
				continue
			}
			switch l.GetValue() {
			case "POST /v1/requests":
				submits += m.GetCounter().GetValue()
			case "GET /v1/commands/{id}":
				statuses += m.GetCounter().GetValue()
			}
		}
	}
	return submits, statuses
}

// slowPosting makes each batch take d to reach the ledger, as a real
// chain's block time does.
func slowPosting(d time.Duration) memledger.Interceptor {
	return func(ctx context.Context, c memledger.Call, send func() error) error {
		if c.Method == "postCommands" {
			time.Sleep(d)
		}
		return send()
	}
}

// TestRoundTripsPerCommand: in steady state (the key's counter known to
// the client) a command costs its node one submit and one outcome
// request, whether commands of one key go one after another or many are
// in flight at once, and however long the ledger takes.
func TestRoundTripsPerCommand(t *testing.T) {
	net := newMemNet(t, 1)
	ctx := net.ctx
	// The SDK's defaults (its poll interval, its HTTP client's timeout),
	// spare connections closed before the node stops (TestOneKeyTwoNodes).
	hc := &http.Client{Timeout: 30 * time.Second}
	t.Cleanup(hc.CloseIdleConnections)
	c, err := client.Connect(ctx, net.nodes[0].n.URL(), client.Options{HTTP: hc, Ledger: net.chain.Account(common.Address{0x80})})
	if err != nil {
		t.Fatal(err)
	}
	alice, _ := userKey(t)
	bob, bobAddr := userKey(t)
	if _, err := c.Command(ctx, alice, erc20abi.Name, "init", initArgs(1000)); err != nil {
		t.Fatal(err)
	}
	sent := 0
	tests := []struct {
		name       string
		batchDelay time.Duration
		concurrent int
		commands   int
	}{
		{"one after another", 0, 1, 10},
		{"one after another, 300 ms per batch", 300 * time.Millisecond, 1, 5},
		{"20 in flight for one key", 0, 20, 20},
		{"20 in flight for one key, 300 ms per batch", 300 * time.Millisecond, 20, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.batchDelay > 0 {
				defer net.stage(0, slowPosting(tt.batchDelay))()
			}
			s0, g0 := requestsByRoute(t, net, 0)
			var wg sync.WaitGroup
			sem := make(chan struct{}, tt.concurrent)
			for range tt.commands {
				sem <- struct{}{}
				wg.Go(func() {
					defer func() { <-sem }()
					if _, err := c.Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 1)); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			sent += tt.commands
			s1, g1 := requestsByRoute(t, net, 0)
			perCommand := (s1 - s0 + g1 - g0) / float64(tt.commands)
			t.Logf("%d commands: %v submits and queries, %v status requests: %.2f requests per command", tt.commands, s1-s0, g1-g0, perCommand)
			if perCommand > 1 {
				t.Errorf("%.2f requests per command, want 1 (the submission, whose answer streams the outcome)", perCommand)
			}
		})
	}
	if b := balance(t, ctx, c, bob); b != fmt.Sprint(sent) {
		t.Fatalf("bob holds %s after %d transfers of 1", b, sent)
	}
}

// TestOneKeyTwoNodes: 20 commands of one key at once, half through each
// of two nodes, each through its own Client (each numbering the key's
// commands itself). The two streams are not ordered with each other, so
// some commands lose their counter to the other node's; each command
// still runs exactly once or is refused for its counter (the client
// sends one rejected on the ledger for its counter once more, with a
// fresh one), with a reason that says so, and the balances show exactly
// the commands that ran.
func TestOneKeyTwoNodes(t *testing.T) {
	net := newMemNet(t, 2)
	ctx := net.ctx
	alice, _ := userKey(t)
	bob, bobAddr := userKey(t)
	const supply = 1 << 21
	// Each command moves its own power of two: bob's balance names the
	// commands that ran, and a command run twice could not hide.
	type result struct {
		amount uint64
		out    *wire.Outcome
		err    error
	}
	results := make([]result, 20)
	// Each Client with an HTTP client of its own, whose spare connections
	// (dialled for a request that then found another free) are closed
	// before the nodes stop: a node's shutdown waits up to 5 s for a
	// connection that never carried a request.
	hc := &http.Client{Timeout: 30 * time.Second}
	t.Cleanup(hc.CloseIdleConnections)
	var clients []*client.Client
	for i := range net.nodes {
		c, err := client.Connect(ctx, net.nodes[i].n.URL(), client.Options{HTTP: hc, Ledger: net.chain.Account(common.Address{0x80})})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	if _, err := clients[0].Command(ctx, alice, erc20abi.Name, "init", initArgs(supply)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			amount := uint64(1) << i
			out, err := clients[i%2].Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, amount))
			results[i] = result{amount, out, err}
		})
	}
	wg.Wait()
	var ran, ordered, refused uint64
	for i, r := range results {
		var rej *client.Rejected
		switch {
		case r.err == nil && r.out.OK:
			ran += r.amount
			ordered++
		case errors.As(r.err, &rej) && strings.HasPrefix(rej.Reason, "bad counter: "):
			if r.out.Block != 0 {
				ordered++ // rejected on the ledger, behind a later counter
			} else {
				refused++ // refused at submission, twice
			}
		default:
			t.Errorf("command %d (via node %d): %+v %v, want applied or refused for its counter", i, i%2, r.out, r.err)
		}
	}
	// A command rejected on the ledger for its counter alone went out
	// again with a fresh one (client.Command): its first copy is on the
	// ledger too, unreported.
	onLedger := uint64(0)
	for i := range net.nodes {
		for _, e := range net.commandEvents(net.nodes[i].n.Enclave().Identity()) {
			onLedger += uint64(len(e.Ciphertexts))
		}
	}
	t.Logf("%d commands ran, %d were rejected on the ledger for their counter (twice), %d refused at submission; %d sent again after a rejection for the counter",
		bits.OnesCount64(ran), ordered-uint64(bits.OnesCount64(ran)), refused, onLedger-1-ordered)
	if ran == 0 {
		t.Errorf("no command ran")
	}
	if onLedger < 1+ordered || onLedger > 1+ordered+uint64(len(results)) {
		t.Errorf("%d commands on the ledger, %d reported ordered: a command went out more than twice", onLedger, 1+ordered)
	}
	net.agree(onLedger)
	for i := range net.nodes {
		a, b := balance(t, ctx, clients[i], alice), balance(t, ctx, clients[i], bob)
		if a != fmt.Sprint(supply-ran) || b != fmt.Sprint(ran) {
			t.Fatalf("node %d: alice %s bob %s, want %d and %d (the commands that reported success)", i, a, b, supply-ran, ran)
		}
	}
	// And the key goes on: the next command through either node runs.
	for i := range net.nodes {
		if _, err := clients[i].Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 1)); err != nil {
			t.Fatalf("the next command via node %d: %v", i, err)
		}
	}
}

// TestQueryReadsYourWrites: a query answers from the state as of the
// ledger's head when it arrives, even on a node that has not read the
// ledger since (here node 1, whose loop reads it once an hour): once
// node 0 gave a command's outcome, node 1's answers include it. The
// node does not wait for the head before taking a command (a chain call
// per command); it does before answering a query.
func TestQueryReadsYourWrites(t *testing.T) {
	net := newMemNet(t, 2)
	ctx := net.ctx
	net.configure = func(i int, cfg *node.Config) {
		if i == 1 {
			cfg.PollInterval = time.Hour
		}
	}
	net.stop(1)
	net.start(1)
	net.waitReady(1)
	alice, _ := userKey(t)
	_, bobAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatal(err)
	}
	if b := balance(t, ctx, net.client(1), alice); b != "100" {
		t.Fatalf("node 1 answered balance %s after node 0's init applied, want 100", b)
	}
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 1)); err != nil {
		t.Fatal(err)
	}
	if b := balance(t, ctx, net.client(1), alice); b != "99" {
		t.Fatalf("node 1 answered balance %s after node 0's transfer applied, want 99", b)
	}
}
