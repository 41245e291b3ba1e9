package cliquechain

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/clique"
	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/trie"
)

// This file builds real Clique chains for the tests: named keys, headers
// prepared by go-ethereum's own engine (difficulty, checkpoint signer
// lists), London base fees, receipts and transactions committed to as
// go-ethereum commits to them, and seals made with clique.SealHash.

var (
	testContract = common.HexToAddress("0x00000000000000000000000000000000000c0de1")
	otherAddress = common.HexToAddress("0x00000000000000000000000000000000000bee55")
	topicA       = common.HexToHash("0xaaaa")
	topicB       = common.HexToHash("0xbbbb")
)

// testChain is a Clique chain under construction, with go-ethereum's
// engine following it (the reference the verifier is held to).
type testChain struct {
	t       testing.TB
	keys    map[string]*ecdsa.PrivateKey
	config  *params.ChainConfig
	engine  *clique.Clique
	reader  *headerReader
	genesis *types.Header
}

// testKeys are fixed keys for names A, B, C, ... (deterministic, so that
// the order of signers, hence turns, is the same in every run).
func testKey(name string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("cliquechain test key " + name)))
	if err != nil {
		panic(err)
	}
	return k
}

// newTestChain makes a chain whose genesis lists signers (by name).
func newTestChain(t testing.TB, epoch uint64, signers ...string) *testChain {
	t.Helper()
	c := &testChain{t: t, keys: map[string]*ecdsa.PrivateKey{}}
	c.config = &params.ChainConfig{
		ChainID: big.NewInt(31337), HomesteadBlock: common.Big0, EIP150Block: common.Big0, EIP155Block: common.Big0,
		EIP158Block: common.Big0, ByzantiumBlock: common.Big0, ConstantinopleBlock: common.Big0, PetersburgBlock: common.Big0,
		IstanbulBlock: common.Big0, BerlinBlock: common.Big0, LondonBlock: common.Big0,
		Clique: &params.CliqueConfig{Period: 1, Epoch: epoch},
	}
	c.engine = clique.New(c.config.Clique, rawdb.NewMemoryDatabase())
	c.reader = &headerReader{config: c.config, byHash: map[common.Hash]*types.Header{}, byNumber: map[uint64]*types.Header{}}
	addrs := make([]common.Address, len(signers))
	for i, s := range signers {
		addrs[i] = c.addr(s)
	}
	slices.SortFunc(addrs, common.Address.Cmp)
	extra := make([]byte, extraVanity)
	for _, a := range addrs {
		extra = append(extra, a[:]...)
	}
	extra = append(extra, make([]byte, extraSeal)...)
	c.genesis = &types.Header{
		Number: common.Big0, Difficulty: common.Big1, GasLimit: 30_000_000, Extra: extra,
		Time:      uint64(time.Now().Unix()) - 10_000_000, // far enough back for the engine's future-block check
		UncleHash: types.EmptyUncleHash, TxHash: types.EmptyTxsHash, ReceiptHash: types.EmptyReceiptsHash,
		Root:    common.HexToHash("0x5757"),
		BaseFee: big.NewInt(params.InitialBaseFee),
	}
	c.reader.add(c.genesis)
	return c
}

// addr is the address of the key named name (made on first use).
func (c *testChain) addr(name string) common.Address {
	if c.keys[name] == nil {
		c.keys[name] = testKey(name)
	}
	return crypto.PubkeyToAddress(c.keys[name].PublicKey)
}

// cfg is the Config pinning this chain's genesis.
func (c *testChain) cfg(confirmations uint64) Config {
	return Config{Genesis: c.genesis.Hash(), Clique: *c.config.Clique, Confirmations: confirmations}
}

func (c *testChain) verifier(confirmations uint64) *Verifier {
	c.t.Helper()
	v, err := New(c.genesis, c.cfg(confirmations))
	if err != nil {
		c.t.Fatal(err)
	}
	return v
}

// spec says how to make one block.
type spec struct {
	signer   string              // who seals (by name)
	vote     string              // whom the block votes on ("" none)
	drop     bool                // the vote drops rather than adds
	receipts [][]*types.Log      // one receipt per entry, with these logs
	mod      func(*types.Header) // changes the header before the seal
	tamper   func(*types.Header) // changes the header after the seal
}

// make builds and seals the child of parent, without adding it to the
// engine's chain (add does).
func (c *testChain) make(parent *types.Header, s spec) *types.Header {
	c.t.Helper()
	h := &types.Header{
		ParentHash: parent.Hash(), Number: new(big.Int).Add(parent.Number, common.Big1),
		GasLimit: parent.GasLimit, UncleHash: types.EmptyUncleHash, Root: parent.Root,
		TxHash: types.EmptyTxsHash, ReceiptHash: types.EmptyReceiptsHash,
	}
	c.engine.Authorize(c.addr(s.signer))
	if err := c.engine.Prepare(c.reader, h); err != nil {
		c.t.Fatalf("prepare block %v on %s: %v", h.Number, parent.Hash(), err)
	}
	h.Time = parent.Time + c.config.Clique.Period
	h.BaseFee = eip1559.CalcBaseFee(c.config, parent)
	if s.vote != "" {
		h.Coinbase = c.addr(s.vote)
		if s.drop {
			h.Nonce = nonceDropVote
		} else {
			h.Nonce = nonceAuthVote
		}
	}
	if s.receipts != nil {
		receipts, txs := makeReceipts(s.receipts)
		h.ReceiptHash = types.DeriveSha(receipts, trie.NewStackTrie(nil))
		h.TxHash = types.DeriveSha(txs, trie.NewStackTrie(nil))
		h.Bloom = types.MergeBloom(receipts)
		h.GasUsed = receipts[len(receipts)-1].CumulativeGasUsed
	}
	if s.mod != nil {
		s.mod(h)
	}
	c.seal(h, s.signer)
	if s.tamper != nil {
		s.tamper(h)
	}
	return h
}

// seal signs h with the key named signer, as a Clique sealer does.
func (c *testChain) seal(h *types.Header, signer string) {
	c.t.Helper()
	c.addr(signer)
	sig, err := crypto.Sign(clique.SealHash(h).Bytes(), c.keys[signer])
	if err != nil {
		c.t.Fatal(err)
	}
	copy(h.Extra[len(h.Extra)-extraSeal:], sig)
}

// add records h in the engine's chain (after the engine verified it).
func (c *testChain) add(h *types.Header) { c.reader.add(h) }

// libraryVerify is go-ethereum's verdict on h.
func (c *testChain) libraryVerify(h *types.Header) error { return c.engine.VerifyHeader(c.reader, h) }

// extend seals one block per signer on top of parent, checks that the
// engine accepts each and adds it, and returns them.
func (c *testChain) extend(parent *types.Header, specs ...spec) []*types.Header {
	c.t.Helper()
	var out []*types.Header
	for _, s := range specs {
		h := c.make(parent, s)
		if err := c.libraryVerify(h); err != nil {
			c.t.Fatalf("go-ethereum refuses block %v sealed by %s: %v", h.Number, s.signer, err)
		}
		c.add(h)
		out = append(out, h)
		parent = h
	}
	return out
}

// sealers turns names into specs that only seal.
func sealers(names ...string) []spec {
	out := make([]spec, len(names))
	for i, n := range names {
		out[i] = spec{signer: n}
	}
	return out
}

// makeReceipts makes one transaction and receipt per entry, alternating
// legacy and dynamic-fee types, each receipt with the given logs.
func makeReceipts(logs [][]*types.Log) (types.Receipts, types.Transactions) {
	var receipts types.Receipts
	var txs types.Transactions
	var gas uint64
	for i, ls := range logs {
		var tx *types.Transaction
		if i%2 == 0 {
			tx = types.NewTx(&types.LegacyTx{Nonce: uint64(i), To: &testContract, Gas: 100_000, GasPrice: big.NewInt(1), Data: []byte{byte(i)}})
		} else {
			tx = types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(31337), Nonce: uint64(i), To: &testContract, Gas: 100_000,
				GasFeeCap: big.NewInt(2e9), GasTipCap: big.NewInt(1), Data: []byte{byte(i)}})
		}
		gas += 21_000 + uint64(1000*len(ls))
		r := &types.Receipt{Type: tx.Type(), Status: types.ReceiptStatusSuccessful, CumulativeGasUsed: gas, TxHash: tx.Hash(), GasUsed: 21_000}
		for _, l := range ls {
			r.Logs = append(r.Logs, &types.Log{Address: l.Address, Topics: slices.Clone(l.Topics), Data: slices.Clone(l.Data)})
		}
		r.Bloom = types.CreateBloom(r)
		receipts, txs = append(receipts, r), append(txs, tx)
	}
	return receipts, txs
}

// receiptsOf rebuilds the receipts and transactions a spec's block
// commits to.
func receiptsOf(s spec) (types.Receipts, types.Transactions) { return makeReceipts(s.receipts) }

func logOf(addr common.Address, topic common.Hash, data string) *types.Log {
	return &types.Log{Address: addr, Topics: []common.Hash{topic}, Data: []byte(data)}
}

// headerReader is the chain go-ethereum's engine reads: every header
// added, by hash, and the first at each number.
type headerReader struct {
	config   *params.ChainConfig
	byHash   map[common.Hash]*types.Header
	byNumber map[uint64]*types.Header
	current  *types.Header
}

func (r *headerReader) add(h *types.Header) {
	r.byHash[h.Hash()] = h
	if r.byNumber[h.Number.Uint64()] == nil {
		r.byNumber[h.Number.Uint64()] = h
	}
	r.current = h
}

func (r *headerReader) Config() *params.ChainConfig  { return r.config }
func (r *headerReader) CurrentHeader() *types.Header { return r.current }
func (r *headerReader) GetHeader(hash common.Hash, number uint64) *types.Header {
	if h := r.byHash[hash]; h != nil && h.Number.Uint64() == number {
		return h
	}
	return nil
}
func (r *headerReader) GetHeaderByNumber(number uint64) *types.Header  { return r.byNumber[number] }
func (r *headerReader) GetHeaderByHash(hash common.Hash) *types.Header { return r.byHash[hash] }

// signerOrder names the chain's signers in turn order (ascending
// addresses): block n is in turn for order[n % len(order)].
func (c *testChain) signerOrder(names ...string) []string {
	out := slices.Clone(names)
	slices.SortFunc(out, func(a, b string) int { return c.addr(a).Cmp(c.addr(b)) })
	return out
}

// state is a verifier's encoding, to compare states.
func state(t testing.TB, v *Verifier) string {
	t.Helper()
	b, err := v.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", b)
}
