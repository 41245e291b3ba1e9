package enclave

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire"
)

// Requests from clients: a query is answered at once, a command is checked
// and queued for the ledger.

func (e *Enclave) submit(sealed []byte) (*SubmitResult, error) {
	signed, err := wire.OpenRequest(e.request, e.cfg.ChainID, e.cfg.Contract, sealed)
	if err != nil {
		return nil, err
	}
	body, err := signed.Verify(e.cfg.ChainID, e.cfg.Contract)
	if err != nil {
		return nil, err
	}
	id := wire.RequestID(signed.Body)
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
			return nil, err
		}
		sealedAns, err := wire.SealAnswer(body.ReplyKey, id, ans)
		if err != nil {
			return nil, err
		}
		return &SubmitResult{ID: id, Kind: body.Kind, Answer: sealedAns}, nil
	}
	if err := e.st.engine.Lookup(body.App, body.Function, false); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRequest, err)
	}
	if last := e.st.engine.Counter(body.From); body.Counter <= last {
		return nil, fmt.Errorf("%w: counter %d is not above %d, the last applied for %s", ErrStaleCounter, body.Counter, last, body.From.Hex())
	}
	if err := e.st.enqueue(id, msgRequest, signed.Marshal(), body); err != nil {
		return nil, err
	}
	return &SubmitResult{ID: id, Kind: body.Kind}, nil
}

func (s *state) query(body *wire.RequestBody) ([]byte, error) {
	var res []byte
	var err error
	if body.App == wire.SystemApp && body.Function == wire.CounterQuery {
		// Counters belong to the enclave, not to an app: a client asks for
		// its own last applied counter to number its next command.
		res, err = json.Marshal(s.engine.Counter(body.From))
	} else {
		res, err = s.engine.Query(body.From, body.App, body.Function, body.Args)
	}
	ans := wire.Answer{OK: err == nil, Result: res}
	if err != nil {
		var rej *runtime.Rejection
		if !errors.As(err, &rej) && !errors.Is(err, runtime.ErrUnknownFunction) {
			return nil, err
		}
		ans.Error = err.Error()
	}
	return json.Marshal(ans)
}
