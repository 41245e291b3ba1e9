package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/ledger/ethereum"
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
	// Removal is a governance act: no operator, and no single enclave, can
	// evict a member. The governors expel; then any member commits the
	// removal, and every member checks the expulsion before accepting it.
	victim := d.Nodes[2].Enclave().Identity()
	gov, err := ethereum.Dial(ctx, d.Info.RPC, d.Info.Contract, d.Governor)
	if err != nil {
		return err
	}
	defer gov.Close()
	id, err := gov.ProposeExpel(ctx, victim)
	if err != nil {
		return fmt.Errorf("expel: %w", err)
	}
	fmt.Fprintf(w, "governance expels node 2's enclave %s (proposal %d, signed by the governor)\n", victim.Hex()[:10], id)
	epoch, err := waitRemoved(ctx, clients[0], victim)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "the members removed it from the group key (MLS commit with Remove): now epoch %d\n", epoch)
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

// waitRemoved waits until the group, as c's enclave sees it, no longer
// holds member, and returns the epoch.
func waitRemoved(ctx context.Context, c *client.Client, member common.Address) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		g, err := c.Group(ctx)
		if err != nil {
			return 0, err
		}
		if !slices.ContainsFunc(g.Members, func(m client.GroupMember) bool { return m.Identity == member }) {
			return g.Epoch, nil
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("the members did not remove the expelled %s: %w", member.Hex(), ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
