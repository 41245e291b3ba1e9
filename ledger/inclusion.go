package ledger

import (
	"context"
	"errors"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// ErrNoTransaction means the chain holds no transaction with the hash
// asked for: it was never mined, or a reorganisation dropped it.
var ErrNoTransaction = errors.New("ledger: no such transaction")

// InclusionReader reads what one transaction left in the contract's log.
// A client uses it to check, on its own view of the chain, an enclave's
// claim that a command was ordered by transaction tx: a node's host can
// feed its enclave a batch that was never posted, and the enclave cannot
// tell (it believes the events its host gives it), so the claim is
// checked where the host has no say. Both drivers implement it; it is a
// separate interface so that a Ledger without it still works, only
// without that check.
type InclusionReader interface {
	// Inclusion returns the contract events transaction tx emitted, in
	// log order, each with its position (the block that included tx) and
	// TxHash set. A transaction that reverted, or that called another
	// contract, emitted none: the result is empty, not an error. A hash
	// the chain does not know gives ErrNoTransaction.
	Inclusion(ctx context.Context, tx common.Hash) ([]chainmsg.Event, error)
}
