package enclave

import (
	"hash"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// state is everything the enclave knows; it is sealed whole for restarts.
type state struct {
	engine    *runtime.Engine
	apps      []*runtime.App
	group     *groupkey.Group
	hashKey   []byte
	stateHash common.Hash
	// hashMAC is HMAC-SHA256 under hashKey (hashMACKey), kept for reuse.
	hashMAC    hash.Hash
	hashMACKey []byte
	applied    uint64
	epoch      uint64
	position   chainmsg.Position
	started    bool

	// Governance as this enclave verified it (governance.go).
	policy        *attest.Policy
	policyVersion uint64
	foundings     uint64
	expelled      map[common.Address]bool
	audit         auditState // auditors and records not yet on the ledger (audit.go)

	registrations map[common.Address]*registration
	regOrder      []common.Address
	pending       []*pending // in arrival order; entries marked done are dropped lazily
	pendingByID   map[common.Hash]*pending
	outbox        []Outcome
	fates         fateBook // outcomes by command id, for their senders (fate.go)
	joining       *joining
	// ckpt is the current epoch's checkpoint (checkpointing.go), and
	// custodians governance's recovery custodians.
	ckpt       *epochCheckpoint
	custodians custodianSet
	rec        *recovering // set while recovering (recovery.go)
	// staged is the handshake this enclave signed for the current epoch
	// and has not seen ordered yet; asking again returns the same one, so
	// a host retrying a post can never make the enclave commit twice.
	staged *Handshake
	// sinceHandshake counts commands applied in the current epoch (the
	// node's rotation policy reads it).
	sinceHandshake uint64
	removed        bool // this enclave was removed from the group

	// signedSeq is one past the highest batch sequence number this enclave
	// signed. A batch of its own on the ledger at or above it, or a commit
	// of its own it never staged, means it was restarted from an older
	// sealed blob (rollback.go).
	signedSeq uint64
	// stale says why this enclave can no longer follow the group: its
	// sealed state was rolled back past one of its own commits.
	stale string

	// chain is the light client of an enclave that verifies the chain
	// itself (chain.go); nil when it believes its host.
	chain *chainReader
}

func newState() state {
	s := state{expelled: map[common.Address]bool{}, registrations: map[common.Address]*registration{}, pendingByID: map[common.Hash]*pending{},
		fates: newFateBook()}
	s.audit.index()
	return s
}

func (s *state) mlsEpoch() uint64 {
	if s.group == nil {
		return 0
	}
	return s.group.MLSEpoch()
}

func (s *state) init(apps []*runtime.App) error {
	s.apps = apps
	eng, err := runtime.NewEngine(runtime.NewStore(), apps...)
	if err != nil {
		return err
	}
	s.engine = eng
	return nil
}

// joinedMember: in the group and holding its state.
func (e *Enclave) joinedMember() bool {
	return e.st.group != nil && e.st.joining == nil
}

func (e *Enclave) status() Status {
	members := 0
	due := false
	if c := e.st.ckpt; c != nil && e.joinedMember() && !e.checkpointed() {
		due = c.Maker == e.Identity()
	}
	if e.st.group != nil {
		members = len(e.st.group.Members())
	}
	return Status{
		Identity:        e.Identity(),
		Member:          e.st.group != nil,
		Joined:          e.st.group != nil && e.st.joining == nil,
		Epoch:           e.st.epoch,
		MLSEpoch:        e.st.mlsEpoch(),
		Members:         members,
		SinceHandshake:  e.st.sinceHandshake,
		Position:        e.st.position,
		AppliedCommands: e.st.applied,
		StateHash:       e.st.stateHash,
		Pending:         len(e.st.pendingByID),
		AuditPending:    len(e.st.audit.Pending),
		AuditDiverged:   e.st.audit.Diverged,
		Stale:           e.st.stale,
		CheckpointOwed:  e.joinedMember() && !e.checkpointed(),
		CheckpointDue:   due,
	}
}
