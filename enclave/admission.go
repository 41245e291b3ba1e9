package enclave

import (
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Admission. Evidence is verified once, when the ledger orders the
// registration: authentic, binding exactly the registered keys, this
// network and this genesis. The claims are kept, and judged against the
// authentic policy whenever a decision depends on them: when the
// registration arrives, when the policy changes, when this enclave stages
// an Add (with fresh evidence verification), when any member's commit adds
// the enclave, and when a joiner checks the group it is welcomed into.

type registration struct {
	requestKey []byte
	keyPackage []byte
	evidence   []byte
	// sigKey is the MLS signature key of the registered KeyPackage: the
	// only key a leaf of this identity may carry.
	sigKey []byte
	claims *attest.Claims // nil when the evidence did not verify
	// admissible: accepted by the policy in force now; everAdmissible: by
	// some authentic policy since it registered (how a joiner judges the
	// members already in the group, admitted under earlier policies).
	admissible, everAdmissible bool
	verdict                    string
	// removed: expelled, or removed from the group; never admitted again.
	removed bool
}

// maxRegistrations bounds the registrations an enclave keeps (evidence up
// to 64 KiB each, by the contract's caps). Every registration costs its
// host a transaction, and every member applies the same ledger in the same
// order, so all of them keep the same first ones; a network that needs
// more has outgrown one deployment. A variable only so tests can lower it.
var maxRegistrations = 4096

func (e *Enclave) onRegistered(r *chainmsg.RegisteredEvent) {
	if len(e.st.regOrder) >= maxRegistrations {
		e.log.Warn("registration not kept: the enclave holds the most it keeps", "identity", r.Identity.Hex(), "limit", maxRegistrations)
		return
	}
	if _, dup := e.st.registrations[r.Identity]; dup {
		// The contract takes one registration per identity; a second one
		// is the host's invention.
		e.log.Warn("ignoring a second registration of the same identity", "identity", r.Identity.Hex())
		return
	}
	reg := &registration{requestKey: r.RequestKey, keyPackage: r.KeyPackage, evidence: r.Evidence}
	e.st.regOrder = append(e.st.regOrder, r.Identity)
	e.st.registrations[r.Identity] = reg
	claims, sigKey, err := e.verifyRegistration(r.Identity, reg, e.cfg.Now())
	if err != nil {
		reg.verdict = err.Error()
		e.log.Warn("registration refused", "identity", r.Identity.Hex(), "reason", err)
		return
	}
	reg.claims, reg.sigKey = claims, sigKey
	e.judge(r.Identity, reg)
	if !reg.admissible {
		e.log.Warn("registration refused", "identity", r.Identity.Hex(), "reason", reg.verdict)
	}
}

// verifyRegistration checks authenticity: evidence that verifies, binds
// the registered keys, this network and this genesis, and a KeyPackage
// that names the identity.
func (e *Enclave) verifyRegistration(id common.Address, r *registration, now time.Time) (*attest.Claims, []byte, error) {
	claims, err := e.cfg.VerifyEvidence(r.evidence, now)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: evidence: %w", ErrAdmission, err)
	}
	b := attest.Binding{Identity: id, RequestKey: r.requestKey, KeyPackage: r.keyPackage, ChainID: e.cfg.ChainID, Contract: e.cfg.Contract, Genesis: e.cfg.Genesis.Hash()}
	if err := claims.CheckBinding(b); err != nil {
		return nil, nil, fmt.Errorf("%w: %w (other keys, other network or other governors)", ErrAdmission, err)
	}
	sigKey, err := groupkey.CheckKeyPackage(r.keyPackage, id)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrAdmission, err)
	}
	return claims, sigKey, nil
}

// checkPolicy is the policy half of admission: the authentic policy in
// force, and the build's minimum that no policy can lower.
func (e *Enclave) checkPolicy(c *attest.Claims, now time.Time) error {
	if productionBuild && (c.Insecure || c.Debug) {
		return fmt.Errorf("%w: a production enclave admits no simulated or debug enclave, whatever the policy says", ErrAdmission)
	}
	if e.st.policy == nil {
		return fmt.Errorf("%w: no readable policy in force", ErrAdmission)
	}
	if err := e.st.policy.Check(c, now); err != nil {
		return fmt.Errorf("%w: %w", ErrAdmission, err)
	}
	// The joiner's evidence binds this enclave's genesis (verifyRegistration),
	// so it reads the chain as this enclave does.
	if err := e.st.policy.CheckChain(e.cfg.anchor); err != nil {
		return fmt.Errorf("%w: %w", ErrAdmission, err)
	}
	return nil
}

// judge records the verdict of the policy in force on a verified
// registration.
func (e *Enclave) judge(id common.Address, r *registration) {
	if r.claims == nil || r.removed {
		return
	}
	if err := e.checkPolicy(r.claims, e.cfg.Now()); err != nil {
		r.admissible, r.verdict = false, err.Error()
		return
	}
	r.admissible, r.everAdmissible, r.verdict = true, true, "admissible"
}

// admissible lists registered enclaves that the policy in force accepts
// and that are not in the group.
func (e *Enclave) admissible() []common.Address {
	if !e.joinedMember() {
		return nil
	}
	tree := e.st.group.Members()
	var out []common.Address
	for _, id := range e.st.regOrder {
		r := e.st.registrations[id]
		if _, in := tree[id]; r.admissible && !in {
			out = append(out, id)
		}
	}
	return out
}

// checkAdd is every member's rule for a leaf a commit adds: a verified
// registration with that very signature key, accepted by the policy in
// force, never removed.
func (e *Enclave) checkAdd(m groupkey.Member) error {
	r, ok := e.st.registrations[m.Identity]
	switch {
	case !ok:
		return fmt.Errorf("%w: %s never registered", ErrAdmission, m.Identity.Hex())
	case r.removed:
		return fmt.Errorf("%w: %s was removed or expelled", ErrAdmission, m.Identity.Hex())
	case r.claims == nil:
		return fmt.Errorf("%w: %s: %s", ErrAdmission, m.Identity.Hex(), r.verdict)
	case string(r.sigKey) != string(m.SignatureKey):
		return fmt.Errorf("%w: %s joins with a key it did not register", ErrAdmission, m.Identity.Hex())
	}
	return e.checkPolicy(r.claims, e.cfg.Now())
}

// checkMember is a joiner's rule for a leaf already in the group it is
// welcomed into: a verified registration with that very signature key,
// accepted by some authentic policy, not expelled.
func (e *Enclave) checkMember(m groupkey.Member) error {
	r, ok := e.st.registrations[m.Identity]
	switch {
	case !ok:
		return fmt.Errorf("%w: member %s never registered", ErrAdmission, m.Identity.Hex())
	case r.removed:
		return fmt.Errorf("%w: member %s was removed or expelled", ErrAdmission, m.Identity.Hex())
	case !r.everAdmissible:
		return fmt.Errorf("%w: member %s was never admissible: %s", ErrAdmission, m.Identity.Hex(), r.verdict)
	case string(r.sigKey) != string(m.SignatureKey):
		return fmt.Errorf("%w: member %s holds a key it did not register", ErrAdmission, m.Identity.Hex())
	}
	return nil
}

// markRemoved makes an identity inadmissible for ever: its operator would
// have to start a new enclave, with new keys and fresh evidence.
func (e *Enclave) markRemoved(id common.Address, why string) {
	r, ok := e.st.registrations[id]
	if !ok {
		return
	}
	r.removed, r.admissible, r.verdict = true, false, why
}
