package enclave

import (
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

// joining is the state of a member admitted at a handshake that waits for
// the state snapshot taken at exactly that handshake; later command events
// wait in buffer and are applied on top of the snapshot.
type joining struct {
	At       chainmsg.Position
	From     common.Address // the committer that signed the Welcome
	MLSEpoch uint64         // the MLS epoch the Welcome brought us into
	buffer   []chainmsg.Event
}

type transfer struct {
	Joiner    common.Address    `json:"joiner"`
	At        chainmsg.Position `json:"at"`
	MLSEpoch  uint64            `json:"mls_epoch"`
	Snapshot  []byte            `json:"snapshot"`
	StateHash common.Hash       `json:"state_hash"`
	Applied   uint64            `json:"applied"`
	HashKey   []byte            `json:"hash_key"`
}

// signedTransfer is what travels: the transfer's JSON and the committer's
// signature over transferDigest of it.
type signedTransfer struct {
	Body []byte `json:"body"`
	Sig  []byte `json:"sig"`
}

func (e *Enclave) transferDigest(body []byte) common.Hash {
	return crypto.Keccak256Hash([]byte("anonify-transfer-v1"), e.chainID().Bytes(), e.cfg.Contract[:], crypto.Keccak256(body))
}

func transferID(joiner common.Address, at chainmsg.Position) common.Hash {
	return crypto.Keccak256Hash([]byte("anonify-transfer"), joiner[:], binary.BigEndian.AppendUint64(nil, at.Block), binary.BigEndian.AppendUint64(nil, at.Index))
}

// sendTransfer queues the state as of this very handshake for joiner.
func (e *Enclave) sendTransfer(joiner common.Address, pos chainmsg.Position) error {
	t := transfer{Joiner: joiner, At: pos, MLSEpoch: e.st.group.MLSEpoch(), Snapshot: e.st.engine.Store().Snapshot(),
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
	return e.st.enqueue(transferID(joiner, pos), msgTransfer, payload, nil)
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

// findTransfer looks in a batch for the snapshot meant for this joining
// enclave, signed by the committer that welcomed it, for the epoch it
// joined.
func (e *Enclave) findTransfer(c *chainmsg.CommandsEvent) *transfer {
	if e.st.group == nil {
		return nil
	}
	secret, err := e.st.group.Secret(c.Epoch)
	if err != nil {
		return nil
	}
	j := e.st.joining
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
		}
		return t
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

// dropSentTransfer forgets a transfer this enclave queued once it is seen
// on the ledger. Only its own signed transfer counts: another member's
// transfer for the same joiner must not cancel ours.
func (e *Enclave) dropSentTransfer(raw []byte) {
	t, signer, err := e.openTransfer(raw)
	if err == nil && signer == e.Identity() {
		e.st.settle(transferID(t.Joiner, t.At))
	}
}
