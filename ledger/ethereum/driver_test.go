package ethereum

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/ledger/ethereum/embedded"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// TestDigestsMatchContract checks wire/chainmsg against the contract's own
// digest views, for inputs that exercise each encoding rule (empty and
// multi-element lists, empty and long byte strings, large epochs).
func TestDigestsMatchContract(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	d := n.host
	chainID := d.ChainID()
	x, y, z := common.HexToAddress("0x01"), common.HexToAddress("0xffffffffffffffffffffffffffffffffffffffff"), common.HexToAddress("0x1234")

	call := func(data []byte) common.Hash {
		t.Helper()
		out, err := d.call(ctx, "digest", data)
		if err != nil {
			t.Fatal(err)
		}
		h, err := d.abi.UnpackRegisterDigest(out) // every digest view returns one bytes32
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	registers := []struct {
		id           common.Address
		rk, kp, evid []byte
	}{
		{x, []byte{1}, []byte{2}, []byte{3}},
		{y, bytes.Repeat([]byte{0xee}, 1000), []byte("kp"), bytes.Repeat([]byte{7}, 5000)},
	}
	for i, r := range registers {
		got := chainmsg.RegisterDigest(chainID, n.contract, r.id, r.rk, r.kp, r.evid)
		if want := call(d.abi.PackRegisterDigest(r.id, r.rk, r.kp, r.evid)); got != want {
			t.Errorf("register %d: chainmsg %s, contract %s", i, got, want)
		}
	}
	handshakes := []struct {
		epoch         uint64
		payload       []byte
		adds, removes []common.Address
	}{
		{0, []byte("h"), []common.Address{}, []common.Address{}},
		{1<<64 - 1, bytes.Repeat([]byte{9}, 3000), []common.Address{x, y}, []common.Address{z}},
		{7, []byte("rotate"), []common.Address{}, []common.Address{x, y, z}},
	}
	for i, h := range handshakes {
		got := chainmsg.HandshakeDigest(chainID, n.contract, h.epoch, h.payload, h.adds, h.removes)
		if want := call(d.abi.PackHandshakeDigest(h.epoch, h.payload, h.adds, h.removes)); got != want {
			t.Errorf("handshake %d: chainmsg %s, contract %s", i, got, want)
		}
	}
	batches := []struct {
		epoch, seq uint64
		cts        [][]byte
	}{
		{0, 0, [][]byte{{1}}},
		{3, 1<<64 - 1, [][]byte{ciphertext(512, 1), ciphertext(1, 2), ciphertext(16384, 3)}},
		{1<<64 - 1, 5, [][]byte{[]byte("ab"), []byte("c")}},
		{1<<64 - 1, 5, [][]byte{[]byte("a"), []byte("bc")}},
	}
	for i, b := range batches {
		got := chainmsg.CommandsDigest(chainID, n.contract, b.epoch, b.seq, b.cts)
		if want := call(d.abi.PackCommandsDigest(b.epoch, b.seq, b.cts)); got != want {
			t.Errorf("commands %d: chainmsg %s, contract %s", i, got, want)
		}
	}
}

// TestRevertInReceipt sends transactions that pass no pre-flight check, so
// that they revert on chain, and checks the reason read back by replaying
// the call at the block.
func TestRevertInReceipt(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	a := newEnclave(t)
	n.found(t, a)
	tr := n.host.tx

	sendRaw := func(data []byte, gas uint64) error {
		s, err := tr.send(ctx, "raw", &n.contract, data, gas)
		if err != nil {
			t.Fatal(err)
		}
		receipt, err := tr.wait(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		tx := s.newest()
		if receipt.Status != types.ReceiptStatusFailed {
			t.Fatalf("transaction did not revert")
		}
		return tr.revertReason(ctx, ethereum.CallMsg{From: tr.from, To: &n.contract, Data: data}, tx, receipt)
	}

	pack := func(cts [][]byte) []byte {
		p, err := chainmsg.PackBatch(cts)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := a.batch(t, n.host, 5, 0, ciphertext(64, 1))
	err := sendRaw(n.host.abi.PackPostCommands(stale.Epoch, stale.Seq, pack(stale.Ciphertexts), stale.Sig), 300_000)
	var we *ledger.WrongEpochError
	if !errors.As(err, &we) || we.Current != 0 || we.Got != 5 {
		t.Fatalf("stale batch reverted with %v, want *WrongEpochError{0, 5}", err)
	}

	ok := a.batch(t, n.host, 0, 0, ciphertext(64, 1))
	err = sendRaw(n.host.abi.PackPostCommands(ok.Epoch, ok.Seq, pack(ok.Ciphertexts), ok.Sig), 30_000)
	wantErr(t, err, ledger.ErrReverted, "used all 30000 gas")
}

func TestDialErrors(t *testing.T) {
	chain, err := embedded.Start(embedded.Options{Accounts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer chain.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	tests := []struct {
		name     string
		url      string
		contract common.Address
		contains string
	}{
		{"unreachable endpoint", "http://127.0.0.1:1", common.Address{1}, "JSON-RPC endpoint unreachable"},
		{"no code at address", chain.RPCURL(), common.Address{1}, "no contract at 0x0100000000000000000000000000000000000000 on chain 1337"},
		{"another contract", chain.RPCURL(), params.HistoryStorageAddress, "is not an AnonifyLedger"},
		{"not a URL", "::", common.Address{1}, "dial ::"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Dial(ctx, tc.url, tc.contract, nil)
			if err == nil {
				d.Close()
				t.Fatal("Dial succeeded")
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Fatalf("error %q does not contain %q", err, tc.contains)
			}
		})
	}
}

func TestReadOnlyDriver(t *testing.T) {
	n := newTestNet(t)
	d := dialTest(t, n.chain.RPCURL(), n.contract, nil)
	ctx := testContext(t)
	if err := d.Register(ctx, newEnclave(t).registration(t, d)); !errors.Is(err, ErrNoHostKey) {
		t.Fatalf("Register on read-only driver: %v, want ErrNoHostKey", err)
	}
	if _, err := d.State(ctx); err != nil {
		t.Fatalf("State on read-only driver: %v", err)
	}
}

// TestEmbeddedJSONRPC talks to the embedded chain the way any Ethereum tool
// would: plain JSON-RPC POSTs over HTTP.
func TestEmbeddedJSONRPC(t *testing.T) {
	n := newTestNet(t)
	a := newEnclave(t)
	n.found(t, a) // some logs to find

	post := func(method string, params ...any) json.RawMessage {
		t.Helper()
		if params == nil {
			params = []any{}
		}
		body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
		resp, err := http.Post(n.chain.RPCURL(), "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out struct {
			Result json.RawMessage
			Error  *struct{ Message string }
		}
		if err := json.Unmarshal(raw, &out); err != nil || out.Error != nil {
			t.Fatalf("%s: %s (%v)", method, raw, err)
		}
		return out.Result
	}
	if got := string(post("eth_chainId")); got != `"0x539"` {
		t.Fatalf("eth_chainId = %s, want 0x539 (1337)", got)
	}
	if !strings.HasPrefix(n.chain.RPCURL(), "http://127.0.0.1:") {
		t.Fatalf("RPCURL %s is not on loopback", n.chain.RPCURL())
	}
	var logs []struct{ Address common.Address }
	if err := json.Unmarshal(post("eth_getLogs", map[string]any{"fromBlock": "0x0", "toBlock": "latest", "address": n.contract}), &logs); err != nil {
		t.Fatal(err)
	}
	if len(logs) != 6 { // PolicyChanged, Registered, Proposed, Approved ×2, Founded
		t.Fatalf("eth_getLogs returned %d logs, want 6", len(logs))
	}
	var balance string
	if err := json.Unmarshal(post("eth_getBalance", addr(n.chain.Accounts()[3]), "latest"), &balance); err != nil {
		t.Fatal(err)
	}
	if b, ok := new(big.Int).SetString(strings.TrimPrefix(balance, "0x"), 16); !ok || b.Sign() == 0 {
		t.Fatalf("dev account balance %s, want funded", balance)
	}
	if got := string(post("net_version")); got != `"1337"` {
		t.Fatalf("net_version = %s", got)
	}
}

func TestEmbeddedOptions(t *testing.T) {
	tests := []struct {
		opts     embedded.Options
		contains string
	}{
		{embedded.Options{Accounts: -1}, "negative account count -1"},
		{embedded.Options{BlockPeriod: -time.Second}, "negative block period -1s"},
		{embedded.Options{MinBlockInterval: -time.Second}, "negative minimum block interval -1s"},
		{embedded.Options{ChainID: big.NewInt(0)}, "chain id 0 is not positive"},
		{embedded.Options{ListenAddr: "localhost"}, `listen address "localhost"`},
		{embedded.Options{ListenAddr: "127.0.0.1:http"}, `listen port "http"`},
	}
	for _, tc := range tests {
		t.Run(tc.contains, func(t *testing.T) {
			e, err := embedded.Start(tc.opts)
			if err == nil {
				e.Close()
				t.Fatal("embedded.Start succeeded")
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Fatalf("error %q does not contain %q", err, tc.contains)
			}
		})
	}

	// A port in use is an error, not a panic.
	first, err := embedded.Start(embedded.Options{Accounts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	taken := strings.TrimPrefix(first.RPCURL(), "http://")
	if e, err := embedded.Start(embedded.Options{ListenAddr: taken}); err == nil {
		e.Close()
		t.Fatalf("second chain on %s started", taken)
	} else if !strings.Contains(err.Error(), "start node") {
		t.Fatalf("port in use: %v", err)
	}

	// A block period seals empty blocks; a custom chain id is served.
	e, client := startChain(t, embedded.Options{Accounts: 1, BlockPeriod: 50 * time.Millisecond, ChainID: big.NewInt(4242)})
	ctx := testContext(t)
	if id, err := client.ChainID(ctx); err != nil || id.Int64() != 4242 {
		t.Fatalf("ChainID = %v, %v", id, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		head, err := client.BlockNumber(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if head >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("head %d after 10s with a 50ms block period", head)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// TestGoldenDigestsOnContract recomputes wire/chainmsg's golden vectors with
// the compiled contract: its runtime code is placed at 0x…ab by an eth_call
// state override, so address(this) and block.chainid (1337) are the golden
// inputs.
func TestGoldenDigestsOnContract(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	code, err := n.host.client.CodeAt(ctx, n.contract, nil)
	if err != nil {
		t.Fatal(err)
	}
	golden := common.HexToAddress("0x00000000000000000000000000000000000000ab")
	geth := gethclient.New(n.host.client.Client())
	overrides := map[common.Address]gethclient.OverrideAccount{golden: {Code: code}}
	tests := []struct {
		name string
		data []byte
		want string // from wire/chainmsg TestGoldenDigests
	}{
		{"register", n.host.abi.PackRegisterDigest(common.HexToAddress("0x01"), []byte("rk"), []byte("kp"), []byte("ev")),
			"0x260c26b3ec59e658e8e452fe88b7f8b782da82f2087aff0ba7afabc9c6144010"},
		{"handshake", n.host.abi.PackHandshakeDigest(4, []byte("commit"), []common.Address{common.HexToAddress("0x02"), common.HexToAddress("0x03")}, []common.Address{}),
			"0xcf26b651b84d1c35ecadb8f76a797415d1c88eaf95f1499d3cacaf124620cdea"},
		{"commands", n.host.abi.PackCommandsDigest(4, 9, [][]byte{[]byte("ct0"), []byte("ct1")}),
			"0xef97ec78fde38adfe66f9b940d692c1285c5fb9cdf59fd993d8a8b622f1bffe8"},
		{"audit", n.host.abi.PackAuditDigest(4, 9, []byte("hdr"), [][]byte{[]byte("r0"), []byte("r1")}),
			"0xf8bee0ff937f185e86c1b0c8267ce894db74eeaebea8f60b4de5b029b4cc2d19"},
		{"auditor act", n.host.abi.PackGovernanceDigest(4, 3, chainmsg.AuditorPayload([32]byte{31: 7}, []byte("erc20"))),
			"0x7637bd751e42a0aa7292c57318bccb3e631ed9f0d490dfbea936507e7c55d646"},
		{"checkpoint", n.host.abi.PackCheckpointDigest(4, []byte("manifest")),
			"0x8c2f9a1e2606f40f78037a3f2a6ed67cd9fcb3b0429e199b618c8fdce1bf3e85"},
		{"checkpoint chunk", n.host.abi.PackCheckpointChunkDigest(4, 7, []byte("chunk")),
			"0x315bec87f5884770ce709e55c27bca6b88b1e13261cf7ab2f7c33d9d89afb9ef"},
		{"custodians act", n.host.abi.PackGovernanceDigest(5, 3, chainmsg.CustodiansPayload([][32]byte{{31: 1}, {31: 2}}, 2)),
			"0x64188cc99a8401cf778f45f5463bf06e10b38d8cb64702d0f51cc8e1686210c3"},
	}
	for _, tc := range tests {
		out, err := geth.CallContract(ctx, ethereum.CallMsg{To: &golden, Data: tc.data}, nil, &overrides)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := common.BytesToHash(out); got != common.HexToHash(tc.want) {
			t.Errorf("%s: contract computes %s, golden %s", tc.name, got, tc.want)
		}
	}
}

// TestEmbeddedMinBlockInterval: transactions that come within the
// minimum interval after a block wait and share the next block; the one
// that finds the interval over is sealed at once.
func TestEmbeddedMinBlockInterval(t *testing.T) {
	const interval = time.Second // wide margins for a loaded CI machine
	e, client := startChain(t, embedded.Options{Accounts: 1, MinBlockInterval: interval})
	ctx := testContext(t)
	key := e.Accounts()[0]
	signer := types.LatestSignerForChainID(e.ChainID())
	nonce := uint64(0)
	send := func() common.Hash {
		t.Helper()
		tx, err := types.SignNewTx(key, signer, &types.DynamicFeeTx{ChainID: e.ChainID(), Nonce: nonce, GasTipCap: big.NewInt(params.GWei),
			GasFeeCap: big.NewInt(100 * params.GWei), Gas: 21_000, To: &common.Address{0xbe, 0xef}, Value: big.NewInt(1)})
		if err != nil {
			t.Fatal(err)
		}
		nonce++
		if err := client.SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
		return tx.Hash()
	}
	blockOf := func(h common.Hash) uint64 {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			r, err := client.TransactionReceipt(ctx, h)
			if err == nil {
				return r.BlockNumber.Uint64()
			}
			if time.Now().After(deadline) {
				t.Fatalf("transaction %s not included after 10s: %v", h, err)
			}
		}
	}

	// Long after the last block: sealed at once.
	time.Sleep(interval)
	start := time.Now()
	first := blockOf(send())
	if took := time.Since(start); took > interval*3/4 {
		t.Fatalf("a transaction %v after the last block took %v to be included, want at once", interval, took)
	}
	// Five more right after that block: they wait out the interval
	// together.
	var hashes []common.Hash
	for range 5 {
		hashes = append(hashes, send())
	}
	for i, h := range hashes {
		if b := blockOf(h); b != first+1 {
			t.Fatalf("transaction %d of 5 sent right after block %d is in block %d, want all in block %d", i+1, first, b, first+1)
		}
	}
	if took := time.Since(start); took < interval*3/4 {
		t.Fatalf("the next block came %v after the first, want at least about %v", took, interval)
	}
}

// startChain starts an embedded chain and a client of it, both closed
// when the test ends.
func startChain(t *testing.T, opts embedded.Options) (*embedded.Chain, *ethclient.Client) {
	t.Helper()
	e, err := embedded.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	client, err := ethclient.Dial(e.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	return e, client
}
