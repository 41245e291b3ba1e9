package ledgertest

import (
	"context"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// The governance half of the table: authority by signature, the genesis
// the signatures verify against, stale proposals, expulsion and
// re-founding.

// testGenesis: Genesis reports what the deployment fixed, and its hash is
// the one the contract computed at deployment (what every enclave's
// evidence binds); any change of chain, contract, governors, threshold or
// first policy gives another network.
func testGenesis(t *testing.T, b Backend) {
	acc := addrs(b.Accounts())
	tests := []struct {
		name      string
		governors []common.Address
		threshold uint64
		policy    []byte
	}{
		{"2 of 3", acc[:3], 2, []byte(Policy)},
		{"same arguments, another contract", acc[:3], 2, []byte(Policy)},
		{"1 of 3", acc[:3], 1, []byte(Policy)},
		{"governors in another order", []common.Address{acc[1], acc[0], acc[2]}, 2, []byte(Policy)},
		{"one governor", acc[3:4], 1, []byte(Policy)},
		{"another policy", acc[:3], 2, []byte("policy-v1: other")},
	}
	seen := map[common.Hash]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dep, err := b.Deploy(t, tc.governors, tc.threshold, tc.policy)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			l := dep.Account(t, acc[3])
			g, err := l.Genesis(ctx)
			if err != nil {
				t.Fatalf("Genesis: %v", err)
			}
			want := chainmsg.Genesis{ChainID: l.ChainID().Uint64(), Contract: l.Contract(), Governors: tc.governors,
				Threshold: tc.threshold, PolicyHash: crypto.Keccak256Hash(tc.policy), Policy: tc.policy}
			if !reflect.DeepEqual(g, want) {
				t.Fatalf("Genesis() = %+v, want %+v", g, want)
			}
			if err := g.Check(); err != nil {
				t.Fatalf("Genesis().Check: %v", err)
			}
			h := dep.GenesisHash(t)
			if g.Hash() != h {
				t.Fatalf("Genesis().Hash() = %s, the contract's genesisHash = %s", g.Hash(), h)
			}
			if other, ok := seen[h]; ok {
				t.Fatalf("genesis hash %s is also deployment %q's", h, other)
			}
			seen[h] = tc.name
		})
	}
}

// testGovernanceSignatures: authority is the governor's signature over the
// act's typed digest, whoever sends it. A signature over anything else (an
// act, a nonce, a payload, a chain or a contract other than the call's)
// recovers to some unrelated address, which the contract names in
// NotGovernor; a malformed one is BadSignature.
func testGovernanceSignatures(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	ctx, relay, host := n.ctx, n.relay, n.host
	a, outsider := n.enclave(), NewEnclave(t)
	n.register(a)
	chainID, contract := host.ChainID(), host.Contract()
	v2 := []byte("policy-v2")
	h2 := crypto.Keccak256Hash(v2)
	founderA := chainmsg.AddressPayload(a.ID)
	digest := func(act chainmsg.Act, nonce uint64, payload common.Hash) common.Hash {
		return chainmsg.GovernanceDigest(chainID, contract, act, nonce, payload)
	}
	policyDigest := digest(chainmsg.ActPolicy, 2, h2)
	// notGovernor is the refusal of sig where the contract expects a
	// signature over d: it names whom the signature recovers to.
	notGovernor := func(d common.Hash, sig []byte) Outcome {
		signer, err := chainmsg.Recover(d, sig)
		if err != nil {
			t.Fatalf("recover: %v", err)
		}
		return Refused(ledger.ErrNotGovernor, "NotGovernor", signer.Hex()+" is not a governor")
	}
	signFor := func(chain *big.Int, at common.Address) []byte {
		sig, err := chainmsg.Sign(chainmsg.GovernanceDigest(chain, at, chainmsg.ActPolicy, 2, h2), n.govKey[0])
		if err != nil {
			t.Fatal(err)
		}
		return sig
	}
	proposePolicy := func(policy, sig []byte) func() (uint64, error) {
		return func() (uint64, error) { return relay.RelayPolicy(ctx, policy, sig) }
	}
	approve := func(id uint64, sig []byte) func() (uint64, error) {
		return func() (uint64, error) { return noID(relay.RelayApproval(ctx, id, sig)) }
	}
	badSig := ledger.ErrBadSignature
	good0, good1 := n.sign(0, chainmsg.ActPolicy, 2, h2), n.sign(1, chainmsg.ActPolicy, 2, h2)
	other := map[string][]byte{
		"act":      n.sign(0, chainmsg.ActFounder, 2, h2),
		"nonce":    n.sign(0, chainmsg.ActPolicy, 3, h2),
		"payload":  n.sign(0, chainmsg.ActPolicy, 2, crypto.Keccak256Hash([]byte("policy-v3"))),
		"contract": signFor(chainID, common.Address{1}),
		"chain":    signFor(new(big.Int).Add(chainID, common.Big1), contract),
	}
	var mark uint64
	n.run(t, []step{
		{name: "signed by a non-governor", call: proposePolicy(v2, SignAct(t, host, outsider.Key, chainmsg.ActPolicy, 2, h2)),
			want: Refused(ledger.ErrNotGovernor, "NotGovernor", outsider.ID.Hex()+" is not a governor")},
		{name: "signed over another act", call: proposePolicy(v2, other["act"]), want: notGovernor(policyDigest, other["act"])},
		{name: "signed for another version", call: proposePolicy(v2, other["nonce"]), want: notGovernor(policyDigest, other["nonce"])},
		{name: "signed over another policy", call: proposePolicy(v2, other["payload"]), want: notGovernor(policyDigest, other["payload"])},
		{name: "signed for another contract", call: proposePolicy(v2, other["contract"]), want: notGovernor(policyDigest, other["contract"])},
		{name: "signed for another chain", call: proposePolicy(v2, other["chain"]), want: notGovernor(policyDigest, other["chain"])},
		{name: "high s", call: proposePolicy(v2, HighS(good0)), want: Refused(badSig, "BadSignature", "above n/2")},
		{name: "v = 29", call: proposePolicy(v2, append(slices.Clone(good0[:64]), 29)), want: Refused(badSig, "BadSignature", "v is not 27 or 28")},
		{name: "no signature", call: proposePolicy(v2, nil), want: Refused(badSig, "BadSignature", "not 65 bytes")},
		{name: "r = 0", call: proposePolicy(v2, append(make([]byte, 32), good0[32:]...)), want: Refused(badSig, "BadSignature", "no signer")},
		// The host that sends is no governor; the proposer is the governor
		// who signed.
		{name: "a non-governor relays a governor's proposal", call: func() (uint64, error) {
			mark = n.head()
			return relay.RelayPolicy(ctx, v2, good0)
		}, id: 1, after: all(n.wantPolicy(1, Policy), n.wantProposal(1, ledger.Proposal{Kind: chainmsg.ProposalPolicy, Nonce: 2, Policy: v2}, 1, false),
			func(t *testing.T) {
				events, _ := n.events(mark + 1)
				checkEvents(t, events, []chainmsg.Event{
					{Proposed: &chainmsg.ProposedEvent{ID: 1, Proposer: n.govAddr[0], Kind: chainmsg.ProposalPolicy, Policy: v2, Nonce: 2}},
					{Approved: &chainmsg.ApprovedEvent{ID: 1, Governor: n.govAddr[0], Approvals: 1}},
				})
			})},
		// Approvals are counted by signer, whoever relays them, and the
		// malleable twin of a signature is no second signature.
		{name: "the proposer's signature again", call: approve(1, good0),
			want: Refused(ledger.ErrAlreadyApproved, "AlreadyApproved", gov0(n)+" approved proposal 1 before")},
		{name: "the proposer's signature, high-s twin", call: approve(1, HighS(good0)), want: Refused(badSig, "BadSignature", "above n/2")},
		{name: "approval by a non-governor", call: approve(1, SignAct(t, host, outsider.Key, chainmsg.ActPolicy, 2, h2)),
			want: Refused(ledger.ErrNotGovernor, "NotGovernor", outsider.ID.Hex())},
		{name: "approval signed for another version", call: approve(1, n.sign(1, chainmsg.ActPolicy, 3, h2)),
			want: notGovernor(policyDigest, n.sign(1, chainmsg.ActPolicy, 3, h2))},
		{name: "approval signed over another act", call: approve(1, n.sign(1, chainmsg.ActExpel, 2, h2)),
			want: notGovernor(policyDigest, n.sign(1, chainmsg.ActExpel, 2, h2))},
		{name: "a non-governor relays the second approval", call: func() (uint64, error) {
			mark = n.head()
			return noID(relay.RelayApproval(ctx, 1, good1))
		}, after: all(n.wantPolicy(2, "policy-v2"), n.wantProposal(1, ledger.Proposal{Kind: chainmsg.ProposalPolicy, Nonce: 2, Policy: v2}, 2, true),
			func(t *testing.T) {
				events, _ := n.events(mark + 1)
				checkEvents(t, events, []chainmsg.Event{
					{Approved: &chainmsg.ApprovedEvent{ID: 1, Governor: n.govAddr[1], Approvals: 2}},
					{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: v2, Sigs: [][]byte{good0, good1}}},
				})
			})},
		// The founder act's nonce counts foundings: 0 for the first.
		{name: "founder signed for founding 1", call: func() (uint64, error) {
			return relay.RelayFounder(ctx, a.ID, n.sign(2, chainmsg.ActFounder, 1, founderA))
		}, want: notGovernor(digest(chainmsg.ActFounder, 0, founderA), n.sign(2, chainmsg.ActFounder, 1, founderA))},
		{name: "founder signed for another identity", call: func() (uint64, error) {
			return relay.RelayFounder(ctx, a.ID, n.sign(2, chainmsg.ActFounder, 0, chainmsg.AddressPayload(outsider.ID)))
		}, want: notGovernor(digest(chainmsg.ActFounder, 0, founderA), n.sign(2, chainmsg.ActFounder, 0, chainmsg.AddressPayload(outsider.ID)))},
		{name: "a relayed founder proposal", call: func() (uint64, error) {
			return relay.RelayFounder(ctx, a.ID, n.sign(2, chainmsg.ActFounder, 0, founderA))
		}, id: 2, after: n.wantProposal(2, ledger.Proposal{Kind: chainmsg.ProposalFounder, Target: a.ID}, 1, false)},
		{name: "a relayed founder approval", call: approve(2, n.sign(0, chainmsg.ActFounder, 0, founderA)), after: n.wantState(0, a.ID)},
		// The expel act's nonce is always 0.
		{name: "expulsion signed with nonce 1", call: func() (uint64, error) {
			return relay.RelayExpel(ctx, a.ID, n.sign(1, chainmsg.ActExpel, 1, founderA))
		}, want: notGovernor(digest(chainmsg.ActExpel, 0, founderA), n.sign(1, chainmsg.ActExpel, 1, founderA))},
		{name: "a founder signature cannot expel", call: func() (uint64, error) {
			return relay.RelayExpel(ctx, a.ID, n.sign(1, chainmsg.ActFounder, 0, founderA))
		}, want: notGovernor(digest(chainmsg.ActExpel, 0, founderA), n.sign(1, chainmsg.ActFounder, 0, founderA))},
		{name: "a relayed expulsion", call: func() (uint64, error) {
			return relay.RelayExpel(ctx, a.ID, n.sign(1, chainmsg.ActExpel, 0, founderA))
		}, id: 3, after: n.wantProposal(3, ledger.Proposal{Kind: chainmsg.ProposalExpel, Target: a.ID}, 1, false)},
		{name: "a relayed expulsion approval", call: approve(3, n.sign(2, chainmsg.ActExpel, 0, founderA)), after: func(t *testing.T) {
			n.wantProposal(3, ledger.Proposal{Kind: chainmsg.ProposalExpel, Target: a.ID}, 2, true)(t)
			err := host.PostCommands(ctx, a.Batch(t, host, 0, 0, Ciphertext(10, 1)))
			Refused(ledger.ErrNotMember, "NotMember", a.ID.Hex()).Check(t, err)
		}},
	})
}

// testStaleProposal: two proposals for the same policy version; the first
// to reach the threshold installs it, the other can never execute (each
// approval that would execute it reverts whole), and a signature for a
// version already installed cannot propose again.
func testStaleProposal(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	gov, ctx := n.gov, n.ctx
	propose := func(l ledger.Ledger, p string) func() (uint64, error) {
		return func() (uint64, error) { return l.ProposePolicy(ctx, []byte(p)) }
	}
	approve := func(l ledger.Ledger, id uint64) func() (uint64, error) {
		return func() (uint64, error) { return noID(l.Approve(ctx, id)) }
	}
	policy := func(version uint64, p string) ledger.Proposal {
		return ledger.Proposal{Kind: chainmsg.ProposalPolicy, Nonce: version, Policy: []byte(p)}
	}
	stale := func(id uint64) Outcome {
		return Refused(ledger.ErrStaleProposal, "StaleProposal", fmt.Sprintf("proposal %d was made for a policy version, founding, auditor or custodian act that another proposal took first", id))
	}
	hA := crypto.Keccak256Hash([]byte("policy-a"))
	replayed := n.sign(0, chainmsg.ActPolicy, 2, hA)
	n.run(t, []step{
		{name: "a for version 2", call: propose(gov[0], "policy-a"), id: 1, after: n.wantProposal(1, policy(2, "policy-a"), 1, false)},
		{name: "b for version 2", call: propose(gov[1], "policy-b"), id: 2, after: n.wantProposal(2, policy(2, "policy-b"), 1, false)},
		{name: "b executes first", call: approve(gov[2], 2), after: n.wantPolicy(2, "policy-b")},
		{name: "a is stale", call: approve(gov[2], 1), want: stale(1),
			after: all(n.wantPolicy(2, "policy-b"), n.wantProposal(1, policy(2, "policy-a"), 1, false))},
		{name: "a is stale for every governor", call: approve(gov[1], 1), want: stale(1)},
		// The signature is checked before staleness: a non-governor learns
		// nothing more.
		{name: "non-governor approves the stale proposal", call: approve(n.host, 1),
			want: Refused(ledger.ErrNotGovernor, "NotGovernor", n.hostAdr.Hex())},
		{name: "a version-2 signature proposes nothing now", call: func() (uint64, error) {
			return n.relay.RelayPolicy(ctx, []byte("policy-a"), replayed)
		}, want: func() Outcome {
			signer, err := chainmsg.Recover(chainmsg.GovernanceDigest(n.host.ChainID(), n.host.Contract(), chainmsg.ActPolicy, 3, hA), replayed)
			if err != nil {
				t.Fatal(err)
			}
			return Refused(ledger.ErrNotGovernor, "NotGovernor", signer.Hex())
		}()},
		{name: "a again, for version 3", call: propose(gov[0], "policy-a"), id: 3, after: n.wantProposal(3, policy(3, "policy-a"), 1, false)},
		{name: "a executes as version 3", call: approve(gov[2], 3), after: n.wantPolicy(3, "policy-a")},
		{name: "the first a is still stale", call: approve(gov[2], 1), want: stale(1)},
	})
}

// testExpel: governance expels a member; it may then post nothing, stays
// listed until a handshake removes it, and is the only kind of member a
// handshake may remove.
func testExpel(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	gov, host, ctx := n.gov, n.host, n.ctx
	a, bb, c, outsider := n.enclave(), n.enclave(), n.enclave(), n.enclave()
	n.found(a)
	n.register(bb)
	n.register(c)
	if err := host.PostHandshake(ctx, a.Handshake(t, host, 0, "add b", IDs(bb), nil)); err != nil {
		t.Fatal(err)
	}
	expel := func(l ledger.Ledger, e *Enclave) func() (uint64, error) {
		return func() (uint64, error) { return l.ProposeExpel(ctx, e.ID) }
	}
	approve := func(l ledger.Ledger, id uint64) func() (uint64, error) {
		return func() (uint64, error) { return noID(l.Approve(ctx, id)) }
	}
	hs := func(e *Enclave, epoch uint64, payload string, adds, removes []common.Address) func() (uint64, error) {
		return func() (uint64, error) {
			return noID(host.PostHandshake(ctx, e.Handshake(t, host, epoch, payload, adds, removes)))
		}
	}
	notMember := func(e *Enclave) Outcome { return Refused(ledger.ErrNotMember, "NotMember", e.ID.Hex()) }
	expelling := func(e *Enclave) ledger.Proposal {
		return ledger.Proposal{Kind: chainmsg.ProposalExpel, Target: e.ID}
	}
	already := Refused(ledger.ErrAlreadyExpelled, "AlreadyExpelled", bb.ID.Hex()+" is already expelled")
	var mark uint64
	n.run(t, []step{
		{name: "expel a registered non-member", call: expel(gov[0], c), want: notMember(c)},
		{name: "expel an unregistered identity", call: expel(gov[0], outsider), want: notMember(outsider)},
		{name: "target checked before the signature", call: func() (uint64, error) { return n.relay.RelayExpel(ctx, c.ID, nil) },
			want: notMember(c)},
		{name: "non-governor proposes", call: expel(host, bb),
			want: Refused(ledger.ErrNotGovernor, "NotGovernor", n.hostAdr.Hex()+" is not a governor")},
		{name: "propose to expel b", call: expel(gov[0], bb), id: 2, after: n.wantProposal(2, expelling(bb), 1, false)},
		{name: "a competing proposal to expel b", call: expel(gov[1], bb), id: 3},
		{name: "proposed is not expelled: b still posts", call: func() (uint64, error) {
			return noID(host.PostCommands(ctx, bb.Batch(t, host, 1, 0, Ciphertext(10, 1))))
		}, after: n.wantSeq(bb, 1)},
		{name: "a member removes b before governance expelled it", call: hs(a, 1, "remove b", nil, IDs(bb)), want: notExpelled(bb)},
		{name: "second approval expels b", call: func() (uint64, error) {
			mark = n.head()
			return approve(gov[2], 2)()
		}, after: all(n.wantState(1, a.ID, bb.ID), n.wantProposal(2, expelling(bb), 2, true), func(t *testing.T) {
			events, _ := n.events(mark + 1)
			payload := chainmsg.AddressPayload(bb.ID)
			checkEvents(t, events, []chainmsg.Event{
				{Approved: &chainmsg.ApprovedEvent{ID: 2, Governor: n.govAddr[2], Approvals: 2}},
				{Expelled: &chainmsg.ExpelledEvent{Identity: bb.ID, Sigs: [][]byte{
					n.sign(0, chainmsg.ActExpel, 0, payload), n.sign(2, chainmsg.ActExpel, 0, payload)}}},
			})
		})},
		{name: "expel twice", call: expel(gov[0], bb), want: already},
		// Re-checked at execution, as the founder rules are.
		{name: "the competing proposal cannot execute", call: approve(gov[2], 3), want: already,
			after: n.wantProposal(3, expelling(bb), 1, false)},
		{name: "the expelled member's batch", call: func() (uint64, error) {
			return noID(host.PostCommands(ctx, bb.Batch(t, host, 1, 1, Ciphertext(10, 1))))
		}, want: Refused(ledger.ErrNotMember, "NotMember", bb.ID.Hex()+" is registered but not a member")},
		{name: "the expelled member's handshake", call: hs(bb, 1, "rotate", nil, nil), want: notMember(bb)},
		{name: "the expelled member removes itself", call: hs(bb, 1, "leave", nil, IDs(bb)), want: notMember(bb)},
		{name: "the expelled member is still listed", call: hs(a, 1, "add b", IDs(bb), nil),
			want: Refused(ledger.ErrAlreadyMember, "AlreadyMember", bb.ID.Hex())},
		// Removes are checked in order and the call reverts whole: b stays.
		{name: "removing the expelled and a live member", call: hs(a, 1, "remove b and a", nil, IDs(bb, a)), want: notExpelled(a)},
		{name: "a removes the expelled b", call: hs(a, 1, "remove b", nil, IDs(bb)), after: n.wantState(2, a.ID)},
		{name: "the removed member is not re-added", call: hs(a, 2, "add b", IDs(bb), nil),
			want: Refused(ledger.ErrWasRemoved, "WasRemoved", bb.ID.Hex())},
		{name: "removed twice", call: hs(a, 2, "remove b", nil, IDs(bb)), want: notMember(bb)},
		{name: "expel a removed identity", call: expel(gov[0], bb), want: notMember(bb)},
		{name: "no founding while a live member remains", call: func() (uint64, error) { return gov[0].ProposeFounder(ctx, c.ID) },
			want: Refused(ledger.ErrAlreadyFounded, "AlreadyFounded", "the group has live (not expelled) members")},
	})
}

// testRefounding: once every member is expelled the group may be founded
// again, by an identity never removed or expelled; the old members leave
// the member list for good, and the founding nonce counts foundings.
func testRefounding(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	gov, host, ctx := n.gov, n.host, n.ctx
	a, bb, c, d, e := n.enclave(), n.enclave(), n.enclave(), n.enclave(), n.enclave()
	n.found(a)
	n.register(bb)
	if err := host.PostHandshake(ctx, a.Handshake(t, host, 0, "add b", IDs(bb), nil)); err != nil {
		t.Fatal(err)
	}
	for _, x := range []*Enclave{c, d, e} {
		n.register(x)
	}
	founder := func(l ledger.Ledger, e *Enclave) func() (uint64, error) {
		return func() (uint64, error) { return l.ProposeFounder(ctx, e.ID) }
	}
	approve := func(l ledger.Ledger, id uint64) func() (uint64, error) {
		return func() (uint64, error) { return noID(l.Approve(ctx, id)) }
	}
	hs := func(e *Enclave, epoch uint64, payload string, adds, removes []common.Address) func() (uint64, error) {
		return func() (uint64, error) {
			return noID(host.PostHandshake(ctx, e.Handshake(t, host, epoch, payload, adds, removes)))
		}
	}
	founding := func(nonce uint64, e *Enclave) ledger.Proposal {
		return ledger.Proposal{Kind: chainmsg.ProposalFounder, Nonce: nonce, Target: e.ID}
	}
	wasRemoved := func(e *Enclave) Outcome {
		return Refused(ledger.ErrWasRemoved, "WasRemoved", e.ID.Hex()+" was removed from the group and may not rejoin")
	}
	alreadyFounded := Refused(ledger.ErrAlreadyFounded, "AlreadyFounded", "the group has live (not expelled) members")
	payloadC := chainmsg.AddressPayload(c.ID)
	replayed := n.sign(0, chainmsg.ActFounder, 0, payloadC)
	var mark uint64
	n.run(t, []step{
		{name: "expel a", call: n.expel(a), after: n.wantState(1, a.ID, bb.ID)},
		{name: "one live member left: no founding", call: founder(gov[0], c), want: alreadyFounded},
		{name: "expel b", call: n.expel(bb), after: n.wantState(1, a.ID, bb.ID)},
		{name: "an expelled identity cannot found", call: founder(gov[0], a), want: wasRemoved(a)},
		// Founding 0 happened: its signatures found nothing again.
		{name: "a signature for founding 0", call: func() (uint64, error) { return n.relay.RelayFounder(ctx, c.ID, replayed) },
			want: func() Outcome {
				signer, err := chainmsg.Recover(chainmsg.GovernanceDigest(host.ChainID(), host.Contract(), chainmsg.ActFounder, 1, payloadC), replayed)
				if err != nil {
					t.Fatal(err)
				}
				return Refused(ledger.ErrNotGovernor, "NotGovernor", signer.Hex())
			}()},
		{name: "propose c for founding 1", call: founder(gov[0], c), id: 4, after: n.wantProposal(4, founding(1, c), 1, false)},
		{name: "propose d for founding 1", call: founder(gov[1], d), id: 5, after: n.wantProposal(5, founding(1, d), 1, false)},
		// The old members leave the list, last first, marked removed.
		{name: "c founds again", call: func() (uint64, error) {
			mark = n.head()
			return approve(gov[2], 4)()
		}, after: all(n.wantState(1, c.ID), func(t *testing.T) {
			events, _ := n.events(mark + 1)
			sigs := [][]byte{n.sign(0, chainmsg.ActFounder, 1, payloadC), n.sign(2, chainmsg.ActFounder, 1, payloadC)}
			checkEvents(t, events, []chainmsg.Event{
				{Approved: &chainmsg.ApprovedEvent{ID: 4, Governor: n.govAddr[2], Approvals: 2}},
				{Founded: &chainmsg.FoundedEvent{Identity: c.ID, Nonce: 1, Sigs: sigs}},
			})
			g, err := host.Genesis(ctx)
			if err != nil {
				t.Fatal(err)
			}
			digest := chainmsg.GovernanceDigest(host.ChainID(), host.Contract(), chainmsg.ActFounder, 1, payloadC)
			if err := g.VerifyApprovals(digest, events[1].Founded.Sigs); err != nil {
				t.Fatalf("the re-founding's signatures: %v", err)
			}
		})},
		{name: "the competing founding is stale", call: approve(gov[0], 5),
			want: Refused(ledger.ErrStaleProposal, "StaleProposal", "proposal 5")},
		{name: "no third founder while c lives", call: founder(gov[0], d), want: alreadyFounded},
		{name: "an old member is not re-added", call: hs(c, 1, "add a", IDs(a), nil), want: wasRemoved(a)},
		{name: "nor the other", call: hs(c, 1, "add b", IDs(bb), nil), want: wasRemoved(bb)},
		{name: "an old member's batch", call: func() (uint64, error) {
			return noID(host.PostCommands(ctx, a.Batch(t, host, 1, 0, Ciphertext(10, 1))))
		}, want: Refused(ledger.ErrNotMember, "NotMember", a.ID.Hex()+" is registered but not a member")},
		{name: "expel an old member", call: n.expel(a), want: Refused(ledger.ErrNotMember, "NotMember", a.ID.Hex())},
		{name: "the new group works", call: hs(c, 1, "add d", IDs(d), nil), after: n.wantState(2, c.ID, d.ID)},
		{name: "expel c and d", call: func() (uint64, error) {
			if _, err := n.expel(c)(); err != nil {
				return 0, err
			}
			return n.expel(d)()
		}, after: n.wantState(2, c.ID, d.ID)},
		// Expelled, or removed by the re-founding: never a founder.
		{name: "an expelled founder cannot found again", call: founder(gov[0], c), want: wasRemoved(c)},
		{name: "a removed identity cannot found", call: founder(gov[0], bb), want: wasRemoved(bb)},
		{name: "e founds the third group", call: founder(gov[0], e), id: 8, after: n.wantProposal(8, founding(2, e), 1, false)},
		{name: "founding 2 executes", call: approve(gov[1], 8), after: n.wantState(2, e.ID)},
	})
}
