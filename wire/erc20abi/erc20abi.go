// Package erc20abi is the ERC-20 app's interface as clients see it: the app
// name and the JSON arguments of its functions. The app itself
// (enclave/apps/erc20, trusted) decodes exactly these types; clients and
// the CLI encode them without linking any enclave code.
//
// Trust: shared by both sides; it holds no logic.
package erc20abi

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// Name is the app name clients address requests to.
const Name = "erc20"

type (
	InitArgs struct {
		Supply *uint256.Int `json:"supply"`
	}
	TransferArgs struct {
		To     common.Address `json:"to"`
		Amount *uint256.Int   `json:"amount"`
	}
	ApproveArgs struct {
		Spender common.Address `json:"spender"`
		Amount  *uint256.Int   `json:"amount"`
	}
	TransferFromArgs struct {
		Owner  common.Address `json:"owner"`
		To     common.Address `json:"to"`
		Amount *uint256.Int   `json:"amount"`
	}
	MintArgs struct {
		To     common.Address `json:"to"`
		Amount *uint256.Int   `json:"amount"`
	}
	BurnArgs struct {
		Amount *uint256.Int `json:"amount"`
	}
	NoArgs        struct{}
	AllowanceArgs struct {
		// Owner defaults to the caller. Only the owner or the spender may
		// read an allowance.
		Owner   *common.Address `json:"owner,omitempty"`
		Spender common.Address  `json:"spender"`
	}
)
