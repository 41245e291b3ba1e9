package enclave

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"golang.org/x/crypto/cryptobyte"

	"github.com/anonify-go/anonify/enclave/checkpoint"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/recovery"
)

// Checkpoints: every ledger epoch begins with one. The state as of the
// handshake (or founding) that began epoch E is encrypted under a key
// derived from E's command secret (enclave/checkpoint) and written to the
// ledger: a manifest (wire/recovery) signed by a member, then the chunks.
//
// Every member computes the chunks itself at the handshake, byte for byte
// the same (checkpoint.Seal is deterministic and the state is the same
// everywhere), so it judges a posted manifest and each posted chunk
// against its own, and any member can post what is missing. Until the
// epoch's checkpoint is complete on the ledger no member signs a batch or
// an audit post (checkpointed): every command of an epoch is ordered
// after that epoch's checkpoint, so the checkpoint and E's commands are
// the state up to the next handshake, and E's command secret opens both.
// That is what a joiner needs (the Welcome gives it E's secret), and what
// the custodians' shares in the manifest recover after a total loss.
//
// Who posts: the member that committed the handshake, as the host named
// it (liveness only: every member accepts any member's manifest that
// agrees with its own computation), and, after the node's timeout, any
// member. The contract keeps the first manifest of an epoch; chunks may
// come more than once and each reader keeps the first that checks out.

// epochCheckpoint is a member's view of the current epoch's checkpoint.
type epochCheckpoint struct {
	Epoch    uint64            `json:"epoch"`
	At       chainmsg.Position `json:"at"`
	MLSEpoch uint64            `json:"mls_epoch"`
	// Maker is the committer the host named for the handshake: the member
	// expected to post first.
	Maker common.Address `json:"maker"`
	// Custodians and Threshold are governance's set as of the handshake:
	// the manifest must deal shares to exactly these.
	Custodians [][32]byte `json:"custodians,omitempty"`
	Threshold  uint8      `json:"threshold"`
	PlainSize  uint32     `json:"plain_size"`
	Root       [32]byte   `json:"root"`
	Hashes     [][32]byte `json:"hashes"`
	// Chunks are this member's chunks until the checkpoint is complete on
	// the ledger (ciphertext, kept to post).
	Chunks [][]byte `json:"chunks,omitempty"`
	Seen   []bool   `json:"seen"`
	// Manifest is the manifest the ledger holds for the epoch, once seen;
	// Signed is this member's own, kept so that retries post the same.
	Manifest []byte                   `json:"manifest,omitempty"`
	Signed   *chainmsg.CheckpointPost `json:"signed,omitempty"`
	// Err says why this member could not make the checkpoint (a state
	// over checkpoint.MaxPayload); the epoch then stays closed to commands.
	Err string `json:"err,omitempty"`
}

func (c *epochCheckpoint) complete() bool {
	if c.Manifest == nil || c.Err != "" {
		return false
	}
	for _, s := range c.Seen {
		if !s {
			return false
		}
	}
	return true
}

// checkpointed reports whether the current epoch's checkpoint is on the
// ledger, which opens the epoch to batches and audit posts. A member
// restored from a blob older than checkpoints has none and is not held.
func (e *Enclave) checkpointed() bool {
	c := e.st.ckpt
	return c == nil || c.Epoch != e.st.epoch || c.complete()
}

// beginEpoch runs when a handshake or a founding began a new ledger epoch
// at pos: a joined member computes the epoch's checkpoint; a joiner still
// waiting for its state waits for this epoch's instead (it holds every
// earlier command, there were none in its epoch: the epoch never opened).
func (e *Enclave) beginEpoch(pos chainmsg.Position, maker common.Address) {
	if e.st.group == nil {
		e.st.ckpt = nil
		return
	}
	if j := e.st.joining; j != nil {
		e.st.joining = &joining{At: pos, Epoch: e.st.epoch, MLSEpoch: e.st.group.MLSEpoch(), Custodians: e.st.custodians}
		return
	}
	c := &epochCheckpoint{Epoch: e.st.epoch, At: pos, MLSEpoch: e.st.group.MLSEpoch(), Maker: maker,
		Custodians: e.st.custodians.Keys, Threshold: e.st.custodians.Threshold}
	e.st.ckpt = c
	if err := e.sealCheckpoint(c); err != nil {
		c.Err = err.Error()
		e.log.Error("cannot make this epoch's checkpoint; the epoch stays closed to commands", "epoch", c.Epoch, "err", err)
	}
}

func (e *Enclave) sealCheckpoint(c *epochCheckpoint) error {
	secret, err := e.st.group.Secret(c.Epoch)
	if err != nil {
		return err
	}
	payload, err := e.checkpointPayload()
	if err != nil {
		return err
	}
	key := checkpoint.Key(secret, e.cfg.ChainID, e.cfg.Contract, c.Epoch)
	defer clear(key)
	chunks, size, root, err := checkpoint.Seal(key, c.Epoch, payload)
	clear(payload)
	if err != nil {
		return err
	}
	c.Chunks, c.PlainSize, c.Root = chunks, size, root
	c.Hashes, c.Seen = make([][32]byte, len(chunks)), make([]bool, len(chunks))
	for i, ch := range chunks {
		c.Hashes[i] = checkpoint.ChunkHash(ch)
	}
	return nil
}

// checkpointPayloadVersion is the first byte of a checkpoint's plaintext:
//
//	u8 version (1) ‖ u8-prefixed hash key ‖ state hash [32] ‖ u64 applied ‖
//	u32-prefixed store snapshot ‖ audit state (JSON, to the end)
const checkpointPayloadVersion = 1

func (e *Enclave) checkpointPayload() ([]byte, error) {
	store := e.st.engine.Store().Snapshot()
	// Diverged counts what this member saw go wrong; it is not state
	// every member shares, and the chunks must be the same everywhere.
	au := e.st.audit
	au.Diverged = 0
	auj, err := au.marshal()
	if err != nil {
		return nil, err
	}
	b := cryptobyte.NewBuilder(make([]byte, 0, 1+1+len(e.st.hashKey)+32+8+4+len(store)+len(auj)))
	b.AddUint8(checkpointPayloadVersion)
	b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(e.st.hashKey) })
	b.AddBytes(e.st.stateHash[:])
	b.AddUint64(e.st.applied)
	b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(store) })
	b.AddBytes(auj)
	return b.Bytes()
}

type checkpointState struct {
	hashKey   []byte
	stateHash common.Hash
	applied   uint64
	store     []byte
	audit     []byte
}

func parseCheckpointPayload(p []byte) (*checkpointState, error) {
	s := cryptobyte.String(p)
	var v uint8
	var n uint32
	var hk cryptobyte.String
	var store []byte
	cs := &checkpointState{}
	if !s.ReadUint8(&v) || v != checkpointPayloadVersion {
		return nil, fmt.Errorf("enclave: checkpoint payload of version %d, this build reads %d", v, checkpointPayloadVersion)
	}
	if !s.ReadUint8LengthPrefixed(&hk) || !s.CopyBytes(cs.stateHash[:]) || !s.ReadUint64(&cs.applied) || !s.ReadUint32(&n) || !s.ReadBytes(&store, int(n)) {
		return nil, errors.New("enclave: truncated checkpoint payload")
	}
	if len(hk) != 32 {
		return nil, fmt.Errorf("enclave: checkpoint holds a %d-byte state-hash key, want 32", len(hk))
	}
	// hashKey is copied: the caller clears the plaintext once loaded.
	cs.hashKey, cs.store, cs.audit = bytes.Clone(hk), store, []byte(s)
	return cs, nil
}

// checkManifest verifies a manifest event for epoch (the one the reader
// is in) begun at at: a member of the group signed it, it parses, and it
// names that epoch, position and MLS epoch and deals shares to exactly
// the custodians governance had appointed.
func (e *Enclave) checkManifest(ev *chainmsg.CheckpointEvent, epoch uint64, at chainmsg.Position, mlsEpoch uint64, custodians [][32]byte, threshold uint8) (*recovery.Manifest, error) {
	signer, err := chainmsg.Recover(chainmsg.CheckpointDigest(e.chainID(), e.cfg.Contract, ev.Epoch, ev.Manifest), ev.Sig)
	if err != nil {
		return nil, fmt.Errorf("manifest signature: %w", err)
	}
	if _, ok := e.st.group.Members()[signer]; !ok {
		return nil, fmt.Errorf("manifest signed by %s, not a member of the group", signer.Hex())
	}
	if ev.Epoch != epoch {
		return nil, fmt.Errorf("manifest posted for epoch %d, this epoch is %d", ev.Epoch, epoch)
	}
	m, err := recovery.ParseManifest(ev.Manifest)
	if err != nil {
		return nil, err
	}
	return m, checkManifestFields(m, epoch, at, mlsEpoch, custodians, threshold)
}

// checkManifestFields is checkManifest past the signer and the event.
func checkManifestFields(m *recovery.Manifest, epoch uint64, at chainmsg.Position, mlsEpoch uint64, custodians [][32]byte, threshold uint8) error {
	switch {
	case m.Epoch != epoch:
		return fmt.Errorf("manifest of epoch %d, this epoch is %d", m.Epoch, epoch)
	case m.At != at:
		return fmt.Errorf("manifest of the state at %d/%d, the epoch began at %d/%d", m.At.Block, m.At.Index, at.Block, at.Index)
	case m.MLSEpoch != mlsEpoch:
		return fmt.Errorf("manifest of MLS epoch %d, the group is at %d", m.MLSEpoch, mlsEpoch)
	case m.Threshold != threshold || len(m.Shares) != len(custodians):
		return fmt.Errorf("manifest deals %d-of-%d shares, governance appointed %d-of-%d custodians", m.Threshold, len(m.Shares), threshold, len(custodians))
	}
	for i, s := range m.Shares {
		if s.Custodian != custodians[i] {
			return fmt.Errorf("manifest share %d is for custodian %x, governance appointed %x", i, s.Custodian, custodians[i])
		}
	}
	return nil
}

func (e *Enclave) onCheckpoint(ev *chainmsg.CheckpointEvent) {
	if e.st.group == nil {
		if e.st.rec != nil {
			e.recoveryManifest(ev)
		}
		return
	}
	if j := e.st.joining; j != nil {
		e.joinerManifest(j, ev)
		return
	}
	c := e.st.ckpt
	if c == nil || ev.Epoch != c.Epoch || c.Manifest != nil || c.Err != "" {
		return // another epoch's, or the epoch already has its manifest
	}
	m, err := e.checkManifest(ev, c.Epoch, c.At, c.MLSEpoch, c.Custodians, c.Threshold)
	if err == nil && (m.PlainSize != c.PlainSize || m.Chunks != uint32(len(c.Hashes)) || m.ChunksRoot != c.Root) {
		err = fmt.Errorf("manifest names %d chunks with root %x, this member's checkpoint has %d with root %x", m.Chunks, m.ChunksRoot, len(c.Hashes), c.Root)
	}
	if err != nil {
		e.log.Warn("refusing checkpoint manifest", "epoch", ev.Epoch, "err", err)
		return
	}
	c.Manifest, c.Signed = ev.Manifest, nil
	e.checkpointProgress(c)
}

func (e *Enclave) onCheckpointChunk(ev *chainmsg.CheckpointChunkEvent) {
	if j := e.st.joining; j != nil {
		e.joinerChunk(j, ev)
		return
	}
	c := e.st.ckpt
	if e.st.group == nil || c == nil || ev.Epoch != c.Epoch || c.Err != "" || int64(ev.Index) >= int64(len(c.Hashes)) || c.Seen[ev.Index] {
		return
	}
	if checkpoint.ChunkHash(ev.Chunk) != c.Hashes[ev.Index] {
		e.log.Warn("refusing checkpoint chunk that is not this member's", "epoch", ev.Epoch, "index", ev.Index)
		return
	}
	c.Seen[ev.Index] = true
	e.checkpointProgress(c)
}

func (e *Enclave) checkpointProgress(c *epochCheckpoint) {
	if c.complete() {
		c.Chunks = nil // on the ledger now
		e.log.Info("epoch checkpoint complete", "epoch", c.Epoch, "chunks", len(c.Hashes))
	}
}

// nextCheckpoint is the host's work for the current epoch's checkpoint:
// this member's signed manifest while the ledger has none, then the
// chunks the ledger still lacks.
func (e *Enclave) nextCheckpoint() (*CheckpointWork, error) {
	c := e.st.ckpt
	if !e.joinedMember() || c == nil || c.Epoch != e.st.epoch || c.Err != "" || c.complete() || e.st.stale != "" || e.st.expelled[e.Identity()] {
		return nil, nil
	}
	w := &CheckpointWork{Epoch: c.Epoch, Chunks: len(c.Hashes)}
	if c.Manifest == nil {
		if c.Signed == nil {
			p, err := e.signManifest(c)
			if err != nil {
				return nil, err
			}
			c.Signed = p
		}
		w.Manifest = c.Signed
		return w, nil
	}
	for i, s := range c.Seen {
		if !s {
			w.Missing = append(w.Missing, uint32(i))
		}
	}
	return w, nil
}

func (e *Enclave) signManifest(c *epochCheckpoint) (*chainmsg.CheckpointPost, error) {
	m := &recovery.Manifest{Epoch: c.Epoch, At: c.At, MLSEpoch: c.MLSEpoch, PlainSize: c.PlainSize, Chunks: uint32(len(c.Hashes)),
		ChunksRoot: c.Root, Threshold: c.Threshold}
	if len(c.Custodians) > 0 {
		secret, err := e.st.group.Secret(c.Epoch)
		if err != nil {
			return nil, err
		}
		if m.Shares, err = checkpoint.DealShares(secret, c.Custodians, int(c.Threshold), e.cfg.ChainID, e.cfg.Contract, c.Epoch); err != nil {
			return nil, err
		}
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	p := &chainmsg.CheckpointPost{Epoch: c.Epoch, Manifest: m.Marshal()}
	var err error
	p.Sig, err = chainmsg.Sign(p.Digest(e.chainID(), e.cfg.Contract), e.identity)
	return p, err
}

// checkpointChunk signs chunk index of the current epoch's checkpoint for
// the host to post.
func (e *Enclave) checkpointChunk(epoch uint64, index uint32) (*chainmsg.CheckpointChunkPost, error) {
	c := e.st.ckpt
	if c == nil || c.Epoch != epoch || c.Chunks == nil || int64(index) >= int64(len(c.Chunks)) {
		return nil, fmt.Errorf("%w: no chunk %d of epoch %d's checkpoint to post", ErrRequest, index, epoch)
	}
	p := &chainmsg.CheckpointChunkPost{Epoch: epoch, Index: index, Chunk: c.Chunks[index]}
	var err error
	p.Sig, err = chainmsg.Sign(p.Digest(e.chainID(), e.cfg.Contract), e.identity)
	return p, err
}

// joining is the state of a member admitted at a handshake that waits for
// the checkpoint of its epoch; later command and audit events wait in
// buffer and are applied on top of it.
type joining struct {
	At       chainmsg.Position
	Epoch    uint64
	MLSEpoch uint64
	// Custodians is governance's set as of the handshake.
	Custodians custodianSet
	buffer     []chainmsg.Event
	manifest   *recovery.Manifest
	raw        []byte   // the manifest's bytes
	chunks     [][]byte // by index, nil until received
	have       int
}

// joinerManifest takes the first manifest of the joiner's epoch that a
// member signed. The joiner cannot compare it with a state it does not
// have; the chunks' authentication under the epoch's key (which only
// members hold) and the manifest's root vouch for what it loads.
func (e *Enclave) joinerManifest(j *joining, ev *chainmsg.CheckpointEvent) {
	if j.manifest != nil || ev.Epoch != j.Epoch {
		return
	}
	m, err := e.checkManifest(ev, j.Epoch, j.At, j.MLSEpoch, j.Custodians.Keys, j.Custodians.Threshold)
	if err != nil {
		e.log.Warn("refusing checkpoint manifest", "epoch", ev.Epoch, "err", err)
		return
	}
	j.manifest, j.raw, j.chunks = m, ev.Manifest, make([][]byte, m.Chunks)
}

func (e *Enclave) joinerChunk(j *joining, ev *chainmsg.CheckpointChunkEvent) {
	m := j.manifest
	if m == nil || ev.Epoch != j.Epoch || ev.Index >= m.Chunks || j.chunks[ev.Index] != nil || len(ev.Chunk) != m.ChunkBytes() {
		return
	}
	j.chunks[ev.Index] = ev.Chunk
	if j.have++; j.have < len(j.chunks) {
		return
	}
	// The root needs no key: chunks a host fed that the contract never saw
	// are caught here, before any secret is tried on them, and dropped so
	// that members' re-posts can fill their place.
	hashes := make([][32]byte, len(j.chunks))
	for i, c := range j.chunks {
		hashes[i] = checkpoint.ChunkHash(c)
	}
	if checkpoint.Root(hashes) != m.ChunksRoot {
		e.log.Warn("the checkpoint's chunks do not hash to its manifest's root; waiting for them again", "epoch", j.Epoch)
		j.chunks, j.have = make([][]byte, len(j.chunks)), 0
		return
	}
	if e.st.group == nil {
		e.tryRecover() // a recovering enclave: the secret comes from custodians
		return
	}
	secret, err := e.st.group.Secret(j.Epoch)
	if err != nil {
		e.log.Error("no secret for the checkpoint's epoch", "epoch", j.Epoch, "err", err)
		return
	}
	e.loadCheckpoint(j, secret)
}

// loadCheckpoint opens the joiner's checkpoint and installs it, then
// applies what waited in the buffer. Chunks that do not open are dropped
// (a host can feed chunk events the contract never saw): the joiner waits
// for the members' re-posts.
func (e *Enclave) loadCheckpoint(j *joining, secret []byte) bool {
	key := checkpoint.Key(secret, e.cfg.ChainID, e.cfg.Contract, j.Epoch)
	defer clear(key)
	payload, err := checkpoint.Open(key, j.Epoch, j.manifest, j.chunks)
	var cs *checkpointState
	if err == nil {
		cs, err = parseCheckpointPayload(payload)
	}
	var au auditState
	var eng *runtime.Engine
	if err == nil {
		au, err = unmarshalAudit(cs.audit)
	}
	if err == nil {
		var store *runtime.Store
		if store, err = runtime.LoadSnapshot(cs.store); err == nil {
			eng, err = runtime.NewEngine(store, e.st.apps...)
		}
	}
	if err != nil {
		e.log.Warn("the epoch's checkpoint does not load; waiting for its chunks again", "epoch", j.Epoch, "err", err)
		j.chunks, j.have = make([][]byte, len(j.chunks)), 0
		return false
	}
	e.st.engine, e.st.stateHash, e.st.applied, e.st.hashKey, e.st.audit = eng, cs.stateHash, cs.applied, cs.hashKey, au
	e.st.joining = nil
	if e.st.group != nil {
		e.st.group.Settle()
		e.st.ckpt = e.loadedCheckpoint(j)
	}
	e.log.Info("state loaded from the epoch's checkpoint", "epoch", j.Epoch, "chunks", len(j.chunks), "bytes", len(payload),
		"applied", cs.applied, "buffered_events", len(j.buffer))
	clear(payload)
	for _, b := range j.buffer {
		if b.Commands != nil {
			e.onCommands(b.Position, b.TxHash, b.Commands)
		} else {
			e.onAuditEvent(b)
		}
	}
	return true
}

// loadedCheckpoint is the epoch's checkpoint as a joiner that loaded it
// knows it: complete.
func (e *Enclave) loadedCheckpoint(j *joining) *epochCheckpoint {
	c := &epochCheckpoint{Epoch: j.Epoch, At: j.At, MLSEpoch: j.MLSEpoch, Custodians: j.Custodians.Keys, Threshold: j.Custodians.Threshold,
		PlainSize: j.manifest.PlainSize, Root: j.manifest.ChunksRoot, Manifest: j.raw, Hashes: make([][32]byte, len(j.chunks)), Seen: make([]bool, len(j.chunks))}
	for i, ch := range j.chunks {
		c.Hashes[i], c.Seen[i] = checkpoint.ChunkHash(ch), true
	}
	return c
}

// custodianSet is governance's disaster-recovery custodians as this
// enclave verified them.
type custodianSet struct {
	Version   uint64     `json:"version"`
	Keys      [][32]byte `json:"keys,omitempty"`
	Threshold uint8      `json:"threshold"`
}

// onCustodians applies a custodian act; it takes effect with the next
// epoch's checkpoint (an epoch's shares are dealt at its handshake).
func (e *Enclave) onCustodians(c *chainmsg.CustodiansChangedEvent) {
	if c.Version != e.st.custodians.Version+1 {
		e.log.Warn("refusing custodian act", "version", c.Version, "reason",
			fmt.Sprintf("act %d, the next is %d (replayed, older or skipped)", c.Version, e.st.custodians.Version+1))
		return
	}
	if err := e.verifyAct(chainmsg.ActCustodians, c.Version, chainmsg.CustodiansPayload(c.Keys, c.Threshold), c.Sigs); err != nil {
		e.log.Warn("refusing custodian act", "version", c.Version, "reason", err)
		return
	}
	if len(c.Keys) > recovery.MaxShares || int(c.Threshold) > len(c.Keys) || (len(c.Keys) > 0) != (c.Threshold > 0) {
		// The contract refuses these; governance signed one anyway.
		e.log.Warn("refusing custodian act", "version", c.Version, "reason", fmt.Sprintf("%d-of-%d custodians", c.Threshold, len(c.Keys)))
		e.st.custodians.Version = c.Version
		return
	}
	e.st.custodians = custodianSet{Version: c.Version, Keys: c.Keys, Threshold: c.Threshold}
	e.log.Info("custodians appointed; they receive shares from the next epoch on", "version", c.Version, "threshold", c.Threshold, "keys", len(c.Keys))
}
