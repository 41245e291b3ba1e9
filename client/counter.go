package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/ethereum/go-ethereum/common"
)

// counters numbers each key's commands, as the package documentation
// ("Counters") describes: per key the next counter, and a turn that one
// submission of the key holds at a time, so that the node takes the
// key's commands in counter order.
type counters struct {
	mu   sync.Mutex
	keys map[common.Address]*keyCounter
}

// keyCounter is one key's numbering. next and resync belong to whoever
// holds turn.
type keyCounter struct {
	turn chan struct{} // one submission of the key at a time
	// next is the counter for the key's next command; 0 until the
	// enclave was asked.
	next uint64
	// resync: ask the enclave again before the next command (a stale
	// refusal left the numbering behind).
	resync bool
}

// acquire waits for key from's turn to submit, or for ctx to end.
func (cs *counters) acquire(ctx context.Context, from common.Address) (*keyCounter, func(), error) {
	cs.mu.Lock()
	if cs.keys == nil {
		cs.keys = map[common.Address]*keyCounter{}
	}
	kc := cs.keys[from]
	if kc == nil {
		kc = &keyCounter{turn: make(chan struct{}, 1)}
		cs.keys[from] = kc
	}
	cs.mu.Unlock()
	select {
	case kc.turn <- struct{}{}:
		return kc, func() { <-kc.turn }, nil
	case <-ctx.Done():
		return nil, nil, fmt.Errorf("client: waiting to submit after %s's command before it: %w", from.Hex(), ctx.Err())
	}
}

// resync makes key from's next command ask the enclave for its counter
// first.
func (cs *counters) resync(ctx context.Context, from common.Address) error {
	kc, release, err := cs.acquire(ctx, from)
	if err != nil {
		return err
	}
	kc.resync = true
	release()
	return nil
}

// synced records the enclave's last applied counter for the key: the
// numbering moves forward to follow it, never back (counters the Client
// handed out may still be queued, not applied yet).
func (kc *keyCounter) synced(last uint64) {
	kc.next = max(kc.next, last+1)
	kc.resync = false
}

// staleRefusal reports whether err is the node's stale-counter class
// (HTTP 409) with a reason the enclave sealed to this client.
func staleRefusal(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusConflict && len(e.Refusal) > 0
}
