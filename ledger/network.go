package ledger

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/ethereum/go-ethereum/common"
)

// Network is a network file (what `anonify devnet --dir D` writes to
// D/devnet.json, and what operators hand their users): enough for a client,
// a node or any Ethereum tool to find the chain, the contract and some
// nodes. It lives here, beside the ledger interface, so that the lean node
// binary reads it without linking the client SDK.
type Network struct {
	RPC      string         `json:"rpc"`
	ChainID  uint64         `json:"chain_id"`
	Contract common.Address `json:"contract"`
	Nodes    []string       `json:"nodes"`
}

// LoadNetwork reads a network file and checks that it names a chain and a
// contract.
func LoadNetwork(path string) (*Network, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var n Network
	if err := json.Unmarshal(b, &n); err != nil {
		return nil, fmt.Errorf("%s: not a network file (devnet.json): %w", path, err)
	}
	if n.RPC == "" || n.Contract == (common.Address{}) {
		return nil, fmt.Errorf("%s: network file names no RPC URL or no contract", path)
	}
	return &n, nil
}
