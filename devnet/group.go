package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"os"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// AdminToken reads node i's operator token.
func (d *Devnet) AdminToken(i int) (string, error) {
	b, err := os.ReadFile(d.Nodes[i].AdminTokenPath())
	return string(b), err
}

// RunGroupDemo rotates the group key through one node, removes the last
// node through another, and shows that transfers keep working after each
// while the removed node's enclave no longer can serve.
func RunGroupDemo(ctx context.Context, d *Devnet, clients []*client.Client, users map[string]*ecdsa.PrivateKey, w io.Writer) error {
	if len(clients) < 3 {
		return fmt.Errorf("the group demo needs three nodes")
	}
	printGroup := func() error {
		g, err := clients[0].Group(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   group: ledger epoch %d, MLS epoch %d, %d members:", g.Epoch, g.MLSEpoch, len(g.Members))
		for _, m := range g.Members {
			fmt.Fprintf(w, " %s(%s)", m.Identity.Hex()[:10], m.TEEKind)
		}
		fmt.Fprintln(w)
		return nil
	}
	transfer := func(node int) error {
		bob := crypto.PubkeyToAddress(users["bob"].PublicKey)
		if _, err := clients[node].Command(ctx, users["alice"], erc20abi.Name, "transfer", amountTo{bob, "1"}); err != nil {
			return fmt.Errorf("transfer via node %d: %w", node, err)
		}
		line, err := Balances(ctx, clients[0], users)
		fmt.Fprintf(w, "   alice sends bob 1 via node %d: ok; node 0 reads %s\n", node, line)
		return err
	}
	if err := printGroup(); err != nil {
		return err
	}
	tok, err := d.AdminToken(1)
	if err != nil {
		return err
	}
	r, err := clients[1].Rotate(ctx, tok)
	if err != nil {
		return fmt.Errorf("rotate: %w", err)
	}
	fmt.Fprintf(w, "rotation committed by node 1 (MLS commit with UpdatePath): now epoch %d\n", r.Epoch)
	if err := transfer(2); err != nil {
		return err
	}
	victim := d.Nodes[2].Enclave().Identity()
	if tok, err = d.AdminToken(0); err != nil {
		return err
	}
	if r, err = clients[0].Remove(ctx, tok, victim); err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	fmt.Fprintf(w, "node 2's enclave %s removed by node 0 (MLS commit with Remove): now epoch %d\n", victim.Hex()[:10], r.Epoch)
	if err := printGroup(); err != nil {
		return err
	}
	if err := transfer(1); err != nil {
		return err
	}
	_, err = clients[2].Query(ctx, users["alice"], erc20abi.Name, "balance", nil)
	if err == nil {
		return fmt.Errorf("the removed node still answers queries: %+v", d.Nodes[2].Enclave().Status())
	}
	fmt.Fprintf(w, "   node 2 now refuses: %v\n", err)
	return nil
}
