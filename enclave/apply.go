package enclave

import (
	"bytes"
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
	// See ahead.go: a plan covers events[:planned] at most, and ends at
	// a handshake or a founding.
	planned := 0
	defer func() {
		e.ahead.close()
		e.ahead = nil
		e.sealOutcomes()
	}()
	parallel := e.aheadWorkers() > 1
	for i, ev := range events {
		if e.st.started && !e.st.position.Less(ev.Position) {
			continue
		}
		if ev.Handshake != nil || ev.Founded != nil {
			e.ahead.close()
			e.ahead = nil
		}
		if parallel && ev.Commands != nil && i >= planned && e.st.group != nil {
			e.ahead.close()
			e.ahead, planned = e.planAhead(events, i)
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
		return e.onFounded(ev.Position, ev.Founded)
	case ev.Custodians != nil:
		e.onCustodians(ev.Custodians)
	case ev.Checkpoint != nil:
		e.onCheckpoint(ev.Checkpoint)
	case ev.Chunk != nil:
		e.onCheckpointChunk(ev.Chunk)
	case ev.Expelled != nil:
		e.onExpelled(ev.Expelled)
	case ev.Auditor != nil || ev.Audit != nil:
		e.recoveryBuffer(ev)
		// A joiner waiting for its state takes these after it, in order:
		// the checkpoint it loads holds the audit state as of its
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
		e.recoveryBuffer(ev)
		if j := e.st.joining; j != nil {
			j.buffer = append(j.buffer, ev)
			return nil
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
	if !e.holdsState() {
		return
	}
	secret, err := e.secret(c.Epoch)
	if err != nil {
		e.log.Warn("no secret for batch epoch", "epoch", c.Epoch, "err", err)
		return
	}
	b := e.ahead.take(c, secret)
	for i, ct := range c.Ciphertexts {
		var o opened
		if b != nil {
			o = e.ahead.item(b, i)
			e.aheadUsed++
		} else {
			o = openOne(e.reqHasher(), secret, c.Epoch, e.cfg.ChainID, e.cfg.Contract, ct)
		}
		if o.err != nil {
			e.log.Warn("skipping ciphertext", "block", pos.Block, "index", i, "err", o.err)
			continue
		}
		switch o.msg[0] {
		case msgRequest:
			e.applyRequest(secret, pos, tx, o.ct, c.Epoch, o.req)
		default:
			e.log.Warn("unknown message type", "type", o.msg[0])
		}
	}
}

func (e *Enclave) openMessage(secret []byte, epoch uint64, ct []byte) ([]byte, error) {
	return openMessage(secret, epoch, e.cfg.ChainID, e.cfg.Contract, ct)
}

func openMessage(secret []byte, epoch, chainID uint64, contract common.Address, ct []byte) ([]byte, error) {
	msg, err := openCiphertext(secret, epoch, chainID, contract, ct)
	if err != nil {
		return nil, err
	}
	if len(msg) == 0 {
		return nil, fmt.Errorf("%w: empty message", errCiphertext)
	}
	return msg, nil
}

// applyRequest executes one ordered command, checked by checkRequest
// (ahead.go). The user's signature is checked again there: a member
// enclave cannot forge a user's command.
//
// The outcome names the block, the transaction and the hash of the ledger
// ciphertext ct that carried the command. The enclave cannot tell a batch
// its host posted from one its host only pretends to have posted, so it
// states where it was told the command was ordered, and the client checks
// that on its own view of the chain.
func (e *Enclave) applyRequest(secret []byte, pos chainmsg.Position, tx, ct common.Hash, epoch uint64, r checkedRequest) {
	if r.warn != "" {
		e.log.Warn(r.warn, "err", hostClass(r.err)) // the host reads logs: class only
		return
	}
	body, id := r.body, r.id
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
		// Sealed and delivered when apply returns (sealOutcomes).
		out, _ := json.Marshal(wire.Outcome{ID: id, OK: res.OK, Error: res.Reason, Stale: res.Stale, Block: pos.Block, Epoch: epoch, TxHash: tx, Ciphertext: ct})
		e.toSeal = append(e.toSeal, outcomeToSeal{id: id, replyKey: p.replyKey, out: out})
	}
}

// extendHash chains every applied command into the state hash: equal
// hashes on two enclaves mean they applied the same commands with the same
// results and writes.
func (s *state) extendHash(id common.Hash, r runtime.Result) {
	// One HMAC, keyed once: the key changes only when a founder draws it
	// or a joiner receives it.
	if s.hashMAC == nil || !bytes.Equal(s.hashMACKey, s.hashKey) {
		s.hashMAC, s.hashMACKey = hmac.New(sha256.New, s.hashKey), bytes.Clone(s.hashKey)
	}
	m := s.hashMAC
	m.Reset()
	m.Write(s.stateHash[:])
	m.Write(id[:])
	if r.OK {
		m.Write([]byte{1})
	} else {
		m.Write([]byte{0})
	}
	m.Write(r.Writes[:])
	m.Write([]byte(r.Reason))
	m.Sum(s.stateHash[:0])
}
