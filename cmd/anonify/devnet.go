package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/cmd/internal/nodecmd"
	"github.com/anonify-go/anonify/devnet"
	"github.com/anonify-go/anonify/devnet/clique"
	"github.com/anonify-go/anonify/ledger"
)

func devnetCmd() *cobra.Command {
	var (
		demo      bool
		dir       string
		nodes     int
		verbose   bool
		logFormat string
		useTLS    bool
	)
	var (
		rotateEvery    uint64
		rotateInterval time.Duration
		chainKind      string
		sealers        int
		confirmations  uint64
		minBlock       time.Duration
	)
	cmd := &cobra.Command{
		Use:   "devnet",
		Short: "Run a development network: embedded chain, contract, nodes with SIMULATED (insecure) enclaves",
		Long: `devnet starts an embedded Ethereum chain (JSON-RPC on loopback), deploys the
AnonifyLedger contract with a development policy, starts N nodes whose enclaves
run on the simulated TEE (INSECURE: for development only; production policies
refuse it), founds the network and admits every node through the ledger.

  --demo       run the ERC-20 walkthrough through the client path, print each
               step with the balances read back from every node, print what
               the ledger holds, and exit (on a throw-away network).
  --dir DIR    keep the network in DIR and run until SIGINT/SIGTERM: the
               chain's database (DIR/chain), each node's sealed state
               (DIR/nodeN) and DIR/network.json (contract, deployment
               block, accounts). Started again on the same DIR, devnet
               resumes that network (same contract, members, balances,
               epochs), deploying nothing. DIR is locked while devnet runs:
               a second devnet on it is refused at once, naming the process
               that holds it. Once every node serves, devnet writes
               DIR/devnet.json (RPC URL, chain id, contract, node URLs:
               they change at every start) and removes it when it stops; one
               left by a crash is removed at the next start. It also writes
               DIR/keys.json with the governor's key, spare funded keys
               for extra nodes (anonify node --host-key-file) and governance
               (anonify attest policy --key-file), and 3 disaster-recovery
               custodian keys, any 2 of which recover, that governance
               appoints as the network starts (anonify recovery custodians).
               A resumed network reuses its custodian keys. DEVELOPMENT
               ONLY: private keys in clear, for the dev chain.
  --nodes N    the number of nodes (default 3; a resumed network keeps its own).
  --tls        nodes serve their client API over attested TLS (https).
  --chain clique --sealers S
               instead of the embedded chain, a real proof-of-authority
               network: S geth processes (v1.13.15, the last geth with
               Clique; ANONIFY_GETH_CLIQUE names the binary), each a
               sealer, peered on loopback, with 1-second blocks; the nodes
               spread over the sealers' endpoints. The network's first
               policy pins the chain, so every enclave checks the seals
               of the headers it is fed from the genesis block on, and
               applies a block's events, read from its receipts, only
               once --confirmations blocks (default 2·(S/2), at least 2)
               are sealed on top, as Clique can replace recent blocks
               and a minority of sealers must not. The sealers' data, keys
               and logs are in DIR/clique (a throw-away directory with
               --demo); started again on the same DIR, the same chain
               resumes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !demo && dir == "" {
				return &exitError{2, fmt.Errorf("devnet: give --demo, or --dir DIR to keep a network running")}
			}
			if demo && dir != "" {
				return &exitError{2, fmt.Errorf("devnet: --demo runs on a throw-away network; --dir keeps one running: give one of them")}
			}
			n := 0 // the devnet's default, or the resumed network's own
			if cmd.Flags().Changed("nodes") {
				if nodes < 1 {
					return &exitError{2, fmt.Errorf("--nodes %d: a devnet needs at least 1 node", nodes)}
				}
				n = nodes
			}
			level := slog.LevelWarn
			if verbose {
				level = slog.LevelInfo
			}
			log, err := cli.NewLogger(os.Stderr, logFormat, level)
			if err != nil {
				return err
			}
			switch chainKind {
			case "embedded":
				if cmd.Flags().Changed("sealers") {
					return &exitError{2, fmt.Errorf("--sealers is for --chain clique; the embedded chain is one process")}
				}
				if minBlock < 0 {
					return &exitError{2, fmt.Errorf("--min-block-interval %s: give 0 or more", minBlock)}
				}
			case "clique":
				if sealers < 1 {
					return &exitError{2, fmt.Errorf("--sealers %d: a Clique network needs at least 1 sealer", sealers)}
				}
				if cmd.Flags().Changed("min-block-interval") {
					return &exitError{2, fmt.Errorf("--min-block-interval is for the embedded chain; Clique's sealers keep their own period")}
				}
				if n > maxCliqueNodes {
					return &exitError{2, fmt.Errorf("--nodes %d: a Clique devnet funds at most %d nodes", n, maxCliqueNodes)}
				}
				if !cmd.Flags().Changed("confirmations") {
					confirmations = nodecmd.CliqueConfirmations(sealers)
				}
			default:
				return &exitError{2, fmt.Errorf("--chain %q: choose embedded or clique", chainKind)}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			out := cmd.OutOrStdout()
			chainName := "embedded chain"
			if chainKind == "clique" {
				chainName = fmt.Sprintf("Clique chain of %d geth sealers", sealers)
			}
			if _, err := os.Stat(filepath.Join(dir, "network.json")); dir != "" && err == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "resuming the devnet in %s: %s, nodes with SIMULATED enclaves (insecure, development only)...\n", dir, chainName)
			} else {
				fmt.Fprintf(cmd.ErrOrStderr(), "starting devnet: %s, contract, %d nodes with SIMULATED enclaves (insecure, development only)...\n", chainName, cmp.Or(n, 3))
			}
			opts := devnet.Options{Nodes: n, Dir: dir, Logger: log, SpareKeys: devSpareKeys, TLS: useTLS, RotateEvery: rotateEvery, RotateInterval: rotateInterval,
				Confirmations: confirmations, MinBlockInterval: minBlock}
			if chainKind == "clique" {
				cn, err := startClique(ctx, dir, sealers, log, &opts)
				if err != nil {
					return err
				}
				defer cn.Close()
				fmt.Fprintf(out, "clique: %d sealers at %s\n", len(cn.Sealers), strings.Join(cn.RPCs(), " "))
			}
			if !demo {
				opts.Custodians, opts.CustodianThreshold = devCustodians, devCustodianThreshold
			}
			startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			d, err := devnet.Start(startCtx, opts)
			cancel()
			if err != nil {
				return err
			}
			defer d.Close()
			fmt.Fprintf(out, "chain %d at %s, contract %s\n", d.Info.ChainID, d.Info.RPC, d.Info.Contract.Hex())
			for i, u := range d.Info.Nodes {
				fmt.Fprintf(out, "node %d: %s (enclave %s)\n", i, u, d.Nodes[i].Enclave().Identity().Hex())
			}
			if demo {
				return runDemo(ctx, d, out)
			}
			// keys.json first: devnet.json appearing means both are there.
			if err := d.WriteKeys(dir); err != nil {
				return err
			}
			if err := d.WriteInfo(dir); err != nil {
				return err
			}
			fmt.Fprintf(out, "wrote %s/devnet.json, and %s/keys.json (DEVELOPMENT ONLY: governor key, %d spare funded keys and %d custodian keys of which %d recover, in clear); press Ctrl-C to stop\n",
				dir, dir, devSpareKeys, len(d.Custodians), d.CustodianThreshold)
			<-ctx.Done()
			fmt.Fprintf(cmd.ErrOrStderr(), "stopping: devnet.json removed, nodes seal their state, then the chain stops; start again with --dir %s to resume\n", dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&chainKind, "chain", "embedded", "the chain: embedded (one process) or clique (geth sealers, proof of authority)")
	cmd.Flags().IntVar(&sealers, "sealers", 3, "with --chain clique: the number of geth sealers")
	cmd.Flags().DurationVar(&minBlock, "min-block-interval", 0, "the embedded chain's least time between two blocks sealed for waiting transactions (0: a block as soon as one waits)")
	cmd.Flags().Uint64Var(&confirmations, "confirmations", 0, "nodes apply a block once this many blocks are on top of it (default 0 on the embedded chain, 2·(sealers/2) and at least 2 on clique)")
	cmd.Flags().BoolVar(&demo, "demo", false, "run the ERC-20 walkthrough and exit")
	cmd.Flags().StringVar(&dir, "dir", "", "keep the network in DIR and run until stopped; resume it from DIR next time")
	cmd.Flags().IntVar(&nodes, "nodes", 3, "number of nodes")
	cmd.Flags().BoolVar(&useTLS, "tls", false, "serve the nodes' client API over attested TLS (https)")
	cmd.Flags().Uint64Var(&rotateEvery, "rotate-every", 0, "rotate the group key after this many commands in an epoch (0: never)")
	cmd.Flags().DurationVar(&rotateInterval, "rotate-interval", 0, "rotate the group key after this long in an epoch (0: never)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "log node activity to stderr")
	cli.AddLogFormatFlag(cmd, &logFormat)
	return cmd
}

// devSpareKeys is how many funded accounts beyond the governor's and the
// nodes' a devnet offers in keys.json, for nodes started with anonify node.
const devSpareKeys = 3

// devCustodians development custodian keys, any devCustodianThreshold of
// which recover, are in a devnet's keys.json; governance appoints them as
// the network starts.
const (
	devCustodians         = 3
	devCustodianThreshold = 2
)

func runDemo(ctx context.Context, d *devnet.Devnet, out io.Writer) error {
	var clients []*client.Client
	for _, u := range d.Info.Nodes {
		c, err := client.Connect(ctx, u, client.Options{Ledger: d.Ledger})
		if err != nil {
			return err
		}
		clients = append(clients, c)
	}
	cl := clients[0].Claims()
	fmt.Fprintf(out, "\nclients verified every node's enclave: kind %s (insecure=%v), measurement %x..., member of the network, key binding ok\n\n",
		cl.Kind, cl.Insecure, cl.Registers["MEASUREMENT"][:8])
	users, err := devnet.Users()
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "auditors (appointed by governance; each reads its scope from the chain with its own key):")
	auditors, err := devnet.AppointAuditors(ctx, d, users, out)
	if err != nil {
		return err
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "ERC-20 walkthrough (encrypted, signed requests over HTTP; balances read back from every node):")
	if err := devnet.RunWalkthrough(ctx, clients, users, out); err != nil {
		return err
	}
	fmt.Fprintln(out, "\ngroup key (RFC 9420 MLS through the ledger): rotation and removal, transfers after each:")
	if err := devnet.RunGroupDemo(ctx, d, clients, users, out); err != nil {
		return err
	}
	clients = clients[:2] // node 2 was removed
	fmt.Fprintln(out, "\nwhat the auditors read, offline (no node asked):")
	if err := auditors.Report(ctx, d, clients[0], users, out); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nstate hash per member node (keyed by the group; equal hashes = same state):")
	for i, c := range clients {
		s, err := c.Status(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  node %d: %s after %d commands, epoch %d\n", i, s.StateHash.Hex(), s.AppliedCommands, s.Epoch)
	}
	return printLedger(ctx, d.Ledger, out)
}

// printLedger shows what anyone reading the chain sees: registrations with
// evidence, handshakes and command ciphertexts, never plaintext.
func printLedger(ctx context.Context, l ledger.Ledger, out io.Writer) error {
	events, _, err := l.Events(ctx, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nwhat the ledger holds (%d contract events; ciphertext only):\n", len(events))
	short := func(b []byte) string {
		if len(b) > 12 {
			return fmt.Sprintf("%x… (%d bytes)", b[:12], len(b))
		}
		return fmt.Sprintf("%x (%d bytes)", b, len(b))
	}
	for _, e := range events {
		switch {
		case e.PolicyChanged != nil:
			fmt.Fprintf(out, "  block %3d  PolicyChanged  version %d, %d bytes\n", e.Block, e.PolicyChanged.Version, len(e.PolicyChanged.Policy))
		case e.Registered != nil:
			fmt.Fprintf(out, "  block %3d  Registered     %s evidence %s\n", e.Block, e.Registered.Identity.Hex(), short(e.Registered.Evidence))
		case e.Founded != nil:
			fmt.Fprintf(out, "  block %3d  Founded        %s, %d governor signature(s)\n", e.Block, e.Founded.Identity.Hex(), len(e.Founded.Sigs))
		case e.Expelled != nil:
			fmt.Fprintf(out, "  block %3d  Expelled       %s, %d governor signature(s)\n", e.Block, e.Expelled.Identity.Hex(), len(e.Expelled.Sigs))
		case e.Handshake != nil:
			fmt.Fprintf(out, "  block %3d  Handshake      epoch %d by %s adds %d removes %d: %s\n", e.Block, e.Handshake.Epoch, e.Handshake.Committer.Hex(),
				len(e.Handshake.Adds), len(e.Handshake.Removes), short(e.Handshake.Payload))
		case e.Commands != nil:
			for _, ct := range e.Commands.Ciphertexts {
				fmt.Fprintf(out, "  block %3d  Commands       epoch %d seq %d by %s: %s\n", e.Block, e.Commands.Epoch, e.Commands.Seq, e.Commands.Enclave.Hex(), short(ct))
			}
		case e.Auditor != nil:
			what := "appointed, scope " + string(e.Auditor.Scope)
			if len(e.Auditor.Scope) == 0 {
				what = "removed"
			}
			fmt.Fprintf(out, "  block %3d  AuditorChanged %x… %s, %d governor signature(s)\n", e.Block, e.Auditor.Key[:6], what, len(e.Auditor.Sigs))
		case e.Custodians != nil:
			what := fmt.Sprintf("version %d: any %d of %d keys recover", e.Custodians.Version, e.Custodians.Threshold, len(e.Custodians.Keys))
			if len(e.Custodians.Keys) == 0 {
				what = fmt.Sprintf("version %d: none, recovery off", e.Custodians.Version)
			}
			fmt.Fprintf(out, "  block %3d  Custodians     %s, %d governor signature(s)\n", e.Block, what, len(e.Custodians.Sigs))
		case e.Audit != nil:
			fmt.Fprintf(out, "  block %3d  Audit          seq %d by %s: %d sealed records (padded), header %s\n", e.Block, e.Audit.Seq, e.Audit.Enclave.Hex(),
				len(e.Audit.Records), short(e.Audit.Header))
		case e.Proposed != nil, e.Approved != nil:
			// governance bookkeeping
		}
	}
	return nil
}

// maxCliqueNodes bounds the nodes a Clique devnet funds in its genesis.
const maxCliqueNodes = 16

// startClique starts (or resumes) the Clique sealers in DIR/clique, or in
// a throw-away directory without DIR, funds the devnet's accounts in its
// genesis, and points opts at it.
func startClique(ctx context.Context, dir string, sealers int, log *slog.Logger, opts *devnet.Options) (*clique.Network, error) {
	cdir := filepath.Join(dir, "clique")
	if dir == "" {
		tmp, err := os.MkdirTemp("", "anonify-clique-")
		if err != nil {
			return nil, err
		}
		cdir = tmp
	}
	// The governor, every node a devnet may have, the spare keys.
	keys, err := clique.Accounts(cdir, 1+maxCliqueNodes+devSpareKeys)
	if err != nil {
		return nil, err
	}
	var fund []common.Address
	var hexKeys []string
	for _, k := range keys {
		fund = append(fund, crypto.PubkeyToAddress(k.PublicKey))
		hexKeys = append(hexKeys, common.Bytes2Hex(crypto.FromECDSA(k)))
	}
	startCtx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cn, err := clique.Start(startCtx, clique.Options{Dir: cdir, Sealers: sealers, Fund: fund, Logger: log})
	if err != nil {
		return nil, err
	}
	nodes := cmp.Or(opts.Nodes, 3)
	// The nodes' keys come first, then the spare ones: keep the spare
	// keys where keys.json says they are whatever the number of nodes.
	ordered := append([]string{hexKeys[0]}, hexKeys[1:1+nodes]...)
	ordered = append(ordered, hexKeys[1+maxCliqueNodes:]...)
	opts.RPC, opts.NodeRPCs, opts.Keys = cn.Sealers[0].RPC, cn.RPCs(), ordered
	// The enclaves verify the chain themselves: the first policy pins it.
	anchor, err := cn.Anchor(startCtx, opts.Confirmations)
	if err != nil {
		cn.Close()
		return nil, err
	}
	opts.Chain = &anchor
	return cn, nil
}
