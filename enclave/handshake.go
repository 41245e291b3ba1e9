package enclave

import (
	"encoding/json"
	"fmt"
	"slices"

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
	case e.st.members[joiner]:
		return nil, fmt.Errorf("%w: %s is already a member", ErrAdmission, joiner.Hex())
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

func (e *Enclave) remove(member common.Address) (*Handshake, error) {
	if !e.st.members[member] {
		return nil, fmt.Errorf("%w: %s is not a member", ErrRequest, member.Hex())
	}
	if member == e.Identity() {
		return nil, fmt.Errorf("%w: an enclave cannot commit its own removal; ask another member", ErrRequest)
	}
	return e.stage(HandshakeRemove, member, func() (*mls.CommitResult, []common.Address, []common.Address, error) {
		leaf, ok := e.st.group.Members()[member]
		if !ok {
			return nil, nil, nil, fmt.Errorf("%w: %s is not in the MLS tree", ErrRequest, member.Hex())
		}
		res, err := e.st.group.Commit(mls.CommitOptions{Remove: []uint32{leaf}})
		return res, nil, []common.Address{member}, err
	})
}

func (e *Enclave) onHandshake(pos chainmsg.Position, h *chainmsg.HandshakeEvent) error {
	me := e.Identity()
	if h.Epoch != e.st.epoch {
		return fmt.Errorf("%w: handshake for epoch %d while at %d", ErrEventOrder, h.Epoch, e.st.epoch)
	}
	if e.st.staged != nil && e.st.staged.Epoch <= h.Epoch {
		e.st.staged = nil // ours landed, or lost the epoch to this one
	}
	e.st.epoch++
	e.st.sinceHandshake = 0
	commit, welcome, perr := decodeHandshake(h.Payload)
	for _, a := range h.Removes {
		delete(e.st.members, a)
		// A removed identity never comes back: its operator would have to
		// start a new enclave, with new keys and fresh evidence.
		if r, ok := e.st.registrations[a]; ok {
			r.admissible, r.verdict = false, fmt.Sprintf("removed from the group at epoch %d", h.Epoch)
		}
	}
	for _, a := range h.Adds {
		e.st.members[a] = true
	}
	switch {
	case e.st.group != nil:
		removed, err := func() (bool, error) {
			if perr != nil {
				return false, perr
			}
			return e.st.group.Process(commit)
		}()
		switch {
		case err != nil:
			// Every member refuses the same commit the same way; the
			// ledger epoch moves on, the MLS epoch stays.
			e.log.Warn("refusing handshake; keeping the MLS epoch", "epoch", h.Epoch, "committer", h.Committer.Hex(), "err", err)
			if err := e.st.group.Skip(); err != nil {
				return err
			}
		case removed:
			e.st.group, e.st.joining, e.st.removed = nil, nil, true
			e.log.Info("removed from the group; epoch secrets deleted", "epoch", e.st.epoch)
			return nil
		}
		e.checkMembership()
	case slices.Contains(h.Adds, me) && perr == nil && len(welcome) > 0:
		g, err := groupkey.Join(welcome, e.kp, h.Epoch)
		if err != nil {
			e.log.Warn("cannot join from the Welcome", "err", err)
			return nil
		}
		e.st.group = g
		e.st.joining = &joining{At: pos}
		e.log.Info("admitted; waiting for the state snapshot", "epoch", e.st.epoch)
		return nil
	}
	if h.Committer == me && e.st.joining == nil && e.st.group != nil {
		for _, a := range h.Adds {
			// The committer hands each joiner the state as of this very
			// handshake, encrypted under the new epoch like any command.
			t := transfer{Joiner: a, At: pos, Snapshot: e.st.engine.Store().Snapshot(), StateHash: e.st.stateHash, Applied: e.st.applied, HashKey: e.st.hashKey}
			payload, err := json.Marshal(t)
			if err != nil {
				return err
			}
			if err := e.st.enqueue(transferID(a, pos), msgTransfer, payload, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkMembership compares the MLS tree with the contract's member list;
// they must agree, since every handshake's adds and removes are exactly
// its commit's proposals.
func (e *Enclave) checkMembership() {
	tree := e.st.group.Members()
	ok := len(tree) == len(e.st.members)
	for a := range e.st.members {
		_, in := tree[a]
		ok = ok && in
	}
	if !ok {
		e.log.Error("MLS group and ledger disagree on membership", "mls", len(tree), "ledger", len(e.st.members))
	}
}

func (e *Enclave) group() GroupInfo {
	gi := GroupInfo{Epoch: e.st.epoch, MLSEpoch: e.st.mlsEpoch(), Joined: e.joinedMember()}
	for _, id := range e.st.regOrder {
		if !e.st.members[id] {
			continue
		}
		kind := "unknown"
		if env, err := attest.ParseEnvelope(e.st.registrations[id].evidence); err == nil {
			kind = string(env.Kind)
		}
		gi.Members = append(gi.Members, GroupMember{Identity: id, TEEKind: kind, Self: id == e.Identity()})
	}
	return gi
}
