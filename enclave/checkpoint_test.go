package enclave

import (
	"bytes"
	"crypto/ecdsa"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/anonify-go/anonify/enclave/checkpoint"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/recovery"
)

// manifests returns the checkpoint manifests in the network's log, by epoch.
func (n *network) manifests() map[uint64]*chainmsg.CheckpointEvent {
	out := map[uint64]*chainmsg.CheckpointEvent{}
	for _, ev := range n.log {
		if c := ev.Checkpoint; c != nil {
			if _, ok := out[c.Epoch]; !ok {
				out[c.Epoch] = c
			}
		}
	}
	return out
}

// chunks returns epoch's chunks in the log, first copy of each index.
func (n *network) chunks(epoch uint64) [][]byte {
	var out [][]byte
	for _, ev := range n.log {
		if c := ev.Chunk; c != nil && c.Epoch == epoch {
			for int(c.Index) >= len(out) {
				out = append(out, nil)
			}
			if out[c.Index] == nil {
				out[c.Index] = c.Chunk
			}
		}
	}
	return out
}

func (n *network) rotate(e *Enclave) {
	n.t.Helper()
	h, err := e.Rotate()
	if err != nil {
		n.t.Fatal(err)
	}
	n.handshake(e, h)
}

// TestCheckpointEveryEpoch: the founding and every handshake begin an
// epoch with a checkpoint on the ledger, the same for every member; a
// member posts no batch until its epoch's checkpoint is complete, and the
// member that committed the handshake is the one due to post it.
func TestCheckpointEveryEpoch(t *testing.T) {
	n := setupNetwork(t, 2)
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"10"}`)
	if m := n.manifests(); m[0] == nil || m[1] == nil {
		t.Fatalf("manifests of epochs 0 (founding) and 1 (admission): %v", m)
	}

	n.noCheckpoints = true
	n.rotate(n.encs[1])
	epoch := n.encs[0].Status().Epoch
	for i, e := range n.encs {
		s := e.Status()
		if !s.CheckpointOwed || s.CheckpointDue != (i == 1) {
			t.Fatalf("member %d after the rotation by member 1: owed %v, due %v", i, s.CheckpointOwed, s.CheckpointDue)
		}
	}
	sealed, _ := alice.request(t, n.encs[0], "command", "burn", `{"amount":"1"}`)
	if _, err := n.encs[0].Submit(sealed); err != nil {
		t.Fatal(err)
	}
	if b, err := n.encs[0].NextBatch(n.seq[n.encs[0].Identity()], 64); err != nil || b != nil {
		t.Fatalf("a batch before the epoch's checkpoint: %v, %v", b, err)
	}
	// The other member's manifest counts as well as the maker's: they
	// agree on everything but the shares.
	n.noCheckpoints = false
	w, err := n.encs[0].NextCheckpoint()
	if err != nil || w == nil || w.Manifest == nil || w.Epoch != epoch {
		t.Fatalf("work of a member that is not due: %+v, %v", w, err)
	}
	n.emit(chainmsg.Event{Checkpoint: &chainmsg.CheckpointEvent{Enclave: n.encs[0].Identity(), Epoch: w.Epoch, Manifest: w.Manifest.Manifest, Sig: w.Manifest.Sig}})
	n.postChunks(n.encs[0])
	for i, e := range n.encs {
		if s := e.Status(); s.CheckpointOwed {
			t.Fatalf("member %d still owes the checkpoint: %+v", i, s)
		}
		if w, err := e.NextCheckpoint(); w != nil || err != nil {
			t.Fatalf("member %d has checkpoint work after it is complete: %+v, %v", i, w, err)
		}
	}
	n.flush(n.encs[0])
	if got := n.query(alice, 1, "balance", `{}`); got != "9" {
		t.Fatalf("alice's balance after the burn: %s", got)
	}
}

// TestCheckpointHostile: a host feeds its enclave manifests and chunks the
// members did not make. Members compare each with their own; a joiner,
// which has no state to compare with, takes only a member's signature and
// chunks that open under its epoch's key.
func TestCheckpointHostile(t *testing.T) {
	n := setupNetwork(t, 2)
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"10"}`)
	joiner := newTestEnclave(t, testMeasure)
	for _, ev := range n.log {
		if err := joiner.Apply([]chainmsg.Event{ev}); err != nil {
			t.Fatal(err)
		}
	}
	n.encs = append(n.encs, joiner)
	n.emit(register(t, joiner))
	n.noCheckpoints = true
	h, err := n.encs[0].Admit(joiner.Identity())
	if err != nil {
		t.Fatal(err)
	}
	n.handshake(n.encs[0], h)
	if s := joiner.Status(); !s.Member || s.Joined {
		t.Fatalf("joiner after its Welcome: %+v", s)
	}
	epoch := n.encs[0].Status().Epoch
	w, err := n.encs[0].NextCheckpoint()
	if err != nil || w == nil || w.Manifest == nil {
		t.Fatalf("%+v, %v", w, err)
	}
	real := chainmsg.CheckpointEvent{Enclave: n.encs[0].Identity(), Epoch: epoch, Manifest: w.Manifest.Manifest, Sig: w.Manifest.Sig}
	m, err := recovery.ParseManifest(real.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	signAs := func(k *Enclave, mf *recovery.Manifest, ep uint64) chainmsg.CheckpointEvent {
		raw := mf.Marshal()
		sig, err := chainmsg.Sign(chainmsg.CheckpointDigest(k.chainID(), testContract, ep, raw), k.identity)
		if err != nil {
			t.Fatal(err)
		}
		return chainmsg.CheckpointEvent{Enclave: k.Identity(), Epoch: ep, Manifest: raw, Sig: sig}
	}
	outsider := newTestEnclave(t, testMeasure)
	moved := *m
	moved.At.Index++
	rooted := *m
	rooted.ChunksRoot[0] ^= 1
	previous := n.manifests()[epoch-1]
	for _, tc := range []struct {
		name string
		ev   chainmsg.CheckpointEvent
	}{
		{"signed by an enclave outside the group", signAs(outsider, m, epoch)},
		{"signature of another manifest", chainmsg.CheckpointEvent{Epoch: epoch, Manifest: signAs(n.encs[1], &moved, epoch).Manifest, Sig: real.Sig}},
		{"the previous epoch's, replayed", *previous},
		{"the previous epoch's, relabelled", chainmsg.CheckpointEvent{Epoch: epoch, Manifest: previous.Manifest, Sig: previous.Sig}},
		{"a member's, of another position", signAs(n.encs[1], &moved, epoch)},
		{"garbage", chainmsg.CheckpointEvent{Epoch: epoch, Manifest: []byte("ANCKPT\x01junk"), Sig: real.Sig}},
	} {
		n.emit(chainmsg.Event{Checkpoint: &tc.ev})
		for i, e := range n.encs {
			e.mu.Lock()
			took := e.st.ckpt != nil && e.st.ckpt.Manifest != nil || e.st.joining != nil && e.st.joining.manifest != nil
			e.mu.Unlock()
			if took {
				t.Fatalf("%s: enclave %d took it", tc.name, i)
			}
		}
	}
	// A member's manifest with another root: members refuse it (it is not
	// their state); the joiner cannot tell, and is held up, not misled.
	n.feed(n.encs[:2], chainmsg.Event{Checkpoint: ptr(signAs(n.encs[1], &rooted, epoch))})
	for i, e := range n.encs[:2] {
		if e.mu.Lock(); e.st.ckpt.Manifest != nil {
			t.Fatalf("member %d took a manifest with another root", i)
		}
		e.mu.Unlock()
	}

	// The real manifest, then a garbage chunk 0 of the right size before
	// the real chunks: members skip it; the joiner's checkpoint does not
	// open, and it waits for the chunks again.
	n.emit(chainmsg.Event{Checkpoint: &real})
	garbage := bytes.Repeat([]byte{7}, m.ChunkBytes())
	n.emit(chainmsg.Event{Chunk: &chainmsg.CheckpointChunkEvent{Epoch: epoch, Index: 0, Chunk: garbage}},
		chainmsg.Event{Chunk: &chainmsg.CheckpointChunkEvent{Epoch: epoch, Index: m.Chunks, Chunk: garbage}})
	for i, e := range n.encs[:2] {
		if e.Status().CheckpointOwed != true {
			t.Fatalf("member %d completed the checkpoint with a garbage chunk", i)
		}
	}
	// The real chunk comes after the garbage one was dropped.
	n.postChunks(n.encs[0])
	if s := n.encs[0].Status(); s.CheckpointOwed {
		t.Fatalf("members did not complete the checkpoint: %+v", s)
	}
	if s := joiner.Status(); !s.Joined || s.StateHash != n.encs[0].Status().StateHash || s.AppliedCommands != 1 {
		t.Fatalf("the joiner after the real chunks: %+v", s)
	}
	if got := n.query(alice, 2, "balance", `{}`); got != "10" {
		t.Fatalf("alice's balance on the joiner: %s", got)
	}
}

func ptr[T any](v T) *T { return &v }

// recomputeChunk is chunk index of epoch's checkpoint as member e makes it
// (its own copy is dropped once the ledger has it).
func recomputeChunk(e *Enclave, epoch uint64, index uint32) ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := *e.st.ckpt
	if err := e.sealCheckpoint(&c); err != nil {
		return nil, err
	}
	if c.Epoch != epoch {
		return nil, fmt.Errorf("member is at epoch %d", c.Epoch)
	}
	return c.Chunks[index], nil
}

// TestLargeStateReachesJoiner: a state of many 64 KiB chunks reaches a
// joiner through the epoch's checkpoint. ANONIFY_JOIN_ACCOUNTS sets the
// number of accounts (default 6,000; the figures in the README are for
// 100,000) and the test logs the time and bytes of the join.
func TestLargeStateReachesJoiner(t *testing.T) {
	accounts := 6000
	if v := os.Getenv("ANONIFY_JOIN_ACCOUNTS"); v != "" {
		if _, err := fmt.Sscan(v, &accounts); err != nil {
			t.Fatal(err)
		}
	}
	n := setupNetwork(t, 1)
	alice := newUser(t)
	n.command(alice, 0, "init", fmt.Sprintf(`{"supply":"%d"}`, 10*accounts))
	e := n.encs[0]
	for i := 0; i < accounts; i++ {
		sealed, _ := alice.request(t, e, "command", "transfer", fmt.Sprintf(`{"to":"0x%040x","amount":"1"}`, i+1))
		if _, err := e.Submit(sealed); err != nil {
			t.Fatal(err)
		}
		if i%64 == 63 { // flush posts 64 at a time
			n.flush(e)
			e.TakeOutcomes()
		}
	}
	n.flush(e)
	joiner := newTestEnclave(t, testMeasure)
	if err := joiner.Apply(n.log); err != nil {
		t.Fatal(err)
	}
	n.encs = append(n.encs, joiner)
	n.emit(register(t, joiner))
	n.noCheckpoints = true
	h, err := e.Admit(joiner.Identity())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	n.handshake(e, h)
	made := time.Since(start)
	w, err := e.NextCheckpoint()
	if err != nil || w == nil {
		t.Fatal(w, err)
	}
	if w.Chunks < 2 {
		t.Fatalf("a checkpoint of %d chunk(s): the test needs several", w.Chunks)
	}
	// A chunk 0 that is not the member's reaches the joiner first (its host
	// lies): the joiner's checkpoint does not open, it drops the chunks,
	// and loads when a member posts them again.
	start = time.Now()
	n.emit(chainmsg.Event{Checkpoint: &chainmsg.CheckpointEvent{Enclave: e.Identity(), Epoch: w.Epoch, Manifest: w.Manifest.Manifest, Sig: w.Manifest.Sig}})
	n.feed([]*Enclave{joiner}, chainmsg.Event{Chunk: &chainmsg.CheckpointChunkEvent{Epoch: w.Epoch, Index: 0, Chunk: make([]byte, recovery.MaxChunkBytes)}})
	n.postChunks(e)
	if joiner.Status().Joined {
		t.Fatal("the joiner loaded a checkpoint with a chunk the member did not make")
	}
	var again []chainmsg.Event
	for i, c := range n.chunks(w.Epoch) {
		again = append(again, chainmsg.Event{Chunk: &chainmsg.CheckpointChunkEvent{Epoch: w.Epoch, Index: uint32(i), Chunk: c}})
	}
	n.emit(again...)
	loaded := time.Since(start)
	s := joiner.Status()
	if !s.Joined || s.StateHash != e.Status().StateHash || s.AppliedCommands != uint64(accounts)+1 {
		t.Fatalf("the joiner after a %d-chunk checkpoint: %+v", w.Chunks, s)
	}
	bytesOnLedger := 0
	for _, c := range n.chunks(s.Epoch) {
		bytesOnLedger += len(c)
	}
	t.Logf("%d accounts: checkpoint of %d chunks, %d bytes of chunks and %d of manifest on the ledger; sealed by each member at the handshake in %v; posted twice, checked by the member and loaded by the joiner in %v",
		accounts, w.Chunks, bytesOnLedger, len(w.Manifest.Manifest), made.Round(time.Millisecond), loaded.Round(time.Millisecond))
	if got, want := n.query(alice, 1, "balance", `{}`), fmt.Sprint(9*accounts); got != want {
		t.Fatalf("alice's balance on the joiner: %s, want %s", got, want)
	}
}

// TestCustodianSharesOpenCheckpoint: once governance appoints custodians
// (2 of 3), the next epoch's manifest carries a share for each; any two
// opened shares give the epoch's secret, which opens the checkpoint on the
// ledger to exactly the members' state. One share does not; nor does a
// custodian act that governance did not sign.
func TestCustodianSharesOpenCheckpoint(t *testing.T) {
	n := setupNetwork(t, 2)
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"10"}`)
	cust := newCustodians(t, 3)
	keys, pubs := cust.keys, cust.pubs
	act := func(version uint64, signers ...int) chainmsg.Event {
		var ks []*ecdsa.PrivateKey
		for _, i := range signers {
			ks = append(ks, testGovernors[i])
		}
		return chainmsg.Event{Custodians: &chainmsg.CustodiansChangedEvent{Version: version, Keys: pubs, Threshold: 2,
			Sigs: govSigs(t, chainmsg.ActCustodians, version, chainmsg.CustodiansPayload(pubs, 2), ks...)}}
	}
	n.emit(act(1, 0)) // one governor: below the threshold
	n.rotate(n.encs[0])
	epoch := n.encs[0].Status().Epoch
	if m, _ := recovery.ParseManifest(n.manifests()[epoch].Manifest); len(m.Shares) != 0 {
		t.Fatalf("an unsigned custodian act dealt %d shares", len(m.Shares))
	}
	n.emit(act(1, 0, 1))
	if m, _ := recovery.ParseManifest(n.manifests()[epoch].Manifest); len(m.Shares) != 0 {
		t.Fatal("custodians appointed mid-epoch received shares of that epoch")
	}
	n.command(alice, 1, "burn", `{"amount":"3"}`)
	n.rotate(n.encs[1])
	epoch = n.encs[0].Status().Epoch
	m, err := recovery.ParseManifest(n.manifests()[epoch].Manifest)
	if err != nil || m.Threshold != 2 || len(m.Shares) != 3 {
		t.Fatalf("manifest after the appointment: %+v, %v", m, err)
	}
	var shares [][]byte
	for i, k := range keys {
		sealed, ok := m.SealedShare(pubs[i])
		if !ok {
			t.Fatalf("no share for custodian %d", i)
		}
		s, err := recovery.OpenShare(k, testChain, testContract, epoch, sealed)
		if err != nil {
			t.Fatal(err)
		}
		shares = append(shares, s)
	}
	open := func(shares ...[]byte) (*checkpointState, error) {
		secret, err := checkpoint.Combine(shares)
		if err != nil {
			return nil, err
		}
		payload, err := checkpoint.Open(checkpoint.Key(secret, testChain, testContract, epoch), epoch, m, n.chunks(epoch))
		if err != nil {
			return nil, err
		}
		return parseCheckpointPayload(payload)
	}
	for _, pair := range [][2]int{{0, 1}, {1, 2}, {2, 0}} {
		cs, err := open(shares[pair[0]], shares[pair[1]])
		if err != nil {
			t.Fatalf("custodians %v: %v", pair, err)
		}
		if cs.stateHash != n.encs[0].Status().StateHash || cs.applied != 2 {
			t.Fatalf("custodians %v opened a state of hash %x after %d commands", pair, cs.stateHash, cs.applied)
		}
	}
	if _, err := open(shares[1]); err == nil {
		t.Fatal("one share of a 2-of-3 opened the checkpoint")
	}
	// A share opens only for its custodian and its epoch.
	sealed, _ := m.SealedShare(pubs[0])
	if _, err := recovery.OpenShare(keys[1], testChain, testContract, epoch, sealed); err == nil {
		t.Fatal("custodian 1 opened custodian 0's share")
	}
	if _, err := recovery.OpenShare(keys[0], testChain, testContract, epoch+1, sealed); err == nil {
		t.Fatal("a share opened for another epoch")
	}
}
