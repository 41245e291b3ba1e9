package cliquechain

import (
	"bytes"
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/clique"
	"github.com/ethereum/go-ethereum/core/types"
)

func TestSealHashMatchesLibrary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	hash := func() (h common.Hash) {
		for i := range h {
			h[i] = byte(r.Uint32())
		}
		return h
	}
	for i := range 200 {
		extra := make([]byte, extraVanity+extraSeal+20*r.IntN(4))
		for j := range extra {
			extra[j] = byte(r.Uint32())
		}
		h := &types.Header{
			ParentHash: hash(), UncleHash: hash(), Coinbase: common.BytesToAddress(hash().Bytes()), Root: hash(),
			TxHash: hash(), ReceiptHash: hash(), Difficulty: big.NewInt(r.Int64N(3)), Number: big.NewInt(r.Int64()),
			GasLimit: r.Uint64(), GasUsed: r.Uint64(), Time: r.Uint64(), Extra: extra, MixDigest: hash(),
			Nonce: types.EncodeNonce(r.Uint64()),
		}
		h.Bloom[r.IntN(len(h.Bloom))] = byte(r.Uint32())
		if i%2 == 1 {
			h.BaseFee = big.NewInt(r.Int64())
		}
		got, err := sealHash(h)
		if err != nil {
			t.Fatal(err)
		}
		if want := clique.SealHash(h); got != want {
			t.Fatalf("header %d: sealHash %s, clique.SealHash %s", i, got, want)
		}
	}
}

func TestNew(t *testing.T) {
	c := newTestChain(t, 30000, "A", "B", "C")
	withExtra := func(extra []byte) *types.Header {
		h := types.CopyHeader(c.genesis)
		h.Extra = extra
		return h
	}
	sig := make([]byte, extraSeal)
	vanity := make([]byte, extraVanity)
	a := c.addr("A")
	for _, tt := range []struct {
		name    string
		genesis *types.Header
		cfg     func(*Config)
		want    error
	}{
		{"another genesis", withExtra(append(append(vanity, a[:]...), sig...)), nil, ErrGenesis},
		{"no genesis", nil, nil, ErrGenesis},
		{"nothing pinned", c.genesis, func(c *Config) { c.Genesis = common.Hash{} }, ErrConfig},
		{"confirmations beyond the bound", c.genesis, func(c *Config) { c.Confirmations, c.MaxHeaders = 8, 8 }, ErrConfig},
		{"bound too large", c.genesis, func(c *Config) { c.MaxHeaders = 1 << 20 }, ErrConfig},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := c.cfg(2)
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			_, err := New(tt.genesis, cfg)
			if !errors.Is(err, tt.want) {
				t.Fatalf("New = %v, want %v", err, tt.want)
			}
		})
	}
	// Genesis layouts that hash as pinned but are no Clique genesis.
	for _, tt := range []struct {
		name   string
		mod    func(*types.Header)
		expect string
	}{
		{"no signer", func(h *types.Header) { h.Extra = append(vanity, sig...) }, "at least one"},
		{"a partial signer", func(h *types.Header) { h.Extra = append(append(vanity, a[:19]...), sig...) }, "at least one"},
		{"a signer twice", func(h *types.Header) { h.Extra = append(append(append(vanity, a[:]...), a[:]...), sig...) }, "twice"},
		{"not a checkpoint", func(h *types.Header) { h.Number = big.NewInt(7) }, "epoch checkpoint"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := types.CopyHeader(c.genesis)
			tt.mod(g)
			cfg := c.cfg(2)
			cfg.Genesis = g.Hash()
			_, err := New(g, cfg)
			if !errors.Is(err, ErrGenesis) || !strings.Contains(err.Error(), tt.expect) {
				t.Fatalf("New = %v, want %v saying %q", err, ErrGenesis, tt.expect)
			}
		})
	}
	v := c.verifier(0)
	if v.Final().Hash() != c.genesis.Hash() || v.Head().Hash() != c.genesis.Hash() || v.Next() != nil {
		t.Fatal("a new verifier is not at its genesis")
	}
	var want []common.Address
	for _, n := range c.signerOrder("A", "B", "C") {
		want = append(want, c.addr(n))
	}
	if got := v.Signers(); !slices.Equal(got, want) {
		t.Fatalf("signers %v, want %v", got, want)
	}
	if v.Confirmations() != 2 || v.Config().Clique.Epoch != 30000 || v.Config().MaxHeaders != DefaultMaxHeaders {
		t.Fatalf("confirmations %d, config %+v", v.Confirmations(), v.Config())
	}
	if v := c.verifier(7); v.Confirmations() != 7 {
		t.Fatalf("confirmations %d, want the configured 7", v.Confirmations())
	}
}

func TestMinConfirmations(t *testing.T) {
	for n, want := range []uint64{0, 0, 2, 2, 4, 4, 6, 6, 8} {
		if got := MinConfirmations(n); got != want {
			t.Errorf("MinConfirmations(%d) = %d, want %d", n, got, want)
		}
	}
}

// TestRefusals feeds one bad header each on top of a valid chain, and
// checks the exact refusal, that it names the block, that the verifier's
// state did not move, and that go-ethereum's engine refuses it too.
func TestRefusals(t *testing.T) {
	const epoch = 6
	c := newTestChain(t, epoch, "A", "B", "C")
	o := c.signerOrder("A", "B", "C") // block n is in turn for o[n%3]
	// Blocks 1..8, each in turn; block 6 is a checkpoint.
	chain := c.extend(c.genesis, sealers(o[1], o[2], o[0], o[1], o[2], o[0], o[1], o[2])...)
	v := c.verifier(20) // nothing final: every case is a fork within the window
	if err := v.Insert(chain...); err != nil {
		t.Fatal(err)
	}
	at3, at5 := chain[2], chain[4] // block 3 (sealed by o[0]), block 5 (by o[2])
	vanity := make([]byte, extraVanity)
	seal := make([]byte, extraSeal)
	list := func(names ...string) []byte {
		var b []byte
		for _, n := range names {
			a := c.addr(n)
			b = append(b, a[:]...)
		}
		return append(append(append([]byte{}, vanity...), b...), seal...)
	}
	tests := []struct {
		name   string
		parent *types.Header
		spec   spec
		want   error
	}{
		{"sealed by a non-signer", at3, spec{signer: "X"}, ErrUnauthorizedSigner},
		{"root changed after the seal", at3, spec{signer: o[1], tamper: func(h *types.Header) { h.Root[0] ^= 1 }}, ErrUnauthorizedSigner},
		{"receipts root changed after the seal", at3, spec{signer: o[1], tamper: func(h *types.Header) { h.ReceiptHash[0] ^= 1 }}, ErrUnauthorizedSigner},
		{"a vote added after the seal", at3, spec{signer: o[1], tamper: func(h *types.Header) { h.Coinbase = c.addr("X"); h.Nonce = nonceAuthVote }}, ErrUnauthorizedSigner},
		{"seal garbage", at3, spec{signer: o[1], tamper: func(h *types.Header) { copy(h.Extra[len(h.Extra)-extraSeal:], bytes.Repeat([]byte{0xff}, extraSeal)) }}, ErrSeal},
		{"wrong parent hash", at3, spec{signer: o[1], mod: func(h *types.Header) { h.ParentHash[0] ^= 1 }}, ErrUnknownParent},
		{"skipped number", at3, spec{signer: o[1], mod: func(h *types.Header) { h.Number = big.NewInt(5) }}, ErrNumber},
		{"signer seals twice within the window", at3, spec{signer: o[0]}, ErrRecentlySigned},
		{"in turn with difficulty 1", at3, spec{signer: o[1], mod: func(h *types.Header) { h.Difficulty = big.NewInt(1) }}, ErrDifficulty},
		{"out of turn with difficulty 2", at3, spec{signer: o[2], mod: func(h *types.Header) { h.Difficulty = big.NewInt(2) }}, ErrDifficulty},
		{"difficulty 3", at3, spec{signer: o[1], mod: func(h *types.Header) { h.Difficulty = big.NewInt(3) }}, ErrDifficulty},
		{"nonce neither vote", at3, spec{signer: o[1], mod: func(h *types.Header) { h.Nonce = types.EncodeNonce(1) }}, ErrVote},
		{"time of the parent", at3, spec{signer: o[1], mod: func(h *types.Header) { h.Time = at3.Time }}, ErrTimestamp},
		{"time before the parent", at3, spec{signer: o[1], mod: func(h *types.Header) { h.Time = at3.Time - 5 }}, ErrTimestamp},
		{"mix digest", at3, spec{signer: o[1], mod: func(h *types.Header) { h.MixDigest[3] = 1 }}, ErrMalformed},
		{"uncles", at3, spec{signer: o[1], mod: func(h *types.Header) { h.UncleHash[3] ^= 1 }}, ErrMalformed},
		{"withdrawals root", at3, spec{signer: o[1], tamper: func(h *types.Header) { h.WithdrawalsHash = &types.EmptyWithdrawalsHash }}, ErrMalformed},
		{"parent beacon root", at3, spec{signer: o[1], tamper: func(h *types.Header) { h.ParentBeaconRoot = &common.Hash{} }}, ErrMalformed},
		{"no seal", at3, spec{signer: o[1], tamper: func(h *types.Header) { h.Extra = h.Extra[:extraVanity+10] }}, ErrMalformed},
		{"signers outside a checkpoint", at3, spec{signer: o[1], mod: func(h *types.Header) { h.Extra = list("A") }}, ErrMalformed},
		{"gas used over the limit", at3, spec{signer: o[1], mod: func(h *types.Header) { h.GasUsed = h.GasLimit + 1 }}, ErrMalformed},
		{"checkpoint lists an outsider", at5, spec{signer: o[0], mod: func(h *types.Header) { h.Extra = list(c.signerOrder(o[0], o[1], "X")...) }}, ErrCheckpointSigners},
		{"checkpoint leaves a signer out", at5, spec{signer: o[0], mod: func(h *types.Header) { h.Extra = list(o[0], o[1]) }}, ErrCheckpointSigners},
		{"checkpoint lists signers out of order", at5, spec{signer: o[0], mod: func(h *types.Header) { h.Extra = list(o[2], o[1], o[0]) }}, ErrCheckpointSigners},
		{"checkpoint list not whole addresses", at5, spec{signer: o[0], mod: func(h *types.Header) { h.Extra = append(list(o...)[:extraVanity+59], seal...) }}, ErrCheckpointSigners},
		{"checkpoint votes", at5, spec{signer: o[0], mod: func(h *types.Header) { h.Coinbase = c.addr("X") }}, ErrVote},
		{"checkpoint with the add nonce", at5, spec{signer: o[0], mod: func(h *types.Header) { h.Nonce = nonceAuthVote }}, ErrVote},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := c.make(tt.parent, tt.spec)
			before := state(t, v)
			err := v.Insert(h)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Insert = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), "block ") {
				t.Errorf("the refusal names no block: %v", err)
			}
			if state(t, v) != before {
				t.Error("the refused header changed the verifier's state")
			}
			if lib := c.libraryVerify(h); lib == nil {
				t.Errorf("go-ethereum accepts the header the verifier refuses with %v", err)
			}
			t.Log(err)
		})
	}
	// And the chain goes on.
	next := c.extend(chain[len(chain)-1], sealers(o[0])...)
	if err := v.Insert(next...); err != nil {
		t.Fatal(err)
	}
}

// TestAcceptsKnownHeaders: feeding a held header again changes nothing.
func TestAcceptsKnownHeaders(t *testing.T) {
	c := newTestChain(t, 30000, "A", "B", "C")
	o := c.signerOrder("A", "B", "C")
	chain := c.extend(c.genesis, sealers(o[1], o[2], o[0], o[1], o[2])...)
	v := c.verifier(2)
	if err := v.Insert(chain...); err != nil {
		t.Fatal(err)
	}
	before := state(t, v)
	if err := v.Insert(chain...); err != nil {
		t.Fatalf("re-feeding the final (logs not taken) and later headers: %v", err)
	}
	if state(t, v) != before {
		t.Fatal("re-feeding held headers changed the state")
	}
	// An older final header the verifier no longer keeps (the genesis, a
	// block whose logs were taken) is below Final.
	if _, err := v.TakeLogs(chain[0].Hash(), nil, testContract); err != nil {
		t.Fatal(err)
	}
	for _, h := range []*types.Header{c.genesis, chain[0]} {
		if err := v.Insert(h); !errors.Is(err, ErrDeepReorg) {
			t.Fatalf("an old header: %v, want %v", err, ErrDeepReorg)
		}
	}
	if err := v.Insert(nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("a nil header: %v", err)
	}
}

// TestVotes: signers vote a new signer in, which then seals; then vote it
// out, after which its seal is refused; checkpoints list the set of the
// moment. go-ethereum's engine accepts every block.
func TestVotes(t *testing.T) {
	const epoch = 12
	c := newTestChain(t, epoch, "A", "B", "C")
	v := c.verifier(0)
	insert := func(h ...*types.Header) {
		t.Helper()
		if err := v.Insert(h...); err != nil {
			t.Fatal(err)
		}
	}
	tip := c.genesis
	grow := func(specs ...spec) {
		t.Helper()
		hs := c.extend(tip, specs...)
		insert(hs...)
		tip = hs[len(hs)-1]
	}
	// Any signer may seal out of turn; pick signers so that no one seals
	// twice in two blocks (3 signers: one block in 2).
	grow(spec{signer: "A", vote: "D"}) // 1: one vote of 3: not yet
	grow(spec{signer: "B", vote: "D"}) // 2: two of 3: D is in
	if got := len(headSigners(v)); got != 4 {
		t.Fatalf("%d signers after two votes for D, want 4", got)
	}
	grow(spec{signer: "D"}) // 3: D seals
	// Four signers: a signer seals one block in 3; dropping D takes 3 votes.
	grow(spec{signer: "A", vote: "D", drop: true}) // 4
	grow(spec{signer: "B", vote: "D", drop: true}) // 5
	if got := len(headSigners(v)); got != 4 {
		t.Fatalf("%d signers after two of the three votes to drop D", got)
	}
	grow(spec{signer: "C", vote: "D", drop: true}) // 6: D is out
	if got := headSigners(v); len(got) != 3 || containsAddr(got, c.addr("D")) {
		t.Fatalf("signers %v after D was voted out", got)
	}
	h := c.make(tip, spec{signer: "D"})
	if err := v.Insert(h); !errors.Is(err, ErrUnauthorizedSigner) {
		t.Fatalf("D sealing after being voted out: %v", err)
	}
	if c.libraryVerify(h) == nil {
		t.Fatal("go-ethereum accepts a block by a dropped signer")
	}
	// A vote that changes nothing (adding a signer) does not count; a
	// signer's second vote on the same address replaces its first.
	grow(spec{signer: "A", vote: "B"})             // 7: B is a signer already
	grow(spec{signer: "B", vote: "E"})             // 8
	grow(spec{signer: "C", vote: "E", drop: true}) // 9: dropping a non-signer: no vote
	grow(spec{signer: "B", vote: "E"})             // 10: B again: still one vote
	if len(headSigners(v)) != 3 {
		t.Fatalf("signers %v after one standing vote for E", headSigners(v))
	}
	grow(sealers("A")...) // 11
	// 12 is a checkpoint: the prepared header lists A, B, C; votes reset.
	grow(sealers("C")...)              // 12
	grow(spec{signer: "A", vote: "E"}) // 13: one vote (B's is gone)
	if len(headSigners(v)) != 3 {
		t.Fatalf("B's vote for E survived the checkpoint: signers %v", headSigners(v))
	}
	grow(spec{signer: "B", vote: "E"}) // 14: two of three: E is in
	if !containsAddr(headSigners(v), c.addr("E")) {
		t.Fatalf("E is not a signer after two votes: %v", headSigners(v))
	}
}

// headSigners are the signers after the best tip (Signers are those
// after the final block).
func headSigners(v *Verifier) []common.Address { return v.authorityAfter(v.best).sortedSigners() }

func containsAddr(list []common.Address, a common.Address) bool { return slices.Contains(list, a) }

// TestEarlyRecentSigner: in the first blocks of a chain (number below the
// window), go-ethereum's verifySeal lets a recent signer through by
// unsigned wrap-around, and its snapshot then refuses the block's
// children. The verifier refuses the block itself.
func TestEarlyRecentSigner(t *testing.T) {
	c := newTestChain(t, 30000, "A", "B", "C", "D", "E") // one block in 3
	first := c.extend(c.genesis, sealers("A")...)[0]
	h := c.make(first, spec{signer: "A"}) // block 2, A sealed block 1
	v := c.verifier(0)
	if err := v.Insert(first); err != nil {
		t.Fatal(err)
	}
	if err := v.Insert(h); !errors.Is(err, ErrRecentlySigned) {
		t.Fatalf("A sealing blocks 1 and 2: %v", err)
	}
	if err := c.libraryVerify(h); err != nil {
		t.Logf("go-ethereum now refuses it too: %v", err)
		return
	}
	c.add(h)
	// The engine's snapshot of block 2 fails: it can build nothing on it.
	if d := c.engine.CalcDifficulty(c.reader, h.Time+1, h); d != nil {
		t.Fatalf("go-ethereum builds on block 2 (difficulty %v)", d)
	}
}

// TestLastSignerLeaves: a single signer may vote itself out, after which
// nobody can seal (go-ethereum's engine divides by zero computing turns
// for such a chain); the verifier refuses every later block.
func TestLastSignerLeaves(t *testing.T) {
	c := newTestChain(t, 30000, "A")
	v := c.verifier(0)
	chain := c.extend(c.genesis, spec{signer: "A"}, spec{signer: "A", vote: "A", drop: true})
	if err := v.Insert(chain...); err != nil {
		t.Fatal(err)
	}
	if len(v.Signers()) != 0 || v.Confirmations() != 0 {
		t.Fatalf("signers %v, confirmations %d", v.Signers(), v.Confirmations())
	}
	h := &types.Header{ParentHash: chain[1].Hash(), Number: big.NewInt(3), Difficulty: big.NewInt(1), UncleHash: types.EmptyUncleHash,
		Time: chain[1].Time + 1, GasLimit: chain[1].GasLimit, Extra: make([]byte, extraVanity+extraSeal), BaseFee: chain[1].BaseFee}
	c.seal(h, "A")
	if err := v.Insert(h); !errors.Is(err, ErrUnauthorizedSigner) {
		t.Fatalf("a block after the last signer left: %v", err)
	}
}
