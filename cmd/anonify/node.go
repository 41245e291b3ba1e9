package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
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

	"github.com/anonify-go/anonify/assembly"
	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/tee/platforms"
)

// chainFlags say which contract deployment to use: --rpc and --contract,
// or --network FILE (a devnet.json), with environment fallbacks.
type chainFlags struct {
	network, rpc, contract string
}

// add registers the flags on fs (a command's Flags or PersistentFlags).
func (f *chainFlags) add(fs interface {
	StringVar(p *string, name, value, usage string)
}) {
	fs.StringVar(&f.network, "network", "", "devnet.json giving the RPC URL and contract (env ANONIFY_NETWORK)")
	fs.StringVar(&f.rpc, "rpc", "", "Ethereum JSON-RPC URL (env ANONIFY_RPC)")
	fs.StringVar(&f.contract, "contract", "", "AnonifyLedger contract address (env ANONIFY_CONTRACT)")
}

// resolve applies the precedence --rpc/--contract, then --network, then
// ANONIFY_RPC/ANONIFY_CONTRACT, then ANONIFY_NETWORK, field by field.
func (f *chainFlags) resolve() (string, common.Address, error) {
	rpc, contract := f.rpc, f.contract
	fromNetwork := func(flag, path string) error {
		if path == "" || rpc != "" && contract != "" {
			return nil
		}
		info, err := client.LoadNetwork(path)
		if err != nil {
			return &exitError{2, fmt.Errorf("%s: %w", flag, err)}
		}
		if rpc == "" {
			rpc = info.RPC
		}
		if contract == "" && info.Contract != (common.Address{}) {
			contract = info.Contract.Hex()
		}
		return nil
	}
	if err := fromNetwork("--network", f.network); err != nil {
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
		return "", common.Address{}, &exitError{2, errors.New("no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json (env ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK)")}
	}
	if !strings.HasPrefix(contract, "0x") || !common.IsHexAddress(contract) {
		return "", common.Address{}, &exitError{2, fmt.Errorf("contract %q is not a 0x-prefixed 20-byte hex address", contract)}
	}
	return rpc, common.HexToAddress(contract), nil
}

// readKey loads a secp256k1 private key given as hex (optionally 0x) in
// file, or else in the environment variable env. flag names the flag in
// messages. The key itself never appears in an error.
func readKey(flag, file, env string) (*ecdsa.PrivateKey, error) {
	var raw, source string
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, &exitError{2, fmt.Errorf("--%s: %w", flag, err)}
		}
		raw, source = string(b), "--"+flag+" "+file
	case os.Getenv(env) != "":
		raw, source = os.Getenv(env), env
	default:
		return nil, &exitError{2, fmt.Errorf("no key: pass --%s FILE (hex private key) or set %s", flag, env)}
	}
	raw = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(raw), "0x"), "0X")
	k, err := crypto.HexToECDSA(raw)
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("%s: not a hex secp256k1 private key (64 hex digits)", source)}
	}
	return k, nil
}

// nodeInfo is what `anonify node` writes to DIR/node.json once it serves,
// for scripts and tests.
type nodeInfo struct {
	URL      string         `json:"url"`
	Identity common.Address `json:"identity"`
	TEE      string         `json:"tee"`
	ChainID  uint64         `json:"chain_id"`
	Contract common.Address `json:"contract"`
	TLS      bool           `json:"tls"`
}

func nodeCmd() *cobra.Command {
	var (
		rotateEvery    uint64
		rotateInterval time.Duration
	)
	var (
		chain      chainFlags
		keyFile    string
		dir        string
		listen     string
		teeKind    string
		collateral string
		useTLS     bool
		verbose    bool
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
nodes need a key-release service before they can keep state across restarts.`,
		Example: `  anonify node --network /tmp/anon/devnet.json --host-key-file host.key --dir /tmp/node3
  anonify node --rpc http://127.0.0.1:8545 --contract 0x… --tee sev-snp --tls --dir /var/lib/anonify`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return &exitError{2, errors.New("--dir DIR is required: it keeps the sealed enclave state across restarts")}
			}
			if _, err := platforms.Resolve(teeKind); err != nil {
				return &exitError{2, fmt.Errorf("--tee %q: choose one of %s", teeKind, strings.Join(platforms.Kinds(), ", "))}
			}
			rpc, contract, err := chain.resolve()
			if err != nil {
				return err
			}
			hostKey, err := readKey("host-key-file", keyFile, "ANONIFY_HOST_KEY")
			if err != nil {
				return err
			}
			vopts := verify.Options{}
			if collateral != "" {
				if err := loadCollateral(collateral, &vopts); err != nil {
					return &exitError{2, fmt.Errorf("--collateral: %w", err)}
				}
			}
			level := slog.LevelInfo
			if verbose {
				level = slog.LevelDebug
			}
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
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
			n, err := node.Start(startCtx, cfg)
			if err != nil {
				return err
			}
			cancel()
			info := nodeInfo{URL: n.URL(), Identity: n.Enclave().Identity(), TEE: string(platform.Kind()),
				ChainID: led.ChainID().Uint64(), Contract: contract, TLS: useTLS}
			if err := writeNodeInfo(dir, info); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "node serving %s; enclave %s on %s; chain %d contract %s\n",
				info.URL, info.Identity.Hex(), platforms.Describe(platform), info.ChainID, contract.Hex())
			go func() {
				select {
				case <-n.Ready():
					fmt.Fprintf(cmd.OutOrStdout(), "enclave %s admitted: member of the network, holding its state\n", info.Identity.Hex())
				case <-ctx.Done():
				}
			}()
			err = n.Run(ctx)
			fmt.Fprintln(stderr, "stopped: enclave state sealed to", dir)
			return err
		},
	}
	chain.add(cmd.Flags())
	cmd.Flags().StringVar(&keyFile, "host-key-file", "", "file with the hex private key of the gas-paying account (env ANONIFY_HOST_KEY: the hex key)")
	cmd.Flags().StringVar(&dir, "dir", "", "data directory (required)")
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:7000", "client API address (port 0 picks a free port; see DIR/node.json)")
	cmd.Flags().StringVar(&teeKind, "tee", string(attest.KindSim), "TEE platform: "+strings.Join(platforms.Kinds(), "|"))
	cmd.Flags().StringVar(&collateral, "collateral", "", "Intel collateral for verifying SGX/TDX joiners (JSON bundle or folder)")
	cmd.Flags().BoolVar(&useTLS, "tls", false, "serve the client API over attested TLS (https)")
	cmd.Flags().Uint64Var(&rotateEvery, "rotate-every", 0, "rotate the group key after this many commands in an epoch (0: never)")
	cmd.Flags().DurationVar(&rotateInterval, "rotate-interval", 0, "rotate the group key after this long in an epoch (0: never)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "debug logging")
	return cmd
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

func writeNodeInfo(dir string, info nodeInfo) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, "node.json.tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "node.json"))
}
