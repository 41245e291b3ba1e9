package devnet

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/devnet/clique"
)

// TestCliqueWalkthrough runs the system on a real proof-of-authority chain:
// three geth processes, each a Clique sealer, peered on loopback; the
// contract deployed on it; three nodes, each on its own sealer's endpoint,
// each applying only blocks with two confirmations on top. The ERC-20
// walkthrough runs through the client path and every node agrees. Then
// one node's endpoint lies, serving forged events: its enclave, which
// verifies the chain, refuses them and catches up once the endpoint tells
// the truth. Then that node's endpoint goes away and comes back: it
// catches up and agrees.
// Then a sealer is killed (-9): the two others go on sealing, the node
// that used it moves to its second endpoint, and commands through it go
// on.
func TestCliqueWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three geth processes")
	}
	clique.RequireGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var keys []*ecdsa.PrivateKey
	var hexKeys []string
	var fund []common.Address
	for range 4 { // the governor and three nodes
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys, hexKeys, fund = append(keys, k), append(hexKeys, hexKey(k)), append(fund, crypto.PubkeyToAddress(k.PublicKey))
	}
	net, err := clique.Start(ctx, clique.Options{Dir: t.TempDir(), Sealers: 3, Fund: fund})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		net.Close()
		if t.Failed() {
			for _, s := range net.Sealers {
				if b, err := os.ReadFile(s.Dir + "/geth.log"); err == nil {
					t.Logf("sealer %d log (tail):\n%s", s.Index, tailString(b, 3000))
				}
			}
		}
	})
	s := net.Sealers
	// Each node on its own sealer; node 2's host knows a second endpoint.
	anchor, err := net.Anchor(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Node 1 reaches its sealer through a proxy that can lie.
	liar := newLyingProxy(t, s[1].RPC)
	d, err := Start(ctx, Options{Nodes: 3, RPC: s[0].RPC, NodeRPCs: []string{s[0].RPC, liar.URL, s[2].RPC + "," + s[0].RPC}, Keys: hexKeys, Confirmations: 2, Chain: &anchor})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range d.Nodes {
		if e := n.Enclave(); !e.VerifiesChain() {
			t.Fatalf("node %d's enclave believes its host; the first policy pins %s", i, anchor)
		}
	}
	t.Cleanup(func() { d.Close() })
	// What anonify node reads to default to 2 confirmations.
	if n, err := d.Ledger.CliqueSigners(ctx); err != nil || n != 3 {
		t.Fatalf("clique signers: %d, %v", n, err)
	}
	var clients []*client.Client
	for _, url := range d.Info.Nodes {
		c, err := client.Connect(ctx, url, client.Options{Ledger: d.Ledger})
		if err != nil {
			t.Fatal(err)
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
	agree(t, ctx, clients, 10)

	// Node 1's endpoint lies: it serves every receipt with the contract's
	// logs altered (forged events). Node 1's enclave checks receipts
	// against the sealed headers' receipt roots: it refuses them and
	// applies nothing, while the others go on. When the endpoint tells the
	// truth again, node 1 catches up and agrees.
	bob := crypto.PubkeyToAddress(users["bob"].PublicKey).Hex()
	liar.contract = d.Info.Contract
	liar.lie.Store(true)
	if _, err := clients[0].Command(ctx, users["alice"], "erc20", "transfer", map[string]string{"to": bob, "amount": "1"}); err != nil {
		t.Fatalf("a transfer while node 1's endpoint lies: %v", err)
	}
	agree(t, ctx, []*client.Client{clients[0], clients[2]}, 11)
	time.Sleep(3 * time.Second) // blocks on top of the transfer's reach node 1 too
	// Its API says it is catching up (503); its enclave applied nothing.
	if st := d.Nodes[1].Enclave().Status(); st.AppliedCommands != 10 {
		t.Fatalf("node 1 behind a lying endpoint applied %d commands, want 10 (not the forged ones)", st.AppliedCommands)
	}
	if liar.lies.Load() == 0 {
		t.Fatal("the proxy altered no receipt")
	}
	if m := metricsOf(t, ctx, d.Nodes[1].URL()); !strings.Contains(m, `anonify_ledger_errors_total{op="refused_block"}`) {
		t.Fatalf("node 1 counts no refused block:\n%s", m)
	}
	liar.lie.Store(false)
	agree(t, ctx, clients, 11)

	// Node 1's host is cut off from the chain (its only endpoint, sealer
	// 1, goes away): the others go on without it; when the endpoint comes
	// back (the sealer syncs the blocks it missed from its peers), node 1
	// catches up and agrees.
	s[1].Stop()
	if _, err := clients[0].Command(ctx, users["alice"], "erc20", "transfer", map[string]string{"to": bob, "amount": "1"}); err != nil {
		t.Fatalf("a transfer while node 1 is cut off: %v", err)
	}
	agree(t, ctx, []*client.Client{clients[0], clients[2]}, 12)
	if err := s[1].Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := net.Peer(ctx); err != nil {
		t.Fatal(err)
	}
	agree(t, ctx, clients, 12)

	// A sealer dies; the two others seal on (Clique lets a signer seal at
	// most one of every two consecutive blocks: two signers suffice), and
	// node 2, whose endpoint it was, moves to its second one.
	head, err := net.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s[2].Kill()
	if err := net.WaitBlocks(ctx, 4); err != nil {
		t.Fatalf("the chain stopped with sealer 2 killed: %v", err)
	}
	if _, err := clients[2].Command(ctx, users["alice"], "erc20", "transfer", map[string]string{"to": bob, "amount": "1"}); err != nil {
		t.Fatalf("a transfer after sealer 2 died (chain head was %d): %v", head, err)
	}
	agree(t, ctx, clients, 13)
}

// lyingProxy forwards JSON-RPC to an endpoint and, while lie is set,
// alters the data of the contract's logs in every eth_getBlockReceipts
// answer: the events it serves are forged.
type lyingProxy struct {
	*httptest.Server
	contract common.Address
	lie      atomic.Bool
	lies     atomic.Int64
}

func newLyingProxy(t *testing.T, target string) *lyingProxy {
	p := &lyingProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		resp, err := http.Post(target, "application/json", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		out, err := io.ReadAll(resp.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		if p.lie.Load() && bytes.Contains(body, []byte("eth_getBlockReceipts")) {
			out = p.forge(out)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	}))
	t.Cleanup(p.Close)
	return p
}

// forge flips the last byte of the data of each of the contract's logs.
func (p *lyingProxy) forge(answer []byte) []byte {
	var msg map[string]any
	if json.Unmarshal(answer, &msg) != nil {
		return answer
	}
	receipts, _ := msg["result"].([]any)
	for _, r := range receipts {
		logs, _ := r.(map[string]any)["logs"].([]any)
		for _, l := range logs {
			l := l.(map[string]any)
			addr, _ := l["address"].(string)
			data, _ := l["data"].(string)
			if !strings.EqualFold(addr, p.contract.Hex()) || len(data) < 4 {
				continue
			}
			last := "0"
			if data[len(data)-1] == '0' {
				last = "1"
			}
			l["data"] = data[:len(data)-1] + last
			p.lies.Add(1)
		}
	}
	forged, err := json.Marshal(msg)
	if err != nil {
		return answer
	}
	return forged
}

// metricsOf reads a node's /metrics.
func metricsOf(t *testing.T, ctx context.Context, url string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// agree waits until every node applied commands commands to the same state.
func agree(t *testing.T, ctx context.Context, clients []*client.Client, commands uint64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var hashes []common.Hash
		var applied []uint64
		same := true
		for _, c := range clients {
			s, err := c.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			hashes, applied = append(hashes, s.StateHash), append(applied, s.AppliedCommands)
			same = same && s.StateHash == hashes[0] && s.AppliedCommands == commands
		}
		if same {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nodes disagree: hashes %v applied %v (want %d commands)", hashes, applied, commands)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func tailString(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
