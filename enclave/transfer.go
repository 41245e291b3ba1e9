package enclave

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// State transfer to a joiner: the committer that admits an enclave sends it
// the state as of the admitting handshake, encrypted under the new epoch
// and signed with the committer's identity key; the joiner buffers later
// commands until the transfer arrives. The signature matters: every member
// holds the epoch key, so encryption alone would let any member (or a
// member's host replaying a member's ciphertext) hand the joiner a forged
// state. The joiner accepts only the committer that signed its Welcome.

// The state travels in parts, each a separate ledger message signed on
// its own: a ledger ciphertext is at most 16 KiB, padded to 8 KiB classes,
// so a state of any size reaches the joiner as ceil(size/transferChunk)
// parts, every one naming the hash of the whole snapshot.

// transferChunk is the most snapshot bytes one part carries: with JSON's
// base64 and the signature it stays in the 8 KiB ledger size class (the
// 16 KiB class is above the contract's per-ciphertext cap).
const transferChunk = 4096

// maxTransferParts bounds what a joiner collects (16 MiB of state): a
// committer cannot make it hold more. Larger states need checkpoints.
var maxTransferParts uint32 = 4096

// joining is the state of a member admitted at a handshake that waits for
// the state snapshot taken at exactly that handshake; later command events
// wait in buffer and are applied on top of the snapshot.
type joining struct {
	At       chainmsg.Position
	From     common.Address // the committer that signed the Welcome
	MLSEpoch uint64         // the MLS epoch the Welcome brought us into
	buffer   []chainmsg.Event
	head     *transfer         // the first part received, its chunk dropped
	parts    map[uint32][]byte // chunks received so far, by part number
}

type transfer struct {
	Joiner   common.Address    `json:"joiner"`
	At       chainmsg.Position `json:"at"`
	MLSEpoch uint64            `json:"mls_epoch"`
	Part     uint32            `json:"part"`
	Parts    uint32            `json:"parts"`
	Digest   common.Hash       `json:"digest"` // keccak256 of the whole snapshot
	Chunk    []byte            `json:"chunk"`
	// The state's companions, the same in every part.
	StateHash common.Hash `json:"state_hash"`
	Applied   uint64      `json:"applied"`
	HashKey   []byte      `json:"hash_key"`
}

// signedTransfer is what travels: the transfer's JSON and the committer's
// signature over transferDigest of it.
type signedTransfer struct {
	Body []byte `json:"body"`
	Sig  []byte `json:"sig"`
}

func (e *Enclave) transferDigest(body []byte) common.Hash {
	return crypto.Keccak256Hash([]byte("anonify-transfer-v2"), e.chainID().Bytes(), e.cfg.Contract[:], crypto.Keccak256(body))
}

func transferID(joiner common.Address, at chainmsg.Position, part uint32) common.Hash {
	return crypto.Keccak256Hash([]byte("anonify-transfer"), joiner[:], binary.BigEndian.AppendUint64(nil, at.Block),
		binary.BigEndian.AppendUint64(nil, at.Index), binary.BigEndian.AppendUint32(nil, part))
}

// sendTransfer queues the state as of this very handshake for joiner, in
// parts.
func (e *Enclave) sendTransfer(joiner common.Address, pos chainmsg.Position) error {
	snap, err := e.transferSnapshot()
	if err != nil {
		return err
	}
	parts := uint32((len(snap) + transferChunk - 1) / transferChunk)
	if parts == 0 {
		parts = 1
	}
	if parts > maxTransferParts {
		return fmt.Errorf("enclave: the state (%d bytes) is larger than a joiner takes (%d parts of %d bytes); it needs a checkpoint", len(snap), maxTransferParts, transferChunk)
	}
	digest := crypto.Keccak256Hash(snap)
	for i := uint32(0); i < parts; i++ {
		chunk := snap[min(int(i)*transferChunk, len(snap)):min(int(i+1)*transferChunk, len(snap))]
		t := transfer{Joiner: joiner, At: pos, MLSEpoch: e.st.group.MLSEpoch(), Part: i, Parts: parts, Digest: digest, Chunk: chunk,
			StateHash: e.st.stateHash, Applied: e.st.applied, HashKey: e.st.hashKey}
		body, err := json.Marshal(t)
		if err != nil {
			return err
		}
		sig, err := chainmsg.Sign(e.transferDigest(body), e.identity)
		if err != nil {
			return err
		}
		payload, err := json.Marshal(signedTransfer{Body: body, Sig: sig})
		if err != nil {
			return err
		}
		if err := e.st.enqueue(transferID(joiner, pos, i), msgTransfer, payload, nil); err != nil {
			return err
		}
	}
	return nil
}

// openTransfer decodes a transfer message and returns it with its signer.
func (e *Enclave) openTransfer(raw []byte) (*transfer, common.Address, error) {
	var st signedTransfer
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, common.Address{}, fmt.Errorf("malformed state transfer: %w", err)
	}
	signer, err := chainmsg.Recover(e.transferDigest(st.Body), st.Sig)
	if err != nil {
		return nil, common.Address{}, fmt.Errorf("state transfer signature: %w", err)
	}
	var t transfer
	if err := json.Unmarshal(st.Body, &t); err != nil {
		return nil, common.Address{}, fmt.Errorf("malformed state transfer body: %w", err)
	}
	return &t, signer, nil
}

// collectTransfer takes from a batch the parts of the snapshot meant for
// this joining enclave, signed by the committer that welcomed it, for the
// epoch it joined, and reports whether every part is now there.
func (e *Enclave) collectTransfer(c *chainmsg.CommandsEvent) bool {
	j := e.st.joining
	if e.st.group == nil || j == nil {
		return false
	}
	secret, err := e.st.group.Secret(c.Epoch)
	if err != nil {
		return false
	}
	for _, ct := range c.Ciphertexts {
		msg, err := e.openMessage(secret, c.Epoch, ct)
		if err != nil || msg[0] != msgTransfer {
			continue
		}
		t, signer, err := e.openTransfer(msg[1:])
		switch {
		case err != nil:
			e.log.Warn("refusing state transfer", "err", err)
			continue
		case t.Joiner != e.Identity():
			continue
		case signer != j.From:
			e.log.Warn("refusing state transfer not signed by the committer that welcomed us", "signer", signer.Hex(), "committer", j.From.Hex())
			continue
		case t.MLSEpoch != j.MLSEpoch:
			e.log.Warn("refusing state transfer for another epoch", "epoch", t.MLSEpoch, "joined", j.MLSEpoch)
			continue
		case t.Parts == 0 || t.Parts > maxTransferParts || t.Part >= t.Parts || len(t.Chunk) > transferChunk:
			e.log.Warn("refusing state transfer part out of bounds", "part", t.Part, "parts", t.Parts)
			continue
		case j.head != nil && (t.Parts != j.head.Parts || t.Digest != j.head.Digest || t.StateHash != j.head.StateHash ||
			t.Applied != j.head.Applied || !bytes.Equal(t.HashKey, j.head.HashKey)):
			e.log.Warn("refusing state transfer part of another snapshot", "part", t.Part)
			continue
		}
		if j.head == nil {
			head := *t
			head.Chunk = nil
			j.head, j.parts = &head, map[uint32][]byte{}
		}
		j.parts[t.Part] = t.Chunk
	}
	return j.head != nil && uint32(len(j.parts)) == j.head.Parts
}

// loadTransfer assembles and installs the snapshot; the caller then
// applies the buffered commands that the ledger ordered after the
// admitting handshake. A snapshot that does not hash to what every part
// named is dropped, and the joiner waits for the committer to send again.
func (e *Enclave) loadTransfer() bool {
	j := e.st.joining
	var snap []byte
	for i := uint32(0); i < j.head.Parts; i++ {
		snap = append(snap, j.parts[i]...)
	}
	if crypto.Keccak256Hash(snap) != j.head.Digest {
		e.log.Warn("state transfer parts do not add up to the snapshot they name; waiting for another")
		j.head, j.parts = nil, nil
		return false
	}
	storeSnap, auditSnap, err := splitTransferSnapshot(snap)
	if err != nil {
		e.log.Warn("bad state snapshot", "err", err)
		return false
	}
	au, err := unmarshalAudit(auditSnap)
	if err != nil {
		e.log.Warn("bad state snapshot", "err", err)
		return false
	}
	store, err := runtime.LoadSnapshot(storeSnap)
	if err != nil {
		e.log.Warn("bad state snapshot", "err", err)
		return false
	}
	eng, err := runtime.NewEngine(store, e.st.apps...)
	if err != nil {
		e.log.Warn("cannot load snapshot", "err", err)
		return false
	}
	e.log.Info("state snapshot loaded", "parts", j.head.Parts, "bytes", len(snap), "buffered_batches", len(j.buffer))
	e.st.engine, e.st.stateHash, e.st.applied, e.st.hashKey, e.st.joining = eng, j.head.StateHash, j.head.Applied, j.head.HashKey, nil
	e.st.audit = au
	e.st.group.Settle()
	return true
}

// transferSnapshot is what a joiner receives: the app state and the audit
// state (auditors, record numbers, records not yet on the ledger), as of
// the admitting handshake:
//
//	u32 len(store) ‖ store snapshot ‖ audit state (JSON)
func (e *Enclave) transferSnapshot() ([]byte, error) {
	store := e.st.engine.Store().Snapshot()
	au, err := e.st.audit.marshal()
	if err != nil {
		return nil, err
	}
	out := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(store)+len(au)), uint32(len(store)))
	return append(append(out, store...), au...), nil
}

func splitTransferSnapshot(b []byte) (store, audit []byte, err error) {
	if len(b) < 4 || uint64(binary.BigEndian.Uint32(b)) > uint64(len(b)-4) {
		return nil, nil, fmt.Errorf("enclave: state snapshot of %d bytes has no whole store part", len(b))
	}
	n := 4 + int(binary.BigEndian.Uint32(b))
	return b[4:n], b[n:], nil
}

// dropSentTransfer forgets a transfer part this enclave queued once it is
// seen on the ledger. Only its own signed parts count: another member's
// transfer for the same joiner must not cancel ours.
func (e *Enclave) dropSentTransfer(raw []byte) {
	t, signer, err := e.openTransfer(raw)
	if err == nil && signer == e.Identity() {
		e.st.settle(transferID(t.Joiner, t.At, t.Part))
	}
}
