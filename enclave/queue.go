package enclave

import (
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// The queue of commands waiting to be ordered by the ledger, and the
// batches that carry them there.

// maxPending bounds the commands an enclave queues before the ledger
// catches up, so a flood of requests cannot exhaust enclave memory.
const maxPending = 4096

// maxOutbox bounds the sealed outcomes waiting for the host to take them
// (TakeOutcomes). An honest host drains the outbox after every ledger
// read, so it holds a few at a time; one that never does cannot make it
// grow without end. Each outcome answers one command this enclave queued,
// so maxPending of them cover a full queue's worth; beyond that the oldest
// go, which costs the host nothing it could not do itself (drop them).
const maxOutbox = maxPending

// errAlreadyQueued: the same request submitted twice (a client retrying,
// or a host replaying it); the first copy stays queued.
var errAlreadyQueued = fmt.Errorf("%w: this request is already queued", ErrRequest)

type pending struct {
	id       common.Hash
	msg      []byte // inner message: type ‖ payload
	replyKey []byte
	from     common.Address // a command's sender and counter (fate.go)
	counter  uint64
	inFlight bool
	batch    uint64
	done     bool // seen on the ledger
}

func (s *state) enqueue(id common.Hash, kind byte, payload []byte, body *wire.RequestBody) error {
	if _, dup := s.pendingByID[id]; dup {
		return errAlreadyQueued
	}
	if len(s.pendingByID) >= maxPending {
		return fmt.Errorf("%w: %d messages wait for the ledger; retry later", ErrQueueFull, len(s.pendingByID))
	}
	p := &pending{id: id, msg: append([]byte{kind}, payload...)}
	if body != nil {
		p.replyKey, p.from, p.counter = body.ReplyKey, body.From, body.Counter
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

// nextBatch packs queued messages, oldest first, into one batch the
// contract accepts: at most max (and MaxCiphertexts) ciphertexts and
// MaxBatchBytes bytes of them. A message that would not fit the next batch
// waits for the one after, so messages keep their order; one whose
// ciphertext could never fit any batch is taken out of the queue and
// answered with an outcome (unpostable), or a post would revert, be
// retried, and block every message behind it for good.
func (e *Enclave) nextBatch(seq uint64, max int) (*chainmsg.CommandBatch, error) {
	if !e.joinedMember() || e.st.expelled[e.Identity()] || e.st.stale != "" || !e.checkpointed() {
		return nil, nil
	}
	secret, err := e.st.group.Secret(e.st.epoch)
	if err != nil {
		return nil, err
	}
	max = min(max, chainmsg.MaxCiphertexts)
	b := &chainmsg.CommandBatch{Epoch: e.st.epoch, Seq: seq}
	e.st.compact()
	size := 0
	for _, p := range e.st.pending {
		if len(b.Ciphertexts) >= max {
			break
		}
		if p.inFlight || p.done {
			continue
		}
		n := ciphertextLen(len(p.msg))
		if n > chainmsg.MaxCiphertextBytes || n > chainmsg.MaxBatchBytes {
			e.unpostable(p, n)
			continue
		}
		if size+n > chainmsg.MaxBatchBytes {
			break
		}
		ct, err := sealCiphertext(secret, e.st.epoch, e.cfg.ChainID, e.cfg.Contract, p.msg)
		if err != nil {
			return nil, err
		}
		p.inFlight, p.batch = true, seq
		b.Ciphertexts = append(b.Ciphertexts, ct)
		size += len(ct)
	}
	if len(b.Ciphertexts) == 0 {
		return nil, nil
	}
	d := b.Digest(e.chainID(), e.cfg.Contract)
	if b.Sig, err = chainmsg.Sign(d, e.identity); err != nil {
		return nil, err
	}
	if seq+1 > e.st.signedSeq {
		e.st.signedSeq = seq + 1
	}
	return b, nil
}

// unpostable ends a queued message whose ledger ciphertext (n bytes) no
// batch can carry. Such a message is never signed into a batch, so it can
// never be ordered: the client is told so, sealed, with an outcome that is
// final. Only a message queued before Submit checked sizes (a sealed blob
// from an older build) can get here.
func (e *Enclave) unpostable(p *pending, n int) {
	e.st.settle(p.id)
	reason := fmt.Sprintf("too large for the ledger: its ciphertext would be %d bytes, the contract takes at most %d", n, chainmsg.MaxCiphertextBytes)
	e.log.Warn("dropping a command that cannot be posted", "ciphertext_bytes", n)
	e.st.fates.record(&fate{id: p.id, from: p.from, counter: p.counter, reason: reason}, e.st.engine.Counter(p.from))
	if sealed, ok := e.sealRefusal(p.replyKey, p.id, reason); ok {
		e.st.deliver(Outcome{ID: p.id, Sealed: sealed})
	}
}

// sealRefusal seals the outcome of a command that will never be ordered
// (see wire.SealRefusal). It reports false when the client's reply key is
// unusable: the reason then reaches nobody, which only that client's own
// malformed key can cause.
func (e *Enclave) sealRefusal(replyKey []byte, id common.Hash, reason string) ([]byte, bool) {
	out, err := json.Marshal(wire.Outcome{ID: id, OK: false, Error: reason})
	if err != nil {
		return nil, false
	}
	sealed, err := wire.SealRefusal(replyKey, id, out)
	return sealed, err == nil
}

// deliver puts a sealed outcome in the outbox for the host, dropping the
// oldest beyond maxOutbox.
func (s *state) deliver(o Outcome) {
	if len(s.outbox) >= maxOutbox {
		drop := len(s.outbox) - maxOutbox + 1
		clear(s.outbox[:drop])
		s.outbox = s.outbox[drop:]
	}
	s.outbox = append(s.outbox, o)
}

// batchFailed un-marks the messages of batch seq as in flight.
func (s *state) batchFailed(seq uint64) {
	for _, p := range s.pending {
		if p.inFlight && p.batch == seq {
			p.inFlight = false
		}
	}
}
