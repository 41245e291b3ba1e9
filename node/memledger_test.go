package node_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/anonify-go/anonify/assembly"
	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/tee"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// These tests run whole nodes (simulated enclaves assembled as the devnet
// assembles them, the client SDK over HTTP) on ledger/memledger instead of
// an embedded Ethereum chain: the contract's rules without its latency, so
// each test takes a fraction of a second. memledger's interceptors stage
// the ledger faults a host must survive.

const (
	memPoll    = 5 * time.Millisecond // node ledger polling
	memTimeout = 20 * time.Second     // a generous bound; the tests take far less
)

// measurement is the simulated platform's measurement of this test binary,
// computed once: sim.New hashes the executable when given none.
var measurement = sync.OnceValues(func() ([]byte, error) {
	p, err := sim.New(sim.Options{})
	if err != nil {
		return nil, err
	}
	return p.Measurement(), nil
})

// memNet is a network on one memledger chain: three governors, two of
// whom must sign each act, whose policy admits this binary on the
// simulated TEE, and nodes each sending from their own host account
// (without a key: a node's calls carry its enclave's signatures).
// Governance acts reach the enclaves with the governors' signatures,
// which each enclave checks against the genesis its evidence binds, so a
// founding here exercises the whole signed path.
type memNet struct {
	t     *testing.T
	ctx   context.Context
	chain *memledger.Chain
	gov   []*memledger.Account // each signing with its governor's key
	nodes []*memNode
	log   *slog.Logger
	// configure, when set, adjusts node i's configuration at each start.
	configure func(i int, cfg *node.Config)
}

const memThreshold = 2

// memNode is one node's process-like life: its data directory and host
// account outlive the node.Node, so it can be stopped and started again.
type memNode struct {
	dir    string
	host   common.Address
	faults atomic.Pointer[memledger.Interceptor] // the ledger faults staged now, if any
	lies   atomic.Pointer[memledger.EventFilter] // what the host makes of the ledger's events, if anything
	n      *node.Node
	cancel context.CancelFunc
	done   chan struct{}
	client *client.Client
	// keyless runs the node on a platform without a sealing key, as TDX
	// and Nitro are: its enclave's state lives only in memory.
	keyless bool
}

// keyless is a platform without a sealing key (tee.ErrNoSealingKey).
type keyless struct{ tee.Platform }

func (keyless) SealingKey() ([]byte, error) {
	return nil, tee.NoSealingKey("test platform: no sealing key, like TDX and Nitro")
}

// newMemNet starts nodes and founds the network. Each setup runs once the
// network's nodes exist and before any starts, to stage what they meet
// from their first step.
func newMemNet(t *testing.T, nodes int, setup ...func(net *memNet)) *memNet {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), memTimeout)
	t.Cleanup(cancel)
	m, err := measurement()
	if err != nil {
		t.Fatal(err)
	}
	policy, err := attest.DevPolicy(m).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var govKeys []*ecdsa.PrivateKey
	var governors []common.Address
	for range 3 {
		k, a := userKey(t)
		govKeys, governors = append(govKeys, k), append(governors, a)
	}
	chain, err := memledger.New(memledger.Config{Governors: governors, Threshold: memThreshold, Policy: policy})
	if err != nil {
		t.Fatal(err)
	}
	net := &memNet{t: t, ctx: ctx, chain: chain, log: slog.New(slog.DiscardHandler)}
	for _, k := range govKeys {
		net.gov = append(net.gov, chain.AccountKey(k))
	}
	if os.Getenv("ANONIFY_TEST_LOG") != "" {
		net.log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	for i := range nodes {
		net.nodes = append(net.nodes, &memNode{dir: t.TempDir(), host: common.Address{0x70, byte(i)}})
	}
	for _, f := range setup {
		f(net)
	}
	for i := range nodes {
		net.start(i)
	}
	// Governance founds the network with the first node's enclave; the
	// members admit the others through the ledger.
	founder := net.nodes[0].n.Enclave().Identity()
	if err := net.decide(func(g *memledger.Account) (uint64, error) { return g.ProposeFounder(ctx, founder) }); err != nil {
		t.Fatalf("found the network: %v", err)
	}
	for i := range net.nodes {
		net.waitReady(i)
	}
	return net
}

// decide has the first governor propose and the next ones approve until
// the threshold is reached, each signing with its own key.
func (net *memNet) decide(propose func(g *memledger.Account) (uint64, error)) error {
	id, err := propose(net.gov[0])
	if err != nil {
		return err
	}
	for _, g := range net.gov[1:memThreshold] {
		if err := g.Approve(net.ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// start starts node i on its data directory: a fresh enclave the first
// time, the sealed one after a stop.
func (net *memNet) start(i int) {
	t := net.t
	t.Helper()
	mn := net.nodes[i]
	m, err := measurement()
	if err != nil {
		t.Fatal(err)
	}
	var platform tee.Platform
	platform, err = sim.New(sim.Options{Measurement: m, StateDir: mn.dir})
	if err != nil {
		t.Fatal(err)
	}
	if mn.keyless {
		platform = keyless{platform}
	}
	// Every call goes through the node's current fault, if one is staged,
	// and every event through its host's lies.
	led := net.chain.Account(mn.host).WithInterceptor(func(ctx context.Context, c memledger.Call, send func() error) error {
		if f := mn.faults.Load(); f != nil {
			return (*f)(ctx, c, send)
		}
		return send()
	}).WithEventFilter(func(events []chainmsg.Event) []chainmsg.Event {
		if f := mn.lies.Load(); f != nil {
			return (*f)(events)
		}
		return events
	})
	// Assembled as the devnet and `anonify node` assemble theirs; only the
	// ledger differs.
	// The enclave's genesis comes from the ledger, as in production.
	cfg, err := assembly.NodeConfig(net.ctx, assembly.Node{
		Ledger: led, StartBlock: net.chain.DeployedAt(), Dir: mn.dir, Listen: "127.0.0.1:0",
		Platform: platform, Logger: net.log.With("node", i),
	})
	if err != nil {
		t.Fatalf("node %d: %v", i, err)
	}
	cfg.PollInterval = memPoll
	if net.configure != nil {
		net.configure(i, &cfg)
	}
	n, err := node.Start(net.ctx, cfg)
	if err != nil {
		t.Fatalf("node %d: %v", i, err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	mn.n, mn.cancel, mn.done, mn.client = n, cancel, make(chan struct{}), nil
	go func() {
		defer close(mn.done)
		defer led.Close()
		if err := n.Run(runCtx); err != nil {
			t.Errorf("node %d: Run: %v", i, err)
		}
	}()
	t.Cleanup(func() { net.stop(i) })
}

// stop stops node i as a shutdown would: Run returns after sealing the
// enclave's state into the data directory.
func (net *memNet) stop(i int) {
	mn := net.nodes[i]
	mn.cancel()
	<-mn.done
}

func (net *memNet) waitReady(i int) {
	net.t.Helper()
	select {
	case <-net.nodes[i].n.Ready():
	case <-net.ctx.Done():
		net.t.Fatalf("node %d did not join: %v", i, net.ctx.Err())
	}
}

// client connects to node i pinned to the network: the client checks on
// the ledger that the enclave is a member and passes the policy.
func (net *memNet) client(i int) *client.Client {
	net.t.Helper()
	mn := net.nodes[i]
	if mn.client == nil {
		c, err := client.Connect(net.ctx, mn.n.URL(), client.Options{Ledger: net.chain.Account(common.Address{0x80}), PollInterval: memPoll})
		if err != nil {
			net.t.Fatalf("connect to node %d: %v", i, err)
		}
		mn.client = c
	}
	return mn.client
}

// stage makes node i's ledger calls go through f until unstaged.
func (net *memNet) stage(i int, f memledger.Interceptor) (unstage func()) {
	net.nodes[i].faults.Store(&f)
	return func() { net.nodes[i].faults.Store(nil) }
}

// agree waits until every running node has applied commands commands
// and all report the same state hash, and returns it.
func (net *memNet) agree(commands uint64, nodes ...int) common.Hash {
	net.t.Helper()
	if nodes == nil {
		for i := range net.nodes {
			nodes = append(nodes, i)
		}
	}
	for {
		var hashes []common.Hash
		var applied []uint64
		for _, i := range nodes {
			s := net.nodes[i].n.Enclave().Status()
			hashes = append(hashes, s.StateHash)
			applied = append(applied, s.AppliedCommands)
		}
		same := true
		for k := range hashes {
			same = same && hashes[k] == hashes[0] && applied[k] == commands
		}
		if same {
			return hashes[0]
		}
		select {
		case <-net.ctx.Done():
			net.t.Fatalf("nodes %v disagree: applied %v, hashes %v (want %d commands)", nodes, applied, hashes, commands)
		case <-time.After(memPoll):
		}
	}
}

// commandEvents lists the Commands events on the ledger by enclave.
func (net *memNet) commandEvents(enclave common.Address) []*chainmsg.CommandsEvent {
	events, _ := net.chain.Events(0)
	var out []*chainmsg.CommandsEvent
	for _, e := range events {
		if e.Commands != nil && e.Commands.Enclave == enclave {
			out = append(out, e.Commands)
		}
	}
	return out
}

func userKey(t *testing.T) (*ecdsa.PrivateKey, common.Address) {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k, crypto.PubkeyToAddress(k.PublicKey)
}

// balance reads k's token balance through c.
func balance(t *testing.T, ctx context.Context, c *client.Client, k *ecdsa.PrivateKey) string {
	t.Helper()
	raw, err := c.Query(ctx, k, erc20abi.Name, "balance", nil)
	if err != nil {
		t.Fatalf("balance: %v", err)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("balance: malformed %s", raw)
	}
	return s
}

func initArgs(supply uint64) erc20abi.InitArgs {
	return erc20abi.InitArgs{Supply: uint256.NewInt(supply)}
}

func transferArgs(to common.Address, amount uint64) erc20abi.TransferArgs {
	return erc20abi.TransferArgs{To: to, Amount: uint256.NewInt(amount)}
}

// TestMemledgerAdmission: governance founds the network with one enclave;
// the members admit the two others through ledger handshakes, one per
// epoch; every node then sees the group the contract holds.
func TestMemledgerAdmission(t *testing.T) {
	net := newMemNet(t, 3)
	var ids []common.Address
	for _, mn := range net.nodes {
		ids = append(ids, mn.n.Enclave().Identity())
	}
	events, _ := net.chain.Events(net.chain.DeployedAt())
	var story []string
	members := []common.Address{}
	for _, e := range events {
		switch {
		case e.Registered != nil:
			story = append(story, "registered "+name(ids, e.Registered.Identity))
		case e.Founded != nil:
			story = append(story, "founded "+name(ids, e.Founded.Identity))
			members = append(members, e.Founded.Identity)
		case e.Handshake != nil:
			h := e.Handshake
			if !slices.Contains(members, h.Committer) || len(h.Adds) != 1 || len(h.Removes) != 0 {
				t.Fatalf("handshake of epoch %d by %s adds %v removes %v: want one admission by a member",
					h.Epoch, name(ids, h.Committer), names(ids, h.Adds), names(ids, h.Removes))
			}
			story = append(story, fmt.Sprintf("epoch %d admits", h.Epoch))
			members = append(members, h.Adds...)
		}
	}
	// Each node registers as it starts; governance founds with node 0;
	// whichever member is first admits each joiner.
	want := []string{"registered 0", "registered 1", "registered 2", "founded 0", "epoch 0 admits", "epoch 1 admits"}
	if fmt.Sprint(story) != fmt.Sprint(want) {
		t.Fatalf("ledger story:\n %q\nwant\n %q", story, want)
	}
	if st := net.chain.State(); st.Epoch != 2 || !slices.Equal(st.Members, members) ||
		!slices.Equal(slices.Sorted(slices.Values(names(ids, members))), []string{"0", "1", "2"}) {
		t.Fatalf("contract: epoch %d members %v; want epoch 2 and every node, in admission order %v", st.Epoch, st.Members, members)
	}
	for i, mn := range net.nodes {
		if s := mn.n.Enclave().Status(); !s.Member || !s.Joined || s.Epoch != 2 || s.Members != 3 {
			t.Fatalf("node %d: %+v", i, s)
		}
	}
	// A pinned client accepts every node: a member, within the policy.
	for i := range net.nodes {
		if c := net.client(i); !c.Pinned() {
			t.Fatalf("client of node %d is not pinned", i)
		}
	}
}

func name(ids []common.Address, a common.Address) string {
	if i := slices.Index(ids, a); i >= 0 {
		return fmt.Sprint(i)
	}
	return a.Hex()
}

func names(ids []common.Address, as []common.Address) []string {
	var out []string
	for _, a := range as {
		out = append(out, name(ids, a))
	}
	return out
}

// TestMemledgerERC20: commands sent to different nodes are applied on
// every node, which all end with the same state.
func TestMemledgerERC20(t *testing.T) {
	net := newMemNet(t, 3)
	ctx := net.ctx
	alice, _ := userKey(t)
	bob, bobAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatalf("init via node 0: %v", err)
	}
	if _, err := net.client(1).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 30)); err != nil {
		t.Fatalf("transfer via node 1: %v", err)
	}
	net.agree(2)
	for i := range net.nodes {
		if a, b := balance(t, ctx, net.client(i), alice), balance(t, ctx, net.client(i), bob); a != "70" || b != "30" {
			t.Fatalf("node %d: alice %s bob %s, want 70 30", i, a, b)
		}
	}
	// The ledger holds ciphertext only: not the JSON of a request, nor
	// bob's address in it.
	bobHex := []byte(strings.ToLower(bobAddr.Hex()[2:]))
	for _, mn := range net.nodes {
		for _, c := range net.commandEvents(mn.n.Enclave().Identity()) {
			for _, ct := range c.Ciphertexts {
				if json.Valid(ct) || bytes.Contains(bytes.ToLower(ct), bobHex) {
					t.Fatalf("a ciphertext on the ledger reads as plaintext")
				}
			}
		}
	}
}

// TestMemledgerBatchResend: a batch post fails; the node hands the batch
// back to the enclave (BatchFailed), which re-encrypts its commands into a
// later batch. Each command is applied exactly once, whether or not the
// failed post reached the chain.
func TestMemledgerBatchResend(t *testing.T) {
	lost := errors.New("memledger test: connection reset")
	tests := []struct {
		name string
		// fault is applied to the first batch the node posts after the
		// network is up.
		fault func(ctx context.Context, c memledger.Call, send func() error) error
		// landed: the failed post reached the chain anyway.
		landed bool
	}{
		{"dropped before the chain", func(ctx context.Context, c memledger.Call, send func() error) error { return lost }, false},
		{"landed, receipt lost", func(ctx context.Context, c memledger.Call, send func() error) error {
			if err := send(); err != nil {
				return err
			}
			return lost
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			net := newMemNet(t, 2)
			ctx := net.ctx
			me := net.nodes[1].n.Enclave().Identity()
			before := len(net.commandEvents(me))
			var posted []chainmsg.CommandBatch // the faulted post (guarded by mu)
			var mu sync.Mutex
			net.stage(1, func(ctx context.Context, c memledger.Call, send func() error) error {
				mu.Lock()
				defer mu.Unlock()
				if c.Commands == nil || len(posted) > 0 {
					return send()
				}
				posted = append(posted, *c.Commands)
				return tc.fault(ctx, c, send)
			})
			alice, _ := userKey(t)
			if _, err := net.client(1).Command(ctx, alice, erc20abi.Name, "init", initArgs(5)); err != nil {
				t.Fatalf("init via node 1: %v", err)
			}
			net.agree(1)
			mu.Lock()
			failed := slices.Clone(posted)
			mu.Unlock()
			if len(failed) != 1 {
				t.Fatalf("%d posts failed, want 1", len(failed))
			}
			got := net.commandEvents(me)[before:]
			// The dropped batch's sequence number is reused; a landed one
			// is not posted again (the node sees it on the ledger first).
			if len(got) != 1 || got[0].Seq != failed[0].Seq {
				t.Fatalf("node 1's batches on the ledger: %d, first seq %v; failed seq %d", len(got), seqs(got), failed[0].Seq)
			}
			if tc.landed != slices.EqualFunc(got[0].Ciphertexts, failed[0].Ciphertexts, func(a, b []byte) bool { return string(a) == string(b) }) {
				t.Fatalf("landed batch is the failed one: %v, want %v", !tc.landed, tc.landed)
			}
			if b := balance(t, ctx, net.client(0), alice); b != "5" {
				t.Fatalf("balance %s, want 5", b)
			}
		})
	}
}

func seqs(cs []*chainmsg.CommandsEvent) []uint64 {
	var out []uint64
	for _, c := range cs {
		out = append(out, c.Seq)
	}
	return out
}

// TestMemledgerEpochRebase: a member's rotation loses the epoch to another
// member's, which lands while the first is on its way (the contract
// answers ErrWrongEpoch); the loser rebases onto the winner and commits in
// the next epoch, and the group works on.
func TestMemledgerEpochRebase(t *testing.T) {
	net := newMemNet(t, 3)
	ctx := net.ctx
	start := net.chain.State().Epoch
	tok := func(i int) string {
		b, err := os.ReadFile(net.nodes[i].n.AdminTokenPath())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(b))
	}
	tok1, tok2 := tok(1), tok(2)
	c2 := net.client(2)
	var (
		mu     sync.Mutex
		raced  bool
		answer error // what the contract answered node 1's first post
	)
	net.stage(1, func(ctx context.Context, c memledger.Call, send func() error) error {
		mu.Lock()
		first := c.Handshake != nil && !raced
		raced = raced || first
		mu.Unlock()
		if !first {
			return send()
		}
		// Node 2 commits first, while node 1's handshake is in flight.
		if _, err := c2.Rotate(ctx, tok2); err != nil {
			return fmt.Errorf("memledger test: node 2's rotation: %w", err)
		}
		err := send()
		mu.Lock()
		answer = err
		mu.Unlock()
		return err
	})
	r, err := net.client(1).Rotate(ctx, tok1)
	if err != nil {
		t.Fatalf("rotation via node 1: %v", err)
	}
	mu.Lock()
	loss := answer
	mu.Unlock()
	var we *ledger.WrongEpochError
	if !errors.As(loss, &we) || we.Current != start+1 || we.Got != start {
		t.Fatalf("node 1's first post: %v, want *ledger.WrongEpochError{%d, %d}", loss, start+1, start)
	}
	if r.Epoch != start+2 {
		t.Fatalf("node 1's rotation landed in epoch %d, want %d", r.Epoch-1, start+1)
	}
	events, _ := net.chain.Events(0)
	var committers []common.Address
	for _, e := range events {
		if e.Handshake != nil && e.Handshake.Epoch >= start {
			committers = append(committers, e.Handshake.Committer)
		}
	}
	want := []common.Address{net.nodes[2].n.Enclave().Identity(), net.nodes[1].n.Enclave().Identity()}
	if !slices.Equal(committers, want) {
		t.Fatalf("handshakes since epoch %d by %v, want node 2 then node 1 %v", start, committers, want)
	}
	// Everyone moved on together: a command lands and applies everywhere.
	alice, _ := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(7)); err != nil {
		t.Fatalf("init after the rebase: %v", err)
	}
	net.agree(1)
	for i, mn := range net.nodes {
		if s := mn.n.Enclave().Status(); s.Epoch != start+2 {
			t.Fatalf("node %d at epoch %d, want %d", i, s.Epoch, start+2)
		}
	}
}

// TestMemledgerSequenceResync: the node's batch is consumed on chain by
// someone else's transaction, so its own post gets ErrBadSequence; the
// node resynchronises with the ledger (the batch is there) and carries on
// at the contract's next sequence number, applying each command once.
func TestMemledgerSequenceResync(t *testing.T) {
	tests := []struct {
		name  string
		fault func(net *memNet) memledger.Interceptor
	}{
		{"another host relays the batch first", func(net *memNet) memledger.Interceptor {
			relay := net.chain.Account(common.Address{0x99})
			return func(ctx context.Context, c memledger.Call, send func() error) error {
				if err := relay.PostCommands(ctx, *c.Commands); err != nil {
					return fmt.Errorf("memledger test: relay: %w", err)
				}
				return send()
			}
		}},
		{"transaction duplicated, the reverted copy's receipt reported", func(*memNet) memledger.Interceptor {
			return func(ctx context.Context, c memledger.Call, send func() error) error {
				if err := send(); err != nil {
					return err
				}
				return send()
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			net := newMemNet(t, 2)
			ctx := net.ctx
			me := net.nodes[0].n.Enclave().Identity()
			fault := tc.fault(net)
			var answers []error // the contract's answers to the faulted post (guarded by mu)
			var mu sync.Mutex
			net.stage(0, func(ctx context.Context, c memledger.Call, send func() error) error {
				mu.Lock()
				defer mu.Unlock()
				if c.Commands == nil || len(answers) > 0 {
					return send()
				}
				err := fault(ctx, c, send)
				answers = append(answers, err)
				return err
			})
			alice, _ := userKey(t)
			_, bobAddr := userKey(t)
			c := net.client(0)
			if _, err := c.Command(ctx, alice, erc20abi.Name, "init", initArgs(10)); err != nil {
				t.Fatalf("init: %v", err)
			}
			if _, err := c.Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 4)); err != nil {
				t.Fatalf("transfer after the resync: %v", err)
			}
			net.agree(2)
			mu.Lock()
			errs := slices.Clone(answers)
			mu.Unlock()
			var bs *ledger.BadSequenceError
			if len(errs) != 1 || !errors.As(errs[0], &bs) {
				t.Fatalf("faulted posts: %v, want one *ledger.BadSequenceError", errs)
			}
			// Sequences on the ledger run without gap or repeat, and the
			// contract expects the next one.
			got := seqs(net.commandEvents(me))
			for k, s := range got {
				if s != uint64(k) {
					t.Fatalf("node 0's sequences on the ledger: %v", got)
				}
			}
			if next := net.chain.NextSeq(me); next != uint64(len(got)) {
				t.Fatalf("NextSeq = %d after sequences %v", next, got)
			}
			if b := balance(t, ctx, net.client(1), alice); b != "6" {
				t.Fatalf("alice's balance on node 1: %s, want 6", b)
			}
		})
	}
}

// TestMemledgerRestart: a node stops (sealing its state), misses commands,
// and starts again on the same data directory: the same enclave comes
// back from the sealed blob, catches up from the ledger and agrees with
// the others.
func TestMemledgerRestart(t *testing.T) {
	net := newMemNet(t, 3)
	ctx := net.ctx
	alice, _ := userKey(t)
	_, bobAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(50)); err != nil {
		t.Fatal(err)
	}
	net.agree(1)
	id := net.nodes[2].n.Enclave().Identity()
	registered := len(registrations(net))
	net.stop(2)
	if _, err := os.Stat(filepath.Join(net.nodes[2].dir, "enclave.sealed")); err != nil {
		t.Fatalf("no sealed state after stop: %v", err)
	}

	// Commands while node 2 is down. (One client: two clients taking
	// turns with one key may see a command rejected for its counter and
	// sent again, an extra command to count.)
	for range 3 {
		if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 1)); err != nil {
			t.Fatal(err)
		}
	}
	net.agree(4, 0, 1)

	net.start(2)
	net.waitReady(2)
	if got := net.nodes[2].n.Enclave().Identity(); got != id {
		t.Fatalf("restarted node runs enclave %s, want the sealed %s", got, id)
	}
	if len(registrations(net)) != registered {
		t.Fatal("the restarted node registered again")
	}
	h := net.agree(4)
	if b := balance(t, ctx, net.client(2), alice); b != "47" {
		t.Fatalf("alice's balance on the restarted node: %s, want 47", b)
	}
	// It serves and its commands land like anyone's.
	if _, err := net.client(2).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 1)); err != nil {
		t.Fatal(err)
	}
	if net.agree(5) == h {
		t.Fatal("state hash did not move")
	}
}

func registrations(net *memNet) []common.Address {
	events, _ := net.chain.Events(0)
	var out []common.Address
	for _, e := range events {
		if e.Registered != nil {
			out = append(out, e.Registered.Identity)
		}
	}
	return out
}

// TestMemledgerExpel: governance expels a node's enclave; the members
// commit its removal (the contract accepts no other), and the group works
// on without it.
func TestMemledgerExpel(t *testing.T) {
	net := newMemNet(t, 3)
	ctx := net.ctx
	alice, _ := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(9)); err != nil {
		t.Fatal(err)
	}
	net.agree(1)
	start := net.chain.State().Epoch
	out := net.nodes[2].n.Enclave().Identity()
	if err := net.decide(func(g *memledger.Account) (uint64, error) { return g.ProposeExpel(ctx, out) }); err != nil {
		t.Fatalf("expel node 2: %v", err)
	}
	for slices.Contains(net.chain.State().Members, out) {
		select {
		case <-ctx.Done():
			t.Fatalf("the expelled enclave is still a member: %v", net.chain.State().Members)
		case <-time.After(memPoll):
		}
	}
	// One removal, by a remaining member, in the epoch after the founding
	// and admissions.
	events, _ := net.chain.Events(0)
	var removals []*chainmsg.HandshakeEvent
	for _, e := range events {
		if e.Handshake != nil && len(e.Handshake.Removes) > 0 {
			removals = append(removals, e.Handshake)
		}
	}
	ids := []common.Address{net.nodes[0].n.Enclave().Identity(), net.nodes[1].n.Enclave().Identity(), out}
	if len(removals) != 1 || removals[0].Epoch != start || !slices.Equal(removals[0].Removes, []common.Address{out}) ||
		!slices.Contains(ids[:2], removals[0].Committer) {
		t.Fatalf("removals on the ledger: %+v; want one of node 2 by node 0 or 1 in epoch %d", removals, start)
	}
	if !net.chain.Expelled(out) || !net.chain.WasRemoved(out) || net.chain.LiveMembers() != 2 {
		t.Fatalf("contract: expelled %v, removed %v, live members %d", net.chain.Expelled(out), net.chain.WasRemoved(out), net.chain.LiveMembers())
	}
	// The others move on together without it.
	if _, err := net.client(1).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(common.Address{7}, 2)); err != nil {
		t.Fatalf("transfer after the expulsion: %v", err)
	}
	net.agree(2, 0, 1)
	for i := range 2 {
		if s := net.nodes[i].n.Enclave().Status(); !s.Member || s.Members != 2 || s.Epoch != start+1 {
			t.Fatalf("node %d: %+v", i, s)
		}
	}
	if s := net.nodes[2].n.Enclave().Status(); s.Member {
		t.Fatalf("the expelled node still counts itself a member: %+v", s)
	}
}

// TestMemledgerForgedFounding: node 1's host shows its enclave a founding
// of its own before governance founds the network. The enclave checks the
// governors' signatures against its genesis and refuses it, then follows
// the real founding, is admitted and agrees with the others: had it
// believed the lie, it would hold a group of its own and count the real
// founding as a replay.
func TestMemledgerForgedFounding(t *testing.T) {
	stranger, _ := userKey(t)
	tests := []struct {
		name string
		// sigs signs digest, the founder act that names node 1.
		sigs func(net *memNet, digest common.Hash) [][]byte
	}{
		{"signed by non-governors", func(net *memNet, d common.Hash) [][]byte {
			return [][]byte{sign(t, d, stranger), sign(t, d, stranger)}
		}},
		{"one governor's signature, two needed", func(net *memNet, d common.Hash) [][]byte {
			return [][]byte{sign(t, d, net.gov[0].Key())}
		}},
		{"one governor's signature twice", func(net *memNet, d common.Hash) [][]byte {
			return [][]byte{sign(t, d, net.gov[0].Key()), sign(t, d, net.gov[0].Key())}
		}},
		{"no signatures", func(*memNet, common.Hash) [][]byte { return nil }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var forged atomic.Bool
			net := newMemNet(t, 2, func(net *memNet) {
				// The host knows its enclave's identity from the
				// registration it relays.
				var me atomic.Pointer[common.Address]
				net.stage(1, func(ctx context.Context, c memledger.Call, send func() error) error {
					if c.Registration != nil {
						me.Store(&c.Registration.Identity)
					}
					return send()
				})
				// Right after the enclave's registration: before the real
				// founding, so that a believed lie would take founding 0.
				lie := memledger.EventFilter(func(events []chainmsg.Event) []chainmsg.Event {
					var out []chainmsg.Event
					for _, e := range events {
						out = append(out, e)
						id := me.Load()
						if e.Registered == nil || id == nil || e.Registered.Identity != *id {
							continue
						}
						d := chainmsg.GovernanceDigest(net.chain.ChainID(), net.chain.Contract(), chainmsg.ActFounder, 0, chainmsg.AddressPayload(*id))
						fake := chainmsg.Event{Position: chainmsg.Position{Block: e.Block, Index: e.Index + 1}, TxHash: e.TxHash,
							Founded: &chainmsg.FoundedEvent{Identity: *id, Nonce: 0, Sigs: tc.sigs(net, d)}}
						out = append(out, fake)
						forged.Store(true)
					}
					return out
				})
				net.nodes[1].lies.Store(&lie)
			})
			if !forged.Load() {
				t.Fatal("the forged founding was never shown")
			}
			alice, _ := userKey(t)
			if _, err := net.client(1).Command(net.ctx, alice, erc20abi.Name, "init", initArgs(3)); err != nil {
				t.Fatalf("init via node 1: %v", err)
			}
			net.agree(1)
			if st := net.chain.State(); !slices.Equal(st.Members, []common.Address{net.nodes[0].n.Enclave().Identity(), net.nodes[1].n.Enclave().Identity()}) {
				t.Fatalf("members %v, want node 0 (the founder) then node 1", st.Members)
			}
			if s := net.nodes[1].n.Enclave().Status(); !s.Joined || s.Members != 2 {
				t.Fatalf("node 1: %+v", s)
			}
		})
	}
}

func sign(t *testing.T, d common.Hash, k *ecdsa.PrivateKey) []byte {
	t.Helper()
	sig, err := chainmsg.Sign(d, k)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// TestMemledgerCatchUp: a node that was down while many blocks went by
// reads the ledger one window at a time, logs its progress and, once
// caught up, agrees with the others.
func TestMemledgerCatchUp(t *testing.T) {
	net := newMemNet(t, 2)
	ctx := net.ctx
	alice, _ := userKey(t)
	_, bobAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatal(err)
	}
	net.agree(1)
	net.stop(1)
	const missed = 12
	for range missed {
		if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 1)); err != nil {
			t.Fatal(err)
		}
	}
	net.chain.SetEventWindow(2)
	var logs syncBuffer
	net.log = slog.New(slog.NewTextHandler(&logs, nil))
	net.start(1)
	net.waitReady(1)
	net.agree(1 + missed)
	// The summary comes with the first read that is not a full window,
	// which may be the node's next step.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "caught up with the ledger") && time.Now().Before(deadline) {
		time.Sleep(memPoll)
	}
	out := logs.String()
	if !strings.Contains(out, "catching up with the ledger") || !strings.Contains(out, "blocks_left=") || !strings.Contains(out, "caught up with the ledger") {
		t.Fatalf("no catch-up progress in the restarted node's log:\n%s", out)
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestMemledgerSlowPost: a node's batch goes out but its post does not
// return (its transaction's block does not come: its chain endpoint is cut
// off from the sealers, say). While its loop waits, the node still reads
// the ledger for the requests it serves: a query through it answers at
// once, with what another node applied meanwhile, rather than wait for
// the post (and fail as "catching up" after 15 s).
func TestMemledgerSlowPost(t *testing.T) {
	net := newMemNet(t, 2)
	ctx := net.ctx
	alice, _ := userKey(t)
	bob, bobAddr := userKey(t)
	_, carolAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatal(err)
	}
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 10)); err != nil {
		t.Fatal(err)
	}
	net.agree(2)
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	net.stage(1, func(ctx context.Context, c memledger.Call, send func() error) error {
		first := false
		once.Do(func() { first = c.Commands != nil })
		if !first {
			return send()
		}
		err := send() // it lands; its receipt is slow
		close(held)
		select {
		case <-release:
		case <-ctx.Done():
		}
		return err
	})
	if _, _, err := net.client(1).Submit(ctx, alice, erc20abi.Name, "transfer", transferArgs(carolAddr, 1)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-held:
	case <-ctx.Done():
		t.Fatal("node 1 posted no batch")
	}
	if _, err := net.client(0).Command(ctx, bob, erc20abi.Name, "transfer", transferArgs(carolAddr, 1)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if b := balance(t, ctx, net.client(1), bob); b != "9" {
		t.Errorf("bob's balance through node 1 while its post hangs: %s, want 9", b)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("a query through node 1 took %v while its post hung", d)
	}
	close(release)
	net.agree(4)
}
