package memledger

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

var _ ledger.InclusionReader = (*Account)(nil)

// Inclusion implements ledger.InclusionReader. Each block holds one
// transaction, so tx's events are its block's. The handle's event filter
// does not apply: it models what a host shows its own enclave through
// Events, while Inclusion is what a client asks its own view of the chain.
func (a *Account) Inclusion(ctx context.Context, tx common.Hash) ([]chainmsg.Event, error) {
	if err := a.usable(ctx); err != nil {
		return nil, err
	}
	return a.chain.Inclusion(tx)
}

// Inclusion returns the events transaction tx emitted (copies), or
// ledger.ErrNoTransaction.
func (c *Chain) Inclusion(tx common.Hash) ([]chainmsg.Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, block := range c.blocks {
		if len(block) == 0 || block[0].TxHash != tx {
			continue
		}
		out := make([]chainmsg.Event, len(block))
		for i, e := range block {
			out[i] = copyEvent(e)
		}
		return out, nil
	}
	return nil, fmt.Errorf("memledger: transaction %s: %w", tx, ledger.ErrNoTransaction)
}
