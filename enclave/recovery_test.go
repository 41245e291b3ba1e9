package enclave

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/hpke"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/recovery"
)

type custodians struct {
	keys []hpke.PrivateKey
	pubs [][32]byte
}

func newCustodians(t testing.TB, n int) *custodians {
	c := &custodians{}
	for range n {
		k, err := recovery.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		c.keys = append(c.keys, k)
		c.pubs = append(c.pubs, [32]byte(k.PublicKey().Bytes()))
	}
	return c
}

// appoint is governance's custodian act number version (two governors).
func (c *custodians) appoint(t testing.TB, version uint64, threshold uint8) chainmsg.Event {
	return chainmsg.Event{Custodians: &chainmsg.CustodiansChangedEvent{Version: version, Keys: c.pubs, Threshold: threshold,
		Sigs: govSigs(t, chainmsg.ActCustodians, version, chainmsg.CustodiansPayload(c.pubs, threshold), []*ecdsa.PrivateKey{testGovernors[0], testGovernors[2]}...)}}
}

// release is what `anonify recovery release` sends: custodian i opens its
// share of the latest checkpoint on the ledger and seals it to r.
func (c *custodians) release(t testing.TB, n *network, i int, r *Enclave) []byte {
	t.Helper()
	var m *recovery.Manifest
	for _, ev := range n.log {
		if ev.Checkpoint != nil {
			var err error
			if m, err = recovery.ParseManifest(ev.Checkpoint.Manifest); err != nil {
				t.Fatal(err)
			}
		}
	}
	sealed, ok := m.SealedShare(c.pubs[i])
	if !ok {
		t.Fatalf("custodian %d has no share of epoch %d", i, m.Epoch)
	}
	share, err := recovery.OpenShare(c.keys[i], testChain, testContract, m.Epoch, sealed)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := recovery.SealRelease(r.Info().RequestKey, testChain, testContract, r.Identity(), m.Epoch, c.pubs[i], share)
	if err != nil {
		t.Fatal(err)
	}
	b, err := rel.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRecoveryFromCustodians: every member is lost. A fresh enclave that
// followed the ledger rebuilds exactly their state (state hash, commands
// applied, balances) from the latest checkpoint and that epoch's commands
// once two of three custodians release their shares to it; one share, a
// bogus share, a release for another enclave or epoch do not. Governance
// expels the lost members and founds the network with it; it serves the
// same balances and a new member joins from its checkpoint.
func TestRecoveryFromCustodians(t *testing.T) {
	n := setupNetwork(t, 2)
	cust := newCustodians(t, 3)
	alice, bob := newUser(t), newUser(t)
	n.emit(cust.appoint(t, 1, 2))
	n.command(alice, 0, "init", `{"supply":"100"}`)
	n.rotate(n.encs[1]) // the first epoch whose checkpoint carries shares
	n.command(alice, 1, "transfer", fmt.Sprintf(`{"to":%q,"amount":"30"}`, bob.addr().Hex()))
	n.command(bob, 0, "burn", `{"amount":"5"}`)

	r := newTestEnclave(t, testMeasure)
	if err := r.BeginRecovery(); err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(n.log); err != nil {
		t.Fatal(err)
	}
	n.emit(register(t, r))
	n.encs = append(n.encs, r)
	s := r.Recovery()
	if !s.Recovering || !s.Manifest || s.Epoch != n.encs[0].Status().Epoch || s.Threshold != 2 || len(s.Custodians) != 3 || s.ChunksHave != s.Chunks || s.Recovered {
		t.Fatalf("before any release: %+v", s)
	}

	other := newTestEnclave(t, testMeasure)
	wrongEpoch, _ := recovery.ParseRelease(cust.release(t, n, 0, r))
	wrongEpoch.Epoch--
	we, _ := wrongEpoch.MarshalJSON()
	bogusShare := bytes.Repeat([]byte{7}, 33)
	bogus, err := recovery.SealRelease(r.Info().RequestKey, testChain, testContract, r.Identity(), s.Epoch, cust.pubs[1], bogusShare)
	if err != nil {
		t.Fatal(err)
	}
	bj, _ := bogus.MarshalJSON()
	for _, tc := range []struct {
		name, want string
		raw        []byte
	}{
		{"sealed to another enclave", "was not sealed to enclave", cust.release(t, n, 0, other)},
		{"for another epoch", "this enclave recovers epoch", we},
		{"malformed", "malformed release", []byte(`{"epoch":1}`)},
	} {
		if _, err := r.AddRelease(tc.raw); !errors.Is(err, ErrRequest) || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("%s: %v, want ErrRequest with %q", tc.name, err, tc.want)
		}
	}
	// k-1 = one release, then a bogus one for a second custodian: no state.
	if s, err := r.AddRelease(cust.release(t, n, 0, r)); err != nil || s.Recovered || len(s.Released) != 1 {
		t.Fatalf("after one release: %+v, %v", s, err)
	}
	if s, err := r.AddRelease(bj); err != nil || s.Recovered || !strings.Contains(s.Reason, "do not open") {
		t.Fatalf("after a bogus release: %+v, %v", s, err)
	}
	if r.Status().AppliedCommands != 0 {
		t.Fatal("state before recovery")
	}
	// The real second release: the lost members' state, exactly.
	s, err = r.AddRelease(cust.release(t, n, 2, r))
	want := n.encs[0].Status()
	if err != nil || !s.Recovered || s.StateHash != want.StateHash || s.Applied != 3 || r.Status().StateHash != want.StateHash {
		t.Fatalf("after two releases: %+v, %v; members at %x after %d", s, err, want.StateHash, want.AppliedCommands)
	}
	// The network was still alive: it goes on applying the epoch's batches.
	n.command(alice, 0, "burn", `{"amount":"1"}`)
	want = n.encs[0].Status()
	if got := r.Status(); got.StateHash != want.StateHash || got.AppliedCommands != 4 {
		t.Fatalf("recovered enclave after a later batch: %+v, members %+v", got, want)
	}

	// Every member lost: governance expels them and founds the network
	// with the recovered enclave.
	lost := n.encs[:2]
	n.encs = []*Enclave{r}
	n.emit(expelled(t, lost[0].Identity()), expelled(t, lost[1].Identity()))
	n.emit(founded(t, r.Identity(), 1))
	if s := r.Status(); !s.Joined || s.StateHash != want.StateHash || s.AppliedCommands != 4 || s.CheckpointOwed {
		t.Fatalf("the recovered enclave after the founding: %+v", s)
	}
	if r.Recovery().Recovering {
		t.Fatal("still recovering after the founding")
	}
	if got := n.query(alice, 0, "balance", `{}`); got != "69" {
		t.Fatalf("alice's balance after recovery: %s", got)
	}
	if out := n.command(bob, 0, "transfer", fmt.Sprintf(`{"to":%q,"amount":"5"}`, alice.addr().Hex())); !out.OK {
		t.Fatalf("a command after recovery: %+v", out)
	}
	// Its founding epoch's checkpoint carries shares again, and a new
	// member joins from it.
	joiner := newTestEnclave(t, testMeasure)
	if err := joiner.Apply(n.log); err != nil {
		t.Fatal(err)
	}
	n.encs = append(n.encs, joiner)
	n.emit(register(t, joiner))
	h, err := r.Admit(joiner.Identity())
	if err != nil {
		t.Fatal(err)
	}
	n.handshake(r, h)
	if s := joiner.Status(); !s.Joined || s.StateHash != r.Status().StateHash {
		t.Fatalf("a joiner after recovery: %+v", s)
	}
	if got := n.query(bob, 1, "balance", `{}`); got != "20" {
		t.Fatalf("bob's balance on the new member: %s", got)
	}
}

// TestRecoveryRefusesEmptyFounding: governance founds the network with a
// recovering enclave that has not rebuilt the state (k-1 releases). It
// refuses to start an empty network in the lost one's place, and says why.
func TestRecoveryRefusesEmptyFounding(t *testing.T) {
	n := setupNetwork(t, 1)
	cust := newCustodians(t, 3)
	alice := newUser(t)
	n.emit(cust.appoint(t, 1, 2))
	n.command(alice, 0, "init", `{"supply":"100"}`)
	n.rotate(n.encs[0])
	r := newTestEnclave(t, testMeasure)
	if err := r.BeginRecovery(); err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(n.log); err != nil {
		t.Fatal(err)
	}
	n.emit(register(t, r))
	if _, err := r.AddRelease(cust.release(t, n, 1, r)); err != nil {
		t.Fatal(err)
	}
	lost := n.encs[0]
	n.encs = []*Enclave{r}
	n.emit(expelled(t, lost.Identity()))
	n.emit(founded(t, r.Identity(), 1))
	if s := r.Status(); s.Member || s.AppliedCommands != 0 {
		t.Fatalf("founded empty: %+v", s)
	}
	if s := r.Recovery(); !strings.Contains(s.Reason, "refusing to start an empty network") {
		t.Fatalf("recovery status: %+v", s)
	}
}

// TestRecoveryHostileHost: the recovering enclave's host feeds it
// checkpoints the members never made before the real one: the real
// manifest under an outsider's signature, under a refused (modified)
// enclave's, relabelled to another epoch, and a chunk that is not the
// members'. It takes none of them, and recovers the members' state from
// the real checkpoint once two custodians release.
func TestRecoveryHostileHost(t *testing.T) {
	n := setupNetwork(t, 1)
	cust := newCustodians(t, 3)
	alice := newUser(t)
	refused := modified(t)
	n.emit(cust.appoint(t, 1, 2), register(t, refused))
	n.command(alice, 0, "init", `{"supply":"100"}`)
	n.rotate(n.encs[0])
	n.command(alice, 0, "burn", `{"amount":"7"}`)
	want := n.encs[0].Status()

	real := -1
	for i, ev := range n.log {
		if ev.Checkpoint != nil {
			real = i
		}
	}
	rm := n.log[real].Checkpoint
	resign := func(e *Enclave, epoch uint64, manifest []byte) chainmsg.Event {
		sig, err := chainmsg.Sign(chainmsg.CheckpointDigest(e.chainID(), testContract, epoch, manifest), e.identity)
		if err != nil {
			t.Fatal(err)
		}
		return chainmsg.Event{Checkpoint: &chainmsg.CheckpointEvent{Enclave: e.Identity(), Epoch: epoch, Manifest: manifest, Sig: sig}}
	}
	forged := []chainmsg.Event{
		resign(newTestEnclave(t, testMeasure), rm.Epoch, rm.Manifest),                                                         // an enclave nobody registered
		resign(refused, rm.Epoch, rm.Manifest),                                                                                // registered, refused by the policy
		{Checkpoint: &chainmsg.CheckpointEvent{Enclave: rm.Enclave, Epoch: rm.Epoch + 1, Manifest: rm.Manifest, Sig: rm.Sig}}, // relabelled
	}
	// Just before the real manifest, in the block before it.
	for i := range forged {
		forged[i].Position = chainmsg.Position{Block: n.log[real].Position.Block - 1, Index: 1000 + uint64(i)}
	}
	m, err := recovery.ParseManifest(rm.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	garbage := chainmsg.Event{Position: chainmsg.Position{Block: n.log[real].Position.Block, Index: 1000},
		Chunk: &chainmsg.CheckpointChunkEvent{Epoch: rm.Epoch, Index: 0, Chunk: make([]byte, m.ChunkBytes())}}

	r := newTestEnclave(t, testMeasure)
	if err := r.BeginRecovery(); err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(n.log[:real]); err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(forged); err != nil {
		t.Fatal(err)
	}
	if s := r.Recovery(); s.Epoch == rm.Epoch {
		t.Fatalf("the recovering enclave took a forged manifest: %+v", s)
	}
	if err := r.Apply(append([]chainmsg.Event{n.log[real], garbage}, n.log[real+1:]...)); err != nil {
		t.Fatal(err)
	}
	n.emit(register(t, r))
	if s := r.Recovery(); !s.Manifest || s.Epoch != rm.Epoch || s.ChunksHave != s.Chunks {
		t.Fatalf("after the real checkpoint: %+v", s)
	}
	r.AddRelease(cust.release(t, n, 0, r))
	s, err := r.AddRelease(cust.release(t, n, 1, r))
	if err != nil || !s.Recovered || s.StateHash != want.StateHash || s.Applied != want.AppliedCommands {
		t.Fatalf("after two releases: %+v, %v; members at %x after %d", s, err, want.StateHash, want.AppliedCommands)
	}
}
