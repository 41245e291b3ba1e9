package ledgertest

import (
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// The audit half of the table: auditors set by governance, and the one
// series of member-signed audit posts.

// AuditPost is e's signed post of audit records.
func (e *Enclave) AuditPost(tb testing.TB, l ledger.Ledger, epoch, seq uint64, header []byte, records ...[]byte) chainmsg.AuditPost {
	tb.Helper()
	a := chainmsg.AuditPost{Epoch: epoch, Seq: seq, Header: header, Records: records}
	a.Sig = e.Sign(tb, a.Digest(l.ChainID(), l.Contract()))
	return a
}

// testAuditors: an auditor's scope is set, changed and removed by the
// governors' threshold, each act numbered so that none replays; the
// contract bounds the auditor set and the scope.
func testAuditors(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	ctx, gov, host := n.ctx, n.gov, n.host
	k1, k2 := common.Hash{31: 1}, common.Hash{31: 2}
	propose := func(l ledger.Ledger, key common.Hash, scope string) func() (uint64, error) {
		return func() (uint64, error) { return l.ProposeAuditor(ctx, key, []byte(scope)) }
	}
	approve := func(l ledger.Ledger, id uint64) func() (uint64, error) {
		return func() (uint64, error) { return noID(l.Approve(ctx, id)) }
	}
	auditor := func(nonce uint64, key common.Hash, scope string) ledger.Proposal {
		return ledger.Proposal{Kind: chainmsg.ProposalAuditor, Nonce: nonce, Subject: key, Policy: []byte(scope)}
	}
	// wantAuditorEvents checks the AuditorChanged events in the log, in
	// order, against the governors' signatures the enclaves verify.
	wantAuditorEvents := func(want ...string) func(t *testing.T) {
		return func(t *testing.T) {
			t.Helper()
			evs, _ := n.events(n.dep.DeployedAt())
			var got []string
			for _, ev := range evs {
				a := ev.Auditor
				if a == nil {
					continue
				}
				got = append(got, common.Hash(a.Key).Hex()[65:]+"="+string(a.Scope))
				g, err := host.Genesis(ctx)
				if err != nil {
					t.Fatal(err)
				}
				d := chainmsg.GovernanceDigest(host.ChainID(), host.Contract(), chainmsg.ActAuditor, a.Nonce, chainmsg.AuditorPayload(a.Key, a.Scope))
				if err := g.VerifyApprovals(d, a.Sigs); err != nil {
					t.Fatalf("AuditorChanged %d: %v", a.Nonce, err)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("auditor events %q, want %q", got, want)
			}
		}
	}
	n.run(t, []step{
		{name: "non-governor proposes", call: propose(host, k1, "erc20"),
			want: Refused(ledger.ErrNotGovernor, "NotGovernor", n.hostAdr.Hex())},
		{name: "zero key", call: propose(gov[0], common.Hash{}, "erc20"),
			want: Refused(ledger.ErrInvalidInput, "EmptyField", "key is empty")},
		{name: "oversize scope", call: propose(gov[0], k1, string(make([]byte, 1025))),
			want: Refused(ledger.ErrInvalidInput, "FieldTooLarge", "scope has size 1025, limit 1024")},
		{name: "removing a key that is no auditor", call: propose(gov[0], k1, ""),
			want: Refused(ledger.ErrNotAuditor, "NotAuditor", "is not an auditor's key")},
		{name: "register k1: act 1, one approval of two", call: propose(gov[0], k1, "erc20"), id: 1,
			after: n.wantProposal(1, auditor(1, k1, "erc20"), 1, false)},
		{name: "second approval executes", call: approve(gov[1], 1),
			after: all(n.wantProposal(1, auditor(1, k1, "erc20"), 2, true), wantAuditorEvents("1=erc20"))},
		{name: "rescope k1: act 2", call: propose(gov[2], k1, "erc20:functions=transfer"), id: 2},
		// Proposed while act 2 is open, this one is for act 2 as well:
		// whichever executes first leaves the other stale.
		{name: "register k2, also for act 2", call: propose(gov[0], k2, "poll"), id: 3},
		{name: "act 2 executes", call: approve(gov[0], 2), after: wantAuditorEvents("1=erc20", "1=erc20:functions=transfer")},
		{name: "the other proposal for act 2 is stale", call: approve(gov[1], 3),
			want: Refused(ledger.ErrStaleProposal, "StaleProposal", "proposal 3 was made for a policy version, founding, auditor or custodian act")},
		{name: "k2 proposed again, for act 3", call: propose(gov[1], k2, "poll"), id: 4},
		{name: "executes", call: approve(gov[2], 4),
			after: wantAuditorEvents("1=erc20", "1=erc20:functions=transfer", "2=poll")},
		{name: "remove k1: act 4", call: propose(gov[1], k1, ""), id: 5},
		{name: "removal executes", call: approve(gov[2], 5),
			after: wantAuditorEvents("1=erc20", "1=erc20:functions=transfer", "2=poll", "1=")},
		{name: "removed twice", call: propose(gov[0], k1, ""),
			want: Refused(ledger.ErrNotAuditor, "NotAuditor", "is not an auditor's key")},
	})
	// Two proposals for the same act number: the second to execute is stale.
	idA, err := gov[0].ProposeAuditor(ctx, k1, []byte("erc20"))
	if err != nil {
		t.Fatal(err)
	}
	idB, err := gov[1].ProposeAuditor(ctx, k2, []byte("erc20"))
	if err != nil {
		t.Fatal(err)
	}
	if err := gov[1].Approve(ctx, idA); err != nil {
		t.Fatal(err)
	}
	Refused(ledger.ErrStaleProposal, "StaleProposal", "").Check(t, gov[0].Approve(ctx, idB))
}

// testAuditorLimit: at most MAX_AUDITORS auditors at once; a scope change
// of a registered one is always possible.
func testAuditorLimit(t *testing.T, b Backend) {
	n := deploy(t, b, 1)
	ctx, gov := n.ctx, n.gov[0]
	for i := range chainmsg.MaxAuditors {
		if _, err := gov.ProposeAuditor(ctx, common.Hash{30: 1, 31: byte(i)}, []byte("erc20")); err != nil {
			t.Fatalf("auditor %d: %v", i, err)
		}
	}
	n.run(t, []step{
		{name: "one too many", call: func() (uint64, error) { return gov.ProposeAuditor(ctx, common.Hash{31: 99}, []byte("erc20")) },
			want: Refused(ledger.ErrTooManyAuditors, "TooManyAuditors", "limit of 16 auditors")},
		{name: "rescoping one at the limit", call: func() (uint64, error) {
			return gov.ProposeAuditor(ctx, common.Hash{30: 1, 31: 0}, []byte("poll"))
		}},
		{name: "removing one", call: func() (uint64, error) { return gov.ProposeAuditor(ctx, common.Hash{30: 1, 31: 1}, nil) }},
		{name: "makes room", call: func() (uint64, error) { return gov.ProposeAuditor(ctx, common.Hash{31: 99}, []byte("erc20")) }},
	})
}

// testAudit: audit posts are one series for the network, member-signed,
// in the current epoch, each sequence number accepted once.
func testAudit(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	ctx, host := n.ctx, n.host
	a, bb, c, outsider := n.enclave(), n.enclave(), n.enclave(), n.enclave()
	n.found(a)
	n.register(bb)
	if err := host.PostHandshake(ctx, a.Handshake(t, host, 0, "welcome", IDs(bb), nil)); err != nil {
		t.Fatal(err)
	}
	n.register(c)
	const epoch = 1
	hdr, rec := Ciphertext(64, 3), Ciphertext(560, 4)
	post := func(p chainmsg.AuditPost) func() (uint64, error) {
		return func() (uint64, error) { return noID(host.PostAudit(ctx, p)) }
	}
	edit := func(p chainmsg.AuditPost, f func(p *chainmsg.AuditPost)) func() (uint64, error) {
		f(&p)
		return post(p)
	}
	wantSeq := func(seq uint64) func(t *testing.T) {
		return func(t *testing.T) {
			t.Helper()
			if got := n.state().AuditSeq; got != seq {
				t.Fatalf("AuditSeq = %d, want %d", got, seq)
			}
		}
	}
	wantAudits := func(want ...common.Address) func(t *testing.T) {
		return func(t *testing.T) {
			t.Helper()
			evs, _ := n.events(n.dep.DeployedAt())
			var got []common.Address
			for _, ev := range evs {
				if ev.Audit != nil {
					if ev.Audit.Seq != uint64(len(got)) || !slices.Equal(ev.Audit.Header, hdr) {
						t.Fatalf("audit event %d: %+v", len(got), ev.Audit)
					}
					got = append(got, ev.Audit.Enclave)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("audit posts by %v, want %v", got, want)
			}
		}
	}
	invalid, unknown := ledger.ErrInvalidInput, Refused(ledger.ErrBadSignature, "UnknownSigner", "which no enclave registered")
	first := bb.AuditPost(t, host, epoch, 0, hdr, rec, rec)
	n.run(t, []step{
		{name: "first post", call: post(first), after: all(wantSeq(1), wantAudits(bb.ID))},
		{name: "the same records by another member", call: post(a.AuditPost(t, host, epoch, 0, hdr, rec, rec)), want: BadSequence(1, 0)},
		{name: "replay", call: post(first), want: BadSequence(1, 0)},
		{name: "gap", call: post(a.AuditPost(t, host, epoch, 2, hdr, rec)), want: BadSequence(1, 2)},
		{name: "next by another member", call: post(a.AuditPost(t, host, epoch, 1, hdr, rec)), after: all(wantSeq(2), wantAudits(bb.ID, a.ID))},
		{name: "stale epoch", call: post(a.AuditPost(t, host, 0, 2, hdr, rec)), want: WrongEpoch(1, 0)},
		{name: "record replaced after signing", call: edit(a.AuditPost(t, host, epoch, 2, hdr, rec), func(p *chainmsg.AuditPost) {
			p.Records = [][]byte{Ciphertext(560, 5)}
		}), want: unknown},
		{name: "header replaced after signing", call: edit(a.AuditPost(t, host, epoch, 2, hdr, rec), func(p *chainmsg.AuditPost) {
			p.Header = Ciphertext(64, 6)
		}), want: unknown},
		{name: "unregistered signer", call: post(outsider.AuditPost(t, host, epoch, 2, hdr, rec)), want: unknown},
		{name: "registered non-member", call: post(c.AuditPost(t, host, epoch, 2, hdr, rec)),
			want: Refused(ledger.ErrNotMember, "NotMember", c.ID.Hex())},
		{name: "empty header", call: post(a.AuditPost(t, host, epoch, 2, nil, rec)), want: Refused(invalid, "EmptyField", "header is empty")},
		{name: "oversize header", call: post(a.AuditPost(t, host, epoch, 2, Ciphertext(513, 1), rec)),
			want: Refused(invalid, "FieldTooLarge", "header has size 513, limit 512")},
		{name: "no records", call: post(a.AuditPost(t, host, epoch, 2, hdr)), want: Refused(invalid, "EmptyBatch", "")},
		{name: "too many records", call: post(a.AuditPost(t, host, epoch, 2, hdr, slices.Repeat([][]byte{{1}}, 257)...)),
			want: Refused(invalid, "TooManyCiphertexts", "257")},
		{name: "governance expels b", call: n.expel(bb)},
		{name: "expelled member's post", call: post(bb.AuditPost(t, host, epoch, 2, hdr, rec)),
			want: Refused(ledger.ErrNotMember, "NotMember", bb.ID.Hex())},
		{name: "after a rotation, posts are signed for the new epoch", call: func() (uint64, error) {
			return noID(host.PostHandshake(ctx, a.Handshake(t, host, epoch, "remove b", nil, IDs(bb))))
		}},
		{name: "old epoch", call: post(a.AuditPost(t, host, epoch, 2, hdr, rec)), want: WrongEpoch(2, 1)},
		{name: "new epoch", call: post(a.AuditPost(t, host, 2, 2, hdr, rec)), after: all(wantSeq(3), wantAudits(bb.ID, a.ID, a.ID))},
	})
}
