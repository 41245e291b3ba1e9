package node

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// A client waits for its command's outcome with one request: GET
// /v1/commands/{id}?wait=D answers as soon as the command is done (or
// unknown), and with "pending" only once D has passed. The store of
// outcomes wakes the requests waiting for an id when its outcome arrives
// or is evicted (outcomeStore.notify); nothing polls.
const (
	// maxCommandWait caps ?wait: a longer wait is served as this one, so
	// that a request outlives no proxy's or client's idle timeout.
	maxCommandWait = 30 * time.Second
	// maxLongPolls bounds the requests waiting at once. Beyond it a
	// request is answered at once, as without ?wait: a flood of
	// long-polls costs the node no more than a flood of polls.
	maxLongPolls = 4096
)

// parseWait reads ?wait: absent means no wait; otherwise a Go duration
// ("10s", "500ms", "0"), at most maxCommandWait (longer is clamped).
func parseWait(r *http.Request) (time.Duration, error) {
	vs, ok := r.URL.Query()["wait"]
	if !ok {
		return 0, nil
	}
	if len(vs) != 1 {
		return 0, fmt.Errorf("wait is given %d times; give it once, as a duration such as 10s or 500ms", len(vs))
	}
	d, err := time.ParseDuration(vs[0])
	if err != nil || d < 0 {
		return 0, fmt.Errorf("wait=%q is not a duration such as 10s or 500ms (at most %s; longer waits are cut to it)", vs[0], maxCommandWait)
	}
	return min(d, maxCommandWait), nil
}

// awaitCommand is commandStatus, waiting up to wait for a pending command
// to become done or unknown. It answers pending when wait passes, when
// the client goes away, or when the server shuts down.
func (n *Node) awaitCommand(ctx context.Context, id common.Hash, wait time.Duration) ([]byte, string) {
	if wait <= 0 {
		return n.commandStatus(id)
	}
	s := n.outcomes // set once at Start; its channels need no lock
	s.shutdownHook.Do(func() { n.srv.RegisterOnShutdown(s.close) })
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		// Watch before looking, so that an outcome stored in between
		// wakes this request rather than slip past it.
		n.mu.Lock()
		if s.watching >= maxLongPolls {
			n.mu.Unlock()
			return n.commandStatus(id)
		}
		changed, unwatch := s.watch(id)
		n.mu.Unlock()
		sealed, status := n.commandStatus(id)
		woken := false
		if status == wire.StatusPending {
			select {
			case <-changed:
				woken = true
			case <-deadline.C:
			case <-ctx.Done():
			case <-s.closed:
			}
		}
		n.mu.Lock()
		unwatch()
		n.mu.Unlock()
		switch {
		case status != wire.StatusPending:
			return sealed, status
		case !woken:
			// One last look: a command can leave its enclave without an
			// outcome and without waking anyone (an outbox that
			// overflowed); it is unknown at the latest by now.
			return n.commandStatus(id)
		}
	}
}
