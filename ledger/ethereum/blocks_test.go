package ethereum

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
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

// TestBlocksLaggingEndpoint: an endpoint that does not have the newest
// blocks yet (a lagging sealer behind a failover) answers null for them;
// Blocks gives the blocks before them, and the rest on a later call.
func TestBlocksLaggingEndpoint(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	e := newEnclave(t)
	if err := n.host.Register(ctx, e.registration(t, n.host)); err != nil {
		t.Fatal(err)
	}
	head, err := n.host.chainHead(ctx)
	if err != nil || head < 2 {
		t.Fatalf("head %d, %v", head, err)
	}
	target, _ := url.Parse(n.chain.RPCURL())
	var lag atomic.Bool
	lag.Store(true)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var batch []struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params []any           `json:"params"`
		}
		if lag.Load() && json.Unmarshal(body, &batch) == nil && len(batch) > 0 && batch[0].Method == "eth_getBlockByNumber" {
			// Answer the batch of headers as an endpoint one block behind.
			rec := httptest.NewRecorder()
			req := r.Clone(r.Context())
			req.Body = io.NopCloser(bytes.NewReader(body))
			httputil.NewSingleHostReverseProxy(target).ServeHTTP(rec, req)
			var answers []map[string]json.RawMessage
			if err := json.Unmarshal(rec.Body.Bytes(), &answers); err != nil {
				t.Errorf("proxy: %v", err)
			}
			for i, q := range batch {
				if s, _ := q.Params[0].(string); s == hexutil.EncodeUint64(head) {
					answers[i]["result"] = json.RawMessage("null")
				}
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(answers)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	d := dialTest(t, proxy.URL, n.contract, nil)
	genesis, err := d.GenesisHeader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	held := []chainmsg.BlockID{{Number: 0, Hash: genesis.Hash()}}
	blocks, err := d.Blocks(ctx, held, nil)
	if err != nil {
		t.Fatalf("Blocks from a lagging endpoint: %v", err)
	}
	if len(blocks) != int(head)-1 {
		t.Fatalf("%d blocks from an endpoint without block %d, want %d", len(blocks), head, head-1)
	}
	lag.Store(false)
	last := blocks[len(blocks)-1].Header
	more, err := d.Blocks(ctx, append(held, chainmsg.BlockID{Number: last.Number.Uint64(), Hash: last.Hash()}), nil)
	if err != nil || len(more) == 0 || more[0].Header.Number.Uint64() != head {
		t.Fatalf("once caught up, Blocks gives %d blocks (%v), want block %d next", len(more), err, head)
	}
}
