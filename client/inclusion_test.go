package client

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// stubLedger answers Head and Inclusion from fixed data, as a client's own
// endpoint would; the other ledger.Ledger methods are not called.
type stubLedger struct {
	ledger.Ledger
	head   atomic.Uint64
	tx     common.Hash
	block  uint64 // the block that includes tx
	events []chainmsg.Event
	// catchUp, when set, is the head the endpoint reaches after its first
	// answer: an endpoint lagging behind the node's.
	catchUp uint64
	asked   atomic.Int32
}

func (s *stubLedger) Head(context.Context) (uint64, error) { return s.head.Load(), nil }

func (s *stubLedger) Inclusion(_ context.Context, tx common.Hash) ([]chainmsg.Event, error) {
	if s.asked.Add(1) > 1 && s.catchUp != 0 {
		s.head.Store(s.catchUp)
	}
	if tx != s.tx || s.head.Load() < s.block {
		return nil, ledger.ErrNoTransaction
	}
	return s.events, nil
}

// TestCheckInclusion plays the lies a host can tell about where its
// enclave's outcome was ordered, against a client whose ledger shows the
// truth, and checks that each is refused with ErrNotOnLedger and a message
// that says what the ledger shows.
func TestCheckInclusion(t *testing.T) {
	ct := []byte("ledger ciphertext of the command")
	tx := common.HexToHash("0x7a")
	commands := func(block, epoch uint64, cts ...[]byte) chainmsg.Event {
		return chainmsg.Event{Position: chainmsg.Position{Block: block, Index: 1}, TxHash: tx,
			Commands: &chainmsg.CommandsEvent{Epoch: epoch, Ciphertexts: cts}}
	}
	truth := []chainmsg.Event{commands(12, 3, []byte("another command"), ct)}
	honest := wire.Outcome{ID: common.HexToHash("0x1d"), OK: true, Block: 12, Epoch: 3, TxHash: tx, Ciphertext: crypto.Keccak256Hash(ct)}
	edit := func(f func(o *wire.Outcome)) wire.Outcome { o := honest; f(&o); return o }

	tests := []struct {
		name    string
		out     wire.Outcome
		events  []chainmsg.Event
		head    uint64
		catchUp uint64
		want    string // "" for accepted
	}{
		{name: "honest", out: honest, events: truth, head: 20},
		{name: "client's endpoint lags, then shows the block", out: honest, events: truth, head: 10, catchUp: 12},
		{name: "no transaction named", out: edit(func(o *wire.Outcome) { o.TxHash = common.Hash{} }), events: truth, head: 20,
			want: "the outcome names no transaction"},
		{name: "made-up transaction", out: edit(func(o *wire.Outcome) { o.TxHash = common.HexToHash("0xbad") }), events: truth, head: 20,
			want: "no such transaction; the ledger is at block 20"},
		{name: "transaction in another block", out: edit(func(o *wire.Outcome) { o.Block = 13 }), events: truth, head: 20,
			want: "the transaction is in block 12"},
		{name: "another ciphertext", out: edit(func(o *wire.Outcome) { o.Ciphertext = crypto.Keccak256Hash([]byte("forged")) }), events: truth, head: 20,
			want: "carries no command ciphertext"},
		{name: "batch of another epoch", out: edit(func(o *wire.Outcome) { o.Epoch = 4 }), events: truth, head: 20,
			want: "carries no command ciphertext"},
		{name: "transaction emitted no Commands event", out: honest, head: 20, want: "carries no command ciphertext",
			events: []chainmsg.Event{{Position: chainmsg.Position{Block: 12}, TxHash: tx, Founded: &chainmsg.FoundedEvent{}}}},
		{name: "transaction reverted", out: honest, head: 20, events: []chainmsg.Event{}, want: "carries no command ciphertext"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &stubLedger{tx: tx, block: 12, events: tt.events, catchUp: tt.catchUp}
			s.head.Store(tt.head)
			c := &Client{ledger: s, inclusion: s, poll: time.Millisecond}
			err := c.checkInclusion(context.Background(), &tt.out)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("checkInclusion = %v, want accepted", err)
				}
				return
			}
			if !errors.Is(err, ErrNotOnLedger) || !strings.Contains(err.Error(), tt.want) ||
				!strings.Contains(err.Error(), "which the ledger does not show") {
				t.Fatalf("checkInclusion = %v, want ErrNotOnLedger saying %q", err, tt.want)
			}
		})
	}
}

// TestJudgeUnpinned checks what an unpinned client accepts: evidence that
// proves nothing (simulated, or debug on real hardware) only with
// AllowInsecure; with a pinned policy, the policy alone decides.
func TestJudgeUnpinned(t *testing.T) {
	sgx := &attest.Claims{Kind: attest.KindSGX}
	debug := &attest.Claims{Kind: attest.KindSGX, Debug: true}
	measurement := bytes.Repeat([]byte{0x42}, 48)
	sim := &attest.Claims{Kind: attest.KindSim, Insecure: true, Registers: map[string][]byte{"MEASUREMENT": measurement},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	dev := attest.DevPolicy(measurement)
	tests := []struct {
		name   string
		j      judge
		claims *attest.Claims
		want   string // "" for accepted
	}{
		{"genuine, unpinned", judge{}, sgx, ""},
		{"debug, unpinned", judge{}, debug, "debug mode"},
		{"simulated, unpinned", judge{}, sim, "sim-insecure kind is a simulation"},
		{"simulated, unpinned, allowed", judge{allowInsecure: true}, sim, ""},
		{"debug, unpinned, allowed", judge{allowInsecure: true}, debug, ""},
		{"simulated, pinned policy admits it", judge{policies: []*attest.Policy{dev}}, sim, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.j.check(tt.claims, time.Now())
			if tt.want == "" {
				if err != nil {
					t.Fatalf("check = %v, want accepted", err)
				}
				return
			}
			var ie *InsecureError
			if !errors.Is(err, ErrInsecure) || !errors.As(err, &ie) || !strings.Contains(ie.Reason, tt.want) ||
				!strings.Contains(err.Error(), "Options.AllowInsecure") {
				t.Fatalf("check = %v, want ErrInsecure because %q, naming the option", err, tt.want)
			}
		})
	}
}
