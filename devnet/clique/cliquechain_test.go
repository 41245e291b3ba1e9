package clique_test

import (
	"context"
	"errors"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/anonify-go/anonify/devnet/clique"
	"github.com/anonify-go/anonify/enclave/cliquechain"
)

// logEmitter is the creation code of a contract whose code is
//
//	PUSH1 32 PUSH1 0 LOG0 STOP
//
// (every call logs 32 zero bytes): PUSH6 <that code>, MSTORE it at 0,
// RETURN its 6 bytes.
var logEmitter = common.FromHex("0x6560206000a0006000526006601af3")

// TestVerifierOnRealClique runs the enclave's light client against real
// geth v1.13 sealers: three of them seal a chain; the verifier, given
// only the genesis hash, checks every header from the genesis, takes
// every final block's logs (receipts only where the bloom names the
// contract) and finds exactly the one log a transaction made, where the
// node says it is.
func TestVerifierOnRealClique(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three geth processes")
	}
	clique.RequireGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	net, err := clique.Start(ctx, clique.Options{Dir: t.TempDir(), Sealers: 3, Fund: []common.Address{from}})
	if err != nil {
		t.Fatal(err)
	}
	defer net.Close()
	ec, err := ethclient.DialContext(ctx, net.Sealers[0].RPC)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()

	// Deploy the contract, then call it: one log.
	chainID := new(big.Int).SetUint64(net.ChainID)
	signer := types.LatestSignerForChainID(chainID)
	contract := crypto.CreateAddress(from, 0)
	var call *types.Transaction
	for nonce, tx := range []types.TxData{
		&types.DynamicFeeTx{ChainID: chainID, Nonce: 0, Gas: 200_000, GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(100 * params.GWei), Data: logEmitter},
		&types.DynamicFeeTx{ChainID: chainID, Nonce: 1, Gas: 100_000, GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(100 * params.GWei), To: &contract},
	} {
		signed, err := types.SignNewTx(key, signer, tx)
		if err != nil {
			t.Fatal(err)
		}
		if err := ec.SendTransaction(ctx, signed); err != nil {
			t.Fatalf("send transaction %d: %v", nonce, err)
		}
		call = signed
	}
	var receipt *types.Receipt
	for receipt == nil {
		if receipt, err = ec.TransactionReceipt(ctx, call.Hash()); receipt == nil {
			select {
			case <-ctx.Done():
				t.Fatalf("the call was not mined: %v", err)
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	if receipt.Status != types.ReceiptStatusSuccessful || len(receipt.Logs) != 1 {
		t.Fatalf("the call: status %d, %d logs", receipt.Status, len(receipt.Logs))
	}
	// Enough blocks on top for the call's block to be final, and a dozen
	// headers in all.
	target := max(receipt.BlockNumber.Uint64()+4, 12)
	for {
		head, err := net.Head(ctx)
		if err == nil && head >= target {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the chain stopped below block %d", target)
		case <-time.After(300 * time.Millisecond):
		}
	}

	// The chain as one sealer has it, walked down from its head by parent
	// hashes (so that a reorganisation during the walk cannot mix
	// branches).
	head, err := ec.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	headers := []*types.Header{head}
	for h := head; h.Number.Sign() > 0; {
		if h, err = ec.HeaderByHash(ctx, h.ParentHash); err != nil {
			t.Fatal(err)
		}
		headers = append(headers, h)
	}
	slices.Reverse(headers)
	genesis := headers[0]
	// The header decoded from JSON hashes as geth says it does.
	var raw struct {
		Hash common.Hash `json:"hash"`
	}
	if err := ec.Client().CallContext(ctx, &raw, "eth_getBlockByNumber", "0x0", false); err != nil || raw.Hash != genesis.Hash() {
		t.Fatalf("genesis hash: geth says %s, the decoded header hashes to %s (%v)", raw.Hash, genesis.Hash(), err)
	}

	v, err := cliquechain.New(genesis, cliquechain.Config{Genesis: genesis.Hash(), Clique: params.CliqueConfig{Period: 1, Epoch: 30000}, Confirmations: 2})
	if err != nil {
		t.Fatal(err)
	}
	var sealers []common.Address
	for _, s := range net.Sealers {
		sealers = append(sealers, s.Address)
	}
	slices.SortFunc(sealers, common.Address.Cmp)
	if !slices.Equal(v.Signers(), sealers) {
		t.Fatalf("signers %v, want the sealers %v", v.Signers(), sealers)
	}
	// A header changed after its seal is refused.
	forged := types.CopyHeader(headers[1])
	forged.Time++
	if err := v.Insert(forged); !errors.Is(err, cliquechain.ErrUnauthorizedSigner) {
		t.Fatalf("a real header with its time changed: %v", err)
	}
	start := time.Now()
	if err := v.Insert(headers[1:]...); err != nil {
		t.Fatal(err)
	}
	outOfTurn := 0
	for _, h := range headers[1:] {
		if h.Difficulty.Uint64() == 1 {
			outOfTurn++
		}
	}
	t.Logf("verified %d real headers (%d sealed out of turn) in %v; head %v, final %v", len(headers)-1, outOfTurn, time.Since(start), v.Head().Number, v.Final().Number)
	if v.Head().Hash() != head.Hash() || v.Final().Number.Uint64() != head.Number.Uint64()-2 {
		t.Fatalf("head %v, final %v; want %v and two below", v.Head().Number, v.Final().Number, head.Number)
	}

	// Every final block's logs, receipts fetched only where the bloom says
	// the contract may have logged.
	var logs []*types.Log
	fetched := 0
	for h := v.Next(); h != nil; h = v.Next() {
		var receipts types.Receipts
		if cliquechain.MayHaveLogs(h, contract) {
			if receipts, err = ec.BlockReceipts(ctx, rpc.BlockNumberOrHashWithHash(h.Hash(), false)); err != nil {
				t.Fatal(err)
			}
			fetched++
			// Without its receipts, or with one left out, the block is
			// refused.
			if _, err := v.TakeLogs(h.Hash(), nil, contract); !errors.Is(err, cliquechain.ErrReceipts) {
				t.Fatalf("block %v without its receipts: %v", h.Number, err)
			}
			if _, err := v.TakeLogs(h.Hash(), receipts[:len(receipts)-1], contract); !errors.Is(err, cliquechain.ErrReceipts) {
				t.Fatalf("block %v with a receipt left out: %v", h.Number, err)
			}
			if h.Number.Cmp(receipt.BlockNumber) == 0 {
				body, err := ec.BlockByHash(ctx, h.Hash())
				if err != nil {
					t.Fatal(err)
				}
				hashes, err := v.TxHashes(h.Hash(), body.Transactions())
				if err != nil || hashes[receipt.TransactionIndex] != call.Hash() {
					t.Fatalf("transactions of block %v: %v", h.Number, err)
				}
			}
		}
		got, err := v.TakeLogs(h.Hash(), receipts, contract)
		if err != nil {
			t.Fatalf("block %v: %v", h.Number, err)
		}
		logs = append(logs, got...)
	}
	if len(logs) != 1 {
		t.Fatalf("%d logs of the contract in the final blocks, want 1", len(logs))
	}
	l, want := logs[0], receipt.Logs[0]
	if l.Address != contract || l.BlockNumber != want.BlockNumber || l.BlockHash != want.BlockHash || l.TxIndex != want.TxIndex ||
		l.Index != want.Index || string(l.Data) != string(want.Data) {
		t.Fatalf("log %+v, the node's %+v", l, want)
	}
	t.Logf("1 log at block %d, tx %d, index %d; receipts fetched for %d of %d final blocks", l.BlockNumber, l.TxIndex, l.Index, fetched, v.Final().Number)
}
