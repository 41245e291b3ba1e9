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

func (e *Enclave) submit(sealed []byte) (*SubmitResult, error) {
	signed, err := wire.OpenRequest(e.request, e.cfg.ChainID, e.cfg.Contract, sealed)
	if err != nil {
		// The detail of a request that does not open (an inner length)
		// is the client's business, and there is no reply key to seal it
		// to: the class alone.
		return nil, hostClass(err)
	}
	body, err := wire.DecodeRequestBody(signed.Body)
	if err != nil {
		return nil, hostClass(err)
	}
	id := wire.RequestID(signed.Body)
	// From here the body names a reply key: whoever sealed this request
	// learns why it was refused, and nobody else does.
	refuse := func(class error, reason string) error {
		return e.refusal(body, id, class, reason)
	}
	if _, err := signed.Verify(e.cfg.ChainID, e.cfg.Contract); err != nil {
		return nil, refuse(hostClass(err), err.Error())
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case e.st.stale != "":
		return nil, fmt.Errorf("%w: %s", ErrNotReady, e.st.stale)
	case e.st.removed || e.st.expelled[e.Identity()]:
		return nil, fmt.Errorf("%w: this enclave was removed from the group; a new enclave must register to rejoin", ErrNotReady)
	case e.st.group == nil || e.st.joining != nil:
		return nil, fmt.Errorf("%w: this enclave has not joined the network yet", ErrNotReady)
	}
	if body.Kind == wire.KindQuery {
		ans, err := e.st.query(body)
		if err != nil {
			return nil, hostClass(err)
		}
		sealedAns, err := wire.SealAnswer(body.ReplyKey, id, ans)
		if err != nil {
			return nil, refuse(wire.ErrMalformed, fmt.Sprintf("reply key: %v", err))
		}
		return &SubmitResult{ID: id, Kind: body.Kind, Answer: sealedAns}, nil
	}
	// The same request again (a client that lost its node, or a host
	// replaying it) gets what the first copy got: no second copy is
	// queued, and a decided command answers with its outcome (fate.go).
	if res, ok := e.resent(id, body); ok {
		return res, nil
	}
	if err := e.st.engine.Lookup(body.App, body.Function, false); err != nil {
		return nil, refuse(ErrUnknownFunction, err.Error())
	}
	if last := e.st.engine.Counter(body.From); body.Counter <= last {
		// The same words as the runtime's rejection when a stale counter
		// reaches the ledger, so the client reads one reason for one fault.
		// This very request, ordered before, was answered above with its
		// outcome; the reason claims a request never ran only when the
		// fate book can tell (fate.go), not for one it has forgotten.
		return nil, refuse(ErrStaleCounter, e.st.staleReason(body, last))
	}
	payload := signed.Marshal()
	if n := ciphertextLen(1 + len(payload)); n > chainmsg.MaxCiphertextBytes {
		// wire.MaxRequestBody keeps every request that opens under this
		// bound; the check stays so that the queue never takes a message
		// the contract would refuse, whatever the limits become.
		return nil, refuse(wire.ErrTooLarge, fmt.Sprintf("too large for the ledger: its ciphertext would be %d bytes, the contract takes at most %d", n, chainmsg.MaxCiphertextBytes))
	}
	if err := e.st.enqueue(id, msgRequest, payload, body); err != nil {
		return nil, err
	}
	return &SubmitResult{ID: id, Kind: body.Kind}, nil
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
