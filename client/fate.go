package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/hpke"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire"
)

// A command the node answered with an id is applied or rejected exactly
// once, and the enclaves remember which (enclave/fate.go). What a client
// can lose is its node, before or after the answer: then it cannot tell
// what happened, and says so (ErrOutcomeUnknown) with the command's id and
// counter, so that the user can ask any node for the command's fate (Fate)
// instead of sending a second command and paying twice. Command itself
// recovers when the node comes back without the outcome (it restarted):
// it asks for the fate, and sends the very same request again if the
// command is not ordered yet (idempotent: one id, one execution).

// ErrOutcomeUnknown: the command was sent and perhaps accepted, but the
// node was lost before its outcome came. The command may be applied,
// rejected, or still waiting; Fate asks any node which.
var ErrOutcomeUnknown = errors.New("submitted, outcome unknown")

// OutcomeUnknownError is that error with what the user needs to follow
// the command up. errors.Is(err, ErrOutcomeUnknown) holds for it.
type OutcomeUnknownError struct {
	ID      common.Hash
	From    common.Address
	Counter uint64
	// Accepted: the node had answered with the id before it was lost;
	// otherwise the request went out and no answer came back.
	Accepted bool
	Err      error
}

func (e *OutcomeUnknownError) Error() string {
	if e.Counter == 0 { // Wait alone does not know them
		return fmt.Sprintf("%s: command %s: %v", ErrOutcomeUnknown, e.ID.Hex(), e.Err)
	}
	return fmt.Sprintf("%s: command %s (counter %d of %s): %v", ErrOutcomeUnknown, e.ID.Hex(), e.Counter, e.From.Hex(), e.Err)
}
func (e *OutcomeUnknownError) Unwrap() error        { return e.Err }
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// neverApplied is the reason of a command that is not on the ledger and
// never will be: its counter is used by another command.
const neverApplied = "never applied, and never will be: counter %d of this account is used by another command"

// sentCommand is a command in flight, as the client keeps it to follow it
// up: the sealed request (to send again to the same enclave), the reply
// key, the id and the counter.
type sentCommand struct {
	sealed  []byte
	reply   hpke.PrivateKey
	id      common.Hash
	from    common.Address
	counter uint64
	// stream, when the request was sent with ?wait, is the rest of the
	// node's answer: the command's status once done (Command reads it).
	stream *answerStream
}

func (s *sentCommand) unknown(accepted bool, err error) *OutcomeUnknownError {
	return &OutcomeUnknownError{ID: s.id, From: s.from, Counter: s.counter, Accepted: accepted, Err: err}
}

// submit sends key's command with the key's next counter (counter.go).
// On a transport failure after the request may have reached the node it
// returns an *OutcomeUnknownError; a refusal with the enclave's sealed
// reason is a *Rejected (with the command, for its id); any other refusal
// the node's own error, and the command was not taken. A stale-counter
// refusal the enclave certifies as final is followed by one more try
// with a fresh counter (a new request, a new id).
//
// With waitOutcome the node is asked to stream the command's outcome on
// the same answer after its acceptance (s.stream): the key's turn passes
// on at the acceptance, as without it.
func (c *Client) submit(ctx context.Context, key *ecdsa.PrivateKey, app, fn string, args any, waitOutcome bool) (*sentCommand, error) {
	from := crypto.PubkeyToAddress(key.PublicKey)
	kc, release, err := c.counters.acquire(ctx, from)
	if err != nil {
		return nil, err
	}
	defer release()
	if kc.next == 0 || kc.resync {
		last, err := c.Counter(ctx, key)
		if err != nil {
			return nil, err
		}
		kc.synced(last)
	}
	for try := 0; ; try++ {
		sealed, reply, id, err := c.prepare(key, wire.KindCommand, app, fn, args, kc.next)
		if err != nil {
			return nil, err
		}
		s := &sentCommand{sealed: sealed, reply: reply, id: id, from: from, counter: kc.next}
		err = c.send(ctx, s, false, waitOutcome)
		var rej *Rejected
		switch {
		case err == nil || !refused(err):
			// Taken, or perhaps: the counter is used up either way (a
			// gap, if it was not, is harmless).
			kc.next++
			return s, err
		case !errors.As(err, &rej) || !rej.stale:
			// Refused at submission: the counter is still free.
			return s, err
		case try > 0:
			kc.resync = true
			return s, err
		}
		// The counter is used up. The enclave's fate of this request says
		// where the account is and whether the request can still run:
		// only if it never can is it safe to send the command again.
		f, ferr := c.Fate(ctx, key, s.id)
		if ferr != nil || !f.Never(s.counter) {
			kc.resync = true
			return s, err
		}
		kc.synced(f.Account)
	}
}

// send posts s's sealed request (again, when resending); with
// waitOutcome it asks the node to stream the outcome after the
// acceptance (s.stream).
func (c *Client) send(ctx context.Context, s *sentCommand, accepted, waitOutcome bool) error {
	var res wire.SubmitResponse
	var err error
	if waitOutcome {
		s.stream, err = c.postStream(ctx, "/v1/requests?wait="+c.longPoll(ctx), wire.SubmitRequest{Sealed: s.sealed}, &res)
	} else {
		err = c.post(ctx, "/v1/requests", wire.SubmitRequest{Sealed: s.sealed}, &res)
	}
	if err != nil {
		if reason, ok := refusal(err, s.reply, s.id, false); ok {
			return &Rejected{Reason: reason, stale: staleRefusal(err)}
		}
		if notSent(err) {
			if accepted {
				return s.unknown(true, err)
			}
			return err
		}
		var e *Error
		if !errors.As(err, &e) {
			// The request went out; the answer did not come back.
			return s.unknown(accepted, err)
		}
		return err
	}
	if res.ID != s.id {
		if s.stream != nil {
			s.stream.body.Close()
			s.stream = nil
		}
		return fmt.Errorf("client: node accepted request %s, sent %s", res.ID.Hex(), s.id.Hex())
	}
	return nil
}

// streamed reads the outcome the node streams after s's acceptance. It
// returns nil without error when the stream ends without one (the wait
// passed, the connection broke, or the node does not know the command):
// the caller then waits for it by id.
func (c *Client) streamed(ctx context.Context, s *sentCommand) (*wire.Outcome, error) {
	st := s.stream
	s.stream = nil
	var cs wire.CommandStatus
	if err := st.next(&cs); err != nil || cs.ID != s.id || cs.Status != wire.StatusDone {
		return nil, nil
	}
	return c.openOutcome(ctx, s.id, s.reply, cs.Outcome)
}

// refused reports whether send's error says the request was not taken:
// the enclave or the node refused it, or it never left.
func refused(err error) bool {
	var rej *Rejected
	var e *Error
	return errors.As(err, &rej) || errors.As(err, &e) || notSent(err)
}

// notSent reports whether err means the request never left: the
// connection to the node could not be made.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// command is Command: submit, then wait; a lost node makes the outcome
// unknown, a node that restarted and forgot the command is asked for its
// fate.
//
// A command rejected when applied for its counter alone (wire.Outcome's
// Stale: another command of the key, sent through another Client or
// node, used the counter first, and the node that took this one had not
// applied that yet) never ran and never can: it is sent once more with a
// fresh counter, as a refusal at submission is (submit).
func (c *Client) command(ctx context.Context, key *ecdsa.PrivateKey, app, fn string, args any) (*wire.Outcome, error) {
	for try := 0; ; try++ {
		s, err := c.submit(ctx, key, app, fn, args, true)
		if s == nil {
			return nil, err
		}
		var rej *Rejected
		if errors.As(err, &rej) {
			return &wire.Outcome{ID: s.id, Error: rej.Reason}, err
		}
		if err != nil {
			return nil, err
		}
		var out *wire.Outcome
		if s.stream != nil {
			out, err = c.streamed(ctx, s)
		}
		if out == nil && err == nil {
			out, err = c.wait(ctx, s.id, s.reply, func(ctx context.Context) (*wire.Outcome, error) { return c.recover(ctx, key, s) })
		}
		var lost *OutcomeUnknownError
		if errors.As(err, &lost) {
			lost.From, lost.Counter = s.from, s.counter
		}
		if err != nil {
			return out, err
		}
		if out.Stale && try == 0 {
			if err := c.counters.resync(ctx, s.from); err != nil {
				return out, err
			}
			continue
		}
		if !out.OK {
			return out, &Rejected{Reason: out.Error}
		}
		return out, nil
	}
}

// recover follows up a command its node no longer knows (the node was
// restarted since it took it): the enclave's fate of it, or, if it is not
// ordered yet and still can be, the same request sent again. It returns
// the outcome, or nil to keep waiting.
func (c *Client) recover(ctx context.Context, key *ecdsa.PrivateKey, s *sentCommand) (*wire.Outcome, error) {
	f, err := c.Fate(ctx, key, s.id)
	if err != nil {
		var rej *Rejected
		if errors.As(err, &rej) || errors.Is(err, ErrNotOnLedger) {
			return nil, err
		}
		return nil, s.unknown(true, err)
	}
	switch {
	case f.Status == wire.FateApplied || f.Status == wire.FateRejected:
		return f.Outcome(), nil
	case f.Status == wire.FateQueued:
		return nil, nil
	case f.Never(s.counter):
		return &wire.Outcome{ID: s.id, Error: fmt.Sprintf(neverApplied, s.counter)}, nil
	case s.counter <= f.Account:
		// Its counter is used, and the enclave has forgotten by which
		// command: this one may have run long ago.
		return nil, s.unknown(true, fmt.Errorf("the node no longer remembers the command (counter %d, account at %d)", s.counter, f.Account))
	}
	// Not ordered, and it can still be: the same request again.
	if err := c.send(ctx, s, true, false); err != nil {
		var rej *Rejected
		if errors.As(err, &rej) {
			return &wire.Outcome{ID: s.id, Error: rej.Reason}, nil
		}
		return nil, err
	}
	return nil, nil
}

// Fate asks the node's enclave what became of key's command id: a query
// signed by key and answered sealed to this client, so the node's host
// learns nothing (not even whether the id exists). With a pinned ledger,
// an ordered command's transaction, block and ciphertext are checked
// there, as Wait checks an outcome (ErrNotOnLedger). Any member answers
// for any command; a member that joined after the command, or forgot it,
// says unknown, and Fate.Never tells whether it can still be applied.
func (c *Client) Fate(ctx context.Context, key *ecdsa.PrivateKey, id common.Hash) (*wire.Fate, error) {
	raw, err := c.Query(ctx, key, wire.SystemApp, wire.FateQuery, wire.FateArgs{ID: id})
	if err != nil {
		return nil, err
	}
	var f wire.Fate
	if err := json.Unmarshal(raw, &f); err != nil || f.ID != id {
		return nil, fmt.Errorf("client: malformed fate of %s: %s", id.Hex(), raw)
	}
	if f.Ordered && c.inclusion != nil {
		if err := c.checkInclusion(ctx, f.Outcome()); err != nil {
			return nil, err
		}
	}
	return &f, nil
}

// lostGrace is how long Wait keeps polling a node it cannot reach before
// it gives the outcome up as unknown: long enough for a hiccup, short
// enough that a user whose node died hears so promptly.
const lostGrace = 2 * time.Second
