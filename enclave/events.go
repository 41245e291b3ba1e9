package enclave

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire"
)

// Errors the host can classify (wrapped with the precise reason).
var (
	ErrNotReady     = errors.New("enclave: not ready")
	ErrRequest      = errors.New("enclave: request refused")
	ErrStaleCounter = errors.New("enclave: stale counter")
	ErrAdmission    = errors.New("enclave: admission refused")
	ErrEventOrder   = errors.New("enclave: ledger event out of order")
	ErrQueueFull    = errors.New("enclave: too many commands waiting")
)

// Position orders ledger events: block number, then log index.
type Position struct {
	Block uint64 `json:"block"`
	Index uint64 `json:"index"`
}

func (p Position) less(q Position) bool {
	return p.Block < q.Block || p.Block == q.Block && p.Index < q.Index
}

// Event is one contract event as the host read it from the ledger. Exactly
// one of the pointers is set. The enclave does not take the host's word
// for anything that matters: commands are authenticated by the group key
// and the users' signatures, joiners by their evidence.
type Event struct {
	Position
	Registered *Registered
	Handshake  *HandshakeEvent
	Commands   *CommandsEvent
	Policy     *PolicyEvent
	Founded    *common.Address
}

type Registered struct {
	Identity                         common.Address
	RequestKey, KeyPackage, Evidence []byte
}

type HandshakeEvent struct {
	Epoch     uint64
	Committer common.Address
	Payload   []byte
	Adds      []common.Address
	Removes   []common.Address
}

type CommandsEvent struct {
	Enclave     common.Address
	Epoch, Seq  uint64
	Ciphertexts [][]byte
}

type PolicyEvent struct {
	Version uint64
	Policy  []byte
}

// maxPending bounds the commands an enclave queues before the ledger
// catches up, so a flood of requests cannot exhaust enclave memory.
const maxPending = 4096

type pending struct {
	id       common.Hash
	msg      []byte // inner message: type ‖ payload
	replyKey []byte
	inFlight bool
	batch    uint64
	done     bool // seen on the ledger
}

type registration struct {
	requestKey []byte
	keyPackage []byte
	evidence   []byte
	admissible bool
	verdict    string
}

// joining is the state of a member admitted at a handshake that waits for
// the state snapshot taken at exactly that handshake; later command events
// wait in buffer and are applied on top of the snapshot.
type joining struct {
	At     Position
	buffer []Event
}

// state is everything the enclave knows; it is sealed whole for restarts.
type state struct {
	engine    *runtime.Engine
	apps      []*runtime.App
	group     *groupkey.Group
	hashKey   []byte
	stateHash common.Hash
	applied   uint64
	epoch     uint64
	position  Position
	started   bool
	members   map[common.Address]bool
	policy    *attest.Policy

	registrations map[common.Address]*registration
	regOrder      []common.Address
	pending       []*pending // in arrival order; entries marked done are dropped lazily
	pendingByID   map[common.Hash]*pending
	outbox        []Outcome
	joining       *joining
	// staged is the handshake this enclave signed for the current epoch
	// and has not seen ordered yet; asking again returns the same one, so
	// a host retrying a post can never make the enclave commit twice.
	staged *Handshake
	// sinceHandshake counts commands applied in the current epoch (the
	// node's rotation policy reads it).
	sinceHandshake uint64
	removed        bool // this enclave was removed from the group
}

func newState() state {
	return state{members: map[common.Address]bool{}, registrations: map[common.Address]*registration{}, pendingByID: map[common.Hash]*pending{}}
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

func (s *state) enqueue(id common.Hash, kind byte, payload []byte, body *wire.RequestBody) error {
	if _, dup := s.pendingByID[id]; dup {
		return fmt.Errorf("%w: request %s is already queued", ErrRequest, id.Hex())
	}
	if len(s.pendingByID) >= maxPending {
		return fmt.Errorf("%w: %d commands wait for the ledger; retry later", ErrQueueFull, len(s.pendingByID))
	}
	p := &pending{id: id, msg: append([]byte{kind}, payload...)}
	if body != nil {
		p.replyKey = body.ReplyKey
	}
	s.pending = append(s.pending, p)
	s.pendingByID[id] = p
	return nil
}

// settle marks a queued message as seen on the ledger and returns it.
func (s *state) settle(id common.Hash) *pending {
	p, ok := s.pendingByID[id]
	if !ok {
		return nil
	}
	delete(s.pendingByID, id)
	p.done = true
	return p
}

// compact drops settled messages from the queue.
func (s *state) compact() {
	live := s.pending[:0]
	for _, p := range s.pending {
		if !p.done {
			live = append(live, p)
		}
	}
	clear(s.pending[len(live):])
	s.pending = live
}

func (s *state) query(body *wire.RequestBody) ([]byte, error) {
	var res []byte
	var err error
	if body.App == wire.SystemApp && body.Function == wire.CounterQuery {
		// Counters belong to the enclave, not to an app: a client asks for
		// its own last applied counter to number its next command.
		res, err = json.Marshal(s.engine.Counter(body.From))
	} else {
		res, err = s.engine.Query(body.From, body.App, body.Function, body.Args)
	}
	ans := wire.Answer{OK: err == nil, Result: res}
	if err != nil {
		var rej *runtime.Rejection
		if !errors.As(err, &rej) && !errors.Is(err, runtime.ErrUnknownFunction) {
			return nil, err
		}
		ans.Error = err.Error()
	}
	return json.Marshal(ans)
}

// Apply feeds ledger events, in ledger order, into the enclave. Events at
// or before the last applied position are skipped, so a host may safely
// re-feed a range after a restart.
func (e *Enclave) Apply(events []Event) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, ev := range events {
		if e.st.started && !e.st.position.less(ev.Position) {
			continue
		}
		if err := e.applyOne(ev); err != nil {
			return err
		}
		e.st.position, e.st.started = ev.Position, true
	}
	return nil
}

func (e *Enclave) applyOne(ev Event) error {
	me := e.Identity()
	switch {
	case ev.Policy != nil:
		p, err := attest.ParsePolicy(ev.Policy.Policy)
		if err != nil {
			// A policy the enclave cannot read admits nobody.
			e.log.Warn("unreadable policy on ledger; admissions stop", "version", ev.Policy.Version, "err", err)
			e.st.policy = nil
			return nil
		}
		e.st.policy = p
	case ev.Registered != nil:
		e.onRegistered(ev.Registered)
	case ev.Founded != nil:
		e.st.members[*ev.Founded] = true
		if *ev.Founded == me && e.st.group == nil {
			g, err := groupkey.Found(groupkey.GroupID(e.cfg.ChainID, e.cfg.Contract), me, e.sigPriv, e.st.epoch)
			if err != nil {
				return err
			}
			// The state-hash key is drawn once for the network's life and
			// handed to each joiner with its state snapshot.
			hk := make([]byte, 32)
			if _, err := rand.Read(hk); err != nil {
				return err
			}
			e.st.group, e.st.hashKey = g, hk
			e.log.Info("founded the network")
		}
	case ev.Handshake != nil:
		return e.onHandshake(ev.Position, ev.Handshake)
	case ev.Commands != nil:
		if j := e.st.joining; j != nil {
			t := e.findTransfer(ev.Commands)
			if t == nil {
				j.buffer = append(j.buffer, ev)
				return nil
			}
			if !e.loadTransfer(t) {
				j.buffer = append(j.buffer, ev)
				return nil
			}
			for _, b := range j.buffer {
				e.onCommands(b.Position, b.Commands)
			}
		}
		e.onCommands(ev.Position, ev.Commands)
	}
	return nil
}

func (e *Enclave) onRegistered(r *Registered) {
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
func (e *Enclave) checkEvidence(r *Registered) error {
	if e.st.policy == nil {
		return fmt.Errorf("%w: no readable policy on the ledger", ErrAdmission)
	}
	now := e.cfg.Now()
	claims, err := e.cfg.VerifyEvidence(r.Evidence, now)
	if err != nil {
		return fmt.Errorf("%w: evidence: %v", ErrAdmission, err)
	}
	if err := e.st.policy.Check(claims, now); err != nil {
		return fmt.Errorf("%w: %v", ErrAdmission, err)
	}
	b := attest.Binding{Identity: r.Identity, RequestKey: r.RequestKey, KeyPackage: r.KeyPackage, ChainID: e.cfg.ChainID, Contract: e.cfg.Contract}
	if err := claims.CheckBinding(b); err != nil {
		return fmt.Errorf("%w: %v", ErrAdmission, err)
	}
	if err := groupkey.CheckKeyPackage(r.KeyPackage, r.Identity); err != nil {
		return fmt.Errorf("%w: %v", ErrAdmission, err)
	}
	return nil
}

func (e *Enclave) onHandshake(pos Position, h *HandshakeEvent) error {
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

type transfer struct {
	Joiner    common.Address `json:"joiner"`
	At        Position       `json:"at"`
	Snapshot  []byte         `json:"snapshot"`
	StateHash common.Hash    `json:"state_hash"`
	Applied   uint64         `json:"applied"`
	HashKey   []byte         `json:"hash_key"`
}

func (e *Enclave) onCommands(pos Position, c *CommandsEvent) {
	if e.st.group == nil {
		return
	}
	secret, err := e.st.group.Secret(c.Epoch)
	if err != nil {
		e.log.Warn("no secret for batch epoch", "epoch", c.Epoch, "err", err)
		return
	}
	for i, ct := range c.Ciphertexts {
		msg, err := e.openMessage(secret, c.Epoch, ct)
		if err != nil {
			e.log.Warn("skipping ciphertext", "block", pos.Block, "index", i, "err", err)
			continue
		}
		switch msg[0] {
		case msgRequest:
			e.applyRequest(pos, c.Epoch, msg[1:])
		case msgTransfer:
			e.dropSentTransfer(msg[1:])
		default:
			e.log.Warn("unknown message type", "type", msg[0])
		}
	}
}

func (e *Enclave) openMessage(secret []byte, epoch uint64, ct []byte) ([]byte, error) {
	ctEpoch, err := ciphertextEpoch(ct)
	if err != nil {
		return nil, err
	}
	if ctEpoch != epoch {
		return nil, fmt.Errorf("%w: ciphertext of epoch %d in a batch of epoch %d", errCiphertext, ctEpoch, epoch)
	}
	msg, err := openCiphertext(secret, e.cfg.ChainID, e.cfg.Contract, ct)
	if err != nil {
		return nil, err
	}
	if len(msg) == 0 {
		return nil, fmt.Errorf("%w: empty message", errCiphertext)
	}
	return msg, nil
}

// applyRequest executes one ordered command. The user's signature is
// checked again here: a member enclave cannot forge a user's command.
func (e *Enclave) applyRequest(pos Position, epoch uint64, raw []byte) {
	signed, err := wire.ParseSignedRequest(raw)
	if err != nil {
		e.log.Warn("malformed ordered request", "err", err)
		return
	}
	body, err := signed.Verify(e.cfg.ChainID, e.cfg.Contract)
	if err != nil || body.Kind != wire.KindCommand {
		e.log.Warn("ordered request does not verify", "err", err)
		return
	}
	id := wire.RequestID(signed.Body)
	res := e.st.engine.Apply(body.From, body.Counter, body.App, body.Function, body.Args)
	e.st.applied++
	e.st.sinceHandshake++
	e.st.extendHash(id, res)
	if p := e.st.settle(id); p != nil {
		out, _ := json.Marshal(wire.Outcome{ID: id, OK: res.OK, Error: res.Reason, Block: pos.Block, Epoch: epoch})
		sealed, err := wire.SealOutcome(p.replyKey, id, out)
		if err != nil {
			e.log.Warn("cannot seal outcome", "err", err)
			return
		}
		e.st.outbox = append(e.st.outbox, Outcome{ID: id, Sealed: sealed})
	}
}

// extendHash chains every applied command into the state hash: equal
// hashes on two enclaves mean they applied the same commands with the same
// results and writes.
func (s *state) extendHash(id common.Hash, r runtime.Result) {
	m := hmac.New(sha256.New, s.hashKey)
	m.Write(s.stateHash[:])
	m.Write(id[:])
	if r.OK {
		m.Write([]byte{1})
	} else {
		m.Write([]byte{0})
	}
	m.Write(r.Writes[:])
	m.Write([]byte(r.Reason))
	copy(s.stateHash[:], m.Sum(nil))
}

// dropSentTransfer forgets a transfer this enclave queued once it is seen
// on the ledger.
func (e *Enclave) dropSentTransfer(raw []byte) {
	var t transfer
	if json.Unmarshal(raw, &t) == nil {
		e.st.settle(transferID(t.Joiner, t.At))
	}
}

func transferID(joiner common.Address, at Position) common.Hash {
	return crypto.Keccak256Hash([]byte("anonify-transfer"), joiner[:], binary.BigEndian.AppendUint64(nil, at.Block), binary.BigEndian.AppendUint64(nil, at.Index))
}

// findTransfer looks in a batch for the snapshot meant for this joining
// enclave, taken at the handshake that admitted it.
func (e *Enclave) findTransfer(c *CommandsEvent) *transfer {
	if e.st.group == nil {
		return nil
	}
	secret, err := e.st.group.Secret(c.Epoch)
	if err != nil {
		return nil
	}
	for _, ct := range c.Ciphertexts {
		msg, err := e.openMessage(secret, c.Epoch, ct)
		if err != nil || msg[0] != msgTransfer {
			continue
		}
		var t transfer
		if err := json.Unmarshal(msg[1:], &t); err != nil {
			e.log.Warn("malformed state transfer", "err", err)
			continue
		}
		if t.Joiner == e.Identity() && t.At == e.st.joining.At {
			return &t
		}
	}
	return nil
}

// loadTransfer installs the snapshot; the caller then applies the buffered
// commands that the ledger ordered after the admitting handshake.
func (e *Enclave) loadTransfer(t *transfer) bool {
	store, err := runtime.LoadSnapshot(t.Snapshot)
	if err != nil {
		e.log.Warn("bad state snapshot", "err", err)
		return false
	}
	eng, err := runtime.NewEngine(store, e.st.apps...)
	if err != nil {
		e.log.Warn("cannot load snapshot", "err", err)
		return false
	}
	e.log.Info("state snapshot loaded", "buffered_batches", len(e.st.joining.buffer))
	e.st.engine, e.st.stateHash, e.st.applied, e.st.hashKey, e.st.joining = eng, t.StateHash, t.Applied, t.HashKey, nil
	e.st.group.Settle()
	return true
}

// Handshake payload: u32 len ‖ MLS commit ‖ u32 len ‖ MLS Welcome (may be
// empty). Both are RFC 9420 MLSMessages, readable by any MLS implementation.
func encodeHandshake(commit, welcome []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(commit)))
	out = append(out, commit...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(welcome)))
	return append(out, welcome...)
}

func decodeHandshake(b []byte) (commit, welcome []byte, err error) {
	field := func() ([]byte, error) {
		if len(b) < 4 || uint64(binary.BigEndian.Uint32(b)) > uint64(len(b)-4) {
			return nil, fmt.Errorf("enclave: truncated handshake payload")
		}
		n := binary.BigEndian.Uint32(b)
		f := b[4 : 4+n]
		b = b[4+n:]
		return f, nil
	}
	if commit, err = field(); err != nil {
		return nil, nil, err
	}
	if welcome, err = field(); err != nil {
		return nil, nil, err
	}
	if len(b) != 0 {
		return nil, nil, fmt.Errorf("enclave: %d trailing bytes in handshake payload", len(b))
	}
	return commit, welcome, nil
}
