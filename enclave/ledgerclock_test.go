package enclave

import (
	"encoding/json"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// clockApp records the ledger position its commands run at and reports
// the one its queries see.
func clockApp() *runtime.App {
	app := runtime.NewApp("clock")
	stamp := runtime.NewMap(app, "stamp", runtime.Address, runtime.U256)
	runtime.Command(app, "stamp", func(ctx *runtime.Ctx, _ struct{}) error {
		return stamp.Set(ctx, ctx.Sender, uint256.NewInt(ctx.At.Block<<16|ctx.At.Index))
	})
	runtime.Query(app, "stamped", func(ctx *runtime.Ctx, _ struct{}) (*uint256.Int, error) {
		v, _, err := stamp.Get(ctx, ctx.Sender)
		return v, err
	})
	runtime.Query(app, "now", func(ctx *runtime.Ctx, _ struct{}) (runtime.Position, error) { return ctx.At, nil })
	return app
}

// TestAppsSeeTheLedgerPosition: every member runs a command at the
// position of the batch that ordered it (the same everywhere, whatever
// the hosts' clocks say), and a query at the last event its enclave
// applied. The apps' description (the Apps ecall) comes from their
// declarations.
func TestAppsSeeTheLedgerPosition(t *testing.T) {
	n := setupNetwork(t, 2)
	clock := clockApp()
	for _, e := range n.encs {
		e.cfg.Apps = append(e.cfg.Apps, clock)
		eng, err := runtime.NewEngine(e.st.engine.Store(), e.cfg.Apps...)
		if err != nil {
			t.Fatal(err)
		}
		e.st.engine, e.st.apps = eng, e.cfg.Apps
	}
	u := newUser(t)
	call := func(e *Enclave, kind, fn string) []byte {
		t.Helper()
		rk, err := wire.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		body := &wire.RequestBody{Version: wire.RequestVersion, Kind: kind, ChainID: testChain, Contract: testContract, From: u.addr(),
			App: "clock", Function: fn, ReplyKey: rk.PublicKey().Bytes()}
		if kind == wire.KindCommand {
			u.counter++
			body.Counter = u.counter
		}
		signed, err := wire.SignRequest(body, func(d []byte) ([]byte, error) { return crypto.Sign(d, u.key) })
		if err != nil {
			t.Fatal(err)
		}
		sealed, err := wire.SealRequest(e.Info().RequestKey, testChain, testContract, signed)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.Submit(sealed)
		if err != nil {
			t.Fatalf("%s %s: %v", kind, fn, err)
		}
		if kind == wire.KindCommand {
			return nil
		}
		pt, err := wire.OpenAnswer(rk, wire.RequestID(signed.Body), res.Answer)
		if err != nil {
			t.Fatal(err)
		}
		var ans wire.Answer
		if err := json.Unmarshal(pt, &ans); err != nil || !ans.OK {
			t.Fatalf("%s: %s %v", fn, pt, err)
		}
		return ans.Result
	}

	// The batch lands at a position of the test's choosing: block and log
	// index are the ledger's, not anything the enclave computes.
	call(n.encs[1], wire.KindCommand, "stamp")
	batch, err := n.encs[1].NextBatch(n.seq[n.encs[1].Identity()], 64)
	if err != nil || batch == nil {
		t.Fatalf("batch: %v", err)
	}
	n.seq[n.encs[1].Identity()]++
	at := chainmsg.Position{Block: n.block + 5, Index: 3}
	ev := chainmsg.Event{Position: at, Commands: &chainmsg.CommandsEvent{Enclave: n.encs[1].Identity(), Epoch: batch.Epoch, Seq: batch.Seq, Ciphertexts: batch.Ciphertexts}}
	for _, e := range n.encs {
		if err := e.Apply([]chainmsg.Event{ev}); err != nil {
			t.Fatal(err)
		}
	}
	want := `"` + uint256.NewInt(at.Block<<16|at.Index).Dec() + `"`
	for i, e := range n.encs {
		if got := string(call(e, wire.KindQuery, "stamped")); got != want {
			t.Fatalf("enclave %d ran the command at %s, want the batch's block %d index %d (%s)", i, got, at.Block, at.Index, want)
		}
		if got := string(call(e, wire.KindQuery, "now")); got != `{"block":`+uint256.NewInt(at.Block).Dec()+`,"index":3}` {
			t.Fatalf("enclave %d: a query sees %s, want the last applied event", i, got)
		}
	}

	var described bool
	for _, a := range n.encs[0].Apps() {
		if f, ok := a.Function("now"); a.Name == "clock" && ok && f.Signature() == "now() {block uint64, index uint64}" {
			described = true
		}
	}
	if !described {
		t.Fatalf("Apps() = %+v, want clock.now described", n.encs[0].Apps())
	}
}
