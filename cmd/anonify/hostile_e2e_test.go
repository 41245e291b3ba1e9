package main

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/cmd/internal/nodecmd"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// TestHostileRPCProxy replays the attack this project was reported for,
// with real processes: one node's host puts a JSON-RPC proxy between its
// node and the chain, and adds to the eth_getLogs answers a policy event
// that also allows a modified binary. A node built from that modified
// binary then registers. Before governance was authenticated inside the
// enclave, the lied-to enclave admitted it and it read the whole state.
// Now that enclave refuses the forged policy (no governor signatures), and
// the modified enclave never becomes a member.
func TestHostileRPCProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two binaries and runs a devnet and two nodes")
	}
	dir := t.TempDir()
	bin := buildAnonify(t, dir)
	// The modified binary: same sources, other build flags, so other bytes
	// and another measurement on the simulated TEE.
	evilBin := filepath.Join(dir, "anonify-modified")
	if out, err := exec.Command("go", "build", "-trimpath", "-o", evilBin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	evilBytes, err := os.ReadFile(evilBin)
	if err != nil {
		t.Fatal(err)
	}
	evilMeasurement := sha512.Sum384(evilBytes)

	base := os.Environ()
	for _, v := range []string{"ANONIFY_NETWORK", "ANONIFY_NODE", "ANONIFY_RPC", "ANONIFY_CONTRACT", "ANONIFY_HOST_KEY", "ANONIFY_GOVERNOR_KEY"} {
		base = append(base, v+"=")
	}
	netDir := filepath.Join(dir, "net")
	dn := startDaemon(t, bin, base, "devnet", "--dir", netDir, "--nodes", "1")
	infoPath := filepath.Join(netDir, "devnet.json")
	var info struct {
		RPC      string         `json:"rpc"`
		Contract common.Address `json:"contract"`
	}
	if err := json.Unmarshal(dn.waitFile(t, infoPath, 2*time.Minute), &info); err != nil {
		t.Fatal(err)
	}
	var keys struct {
		Spare []string `json:"spare"`
	}
	kb, err := os.ReadFile(filepath.Join(netDir, "keys.json"))
	if err != nil || json.Unmarshal(kb, &keys) != nil || len(keys.Spare) < 2 {
		t.Fatalf("keys.json: %v %s", err, kb)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	chain, err := ethereum.Dial(ctx, info.RPC, info.Contract, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer chain.Close()
	deployed, err := chain.DeployedAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := chain.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := attest.ParsePolicy(st.Policy)
	if err != nil {
		t.Fatal(err)
	}
	pol.Kinds[0].Measurements = append(pol.Kinds[0].Measurements, attest.Measurement{Registers: map[string]attest.HexBytes{"MEASUREMENT": evilMeasurement[:]}})
	evilPolicy, err := pol.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	forged := forgedPolicyLog(t, info.Contract, deployed, evilPolicy)
	proxy := httptest.NewServer(lyingRPC(t, info.RPC, deployed, forged))
	defer proxy.Close()

	keyFile := func(name, hex string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(hex+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	liarDir := filepath.Join(dir, "liar")
	liar := startDaemon(t, bin, base, "node", "--rpc", proxy.URL, "--contract", info.Contract.Hex(),
		"--host-key-file", keyFile("liar.key", keys.Spare[0]), "--dir", liarDir, "--listen", "127.0.0.1:0")
	liarID := nodeIdentity(t, liar, liarDir)
	waitMember(ctx, t, chain, liarID, true, 90*time.Second)

	evilDir := filepath.Join(dir, "evil")
	evil := startDaemon(t, evilBin, base, "node", "--network", infoPath,
		"--host-key-file", keyFile("evil.key", keys.Spare[1]), "--dir", evilDir, "--listen", "127.0.0.1:0")
	evilID := nodeIdentity(t, evil, evilDir)
	// Give both members many ledger rounds to (wrongly) admit it.
	waitMember(ctx, t, chain, evilID, false, 8*time.Second)
	if out := liar.out.String(); !strings.Contains(out, "refusing policy event") {
		t.Fatalf("the lied-to node did not log the forged policy's refusal:\n%s", out)
	}
}

// forgedPolicyLog is a PolicyChanged(2, policy) log without governor
// signatures, placed in the deployment block after every real log.
func forgedPolicyLog(t *testing.T, contract common.Address, block uint64, policy []byte) types.Log {
	ev := ledgerabi.NewAnonifyLedger().GetABI().Events["PolicyChanged"]
	data, err := ev.Inputs.NonIndexed().Pack(policy, [][]byte{})
	if err != nil {
		t.Fatal(err)
	}
	return types.Log{Address: contract, Topics: []common.Hash{ev.ID, common.BigToHash(big.NewInt(2))}, Data: data,
		BlockNumber: block, Index: 1000, TxHash: common.Hash{0xfa, 0xce}}
}

// lyingRPC forwards JSON-RPC to upstream, adding the forged log to every
// eth_getLogs answer whose range covers its block.
func lyingRPC(t *testing.T, upstream string, block uint64, forged types.Log) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		resp, err := http.Post(upstream, "application/json", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		var req struct {
			Method string `json:"method"`
			Params []struct {
				FromBlock hexutil.Uint64 `json:"fromBlock"`
				ToBlock   hexutil.Uint64 `json:"toBlock"`
			} `json:"params"`
		}
		if json.Unmarshal(body, &req) == nil && req.Method == "eth_getLogs" && len(req.Params) == 1 &&
			uint64(req.Params[0].FromBlock) <= block && block <= uint64(req.Params[0].ToBlock) {
			var ans struct {
				JSONRPC string          `json:"jsonrpc"`
				ID      json.RawMessage `json:"id"`
				Result  []types.Log     `json:"result"`
			}
			if json.Unmarshal(out, &ans) == nil && ans.Result != nil {
				var logs []types.Log
				for _, l := range ans.Result {
					logs = append(logs, l)
					if l.BlockNumber == block && (len(logs) == len(ans.Result) || ans.Result[len(logs)].BlockNumber != block) {
						logs = append(logs, forged) // last log of its block
					}
				}
				ans.Result = logs
				if b, err := json.Marshal(ans); err == nil {
					out = b
				}
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	}
}

func nodeIdentity(t *testing.T, d *daemon, dir string) common.Address {
	t.Helper()
	var ni nodecmd.Info
	if err := json.Unmarshal(d.waitFile(t, filepath.Join(dir, "node.json"), time.Minute), &ni); err != nil {
		t.Fatal(err)
	}
	return ni.Identity
}

// waitMember waits until id's membership on the chain is want; with want
// false it checks for the whole duration that id never became a member.
func waitMember(ctx context.Context, t *testing.T, chain *ethereum.Driver, id common.Address, want bool, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		st, err := chain.State(ctx)
		if err != nil {
			t.Fatal(err)
		}
		member := false
		for _, m := range st.Members {
			member = member || m == id
		}
		switch {
		case member && !want:
			t.Fatalf("%s became a member", id.Hex())
		case member == want && want:
			return
		case time.Now().After(deadline):
			if want {
				t.Fatalf("%s was not admitted within %v", id.Hex(), d)
			}
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}
