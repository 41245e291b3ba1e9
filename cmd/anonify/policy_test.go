package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/anonify-go/anonify/assembly"
	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/devnet"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/tee/sim"
)

// runAttest runs `anonify attest ARGS` in process and returns its stdout
// and error.
func runAttest(args ...string) (string, error) {
	cmd := attestCmd()
	var out bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	return out.String(), err
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func keyFile(t *testing.T, dir, name string, k *ecdsa.PrivateKey) string {
	return writeFile(t, dir, name, fmt.Sprintf("0x%x\n", crypto.FromECDSA(k)))
}

// TestPolicyUsage checks the refusals that need no chain: every bad policy
// file, id or missing setting exits 2 with the exact reason.
func TestPolicyUsage(t *testing.T) {
	clearChainEnv(t)
	dir := t.TempDir()
	m := strings.Repeat("ab", 48)
	prodSim := writeFile(t, dir, "prod-sim.json", `{"version":1,"network":"production","kinds":[{"kind":"sim-insecure","measurements":[{"registers":{"MEASUREMENT":"`+m+`"}}]}]}`)
	unknownField := writeFile(t, dir, "unknown.json", `{"version":1,"network":"dev","kinds":[],"extra":1}`)
	noKinds := writeFile(t, dir, "nokinds.json", `{"version":1,"network":"dev","kinds":[]}`)
	shortReg := writeFile(t, dir, "short.json", `{"version":1,"network":"dev","kinds":[{"kind":"sim-insecure","measurements":[{"registers":{"MEASUREMENT":"abcd"}}]}]}`)
	good := writeFile(t, dir, "good.json", `{"version":1,"network":"dev","kinds":[{"kind":"sim-insecure","measurements":[{"registers":{"MEASUREMENT":"`+m+`"}}]}]}`)
	chain := []string{"--rpc", "http://127.0.0.1:1", "--contract", "0x00000000000000000000000000000000000000aa"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"production accepts sim", []string{"policy", "propose", prodSim}, prodSim + ": invalid policy: production network accepts the insecure simulated kind; fix the file and propose again"},
		{"unknown field", []string{"policy", "propose", unknownField}, unknownField + `: invalid policy: decoding policy: json: unknown field "extra"; fix the file and propose again`},
		{"no kinds", []string{"policy", "propose", noKinds}, noKinds + ": invalid policy: policy accepts no kind; fix the file and propose again"},
		{"short register", []string{"policy", "propose", shortReg}, shortReg + ": invalid policy: sim-insecure measurement 0: MEASUREMENT is 2 bytes, want 48; fix the file and propose again"},
		{"missing file", []string{"policy", "propose", filepath.Join(dir, "absent.json")}, "open " + filepath.Join(dir, "absent.json") + ": no such file or directory"},
		{"no governor key", append([]string{"policy", "propose", good}, chain...), "no key: pass --key-file FILE (hex private key) or set ANONIFY_GOVERNOR_KEY"},
		{"id not a number", append([]string{"policy", "approve", "x"}, chain...), `proposal id "x": want a positive integer (anonify attest policy show lists the open proposals)`},
		{"id zero", append([]string{"policy", "approve", "0"}, chain...), `proposal id "0": want a positive integer (anonify attest policy show lists the open proposals)`},
		{"approve without key", append([]string{"policy", "approve", "1"}, chain...), "no key: pass --key-file FILE (hex private key) or set ANONIFY_GOVERNOR_KEY"},
		{"show without chain", []string{"policy", "show"}, "no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json (env ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runAttest(tt.args...)
			if cli.Code(err) != 2 {
				t.Fatalf("anonify attest %v: %v, want a usage error (exit 2)", tt.args, err)
			}
			if err.Error() != tt.want {
				t.Fatalf("anonify attest %v:\n got %q\nwant %q", tt.args, err, tt.want)
			}
		})
	}
}

type showJSON struct {
	Version   uint64           `json:"version"`
	Policy    json.RawMessage  `json:"policy"`
	Threshold uint64           `json:"threshold"`
	Governors []common.Address `json:"governors"`
	Open      []struct {
		ID         uint64           `json:"id"`
		Kind       string           `json:"kind"`
		Approvals  uint64           `json:"approvals"`
		ApprovedBy []common.Address `json:"approved_by"`
		Policy     json.RawMessage  `json:"policy"`
	} `json:"open_proposals"`
}

func show(t *testing.T, chain ...string) showJSON {
	t.Helper()
	out, err := runAttest(append([]string{"policy", "show", "--json"}, chain...)...)
	if err != nil {
		t.Fatalf("policy show: %v\n%s", err, out)
	}
	var s showJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("policy show --json: %v\n%s", err, out)
	}
	// --json indents the embedded policies; compare them compacted.
	s.Policy = compact(t, s.Policy)
	for i := range s.Open {
		s.Open[i].Policy = compact(t, s.Open[i].Policy)
	}
	return s
}

func compact(t *testing.T, raw json.RawMessage) json.RawMessage {
	t.Helper()
	if raw == nil {
		return nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type outcomeJSON struct {
	ID            uint64 `json:"id"`
	Approvals     uint64 `json:"approvals"`
	Threshold     uint64 `json:"threshold"`
	Executed      bool   `json:"executed"`
	PolicyVersion uint64 `json:"policy_version"`
}

func mustOutcome(t *testing.T, args ...string) outcomeJSON {
	t.Helper()
	out, err := runAttest(append(args, "--json")...)
	if err != nil {
		t.Fatalf("anonify attest %v: %v\n%s", args, err, out)
	}
	var o outcomeJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatalf("anonify attest %v --json: %v\n%s", args, err, out)
	}
	return o
}

func refused(t *testing.T, code int, want string, args ...string) {
	t.Helper()
	_, err := runAttest(args...)
	if cli.Code(err) != code || err == nil || err.Error() != want {
		t.Fatalf("anonify attest %v: %v, want exit %d with\n%q", args, err, code, want)
	}
}

// refusedContains is refused for an error that contains want.
func refusedContains(t *testing.T, code int, want string, args ...string) {
	t.Helper()
	_, err := runAttest(args...)
	if cli.Code(err) != code || err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("anonify attest %v: %v, want exit %d containing\n%q", args, err, code, want)
	}
}

// TestPolicyGovernance drives the policy commands against a devnet: with
// the devnet's single governor a proposal executes at once and the member
// enclave judges later registrations by the new policy (a node with the
// old measurement stays out, one with the new measurement is admitted);
// on a 2-of-2 deployment on the same chain, propose, show the open
// proposal, refuse a repeated or foreign approval, approve, show again.
func TestPolicyGovernance(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a devnet")
	}
	clearChainEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var logs syncBuffer // the member enclave's log says why it refuses
	d, err := devnet.Start(ctx, devnet.Options{Nodes: 1, SpareKeys: 4, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dir := t.TempDir()
	info, _ := json.Marshal(d.Info)
	network := []string{"--network", writeFile(t, dir, "devnet.json", string(info))}
	govKey := keyFile(t, dir, "governor.key", d.Governor)
	governor := crypto.PubkeyToAddress(d.Governor.PublicKey)

	s := show(t, network...)
	if s.Version != 1 || s.Threshold != 1 || len(s.Governors) != 1 || s.Governors[0] != governor || len(s.Open) != 0 {
		t.Fatalf("initial policy show: %+v", s)
	}

	// A new measurement replaces the devnet's: a code upgrade.
	upgraded := bytes.Repeat([]byte{0xee}, sim.MeasurementSize)
	p2, err := attest.DevPolicy(upgraded).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	// Non-canonical formatting on purpose: propose sends the canonical form.
	var indented bytes.Buffer
	json.Indent(&indented, p2, "", "    ")
	p2File := writeFile(t, dir, "upgrade.json", indented.String())

	// A policy pinning a chain the network's enclaves do not verify (its
	// first policy pins none) would admit none of them: refused.
	pinned := attest.DevPolicy(upgraded)
	pinned.Chain = &attest.ChainAnchor{Verify: attest.ChainClique, Genesis: bytes.Repeat([]byte{1}, 32), Epoch: 30000, Confirmations: 2}
	pb, err := pinned.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	pinnedFile := writeFile(t, dir, "pinned.json", string(pb))
	refusedContains(t, 1, "no enclave of this network could be admitted under it", append([]string{"policy", "propose", pinnedFile, "--key-file", govKey}, network...)...)

	o := mustOutcome(t, append([]string{"policy", "propose", p2File, "--key-file", govKey}, network...)...)
	if o.ID != 2 || !o.Executed || o.Approvals != 1 || o.Threshold != 1 || o.PolicyVersion != 2 {
		t.Fatalf("propose with threshold 1: %+v, want proposal 2 executed as policy version 2", o)
	}
	refused(t, 3, "proposal 2 was already executed; nothing to approve", append([]string{"policy", "approve", "2", "--key-file", govKey}, network...)...)
	refused(t, 1, p2File+" is already the network's policy (version 2); nothing to propose", append([]string{"policy", "propose", p2File, "--key-file", govKey}, network...)...)
	refused(t, 3, "proposal 9 does not exist; anonify attest policy show lists the open proposals", append([]string{"policy", "approve", "9", "--key-file", govKey}, network...)...)
	s = show(t, network...)
	if s.Version != 2 || !bytes.Equal(s.Policy, p2) || len(s.Open) != 0 {
		t.Fatalf("policy show after the upgrade: version %d policy %s open %d", s.Version, s.Policy, len(s.Open))
	}
	text, err := runAttest(append([]string{"policy", "show"}, network...)...)
	if err != nil || !strings.Contains(text, "policy      version 2") || !strings.Contains(text, "open proposals: none") || !strings.Contains(text, `"network": "dev"`) {
		t.Fatalf("policy show (text): %v\n%s", err, text)
	}

	// The member enclave read PolicyChanged: a node still running the old
	// code registers but is never admitted; the upgraded one is.
	stale := startExtraNode(ctx, t, d, d.Spare[0], nil)
	fresh := startExtraNode(ctx, t, d, d.Spare[1], upgraded)
	select {
	case <-fresh.Ready():
	case <-ctx.Done():
		t.Fatal("the node with the newly allowed measurement was not admitted")
	}
	// Admissions follow registration order, and the stale node registered
	// first: had the member found it admissible, it would be a member by now.
	// Give the member a few more ledger rounds to be sure.
	time.Sleep(time.Second)
	st, err := d.Ledger.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	members := map[common.Address]bool{}
	for _, m := range st.Members {
		members[m] = true
	}
	if !members[fresh.Enclave().Identity()] || members[stale.Enclave().Identity()] {
		t.Fatalf("members %v: want the upgraded node %s in and the stale node %s out", st.Members, fresh.Enclave().Identity().Hex(), stale.Enclave().Identity().Hex())
	}
	if s := stale.Enclave().Status(); s.Member || s.Joined {
		t.Fatalf("stale node status %+v", s)
	}
	refusal := ""
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "registration refused") && strings.Contains(line, stale.Enclave().Identity().Hex()) {
			refusal = line
		}
	}
	if !strings.Contains(refusal, "sim-insecure measurement not allowed") {
		t.Fatalf("the member did not refuse the stale node for its measurement; log line %q", refusal)
	}

	// A 2-of-2 deployment on the same chain: the full propose/approve cycle.
	ec, err := ethclient.DialContext(ctx, d.Info.RPC)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	second := d.Spare[2]
	p1, _ := attest.DevPolicy(bytes.Repeat([]byte{0x11}, sim.MeasurementSize)).Marshal()
	contract, err := ethereum.Deploy(ctx, ec, d.Governor, []common.Address{governor, crypto.PubkeyToAddress(second.PublicKey)}, 2, p1)
	if err != nil {
		t.Fatal(err)
	}
	gov2 := []string{"--rpc", d.Info.RPC, "--contract", contract.Hex()}
	secondKey := keyFile(t, dir, "second.key", second)
	outsiderKey := keyFile(t, dir, "outsider.key", d.Spare[3])

	o = mustOutcome(t, append([]string{"policy", "propose", p2File, "--key-file", govKey}, gov2...)...)
	if o.ID != 1 || o.Executed || o.Approvals != 1 || o.Threshold != 2 || o.PolicyVersion != 1 {
		t.Fatalf("propose with threshold 2: %+v, want proposal 1 open with 1 approval", o)
	}
	s = show(t, gov2...)
	if s.Version != 1 || s.Threshold != 2 || len(s.Open) != 1 || s.Open[0].ID != 1 || s.Open[0].Kind != "policy" || s.Open[0].Approvals != 1 ||
		len(s.Open[0].ApprovedBy) != 1 || s.Open[0].ApprovedBy[0] != governor || !bytes.Equal(s.Open[0].Policy, p2) {
		t.Fatalf("policy show with an open proposal: %+v", s)
	}
	refused(t, 1, "open proposal 1 already proposes this policy; approve it instead: anonify attest policy approve 1", append([]string{"policy", "propose", p2File, "--key-file", secondKey}, gov2...)...)
	refused(t, 3, fmt.Sprintf("account %s already approved proposal 1; another governor must approve it", governor.Hex()), append([]string{"policy", "approve", "1", "--key-file", govKey}, gov2...)...)
	refused(t, 3, fmt.Sprintf("account %s is not a governor of this network; sign with a governor's key (--key-file or ANONIFY_GOVERNOR_KEY)", crypto.PubkeyToAddress(d.Spare[3].PublicKey).Hex()), append([]string{"policy", "approve", "1", "--key-file", outsiderKey}, gov2...)...)
	t.Setenv("ANONIFY_GOVERNOR_KEY", fmt.Sprintf("%x", crypto.FromECDSA(second))) // the key from the environment
	o = mustOutcome(t, append([]string{"policy", "approve", "1"}, gov2...)...)
	if o.ID != 1 || !o.Executed || o.Approvals != 2 || o.PolicyVersion != 2 {
		t.Fatalf("second approval: %+v, want proposal 1 executed as policy version 2", o)
	}
	s = show(t, gov2...)
	if s.Version != 2 || !bytes.Equal(s.Policy, p2) || len(s.Open) != 0 {
		t.Fatalf("policy show after the approval: %+v", s)
	}
}

// startExtraNode starts a node on the devnet's chain in this process, with
// a simulated platform reporting measurement (nil: this executable's).
func startExtraNode(ctx context.Context, t *testing.T, d *devnet.Devnet, hostKey *ecdsa.PrivateKey, measurement []byte) *node.Node {
	t.Helper()
	dir := t.TempDir()
	led, err := ethereum.Dial(ctx, d.Info.RPC, d.Info.Contract, hostKey)
	if err != nil {
		t.Fatal(err)
	}
	start, err := led.DeployedAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := sim.New(sim.Options{Measurement: measurement, StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := assembly.NodeConfig(ctx, assembly.Node{Ledger: led, StartBlock: start, Dir: dir, Listen: "127.0.0.1:0", Platform: p, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	n, err := node.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Run(runCtx)
	}()
	t.Cleanup(func() {
		stop()
		<-done
		led.Close()
	})
	return n
}
