package client_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wallet"
)

// These examples need a running network (`anonify devnet --dir /tmp/anon`
// writes /tmp/anon/devnet.json), so they are compiled but not run.

// aliceKey opens a key from the CLI's keystore (`anonify wallet create alice`).
func aliceKey() *ecdsa.PrivateKey {
	w, err := wallet.Open(os.ExpandEnv("$HOME/.anonify"))
	if err != nil {
		log.Fatal(err)
	}
	key, err := w.Key("alice", os.Getenv("ANONIFY_PASSPHRASE"))
	if err != nil {
		log.Fatal(err)
	}
	return key
}

// A whole session: connect to a node pinned to the network, send a
// transfer and wait for its outcome, then query the balance.
func Example() {
	ctx := context.Background()
	network, err := ledger.LoadNetwork("/tmp/anon/devnet.json")
	if err != nil {
		log.Fatal(err)
	}
	// A read-only view of the ledger (no key) pins the network: the
	// node's enclave must be a member that passes the on-ledger policy,
	// and every outcome the node returns is checked on the chain.
	led, err := ethereum.Dial(ctx, network.RPC, network.Contract, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer led.Close()
	c, err := client.Connect(ctx, network.Nodes[0], client.Options{Ledger: led})
	if err != nil {
		log.Fatal(err) // the enclave failed verification: nothing was sent
	}

	token := c.ERC20(aliceKey())
	bob := common.HexToAddress("0x00000000000000000000000000000000000000b0")
	out, err := token.Transfer(ctx, bob, uint256.NewInt(30)) // sends, then waits for the outcome
	var rejected *client.Rejected
	switch {
	case errors.As(err, &rejected):
		fmt.Println("rejected:", rejected.Reason) // e.g. "insufficient balance", sealed to alice alone
		return
	case errors.Is(err, client.ErrOutcomeUnknown):
		fmt.Println("sent, outcome unknown; ask any node for its fate:", err)
		return
	case err != nil:
		log.Fatal(err)
	}
	fmt.Printf("applied in block %d, transaction %s\n", out.Block, out.TxHash)

	balance, err := token.Balance(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("alice's balance:", balance)
}

// Connect without a ledger, pinning a policy of one's own instead (a
// policy JSON file, such as the "policy" field of `anonify attest policy
// show --json`).
func ExampleConnect() {
	ctx := context.Background()
	raw, err := os.ReadFile("policy.json")
	if err != nil {
		log.Fatal(err)
	}
	policy, err := attest.ParsePolicy(raw)
	if err != nil {
		log.Fatal(err)
	}
	c, err := client.Connect(ctx, "https://node.example:7000", client.Options{Policy: policy})
	if errors.Is(err, client.ErrEnclave) {
		log.Fatalf("refused the node's enclave: %v", err)
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("enclave", c.Info().Identity, "on", c.Info().TEEKind, "attested TLS:", c.AttestedTLS())
}

// Submit a command of any app without waiting, then wait for its outcome
// separately; if it is unknown, ask for the command's fate instead of
// sending it again.
func ExampleClient_Submit() {
	ctx := context.Background()
	c, err := client.Connect(ctx, os.Getenv("ANONIFY_NODE"), client.Options{})
	if err != nil {
		log.Fatal(err)
	}
	alice := aliceKey()
	args := map[string]string{"poll": "lunch", "option": "sushi"}
	id, reply, err := c.Submit(ctx, alice, "voting", "vote", args)
	if err != nil {
		log.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	out, err := c.Wait(wait, id, reply)
	if errors.Is(err, client.ErrOutcomeUnknown) {
		fate, ferr := c.Fate(ctx, alice, id)
		if ferr != nil {
			log.Fatal(ferr)
		}
		fmt.Printf("command %s: %+v\n", id, fate)
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("ok:", out.OK, "reason:", out.Error, "block:", out.Block)
}

// Query any app: the answer is sealed to the caller, and the result is
// the function's JSON (its type is in c.Apps).
func ExampleClient_Query() {
	ctx := context.Background()
	c, err := client.Connect(ctx, os.Getenv("ANONIFY_NODE"), client.Options{})
	if err != nil {
		log.Fatal(err)
	}
	raw, err := c.Query(ctx, aliceKey(), "voting", "tally", map[string]string{"poll": "lunch"})
	var rejected *client.Rejected
	if errors.As(err, &rejected) {
		fmt.Println("refused:", rejected.Reason) // e.g. before the poll closes
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	var tally struct {
		Results []struct {
			Option string `json:"option"`
			Votes  uint64 `json:"votes"`
		} `json:"results"`
	}
	if err := json.Unmarshal(raw, &tally); err != nil {
		log.Fatal(err)
	}
	for _, r := range tally.Results {
		fmt.Println(r.Option, r.Votes)
	}
}
