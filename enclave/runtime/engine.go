package runtime

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// Engine runs apps against one store.
type Engine struct {
	apps  map[string]*App
	store *Store
}

// NewEngine binds apps to a store (a fresh one, or one loaded from a
// snapshot).
func NewEngine(store *Store, apps ...*App) (*Engine, error) {
	e := &Engine{apps: map[string]*App{}, store: store}
	for _, a := range apps {
		if _, dup := e.apps[a.name]; dup {
			return nil, fmt.Errorf("runtime: app %s registered twice", a.name)
		}
		e.apps[a.name] = a
	}
	return e, nil
}

func (e *Engine) Store() *Store { return e.store }

// Result is the deterministic outcome of one command.
type Result struct {
	OK     bool
	Reason string // why it was rejected; empty when OK
	// Stale: rejected for its counter alone, which another command of
	// the sender used first. It never ran and never can; the sender may
	// send it again with a fresh counter.
	Stale  bool
	Writes [32]byte // digest of the committed write set (zero when rejected)
	// Written is the committed write set itself, sorted by key (the order
	// Writes digests it in): the app's writes only, never the sender's
	// counter; nil when rejected. Render turns it into what an auditor
	// reads. Its values are the store's own: do not modify them.
	Written []Write
}

var (
	ErrUnknownFunction = errors.New("runtime: unknown function")
	ErrBadCounter      = errors.New("runtime: bad counter")
)

// counterKey lives outside every app's namespace: app names are never
// empty, so no app key starts with NUL.
func counterKey(a common.Address) string { return "\x00sys\x00counter\x00" + string(a[:]) }

// Counter returns the last counter a user's applied command carried.
func (e *Engine) Counter(a common.Address) uint64 {
	b, ok := e.store.get(counterKey(a))
	if !ok || len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// Lookup reports whether app.fn exists and is of the requested kind, so an
// enclave can refuse a request it could never execute before ordering it.
func (e *Engine) Lookup(app, fn string, query bool) error {
	a, ok := e.apps[app]
	if !ok {
		return fmt.Errorf("%w: no app %q", ErrUnknownFunction, app)
	}
	f, ok := a.funcs[fn]
	if !ok {
		return fmt.Errorf("%w: app %s has no function %q", ErrUnknownFunction, app, fn)
	}
	if f.query != query {
		kind := map[bool]string{true: "a query", false: "a command"}
		return fmt.Errorf("%w: %s.%s is %s, not %s", ErrUnknownFunction, app, fn, kind[f.query], kind[query])
	}
	return nil
}

// Apply executes a command in ledger order, at the position of the batch
// that ordered it (the app reads it as ctx.At). The counter must exceed
// the sender's last one; a command that passes that check consumes the
// counter whether or not the app accepts it, so it can never run twice.
func (e *Engine) Apply(at Position, sender common.Address, counter uint64, app, fn string, args json.RawMessage) Result {
	if last := e.Counter(sender); counter <= last {
		return Result{Reason: fmt.Sprintf("bad counter: got %d, last applied is %d", counter, last), Stale: true}
	}
	ctr := &overlay{base: e.store, writes: map[string][]byte{}}
	ctr.set(counterKey(sender), binary.BigEndian.AppendUint64(nil, counter))
	if err := e.Lookup(app, fn, false); err != nil {
		ctr.commit()
		return Result{Reason: err.Error()}
	}
	o := &overlay{base: e.store, writes: map[string][]byte{}}
	ctx := &Ctx{Sender: sender, At: at, state: o, overlay: o}
	_, err := safeCall(e.apps[app].funcs[fn], ctx, args)
	ctr.commit()
	if err != nil {
		return Result{Reason: err.Error()}
	}
	// o holds the app's writes alone (the counter went through ctr), so
	// Written needs no filtering: it is o's write set, in digest order.
	digest, written := o.commitWrites(true)
	return Result{OK: true, Writes: digest, Written: written}
}

// Query runs a read-only function and returns its JSON result. A Rejection
// (e.g. access denied) comes back as the error.
//
// A query is not ordered by the ledger, so it has no position of its own:
// at is the position of the last ledger event the enclave applied, i.e.
// the query sees the state and the ledger as of that event. Every command
// applied later has a later position, so a rule such as "readable from
// block N" holds from the first event at or after N, and from then on no
// command before N can still change what the query reads.
func (e *Engine) Query(at Position, sender common.Address, app, fn string, args json.RawMessage) (json.RawMessage, error) {
	if err := e.Lookup(app, fn, true); err != nil {
		return nil, err
	}
	ctx := &Ctx{Sender: sender, At: at, state: e.store, readOnly: true}
	out, err := safeCall(e.apps[app].funcs[fn], ctx, args)
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

// safeCall turns a panic in app code into a rejection: app code is
// deterministic, so every enclave rejects the same command the same way
// instead of one crashing.
func safeCall(f function, ctx *Ctx, args json.RawMessage) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = Rejectf("app failed: %v", r)
		}
	}()
	return f.call(ctx, args)
}
