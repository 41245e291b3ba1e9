package ledgertest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// The recovery half of the table: the custodian set governance names, and
// the member-signed checkpoints (one manifest per epoch, then its chunks).

// Checkpoint is e's signed checkpoint manifest for epoch.
func (e *Enclave) Checkpoint(tb testing.TB, l ledger.Ledger, epoch uint64, manifest []byte) chainmsg.CheckpointPost {
	tb.Helper()
	c := chainmsg.CheckpointPost{Epoch: epoch, Manifest: manifest}
	c.Sig = e.Sign(tb, c.Digest(l.ChainID(), l.Contract()))
	return c
}

// CheckpointChunk is e's signed chunk number index of epoch's checkpoint.
func (e *Enclave) CheckpointChunk(tb testing.TB, l ledger.Ledger, epoch uint64, index uint32, chunk []byte) chainmsg.CheckpointChunkPost {
	tb.Helper()
	c := chainmsg.CheckpointChunkPost{Epoch: epoch, Index: index, Chunk: chunk}
	c.Sig = e.Sign(tb, c.Digest(l.ChainID(), l.Contract()))
	return c
}

// testCustodians: the custodian set is set, changed and removed (no keys,
// threshold 0) by the governors' threshold, each act numbered so that
// none replays; the contract refuses a malformed set when it is proposed.
func testCustodians(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	ctx, gov, host := n.ctx, n.gov, n.host
	k1, k2, k3 := [32]byte{31: 1}, [32]byte{31: 2}, [32]byte{31: 3}
	propose := func(l ledger.Ledger, threshold uint8, keys ...[32]byte) func() (uint64, error) {
		return func() (uint64, error) { return l.ProposeCustodians(ctx, keys, threshold) }
	}
	approve := func(l ledger.Ledger, id uint64) func() (uint64, error) {
		return func() (uint64, error) { return noID(l.Approve(ctx, id)) }
	}
	custodians := func(version uint64, threshold uint8, keys ...[32]byte) ledger.Proposal {
		return ledger.Proposal{Kind: chainmsg.ProposalCustodians, Nonce: version, Policy: chainmsg.PackCustodians(keys, threshold)}
	}
	wantSet := func(version uint64, threshold uint8, keys ...[32]byte) func(t *testing.T) {
		return func(t *testing.T) {
			t.Helper()
			st := n.state()
			if st.CustodianVersion != version || st.CustodianThreshold != threshold || !slices.Equal(st.Custodians, keys) {
				t.Fatalf("custodians = v%d %d of %x, want v%d %d of %x", st.CustodianVersion, st.CustodianThreshold, st.Custodians, version, threshold, keys)
			}
		}
	}
	// wantEvents checks the CustodiansChanged events in the log, in order,
	// and the governors' signatures on each against the genesis.
	wantEvents := func(want ...string) func(t *testing.T) {
		return func(t *testing.T) {
			t.Helper()
			g, err := host.Genesis(ctx)
			if err != nil {
				t.Fatal(err)
			}
			evs, _ := n.events(n.dep.DeployedAt())
			var got []string
			for _, ev := range evs {
				c := ev.Custodians
				if c == nil {
					continue
				}
				s := fmt.Sprintf("v%d %d of", c.Version, c.Threshold)
				for _, k := range c.Keys {
					s += fmt.Sprintf(" %d", k[31])
				}
				got = append(got, s)
				if c.Keys == nil || c.Sigs == nil {
					t.Fatalf("CustodiansChanged %d: nil keys or sigs (an ABI decoder gives empty lists)", c.Version)
				}
				d := chainmsg.GovernanceDigest(host.ChainID(), host.Contract(), chainmsg.ActCustodians, c.Version, chainmsg.CustodiansPayload(c.Keys, c.Threshold))
				if err := g.VerifyApprovals(d, c.Sigs); err != nil {
					t.Fatalf("CustodiansChanged %d: %v", c.Version, err)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("custodian events %q, want %q", got, want)
			}
		}
	}
	invalid := ledger.ErrInvalidInput
	seventeen := make([][32]byte, chainmsg.MaxCustodians+1)
	sixteen := make([][32]byte, chainmsg.MaxCustodians)
	for i := range seventeen {
		seventeen[i] = [32]byte{30: 1, 31: byte(i)}
	}
	copy(sixteen, seventeen)
	var mark uint64
	n.run(t, []step{
		{name: "non-governor proposes", call: propose(host, 2, k1, k2, k3),
			want: Refused(ledger.ErrNotGovernor, "NotGovernor", n.hostAdr.Hex())},
		{name: "too many keys", call: propose(gov[0], 2, seventeen...),
			want: Refused(invalid, "FieldTooLarge", "keys has size 17, limit 16")},
		{name: "threshold above the keys", call: propose(gov[0], 3, k1, k2),
			want: Refused(invalid, "BadCustodians", "custodian threshold 3 of 2 keys")},
		{name: "threshold 0 with keys", call: propose(gov[0], 0, k1, k2),
			want: Refused(invalid, "BadCustodians", "custodian threshold 0 of 2 keys")},
		{name: "a threshold without keys", call: propose(gov[0], 1),
			want: Refused(invalid, "BadCustodians", "custodian threshold 1 of 0 keys")},
		{name: "zero key", call: propose(gov[0], 1, k1, [32]byte{}),
			want: Refused(invalid, "EmptyField", "key is empty")},
		{name: "repeated key", call: propose(gov[0], 2, k1, k2, k1),
			want: Refused(invalid, "DuplicateCustodian", "custodian key "+common.Hash(k1).Hex()+" is listed twice")},
		{name: "2 of k1 k2 k3: act 1, one approval of two", call: func() (uint64, error) {
			mark = n.head()
			return propose(gov[0], 2, k1, k2, k3)()
		}, id: 1, after: all(n.wantProposal(1, custodians(1, 2, k1, k2, k3), 1, false), wantSet(0, 0), func(t *testing.T) {
			events, _ := n.events(mark + 1)
			checkEvents(t, events, []chainmsg.Event{
				{Proposed: &chainmsg.ProposedEvent{ID: 1, Proposer: n.govAddr[0], Kind: chainmsg.ProposalCustodians,
					Policy: chainmsg.PackCustodians([][32]byte{k1, k2, k3}, 2), Nonce: 1}},
				{Approved: &chainmsg.ApprovedEvent{ID: 1, Governor: n.govAddr[0], Approvals: 1}},
			})
		})},
		{name: "second approval executes", call: func() (uint64, error) {
			mark = n.head()
			return approve(gov[1], 1)()
		}, after: all(n.wantProposal(1, custodians(1, 2, k1, k2, k3), 2, true), wantSet(1, 2, k1, k2, k3), wantEvents("v1 2 of 1 2 3"),
			func(t *testing.T) {
				payload := chainmsg.CustodiansPayload([][32]byte{k1, k2, k3}, 2)
				events, _ := n.events(mark + 1)
				checkEvents(t, events, []chainmsg.Event{
					{Approved: &chainmsg.ApprovedEvent{ID: 1, Governor: n.govAddr[1], Approvals: 2}},
					{Custodians: &chainmsg.CustodiansChangedEvent{Version: 1, Keys: [][32]byte{k1, k2, k3}, Threshold: 2,
						Sigs: [][]byte{n.sign(0, chainmsg.ActCustodians, 1, payload), n.sign(1, chainmsg.ActCustodians, 1, payload)}}},
				})
			})},
		{name: "1 of k2: act 2", call: propose(gov[2], 1, k2), id: 2},
		// Proposed while act 2 is open, this one is for act 2 as well.
		{name: "1 of k3, also for act 2", call: propose(gov[0], 1, k3), id: 3},
		{name: "act 2 executes", call: approve(gov[0], 2),
			after: all(wantSet(2, 1, k2), wantEvents("v1 2 of 1 2 3", "v2 1 of 2"))},
		{name: "the other proposal for act 2 is stale", call: approve(gov[1], 3),
			want: Refused(ledger.ErrStaleProposal, "StaleProposal", "proposal 3 was made for"), after: wantSet(2, 1, k2)},
		{name: "no keys removes recovery: act 3", call: propose(gov[1], 0), id: 4,
			after: n.wantProposal(4, custodians(3, 0), 1, false)},
		{name: "removal executes", call: approve(gov[2], 4),
			after: all(wantSet(3, 0), wantEvents("v1 2 of 1 2 3", "v2 1 of 2", "v3 0 of"))},
		{name: "16 of 16 keys: act 4", call: propose(gov[0], 16, sixteen...), id: 5},
		{name: "executes", call: approve(gov[1], 5), after: wantSet(4, 16, sixteen...)},
	})
}

// testCheckpoint: a member posts the manifest of the current epoch, once
// per epoch (and once more after a re-founding); members then post its
// chunks, any chunk as often as they like, also after the epoch moved on,
// but never for an epoch without a manifest.
func testCheckpoint(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	ctx, host := n.ctx, n.host
	a, bb, c, outsider := n.enclave(), n.enclave(), n.enclave(), n.enclave()
	n.found(a)
	n.register(bb)
	if err := host.PostHandshake(ctx, a.Handshake(t, host, 0, "welcome", IDs(bb), nil)); err != nil {
		t.Fatal(err)
	}
	n.register(c)
	manifest, manifest2 := Ciphertext(600, 1), Ciphertext(600, 2)
	chunk0, chunk1, full := Ciphertext(4096, 3), Ciphertext(1000, 4), Ciphertext(chainmsg.MaxChunkBytes, 5)
	checkpoint := func(p chainmsg.CheckpointPost) func() (uint64, error) {
		return func() (uint64, error) { return noID(host.PostCheckpoint(ctx, p)) }
	}
	post := func(p chainmsg.CheckpointChunkPost) func() (uint64, error) {
		return func() (uint64, error) { return noID(host.PostCheckpointChunk(ctx, p)) }
	}
	noCheckpoint := func(epoch uint64) Outcome {
		return Refused(ledger.ErrNoCheckpoint, "NoCheckpoint", fmt.Sprintf("epoch %d has no checkpoint manifest", epoch))
	}
	already := Refused(ledger.ErrAlreadyCheckpointed, "AlreadyCheckpointed", "epoch 1 has its checkpoint manifest already")
	invalid, unknown := ledger.ErrInvalidInput, Refused(ledger.ErrBadSignature, "UnknownSigner", "which no enclave registered")
	notMember := func(e *Enclave) Outcome { return Refused(ledger.ErrNotMember, "NotMember", e.ID.Hex()) }
	first, second, refounded := bb.Checkpoint(t, host, 1, manifest), a.Checkpoint(t, host, 2, manifest2), c.Checkpoint(t, host, 2, manifest2)
	chunkA := a.CheckpointChunk(t, host, 1, 0, chunk0)
	tampered := a.Checkpoint(t, host, 1, manifest)
	tampered.Manifest = manifest2
	tamperedChunk := a.CheckpointChunk(t, host, 1, 0, chunk0)
	tamperedChunk.Index = 1
	n.run(t, []step{
		{name: "chunk before any manifest", call: post(a.CheckpointChunk(t, host, 1, 0, chunk0)), want: noCheckpoint(1)},
		{name: "unregistered signer", call: checkpoint(outsider.Checkpoint(t, host, 1, manifest)), want: unknown},
		{name: "registered non-member", call: checkpoint(c.Checkpoint(t, host, 1, manifest)), want: notMember(c)},
		// The signer is checked before the epoch.
		{name: "non-member in a wrong epoch", call: checkpoint(c.Checkpoint(t, host, 0, manifest)), want: notMember(c)},
		{name: "past epoch", call: checkpoint(a.Checkpoint(t, host, 0, manifest)), want: WrongEpoch(1, 0)},
		{name: "future epoch", call: checkpoint(a.Checkpoint(t, host, 2, manifest)), want: WrongEpoch(1, 2)},
		{name: "empty manifest", call: checkpoint(a.Checkpoint(t, host, 1, nil)), want: Refused(invalid, "EmptyField", "manifest is empty")},
		{name: "oversize manifest", call: checkpoint(a.Checkpoint(t, host, 1, Ciphertext(chainmsg.MaxManifestBytes+1, 1))),
			want: Refused(invalid, "FieldTooLarge", "manifest has size 8193, limit 8192")},
		{name: "manifest replaced after signing", call: checkpoint(tampered), want: unknown},
		{name: "the epoch's manifest", call: checkpoint(first)},
		{name: "another member's manifest for the epoch", call: checkpoint(a.Checkpoint(t, host, 1, manifest2)), want: already},
		{name: "replayed manifest", call: checkpoint(first), want: already},
		{name: "chunk 0", call: post(chunkA)},
		{name: "chunk 0 again, by another member", call: post(bb.CheckpointChunk(t, host, 1, 0, chunk0))},
		{name: "chunk 0 replayed", call: post(chunkA)},
		{name: "chunk 1", call: post(bb.CheckpointChunk(t, host, 1, 1, chunk1))},
		{name: "a full-size chunk", call: post(a.CheckpointChunk(t, host, 1, 2, full))},
		{name: "chunk index changed after signing", call: post(tamperedChunk), want: unknown},
		{name: "chunk by a registered non-member", call: post(c.CheckpointChunk(t, host, 1, 1, chunk1)), want: notMember(c)},
		{name: "chunk by an unregistered signer", call: post(outsider.CheckpointChunk(t, host, 1, 1, chunk1)), want: unknown},
		{name: "empty chunk", call: post(a.CheckpointChunk(t, host, 1, 3, nil)), want: Refused(invalid, "EmptyField", "chunk is empty")},
		{name: "oversize chunk", call: post(a.CheckpointChunk(t, host, 1, 3, Ciphertext(chainmsg.MaxChunkBytes+1, 6))),
			want: Refused(invalid, "FieldTooLarge", "chunk has size 65537, limit 65536")},
		{name: "chunk of an epoch without manifest", call: post(a.CheckpointChunk(t, host, 0, 0, chunk0)), want: noCheckpoint(0)},
		{name: "chunk of a future epoch", call: post(a.CheckpointChunk(t, host, 2, 0, chunk0)), want: noCheckpoint(2)},
		{name: "the epoch moves on", call: func() (uint64, error) {
			return noID(host.PostHandshake(ctx, a.Handshake(t, host, 1, "rotate", nil, nil)))
		}, after: n.wantState(2, a.ID, bb.ID)},
		{name: "chunk of the old epoch after it moved on", call: post(bb.CheckpointChunk(t, host, 1, 3, chunk1))},
		{name: "manifest for the old epoch now", call: checkpoint(a.Checkpoint(t, host, 1, manifest2)), want: WrongEpoch(2, 1)},
		{name: "chunk of the new epoch before its manifest", call: post(a.CheckpointChunk(t, host, 2, 0, chunk0)), want: noCheckpoint(2)},
		{name: "the new epoch's manifest", call: checkpoint(second)},
		{name: "governance expels b", call: n.expel(bb)},
		{name: "the expelled member's chunk", call: post(bb.CheckpointChunk(t, host, 1, 0, chunk0)), want: notMember(bb)},
		{name: "the expelled member's manifest", call: checkpoint(bb.Checkpoint(t, host, 3, manifest)), want: notMember(bb)},
		// Disaster recovery: every member lost, governance founds the
		// network again with c. The epoch number comes again, at a new
		// position and with a new state: it takes a manifest of its own.
		{name: "governance expels a, the last member", call: n.expel(a)},
		{name: "governance founds c", call: func() (uint64, error) {
			return noID(n.decide(func(l ledger.Ledger) (uint64, error) { return l.ProposeFounder(ctx, c.ID) }))
		}, after: n.wantState(2, c.ID)},
		{name: "the re-founded epoch's manifest", call: checkpoint(refounded)},
		{name: "another for it", call: checkpoint(c.Checkpoint(t, host, 2, manifest)),
			want: Refused(ledger.ErrAlreadyCheckpointed, "AlreadyCheckpointed", "epoch 2 has its checkpoint manifest already")},
	})
	// Every checkpoint event, decoded with all its fields, in order; the
	// manifest's signature recovers its signer, as an enclave checks it.
	evs, _ := n.events(n.dep.DeployedAt())
	var got []chainmsg.Event
	for _, ev := range evs {
		if ev.Checkpoint != nil || ev.Chunk != nil {
			got = append(got, ev)
		}
	}
	chunk := func(e *Enclave, epoch uint64, index uint32, data []byte) chainmsg.Event {
		return chainmsg.Event{Chunk: &chainmsg.CheckpointChunkEvent{Enclave: e.ID, Epoch: epoch, Index: index, Chunk: data}}
	}
	for _, ev := range got {
		if c := ev.Checkpoint; c != nil {
			signer, err := chainmsg.Recover(chainmsg.CheckpointDigest(host.ChainID(), host.Contract(), c.Epoch, c.Manifest), c.Sig)
			if err != nil || signer != c.Enclave {
				t.Fatalf("checkpoint of epoch %d: signature recovers %s, %v; the event names %s", c.Epoch, signer, err, c.Enclave)
			}
		}
	}
	checkEvents(t, got, []chainmsg.Event{
		{Checkpoint: &chainmsg.CheckpointEvent{Enclave: bb.ID, Epoch: 1, Manifest: manifest, Sig: first.Sig}},
		chunk(a, 1, 0, chunk0),
		chunk(bb, 1, 0, chunk0),
		chunk(a, 1, 0, chunk0),
		chunk(bb, 1, 1, chunk1),
		chunk(a, 1, 2, full),
		chunk(bb, 1, 3, chunk1),
		{Checkpoint: &chainmsg.CheckpointEvent{Enclave: a.ID, Epoch: 2, Manifest: manifest2, Sig: second.Sig}},
		{Checkpoint: &chainmsg.CheckpointEvent{Enclave: c.ID, Epoch: 2, Manifest: manifest2, Sig: refounded.Sig}},
	})
}
