package ethereum

import (
	"bufio"
	"context"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/anonify-go/anonify/ledger/ethereum/embedded"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// TestEmbeddedDataDir: a chain kept in a directory comes back after Close
// with its blocks, its contract and its dev accounts; a mismatched chain
// id is refused rather than silently starting another chain.
func TestEmbeddedDataDir(t *testing.T) {
	dir := t.TempDir()
	ctx := testContext(t)
	chain, err := embedded.Start(embedded.Options{Accounts: 2, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	keys := chain.Accounts()
	contract := deployOn(t, ctx, chain)
	head := headOf(t, ctx, chain.RPCURL())
	if st, err := os.Stat(dir + "/" + "dev-accounts.json"); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("accounts file: %v %v", st, err)
	}
	if err := chain.Close(); err != nil {
		t.Fatal(err)
	}

	again, err := embedded.Start(embedded.Options{Accounts: 2, DataDir: dir})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer again.Close()
	if got := headOf(t, ctx, again.RPCURL()); got != head {
		t.Fatalf("reopened at block %d, closed at %d", got, head)
	}
	for i, k := range again.Accounts() {
		if addr(k) != addr(keys[i]) {
			t.Fatalf("dev account %d changed across restarts", i)
		}
	}
	d := dialTest(t, again.RPCURL(), contract, again.Accounts()[0])
	if at, err := d.DeployedAt(ctx); err != nil || at == 0 {
		t.Fatalf("contract after reopen: deployed at %d, %v", at, err)
	}
	// The chain keeps sealing on top of its old head.
	deployOn(t, ctx, again)
	if got := headOf(t, ctx, again.RPCURL()); got <= head {
		t.Fatalf("no new block after reopen: head %d", got)
	}
	again.Close()

	if e, err := embedded.Start(embedded.Options{DataDir: dir, ChainID: big.NewInt(7)}); err == nil {
		e.Close()
		t.Fatal("reopened a chain under another chain id")
	} else if !strings.Contains(err.Error(), "has chain id 1337, not 7") {
		t.Fatalf("other chain id: %v", err)
	}
	if e, err := embedded.Start(embedded.Options{DataDir: dir, Accounts: 5}); err == nil {
		e.Close()
		t.Fatal("reopened a chain with more accounts than its genesis")
	} else if !strings.Contains(err.Error(), "created with 2 dev accounts, 5 asked for") {
		t.Fatalf("more accounts: %v", err)
	}
}

// TestEmbeddedSurvivesSIGKILL: a chain process killed without warning
// restarts at the last block it sealed (archive mode writes each block's
// state as it is sealed), so nodes that saw a block never find the chain
// behind them.
func TestEmbeddedSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a chain in another process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestEmbeddedChainProcess$")
	cmd.Env = append(os.Environ(), "EMBEDDED_CHAIN_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("chain process: %v", err)
	}
	var hexContract string
	var head uint64
	if _, err := fmt.Sscan(line, &hexContract, &head); err != nil || !common.IsHexAddress(hexContract) {
		t.Fatalf("chain process said %q: %v", line, err)
	}
	contract := common.HexToAddress(hexContract)
	cmd.Process.Kill()
	cmd.Wait()

	ctx := testContext(t)
	chain, err := embedded.Start(embedded.Options{Accounts: 1, DataDir: dir})
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer chain.Close()
	if got := headOf(t, ctx, chain.RPCURL()); got < head {
		t.Fatalf("after SIGKILL the chain is at block %d, it had sealed %d", got, head)
	}
	d := dialTest(t, chain.RPCURL(), contract, nil)
	if _, err := d.DeployedAt(ctx); err != nil {
		t.Fatalf("contract lost in the crash: %v", err)
	}
}

// TestEmbeddedChainProcess is the other process of
// TestEmbeddedSurvivesSIGKILL: it deploys a contract on a chain in
// EMBEDDED_CHAIN_DIR, prints the address and head, and waits to be killed.
func TestEmbeddedChainProcess(t *testing.T) {
	dir := os.Getenv("EMBEDDED_CHAIN_DIR")
	if dir == "" {
		t.Skip("helper process")
	}
	chain, err := embedded.Start(embedded.Options{Accounts: 1, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c := deployOn(t, ctx, chain)
	deployOn(t, ctx, chain)
	os.Stdout.WriteString(c.Hex() + " " + strconv.FormatUint(headOf(t, ctx, chain.RPCURL()), 10) + "\n")
	select {}
}

func deployOn(t *testing.T, ctx context.Context, chain *embedded.Chain) common.Address {
	t.Helper()
	client, err := ethclient.DialContext(ctx, chain.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	k := chain.Accounts()[0]
	c, err := Deploy(ctx, client, k, []common.Address{addr(k)}, 1, []byte(testPolicy))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func headOf(t *testing.T, ctx context.Context, url string) uint64 {
	t.Helper()
	client, err := ethclient.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	h, err := client.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
