package enclave

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Applying the ledger: events in ledger order, commands decrypted and
// executed deterministically, the state hash chained.

func (e *Enclave) apply(events []chainmsg.Event) error {
	for _, ev := range events {
		if e.st.started && !e.st.position.Less(ev.Position) {
			continue
		}
		if err := e.applyOne(ev); err != nil {
			return err
		}
		e.st.position, e.st.started = ev.Position, true
	}
	return nil
}

func (e *Enclave) applyOne(ev chainmsg.Event) error {
	switch {
	case ev.PolicyChanged != nil:
		e.onPolicy(ev.PolicyChanged)
	case ev.Registered != nil:
		e.onRegistered(ev.Registered)
	case ev.Founded != nil:
		return e.onFounded(ev.Founded)
	case ev.Expelled != nil:
		e.onExpelled(ev.Expelled)
	case ev.Auditor != nil || ev.Audit != nil:
		// A joiner waiting for its state takes these after it, in order:
		// the snapshot it receives holds the audit state as of its
		// admission.
		if j := e.st.joining; j != nil {
			j.buffer = append(j.buffer, ev)
			return nil
		}
		e.onAuditEvent(ev)
	case ev.Handshake != nil:
		return e.onHandshake(ev.Position, ev.Handshake)
	case ev.Commands != nil:
		e.onOwnBatch(ev.Commands)
		if j := e.st.joining; j != nil {
			if !e.collectTransfer(ev.Commands) || !e.loadTransfer() {
				j.buffer = append(j.buffer, ev)
				return nil
			}
			for _, b := range j.buffer {
				if b.Commands != nil {
					e.onCommands(b.Position, b.TxHash, b.Commands)
				} else {
					e.onAuditEvent(b)
				}
			}
		}
		e.onCommands(ev.Position, ev.TxHash, ev.Commands)
	}
	return nil
}

func (e *Enclave) onAuditEvent(ev chainmsg.Event) {
	if ev.Auditor != nil {
		e.onAuditor(ev.Position, ev.Auditor)
	} else {
		e.onAudit(ev.Audit)
	}
}

// onCommands applies one batch. pos and tx are where the host says the
// ledger ordered it; they only label the outcomes (see applyRequest).
func (e *Enclave) onCommands(pos chainmsg.Position, tx common.Hash, c *chainmsg.CommandsEvent) {
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
			e.applyRequest(secret, pos, tx, crypto.Keccak256Hash(ct), c.Epoch, msg[1:])
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
//
// The outcome names the block, the transaction and the hash of the ledger
// ciphertext ct that carried the command. The enclave cannot tell a batch
// its host posted from one its host only pretends to have posted, so it
// states where it was told the command was ordered, and the client checks
// that on its own view of the chain.
func (e *Enclave) applyRequest(secret []byte, pos chainmsg.Position, tx, ct common.Hash, epoch uint64, raw []byte) {
	signed, err := wire.ParseSignedRequest(raw)
	if err != nil {
		e.log.Warn("malformed ordered request", "err", hostClass(err)) // the host reads logs: class only
		return
	}
	body, err := signed.Verify(e.cfg.ChainID, e.cfg.Contract)
	if err != nil || body.Kind != wire.KindCommand {
		e.log.Warn("ordered request does not verify", "err", hostClass(err))
		return
	}
	id := wire.RequestID(signed.Body)
	before := e.st.engine.Counter(body.From)
	// The batch's position is the app's clock (runtime.Ctx.At): the same
	// for every enclave that applies this batch, whatever its host's time.
	at := runtime.Position{Block: pos.Block, Index: pos.Index}
	res := e.st.engine.Apply(at, body.From, body.Counter, body.App, body.Function, body.Args)
	e.st.applied++
	e.st.sinceHandshake++
	e.st.extendHash(id, res)
	e.st.recordApplied(id, body, before, res, pos, tx, ct, epoch)
	if len(e.st.audit.Auditors) != 0 {
		e.auditCommand(secret, pos, id, body, res)
	}
	if p := e.st.settle(id); p != nil {
		out, _ := json.Marshal(wire.Outcome{ID: id, OK: res.OK, Error: res.Reason, Block: pos.Block, Epoch: epoch, TxHash: tx, Ciphertext: ct})
		sealed, err := wire.SealOutcome(p.replyKey, id, out)
		if err != nil {
			e.log.Warn("cannot seal outcome", "err", err)
			return
		}
		e.st.deliver(Outcome{ID: id, Sealed: sealed})
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
