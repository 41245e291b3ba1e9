package ethereum

import (
	"errors"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TestConcurrentSends: concurrent posts from one host account are all in
// flight at once, with nonces the manager assigns, and all land.
func TestConcurrentSends(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	const posts = 12
	var wg sync.WaitGroup
	errs := make(chan error, posts)
	for range posts {
		e := newEnclave(t)
		wg.Go(func() { errs <- n.host.Register(ctx, e.registration(t, n.host)) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Register: %v", err)
		}
	}
	s := n.host.TxStats()
	if s.Sent != posts || s.InFlight != 0 || s.Replaced != 0 {
		t.Fatalf("stats %+v, want %d sent, none in flight or replaced", s, posts)
	}
	if s.PeakInFlight < 2 {
		t.Fatalf("at most %d transaction in flight at once, want several", s.PeakInFlight)
	}
	nonce, err := n.host.client.NonceAt(ctx, n.host.HostAddress(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if nonce != posts {
		t.Fatalf("account nonce %d after %d transactions", nonce, posts)
	}
}

// TestStuckTransactionReplaced: a transaction the chain leaves waiting
// (its first offer is below what any block takes) is replaced at the same
// nonce with higher fees and lands; with a fee cap it may not pass, the
// wait fails with ErrFeeCap instead.
func TestStuckTransactionReplaced(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	n.host.SetTxPolicy(TxPolicy{StuckAfter: 300 * time.Millisecond})
	n.host.tx.underprice = true

	e := newEnclave(t)
	if err := n.host.Register(ctx, e.registration(t, n.host)); err != nil {
		t.Fatalf("Register with a stuck first offer: %v", err)
	}
	s := n.host.TxStats()
	if s.Sent != 1 || s.Replaced < 1 {
		t.Fatalf("stats %+v, want 1 sent and at least 1 replacement", s)
	}
	if !registered(t, n.host, e.id) {
		t.Fatalf("registration not on the ledger after the replacement")
	}

	// A cap at the stuck offer: nothing can be raised, so it fails.
	n.gov[0].SetTxPolicy(TxPolicy{StuckAfter: 200 * time.Millisecond, MaxFeeCap: big.NewInt(1)})
	n.gov[0].tx.underprice = true
	e2 := newEnclave(t)
	err := n.gov[0].Register(ctx, e2.registration(t, n.gov[0]))
	if !errors.Is(err, ErrFeeCap) {
		t.Fatalf("Register stuck at the fee cap: %v, want ErrFeeCap", err)
	}
	t.Logf("at the cap: %v", err)

	// The next transaction of that account waits behind the stuck one,
	// which nobody waits for any more: the manager cancels it.
	n.gov[0].SetTxPolicy(TxPolicy{StuckAfter: 200 * time.Millisecond})
	n.gov[0].tx.underprice = false
	if err := n.gov[0].Register(ctx, e2.registration(t, n.gov[0])); err != nil {
		t.Fatalf("Register behind an abandoned stuck transaction: %v", err)
	}
}

// TestStuckNonceFromAnotherProcess: a transaction left in the pool by an
// earlier process of the same host key, underpriced, blocks the account;
// a fresh driver sends behind it, finds it stuck with no one waiting for
// it, cancels it, and its own transaction lands.
func TestStuckNonceFromAnotherProcess(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	earlier := dialTest(t, n.chain.RPCURL(), n.contract, n.chain.Accounts()[3])
	earlier.tx.underprice = true
	stuck, err := earlier.tx.send(ctx, "register", &n.contract, []byte{1, 2, 3}, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	earlier.Close()

	later := dialTest(t, n.chain.RPCURL(), n.contract, n.chain.Accounts()[3])
	later.SetTxPolicy(TxPolicy{StuckAfter: 200 * time.Millisecond})
	e := newEnclave(t)
	if err := later.Register(ctx, e.registration(t, later)); err != nil {
		t.Fatalf("Register behind another process's stuck transaction: %v", err)
	}
	if _, err := later.client.TransactionReceipt(ctx, stuck.newest().Hash()); err == nil {
		t.Fatalf("the stuck transaction was included; it should have been cancelled")
	}
}

// TestReorgDropResubmitted: a transaction whose block a reorganisation
// replaces, and that the chain's pool forgot, is sent again by the
// manager's watcher while it is not final, and lands on the new branch.
func TestReorgDropResubmitted(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	n.host.SetConfirmations(3)
	e := newEnclave(t)
	if err := n.host.Register(ctx, e.registration(t, n.host)); err != nil {
		t.Fatal(err)
	}
	if err := n.chain.Reorg(1); err != nil {
		t.Fatalf("Reorg: %v", err)
	}
	if registered(t, n.host, e.id) {
		t.Fatalf("the registration survived the reorg; the test needs it dropped")
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if registered(t, n.host, e.id) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the dropped registration was not sent again (stats %+v)", n.host.TxStats())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if s := n.host.TxStats(); s.Resubmitted != 1 {
		t.Fatalf("stats %+v, want 1 resubmission", s)
	}
}

// TestTxFees checks the offers: replacements raise both tip and cap by at
// least BumpPercent, and the cap clamps both.
func TestTxFees(t *testing.T) {
	n := newTestNet(t)
	ctx := testContext(t)
	tr := n.host.tx
	_, tip, feeCap, err := tr.fees(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := types.NewTx(&types.DynamicFeeTx{GasTipCap: big.NewInt(1_000_000_000), GasFeeCap: big.NewInt(50_000_000_000)})
	_, tip2, cap2, err := tr.fees(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if tip2.Cmp(big.NewInt(1_250_000_000)) < 0 || cap2.Cmp(big.NewInt(62_500_000_000)) < 0 {
		t.Fatalf("replacement offers tip %s cap %s over tip 1 gwei cap 50 gwei, want +25%%", tip2, cap2)
	}
	if tip2.Cmp(tip) < 0 || cap2.Cmp(feeCap) < 0 {
		t.Fatalf("replacement offers less than the chain's suggestion")
	}
	tr.policy.MaxFeeCap = big.NewInt(10)
	_, tip3, cap3, err := tr.fees(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if cap3.Cmp(big.NewInt(10)) != 0 || tip3.Cmp(big.NewInt(10)) > 0 {
		t.Fatalf("capped offer tip %s cap %s, want at most 10", tip3, cap3)
	}
	if got := (TxPolicy{BumpPercent: 3}).withDefaults().BumpPercent; got != minBumpPercent {
		t.Fatalf("bump of 3%% became %d, want the pool minimum %d", got, minBumpPercent)
	}
}

func registered(t *testing.T, d *Driver, id common.Address) bool {
	t.Helper()
	ok, err := d.Registered(testContext(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}
