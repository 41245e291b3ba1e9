package enclave

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Requests from clients: a query is answered at once, a command is checked
// and queued for the ledger.
//
// Everything submit returns reaches the host, and through it the HTTP
// response and the host's logs. The host sees the sealed request's length
// (one of a few size classes) and must learn nothing more from the
// refusal: so a refusal names its class only, and the precise reason (the
// user's counter, the address a signature recovers to, the function it
// called, the request's real size) goes to the client alone, sealed to
// the reply key inside the request.

// hostClasses are the refusal classes a host may see, most specific first.
var hostClasses = []error{
	wire.ErrTooLarge, wire.ErrSealed, wire.ErrBadSignature, wire.ErrMalformed,
	ErrStaleCounter, ErrUnknownFunction, ErrQueueFull, ErrNotReady, ErrRequest,
}

// hostClass strips err down to its class; an error of no known class
// (none is expected) becomes ErrRequest rather than leak its text.
func hostClass(err error) error {
	for _, c := range hostClasses {
		if errors.Is(err, c) {
			return c
		}
	}
	return ErrRequest
}

// submit does its cryptography (opening the request, recovering the
// signer, sealing the answer or refusal) outside the enclave's lock, so
// that requests of different users proceed in parallel; under the lock
// it only reads and writes the state: readiness, the query itself, the
// fate book, the function, the counter and the queue (admitCommand).
func (e *Enclave) submit(sealed []byte) (*SubmitResult, error) {
	signed, err := wire.OpenRequest(e.request, e.cfg.ChainID, e.cfg.Contract, sealed)
	if err != nil {
		// The detail of a request that does not open (an inner length)
		// is the client's business, and there is no reply key to seal it
		// to: the class alone.
		return nil, hostClass(err)
	}
	body, err := checkedBody(signed.Body)
	if err != nil {
		return nil, hostClass(err)
	}
	h := hasherPool.Get().(*reqHasher)
	defer hasherPool.Put(h)
	id := h.requestID(signed.Body)
	// From here the body names a reply key: whoever sealed this request
	// learns why it was refused, and nobody else does.
	refuse := func(class error, reason string) error {
		return e.refusal(body, id, class, reason)
	}
	// The sender is the signature's (the body does not name it).
	verified, err := h.verifyRequest(signed, body, e.cfg.ChainID, e.cfg.Contract)
	if err != nil {
		return nil, refuse(hostClass(err), err.Error())
	}
	body = verified
	if body.Kind == wire.KindQuery {
		ans, err := e.answer(body)
		if err != nil {
			return nil, err
		}
		sealedAns, err := wire.SealAnswer(body.ReplyKey, id, ans)
		if err != nil {
			return nil, refuse(wire.ErrMalformed, fmt.Sprintf("reply key: %v", err))
		}
		return &SubmitResult{ID: id, Kind: body.Kind, Answer: sealedAns}, nil
	}
	payload := signed.Marshal()
	a := e.admitCommand(id, body, payload, true)
	if a.fate != nil {
		// The same request again, already decided: its outcome, sealed
		// here and delivered like any (fate.go). A reply key it cannot be
		// sealed to gets the checks of a request this enclave does not
		// know.
		if sealed, ok := a.fate.seal(body.ReplyKey); ok {
			e.mu.Lock()
			e.st.deliver(Outcome{ID: id, Sealed: sealed})
			e.mu.Unlock()
			return &SubmitResult{ID: id, Kind: body.Kind}, nil
		}
		a = e.admitCommand(id, body, payload, false)
	}
	switch {
	case a.err != nil:
		return nil, a.err
	case a.class != nil:
		return nil, refuse(a.class, a.reason)
	}
	return &SubmitResult{ID: id, Kind: body.Kind}, nil
}

// ready says why this enclave takes no request, if it does not.
func (e *Enclave) ready() error {
	switch {
	case e.st.stale != "":
		return fmt.Errorf("%w: %s", ErrNotReady, e.st.stale)
	case e.st.removed || e.st.expelled[e.Identity()]:
		return fmt.Errorf("%w: this enclave was removed from the group; a new enclave must register to rejoin", ErrNotReady)
	case e.st.group == nil || e.st.joining != nil:
		return fmt.Errorf("%w: this enclave has not joined the network yet", ErrNotReady)
	}
	return nil
}

// answer runs a query under the lock; the answer is sealed after.
func (e *Enclave) answer(body *wire.RequestBody) ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.ready(); err != nil {
		return nil, err
	}
	ans, err := e.st.query(body)
	if err != nil {
		return nil, hostClass(err)
	}
	return ans, nil
}

// admission is admitCommand's verdict: queued (all zero), an error for
// the host (err), a refusal for the client (class and reason, to seal),
// or the recorded fate of the same request decided before (fate).
type admission struct {
	err    error
	class  error
	reason string
	fate   *fate
}

// admitCommand is the part of Submit that needs the state, under the
// lock: readiness, the same request again, the function, the counter,
// the size on the ledger, and the queue.
func (e *Enclave) admitCommand(id common.Hash, body *wire.RequestBody, payload []byte, resent bool) admission {
	n := ciphertextLen(1 + len(payload))
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.ready(); err != nil {
		return admission{err: err}
	}
	// The same request again (a client that lost its node, or a host
	// replaying it) gets what the first copy got: no second copy is
	// queued, and a decided command answers with its outcome (fate.go).
	if queued, f := e.resent(id, body); queued {
		return admission{}
	} else if f != nil && resent {
		return admission{fate: f}
	}
	if err := e.st.engine.Lookup(body.App, body.Function, false); err != nil {
		return admission{class: ErrUnknownFunction, reason: err.Error()}
	}
	if last := e.st.engine.Counter(body.From); body.Counter <= last {
		// The same words as the runtime's rejection when a stale counter
		// reaches the ledger, so the client reads one reason for one fault.
		// This very request, ordered before, was answered above with its
		// outcome; the reason claims a request never ran only when the
		// fate book can tell (fate.go), not for one it has forgotten.
		return admission{class: ErrStaleCounter, reason: e.st.staleReason(body, last)}
	}
	if n > chainmsg.MaxCiphertextBytes {
		// wire.MaxRequestBody keeps every request that opens under this
		// bound; the check stays so that the queue never takes a message
		// the contract would refuse, whatever the limits become.
		return admission{class: wire.ErrTooLarge, reason: fmt.Sprintf("too large for the ledger: its ciphertext would be %d bytes, the contract takes at most %d", n, chainmsg.MaxCiphertextBytes)}
	}
	if err := e.st.enqueue(id, msgRequest, payload, body); err != nil {
		return admission{err: err}
	}
	return admission{}
}

// refusal builds Submit's error for an opened request: the class for the
// host, the reason sealed for the client (as a refusal outcome for a
// command, an answer for a query).
func (e *Enclave) refusal(body *wire.RequestBody, id common.Hash, class error, reason string) error {
	r := &Refusal{ID: id, Class: class}
	if body.Kind == wire.KindQuery {
		if ans, err := json.Marshal(wire.Answer{OK: false, Error: reason}); err == nil {
			r.Sealed, _ = wire.SealAnswer(body.ReplyKey, id, ans)
		}
		return r
	}
	r.Sealed, _ = e.sealRefusal(body.ReplyKey, id, reason)
	return r
}

// query runs a query and returns its answer, to be sealed to the client.
// Every failure of the query itself (a rejection such as access denied,
// an unknown function, a fault while reading state) goes into the sealed
// answer, never to the host.
func (s *state) query(body *wire.RequestBody) ([]byte, error) {
	var res []byte
	var err error
	if body.App == wire.SystemApp && body.Function == wire.CounterQuery {
		// Counters belong to the enclave, not to an app: a client asks for
		// its own last applied counter to number its next command.
		res, err = json.Marshal(s.engine.Counter(body.From))
	} else if body.App == wire.SystemApp && body.Function == wire.FateQuery {
		res, err = s.fateOf(body)
	} else {
		// A query sees the ledger as of the last event applied (see
		// runtime.Engine.Query).
		at := runtime.Position{Block: s.position.Block, Index: s.position.Index}
		res, err = s.engine.Query(at, body.From, body.App, body.Function, body.Args)
	}
	ans := wire.Answer{OK: err == nil, Result: res}
	if err != nil {
		ans.Error = err.Error()
	}
	return json.Marshal(ans)
}
