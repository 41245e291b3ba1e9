package main

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/explorer"
	"github.com/anonify-go/anonify/ledger"
	ethledger "github.com/anonify-go/anonify/ledger/ethereum"
)

// explorerCmd is `anonify explorer`: a read-only web page about a network
// for operators and auditors.
func explorerCmd() *cobra.Command {
	var (
		chain      cli.ChainFlags
		listen     string
		collateral string
	)
	cmd := &cobra.Command{
		Use:   "explorer",
		Short: "Serve a read-only web page about a network: governance, enclaves, epochs, batches, node health",
		Long: `explorer serves a web page (and its JSON at /api/overview) for operators and
auditors. It reads only the chain and, when the network file lists nodes,
their public endpoints; it holds no key. It shows the network (chain,
contract, genesis, governors and threshold, the policy in force with its
history, open governance proposals), every registered enclave with its
evidence verified again by the explorer against the policy in force (the
simulated TEE shows INSECURE), the epoch and handshake timeline, the command
batches per block with a plot, and whether the nodes' state hashes agree.

The chain comes from --network devnet.json or --rpc and --contract (env
ANONIFY_NETWORK, ANONIFY_RPC, ANONIFY_CONTRACT); nodes only from the network
file. --collateral is the Intel collateral (or SEV-SNP certificates) needed
to verify SGX, TDX or SEV-SNP evidence.`,
		Example: `  anonify explorer --network /tmp/anon/devnet.json --listen 127.0.0.1:8090`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rpc, contract, err := chain.Resolve()
			if err != nil {
				return err
			}
			var nodes []string
			if path := chain.Network; path != "" || os.Getenv("ANONIFY_NETWORK") != "" {
				if path == "" {
					path = os.Getenv("ANONIFY_NETWORK")
				}
				n, err := ledger.LoadNetwork(path)
				if err != nil {
					return &exitError{2, fmt.Errorf("--network: %w", err)}
				}
				nodes = n.Nodes
			}
			var vopts verify.Options
			if collateral != "" {
				if err := cli.LoadCollateral(collateral, &vopts); err != nil {
					return &exitError{2, fmt.Errorf("--collateral: %w", err)}
				}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			led, err := ethledger.Dial(ctx, rpc, contract, nil)
			if err != nil {
				return err
			}
			defer led.Close()
			x, err := explorer.New(explorer.Config{Chain: led, Nodes: nodes, Verify: vopts})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return &exitError{2, fmt.Errorf("--listen: %w", err)}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "explorer: http://%s/ (chain %s, contract %s, %d nodes); Ctrl-C to stop\n", ln.Addr(), led.ChainID(), contract.Hex(), len(nodes))
			return x.Serve(ctx, ln, slog.New(slog.NewTextHandler(os.Stderr, nil)))
		},
	}
	chain.Add(cmd.Flags())
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8090", "address to serve the page on")
	cmd.Flags().StringVar(&collateral, "collateral", "", "Intel collateral (JSON file or directory) or SEV-SNP certificate directory for verifying hardware evidence")
	return cmd
}
