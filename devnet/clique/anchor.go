package clique

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/anonify-go/anonify/attest"
)

// Epoch is the Clique epoch of the genesis this package writes.
const Epoch = 30000

// Anchor is how the enclaves of a network on n verify it: from its
// genesis block, with confirmations blocks on top of a block before they
// apply it. A devnet pins it in the network's first policy.
func (n *Network) Anchor(ctx context.Context, confirmations uint64) (attest.ChainAnchor, error) {
	if len(n.Sealers) == 0 {
		return attest.ChainAnchor{}, fmt.Errorf("clique: no sealer")
	}
	c, err := ethclient.DialContext(ctx, n.Sealers[0].RPC)
	if err != nil {
		return attest.ChainAnchor{}, err
	}
	defer c.Close()
	g, err := c.HeaderByNumber(ctx, common.Big0)
	if err != nil {
		return attest.ChainAnchor{}, fmt.Errorf("clique: read the genesis block: %w", err)
	}
	a := attest.ChainAnchor{Verify: attest.ChainClique, Genesis: g.Hash().Bytes(), Epoch: Epoch, Confirmations: confirmations}
	return a, a.Validate()
}
