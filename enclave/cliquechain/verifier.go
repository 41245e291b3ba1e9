package cliquechain

import (
	"errors"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

// Refusals. Every error the verifier returns wraps one of these, with the
// block, the signer and what was expected.
var (
	ErrConfig             = errors.New("cliquechain: invalid configuration")
	ErrGenesis            = errors.New("cliquechain: not the pinned genesis")
	ErrMalformed          = errors.New("cliquechain: malformed header")
	ErrUnknownParent      = errors.New("cliquechain: unknown parent")
	ErrNumber             = errors.New("cliquechain: block number does not follow its parent's")
	ErrDeepReorg          = errors.New("cliquechain: would replace a final block")
	ErrTimestamp          = errors.New("cliquechain: timestamp too early")
	ErrSeal               = errors.New("cliquechain: invalid seal")
	ErrUnauthorizedSigner = errors.New("cliquechain: sealed by a non-signer")
	ErrRecentlySigned     = errors.New("cliquechain: signer sealed too recently")
	ErrDifficulty         = errors.New("cliquechain: wrong difficulty")
	ErrVote               = errors.New("cliquechain: invalid vote")
	ErrCheckpointSigners  = errors.New("cliquechain: checkpoint lists the wrong signers")
	ErrTooManyHeaders     = errors.New("cliquechain: too many headers held")
	ErrNotFinal           = errors.New("cliquechain: block not final")
	ErrOutOfOrder         = errors.New("cliquechain: final block out of order")
	ErrUnknownBlock       = errors.New("cliquechain: unknown block")
	ErrReceipts           = errors.New("cliquechain: receipts do not match the header")
	ErrTransactions       = errors.New("cliquechain: transactions do not match the header")
	ErrBloom              = errors.New("cliquechain: logs the header's bloom rules out")
	ErrSealedState        = errors.New("cliquechain: invalid sealed state")
)

// DefaultEpoch is Clique's epoch when the chain's config names none
// (go-ethereum's default).
const DefaultEpoch = 30000

// DefaultMaxHeaders bounds the headers a verifier holds when the config
// names no bound.
const DefaultMaxHeaders = 1024

// Config is what an enclave pins about the chain it follows: its
// evidence should bind all of it (docs/THREAT_MODEL.md, "The genesis
// pin").
type Config struct {
	// Genesis is the hash of the header New starts from: the chain's
	// genesis, or an epoch checkpoint the enclave trusts.
	Genesis common.Hash
	// Clique is the chain's Clique configuration: Period (seconds) and
	// Epoch (0 means DefaultEpoch, as in go-ethereum).
	Clique params.CliqueConfig
	// Confirmations is how many blocks must be on top of a block before it
	// is final. The verifier uses at least MinConfirmations of the signer
	// count at the final block, whatever this says (0: exactly that).
	Confirmations uint64
	// MaxHeaders bounds the headers held: unconfirmed ones, and final ones
	// whose logs are not taken. 0 means DefaultMaxHeaders.
	MaxHeaders int
}

func (c Config) normalized() Config {
	if c.Clique.Epoch == 0 {
		c.Clique.Epoch = DefaultEpoch
	}
	if c.MaxHeaders == 0 {
		c.MaxHeaders = DefaultMaxHeaders
	}
	return c
}

// maxMaxHeaders keeps a sealed state, and a replay over the window, small.
const maxMaxHeaders = 1 << 16

func (c Config) check() error {
	switch {
	case c.Genesis == (common.Hash{}):
		return fmt.Errorf("%w: no genesis hash pinned", ErrConfig)
	case c.MaxHeaders < 1 || c.MaxHeaders > maxMaxHeaders:
		return fmt.Errorf("%w: MaxHeaders %d; want 1 to %d", ErrConfig, c.MaxHeaders, maxMaxHeaders)
	case c.Confirmations >= uint64(c.MaxHeaders):
		return fmt.Errorf("%w: %d confirmations need more than MaxHeaders (%d) headers held", ErrConfig, c.Confirmations, c.MaxHeaders)
	}
	return nil
}

// MinConfirmations is the fewest confirmations with which no minority of
// n signers can replace a final block: 2·(n/2) (the package doc says
// why).
func MinConfirmations(n int) uint64 { return 2 * uint64(n/2) }

// Verifier follows one Clique chain from a pinned genesis. Its zero value
// is not usable: make one with New or Restore.
type Verifier struct {
	cfg Config
	// final is the newest final block; finalAuth the authority after it.
	final     *node
	finalAuth *authority
	// pending are the final blocks whose logs TakeLogs has not taken, in
	// chain order; when not empty, the last is final's header.
	pending []*node
	// nodes are the unconfirmed blocks, all descendants of final.
	nodes map[common.Hash]*node
	// best is the heaviest of final and nodes (the first seen on a tie).
	best *node
	// cache is the authority after the block cacheHash: usually the tip,
	// so that extending it costs no replay. It is the verifier's to
	// mutate; nil when none.
	cache     *authority
	cacheHash common.Hash
}

// node is a verified header and what the fork choice needs of it.
type node struct {
	header *types.Header
	hash   common.Hash
	number uint64
	signer common.Address // the sealer (zero for the genesis)
	td     uint64         // total difficulty since the genesis, exclusive
	parent *node          // nil for final
}

// New starts a verifier at genesis, which must hash to cfg.Genesis: the
// chain's block 0, or an epoch checkpoint (block number a multiple of the
// epoch) whose extra-data lists the signers. The genesis is final, and
// its logs count as taken: the first block TakeLogs serves is the next.
func New(genesis *types.Header, cfg Config) (*Verifier, error) {
	cfg = cfg.normalized()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if genesis == nil {
		return nil, fmt.Errorf("%w: no genesis header", ErrGenesis)
	}
	hash := genesis.Hash()
	if hash != cfg.Genesis {
		return nil, fmt.Errorf("%w: the header hashes to %s, the pinned genesis is %s", ErrGenesis, hash, cfg.Genesis)
	}
	if genesis.Number == nil || !genesis.Number.IsUint64() || genesis.Number.Uint64()%cfg.Clique.Epoch != 0 {
		return nil, fmt.Errorf("%w: block %v is neither block 0 nor an epoch checkpoint (every %d blocks)", ErrGenesis, genesis.Number, cfg.Clique.Epoch)
	}
	number := genesis.Number.Uint64()
	if len(genesis.Extra) < extraVanity+extraSeal || (len(genesis.Extra)-extraVanity-extraSeal)%common.AddressLength != 0 ||
		len(genesis.Extra) == extraVanity+extraSeal {
		return nil, fmt.Errorf("%w: extra-data of %d bytes is not 32 bytes of vanity, at least one 20-byte signer and 65 bytes of seal", ErrGenesis, len(genesis.Extra))
	}
	signers := addressList(genesis.Extra[extraVanity : len(genesis.Extra)-extraSeal])
	auth := newAuthority(signers)
	if len(auth.signers) != len(signers) {
		return nil, fmt.Errorf("%w: the signer list %v names a signer twice", ErrGenesis, signers)
	}
	if d := MinConfirmations(len(signers)); d >= uint64(cfg.MaxHeaders) {
		return nil, fmt.Errorf("%w: %d signers need %d confirmations, more than MaxHeaders (%d) headers held", ErrConfig, len(signers), d, cfg.MaxHeaders)
	}
	g := &node{header: types.CopyHeader(genesis), hash: hash, number: number}
	return &Verifier{cfg: cfg, final: g, finalAuth: auth, nodes: map[common.Hash]*node{}, best: g}, nil
}

// Config is the verifier's configuration, defaults filled in.
func (v *Verifier) Config() Config { return v.cfg }

// Head is the tip of the heaviest branch the verifier holds.
func (v *Verifier) Head() *types.Header { return types.CopyHeader(v.best.header) }

// Final is the newest final header.
func (v *Verifier) Final() *types.Header { return types.CopyHeader(v.final.header) }

// Signers are the signers after the final block, in ascending order.
func (v *Verifier) Signers() []common.Address { return v.finalAuth.sortedSigners() }

// Confirmations is how many blocks must be on top of a block for it to be
// final: Config.Confirmations, or MinConfirmations of the signers at the
// final block if that is more.
func (v *Verifier) Confirmations() uint64 {
	return max(v.cfg.Confirmations, MinConfirmations(len(v.finalAuth.signers)))
}

// Insert verifies headers in order and adds each to the tree; the fork
// choice and finality follow. It stops at the first header it refuses
// (those before it stay) and says why. A header it already holds is
// accepted again and changes nothing.
func (v *Verifier) Insert(headers ...*types.Header) error {
	for _, h := range headers {
		if err := v.insert(h); err != nil {
			return err
		}
	}
	return nil
}

func (v *Verifier) insert(h *types.Header) error {
	if h == nil {
		return fmt.Errorf("%w: nil header", ErrMalformed)
	}
	hash := h.Hash()
	if v.holds(hash) {
		return nil
	}
	number, checkpointSigners, err := headerFields(h, hash, v.cfg.Clique.Epoch)
	if err != nil {
		return err
	}
	if number <= v.final.number {
		return fmt.Errorf("%w: block %d (%s) is at or below the final block %d (%s) and is not one the verifier holds: it is an old block, a forgery or on a branch that replaces a final one (not checked further: the verifier keeps no header below the final one; feed headers above Final)",
			ErrDeepReorg, number, hash, v.final.number, v.final.hash)
	}
	parent := v.nodes[h.ParentHash]
	if h.ParentHash == v.final.hash {
		parent = v.final
	}
	if parent == nil {
		return fmt.Errorf("%w: block %d (%s) has parent %s, which the verifier does not hold (final %d, head %d): feed headers in order from above Final; a branch that forked at or below the final block is not followed",
			ErrUnknownParent, number, hash, h.ParentHash, v.final.number, v.best.number)
	}
	if number != parent.number+1 {
		return fmt.Errorf("%w: block %d (%s) has parent %d (%s)", ErrNumber, number, hash, parent.number, parent.hash)
	}
	if held := len(v.nodes) + len(v.pending); held >= v.cfg.MaxHeaders {
		return fmt.Errorf("%w: block %d (%s) would make %d, over the bound of %d (%d unconfirmed, %d final whose logs are not taken; %d confirmations): take the final blocks' logs",
			ErrTooManyHeaders, number, hash, held+1, v.cfg.MaxHeaders, len(v.nodes), len(v.pending), v.Confirmations())
	}
	if h.Time < parent.header.Time || h.Time-parent.header.Time < v.cfg.Clique.Period {
		return fmt.Errorf("%w: block %d (%s) has time %d, its parent %d; the period is %d s", ErrTimestamp, number, hash, h.Time, parent.header.Time, v.cfg.Clique.Period)
	}
	signer, err := sealer(h, number, hash)
	if err != nil {
		return err
	}
	auth := v.authorityAfter(parent)
	if number%v.cfg.Clique.Epoch == 0 {
		if err := auth.checkCheckpoint(number, hash, checkpointSigners); err != nil {
			return err
		}
	}
	diff := h.Difficulty.Uint64()
	if err := auth.check(number, hash, signer, diff); err != nil {
		return err
	}
	// Every check passed: from here on nothing fails.
	if auth == v.finalAuth {
		auth = auth.copy()
	}
	auth.apply(number, h.Coinbase, h.Nonce, signer, v.cfg.Clique.Epoch)
	n := &node{header: types.CopyHeader(h), hash: hash, number: number, signer: signer, td: parent.td + diff, parent: parent}
	v.nodes[hash] = n
	v.cache, v.cacheHash = auth, hash
	if n.td > v.best.td {
		v.best = n
	}
	v.advanceFinal()
	return nil
}

// holds reports whether hash is a header the verifier keeps.
func (v *Verifier) holds(hash common.Hash) bool {
	if hash == v.final.hash || v.nodes[hash] != nil {
		return true
	}
	return slices.ContainsFunc(v.pending, func(n *node) bool { return n.hash == hash })
}

// authorityAfter returns the authority after block p, for the caller to
// check against and, if every check passes, to apply a child to. It is
// v.finalAuth itself when p is final (the caller copies before applying),
// the cache when that is p's, or else a replay from the final block.
func (v *Verifier) authorityAfter(p *node) *authority {
	if v.cache != nil && v.cacheHash == p.hash {
		return v.cache
	}
	if p == v.final {
		return v.finalAuth
	}
	var path []*node
	for n := p; n != v.final; n = n.parent {
		path = append(path, n)
	}
	a := v.finalAuth.copy()
	for i := len(path) - 1; i >= 0; i-- {
		n := path[i]
		a.apply(n.number, n.header.Coinbase, n.header.Nonce, n.signer, v.cfg.Clique.Epoch)
	}
	return a
}

// advanceFinal makes final every block of the best branch that has
// Confirmations blocks on top, one at a time (a vote on the way can raise
// the depth), and drops the branches that no longer descend from the
// final block.
func (v *Verifier) advanceFinal() {
	var path []*node // best's ancestors above final, best first
	for n := v.best; n != v.final; n = n.parent {
		path = append(path, n)
	}
	advanced := false
	for i := len(path) - 1; i >= 0 && v.best.number-v.final.number > v.Confirmations(); i-- {
		n := path[i]
		v.finalAuth.apply(n.number, n.header.Coinbase, n.header.Nonce, n.signer, v.cfg.Clique.Epoch)
		delete(v.nodes, n.hash)
		n.parent = nil
		v.final = n
		v.pending = append(v.pending, n)
		advanced = true
	}
	if !advanced {
		return
	}
	// Keep the descendants of the new final block, parents before
	// children.
	ordered := make([]*node, 0, len(v.nodes))
	for _, n := range v.nodes {
		ordered = append(ordered, n)
	}
	slices.SortFunc(ordered, func(a, b *node) int { return compareUint(a.number, b.number) })
	keep := map[*node]bool{v.final: true}
	for _, n := range ordered {
		if keep[n.parent] {
			keep[n] = true
		} else {
			delete(v.nodes, n.hash)
		}
	}
	if v.cache != nil && v.cacheHash != v.final.hash && v.nodes[v.cacheHash] == nil {
		v.cache, v.cacheHash = nil, common.Hash{}
	}
}

func compareUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Branch is the final header followed by the best branch above it, in
// chain order: what a host continues feeding from (the newest of them
// still on the chain).
func (v *Verifier) Branch() []*types.Header {
	var up []*types.Header
	for n := v.best; n != v.final; n = n.parent {
		up = append(up, n.header)
	}
	out := []*types.Header{types.CopyHeader(v.final.header)}
	for i := len(up) - 1; i >= 0; i-- {
		out = append(out, types.CopyHeader(up[i]))
	}
	return out
}

// Pending are the final headers whose logs TakeLogs has not taken, in
// order (Next is the first).
func (v *Verifier) Pending() []*types.Header {
	out := make([]*types.Header, len(v.pending))
	for i, n := range v.pending {
		out[i] = types.CopyHeader(n.header)
	}
	return out
}
