// Package nodecmd is the `node` command, shared by the all-in-one anonify
// binary and the lean anonify-node binary (the program that runs inside a
// TEE): one enclave and its untrusted host against any AnonifyLedger
// deployment. It links no client, wallet, devnet or embedded chain
// (cmd/anonify-node's test keeps it so).
package nodecmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/assembly"
	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/enclave/cliquechain"
	"github.com/anonify-go/anonify/internal/atomicfile"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/tee/platforms"
)

// Info is what `anonify node` writes to DIR/node.json once it serves,
// for scripts and tests.
type Info struct {
	URL      string         `json:"url"`
	Identity common.Address `json:"identity"`
	TEE      string         `json:"tee"`
	ChainID  uint64         `json:"chain_id"`
	Contract common.Address `json:"contract"`
	TLS      bool           `json:"tls"`
}

// Command is `node`. Both binaries register it unchanged, so its flags
// are the same in both.
func Command() *cobra.Command {
	var (
		rotateEvery    uint64
		rotateInterval time.Duration
		auditInterval  time.Duration
		confirmations  uint64
		stuckAfter     time.Duration
		maxFeeGwei     float64
	)
	var (
		chain        cli.ChainFlags
		keyFile      string
		dir          string
		listen       string
		teeKind      string
		collateral   string
		useTLS       bool
		recoverState bool
		verbose      bool
		logFormat    string
	)
	cmd := &cobra.Command{
		Use:   "node",
		Short: "Run one node (enclave + host) of a network on any Ethereum chain, until SIGINT/SIGTERM",
		Long: `node runs one Anonify node against an existing AnonifyLedger deployment: it
opens the TEE platform, creates (or restores from --dir) the enclave,
registers it on the ledger, follows the ledger, and serves the client API.
The network's member enclaves admit it once they have verified its evidence
against the on-ledger policy; its /v1/status then says member.

  --tee KIND          sim-insecure | sgx | tdx | sev-snp | nitro (default
                      sim-insecure), the attestation kind names; the old
                      names sim, sgx-gramine and snp still work (deprecated).
                      sim-insecure is the SIMULATED TEE: INSECURE,
                      development only; production policies refuse it.
  --host-key-file F   file holding the hex private key of the Ethereum account
                      that pays this node's gas (env ANONIFY_HOST_KEY holds the
                      hex key itself). It has no authority in the network:
                      authority comes from the enclave's signatures.
  --dir DIR           data directory: the sealed enclave state, the ledger
                      position, and node.json (URL, enclave identity, TEE
                      kind, chain, contract), written once the API serves.
                      It is locked while the node runs: a second process on
                      it is refused at once, naming the one that holds it.
  --collateral PATH   Intel collateral (JSON bundle or folder of PCS
                      responses) used to verify SGX and TDX joiners.
  --tls               serve the client API over attested TLS (https): the
                      certificate and its key come from the enclave and carry
                      its evidence, so clients verify the enclave before
                      sending anything.

Sealed state needs a platform sealing key: tdx and nitro have none, so such
nodes need a key-release service before they can keep state across restarts.

Exit status: 0 stopped by SIGINT/SIGTERM, 2 usage error, 5 the chain
replaced blocks whose events the enclave had applied (a reorganisation
deeper than --confirmations): do not restart it on the same --dir, 1 any
other error (a shallower reorganisation, which left the state intact,
among them: restart it with more --confirmations).`,
		Example: `  anonify node --network /tmp/anon/devnet.json --host-key-file host.key --dir /tmp/node3
  anonify node --rpc http://127.0.0.1:8545 --contract 0x… --tee sev-snp --tls --dir /var/lib/anonify`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return cli.Usage(errors.New("--dir DIR is required: it keeps the sealed enclave state across restarts"))
			}
			if maxFeeGwei < 0 {
				return cli.Usage(fmt.Errorf("--max-fee-gwei %g: a fee cap cannot be negative (0 means no cap)", maxFeeGwei))
			}
			if _, err := platforms.Resolve(teeKind); err != nil {
				return cli.Usage(fmt.Errorf("--tee %q: choose one of %s", teeKind, strings.Join(platforms.Kinds(), ", ")))
			}
			rpc, contract, err := chain.Resolve()
			if err != nil {
				return err
			}
			hostKey, err := cli.ReadKey("host-key-file", keyFile, "ANONIFY_HOST_KEY")
			if err != nil {
				return err
			}
			vopts := verify.Options{}
			if collateral != "" {
				if err := cli.LoadCollateral(collateral, &vopts); err != nil {
					return cli.Usage(fmt.Errorf("--collateral: %w", err))
				}
			}
			level := slog.LevelInfo
			if verbose {
				level = slog.LevelDebug
			}
			log, err := cli.NewLogger(cmd.ErrOrStderr(), logFormat, level)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return err
			}
			platform, err := platforms.Open(teeKind, platforms.Options{StateDir: dir, Logger: log})
			if err != nil {
				return err
			}
			defer platforms.Close(platform)
			stderr := cmd.ErrOrStderr()
			if platform.Kind() == attest.KindSim {
				fmt.Fprintln(stderr, "WARNING: --tee sim is the SIMULATED TEE: INSECURE, for development only. Its evidence proves nothing and every production policy refuses it.")
			}

			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			led, err := ethereum.Dial(startCtx, rpc, contract, hostKey)
			if err != nil {
				return err
			}
			defer led.Close()
			if !cmd.Flags().Changed("confirmations") {
				// A Clique chain of several sealers can replace its recent
				// blocks (see CliqueConfirmations).
				if n, err := led.CliqueSigners(startCtx); err == nil && n > 1 {
					confirmations = CliqueConfirmations(n)
					fmt.Fprintf(stderr, "Clique chain of %d signers: applying blocks once %d more are on top of them (--confirmations to change)\n", n, confirmations)
				}
			}
			led.SetConfirmations(confirmations)
			txPolicy := ethereum.TxPolicy{StuckAfter: stuckAfter}
			if maxFeeGwei > 0 {
				txPolicy.MaxFeeCap = gweiToWei(maxFeeGwei)
			}
			led.SetTxPolicy(txPolicy)
			start, err := led.DeployedAt(startCtx)
			if err != nil {
				return err
			}
			warnIfPolicyRefuses(startCtx, led, platform.Kind(), stderr)

			cfg, err := assembly.NodeConfig(startCtx, assembly.Node{Ledger: led, StartBlock: start, Dir: dir, Listen: listen, TLS: useTLS, Platform: platform, Verify: vopts, Logger: log})
			if err != nil {
				return err
			}
			cfg.RotateEvery, cfg.RotateInterval = rotateEvery, rotateInterval
			cfg.AuditInterval = auditInterval
			cfg.Recover = recoverState
			n, err := node.Start(startCtx, cfg)
			if err != nil {
				return err
			}
			cancel()
			info := Info{URL: n.URL(), Identity: n.Enclave().Identity(), TEE: string(platform.Kind()),
				ChainID: led.ChainID().Uint64(), Contract: contract, TLS: useTLS}
			if err := writeNodeInfo(dir, info); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "node serving %s; enclave %s on %s; chain %d contract %s\n",
				info.URL, info.Identity.Hex(), platforms.Describe(platform), info.ChainID, contract.Hex())
			if n.Enclave().Recovery().Recovering {
				go reportRecovery(ctx, n, cmd.OutOrStdout())
			} else if recoverState {
				fmt.Fprintln(stderr, "WARNING: --recover has no effect: this data directory holds a sealed enclave; recovery needs a fresh one (an empty --dir)")
			}
			go func() {
				select {
				case <-n.Ready():
					fmt.Fprintf(cmd.OutOrStdout(), "enclave %s admitted: member of the network, holding its state\n", info.Identity.Hex())
				case <-ctx.Done():
				}
			}()
			err = n.Run(ctx)
			fmt.Fprintln(stderr, "stopped: enclave state sealed to", dir)
			if re := (*ledger.ReorgError)(nil); errors.As(err, &re) && re.EventsReplaced {
				return &cli.ExitError{Code: cli.ExitDiverged, Err: err}
			}
			return err
		},
	}
	chain.Add(cmd.Flags())
	cmd.Flags().StringVar(&keyFile, "host-key-file", "", "file with the hex private key of the gas-paying account (env ANONIFY_HOST_KEY: the hex key)")
	cmd.Flags().StringVar(&dir, "dir", "", "data directory (required)")
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:7000", "client API address (port 0 picks a free port; see DIR/node.json)")
	cmd.Flags().StringVar(&teeKind, "tee", string(attest.KindSim), "TEE platform: "+strings.Join(platforms.Kinds(), "|"))
	cmd.Flags().StringVar(&collateral, "collateral", "", "Intel collateral for verifying SGX/TDX joiners (JSON bundle or folder)")
	cmd.Flags().BoolVar(&useTLS, "tls", false, "serve the client API over attested TLS (https)")
	cmd.Flags().Uint64Var(&rotateEvery, "rotate-every", 0, "rotate the group key after this many commands in an epoch (0: never)")
	cmd.Flags().DurationVar(&rotateInterval, "rotate-interval", 0, "rotate the group key after this long in an epoch (0: never)")
	cmd.Flags().Uint64Var(&confirmations, "confirmations", 0, "apply only blocks with this many blocks on top of them, and stop if the chain replaces one it applied (default: on a Clique chain of N > 1 signers 2·(N/2), at least 2; else 0, for a chain whose blocks are final at once, such as the embedded one)")
	cmd.Flags().DurationVar(&stuckAfter, "tx-stuck-after", 30*time.Second, "replace a transaction at the same nonce with fees raised by 25% when no block has included it this long after it was sent")
	cmd.Flags().Float64Var(&maxFeeGwei, "max-fee-gwei", 0, "never offer more than this per gas, in gwei, tip included (0: no cap); a transaction stuck at the cap fails and the node retries later")
	cmd.Flags().DurationVar(&auditInterval, "audit-interval", 0, "post audit records at most this often, so that posts say less about when in-scope commands ran (0: as soon as they exist)")
	cmd.Flags().BoolVar(&recoverState, "recover", false, "disaster recovery after every member is lost: start a fresh enclave that rebuilds the state from the latest checkpoint once custodians release their shares to it (anonify recovery release), for governance to found the network with it")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "debug logging")
	cli.AddLogFormatFlag(cmd, &logFormat)
	return cmd
}

// gweiToWei converts a fee in gwei (fractions allowed) to wei.
func gweiToWei(gwei float64) *big.Int {
	wei, _ := new(big.Float).Mul(big.NewFloat(gwei), big.NewFloat(1e9)).Int(nil)
	return wei
}

// CliqueConfirmations is --confirmations on a Clique chain of n signers
// when not given: the fewest with which no minority of the signers can
// replace a block (cliquechain.MinConfirmations), and at least 2.
//
// Clique lets a signer seal at most one of any n/2+1 consecutive blocks,
// so the sealers on the minority side of a partition (at most n/2 of
// them) seal at most n/2 blocks before they stall. But an in-turn block
// weighs 2 and an out-of-turn one 1, and geth keeps the first of two
// equally heavy chains: a partition that heals before the majority's
// chain outweighs the minority's fork can replace up to 2·(n/2) of the
// majority's newest blocks. Waiting for that many keeps every node's
// applied blocks final on both sides.
func CliqueConfirmations(n int) uint64 { return max(2, cliquechain.MinConfirmations(n)) }

// reportRecovery prints a recovering node's progress whenever it changes,
// and what governance does once the state is rebuilt.
func reportRecovery(ctx context.Context, n *node.Node, w io.Writer) {
	id := n.Enclave().Identity()
	fmt.Fprintf(w, "recovery mode: enclave %s collects the latest checkpoint; custodians release their shares to it with: anonify recovery release --node %s --key-file CUSTODIAN.key\n", id.Hex(), n.URL())
	last := ""
	for {
		s := n.Enclave().Recovery()
		var line string
		switch {
		case !s.Recovering:
			return // founded: the ready message follows
		case s.Recovered:
			line = fmt.Sprintf("recovery: state rebuilt from epoch %d's checkpoint: %d commands applied, state hash %s. Governance now expels each lost member (anonify attest policy expel ADDRESS) and founds the network with this enclave (anonify recovery found %s)",
				s.Epoch, s.Applied, s.StateHash.Hex(), id.Hex())
		case !s.Manifest:
			line = "recovery: following the ledger; no checkpoint with custodian shares yet"
			if s.Reason != "" {
				line += " (" + s.Reason + ")"
			}
		default:
			line = fmt.Sprintf("recovery: checkpoint of epoch %d, %d/%d chunks; %d of the %d releases needed (%d custodians)", s.Epoch, s.ChunksHave, s.Chunks, len(s.Released), s.Threshold, len(s.Custodians))
			if s.Reason != "" {
				line += "; " + s.Reason
			}
		}
		if line != last {
			fmt.Fprintln(w, line)
			last = line
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

// warnIfPolicyRefuses tells the operator early when the network's policy
// does not accept this platform's kind at all: the enclave would register
// but never be admitted. It is advice only; admission is the members'
// decision, and they also check the measurement.
func warnIfPolicyRefuses(ctx context.Context, led *ethereum.Driver, kind attest.Kind, w io.Writer) {
	st, err := led.State(ctx)
	if err != nil {
		return
	}
	p, err := attest.ParsePolicy(st.Policy)
	if err != nil {
		fmt.Fprintf(w, "WARNING: the network's policy (version %d) is unreadable (%v): no enclave can be admitted until governance fixes it\n", st.PolicyVersion, err)
		return
	}
	if p.Kind(kind) == nil {
		fmt.Fprintf(w, "WARNING: the network's policy (version %d) does not accept %s enclaves: this node will register but never be admitted\n", st.PolicyVersion, kind)
	}
}

func writeNodeInfo(dir string, info Info) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, "node.json"), append(b, '\n'), 0o644)
}
