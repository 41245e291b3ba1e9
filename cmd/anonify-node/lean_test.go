package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestLean keeps the lean binary lean: the program that runs inside a TEE
// must not link the embedded chain (go-ethereum's full node), the devnet,
// the client SDK, the wallet or the client commands, all of which would
// otherwise be measured, trusted code. It asks the go command for the
// binary's whole dependency graph.
func TestLean(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	const module = "github.com/anonify-go/anonify/"
	forbidden := []struct{ pkg, why string }{
		{module + "devnet", "the development network"},
		{module + "ledger/ethereum/embedded", "the embedded chain"},
		{module + "client", "the client SDK"},
		{module + "wallet", "the keystore"},
		{module + "explorer", "the explorer"},
		{module + "cmd/anonify", "the client commands"},
		{"github.com/ethereum/go-ethereum/eth", "go-ethereum's Ethereum service"},
		{"github.com/ethereum/go-ethereum/node", "go-ethereum's node"},
		{"github.com/ethereum/go-ethereum/p2p", "go-ethereum's peer-to-peer stack"},
		{"github.com/ethereum/go-ethereum/core/vm", "the EVM"},
	}
	for _, f := range forbidden {
		for _, d := range deps {
			if d == f.pkg || strings.HasPrefix(d, f.pkg+"/") && !allowedBelow(d) {
				t.Errorf("anonify-node links %s (%s)", d, f.why)
			}
		}
	}
	// And it does link what a node is.
	for _, want := range []string{module + "node", module + "enclave", module + "tee/platforms", module + "ledger/ethereum"} {
		if !bytes.Contains(out, []byte(want+"\n")) {
			t.Errorf("anonify-node does not link %s: is this still the node?", want)
		}
	}
}

// allowedBelow lists small leaf packages under a forbidden tree that the
// JSON-RPC client legitimately needs.
func allowedBelow(pkg string) bool {
	return pkg == "github.com/ethereum/go-ethereum/p2p/netutil"
}

// TestEntryPoint runs the lean binary's entry point: usage errors exit 2,
// version prints, and its flags are those of `anonify node` (the same
// command, from cmd/internal/nodecmd).
func TestEntryPoint(t *testing.T) {
	t.Setenv("ANONIFY_NETWORK", "")
	t.Setenv("ANONIFY_RPC", "")
	tests := []struct {
		args   []string
		code   int
		output string
	}{
		{nil, 2, "anonify-node: --dir DIR is required: it keeps the sealed enclave state across restarts\n"},
		{[]string{"--dir", t.TempDir(), "--tee", "sgx-epid"}, 2, `anonify-node: --tee "sgx-epid": choose one of sim-insecure, sgx, tdx, sev-snp, nitro` + "\n"},
		{[]string{"--dri", "x"}, 2, "anonify-node: unknown flag: --dri (did you mean --dir?)\n"},
		{[]string{"nodes"}, 2, `anonify-node: unknown command "nodes" for "anonify-node"` + "\n"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if code := run(tt.args, nil, &out, &out); code != tt.code || out.String() != tt.output {
			t.Errorf("anonify-node %v: exit %d, %q; want %d, %q", tt.args, code, out.String(), tt.code, tt.output)
		}
	}
	var out bytes.Buffer
	if code := run([]string{"version"}, nil, &out, &out); code != 0 || !strings.HasPrefix(out.String(), "anonify-node ") || !strings.Contains(out.String(), "simulated TEE measurement ") {
		t.Fatalf("anonify-node version: exit %d\n%s", code, out.String())
	}
}
