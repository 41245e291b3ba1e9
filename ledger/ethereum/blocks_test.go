package ethereum

import (
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/trie"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// TestBlocks: the headers after what the enclave holds, with the receipts
// of exactly the blocks whose bloom names the contract; the receipts hash
// to the header's root, and their logs decode to the contract's events.
// After a reorganisation, Blocks continues from the newest held block
// still on the chain; with none left, it is ErrReorg.
func TestBlocks(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	e := newEnclave(t)
	if err := n.host.Register(ctx, e.registration(t, n.host)); err != nil {
		t.Fatal(err)
	}
	genesis, err := n.host.GenesisHeader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	held := []chainmsg.BlockID{{Number: 0, Hash: genesis.Hash()}}
	blocks, err := n.host.Blocks(ctx, held, nil)
	if err != nil {
		t.Fatal(err)
	}
	head, err := n.host.chainHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != int(head) {
		t.Fatalf("%d blocks after genesis, want %d", len(blocks), head)
	}
	registered := 0
	parent := genesis.Hash()
	for _, b := range blocks {
		if b.Header.ParentHash != parent {
			t.Fatalf("block %d does not follow its predecessor", b.Header.Number)
		}
		parent = b.Header.Hash()
		if types.BloomLookup(b.Header.Bloom, n.contract) != (b.Receipts != nil) {
			t.Fatalf("block %d: bloom names the contract %v, receipts given %v", b.Header.Number, types.BloomLookup(b.Header.Bloom, n.contract), b.Receipts != nil)
		}
		if b.Receipts == nil {
			continue
		}
		if got := types.DeriveSha(b.Receipts, trie.NewStackTrie(nil)); got != b.Header.ReceiptHash {
			t.Fatalf("block %d: receipts hash to %s, header says %s", b.Header.Number, got, b.Header.ReceiptHash)
		}
		for _, r := range b.Receipts {
			for _, l := range r.Logs {
				if l.Address != n.contract {
					continue
				}
				ev, err := ledgerabi.DecodeEvent(l)
				if err != nil {
					t.Fatal(err)
				}
				if ev.Registered != nil && ev.Registered.Identity == e.id {
					registered++
				}
			}
		}
	}
	if registered != 1 {
		t.Fatalf("the registration is in %d receipts' logs, want 1", registered)
	}

	// A block the enclave wants the receipts of comes first, with them.
	var want *types.Header
	for _, b := range blocks {
		if b.Receipts != nil {
			want = b.Header
		}
	}
	got, err := n.host.Blocks(ctx, []chainmsg.BlockID{{Number: want.Number.Uint64(), Hash: want.Hash()}}, []chainmsg.BlockID{{Number: want.Number.Uint64(), Hash: want.Hash()}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].Header.Hash() != want.Hash() || got[0].Receipts == nil {
		t.Fatalf("Blocks with wants: the wanted block does not come first with its receipts")
	}
	// Holding the whole branch: nothing new.
	last := blocks[len(blocks)-1].Header
	held = append(held, chainmsg.BlockID{Number: last.Number.Uint64(), Hash: last.Hash()})
	if more, err := n.host.Blocks(ctx, held, nil); err != nil || len(more) != 0 {
		t.Fatalf("Blocks at the head: %d blocks, %v", len(more), err)
	}
	// The chain replaces the last block: the newest held block still on
	// the chain is genesis, so Blocks starts again after it, and gives the
	// replacement of the last block.
	if err := n.chain.Reorg(1); err != nil {
		t.Fatal(err)
	}
	more, err := n.host.Blocks(ctx, held, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(more) <= int(last.Number.Uint64()) || more[0].Header.Number.Uint64() != 1 {
		t.Fatalf("after a reorg of the last block, Blocks gives %d blocks from %d, want from block 1 to past %d", len(more), more[0].Header.Number, last.Number)
	}
	if r := more[last.Number.Uint64()-1].Header; r.Number.Cmp(last.Number) != 0 || r.Hash() == last.Hash() {
		t.Fatalf("block %d after the reorg is the replaced one", last.Number)
	}
	// None of the held blocks on the chain: the enclave's final block was replaced.
	_, err = n.host.Blocks(ctx, []chainmsg.BlockID{{Number: 1, Hash: common.Hash{1}}}, nil)
	var re *ledger.ReorgError
	if !errors.As(err, &re) || !re.EventsReplaced || re.Block != 1 || re.Now == (common.Hash{}) || !strings.Contains(err.Error(), "Do not restart it on this data directory") {
		t.Fatalf("Blocks from a replaced final block: %v, want a ReorgError that says not to restart", err)
	}
}
