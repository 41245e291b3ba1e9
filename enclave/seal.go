package enclave

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/mls"
	"github.com/anonify-go/anonify/tee"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/recovery"
)

// Sealed blobs let a node restart without re-registering: the enclave
// encrypts its whole state under the platform's sealing key, and only the
// same code on the same platform can open it. The ledger stays
// authoritative: a restored enclave resumes at its sealed position and the
// host re-feeds events from there; feeding an older blob only replays
// events, which is deterministic, and per-user counters stop any command
// from applying twice.
//
// Blob: "ANSEAL1" ‖ salt [32] ‖ AES-256-GCM(HKDF(sealing key, salt), nonce 0, ad = magic ‖ identity, JSON).
var sealMagic = []byte("ANSEAL1")

type sealedState struct {
	IdentityKey []byte               `json:"identity_key"`
	RequestKey  []byte               `json:"request_key"`
	SigPriv     []byte               `json:"mls_signature_key"`
	KeyPackage  []byte               `json:"mls_key_package"`
	Staged      *Handshake           `json:"staged,omitempty"`
	Since       uint64               `json:"since_handshake"`
	Removed     bool                 `json:"removed,omitempty"`
	Evidence    []byte               `json:"evidence"`
	Group       []byte               `json:"group,omitempty"`
	HashKey     []byte               `json:"hash_key,omitempty"`
	StateHash   common.Hash          `json:"state_hash"`
	Applied     uint64               `json:"applied"`
	Epoch       uint64               `json:"epoch"`
	Position    chainmsg.Position    `json:"position"`
	Started     bool                 `json:"started"`
	Policy      []byte               `json:"policy,omitempty"`
	PolicyVer   uint64               `json:"policy_version"`
	SignedSeq   uint64               `json:"signed_seq"`
	Stale       string               `json:"stale,omitempty"`
	Foundings   uint64               `json:"foundings"`
	Expelled    []common.Address     `json:"expelled,omitempty"`
	Regs        []sealedRegistration `json:"registrations"`
	Pending     []sealedPending      `json:"pending"`
	Joining     *sealedJoining       `json:"joining,omitempty"`
	Checkpoint  *epochCheckpoint     `json:"checkpoint,omitempty"`
	Custodians  custodianSet         `json:"custodians"`
	Recovering  *recovering          `json:"recovering,omitempty"`
	Store       []byte               `json:"store"`
	Outbox      []Outcome            `json:"outbox,omitempty"`
	Fates       []byte               `json:"fates,omitempty"` // fateBook.marshal
	Audit       json.RawMessage      `json:"audit,omitempty"` // auditState
	Chain       []byte               `json:"chain,omitempty"` // cliquechain.Verifier, when the enclave verifies the chain
	ChainBlock  uint64               `json:"chain_block,omitempty"`
}

type sealedRegistration struct {
	Identity       common.Address `json:"identity"`
	RequestKey     []byte         `json:"request_key"`
	KeyPackage     []byte         `json:"key_package"`
	Evidence       []byte         `json:"evidence"`
	SigKey         []byte         `json:"sig_key,omitempty"`
	Claims         *attest.Claims `json:"claims,omitempty"`
	Admissible     bool           `json:"admissible"`
	EverAdmissible bool           `json:"ever_admissible"`
	Verdict        string         `json:"verdict"`
	Removed        bool           `json:"removed,omitempty"`
}

type sealedPending struct {
	ID       common.Hash `json:"id"`
	Msg      []byte      `json:"msg"`
	ReplyKey []byte      `json:"reply_key,omitempty"`
}

type sealedJoining struct {
	At         chainmsg.Position `json:"at"`
	Epoch      uint64            `json:"epoch"`
	MLSEpoch   uint64            `json:"mls_epoch"`
	Custodians custodianSet      `json:"custodians"`
	Buffer     []chainmsg.Event  `json:"buffer"`
	Manifest   []byte            `json:"manifest,omitempty"` // checked when it arrived
	Chunks     [][]byte          `json:"chunks,omitempty"`
}

func (e *Enclave) seal() ([]byte, error) {
	req, err := e.request.Bytes()
	if err != nil {
		return nil, err
	}
	s := sealedState{
		IdentityKey: crypto.FromECDSA(e.identity),
		RequestKey:  req,
		SigPriv:     e.sigPriv,
		Staged:      e.st.staged,
		Since:       e.st.sinceHandshake,
		Removed:     e.st.removed,
		Evidence:    e.evidence,
		HashKey:     e.st.hashKey,
		StateHash:   e.st.stateHash,
		Applied:     e.st.applied,
		Epoch:       e.st.epoch,
		Position:    e.st.position,
		Started:     e.st.started,
		Store:       e.st.engine.Store().Snapshot(),
		Outbox:      e.st.outbox,
		Fates:       e.st.fates.marshal(),
	}
	if s.Audit, err = e.st.audit.marshal(); err != nil {
		return nil, err
	}
	if e.st.group != nil {
		if s.Group, err = e.st.group.Marshal(); err != nil {
			return nil, err
		}
	}
	if s.KeyPackage, err = e.kp.MarshalBinary(); err != nil {
		return nil, err
	}
	s.PolicyVer, s.Foundings = e.st.policyVersion, e.st.foundings
	s.SignedSeq, s.Stale = e.st.signedSeq, e.st.stale
	for _, id := range e.st.regOrder {
		if e.st.expelled[id] {
			s.Expelled = append(s.Expelled, id)
		}
	}
	if e.st.policy != nil {
		if s.Policy, err = e.st.policy.Marshal(); err != nil {
			return nil, err
		}
	}
	for _, id := range e.st.regOrder {
		r := e.st.registrations[id]
		s.Regs = append(s.Regs, sealedRegistration{Identity: id, RequestKey: r.requestKey, KeyPackage: r.keyPackage, Evidence: r.evidence,
			SigKey: r.sigKey, Claims: r.claims, Admissible: r.admissible, EverAdmissible: r.everAdmissible, Verdict: r.verdict, Removed: r.removed})
	}
	for _, p := range e.st.pending {
		if p.done {
			continue
		}
		s.Pending = append(s.Pending, sealedPending{p.id, p.msg, p.replyKey})
	}
	if j := e.st.joining; j != nil {
		s.Joining = &sealedJoining{At: j.At, Epoch: j.Epoch, MLSEpoch: j.MLSEpoch, Custodians: j.Custodians, Buffer: j.buffer, Manifest: j.raw, Chunks: j.chunks}
	}
	s.Checkpoint, s.Custodians, s.Recovering = e.st.ckpt, e.st.custodians, e.st.rec
	if c := e.st.chain; c != nil {
		if s.Chain, err = c.v.MarshalBinary(); err != nil {
			return nil, err
		}
		s.ChainBlock = c.applied
	}
	pt, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return e.sealToSelf(sealMagic, pt)
}

// sealToSelf encrypts pt so that only this code on this platform, as this
// identity, opens it (openFromSelf): the sealed blob and journal entries.
//
//	magic ‖ salt [32] ‖ AES-256-GCM(HKDF(sealing key, salt), nonce 0, ad = magic ‖ identity, pt)
func (e *Enclave) sealToSelf(magic, pt []byte) ([]byte, error) {
	key, err := e.cfg.Platform.SealingKey()
	if err != nil {
		return nil, fmt.Errorf("enclave: sealing key: %w", err)
	}
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	aead, err := sealAEAD(key, salt)
	if err != nil {
		return nil, err
	}
	header := append(append([]byte{}, magic...), salt...)
	id := e.Identity()
	return aead.Seal(header, make([]byte, aead.NonceSize()), pt, append(append([]byte{}, magic...), id[:]...)), nil
}

// errNotSealed: not sealToSelf's output for this magic, or tampered, or
// sealed by another code, platform or identity.
var errNotSealed = errors.New("enclave: not sealed by this enclave")

// openFromSelf reverses sealToSelf for identity id.
func openFromSelf(p tee.Platform, magic []byte, id common.Address, blob []byte) ([]byte, error) {
	if len(blob) < len(magic)+32+16 || string(blob[:len(magic)]) != string(magic) {
		return nil, fmt.Errorf("%w: no %q header", errNotSealed, magic)
	}
	key, err := p.SealingKey()
	if err != nil {
		return nil, fmt.Errorf("enclave: sealing key: %w", err)
	}
	aead, err := sealAEAD(key, blob[len(magic):len(magic)+32])
	if err != nil {
		return nil, err
	}
	pt, err := aead.Open(nil, make([]byte, aead.NonceSize()), blob[len(magic)+32:], append(append([]byte{}, magic...), id[:]...))
	if err != nil {
		return nil, fmt.Errorf("%w: wrong platform, wrong code, wrong identity or tampered", errNotSealed)
	}
	return pt, nil
}

func sealAEAD(key, salt []byte) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, key, salt, "anonify-sealed-state-v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func restore(ctx context.Context, cfg Config, expect common.Address, blob []byte) (*Enclave, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if len(blob) < len(sealMagic)+32+16 || string(blob[:len(sealMagic)]) != string(sealMagic) {
		return nil, fmt.Errorf("%w: not a sealed enclave state", ErrSealedBlob)
	}
	pt, err := openFromSelf(cfg.Platform, sealMagic, expect, blob)
	if errors.Is(err, errNotSealed) {
		return nil, fmt.Errorf("%w: wrong platform, wrong code, wrong identity or tampered", ErrSealedBlob)
	}
	if err != nil {
		return nil, err
	}
	return decodeSealed(cfg, expect, pt)
}

// decodeSealed rebuilds an enclave from the plaintext of its sealed blob.
// The plaintext is authenticated (only this code on this platform can make
// it), but it is still decoded defensively: a blob written by an older
// version must fail with an error, never a panic (FuzzDecodeSealed).
func decodeSealed(cfg Config, expect common.Address, pt []byte) (*Enclave, error) {
	var err error
	var s sealedState
	if err := json.Unmarshal(pt, &s); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSealedBlob, err)
	}
	e := &Enclave{cfg: cfg, evidence: s.Evidence, st: newState()}
	if e.identity, err = crypto.ToECDSA(s.IdentityKey); err != nil {
		return nil, fmt.Errorf("%w: identity key: %v", ErrSealedBlob, err)
	}
	if e.Identity() != expect {
		return nil, fmt.Errorf("%w: blob holds %s, expected %s", ErrSealedBlob, e.Identity().Hex(), expect.Hex())
	}
	if e.request, err = wire.ParsePrivateKey(s.RequestKey); err != nil {
		return nil, fmt.Errorf("%w: request key: %v", ErrSealedBlob, err)
	}
	e.log = cfg.Logger.With("enclave", e.Identity().Hex()[:10])
	e.sigPriv, e.kp = s.SigPriv, new(mls.KeyPackageSecret)
	if err := e.kp.UnmarshalBinary(s.KeyPackage); err != nil {
		return nil, fmt.Errorf("%w: MLS key package: %v", ErrSealedBlob, err)
	}
	e.st.staged, e.st.sinceHandshake, e.st.removed = s.Staged, s.Since, s.Removed
	store, err := runtime.LoadSnapshot(s.Store)
	if err != nil {
		return nil, err
	}
	e.st.apps = cfg.Apps
	if e.st.engine, err = runtime.NewEngine(store, cfg.Apps...); err != nil {
		return nil, err
	}
	if s.Group != nil {
		if e.st.group, err = groupkey.Unmarshal(s.Group); err != nil {
			return nil, err
		}
	}
	e.st.hashKey, e.st.stateHash, e.st.applied = s.HashKey, s.StateHash, s.Applied
	e.st.epoch, e.st.position, e.st.started, e.st.outbox = s.Epoch, s.Position, s.Started, s.Outbox
	e.st.policyVersion, e.st.foundings = s.PolicyVer, s.Foundings
	e.st.signedSeq, e.st.stale = s.SignedSeq, s.Stale
	for _, id := range s.Expelled {
		e.st.expelled[id] = true
	}
	if s.Policy != nil {
		if e.st.policy, err = attest.ParsePolicy(s.Policy); err != nil {
			return nil, err
		}
	}
	for _, r := range s.Regs {
		e.st.registrations[r.Identity] = &registration{requestKey: r.RequestKey, keyPackage: r.KeyPackage, evidence: r.Evidence, sigKey: r.SigKey,
			claims: r.Claims, admissible: r.Admissible, everAdmissible: r.EverAdmissible, verdict: r.Verdict, removed: r.Removed}
		e.st.regOrder = append(e.st.regOrder, r.Identity)
	}
	if e.st.fates, err = unmarshalFates(s.Fates); err != nil {
		return nil, err
	}
	if e.st.audit, err = unmarshalAudit(s.Audit); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSealedBlob, err)
	}
	for _, p := range s.Pending {
		q := &pending{id: p.ID, msg: p.Msg, replyKey: p.ReplyKey}
		q.from, q.counter = pendingSender(cfg.ChainID, cfg.Contract, p.Msg)
		e.st.pending = append(e.st.pending, q)
		e.st.pendingByID[p.ID] = q
	}
	if sj := s.Joining; sj != nil {
		j := &joining{At: sj.At, Epoch: sj.Epoch, MLSEpoch: sj.MLSEpoch, Custodians: sj.Custodians, buffer: sj.Buffer, raw: sj.Manifest}
		if sj.Manifest != nil {
			if j.manifest, err = recovery.ParseManifest(sj.Manifest); err != nil || len(sj.Chunks) != int(j.manifest.Chunks) {
				return nil, fmt.Errorf("%w: inconsistent checkpoint download in progress", ErrSealedBlob)
			}
			j.chunks = sj.Chunks
			for _, c := range j.chunks {
				if c != nil {
					j.have++
				}
			}
		}
		e.st.joining = j
	}
	if c := s.Checkpoint; c != nil {
		if len(c.Seen) != len(c.Hashes) || c.Chunks != nil && len(c.Chunks) != len(c.Hashes) {
			return nil, fmt.Errorf("%w: inconsistent checkpoint in progress", ErrSealedBlob)
		}
		e.st.ckpt = c
	}
	e.st.custodians, e.st.rec = s.Custodians, s.Recovering
	if r := e.st.rec; r != nil && r.Shares == nil {
		r.Shares = map[[32]byte][][]byte{}
	}
	switch {
	case !cfg.anchor.Insecure() && s.Chain == nil:
		return nil, fmt.Errorf("%w: the blob holds no chain verifier, and the network's first policy pins a chain to verify (%s)", ErrSealedBlob, cfg.anchor)
	case !cfg.anchor.Insecure():
		if e.st.chain, err = restoreChainReader(cfg.anchor, s.Chain, s.ChainBlock); err != nil {
			return nil, err
		}
	case s.Chain != nil:
		return nil, fmt.Errorf("%w: the blob holds a chain verifier, and the network's first policy pins none", ErrSealedBlob)
	}
	return e, nil
}
