package ethereum

import (
	"testing"

	"github.com/anonify-go/anonify/ledger"
)

// TestPostCommandsGas: the node's batch gas metric reads the receipt's
// GasUsed through PostCommandsGas; a refused batch reports no gas.
func TestPostCommandsGas(t *testing.T) {
	n := newTestNet(t)
	a := newEnclave(t)
	n.found(t, a)
	ctx := testContext(t)
	gas, err := n.host.PostCommandsGas(ctx, a.batch(t, n.host, 0, 0, ciphertext(512, 1)))
	if err != nil {
		t.Fatal(err)
	}
	// More than a bare transaction, less than a block.
	if gas <= 21_000 || gas >= 30_000_000 {
		t.Fatalf("PostCommandsGas reported %d gas for a one-command batch", gas)
	}
	gas, err = n.host.PostCommandsGas(ctx, a.batch(t, n.host, 0, 0, ciphertext(512, 2)))
	wantErr(t, err, ledger.ErrBadSequence, "")
	if gas != 0 {
		t.Fatalf("a refused batch reported %d gas", gas)
	}
}
