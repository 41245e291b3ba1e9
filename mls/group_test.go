package mls

import (
	"bytes"
	"errors"
	"testing"
)

const testSuite = MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519

type member struct {
	name string
	g    *Group
	kp   *KeyPackageSecret
}

func newKeyPackage(t testing.TB, cs CipherSuite, name string) *KeyPackageSecret {
	t.Helper()
	priv, _, err := GenerateSignatureKey(cs)
	if err != nil {
		t.Fatal(err)
	}
	kp, err := NewKeyPackage(cs, []byte(name), priv)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

func newTestGroup(t testing.TB, cs CipherSuite, name string) *Group {
	t.Helper()
	priv, _, err := GenerateSignatureKey(cs)
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGroup(cs, []byte("test group"), []byte(name), priv)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// deliver hands a commit to every group, as the ledger does.
func deliver(t *testing.T, commit []byte, groups ...*Group) {
	t.Helper()
	for _, g := range groups {
		if _, err := g.Process(commit); err != nil {
			t.Fatalf("member %d processing commit: %v", g.LeafIndex(), err)
		}
	}
}

func exporter(t *testing.T, g *Group) []byte {
	t.Helper()
	out, err := g.Exporter("anonify command key", []byte("ctx"), 32)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func assertAgree(t *testing.T, groups ...*Group) {
	t.Helper()
	want := exporter(t, groups[0])
	for _, g := range groups[1:] {
		if g.Epoch() != groups[0].Epoch() {
			t.Fatalf("epochs differ: %d vs %d", g.Epoch(), groups[0].Epoch())
		}
		if !bytes.Equal(exporter(t, g), want) {
			t.Fatalf("member %d disagrees on the exporter at epoch %d", g.LeafIndex(), g.Epoch())
		}
		if !bytes.Equal(g.EpochAuthenticator(), groups[0].EpochAuthenticator()) {
			t.Fatalf("member %d disagrees on the epoch authenticator", g.LeafIndex())
		}
	}
}

// threeMembers builds a group of A (creator), B and C in epoch 1.
func threeMembers(t *testing.T, cs CipherSuite) (a, b, c *Group) {
	t.Helper()
	a = newTestGroup(t, cs, "A")
	kpB, kpC := newKeyPackage(t, cs, "B"), newKeyPackage(t, cs, "C")
	res, err := a.Commit(CommitOptions{Add: [][]byte{kpB.KeyPackage(), kpC.KeyPackage()}})
	if err != nil {
		t.Fatal(err)
	}
	deliver(t, res.Commit, a)
	if b, err = Join(res.Welcome, kpB, nil); err != nil {
		t.Fatal(err)
	}
	if c, err = Join(res.Welcome, kpC, nil); err != nil {
		t.Fatal(err)
	}
	assertAgree(t, a, b, c)
	return a, b, c
}

func TestGroupLifecycle(t *testing.T) {
	for _, cs := range SupportedCipherSuites() {
		t.Run(cs.String(), func(t *testing.T) {
			a, b, c := threeMembers(t, cs)
			if got := len(a.Members()); got != 3 {
				t.Fatalf("members: %d, want 3", got)
			}
			if string(b.Members()[2].Identity) != "C" || b.LeafIndex() != 1 || c.LeafIndex() != 2 {
				t.Fatalf("unexpected member list %+v", b.Members())
			}

			// B rotates its keys.
			before := exporter(t, a)
			res, err := b.Commit(CommitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			deliver(t, res.Commit, a, b, c)
			assertAgree(t, a, b, c)
			if bytes.Equal(before, exporter(t, a)) {
				t.Fatal("exporter unchanged after rotation")
			}

			// A removes C. C keeps a sealed copy of its state from before.
			cSealed, err := c.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			res, err = a.Commit(CommitOptions{Remove: []uint32{c.LeafIndex()}})
			if err != nil {
				t.Fatal(err)
			}
			deliver(t, res.Commit, a, b)
			rec, err := c.Process(res.Commit)
			if err != nil || !rec.Removed {
				t.Fatalf("removed member: got %+v, %v; want Removed", rec, err)
			}
			if _, err := c.Exporter("x", nil, 16); !errors.Is(err, ErrRemoved) {
				t.Fatalf("exporter after removal: %v, want %v", err, ErrRemoved)
			}
			assertAgree(t, a, b)
			if len(a.Members()) != 2 {
				t.Fatalf("members after removal: %d", len(a.Members()))
			}

			// The remaining members keep working and post a message.
			res, err = b.Commit(CommitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			deliver(t, res.Commit, a, b)
			assertAgree(t, a, b)
			msg, err := a.EncryptApplication([]byte("transfer 10"), nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := b.Process(msg)
			if err != nil || string(got.ApplicationData) != "transfer 10" {
				t.Fatalf("application message: %+v, %v", got, err)
			}

			// C, with all of its own key material from before the removal,
			// can neither decrypt the later path secrets nor the message.
			var old Group
			if err := old.UnmarshalBinary(cSealed); err != nil {
				t.Fatal(err)
			}
			var m mlsMessage
			if err := decodeAll(res.Commit, &m); err != nil {
				t.Fatal(err)
			}
			for _, n := range m.public.content.commit.path.nodes {
				for _, ct := range n.secrets {
					for _, kp := range old.keys {
						if _, err := old.s.decryptWithLabel(kp.priv, "UpdatePathNode", nil, ct.kemOutput, ct.ciphertext); err == nil {
							t.Fatal("removed member decrypted a later path secret")
						}
					}
				}
			}
			if _, err := old.Process(msg); !errors.Is(err, ErrWrongEpoch) {
				t.Fatalf("removed member processing a later message: %v, want %v", err, ErrWrongEpoch)
			}
			if err := decodeAll(msg, &m); err != nil {
				t.Fatal(err)
			}
			if _, err := fromPrivate(old.s, m.private, old.es.senderData, old.st); err == nil {
				t.Fatal("removed member decrypted a later application message")
			}
			if bytes.Equal(exporter(t, &old), exporter(t, a)) {
				t.Fatal("removed member derives the current exporter")
			}
		})
	}
}

// TestConcurrentCommits: two members commit for the same epoch; the
// ledger orders A's first. B drops its own commit, applies A's, and
// commits again on top; everyone converges.
func TestConcurrentCommits(t *testing.T) {
	a, b, c := threeMembers(t, testSuite)
	resA, err := a.Commit(CommitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	resB, err := b.Commit(CommitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	deliver(t, resA.Commit, a, b, c)
	assertAgree(t, a, b, c)
	for _, g := range []*Group{a, b, c} {
		if _, err := g.Process(resB.Commit); !errors.Is(err, ErrWrongEpoch) {
			t.Fatalf("losing commit: %v, want %v", err, ErrWrongEpoch)
		}
	}
	resB, err = b.Commit(CommitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	deliver(t, resB.Commit, a, b, c)
	assertAgree(t, a, b, c)
}

// TestStateRoundTrip seals a member mid-life and checks the restored copy
// keeps working, including a staged commit.
func TestStateRoundTrip(t *testing.T) {
	a, b, c := threeMembers(t, testSuite)
	res, err := a.Commit(CommitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []*Group{a, b} {
		blob, err := g.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var restored Group
		if err := restored.UnmarshalBinary(blob); err != nil {
			t.Fatal(err)
		}
		blob2, _ := restored.MarshalBinary()
		if !bytes.Equal(blob, blob2) {
			t.Fatal("state does not re-encode identically")
		}
		*g = restored
	}
	deliver(t, res.Commit, a, b, c)
	assertAgree(t, a, b, c)

	blob, _ := a.MarshalBinary()
	for i := range blob {
		var g Group
		if g.UnmarshalBinary(blob[:i]) == nil {
			t.Fatalf("truncated state of %d bytes accepted", i)
		}
	}
}

// forge decodes a commit, lets f change it, and re-encodes it.
func forge(t *testing.T, commit []byte, f func(m *mlsMessage)) []byte {
	t.Helper()
	var m mlsMessage
	if err := decodeAll(commit, &m); err != nil {
		t.Fatal(err)
	}
	f(&m)
	return encode(&m)
}

// retag recomputes a PublicMessage's membership tag with the real key,
// as an insider forging other fields would.
func retag(g *Group, m *mlsMessage) {
	ac := &authenticatedContent{wireFormat: wirePublicMessage, content: m.public.content, auth: m.public.auth}
	m.public.membershipTag = membershipTag(g.s, ac, &g.ctx, g.es.membership)
}

func resign(t *testing.T, g *Group, sigPriv []byte, m *mlsMessage) {
	ac := &authenticatedContent{wireFormat: wirePublicMessage, content: m.public.content, auth: m.public.auth}
	if err := signContent(g.s, ac, &g.ctx, sigPriv); err != nil {
		t.Fatal(err)
	}
	m.public.auth.signature = ac.auth.signature
	retag(g, m)
}

func TestForgedCommits(t *testing.T) {
	a, b, c := threeMembers(t, testSuite)
	res, err := a.Commit(CommitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	good := res.Commit
	stale := func() []byte {
		// A commit for the previous epoch from a clone that is one behind.
		x, _, _ := threeMembers(t, testSuite)
		r, err := x.Commit(CommitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return forge(t, r.Commit, func(m *mlsMessage) {
			m.public.content.groupID = b.GroupID()
			m.public.content.epoch = b.Epoch() - 1
		})
	}()
	tests := []struct {
		name    string
		message []byte
		want    error
	}{
		{"wrong epoch", stale, ErrWrongEpoch},
		{"wrong group", forge(t, good, func(m *mlsMessage) { m.public.content.groupID = []byte("other") }), ErrWrongGroup},
		{"non-member sender", forge(t, good, func(m *mlsMessage) { m.public.content.sender.index = 7 }), ErrNotMember},
		{"bad membership tag", forge(t, good, func(m *mlsMessage) { m.public.membershipTag[0] ^= 1 }), ErrBadMembershipTag},
		{"bad signature", forge(t, good, func(m *mlsMessage) {
			m.public.auth.signature[0] ^= 1
			retag(b, m)
		}), ErrBadSignature},
		{"signed by another member", forge(t, good, func(m *mlsMessage) { resign(t, b, c.sigPriv, m) }), ErrBadSignature},
		{"bad confirmation tag", forge(t, good, func(m *mlsMessage) {
			m.public.auth.confirmationTag[0] ^= 1
			retag(b, m)
		}), ErrBadConfirmationTag},
		{"bad parent hash", forge(t, good, func(m *mlsMessage) {
			ln := &m.public.content.commit.path.leafNode
			ln.parentHash = bytes.Repeat([]byte{7}, len(ln.parentHash))
			if err := ln.sign(b.s, a.sigPriv, b.GroupID(), a.LeafIndex()); err != nil {
				t.Fatal(err)
			}
			resign(t, b, a.sigPriv, m)
		}), ErrBadParentHash},
		{"own commit replayed by another", forge(t, good, func(m *mlsMessage) {
			m.public.content.sender.index = b.LeafIndex()
			resign(t, b, b.sigPriv, m)
		}), ErrOwnCommitUnknown},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := b.MarshalBinary()
			if _, err := b.Process(tc.message); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			after, _ := b.MarshalBinary()
			if !bytes.Equal(before, after) {
				t.Fatal("rejected commit changed the group state")
			}
		})
	}
	deliver(t, good, a, b, c)
	assertAgree(t, a, b, c)
}

func TestJoinErrors(t *testing.T) {
	a := newTestGroup(t, testSuite, "A")
	kp, other := newKeyPackage(t, testSuite, "B"), newKeyPackage(t, testSuite, "C")
	res, err := a.Commit(CommitOptions{Add: [][]byte{kp.KeyPackage()}, OmitRatchetTree: true})
	if err != nil {
		t.Fatal(err)
	}
	deliver(t, res.Commit, a)
	tests := []struct {
		name    string
		welcome []byte
		kp      *KeyPackageSecret
		opts    *JoinOptions
		want    error
	}{
		{"not for us", res.Welcome, other, &JoinOptions{RatchetTree: a.RatchetTree()}, errWelcomeNotForUs},
		{"no tree", res.Welcome, kp, nil, errNoRatchetTree},
		{"not a welcome", res.Commit, kp, nil, errNotWelcome},
		{"tampered group info", forge(t, res.Welcome, func(m *mlsMessage) { m.welcome.encryptedGroupInfo[3] ^= 1 }), kp, &JoinOptions{RatchetTree: a.RatchetTree()}, errWelcomeDecrypt},
		{"truncated", res.Welcome[:len(res.Welcome)-1], kp, nil, errTruncated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Join(tc.welcome, tc.kp, tc.opts); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	b, err := Join(res.Welcome, kp, &JoinOptions{RatchetTree: a.RatchetTree()})
	if err != nil {
		t.Fatal(err)
	}
	assertAgree(t, a, b)
}

func TestKeyPackage(t *testing.T) {
	kp := newKeyPackage(t, testSuite, "enclave-1")
	info, err := ParseKeyPackage(kp.KeyPackage())
	if err != nil {
		t.Fatal(err)
	}
	if string(info.Identity) != "enclave-1" || info.CipherSuite != testSuite || len(info.Ref) != 32 {
		t.Fatalf("unexpected info %+v", info)
	}
	bad := forge(t, kp.KeyPackage(), func(m *mlsMessage) { m.keyPackage.leafNode.credential.identity = []byte("mallory") })
	if _, err := ParseKeyPackage(bad); !errors.Is(err, errKeyPackageSignature) {
		t.Fatalf("tampered key package: %v, want %v", err, errKeyPackageSignature)
	}
	blob, err := kp.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back KeyPackageSecret
	if err := back.UnmarshalBinary(blob); err != nil {
		t.Fatal(err)
	}
	swapped := *kp
	swapped.encPriv = kp.initPriv
	blob, _ = swapped.MarshalBinary()
	if err := back.UnmarshalBinary(blob); !errors.Is(err, errKeyPackagePrivate) {
		t.Fatalf("mismatched private key: %v, want %v", err, errKeyPackagePrivate)
	}
}

func TestCodecStrictness(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"non-minimal 2-byte length", []byte{0x40, 0x01, 0xaa}, errNonMinimal},
		{"non-minimal 4-byte length", []byte{0x80, 0x00, 0x00, 0x01, 0xaa}, errNonMinimal},
		{"prefix 0b11", []byte{0xc0, 0x00}, errVarintPrefix},
		{"truncated body", []byte{0x03, 0xaa}, errTruncated},
		{"trailing byte", []byte{0x01, 0xaa, 0xbb}, errTrailing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := parser{b: tc.in}
			p.opaque()
			if err := p.finish(); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestRejectedPrivateMessageKeepsState checks that a private message that
// decrypts but fails verification leaves the receiver able to read the
// next genuine message from the same sender.
func TestRejectedPrivateMessageKeepsState(t *testing.T) {
	a, b, _ := threeMembers(t, testSuite)
	m1, err := a.EncryptApplication([]byte("one"), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Re-encrypt m1's content under a forged signature: it decrypts with
	// the right key but fails the signature check.
	var m mlsMessage
	if err := decodeAll(m1, &m); err != nil {
		t.Fatal(err)
	}
	st := b.st.clone()
	ac, err := fromPrivate(b.s, m.private, b.es.senderData, st)
	if err != nil {
		t.Fatal(err)
	}
	ac.auth.signature[0] ^= 1
	forged, err := toPrivate(b.s, ac, b.es.senderData, a.st.clone(), 0)
	if err != nil {
		t.Fatal(err)
	}
	wire := encode(&mlsMessage{version: 1, wireFormat: wirePrivateMessage, private: forged})
	if _, err := b.Process(wire); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("forged private message: %v, want %v", err, ErrBadSignature)
	}
	got, err := b.Process(m1)
	if err != nil || string(got.ApplicationData) != "one" {
		t.Fatalf("genuine message after a rejected one: %+v, %v", got, err)
	}
	if _, err := b.Process(m1); !errors.Is(err, errGenerationUsed) {
		t.Fatalf("replayed message: %v, want %v", err, errGenerationUsed)
	}
}
