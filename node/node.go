// Package node is the untrusted host around one enclave: it registers the
// enclave on the ledger, follows the ledger and feeds its events to the
// enclave in order, posts the enclave's signed batches and handshakes,
// keeps the enclave's sealed blob on disk, and serves the client HTTP API.
//
// Trust: UNTRUSTED. Nothing here sees plaintext state, requests or keys:
// it moves ciphertext, signatures and sealed blobs between the network,
// the ledger and the enclave's ecalls (package enclave, api.go).
package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/internal/atomicfile"
	"github.com/anonify-go/anonify/internal/dirlock"
	"github.com/anonify-go/anonify/ledger"
)

// Config configures a node.
type Config struct {
	Ledger ledger.Ledger
	// StartBlock is where to start following the ledger on first start
	// (the contract's deployment block).
	StartBlock uint64
	// NewEnclave creates a fresh enclave; RestoreEnclave reopens a sealed
	// one. The node calls one of them once, at start.
	NewEnclave     func(ctx context.Context) (*enclave.Enclave, error)
	RestoreEnclave func(ctx context.Context, identity common.Address, blob []byte) (*enclave.Enclave, error)
	// DataDir holds the sealed blob and the host's own bookkeeping.
	DataDir string
	// Listen is the HTTP address of the client API ("127.0.0.1:0" picks a port).
	Listen string
	// TLS serves the client API over attested TLS (see tls.go): the
	// certificate and its key come from the enclave and carry its evidence.
	TLS          bool
	PollInterval time.Duration // ledger polling; default 200ms
	// RotateEvery and RotateInterval rotate the group key (an MLS commit
	// with an UpdatePath) after that many commands or that much time in
	// an epoch; zero disables each.
	RotateEvery    uint64
	RotateInterval time.Duration
	BatchMax       int // commands per ledger transaction; default 64
	// SealInterval is the most time between applying ledger events and
	// sealing the result (default 1 s; accepted commands are journaled at
	// once regardless, see durable.go).
	SealInterval time.Duration
	// AuditInterval is the least time between two audit posts of this
	// node: records wait and go out together, so that a post says less
	// about when in-scope commands ran. Zero posts them at every step.
	AuditInterval time.Duration
	// Recover starts a fresh enclave in recovery mode (enclave.BeginRecovery):
	// after every member is lost, it rebuilds the state from the latest
	// checkpoint once custodians release their shares to it
	// (POST /v1/recovery/release), for governance to found the network
	// with it. It has no effect on an enclave restored from its blob.
	Recover bool
	// CheckpointTimeout is how long this member waits for the member due
	// to post an epoch's checkpoint before it posts what is missing
	// itself, and before it posts a chunk again; default 15 s.
	CheckpointTimeout time.Duration
	Logger            *slog.Logger
	// ReadyLag is how many blocks behind the ledger head a member may be
	// and still answer /readyz with 200; default DefaultReadyLag.
	ReadyLag uint64
}

// Node is a running node.
type Node struct {
	lastAudit time.Time    // the step loop's alone
	ckpt      ckptProgress // the step loop's alone
	seq       uint64       // the contract's next batch sequence number for this enclave, if seqKnown; the step loop's alone
	seqKnown  bool
	post      posts // batches in flight (poster.go)

	sealMu   sync.Mutex
	lastSeal time.Time // of what the enclave applied (sealApplied)
	unsealed bool      // applied since then

	cfg  Config
	log  *slog.Logger
	enc  *enclave.Enclave
	led  ledger.Ledger
	srv  *http.Server
	addr net.Addr

	mu       sync.Mutex
	outcomes *outcomeStore // guarded by mu
	next     uint64        // next ledger block to read; guarded by mu
	wake     chan struct{}
	ready    chan struct{}
	readyOne sync.Once

	adminToken    string
	hsMu          sync.Mutex   // one handshake in flight per node
	followMu      sync.Mutex   // one ledger read-and-apply at a time
	lastDirect    atomic.Int64 // unix nanos of a request's own ledger read (catchUp)
	noSealOnce    sync.Once
	lastHandshake atomic.Int64 // unix nanos of the last handshake seen or made

	metrics  *metrics      // this node's own registry (metrics.go)
	head     atomic.Uint64 // the ledger head as last read, for metrics and readiness
	catching catchUp       // progress of a long catch-up; guarded by followMu
	cmdTimes commandTimes  // when each awaited command was accepted; guarded by mu

	lock        *dirlock.Lock // on DataDir, from Start until Run returns
	persistMu   sync.Mutex    // one seal-and-write at a time, in order
	journalMu   sync.Mutex    // the journal files (durable.go)
	journalFile *os.File      // the journal, open for appends; guarded by journalMu
	dur         durability    // accepted commands journaled before the client hears of them (durable.go)
}

// Start brings the enclave up (restoring its sealed blob when there is
// one), registers it on first start and starts following the ledger and
// serving clients. It returns once the HTTP API listens; Ready reports
// when the enclave holds the network's state.
//
// The data directory is locked from Start until Run returns: a second
// node on it (one enclave identity run twice, each sealing over the
// other's state) is refused at once, with the holder's process id.
func Start(ctx context.Context, cfg Config) (_ *Node, err error) {
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 200 * time.Millisecond
	}
	if cfg.CheckpointTimeout == 0 {
		cfg.CheckpointTimeout = 15 * time.Second
	}
	if cfg.SealInterval == 0 {
		cfg.SealInterval = time.Second
	}
	if cfg.BatchMax == 0 {
		cfg.BatchMax = 64
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ReadyLag == 0 {
		cfg.ReadyLag = DefaultReadyLag
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, err
	}
	lock, err := dirlock.Acquire(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("node: data directory %w", err)
	}
	defer func() {
		if err != nil {
			lock.Release()
		}
	}()
	n := &Node{cfg: cfg, led: cfg.Ledger, outcomes: newOutcomeStore(maxOutcomes), wake: make(chan struct{}, 1), ready: make(chan struct{}), lock: lock,
		cmdTimes: commandTimes{}, post: posts{done: make(chan postDone, maxInFlight)}}
	n.metrics = newMetrics(n)
	fresh, err := n.openEnclave(ctx)
	if err != nil {
		return nil, err
	}
	n.log = cfg.Logger.With("node", n.enc.Identity().Hex()[:10])
	if n.adminToken, err = loadAdminToken(cfg.DataDir); err != nil {
		return nil, err
	}
	n.lastHandshake.Store(time.Now().UnixNano())
	if fresh {
		n.next = cfg.StartBlock
		r, err := n.enc.Registration()
		if err != nil {
			return nil, err
		}
		if err := n.led.Register(ctx, *r); err != nil {
			return nil, fmt.Errorf("node: register enclave: %w", err)
		}
		n.log.Info("enclave registered", "identity", r.Identity.Hex())
		if err := n.persist(); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("node: listen on %s: %w", cfg.Listen, err)
	}
	n.addr = ln.Addr()
	if ln, err = n.listener(ctx, ln); err != nil {
		return nil, err
	}
	n.srv = &http.Server{Handler: n.routes(), ReadHeaderTimeout: 5 * time.Second,
		// Failed TLS handshakes (clients refusing our evidence) are the
		// clients' business; keep them out of the standard logger.
		ErrorLog: slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelDebug)}
	go func() {
		if err := n.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.log.Error("http server", "err", err)
		}
	}()
	return n, nil
}

const (
	blobFile     = "enclave.sealed"
	identityFile = "enclave.identity"
	positionFile = "ledger.next"
)

func (n *Node) openEnclave(ctx context.Context) (fresh bool, err error) {
	blob, err := os.ReadFile(filepath.Join(n.cfg.DataDir, blobFile))
	if errors.Is(err, os.ErrNotExist) {
		if n.enc, err = n.cfg.NewEnclave(ctx); err != nil {
			return true, err
		}
		if n.cfg.Recover {
			err = n.enc.BeginRecovery()
		}
		return true, err
	}
	if err != nil {
		return false, err
	}
	idHex, err := os.ReadFile(filepath.Join(n.cfg.DataDir, identityFile))
	if err != nil {
		return false, fmt.Errorf("node: sealed blob without identity file: %w", err)
	}
	if !common.IsHexAddress(string(idHex)) {
		return false, fmt.Errorf("node: identity file holds %q, not an address", idHex)
	}
	if n.enc, err = n.cfg.RestoreEnclave(ctx, common.HexToAddress(string(idHex)), blob); err != nil {
		return false, err
	}
	entries, err := readJournal(n.cfg.DataDir)
	if err != nil {
		return false, fmt.Errorf("node: read the journal: %w", err)
	}
	if len(entries) > 0 {
		queued, err := n.enc.ReplayJournal(entries)
		if err != nil {
			return false, fmt.Errorf("node: replay the journal (%d of %d entries queued): %w", queued, len(entries), err)
		}
		n.cfg.Logger.Info("replayed the journal", "entries", len(entries), "queued_again", queued)
	}
	// Resume right after the enclave's sealed position: the enclave skips
	// anything it has already applied, so re-reading that block is safe.
	n.next = n.enc.Status().Position.Block
	if n.next < n.cfg.StartBlock {
		n.next = n.cfg.StartBlock
	}
	return false, nil
}

// sealApplied seals what the enclave applied from the ledger, at most
// once per SealInterval. Nothing applied needs a seal sooner: the ledger
// holds it, and a node restarted from an older seal applies it again (the
// same state, the same outcomes; commands it had accepted meanwhile come
// back from the journal). Its own group commits are sealed before they are
// posted (commitHandshake), so a restart never meets a commit of its own
// it did not stage. Sealing after every ledger read cost a loaded node 15%
// of its CPU (`anonify bench`).
func (n *Node) sealApplied(changed bool) error {
	n.sealMu.Lock()
	n.unsealed = n.unsealed || changed
	due := n.unsealed && time.Since(n.lastSeal) >= n.cfg.SealInterval
	if due {
		n.unsealed, n.lastSeal = false, time.Now()
	}
	n.sealMu.Unlock()
	if !due {
		return nil
	}
	if err := n.persist(); err != nil {
		n.sealMu.Lock()
		n.unsealed = true
		n.sealMu.Unlock()
		return err
	}
	return nil
}

// persist writes the sealed blob atomically (write, sync, rename), so a
// crash leaves either the old or the new blob, never a torn one.
func (n *Node) persist() error {
	// Serialised: two seals written in the other order would leave the
	// older state on disk, and they share the temporary file.
	n.persistMu.Lock()
	defer n.persistMu.Unlock()
	// Entries journaled before this point are in the state sealed below.
	if err := n.rotateJournal(); err != nil {
		return err
	}
	blob, err := n.enc.Seal()
	if errors.Is(err, enclave.ErrNoSealingKey) {
		// Without a sealing key the state lives only in the enclave's
		// memory; after a restart this node registers a new enclave.
		n.noSealOnce.Do(func() { n.cfg.Logger.Warn("platform has no sealing key; enclave state is not persisted", "err", err) })
		return nil
	}
	if err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(n.cfg.DataDir, identityFile), []byte(n.enc.Identity().Hex())); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(n.cfg.DataDir, blobFile), blob); err != nil {
		return err
	}
	return n.dropOldJournal()
}

func writeAtomic(path string, data []byte) error { return atomicfile.Write(path, data, 0o600) }

// URL is the client API's base URL.
func (n *Node) URL() string { return n.scheme() + "://" + n.addr.String() }

// Enclave exposes the ecall surface (for status and tests).
func (n *Node) Enclave() *enclave.Enclave { return n.enc }

// Ready is closed once the enclave is a member holding the state.
func (n *Node) Ready() <-chan struct{} { return n.ready }

// Run follows the ledger and posts what the enclave produces until ctx
// ends; then it stops the HTTP server and seals the enclave's state.
func (n *Node) Run(ctx context.Context) error {
	defer func() {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		n.srv.Shutdown(shut)
		n.post.waits.Wait() // batches in flight: their waits end with ctx
		n.followMu.Lock()
		defer n.followMu.Unlock()
		if err := n.persist(); err != nil {
			n.log.Error("sealing state at shutdown", "err", err)
		}
		n.lock.Release()
	}()
	t := time.NewTicker(n.cfg.PollInterval)
	defer t.Stop()
	for {
		if err := n.step(ctx); err != nil && ctx.Err() == nil {
			if errors.Is(err, ledger.ErrReorg) {
				// Applying on would make this enclave diverge from what it
				// already applied and told its clients.
				n.log.Error("the chain replaced a block this node applied; stopping", "err", err)
				var re *ledger.ReorgError
				if errors.As(err, &re) {
					return fmt.Errorf("node (enclave %s) stopped: %w", n.enc.Identity().Hex(), re)
				}
				return err
			}
			n.log.Warn("ledger step", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-n.wake:
		}
	}
}

// step reads new events, applies them, then posts pending work.
func (n *Node) step(ctx context.Context) error {
	if err := n.follow(ctx); err != nil {
		return err
	}
	if err := n.admit(ctx); err != nil {
		n.log.Debug("admission", "err", err)
	}
	n.removeExpelled(ctx)
	n.rotateByPolicy(ctx)
	if err := n.postCheckpoint(ctx); err != nil {
		return err
	}
	if err := n.postBatches(ctx); err != nil {
		return err
	}
	return n.postAudit(ctx)
}

// postAudit posts the enclave's audit records. Every member holds the
// same records, so a post that loses the race to another member's
// (ErrBadSequence) is dropped: the ledger has them.
func (n *Node) postAudit(ctx context.Context) error {
	if n.cfg.AuditInterval > 0 && time.Since(n.lastAudit) < n.cfg.AuditInterval {
		return nil
	}
	p, err := n.enc.NextAudit()
	if err != nil || p == nil {
		return err
	}
	n.lastAudit = time.Now()
	if err := n.led.PostAudit(ctx, *p); err != nil {
		// NotMember: removed on the chain in a block this node does not
		// apply yet (it waits for confirmations); its enclave learns it.
		if errors.Is(err, ledger.ErrWrongEpoch) || errors.Is(err, ledger.ErrBadSequence) || errors.Is(err, ledger.ErrNotMember) {
			n.log.Debug("audit post refused; catching up", "err", err)
			n.metrics.auditPosts.WithLabelValues("lost_race").Inc()
			return n.follow(ctx)
		}
		n.metrics.auditPosts.WithLabelValues("failed").Inc()
		return fmt.Errorf("post audit records: %w", err)
	}
	n.metrics.auditPosts.WithLabelValues("posted").Inc()
	return n.follow(ctx)
}

func (n *Node) follow(ctx context.Context) error {
	// HTTP handlers waiting for a handshake follow too; one at a time.
	n.followMu.Lock()
	defer n.followMu.Unlock()
	return n.followLocked(ctx)
}

// followLocked is follow, with followMu held.
func (n *Node) followLocked(ctx context.Context) error {
	n.mu.Lock()
	from := n.next
	n.mu.Unlock()
	var (
		next    uint64
		applied bool
		err     error
	)
	if n.enc.VerifiesChain() {
		next, applied, err = n.followBlocks(ctx)
	} else {
		next, applied, err = n.followEvents(ctx, from)
	}
	if err != nil {
		return err
	}
	n.mu.Lock()
	n.next = next
	n.mu.Unlock()
	if next > from {
		n.metrics.blocks.Add(float64(next - from))
		// Events read the ledger up to its head then.
		if h := next - 1; h > n.head.Load() {
			n.head.Store(h)
		}
	}
	n.collectOutcomes()
	if err := n.sealApplied(applied); err != nil {
		return fmt.Errorf("seal state: %w", err)
	}
	n.trackCatchUp(ctx, from, next)
	if s := n.enc.Status(); s.Joined {
		n.readyOne.Do(func() { close(n.ready) })
	}
	return nil
}

// followEvents feeds an enclave that believes its host the contract's
// events from block from on; it returns the next block to read and
// whether anything was applied.
func (n *Node) followEvents(ctx context.Context, from uint64) (uint64, bool, error) {
	events, next, err := n.led.Events(ctx, from)
	if err != nil {
		n.metrics.ledgerErrors.WithLabelValues("events").Inc()
		return from, false, fmt.Errorf("read ledger events: %w", err)
	}
	if len(events) > 0 {
		start := time.Now()
		if err := n.enc.Apply(events); err != nil {
			return from, false, fmt.Errorf("enclave apply: %w", err)
		}
		n.metrics.applySeconds.Observe(time.Since(start).Seconds())
		n.metrics.countEvents(events)
	}
	return next, len(events) > 0, nil
}

// followBlocks feeds an enclave that verifies the chain the blocks it asks
// for (enclave.ChainFeed): the receipts it wants, then the headers after
// its branch. It returns the block after the newest one whose events the
// enclave applied, and whether that moved.
func (n *Node) followBlocks(ctx context.Context) (uint64, bool, error) {
	br, ok := n.led.(ledger.BlockReader)
	if !ok {
		return 0, false, fmt.Errorf("the enclave verifies the chain and this ledger (%T) cannot feed it blocks", n.led)
	}
	f := n.enc.ChainFeed()
	br.SetConfirmations(f.Confirmations)
	blocks, err := br.Blocks(ctx, f.Held, f.Wants)
	if err != nil {
		n.metrics.ledgerErrors.WithLabelValues("blocks").Inc()
		return f.Applied + 1, false, fmt.Errorf("read ledger blocks: %w", err)
	}
	if len(blocks) == 0 {
		return f.Applied + 1, false, nil
	}
	start := time.Now()
	a, err := n.enc.ApplyBlocks(blocks)
	if err != nil {
		// The enclave took the blocks before the refused one; the rest is
		// the endpoint's (or a lying host's) doing: read again next step.
		n.log.Warn("the enclave refused a block the ledger endpoint served", "err", err)
		n.metrics.ledgerErrors.WithLabelValues("refused_block").Inc()
	}
	n.metrics.applySeconds.Observe(time.Since(start).Seconds())
	n.metrics.countEvents(a.Events)
	return a.Block + 1, a.Block > f.Applied, nil
}

func (n *Node) collectOutcomes() {
	// Taken under n.mu, so that an outcome is always either in the
	// enclave or in the store for a poll to find (commandStatus).
	n.mu.Lock()
	defer n.mu.Unlock()
	now := time.Now()
	for _, o := range n.enc.TakeOutcomes() {
		n.outcomes.put(o.ID, o.Sealed)
		n.cmdTimes.decided(o.ID, now, n.metrics.commandSeconds)
	}
}

// admit posts a handshake for each registered enclave this member found
// admissible. Several members may try at once; the contract takes one
// commit per epoch and the others see ErrWrongEpoch and drop theirs
// (the joiner is then a member, or is retried on the next step).
func (n *Node) admit(ctx context.Context) error {
	for _, j := range n.enc.Admissible() {
		// A short random delay spreads members that race for one epoch;
		// the loser rebases, and drops the admission if the winner's
		// commit already added the joiner.
		time.Sleep(time.Duration(rand.IntN(50)) * time.Millisecond)
		_, err := n.commitHandshake(ctx, enclave.HandshakeAdd, func() (*enclave.Handshake, error) { return n.enc.Admit(j) })
		if errors.Is(err, enclave.ErrAdmission) || errors.Is(err, ledger.ErrAlreadyMember) {
			n.metrics.admissions.WithLabelValues("dropped").Inc()
			continue
		}
		if err != nil {
			n.metrics.admissions.WithLabelValues("failed").Inc()
			return err
		}
		n.metrics.admissions.WithLabelValues("committed").Inc()
	}
	return nil
}

// removeExpelled commits the removal of each member governance expelled.
// Every member tries; the contract takes one commit per epoch, and the
// losers find the member gone on their next step.
func (n *Node) removeExpelled(ctx context.Context) {
	for _, m := range n.enc.Removable() {
		time.Sleep(time.Duration(rand.IntN(50)) * time.Millisecond)
		if _, err := n.commitHandshake(ctx, enclave.HandshakeRemove, func() (*enclave.Handshake, error) { return n.enc.Remove(m) }); err != nil {
			n.log.Debug("removing an expelled member", "member", m.Hex(), "err", err)
		}
	}
}

// nextSeq is the sequence number the contract expects of this enclave's
// next batch. Only this node's batches move it, so after the first read
// it is the last batch posted plus one; any failed post reads it again
// (the batch may have landed all the same, or someone posted a copy of
// it first). Reading it before every batch was a call to the chain per
// batch for nothing.
func (n *Node) nextSeq(ctx context.Context) (uint64, error) {
	if n.seqKnown {
		return n.seq, nil
	}
	seq, err := n.led.NextSeq(ctx, n.enc.Identity())
	if err != nil {
		return 0, err
	}
	n.seq, n.seqKnown = seq, true
	return seq, nil
}

// catchUp waits until the enclave has applied every block up to the
// ledger's current head. Serving each request only after that gives
// clients read-your-writes across nodes: once a command's outcome is out,
// its block is at or below any later head, so every node reflects it.
func (n *Node) catchUp(ctx context.Context) error {
	head, err := n.readHead(ctx)
	if err != nil {
		return fmt.Errorf("read ledger head: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, catchUpTimeout)
	defer cancel()
	start := time.Now()
	for {
		n.mu.Lock()
		next := n.next
		n.mu.Unlock()
		if next > head {
			return nil
		}
		n.poke()
		// The loop reads on at once when poked, unless it is busy
		// posting: a transaction whose block is slow to come (its chain
		// endpoint cut off from the sealers, say) would hold every
		// request up until it came. Then a request reads the ledger
		// itself, one at a time and at most every loopBusy.
		if time.Since(start) >= loopBusy && time.Since(time.Unix(0, n.lastDirect.Load())) >= loopBusy && n.followMu.TryLock() {
			n.lastDirect.Store(time.Now().UnixNano())
			err := n.followLocked(ctx)
			n.followMu.Unlock()
			if err != nil {
				n.log.Debug("read the ledger for a request", "err", err)
			}
			continue
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: still at block %d of %d", errBehind, next, head)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

const catchUpTimeout = 15 * time.Second

// loopBusy is how long a request waits for the loop to read the ledger
// before it reads it itself.
const loopBusy = 250 * time.Millisecond

var errBehind = errors.New("node is catching up with the ledger; retry shortly")

// poke makes the loop run now instead of at the next tick.
func (n *Node) poke() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}
