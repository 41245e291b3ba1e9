package enclave

import (
	"bytes"
	goruntime "runtime"
	"sync"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Verifying ahead. Applying a command is decrypting its ciphertext,
// checking its request (the user's signature recovered: most of the
// cost), then executing it against the state, strictly in ledger order.
// The first two read no state: they depend on the ciphertext, the epoch
// secret and the network alone. So apply hands them to a pool of workers
// that run ahead of the ordered execution, and the executor (the
// goroutine holding the enclave's lock) takes their results in order, or
// does the work itself when it gets there first.
//
// What the executor does with a result is exactly what it would have
// computed itself: the same skips, the same log lines in the same order
// (it logs, the workers never do), the same outcomes and state hash. The
// one input that depends on state is the epoch secret, and the events
// before a batch in the same Apply call can change which secrets the
// enclave holds (a handshake opens a new epoch and may delete old
// secrets; a joiner's snapshot deletes those before its admission). So:
//
//   - a plan covers the events up to the next handshake or founding, the
//     only events that change the group, and is made again after one;
//   - a batch is planned only if its epoch's secret is held when the plan
//     is made, and the workers use a copy of it (the group clears deleted
//     secrets in place);
//   - the executor uses a batch's results only if the secret it holds for
//     that epoch when it gets there is the one the workers used; anything
//     else (no plan, another secret, no secret) goes the sequential way.
//
// The pool has Enclave.workers workers (GOMAXPROCS by default), the
// executor counting as one; with one there is no plan at all. Workers stay
// at most aheadWindow jobs ahead of the executor, and all of them have
// stopped before apply returns.

const (
	aheadMaxChunk = 16 // ciphertexts per job, at most
	aheadWindow   = 64 // jobs a worker may run ahead of the executor
)

// opened is what onCommands computes for one ciphertext before it touches
// state.
type opened struct {
	msg []byte
	err error       // openMessage's
	ct  common.Hash // the ciphertext's hash (requests only)
	req checkedRequest
}

// checkedRequest is a request of the ledger checked as applyRequest
// checks it: body and id when it may run, else the warning it is dropped
// with.
type checkedRequest struct {
	body *wire.RequestBody
	id   common.Hash
	warn string
	err  error
}

// checkRequest parses and verifies an ordered request (applyRequest).
func checkRequest(h *reqHasher, raw []byte, chainID uint64, contract common.Address) checkedRequest {
	signed, err := wire.ParseSignedRequest(raw)
	if err != nil {
		return checkedRequest{warn: "malformed ordered request", err: err}
	}
	body, err := h.verifyRequest(signed, nil, chainID, contract)
	if err != nil || body.Kind != wire.KindCommand {
		return checkedRequest{warn: "ordered request does not verify", err: err}
	}
	return checkedRequest{body: body, id: h.requestID(signed.Body)}
}

// openOne is onCommands' work on one ciphertext that needs no state.
func openOne(h *reqHasher, secret []byte, epoch, chainID uint64, contract common.Address, ct []byte) opened {
	msg, err := openMessage(secret, epoch, chainID, contract, ct)
	if err != nil {
		return opened{err: err}
	}
	o := opened{msg: msg}
	if msg[0] == msgRequest {
		o.ct = h.sum(nil, ct)
		o.req = checkRequest(h, msg[1:], chainID, contract)
	}
	return o
}

type aheadBatch struct {
	c      *chainmsg.CommandsEvent
	secret []byte // a copy: the one the workers used
	items  []opened
	jobs   []*aheadJob
}

type aheadJob struct {
	b      *aheadBatch
	index  int // in ahead.jobs
	lo, hi int // items[lo:hi]
	taken  atomic.Bool
	done   chan struct{}
}

type ahead struct {
	chainID  uint64
	contract common.Address
	batches  map[*chainmsg.CommandsEvent]*aheadBatch
	jobs     []*aheadJob
	chunk    int        // ciphertexts per job
	h        *reqHasher // the executor's
	seen     int        // the executor's copy of need

	mu   sync.Mutex
	cond sync.Cond
	next int // the next job for a worker
	need int // the job the executor waits for
	stop bool
	wg   sync.WaitGroup
}

// reqHasher is the hasher of the goroutine holding e.mu.
func (e *Enclave) reqHasher() *reqHasher {
	if e.hasher == nil {
		e.hasher = newReqHasher()
	}
	return e.hasher
}

// aheadWorkers is the size of the pool, the executor included.
func (e *Enclave) aheadWorkers() int {
	if e.workers > 0 {
		return e.workers
	}
	return goruntime.GOMAXPROCS(0)
}

// planAhead plans the events from events[from] up to the next handshake
// or founding, and starts the workers. It returns the index where the
// plan ends, and a nil plan when there is nothing worth running ahead.
func (e *Enclave) planAhead(events []chainmsg.Event, from int) (*ahead, int) {
	end := from
	var batches []*aheadBatch
	seen := map[*chainmsg.CommandsEvent]struct{}{}
	total := 0
	for ; end < len(events); end++ {
		ev := &events[end]
		if end > from && (ev.Handshake != nil || ev.Founded != nil) {
			break
		}
		c := ev.Commands
		if c == nil || len(c.Ciphertexts) == 0 || (e.st.started && !e.st.position.Less(ev.Position)) {
			continue
		}
		secret, err := e.st.group.Secret(c.Epoch)
		if err != nil {
			continue
		}
		if _, dup := seen[c]; dup {
			continue // the same batch twice: the second goes the sequential way
		}
		seen[c] = struct{}{}
		batches = append(batches, &aheadBatch{c: c, secret: bytes.Clone(secret), items: make([]opened, len(c.Ciphertexts))})
		total += len(c.Ciphertexts)
	}
	workers := e.aheadWorkers()
	if total < 2 || workers < 2 {
		return nil, end
	}
	// Small plans get small jobs, so that every worker has some.
	chunk := min(aheadMaxChunk, max(1, total/(4*workers)))
	a := &ahead{chainID: e.cfg.ChainID, contract: e.cfg.Contract, batches: make(map[*chainmsg.CommandsEvent]*aheadBatch, len(batches)),
		chunk: chunk, h: newReqHasher()}
	a.cond.L = &a.mu
	for _, b := range batches {
		a.batches[b.c] = b
		for lo := 0; lo < len(b.items); lo += chunk {
			j := &aheadJob{b: b, index: len(a.jobs), lo: lo, hi: min(lo+chunk, len(b.items)), done: make(chan struct{})}
			b.jobs = append(b.jobs, j)
			a.jobs = append(a.jobs, j)
		}
	}
	for range min(workers-1, len(a.jobs)-1) {
		a.wg.Add(1)
		go a.work()
	}
	return a, end
}

func (a *ahead) work() {
	defer a.wg.Done()
	h := newReqHasher()
	for {
		a.mu.Lock()
		for !a.stop && a.next < len(a.jobs) && a.next > a.need+aheadWindow {
			a.cond.Wait()
		}
		j := a.claimLocked()
		a.mu.Unlock()
		if j == nil {
			return
		}
		if j.taken.CompareAndSwap(false, true) {
			a.run(j, h)
		}
	}
}

// claimLocked returns the next job for a worker, if any within the
// window; a.mu is held.
func (a *ahead) claimLocked() *aheadJob {
	if a.stop || a.next >= len(a.jobs) || a.next > a.need+aheadWindow {
		return nil
	}
	j := a.jobs[a.next]
	a.next++
	return j
}

func (a *ahead) run(j *aheadJob, h *reqHasher) {
	b := j.b
	for i := j.lo; i < j.hi; i++ {
		b.items[i] = openOne(h, b.secret, b.c.Epoch, a.chainID, a.contract, b.c.Ciphertexts[i])
	}
	close(j.done)
}

// take hands the executor the planned results for batch c, if the plan
// used secret; each batch once.
func (a *ahead) take(c *chainmsg.CommandsEvent, secret []byte) *aheadBatch {
	if a == nil {
		return nil
	}
	b := a.batches[c]
	if b == nil {
		return nil
	}
	delete(a.batches, c)
	if !bytes.Equal(b.secret, secret) {
		return nil
	}
	return b
}

// item returns the result for ciphertext i of b, and lets go of it (a
// plan may cover a long catch-up). If no worker has taken its job, the
// executor runs it; while a worker is on it, the executor runs the next
// free job rather than wait idle.
func (a *ahead) item(b *aheadBatch, i int) opened {
	j := b.jobs[i/a.chunk]
	for {
		select {
		case <-j.done:
			o := b.items[i]
			b.items[i] = opened{}
			return o
		default:
		}
		if j.index > a.seen {
			a.seen = j.index
			a.mu.Lock()
			a.need = j.index
			a.cond.Broadcast()
			a.mu.Unlock()
		}
		if j.taken.CompareAndSwap(false, true) {
			a.run(j, a.h)
			continue
		}
		a.mu.Lock()
		k := a.claimLocked()
		a.mu.Unlock()
		if k == nil {
			<-j.done
			continue
		}
		if k.taken.CompareAndSwap(false, true) {
			a.run(k, a.h)
		}
	}
}

// close stops the workers and waits for them.
func (a *ahead) close() {
	if a == nil {
		return
	}
	a.mu.Lock()
	a.stop = true
	a.cond.Broadcast()
	a.mu.Unlock()
	a.wg.Wait()
}

// Sealing outcomes after. The receiving enclave seals each of its
// commands' outcomes to the client's reply key, an HPKE seal (two X25519
// operations) that needs no state once the outcome is known. So
// applyRequest only notes what to seal, and apply seals the call's
// outcomes together when it returns, on the pool (each on its own), and
// delivers them in order: the outbox ends as it would have, and a reply
// key nothing can be sealed to is logged, in order, at that point. With
// one worker the same happens on the applying goroutine.
type outcomeToSeal struct {
	id       common.Hash
	replyKey []byte
	out      []byte // wire.Outcome, JSON
	sealed   []byte
	err      error
}

// sealOutcomes seals and delivers the outcomes applyRequest noted.
func (e *Enclave) sealOutcomes() {
	todo := e.toSeal
	if len(todo) == 0 {
		return
	}
	e.toSeal = nil
	seal := func(o *outcomeToSeal) { o.sealed, o.err = wire.SealOutcome(o.replyKey, o.id, o.out) }
	if workers := min(e.aheadWorkers(), len(todo)); workers < 2 {
		for i := range todo {
			seal(&todo[i])
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := next.Add(1) - 1; i < int64(len(todo)); i = next.Add(1) - 1 {
					seal(&todo[i])
				}
			})
		}
		wg.Wait()
	}
	for _, o := range todo {
		if o.err != nil {
			e.log.Warn("cannot seal outcome", "err", o.err)
			continue
		}
		e.st.deliver(Outcome{ID: o.id, Sealed: o.sealed})
	}
}
