package devnet

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// Step is one command of the ERC-20 walkthrough and what it must yield.
type Step struct {
	Who, Fn string
	Node    int
	Args    func(addr map[string]common.Address) any
	// WantErr is a substring of the enclave's reason when the step must be
	// rejected; empty when it must succeed.
	WantErr string
	Note    string
}

type amountTo struct {
	To     common.Address `json:"to"`
	Amount string         `json:"amount"`
}

// Walkthrough is the scenario. Steps go to different nodes.
func Walkthrough() []Step {
	to := func(who string, amount string) func(map[string]common.Address) any {
		return func(a map[string]common.Address) any { return amountTo{a[who], amount} }
	}
	return []Step{
		{"alice", "init", 0, func(map[string]common.Address) any { return map[string]string{"supply": "100"} }, "", "alice initialises the token with 100"},
		{"alice", "transfer", 1, to("bob", "30"), "", "alice sends bob 30"},
		{"bob", "transfer", 2, to("charlie", "110"), "insufficient balance", "bob tries to send charlie 110"},
		{"alice", "approve", 0, func(a map[string]common.Address) any {
			return map[string]any{"spender": a["bob"], "amount": "30"}
		}, "", "alice approves bob for 30"},
		{"bob", "transfer_from", 1, func(a map[string]common.Address) any {
			return map[string]any{"owner": a["alice"], "to": a["charlie"], "amount": "20"}
		}, "", "bob moves 20 from alice to charlie"},
		{"alice", "mint", 2, to("bob", "50"), "", "alice mints 50 to bob"},
		{"bob", "mint", 0, to("bob", "50"), "not the owner", "bob tries to mint"},
		{"bob", "burn", 1, func(map[string]common.Address) any { return map[string]string{"amount": "20"} }, "", "bob burns 20"},
		{"alice", "transfer", 2, to("alice", "10"), "", "alice sends herself 10"},
		{"alice", "init", 0, func(map[string]common.Address) any { return map[string]string{"supply": "100"} }, "already initialised", "alice tries to initialise again"},
	}
}

// Expected is the state after the walkthrough.
var Expected = struct {
	Balances    map[string]string
	TotalSupply string
	Allowance   string // alice → bob
}{map[string]string{"alice": "50", "bob": "60", "charlie": "20"}, "130", "10"}

// Users returns fresh keys for the walkthrough's users.
func Users() (map[string]*ecdsa.PrivateKey, error) {
	out := map[string]*ecdsa.PrivateKey{}
	for _, n := range []string{"alice", "bob", "charlie"} {
		k, err := crypto.GenerateKey()
		if err != nil {
			return nil, err
		}
		out[n] = k
	}
	return out, nil
}

// RunWalkthrough runs the scenario through clients of the given nodes,
// printing each step with the balances read back from every node, and
// fails on the first deviation from what the step must yield.
func RunWalkthrough(ctx context.Context, clients []*client.Client, users map[string]*ecdsa.PrivateKey, w io.Writer) error {
	addr := map[string]common.Address{}
	for n, k := range users {
		addr[n] = crypto.PubkeyToAddress(k.PublicKey)
	}
	for i, s := range Walkthrough() {
		c := clients[s.Node%len(clients)]
		_, err := c.Command(ctx, users[s.Who], erc20abi.Name, s.Fn, s.Args(addr))
		var rej *client.Rejected
		switch {
		case s.WantErr == "" && err != nil:
			return fmt.Errorf("step %d (%s): %w", i+1, s.Note, err)
		case s.WantErr != "" && err == nil:
			return fmt.Errorf("step %d (%s): accepted, want rejection %q", i+1, s.Note, s.WantErr)
		case s.WantErr != "" && (!errors.As(err, &rej) || !strings.Contains(rej.Reason, s.WantErr)):
			return fmt.Errorf("step %d (%s): %v, want rejection %q", i+1, s.Note, err, s.WantErr)
		}
		result := "ok"
		if err != nil {
			result = err.Error()
		}
		fmt.Fprintf(w, "%2d. %-38s via node %d: %s\n", i+1, s.Note, s.Node%len(clients), result)
		for ni, c := range clients {
			line, err := Balances(ctx, c, users)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "      node %d: %s\n", ni, line)
		}
	}
	return CheckExpected(ctx, clients, users)
}

// Balances reads every user's balance (each user reads its own) and the
// total supply from one node.
func Balances(ctx context.Context, c *client.Client, users map[string]*ecdsa.PrivateKey) (string, error) {
	var parts []string
	for _, n := range []string{"alice", "bob", "charlie"} {
		b, err := readU256(ctx, c, users[n], "balance", nil)
		if err != nil {
			return "", err
		}
		parts = append(parts, fmt.Sprintf("%s=%s", n, b))
	}
	ts, err := readU256(ctx, c, users["alice"], "total_supply", nil)
	if err != nil {
		var rej *client.Rejected
		if !errors.As(err, &rej) {
			return "", err
		}
		ts = "-"
	}
	return strings.Join(parts, " ") + " total=" + ts, nil
}

func readU256(ctx context.Context, c *client.Client, k *ecdsa.PrivateKey, fn string, args any) (string, error) {
	raw, err := c.Query(ctx, k, erc20abi.Name, fn, args)
	if err != nil {
		return "", err
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s: malformed result %s", fn, raw)
	}
	return s, nil
}

// CheckExpected verifies the final state on every node.
func CheckExpected(ctx context.Context, clients []*client.Client, users map[string]*ecdsa.PrivateKey) error {
	bob := crypto.PubkeyToAddress(users["bob"].PublicKey)
	for ni, c := range clients {
		for n, want := range Expected.Balances {
			got, err := readU256(ctx, c, users[n], "balance", nil)
			if err != nil {
				return err
			}
			if got != want {
				return fmt.Errorf("node %d: %s's balance is %s, want %s", ni, n, got, want)
			}
		}
		if got, err := readU256(ctx, c, users["charlie"], "total_supply", nil); err != nil || got != Expected.TotalSupply {
			return fmt.Errorf("node %d: total supply %s (%v), want %s", ni, got, err, Expected.TotalSupply)
		}
		if got, err := readU256(ctx, c, users["alice"], "allowance", map[string]any{"spender": bob}); err != nil || got != Expected.Allowance {
			return fmt.Errorf("node %d: allowance alice→bob %s (%v), want %s", ni, got, err, Expected.Allowance)
		}
	}
	return nil
}
