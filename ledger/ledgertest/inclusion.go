package ledgertest

import (
	"errors"
	"reflect"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// testInclusion checks ledger.InclusionReader, which clients use to check
// that an outcome's batch is on the ledger: a transaction's events are the
// ones Events shows for it, with the same positions, and an unknown hash
// is ErrNoTransaction (a client then calls the node a liar).
func testInclusion(t *testing.T, b Backend) {
	n := deploy(t, b, 1)
	ir, ok := n.host.(ledger.InclusionReader)
	if !ok {
		t.Fatalf("%T does not implement ledger.InclusionReader", n.host)
	}
	a := n.enclave()
	n.found(a)
	from := n.head() + 1
	batch := a.Batch(t, n.host, 0, 0, Ciphertext(512, 1), Ciphertext(100, 2))
	if err := n.host.PostCommands(n.ctx, batch); err != nil {
		t.Fatal(err)
	}
	events, _ := n.events(from)
	var want []chainmsg.Event
	for _, e := range events {
		if e.Commands != nil {
			want = append(want, e)
		}
	}
	if len(want) != 1 || want[0].TxHash == (common.Hash{}) {
		t.Fatalf("Events after one batch: %+v, want one Commands event with a transaction hash", events)
	}
	got, err := ir.Inclusion(n.ctx, want[0].TxHash)
	if err != nil {
		t.Fatalf("Inclusion(%s): %v", want[0].TxHash, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Inclusion(%s) = %+v, want the event Events shows: %+v", want[0].TxHash, got, want)
	}
	if _, err := ir.Inclusion(n.ctx, common.HexToHash("0x5eed")); !errors.Is(err, ledger.ErrNoTransaction) {
		t.Fatalf("Inclusion of an unknown transaction: %v, want ledger.ErrNoTransaction", err)
	}
}
