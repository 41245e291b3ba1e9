package enclave

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Admission: every registration is judged once, when the ledger orders it,
// against the policy in force at that point of the log.

type registration struct {
	requestKey []byte
	keyPackage []byte
	evidence   []byte
	admissible bool
	verdict    string
}

func (e *Enclave) onRegistered(r *chainmsg.RegisteredEvent) {
	reg := &registration{requestKey: r.RequestKey, keyPackage: r.KeyPackage, evidence: r.Evidence}
	if _, dup := e.st.registrations[r.Identity]; !dup {
		e.st.regOrder = append(e.st.regOrder, r.Identity)
	}
	e.st.registrations[r.Identity] = reg
	if err := e.checkEvidence(r); err != nil {
		reg.verdict = err.Error()
		e.log.Warn("registration refused", "identity", r.Identity.Hex(), "reason", err)
		return
	}
	reg.admissible, reg.verdict = true, "admissible"
}

// checkEvidence is the admission rule: authentic evidence, accepted by the
// current on-ledger policy, binding exactly the registered keys and this
// network.
func (e *Enclave) checkEvidence(r *chainmsg.RegisteredEvent) error {
	if e.st.policy == nil {
		return fmt.Errorf("%w: no readable policy on the ledger", ErrAdmission)
	}
	now := e.cfg.Now()
	claims, err := e.cfg.VerifyEvidence(r.Evidence, now)
	if err != nil {
		return fmt.Errorf("%w: evidence: %w", ErrAdmission, err)
	}
	if err := e.st.policy.Check(claims, now); err != nil {
		return fmt.Errorf("%w: %w", ErrAdmission, err)
	}
	b := attest.Binding{Identity: r.Identity, RequestKey: r.RequestKey, KeyPackage: r.KeyPackage, ChainID: e.cfg.ChainID, Contract: e.cfg.Contract}
	if err := claims.CheckBinding(b); err != nil {
		return fmt.Errorf("%w: %w", ErrAdmission, err)
	}
	if err := groupkey.CheckKeyPackage(r.KeyPackage, r.Identity); err != nil {
		return fmt.Errorf("%w: %w", ErrAdmission, err)
	}
	return nil
}

func (e *Enclave) admissible() []common.Address {
	if !e.joinedMember() {
		return nil
	}
	var out []common.Address
	for _, id := range e.st.regOrder {
		r := e.st.registrations[id]
		if r.admissible && !e.st.members[id] {
			out = append(out, id)
		}
	}
	return out
}
