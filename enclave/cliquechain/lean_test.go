package cliquechain

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLinksNoEngine keeps the package fit for the lean node binary
// (cmd/anonify-node's TestLean): it must not link go-ethereum's Clique
// engine, which brings the EVM, nor any of go-ethereum's node, service
// or networking packages. Its tests may (they hold the verifier to the
// engine).
func TestLinksNoEngine(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, d := range strings.Fields(string(out)) {
		for _, forbidden := range []string{
			"github.com/ethereum/go-ethereum/consensus/clique",
			"github.com/ethereum/go-ethereum/core/vm",
			"github.com/ethereum/go-ethereum/eth",
			"github.com/ethereum/go-ethereum/node",
			"github.com/ethereum/go-ethereum/p2p",
			"github.com/ethereum/go-ethereum/rpc",
		} {
			if d == forbidden || strings.HasPrefix(d, forbidden+"/") {
				t.Errorf("cliquechain links %s", d)
			}
		}
		if strings.HasPrefix(d, "github.com/anonify-go/anonify/") && d != "github.com/anonify-go/anonify/enclave/cliquechain" {
			t.Errorf("cliquechain links %s: it stands alone", d)
		}
	}
}
