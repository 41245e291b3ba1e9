// Package devnet assembles a complete development network in one process:
// an embedded Ethereum chain, the AnonifyLedger contract with a dev policy,
// and N nodes whose enclaves run on the INSECURE simulated TEE. The first
// node is founded by the (single) governor; the others are admitted by the
// member enclaves through the ledger, exactly as on a real network.
//
// Trust: UNTRUSTED host-side orchestration. It never touches plaintext; it
// only wires nodes, chain and contract together.
package devnet

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/enclave/apps/erc20"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/tee/sim"
)

// Options configures Start.
type Options struct {
	Nodes int    // default 3
	Dir   string // node data; default a temporary directory removed on Close
	// RPC, when set, uses an external chain (e.g. geth --dev) instead of the
	// embedded one; Keys then pay for deployment (Keys[0], the governor)
	// and for each node's transactions (Keys[1..]).
	RPC  string
	Keys []string // hex private keys for RPC mode
	// BlockPeriod of the embedded chain; 0 seals as soon as transactions wait.
	BlockPeriod time.Duration
	Logger      *slog.Logger
}

// Info is what devnet.json holds: enough for a client or an Ethereum tool.
type Info struct {
	RPC      string         `json:"rpc"`
	ChainID  uint64         `json:"chain_id"`
	Contract common.Address `json:"contract"`
	Nodes    []string       `json:"nodes"`
}

// Devnet is a running development network.
type Devnet struct {
	Info    Info
	Ledger  *ethereum.Driver // read-only view, for clients and inspection
	Nodes   []*node.Node
	chain   *ethereum.Embedded
	tempDir string
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	errs    chan error
	log     *slog.Logger
}

// Apps are the apps every devnet enclave runs.
func Apps() []*runtime.App { return []*runtime.App{erc20.New()} }

// EnclaveConfig is the enclave configuration of a dev node on the
// simulated platform (state dir holds the platform's sealing secret).
func EnclaveConfig(platform *sim.Platform, chainID uint64, contract common.Address, log *slog.Logger) enclave.Config {
	return enclave.Config{
		Platform: platform, ChainID: chainID, Contract: contract, Apps: Apps(), Logger: log,
		VerifyEvidence: func(ev []byte, now time.Time) (*attest.Claims, error) {
			return verify.Evidence(ev, verify.Options{Now: now})
		},
	}
}

// Start brings up chain, contract and nodes, and returns once every node's
// enclave is a member holding the state.
func Start(ctx context.Context, opts Options) (_ *Devnet, err error) {
	if opts.Nodes <= 0 {
		opts.Nodes = 3
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	d := &Devnet{log: opts.Logger, errs: make(chan error, opts.Nodes)}
	defer func() {
		if err != nil {
			d.Close()
		}
	}()
	if opts.Dir == "" {
		if d.tempDir, err = os.MkdirTemp("", "anonify-devnet-"); err != nil {
			return nil, err
		}
		opts.Dir = d.tempDir
	}

	keys, rpcURL, err := d.startChain(opts)
	if err != nil {
		return nil, err
	}
	d.Info.RPC = rpcURL

	// The policy pins the measurement of this very binary: every node runs
	// it, and nothing else may join.
	probe, err := sim.New(sim.Options{})
	if err != nil {
		return nil, err
	}
	policy, err := attest.DevPolicy(probe.Measurement()).Marshal()
	if err != nil {
		return nil, err
	}
	ec, err := ethclient.DialContext(ctx, rpcURL)
	if err != nil {
		return nil, err
	}
	defer ec.Close()
	governor := keys[0]
	contract, err := ethereum.Deploy(ctx, ec, governor, []common.Address{crypto.PubkeyToAddress(governor.PublicKey)}, 1, policy)
	if err != nil {
		return nil, fmt.Errorf("devnet: deploy contract: %w", err)
	}
	d.Info.Contract = contract
	gov, err := ethereum.Dial(ctx, rpcURL, contract, governor)
	if err != nil {
		return nil, err
	}
	defer gov.Close()
	d.Info.ChainID = gov.ChainID().Uint64()
	start, err := gov.DeployedAt(ctx)
	if err != nil {
		return nil, err
	}
	if d.Ledger, err = ethereum.Dial(ctx, rpcURL, contract, nil); err != nil {
		return nil, err
	}
	d.log.Info("contract deployed", "contract", contract.Hex(), "chain_id", d.Info.ChainID, "block", start)

	runCtx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	for i := 0; i < opts.Nodes; i++ {
		n, err := d.startNode(ctx, runCtx, i, filepath.Join(opts.Dir, fmt.Sprintf("node%d", i)), rpcURL, contract, start, keys[1+i])
		if err != nil {
			return nil, err
		}
		d.Info.Nodes = append(d.Info.Nodes, n.URL())
	}
	// Governance founds the network with the first node's enclave; its
	// members then admit the rest through the ledger.
	if _, err := gov.ProposeFounder(ctx, d.Nodes[0].Enclave().Identity()); err != nil {
		return nil, fmt.Errorf("devnet: found the network: %w", err)
	}
	for i, n := range d.Nodes {
		select {
		case <-n.Ready():
		case err := <-d.errs:
			return nil, err
		case <-ctx.Done():
			return nil, fmt.Errorf("devnet: waiting for node %d to join: %w", i, ctx.Err())
		}
	}
	return d, nil
}

func (d *Devnet) startChain(opts Options) ([]*ecdsa.PrivateKey, string, error) {
	if opts.RPC != "" {
		if len(opts.Keys) < opts.Nodes+1 {
			return nil, "", fmt.Errorf("devnet: an external chain needs %d funded keys (governor + one per node), got %d", opts.Nodes+1, len(opts.Keys))
		}
		var keys []*ecdsa.PrivateKey
		for i, h := range opts.Keys {
			k, err := crypto.HexToECDSA(trim0x(h))
			if err != nil {
				return nil, "", fmt.Errorf("devnet: key %d: %w", i, err)
			}
			keys = append(keys, k)
		}
		return keys, opts.RPC, nil
	}
	chain, err := ethereum.StartEmbedded(ethereum.EmbeddedOptions{Accounts: opts.Nodes + 1, BlockPeriod: opts.BlockPeriod, Logger: opts.Logger})
	if err != nil {
		return nil, "", fmt.Errorf("devnet: start embedded chain: %w", err)
	}
	d.chain = chain
	return chain.Accounts(), chain.RPCURL(), nil
}

func (d *Devnet) startNode(ctx, runCtx context.Context, i int, dir, rpcURL string, contract common.Address, start uint64, hostKey *ecdsa.PrivateKey) (*node.Node, error) {
	led, err := ethereum.Dial(ctx, rpcURL, contract, hostKey)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	platform, err := sim.New(sim.Options{StateDir: dir})
	if err != nil {
		return nil, err
	}
	log := d.log.With("node", i)
	cfg := EnclaveConfig(platform, led.ChainID().Uint64(), contract, log)
	n, err := node.Start(ctx, node.Config{
		Ledger: led, StartBlock: start, DataDir: dir, Listen: "127.0.0.1:0", Logger: log,
		NewEnclave: func(ctx context.Context) (*enclave.Enclave, error) { return enclave.New(ctx, cfg) },
		RestoreEnclave: func(ctx context.Context, id common.Address, blob []byte) (*enclave.Enclave, error) {
			return enclave.Restore(ctx, cfg, id, blob)
		},
	})
	if err != nil {
		led.Close()
		return nil, fmt.Errorf("devnet: node %d: %w", i, err)
	}
	d.Nodes = append(d.Nodes, n)
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer led.Close()
		if err := n.Run(runCtx); err != nil {
			d.errs <- fmt.Errorf("devnet: node %d: %w", i, err)
		}
	}()
	return n, nil
}

// WriteInfo writes devnet.json into dir.
func (d *Devnet) WriteInfo(dir string) error {
	b, err := json.MarshalIndent(d.Info, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp := filepath.Join(dir, "devnet.json.tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "devnet.json"))
}

// Close stops the nodes (each seals its state), then the chain.
func (d *Devnet) Close() error {
	if d.cancel != nil {
		d.cancel()
	}
	d.wg.Wait()
	if d.Ledger != nil {
		d.Ledger.Close()
	}
	var err error
	if d.chain != nil {
		err = d.chain.Close()
	}
	if d.tempDir != "" {
		err = errors.Join(err, os.RemoveAll(d.tempDir))
	}
	return err
}

func trim0x(s string) string {
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return s[2:]
	}
	return s
}
