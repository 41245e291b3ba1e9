package enclave

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// expelled is the expulsion event governance signs (two of three).
func expelled(t testing.TB, id common.Address) chainmsg.Event {
	return chainmsg.Event{Expelled: &chainmsg.ExpelledEvent{Identity: id,
		Sigs: govSigs(t, chainmsg.ActExpel, 0, chainmsg.AddressPayload(id), testGovernors[1], testGovernors[2])}}
}

func (n *network) handshake(from *Enclave, h *Handshake) {
	n.t.Helper()
	n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: h.Epoch, Committer: from.Identity(), Payload: h.Payload, Adds: h.Adds, Removes: h.Removes}})
}

// TestRotateAndRemove: three members; one rotates; another is removed. The
// removed enclave, with all of its own key material, cannot decrypt what
// is posted after its removal, while the others keep applying.
func TestRotateAndRemove(t *testing.T) {
	n := setupNetwork(t, 3)
	alice, bob := newUser(t), newUser(t)
	n.command(alice, 0, "init", `{"supply":"100"}`)

	h, err := n.encs[1].Rotate()
	if err != nil {
		t.Fatal(err)
	}
	epochBefore := n.encs[0].Status().MLSEpoch
	n.handshake(n.encs[1], h)
	for i, e := range n.encs {
		if s := e.Status(); s.MLSEpoch != epochBefore+1 || s.Epoch != h.Epoch+1 {
			t.Fatalf("node %d after rotation: %+v", i, s)
		}
	}
	n.command(alice, 2, "transfer", `{"to":"`+bob.addr().Hex()+`","amount":"10"}`)

	victim := n.encs[2]
	// Everything the victim holds before its removal, sealed.
	sealedBefore, err := victim.Seal()
	if err != nil {
		t.Fatal(err)
	}
	// Removal needs governance: without an expulsion every member refuses.
	if _, err := n.encs[0].Remove(victim.Identity()); !errors.Is(err, ErrRequest) {
		t.Fatalf("removal without expulsion: %v", err)
	}
	n.emit(expelled(t, victim.Identity()))
	rm, err := n.encs[0].Remove(victim.Identity())
	if err != nil {
		t.Fatal(err)
	}
	n.handshake(n.encs[0], rm)
	if s := victim.Status(); s.Member || s.Joined {
		t.Fatalf("removed enclave still thinks it is a member: %+v", s)
	}
	if _, err := victim.NextBatch(0, 1); err != nil {
		t.Fatal(err)
	}
	n.command(alice, 1, "transfer", `{"to":"`+bob.addr().Hex()+`","amount":"5"}`)
	after := n.log[len(n.log)-1].Commands
	if after == nil || after.Epoch != rm.Epoch+1 {
		t.Fatalf("expected a command batch in epoch %d, got %+v", rm.Epoch+1, n.log[len(n.log)-1])
	}

	// Reopen the victim's pre-removal state and try every secret it has.
	old, err := Restore(context.Background(), victim.cfg, victim.Identity(), sealedBefore)
	if err != nil {
		t.Fatal(err)
	}
	g := old.st.group
	if _, err := g.Secret(after.Epoch); !errors.Is(err, groupkey.ErrEpoch) {
		t.Fatalf("victim holds a secret for the post-removal epoch: %v", err)
	}
	for e := uint64(0); e <= after.Epoch; e++ {
		s, err := g.Secret(e)
		if err != nil {
			continue
		}
		if _, err := openCiphertext(s, after.Epoch, testChain, testContract, after.Ciphertexts[0]); err == nil {
			t.Fatalf("victim's epoch-%d secret opens a post-removal ciphertext", e)
		}
	}
	// Even processing the expulsion and the removal commit with its own
	// state does not give it the next epoch.
	x := len(n.log) - 1
	for x >= 0 && n.log[x].Expelled == nil {
		x--
	}
	if x < 0 || n.log[x+1].Handshake == nil {
		t.Fatal("log does not end with expulsion, removal, checkpoint, commands")
	}
	if err := old.Apply(n.log[x : x+2]); err != nil {
		t.Fatal(err)
	}
	if old.st.group != nil {
		t.Fatal("victim's own state processed its removal and kept a group")
	}
	// The remaining members agree and keep working.
	if n.encs[0].Status().StateHash != n.encs[1].Status().StateHash {
		t.Fatal("remaining members diverged")
	}
	if got := n.query(bob, 0, "balance", `{}`); got != "15" {
		t.Fatalf("bob's balance %s, want 15", got)
	}
	if _, err := victim.Submit(mustRequest(t, alice, victim)); !errors.Is(err, ErrNotReady) {
		t.Fatalf("removed enclave accepted a request: %v", err)
	}
}

func mustRequest(t *testing.T, u *user, e *Enclave) []byte {
	sealed, _ := u.request(t, e, "query", "balance", `{}`)
	return sealed
}

// TestConcurrentCommits: two members commit for the same epoch; the ledger
// orders one (the contract refuses the other), both converge, and the
// loser rebases onto the new epoch.
func TestConcurrentCommits(t *testing.T) {
	n := setupNetwork(t, 3)
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"1"}`)
	h1, err := n.encs[1].Rotate()
	if err != nil {
		t.Fatal(err)
	}
	h2, err := n.encs[2].Rotate()
	if err != nil {
		t.Fatal(err)
	}
	if h1.Epoch != h2.Epoch {
		t.Fatal("both commits should be for the same epoch")
	}
	// Asking again while in flight returns the same staged handshake.
	again, _ := n.encs[1].Rotate()
	if !bytes.Equal(again.Payload, h1.Payload) {
		t.Fatal("a retried rotation produced a second commit for the epoch")
	}
	if _, err := n.encs[1].Admit(n.encs[0].Identity()); !errors.Is(err, ErrAdmission) {
		t.Fatalf("admitting a member: %v", err)
	}
	n.emit(expelled(t, n.encs[0].Identity()))
	if _, err := n.encs[1].Remove(n.encs[0].Identity()); !errors.Is(err, ErrBusy) {
		t.Fatalf("a different commit while one is in flight: %v", err)
	}
	n.handshake(n.encs[1], h1) // the contract takes h1; h2 reverts with WrongEpoch
	want := n.encs[0].Status()
	for i, e := range n.encs {
		if s := e.Status(); s.MLSEpoch != want.MLSEpoch || s.Epoch != want.Epoch {
			t.Fatalf("node %d: %+v, node 0: %+v", i, s, want)
		}
	}
	h3, err := n.encs[2].Rotate()
	if err != nil {
		t.Fatalf("loser cannot rebase: %v", err)
	}
	if h3.Epoch != h1.Epoch+1 || bytes.Equal(h3.Payload, h2.Payload) {
		t.Fatal("rebased commit should be new and for the next epoch")
	}
	n.handshake(n.encs[2], h3)
	n.command(alice, 2, "burn", `{"amount":"1"}`)
	for i, e := range n.encs {
		if e.Status().StateHash != n.encs[0].Status().StateHash || e.Status().MLSEpoch != want.MLSEpoch+1 {
			t.Fatalf("node %d diverged: %+v", i, e.Status())
		}
	}
}

// TestForgedHandshakes: commits the enclaves must refuse leave everything
// unchanged but the ledger epoch, and the group keeps working.
func TestForgedHandshakes(t *testing.T) {
	n := setupNetwork(t, 2)
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"3"}`)
	outsider := setupNetwork(t, 1).encs[0] // a real MLS member of another group
	foreign, err := outsider.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	good, _ := n.encs[1].Rotate()
	commit, welcome, _ := decodeHandshake(good.Payload)
	tampered := bytes.Clone(commit)
	tampered[len(tampered)-10] ^= 1
	cases := []struct {
		name    string
		payload []byte
	}{
		{"garbage", []byte("not a handshake")},
		{"commit of another group", foreign.Payload},
		{"tampered signature or tag", encodeHandshake(tampered, welcome)},
	}
	for _, c := range cases {
		before := n.encs[0].Status()
		n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: before.Epoch, Committer: n.encs[1].Identity(), Payload: c.payload}})
		for i, e := range n.encs {
			s := e.Status()
			if s.MLSEpoch != before.MLSEpoch || s.StateHash != before.StateHash || !s.Joined || s.Epoch != before.Epoch+1 {
				t.Fatalf("%s: node %d changed: %+v -> %+v", c.name, i, before, s)
			}
		}
		n.command(alice, 1, "burn", `{"amount":"1"}`)
	}
	if got := n.query(alice, 0, "balance", `{}`); got != "0" {
		t.Fatalf("balance %s, want 0 after three burns", got)
	}
	if n.encs[0].Status().StateHash != n.encs[1].Status().StateHash {
		t.Fatal("members diverged")
	}
}
