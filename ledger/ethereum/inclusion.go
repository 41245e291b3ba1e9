package ethereum

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

var _ ledger.InclusionReader = (*Driver)(nil)

// Inclusion implements ledger.InclusionReader from the transaction's
// receipt on this driver's endpoint: the receipt is the canonical chain's
// (a node answers for the block that now includes tx, or not at all), and
// its logs are exactly what tx emitted. Logs of other contracts are left
// out; a log of this contract that does not decode is an error, as in
// Events.
func (d *Driver) Inclusion(ctx context.Context, tx common.Hash) ([]chainmsg.Event, error) {
	r, err := d.client.TransactionReceipt(ctx, tx)
	if errors.Is(err, ethereum.NotFound) {
		return nil, fmt.Errorf("ledger/ethereum: transaction %s: %w", tx, ledger.ErrNoTransaction)
	}
	if err != nil {
		return nil, fmt.Errorf("ledger/ethereum: receipt of %s: %w", tx, err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return []chainmsg.Event{}, nil
	}
	events := []chainmsg.Event{}
	for _, l := range r.Logs {
		if l.Address != d.contract {
			continue
		}
		ev, err := ledgerabi.DecodeEvent(l)
		if err != nil {
			return nil, fmt.Errorf("ledger/ethereum: %w", err)
		}
		events = append(events, ev)
	}
	return events, nil
}
