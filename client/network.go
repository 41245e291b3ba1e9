package client

import "github.com/anonify-go/anonify/ledger"

// Network is a network file (what `anonify devnet --dir D` writes to
// D/devnet.json, and what operators hand their users): enough for a client
// or any Ethereum tool to find the chain, the contract and some nodes.
type Network = ledger.Network

// LoadNetwork reads a network file and checks that it names a chain and a
// contract.
func LoadNetwork(path string) (*Network, error) { return ledger.LoadNetwork(path) }
