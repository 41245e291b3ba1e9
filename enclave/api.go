// Package enclave is the trusted side of an Anonify node: the only code that
// holds the enclave's secret keys, the group key and the plaintext state.
//
// Trust: TRUSTED. This file is the enclave's whole surface towards the
// untrusted host (the "ecalls"): every exported type, function, method and
// error of the package is declared here and nowhere else (api_test.go
// checks it), and the other files hold the implementation. Values crossing
// the surface are ciphertext, public keys, signatures, evidence, sealed
// blobs and ledger events (wire/chainmsg); nothing that crosses it reveals
// state or keys. The host must treat every result as opaque and every call
// as something a malicious host could also make: the enclave checks
// signatures, counters, epochs and evidence itself.
package enclave

import (
	"context"
	"crypto/ecdsa"
	"crypto/hpke"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/mls"
	"github.com/anonify-go/anonify/tee"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Config fixes what an enclave serves. Apps are part of the enclave's code,
// hence of its measurement; the network's genesis (chain id, contract,
// governors, threshold, first policy) is bound into its evidence, so a
// configured enclave serves exactly one network and obeys exactly its
// governors. The host supplies the genesis, but cannot profit from lying:
// members and clients compare the genesis an enclave's evidence binds with
// their own and refuse any other.
type Config struct {
	Platform tee.Platform
	// Genesis is the network's genesis, with its first policy's bytes
	// (Genesis.Policy), whose "chain" decides how the enclave reads the
	// ledger (chain.go): believing its host (INSECURE) or verifying a
	// Clique chain from ChainGenesis.
	Genesis chainmsg.Genesis
	// ChainGenesis is block 0 of the Clique chain the first policy pins
	// (its hash must be the policy's chain genesis); unused otherwise.
	ChainGenesis *types.Header
	// ChainID and Contract repeat the genesis's; leave them zero (they are
	// filled in) or set them equal.
	ChainID  uint64
	Contract common.Address
	Apps     []*runtime.App
	// VerifyEvidence checks a joiner's evidence (attest/verify.Evidence in
	// production code); tests may substitute a stricter one, never a laxer.
	VerifyEvidence func(evidence []byte, now time.Time) (*attest.Claims, error)
	// Now reads the clock used for evidence validity; defaults to time.Now.
	Now    func() time.Time
	Logger *slog.Logger

	anchor attest.ChainAnchor // from Genesis.Policy (check)
}

// Errors the host can classify (wrapped with the precise reason, except
// where Submit says otherwise).
var (
	ErrNotReady     = errors.New("enclave: not ready")
	ErrRequest      = errors.New("enclave: request refused")
	ErrStaleCounter = errors.New("enclave: stale counter")
	ErrAdmission    = errors.New("enclave: admission refused")
	ErrEventOrder   = errors.New("enclave: ledger event out of order")
	ErrQueueFull    = errors.New("enclave: too many commands waiting")
	// ErrBusy: a handshake of this enclave for the current epoch is in flight.
	ErrBusy = errors.New("enclave: a handshake for this epoch is already in flight")
	// ErrSealedBlob: Restore was handed a blob this enclave cannot open.
	ErrSealedBlob = errors.New("enclave: sealed blob does not open")
	// ErrGovernance: a governance event (policy, founder, expulsion) whose
	// governor signatures, version or hash do not check out; the enclave
	// keeps its previous view and logs why.
	ErrGovernance = errors.New("enclave: governance act refused")
	// ErrNoSealingKey: Seal on a platform without a sealing key (TDX,
	// Nitro). The host runs without sealed state and registers a new
	// enclave after a restart.
	ErrNoSealingKey = tee.ErrNoSealingKey
)

// ErrChainFeed: the host fed the enclave what its way of reading the
// chain does not take (events to an enclave that verifies the chain, or
// blocks to one that believes its host), or blocks the verification
// refuses. The wrapped error says which.
var ErrChainFeed = errors.New("enclave: ledger input refused")

// ErrUnknownFunction: a command names no function of the enclave's apps.
var ErrUnknownFunction = errors.New("enclave: unknown function")

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

	// workers sizes the pool that decrypts and verifies commands ahead of
	// their ordered execution (ahead.go); 0 means GOMAXPROCS, 1 none.
	workers int
	ahead   *ahead          // the plan of the Apply call under way
	toSeal  []outcomeToSeal // outcomes of the Apply call under way (ahead.go)
	// aheadUsed counts the ciphertexts whose results came from the pool
	// (tests check that it works).
	aheadUsed uint64
	hasher    *reqHasher // for use under mu
}

// New creates an enclave with fresh identity and request keys, and asks the
// platform for evidence binding them to the network.
func New(ctx context.Context, cfg Config) (*Enclave, error) { return newEnclave(ctx, cfg) }

// Restore reopens a sealed blob made by Seal on this platform. The
// identity must match expect (what the host recorded), so a host cannot
// swap one enclave's blob for another's unnoticed.
func Restore(ctx context.Context, cfg Config, expect common.Address, blob []byte) (*Enclave, error) {
	return restore(ctx, cfg, expect, blob)
}

// Seal returns the enclave's state encrypted to itself, under the
// platform's sealing key (ErrNoSealingKey where there is none).
func (e *Enclave) Seal() ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.seal()
}

// JournalEntry returns queued command id sealed to this enclave, for the
// host's journal (enclave/journal.go): appended and synced before the host
// answers the command, it makes the command survive a crash without a
// full Seal. It returns nil when the command is not queued (decided, or
// never taken).
func (e *Enclave) JournalEntry(id common.Hash) ([]byte, error) { return e.journalEntry(id) }

// ReplayJournal hands a restored enclave the journal written since its
// sealed blob: it re-queues each command it does not already hold, decide
// or have applied, and returns how many. An entry it cannot open (another
// enclave's, tampered, truncated) stops the replay with an error; the
// entries before it are queued.
func (e *Enclave) ReplayJournal(entries [][]byte) (int, error) { return e.replayJournal(entries) }

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
		Genesis:    e.cfg.Genesis.Hash(),
		Build:      buildMode,
	}
}

// Apps describes the apps this enclave runs (names, functions, command or
// query, argument and result types), generated from their declarations.
// It holds no state and no secret: the same for every enclave of a build.
func (e *Enclave) Apps() []wire.AppInfo { return runtime.Describe(e.cfg.Apps...) }

// Registration is this enclave's signed registration for the ledger.
func (e *Enclave) Registration() (*chainmsg.Registration, error) { return e.registration() }

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
	Position        chainmsg.Position
	AppliedCommands uint64
	StateHash       common.Hash
	Pending         int
	// AuditPending counts audit records not on the ledger yet (NextAudit
	// posts them); AuditDiverged counts audit posts by other members that
	// did not match this enclave's records (a fault to investigate).
	AuditPending  int
	AuditDiverged uint64
	// Stale, when set, says why this enclave can no longer serve: its
	// sealed state was rolled back past one of its own commits.
	Stale string
	// CheckpointOwed: the current epoch's checkpoint is not complete on
	// the ledger, so this member signs no batch and no audit post yet
	// (NextCheckpoint gives the work). CheckpointDue: this member is the
	// one expected to post it first (it committed the epoch's handshake);
	// the others post after a timeout.
	CheckpointOwed bool
	CheckpointDue  bool
}

func (e *Enclave) Status() Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.status()
}

// SubmitResult is the enclave's answer to a sealed request.
type SubmitResult struct {
	ID     common.Hash
	Kind   string
	Answer []byte // queries: answer sealed to the client's reply key
}

// Submit opens a client's sealed request. A query is answered at once
// (sealed to the client); a command is checked (signature, network,
// counter, function, size on the ledger) and queued for the next ledger
// batch.
//
// Whatever Submit returns goes to the host, so a refusal carries only its
// class: wire.ErrTooLarge, wire.ErrSealed, wire.ErrMalformed,
// wire.ErrBadSignature, ErrStaleCounter, ErrUnknownFunction, ErrRequest,
// ErrQueueFull or ErrNotReady (match with errors.Is), never an address, a
// counter, a function name or a size from inside the request. Once the
// request has opened, the refusal is a *Refusal whose precise reason is
// sealed to the client.
func (e *Enclave) Submit(sealed []byte) (*SubmitResult, error) { return e.submit(sealed) }

// Refusal is Submit's error for a request it opened and refused. The host
// sees Class (its Error text and errors.Is target) and the request's ID;
// Sealed holds the precise reason for the client alone, sealed to its
// one-time reply key: a wire.Outcome under wire.SealRefusal for a command
// (it will never be ordered), a wire.Answer for a query. The host relays
// Sealed untouched; it is nil if the client's reply key is unusable.
type Refusal struct {
	ID     common.Hash
	Class  error
	Sealed []byte
}

func (r *Refusal) Error() string { return r.Class.Error() }
func (r *Refusal) Unwrap() error { return r.Class }

// NextBatch encrypts up to max queued messages under the current epoch and
// signs them with sequence number seq (the contract's nextSeq for this
// enclave). It returns nil when nothing waits. The batch keeps within the
// contract's caps (chainmsg.MaxCiphertexts, MaxBatchBytes); a message that
// no batch could carry leaves the queue with an outcome saying so. The
// messages stay queued until they appear on the ledger: if the post fails
// the host calls BatchFailed and they go out again, re-encrypted; if a
// malicious host posts them twice, counters make the copy fail everywhere.
func (e *Enclave) NextBatch(seq uint64, max int) (*chainmsg.CommandBatch, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.nextBatch(seq, max)
}

// NextAudit packs the audit records that are not on the ledger yet into
// one post (wire/audit: each record sealed to its auditor, padded with
// records nobody can open, the header sealed to the group), signed with
// the network's next audit sequence number as far as this enclave has
// applied the ledger. It returns nil when none wait. Every member holds the
// same records and checks any member's post against them, so a post that
// loses the race (ledger.ErrBadSequence) is simply dropped: the winner's
// post carried the same records.
func (e *Enclave) NextAudit() (*chainmsg.AuditPost, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.nextAudit()
}

// CheckpointWork is what the host posts for the current epoch's
// checkpoint: the manifest while the ledger has none (post it first: the
// contract takes chunks only after it), then the chunks still missing,
// each signed by CheckpointChunk.
type CheckpointWork struct {
	Epoch    uint64
	Chunks   int                      // the checkpoint's chunk count
	Manifest *chainmsg.CheckpointPost // nil once the ledger holds one
	Missing  []uint32                 // chunks not on the ledger yet (only once the manifest is)
}

// NextCheckpoint returns the checkpoint work of the current epoch, or nil
// when the checkpoint is complete (or this enclave is not a joined member
// that can make it). Asking again before the manifest lands returns the
// same signed manifest.
func (e *Enclave) NextCheckpoint() (*CheckpointWork, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.nextCheckpoint()
}

// CheckpointChunk signs chunk index of epoch's checkpoint for
// postCheckpointChunk. The chunk is ciphertext under the epoch's key.
func (e *Enclave) CheckpointChunk(epoch uint64, index uint32) (*chainmsg.CheckpointChunkPost, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.checkpointChunk(epoch, index)
}

// BeginRecovery puts a fresh enclave (registered, never a member) in
// recovery mode, before it applies the ledger: it keeps the latest
// checkpoint and what follows it, waits for k custodians' releases
// (AddRelease) to rebuild the state, and, once governance founds the
// network with it, serves that state (same state hash) instead of
// starting an empty one. See recovery.go.
func (e *Enclave) BeginRecovery() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.beginRecovery()
}

// RecoveryStatus is a recovering enclave's progress. It names public
// facts only: the ledger's latest checkpoint and its custodians, which of
// them released a share here, and once recovered the state hash.
type RecoveryStatus struct {
	Recovering bool
	Epoch      uint64 // the checkpoint's epoch it recovers
	Manifest   bool   // it holds that checkpoint's manifest
	Chunks     int
	ChunksHave int
	Threshold  int
	Custodians [][32]byte // the custodians the manifest deals shares to
	Released   [][32]byte // custodians whose release opened here
	Recovered  bool       // the state is rebuilt; governance may found the network with this enclave
	StateHash  common.Hash
	Applied    uint64
	Reason     string // what it waits for or why it cannot go on
}

// Recovery reports a recovering enclave's progress (zero when it is not).
func (e *Enclave) Recovery() RecoveryStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.recoveryStatus()
}

// AddRelease takes a custodian's release (wire/recovery.Release, JSON):
// its share of the checkpoint epoch's secret, sealed to this enclave.
// Once k shares open the checkpoint the state is rebuilt. A release that
// does not open, or names another epoch or a custodian without a share,
// is refused with ErrRequest and the reason; a bogus one that opens only
// fails to combine.
func (e *Enclave) AddRelease(release []byte) (RecoveryStatus, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addRelease(release)
}

// BatchFailed returns the messages of a batch that did not land to the
// queue, to be re-encrypted (possibly under a newer epoch) and re-sent.
func (e *Enclave) BatchFailed(seq uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.st.batchFailed(seq)
}

// Apply feeds ledger events, in ledger order, into an enclave that
// believes its host (chain.go). Events at or before the last applied
// position are skipped, so a host may safely re-feed a range after a
// restart. Governance bookkeeping the enclave does not use (proposals,
// approvals) is ignored. An enclave that verifies the chain refuses
// events (ErrChainFeed): feed it blocks.
func (e *Enclave) Apply(events []chainmsg.Event) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.st.chain != nil {
		return fmt.Errorf("%w: this enclave verifies the chain itself (%s); feed it blocks (ApplyBlocks), not events", ErrChainFeed, e.cfg.anchor)
	}
	return e.apply(events)
}

// ChainFeed is what the host of an enclave that verifies the chain
// fetches next (ledger.BlockReader.Blocks).
type ChainFeed struct {
	// Held is the enclave's last final block and the best branch above
	// it, in chain order: the host feeds the blocks after the newest of
	// them still on the chain.
	Held []chainmsg.BlockID
	// Wants are final blocks the enclave needs the receipts of (their
	// bloom names the contract), in order: feed them again with receipts.
	Wants []chainmsg.BlockID
	// Confirmations is how many blocks on top make a block final to the
	// enclave now (the policy's, or more with more signers).
	Confirmations uint64
	// Applied is the newest block whose events are all applied.
	Applied uint64
}

// VerifiesChain reports whether the enclave reads the chain itself, so
// that its host feeds it blocks (ChainFeed, ApplyBlocks), not events.
func (e *Enclave) VerifiesChain() bool { return !e.cfg.anchor.Insecure() }

// ChainAnchor is how the enclave reads the chain, from its network's
// first policy.
func (e *Enclave) ChainAnchor() attest.ChainAnchor { return e.cfg.anchor }

// ChainFeed says which blocks an enclave that verifies the chain needs
// next (the zero value for one that believes its host).
func (e *Enclave) ChainFeed() ChainFeed {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.st.chain == nil {
		return ChainFeed{}
	}
	return e.st.chain.feed(e.cfg.Contract)
}

// ApplyBlocks feeds blocks of the chain, headers in chain order, into an
// enclave that verifies the chain (chain.go): it checks each header's
// seal and place, and applies, in order, the events of every block that
// becomes final, read from its receipts once they hash to the header's
// receipt root. Blocks it holds already are taken again harmlessly (that
// is how the host supplies the receipts ChainFeed.Wants). It says what it
// applied (BlocksApplied); a refused block is an ErrChainFeed that says
// why, and the blocks before it stay.
func (e *Enclave) ApplyBlocks(blocks []chainmsg.Block) (BlocksApplied, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	events, err := e.applyBlocks(blocks)
	if e.st.chain == nil {
		return BlocksApplied{}, err
	}
	return BlocksApplied{Block: e.st.chain.applied, Events: events}, err
}

// BlocksApplied is what an ApplyBlocks call applied: up to which block
// every event is applied, and the events (public ledger data, which the
// host counts in its metrics).
type BlocksApplied struct {
	Block  uint64
	Events []chainmsg.Event
}

// Awaiting reports whether the enclave still owes command id an outcome:
// it holds the command in its queue, or the sealed outcome in its outbox.
// The host answers a client's poll with "pending" then, and otherwise,
// having no outcome of its own, with "unknown" (the client then asks the
// enclave for the command's fate). The host learns nothing new: the
// commands in its enclave's queue are the ones it submitted.
func (e *Enclave) Awaiting(id common.Hash) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.awaiting(id)
}

// Outcome is a command's result sealed to the client that sent it.
type Outcome struct {
	ID     common.Hash
	Sealed []byte
}

// TakeOutcomes hands the host the sealed outcomes produced since the last
// call, for it to serve to polling clients. The enclave keeps at most
// 4096 untaken (the oldest go first).
func (e *Enclave) TakeOutcomes() []Outcome {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.st.outbox
	e.st.outbox = nil
	return out
}

// HandshakeKind says what a staged handshake does to the group.
type HandshakeKind string

const (
	HandshakeAdd    HandshakeKind = "add"    // commit(Add) + Welcome: admission
	HandshakeRotate HandshakeKind = "rotate" // commit with an UpdatePath
	HandshakeRemove HandshakeKind = "remove" // commit(Remove)
)

// Handshake is a signed postHandshake call for the host to send, with
// what it does for the host's logs and API.
type Handshake struct {
	Kind   HandshakeKind
	Target common.Address // who is added or removed (the committer for rotate)
	chainmsg.Handshake
}

// Admissible lists registered enclaves that this member has verified
// against the network policy and that are not members yet.
func (e *Enclave) Admissible() []common.Address {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.admissible()
}

// Removable lists members that governance expelled and that are still in
// the group: the host asks any member to commit their removal (Remove).
func (e *Enclave) Removable() []common.Address {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.removable()
}

// Admit builds the handshake admitting a registered enclave: an MLS commit
// adding its KeyPackage, and the Welcome that lets it join. The evidence
// and KeyPackage were verified against the on-ledger policy when the
// registration was applied; Admit re-checks that verdict.
func (e *Enclave) Admit(joiner common.Address) (*Handshake, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.admit(joiner)
}

// Rotate builds a handshake that refreshes this member's keys along its
// path (an MLS commit with an UpdatePath): after it, secrets an attacker
// took from this enclave earlier no longer help (post-compromise security).
func (e *Enclave) Rotate() (*Handshake, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.rotate()
}

// Remove builds a handshake removing a member that governance expelled:
// the removed enclave cannot derive any later epoch's secrets. Every member
// refuses a removal governance did not sign for.
func (e *Enclave) Remove(member common.Address) (*Handshake, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.remove(member)
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
	return e.group()
}

// TLSValidity is how long a certificate from TLSCertificate is valid. A day
// keeps the window in which a leaked TLS key is usable short, while the
// host renews long before expiry (node.TLS renews at two thirds of it).
const TLSValidity = 24 * time.Hour

// TLSCertificate creates a fresh TLS key and a self-signed certificate that
// carries this enclave's evidence, binding the certificate key to the
// enclave's binding (identity, request key, key package, chain id,
// contract): an attested TLS certificate (attest/atls). See tls.go for why
// the key is made here and returned to the host.
func (e *Enclave) TLSCertificate(ctx context.Context) (tls.Certificate, error) {
	return e.tlsCertificate(ctx)
}
