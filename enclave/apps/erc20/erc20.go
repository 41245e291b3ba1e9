// Package erc20 is the confidential ERC-20-like token: balances,
// allowances, total supply and owner live only inside enclaves. It is
// written against enclave/runtime alone, like any other app. Its request
// arguments (the app's ABI, which clients encode) are in wire/erc20abi, so
// that clients never link the app itself.
//
// It behaves like OpenZeppelin's ERC-20 wherever that applies to a token
// without events: the zero address can neither receive, send, spend nor be
// minted to; zero-value transfers succeed; approve overwrites; an
// allowance of 2^256-1 is unlimited; burning beyond one's balance and any
// overflow past 2^256-1 are refused. conformance_test.go names the
// reference behaviour behind each rule.
//
// Trust: TRUSTED (runs inside the enclave).
package erc20

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	rt "github.com/anonify-go/anonify/enclave/runtime"
	abi "github.com/anonify-go/anonify/wire/erc20abi"
)

// Name is the app name clients address requests to.
const Name = abi.Name

// New declares the app. Each call returns an independent declaration.
func New() *rt.App {
	app := rt.NewApp(Name)
	owner := rt.NewValue(app, "owner", rt.Address)
	supply := rt.NewValue(app, "total_supply", rt.U256)
	balance := rt.NewMap(app, "balance", rt.Address, rt.U256)
	allowance := rt.NewMap(app, "allowance", rt.AddressPairKey, rt.U256)
	// unlimited is the allowance transfer_from never decreases: 2^256-1.
	unlimited := new(uint256.Int).SetAllOne()

	u256 := func(v *uint256.Int, ok bool, err error) (*uint256.Int, error) {
		if err != nil {
			return nil, err
		}
		if !ok {
			return new(uint256.Int), nil
		}
		return v, nil
	}
	requireInit := func(ctx *rt.Ctx) (common.Address, error) {
		o, ok, err := owner.Get(ctx)
		if err != nil {
			return common.Address{}, err
		}
		if !ok {
			return common.Address{}, rt.Rejectf("token not initialised")
		}
		return o, nil
	}
	// The zero address has no key: tokens sent to it never move again, and
	// an allowance for it or from it means nothing. As OpenZeppelin's
	// ERC-20 does (ERC20InvalidReceiver, ERC20InvalidSpender,
	// ERC20InvalidSender), every function that names an account refuses
	// it, so the total supply only counts tokens someone can move.
	nonZero := func(role string, a common.Address) error {
		if a == (common.Address{}) {
			return rt.Rejectf("invalid %s: the zero address", role)
		}
		return nil
	}
	amountOf := func(a *uint256.Int) (*uint256.Int, error) {
		if a == nil {
			return nil, rt.Rejectf("amount is required")
		}
		return a, nil
	}
	// move is the shared core of transfer and transfer_from. A transfer to
	// oneself changes nothing but still needs the balance, as in ERC-20.
	//
	// A rejection's reason goes to the caller, so it may state the
	// caller's own balance but no one else's: a spender whose
	// transfer_from exceeds the owner's balance learns that it does (as in
	// ERC-20), never the balance itself.
	move := func(ctx *rt.Ctx, from, to common.Address, amount *uint256.Int) error {
		fb, err := u256(balance.Get(ctx, from))
		if err != nil {
			return err
		}
		if fb.Lt(amount) {
			if from != ctx.Sender {
				return rt.Rejectf("insufficient balance: the owner's balance is below %s", amount.Dec())
			}
			return rt.Rejectf("insufficient balance: have %s, need %s", fb.Dec(), amount.Dec())
		}
		if from == to {
			return nil
		}
		tb, err := u256(balance.Get(ctx, to))
		if err != nil {
			return err
		}
		newTo, overflow := new(uint256.Int).AddOverflow(tb, amount)
		if overflow {
			return rt.Rejectf("balance overflow")
		}
		if err := balance.Set(ctx, from, new(uint256.Int).Sub(fb, amount)); err != nil {
			return err
		}
		return balance.Set(ctx, to, newTo)
	}

	rt.Command(app, "init", func(ctx *rt.Ctx, a abi.InitArgs) error {
		if _, ok, err := owner.Get(ctx); err != nil || ok {
			if err != nil {
				return err
			}
			return rt.Rejectf("already initialised")
		}
		s, err := amountOf(a.Supply)
		if err != nil {
			return err
		}
		if err := owner.Set(ctx, ctx.Sender); err != nil {
			return err
		}
		if err := supply.Set(ctx, s); err != nil {
			return err
		}
		return balance.Set(ctx, ctx.Sender, s)
	})
	rt.Command(app, "transfer", func(ctx *rt.Ctx, a abi.TransferArgs) error {
		if _, err := requireInit(ctx); err != nil {
			return err
		}
		if err := nonZero("receiver", a.To); err != nil {
			return err
		}
		amt, err := amountOf(a.Amount)
		if err != nil {
			return err
		}
		return move(ctx, ctx.Sender, a.To, amt)
	})
	rt.Command(app, "approve", func(ctx *rt.Ctx, a abi.ApproveArgs) error {
		if _, err := requireInit(ctx); err != nil {
			return err
		}
		if err := nonZero("spender", a.Spender); err != nil {
			return err
		}
		amt, err := amountOf(a.Amount)
		if err != nil {
			return err
		}
		return allowance.Set(ctx, rt.AddressPair{A: ctx.Sender, B: a.Spender}, amt)
	})
	rt.Command(app, "transfer_from", func(ctx *rt.Ctx, a abi.TransferFromArgs) error {
		if _, err := requireInit(ctx); err != nil {
			return err
		}
		if err := nonZero("sender", a.Owner); err != nil {
			return err
		}
		if err := nonZero("receiver", a.To); err != nil {
			return err
		}
		amt, err := amountOf(a.Amount)
		if err != nil {
			return err
		}
		key := rt.AddressPair{A: a.Owner, B: ctx.Sender}
		al, err := u256(allowance.Get(ctx, key))
		if err != nil {
			return err
		}
		if al.Lt(amt) {
			return rt.Rejectf("insufficient allowance: have %s, need %s", al.Dec(), amt.Dec())
		}
		if err := move(ctx, a.Owner, a.To, amt); err != nil {
			return err
		}
		if al.Eq(unlimited) {
			// The maximum allowance is unlimited and never spent, as in
			// OpenZeppelin's ERC-20 (and EIP-717 before it).
			return nil
		}
		return allowance.Set(ctx, key, new(uint256.Int).Sub(al, amt))
	})
	rt.Command(app, "mint", func(ctx *rt.Ctx, a abi.MintArgs) error {
		o, err := requireInit(ctx)
		if err != nil {
			return err
		}
		if ctx.Sender != o {
			// Not the owner's address: who owns the token is the owner's
			// business.
			return rt.Rejectf("not the owner: only the token's owner may mint")
		}
		if err := nonZero("receiver", a.To); err != nil {
			return err
		}
		amt, err := amountOf(a.Amount)
		if err != nil {
			return err
		}
		s, err := u256(supply.Get(ctx))
		if err != nil {
			return err
		}
		newSupply, overflow := new(uint256.Int).AddOverflow(s, amt)
		if overflow {
			return rt.Rejectf("total supply overflow")
		}
		tb, err := u256(balance.Get(ctx, a.To))
		if err != nil {
			return err
		}
		if err := supply.Set(ctx, newSupply); err != nil {
			return err
		}
		// tb <= supply, so tb+amt cannot overflow once supply+amt did not.
		return balance.Set(ctx, a.To, new(uint256.Int).Add(tb, amt))
	})
	rt.Command(app, "burn", func(ctx *rt.Ctx, a abi.BurnArgs) error {
		if _, err := requireInit(ctx); err != nil {
			return err
		}
		amt, err := amountOf(a.Amount)
		if err != nil {
			return err
		}
		b, err := u256(balance.Get(ctx, ctx.Sender))
		if err != nil {
			return err
		}
		if b.Lt(amt) {
			return rt.Rejectf("insufficient balance: have %s, need %s", b.Dec(), amt.Dec())
		}
		s, err := u256(supply.Get(ctx))
		if err != nil {
			return err
		}
		if err := balance.Set(ctx, ctx.Sender, new(uint256.Int).Sub(b, amt)); err != nil {
			return err
		}
		return supply.Set(ctx, new(uint256.Int).Sub(s, amt))
	})

	rt.Query(app, "balance", func(ctx *rt.Ctx, _ abi.NoArgs) (*uint256.Int, error) {
		return u256(balance.Get(ctx, ctx.Sender))
	})
	rt.Query(app, "allowance", func(ctx *rt.Ctx, a abi.AllowanceArgs) (*uint256.Int, error) {
		o := ctx.Sender
		if a.Owner != nil {
			o = *a.Owner
		}
		if ctx.Sender != o && ctx.Sender != a.Spender {
			return nil, rt.Rejectf("access denied: only the owner or the spender may read an allowance")
		}
		return u256(allowance.Get(ctx, rt.AddressPair{A: o, B: a.Spender}))
	})
	rt.Query(app, "total_supply", func(ctx *rt.Ctx, _ abi.NoArgs) (*uint256.Int, error) {
		if _, err := requireInit(ctx); err != nil {
			return nil, err
		}
		return u256(supply.Get(ctx))
	})
	return app
}
