package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/cmd/internal/nodecmd"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// cliProcs runs the anonify binary as a user would, one process per command.
type cliProcs struct {
	t   *testing.T
	bin string
	env []string
}

// run returns stdout, stderr and the exit status.
func (c *cliProcs) run(extra []string, args ...string) (string, string, int) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Env = append(append([]string(nil), c.env...), extra...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatal(err)
	}
	return strings.TrimSpace(stdout.String()), strings.TrimSpace(stderr.String()), code
}

func (c *cliProcs) must(extra []string, args ...string) string {
	c.t.Helper()
	out, errOut, code := c.run(extra, args...)
	if code != 0 {
		c.t.Fatalf("anonify %s: exit %d: %s\n%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func newCLI(t *testing.T) (*cliProcs, string) {
	t.Helper()
	dir := t.TempDir()
	env := os.Environ()
	for _, v := range []string{"ANONIFY_NETWORK", "ANONIFY_NODE", "ANONIFY_RPC", "ANONIFY_CONTRACT", "ANONIFY_HOST_KEY", "ANONIFY_GOVERNOR_KEY", "ANONIFY_DEV"} {
		env = append(env, v+"=")
	}
	env = append(env, "ANONIFY_HOME="+filepath.Join(dir, "home"), "ANONIFY_PASSPHRASE=correct horse")
	return &cliProcs{t: t, bin: buildAnonify(t, dir), env: env}, dir
}

type devnetJSON struct {
	RPC      string   `json:"rpc"`
	Contract string   `json:"contract"`
	Nodes    []string `json:"nodes"`
}

func readDevnetJSON(t *testing.T, b []byte) devnetJSON {
	t.Helper()
	var info devnetJSON
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatalf("devnet.json: %v\n%s", err, b)
	}
	return info
}

// TestCLIDevnetResume: `anonify devnet --dir D` stopped (SIGTERM) and
// started again resumes the same network with its balances; so does one
// killed (SIGKILL), whose stale devnet.json the next start replaces. While
// a devnet runs, a second devnet on D, or a node on one of its node
// directories, is refused at once, naming the process that holds it. The
// development custodians in keys.json, which governance appointed at the
// first start, are the same keys and the same act after a resume.
func TestCLIDevnetResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs devnets")
	}
	c, dir := newCLI(t)
	netDir := filepath.Join(dir, "net")
	infoPath := filepath.Join(netDir, "devnet.json")
	pinned := []string{"ANONIFY_NETWORK=" + infoPath}
	at := func(info devnetJSON, i int) []string { return append(pinned, "ANONIFY_NODE="+info.Nodes[i]) }

	dn := startDaemon(t, c.bin, c.env, "devnet", "--dir", netDir, "--nodes", "2")
	info := readDevnetJSON(t, dn.waitFile(t, infoPath, 2*time.Minute))
	c.must(nil, "wallet", "create", "alice")
	c.must(nil, "wallet", "create", "bob")
	c.must(at(info, 0), "erc20", "init", "--from", "alice", "--supply", "100")
	c.must(at(info, 1), "erc20", "transfer", "--from", "alice", "--to", "bob", "--amount", "30")

	// One process per directory.
	pid := strconv.Itoa(dn.cmd.Process.Pid)
	_, errOut, code := c.run(nil, "devnet", "--dir", netDir)
	if code == 0 || !strings.Contains(errOut, "in use by process "+pid) {
		t.Fatalf("a second devnet on %s: exit %d: %s", netDir, code, errOut)
	}
	var keys struct {
		Spare      []string `json:"spare"`
		Custodians []struct {
			Public string `json:"public"`
		} `json:"custodians"`
		CustodianThreshold int `json:"custodian_threshold"`
	}
	kb, _ := os.ReadFile(filepath.Join(netDir, "keys.json"))
	json.Unmarshal(kb, &keys)
	custodians := func(kb []byte) {
		t.Helper()
		var want []string
		for _, c := range keys.Custodians {
			want = append(want, c.Public)
		}
		var shown struct {
			Version   uint64   `json:"version"`
			Threshold int      `json:"threshold"`
			Keys      []string `json:"keys"`
		}
		out := c.must(pinned, "recovery", "custodians", "--json")
		if err := json.Unmarshal([]byte(out), &shown); err != nil || len(want) != 3 || keys.CustodianThreshold != 2 ||
			shown.Version != 1 || shown.Threshold != 2 || strings.Join(shown.Keys, " ") != strings.Join(want, " ") {
			t.Fatalf("custodians in force: %s (%v); in keys.json: %s", out, err, kb)
		}
	}
	custodians(kb)
	hostKey := filepath.Join(dir, "host.key")
	os.WriteFile(hostKey, []byte(keys.Spare[0]), 0o600)
	_, errOut, code = c.run(pinned, "node", "--network", infoPath, "--host-key-file", hostKey, "--dir", filepath.Join(netDir, "node1"), "--listen", "127.0.0.1:0")
	if code == 0 || !strings.Contains(errOut, "in use by process "+pid) {
		t.Fatalf("a node on the devnet's node directory: exit %d: %s", code, errOut)
	}

	dn.stop(t)
	if _, err := os.Stat(infoPath); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("devnet.json after SIGTERM: %v", err)
	}
	balances := func(info devnetJSON, alice, bob string) {
		t.Helper()
		for i := range info.Nodes {
			for who, want := range map[string]string{"alice": alice, "bob": bob} {
				if got := c.must(at(info, i), "erc20", "balance", "--from", who); got != want {
					t.Fatalf("node %d: %s has %s, want %s", i, who, got, want)
				}
			}
		}
	}

	dn = startDaemon(t, c.bin, c.env, "devnet", "--dir", netDir)
	resumed := readDevnetJSON(t, dn.waitFile(t, infoPath, 2*time.Minute))
	if resumed.Contract != info.Contract || len(resumed.Nodes) != 2 {
		t.Fatalf("resumed %+v, created %+v", resumed, info)
	}
	if !strings.Contains(dn.out.String(), "resuming the devnet in "+netDir) {
		t.Fatalf("the devnet does not say it resumes:\n%s", dn.out.String())
	}
	balances(resumed, "70", "30")
	if again, _ := os.ReadFile(filepath.Join(netDir, "keys.json")); !bytes.Equal(again, kb) {
		t.Fatalf("keys.json changed when the devnet resumed:\n%s\nwas\n%s", again, kb)
	}
	custodians(kb)
	c.must(at(resumed, 0), "erc20", "transfer", "--from", "bob", "--to", "alice", "--amount", "5")

	// A crash: devnet.json stays behind, pointing at dead ports.
	dn.cmd.Process.Kill()
	<-dn.exited
	dn.exited <- nil
	stale, err := os.ReadFile(infoPath)
	if err != nil {
		t.Fatalf("a killed devnet left no devnet.json: %v", err)
	}
	dn = startDaemon(t, c.bin, c.env, "devnet", "--dir", netDir)
	var again devnetJSON
	for deadline := time.Now().Add(2 * time.Minute); ; {
		b := dn.waitFile(t, infoPath, 2*time.Minute)
		if !bytes.Equal(b, stale) {
			again = readDevnetJSON(t, b)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the stale devnet.json was never replaced:\n%s", dn.out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if again.Contract != info.Contract {
		t.Fatalf("after the crash: contract %s, was %s", again.Contract, info.Contract)
	}
	balances(again, "75", "25")
	dn.stop(t)
}

// breakingProxy forwards a node's client API except the outcome polls,
// whose connections it cuts: a client that loses its node while waiting.
func breakingProxy(t *testing.T, node string) *httptest.Server {
	target, err := url.Parse(node)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/commands/") {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		req, _ := http.NewRequestWithContext(r.Context(), r.Method, target.String()+r.URL.Path, r.Body)
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestCLIOutcomeUnknown: a command whose node is lost while the CLI waits
// exits 4 and prints its id; `anonify command status ID`, asked of
// another node, says what became of it (the sender and counter were
// noted, so nothing else is needed), and is final once it is.
func TestCLIOutcomeUnknown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a devnet")
	}
	c, dir := newCLI(t)
	netDir := filepath.Join(dir, "net")
	infoPath := filepath.Join(netDir, "devnet.json")
	dn := startDaemon(t, c.bin, c.env, "devnet", "--dir", netDir, "--nodes", "2")
	info := readDevnetJSON(t, dn.waitFile(t, infoPath, 2*time.Minute))
	pinned := []string{"ANONIFY_NETWORK=" + infoPath}
	node := func(u string) []string { return append(pinned, "ANONIFY_NODE="+u) }
	c.must(nil, "wallet", "create", "alice")
	bob := c.must(nil, "wallet", "create", "bob")
	c.must(node(info.Nodes[0]), "erc20", "init", "--from", "alice", "--supply", "100")

	proxy := breakingProxy(t, info.Nodes[0])
	out, errOut, code := c.run(node(proxy.URL), "erc20", "transfer", "--from", "alice", "--to", "bob", "--amount", "10")
	if code != 4 || !strings.HasPrefix(out, "submitted, outcome unknown: command 0x") || !strings.Contains(errOut, "anonify command status 0x") {
		t.Fatalf("transfer through a node lost while waiting: exit %d\n%s\n%s", code, out, errOut)
	}
	id := strings.Fields(strings.TrimPrefix(out, "submitted, outcome unknown: command "))[0]
	if _, err := os.Stat(filepath.Join(dir, "home", "commands", id+".json")); err != nil {
		t.Fatalf("no note of the command: %v", err)
	}

	status := c.must(node(info.Nodes[1]), "command", "status", id)
	if !strings.HasPrefix(status, "applied in block ") || !strings.Contains(status, id) {
		t.Fatalf("command status: %q", status)
	}
	if got := c.must(node(info.Nodes[1]), "erc20", "balance", "--from", "bob"); got != "10" {
		t.Fatalf("bob has %s, want 10 (applied once)", got)
	}
	// Final: the note is gone; asking again needs the sender.
	if _, _, code := c.run(node(info.Nodes[1]), "command", "status", id); code != 2 {
		t.Fatalf("status without a note or --from: exit %d", code)
	}
	var f wire.Fate
	if err := json.Unmarshal([]byte(c.must(node(info.Nodes[0]), "command", "status", id, "--from", "alice", "--json")), &f); err != nil || f.Status != wire.FateApplied || f.Counter != 2 {
		t.Fatalf("status --json: %+v %v", f, err)
	}
	// Someone else's command: unknown to them, exit 4 (and nothing learnt).
	if out, _, code := c.run(node(info.Nodes[0]), "command", "status", id, "--from", "bob", "--counter", "1"); code != 4 || !strings.Contains(out, "not ordered yet") {
		t.Fatalf("bob asking for alice's command: exit %d %q", code, out)
	}
	_ = bob
	dn.stop(t)
}

// TestKillNodeUnderLoad: an `anonify node` process is killed (SIGKILL)
// while clients send it transfers concurrently, and restarted on its data
// directory. No command reported applied is missing, none reported failed
// was applied, every command whose outcome was lost is decided exactly
// once, and every node agrees on the state afterwards.
func TestKillNodeUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary, runs a devnet and a node, kills the node")
	}
	c, dir := newCLI(t)
	netDir := filepath.Join(dir, "net")
	infoPath := filepath.Join(netDir, "devnet.json")
	dn := startDaemon(t, c.bin, c.env, "devnet", "--dir", netDir, "--nodes", "1")
	info := readDevnetJSON(t, dn.waitFile(t, infoPath, 2*time.Minute))
	var keys struct {
		Spare []string `json:"spare"`
	}
	kb, _ := os.ReadFile(filepath.Join(netDir, "keys.json"))
	if err := json.Unmarshal(kb, &keys); err != nil {
		t.Fatal(err)
	}
	hostKey := filepath.Join(dir, "host.key")
	os.WriteFile(hostKey, []byte(keys.Spare[0]), 0o600)
	nodeDir := filepath.Join(dir, "node")
	// The node reaches the chain through rpc, which can hold its
	// transactions back: the kill then finds commands the node accepted
	// and has not got onto the ledger.
	rpc := &stallingRPC{chain: info.RPC}
	rpcSrv := httptest.NewServer(rpc)
	defer rpcSrv.Close()
	startNode := func(listen string) (*daemon, string) {
		os.Remove(filepath.Join(nodeDir, "node.json"))
		nd := startDaemon(t, c.bin, c.env, "node", "--rpc", rpcSrv.URL, "--contract", info.Contract, "--host-key-file", hostKey, "--dir", nodeDir, "--listen", listen)
		var ni nodecmd.Info
		if err := json.Unmarshal(nd.waitFile(t, filepath.Join(nodeDir, "node.json"), time.Minute), &ni); err != nil {
			t.Fatal(err)
		}
		return nd, ni.URL
	}
	nd, nodeURL := startNode("127.0.0.1:0")

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	led, err := ethereum.Dial(ctx, info.RPC, common.HexToAddress(info.Contract), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	connect := func(u string) *client.Client {
		t.Helper()
		for {
			cl, err := client.Connect(ctx, u, client.Options{Ledger: led})
			if err == nil {
				return cl
			}
			if ctx.Err() != nil {
				t.Fatalf("connect to %s: %v", u, err)
			}
			time.Sleep(200 * time.Millisecond) // not admitted yet
		}
	}
	member := connect(info.Nodes[0])
	victim := connect(nodeURL)

	// Eight users with 1000 each; each sends 1 to a sink, one command at a
	// time, to the node that will be killed.
	owner, _ := crypto.GenerateKey()
	sink := common.Address{0x5e}
	if _, err := member.Command(ctx, owner, erc20abi.Name, "init", map[string]string{"supply": "100000"}); err != nil {
		t.Fatal(err)
	}
	const users = 8
	var keyOf [users]*ecdsa.PrivateKey
	for i := range keyOf {
		keyOf[i], _ = crypto.GenerateKey()
		if _, err := member.Command(ctx, owner, erc20abi.Name, "transfer", erc20abi.TransferArgs{To: crypto.PubkeyToAddress(keyOf[i].PublicKey), Amount: u256(1000)}); err != nil {
			t.Fatal(err)
		}
	}
	type report struct {
		applied []common.Hash
		lost    []*client.OutcomeUnknownError
		failed  int // refused or never sent: must not have run
	}
	reports := make([]report, users)
	var wg sync.WaitGroup
	var appliedTotal sync.WaitGroup
	appliedTotal.Add(4 * users) // kill once this many went through
	for u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := connect(nodeURL)
			r := &reports[u]
			for n := 0; ; n++ {
				out, err := cl.Command(ctx, keyOf[u], erc20abi.Name, "transfer", erc20abi.TransferArgs{To: sink, Amount: u256(1)})
				var lost *client.OutcomeUnknownError
				switch {
				case err == nil:
					r.applied = append(r.applied, out.ID)
					if n < 4 {
						appliedTotal.Done()
					}
					continue
				case errors.As(err, &lost):
					r.lost = append(r.lost, lost)
				default:
					r.failed++
				}
				for ; n < 4; n++ {
					appliedTotal.Done()
				}
				return // a careful user stops and finds out first
			}
		}()
	}
	appliedTotal.Wait()
	// The next batch the node posts never reaches the chain: the node
	// dies first, holding commands it answered 202 for.
	held := rpc.stall()
	select {
	case <-held:
	case <-time.After(30 * time.Second):
		t.Fatal("the node posted nothing while clients kept sending")
	}
	time.Sleep(100 * time.Millisecond) // more commands arrive meanwhile
	nd.cmd.Process.Kill()
	<-nd.exited
	nd.exited <- nil
	rpc.drop()
	wg.Wait()

	listen := strings.TrimPrefix(nodeURL, "http://")
	nd, _ = startNode(listen)
	restarted := time.Now()
	victim = connect(nodeURL)

	// Every command whose outcome was lost after the node took it is
	// decided, exactly once; one whose request may not have arrived is
	// decided or, never taken, still free to be sent.
	var applied, lostApplied, lostNever, failed int
	for u, r := range reports {
		applied += len(r.applied)
		failed += r.failed
		for _, id := range r.applied {
			for i, cl := range []*client.Client{member, victim} {
				if f, err := cl.Fate(ctx, keyOf[u], id); err != nil || f.Status != wire.FateApplied {
					t.Fatalf("user %d: command %s reported applied; node %d says %+v %v", u, id.Hex(), i, f, err)
				}
			}
		}
		for _, lost := range r.lost {
			for {
				f, err := member.Fate(ctx, keyOf[u], lost.ID)
				if err != nil {
					t.Fatal(err)
				}
				if f.Status == wire.FateApplied {
					lostApplied++
					break
				}
				if f.Status == wire.FateRejected {
					t.Fatalf("user %d: lost command %s rejected: %s", u, lost.ID.Hex(), f.Error)
				}
				if !lost.Accepted && f.Status == wire.FateUnknown && f.Account < lost.Counter {
					// Never taken, or taken and not ordered yet: wait a
					// little for the restarted node, then call it
					// never taken.
					if time.Since(restarted) > 20*time.Second {
						lostNever++
						break
					}
				}
				if time.Since(restarted) > time.Minute {
					t.Fatalf("user %d: lost command %s (accepted %v) not decided a minute after the restart: %+v", u, lost.ID.Hex(), lost.Accepted, f)
				}
				time.Sleep(200 * time.Millisecond)
			}
		}
	}
	t.Logf("%d applied, %d lost then applied, %d lost and never taken, %d failed at once", applied, lostApplied, lostNever, failed)

	// Balances: every applied command moved exactly 1, no failed one did.
	total := applied + lostApplied
	for {
		s0, err0 := member.Status(ctx)
		s1, err1 := victim.Status(ctx)
		if err0 == nil && err1 == nil && s0.StateHash == s1.StateHash && s0.AppliedCommands == s1.AppliedCommands {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("nodes disagree: %+v %v / %+v %v", s0, err0, s1, err1)
		}
		time.Sleep(200 * time.Millisecond)
	}
	sum := 0
	for u, r := range reports {
		raw, err := victim.Query(ctx, keyOf[u], erc20abi.Name, "balance", nil)
		if err != nil {
			t.Fatal(err)
		}
		var bal string
		json.Unmarshal(raw, &bal)
		spent := 1000 - atoi(t, bal)
		mine := len(r.applied)
		for _, lost := range r.lost {
			if f, _ := member.Fate(ctx, keyOf[u], lost.ID); f != nil && f.Status == wire.FateApplied {
				mine++
			}
		}
		if spent != mine {
			t.Fatalf("user %d spent %d, its applied commands %d", u, spent, mine)
		}
		sum += spent
	}
	if sum != total {
		t.Fatalf("%d spent in all, %d commands applied", sum, total)
	}
	nd.stop(t)
	dn.stop(t)
}

// stallingRPC forwards JSON-RPC to the chain; once stalled, it holds every
// transaction sent through it, and drop answers them with an error: they
// never reach the chain.
type stallingRPC struct {
	chain   string
	mu      sync.Mutex
	stalled bool
	held    chan struct{} // closed at the first transaction held
	release chan struct{}
}

func (p *stallingRPC) stall() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stalled, p.held, p.release = true, make(chan struct{}), make(chan struct{})
	return p.held
}

func (p *stallingRPC) drop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stalled = false
	close(p.release)
}

func (p *stallingRPC) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
	}
	if json.Unmarshal(body, &req) == nil && req.Method == "eth_sendRawTransaction" {
		p.mu.Lock()
		stalled, held, release := p.stalled, p.held, p.release
		if stalled {
			select {
			case <-held:
			default:
				close(held)
			}
		}
		p.mu.Unlock()
		if stalled {
			<-release
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"error":{"code":-32000,"message":"staged: never reached the chain"}}`, req.ID)
			return
		}
	}
	resp, err := http.Post(p.chain, "application/json", bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

func u256(n uint64) *uint256.Int { return uint256.NewInt(n) }
