package ethereum

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

var _ ledger.BlockReader = (*Driver)(nil)

// Blocks implements ledger.BlockReader with one batch of header reads and
// one receipts read (eth_getBlockReceipts) per block whose bloom names
// the contract.
func (d *Driver) Blocks(ctx context.Context, held, wants []chainmsg.BlockID) ([]chainmsg.Block, error) {
	if len(held) == 0 {
		return nil, fmt.Errorf("ledger/ethereum: blocks: the enclave holds no block to continue from")
	}
	var blocks []chainmsg.Block
	for _, w := range wants {
		h, err := d.client.HeaderByHash(ctx, w.Hash)
		if err != nil {
			return nil, fmt.Errorf("ledger/ethereum: read block %d (%s): %w", w.Number, w.Hash, err)
		}
		b := chainmsg.Block{Header: h}
		if b.Receipts, err = d.receipts(ctx, h); err != nil {
			return nil, err
		}
		blocks = append(blocks, b)
	}
	head, err := d.chainHead(ctx)
	if err != nil {
		return nil, err
	}
	// The newest block the enclave holds that is still the chain's.
	from := -1
	for i := len(held) - 1; i >= 0; i-- {
		if held[i].Number > head {
			continue
		}
		h, err := d.client.HeaderByNumber(ctx, new(big.Int).SetUint64(held[i].Number))
		if err != nil {
			return nil, fmt.Errorf("ledger/ethereum: read block %d: %w", held[i].Number, err)
		}
		if h.Hash() == held[i].Hash {
			from = i
			break
		}
	}
	if from < 0 {
		// The enclave's final block is gone: it applied events of a block
		// the chain no longer holds (which takes colluding signers).
		re := &ledger.ReorgError{Block: held[0].Number, Was: held[0].Hash, Confirmations: d.finality.confirmations.Load(),
			EventsBlock: held[0].Number, EventsReplaced: true}
		if h, err := d.client.HeaderByNumber(ctx, new(big.Int).SetUint64(held[0].Number)); err == nil {
			re.Now = h.Hash()
		}
		return nil, re
	}
	first := held[from].Number + 1
	if first > head {
		return blocks, nil
	}
	last := min(head, first+ledger.BlockWindow-1)
	batch := make([]rpc.BatchElem, 0, last-first+1)
	headers := make([]*types.Header, last-first+1)
	for n := first; n <= last; n++ {
		headers[n-first] = new(types.Header)
		batch = append(batch, rpc.BatchElem{Method: "eth_getBlockByNumber",
			Args: []any{hexutil.EncodeUint64(n), false}, Result: headers[n-first]})
	}
	if err := d.client.Client().BatchCallContext(ctx, batch); err != nil {
		return nil, fmt.Errorf("ledger/ethereum: read blocks %d-%d: %w", first, last, err)
	}
	for i, h := range headers {
		if err := batch[i].Error; err != nil {
			return nil, fmt.Errorf("ledger/ethereum: read block %d: %w", first+uint64(i), err)
		}
		if h.Number == nil {
			break // not there (yet): a lagging endpoint behind a failover
		}
		b := chainmsg.Block{Header: h}
		if b.Receipts, err = d.receipts(ctx, h); err != nil {
			return nil, err
		}
		blocks = append(blocks, b)
	}
	return blocks, nil
}

// receipts reads the receipts of block h if its bloom names the contract
// (nil otherwise: the enclave needs none).
func (d *Driver) receipts(ctx context.Context, h *types.Header) (types.Receipts, error) {
	if !types.BloomLookup(h.Bloom, d.contract) {
		return nil, nil
	}
	var rs types.Receipts
	if err := d.client.Client().CallContext(ctx, &rs, "eth_getBlockReceipts", h.Hash()); err != nil {
		return nil, fmt.Errorf("ledger/ethereum: read the receipts of block %d: %w", h.Number, err)
	}
	if rs == nil {
		rs = types.Receipts{}
	}
	return rs, nil
}

// GenesisHeader returns the chain's block 0, the anchor an enclave that
// verifies the chain pins.
func (d *Driver) GenesisHeader(ctx context.Context) (*types.Header, error) {
	h, err := d.client.HeaderByNumber(ctx, common.Big0)
	if err != nil {
		return nil, fmt.Errorf("ledger/ethereum: read the genesis block: %w", err)
	}
	return h, nil
}
