package enclave

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/mls"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// The hostile-host suite at the enclave boundary: each case is one host
// feeding its own enclave (or every enclave, when the lie is on the ledger
// itself, as a malicious member enclave could put it there) an event that
// an honest ledger would never have carried. Every enclave must refuse it
// and keep its state: same policy, same members, same state hash.

// feed hands evs to the given enclaves only, as a lying host does.
func (n *network) feed(to []*Enclave, evs ...chainmsg.Event) {
	n.t.Helper()
	n.block++
	for i := range evs {
		evs[i].Position = chainmsg.Position{Block: n.block, Index: uint64(i)}
	}
	for _, e := range to {
		if err := e.Apply(evs); err != nil {
			n.t.Fatalf("%s apply: %v", e.Identity().Hex(), err)
		}
	}
}

// modified is an enclave built from another binary: its measurement is not
// the one the genesis policy allows.
func modified(t testing.TB) *Enclave {
	return newTestEnclave(t, bytes.Repeat([]byte{0x66}, 48))
}

// policyAllowing is a policy that also admits the modified binary.
func policyAllowing(t testing.TB) []byte {
	p := attest.DevPolicy(testMeasure)
	p.Kinds[0].Measurements = append(p.Kinds[0].Measurements, attest.Measurement{Registers: map[string]attest.HexBytes{"MEASUREMENT": bytes.Repeat([]byte{0x66}, 48)}})
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type snapshot struct {
	policyVersion uint64
	members       int
	hash          common.Hash
	mlsEpoch      uint64
}

func snap(e *Enclave) snapshot {
	s := e.Status()
	e.mu.Lock()
	defer e.mu.Unlock()
	return snapshot{e.st.policyVersion, s.Members, s.StateHash, s.MLSEpoch}
}

func TestHostileGovernance(t *testing.T) {
	evil := policyAllowing(t)
	evilHash := crypto.Keccak256Hash(evil)
	outsider := testKey(9)
	for _, tc := range []struct {
		name string
		ev   func(t *testing.T) chainmsg.Event
	}{
		{"policy without signatures", func(t *testing.T) chainmsg.Event {
			return chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: evil}}
		}},
		{"policy signed by one governor of the two needed", func(t *testing.T) chainmsg.Event {
			return chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: evil,
				Sigs: govSigs(t, chainmsg.ActPolicy, 2, evilHash, testGovernors[0])}}
		}},
		{"policy signed twice by the same governor", func(t *testing.T) chainmsg.Event {
			return chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: evil,
				Sigs: govSigs(t, chainmsg.ActPolicy, 2, evilHash, testGovernors[0], testGovernors[0])}}
		}},
		{"policy signed by outsiders", func(t *testing.T) chainmsg.Event {
			return chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: evil,
				Sigs: govSigs(t, chainmsg.ActPolicy, 2, evilHash, outsider, testKey(10))}}
		}},
		{"altered policy under valid signatures", func(t *testing.T) chainmsg.Event {
			return chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: evil,
				Sigs: govSigs(t, chainmsg.ActPolicy, 2, crypto.Keccak256Hash(testPolicy), testGovernors[0], testGovernors[1])}}
		}},
		{"signatures for another version", func(t *testing.T) chainmsg.Event {
			return chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: evil,
				Sigs: govSigs(t, chainmsg.ActPolicy, 3, evilHash, testGovernors[0], testGovernors[1])}}
		}},
		{"signatures for a founder act", func(t *testing.T) chainmsg.Event {
			return chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: evil,
				Sigs: govSigs(t, chainmsg.ActFounder, 2, evilHash, testGovernors[0], testGovernors[1])}}
		}},
		{"version 1 replaced", func(t *testing.T) chainmsg.Event {
			return chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 1, Policy: evil}}
		}},
		{"version skipped ahead", func(t *testing.T) chainmsg.Event {
			return chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 5, Policy: evil,
				Sigs: govSigs(t, chainmsg.ActPolicy, 5, evilHash, testGovernors[0], testGovernors[1])}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := setupNetwork(t, 2)
			alice := newUser(t)
			n.command(alice, 0, "init", `{"supply":"7"}`)
			before := snap(n.encs[0])
			n.emit(tc.ev(t))
			// The modified binary registers; the lie would make it admissible.
			m := modified(t)
			n.emit(register(t, m))
			if got := n.encs[0].Admissible(); len(got) != 0 {
				t.Fatalf("a forged policy made %v admissible", got)
			}
			if _, err := n.encs[0].Admit(m.Identity()); err == nil {
				t.Fatal("a member staged the admission of a modified binary")
			}
			if after := snap(n.encs[0]); after != before {
				t.Fatalf("state changed: %+v -> %+v", before, after)
			}
		})
	}
}

// TestGovernanceAccepted: the same path accepts what the governors signed,
// and refuses a replay or an older version afterwards.
func TestGovernanceAccepted(t *testing.T) {
	n := setupNetwork(t, 2)
	evil := policyAllowing(t)
	v2 := chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: evil,
		Sigs: govSigs(t, chainmsg.ActPolicy, 2, crypto.Keccak256Hash(evil), testGovernors[2], testGovernors[1])}}
	n.emit(v2)
	m := modified(t)
	n.emit(register(t, m))
	if got := n.encs[0].Admissible(); len(got) != 1 || got[0] != m.Identity() {
		t.Fatalf("admissible after a signed policy: %v", got)
	}
	// Replaying version 2, or version 1, changes nothing.
	n.emit(v2)
	n.emit(chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 1, Policy: testPolicy}})
	if v := snap(n.encs[0]).policyVersion; v != 2 {
		t.Fatalf("policy version %d after replays, want 2", v)
	}
}

func TestHostileFounder(t *testing.T) {
	for _, tc := range []struct {
		name string
		sigs func(t *testing.T, id common.Address) [][]byte
	}{
		{"no signatures", func(t *testing.T, id common.Address) [][]byte { return nil }},
		{"one governor", func(t *testing.T, id common.Address) [][]byte {
			return govSigs(t, chainmsg.ActFounder, 0, chainmsg.AddressPayload(id), testGovernors[0])
		}},
		{"signed for another identity", func(t *testing.T, id common.Address) [][]byte {
			return govSigs(t, chainmsg.ActFounder, 0, chainmsg.AddressPayload(common.Address{1}), testGovernors[0], testGovernors[1])
		}},
		{"signed by the host's own keys", func(t *testing.T, id common.Address) [][]byte {
			return govSigs(t, chainmsg.ActFounder, 0, chainmsg.AddressPayload(id), testKey(20), testKey(21))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := &network{t: t, seq: map[common.Address]uint64{}}
			e := newTestEnclave(t, testMeasure)
			n.encs = []*Enclave{e}
			n.emit(chainmsg.Event{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 1, Policy: testPolicy}})
			n.emit(register(t, e))
			n.emit(chainmsg.Event{Founded: &chainmsg.FoundedEvent{Identity: e.Identity(), Sigs: tc.sigs(t, e.Identity())}})
			if s := e.Status(); s.Member || s.Joined {
				t.Fatalf("a forged founding made the enclave found a group: %+v", s)
			}
			// The authentic founding still works afterwards.
			n.emit(founded(t, e.Identity(), 0))
			if s := e.Status(); !s.Joined {
				t.Fatalf("authentic founding refused: %+v", s)
			}
			// And its replay does nothing.
			n.emit(founded(t, e.Identity(), 0))
		})
	}
}

// TestHostileMembership: a host-supplied membership list changes nothing;
// a commit adding a refused enclave, or removing a member governance did
// not expel, is refused by every honest member the same way.
func TestHostileMembership(t *testing.T) {
	t.Run("host-supplied adds", func(t *testing.T) {
		n := setupNetwork(t, 2)
		m := modified(t)
		n.emit(register(t, m))
		before := snap(n.encs[1])
		h, err := n.encs[0].Rotate()
		if err != nil {
			t.Fatal(err)
		}
		// The host claims the rotation also added the modified enclave.
		n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: h.Epoch, Committer: n.encs[0].Identity(), Payload: h.Payload, Adds: []common.Address{m.Identity()}}})
		for _, e := range n.encs {
			if e.inGroup(m.Identity()) || e.Status().Members != before.members {
				t.Fatalf("%s counts the host's member", e.Identity().Hex())
			}
		}
		if s := m.Status(); s.Member {
			t.Fatal("the modified enclave joined")
		}
	})
	t.Run("commit adding a refused enclave", func(t *testing.T) {
		n := setupNetwork(t, 3)
		alice := newUser(t)
		n.command(alice, 1, "init", `{"supply":"3"}`)
		m := modified(t)
		n.emit(register(t, m))
		before := snap(n.encs[1])
		// A member enclave under attack (or a host that stole its keys)
		// commits the Add without the admission check.
		bad := n.encs[0]
		res, err := bad.st.group.Commit(mls.CommitOptions{Add: [][]byte{m.kp.KeyPackage()}})
		if err != nil {
			t.Fatal(err)
		}
		n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: bad.Status().Epoch, Committer: bad.Identity(),
			Payload: encodeHandshake(res.Commit, res.Welcome), Adds: []common.Address{m.Identity()}}})
		for _, e := range n.encs[1:] {
			if e.inGroup(m.Identity()) {
				t.Fatalf("%s accepted the refused enclave", e.Identity().Hex())
			}
			if s := snap(e); s.hash != before.hash || s.mlsEpoch != before.mlsEpoch {
				t.Fatalf("honest member moved: %+v -> %+v", before, s)
			}
		}
		if m.Status().Member {
			t.Fatal("the refused enclave joined through a Welcome from a real member")
		}
	})
	t.Run("removal without expulsion", func(t *testing.T) {
		n := setupNetwork(t, 3)
		before := snap(n.encs[1])
		bad := n.encs[0]
		leaf := bad.st.group.Members()[n.encs[2].Identity()]
		res, err := bad.st.group.Commit(mls.CommitOptions{Remove: []uint32{leaf}})
		if err != nil {
			t.Fatal(err)
		}
		n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: bad.Status().Epoch, Committer: bad.Identity(),
			Payload: encodeHandshake(res.Commit, nil), Removes: []common.Address{n.encs[2].Identity()}}})
		for _, e := range n.encs[1:] {
			if !e.inGroup(n.encs[2].Identity()) || snap(e).mlsEpoch != before.mlsEpoch {
				t.Fatalf("%s applied an unauthorised removal", e.Identity().Hex())
			}
		}
		if !n.encs[2].Status().Joined {
			t.Fatal("the victim left")
		}
	})
}

// TestHostileWelcome: a host builds its own group around its joiner's
// KeyPackage, and then forges the state transfer; the joiner takes neither.
func TestHostileWelcome(t *testing.T) {
	n := setupNetwork(t, 2)
	newJoiner := func() *Enclave {
		j := newTestEnclave(t, testMeasure)
		for _, ev := range n.log {
			if err := j.Apply([]chainmsg.Event{ev}); err != nil {
				t.Fatal(err)
			}
		}
		n.encs = append(n.encs, j)
		n.emit(register(t, j))
		return j
	}
	for _, tc := range []struct {
		name  string
		build func(t *testing.T) (signer common.Address)
	}{
		{"unregistered committer", func(t *testing.T) common.Address { return common.Address{0xee} }},
		{"registered but refused committer", func(t *testing.T) common.Address {
			m := modified(t)
			n.emit(register(t, m))
			return m.Identity()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			joiner := newJoiner()
			defer func() { n.encs = n.encs[:len(n.encs)-1] }() // its host lied to it; it is out of step
			id := tc.build(t)
			sigPriv, _, err := groupkey.NewSigner(id)
			if err != nil {
				t.Fatal(err)
			}
			fake, err := groupkey.Found(groupkey.GroupID(testChain, testContract), id, sigPriv, 0)
			if err != nil {
				t.Fatal(err)
			}
			res, err := fake.Commit(mls.CommitOptions{Add: [][]byte{joiner.kp.KeyPackage()}})
			if err != nil {
				t.Fatal(err)
			}
			n.feed([]*Enclave{joiner}, chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: joiner.Status().Epoch, Committer: id,
				Payload: encodeHandshake(res.Commit, res.Welcome), Adds: []common.Address{joiner.Identity()}}})
			if s := joiner.Status(); s.Member {
				t.Fatalf("the joiner entered the host's group: %+v", s)
			}
		})
	}
	joiner := newJoiner()
	// The real admission: the joiner loads the epoch's checkpoint.
	h, err := n.encs[0].Admit(joiner.Identity())
	if err != nil {
		t.Fatal(err)
	}
	n.handshake(n.encs[0], h)
	if s := joiner.Status(); !s.Joined {
		t.Fatalf("joiner after the real Welcome and its checkpoint: %+v", s)
	}
	if joiner.Status().StateHash != n.encs[0].Status().StateHash || joiner.Status().AppliedCommands != n.encs[0].Status().AppliedCommands {
		t.Fatal("joiner and committer disagree")
	}
}

// TestHostileRollback: the host restarts an enclave from an older sealed
// blob. Past its own batches it catches up from the ledger and says so;
// past its own group-key commit it cannot follow the group and refuses to
// serve, saying why. Either way the honest members are unaffected.
func TestHostileRollback(t *testing.T) {
	t.Run("past its own batches", func(t *testing.T) {
		n := setupNetwork(t, 2)
		alice := newUser(t)
		n.command(alice, 0, "init", `{"supply":"9"}`)
		e := n.encs[1]
		old, err := e.Seal()
		if err != nil {
			t.Fatal(err)
		}
		pos := e.Status().Position
		n.command(alice, 1, "burn", `{"amount":"1"}`) // a batch signed by e
		restored, err := Restore(context.Background(), e.cfg, e.Identity(), old)
		if err != nil {
			t.Fatal(err)
		}
		var rest []chainmsg.Event
		for _, ev := range n.log {
			if pos.Less(ev.Position) {
				rest = append(rest, ev)
			}
		}
		if err := restored.Apply(rest); err != nil {
			t.Fatal(err)
		}
		restored.mu.Lock()
		signed := restored.st.signedSeq
		restored.mu.Unlock()
		if signed != n.seq[e.Identity()] {
			t.Fatalf("restored enclave did not notice its own later batch: signedSeq %d, ledger %d", signed, n.seq[e.Identity()])
		}
		if restored.Status().StateHash != n.encs[0].Status().StateHash || restored.Status().Stale != "" {
			t.Fatalf("restored enclave did not catch up: %+v", restored.Status())
		}
	})
	t.Run("past its own commit", func(t *testing.T) {
		n := setupNetwork(t, 2)
		e := n.encs[1]
		old, err := e.Seal()
		if err != nil {
			t.Fatal(err)
		}
		pos := e.Status().Position
		h, err := e.Rotate()
		if err != nil {
			t.Fatal(err)
		}
		n.handshake(e, h)
		restored, err := Restore(context.Background(), e.cfg, e.Identity(), old)
		if err != nil {
			t.Fatal(err)
		}
		var rest []chainmsg.Event
		for _, ev := range n.log {
			if pos.Less(ev.Position) {
				rest = append(rest, ev)
			}
		}
		if err := restored.Apply(rest); err != nil {
			t.Fatal(err)
		}
		s := restored.Status()
		if !strings.Contains(s.Stale, "rolled back") && !strings.Contains(s.Stale, "older than its own group-key commit") {
			t.Fatalf("restored enclave does not say it is stale: %+v", s)
		}
		alice := newUser(t)
		sealed, _ := alice.request(t, restored, "query", "balance", `{}`)
		if _, err := restored.Submit(sealed); !errors.Is(err, ErrNotReady) || !strings.Contains(err.Error(), "start a new enclave") {
			t.Fatalf("stale enclave served a request: %v", err)
		}
		if _, err := restored.Rotate(); !errors.Is(err, ErrNotReady) {
			t.Fatalf("stale enclave staged a commit: %v", err)
		}
		// The live enclave and the other member carry on.
		n.command(alice, 0, "init", `{"supply":"1"}`)
		if n.encs[0].Status().StateHash != e.Status().StateHash {
			t.Fatal("honest members diverged")
		}
	})
}

// TestRegistrationsBounded: a flood of registrations cannot grow an
// enclave's memory without bound; the ones past the limit are not kept
// and cannot be admitted, the same way on every member.
func TestRegistrationsBounded(t *testing.T) {
	n := setupNetwork(t, 2)
	old := maxRegistrations
	defer func() { maxRegistrations = old }()
	maxRegistrations = len(n.encs) + 1
	kept, dropped := newTestEnclave(t, testMeasure), newTestEnclave(t, testMeasure)
	n.emit(register(t, kept))
	n.emit(register(t, dropped))
	for _, e := range n.encs {
		got := e.Admissible()
		if len(got) != 1 || got[0] != kept.Identity() {
			t.Fatalf("%s: admissible %v, want only the registration within the limit", e.Identity().Hex(), got)
		}
		if _, err := e.Admit(dropped.Identity()); !errors.Is(err, ErrAdmission) {
			t.Fatalf("admitted a registration past the limit: %v", err)
		}
	}
}
