package cliquechain

import (
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/trie"
)

// Next is the oldest final header whose logs TakeLogs has not taken, or
// nil when there is none: the block whose receipts the caller must supply
// next.
func (v *Verifier) Next() *types.Header {
	if len(v.pending) == 0 {
		return nil
	}
	return types.CopyHeader(v.pending[0].header)
}

// MayHaveLogs reports whether block h may hold a log of contract: false
// means it holds none, as a logs bloom has no false negatives, and the
// caller needs no receipts to take its logs (TakeLogs with none).
func MayHaveLogs(h *types.Header, contract common.Address) bool {
	return types.BloomLookup(h.Bloom, contract)
}

// TakeLogs checks receipts against final block hash, which must be Next,
// returns contract's logs in it in order, and moves Next past it.
// receipts must be the block's whole list, in order: their trie root must
// be the header's receipts root, so that a receipt dropped, added or
// altered, or a log changed, is refused (ErrReceipts). When the header's
// bloom rules contract out (MayHaveLogs), receipts may be empty.
//
// Each log has its block number and hash, TxIndex (its receipt's index)
// and Index (its position among all the block's logs) set. TxHash is left
// zero: receipts do not commit to it (see TxHashes).
func (v *Verifier) TakeLogs(hash common.Hash, receipts types.Receipts, contract common.Address) ([]*types.Log, error) {
	if len(v.pending) == 0 || v.pending[0].hash != hash {
		return nil, v.notNext(hash)
	}
	n := v.pending[0]
	logs, err := blockLogs(n, receipts, contract)
	if err != nil {
		return nil, err
	}
	v.pending[0] = nil
	v.pending = v.pending[1:]
	return logs, nil
}

// TxHashes checks txs against the transactions root of final block hash,
// whose logs are not taken yet, and returns their hashes in order (a
// log's TxIndex indexes them).
func (v *Verifier) TxHashes(hash common.Hash, txs types.Transactions) ([]common.Hash, error) {
	i := slices.IndexFunc(v.pending, func(n *node) bool { return n.hash == hash })
	if i < 0 {
		return nil, v.notNext(hash)
	}
	h := v.pending[i].header
	if slices.Contains(txs, nil) {
		return nil, fmt.Errorf("%w: block %d (%s): a transaction is nil", ErrTransactions, h.Number, hash)
	}
	if root := types.DeriveSha(txs, trie.NewStackTrie(nil)); root != h.TxHash {
		return nil, fmt.Errorf("%w: block %d (%s): %d transactions have root %s, the header's transactions root is %s (one is missing, extra, out of place or altered)",
			ErrTransactions, h.Number, hash, len(txs), root, h.TxHash)
	}
	out := make([]common.Hash, len(txs))
	for i, tx := range txs {
		out[i] = tx.Hash()
	}
	return out, nil
}

// notNext explains why hash is not the block whose logs come next.
func (v *Verifier) notNext(hash common.Hash) error {
	if n := v.nodes[hash]; n != nil {
		return fmt.Errorf("%w: block %d (%s) is not final yet (final is %d, the head %d; %d confirmations)", ErrNotFinal, n.number, hash, v.final.number, v.best.number, v.Confirmations())
	}
	if i := slices.IndexFunc(v.pending, func(n *node) bool { return n.hash == hash }); i > 0 {
		return fmt.Errorf("%w: block %d (%s) is final, but block %d (%s) comes first", ErrOutOfOrder, v.pending[i].number, hash, v.pending[0].number, v.pending[0].hash)
	}
	if len(v.pending) == 0 {
		return fmt.Errorf("%w: block %s is not a final block whose logs are still to take (none is; final is %d)", ErrUnknownBlock, hash, v.final.number)
	}
	return fmt.Errorf("%w: block %s is not a final block whose logs are still to take (next is %d, %s)", ErrUnknownBlock, hash, v.pending[0].number, v.pending[0].hash)
}

// blockLogs checks receipts against n's header and returns contract's
// logs.
func blockLogs(n *node, receipts types.Receipts, contract common.Address) ([]*types.Log, error) {
	h := n.header
	fail := func(format string, args ...any) ([]*types.Log, error) {
		return nil, fmt.Errorf("%w: block %d (%s): %s", ErrReceipts, n.number, n.hash, fmt.Sprintf(format, args...))
	}
	if len(receipts) == 0 && !MayHaveLogs(h, contract) {
		return nil, nil
	}
	for i, r := range receipts {
		if r == nil || slices.Contains(r.Logs, nil) {
			return fail("receipt %d is nil or has a nil log", i)
		}
	}
	if root := types.DeriveSha(receipts, trie.NewStackTrie(nil)); root != h.ReceiptHash {
		return fail("%d receipts have root %s, the header's receipts root is %s (one is missing, extra, out of place or altered)", len(receipts), root, h.ReceiptHash)
	}
	var logs []*types.Log
	index := uint(0)
	for i, r := range receipts {
		for _, l := range r.Logs {
			if l.Address == contract {
				logs = append(logs, &types.Log{
					Address:     l.Address,
					Topics:      slices.Clone(l.Topics),
					Data:        slices.Clone(l.Data),
					BlockNumber: n.number,
					BlockHash:   n.hash,
					TxIndex:     uint(i),
					Index:       index,
				})
			}
			index++
		}
	}
	if len(logs) > 0 && !MayHaveLogs(h, contract) {
		// The signers sealed a block whose bloom contradicts its receipts:
		// blocks like it could hide logs from a caller that trusts blooms.
		return nil, fmt.Errorf("%w: block %d (%s) holds %d logs of %s, which its bloom rules out", ErrBloom, n.number, n.hash, len(logs), contract)
	}
	return logs, nil
}
