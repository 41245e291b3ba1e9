package client

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/anonify-go/anonify/wire"
	abi "github.com/anonify-go/anonify/wire/erc20abi"
)

// ERC20 calls the confidential ERC-20 app as one account, with the typed
// arguments of wire/erc20abi. Commands wait for their outcome like
// Command (a rejection is a *Rejected error); queries return the number.
type ERC20 struct {
	c   *Client
	key *ecdsa.PrivateKey
}

// ERC20 returns the ERC-20 app's typed calls for the account key.
func (c *Client) ERC20(key *ecdsa.PrivateKey) ERC20 { return ERC20{c: c, key: key} }

func (t ERC20) Init(ctx context.Context, supply *uint256.Int) (*wire.Outcome, error) {
	return t.c.Command(ctx, t.key, abi.Name, "init", abi.InitArgs{Supply: supply})
}

func (t ERC20) Transfer(ctx context.Context, to common.Address, amount *uint256.Int) (*wire.Outcome, error) {
	return t.c.Command(ctx, t.key, abi.Name, "transfer", abi.TransferArgs{To: to, Amount: amount})
}

func (t ERC20) Approve(ctx context.Context, spender common.Address, amount *uint256.Int) (*wire.Outcome, error) {
	return t.c.Command(ctx, t.key, abi.Name, "approve", abi.ApproveArgs{Spender: spender, Amount: amount})
}

// TransferFrom moves amount from owner to to, as a spender owner approved.
func (t ERC20) TransferFrom(ctx context.Context, owner, to common.Address, amount *uint256.Int) (*wire.Outcome, error) {
	return t.c.Command(ctx, t.key, abi.Name, "transfer_from", abi.TransferFromArgs{Owner: owner, To: to, Amount: amount})
}

// Mint creates amount for to; only the token's owner may.
func (t ERC20) Mint(ctx context.Context, to common.Address, amount *uint256.Int) (*wire.Outcome, error) {
	return t.c.Command(ctx, t.key, abi.Name, "mint", abi.MintArgs{To: to, Amount: amount})
}

func (t ERC20) Burn(ctx context.Context, amount *uint256.Int) (*wire.Outcome, error) {
	return t.c.Command(ctx, t.key, abi.Name, "burn", abi.BurnArgs{Amount: amount})
}

// Balance is the account's own balance (nobody reads another's).
func (t ERC20) Balance(ctx context.Context) (*uint256.Int, error) {
	return t.number(ctx, "balance", nil)
}

// Allowance is what owner allows spender; the account must be one of
// them.
func (t ERC20) Allowance(ctx context.Context, owner, spender common.Address) (*uint256.Int, error) {
	return t.number(ctx, "allowance", abi.AllowanceArgs{Owner: &owner, Spender: spender})
}

func (t ERC20) TotalSupply(ctx context.Context) (*uint256.Int, error) {
	return t.number(ctx, "total_supply", nil)
}

func (t ERC20) number(ctx context.Context, fn string, args any) (*uint256.Int, error) {
	raw, err := t.c.Query(ctx, t.key, abi.Name, fn, args)
	if err != nil {
		return nil, err
	}
	var n uint256.Int
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, fmt.Errorf("client: %s.%s returned %s, not a number", abi.Name, fn, raw)
	}
	return &n, nil
}
