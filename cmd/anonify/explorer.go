package main

import (
	"crypto/hpke"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/explorer"
	"github.com/anonify-go/anonify/ledger"
	ethledger "github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire/audit"
)

// explorerCmd is `anonify explorer`: a read-only web page about a network
// for operators and auditors.
func explorerCmd() *cobra.Command {
	var (
		chain      cli.ChainFlags
		listen     string
		collateral string
		auditKey   string
	)
	cmd := &cobra.Command{
		Use:   "explorer",
		Short: "Serve a read-only web page about a network: governance, enclaves, epochs, batches, auditors, node health",
		Long: `explorer serves a web page (and its JSON at /api/overview) for operators and
auditors. It reads only the chain and, when the network file lists nodes,
their public endpoints; it holds no key but --audit-key's. It shows the
network (chain, contract, genesis, governors and threshold, the policy in
force with its history, open governance proposals), every registered enclave
with its evidence verified again by the explorer against the policy in force
(the simulated TEE shows INSECURE), the epoch and handshake timeline, the
command batches per block with a plot, the auditors governance appointed
(public keys, scopes, acts, each act checked against the genesis governors)
with the audit posts (their number and size: the records are sealed to the
auditors), and whether the nodes' state hashes agree.

--audit-key FILE (an auditor's private key, hex, as anonify audit keygen
writes it) adds an Audit section for that auditor: the in-scope commands
(block, signer, app.function, arguments, outcome, newest first), the
in-scope state at the head and any problems of the trail (missing or
conflicting records), as anonify audit log and state show them. It is
computed locally, by the explorer, from the chain's events: no node is asked
and the key never leaves this process (it is read once at start and never
served). But the page shows what the key opens to whoever can reach it:
keep --listen on a loopback address. Without --audit-key the explorer holds
no key and shows nothing of the kind.

The chain comes from --network devnet.json or --rpc and --contract (env
ANONIFY_NETWORK, ANONIFY_RPC, ANONIFY_CONTRACT); nodes only from the network
file. --collateral is the Intel collateral (or SEV-SNP certificates) needed
to verify SGX, TDX or SEV-SNP evidence.`,
		Example: `  anonify explorer --network /tmp/anon/devnet.json --listen 127.0.0.1:8090
  anonify explorer --network /tmp/anon/devnet.json --audit-key auditor.key`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var key hpke.PrivateKey
			if auditKey != "" {
				k, err := readExplorerAuditKey(auditKey)
				if err != nil {
					return err
				}
				key = k
			}
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
			x, err := explorer.New(explorer.Config{Chain: led, Nodes: nodes, Verify: vopts, AuditKey: key})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return &exitError{2, fmt.Errorf("--listen: %w", err)}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "explorer: http://%s/ (chain %s, contract %s, %d nodes); Ctrl-C to stop\n", ln.Addr(), led.ChainID(), contract.Hex(), len(nodes))
			if key != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "explorer: Audit section for auditor key 0x%x, computed locally from the chain\n", key.PublicKey().Bytes())
				if a, ok := ln.Addr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
					fmt.Fprintf(cmd.ErrOrStderr(), "explorer: warning: --listen %s is not a loopback address: anyone who reaches it reads what the auditor key opens\n", ln.Addr())
				}
			}
			return x.Serve(ctx, ln, slog.New(slog.NewTextHandler(os.Stderr, nil)))
		},
	}
	chain.Add(cmd.Flags())
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8090", "address to serve the page on")
	cmd.Flags().StringVar(&auditKey, "audit-key", "", "file with an auditor's hex private key (anonify audit keygen): adds the Audit section, computed locally from the chain")
	cmd.Flags().StringVar(&collateral, "collateral", "", "Intel collateral (JSON file or directory) or SEV-SNP certificate directory for verifying hardware evidence")
	return cmd
}

// readExplorerAuditKey reads --audit-key: an auditor's private key, hex
// (optionally 0x), as anonify audit keygen writes it. The key never
// appears in an error.
func readExplorerAuditKey(file string) (hpke.PrivateKey, error) {
	const want = "not an auditor key (64 hex digits, as anonify audit keygen writes it)"
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("--audit-key: %w", err)}
	}
	raw, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(string(b)), "0x"), "0X"))
	if err != nil || len(raw) != 32 {
		return nil, &exitError{2, fmt.Errorf("--audit-key %s: %s", file, want)}
	}
	k, err := audit.ParsePrivateKey(raw)
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("--audit-key %s: %s", file, want)}
	}
	return k, nil
}
