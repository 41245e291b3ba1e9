package enclave

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"log/slog"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/trie"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/enclave/apps/erc20"
	"github.com/anonify-go/anonify/enclave/cliquechain"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// cliqueSim is a Clique chain the tests seal themselves: three signers
// sealing in turn, each block's events as the contract's logs in one
// receipt. Enclaves of a network whose first policy pins it verify it.
type cliqueSim struct {
	t       testing.TB
	signers []*ecdsa.PrivateKey // sorted by address, as Clique orders them
	genesis *types.Header
	tip     *types.Header
	blocks  []chainmsg.Block // every block after genesis, in order
	built   int              // emits turned into blocks
	policy  []byte
	gen     chainmsg.Genesis
}

const simConfirmations = 2

func newCliqueSim(t testing.TB) *cliqueSim {
	t.Helper()
	c := &cliqueSim{t: t}
	for i := byte(0); i < 3; i++ {
		c.signers = append(c.signers, testKey(0xC0+i))
	}
	slices.SortFunc(c.signers, func(a, b *ecdsa.PrivateKey) int { return addrOf(a).Cmp(addrOf(b)) })
	extra := make([]byte, 32)
	for _, k := range c.signers {
		a := addrOf(k)
		extra = append(extra, a[:]...)
	}
	extra = append(extra, make([]byte, 65)...)
	c.genesis = &types.Header{Number: common.Big0, Difficulty: common.Big1, GasLimit: 30_000_000, Extra: extra,
		Time: 1_700_000_000, UncleHash: types.EmptyUncleHash, TxHash: types.EmptyTxsHash, ReceiptHash: types.EmptyReceiptsHash,
		BaseFee: big.NewInt(1_000_000_000)}
	c.tip = c.genesis
	p := attest.DevPolicy(testMeasure)
	p.Chain = &attest.ChainAnchor{Verify: attest.ChainClique, Genesis: c.genesis.Hash().Bytes(), Epoch: 30000, Confirmations: simConfirmations}
	var err error
	if c.policy, err = p.Marshal(); err != nil {
		t.Fatal(err)
	}
	c.gen = testGenesis
	c.gen.Policy, c.gen.PolicyHash = c.policy, crypto.Keccak256Hash(c.policy)
	return c
}

func (c *cliqueSim) config() Config {
	p, err := sim.New(sim.Options{Measurement: testMeasure})
	if err != nil {
		c.t.Fatal(err)
	}
	return Config{Platform: p, Genesis: c.gen, ChainGenesis: types.CopyHeader(c.genesis),
		Apps: []*runtime.App{erc20.New()}, Logger: slog.New(slog.DiscardHandler),
		VerifyEvidence: func(ev []byte, now time.Time) (*attest.Claims, error) {
			return verify.Evidence(ev, verify.Options{Now: now})
		}}
}

func (c *cliqueSim) enclave() *Enclave {
	e, err := New(context.Background(), c.config())
	if err != nil {
		c.t.Fatal(err)
	}
	return e
}

// block seals a block on parent holding evs, by signer (in turn when nil).
func (c *cliqueSim) block(parent *types.Header, evs []chainmsg.Event, signer *ecdsa.PrivateKey) chainmsg.Block {
	c.t.Helper()
	number := parent.Number.Uint64() + 1
	inTurn := c.signers[number%uint64(len(c.signers))]
	if signer == nil {
		signer = inTurn
	}
	var receipts types.Receipts
	if len(evs) > 0 {
		r := &types.Receipt{Type: types.LegacyTxType, Status: types.ReceiptStatusSuccessful, CumulativeGasUsed: 100_000, TxHash: common.Hash{byte(number)}}
		for i, ev := range evs {
			l, err := ledgerabi.EncodeEvent(testContract, ev)
			if err != nil {
				c.t.Fatal(err)
			}
			l.Index = uint(i)
			r.Logs = append(r.Logs, l)
		}
		r.Bloom = types.CreateBloom(r)
		receipts = types.Receipts{r}
	}
	h := &types.Header{ParentHash: parent.Hash(), UncleHash: types.EmptyUncleHash, TxHash: types.EmptyTxsHash,
		ReceiptHash: types.DeriveSha(receipts, trie.NewStackTrie(nil)), Bloom: types.MergeBloom(receipts),
		Difficulty: big.NewInt(1), Number: new(big.Int).SetUint64(number), GasLimit: parent.GasLimit,
		Time: parent.Time + 1, Extra: make([]byte, 32+65), BaseFee: parent.BaseFee}
	if signer == inTurn {
		h.Difficulty = big.NewInt(2)
	}
	c.seal(h, signer)
	return chainmsg.Block{Header: h, Receipts: receipts}
}

func (c *cliqueSim) seal(h *types.Header, key *ecdsa.PrivateKey) {
	c.t.Helper()
	d, err := cliquechain.SealHash(h)
	if err != nil {
		c.t.Fatal(err)
	}
	sig, err := crypto.Sign(d[:], key)
	if err != nil {
		c.t.Fatal(err)
	}
	copy(h.Extra[len(h.Extra)-65:], sig)
}

// extend seals a block of evs on the tip, then enough empty ones on top
// of it to make it final, and returns them.
func (c *cliqueSim) extend(evs []chainmsg.Event) []chainmsg.Block {
	out := []chainmsg.Block{c.block(c.tip, evs, nil)}
	for range simConfirmations {
		out = append(out, c.block(out[len(out)-1].Header, nil, nil))
	}
	c.tip = out[len(out)-1].Header
	c.blocks = append(c.blocks, out...)
	return out
}

// feed is network.apply for a verified chain: an emit becomes a block
// (sealed once, the first time an enclave is fed it) made final, and
// every enclave gets the same blocks.
func (c *cliqueSim) feed(n *network) func(e *Enclave, evs []chainmsg.Event) error {
	var last []chainmsg.Block
	return func(e *Enclave, evs []chainmsg.Event) error {
		if c.built < int(n.block) {
			last, c.built = c.extend(evs), int(n.block)
		}
		_, err := e.ApplyBlocks(last)
		return err
	}
}

func setupCliqueNetwork(t testing.TB, size int) (*network, *cliqueSim) {
	c := newCliqueSim(t)
	n := &network{t: t, seq: map[common.Address]uint64{}}
	n.apply = c.feed(n)
	for range size {
		n.encs = append(n.encs, c.enclave())
	}
	n.start(c.policy)
	return n, c
}

// TestVerifiedChainWalkthrough: enclaves whose first policy pins a Clique
// chain follow it from sealed blocks, agree, seal and restore, and refuse
// to be fed events.
func TestVerifiedChainWalkthrough(t *testing.T) {
	n, c := setupCliqueNetwork(t, 3)
	if !n.encs[0].VerifiesChain() || n.encs[0].ChainAnchor().Verify != attest.ChainClique {
		t.Fatalf("enclave does not verify the chain: %s", n.encs[0].ChainAnchor())
	}
	alice, bob := newUser(t), newUser(t)
	steps := []struct {
		u    *user
		at   int
		fn   string
		args string
	}{
		{alice, 0, "init", `{"supply":"100"}`},
		{alice, 1, "transfer", `{"to":"` + bob.addr().Hex() + `","amount":"30"}`},
		{bob, 2, "transfer", `{"to":"` + alice.addr().Hex() + `","amount":"5"}`},
	}
	for i, s := range steps {
		if out := n.command(s.u, s.at, s.fn, s.args); !out.OK {
			t.Fatalf("step %d: %+v", i, out)
		}
	}
	for i := range n.encs {
		if got := n.query(bob, i, "balance", `{}`); got != "25" {
			t.Fatalf("enclave %d: bob has %s, want 25", i, got)
		}
	}
	h := n.encs[0].Status().StateHash
	for i, e := range n.encs {
		if s := e.Status(); s.StateHash != h {
			t.Fatalf("enclave %d disagrees", i)
		}
	}
	final := c.tip.Number.Uint64() - simConfirmations
	if got, err := n.encs[1].ApplyBlocks(nil); err != nil || got.Block != final || len(got.Events) != 0 {
		t.Fatalf("applied up to block %d, %d events (%v), want %d and none new", got.Block, len(got.Events), err, final)
	}
	// Events, the trusted host's feed, are refused.
	if err := n.encs[1].Apply([]chainmsg.Event{n.log[len(n.log)-1]}); !errors.Is(err, ErrChainFeed) {
		t.Fatalf("Apply on a verifying enclave: %v, want ErrChainFeed", err)
	}
	// Seal and restore: the verifier comes back, and the network goes on.
	e := n.encs[2]
	blob, err := e.Seal()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Restore(context.Background(), e.cfg, e.Identity(), blob)
	if err != nil {
		t.Fatal(err)
	}
	if f := r.ChainFeed(); len(f.Held) == 0 || f.Held[len(f.Held)-1].Hash != c.tip.Hash() {
		t.Fatalf("restored enclave holds %+v, want up to the tip %s", f.Held, c.tip.Hash())
	}
	n.encs[2] = r
	if out := n.command(alice, 2, "transfer", `{"to":"`+bob.addr().Hex()+`","amount":"1"}`); !out.OK {
		t.Fatalf("after restore: %+v", out)
	}
	if got := n.query(bob, 0, "balance", `{}`); got != "26" {
		t.Fatalf("bob has %s after restore, want 26", got)
	}
}

// TestVerifiedChainHostile: a lying host against an enclave that verifies
// the chain. It forges a block, skips one, feeds an unconfirmed one,
// withholds and alters receipts, and offers a branch that replaces a final
// block; the enclave applies exactly what the signers sealed and made
// final, and catches up when the host tells the truth.
func TestVerifiedChainHostile(t *testing.T) {
	n, c := setupCliqueNetwork(t, 2)
	alice, bob := newUser(t), newUser(t)
	n.command(alice, 0, "init", `{"supply":"100"}`)
	victim := n.encs[1]
	seen := len(c.blocks)
	victimTip := c.tip
	// The network goes on without the victim: its host now chooses what
	// the victim sees of these blocks.
	n.encs = n.encs[:1]
	if out := n.command(alice, 0, "transfer", `{"to":"`+bob.addr().Hex()+`","amount":"10"}`); !out.OK {
		t.Fatalf("transfer: %+v", out)
	}
	honest := slices.Clone(c.blocks[seen:])
	if len(honest) != 1+simConfirmations || honest[0].Receipts == nil {
		t.Fatalf("the transfer's blocks: %d, want its batch's block and %d on top", len(honest), simConfirmations)
	}
	before := victim.Status()
	unchanged := func(what string) {
		t.Helper()
		if s := victim.Status(); s.StateHash != before.StateHash || s.AppliedCommands != before.AppliedCommands {
			t.Fatalf("%s changed the victim's state", what)
		}
	}
	refused := func(what string, want error, blocks ...chainmsg.Block) {
		t.Helper()
		_, err := victim.ApplyBlocks(blocks)
		if !errors.Is(err, ErrChainFeed) || !errors.Is(err, want) {
			t.Fatalf("%s: %v, want ErrChainFeed wrapping %v", what, err, want)
		}
		unchanged(what)
	}
	wants := func() []chainmsg.BlockID { return victim.ChainFeed().Wants }

	// A block sealed by a key that is no signer's, carrying the honest
	// block's events.
	mallory := testKey(0xEE)
	refused("a block sealed by a non-signer", cliquechain.ErrUnauthorizedSigner,
		c.block(victimTip, n.log[len(n.log)-1:], mallory))
	// The honest block, tampered with after sealing (its receipts root).
	tampered := honest[0]
	tampered.Header = types.CopyHeader(tampered.Header)
	tampered.Header.ReceiptHash[0] ^= 1
	refused("a header altered after its seal", cliquechain.ErrUnauthorizedSigner, tampered)
	// Blocks with the first one left out.
	refused("a block skipped", cliquechain.ErrUnknownParent, honest[1:]...)

	// The batch's block alone, without its receipts, is not final:
	// nothing is applied, nothing asked for.
	withheld := honest[0]
	withheld.Receipts = nil
	if _, err := victim.ApplyBlocks([]chainmsg.Block{withheld}); err != nil {
		t.Fatal(err)
	}
	unchanged("an unconfirmed block")
	if w := wants(); len(w) != 0 {
		t.Fatalf("the victim wants the receipts of an unconfirmed block: %+v", w)
	}
	// The blocks on top, with the batch's receipts still withheld: the
	// block is final, nothing is applied, and the victim asks for them.
	if _, err := victim.ApplyBlocks(honest[1:]); err != nil {
		t.Fatal(err)
	}
	unchanged("a final block without its receipts")
	if w := wants(); len(w) != 1 || w[0].Hash != honest[0].Header.Hash() {
		t.Fatalf("the victim wants %+v, want the batch's block", w)
	}
	// Receipts with a log altered, one with a log more, none at all.
	altered := honest[0]
	r := *altered.Receipts[0]
	r.Logs = slices.Clone(r.Logs)
	l := *r.Logs[0]
	l.Data = bytes.Clone(l.Data)
	l.Data[len(l.Data)-1] ^= 1
	r.Logs[0] = &l
	altered.Receipts = types.Receipts{&r}
	refused("a receipt's log altered", cliquechain.ErrReceipts, altered)
	extra := honest[0]
	extra.Receipts = append(slices.Clone(honest[0].Receipts), honest[0].Receipts[0])
	refused("a receipt added", cliquechain.ErrReceipts, extra)
	empty := honest[0]
	empty.Receipts = types.Receipts{}
	refused("receipts emptied", cliquechain.ErrReceipts, empty)

	// The truth: the victim catches up and agrees.
	if got, err := victim.ApplyBlocks(honest[:1]); err != nil || len(got.Events) != 1 || got.Events[0].Commands == nil || got.Block != honest[0].Header.Number.Uint64() {
		t.Fatalf("the honest receipts: applied %+v, %v; want the batch of block %d", got, err, honest[0].Header.Number)
	}
	if len(wants()) != 0 {
		t.Fatalf("the victim still wants %+v", wants())
	}
	n.encs = append(n.encs, victim)
	if got := n.query(bob, 1, "balance", `{}`); got != "10" {
		t.Fatalf("bob has %s on the victim, want 10", got)
	}
	if victim.Status().StateHash != n.encs[0].Status().StateHash {
		t.Fatal("the victim disagrees after catching up")
	}

	// A branch that replaces the final batch block: an out-of-turn sibling
	// sealed by a real signer, and blocks on it. However heavy, it forks
	// below the final block, and is refused.
	parent := c.blocks[seen-1].Header
	var sibling chainmsg.Block
	for _, k := range c.signers {
		if b := c.block(parent, nil, k); b.Header.Difficulty.Uint64() == 1 && addrOf(k) != c.signerOf(parent) {
			sibling = b
			break
		}
	}
	before = victim.Status()
	refused("a branch replacing a final block", cliquechain.ErrDeepReorg, sibling)
	if err := victim.Apply(nil); !errors.Is(err, ErrChainFeed) || !strings.Contains(err.Error(), "feed it blocks") {
		t.Fatalf("Apply: %v", err)
	}
}

// signerOf is the signer that sealed h.
func (c *cliqueSim) signerOf(h *types.Header) common.Address {
	d, err := cliquechain.SealHash(h)
	if err != nil {
		c.t.Fatal(err)
	}
	pub, err := crypto.SigToPub(d[:], h.Extra[len(h.Extra)-65:])
	if err != nil {
		c.t.Fatal(err)
	}
	return crypto.PubkeyToAddress(*pub)
}

// TestVerifiedChainConfig: an enclave needs its network's first policy to
// know how to read the chain, and, for a Clique chain, the genesis header
// that policy pins.
func TestVerifiedChainConfig(t *testing.T) {
	c := newCliqueSim(t)
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"no first policy", func(cfg *Config) { cfg.Genesis.Policy = nil }, "lacks its first policy"},
		{"another first policy", func(cfg *Config) { cfg.Genesis.Policy = testPolicy }, "genesis policy hashes to"},
		{"no chain genesis", func(cfg *Config) { cfg.ChainGenesis = nil }, "must give its genesis header"},
		{"another chain genesis", func(cfg *Config) {
			g := types.CopyHeader(cfg.ChainGenesis)
			g.Time++
			cfg.ChainGenesis = g
		}, "not the pinned genesis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := c.config()
			tc.edit(&cfg)
			_, err := New(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New: %v, want %q", err, tc.want)
			}
		})
	}
	// A trusted-host enclave is fed no blocks.
	e := newTestEnclave(t, testMeasure)
	if e.VerifiesChain() {
		t.Fatal("a trusted-host enclave claims to verify the chain")
	}
	if _, err := e.ApplyBlocks([]chainmsg.Block{c.block(c.genesis, nil, nil)}); !errors.Is(err, ErrChainFeed) {
		t.Fatalf("ApplyBlocks on a trusted-host enclave: %v", err)
	}
}
