package ethereum

import (
	"context"
	"encoding/json"
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
	// Raw, to tell null (no such block) from a header: a header decoded
	// from null fails ("missing required field").
	raws := make([]json.RawMessage, last-first+1)
	for n := first; n <= last; n++ {
		batch = append(batch, rpc.BatchElem{Method: "eth_getBlockByNumber",
			Args: []any{hexutil.EncodeUint64(n), false}, Result: &raws[n-first]})
	}
	if err := d.client.Client().BatchCallContext(ctx, batch); err != nil {
		return nil, fmt.Errorf("ledger/ethereum: read blocks %d-%d: %w", first, last, err)
	}
	for i, raw := range raws {
		if err := batch[i].Error; err != nil {
			return nil, fmt.Errorf("ledger/ethereum: read block %d: %w", first+uint64(i), err)
		}
		if len(raw) == 0 || string(raw) == "null" {
			break // not there (yet): a lagging endpoint behind a failover
		}
		h := new(types.Header)
		if err := json.Unmarshal(raw, h); err != nil {
			return nil, fmt.Errorf("ledger/ethereum: read block %d: %w", first+uint64(i), err)
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
