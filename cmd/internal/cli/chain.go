package cli

import (
	"crypto/ecdsa"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest/dcap"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/ledger"
)

// ChainFlags say which contract deployment to use: --rpc and --contract,
// or --network FILE (a devnet.json), with environment fallbacks.
type ChainFlags struct {
	Network, RPC, Contract string
}

// Add registers the flags on fs (a command's Flags or PersistentFlags).
func (f *ChainFlags) Add(fs interface {
	StringVar(p *string, name, value, usage string)
}) {
	fs.StringVar(&f.Network, "network", "", "devnet.json giving the RPC URL and contract (env ANONIFY_NETWORK)")
	fs.StringVar(&f.RPC, "rpc", "", "Ethereum JSON-RPC URL, or several of one chain, comma-separated: the next is used when one fails (env ANONIFY_RPC)")
	fs.StringVar(&f.Contract, "contract", "", "AnonifyLedger contract address (env ANONIFY_CONTRACT)")
}

// Resolve applies the precedence --rpc/--contract, then --network, then
// ANONIFY_RPC/ANONIFY_CONTRACT, then ANONIFY_NETWORK, field by field.
func (f *ChainFlags) Resolve() (string, common.Address, error) {
	rpc, contract := f.RPC, f.Contract
	fromNetwork := func(flag, path string) error {
		if path == "" || rpc != "" && contract != "" {
			return nil
		}
		info, err := ledger.LoadNetwork(path)
		if err != nil {
			return Usage(fmt.Errorf("%s: %w", flag, err))
		}
		if rpc == "" {
			rpc = info.RPC
		}
		if contract == "" && info.Contract != (common.Address{}) {
			contract = info.Contract.Hex()
		}
		return nil
	}
	if err := fromNetwork("--network", f.Network); err != nil {
		return "", common.Address{}, err
	}
	if rpc == "" {
		rpc = os.Getenv("ANONIFY_RPC")
	}
	if contract == "" {
		contract = os.Getenv("ANONIFY_CONTRACT")
	}
	if err := fromNetwork("ANONIFY_NETWORK", os.Getenv("ANONIFY_NETWORK")); err != nil {
		return "", common.Address{}, err
	}
	if rpc == "" || contract == "" {
		return "", common.Address{}, Usage(errors.New("no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json (env ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK)"))
	}
	if !strings.HasPrefix(contract, "0x") || !common.IsHexAddress(contract) {
		return "", common.Address{}, Usagef("contract %q is not a 0x-prefixed 20-byte hex address", contract)
	}
	return rpc, common.HexToAddress(contract), nil
}

// ReadKey loads a secp256k1 private key given as hex (optionally 0x) in
// file, or else in the environment variable env. flag names the flag in
// messages. The key itself never appears in an error.
func ReadKey(flag, file, env string) (*ecdsa.PrivateKey, error) {
	var raw, source string
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, Usage(fmt.Errorf("--%s: %w", flag, err))
		}
		raw, source = string(b), "--"+flag+" "+file
	case os.Getenv(env) != "":
		raw, source = os.Getenv(env), env
	default:
		return nil, Usagef("no key: pass --%s FILE (hex private key) or set %s", flag, env)
	}
	raw = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(raw), "0x"), "0X")
	k, err := crypto.HexToECDSA(raw)
	if err != nil {
		return nil, Usagef("%s: not a hex secp256k1 private key (64 hex digits)", source)
	}
	return k, nil
}

// LoadCollateral reads what verifying hardware evidence needs into opts:
// a file is Intel's collateral JSON bundle; a folder holding vcek.der is
// SEV-SNP's certificates (VCEK, then the ASK/ARK chain as PEM); any other
// folder holds PCS responses for SGX and TDX.
func LoadCollateral(path string, opts *verify.Options) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if opts.Collateral, err = dcap.ParseCollateralJSON(b); err != nil {
			return err
		}
		return nil
	}
	if b, err := os.ReadFile(filepath.Join(path, "vcek.der")); err == nil {
		opts.SNPCerts = append(opts.SNPCerts, b)
		// The ASK/ARK chain comes as one PEM file (AMD KDS's cert_chain);
		// the verifier takes one certificate per slot, ASK then ARK.
		for _, name := range []string{"ask_ark_milan.pem", "ask_ark.pem", "cert_chain.pem"} {
			c, err := os.ReadFile(filepath.Join(path, name))
			if err != nil {
				continue
			}
			for {
				var blk *pem.Block
				if blk, c = pem.Decode(c); blk == nil {
					break
				}
				if blk.Type == "CERTIFICATE" {
					opts.SNPCerts = append(opts.SNPCerts, blk.Bytes)
				}
			}
			break
		}
		return nil
	}
	c, err := dcap.LoadCollateralDir(path)
	if err != nil {
		return err
	}
	opts.Collateral = c
	return nil
}
