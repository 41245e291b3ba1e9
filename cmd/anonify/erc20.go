package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

func erc20Cmd() *cobra.Command {
	var f clientFlags
	var from string
	cmd := &cobra.Command{
		Use:   "erc20",
		Short: "Use the confidential ERC-20 token",
		Long: `Commands of the confidential ERC-20 app. State-changing commands wait until
the command is applied and exit 0, or exit 3 with the enclave's reason, or,
if the node is lost before the outcome comes, exit 4 and print the
command's id (ask any node what became of it: anonify command status ID).
Queries print the number alone on stdout.`,
	}
	cmd.PersistentFlags().StringVar(&from, "from", "", "wallet account that signs (required)")

	parseAmount := func(flag, s string) (*uint256.Int, error) {
		v, err := uint256.FromDecimal(s)
		if err != nil {
			return nil, &exitError{2, fmt.Errorf("--%s %q: not an unsigned 256-bit decimal integer", flag, s)}
		}
		return v, nil
	}

	type builder = func(resolve func(string) (common.Address, error)) (any, error)
	// prepare does what every erc20 subcommand does first: turn flags into
	// arguments, open the signing key, and connect to a verified node.
	prepare := func(ctx context.Context, build builder) (any, *ecdsa.PrivateKey, *client.Client, func(), error) {
		w, err := f.wallet()
		if err != nil {
			return nil, nil, nil, nil, err
		}
		args, err := build(func(s string) (common.Address, error) {
			a, err := w.Resolve(s)
			return a, walletInputError(err)
		})
		if err != nil {
			return nil, nil, nil, nil, err
		}
		key, err := f.key(w, from)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		c, done, err := f.connect(ctx)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		return args, key, c, done, nil
	}

	// command runs a state-changing function; build turns flags into args.
	command := func(use, fn, short string, build builder) *cobra.Command {
		return &cobra.Command{
			Use: use, Short: short, Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				args, key, c, done, err := prepare(cmd.Context(), build)
				if err != nil {
					return err
				}
				defer done()
				out, err := c.Command(cmd.Context(), key, erc20abi.Name, fn, args)
				return f.reportCommand(from, out, err)
			},
		}
	}
	query := func(use, fn, short string, build builder) *cobra.Command {
		return &cobra.Command{
			Use: use, Short: short, Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				args, key, c, done, err := prepare(cmd.Context(), build)
				if err != nil {
					return err
				}
				defer done()
				raw, err := c.Query(cmd.Context(), key, erc20abi.Name, fn, args)
				var rej *client.Rejected
				if errors.As(err, &rej) {
					return &exitError{3, err}
				}
				if err != nil {
					return err
				}
				var n string
				if err := json.Unmarshal(raw, &n); err != nil {
					return fmt.Errorf("malformed result %s", raw)
				}
				if f.json {
					return printJSON(map[string]string{fn: n})
				}
				fmt.Println(n)
				return nil
			},
		}
	}

	var supply, to, amount, spender, owner string
	str := func(c *cobra.Command, v *string, name, usage string) {
		c.Flags().StringVar(v, name, "", usage)
		c.MarkFlagRequired(name)
	}
	type res = func(string) (common.Address, error)

	initC := command("init", "init", "Initialise the token: --from becomes owner and receives --supply", func(res) (any, error) {
		s, err := parseAmount("supply", supply)
		return erc20abi.InitArgs{Supply: s}, err
	})
	str(initC, &supply, "supply", "initial supply")

	// amountTo reads --amount and --to, which transfer and mint share.
	amountTo := func(r res) (*uint256.Int, common.Address, error) {
		a, err := parseAmount("amount", amount)
		if err != nil {
			return nil, common.Address{}, err
		}
		t, err := r(to)
		return a, t, err
	}

	transfer := command("transfer", "transfer", "Send --amount to --to (NAME or ADDR)", func(r res) (any, error) {
		a, t, err := amountTo(r)
		return erc20abi.TransferArgs{To: t, Amount: a}, err
	})
	str(transfer, &to, "to", "recipient: wallet NAME or 0xADDR")
	str(transfer, &amount, "amount", "amount")

	approve := command("approve", "approve", "Allow --spender to move up to --amount of --from's tokens", func(r res) (any, error) {
		a, err := parseAmount("amount", amount)
		if err != nil {
			return nil, err
		}
		sp, err := r(spender)
		return erc20abi.ApproveArgs{Spender: sp, Amount: a}, err
	})
	str(approve, &spender, "spender", "spender: wallet NAME or 0xADDR")
	str(approve, &amount, "amount", "allowance")

	transferFrom := command("transfer-from", "transfer_from", "As spender --from, move --amount from --owner to --to", func(r res) (any, error) {
		a, err := parseAmount("amount", amount)
		if err != nil {
			return nil, err
		}
		o, err := r(owner)
		if err != nil {
			return nil, err
		}
		t, err := r(to)
		return erc20abi.TransferFromArgs{Owner: o, To: t, Amount: a}, err
	})
	str(transferFrom, &owner, "owner", "owner of the tokens: wallet NAME or 0xADDR")
	str(transferFrom, &to, "to", "recipient: wallet NAME or 0xADDR")
	str(transferFrom, &amount, "amount", "amount")

	mint := command("mint", "mint", "As owner, create --amount new tokens for --to", func(r res) (any, error) {
		a, t, err := amountTo(r)
		return erc20abi.MintArgs{To: t, Amount: a}, err
	})
	str(mint, &to, "to", "recipient: wallet NAME or 0xADDR")
	str(mint, &amount, "amount", "amount")

	burn := command("burn", "burn", "Destroy --amount of --from's tokens", func(res) (any, error) {
		a, err := parseAmount("amount", amount)
		return erc20abi.BurnArgs{Amount: a}, err
	})
	str(burn, &amount, "amount", "amount")

	balance := query("balance", "balance", "Print --from's balance", func(res) (any, error) { return nil, nil })
	allowance := query("allowance", "allowance", "Print the allowance --from granted --spender", func(r res) (any, error) {
		sp, err := r(spender)
		return erc20abi.AllowanceArgs{Spender: sp}, err
	})
	str(allowance, &spender, "spender", "spender: wallet NAME or 0xADDR")
	totalSupply := query("total-supply", "total_supply", "Print the total supply", func(res) (any, error) { return nil, nil })

	cmd.AddCommand(initC, transfer, approve, transferFrom, mint, burn, balance, allowance, totalSupply)
	f.addLeaves(cmd, needNode|needKey)
	return cmd
}
