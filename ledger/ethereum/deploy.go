package ethereum

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// Deploy deploys a new AnonifyLedger from deployer's account and returns its
// address once the deployment is included. governors approve policy and
// founder proposals; threshold of them must agree. policy is version 1 of the
// admission policy (opaque to the contract; the enclaves interpret it).
//
// Invalid parameters (no governors, a zero or repeated governor, threshold 0
// or above the number of governors, empty or oversized policy) are refused
// by the contract's constructor and come back as ledger.ErrInvalidInput
// before anything is sent.
func Deploy(ctx context.Context, client *ethclient.Client, deployer *ecdsa.PrivateKey, governors []common.Address, threshold uint64, policy []byte) (common.Address, error) {
	if client == nil {
		return common.Address{}, errors.New("ledger/ethereum: deploy: nil client")
	}
	if deployer == nil {
		return common.Address{}, fmt.Errorf("ledger/ethereum: deploy: %w", ErrNoHostKey)
	}
	chainID, err := client.ChainID(ctx)
	if err != nil {
		return common.Address{}, fmt.Errorf("ledger/ethereum: deploy: JSON-RPC endpoint unreachable (eth_chainId failed): %w", err)
	}
	c := ledgerabi.NewAnonifyLedger()
	args, err := c.GetABI().Pack("", governors, new(big.Int).SetUint64(threshold), policy)
	if err != nil {
		return common.Address{}, fmt.Errorf("ledger/ethereum: deploy: pack constructor: %w", err)
	}
	code := common.FromHex(ledgerabi.AnonifyLedgerMetaData.Bin)
	data := append(code[:len(code):len(code)], args...)

	t := newTransactor(client, c, chainID, deployer)
	receipt, err := t.transact(ctx, "deploy", nil, data)
	if err != nil {
		return common.Address{}, err
	}
	return receipt.ContractAddress, nil
}
