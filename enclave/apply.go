package enclave

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

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
	case ev.Handshake != nil:
		return e.onHandshake(ev.Position, ev.Handshake)
	case ev.Commands != nil:
		e.onOwnBatch(ev.Commands)
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

func (e *Enclave) onCommands(pos chainmsg.Position, c *chainmsg.CommandsEvent) {
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
func (e *Enclave) applyRequest(pos chainmsg.Position, epoch uint64, raw []byte) {
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
