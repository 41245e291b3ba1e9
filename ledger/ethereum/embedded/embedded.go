// Package embedded runs an in-process single-node Ethereum chain (go-ethereum's
// node and eth service with a simulated beacon) for development networks and
// tests. It is UNTRUSTED host code, and the only package of this module that
// links go-ethereum's full node: it is kept apart from the driver
// (ledger/ethereum) so that a production node, which talks to a chain over
// JSON-RPC, does not carry a whole Ethereum node in its binary.
package embedded

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// Options configures Start. The zero value is a usable dev
// chain: four funded accounts, JSON-RPC on a free loopback port, blocks
// sealed as soon as transactions are pending.
type Options struct {
	// Accounts is the number of prefunded dev accounts (default 4).
	Accounts int
	// ListenAddr is the JSON-RPC HTTP address (default 127.0.0.1:0, a free
	// loopback port). The dev accounts' keys are not served over RPC, but
	// anyone who reaches the port can read the chain: keep it on loopback.
	ListenAddr string
	// BlockPeriod, if positive, also seals a block (empty if need be) every
	// period, so that the chain's clock moves like a real chain's.
	BlockPeriod time.Duration
	// MinBlockInterval, if positive, is the least time between two blocks
	// sealed for waiting transactions: a transaction that arrives sooner
	// after the last block waits for the rest of the interval, with any
	// that come meanwhile. 0 seals as soon as a transaction waits.
	MinBlockInterval time.Duration
	// ChainID defaults to 1337, the dev-chain id geth and simulated use.
	ChainID *big.Int
	// Logger receives the block producer's warnings (default: discarded).
	Logger *slog.Logger
	// DataDir, if set, keeps the chain on disk in that directory, so that
	// Start on the same directory later resumes the same chain
	// (blocks, contracts, balances) with the same dev accounts (see
	// embedded_data.go). Empty keeps it in memory, gone at Close.
	DataDir string
}

// devBalance funds each dev account: 10^6 ether, far beyond any devnet's use.
func devBalance() *big.Int { return new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether)) }

// pendingPoll is how often the producer double-checks the pool: a
// transaction promoted while a block was being sealed raises no new event.
const pendingPoll = 200 * time.Millisecond

// Chain is an in-process single-node Ethereum chain serving JSON-RPC over
// HTTP: go-ethereum's node and eth service driven by its simulated beacon,
// which is what ethclient/simulated runs, with a block producer added.
//
// It is built from those parts rather than through simulated.NewBackend
// because NewBackend hides the node, so the port the kernel picks for a
// ":0" listen address cannot be read back, and it panics when the port is
// taken; and because sealing on pending transactions needs the pool.
type Chain struct {
	stack   *node.Node
	backend *eth.Ethereum
	beacon  *catalyst.SimulatedBeacon
	keys    []*ecdsa.PrivateKey
	chainID *big.Int
	url     string
	log     *slog.Logger
	durable bool // kept on disk (Options.DataDir)

	quit      chan struct{}
	done      chan struct{}
	reorgs    chan reorgRequest
	closeOnce sync.Once
	closeErr  error
}

// Start starts an embedded chain. Its rules are plain Osaka (every
// fork up to and including Osaka at genesis, none after) so that gas figures
// measured on it match Ethereum mainnet; geth's dev default includes a
// pre-release fork that reprices state access.
func Start(opts Options) (*Chain, error) {
	if opts.Accounts < 0 {
		return nil, fmt.Errorf("embedded: negative account count %d", opts.Accounts)
	}
	if opts.Accounts == 0 {
		opts.Accounts = 4
	}
	if opts.ListenAddr == "" {
		opts.ListenAddr = "127.0.0.1:0"
	}
	if opts.BlockPeriod < 0 {
		return nil, fmt.Errorf("embedded: negative block period %s", opts.BlockPeriod)
	}
	if opts.MinBlockInterval < 0 {
		return nil, fmt.Errorf("embedded: negative minimum block interval %s", opts.MinBlockInterval)
	}
	chainID := big.NewInt(1337)
	if opts.ChainID != nil {
		if opts.ChainID.Sign() <= 0 {
			return nil, fmt.Errorf("embedded: chain id %s is not positive", opts.ChainID)
		}
		chainID = new(big.Int).Set(opts.ChainID)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	host, portStr, err := net.SplitHostPort(opts.ListenAddr)
	if err != nil {
		return nil, fmt.Errorf("embedded: listen address %q: %w", opts.ListenAddr, err)
	}
	port, err := strconv.ParseUint(portStr, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("embedded: listen port %q: %w", portStr, err)
	}

	keys, err := devAccounts(opts.DataDir, opts.Accounts, chainID)
	if err != nil {
		return nil, err
	}
	alloc := core.SystemContractAllocs()
	for _, k := range keys {
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: devBalance()}
	}

	chainConfig := *params.AllDevChainProtocolChanges
	chainConfig.ChainID = chainID
	chainConfig.BogotaTime = nil // pre-release fork: its gas schedule is not mainnet's

	nodeConf := node.DefaultConfig
	nodeConf.DataDir = opts.DataDir // "" keeps everything in memory
	// The instance directory under DataDir is named after this, not after
	// the executable, so that every program finds the same chain there.
	nodeConf.Name = "anonify-chain"
	nodeConf.P2P = p2p.Config{NoDiscovery: true}
	nodeConf.HTTPHost = host
	nodeConf.HTTPPort = int(port)
	nodeConf.HTTPModules = []string{"eth", "net", "web3", "txpool"}
	nodeConf.HTTPVirtualHosts = []string{"localhost"} // IP-literal hosts are always accepted

	ethConf := ethconfig.Defaults
	ethConf.Genesis = &core.Genesis{
		Config:   &chainConfig,
		GasLimit: ethconfig.Defaults.Miner.GasCeil,
		Alloc:    alloc,
	}
	ethConf.NetworkId = chainID.Uint64()
	ethConf.SyncMode = ethconfig.FullSync
	ethConf.TxPool.NoLocals = true
	// Same as ethclient/simulated: logs are searched without the index,
	// which a short-lived in-memory chain does not need.
	ethConf.LogNoHistory = true
	if opts.DataDir != "" {
		// Crash safety: hash-scheme archive mode writes every block's state
		// to the database as the block is sealed, so a process killed
		// without warning (SIGKILL) restarts at its last block. The
		// default (path scheme, pruning) keeps recent state in memory and
		// would rewind the chain past transactions the nodes have seen.
		ethConf.StateScheme = rawdb.HashScheme
		ethConf.NoPruning = true
		ethConf.DatabaseCache = 64 // MiB; a dev chain is small
	}

	stack, err := node.New(&nodeConf)
	if err != nil {
		return nil, fmt.Errorf("embedded: node: %w", err)
	}
	backend, err := eth.New(stack, &ethConf)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("embedded: eth service: %w", err)
	}
	stack.RegisterAPIs([]rpc.API{{
		Namespace: "eth",
		Service:   filters.NewFilterAPI(filters.NewFilterSystem(backend.APIBackend, filters.Config{})),
	}})
	if err := stack.Start(); err != nil {
		stack.Close()
		return nil, fmt.Errorf("embedded: start node (JSON-RPC on %s): %w", opts.ListenAddr, err)
	}
	beacon, err := catalyst.NewSimulatedBeacon(0, common.Address{}, backend)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("embedded: block producer: %w", err)
	}
	e := &Chain{
		stack:   stack,
		backend: backend,
		beacon:  beacon,
		keys:    keys,
		chainID: chainID,
		url:     stack.HTTPEndpoint(),
		log:     logger,
		durable: opts.DataDir != "",
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
		reorgs:  make(chan reorgRequest),
	}
	go e.produce(opts.BlockPeriod, opts.MinBlockInterval)
	return e, nil
}

// RPCURL is the chain's JSON-RPC endpoint, http://host:port.
func (e *Chain) RPCURL() string { return e.url }

// ChainID is the chain's EIP-155 id.
func (e *Chain) ChainID() *big.Int { return new(big.Int).Set(e.chainID) }

// Accounts returns the private keys of the prefunded dev accounts (for a
// chain kept in a DataDir, the ones its genesis was made with).
func (e *Chain) Accounts() []*ecdsa.PrivateKey {
	return append([]*ecdsa.PrivateKey(nil), e.keys...)
}

// Close stops block production and the node. It is safe to call twice.
func (e *Chain) Close() error {
	e.closeOnce.Do(func() {
		close(e.quit)
		<-e.done
		e.closeErr = errors.Join(e.beacon.Stop(), e.stack.Close())
	})
	return e.closeErr
}

// produce is the block producer: the only goroutine that seals, because the
// simulated beacon is not safe for concurrent use. It seals as soon as the
// pool has executable transactions (but not sooner than minInterval after
// the last block it sealed for them), and every period if one is set.
func (e *Chain) produce(period, minInterval time.Duration) {
	defer close(e.done)
	newTxs := make(chan core.NewTxsEvent, 256)
	sub := e.backend.TxPool().SubscribeTransactions(newTxs, true)
	defer sub.Unsubscribe()

	poll := time.NewTicker(pendingPoll)
	defer poll.Stop()
	var tick <-chan time.Time
	if period > 0 {
		t := time.NewTicker(period)
		defer t.Stop()
		tick = t.C
	}
	// stuck is set when a seal included nothing although transactions were
	// pending (for example a fee below the pool's minimum tip); polling then
	// waits for a new transaction instead of sealing empty blocks forever.
	stuck := false
	// With a minimum interval, transactions that come too soon after the
	// last block wait for held to fire.
	var (
		last time.Time
		held <-chan time.Time
	)
	seal := func() {
		if held != nil {
			return // sealed when held fires, with these transactions
		}
		if wait := minInterval - time.Since(last); minInterval > 0 && wait > 0 {
			held = time.After(wait)
			return
		}
		sealed, st, more := e.sealPending(minInterval > 0)
		if stuck = st; sealed {
			last = time.Now()
		}
		if more {
			held = time.After(minInterval)
		}
	}
	for {
		select {
		case <-e.quit:
			return
		case err := <-sub.Err():
			if err != nil {
				e.log.Warn("embedded chain: transaction subscription failed; block production stops", "err", err)
			}
			return
		case <-newTxs:
			seal()
		case <-poll.C:
			if !stuck {
				seal()
			}
		case <-held:
			held = nil
			seal()
		case <-tick:
			e.commit()
			_, stuck, _ = e.sealPending(false)
		case r := <-e.reorgs:
			r.done <- e.reorg(r.depth)
		}
	}
}

type reorgRequest struct {
	depth int
	done  chan error
}

// Reorg replaces the chain's last depth blocks with depth+1 empty ones, as
// a real chain does when a heavier branch wins, and empties the pool, so
// that the transactions of the replaced blocks are gone unless someone
// sends them again (a node that switched branches need not hold them).
// For tests of what a reorganisation does to its readers and senders.
func (e *Chain) Reorg(depth int) error {
	if depth < 1 {
		return fmt.Errorf("embedded: reorg depth %d: at least 1", depth)
	}
	r := reorgRequest{depth: depth, done: make(chan error, 1)}
	select {
	case e.reorgs <- r:
	case <-e.quit:
		return errors.New("embedded: chain closed")
	}
	return <-r.done
}

func (e *Chain) reorg(depth int) error {
	bc := e.backend.BlockChain()
	head := bc.CurrentBlock().Number.Uint64()
	if uint64(depth) > head {
		return fmt.Errorf("embedded: reorg depth %d: the chain has only %d blocks after genesis", depth, head)
	}
	parent := bc.GetHeaderByNumber(head - uint64(depth))
	pool := e.backend.TxPool()
	pool.Clear()
	if err := e.beacon.Fork(parent.Hash()); err != nil {
		return fmt.Errorf("embedded: reorg to block %d: %w", parent.Number, err)
	}
	// Setting the head back makes the pool take the replaced blocks'
	// transactions back in; drop them again, then seal the new branch.
	if err := pool.Sync(); err != nil {
		return err
	}
	pool.Clear()
	for range depth + 1 {
		e.commit()
	}
	if got := bc.CurrentBlock().Number.Uint64(); got != head+1 {
		return fmt.Errorf("embedded: reorg: head is block %d after sealing the new branch, want %d", got, head+1)
	}
	return nil
}

// commit seals one block. On disk, it then syncs the database's
// write-ahead log: the database writes without syncing, and a process
// killed before its log reached the file would restart blocks behind
// what the nodes already read. Only a kill between the two calls, a
// window of a millisecond or so, can still lose the newest block.
func (e *Chain) commit() {
	e.beacon.Commit()
	if e.durable {
		if err := e.backend.ChainDb().SyncKeyValue(); err != nil {
			e.log.Warn("embedded chain: syncing the database failed", "err", err)
		}
	}
}

// sealPending seals blocks while the pool has executable transactions, at
// most one if one is set. It reports whether it sealed any; stuck, that a
// block included none of them; more, that with one transactions still
// wait after the block it sealed.
func (e *Chain) sealPending(one bool) (sealed, stuck, more bool) {
	for {
		select {
		case <-e.quit:
			return sealed, false, false
		default:
		}
		// Wait for the pool to drop what the last block included; without
		// this it still counts those transactions and an empty block follows.
		if err := e.backend.TxPool().Sync(); err != nil {
			e.log.Warn("embedded chain: transaction pool sync failed", "err", err)
			return sealed, true, false
		}
		pending, _ := e.backend.TxPool().Stats()
		if pending == 0 {
			return sealed, false, false
		}
		if one && sealed {
			return sealed, false, true
		}
		before := e.backend.BlockChain().CurrentBlock().Number.Uint64()
		e.commit()
		head := e.backend.BlockChain().CurrentBlock()
		if head.Number.Uint64() == before {
			e.log.Warn("embedded chain: sealing produced no block", "pending", pending)
			return sealed, true, false
		}
		sealed = true
		if block := e.backend.BlockChain().GetBlockByHash(head.Hash()); block != nil && len(block.Transactions()) == 0 {
			e.log.Warn("embedded chain: pending transactions not includable", "pending", pending)
			return sealed, true, false
		}
	}
}
