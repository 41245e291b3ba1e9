package enclave

import (
	"bytes"
	"context"
	"crypto/hpke"
	"fmt"
	"slices"
	"testing"

	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

func newAuditor(t testing.TB) (hpke.PrivateKey, [32]byte) {
	t.Helper()
	k, err := audit.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	var pub [32]byte
	copy(pub[:], k.PublicKey().Bytes())
	return k, pub
}

// appointed is the auditor event governance signs (two of three).
func appointed(t testing.TB, nonce uint64, key [32]byte, scope string) chainmsg.Event {
	return chainmsg.Event{Auditor: &chainmsg.AuditorChangedEvent{Key: key, Scope: []byte(scope), Nonce: nonce,
		Sigs: govSigs(t, chainmsg.ActAuditor, nonce, chainmsg.AuditorPayload(key, []byte(scope)), testGovernors[0], testGovernors[1])}}
}

// pendingRecords is a copy of the enclave's records not yet on the ledger.
func pendingRecords(e *Enclave) [][]byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.st.audit.Pending)
}

// postAudit has e post its records and the ledger carry the post to all.
func (n *network) postAudit(e *Enclave) *chainmsg.AuditPost {
	n.t.Helper()
	p, err := e.NextAudit()
	if err != nil || p == nil {
		n.t.Fatalf("NextAudit: %v, %v", p, err)
	}
	n.emit(chainmsg.Event{Audit: &chainmsg.AuditEvent{Enclave: e.Identity(), Epoch: p.Epoch, Seq: p.Seq, Header: p.Header, Records: p.Records}})
	return p
}

func opens(t testing.TB, k hpke.PrivateKey, records [][]byte) []*audit.Record {
	t.Helper()
	var out []*audit.Record
	for _, b := range records {
		if r, err := audit.OpenRecord(k, testChain, testContract, b); err == nil {
			out = append(out, r)
		}
	}
	return out
}

// TestAuditRecordsIdentical: every member writes the same audit records,
// byte for byte, whichever enclave the commands went through, and a
// joiner admitted later receives the audit state with the app state and
// writes the same records as the others from then on. One member's post
// takes the records off every member's list.
func TestAuditRecordsIdentical(t *testing.T) {
	n := setupNetwork(t, 3)
	k, pub := newAuditor(t)
	alice, bob := newUser(t), newUser(t)
	n.command(alice, 0, "init", `{"supply":"100"}`)
	n.emit(appointed(t, 1, pub, "erc20"))
	n.command(alice, 1, "transfer", fmt.Sprintf(`{"to":"%s","amount":"7"}`, bob.addr().Hex()))
	n.command(bob, 2, "transfer", fmt.Sprintf(`{"to":"%s","amount":"9"}`, alice.addr().Hex())) // rejected

	// A fourth enclave joins after the appointment.
	late := newTestEnclave(t, testMeasure)
	if err := late.Apply(n.log); err != nil { // it reads the ledger from the start
		t.Fatal(err)
	}
	n.encs = append(n.encs, late)
	n.emit(register(t, late))
	h, err := n.encs[0].Admit(late.Identity())
	if err != nil {
		t.Fatal(err)
	}
	n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: h.Epoch, Committer: n.encs[0].Identity(), Payload: h.Payload, Adds: h.Adds}})
	n.flush(n.encs[0])
	if !late.Status().Joined {
		t.Fatal("the late enclave did not join")
	}
	n.command(bob, 3, "transfer", fmt.Sprintf(`{"to":"%s","amount":"2"}`, alice.addr().Hex()))

	want := pendingRecords(n.encs[0])
	if len(want) != 4 {
		t.Fatalf("%d records, want a snapshot and three commands", len(want))
	}
	for i, e := range n.encs[1:] {
		if got := pendingRecords(e); !slices.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("enclave %d holds other records than enclave 0", i+1)
		}
	}
	var summary []string
	for _, r := range opens(t, k, want) {
		summary = append(summary, fmt.Sprintf("%d %s %s %v", r.Seq, r.Kind, r.Function, r.OK))
	}
	if w := []string{"0 snapshot  false", "1 command transfer true", "2 command transfer false", "3 command transfer true"}; !slices.Equal(summary, w) {
		t.Fatalf("records %q, want %q", summary, w)
	}

	// The late joiner posts; every member finds its own records in the
	// post and forgets them.
	p := n.postAudit(late)
	if len(p.Records) != 4 {
		t.Fatalf("post of %d records, want 4 (a power of two)", len(p.Records))
	}
	for i, e := range n.encs {
		if s := e.Status(); s.AuditPending != 0 || s.AuditDiverged != 0 {
			t.Fatalf("enclave %d after the post: %d pending, %d diverged", i, s.AuditPending, s.AuditDiverged)
		}
	}
	// Padding: three records pad to four, and the fourth opens for nobody.
	n.command(alice, 2, "transfer", fmt.Sprintf(`{"to":"%s","amount":"1"}`, bob.addr().Hex()))
	n.command(alice, 2, "transfer", fmt.Sprintf(`{"to":"%s","amount":"1"}`, bob.addr().Hex()))
	n.command(alice, 2, "transfer", fmt.Sprintf(`{"to":"%s","amount":"1"}`, bob.addr().Hex()))
	p = n.postAudit(n.encs[1])
	if len(p.Records) != 4 || len(opens(t, k, p.Records)) != 3 {
		t.Fatalf("post of %d records, %d open; want 4 and 3", len(p.Records), len(opens(t, k, p.Records)))
	}
	for _, r := range p.Records {
		if len(r) != len(p.Records[0]) {
			t.Fatal("padding records differ in size from the real ones")
		}
	}
}

// TestHostileAudit: a host cannot appoint an auditor of its own, replay an
// old appointment, or make its enclave forget records with a post that is
// not the members' own.
func TestHostileAudit(t *testing.T) {
	_, pub := newAuditor(t)
	_, evilPub := newAuditor(t)
	tests := []struct {
		name string
		ev   func(t *testing.T, n *network) chainmsg.Event
	}{
		{"appointment without signatures", func(t *testing.T, n *network) chainmsg.Event {
			return chainmsg.Event{Auditor: &chainmsg.AuditorChangedEvent{Key: evilPub, Scope: []byte("erc20"), Nonce: 2}}
		}},
		{"one governor's signature", func(t *testing.T, n *network) chainmsg.Event {
			return chainmsg.Event{Auditor: &chainmsg.AuditorChangedEvent{Key: evilPub, Scope: []byte("erc20"), Nonce: 2,
				Sigs: govSigs(t, chainmsg.ActAuditor, 2, chainmsg.AuditorPayload(evilPub, []byte("erc20")), testGovernors[0])}}
		}},
		{"signatures over another scope", func(t *testing.T, n *network) chainmsg.Event {
			ev := appointed(t, 2, pub, "erc20:functions=approve")
			ev.Auditor.Scope = []byte("erc20")
			return ev
		}},
		{"signatures over another key", func(t *testing.T, n *network) chainmsg.Event {
			ev := appointed(t, 2, pub, "erc20")
			ev.Auditor.Key = evilPub
			return ev
		}},
		{"replayed appointment", func(t *testing.T, n *network) chainmsg.Event { return appointed(t, 1, pub, "erc20") }},
		{"skipped act number", func(t *testing.T, n *network) chainmsg.Event { return appointed(t, 3, evilPub, "erc20") }},
		{"non-member's post", func(t *testing.T, n *network) chainmsg.Event {
			p, err := n.encs[0].NextAudit()
			if err != nil {
				t.Fatal(err)
			}
			p.Header = bytes.Repeat([]byte{1}, len(p.Header))
			return chainmsg.Event{Audit: &chainmsg.AuditEvent{Enclave: addrOf(testKey(9)), Epoch: p.Epoch, Seq: p.Seq, Header: p.Header, Records: p.Records}}
		}},
		{"member's post with a record changed", func(t *testing.T, n *network) chainmsg.Event {
			p, err := n.encs[0].NextAudit()
			if err != nil {
				t.Fatal(err)
			}
			p.Records[0] = slices.Clone(p.Records[0])
			p.Records[0][40] ^= 1
			return chainmsg.Event{Audit: &chainmsg.AuditEvent{Enclave: n.encs[0].Identity(), Epoch: p.Epoch, Seq: p.Seq, Header: p.Header, Records: p.Records}}
		}},
		{"member's post with a record dropped", func(t *testing.T, n *network) chainmsg.Event {
			p, err := n.encs[0].NextAudit()
			if err != nil {
				t.Fatal(err)
			}
			return chainmsg.Event{Audit: &chainmsg.AuditEvent{Enclave: n.encs[0].Identity(), Epoch: p.Epoch, Seq: p.Seq, Header: p.Header, Records: p.Records[1:]}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := setupNetwork(t, 2)
			alice := newUser(t)
			n.emit(appointed(t, 1, pub, "erc20:functions=init"))
			n.command(alice, 0, "init", `{"supply":"5"}`)
			before := pendingRecords(n.encs[1])
			n.feed(n.encs[1:], tc.ev(t, n))
			// The lie changes nothing: the same records wait, and a
			// command outside the real scope writes none.
			n.command(alice, 0, "transfer", fmt.Sprintf(`{"to":"%s","amount":"1"}`, addrOf(testKey(3)).Hex()))
			if got := pendingRecords(n.encs[1]); !slices.EqualFunc(got, before, bytes.Equal) {
				t.Fatalf("records changed: %d before, %d after", len(before), len(got))
			}
			// Nothing is lost: after the honest post, the lied-to enclave
			// has either seen its records posted or still holds them and
			// posts them itself (the auditor drops the duplicate by Seq).
			n.postAudit(n.encs[0])
			if s := n.encs[1].Status(); s.AuditPending != 0 {
				p, err := n.encs[1].NextAudit()
				if err != nil || p == nil || !slices.EqualFunc(p.Records[:len(before)], before, bytes.Equal) {
					t.Fatalf("the lied-to enclave holds %d records and would not post them: %v", s.AuditPending, err)
				}
			}
		})
	}
}

// TestAuditSealed: the audit state survives a restart from the sealed blob.
func TestAuditSealed(t *testing.T) {
	n := setupNetwork(t, 2)
	_, pub := newAuditor(t)
	n.emit(appointed(t, 1, pub, "erc20"))
	n.command(newUser(t), 0, "init", `{"supply":"5"}`)
	blob, err := n.encs[1].Seal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Restore(context.Background(), n.encs[1].cfg, n.encs[1].Identity(), blob)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pendingRecords(back), pendingRecords(n.encs[1]); len(want) != 2 || !slices.EqualFunc(got, want, bytes.Equal) {
		t.Fatalf("restored %d records, had %d", len(got), len(want))
	}
	back.mu.Lock()
	defer back.mu.Unlock()
	if back.st.audit.Version != 1 || len(back.st.audit.Auditors) != 1 || !back.st.audit.Auditors[0].ok {
		t.Fatalf("restored auditors: %+v", back.st.audit)
	}
}
