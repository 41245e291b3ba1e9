package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// App is a named set of state slots and functions. Build it once at start
// (NewApp, NewValue/NewMap, Command/Query) and hand it to NewEngine; it is
// not modified afterwards.
type App struct {
	name string
	// slots holds what each declared slot needs to render its entries for
	// an auditor (see audit.go); its keys are the declared slot names.
	slots map[string]*slotInfo
	funcs map[string]function
}

type function struct {
	query bool
	call  func(ctx *Ctx, args json.RawMessage) (any, error)
	// args and result are the declared Go types, which Describe reads:
	// the declarations are the description, so no app writes one.
	args, result reflect.Type
}

// NewApp starts the declaration of an app. Names are lower-case ASCII
// letters, digits, '_' and '-' (the same rule as request names).
func NewApp(name string) *App {
	mustName("app", name)
	if name == reservedApp {
		panic("runtime: app name " + reservedApp + " is reserved for the enclave's built-in queries")
	}
	return &App{name: name, slots: map[string]*slotInfo{}, funcs: map[string]function{}}
}

func (a *App) Name() string { return a.name }

func (a *App) declare(slot string, info *slotInfo) {
	mustName("slot", slot)
	if _, dup := a.slots[slot]; dup {
		panic(fmt.Sprintf("runtime: app %s declares slot %s twice", a.name, slot))
	}
	a.slots[slot] = info
}

func (a *App) addFunc(name string, f function) {
	mustName("function", name)
	if _, dup := a.funcs[name]; dup {
		panic(fmt.Sprintf("runtime: app %s declares function %s twice", a.name, name))
	}
	a.funcs[name] = f
}

const reservedApp = wire.SystemApp

// Declaration mistakes are programming errors found at start-up, like a
// duplicate route in net/http, hence panics rather than errors.
func mustName(what, s string) {
	if !wire.ValidName(s) {
		panic(fmt.Sprintf("runtime: invalid %s name %q", what, s))
	}
}

// Command declares a state-changing function taking arguments of type A.
func Command[A any](app *App, name string, fn func(ctx *Ctx, args A) error) {
	app.addFunc(name, function{args: reflect.TypeFor[A](), call: func(ctx *Ctx, raw json.RawMessage) (any, error) {
		var a A
		if err := decodeArgs(raw, &a); err != nil {
			return nil, err
		}
		return nil, fn(ctx, a)
	}})
}

// Query declares a read-only function returning R.
func Query[A, R any](app *App, name string, fn func(ctx *Ctx, args A) (R, error)) {
	app.addFunc(name, function{query: true, args: reflect.TypeFor[A](), result: reflect.TypeFor[R](), call: func(ctx *Ctx, raw json.RawMessage) (any, error) {
		var a A
		if err := decodeArgs(raw, &a); err != nil {
			return nil, err
		}
		return fn(ctx, a)
	}})
}

func decodeArgs(raw json.RawMessage, into any) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = json.RawMessage("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return Rejectf("invalid arguments: %v", err)
	}
	if dec.More() {
		return Rejectf("invalid arguments: trailing data")
	}
	return nil
}

// Ctx is what a function sees: who called, where on the ledger it runs,
// and the state through an overlay (commands) or read-only (queries).
type Ctx struct {
	Sender common.Address
	// At is the function's place in the ledger, the only clock an app
	// has (never the host's): for a command, the position of the batch
	// that ordered it, the same in every enclave; for a query, the
	// position of the last ledger event the enclave applied (see
	// Engine.Query).
	At       Position
	state    interface{ get(string) ([]byte, bool) }
	overlay  *overlay
	readOnly bool
}

var errReadOnly = errors.New("runtime: a query cannot write state")

func (c *Ctx) write(k string, v []byte) error {
	if c.readOnly {
		return errReadOnly
	}
	c.overlay.set(k, v)
	return nil
}

func (c *Ctx) delete(k string) error {
	if c.readOnly {
		return errReadOnly
	}
	c.overlay.del(k)
	return nil
}

// Position is a place in the ledger's order: the block, and the index of
// the event (for a command, its batch's Commands event) in that block's
// log. Commands of one batch share it.
type Position struct {
	Block uint64 `json:"block"`
	Index uint64 `json:"index"`
}

// Rejection is a deterministic business failure (insufficient balance, not
// the owner, ...): every enclave reaches it the same way, the command
// changes nothing, and the reason goes back to the client.
type Rejection struct{ Reason string }

func (r *Rejection) Error() string { return r.Reason }

// Rejectf builds a Rejection.
func Rejectf(format string, args ...any) error {
	return &Rejection{Reason: fmt.Sprintf(format, args...)}
}
