package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
)

// TestCLIEndToEnd builds the anonify binary and drives it as a user would:
// `anonify devnet --dir` in one process (chain, contract, three nodes), and
// the wallet and erc20 commands as separate processes against different
// nodes, with the network pinned through devnet.json. It then stops the
// devnet with SIGTERM and checks it exits cleanly.
func TestCLIEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a devnet")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "anonify")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	netDir := filepath.Join(dir, "net")
	devnet := exec.Command(bin, "devnet", "--dir", netDir, "--nodes", "3")
	var devnetOut bytes.Buffer
	devnet.Stdout, devnet.Stderr = &devnetOut, &devnetOut
	if err := devnet.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- devnet.Wait() }()
	defer func() {
		devnet.Process.Kill()
		<-exited
	}()

	infoPath := filepath.Join(netDir, "devnet.json")
	var info struct {
		RPC      string   `json:"rpc"`
		ChainID  uint64   `json:"chain_id"`
		Contract string   `json:"contract"`
		Nodes    []string `json:"nodes"`
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if b, err := os.ReadFile(infoPath); err == nil {
			if err := json.Unmarshal(b, &info); err != nil {
				t.Fatalf("devnet.json: %v\n%s", err, b)
			}
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("devnet exited early: %v\n%s", err, devnetOut.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no devnet.json after 2 minutes\n%s", devnetOut.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(info.Nodes) != 3 || info.ChainID == 0 || !strings.HasPrefix(info.RPC, "http://127.0.0.1:") || len(info.Contract) != 42 {
		t.Fatalf("devnet.json: %+v", info)
	}

	// Ordinary Ethereum tooling can read the chain.
	rpcOut := rawRPC(t, info.RPC, `{"jsonrpc":"2.0","id":1,"method":"eth_getCode","params":["`+info.Contract+`","latest"]}`)
	if !strings.Contains(rpcOut, `"result":"0x6080`) {
		t.Fatalf("eth_getCode at the contract: %s", rpcOut)
	}

	home := filepath.Join(dir, "home")
	env := append(os.Environ(), "ANONIFY_HOME="+home, "ANONIFY_PASSPHRASE=correct horse", "ANONIFY_NETWORK="+infoPath)
	runEnv := func(extra []string, node int, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(append(append([]string(nil), env...), "ANONIFY_NODE="+info.Nodes[node%3]), extra...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(stdout.String() + stderr.String()), code
	}
	run := func(node int, args ...string) (string, int) {
		t.Helper()
		return runEnv(nil, node, args...)
	}
	mustEnv := func(extra []string, node int, args ...string) string {
		t.Helper()
		out, code := runEnv(extra, node, args...)
		if code != 0 {
			t.Fatalf("anonify %s (%s): exit %d: %s", strings.Join(args, " "), strings.Join(extra, " "), code, out)
		}
		return out
	}
	must := func(node int, args ...string) string {
		t.Helper()
		return mustEnv(nil, node, args...)
	}
	fails := func(node int, want string, args ...string) {
		t.Helper()
		out, code := run(node, args...)
		if code == 0 || !strings.Contains(out, want) {
			t.Fatalf("anonify %s: exit %d %q, want failure containing %q", strings.Join(args, " "), code, out, want)
		}
	}

	addrs := map[string]string{}
	for _, u := range []string{"alice", "bob", "charlie"} {
		addrs[u] = must(0, "wallet", "create", u)
		if !strings.HasPrefix(addrs[u], "0x") || len(addrs[u]) != 42 {
			t.Fatalf("wallet create printed %q", addrs[u])
		}
	}
	list := must(0, "wallet", "list")
	if !strings.Contains(list, "bob "+addrs["bob"]) {
		t.Fatalf("wallet list: %s", list)
	}

	// Governance appoints two auditors before any command: one of every
	// ERC-20 command, one of the commands naming charlie.
	kb, err := os.ReadFile(filepath.Join(netDir, "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	var keys struct {
		Governor string `json:"governor"`
	}
	if err := json.Unmarshal(kb, &keys); err != nil {
		t.Fatal(err)
	}
	govKey := filepath.Join(dir, "governor.key")
	if err := os.WriteFile(govKey, []byte(keys.Governor), 0o600); err != nil {
		t.Fatal(err)
	}
	allKey, charlieKey := filepath.Join(dir, "all.key"), filepath.Join(dir, "charlie.key")
	allPub := strings.Fields(must(0, "audit", "keygen", "--out", allKey))[0]
	charliePub := strings.Fields(must(0, "audit", "keygen", "--out", charlieKey))[0]
	fails(0, "unknown narrowing", "audit", "register", "--pubkey", allPub, "--scope", "erc20:who=me", "--key-file", govKey)
	if out := must(0, "audit", "register", "--pubkey", allPub, "--scope", "erc20", "--key-file", govKey); !strings.Contains(out, "executed") {
		t.Fatalf("audit register: %s", out)
	}
	must(0, "audit", "register", "--pubkey", charliePub, "--scope", "erc20:accounts="+addrs["charlie"], "--key-file", govKey)
	if out := must(0, "audit", "list"); !strings.Contains(out, allPub) || !strings.Contains(out, strings.ToLower(addrs["charlie"])) {
		t.Fatalf("audit list: %s", out)
	}

	must(0, "erc20", "init", "--from", "alice", "--supply", "100")
	must(1, "erc20", "transfer", "--from", "alice", "--to", "bob", "--amount", "30")
	fails(2, "insufficient balance", "erc20", "transfer", "--from", "bob", "--to", "charlie", "--amount", "110")
	must(0, "erc20", "approve", "--from", "alice", "--spender", "bob", "--amount", "30")
	must(1, "erc20", "transfer-from", "--from", "bob", "--owner", "alice", "--to", addrs["charlie"], "--amount", "20")
	must(2, "erc20", "mint", "--from", "alice", "--to", "bob", "--amount", "50")
	fails(0, "not the owner", "erc20", "mint", "--from", "bob", "--to", "bob", "--amount", "50")
	must(1, "erc20", "burn", "--from", "bob", "--amount", "20")
	must(2, "erc20", "transfer", "--from", "alice", "--to", "alice", "--amount", "10")
	fails(0, "already initialised", "erc20", "init", "--from", "alice", "--supply", "100")

	for node := 0; node < 3; node++ {
		for u, want := range map[string]string{"alice": "50", "bob": "60", "charlie": "20"} {
			if got := must(node, "erc20", "balance", "--from", u); got != want {
				t.Errorf("node %d: balance of %s = %q, want %s", node, u, got, want)
			}
		}
		if got := must(node, "erc20", "total-supply", "--from", "charlie"); got != "130" {
			t.Errorf("node %d: total supply %q", node, got)
		}
		if got := must(node, "erc20", "allowance", "--from", "alice", "--spender", "bob"); got != "10" {
			t.Errorf("node %d: allowance %q", node, got)
		}
	}

	// The auditors read the walkthrough from the chain alone, each its
	// scope: every command for the first, with the nodes' balances; the
	// two commands naming charlie for the second.
	var log string
	for deadline := time.Now().Add(time.Minute); ; {
		log = must(0, "audit", "log", "--key-file", allKey)
		if strings.Count(log, "\n")+1 >= 10 && !strings.Contains(log, "problem") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("audit log after a minute:\n%s", log)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, want := range []string{"erc20.init", "erc20.transfer_from", "rejected: insufficient balance", "rejected: not the owner", "erc20.burn"} {
		if !strings.Contains(log, want) {
			t.Fatalf("audit log lacks %q:\n%s", want, log)
		}
	}
	var state struct {
		Entries []struct {
			Slot  string          `json:"slot"`
			Key   json.RawMessage `json:"key"`
			Value json.RawMessage `json:"value"`
		} `json:"entries"`
		Problems []string `json:"problems"`
	}
	if err := json.Unmarshal([]byte(must(0, "audit", "state", "--key-file", allKey, "--json")), &state); err != nil || len(state.Problems) != 0 {
		t.Fatalf("audit state --json: %v %q", err, state.Problems)
	}
	got := map[string]string{}
	for _, e := range state.Entries {
		if e.Slot == "balance" {
			got[strings.ToLower(strings.Trim(string(e.Key), `"`))] = strings.Trim(string(e.Value), `"`)
		}
	}
	for u, want := range map[string]string{"alice": "50", "bob": "60", "charlie": "20"} {
		if got[strings.ToLower(addrs[u])] != want {
			t.Fatalf("the auditor's balance of %s: %q, want %s (%v)", u, got[strings.ToLower(addrs[u])], want, got)
		}
	}
	charlieLog := must(0, "audit", "log", "--key-file", charlieKey)
	if lines := strings.Split(charlieLog, "\n"); len(lines) != 2 || !strings.Contains(charlieLog, "erc20.transfer_from") || !strings.Contains(charlieLog, "insufficient balance") {
		t.Fatalf("charlie's auditor reads:\n%s", charlieLog)
	}
	if out := must(0, "audit", "state", "--key-file", charlieKey); strings.Contains(out, strings.ToLower(addrs["alice"])) || !strings.Contains(out, `= "20"`) {
		t.Fatalf("charlie's auditor's state shows more than charlie's entries:\n%s", out)
	}

	// Bad input: clear errors, nothing changes.
	fails(0, "no such account", "erc20", "transfer", "--from", "alice", "--to", "dave", "--amount", "1")
	fails(0, "not an unsigned 256-bit", "erc20", "transfer", "--from", "alice", "--to", "bob", "--amount", "-5")
	fails(0, "required flag", "erc20", "transfer", "--from", "alice", "--to", "bob")
	if got := must(0, "erc20", "balance", "--from", "alice"); got != "50" {
		t.Fatalf("balance changed by refused commands: %s", got)
	}

	// Unpinned (no devnet.json), the client refuses the devnet's simulated
	// enclaves, which any host could run with any code, and says what to
	// pass; --policy FILE pins a policy without the ledger, and --dev (or
	// ANONIFY_DEV=1) accepts them for development.
	unpinned := []string{"ANONIFY_NETWORK="}
	out, code := runEnv(unpinned, 0, "erc20", "balance", "--from", "alice")
	for _, want := range []string{"evidence proves nothing", "sim-insecure", "--network devnet.json", "--policy FILE", "--dev (or ANONIFY_DEV=1)"} {
		if code != 1 || !strings.Contains(out, want) {
			t.Fatalf("unpinned client: exit %d %q, want a refusal saying %q", code, out, want)
		}
	}
	if out := mustEnv(unpinned, 1, "status", "--dev"); !strings.Contains(out, "WARNING") || !strings.Contains(out, "INSECURE") {
		t.Fatalf("status --dev does not warn: %s", out)
	}
	var st struct {
		Member bool `json:"member"`
	}
	if err := json.Unmarshal([]byte(mustEnv(append(unpinned, "ANONIFY_DEV=1"), 2, "status", "--json")), &st); err != nil || !st.Member {
		t.Fatalf("status --json with ANONIFY_DEV=1: %+v %v", st, err)
	}
	var shown struct {
		Policy json.RawMessage `json:"policy"`
	}
	if err := json.Unmarshal([]byte(must(0, "attest", "policy", "show", "--json")), &shown); err != nil || len(shown.Policy) == 0 {
		t.Fatalf("attest policy show --json: %v", err)
	}
	policyFile := filepath.Join(dir, "policy.json")
	if err := os.WriteFile(policyFile, shown.Policy, 0o600); err != nil {
		t.Fatal(err)
	}
	if out := mustEnv(unpinned, 1, "erc20", "balance", "--from", "alice", "--policy", policyFile); strings.Split(out, "\n")[0] != "50" {
		t.Fatalf("balance with --policy: %q", out)
	}
	// A policy of the user's own that admits other code refuses the node.
	other, err := attest.DevPolicy(bytes.Repeat([]byte{0xee}, 48)).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	otherFile := filepath.Join(dir, "other-policy.json")
	if err := os.WriteFile(otherFile, other, 0o600); err != nil {
		t.Fatal(err)
	}
	out, code = runEnv(unpinned, 1, "erc20", "balance", "--from", "alice", "--policy", otherFile, "--dev")
	if code != 1 || !strings.Contains(out, "measurement not allowed") {
		t.Fatalf("--policy admitting other code: exit %d %q, want the node refused", code, out)
	}
	out, code = runEnv(unpinned, 1, "erc20", "balance", "--from", "alice", "--policy", filepath.Join(dir, "no-such-policy.json"))
	if code != 2 || !strings.Contains(out, "--policy") {
		t.Fatalf("missing --policy file: exit %d %q, want usage error", code, out)
	}

	// --json on a command and on status.
	var outcome struct {
		OK    bool   `json:"ok"`
		Block uint64 `json:"block"`
	}
	if err := json.Unmarshal([]byte(must(1, "erc20", "transfer", "--from", "alice", "--to", "bob", "--amount", "1", "--json")), &outcome); err != nil || !outcome.OK || outcome.Block == 0 {
		t.Fatalf("--json outcome: %+v %v", outcome, err)
	}
	hashes := map[string]bool{}
	for node := 0; node < 3; node++ {
		var st struct {
			StateHash string `json:"state_hash"`
			Applied   uint64 `json:"applied_commands"`
		}
		if err := json.Unmarshal([]byte(must(node, "status", "--json")), &st); err != nil {
			t.Fatal(err)
		}
		hashes[st.StateHash] = true
	}
	if len(hashes) != 1 {
		t.Fatalf("nodes report different state hashes: %v", hashes)
	}

	// Group: status, a rotation by node 1's operator, a transfer after it.
	var group struct {
		Epoch   uint64 `json:"epoch"`
		Members []struct {
			Identity string `json:"identity"`
			TEEKind  string `json:"tee_kind"`
		} `json:"members"`
	}
	if err := json.Unmarshal([]byte(must(0, "group", "status", "--json")), &group); err != nil || len(group.Members) != 3 || group.Members[0].TEEKind != "sim-insecure" {
		t.Fatalf("group status: %+v %v", group, err)
	}
	fails(1, "operator token", "group", "rotate")
	out = must(1, "group", "rotate", "--admin-token-file", filepath.Join(netDir, "node1", "admin.token"))
	if !strings.Contains(out, "rotate applied") {
		t.Fatalf("group rotate: %s", out)
	}
	must(2, "erc20", "transfer", "--from", "alice", "--to", "bob", "--amount", "1")
	if got := must(0, "erc20", "balance", "--from", "bob"); got != "62" {
		t.Fatalf("bob's balance after the rotation: %s", got)
	}

	if err := devnet.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	select {
	case err := <-exited:
		exited <- err
		if err != nil {
			t.Fatalf("devnet did not exit cleanly on SIGTERM: %v\n%s", err, devnetOut.String())
		}
	case <-ctx.Done():
		t.Fatal("devnet did not stop within 30s of SIGTERM")
	}
}

func rawRPC(t *testing.T, url, body string) string {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("JSON-RPC %s: %v", url, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
