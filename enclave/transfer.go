package enclave

import (
	"encoding/binary"
	"encoding/json"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// State transfer to a joiner: the committer that admits an enclave sends it
// the state as of the admitting handshake, encrypted under the new epoch;
// the joiner buffers later commands until the transfer arrives.

// joining is the state of a member admitted at a handshake that waits for
// the state snapshot taken at exactly that handshake; later command events
// wait in buffer and are applied on top of the snapshot.
type joining struct {
	At     chainmsg.Position
	buffer []chainmsg.Event
}

type transfer struct {
	Joiner    common.Address    `json:"joiner"`
	At        chainmsg.Position `json:"at"`
	Snapshot  []byte            `json:"snapshot"`
	StateHash common.Hash       `json:"state_hash"`
	Applied   uint64            `json:"applied"`
	HashKey   []byte            `json:"hash_key"`
}

func transferID(joiner common.Address, at chainmsg.Position) common.Hash {
	return crypto.Keccak256Hash([]byte("anonify-transfer"), joiner[:], binary.BigEndian.AppendUint64(nil, at.Block), binary.BigEndian.AppendUint64(nil, at.Index))
}

// findTransfer looks in a batch for the snapshot meant for this joining
// enclave, taken at the handshake that admitted it.
func (e *Enclave) findTransfer(c *chainmsg.CommandsEvent) *transfer {
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

// dropSentTransfer forgets a transfer this enclave queued once it is seen
// on the ledger.
func (e *Enclave) dropSentTransfer(raw []byte) {
	var t transfer
	if json.Unmarshal(raw, &t) == nil {
		e.st.settle(transferID(t.Joiner, t.At))
	}
}
