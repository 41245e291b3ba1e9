package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/ledger"
	ethledger "github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/tee/sim"
)

// deployed is what deploy prints with --json, and (less the block) the
// network file --out writes.
type deployed struct {
	RPC       string           `json:"rpc"`
	ChainID   uint64           `json:"chain_id"`
	Contract  common.Address   `json:"contract"`
	Block     uint64           `json:"block"`
	Governors []common.Address `json:"governors"`
	Threshold uint64           `json:"threshold"`
}

func deployCmd() *cobra.Command {
	var (
		rpc, keyFile, policyFile, out string
		dev, asJSON                   bool
		governors                     []string
		threshold                     uint64
	)
	cmd := &cobra.Command{
		Use:   "deploy --rpc URL --key-file DEPLOYER.key (--policy FILE | --dev)",
		Short: "Create a network: deploy its AnonifyLedger contract with its governors and first attestation policy",
		Long: `deploy creates a network on an Ethereum chain: it deploys the AnonifyLedger
contract from the account of --key-file (which pays the gas and has no
authority afterwards) with the network's genesis, which every enclave
binds: its governors (--governor, repeatable or comma-separated; default
the deployer's own account), how many of them must approve each act
(--threshold, default 1) and the first attestation policy: --policy FILE,
checked as anonify attest policy propose checks it, or --dev, the
development policy that admits this very build on the simulated TEE
(INSECURE: its evidence proves nothing; development only).

It prints the contract's address and block; --out FILE writes a network
file (rpc, chain_id, contract) that --network takes.

Then: start each node (anonify node --rpc URL --contract ADDRESS); once
the first one has registered, governance founds the network with its
enclave (anonify attest policy found ADDRESS, named in its DIR/node.json),
and the member enclaves admit the others as they register.`,
		Example: `  anonify deploy --rpc http://10.0.0.2:8545 --key-file governor.key --dev --out network.json
  anonify deploy --rpc https://rpc.example --key-file deployer.key --policy policy.json \
      --governor 0xA…,0xB…,0xC… --threshold 2`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if rpc == "" {
				rpc = os.Getenv("ANONIFY_RPC")
			}
			if rpc == "" {
				return cli.Usagef("no chain: pass --rpc URL (env ANONIFY_RPC)")
			}
			if dev == (policyFile != "") {
				return cli.Usagef("give the network's first policy: --policy FILE, or --dev for the development policy of this build")
			}
			var policy []byte
			if dev {
				m, err := sim.ExecutableMeasurement()
				if err != nil {
					return err
				}
				if policy, err = attest.DevPolicy(m).Marshal(); err != nil {
					return err
				}
			} else {
				var err error
				if policy, err = readPolicyFile(policyFile); err != nil {
					return err
				}
			}
			var govs []common.Address
			for _, g := range governors {
				for _, a := range strings.Split(g, ",") {
					if a = strings.TrimSpace(a); a == "" {
						continue
					}
					if !strings.HasPrefix(a, "0x") || !common.IsHexAddress(a) {
						return cli.Usagef("--governor %q: want a 0x address", a)
					}
					govs = append(govs, common.HexToAddress(a))
				}
			}
			if threshold == 0 || len(govs) > 0 && threshold > uint64(len(govs)) {
				return cli.Usagef("--threshold %d: want 1 to %d (the number of governors)", threshold, max(len(govs), 1))
			}
			key, err := cli.ReadKey("key-file", keyFile, "ANONIFY_GOVERNOR_KEY")
			if err != nil {
				return err
			}
			if len(govs) == 0 {
				govs = []common.Address{crypto.PubkeyToAddress(key.PublicKey)}
				if threshold > 1 {
					return cli.Usagef("--threshold %d: the deployer is the only governor; name the governors with --governor", threshold)
				}
			}
			urls := ethledger.SplitRPC(rpc)
			if len(urls) == 0 {
				return cli.Usagef("no chain: pass --rpc URL (env ANONIFY_RPC)")
			}
			ctx := cmd.Context()
			ec, err := ethclient.DialContext(ctx, urls[0])
			if err != nil {
				return err
			}
			defer ec.Close()
			contract, err := ethledger.Deploy(ctx, ec, key, govs, threshold, policy)
			if errors.Is(err, ledger.ErrInvalidInput) {
				return &exitError{3, fmt.Errorf("the contract refused the genesis: %w", err)}
			}
			if err != nil {
				return err
			}
			led, err := ethledger.Dial(ctx, rpc, contract, nil)
			if err != nil {
				return err
			}
			defer led.Close()
			block, err := led.DeployedAt(ctx)
			if err != nil {
				return err
			}
			d := deployed{RPC: rpc, ChainID: led.ChainID().Uint64(), Contract: contract, Block: block, Governors: govs, Threshold: threshold}
			if out != "" {
				if err := writeNetworkFile(out, ledger.Network{RPC: rpc, ChainID: d.ChainID, Contract: contract}); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), d)
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "contract %s deployed in block %d on chain %d; governors %s, threshold %d\n", contract.Hex(), block, d.ChainID, joinAddresses(govs), threshold)
			if dev {
				fmt.Fprintln(w, "policy: development (the simulated TEE, INSECURE, running this build)")
			}
			if out != "" {
				fmt.Fprintf(w, "wrote %s\n", out)
			}
			fmt.Fprintf(w, "next: start the nodes (anonify node --rpc %s --contract %s ...), then found the network with the first one's enclave: anonify attest policy found ADDRESS\n", urls[0], contract.Hex())
			return nil
		},
	}
	cmd.Flags().StringVar(&rpc, "rpc", "", "the chain's Ethereum JSON-RPC URL (env ANONIFY_RPC)")
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file with the hex private key of the account that pays for the deployment, by default the only governor (env ANONIFY_GOVERNOR_KEY: the hex key)")
	cmd.Flags().StringVar(&policyFile, "policy", "", "the network's first attestation policy (JSON; see anonify attest policy)")
	cmd.Flags().BoolVar(&dev, "dev", false, "the development policy: this build on the simulated TEE (INSECURE)")
	cmd.Flags().StringSliceVar(&governors, "governor", nil, "a governor's address (repeatable or comma-separated; default the deployer's)")
	cmd.Flags().Uint64Var(&threshold, "threshold", 1, "how many governors must approve each governance act")
	cmd.Flags().StringVar(&out, "out", "", "write a network file (rpc, chain_id, contract) for --network")
	cmd.Flags().BoolVar(&asJSON, "json", false, "machine-readable output")
	return cmd
}

func joinAddresses(as []common.Address) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Hex())
	}
	return strings.Join(s, ",")
}

// writeNetworkFile writes a network file atomically.
func writeNetworkFile(path string, n ledger.Network) error {
	if n.Nodes == nil {
		n.Nodes = []string{}
	}
	var b strings.Builder
	if err := writeJSON(&b, n); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+fmt.Sprint(time.Now().UnixNano()))
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
