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
	"crypto/hpke"
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

	"github.com/anonify-go/anonify/assembly"
	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/internal/atomicfile"
	"github.com/anonify-go/anonify/internal/dirlock"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/ledger/ethereum/embedded"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/tee/sim"
)

// Options configures Start.
type Options struct {
	// Nodes defaults to 3, or to the recorded network's number of nodes
	// when Dir holds one.
	Nodes int
	// Dir keeps the whole network (chain database, nodes' sealed state,
	// network.json): Start on a Dir that holds a network resumes it (see
	// network.go). Dir is locked while the devnet runs. Empty: a temporary
	// directory and an in-memory chain, removed on Close.
	Dir string
	// RPC, when set, uses an external chain (e.g. geth --dev) instead of the
	// embedded one; Keys then pay for deployment (Keys[0], the governor)
	// and for each node's transactions (Keys[1..]).
	RPC  string
	Keys []string // hex private keys for RPC mode
	// NodeRPCs, when set with RPC, spreads the nodes over several
	// endpoints of the external chain: node i uses NodeRPCs[i mod len]
	// (a multi-sealer network: each node on its own sealer).
	NodeRPCs []string
	// Confirmations is every node's --confirmations: a chain whose blocks
	// can be replaced (Clique with several sealers) needs some.
	Confirmations uint64
	// Chain, if set, is the chain the nodes' enclaves verify themselves
	// (a Clique network), pinned in the network's first policy; unset,
	// they believe their hosts (INSECURE, like the simulated TEE).
	Chain *attest.ChainAnchor
	// BlockPeriod of the embedded chain; 0 seals as soon as transactions wait.
	BlockPeriod time.Duration
	// MinBlockInterval of the embedded chain (embedded.Options): the least
	// time between two blocks sealed for waiting transactions; 0 seals
	// as soon as one waits.
	MinBlockInterval time.Duration
	// SpareKeys is the number of extra funded accounts, beyond the governor
	// and the nodes, for nodes started later (`anonify node`) and for
	// governance tests. With RPC they are the Keys after the nodes'.
	SpareKeys int
	// TLS serves every node's client API over attested TLS (https).
	TLS bool
	// RotateEvery and RotateInterval set every node's key-rotation policy
	// (an MLS commit with an UpdatePath after that many commands or that
	// much time in an epoch); zero disables each.
	RotateEvery    uint64
	RotateInterval time.Duration
	// Custodians, when not 0, is the number of development disaster-
	// recovery custodian keys governance appoints as the network starts,
	// any CustodianThreshold of which recover (see custodians.go). With a
	// Dir the keys live in DIR/keys.json, and a resumed network reuses
	// them. DEVELOPMENT ONLY: the private keys are in clear.
	Custodians         int
	CustodianThreshold int
	Logger             *slog.Logger
}

// Devnet is a running development network.
type Devnet struct {
	Info   ledger.Network   // what devnet.json holds
	Ledger *ethereum.Driver // read-only view, for clients and inspection
	Nodes  []*node.Node
	// Governor is the single governor's key (threshold 1) and Spare the
	// spare funded keys. DEVELOPMENT ONLY: these keys hold dev-chain ether
	// and govern the dev network; they are written to keys.json in clear.
	Governor *ecdsa.PrivateKey
	Spare    []*ecdsa.PrivateKey
	// Custodians are the development custodian keys (Options.Custodians),
	// any CustodianThreshold of which recover; written to keys.json in
	// clear. DEVELOPMENT ONLY.
	Custodians         []hpke.PrivateKey
	CustodianThreshold int
	chain              *embedded.Chain
	tempDir            string
	lock               *dirlock.Lock // on Options.Dir
	infoPath           string        // devnet.json, once WriteInfo wrote it
	cancel             context.CancelFunc
	wg                 sync.WaitGroup
	errs               chan error
	log                *slog.Logger
	opts               Options
	rpcURL             string
	start              uint64
	runs               []*nodeRun
}

// nodeRun is one node's process-like life inside the devnet.
type nodeRun struct {
	dir     string
	hostKey *ecdsa.PrivateKey
	cancel  context.CancelFunc
	done    chan struct{}
}

// Start brings up chain, contract and nodes, and returns once every node's
// enclave is a member holding the state. On a directory that holds a
// network already (see network.go) it resumes that network instead.
func Start(ctx context.Context, opts Options) (_ *Devnet, err error) {
	if opts.SpareKeys < 0 {
		return nil, fmt.Errorf("devnet: negative number of spare keys %d", opts.SpareKeys)
	}
	if opts.Nodes < 0 {
		return nil, fmt.Errorf("devnet: negative number of nodes %d", opts.Nodes)
	}
	if err := checkCustodianOptions(opts.Custodians, opts.CustodianThreshold); err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	d := &Devnet{log: opts.Logger, opts: opts}
	defer func() {
		if err != nil {
			d.Close()
		}
	}()
	rec, err := d.openDir(&opts)
	if err != nil {
		return nil, err
	}
	if opts.Nodes == 0 {
		opts.Nodes = 3
	}
	d.opts, d.errs = opts, make(chan error, opts.Nodes)

	keys, rpcURL, err := d.startChain(opts)
	if err != nil {
		return nil, err
	}
	d.Info.RPC = rpcURL
	governor := keys[0]
	d.Governor, d.Spare = governor, keys[1+opts.Nodes:]
	if err := d.custodianKeys(opts); err != nil {
		return nil, err
	}
	var gov *ethereum.Driver
	if rec == nil {
		gov, err = d.create(ctx, rpcURL, keys[:1+opts.Nodes])
	} else {
		d.log.Info("resuming the network recorded in the directory", "dir", opts.Dir, "contract", rec.Contract.Hex())
		gov, err = d.resume(ctx, rec, rpcURL, governor, keys[1:1+opts.Nodes])
	}
	if err != nil {
		return nil, err
	}
	defer gov.Close()
	d.Info.Contract = gov.Contract()
	d.Info.ChainID = gov.ChainID().Uint64()
	start, err := gov.DeployedAt(ctx)
	if err != nil {
		return nil, err
	}
	if d.Ledger, err = ethereum.Dial(ctx, rpcURL, d.Info.Contract, nil); err != nil {
		return nil, err
	}
	if err := d.appointCustodians(ctx, gov); err != nil {
		return nil, err
	}

	runCtx, cancel := context.WithCancel(context.Background())
	d.cancel, d.rpcURL, d.start = cancel, rpcURL, start
	for i := 0; i < opts.Nodes; i++ {
		d.runs = append(d.runs, &nodeRun{dir: filepath.Join(opts.Dir, fmt.Sprintf("node%d", i)), hostKey: keys[1+i]})
		n, err := d.startNode(ctx, runCtx, i)
		if err != nil {
			return nil, err
		}
		d.Nodes = append(d.Nodes, n)
		d.Info.Nodes = append(d.Info.Nodes, n.URL())
	}
	// Governance founds the network with the first node's enclave; its
	// members then admit the rest through the ledger. A resumed network
	// has members already (unless the devnet stopped before founding it).
	st, err := gov.State(ctx)
	if err != nil {
		return nil, err
	}
	if len(st.Members) == 0 {
		if _, err := gov.ProposeFounder(ctx, d.Nodes[0].Enclave().Identity()); err != nil {
			return nil, fmt.Errorf("devnet: found the network: %w", err)
		}
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

// create deploys the contract with a dev policy and the governor
// keys[0], and records the network in the directory (network.go).
// keys[1:] pay the nodes' gas.
func (d *Devnet) create(ctx context.Context, rpcURL string, keys []*ecdsa.PrivateKey) (*ethereum.Driver, error) {
	// The policy pins the measurement of this very binary: every node runs
	// it, and nothing else may join.
	probe, err := sim.New(sim.Options{})
	if err != nil {
		return nil, err
	}
	p := attest.DevPolicy(probe.Measurement())
	p.Chain = d.opts.Chain
	policy, err := p.Marshal()
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
	gov, err := ethereum.Dial(ctx, rpcURL, contract, governor)
	if err != nil {
		return nil, err
	}
	start, err := gov.DeployedAt(ctx)
	if err != nil {
		gov.Close()
		return nil, err
	}
	d.log.Info("contract deployed", "contract", contract.Hex(), "chain_id", gov.ChainID(), "block", start)
	rec := record{Version: recordVersion, ChainID: gov.ChainID().Uint64(), Contract: contract, DeployedAt: start,
		Chain: chainEmbedded, Governor: crypto.PubkeyToAddress(governor.PublicKey)}
	if d.opts.RPC != "" {
		rec.Chain = chainExternal
	}
	for _, k := range keys[1:] {
		rec.Hosts = append(rec.Hosts, crypto.PubkeyToAddress(k.PublicKey))
	}
	if err := d.writeRecord(d.opts.Dir, rec); err != nil {
		gov.Close()
		return nil, fmt.Errorf("devnet: record the network: %w", err)
	}
	return gov, nil
}

func (d *Devnet) startChain(opts Options) ([]*ecdsa.PrivateKey, string, error) {
	if opts.RPC != "" {
		if want := opts.Nodes + 1 + opts.SpareKeys; len(opts.Keys) < want {
			return nil, "", fmt.Errorf("devnet: an external chain needs %d funded keys (governor, one per node, %d spare), got %d", want, opts.SpareKeys, len(opts.Keys))
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
	chain, err := embedded.Start(embedded.Options{Accounts: opts.Nodes + 1 + opts.SpareKeys, BlockPeriod: opts.BlockPeriod,
		MinBlockInterval: opts.MinBlockInterval, Logger: opts.Logger, DataDir: d.chainDir(opts)})
	if err != nil {
		return nil, "", fmt.Errorf("devnet: start embedded chain: %w", err)
	}
	d.chain = chain
	return chain.Accounts(), chain.RPCURL(), nil
}

func (d *Devnet) startNode(ctx, runCtx context.Context, i int) (*node.Node, error) {
	r := d.runs[i]
	url := d.rpcURL
	if rpcs := d.opts.NodeRPCs; d.opts.RPC != "" && len(rpcs) > 0 {
		url = rpcs[i%len(rpcs)]
	}
	led, err := ethereum.Dial(ctx, url, d.Info.Contract, r.hostKey)
	if err != nil {
		return nil, err
	}
	led.SetConfirmations(d.opts.Confirmations)
	if err := os.MkdirAll(r.dir, 0o700); err != nil {
		return nil, err
	}
	platform, err := sim.New(sim.Options{StateDir: r.dir})
	if err != nil {
		return nil, err
	}
	log := d.log.With("node", i)
	cfg, err := assembly.NodeConfig(ctx, assembly.Node{Ledger: led, StartBlock: d.start, Dir: r.dir, Listen: "127.0.0.1:0", TLS: d.opts.TLS, Platform: platform, Logger: log})
	if err != nil {
		led.Close()
		return nil, err
	}
	cfg.RotateEvery, cfg.RotateInterval = d.opts.RotateEvery, d.opts.RotateInterval
	n, err := node.Start(ctx, cfg)
	if err != nil {
		led.Close()
		return nil, fmt.Errorf("devnet: node %d: %w", i, err)
	}
	nodeCtx, cancel := context.WithCancel(runCtx)
	r.cancel, r.done = cancel, make(chan struct{})
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer close(r.done)
		defer led.Close()
		if err := n.Run(nodeCtx); err != nil {
			d.errs <- fmt.Errorf("devnet: node %d: %w", i, err)
		}
	}()
	return n, nil
}

// StopNode stops node i as a crash would leave it, minus the crash: its
// HTTP API goes away and its data directory (sealed enclave state, ledger
// position) stays.
func (d *Devnet) StopNode(i int) {
	d.runs[i].cancel()
	<-d.runs[i].done
}

// RestartNode starts node i again from its data directory: the enclave is
// restored from its sealed blob and catches up from the ledger. Its API
// gets a new port (Info.Nodes is updated).
func (d *Devnet) RestartNode(ctx context.Context, i int) (*node.Node, error) {
	runCtx, cancel := context.WithCancel(context.Background())
	n, err := d.startNode(ctx, runCtx, i)
	if err != nil {
		cancel()
		return nil, err
	}
	prev := d.runs[i].cancel
	d.runs[i].cancel = func() { prev(); cancel() }
	d.Nodes[i], d.Info.Nodes[i] = n, n.URL()
	select {
	case <-n.Ready():
		return n, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("devnet: node %d did not resume: %w", i, ctx.Err())
	}
}

// WriteInfo writes devnet.json into dir, replacing any there; call it once
// the network serves. Close removes it: it exists only while the network
// it describes runs.
func (d *Devnet) WriteInfo(dir string) error {
	b, err := json.MarshalIndent(d.Info, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	path := filepath.Join(dir, infoFile)
	if err := atomicfile.Write(path, append(b, '\n'), 0o644); err != nil {
		return err
	}
	d.infoPath = path
	return nil
}

// Keys is what keys.json holds. DEVELOPMENT ONLY: private keys in clear,
// for the dev chain's accounts and the dev network's governance.
type Keys struct {
	Warning  string   `json:"warning"`
	Governor string   `json:"governor"` // hex private key of the only governor (threshold 1)
	Spare    []string `json:"spare"`    // hex private keys of funded accounts for extra nodes
	// Custodians are the development disaster-recovery custodians
	// governance appointed (Options.Custodians), any CustodianThreshold of
	// which recover; none without Options.Custodians.
	Custodians         []CustodianKey `json:"custodians,omitempty"`
	CustodianThreshold int            `json:"custodian_threshold,omitempty"`
}

// CustodianKey is one development custodian's X25519 key pair, in hex:
// Private as anonify recovery keygen writes a key file (with 0x), Public
// as it prints the public key.
type CustodianKey struct {
	Private string `json:"private"`
	Public  string `json:"public"`
}

// WriteKeys writes keys.json (mode 0600) into dir: the governor key, the
// spare funded keys and the custodian keys, for `anonify node
// --host-key-file`, `anonify attest policy --key-file` and the custodians'
// key files. Never do this on a real network.
func (d *Devnet) WriteKeys(dir string) error {
	k := Keys{
		Warning:  "DEVELOPMENT ONLY: private keys in clear for a dev chain; never use them on a real network",
		Governor: hexKey(d.Governor),
		Spare:    []string{},
	}
	for _, s := range d.Spare {
		k.Spare = append(k.Spare, hexKey(s))
	}
	for _, c := range d.Custodians {
		ck, err := custodianKeyJSON(c)
		if err != nil {
			return err
		}
		k.Custodians = append(k.Custodians, ck)
	}
	if len(k.Custodians) > 0 {
		k.CustodianThreshold = d.CustodianThreshold
	}
	b, err := json.MarshalIndent(k, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, "keys.json"), append(b, '\n'), 0o600)
}

func hexKey(k *ecdsa.PrivateKey) string { return "0x" + common.Bytes2Hex(crypto.FromECDSA(k)) }

// Close removes devnet.json, stops the nodes (each seals its state), then
// the chain, and unlocks the directory.
func (d *Devnet) Close() error {
	var err error
	if d.infoPath != "" {
		if rerr := os.Remove(d.infoPath); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			err = rerr
		}
		d.infoPath = ""
	}
	if d.cancel != nil {
		d.cancel()
	}
	for _, r := range d.runs {
		if r.cancel != nil {
			r.cancel()
		}
	}
	d.wg.Wait()
	if d.Ledger != nil {
		d.Ledger.Close()
	}
	if d.chain != nil {
		err = errors.Join(err, d.chain.Close())
	}
	if d.tempDir != "" {
		err = errors.Join(err, os.RemoveAll(d.tempDir))
	}
	return errors.Join(err, d.lock.Release())
}

func trim0x(s string) string {
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return s[2:]
	}
	return s
}
