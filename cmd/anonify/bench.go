package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/holiman/uint256"
	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/devnet"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// anonify bench: a load generator with the checks that make its figures
// worth reading (the nodes agree, the balances add up, every applied
// command is on the ledger, no double spend got through) and the ceiling
// the figures are measured against (the public-key work a command needs,
// timed on this machine in the same run).

type benchFlags struct {
	nodes, users, doubleSpends int
	minBlock                   time.Duration
	duration                   time.Duration
	rate                       float64
	chain                      cli.ChainFlags
	nodeURLs                   []string
	ownerKeyFile               string
	inclusion                  bool
	cpuProfile                 string
	memProfile                 string
	json                       bool
}

func benchCmd() *cobra.Command {
	var f benchFlags
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Load-test a network (the embedded devnet by default), check its invariants, and report throughput, latency and cost",
		Long: `bench sends ERC-20 transfers from many users through every node for a
while, then checks the network and prints a report.

Target
  By default bench starts the embedded devnet in this process (chain,
  contract, --nodes nodes with SIMULATED enclaves, as devnet --demo does)
  and stops it at the end; its chain seals a block as soon as a
  transaction waits, or with --min-block-interval D not sooner than D
  after the last (fewer, fuller blocks: less CPU per command under a
  partial load, more latency; see README "Measured"). With --network devnet.json (its nodes, or those
  given with --node), or --rpc URL --contract ADDR --node URL..., it runs
  against that network instead. bench makes fresh user keys every run and
  funds them itself:
    - a token that is not initialised yet is initialised by a fresh bench
      user (its key is thrown away at the end: later runs cannot mint), or
      by the key of --owner-key-file if given (keep it for later runs);
    - a token initialised already needs --owner-key-file, the token
      owner's key: the owner mints the bench's tokens to a bench user.
  Tokens then spread from user to user in rounds of transfers.
  ANONIFY_RPC, ANONIFY_CONTRACT and ANONIFY_NETWORK fill in what the flags
  leave out once one of --network, --rpc, --contract or --node is given;
  alone they do not move bench off the embedded devnet.

Load
  --users N users (default 128) spread over all nodes (user i sends to
  node i mod nodes) over a connection of its own, each sending transfers
  of 1 token to another random user, with the SDK's Command (one request:
  the submission, whose answer streams the outcome):
    closed loop (default): each user sends its next transfer as soon as
      the previous one has an outcome;
    --rate R: open loop, R transfers per second arrive on a fixed
      schedule and go to a free user; an arrival that finds every user
      busy waits, and its latency counts from its scheduled time (so an
      overloaded network shows as latency, not as a slower schedule);
      arrivals still waiting when the time is up are reported as not sent.
  --double-spends K: K more users, each of whom sends, once during the
  run, two transfers of just over half its balance to two different nodes
  at the same moment: exactly one must be applied.
  --duration D (default 20s); Ctrl-C ends the load early (bench still
  checks and reports), a second Ctrl-C aborts.

Checks (exit 1 if any fails)
  - every node, once caught up with the ledger, reports the same applied
    command count and state hash;
  - the bench users' balances add up to what they were given (to the
    total supply when bench initialised the token; otherwise the supply
    must have grown by what the owner minted, so other users of the token
    must not mint or burn meanwhile);
  - every command reported applied is in the transaction and block its
    outcome names (read back from the chain once at the end; with
    --inclusion-per-command the client also checks each outcome as it
    comes, as a pinned client does, which costs a chain call per command);
  - each double spend had exactly one transfer applied, and the spender's
    balance shows exactly one.

Report (text on stdout, or one JSON document with --json)
  applied commands per second over the measured window (--duration), with
  the rejected and failed counts (failed: no outcome, e.g. a lost node);
  p50/p95/p99 latency of applied commands, from submission (the arrival,
  with --rate) to the outcome; CPU time per applied command: this process's
  CPU (getrusage, user + system) over the window, which with the embedded
  devnet covers the chain, every node and enclave, and the clients, and
  against a network covers the clients only; ledger bytes per command (the
  ciphertexts of the Commands events in the blocks of the run) and gas per
  command (gas used by those events' transactions, from their receipts,
  over the commands they carry); and the public-key ceiling: bench times
  on this machine, in the run, the public-key operations one applied
  command needs (client: sign, seal the request, open the outcome;
  receiving enclave: open the request, recover the signer, seal the
  outcome; every member enclave: recover the signer when it applies), with
  the wire and crypto functions the client and the enclaves use, in thread
  CPU time with every usable core (GOMAXPROCS) running the operation at
  once, as under load, each the best of ten rounds before and after the
  load; the ceiling is the usable cores over that time, and throughput is
  reported as a share of it. With the embedded devnet, whose CPU time
  covers every side, also the public-key time per command as a share of
  the CPU time per applied command: what the share of the ceiling would
  be had the process every core all the time (idle cores, other
  processes and a hypervisor's steal lower the first, not the second).

--cpuprofile FILE writes a pprof CPU profile of this process over the
measured window (with the embedded devnet: chain, nodes and clients).
--memprofile FILE writes its allocations so far at the start of the
window (FILE.start) and at its end (FILE): the window's own are
  go tool pprof -sample_index=alloc_space -base FILE.start FILE

Progress goes to stderr: a one-line bar on a terminal, a line every 5 s
otherwise, nothing with --json.

Exit status: 0 every check passed, 1 a check failed or the run did (no
command applied, a node unreachable), 2 usage.

Examples:
  anonify bench                                   # 3-node embedded devnet, 128 users, 20 s
  anonify bench --nodes 1 --users 16 --duration 10s
  anonify bench --rate 250 --duration 30s         # open loop at 250 transfers/s
  anonify bench --double-spends 10 --json > report.json
  anonify bench --network net/devnet.json --owner-key-file owner.key
  anonify bench --rpc http://127.0.0.1:8545 --contract 0x… --node http://10.0.0.1:7000 --node http://10.0.0.2:7000`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBench(cmd, &f)
		},
	}
	fs := cmd.Flags()
	fs.IntVar(&f.nodes, "nodes", 3, "number of nodes of the embedded devnet")
	fs.DurationVar(&f.minBlock, "min-block-interval", 0, "the embedded devnet chain's least time between two blocks sealed for waiting transactions (0: a block as soon as one waits)")
	f.chain.Add(fs)
	fs.StringArrayVar(&f.nodeURLs, "node", nil, "URL of a node of the network to load (repeat for each; default: the nodes of --network)")
	fs.StringVar(&f.ownerKeyFile, "owner-key-file", "", "file holding the token owner's hex key (a network whose token is initialised already), or the key to initialise it with")
	fs.IntVar(&f.users, "users", 128, "number of users sending transfers")
	fs.DurationVar(&f.duration, "duration", 20*time.Second, "how long the load runs (the measured window)")
	fs.Float64Var(&f.rate, "rate", 0, "open loop: transfers per second arriving on a fixed schedule (0: closed loop)")
	fs.IntVar(&f.doubleSpends, "double-spends", 2, "concurrent double spends across nodes during the run")
	fs.BoolVar(&f.inclusion, "inclusion-per-command", false, "have the client check every outcome on the chain as it comes (as a pinned client does), not once at the end")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile (pprof) of this process over the measured window to FILE")
	fs.StringVar(&f.memProfile, "memprofile", "", "write allocation profiles (pprof) of this process at the start (FILE.start) and end (FILE) of the measured window")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON (errors too: {\"error\": ..., \"code\": N} on stdout); no progress")
	return cmd
}

// benchTamper, when set (by tests only), changes each node status the
// final check reads: a way to see a failing check fail.
var benchTamper func(node int, s *wire.NodeStatus)

// benchReport is what bench prints (--json: as is).
type benchReport struct {
	Target struct {
		Kind     string         `json:"kind"` // "embedded devnet" or "network"
		Nodes    int            `json:"nodes"`
		Members  int            `json:"members"`
		ChainID  uint64         `json:"chain_id"`
		Contract common.Address `json:"contract"`
		TEEKind  string         `json:"tee_kind"`
		// MinBlockIntervalMS: the embedded devnet chain's least time
		// between blocks (--min-block-interval).
		MinBlockIntervalMS float64 `json:"min_block_interval_ms,omitempty"`
	} `json:"target"`
	Load struct {
		Mode         string  `json:"mode"` // "closed loop" or "open loop"
		Users        int     `json:"users"`
		Rate         float64 `json:"rate,omitempty"`
		Seconds      float64 `json:"seconds"` // the measured window
		DoubleSpends int     `json:"double_spends"`
	} `json:"load"`
	Sent             int     `json:"sent"`
	Applied          int     `json:"applied"`  // within the window
	Rejected         int     `json:"rejected"` // whole run
	Failed           int     `json:"failed"`   // whole run
	NotSent          int     `json:"not_sent,omitempty"`
	FirstRejection   string  `json:"first_rejection,omitempty"`
	FirstFailure     string  `json:"first_failure,omitempty"`
	AppliedPerSecond float64 `json:"applied_per_second"`
	Latency          struct {
		Samples int     `json:"samples"`
		P50     float64 `json:"p50"`
		P95     float64 `json:"p95"`
		P99     float64 `json:"p99"`
		Max     float64 `json:"max"`
		Mean    float64 `json:"mean"`
	} `json:"latency_ms"`
	CPU struct {
		PerAppliedCommandMS float64 `json:"per_applied_command_ms"`
		Seconds             float64 `json:"seconds"`
		Cores               int     `json:"cores"`
		Covers              string  `json:"covers"`
	} `json:"cpu"`
	Ledger struct {
		FromBlock              uint64  `json:"from_block"`
		ToBlock                uint64  `json:"to_block"`
		Transactions           int     `json:"transactions"`
		Commands               int     `json:"commands"`
		BytesPerCommand        float64 `json:"bytes_per_command"`
		GasPerCommand          float64 `json:"gas_per_command"`
		CommandsPerTransaction float64 `json:"commands_per_transaction"`
		GasSource              string  `json:"gas_source"`
	} `json:"ledger"`
	Ceiling        benchCeiling `json:"ceiling"`
	ShareOfCeiling float64      `json:"share_of_ceiling"`
	// PublicKeyShareOfCPU is the ceiling's public-key time per command
	// over the CPU time per applied command (embedded devnet only, where
	// that CPU covers every side): ShareOfCeiling as it would be had the
	// process every core all the time. The gap between the two is idle
	// cores and time taken by other processes or the hypervisor.
	PublicKeyShareOfCPU float64       `json:"public_key_share_of_cpu,omitempty"`
	DoubleSpends        []benchDouble `json:"double_spends"`
	Checks              []benchCheck  `json:"checks"`
	OK                  bool          `json:"ok"`
}

// benchCeiling is the public-key work one applied command needs, timed
// here, and what it allows.
type benchCeiling struct {
	ClientSignUS         float64 `json:"client_sign_us"`
	ClientSealRequestUS  float64 `json:"client_seal_request_us"`
	ClientOpenOutcomeUS  float64 `json:"client_open_outcome_us"`
	EnclaveOpenRequestUS float64 `json:"enclave_open_request_us"`
	EnclaveRecoverUS     float64 `json:"enclave_recover_signer_us"`
	EnclaveSealOutcomeUS float64 `json:"enclave_seal_outcome_us"`
	Members              int     `json:"members"` // each recovers the signer at apply
	PerCommandUS         float64 `json:"per_command_us"`
	Cores                int     `json:"cores"`
	CommandsPerSecond    float64 `json:"commands_per_second"`
}

type benchDouble struct {
	Spender     common.Address `json:"spender"`
	Balance     string         `json:"balance"`
	Amount      string         `json:"amount"` // each of the two transfers
	Nodes       [2]int         `json:"nodes"`
	Applied     int            `json:"applied"`
	OtherResult string         `json:"other_result"` // what became of the other transfer
}

type benchCheck struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// bench is one run.
type bench struct {
	f        *benchFlags
	log      *benchLog
	clients  []*client.Client
	led      ledger.Ledger
	rpc      string
	embedded bool
	users    []*ecdsa.PrivateKey // load users, then double spenders
	addrs    []common.Address
	owner    *ecdsa.PrivateKey
	given    *uint256.Int // what the bench users were given in all
	supply0  *uint256.Int // total supply before minting (owner mode); nil when bench initialised the token
	rep      benchReport
}

// cmdTimeout bounds one command (submit to outcome) of the bench.
const cmdTimeout = time.Minute

func runBench(cmd *cobra.Command, f *benchFlags) error {
	network := f.chain.Network != "" || f.chain.RPC != "" || f.chain.Contract != "" || len(f.nodeURLs) > 0
	switch {
	case f.users < 1:
		return cli.Usagef("--users %d: at least 1 user", f.users)
	case f.duration <= 0:
		return cli.Usagef("--duration %s: must be positive", f.duration)
	case f.rate < 0:
		return cli.Usagef("--rate %g: must be positive (or 0 for a closed loop)", f.rate)
	case f.doubleSpends < 0:
		return cli.Usagef("--double-spends %d: must be 0 or more", f.doubleSpends)
	case network && cmd.Flags().Changed("nodes"):
		return cli.Usagef("--nodes sizes the embedded devnet; against a network (--network, --rpc, --contract, --node) the nodes are those of --network or --node")
	case network && cmd.Flags().Changed("min-block-interval"):
		return cli.Usagef("--min-block-interval is the embedded devnet's; a network's chain makes its blocks")
	case f.minBlock < 0:
		return cli.Usagef("--min-block-interval %s: give 0 or more", f.minBlock)
	case !network && f.nodes < 1:
		return cli.Usagef("--nodes %d: a devnet needs at least 1 node", f.nodes)
	case !network && f.ownerKeyFile != "":
		return cli.Usagef("--owner-key-file is for a network (--network or --rpc/--contract): the embedded devnet's token is the bench's own")
	}
	b := &bench{f: f, log: newBenchLog(cmd.ErrOrStderr(), f.json)}
	if f.ownerKeyFile != "" {
		k, err := cli.ReadKey("owner-key-file", f.ownerKeyFile, "")
		if err != nil {
			return err
		}
		b.owner = k
	}
	// Ctrl-C: during setup it aborts; during the load it ends the load
	// (checks and report follow); after that it aborts (see run).
	sigCtx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done, err := b.connect(sigCtx, network)
	if err != nil {
		return err
	}
	defer done()
	err = b.run(cmd.Context(), sigCtx, stop)
	if err != nil && !b.rep.OK && len(b.rep.Checks) > 0 {
		// The checks ran: the report says what failed.
		if f.json {
			if werr := writeJSON(cmd.OutOrStdout(), b.rep); werr != nil {
				return werr
			}
			return cli.Reported(err)
		}
		b.rep.print(cmd.OutOrStdout())
		return err
	}
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(cmd.OutOrStdout(), b.rep)
	}
	b.rep.print(cmd.OutOrStdout())
	return nil
}

// connect starts the embedded devnet, or reaches the network, and
// connects a verified client to each node. done releases it all.
func (b *bench) connect(ctx context.Context, network bool) (done func(), err error) {
	var closers []func()
	release := func() {
		for _, c := range slices.Backward(closers) {
			c()
		}
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	var urls []string
	if network {
		rpc, contract, err := b.f.chain.Resolve()
		if err != nil {
			return nil, err
		}
		urls = b.f.nodeURLs
		if len(urls) == 0 && b.f.chain.Network != "" {
			info, err := ledger.LoadNetwork(b.f.chain.Network)
			if err != nil {
				return nil, cli.Usage(fmt.Errorf("--network: %w", err))
			}
			urls = info.Nodes
		}
		if len(urls) == 0 {
			return nil, cli.Usagef("no node to load: pass --node URL (repeat it for each node), or --network devnet.json listing the nodes")
		}
		l, err := ethereum.Dial(ctx, rpc, contract, nil)
		if err != nil {
			return nil, fmt.Errorf("bench: reach the chain at %s: %w", rpc, err)
		}
		closers = append(closers, l.Close)
		b.led, b.rpc = l, rpc
		b.rep.Target.Kind = "network"
		b.log.note("loading the network of contract %s on chain %s: %d nodes", contract.Hex(), l.ChainID(), len(urls))
	} else {
		b.log.note("starting the embedded devnet: chain, contract, %s with SIMULATED enclaves (insecure, development only)...", plural(b.f.nodes, "node"))
		startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		d, err := devnet.Start(startCtx, devnet.Options{Nodes: b.f.nodes, MinBlockInterval: b.f.minBlock})
		cancel()
		if err != nil {
			return nil, err
		}
		closers = append(closers, func() {
			b.log.note("stopping the devnet")
			d.Close()
		})
		urls, b.led, b.rpc, b.embedded = d.Info.Nodes, d.Ledger, d.Info.RPC, true
		b.rep.Target.Kind = "embedded devnet"
		b.rep.Target.MinBlockIntervalMS = float64(b.f.minBlock) / float64(time.Millisecond)
	}
	// Every user keeps its connection to its node, as users on their own
	// machines would, rather than share a pool of two.
	conns := b.f.users + 2*b.f.doubleSpends + 4
	var pin ledger.Ledger = b.led
	if !b.f.inclusion {
		// The client pins the network (membership, policy, genesis) but
		// leaves the inclusion of outcomes to the bench's check at the end:
		// without the method, it does not check each one.
		pin = struct{ ledger.Ledger }{b.led}
	}
	for _, u := range urls {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConns, tr.MaxIdleConnsPerHost = conns*len(urls), conns
		c, err := client.Connect(ctx, u, client.Options{Ledger: pin, HTTP: &http.Client{Timeout: 30 * time.Second, Transport: tr}})
		if err != nil {
			return nil, fmt.Errorf("bench: node %s: %w", u, err)
		}
		closers = append(closers, tr.CloseIdleConnections)
		b.clients = append(b.clients, c)
	}
	info := b.clients[0].Info()
	st, err := b.led.State(ctx)
	if err != nil {
		return nil, err
	}
	b.rep.Target.Nodes, b.rep.Target.Members = len(b.clients), len(st.Members)
	b.rep.Target.ChainID, b.rep.Target.Contract, b.rep.Target.TEEKind = info.ChainID, info.Contract, info.TEEKind
	return release, nil
}

// run funds the users, measures the ceiling, runs the load, then checks
// and fills the report. An error after the checks ran means one failed.
func (b *bench) run(ctx, sigCtx context.Context, stopSignals func()) error {
	n := b.f.users + b.f.doubleSpends
	for range n {
		k, err := crypto.GenerateKey()
		if err != nil {
			return err
		}
		b.users = append(b.users, k)
		b.addrs = append(b.addrs, crypto.PubkeyToAddress(k.PublicKey))
	}
	if err := b.fund(sigCtx); err != nil {
		return err
	}
	doubles, err := b.prepareDoubles(sigCtx)
	if err != nil {
		return err
	}
	b.log.note("timing the public-key work of one command on this machine...")
	if b.rep.Ceiling, err = measureCeiling(b.clients[0].Info(), b.rep.Target.Members); err != nil {
		return err
	}
	if err := sigCtx.Err(); err != nil {
		return err
	}
	from, err := b.led.Head(ctx)
	if err != nil {
		return err
	}
	// After the load, a Ctrl-C aborts: the commands still in flight, and
	// the checks.
	cmdCtx, cancelCmds := context.WithCancel(ctx)
	defer cancelCmds()
	stopAbort := func() {}
	defer func() { stopAbort() }()
	afterLoad := func() {
		var abort context.Context
		abort, stopAbort = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		stopSignals()
		context.AfterFunc(abort, cancelCmds)
		ctx = abort
	}
	res := b.load(cmdCtx, sigCtx, afterLoad, doubles)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("bench: interrupted while the commands in flight finished: %w", err)
	}
	// The ceiling again, now that the load is over: each operation's
	// best of both timings, so that a machine busy with something else
	// at one of them does not lower the ceiling.
	if again, err := measureCeiling(b.clients[0].Info(), b.rep.Target.Members); err == nil {
		b.rep.Ceiling = b.rep.Ceiling.best(again)
	}
	b.summarise(res)
	b.reportDoubles(res)
	if b.rep.Applied == 0 {
		return fmt.Errorf("bench: no command was applied in %s (%d rejected, %d failed; first failure: %s; first rejection: %s)",
			time.Duration(b.rep.Load.Seconds*float64(time.Second)).Round(time.Millisecond), b.rep.Rejected, b.rep.Failed,
			cmpOr(b.rep.FirstFailure, "none"), cmpOr(b.rep.FirstRejection, "none"))
	}
	b.log.note("load done; waiting for every node to catch up, then checking")
	var checks []benchCheck
	checks = append(checks, b.checkNodes(ctx))
	checks = append(checks, b.checkBalances(ctx, doubles, res.doubles))
	to, err := b.led.Head(ctx)
	if err != nil {
		return err
	}
	onLedger, err := b.ledgerStats(ctx, from+1, to, res)
	if err != nil {
		return err
	}
	checks = append(checks, onLedger)
	checks = append(checks, checkDoubles(res.doubles))
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("bench: interrupted while checking: %w", err)
	}
	b.rep.Checks, b.rep.OK = checks, true
	var failed []string
	for _, c := range checks {
		if !c.OK {
			b.rep.OK = false
			failed = append(failed, c.Name+": "+c.Detail)
		}
	}
	if !b.rep.OK {
		return fmt.Errorf("bench: %d check(s) failed: %s", len(failed), strings.Join(failed, "; "))
	}
	return nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// clientFor is the node user i talks to.
func (b *bench) clientFor(i int) (*client.Client, int) {
	return b.clients[i%len(b.clients)], i % len(b.clients)
}

func (b *bench) transfer(ctx context.Context, c *client.Client, from int, to common.Address, amount *uint256.Int) (*wire.Outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, cmdTimeout)
	defer cancel()
	return c.Command(ctx, b.users[from], erc20abi.Name, "transfer", erc20abi.TransferArgs{To: to, Amount: amount})
}

func (b *bench) query(ctx context.Context, i int, fn string) (*uint256.Int, error) {
	c, _ := b.clientFor(i)
	raw, err := c.Query(ctx, b.users[i], erc20abi.Name, fn, nil)
	if err != nil {
		return nil, err
	}
	var v uint256.Int
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("bench: %s.%s returned %s, not a number", erc20abi.Name, fn, raw)
	}
	return &v, nil
}

// benchShare is what each bench user is given: enough for any run.
const benchShare = 1_000_000_000

// fund gives the bench users their tokens: the token is initialised (or
// minted by its owner) into user 0, who spreads it over all users in
// rounds, each holder sending half of its balance to one who has none.
func (b *bench) fund(ctx context.Context) error {
	n := len(b.users)
	total := uint256.NewInt(uint64(n) * benchShare)
	_, err := b.query(ctx, 0, "total_supply")
	var rej *client.Rejected
	initialised := !errors.As(err, &rej)
	if initialised && err != nil {
		return fmt.Errorf("bench: read the token's total supply: %w", err)
	}
	c0, _ := b.clientFor(0)
	command := func(key *ecdsa.PrivateKey, fn string, args any) error {
		cctx, cancel := context.WithTimeout(ctx, cmdTimeout)
		defer cancel()
		_, err := c0.Command(cctx, key, erc20abi.Name, fn, args)
		return err
	}
	switch {
	case !initialised && b.owner == nil:
		b.log.note("initialising the token with %s for %d fresh users (a fresh bench user owns it)", total, n)
		if err := command(b.users[0], "init", erc20abi.InitArgs{Supply: total}); err != nil {
			return fmt.Errorf("bench: initialise the token: %w", err)
		}
	case !initialised:
		b.log.note("initialising the token with %s as the owner of --owner-key-file %s", total, crypto.PubkeyToAddress(b.owner.PublicKey).Hex())
		if err := command(b.owner, "init", erc20abi.InitArgs{Supply: total}); err != nil {
			return fmt.Errorf("bench: initialise the token with --owner-key-file's key: %w", err)
		}
		if err := command(b.owner, "transfer", erc20abi.TransferArgs{To: b.addrs[0], Amount: total}); err != nil {
			return fmt.Errorf("bench: the owner's transfer to the bench: %w", err)
		}
	case b.owner == nil:
		return cli.Usagef("the token of this network is initialised already: bench needs its owner's key to mint its users' tokens; pass --owner-key-file FILE")
	default:
		raw, err := c0.Query(ctx, b.owner, erc20abi.Name, "total_supply", nil)
		var s0 uint256.Int
		if err == nil {
			err = json.Unmarshal(raw, &s0)
		}
		if err != nil {
			return fmt.Errorf("bench: read the total supply: %w", err)
		}
		b.supply0 = &s0
		b.log.note("minting %s for %d fresh users as the token's owner %s", total, n, crypto.PubkeyToAddress(b.owner.PublicKey).Hex())
		if err := command(b.owner, "mint", erc20abi.MintArgs{To: b.addrs[0], Amount: total}); err != nil {
			return fmt.Errorf("bench: mint as --owner-key-file's key (is it the token's owner?): %w", err)
		}
	}
	b.given = total
	bal := make([]*uint256.Int, n)
	bal[0] = total.Clone()
	holders := 1
	rounds := 0
	for holders < n {
		rounds++
		next := min(2*holders, n)
		errs := make(chan error, next-holders)
		for h := 0; h+holders < next; h++ {
			to := h + holders
			half := new(uint256.Int).Rsh(bal[h], 1)
			bal[h].Sub(bal[h], half)
			bal[to] = half
			go func() {
				c, _ := b.clientFor(h)
				_, err := b.transfer(ctx, c, h, b.addrs[to], half)
				errs <- err
			}()
		}
		for range next - holders {
			if err := <-errs; err != nil {
				return fmt.Errorf("bench: fund the users: %w", err)
			}
		}
		holders = next
	}
	b.log.note("funded %d users in %d rounds of transfers", n, rounds)
	return nil
}

// benchDoubleSpend is one double spend to run: its spender (an index in
// users), the balance it holds, the amount of each of its two transfers
// and the two nodes they go to.
type benchDoubleSpend struct {
	user    int
	from    common.Address
	balance *uint256.Int
	amount  *uint256.Int
	nodes   [2]int
	to      common.Address
}

func (b *bench) prepareDoubles(ctx context.Context) ([]benchDoubleSpend, error) {
	var ds []benchDoubleSpend
	n := len(b.clients)
	for k := range b.f.doubleSpends {
		i := b.f.users + k
		bal, err := b.query(ctx, i, "balance")
		if err != nil {
			return nil, fmt.Errorf("bench: double spender's balance: %w", err)
		}
		amount := new(uint256.Int).Rsh(bal, 1)
		amount.AddUint64(amount, 1) // each fits the balance, both do not
		ds = append(ds, benchDoubleSpend{user: i, from: b.addrs[i], balance: bal, amount: amount, nodes: [2]int{k % n, (k + 1) % n}, to: b.addrs[k%b.f.users]})
	}
	if len(ds) > 0 && n == 1 {
		b.log.note("one node only: the double spends go to the same node")
	}
	return ds, nil
}

// benchResult is one command of the load.
type benchResult struct {
	start, end time.Time
	out        *wire.Outcome // applied or rejected after ordering
	applied    bool
	rejected   string
	failed     string
}

type benchDoubleResult struct {
	spend benchDoubleSpend
	res   [2]benchResult
}

type benchLoadResult struct {
	t0, t1  time.Time // the measured window
	cpu     time.Duration
	sent    int
	notSent int
	results []benchResult
	doubles []benchDoubleResult
}

func classify(r *benchResult, out *wire.Outcome, err error) {
	var rej *client.Rejected
	switch {
	case err == nil && out != nil && out.OK:
		r.applied, r.out = true, out
	case errors.As(err, &rej):
		r.rejected, r.out = rej.Reason, out
	case err != nil:
		r.failed = err.Error()
	default:
		r.failed = "no outcome"
	}
}

// load runs the users (closed loop, or open at --rate) and the double
// spends for the duration, then lets the commands in flight finish.
func (b *bench) load(ctx, sigCtx context.Context, afterLoad func(), doubles []benchDoubleSpend) *benchLoadResult {
	f := b.f
	res := &benchLoadResult{}
	var (
		mu                        sync.Mutex
		applied, rejected, failed atomic.Int64
		stopped                   atomic.Bool
		late                      atomic.Int64
		workers                   sync.WaitGroup
	)
	stop := make(chan struct{})
	record := func(r benchResult) {
		switch {
		case r.applied:
			applied.Add(1)
		case r.rejected != "":
			rejected.Add(1)
		default:
			failed.Add(1)
		}
		mu.Lock()
		res.results = append(res.results, r)
		mu.Unlock()
	}
	one := func(i int, start time.Time) {
		c, _ := b.clientFor(i)
		to := rand.IntN(f.users)
		if to == i && f.users > 1 {
			to = (to + 1) % f.users
		}
		out, err := b.transfer(ctx, c, i, b.addrs[to], uint256.NewInt(1))
		r := benchResult{start: start, end: time.Now()}
		classify(&r, out, err)
		record(r)
	}
	var queue chan time.Time
	if f.rate > 0 {
		queue = make(chan time.Time, min(int(f.rate*f.duration.Seconds())+1, 1<<20))
	}
	profiling := false
	if f.cpuProfile != "" {
		if pf, err := os.Create(f.cpuProfile); err != nil {
			b.log.note("--cpuprofile: %v (no profile)", err)
		} else if err := pprof.StartCPUProfile(pf); err != nil {
			pf.Close()
			b.log.note("--cpuprofile: %v (no profile)", err)
		} else {
			profiling = true
			defer pf.Close()
		}
	}
	mode := "closed loop"
	if f.rate > 0 {
		mode = fmt.Sprintf("open loop at %g transfers/s", f.rate)
	}
	b.log.note("load: %s, %s over %s, %s, %s", mode, plural(f.users, "user"), plural(len(b.clients), "node"), f.duration, plural(f.doubleSpends, "double spend"))

	writeAllocs(b.log, f.memProfile, ".start")
	res.t0 = time.Now()
	cpu0 := processCPU()
	for i := range f.users {
		workers.Add(1)
		go func() {
			defer workers.Done()
			if queue == nil {
				for !stopped.Load() {
					one(i, time.Now())
				}
				return
			}
			for {
				select {
				case <-stop:
					return
				case at := <-queue:
					if stopped.Load() {
						late.Add(1) // taken off the queue, never sent
						return
					}
					one(i, at)
				}
			}
		}()
	}
	var sentByRate atomic.Int64
	if queue != nil {
		workers.Add(1)
		go func() {
			defer workers.Done()
			interval := time.Duration(float64(time.Second) / f.rate)
			for k := 0; ; k++ {
				at := res.t0.Add(time.Duration(k) * interval)
				select {
				case <-stop:
					return
				case <-time.After(time.Until(at)):
				}
				queue <- at
				sentByRate.Add(1)
			}
		}()
	}
	var dwg sync.WaitGroup
	res.doubles = make([]benchDoubleResult, len(doubles))
	for k, d := range doubles {
		dwg.Add(1)
		go func() {
			defer dwg.Done()
			res.doubles[k].spend = d
			at := res.t0.Add(f.duration * time.Duration(k+1) / time.Duration(len(doubles)+1))
			select {
			case <-stop:
			case <-time.After(time.Until(at)):
			}
			var both sync.WaitGroup
			for j := range 2 {
				both.Add(1)
				go func() {
					defer both.Done()
					c := b.clients[d.nodes[j]]
					start := time.Now()
					out, err := b.transfer(ctx, c, d.user, d.to, d.amount)
					r := benchResult{start: start, end: time.Now()}
					classify(&r, out, err)
					res.doubles[k].res[j] = r
				}()
			}
			both.Wait()
		}()
	}

	progress := b.log.startBar(res.t0, f.duration, func() (int64, int64, int64) { return applied.Load(), rejected.Load(), failed.Load() })
	timer := time.NewTimer(f.duration)
	select {
	case <-timer.C:
	case <-sigCtx.Done():
		timer.Stop()
	}
	afterLoad()
	stopped.Store(true)
	res.t1 = time.Now()
	res.cpu = processCPU() - cpu0
	if profiling {
		pprof.StopCPUProfile()
		b.log.note("wrote the CPU profile of the window to %s (go tool pprof %s)", f.cpuProfile, f.cpuProfile)
	}
	if writeAllocs(b.log, f.memProfile, "") {
		b.log.note("wrote allocation profiles to %s.start and %s (go tool pprof -sample_index=alloc_space -base %s.start %s)", f.memProfile, f.memProfile, f.memProfile, f.memProfile)
	}
	close(stop)
	progress()
	if res.t1.Sub(res.t0) < f.duration {
		b.log.note("interrupted: the load ran %s", res.t1.Sub(res.t0).Round(time.Millisecond))
	}
	b.log.note("waiting for the commands in flight")
	workers.Wait()
	dwg.Wait()
	if queue != nil {
		res.notSent = len(queue) + int(late.Load())
		res.sent = int(sentByRate.Load()) - res.notSent
	} else {
		res.sent = len(res.results)
	}
	return res
}

// writeAllocs writes the allocation profile so far to path+suffix, if
// path is set, and reports whether it did.
func writeAllocs(log *benchLog, path, suffix string) bool {
	if path == "" {
		return false
	}
	f, err := os.Create(path + suffix)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		log.note("--memprofile: %v (no profile)", err)
		return false
	}
	return true
}

// processCPU is this process's CPU time so far, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (b *bench) summarise(res *benchLoadResult) {
	r := &b.rep
	window := res.t1.Sub(res.t0)
	r.Load.Users, r.Load.Rate, r.Load.DoubleSpends = b.f.users, b.f.rate, b.f.doubleSpends
	r.Load.Mode = "closed loop"
	if b.f.rate > 0 {
		r.Load.Mode = "open loop"
	}
	r.Load.Seconds = window.Seconds()
	r.Sent, r.NotSent = res.sent, res.notSent
	var lat []time.Duration
	for _, x := range res.results {
		switch {
		case x.applied:
			lat = append(lat, x.end.Sub(x.start))
			if !x.end.After(res.t1) {
				r.Applied++
			}
		case x.rejected != "":
			r.Rejected++
			if r.FirstRejection == "" {
				r.FirstRejection = x.rejected
			}
		default:
			r.Failed++
			if r.FirstFailure == "" {
				r.FirstFailure = x.failed
			}
		}
	}
	r.AppliedPerSecond = float64(r.Applied) / window.Seconds()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		i := int(p*float64(len(lat))+0.999999) - 1 // nearest rank
		return ms(lat[min(max(i, 0), len(lat)-1)])
	}
	r.Latency.Samples = len(lat)
	if len(lat) > 0 {
		var sum time.Duration
		for _, d := range lat {
			sum += d
		}
		r.Latency.P50, r.Latency.P95, r.Latency.P99 = pct(0.50), pct(0.95), pct(0.99)
		r.Latency.Max, r.Latency.Mean = ms(lat[len(lat)-1]), ms(sum/time.Duration(len(lat)))
	}
	r.CPU.Seconds, r.CPU.Cores = res.cpu.Seconds(), runtime.GOMAXPROCS(0)
	if r.Applied > 0 {
		r.CPU.PerAppliedCommandMS = ms(res.cpu) / float64(r.Applied)
	}
	if b.embedded {
		r.CPU.Covers = fmt.Sprintf("this process: the embedded chain, %d nodes with their enclaves, and the clients", len(b.clients))
	} else {
		r.CPU.Covers = "this process only: the clients (the nodes and the chain run elsewhere)"
	}
	if r.Ceiling.CommandsPerSecond > 0 {
		r.ShareOfCeiling = r.AppliedPerSecond / r.Ceiling.CommandsPerSecond
	}
	if b.embedded && r.CPU.PerAppliedCommandMS > 0 {
		r.PublicKeyShareOfCPU = r.Ceiling.PerCommandUS / 1000 / r.CPU.PerAppliedCommandMS
	}
}

// checkNodes waits until every node has applied the ledger up to the
// current head, has nothing pending and its status stays put, then
// compares their applied counts and state hashes.
func (b *bench) checkNodes(ctx context.Context) benchCheck {
	check := benchCheck{Name: "nodes agree"}
	head, err := b.led.Head(ctx)
	if err != nil {
		check.Detail = err.Error()
		return check
	}
	read := func() ([]wire.NodeStatus, error) {
		var out []wire.NodeStatus
		for i, c := range b.clients {
			s, err := c.Status(ctx)
			if err != nil {
				return nil, fmt.Errorf("node %d: %w", i, err)
			}
			if benchTamper != nil {
				benchTamper(i, s)
			}
			out = append(out, *s)
		}
		return out, nil
	}
	describe := func(st []wire.NodeStatus) string {
		var parts []string
		for i, s := range st {
			parts = append(parts, fmt.Sprintf("node %d at block %d, %d commands, state hash %s, %d pending", i, s.AppliedBlock, s.AppliedCommands, s.StateHash.Hex(), s.Pending))
		}
		return strings.Join(parts, "; ")
	}
	deadline := time.Now().Add(time.Minute)
	var prev []wire.NodeStatus
	for {
		st, err := read()
		if err != nil {
			check.Detail = err.Error()
			return check
		}
		caught := true
		for _, s := range st {
			caught = caught && s.AppliedBlock >= head && s.Pending == 0
		}
		same := true
		for _, s := range st[1:] {
			same = same && s.StateHash == st[0].StateHash && s.AppliedCommands == st[0].AppliedCommands
		}
		switch {
		case caught && same:
			check.OK = true
			check.Detail = fmt.Sprintf("%d nodes at %s commands, state hash %s", len(st), thousands(int64(st[0].AppliedCommands)), st[0].StateHash.Hex())
			return check
		case caught && slices.Equal(st, prev):
			// Caught up and settled, and still they differ.
			check.Detail = "the nodes differ: " + describe(st)
			return check
		case time.Now().After(deadline):
			check.Detail = fmt.Sprintf("the nodes did not catch up with block %d and agree within a minute: %s", head, describe(st))
			return check
		}
		prev = st
		select {
		case <-ctx.Done():
			check.Detail = ctx.Err().Error()
			return check
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// checkBalances reads every bench user's balance and the total supply,
// and checks what the bench users hold against what they were given.
func (b *bench) checkBalances(ctx context.Context, doubles []benchDoubleSpend, dres []benchDoubleResult) benchCheck {
	check := benchCheck{Name: "balances add up"}
	sum := new(uint256.Int)
	bals := make([]*uint256.Int, len(b.users))
	for i := range b.users {
		v, err := b.query(ctx, i, "balance")
		if err != nil {
			check.Detail = fmt.Sprintf("user %d's balance: %v", i, err)
			return check
		}
		bals[i] = v
		sum.Add(sum, v)
	}
	supply, err := b.query(ctx, 0, "total_supply")
	if err != nil {
		check.Detail = fmt.Sprintf("total supply: %v", err)
		return check
	}
	if sum.Cmp(b.given) != 0 {
		check.Detail = fmt.Sprintf("the %d bench users hold %s in all, they were given %s", len(b.users), sum, b.given)
		return check
	}
	if b.supply0 == nil && supply.Cmp(b.given) != 0 {
		check.Detail = fmt.Sprintf("the %d bench users hold %s = what they were given, but the total supply is %s", len(b.users), sum, supply)
		return check
	}
	if b.supply0 != nil && new(uint256.Int).Add(b.supply0, b.given).Cmp(supply) != 0 {
		check.Detail = fmt.Sprintf("the total supply is %s, it was %s before the bench minted %s (did someone else mint or burn meanwhile?)", supply, b.supply0, b.given)
		return check
	}
	// A double spender sent nothing else and received nothing: its
	// balance tells how many of its two transfers were applied.
	for k, d := range doubles {
		applied := 0
		for _, r := range dres[k].res {
			if r.applied {
				applied++
			}
		}
		want := d.balance.Clone()
		for range applied {
			want.Sub(want, d.amount)
		}
		if bals[d.user].Cmp(want) != 0 {
			check.Detail = fmt.Sprintf("double spender %s holds %s; it held %s and %d of its transfers of %s were reported applied", b.addrs[d.user].Hex(), bals[d.user], d.balance, applied, d.amount)
			return check
		}
	}
	check.OK = true
	if b.supply0 == nil {
		check.Detail = fmt.Sprintf("%d users hold %s = the total supply", len(b.users), sum)
	} else {
		check.Detail = fmt.Sprintf("%d users hold %s = what the owner minted for them; total supply %s = %s before + %s", len(b.users), sum, supply, b.supply0, b.given)
	}
	return check
}

// ledgerStats reads the Commands events of blocks [from, to] for the
// ledger figures, and checks that every command reported applied is in
// the transaction and block its outcome names.
func (b *bench) ledgerStats(ctx context.Context, from, to uint64, res *benchLoadResult) (benchCheck, error) {
	type where struct {
		tx    common.Hash
		block uint64
	}
	at := map[common.Hash]where{}
	txs := map[common.Hash]int{} // commands per transaction
	bytes := 0
	for next := from; next <= to; {
		events, n, err := b.led.Events(ctx, next)
		if err != nil {
			return benchCheck{}, err
		}
		if n <= next {
			break
		}
		next = n
		for _, e := range events {
			if e.Commands == nil || e.Block < from || e.Block > to {
				continue
			}
			for _, ct := range e.Commands.Ciphertexts {
				at[crypto.Keccak256Hash(ct)] = where{e.TxHash, e.Block}
				bytes += len(ct)
				txs[e.TxHash]++
			}
		}
	}
	L := &b.rep.Ledger
	L.FromBlock, L.ToBlock, L.Transactions, L.Commands = from, to, len(txs), len(at)
	if len(at) > 0 {
		L.BytesPerCommand = float64(bytes) / float64(len(at))
		L.CommandsPerTransaction = float64(len(at)) / float64(len(txs))
	}
	gas, err := receiptGas(ctx, b.rpc, txs)
	if err != nil {
		return benchCheck{}, err
	}
	if len(at) > 0 {
		L.GasPerCommand = float64(gas) / float64(len(at))
	}
	L.GasSource = "gas used by the transactions of the Commands events (eth_getTransactionReceipt), over the commands they carry"

	check := benchCheck{Name: "applied commands on the ledger"}
	var all []benchResult
	all = append(all, res.results...)
	for _, d := range res.doubles {
		all = append(all, d.res[:]...)
	}
	appliedN, missing := 0, []string{}
	for _, r := range all {
		if !r.applied {
			continue
		}
		appliedN++
		w, ok := at[r.out.Ciphertext]
		switch {
		case !ok:
			missing = append(missing, fmt.Sprintf("%s (ciphertext %s not in blocks %d-%d)", r.out.ID.Hex(), r.out.Ciphertext.Hex(), from, to))
		case w.tx != r.out.TxHash || w.block != r.out.Block:
			missing = append(missing, fmt.Sprintf("%s (outcome names tx %s block %d, the ledger has it in tx %s block %d)", r.out.ID.Hex(), r.out.TxHash.Hex(), r.out.Block, w.tx.Hex(), w.block))
		}
	}
	if len(missing) > 0 {
		check.Detail = fmt.Sprintf("%d of %d applied commands are not where their outcome says: %s", len(missing), appliedN, strings.Join(missing[:min(len(missing), 3)], "; "))
		return check, nil
	}
	check.OK = true
	check.Detail = fmt.Sprintf("all %s applied commands found in the transaction and block their outcome names", thousands(int64(appliedN)))
	return check, nil
}

// receiptGas adds up the gas used by the transactions txs.
func receiptGas(ctx context.Context, rpc string, txs map[common.Hash]int) (uint64, error) {
	if len(txs) == 0 {
		return 0, nil
	}
	ec, err := ethclient.DialContext(ctx, rpc)
	if err != nil {
		return 0, err
	}
	defer ec.Close()
	var (
		total atomic.Uint64
		first error
		mu    sync.Mutex
		wg    sync.WaitGroup
	)
	sem := make(chan struct{}, 8)
	for tx := range txs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r, err := ec.TransactionReceipt(ctx, tx)
			if err != nil {
				mu.Lock()
				first = cmpOrErr(first, fmt.Errorf("bench: receipt of %s: %w", tx.Hex(), err))
				mu.Unlock()
				return
			}
			total.Add(r.GasUsed)
		}()
	}
	wg.Wait()
	return total.Load(), first
}

func cmpOrErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// checkDoubles: each double spend had exactly one transfer applied, and
// the other one came to a definite end (rejected).
func checkDoubles(ds []benchDoubleResult) benchCheck {
	check := benchCheck{Name: "double spends refused"}
	for _, d := range ds {
		applied := 0
		for _, r := range d.res {
			if r.applied {
				applied++
			}
		}
		if applied != 1 {
			var what []string
			for j, r := range d.res {
				what = append(what, fmt.Sprintf("via node %d: %s", d.spend.nodes[j], resultText(r)))
			}
			check.Detail = fmt.Sprintf("%s's two transfers of %s (balance %s): %d applied, want exactly 1 (%s)", d.spend.from.Hex(), d.spend.amount, d.spend.balance, applied, strings.Join(what, "; "))
			return check
		}
	}
	check.OK = true
	if len(ds) == 0 {
		check.Detail = "none run (--double-spends 0)"
	} else {
		check.Detail = fmt.Sprintf("%d of %d: exactly one of the two transfers applied", len(ds), len(ds))
	}
	return check
}

func resultText(r benchResult) string {
	switch {
	case r.applied:
		return "applied"
	case r.rejected != "":
		return "rejected: " + r.rejected
	default:
		return "failed: " + r.failed
	}
}

func (b *bench) reportDoubles(res *benchLoadResult) {
	b.rep.DoubleSpends = []benchDouble{}
	for _, d := range res.doubles {
		x := benchDouble{Spender: d.spend.from, Balance: d.spend.balance.Dec(), Amount: d.spend.amount.Dec(), Nodes: d.spend.nodes}
		var others []string
		for _, r := range d.res {
			if r.applied {
				x.Applied++
			} else {
				others = append(others, resultText(r))
			}
		}
		x.OtherResult = strings.Join(others, "; ")
		b.rep.DoubleSpends = append(b.rep.DoubleSpends, x)
	}
}

// measureCeiling times, with the functions the client and the enclaves
// use, the public-key operations of one applied ERC-20 transfer, and
// derives the throughput this machine's cores would allow if nothing else
// cost anything.
func measureCeiling(info wire.EnclaveInfo, members int) (benchCeiling, error) {
	user, err := crypto.GenerateKey()
	if err != nil {
		return benchCeiling{}, err
	}
	enclaveKey, err := wire.GenerateKey() // stands for the enclave's request key
	if err != nil {
		return benchCeiling{}, err
	}
	reply, err := wire.GenerateKey()
	if err != nil {
		return benchCeiling{}, err
	}
	args, err := json.Marshal(erc20abi.TransferArgs{To: common.HexToAddress("0x00000000000000000000000000000000000000aa"), Amount: uint256.NewInt(1)})
	if err != nil {
		return benchCeiling{}, err
	}
	body := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: info.ChainID, Contract: info.Contract,
		From: crypto.PubkeyToAddress(user.PublicKey), Counter: 1, App: erc20abi.Name, Function: "transfer", Args: args, ReplyKey: reply.PublicKey().Bytes()}
	signed, err := wire.SignRequest(body, func(d []byte) ([]byte, error) { return crypto.Sign(d, user) })
	if err != nil {
		return benchCeiling{}, err
	}
	digest := wire.RequestDigest(info.ChainID, info.Contract, signed.Body)
	id := wire.RequestID(signed.Body)
	sealedReq, err := wire.SealRequest(enclaveKey.PublicKey().Bytes(), info.ChainID, info.Contract, signed)
	if err != nil {
		return benchCeiling{}, err
	}
	outcome, err := json.Marshal(wire.Outcome{ID: id, OK: true, Block: 1 << 20, Epoch: 1, TxHash: common.Hash{1}, Ciphertext: common.Hash{2}})
	if err != nil {
		return benchCeiling{}, err
	}
	sealedOut, err := wire.SealOutcome(reply.PublicKey().Bytes(), id, outcome)
	if err != nil {
		return benchCeiling{}, err
	}
	type timed struct {
		into *float64
		op   func() error
	}
	var c benchCeiling
	ops := []timed{
		{&c.ClientSignUS, func() error { _, err := crypto.Sign(digest[:], user); return err }},
		{&c.ClientSealRequestUS, func() error {
			_, err := wire.SealRequest(info.RequestKey, info.ChainID, info.Contract, signed)
			return err
		}},
		{&c.ClientOpenOutcomeUS, func() error { _, err := wire.OpenOutcome(reply, id, sealedOut); return err }},
		{&c.EnclaveOpenRequestUS, func() error {
			_, err := wire.OpenRequest(enclaveKey, info.ChainID, info.Contract, sealedReq)
			return err
		}},
		{&c.EnclaveRecoverUS, func() error {
			pub, err := crypto.SigToPub(digest[:], signed.Sig)
			if err == nil && crypto.PubkeyToAddress(*pub) != body.From {
				err = errors.New("bench: recovered the wrong signer")
			}
			return err
		}},
		{&c.EnclaveSealOutcomeUS, func() error {
			_, err := wire.SealOutcome(body.ReplyKey, id, outcome)
			return err
		}},
	}
	for _, o := range ops {
		d, err := timeOp(o.op)
		if err != nil {
			return benchCeiling{}, err
		}
		*o.into = float64(d.Nanoseconds()) / 1000
	}
	c.Members, c.Cores = members, runtime.GOMAXPROCS(0)
	c.total()
	return c, nil
}

// total sums the operations one applied command needs.
func (c *benchCeiling) total() {
	c.PerCommandUS = c.ClientSignUS + c.ClientSealRequestUS + c.ClientOpenOutcomeUS +
		c.EnclaveOpenRequestUS + c.EnclaveRecoverUS + c.EnclaveSealOutcomeUS + float64(c.Members)*c.EnclaveRecoverUS
	c.CommandsPerSecond = float64(c.Cores) / (c.PerCommandUS / 1e6)
}

// best is c with each operation's time the lower of c's and o's.
func (c benchCeiling) best(o benchCeiling) benchCeiling {
	c.ClientSignUS = min(c.ClientSignUS, o.ClientSignUS)
	c.ClientSealRequestUS = min(c.ClientSealRequestUS, o.ClientSealRequestUS)
	c.ClientOpenOutcomeUS = min(c.ClientOpenOutcomeUS, o.ClientOpenOutcomeUS)
	c.EnclaveOpenRequestUS = min(c.EnclaveOpenRequestUS, o.EnclaveOpenRequestUS)
	c.EnclaveRecoverUS = min(c.EnclaveRecoverUS, o.EnclaveRecoverUS)
	c.EnclaveSealOutcomeUS = min(c.EnclaveSealOutcomeUS, o.EnclaveSealOutcomeUS)
	c.total()
	return c
}

// timeOp is op's CPU time per run with every usable core running it at
// once, as under load: the best of five rounds of 40 ms, each round
// GOMAXPROCS threads running op side by side, their CPU time over their
// runs. CPU time, not wall time, like the report's CPU per command: time a
// thread spends descheduled (the devnet's own goroutines, other processes,
// a hypervisor's steal on a virtual machine) does not count; timed in wall
// time, the same operations measured up to 1.6 times apart from one run to
// the next on a busy virtual machine. All cores at once, not one thread
// alone, because cores sharing a machine slow each other down (caches,
// memory, a physical core under two virtual ones, clock speed): on the
// 2-core virtual machine of the README, an X25519 operation took 1.05 to
// 1.4 times as much CPU time with both cores busy as on one thread alone,
// so the ceiling of "cores over one thread's time" overstated by as much
// what the machine can do with every core busy, which is what the load
// has.
func timeOp(op func() error) (time.Duration, error) {
	if err := op(); err != nil { // warm up, and fail early
		return 0, err
	}
	threads := runtime.GOMAXPROCS(0)
	best := time.Duration(1<<63 - 1)
	for range 5 {
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			cpu   time.Duration
			runs  int
			first error
		)
		start := time.Now()
		for range threads {
			wg.Go(func() {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				n, cpu0 := 0, threadCPU()
				var err error
				for err == nil && (n < 5 || time.Since(start) < 40*time.Millisecond) {
					err = op()
					n++
				}
				took := threadCPU() - cpu0
				if took <= 0 { // no thread clock here: wall time
					took = time.Since(start)
				}
				mu.Lock()
				defer mu.Unlock()
				cpu += took
				runs += n
				if first == nil {
					first = err
				}
			})
		}
		wg.Wait()
		if first != nil {
			return 0, first
		}
		best = min(best, cpu/time.Duration(runs))
	}
	return best, nil
}

// threadCPU is the CPU time of the calling thread so far.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// benchLog writes bench's progress to stderr: notes, and during the load
// a bar (on a terminal) or a line every few seconds; nothing with --json.
type benchLog struct {
	w     io.Writer
	tty   bool
	quiet bool
	mu    sync.Mutex
	bar   bool // a bar is on the current line
}

func newBenchLog(w io.Writer, quiet bool) *benchLog {
	l := &benchLog{w: w, quiet: quiet}
	if f, ok := w.(*os.File); ok {
		l.tty = term.IsTerminal(int(f.Fd()))
	}
	return l
}

func (l *benchLog) note(format string, args ...any) {
	if l.quiet {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bar {
		fmt.Fprint(l.w, "\r\033[K")
		l.bar = false
	}
	fmt.Fprintf(l.w, "bench: "+format+"\n", args...)
}

// startBar shows the load's progress until the returned func is called.
func (l *benchLog) startBar(t0 time.Time, d time.Duration, counts func() (applied, rejected, failed int64)) (stop func()) {
	if l.quiet {
		return func() {}
	}
	every := 5 * time.Second
	if l.tty {
		every = 250 * time.Millisecond
	}
	done, finished := make(chan struct{}), make(chan struct{})
	line := func() string {
		el := time.Since(t0)
		a, r, f := counts()
		s := fmt.Sprintf("%5.1fs/%s  applied %s (%s/s)  rejected %d  failed %d", el.Seconds(), d, thousands(a), thousands(int64(float64(a)/el.Seconds())), r, f)
		if !l.tty {
			return "bench: " + s
		}
		const width = 30
		filled := min(width, int(float64(width)*el.Seconds()/d.Seconds()))
		return "[" + strings.Repeat("=", filled) + strings.Repeat(" ", width-filled) + "] " + s
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				l.mu.Lock()
				if l.bar {
					fmt.Fprint(l.w, "\r\033[K"+line()+"\n")
					l.bar = false
				}
				l.mu.Unlock()
				return
			case <-t.C:
				l.mu.Lock()
				if l.tty {
					fmt.Fprint(l.w, "\r\033[K"+line())
					l.bar = true
				} else {
					fmt.Fprintln(l.w, line())
				}
				l.mu.Unlock()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// thousands formats n with thousands separators: 12,345.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// print writes the report as text.
func (r *benchReport) print(w io.Writer) {
	target := fmt.Sprintf("%s, %s (%s enclaves), chain %d, contract %s", r.Target.Kind, plural(r.Target.Nodes, "node"), r.Target.TEEKind, r.Target.ChainID, r.Target.Contract.Hex())
	if r.Target.Members != r.Target.Nodes {
		target += fmt.Sprintf(", %d members", r.Target.Members)
	}
	if r.Target.MinBlockIntervalMS > 0 {
		target += fmt.Sprintf(", blocks at least %g ms apart", r.Target.MinBlockIntervalMS)
	}
	mode := r.Load.Mode
	if r.Load.Rate > 0 {
		mode = fmt.Sprintf("open loop at %g transfers/s", r.Load.Rate)
	}
	load := fmt.Sprintf("%s, %s over %s, %.1f s, %s", mode, plural(r.Load.Users, "user"), plural(r.Target.Nodes, "node"), r.Load.Seconds, plural(r.Load.DoubleSpends, "double spend"))
	c := r.Ceiling
	us := func(v float64) string { return fmt.Sprintf("%.0f µs", v) }
	fmt.Fprintf(w, "anonify bench\n")
	fmt.Fprintf(w, "  target        %s\n", target)
	fmt.Fprintf(w, "  load          %s (ERC-20 transfers)\n", load)
	fmt.Fprintf(w, "\n")
	fmt.Fprintf(w, "  throughput    %s applied commands/s (%s applied in the window; %s sent, %d rejected, %d failed",
		fmtFloat(r.AppliedPerSecond), thousands(int64(r.Applied)), thousands(int64(r.Sent)), r.Rejected, r.Failed)
	if r.NotSent > 0 {
		fmt.Fprintf(w, ", %s arrivals not sent: every user was busy", thousands(int64(r.NotSent)))
	}
	fmt.Fprintf(w, ")\n")
	if r.FirstRejection != "" {
		fmt.Fprintf(w, "                first rejection: %s\n", r.FirstRejection)
	}
	if r.FirstFailure != "" {
		fmt.Fprintf(w, "                first failure: %s\n", r.FirstFailure)
	}
	from := "submission"
	if r.Load.Rate > 0 {
		from = "scheduled arrival"
	}
	fmt.Fprintf(w, "  latency       p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (max %.1f, mean %.1f; %s to outcome, %s applied commands)\n",
		r.Latency.P50, r.Latency.P95, r.Latency.P99, r.Latency.Max, r.Latency.Mean, from, thousands(int64(r.Latency.Samples)))
	fmt.Fprintf(w, "  CPU           %.2f ms per applied command (%.1f CPU-s over %.1f s on %d cores; %s)\n",
		r.CPU.PerAppliedCommandMS, r.CPU.Seconds, r.Load.Seconds, r.CPU.Cores, r.CPU.Covers)
	fmt.Fprintf(w, "  ledger        %s bytes and %s gas per command (%s commands in %s transactions of blocks %d-%d, %.1f per transaction; gas from receipts)\n",
		fmtFloat(r.Ledger.BytesPerCommand), fmtFloat(r.Ledger.GasPerCommand), thousands(int64(r.Ledger.Commands)), thousands(int64(r.Ledger.Transactions)),
		r.Ledger.FromBlock, r.Ledger.ToBlock, r.Ledger.CommandsPerTransaction)
	fmt.Fprintf(w, "  ceiling       %s commands/s = %d cores / %s of public-key work per applied command, timed here:\n",
		fmtFloat(c.CommandsPerSecond), c.Cores, us(c.PerCommandUS))
	fmt.Fprintf(w, "                  client             %s: sign %s, seal request %s, open outcome %s\n",
		us(c.ClientSignUS+c.ClientSealRequestUS+c.ClientOpenOutcomeUS), us(c.ClientSignUS), us(c.ClientSealRequestUS), us(c.ClientOpenOutcomeUS))
	fmt.Fprintf(w, "                  receiving enclave  %s: open request %s, recover signer %s, seal outcome %s\n",
		us(c.EnclaveOpenRequestUS+c.EnclaveRecoverUS+c.EnclaveSealOutcomeUS), us(c.EnclaveOpenRequestUS), us(c.EnclaveRecoverUS), us(c.EnclaveSealOutcomeUS))
	fmt.Fprintf(w, "                  %d member enclaves %s: recover signer at apply, %s each\n",
		c.Members, us(float64(c.Members)*c.EnclaveRecoverUS), us(c.EnclaveRecoverUS))
	fmt.Fprintf(w, "  share         %.1f %% of the ceiling\n", 100*r.ShareOfCeiling)
	if r.PublicKeyShareOfCPU > 0 {
		fmt.Fprintf(w, "                (the ceiling's public-key time is %.1f %% of the CPU time per applied command; below that, the cores\n"+
			"                were idle or taken by other processes or the hypervisor)\n", 100*r.PublicKeyShareOfCPU)
	}
	for _, d := range r.DoubleSpends {
		fmt.Fprintf(w, "  double spend  %s… (balance %s) sent %s via nodes %d and %d at once: %d applied; the other %s\n",
			d.Spender.Hex()[:10], d.Balance, d.Amount, d.Nodes[0], d.Nodes[1], d.Applied, d.OtherResult)
	}
	fmt.Fprintf(w, "\n  checks\n")
	for _, ch := range r.Checks {
		mark := "ok  "
		if !ch.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "    %s %-31s %s\n", mark, ch.Name, ch.Detail)
	}
}

// fmtFloat prints a figure with thousands separators and no decimals
// from 100 up, one decimal below.
func fmtFloat(v float64) string {
	if v >= 100 {
		return thousands(int64(v + 0.5))
	}
	return fmt.Sprintf("%.1f", v)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
