package nodecmd

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/anonify-go/anonify/cmd/internal/cli"
)

// clearChainEnv keeps the caller's environment out of flag tests.
func clearChainEnv(t *testing.T) {
	for _, v := range []string{"ANONIFY_NETWORK", "ANONIFY_RPC", "ANONIFY_CONTRACT", "ANONIFY_HOST_KEY", "ANONIFY_GOVERNOR_KEY"} {
		t.Setenv(v, "")
	}
}

// TestNodeCommandUsage checks that every bad invocation of `anonify node`
// exits 2 with a message saying what to do, before touching any chain.
func TestNodeCommandUsage(t *testing.T) {
	clearChainEnv(t)
	dir := t.TempDir()
	badKey := filepath.Join(dir, "bad.key")
	goodKey := filepath.Join(dir, "good.key")
	notJSON := filepath.Join(dir, "devnet.json")
	os.WriteFile(badKey, []byte("0xnothex"), 0o600)
	os.WriteFile(goodKey, []byte("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318\n"), 0o600)
	os.WriteFile(notJSON, []byte("rpc: x"), 0o600)
	chain := []string{"--rpc", "http://127.0.0.1:1", "--contract", "0x00000000000000000000000000000000000000aa"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no dir", nil, "--dir DIR is required: it keeps the sealed enclave state across restarts"},
		{"unknown tee", []string{"--dir", dir, "--tee", "sgx-epid"}, `--tee "sgx-epid": choose one of sim-insecure, sgx, tdx, sev-snp, nitro`},
		{"deprecated tee name passes", []string{"--dir", dir, "--tee", "sgx-gramine"}, "no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json (env ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK)"},
		{"no chain", []string{"--dir", dir}, "no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json (env ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK)"},
		{"rpc without contract", []string{"--dir", dir, "--rpc", "http://127.0.0.1:1"}, "no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json (env ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK)"},
		{"short contract", []string{"--dir", dir, "--rpc", "http://127.0.0.1:1", "--contract", "0x1234"}, `contract "0x1234" is not a 0x-prefixed 20-byte hex address`},
		{"missing network file", []string{"--dir", dir, "--network", filepath.Join(dir, "absent.json")}, "--network: open " + filepath.Join(dir, "absent.json") + ": no such file or directory"},
		{"network not JSON", []string{"--dir", dir, "--network", notJSON}, "--network: " + notJSON + ": not a network file (devnet.json): invalid character 'r' looking for beginning of value"},
		{"no host key", append([]string{"--dir", dir}, chain...), "no key: pass --host-key-file FILE (hex private key) or set ANONIFY_HOST_KEY"},
		{"bad host key", append([]string{"--dir", dir, "--host-key-file", badKey}, chain...), "--host-key-file " + badKey + ": not a hex secp256k1 private key (64 hex digits)"},
		{"missing collateral", append([]string{"--dir", dir, "--host-key-file", goodKey, "--collateral", filepath.Join(dir, "none")}, chain...), "--collateral: stat " + filepath.Join(dir, "none") + ": no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := Command()
			cmd.SetArgs(tt.args)
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			err := cmd.Execute()
			var ee *cli.ExitError
			if !errors.As(err, &ee) || ee.Code != cli.ExitUsage {
				t.Fatalf("anonify node %v: %v, want a usage error (exit 2)", tt.args, err)
			}
			if err.Error() != tt.want {
				t.Fatalf("anonify node %v:\n got %q\nwant %q", tt.args, err, tt.want)
			}
		})
	}
}
