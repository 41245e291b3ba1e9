package enclave

import (
	"crypto/rand"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Governance events are believed only with the governors' signatures,
// checked here against the genesis this enclave's evidence binds: a host
// can withhold them, never forge, alter, replay or reorder one. Refusals
// are logged with the reason and change nothing.

// verifyAct checks the genesis threshold of governor signatures over act.
func (e *Enclave) verifyAct(act chainmsg.Act, nonce uint64, payload [32]byte, sigs [][]byte) error {
	d := chainmsg.GovernanceDigest(e.chainID(), e.cfg.Contract, act, nonce, payload)
	if err := e.cfg.Genesis.VerifyApprovals(d, sigs); err != nil {
		return fmt.Errorf("%w: %s %d: %w", ErrGovernance, act, nonce, err)
	}
	return nil
}

func (e *Enclave) onPolicy(p *chainmsg.PolicyChangedEvent) {
	if err := e.checkPolicyEvent(p); err != nil {
		e.log.Warn("refusing policy event", "version", p.Version, "in_force", e.st.policyVersion, "reason", err)
		return
	}
	e.st.policyVersion = p.Version
	pol, err := attest.ParsePolicy(p.Policy)
	if err != nil {
		// An authentic policy the enclave cannot read admits nobody.
		e.log.Warn("unreadable policy in force; admissions stop", "version", p.Version, "err", err)
		e.st.policy = nil
	} else {
		e.st.policy = pol
	}
	for _, id := range e.st.regOrder {
		e.judge(id, e.st.registrations[id])
	}
}

func (e *Enclave) checkPolicyEvent(p *chainmsg.PolicyChangedEvent) error {
	if p.Version != e.st.policyVersion+1 {
		return fmt.Errorf("%w: policy version %d, the next is %d (replayed, older or skipped)", ErrGovernance, p.Version, e.st.policyVersion+1)
	}
	h := crypto.Keccak256Hash(p.Policy)
	if p.Version == 1 {
		// The deployment's policy is authenticated by the genesis.
		if h != e.cfg.Genesis.PolicyHash {
			return fmt.Errorf("%w: policy version 1 is not the genesis policy (hash %s, genesis %s)", ErrGovernance, h.Hex(), e.cfg.Genesis.PolicyHash.Hex())
		}
		return nil
	}
	return e.verifyAct(chainmsg.ActPolicy, p.Version, h, p.Sigs)
}

func (e *Enclave) onFounded(pos chainmsg.Position, f *chainmsg.FoundedEvent) error {
	if f.Nonce != e.st.foundings {
		e.log.Warn("refusing founder event", "identity", f.Identity.Hex(), "reason",
			fmt.Sprintf("founding %d, the next is %d (replayed or skipped)", f.Nonce, e.st.foundings))
		return nil
	}
	if err := e.verifyAct(chainmsg.ActFounder, f.Nonce, chainmsg.AddressPayload(f.Identity), f.Sigs); err != nil {
		e.log.Warn("refusing founder event", "identity", f.Identity.Hex(), "reason", err)
		return nil
	}
	e.st.foundings++
	me := e.Identity()
	if f.Identity != me || e.st.group != nil || e.st.removed {
		// A founding begins a ledger epoch (without a handshake).
		e.recoveryEpoch(pos)
		return nil
	}
	if r, ok := e.st.registrations[me]; ok && r.removed {
		return nil
	}
	if e.st.rec != nil {
		return e.foundRecovered(pos, f.Nonce)
	}
	g, err := groupkey.Found(groupkey.GroupID(e.cfg.ChainID, e.cfg.Contract), me, e.sigPriv, e.st.epoch)
	if err != nil {
		return err
	}
	// The state-hash key is drawn once for the network's life and handed to
	// each joiner in the checkpoints.
	hk := make([]byte, 32)
	if _, err := rand.Read(hk); err != nil {
		return err
	}
	e.st.group, e.st.hashKey = g, hk
	e.log.Info("founded the network", "founding", f.Nonce)
	e.beginEpoch(pos, me)
	return nil
}

func (e *Enclave) onExpelled(x *chainmsg.ExpelledEvent) {
	if err := e.verifyAct(chainmsg.ActExpel, 0, chainmsg.AddressPayload(x.Identity), x.Sigs); err != nil {
		e.log.Warn("refusing expulsion event", "identity", x.Identity.Hex(), "reason", err)
		return
	}
	e.st.expelled[x.Identity] = true
	e.markRemoved(x.Identity, "expelled by governance")
	if x.Identity == e.Identity() {
		e.log.Warn("this enclave was expelled by governance; it serves nobody from now on")
	}
}

// removable lists expelled identities still in the group: any member may
// commit their removal, and every member accepts only such removals.
func (e *Enclave) removable() []common.Address {
	if !e.joinedMember() {
		return nil
	}
	var out []common.Address
	for _, m := range e.st.group.MemberList() {
		if e.st.expelled[m.Identity] && m.Identity != e.Identity() {
			out = append(out, m.Identity)
		}
	}
	return out
}
