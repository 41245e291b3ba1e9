// Package enclave is the trusted side of an Anonify node: the only code that
// holds the enclave's secret keys, the group key and the plaintext state.
//
// Trust: TRUSTED. Everything exported from this file is the enclave's whole
// surface towards the untrusted host (the "ecalls"). Values crossing it are
// ciphertext, public keys, signatures, evidence and ledger events; nothing
// that crosses it reveals state or keys. The host must treat every result
// as opaque and every call as something a malicious host could also make:
// the enclave checks signatures, counters, epochs and evidence itself.
package enclave

import (
	"context"
	"crypto/ecdsa"
	"crypto/hpke"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/mls"
	"github.com/anonify-go/anonify/tee"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Config fixes what an enclave serves. Apps are part of the enclave's code,
// hence of its measurement; the network (chain id and contract) is bound
// into its evidence, so a configured enclave serves exactly one network.
type Config struct {
	Platform tee.Platform
	ChainID  uint64
	Contract common.Address
	Apps     []*runtime.App
	// VerifyEvidence checks a joiner's evidence (attest/verify.Evidence in
	// production code); tests may substitute a stricter one, never a laxer.
	VerifyEvidence func(evidence []byte, now time.Time) (*attest.Claims, error)
	// Now reads the clock used for evidence validity; defaults to time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Enclave is one enclave instance. Its methods are safe for concurrent use.
type Enclave struct {
	mu  sync.Mutex
	cfg Config
	log *slog.Logger

	identity *ecdsa.PrivateKey
	request  hpke.PrivateKey
	sigPriv  []byte                // MLS signature key
	kp       *mls.KeyPackageSecret // consumed when the enclave joins
	evidence []byte

	st state
}

// New creates an enclave with fresh identity and request keys, and asks the
// platform for evidence binding them to the network.
func New(ctx context.Context, cfg Config) (*Enclave, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	id, err := crypto.GenerateKey()
	if err != nil {
		return nil, err
	}
	req, err := wire.GenerateKey()
	if err != nil {
		return nil, err
	}
	e := &Enclave{cfg: cfg, identity: id, request: req, st: newState()}
	e.log = cfg.Logger.With("enclave", e.Identity().Hex()[:10])
	if e.sigPriv, e.kp, err = groupkey.NewSigner(e.Identity()); err != nil {
		return nil, err
	}
	if err := e.st.init(cfg.Apps); err != nil {
		return nil, err
	}
	if e.evidence, err = e.makeEvidence(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

func (cfg *Config) check() error {
	if cfg.Platform == nil {
		return fmt.Errorf("enclave: no TEE platform configured")
	}
	if cfg.ChainID == 0 || cfg.Contract == (common.Address{}) {
		return fmt.Errorf("enclave: network not configured (chain id %d, contract %s)", cfg.ChainID, cfg.Contract.Hex())
	}
	if len(cfg.Apps) == 0 {
		return fmt.Errorf("enclave: no apps configured")
	}
	if cfg.VerifyEvidence == nil {
		return fmt.Errorf("enclave: no evidence verifier configured")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return nil
}

func (e *Enclave) binding() attest.Binding {
	return attest.Binding{
		Identity:   crypto.PubkeyToAddress(e.identity.PublicKey),
		RequestKey: e.request.PublicKey().Bytes(),
		KeyPackage: e.kp.KeyPackage(),
		ChainID:    e.cfg.ChainID,
		Contract:   e.cfg.Contract,
	}
}

func (e *Enclave) makeEvidence(ctx context.Context) ([]byte, error) {
	ev, err := e.cfg.Platform.Evidence(ctx, e.binding().ReportData())
	if err != nil {
		return nil, fmt.Errorf("enclave: platform evidence: %w", err)
	}
	return ev, nil
}

// Identity is the address the contract knows this enclave by.
func (e *Enclave) Identity() common.Address { return crypto.PubkeyToAddress(e.identity.PublicKey) }

// Info is what a client needs to seal requests to this enclave and to
// check that it is a genuine one.
func (e *Enclave) Info() wire.EnclaveInfo {
	return wire.EnclaveInfo{
		Identity:   e.Identity(),
		RequestKey: e.request.PublicKey().Bytes(),
		KeyPackage: e.kp.KeyPackage(),
		Evidence:   e.evidence,
		TEEKind:    string(e.cfg.Platform.Kind()),
		ChainID:    e.cfg.ChainID,
		Contract:   e.cfg.Contract,
	}
}

// Registration is this enclave's signed registration for the ledger.
type Registration struct {
	Identity                         common.Address
	RequestKey, KeyPackage, Evidence []byte
	Sig                              []byte
}

func (e *Enclave) Registration() (*Registration, error) {
	r := &Registration{Identity: e.Identity(), RequestKey: e.request.PublicKey().Bytes(), KeyPackage: e.kp.KeyPackage(), Evidence: e.evidence}
	d := chainmsg.RegisterDigest(e.chainID(), e.cfg.Contract, r.Identity, r.RequestKey, r.KeyPackage, r.Evidence)
	sig, err := chainmsg.Sign(d, e.identity)
	if err != nil {
		return nil, err
	}
	r.Sig = sig
	return r, nil
}

func (e *Enclave) chainID() *big.Int { return new(big.Int).SetUint64(e.cfg.ChainID) }

// Status is the host-visible summary. StateHash is keyed by the group, so
// comparing it across nodes detects divergence without revealing state.
type Status struct {
	Identity        common.Address
	Member          bool
	Joined          bool   // member and holding the state (snapshot received)
	Epoch           uint64 // ledger epoch
	MLSEpoch        uint64
	Members         int
	SinceHandshake  uint64 // commands applied in this epoch
	Position        Position
	AppliedCommands uint64
	StateHash       common.Hash
	Pending         int
}

func (e *Enclave) Status() Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	return Status{
		Identity:        e.Identity(),
		Member:          e.st.members[e.Identity()],
		Joined:          e.st.group != nil && e.st.joining == nil,
		Epoch:           e.st.epoch,
		MLSEpoch:        e.st.mlsEpoch(),
		Members:         len(e.st.members),
		SinceHandshake:  e.st.sinceHandshake,
		Position:        e.st.position,
		AppliedCommands: e.st.applied,
		StateHash:       e.st.stateHash,
		Pending:         len(e.st.pendingByID),
	}
}

// SubmitResult is the enclave's answer to a sealed request.
type SubmitResult struct {
	ID     common.Hash
	Kind   string
	Answer []byte // queries: answer sealed to the client's reply key
}

// Submit opens a client's sealed request. A query is answered at once
// (sealed to the client); a command is checked (signature, network,
// counter, function) and queued for the next ledger batch.
func (e *Enclave) Submit(sealed []byte) (*SubmitResult, error) {
	signed, err := wire.OpenRequest(e.request, e.cfg.ChainID, e.cfg.Contract, sealed)
	if err != nil {
		return nil, err
	}
	body, err := signed.Verify(e.cfg.ChainID, e.cfg.Contract)
	if err != nil {
		return nil, err
	}
	id := wire.RequestID(signed.Body)
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case e.st.removed:
		return nil, fmt.Errorf("%w: this enclave was removed from the group; a new enclave must register to rejoin", ErrNotReady)
	case e.st.group == nil || e.st.joining != nil:
		return nil, fmt.Errorf("%w: this enclave has not joined the network yet", ErrNotReady)
	}
	if body.Kind == wire.KindQuery {
		ans, err := e.st.query(body)
		if err != nil {
			return nil, err
		}
		sealedAns, err := wire.SealAnswer(body.ReplyKey, id, ans)
		if err != nil {
			return nil, err
		}
		return &SubmitResult{ID: id, Kind: body.Kind, Answer: sealedAns}, nil
	}
	if err := e.st.engine.Lookup(body.App, body.Function, false); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRequest, err)
	}
	if last := e.st.engine.Counter(body.From); body.Counter <= last {
		return nil, fmt.Errorf("%w: counter %d is not above %d, the last applied for %s", ErrStaleCounter, body.Counter, last, body.From.Hex())
	}
	if err := e.st.enqueue(id, msgRequest, signed.Marshal(), body); err != nil {
		return nil, err
	}
	return &SubmitResult{ID: id, Kind: body.Kind}, nil
}

// Batch is a signed postCommands call for the host to send.
type Batch struct {
	Epoch, Seq  uint64
	Ciphertexts [][]byte
	Sig         []byte
}

// NextBatch encrypts up to max queued messages under the current epoch and
// signs them with sequence number seq (the contract's nextSeq for this
// enclave). It returns nil when nothing waits. The messages stay queued
// until they appear on the ledger: if the post fails the host calls
// BatchFailed and they go out again, re-encrypted; if a malicious host posts
// them twice, counters make the copy fail everywhere.
func (e *Enclave) NextBatch(seq uint64, max int) (*Batch, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.st.group == nil || !e.st.members[e.Identity()] {
		return nil, nil
	}
	secret, err := e.st.group.Secret(e.st.epoch)
	if err != nil {
		return nil, err
	}
	b := &Batch{Epoch: e.st.epoch, Seq: seq}
	e.st.compact()
	for _, p := range e.st.pending {
		if len(b.Ciphertexts) == max {
			break
		}
		if p.inFlight {
			continue
		}
		ct, err := sealCiphertext(secret, e.st.epoch, e.cfg.ChainID, e.cfg.Contract, p.msg)
		if err != nil {
			return nil, err
		}
		p.inFlight, p.batch = true, seq
		b.Ciphertexts = append(b.Ciphertexts, ct)
	}
	if len(b.Ciphertexts) == 0 {
		return nil, nil
	}
	d := chainmsg.CommandsDigest(e.chainID(), e.cfg.Contract, b.Epoch, b.Seq, b.Ciphertexts)
	if b.Sig, err = chainmsg.Sign(d, e.identity); err != nil {
		return nil, err
	}
	return b, nil
}

// BatchFailed returns the messages of a batch that did not land to the
// queue, to be re-encrypted (possibly under a newer epoch) and re-sent.
func (e *Enclave) BatchFailed(seq uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, p := range e.st.pending {
		if p.inFlight && p.batch == seq {
			p.inFlight = false
		}
	}
}

// Outcome is a command's result sealed to the client that sent it.
type Outcome struct {
	ID     common.Hash
	Sealed []byte
}

// TakeOutcomes hands the host the sealed outcomes produced since the last
// call, for it to serve to polling clients.
func (e *Enclave) TakeOutcomes() []Outcome {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.st.outbox
	e.st.outbox = nil
	return out
}

// Handshake is a signed postHandshake call for the host to send.
type Handshake struct {
	Kind    string         // add, rotate or remove
	Target  common.Address // who is added or removed (the committer for rotate)
	Epoch   uint64
	Payload []byte
	Adds    []common.Address
	Removes []common.Address
	Sig     []byte
}

// Admissible lists registered enclaves that this member has verified
// against the network policy and that are not members yet.
func (e *Enclave) Admissible() []common.Address {
	e.mu.Lock()
	defer e.mu.Unlock()
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

func (e *Enclave) joinedMember() bool {
	return e.st.group != nil && e.st.joining == nil && e.st.members[e.Identity()]
}

// ErrBusy: a handshake of this enclave for the current epoch is in flight.
var ErrBusy = errors.New("enclave: a handshake for this epoch is already in flight")

// stage signs a handshake for the current epoch, or returns the one
// already staged when it does the same thing.
func (e *Enclave) stage(kind string, target common.Address, build func() (*mls.CommitResult, []common.Address, []common.Address, error)) (*Handshake, error) {
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
	h := &Handshake{Kind: kind, Target: target, Epoch: e.st.epoch, Payload: encodeHandshake(res.Commit, res.Welcome), Adds: adds, Removes: removes}
	d := chainmsg.HandshakeDigest(e.chainID(), e.cfg.Contract, h.Epoch, h.Payload, h.Adds, h.Removes)
	if h.Sig, err = chainmsg.Sign(d, e.identity); err != nil {
		return nil, err
	}
	e.st.staged = h
	return h, nil
}

// Admit builds the handshake admitting a registered enclave: an MLS commit
// adding its KeyPackage, and the Welcome that lets it join. The evidence
// and KeyPackage were verified against the on-ledger policy when the
// registration was applied; Admit re-checks that verdict.
func (e *Enclave) Admit(joiner common.Address) (*Handshake, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, ok := e.st.registrations[joiner]
	switch {
	case !ok:
		return nil, fmt.Errorf("%w: %s has not registered", ErrAdmission, joiner.Hex())
	case !r.admissible:
		return nil, fmt.Errorf("%w: %s: %s", ErrAdmission, joiner.Hex(), r.verdict)
	case e.st.members[joiner]:
		return nil, fmt.Errorf("%w: %s is already a member", ErrAdmission, joiner.Hex())
	}
	return e.stage("add", joiner, func() (*mls.CommitResult, []common.Address, []common.Address, error) {
		res, err := e.st.group.Commit(mls.CommitOptions{Add: [][]byte{r.keyPackage}})
		return res, []common.Address{joiner}, nil, err
	})
}

// Rotate builds a handshake that refreshes this member's keys along its
// path (an MLS commit with an UpdatePath): after it, secrets an attacker
// took from this enclave earlier no longer help (post-compromise security).
func (e *Enclave) Rotate() (*Handshake, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stage("rotate", e.Identity(), func() (*mls.CommitResult, []common.Address, []common.Address, error) {
		res, err := e.st.group.Commit(mls.CommitOptions{ForcePath: true})
		return res, nil, nil, err
	})
}

// Remove builds a handshake expelling a member (or, for itself, leaving):
// the removed enclave cannot derive any later epoch's secrets.
func (e *Enclave) Remove(member common.Address) (*Handshake, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.st.members[member] {
		return nil, fmt.Errorf("%w: %s is not a member", ErrRequest, member.Hex())
	}
	if member == e.Identity() {
		return nil, fmt.Errorf("%w: an enclave cannot commit its own removal; ask another member", ErrRequest)
	}
	return e.stage("remove", member, func() (*mls.CommitResult, []common.Address, []common.Address, error) {
		leaf, ok := e.st.group.Members()[member]
		if !ok {
			return nil, nil, nil, fmt.Errorf("%w: %s is not in the MLS tree", ErrRequest, member.Hex())
		}
		res, err := e.st.group.Commit(mls.CommitOptions{Remove: []uint32{leaf}})
		return res, nil, []common.Address{member}, err
	})
}

// GroupMember describes one member for operators.
type GroupMember struct {
	Identity common.Address `json:"identity"`
	TEEKind  string         `json:"tee_kind"`
	Self     bool           `json:"self"`
}

// GroupInfo is the group as this enclave sees it.
type GroupInfo struct {
	Epoch    uint64        `json:"epoch"`
	MLSEpoch uint64        `json:"mls_epoch"`
	Joined   bool          `json:"joined"`
	Members  []GroupMember `json:"members"`
}

func (e *Enclave) Group() GroupInfo {
	e.mu.Lock()
	defer e.mu.Unlock()
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
