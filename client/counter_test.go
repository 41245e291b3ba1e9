package client_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/hpke"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire"
)

// counterNode plays a node whose enclave applies each command as it takes
// it, with the enclave's counter rules: a command whose counter is not
// above the sender's last applied one is refused at submission (HTTP 409,
// the reason sealed to the client); the fate query answers "unknown" for
// any id, with the account's counter and the floor remembered. It records
// every request, so that tests can count round trips.
type counterNode struct {
	key  hpke.PrivateKey
	info wire.EnclaveInfo

	mu       sync.Mutex
	last     map[common.Address]uint64 // last applied counter per sender
	floor    uint64                    // the fate query's remembered_above
	sent     []uint64                  // counters of the commands received, in order
	queries  map[string]int            // system queries by function
	statuses int                       // GET /v1/commands/{id}
	waits    []string                  // their ?wait
	outcomes map[common.Hash][]byte
	// hook, when set, answers a command first: a status and a wire.Error
	// (the counter stays unused), or 0 to go on.
	hook func(body *wire.RequestBody) (int, string)
	// early: answer "pending" this many times before an outcome, at once
	// whatever the ?wait (a node without long-polls).
	early int
	// stream: answer a command submitted with ?wait as a node does, with
	// its acceptance and then its status on the same answer; "cut" ends
	// the answer after the acceptance (a connection that broke); a lying
	// host's "other outcome" streams another command's id and sealed
	// outcome as this one's, "swapped outcome" streams the previous
	// command's sealed outcome under this one's id (both sealed to the
	// key's one reply key), "other id" accepts another id. Empty: a
	// node that ignores ?wait on submissions.
	stream string
	prevID common.Hash // the previous command's id, for "other outcome"
	// stale: this many commands are applied as rejected for their
	// counter alone (another command of the key used it first).
	stale int
}

func (n *counterNode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	switch {
	case r.URL.Path == "/v1/enclave":
		reply(http.StatusOK, n.info)
	case r.URL.Path == "/v1/requests":
		var req wire.SubmitRequest
		json.NewDecoder(r.Body).Decode(&req)
		s, err := wire.OpenRequest(n.key, n.info.ChainID, n.info.Contract, req.Sealed)
		if err != nil {
			reply(http.StatusBadRequest, wire.Error{Error: err.Error()})
			return
		}
		body, err := s.Verify(n.info.ChainID, n.info.Contract) // the sender is the signature's
		if err != nil {
			reply(http.StatusUnauthorized, wire.Error{Error: err.Error()})
			return
		}
		id := wire.RequestID(s.Body)
		if body.Kind == wire.KindQuery {
			n.queries[body.Function]++
			var res any = n.last[body.From]
			if body.Function == wire.FateQuery {
				var args wire.FateArgs
				json.Unmarshal(body.Args, &args)
				res = wire.Fate{ID: args.ID, Status: wire.FateUnknown, Account: n.last[body.From], RememberedAbove: n.floor}
			}
			raw, _ := json.Marshal(res)
			ans, _ := json.Marshal(wire.Answer{OK: true, Result: raw})
			sealed, _ := wire.SealAnswer(body.ReplyKey, id, ans)
			reply(http.StatusOK, wire.SubmitResponse{ID: id, Kind: body.Kind, Answer: sealed})
			return
		}
		n.sent = append(n.sent, body.Counter)
		if n.hook != nil {
			if status, msg := n.hook(body); status != 0 {
				reply(status, wire.Error{Error: msg})
				return
			}
		}
		if last := n.last[body.From]; body.Counter <= last {
			out, _ := json.Marshal(wire.Outcome{ID: id, Error: fmt.Sprintf("bad counter: got %d, last applied is %d", body.Counter, last)})
			sealed, _ := wire.SealRefusal(body.ReplyKey, id, out)
			reply(http.StatusConflict, wire.Error{Error: "enclave: stale counter", Refusal: sealed})
			return
		}
		n.last[body.From] = body.Counter
		o := wire.Outcome{ID: id, OK: true, Block: body.Counter}
		if n.stale > 0 {
			n.stale--
			o = wire.Outcome{ID: id, Error: fmt.Sprintf("bad counter: got %d, last applied is %d", body.Counter, body.Counter), Stale: true, Block: body.Counter}
		}
		out, _ := json.Marshal(o)
		n.outcomes[id], _ = wire.SealOutcome(body.ReplyKey, id, out)
		if n.stream == "" || !r.URL.Query().Has("wait") {
			reply(http.StatusAccepted, wire.SubmitResponse{ID: id, Kind: body.Kind})
			return
		}
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.WriteHeader(http.StatusAccepted)
		accepted, streamed := id, id
		sealedOut := n.outcomes[id]
		switch n.stream {
		case "swapped outcome":
			if n.prevID != (common.Hash{}) {
				sealedOut = n.outcomes[n.prevID]
			}
		case "other id":
			accepted = common.Hash{0xee}
		case "other outcome":
			if n.prevID != (common.Hash{}) {
				streamed = n.prevID
			}
		}
		if streamed != id {
			sealedOut = n.outcomes[streamed]
		}
		n.prevID = id
		json.NewEncoder(w).Encode(wire.SubmitResponse{ID: accepted, Kind: body.Kind})
		if n.stream != "cut" {
			json.NewEncoder(w).Encode(wire.CommandStatus{ID: streamed, Status: wire.StatusDone, Outcome: sealedOut})
		}
	case strings.HasPrefix(r.URL.Path, "/v1/commands/"):
		n.statuses++
		n.waits = append(n.waits, r.URL.Query().Get("wait"))
		id := common.HexToHash(strings.TrimPrefix(r.URL.Path, "/v1/commands/"))
		if n.early > 0 {
			n.early--
			reply(http.StatusOK, wire.CommandStatus{ID: id, Status: wire.StatusPending})
			return
		}
		reply(http.StatusOK, wire.CommandStatus{ID: id, Status: wire.StatusDone, Outcome: n.outcomes[id]})
	default:
		http.NotFound(w, r)
	}
}

// bump moves from's account to counter last, as commands sent elsewhere
// would.
func (n *counterNode) bump(from common.Address, last uint64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.last[from] = last
}

// counts returns the commands' counters so far and the counter and fate
// queries.
func (n *counterNode) counts() (sent []uint64, counter, fate int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.sent), n.queries[wire.CounterQuery], n.queries[wire.FateQuery]
}

func newCounterNode(t *testing.T, opts client.Options) (*counterNode, *client.Client) {
	t.Helper()
	measurement := bytes.Repeat([]byte{0x42}, 48)
	key, _ := wire.GenerateKey()
	b := attest.Binding{Identity: common.Address{1}, RequestKey: key.PublicKey().Bytes(), ChainID: 1337, Contract: common.Address{2}}
	p, err := sim.New(sim.Options{Measurement: measurement})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := p.Evidence(context.Background(), b.ReportData())
	if err != nil {
		t.Fatal(err)
	}
	n := &counterNode{key: key, last: map[common.Address]uint64{}, queries: map[string]int{}, outcomes: map[common.Hash][]byte{},
		info: wire.EnclaveInfo{Identity: b.Identity, RequestKey: b.RequestKey, Evidence: ev, TEEKind: string(p.Kind()), ChainID: b.ChainID, Contract: b.Contract}}
	srv := httptest.NewServer(n)
	t.Cleanup(srv.Close)
	opts.Policy = attest.DevPolicy(measurement)
	c, err := client.Connect(context.Background(), srv.URL, opts)
	if err != nil {
		t.Fatal(err)
	}
	return n, c
}

// TestCounterCache: the SDK numbers a key's commands itself. It asks the
// enclave once, gives concurrent commands distinct consecutive counters
// in the order the node receives them, re-synchronises after a
// stale-counter refusal and sends the command once more only when the
// enclave certifies that the refused request can never run.
func TestCounterCache(t *testing.T) {
	ctx := context.Background()
	burn := func(c *client.Client, k *ecdsa.PrivateKey) (*wire.Outcome, error) {
		return c.Command(ctx, k, "erc20", "burn", map[string]string{"amount": "1"})
	}
	tests := []struct {
		name string
		run  func(t *testing.T, n *counterNode, c *client.Client, k *ecdsa.PrivateKey, from common.Address)
		// the counters the node received, and the counter and fate
		// queries it answered
		sent          []uint64
		counter, fate int
	}{
		{"20 goroutines, one key", func(t *testing.T, n *counterNode, c *client.Client, k *ecdsa.PrivateKey, from common.Address) {
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					if out, err := burn(c, k); err != nil || !out.OK {
						t.Errorf("command: %+v %v", out, err)
					}
				})
			}
			wg.Wait()
		}, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 1, 0},
		{"the account starts where the enclave says", func(t *testing.T, n *counterNode, c *client.Client, k *ecdsa.PrivateKey, from common.Address) {
			n.bump(from, 41)
			for range 3 {
				if _, err := burn(c, k); err != nil {
					t.Fatal(err)
				}
			}
		}, []uint64{42, 43, 44}, 1, 0},
		{"stale: re-sync and one more try", func(t *testing.T, n *counterNode, c *client.Client, k *ecdsa.PrivateKey, from common.Address) {
			if _, err := burn(c, k); err != nil {
				t.Fatal(err)
			}
			n.bump(from, 10) // the key was used through another node
			out, err := burn(c, k)
			if err != nil || !out.OK || out.Block != 11 {
				t.Fatalf("after a stale counter: %+v %v", out, err)
			}
			if _, err := burn(c, k); err != nil {
				t.Fatal(err)
			}
		}, []uint64{1, 2, 11, 12}, 1, 1},
		{"stale, and the enclave cannot tell whether it ran: no second try", func(t *testing.T, n *counterNode, c *client.Client, k *ecdsa.PrivateKey, from common.Address) {
			if _, err := burn(c, k); err != nil {
				t.Fatal(err)
			}
			n.bump(from, 10)
			n.floor = 10 // it forgot the commands up to 10
			var rej *client.Rejected
			if _, err := burn(c, k); !errors.As(err, &rej) || !strings.Contains(rej.Reason, "bad counter: got 2") {
				t.Fatalf("err = %v, want the stale refusal", err)
			}
			// The next command asks for the counter first.
			if out, err := burn(c, k); err != nil || out.Block != 11 {
				t.Fatalf("the next command: %+v %v", out, err)
			}
		}, []uint64{1, 2, 11}, 2, 1},
		{"stale twice: the second refusal is the caller's", func(t *testing.T, n *counterNode, c *client.Client, k *ecdsa.PrivateKey, from common.Address) {
			if _, err := burn(c, k); err != nil {
				t.Fatal(err)
			}
			n.bump(from, 10)
			n.hook = func(body *wire.RequestBody) (int, string) {
				if body.Counter == 11 {
					n.last[from] = 20 // used again, meanwhile
				}
				return 0, ""
			}
			var rej *client.Rejected
			if _, err := burn(c, k); !errors.As(err, &rej) || !strings.Contains(rej.Reason, "bad counter: got 11") {
				t.Fatalf("err = %v, want the second stale refusal", err)
			}
			n.hook = nil
			if out, err := burn(c, k); err != nil || out.Block != 21 {
				t.Fatalf("the next command: %+v %v", out, err)
			}
		}, []uint64{1, 2, 11, 21}, 2, 1},
		{"a host's stale claim without the enclave's sealed reason: no second try", func(t *testing.T, n *counterNode, c *client.Client, k *ecdsa.PrivateKey, from common.Address) {
			n.hook = func(*wire.RequestBody) (int, string) { return http.StatusConflict, "enclave: stale counter" }
			var ce *client.Error
			if _, err := burn(c, k); !errors.As(err, &ce) || ce.Status != http.StatusConflict {
				t.Fatalf("err = %v, want the node's refusal", err)
			}
		}, []uint64{1}, 1, 0},
		{"refused for another reason: the counter stays free", func(t *testing.T, n *counterNode, c *client.Client, k *ecdsa.PrivateKey, from common.Address) {
			n.hook = func(*wire.RequestBody) (int, string) { return http.StatusServiceUnavailable, "enclave: queue full" }
			if _, err := burn(c, k); err == nil {
				t.Fatal("a refused command succeeded")
			}
			n.hook = nil
			if out, err := burn(c, k); err != nil || out.Block != 1 {
				t.Fatalf("the next command: %+v %v", out, err)
			}
		}, []uint64{1, 1}, 1, 0},
		{"separate keys are numbered separately", func(t *testing.T, n *counterNode, c *client.Client, k *ecdsa.PrivateKey, from common.Address) {
			other, _ := crypto.GenerateKey()
			for _, key := range []*ecdsa.PrivateKey{k, other, k, other} {
				if _, err := burn(c, key); err != nil {
					t.Fatal(err)
				}
			}
		}, []uint64{1, 1, 2, 2}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, c := newCounterNode(t, client.Options{})
			k, _ := crypto.GenerateKey()
			tt.run(t, n, c, k, crypto.PubkeyToAddress(k.PublicKey))
			sent, counter, fate := n.counts()
			if !slices.Equal(sent, tt.sent) || counter != tt.counter || fate != tt.fate {
				t.Fatalf("the node received counters %v, %d counter and %d fate queries; want %v, %d and %d", sent, counter, fate, tt.sent, tt.counter, tt.fate)
			}
		})
	}
}

// TestCounterTurnHonoursContext: a command waiting for its key's turn
// (another command of the key being submitted) gives up when its context
// ends, and sends nothing.
func TestCounterTurnHonoursContext(t *testing.T) {
	n, c := newCounterNode(t, client.Options{})
	k, _ := crypto.GenerateKey()
	release := make(chan struct{})
	held := make(chan struct{})
	n.hook = func(body *wire.RequestBody) (int, string) {
		if body.Counter == 1 {
			close(held)
			n.mu.Unlock()
			<-release
			n.mu.Lock()
		}
		return 0, ""
	}
	done := make(chan error)
	go func() {
		_, err := c.Command(context.Background(), k, "erc20", "burn", nil)
		done <- err
	}()
	<-held
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Command(ctx, k, "erc20", "burn", nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if sent, _, _ := n.counts(); !slices.Equal(sent, []uint64{1}) {
		t.Fatalf("the node received counters %v, want [1]", sent)
	}
}

// TestWaitLongPolls: Wait asks the node once per outcome, with a wait for
// the node to hold the request, however long the poll interval; a node
// that answers "pending" at once (no long-polls) is asked again at the
// poll interval, not in a busy loop.
func TestWaitLongPolls(t *testing.T) {
	tests := []struct {
		name     string
		poll     time.Duration
		early    int // pending answers before the outcome
		requests int
		atLeast  time.Duration
	}{
		{"a node that long-polls", time.Hour, 0, 1, 0},
		{"a node that answers at once", 20 * time.Millisecond, 3, 4, 60 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, c := newCounterNode(t, client.Options{PollInterval: tt.poll})
			n.early = tt.early
			k, _ := crypto.GenerateKey()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			id, reply, err := c.Submit(ctx, k, "erc20", "burn", nil)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if out, err := c.Wait(ctx, id, reply); err != nil || !out.OK {
				t.Fatalf("Wait: %+v %v", out, err)
			}
			took := time.Since(start)
			n.mu.Lock()
			defer n.mu.Unlock()
			if n.statuses != tt.requests || took < tt.atLeast {
				t.Fatalf("%d status requests in %v, want %d in at least %v", n.statuses, took, tt.requests, tt.atLeast)
			}
			for _, w := range n.waits {
				if d, err := time.ParseDuration(w); err != nil || d < time.Second || d > 30*time.Second {
					t.Fatalf("?wait=%q, want a duration the node takes (up to 30s), long enough to matter", w)
				}
			}
		})
	}
}

// TestCommandStreamsOutcome: Command costs one request when the node
// streams the outcome on the submission's answer; when that answer ends
// after the acceptance, or streams another command's outcome, the client
// asks for its own by id; an acceptance of another id fails; and a
// command rejected on the ledger for its counter alone (Stale) is sent
// once more with a counter asked of the enclave.
func TestCommandStreamsOutcome(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		stream           string
		stale            int
		wantSent         []uint64
		wantStatuses     int
		wantCounterAsked int
		wantErr          bool
	}{
		{stream: "done", wantSent: []uint64{1, 2}, wantCounterAsked: 1},
		{stream: "cut", wantSent: []uint64{1, 2}, wantStatuses: 2, wantCounterAsked: 1},
		// A lying host: the second command's stream carries the first
		// one's outcome under the first one's id; the client asks for its
		// own by id instead. Or it accepts another id: the command fails.
		{stream: "other outcome", wantSent: []uint64{1, 2}, wantStatuses: 1, wantCounterAsked: 1},
		// The first one's sealed outcome under the second one's id: it
		// does not open for that id, though sealed to the same reply key.
		{stream: "swapped outcome", wantSent: []uint64{1, 2}, wantCounterAsked: 1, wantErr: true},
		{stream: "other id", wantSent: []uint64{1}, wantCounterAsked: 1, wantErr: true},
		{stream: "done", stale: 1, wantSent: []uint64{1, 2, 3}, wantCounterAsked: 2},
		// Stale twice: the second rejection is the answer.
		{stream: "done", stale: 2, wantSent: []uint64{1, 2}, wantCounterAsked: 2, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s, %d stale", tt.stream, tt.stale), func(t *testing.T) {
			n, c := newCounterNode(t, client.Options{PollInterval: time.Millisecond})
			n.stream, n.stale = tt.stream, tt.stale
			k, _ := crypto.GenerateKey()
			var err error
			for i := range 2 {
				var out *wire.Outcome
				if out, err = c.Command(ctx, k, "erc20", "transfer", map[string]string{}); err != nil {
					break
				}
				// The fake node puts the command's counter in its block:
				// the outcome is that of the last request sent.
				if sent, _, _ := n.counts(); out.Block != sent[len(sent)-1] {
					t.Fatalf("command %d got the outcome of block %d, sent counters %v", i+1, out.Block, sent)
				}
			}
			if err != nil {
				t.Logf("Command: %v", err)
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("Command: %v, want error %v", err, tt.wantErr)
			}
			sent, counter, _ := n.counts()
			n.mu.Lock()
			statuses := n.statuses
			n.mu.Unlock()
			if !slices.Equal(sent, tt.wantSent) || statuses != tt.wantStatuses || counter != tt.wantCounterAsked {
				t.Fatalf("counters sent %v, %d status requests, %d counter queries; want %v, %d, %d",
					sent, statuses, counter, tt.wantSent, tt.wantStatuses, tt.wantCounterAsked)
			}
		})
	}
}
