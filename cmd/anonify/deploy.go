package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	gethrpc "github.com/ethereum/go-ethereum/rpc"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/cmd/internal/nodecmd"
	"github.com/anonify-go/anonify/internal/atomicfile"
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
		dev, asJSON, verifyChain      bool
		chainEpoch                    uint64
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

--verify-chain (with --dev, on a Clique chain) pins the chain in the
development policy, so that every enclave checks the chain's headers
itself from its genesis block, and applies a block once 2·(N/2) blocks
(at least 2) of its N signers are sealed on top (--chain-epoch is the
chain's Clique epoch, geth's default 30000). Without it the development
policy's enclaves believe their hosts' events (INSECURE, like the
simulated TEE). A --policy FILE of a production network must pin the
chain itself ("chain": {"verify": "clique", ...}).

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
			if verifyChain && !dev {
				return cli.Usagef("--verify-chain is for --dev: a --policy FILE pins its chain itself (\"chain\": {\"verify\": \"clique\", ...})")
			}
			var policy []byte
			if dev {
				m, err := sim.ExecutableMeasurement()
				if err != nil {
					return err
				}
				p := attest.DevPolicy(m)
				if verifyChain {
					a, err := cliqueAnchor(cmd.Context(), rpc, chainEpoch)
					if err != nil {
						return err
					}
					p.Chain = &a
				}
				if policy, err = p.Marshal(); err != nil {
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
			if p, err := attest.ParsePolicy(policy); err == nil {
				fmt.Fprintf(w, "chain: the enclaves read it as %s\n", attest.AnchorOf(p))
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
	cmd.Flags().BoolVar(&verifyChain, "verify-chain", false, "with --dev on a Clique chain: pin the chain in the policy, so that the enclaves verify its headers themselves")
	cmd.Flags().Uint64Var(&chainEpoch, "chain-epoch", 30000, "with --verify-chain: the chain's Clique epoch")
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
	return atomicfile.Write(path, []byte(b.String()), 0o644)
}

// cliqueAnchor is the anchor of the Clique chain at rpc: its genesis
// block, epoch, and the default confirmations for its signers.
func cliqueAnchor(ctx context.Context, rpc string, epoch uint64) (attest.ChainAnchor, error) {
	urls := ethledger.SplitRPC(rpc)
	if len(urls) == 0 {
		return attest.ChainAnchor{}, cli.Usagef("no chain: pass --rpc URL (env ANONIFY_RPC)")
	}
	rc, err := gethrpc.DialContext(ctx, urls[0])
	if err != nil {
		return attest.ChainAnchor{}, err
	}
	defer rc.Close()
	var signers []common.Address
	if err := rc.CallContext(ctx, &signers, "clique_getSigners", nil); err != nil || len(signers) == 0 {
		return attest.ChainAnchor{}, fmt.Errorf("--verify-chain: %s is not a Clique chain the enclaves could verify (clique_getSigners: %v)", urls[0], err)
	}
	g, err := ethclient.NewClient(rc).HeaderByNumber(ctx, common.Big0)
	if err != nil {
		return attest.ChainAnchor{}, fmt.Errorf("--verify-chain: read the genesis block: %w", err)
	}
	a := attest.ChainAnchor{Verify: attest.ChainClique, Genesis: g.Hash().Bytes(), Epoch: epoch, Confirmations: nodecmd.CliqueConfirmations(len(signers))}
	return a, a.Validate()
}
