// Package clique runs a real proof-of-authority Ethereum network for
// development and tests: several geth processes (v1.13.15, the last geth
// with Clique sealing), each a sealer, peered with each other, on
// loopback or each on a host of its own (Options.Hosts: a network
// namespace of devnet/netns, say).
// It is the kind of chain Anonify ran on in production (a permissioned
// network sealed by several parties), unlike the embedded single-process
// chain: blocks come from several processes, a sealer can be killed, and
// blocks can be replaced by a heavier fork (so nodes wait for
// confirmations).
//
// Trust: UNTRUSTED host tooling. It holds development keys in clear.
//
// geth is found in $ANONIFY_GETH_CLIQUE, $ANONIFY_GETH, on PATH, or where
// `go install` puts it, and must be v1.13:
//
//	go install -ldflags=-checklinkname=0 github.com/ethereum/go-ethereum/cmd/geth@v1.13.15
package clique

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"log/slog"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
)

// GethVersion is the geth release this package drives: later releases
// dropped Clique sealing.
const GethVersion = "1.13.15"

const installHint = "install it with `go install -ldflags=-checklinkname=0 github.com/ethereum/go-ethereum/cmd/geth@v" + GethVersion + "` (about 2 minutes) and point $ANONIFY_GETH_CLIQUE at it"

// ErrNoGeth means no geth v1.13 binary was found.
var ErrNoGeth = errors.New("clique: no geth v1.13 found ($ANONIFY_GETH_CLIQUE, $ANONIFY_GETH, PATH, $GOPATH/bin): " + installHint)

// FindGeth returns the first geth v1.13 binary of $ANONIFY_GETH_CLIQUE,
// $ANONIFY_GETH, PATH and $GOPATH/bin. Later releases dropped Clique
// sealing, so they are passed over.
func FindGeth() (string, error) {
	var candidates []string
	for _, env := range []string{"ANONIFY_GETH_CLIQUE", "ANONIFY_GETH"} {
		if p := os.Getenv(env); p != "" {
			candidates = append(candidates, p)
		}
	}
	if p, err := exec.LookPath("geth"); err == nil {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, filepath.Join(build.Default.GOPATH, "bin", "geth"))
	for _, p := range candidates {
		out, err := exec.Command(p, "version").Output()
		if err == nil && strings.Contains(string(out), "\nVersion: 1.13.") {
			return p, nil
		}
	}
	return "", ErrNoGeth
}

// Options configure a network.
type Options struct {
	// Dir holds each sealer's data directory, key and log.
	Dir string
	// Sealers is the number of geth processes, each a Clique signer.
	Sealers int
	// ChainID of the network; default 31337.
	ChainID uint64
	// Period is the block period; default 1 s.
	Period time.Duration
	// Fund receives DefaultBalance each in the genesis block (the
	// governor's and the nodes' gas keys).
	Fund []common.Address
	// Geth is the binary; default FindGeth.
	Geth string
	// Hosts, when set, puts each sealer on a host of its own (one per
	// sealer, in order) instead of all on loopback: see Host.
	Hosts  []Host
	Logger *slog.Logger
}

// Host is where a sealer runs when it is not on this machine's loopback:
// a network namespace (devnet/netns), a container, a machine. The sealer
// binds its JSON-RPC (port 8545) and peer-to-peer (30303) endpoints to
// Addr and tells its peers to dial it there; Command starts a program on
// the host, with the same file system (the sealer's directory is under
// Options.Dir).
type Host struct {
	Addr    string
	Command func(name string, args ...string) *exec.Cmd
}

// The ports a sealer on a Host of its own listens on.
const (
	HostRPCPort = 8545
	HostP2PPort = 30303
)

// DefaultBalance is what each funded account starts with: 10^24 wei.
var DefaultBalance = new(big.Int).Exp(big.NewInt(10), big.NewInt(24), nil)

// Network is a running Clique network.
type Network struct {
	ChainID uint64
	Sealers []*Sealer
	log     *slog.Logger
}

// Sealer is one geth process.
type Sealer struct {
	Index   int
	Address common.Address // its signer account
	RPC     string         // http://ADDR:PORT: loopback, or its Host
	Dir     string
	args    []string
	geth    string
	host    *Host
	mu      sync.Mutex
	cmd     *exec.Cmd
	exited  chan error
	logFile *os.File
}

// Start creates (or, if Dir holds one, resumes) a network of
// opts.Sealers sealers and returns once every sealer serves JSON-RPC, all
// are peered and blocks are being sealed.
func Start(ctx context.Context, opts Options) (*Network, error) {
	if opts.Sealers < 1 {
		return nil, fmt.Errorf("clique: %d sealers; want at least 1", opts.Sealers)
	}
	if opts.ChainID == 0 {
		opts.ChainID = 31337
	}
	if opts.Period == 0 {
		opts.Period = time.Second
	}
	if opts.Period%time.Second != 0 {
		return nil, fmt.Errorf("clique: a block period of %v; Clique counts whole seconds", opts.Period)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Geth == "" {
		var err error
		if opts.Geth, err = FindGeth(); err != nil {
			return nil, err
		}
	}
	if len(opts.Hosts) > 0 && len(opts.Hosts) != opts.Sealers {
		return nil, fmt.Errorf("clique: %d hosts for %d sealers; give one per sealer", len(opts.Hosts), opts.Sealers)
	}
	n := &Network{ChainID: opts.ChainID, log: opts.Logger}
	keys, fresh, err := sealerKeys(opts.Dir, opts.Sealers)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		s := &Sealer{Index: i, Address: crypto.PubkeyToAddress(k.PublicKey), Dir: filepath.Join(opts.Dir, fmt.Sprintf("sealer%d", i)), geth: opts.Geth}
		if len(opts.Hosts) > 0 {
			s.host = &opts.Hosts[i]
		}
		n.Sealers = append(n.Sealers, s)
	}
	if fresh {
		if err := n.create(ctx, opts, keys); err != nil {
			return nil, err
		}
	}
	for _, s := range n.Sealers {
		if err := s.configure(opts.ChainID); err != nil {
			n.Close()
			return nil, err
		}
		if err := s.Start(ctx); err != nil {
			n.Close()
			return nil, err
		}
	}
	if err := n.Peer(ctx); err != nil {
		n.Close()
		return nil, err
	}
	if err := n.waitBlocks(ctx, 2); err != nil {
		n.Close()
		return nil, err
	}
	return n, nil
}

// sealerKeys reads the sealers' keys from dir, or makes them.
func sealerKeys(dir string, count int) ([]*ecdsa.PrivateKey, bool, error) {
	return loadOrMakeKeys(filepath.Join(dir, "sealers.json"), count)
}

// Accounts returns count development accounts kept in dir/accounts.json
// (made on first use, read back after): the keys a devnet funds in the
// genesis (Options.Fund) and pays its transactions with. DEVELOPMENT
// ONLY: the keys are in clear.
func Accounts(dir string, count int) ([]*ecdsa.PrivateKey, error) {
	keys, _, err := loadOrMakeKeys(filepath.Join(dir, "accounts.json"), count)
	return keys, err
}

// loadOrMakeKeys reads count hex keys from path, or makes and writes
// them (mode 0600); it reports whether it made them.
func loadOrMakeKeys(path string, count int) ([]*ecdsa.PrivateKey, bool, error) {
	dir := filepath.Dir(path)
	b, err := os.ReadFile(path)
	if err == nil {
		var hexKeys []string
		if err := json.Unmarshal(b, &hexKeys); err != nil {
			return nil, false, fmt.Errorf("clique: %s: %w", path, err)
		}
		if len(hexKeys) != count {
			return nil, false, fmt.Errorf("clique: %s holds %d keys, not %d; use another directory", path, len(hexKeys), count)
		}
		var keys []*ecdsa.PrivateKey
		for _, h := range hexKeys {
			k, err := crypto.HexToECDSA(h)
			if err != nil {
				return nil, false, fmt.Errorf("clique: %s: %w", path, err)
			}
			keys = append(keys, k)
		}
		return keys, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, err
	}
	var keys []*ecdsa.PrivateKey
	var hexKeys []string
	for range count {
		k, err := crypto.GenerateKey()
		if err != nil {
			return nil, false, err
		}
		keys, hexKeys = append(keys, k), append(hexKeys, common.Bytes2Hex(crypto.FromECDSA(k)))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, err
	}
	b, _ = json.MarshalIndent(hexKeys, "", "  ")
	return keys, true, os.WriteFile(path, b, 0o600)
}

// create writes the genesis (the sealers as Clique signers, the funded
// accounts) and initialises each sealer's data directory with it and
// its key.
func (n *Network) create(ctx context.Context, opts Options, keys []*ecdsa.PrivateKey) error {
	extra := make([]byte, 32)
	for _, s := range n.Sealers {
		extra = append(extra, s.Address[:]...)
	}
	extra = append(extra, make([]byte, 65)...)
	alloc := map[string]any{}
	for _, a := range opts.Fund {
		alloc[a.Hex()] = map[string]string{"balance": "0x" + DefaultBalance.Text(16)}
	}
	for _, s := range n.Sealers {
		alloc[s.Address.Hex()] = map[string]string{"balance": "0x" + DefaultBalance.Text(16)}
	}
	// London rules: the last fork a Clique chain runs (Shanghai and later
	// need the merge). The contract is compiled for london.
	cfg := map[string]any{"chainId": opts.ChainID}
	for _, f := range []string{"homestead", "eip150", "eip155", "eip158", "byzantium", "constantinople", "petersburg", "istanbul", "berlin", "london"} {
		cfg[f+"Block"] = 0
	}
	cfg["clique"] = map[string]uint64{"period": uint64(opts.Period / time.Second), "epoch": Epoch}
	genesis := map[string]any{"config": cfg, "difficulty": "0x1", "gasLimit": "0x" + strconv.FormatUint(60_000_000, 16),
		"extradata": "0x" + common.Bytes2Hex(extra), "alloc": alloc}
	gb, err := json.MarshalIndent(genesis, "", "  ")
	if err != nil {
		return err
	}
	gpath := filepath.Join(opts.Dir, "genesis.json")
	if err := os.WriteFile(gpath, gb, 0o600); err != nil {
		return err
	}
	for i, s := range n.Sealers {
		if err := os.MkdirAll(s.Dir, 0o700); err != nil {
			return err
		}
		// A light scrypt: these are development keys in clear next door.
		ks := keystore.NewKeyStore(filepath.Join(s.Dir, "keystore"), keystore.LightScryptN, keystore.LightScryptP)
		if _, err := ks.ImportECDSA(keys[i], ""); err != nil {
			return fmt.Errorf("clique: sealer %d key: %w", i, err)
		}
		if err := os.WriteFile(filepath.Join(s.Dir, "password"), nil, 0o600); err != nil {
			return err
		}
		out, err := exec.CommandContext(ctx, s.geth, "init", "--datadir", s.Dir, gpath).CombinedOutput()
		if err != nil {
			return fmt.Errorf("clique: geth init for sealer %d: %w\n%s", i, err, tail(out, 2000))
		}
	}
	return nil
}

// configure picks the sealer's address and ports (free ones on
// loopback, the standard ones on a host of its own) and its command line.
func (s *Sealer) configure(chainID uint64) error {
	addr, ports := "127.0.0.1", []int{HostRPCPort, HostP2PPort, 8551}
	if s.host != nil {
		addr = s.host.Addr
	} else {
		var err error
		if ports, err = freePorts(3); err != nil {
			return err
		}
	}
	s.RPC = "http://" + net.JoinHostPort(addr, strconv.Itoa(ports[0]))
	s.args = []string{"--datadir", s.Dir, "--networkid", strconv.FormatUint(chainID, 10),
		"--port", strconv.Itoa(ports[1]), "--authrpc.port", strconv.Itoa(ports[2]), "--nat", "extip:" + addr,
		"--nodiscover", "--ipcdisable", "--syncmode", "full",
		"--http", "--http.addr", addr, "--http.port", strconv.Itoa(ports[0]), "--http.api", "eth,net,web3,admin,clique,txpool",
		"--mine", "--miner.etherbase", s.Address.Hex(), "--unlock", s.Address.Hex(), "--password", filepath.Join(s.Dir, "password"),
		"--allow-insecure-unlock", "--miner.gasprice", "1", "--txpool.pricelimit", "1", "--verbosity", "3"}
	return nil
}

// Start (re)starts the sealer's process and waits until it serves
// JSON-RPC.
func (s *Sealer) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return fmt.Errorf("clique: sealer %d is running", s.Index)
	}
	lf, err := os.OpenFile(filepath.Join(s.Dir, "geth.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command(s.geth, s.args...)
	if s.host != nil {
		cmd = s.host.Command(s.geth, s.args...)
	}
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		lf.Close()
		return fmt.Errorf("clique: start sealer %d: %w", s.Index, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	s.cmd, s.exited, s.logFile = cmd, exited, lf
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-exited:
			s.cmd = nil
			lf.Close()
			log, _ := os.ReadFile(filepath.Join(s.Dir, "geth.log"))
			return fmt.Errorf("clique: sealer %d exited at start: %v\n%s", s.Index, err, tail(log, 3000))
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		c, err := ethclient.DialContext(ctx, s.RPC)
		if err == nil {
			cctx, cancel := context.WithTimeout(ctx, time.Second)
			_, err = c.ChainID(cctx)
			cancel()
			c.Close()
		}
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("clique: sealer %d does not serve JSON-RPC at %s: %w", s.Index, s.RPC, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Kill stops the sealer at once (SIGKILL), as a crash would.
func (s *Sealer) Kill() { s.stop(syscall.SIGKILL) }

// Stop stops the sealer cleanly.
func (s *Sealer) Stop() { s.stop(syscall.SIGINT) }

func (s *Sealer) stop(sig syscall.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, sig)
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.exited
	}
	s.logFile.Close()
	s.cmd = nil
}

// Running reports whether the sealer's process runs.
func (s *Sealer) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd != nil
}

// Peer connects every running sealer to every other (static peers: with
// discovery off, a restarted sealer must be peered again).
func (n *Network) Peer(ctx context.Context) error {
	var enodes []string
	var running []*Sealer
	for _, s := range n.Sealers {
		if !s.Running() {
			continue
		}
		var info struct {
			Enode string `json:"enode"`
		}
		if err := call(ctx, s.RPC, &info, "admin_nodeInfo"); err != nil {
			return fmt.Errorf("clique: sealer %d node info: %w", s.Index, err)
		}
		enodes, running = append(enodes, info.Enode), append(running, s)
	}
	for i, s := range running {
		for j, e := range enodes {
			if i == j {
				continue
			}
			var ok bool
			if err := call(ctx, s.RPC, &ok, "admin_addPeer", e); err != nil {
				return fmt.Errorf("clique: peer sealer %d with %d: %w", s.Index, running[j].Index, err)
			}
		}
	}
	return nil
}

// Head is the highest block number any running sealer has.
func (n *Network) Head(ctx context.Context) (uint64, error) {
	var best uint64
	var lastErr error
	for _, s := range n.Sealers {
		if !s.Running() {
			continue
		}
		c, err := ethclient.DialContext(ctx, s.RPC)
		if err != nil {
			lastErr = err
			continue
		}
		h, err := c.BlockNumber(ctx)
		c.Close()
		if err != nil {
			lastErr = err
			continue
		}
		best = max(best, h)
	}
	if best == 0 && lastErr != nil {
		return 0, lastErr
	}
	return best, nil
}

// waitBlocks waits until the chain grew by count blocks.
func (n *Network) waitBlocks(ctx context.Context, count uint64) error {
	start, err := n.Head(ctx)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(time.Duration(count+10) * 5 * time.Second)
	for {
		h, err := n.Head(ctx)
		if err == nil && h >= start+count {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("clique: the sealers produced no block for a while (head %d): see %s/sealer*/geth.log", h, filepath.Dir(n.Sealers[0].Dir))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// WaitBlocks waits until the chain grew by count blocks.
func (n *Network) WaitBlocks(ctx context.Context, count uint64) error {
	return n.waitBlocks(ctx, count)
}

// RPCs lists the running sealers' JSON-RPC endpoints.
func (n *Network) RPCs() []string {
	var out []string
	for _, s := range n.Sealers {
		if s.Running() {
			out = append(out, s.RPC)
		}
	}
	return out
}

// Close stops every sealer.
func (n *Network) Close() {
	for _, s := range n.Sealers {
		s.Stop()
	}
}

func call(ctx context.Context, url string, result any, method string, args ...any) error {
	c, err := rpc.DialContext(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close()
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return c.CallContext(cctx, result, method, args...)
}

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var out []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		out = append(out, l.Addr().(*net.TCPAddr).Port)
	}
	return out, nil
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func tail(b []byte, n int) string {
	s := ansi.ReplaceAllString(string(b), "")
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return strings.TrimSpace(s)
}
