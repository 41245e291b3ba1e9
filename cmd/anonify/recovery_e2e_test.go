package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/cmd/internal/nodecmd"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/recovery"
)

// TestCLIDisasterRecovery: a total loss, and k-of-n recovery to the same
// state, with real processes and the CLI throughout.
//
// The network: `anonify devnet --dir D --nodes 1` (the embedded chain, and
// governance's three development custodians, any two of which recover,
// from D/keys.json) and two `anonify node` processes, A and B, that its
// member admits. The devnet's own node runs inside the devnet process
// next to the embedded chain, which is the ledger and must outlive the
// loss: it cannot be killed alone. So governance expels it first, while A
// and B are alive; they remove it from the group key, and from then on it
// holds nothing of what follows (forward secrecy) and can post nothing.
// A and B are then the only members, and the users' commands run on them
// alone.
//
// The loss: A and B are killed (SIGKILL) and their data directories
// deleted. Nothing but the ledger holds the state. A fresh `anonify node
// --recover` follows the ledger and takes the latest checkpoint; one
// custodian's `anonify recovery release` does not rebuild the state (k-1),
// a second does, to the state hash A and B reported before the loss. A
// release to the expelled devnet node is refused. `anonify recovery found`
// refuses while A and B are live members; governance expels them, then
// founds the network with the recovered enclave (the devnet has one
// governor, threshold 1: each proposal executes at once), which becomes a
// member serving the same balances and takes a new transfer.
func TestCLIDisasterRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary, runs a devnet and three nodes, kills two")
	}
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, dir := newCLI(t)
	netDir := filepath.Join(dir, "net")
	infoPath := filepath.Join(netDir, "devnet.json")
	network := []string{"--network", infoPath}
	pinned := []string{"ANONIFY_NETWORK=" + infoPath}
	dn := startDaemon(t, c.bin, c.env, "devnet", "--dir", netDir, "--nodes", "1")
	info := readDevnetJSON(t, dn.waitFile(t, infoPath, 2*time.Minute))
	var keys struct {
		Governor   string   `json:"governor"`
		Spare      []string `json:"spare"`
		Custodians []struct {
			Private string `json:"private"`
			Public  string `json:"public"`
		} `json:"custodians"`
		CustodianThreshold int `json:"custodian_threshold"`
	}
	kb, err := os.ReadFile(filepath.Join(netDir, "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(kb, &keys); err != nil || len(keys.Spare) < 3 || len(keys.Custodians) != 3 || keys.CustodianThreshold != 2 {
		t.Fatalf("keys.json: %v\n%s", err, kb)
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	gov := write("governor.key", keys.Governor)
	var custodian []string
	for i, k := range keys.Custodians {
		custodian = append(custodian, write(fmt.Sprintf("custodian%d.key", i), k.Private))
	}
	chain, err := ethereum.Dial(ctx, info.RPC, common.HexToAddress(info.Contract), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer chain.Close()

	// Members A and B, anonify node processes.
	startNode := func(name, hostKey string, extra ...string) (*daemon, string, nodecmd.Info) {
		t.Helper()
		dataDir := filepath.Join(dir, name)
		args := append([]string{"node", "--network", infoPath, "--host-key-file", write(name+"-host.key", hostKey),
			"--dir", dataDir, "--listen", "127.0.0.1:0"}, extra...)
		d := startDaemon(t, c.bin, c.env, args...)
		var ni nodecmd.Info
		if err := json.Unmarshal(d.waitFile(t, filepath.Join(dataDir, "node.json"), time.Minute), &ni); err != nil {
			t.Fatal(err)
		}
		return d, dataDir, ni
	}
	a, aDir, aInfo := startNode("a", keys.Spare[0])
	b, bDir, bInfo := startNode("b", keys.Spare[1])
	waitMember(ctx, t, chain, aInfo.Identity, true, time.Minute)
	waitMember(ctx, t, chain, bInfo.Identity, true, time.Minute)
	t.Logf("%v: A and B are members", time.Since(began).Round(time.Millisecond))

	// The devnet's in-process node leaves: expelled, A or B removes it.
	var dn0 wire.NodeStatus
	if err := json.Unmarshal([]byte(c.must(pinned, "status", "--node", info.Nodes[0], "--json")), &dn0); err != nil {
		t.Fatal(err)
	}
	c.must(nil, append([]string{"attest", "policy", "expel", dn0.Identity.Hex(), "--key-file", gov}, network...)...)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		st, err := chain.State(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Members) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the expelled devnet node was not removed: members %v", st.Members)
		}
	}

	// Users, through the CLI, pinned to the network.
	atA, atB := append(pinned, "ANONIFY_NODE="+aInfo.URL), append(pinned, "ANONIFY_NODE="+bInfo.URL)
	c.must(nil, "wallet", "create", "alice")
	c.must(nil, "wallet", "create", "bob")
	c.must(atA, "erc20", "init", "--from", "alice", "--supply", "100")
	c.must(atB, "erc20", "transfer", "--from", "alice", "--to", "bob", "--amount", "30")
	// The lost members' state, as they report it; and the checkpoint of
	// their epoch whole on the ledger.
	var lost wire.NodeStatus
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var sa, sb wire.NodeStatus
		json.Unmarshal([]byte(c.must(atA, "status", "--json")), &sa)
		json.Unmarshal([]byte(c.must(atB, "status", "--json")), &sb)
		if sa.AppliedCommands == 2 && sb.AppliedCommands == 2 && sa.StateHash == sb.StateHash && checkpointWhole(ctx, t, chain) {
			lost = sa
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("A and B do not agree, or no whole checkpoint: %+v %+v", sa, sb)
		}
	}
	t.Logf("%v: state hash %s after %d commands; the loss", time.Since(began).Round(time.Millisecond), lost.StateHash.Hex(), lost.AppliedCommands)

	// TOTAL LOSS: every member's process killed, its data deleted.
	for _, n := range []struct {
		d   *daemon
		dir string
	}{{a, aDir}, {b, bDir}} {
		n.d.cmd.Process.Kill()
		n.d.exited <- <-n.d.exited // for the cleanup's wait
		if err := os.RemoveAll(n.dir); err != nil {
			t.Fatal(err)
		}
	}

	// A fresh node in recovery mode takes the latest checkpoint.
	r, _, rInfo := startNode("r", keys.Spare[2], "--recover")
	var s wire.RecoveryStatus
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		s = wire.RecoveryStatus{}
		json.Unmarshal([]byte(c.must(nil, "recovery", "status", "--node", rInfo.URL, "--json")), &s)
		if s.Manifest && s.Chunks > 0 && s.ChunksHave == s.Chunks {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the recovering node did not take the checkpoint: %+v\n%s", s, r.out.String())
		}
	}
	if !s.Recovering || s.Recovered || s.Threshold != 2 || len(s.Custodians) != 3 || s.Identity != rInfo.Identity {
		t.Fatalf("recovery status before any release: %+v", s)
	}
	text := c.must(nil, "recovery", "status", "--node", rInfo.URL)
	if !strings.Contains(text, "recovering  yes") || !strings.Contains(text, "releases    0 of the 2 needed, from 3 custodians:") {
		t.Fatalf("recovery status:\n%s", text)
	}

	// A release to the expelled devnet node is refused before anything
	// leaves the custodian.
	out, errOut, code := c.run(nil, append([]string{"recovery", "release", "--node", info.Nodes[0], "--key-file", custodian[1]}, network...)...)
	if code != 3 || !strings.Contains(errOut, "refusing to release: registration: governance expelled enclave "+dn0.Identity.Hex()) {
		t.Fatalf("a release to the expelled devnet node: exit %d\n%s\n%s", code, out, errOut)
	}

	// k-1 releases: nothing.
	out = c.must(nil, append([]string{"recovery", "release", "--node", rInfo.URL, "--key-file", custodian[0]}, network...)...)
	if !strings.Contains(out, "verified enclave "+rInfo.Identity.Hex()+" (sim-insecure)") || !strings.Contains(out, "releases: 1 of the 2 needed (3 custodians); not recovered yet") {
		t.Fatalf("the first release:\n%s", out)
	}
	t.Logf("anonify recovery release (custodian 0):\n%s", out)
	json.Unmarshal([]byte(c.must(nil, "recovery", "status", "--node", rInfo.URL, "--json")), &s)
	if s.Recovered || len(s.Released) != 1 || s.Released[0].String() != keys.Custodians[0].Public || s.StateHash != (common.Hash{}) {
		t.Fatalf("after one release: %+v", s)
	}
	if _, errOut, code := c.run(nil, append([]string{"recovery", "found", rInfo.Identity.Hex(), "--key-file", gov, "--node", rInfo.URL}, network...)...); code != 1 ||
		!strings.Contains(errOut, "has not rebuilt the state yet (1 of the 2 releases needed)") {
		t.Fatalf("found before the state is rebuilt: exit %d: %s", code, errOut)
	}

	// The k-th release: the lost members' state, exactly.
	var rel struct {
		Released bool                `json:"released"`
		Epoch    uint64              `json:"epoch"`
		TEEKind  string              `json:"tee_kind"`
		Insecure string              `json:"insecure"`
		Status   wire.RecoveryStatus `json:"status"`
	}
	out = c.must(nil, append([]string{"recovery", "release", "--node", rInfo.URL, "--key-file", custodian[2], "--json"}, network...)...)
	if err := json.Unmarshal([]byte(out), &rel); err != nil || !rel.Released || !rel.Status.Recovered || rel.Status.StateHash != lost.StateHash ||
		rel.Status.Applied != lost.AppliedCommands || rel.TEEKind != "sim-insecure" || rel.Insecure == "" {
		t.Fatalf("the second release: %v\n%s\nwant state hash %s", err, out, lost.StateHash.Hex())
	}
	text = c.must(nil, "recovery", "status", "--node", rInfo.URL)
	if !strings.Contains(text, "recovered   yes: state rebuilt from epoch") || !strings.Contains(text, lost.StateHash.Hex()) {
		t.Fatalf("recovery status once recovered:\n%s", text)
	}
	t.Logf("anonify recovery status:\n%s", text)
	t.Logf("%v: recovered", time.Since(began).Round(time.Millisecond))

	// Governance: A and B are live members until expelled.
	found := append([]string{"recovery", "found", rInfo.Identity.Hex(), "--key-file", gov, "--node", rInfo.URL}, network...)
	if _, errOut, code := c.run(nil, found...); code != 1 || !strings.Contains(errOut, "the network has 2 live member(s)") {
		t.Fatalf("found while A and B are members: exit %d: %s", code, errOut)
	}
	for _, id := range []common.Address{aInfo.Identity, bInfo.Identity} {
		c.must(nil, append([]string{"attest", "policy", "expel", id.Hex(), "--key-file", gov}, network...)...)
	}
	if out := c.must(nil, found...); !strings.Contains(out, "executed: "+rInfo.Identity.Hex()+" founded the network") {
		t.Fatalf("found:\n%s", out)
	} else {
		t.Logf("anonify recovery found:\n%s", out)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		text = c.must(nil, "recovery", "status", "--node", rInfo.URL)
		if strings.Contains(text, "recovering  no: a member of the network") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the recovered node is not a member:\n%s\n%s", text, r.out.String())
		}
	}

	// The same state, served by the recovered enclave to pinned clients.
	atR := append(pinned, "ANONIFY_NODE="+rInfo.URL)
	var now wire.NodeStatus
	json.Unmarshal([]byte(c.must(atR, "status", "--json")), &now)
	if !now.Member || now.StateHash != lost.StateHash || now.AppliedCommands != lost.AppliedCommands {
		t.Fatalf("the recovered node's status %+v; lost members' %+v", now, lost)
	}
	for who, want := range map[string]string{"alice": "70", "bob": "30"} {
		if got := c.must(atR, "erc20", "balance", "--from", who); got != want {
			t.Fatalf("after recovery %s has %s, want %s", who, got, want)
		}
	}
	c.must(atR, "erc20", "transfer", "--from", "bob", "--to", "alice", "--amount", "5")
	for who, want := range map[string]string{"alice": "75", "bob": "25"} {
		if got := c.must(atR, "erc20", "balance", "--from", who); got != want {
			t.Fatalf("after a new transfer %s has %s, want %s", who, got, want)
		}
	}
	t.Logf("%v: served again", time.Since(began).Round(time.Millisecond))
	r.stop(t)
	dn.stop(t)
}

// checkpointWhole reports whether the chain's current epoch has its
// checkpoint, dealing shares to three custodians: the manifest and every
// chunk.
func checkpointWhole(ctx context.Context, t *testing.T, chain *ethereum.Driver) bool {
	t.Helper()
	st, err := chain.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	events, err := chainEvents(ctx, chain)
	if err != nil {
		t.Fatal(err)
	}
	var m *recovery.Manifest
	chunks := map[uint32]bool{}
	for _, e := range events {
		switch {
		case e.Checkpoint != nil && e.Checkpoint.Epoch == st.Epoch:
			// The last one: a re-founding checkpoints its epoch again.
			if m, err = recovery.ParseManifest(e.Checkpoint.Manifest); err != nil {
				t.Fatal(err)
			}
			clear(chunks)
		case e.Chunk != nil && e.Chunk.Epoch == st.Epoch:
			chunks[e.Chunk.Index] = true
		}
	}
	return m != nil && len(m.Shares) == 3 && len(chunks) == int(m.Chunks)
}
