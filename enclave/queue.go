package enclave

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// The queue of messages (commands, state transfers) waiting to be ordered
// by the ledger, and the batches that carry them there.

// maxPending bounds the commands an enclave queues before the ledger
// catches up, so a flood of requests cannot exhaust enclave memory.
const maxPending = 4096

type pending struct {
	id       common.Hash
	msg      []byte // inner message: type ‖ payload
	replyKey []byte
	inFlight bool
	batch    uint64
	done     bool // seen on the ledger
}

func (s *state) enqueue(id common.Hash, kind byte, payload []byte, body *wire.RequestBody) error {
	if _, dup := s.pendingByID[id]; dup {
		return fmt.Errorf("%w: request %s is already queued", ErrRequest, id.Hex())
	}
	if len(s.pendingByID) >= maxPending {
		return fmt.Errorf("%w: %d commands wait for the ledger; retry later", ErrQueueFull, len(s.pendingByID))
	}
	p := &pending{id: id, msg: append([]byte{kind}, payload...)}
	if body != nil {
		p.replyKey = body.ReplyKey
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

func (e *Enclave) nextBatch(seq uint64, max int) (*chainmsg.CommandBatch, error) {
	if e.st.group == nil || e.st.expelled[e.Identity()] || e.st.stale != "" {
		return nil, nil
	}
	secret, err := e.st.group.Secret(e.st.epoch)
	if err != nil {
		return nil, err
	}
	b := &chainmsg.CommandBatch{Epoch: e.st.epoch, Seq: seq}
	e.st.compact()
	for _, p := range e.st.pending {
		if len(b.Ciphertexts) == max {
			break
		}
		if p.inFlight {
			continue
		}
		ct, err := sealCiphertext(secret, e.st.epoch, e.cfg.ChainID, e.cfg.Contract, p.msg)
		if err != nil {
			return nil, err
		}
		p.inFlight, p.batch = true, seq
		b.Ciphertexts = append(b.Ciphertexts, ct)
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

// batchFailed un-marks the messages of batch seq as in flight.
func (s *state) batchFailed(seq uint64) {
	for _, p := range s.pending {
		if p.inFlight && p.batch == seq {
			p.inFlight = false
		}
	}
}
