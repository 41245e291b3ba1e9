package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCLIAppPoll drives the generic client path as a user would, against
// `anonify devnet` with three nodes: `app list` shows the voting app as
// the enclave describes it (the CLI has no code for it), and a poll runs
// through `app call` and `app query`, each step on another node, with
// wallet names in address arguments, exit status 3 for the enclave's
// rejections and 2 for calls the description rules out. After the close
// every node prints the same tally and the same state hash.
func TestCLIAppPoll(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a devnet")
	}
	dir := t.TempDir()
	bin := buildAnonify(t, dir)
	netDir := filepath.Join(dir, "net")
	base := os.Environ()
	for _, v := range []string{"ANONIFY_NETWORK", "ANONIFY_NODE", "ANONIFY_DEV", "ANONIFY_HOME", "ANONIFY_PASSPHRASE"} {
		base = append(base, v+"=")
	}
	dn := startDaemon(t, bin, base, "devnet", "--dir", netDir, "--nodes", "3")
	infoPath := filepath.Join(netDir, "devnet.json")
	var info struct {
		RPC   string   `json:"rpc"`
		Nodes []string `json:"nodes"`
	}
	if err := json.Unmarshal(dn.waitFile(t, infoPath, 2*time.Minute), &info); err != nil {
		t.Fatal(err)
	}
	env := append(base, "ANONIFY_HOME="+filepath.Join(dir, "home"), "ANONIFY_PASSPHRASE=correct horse", "ANONIFY_NETWORK="+infoPath)

	step := 0
	// run executes anonify on the next node in turn.
	run := func(args ...string) (stdout, stderr string, code int) {
		t.Helper()
		step++
		cmd := exec.Command(bin, args...)
		cmd.Env = append(append([]string(nil), env...), "ANONIFY_NODE="+info.Nodes[step%len(info.Nodes)])
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(o.String()), strings.TrimSpace(e.String()), code
	}
	must := func(args ...string) string {
		t.Helper()
		out, errOut, code := run(args...)
		if code != 0 {
			t.Fatalf("anonify %s: exit %d: %s %s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}
	fails := func(wantCode int, want string, args ...string) string {
		t.Helper()
		out, errOut, code := run(args...)
		if code != wantCode || !strings.Contains(errOut, want) {
			t.Fatalf("anonify %s: exit %d %q, want exit %d saying %q", strings.Join(args, " "), code, errOut, wantCode, want)
		}
		return out
	}

	for _, u := range []string{"owner", "alice", "bob", "dave"} {
		must("wallet", "create", u)
	}
	list := must("app", "list")
	for _, want := range []string{
		"voting\n",
		"command  create(poll string, options string[], voters address[], close uint64)",
		"command  vote(poll string, option string)",
		"query    tally(poll string) {poll string, close uint64, voters uint64, ballots uint64, results {option string, votes uint64}[]}",
		"query    ballot(poll string)",
		"erc20\n",
		"command  transfer(to address, amount uint256)",
		"query    allowance(owner address?, spender address) uint256",
	} {
		if !strings.Contains(list, want) {
			t.Fatalf("app list lacks %q:\n%s", want, list)
		}
	}
	var described struct {
		Apps []struct {
			Name string `json:"name"`
		} `json:"apps"`
	}
	if err := json.Unmarshal([]byte(must("app", "list", "--json")), &described); err != nil || len(described.Apps) < 2 {
		t.Fatalf("app list --json: %+v %v", described, err)
	}

	var head struct {
		Result string `json:"result"`
	}
	if err := json.Unmarshal([]byte(rawRPC(t, info.RPC, `{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}`)), &head); err != nil {
		t.Fatal(err)
	}
	h, err := strconv.ParseUint(strings.TrimPrefix(head.Result, "0x"), 16, 64)
	if err != nil {
		t.Fatalf("eth_blockNumber: %q", head.Result)
	}
	closing := h + 12 // room for the four commands before the close

	// Wallet names stand for addresses in address[] fields.
	must("app", "call", "voting", "create", "--from", "owner", "--args",
		fmt.Sprintf(`{"poll":"lunch","options":["pizza","sushi"],"voters":["alice","bob"],"close":%d}`, closing))
	vote := func(who, option string) []string {
		return []string{"app", "call", "voting", "vote", "--from", who, "--args", `{"poll":"lunch","option":"` + option + `"}`}
	}
	must(vote("alice", "pizza")...)
	must(vote("bob", "sushi")...)
	must(vote("alice", "sushi")...) // a change of ballot
	fails(3, "not eligible", vote("dave", "pizza")...)
	lunch := []string{"--args", `{"poll":"lunch"}`}
	fails(3, "nobody may read the tally before the close", append([]string{"app", "query", "voting", "tally", "--from", "owner"}, lunch...)...)
	if got := must(append([]string{"app", "query", "voting", "ballot", "--from", "alice"}, lunch...)...); !strings.Contains(got, `"option": "sushi"`) {
		t.Fatalf("alice's ballot: %s", got)
	}

	// What the description rules out never reaches a node's enclave.
	fails(2, "voting.tally is a query: use anonify app query voting tally", append([]string{"app", "call", "voting", "tally", "--from", "alice"}, lunch...)...)
	fails(2, `app voting has no function "nope"`, "app", "call", "voting", "nope", "--from", "alice")
	fails(2, `the enclave has no app "nope"`, "app", "query", "nope", "x", "--from", "alice")
	fails(2, `takes no field "choice"`, "app", "call", "voting", "vote", "--from", "alice", "--args", `{"poll":"lunch","choice":"pizza"}`)
	fails(2, "not a JSON object", "app", "call", "voting", "vote", "--from", "alice", "--args", `pizza`)
	fails(2, "no such account", "app", "call", "voting", "add_voters", "--from", "owner", "--args", `{"poll":"lunch","voters":["zed"]}`)

	// Rejected commands are ordered too: dave's move the ledger on until
	// the poll has closed.
	for {
		out := fails(3, "not eligible", append(vote("dave", "pizza"), "--json")...)
		var outcome struct {
			Block uint64 `json:"block"`
		}
		if err := json.Unmarshal([]byte(out), &outcome); err != nil || outcome.Block == 0 {
			t.Fatalf("rejected command's --json outcome: %q %v", out, err)
		}
		if outcome.Block >= closing {
			break
		}
	}
	fails(3, "closed at block", vote("bob", "pizza")...)

	tallies := map[string]bool{}
	for range info.Nodes {
		tallies[must(append([]string{"app", "query", "voting", "tally", "--from", "bob"}, lunch...)...)] = true
	}
	if len(tallies) != 1 {
		t.Fatalf("nodes print different tallies: %v", tallies)
	}
	var tally struct {
		Ballots uint64 `json:"ballots"`
		Results []struct {
			Option string `json:"option"`
			Votes  uint64 `json:"votes"`
		} `json:"results"`
	}
	for s := range tallies {
		if err := json.Unmarshal([]byte(s), &tally); err != nil {
			t.Fatal(err)
		}
	}
	if tally.Ballots != 2 || len(tally.Results) != 2 || tally.Results[0].Votes != 0 || tally.Results[1].Votes != 2 {
		t.Fatalf("tally: %+v", tally)
	}
	hashes := map[string]bool{}
	for range info.Nodes {
		var st struct {
			StateHash string `json:"state_hash"`
		}
		if err := json.Unmarshal([]byte(must("status", "--json")), &st); err != nil {
			t.Fatal(err)
		}
		hashes[st.StateHash] = true
	}
	if len(hashes) != 1 {
		t.Fatalf("nodes report different state hashes: %v", hashes)
	}
}
