package ethereum

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestArtifactsMatchSources rebuilds the contract with the pinned solc and
// regenerates the bindings, and requires both to equal the committed files
// byte for byte: the bytecode deployed and the Go code calling it must come
// from the reviewed Solidity source.
//
// It needs node and contracts/node_modules (npm ci --prefix contracts). When
// they are missing it skips, unless ANONIFY_REQUIRE_SOLC=1 (set in CI), where
// it fails.
func TestArtifactsMatchSources(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	contracts := filepath.Join(root, "contracts")
	required := os.Getenv("ANONIFY_REQUIRE_SOLC") == "1"
	missing := func(what string) {
		msg := what + ": cannot check that contracts/build and the bindings match AnonifyLedger.sol; run `npm ci --prefix contracts`"
		if required {
			t.Fatal(msg + " (ANONIFY_REQUIRE_SOLC=1)")
		}
		t.Skip(msg + " (set ANONIFY_REQUIRE_SOLC=1 to make this a failure)")
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		missing("node is not on PATH")
	}
	if _, err := os.Stat(filepath.Join(contracts, "node_modules", "solc", "package.json")); err != nil {
		missing("contracts/node_modules/solc is missing")
	}

	tmp := t.TempDir()
	build := exec.Command(nodeBin, filepath.Join(contracts, "build.js"), tmp)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("node build.js: %v\n%s", err, out)
	}
	for _, name := range []string{"AnonifyLedger.abi", "AnonifyLedger.bin"} {
		compareFiles(t, filepath.Join(contracts, "build", name), filepath.Join(tmp, name), "sh contracts/generate.sh")
	}

	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out := filepath.Join(tmp, "anonify_ledger.go")
	abigen := exec.Command(goBin, "run", "github.com/ethereum/go-ethereum/cmd/abigen", "--v2",
		"--abi", filepath.Join(tmp, "AnonifyLedger.abi"),
		"--bin", filepath.Join(tmp, "AnonifyLedger.bin"),
		"--pkg", "ledgerabi", "--type", "AnonifyLedger", "--out", out)
	abigen.Dir = root
	if msg, err := abigen.CombinedOutput(); err != nil {
		t.Fatalf("abigen: %v\n%s", err, msg)
	}
	compareFiles(t, filepath.Join(root, "wire", "ledgerabi", "anonify_ledger.go"), out, "sh contracts/generate.sh")
}

func compareFiles(t *testing.T, committed, fresh, fix string) {
	t.Helper()
	want, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Fatalf("committed artifact: %v (run %s)", err, fix)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what its sources produce (%d vs %d bytes); run %s and commit the result", committed, len(got), len(want), fix)
	}
}
