package enclave

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/enclave/apps/erc20"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

var (
	testChain    = uint64(1337)
	testContract = common.HexToAddress("0x00000000000000000000000000000000000c0de1")
	testMeasure  = bytes.Repeat([]byte{0x42}, 48)
	// testGovernors govern the test network, two of three signing.
	testGovernors = []*ecdsa.PrivateKey{testKey(1), testKey(2), testKey(3)}
	testPolicy, _ = attest.DevPolicy(testMeasure).Marshal()
	testGenesis   = chainmsg.Genesis{ChainID: testChain, Contract: testContract, Threshold: 2,
		Governors:  []common.Address{addrOf(testGovernors[0]), addrOf(testGovernors[1]), addrOf(testGovernors[2])},
		PolicyHash: crypto.Keccak256Hash(testPolicy), Policy: testPolicy}
)

func testKey(i byte) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(bytes.Repeat([]byte{i}, 32))
	if err != nil {
		panic(err)
	}
	return k
}

func addrOf(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// govSigs signs a governance act with the given governors' keys.
func govSigs(t testing.TB, act chainmsg.Act, nonce uint64, payload common.Hash, keys ...*ecdsa.PrivateKey) [][]byte {
	t.Helper()
	d := chainmsg.GovernanceDigest(new(big.Int).SetUint64(testChain), testContract, act, nonce, payload)
	var out [][]byte
	for _, k := range keys {
		sig, err := chainmsg.Sign(d, k)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, sig)
	}
	return out
}

// founded is the founder event governance signs (two of three).
func founded(t testing.TB, id common.Address, nonce uint64) chainmsg.Event {
	return chainmsg.Event{Founded: &chainmsg.FoundedEvent{Identity: id, Nonce: nonce,
		Sigs: govSigs(t, chainmsg.ActFounder, nonce, chainmsg.AddressPayload(id), testGovernors[0], testGovernors[2])}}
}

func newTestEnclave(t testing.TB, measurement []byte) *Enclave {
	t.Helper()
	p, err := sim.New(sim.Options{Measurement: measurement})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(context.Background(), Config{
		Platform: p, Genesis: testGenesis,
		Apps: []*runtime.App{erc20.New()}, Logger: slog.New(slog.DiscardHandler),
		VerifyEvidence: func(ev []byte, now time.Time) (*attest.Claims, error) {
			return verify.Evidence(ev, verify.Options{Now: now})
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// network simulates the ledger: it orders events and feeds them to every
// enclave, as the node's follower does.
type network struct {
	t     testing.TB
	encs  []*Enclave
	block uint64
	seq   map[common.Address]uint64
	log   []chainmsg.Event
	// apply, when set, feeds events to an enclave instead of e.Apply
	// (ahead_test.go compares the parallel path with the sequential one
	// at every step).
	apply func(e *Enclave, evs []chainmsg.Event) error
	// noCheckpoints stops emit from posting each epoch's checkpoint after
	// a handshake or founding (tests that post, withhold or forge it).
	noCheckpoints bool
}

func (n *network) emit(evs ...chainmsg.Event) {
	n.t.Helper()
	n.block++
	for i := range evs {
		evs[i].Position = chainmsg.Position{Block: n.block, Index: uint64(i)}
	}
	n.log = append(n.log, evs...)
	for _, e := range n.encs {
		apply := (*Enclave).Apply
		if n.apply != nil {
			apply = n.apply
		}
		if err := apply(e, evs); err != nil {
			n.t.Fatalf("%s apply: %v", e.Identity().Hex(), err)
		}
	}
	if !n.noCheckpoints {
		for _, ev := range evs {
			if ev.Handshake != nil || ev.Founded != nil {
				n.checkpoint()
				break
			}
		}
	}
}

// checkpoint posts the current epoch's checkpoint as the node does: the
// member due to post it (or, as after a timeout, any member) posts the
// manifest, then the chunks.
func (n *network) checkpoint() {
	n.t.Helper()
	var maker *Enclave
	for _, e := range n.encs {
		if s := e.Status(); s.CheckpointOwed && (maker == nil || s.CheckpointDue) {
			maker = e
		}
	}
	if maker == nil {
		return
	}
	w, err := maker.NextCheckpoint()
	if err != nil || w == nil || w.Manifest == nil {
		n.t.Fatalf("%s owes a checkpoint but has no manifest to post: %+v, %v", maker.Identity().Hex(), w, err)
	}
	n.emit(chainmsg.Event{Checkpoint: &chainmsg.CheckpointEvent{Enclave: maker.Identity(), Epoch: w.Epoch, Manifest: w.Manifest.Manifest, Sig: w.Manifest.Sig}})
	n.postChunks(maker)
}

// postChunks posts every chunk maker's checkpoint still misses, in one block.
func (n *network) postChunks(maker *Enclave) {
	n.t.Helper()
	w, err := maker.NextCheckpoint()
	if err != nil {
		n.t.Fatal(err)
	}
	if w == nil {
		return
	}
	var evs []chainmsg.Event
	for _, i := range w.Missing {
		p, err := maker.CheckpointChunk(w.Epoch, i)
		if err != nil {
			n.t.Fatal(err)
		}
		evs = append(evs, chainmsg.Event{Chunk: &chainmsg.CheckpointChunkEvent{Enclave: maker.Identity(), Epoch: p.Epoch, Index: p.Index, Chunk: p.Chunk}})
	}
	n.emit(evs...)
}

func (n *network) flush(e *Enclave) {
	n.t.Helper()
	b, err := e.NextBatch(n.seq[e.Identity()], 64)
	if err != nil {
		n.t.Fatal(err)
	}
	if b == nil {
		return
	}
	n.seq[e.Identity()]++
	n.emit(chainmsg.Event{Commands: &chainmsg.CommandsEvent{Enclave: e.Identity(), Epoch: b.Epoch, Seq: b.Seq, Ciphertexts: b.Ciphertexts}})
}

func register(t testing.TB, e *Enclave) chainmsg.Event {
	r, err := e.Registration()
	if err != nil {
		t.Fatal(err)
	}
	return chainmsg.Event{Registered: &chainmsg.RegisteredEvent{Identity: r.Identity, RequestKey: r.RequestKey, KeyPackage: r.KeyPackage, Evidence: r.Evidence}}
}

func setupNetwork(t testing.TB, size int) *network {
	n := &network{t: t, seq: map[common.Address]uint64{}}
	for i := 0; i < size; i++ {
		n.encs = append(n.encs, newTestEnclave(t, testMeasure))
	}
	n.start(testPolicy)
	return n
}

// start runs the network's first steps on the ledger: the first policy,
// every enclave's registration, the founding of the first, and the others'
// admission.
func (n *network) start(policy []byte) {
	t := n.t
	t.Helper()
	n.emit(chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 1, Policy: policy}})
	for _, e := range n.encs {
		n.emit(register(t, e))
	}
	founder := n.encs[0].Identity()
	n.emit(founded(t, founder, 0))
	for _, j := range n.encs[1:] {
		h, err := n.encs[0].Admit(j.Identity())
		if err != nil {
			t.Fatal(err)
		}
		n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: h.Epoch, Committer: founder, Payload: h.Payload, Adds: h.Adds}})
	}
	for _, e := range n.encs {
		if s := e.Status(); !s.Joined {
			t.Fatalf("%s did not join: %+v", e.Identity().Hex(), s)
		}
	}
}

type user struct {
	key     *ecdsa.PrivateKey
	counter uint64
}

func newUser(t testing.TB) *user {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return &user{key: k}
}

func (u *user) addr() common.Address { return crypto.PubkeyToAddress(u.key.PublicKey) }

// request builds a sealed request the way the client SDK does; it returns
// the reply key so tests can open answers.
func (u *user) request(t testing.TB, e *Enclave, kind, fn, args string) ([]byte, *replyKey) {
	t.Helper()
	rk, err := wire.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	body := &wire.RequestBody{Version: wire.RequestVersion, Kind: kind, ChainID: testChain, Contract: testContract, From: u.addr(),
		App: erc20abi.Name, Function: fn, Args: json.RawMessage(args), ReplyKey: rk.PublicKey().Bytes()}
	if kind == wire.KindCommand {
		u.counter++
		body.Counter = u.counter
	}
	signed, err := wire.SignRequest(body, func(d []byte) ([]byte, error) { return crypto.Sign(d, u.key) })
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := wire.SealRequest(e.Info().RequestKey, testChain, testContract, signed)
	if err != nil {
		t.Fatal(err)
	}
	return sealed, &replyKey{rk, wire.RequestID(signed.Body)}
}

type replyKey struct {
	priv interface {
		Bytes() ([]byte, error)
	}
	id common.Hash
}

func (n *network) command(u *user, at int, fn, args string) wire.Outcome {
	n.t.Helper()
	e := n.encs[at]
	sealed, rk := u.request(n.t, e, wire.KindCommand, fn, args)
	res, err := e.Submit(sealed)
	if err != nil {
		n.t.Fatalf("submit %s: %v", fn, err)
	}
	if res.ID != rk.id {
		n.t.Fatalf("enclave reports id %s, client computed %s", res.ID.Hex(), rk.id.Hex())
	}
	n.flush(e)
	for _, o := range e.TakeOutcomes() {
		if o.ID != rk.id {
			continue
		}
		pk, _ := rk.priv.Bytes()
		priv, _ := wire.ParsePrivateKey(pk)
		pt, err := wire.OpenOutcome(priv, rk.id, o.Sealed)
		if err != nil {
			n.t.Fatal(err)
		}
		var out wire.Outcome
		if err := json.Unmarshal(pt, &out); err != nil {
			n.t.Fatal(err)
		}
		return out
	}
	n.t.Fatalf("no outcome for %s", fn)
	return wire.Outcome{}
}

func (n *network) query(u *user, at int, fn, args string) string {
	n.t.Helper()
	e := n.encs[at]
	sealed, rk := u.request(n.t, e, wire.KindQuery, fn, args)
	res, err := e.Submit(sealed)
	if err != nil {
		n.t.Fatalf("query %s: %v", fn, err)
	}
	pk, _ := rk.priv.Bytes()
	priv, _ := wire.ParsePrivateKey(pk)
	pt, err := wire.OpenAnswer(priv, rk.id, res.Answer)
	if err != nil {
		n.t.Fatal(err)
	}
	var ans wire.Answer
	if err := json.Unmarshal(pt, &ans); err != nil {
		n.t.Fatal(err)
	}
	if !ans.OK {
		return "error: " + ans.Error
	}
	var s string
	json.Unmarshal(ans.Result, &s)
	return s
}

func TestReplicatedWalkthrough(t *testing.T) {
	n := setupNetwork(t, 3)
	alice, bob, charlie := newUser(t), newUser(t), newUser(t)
	to := func(u *user, amount int) string {
		return fmt.Sprintf(`{"to":%q,"amount":"%d"}`, u.addr().Hex(), amount)
	}
	steps := []struct {
		u       *user
		node    int
		fn      string
		args    string
		wantErr string
	}{
		{alice, 0, "init", `{"supply":"100"}`, ""},
		{alice, 1, "transfer", to(bob, 30), ""},
		{bob, 2, "transfer", to(charlie, 110), "insufficient balance"},
		{alice, 0, "approve", fmt.Sprintf(`{"spender":%q,"amount":"30"}`, bob.addr().Hex()), ""},
		{bob, 1, "transfer_from", fmt.Sprintf(`{"owner":%q,"to":%q,"amount":"20"}`, alice.addr().Hex(), charlie.addr().Hex()), ""},
		{alice, 2, "mint", to(bob, 50), ""},
		{bob, 0, "mint", to(bob, 50), "not the owner"},
		{bob, 1, "burn", `{"amount":"20"}`, ""},
		{alice, 2, "transfer", to(alice, 10), ""},
		{alice, 0, "init", `{"supply":"100"}`, "already initialised"},
	}
	for i, s := range steps {
		out := n.command(s.u, s.node, s.fn, s.args)
		if s.wantErr == "" && !out.OK || s.wantErr != "" && (out.OK || !strings.Contains(out.Error, s.wantErr)) {
			t.Fatalf("step %d %s: outcome %+v, want error %q", i, s.fn, out, s.wantErr)
		}
	}
	for node := range n.encs {
		for u, want := range map[*user]string{alice: "50", bob: "60", charlie: "20"} {
			if got := n.query(u, node, "balance", `{}`); got != want {
				t.Errorf("node %d: balance %s, want %s", node, got, want)
			}
		}
		if got := n.query(charlie, node, "total_supply", `{}`); got != "130" {
			t.Errorf("node %d: total supply %s", node, got)
		}
	}
	h := n.encs[0].Status().StateHash
	for i, e := range n.encs {
		if s := e.Status(); s.StateHash != h || s.AppliedCommands != 10 {
			t.Errorf("node %d: state hash %s applied %d, node 0 has %s", i, s.StateHash.Hex(), s.AppliedCommands, h.Hex())
		}
	}
}

func TestAdmissionRefusesOtherMeasurement(t *testing.T) {
	n := setupNetwork(t, 1)
	rogue := newTestEnclave(t, bytes.Repeat([]byte{0x66}, 48))
	n.encs = append(n.encs, rogue)
	n.emit(register(t, rogue))
	if got := n.encs[0].Admissible(); len(got) != 0 {
		t.Fatalf("rogue enclave admissible: %v", got)
	}
	_, err := n.encs[0].Admit(rogue.Identity())
	if !errors.Is(err, ErrAdmission) || !strings.Contains(err.Error(), "MEASUREMENT") {
		t.Fatalf("Admit(rogue) = %v, want a measurement refusal", err)
	}
}

func TestReplayedBatchAppliesOnce(t *testing.T) {
	n := setupNetwork(t, 2)
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"5"}`)
	n.command(alice, 1, "burn", `{"amount":"1"}`)
	last := n.log[len(n.log)-1]
	h := n.encs[0].Status().StateHash
	// A malicious host posts the same ciphertexts again (the contract would
	// need a new sequence number, which a member's host can get).
	n.emit(chainmsg.Event{Commands: last.Commands})
	if got := n.query(alice, 0, "balance", `{}`); got != "4" {
		t.Fatalf("balance %s after a replayed batch, want 4", got)
	}
	if h2 := n.encs[1].Status().StateHash; h2 == h {
		t.Fatalf("the rejected replay should still be chained into the hash")
	}
	if n.encs[0].Status().StateHash != n.encs[1].Status().StateHash {
		t.Fatal("nodes diverged")
	}
}

func TestSealRestore(t *testing.T) {
	n := setupNetwork(t, 2)
	alice := newUser(t)
	n.command(alice, 1, "init", `{"supply":"7"}`)
	e := n.encs[1]
	blob, err := e.Seal()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Restore(context.Background(), e.cfg, e.Identity(), blob)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status() != e.Status() {
		t.Fatalf("restored status %+v, want %+v", r.Status(), e.Status())
	}
	n.encs[1] = r
	if got := n.query(alice, 1, "balance", `{}`); got != "7" {
		t.Fatalf("restored balance %s", got)
	}
	bad := bytes.Clone(blob)
	bad[len(bad)-3] ^= 1
	if _, err := Restore(context.Background(), e.cfg, e.Identity(), bad); !errors.Is(err, ErrSealedBlob) {
		t.Fatalf("tampered blob: %v", err)
	}
	if _, err := Restore(context.Background(), e.cfg, n.encs[0].Identity(), blob); !errors.Is(err, ErrSealedBlob) {
		t.Fatalf("blob under another identity: %v", err)
	}
}
