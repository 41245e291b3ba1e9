package ethereum

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// Gas limit = estimate × gasMarginNum/gasMarginDen + gasMarginAdd. The
// estimate is taken against the latest block; the margin absorbs state that
// changes before inclusion (for example an approval that crosses the
// threshold and executes the proposal).
const (
	gasMarginNum = 5
	gasMarginDen = 4
	gasMarginAdd = 10_000
)

// Receipt polling starts fast, because dev chains seal at once, and backs
// off to a pace a public node tolerates.
const (
	receiptPollMin = 5 * time.Millisecond
	receiptPollMax = 500 * time.Millisecond
)

// ErrNoHostKey is returned by the sending methods of a driver dialled
// without a host key.
var ErrNoHostKey = errors.New("ledger/ethereum: read-only driver: no host key to pay for transactions")

// transactor sends transactions from one host account (txsend.go): it
// estimates gas, assigns nonces itself so that several transactions are in
// flight at once, replaces stuck ones and resends ones a reorganisation
// dropped.
type transactor struct {
	client  *ethclient.Client
	abi     *ledgerabi.AnonifyLedger
	chainID *big.Int
	signer  types.Signer
	key     *ecdsa.PrivateKey
	from    common.Address
	policy  TxPolicy
	logger  *slog.Logger
	depth   func() uint64 // the confirmations a block needs to be final; nil: final at once

	sendMu      sync.Mutex // orders nonce assignment and first sends
	nextNonce   uint64
	nonceSynced bool
	cancels     map[uint64]*types.Transaction // unblock's cancellations, by nonce
	underprice  bool                          // tests only: first offers no block takes
	offer       feeOffer                      // the chain's last fee suggestion; guarded by sendMu

	statsMu sync.Mutex
	stats   TxStats
	active  map[uint64]bool // nonces a wait is under way for

	watchMu        sync.Mutex
	watching       map[uint64]*included // by nonce
	watcherRunning bool
	stop           chan struct{} // closed by close; nil: never watch (Deploy's one-shot transactor)
}

func newTransactor(client *ethclient.Client, abi *ledgerabi.AnonifyLedger, chainID *big.Int, key *ecdsa.PrivateKey) *transactor {
	t := &transactor{
		client:  client,
		abi:     abi,
		chainID: chainID,
		signer:  types.LatestSignerForChainID(chainID),
		key:     key,
		policy:  TxPolicy{}.withDefaults(),
	}
	if key != nil {
		t.from = crypto.PubkeyToAddress(key.PublicKey)
	}
	return t
}

// close stops the reorg watcher.
func (t *transactor) close() {
	t.watchMu.Lock()
	defer t.watchMu.Unlock()
	if t.stop != nil {
		close(t.stop)
		t.stop = nil
	}
}

// transact sends data to the contract at to (nil: deploy) and waits for the
// receipt. A refusal by the contract, found by gas estimation before sending
// or by replaying a reverted transaction, comes back as a ledger error.
// Concurrent calls each have their transaction in flight at once; each
// call's gas estimate sees the chain's latest block, so a call whose
// success depends on another one still in flight (the next batch sequence
// number, say) must wait for that one first.
func (t *transactor) transact(ctx context.Context, method string, to *common.Address, data []byte) (*types.Receipt, error) {
	if t.key == nil {
		return nil, ErrNoHostKey
	}
	msg := ethereum.CallMsg{From: t.from, To: to, Data: data}
	estimate, err := t.client.EstimateGas(ctx, msg)
	if err != nil {
		if rerr := t.revertError(err); rerr != nil {
			return nil, fmt.Errorf("ledger/ethereum: %s: %w", method, rerr)
		}
		return nil, fmt.Errorf("ledger/ethereum: %s: estimate gas: %w", method, err)
	}
	return t.transactGas(ctx, method, to, data, estimate*gasMarginNum/gasMarginDen+gasMarginAdd)
}

// transactGas is transact with the gas limit given: no estimate, so no
// call to the chain and no refusal found before sending; a call the
// contract refuses is found reverted in its receipt (and paid for), and
// comes back as the same ledger error.
func (t *transactor) transactGas(ctx context.Context, method string, to *common.Address, data []byte, gas uint64) (*types.Receipt, error) {
	s, err := t.sendGas(ctx, method, to, data, gas)
	if err != nil {
		return nil, err
	}
	return t.confirm(ctx, s)
}

// sendGas is the first half of transactGas: it sends, and returns once
// the transaction is out, with its nonce taken. confirm is the second.
func (t *transactor) sendGas(ctx context.Context, method string, to *common.Address, data []byte, gas uint64) (*sentTx, error) {
	if t.key == nil {
		return nil, ErrNoHostKey
	}
	s, err := t.send(ctx, method, to, data, gas)
	if err != nil {
		return nil, fmt.Errorf("ledger/ethereum: %s: %w", method, err)
	}
	s.to, s.data = to, data
	return s, nil
}

// confirm waits for s's receipt and returns it, or the contract's refusal
// if it reverted.
func (t *transactor) confirm(ctx context.Context, s *sentTx) (*types.Receipt, error) {
	method := s.method
	msg := ethereum.CallMsg{From: t.from, To: s.to, Data: s.data}
	receipt, err := t.wait(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("ledger/ethereum: %s: transaction %s (nonce %d) sent but not confirmed: %w", method, s.newest().Hash(), s.nonce, err)
	}
	t.awaitHead(ctx, receipt.BlockNumber)
	if receipt.Status == types.ReceiptStatusSuccessful {
		return receipt, nil
	}
	tx := s.versions[indexOf(s, receipt.TxHash)]
	return nil, fmt.Errorf("ledger/ethereum: %s: transaction %s reverted in block %d: %w",
		method, tx.Hash(), receipt.BlockNumber, t.revertReason(ctx, msg, tx, receipt))
}

// awaitHead waits, briefly, until the node's latest block is at least
// block. geth can serve a receipt before it moves "latest" to the block
// that holds it; a read in that gap would not see the write just
// confirmed, and a governance act signed over a nonce read there is stale
// on arrival (the contract recovers a stranger from it: NotGovernor). So
// the caller's next read sees its own writes.
func (t *transactor) awaitHead(ctx context.Context, block *big.Int) {
	if block == nil || !block.IsUint64() {
		return
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		head, err := t.client.BlockNumber(ctx)
		if err != nil || head >= block.Uint64() {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// buildTx signs a transaction at nonce, with EIP-1559 fees where the chain
// has a base fee and a legacy gas price where it has not (pre-London
// permissioned chains); a replacement of old offers more than old (fees).
func (t *transactor) buildTx(ctx context.Context, nonce uint64, to *common.Address, data []byte, gas uint64, old *types.Transaction) (*types.Transaction, error) {
	dynamic, tip, feeCap, err := t.fees(ctx, old)
	if err != nil {
		return nil, err
	}
	var inner types.TxData
	if dynamic {
		inner = &types.DynamicFeeTx{ChainID: t.chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: gas, To: to, Data: data}
	} else {
		inner = &types.LegacyTx{Nonce: nonce, GasPrice: feeCap, Gas: gas, To: to, Data: data}
	}
	tx, err := types.SignNewTx(t.key, t.signer, inner)
	if err != nil {
		return nil, fmt.Errorf("sign transaction: %w", err)
	}
	return tx, nil
}

// indexingInProgress reports geth's transient answer to a receipt query
// while its transaction indexer catches up with the head; the receipt will
// appear, so it means "not yet" like ethereum.NotFound.
func indexingInProgress(err error) bool {
	var de rpc.DataError
	return errors.As(err, &de) && de.ErrorData() == "transaction indexing is in progress"
}

// revertReason explains a reverted receipt. Running out of gas shows in the
// receipt itself; otherwise the call is replayed on the state after the
// block, which reproduces the usual cause: an earlier transaction in the same
// block (another member's handshake, say) changed what the call relied on.
func (t *transactor) revertReason(ctx context.Context, msg ethereum.CallMsg, tx *types.Transaction, receipt *types.Receipt) error {
	if receipt.GasUsed >= tx.Gas() {
		return &ledger.ContractError{Kind: ledger.ErrReverted, Name: "OutOfGas",
			Detail: fmt.Sprintf("used all %d gas of the limit", tx.Gas())}
	}
	msg.Gas = tx.Gas()
	_, err := t.client.CallContract(ctx, msg, receipt.BlockNumber)
	if err == nil {
		return &ledger.ContractError{Kind: ledger.ErrReverted, Name: "Unknown",
			Detail: "the call succeeds when replayed after the block, so its reason is lost"}
	}
	if rerr := t.revertError(err); rerr != nil {
		return rerr
	}
	return &ledger.ContractError{Kind: ledger.ErrReverted, Name: "Unknown",
		Detail: fmt.Sprintf("replaying the call to read the reason failed: %v", err)}
}

// revertError extracts the revert data from a JSON-RPC error and decodes it,
// or returns nil if err is not a revert (the node is unreachable, say).
func (t *transactor) revertError(err error) error {
	data, ok := revertData(err)
	if !ok {
		return nil
	}
	return decodeRevert(t.abi, data)
}
