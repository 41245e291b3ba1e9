package enclave

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/mls"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Group-key handshakes: the MLS commits this enclave stages (admission,
// rotation, removal) and the ones the ledger orders, its own included.

// stage signs a handshake for the current epoch, or returns the one
// already staged when it does the same thing.
func (e *Enclave) stage(kind HandshakeKind, target common.Address, build func() (*mls.CommitResult, []common.Address, []common.Address, error)) (*Handshake, error) {
	if !e.joinedMember() {
		return nil, fmt.Errorf("%w: only a joined member can commit", ErrNotReady)
	}
	if e.st.stale != "" {
		return nil, fmt.Errorf("%w: %s", ErrNotReady, e.st.stale)
	}
	if st := e.st.staged; st != nil && st.Epoch == e.st.epoch {
		if st.Kind == kind && st.Target == target {
			return st, nil
		}
		return nil, fmt.Errorf("%w: %s of %s for epoch %d", ErrBusy, st.Kind, st.Target.Hex(), st.Epoch)
	}
	res, adds, removes, err := build()
	if err != nil {
		return nil, err
	}
	h := &Handshake{Kind: kind, Target: target, Handshake: chainmsg.Handshake{Epoch: e.st.epoch, Payload: encodeHandshake(res.Commit, res.Welcome), Adds: adds, Removes: removes}}
	d := h.Digest(e.chainID(), e.cfg.Contract)
	if h.Sig, err = chainmsg.Sign(d, e.identity); err != nil {
		return nil, err
	}
	e.st.staged = h
	return h, nil
}

func (e *Enclave) admit(joiner common.Address) (*Handshake, error) {
	r, ok := e.st.registrations[joiner]
	switch {
	case !ok:
		return nil, fmt.Errorf("%w: %s has not registered", ErrAdmission, joiner.Hex())
	case !r.admissible:
		return nil, fmt.Errorf("%w: %s: %s", ErrAdmission, joiner.Hex(), r.verdict)
	case e.inGroup(joiner):
		return nil, fmt.Errorf("%w: %s is already a member", ErrAdmission, joiner.Hex())
	}
	if st := e.st.staged; st == nil || st.Epoch != e.st.epoch || st.Kind != HandshakeAdd || st.Target != joiner {
		// Evidence is verified again when the commit is made, not only
		// when the registration was first seen: collateral may have
		// expired or been revoked since.
		now := e.cfg.Now()
		claims, _, err := e.verifyRegistration(joiner, r, now)
		if err == nil {
			err = e.checkPolicy(claims, now)
		}
		if err != nil {
			r.admissible, r.verdict = false, err.Error()
			return nil, err
		}
	}
	return e.stage(HandshakeAdd, joiner, func() (*mls.CommitResult, []common.Address, []common.Address, error) {
		res, err := e.st.group.Commit(mls.CommitOptions{Add: [][]byte{r.keyPackage}})
		return res, []common.Address{joiner}, nil, err
	})
}

func (e *Enclave) rotate() (*Handshake, error) {
	return e.stage(HandshakeRotate, e.Identity(), func() (*mls.CommitResult, []common.Address, []common.Address, error) {
		res, err := e.st.group.Commit(mls.CommitOptions{ForcePath: true})
		return res, nil, nil, err
	})
}

// remove stages the removal of a member that governance expelled. One
// operator, or one stolen enclave key, cannot evict the others: every
// member refuses a removal that governance did not sign for.
func (e *Enclave) remove(member common.Address) (*Handshake, error) {
	switch {
	case !e.inGroup(member):
		return nil, fmt.Errorf("%w: %s is not a member", ErrRequest, member.Hex())
	case member == e.Identity():
		return nil, fmt.Errorf("%w: an enclave cannot commit its own removal; ask another member", ErrRequest)
	case !e.st.expelled[member]:
		return nil, fmt.Errorf("%w: %s was not expelled by governance (anonify attest policy expel)", ErrRequest, member.Hex())
	}
	return e.stage(HandshakeRemove, member, func() (*mls.CommitResult, []common.Address, []common.Address, error) {
		leaf := e.st.group.Members()[member]
		res, err := e.st.group.Commit(mls.CommitOptions{Remove: []uint32{leaf}})
		return res, nil, []common.Address{member}, err
	})
}

// inGroup reports whether id is in this enclave's MLS tree: membership
// comes from verified commits only, never from lists the host supplies.
func (e *Enclave) inGroup(id common.Address) bool {
	if e.st.group == nil {
		return false
	}
	_, ok := e.st.group.Members()[id]
	return ok
}

// checkCommit is every member's judgement of another member's commit,
// before it is installed: each leaf it adds must be admissible under the
// policy in force, each leaf it removes must have been expelled.
func (e *Enclave) checkCommit(c groupkey.Changes) error {
	for _, m := range c.Added {
		if err := e.checkAdd(m); err != nil {
			return err
		}
	}
	for _, m := range c.Gone {
		if !e.st.expelled[m.Identity] {
			return fmt.Errorf("%w: the commit of %s removes %s, whom governance did not expel", ErrAdmission, c.Committer.Identity.Hex(), m.Identity.Hex())
		}
	}
	return nil
}

// checkWelcome is a joiner's judgement of the group it is welcomed into:
// the committer and every member are enclaves whose evidence it verified,
// accepted by an authentic policy, with the keys they registered. A host
// that builds its own group around the joiner's KeyPackage gets nothing.
func (e *Enclave) checkWelcome(g *groupkey.Group, by groupkey.Member) error {
	me := e.Identity()
	if by.Identity == me {
		return fmt.Errorf("%w: the Welcome claims this enclave added itself", ErrAdmission)
	}
	for _, m := range g.MemberList() {
		if m.Identity == me {
			continue
		}
		if err := e.checkMember(m); err != nil {
			return err
		}
	}
	return nil
}

func (e *Enclave) onHandshake(pos chainmsg.Position, h *chainmsg.HandshakeEvent) error {
	if h.Epoch != e.st.epoch {
		return fmt.Errorf("%w: handshake for epoch %d while at %d", ErrEventOrder, h.Epoch, e.st.epoch)
	}
	// Our own commit is recognised by its bytes, not by the committer the
	// event names (the host writes that field).
	var own *Handshake
	if st := e.st.staged; st != nil && st.Epoch == h.Epoch && bytes.Equal(st.Payload, h.Payload) {
		own = st
	}
	if e.st.staged != nil && e.st.staged.Epoch <= h.Epoch {
		e.st.staged = nil // ours landed, or lost the epoch to this one
	}
	e.st.epoch++
	e.st.sinceHandshake = 0
	e.recoveryEpoch(pos)
	commit, welcome, perr := decodeHandshake(h.Payload)
	switch {
	case e.st.group != nil:
		var gone []common.Address
		removed, err := func() (bool, error) {
			if perr != nil {
				return false, perr
			}
			before := e.st.group.MemberList()
			removed, err := e.st.group.Process(commit, e.checkCommit)
			if err == nil && !removed {
				after := e.st.group.Members()
				for _, m := range before {
					if _, in := after[m.Identity]; !in {
						gone = append(gone, m.Identity)
					}
				}
			}
			return removed, err
		}()
		switch {
		case err != nil:
			if errors.Is(err, mls.ErrOwnCommitUnknown) {
				e.ownCommitUnknown(h.Epoch)
			}
			// Every honest member refuses the same commit the same way;
			// the ledger epoch moves on, the MLS epoch stays.
			e.log.Warn("refusing handshake; keeping the MLS epoch", "epoch", h.Epoch, "err", err)
			if err := e.st.group.Skip(); err != nil {
				return err
			}
			e.beginEpoch(pos, h.Committer)
			return nil
		case removed:
			e.st.group, e.st.joining, e.st.removed, e.st.ckpt = nil, nil, true, nil
			e.markRemoved(e.Identity(), fmt.Sprintf("removed from the group at epoch %d", h.Epoch))
			e.log.Info("removed from the group; epoch secrets deleted", "epoch", e.st.epoch)
			return nil
		}
		for _, a := range gone {
			e.markRemoved(a, fmt.Sprintf("removed from the group at epoch %d", h.Epoch))
		}
	case perr == nil && len(welcome) > 0 && !e.st.removed:
		g, by, err := groupkey.Join(welcome, e.kp, h.Epoch)
		if err != nil {
			// Most Welcomes are for someone else.
			e.log.Debug("Welcome not for this enclave, or invalid", "err", err)
			return nil
		}
		if err := e.checkWelcome(g, by); err != nil {
			e.log.Warn("refusing the Welcome; staying out of that group", "epoch", h.Epoch, "err", err)
			return nil
		}
		e.st.group = g
		e.st.joining = &joining{At: pos, Epoch: e.st.epoch, MLSEpoch: g.MLSEpoch(), Custodians: e.st.custodians}
		e.log.Info("admitted; waiting for the epoch's checkpoint", "epoch", e.st.epoch, "by", by.Identity.Hex())
		return nil
	}
	if e.st.group != nil {
		// The maker only says who posts the checkpoint first: the host's
		// word is good enough for that, our own bytes better.
		maker := h.Committer
		if own != nil {
			maker = e.Identity()
		}
		e.beginEpoch(pos, maker)
	}
	return nil
}

func (e *Enclave) group() GroupInfo {
	gi := GroupInfo{Epoch: e.st.epoch, MLSEpoch: e.st.mlsEpoch(), Joined: e.joinedMember()}
	if e.st.group == nil {
		return gi
	}
	for _, m := range e.st.group.MemberList() {
		kind := "unknown"
		if r, ok := e.st.registrations[m.Identity]; ok {
			if env, err := attest.ParseEnvelope(r.evidence); err == nil {
				kind = string(env.Kind)
			}
		}
		gi.Members = append(gi.Members, GroupMember{Identity: m.Identity, TEEKind: kind, Self: m.Identity == e.Identity()})
	}
	return gi
}
