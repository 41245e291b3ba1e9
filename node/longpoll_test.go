package node_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// commandStatus asks url for command id's status with the given query
// ("" or "?wait=..."), and says how long the answer took.
func commandStatus(t *testing.T, url string, id common.Hash, query string) (int, wire.CommandStatus, wire.Error, time.Duration) {
	t.Helper()
	start := time.Now()
	resp, err := http.Get(url + "/v1/commands/" + id.Hex() + query)
	if err != nil {
		t.Error(err)
		return 0, wire.CommandStatus{}, wire.Error{}, 0
	}
	defer resp.Body.Close()
	var st wire.CommandStatus
	var e wire.Error
	if resp.StatusCode == http.StatusOK {
		json.NewDecoder(resp.Body).Decode(&st)
	} else {
		json.NewDecoder(resp.Body).Decode(&e)
	}
	return resp.StatusCode, st, e, time.Since(start)
}

// TestCommandLongPoll: GET /v1/commands/{id}?wait=D answers as soon as
// the command is done or unknown, and "pending" only once D has passed;
// the server's shutdown ends a long-poll at once.
func TestCommandLongPoll(t *testing.T) {
	net := newMemNet(t, 1)
	ctx := net.ctx
	url := net.nodes[0].n.URL()
	alice, _ := userKey(t)
	// A command that stays queued while posting fails.
	unstage := net.stage(0, noPosting)
	id, reply, err := net.client(0).Submit(ctx, alice, erc20abi.Name, "init", initArgs(1))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name         string
		id           common.Hash
		query        string
		during       func() // runs while the request waits
		status       string
		atLeast, max time.Duration
	}{
		{"no wait: pending at once", id, "", nil, wire.StatusPending, 0, time.Second},
		{"pending at the deadline", id, "?wait=300ms", nil, wire.StatusPending, 300 * time.Millisecond, 5 * time.Second},
		{"unknown at once", common.Hash{1}, "?wait=20s", nil, wire.StatusUnknown, 0, time.Second},
		{"done as soon as the outcome comes", id, "?wait=20s", func() {
			time.Sleep(200 * time.Millisecond)
			unstage()
		}, wire.StatusDone, 200 * time.Millisecond, 5 * time.Second},
		{"done at once", id, "?wait=20s", nil, wire.StatusDone, 0, time.Second},
		{"a wait over the cap is cut to it", id, "?wait=1h", nil, wire.StatusDone, 0, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.during != nil {
				go tt.during()
			}
			code, st, e, took := commandStatus(t, url, tt.id, tt.query)
			if code != http.StatusOK || st.Status != tt.status || st.ID != tt.id {
				t.Fatalf("HTTP %d %+v %q, want %s", code, st, e.Error, tt.status)
			}
			if took < tt.atLeast || took > tt.max {
				t.Fatalf("answered in %v, want between %v and %v", took, tt.atLeast, tt.max)
			}
		})
	}
	if out, err := net.client(0).Wait(ctx, id, reply); err != nil || !out.OK {
		t.Fatalf("Wait: %+v %v", out, err)
	}

	// A long-poll does not hold up the node's shutdown.
	defer net.stage(0, noPosting)()
	id, _, err = net.client(0).Submit(ctx, alice, erc20abi.Name, "transfer", transferArgs(common.Address{9}, 1))
	if err != nil {
		t.Fatal(err)
	}
	answered := make(chan string)
	go func() {
		_, st, _, _ := commandStatus(t, url, id, "?wait=30s")
		answered <- st.Status
	}()
	time.Sleep(100 * time.Millisecond) // the request is waiting
	start := time.Now()
	net.stop(0)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the node took %v to stop with a long-poll waiting", took)
	}
	if st := <-answered; st != wire.StatusPending {
		t.Errorf("a long-poll cut by the shutdown answered %q, want pending", st)
	}
}

// TestCommandWaitParameter: ?wait takes a Go duration, cut to the cap;
// anything else is refused with 400 and says what is expected.
func TestCommandWaitParameter(t *testing.T) {
	tests := []struct {
		query string
		want  time.Duration
		bad   bool
	}{
		{"", 0, false},
		{"wait=0", 0, false},
		{"wait=500ms", 500 * time.Millisecond, false},
		{"wait=10s", 10 * time.Second, false},
		{"wait=1h", node.MaxCommandWait, false},
		{"wait=30s", node.MaxCommandWait, false},
		{"wait=soon", 0, true},
		{"wait=10", 0, true}, // no unit
		{"wait=-1s", 0, true},
		{"wait=", 0, true},
		{"wait=1s&wait=2s", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, err := node.ParseWait(tt.query)
			if (err != nil) != tt.bad || got != tt.want {
				t.Fatalf("ParseWait(%q) = %v, %v; want %v, bad %v", tt.query, got, err, tt.want, tt.bad)
			}
			if err != nil && !strings.Contains(err.Error(), "such as 10s") {
				t.Fatalf("the refusal %q does not say what is expected", err)
			}
		})
	}
	// And over HTTP: 400 with that message.
	net := newMemNet(t, 1)
	code, _, e, _ := commandStatus(t, net.nodes[0].n.URL(), common.Hash{1}, "?wait=soon")
	if code != http.StatusBadRequest || !strings.Contains(e.Error, `wait="soon" is not a duration`) {
		t.Fatalf("HTTP %d %q, want 400 naming the bad wait", code, e.Error)
	}
}
