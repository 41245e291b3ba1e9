package cliquechain

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// logsChain is a chain whose blocks 1-4 carry receipts: block 1 the
// contract's logs among others', block 2 nothing, block 3 only another
// contract's log, block 4 two of the contract's logs in one receipt.
// Blocks 5 and 6 make 1-4 final (2 confirmations).
type logsChain struct {
	c      *testChain
	v      *Verifier
	specs  []spec
	blocks []*types.Header
}

func newLogsChain(t *testing.T) *logsChain {
	c := newTestChain(t, 30000, "A", "B", "C")
	o := c.signerOrder("A", "B", "C")
	specs := []spec{
		{signer: o[1], receipts: [][]*types.Log{
			{logOf(testContract, topicA, "one"), logOf(otherAddress, topicA, "not ours")},
			{},
			{logOf(testContract, topicB, "two")},
		}},
		{signer: o[2]},
		{signer: o[0], receipts: [][]*types.Log{{logOf(otherAddress, topicB, "not ours either")}}},
		{signer: o[1], receipts: [][]*types.Log{{logOf(testContract, topicA, "three"), logOf(testContract, topicB, "four")}}},
		{signer: o[2]},
		{signer: o[0]},
	}
	l := &logsChain{c: c, v: c.verifier(2), specs: specs}
	l.blocks = c.extend(c.genesis, specs...)
	if err := l.v.Insert(l.blocks...); err != nil {
		t.Fatal(err)
	}
	if got := l.v.Final().Number.Uint64(); got != 4 {
		t.Fatalf("final is block %d, want 4", got)
	}
	return l
}

func (l *logsChain) receipts(i int) types.Receipts {
	r, _ := receiptsOf(l.specs[i])
	return r
}

func TestTakeLogs(t *testing.T) {
	l := newLogsChain(t)
	v, b := l.v, l.blocks
	for _, tt := range []struct {
		name string
		hash common.Hash
		want error
	}{
		{"a later final block", b[1].Hash(), ErrOutOfOrder},
		{"an unconfirmed block", b[5].Hash(), ErrNotFinal},
		{"the genesis", l.c.genesis.Hash(), ErrUnknownBlock},
		{"an unknown block", common.HexToHash("0x1234"), ErrUnknownBlock},
	} {
		if _, err := v.TakeLogs(tt.hash, l.receipts(0), testContract); !errors.Is(err, tt.want) {
			t.Fatalf("%s: %v, want %v", tt.name, err, tt.want)
		} else {
			t.Logf("%s: %v", tt.name, err)
		}
	}
	if !MayHaveLogs(b[0], testContract) || MayHaveLogs(b[1], testContract) || MayHaveLogs(b[2], testContract) || !MayHaveLogs(b[3], testContract) {
		t.Fatal("blooms: want blocks 1 and 4 to name the contract, 2 and 3 not")
	}

	// Block 1: the contract's logs at their places in the block.
	logs, err := v.TakeLogs(b[0].Hash(), l.receipts(0), testContract)
	if err != nil {
		t.Fatal(err)
	}
	want := []*types.Log{
		{Address: testContract, Topics: []common.Hash{topicA}, Data: []byte("one"), BlockNumber: 1, BlockHash: b[0].Hash(), TxIndex: 0, Index: 0},
		{Address: testContract, Topics: []common.Hash{topicB}, Data: []byte("two"), BlockNumber: 1, BlockHash: b[0].Hash(), TxIndex: 2, Index: 2},
	}
	checkLogs(t, logs, want)

	// Block 2 (empty) and 3 (another contract's log): no receipts needed.
	for _, h := range b[1:3] {
		if n := v.Next(); n.Hash() != h.Hash() {
			t.Fatalf("next is block %v, want %v", n.Number, h.Number)
		}
		if logs, err := v.TakeLogs(h.Hash(), nil, testContract); err != nil || logs != nil {
			t.Fatalf("block %v without receipts: %v, %v", h.Number, logs, err)
		}
	}

	// Block 4 names the contract in its bloom: receipts are required.
	if _, err := v.TakeLogs(b[3].Hash(), nil, testContract); !errors.Is(err, ErrReceipts) {
		t.Fatalf("block 4 without receipts: %v, want %v", err, ErrReceipts)
	}
	// Receipts as a JSON-RPC node serves them decode to the same root.
	js, err := json.Marshal(l.receipts(3))
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON types.Receipts
	if err := json.Unmarshal(js, &fromJSON); err != nil {
		t.Fatal(err)
	}
	logs, err = v.TakeLogs(b[3].Hash(), fromJSON, testContract)
	if err != nil {
		t.Fatal(err)
	}
	checkLogs(t, logs, []*types.Log{
		{Address: testContract, Topics: []common.Hash{topicA}, Data: []byte("three"), BlockNumber: 4, BlockHash: b[3].Hash(), TxIndex: 0, Index: 0},
		{Address: testContract, Topics: []common.Hash{topicB}, Data: []byte("four"), BlockNumber: 4, BlockHash: b[3].Hash(), TxIndex: 0, Index: 1},
	})
	if v.Next() != nil {
		t.Fatal("a final block is left after taking all")
	}
	// Block 5 becomes final with block 7.
	next := l.c.extend(b[5], spec{signer: l.c.signerOrder("A", "B", "C")[1]})
	if err := v.Insert(next...); err != nil {
		t.Fatal(err)
	}
	if n := v.Next(); n == nil || n.Hash() != b[4].Hash() {
		t.Fatalf("next is %v, want block 5", n)
	}
}

func checkLogs(t *testing.T, got, want []*types.Log) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d logs, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Address != w.Address || !slices.Equal(g.Topics, w.Topics) || string(g.Data) != string(w.Data) ||
			g.BlockNumber != w.BlockNumber || g.BlockHash != w.BlockHash || g.TxIndex != w.TxIndex || g.Index != w.Index || g.TxHash != (common.Hash{}) {
			t.Fatalf("log %d = %+v, want %+v", i, g, w)
		}
	}
}

// TestReceiptRefusals: any change to a final block's receipts is refused,
// and the block stays next.
func TestReceiptRefusals(t *testing.T) {
	l := newLogsChain(t)
	for _, tt := range []struct {
		name string
		edit func(types.Receipts) types.Receipts
	}{
		{"a receipt removed", func(r types.Receipts) types.Receipts { return slices.Delete(r, 1, 2) }},
		{"the last receipt removed", func(r types.Receipts) types.Receipts { return r[:len(r)-1] }},
		{"an extra receipt", func(r types.Receipts) types.Receipts {
			extra, _ := makeReceipts([][]*types.Log{{logOf(testContract, topicA, "forged")}})
			return append(r, extra[0])
		}},
		{"receipts reordered", func(r types.Receipts) types.Receipts { r[0], r[2] = r[2], r[0]; return r }},
		{"a log's data altered", func(r types.Receipts) types.Receipts { r[0].Logs[0].Data = []byte("eno"); return r }},
		{"a log's topic altered", func(r types.Receipts) types.Receipts { r[2].Logs[0].Topics[0] = topicA; return r }},
		{"another contract's log passed off as ours", func(r types.Receipts) types.Receipts { r[0].Logs[1].Address = testContract; return r }},
		{"a log removed", func(r types.Receipts) types.Receipts { r[0].Logs = r[0].Logs[1:]; return r }},
		{"a log added", func(r types.Receipts) types.Receipts {
			r[1].Logs = append(r[1].Logs, logOf(testContract, topicA, "forged"))
			return r
		}},
		{"status flipped", func(r types.Receipts) types.Receipts { r[1].Status = types.ReceiptStatusFailed; return r }},
		{"a nil receipt", func(r types.Receipts) types.Receipts { r[1] = nil; return r }},
		{"a nil log", func(r types.Receipts) types.Receipts { r[0].Logs[1] = nil; return r }},
		{"no receipts", func(types.Receipts) types.Receipts { return nil }},
		{"another block's receipts", func(types.Receipts) types.Receipts { return l.receipts(3) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := state(t, l.v)
			_, err := l.v.TakeLogs(l.blocks[0].Hash(), tt.edit(l.receipts(0)), testContract)
			if !errors.Is(err, ErrReceipts) {
				t.Fatalf("TakeLogs = %v, want %v", err, ErrReceipts)
			}
			t.Log(err)
			if state(t, l.v) != before {
				t.Fatal("the refusal changed the state")
			}
		})
	}
	if _, err := l.v.TakeLogs(l.blocks[0].Hash(), l.receipts(0), testContract); err != nil {
		t.Fatalf("the true receipts after the refusals: %v", err)
	}
}

// TestBloomContradiction: signers sealed a block whose bloom leaves out
// the contract although its receipts hold the contract's logs. Such a
// block could hide logs from a caller that skips it by its bloom; given
// its receipts, the verifier says so.
func TestBloomContradiction(t *testing.T) {
	c := newTestChain(t, 30000, "A", "B", "C")
	o := c.signerOrder("A", "B", "C")
	s := spec{signer: o[1], receipts: [][]*types.Log{{logOf(testContract, topicA, "hidden")}}, mod: func(h *types.Header) { h.Bloom = types.Bloom{} }}
	chain := c.extend(c.genesis, s, spec{signer: o[2]}, spec{signer: o[0]})
	v := c.verifier(2)
	if err := v.Insert(chain...); err != nil {
		t.Fatal(err)
	}
	receipts, _ := receiptsOf(s)
	if _, err := v.TakeLogs(chain[0].Hash(), receipts, testContract); !errors.Is(err, ErrBloom) {
		t.Fatalf("TakeLogs = %v, want %v", err, ErrBloom)
	}
}

func TestTxHashes(t *testing.T) {
	l := newLogsChain(t)
	_, txs := receiptsOf(l.specs[0])
	got, err := l.v.TxHashes(l.blocks[0].Hash(), txs)
	if err != nil {
		t.Fatal(err)
	}
	for i, tx := range txs {
		if got[i] != tx.Hash() {
			t.Fatalf("hash %d = %s, want %s", i, got[i], tx.Hash())
		}
	}
	// Any final block whose logs are not taken, not only the next.
	_, txs3 := receiptsOf(l.specs[3])
	if _, err := l.v.TxHashes(l.blocks[3].Hash(), txs3); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		hash common.Hash
		txs  types.Transactions
		want error
	}{
		{"a transaction removed", l.blocks[0].Hash(), txs[1:], ErrTransactions},
		{"transactions reordered", l.blocks[0].Hash(), types.Transactions{txs[1], txs[0], txs[2]}, ErrTransactions},
		{"another block's", l.blocks[0].Hash(), txs3, ErrTransactions},
		{"a nil transaction", l.blocks[0].Hash(), types.Transactions{txs[0], nil, txs[2]}, ErrTransactions},
		{"an unconfirmed block", l.blocks[5].Hash(), nil, ErrNotFinal},
	} {
		if _, err := l.v.TxHashes(tt.hash, tt.txs); !errors.Is(err, tt.want) {
			t.Fatalf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}
