package node

import (
	"context"
	"time"

	"github.com/anonify-go/anonify/ledger"
)

// Catching up. A node far behind the ledger (a long restart, a new member
// replaying from the deployment) reads it one window at a time
// (ledger.EventWindow blocks per Events call): it applies, seals and reports
// progress after each, so its memory stays bounded and its operator sees the
// rate and what is left instead of a silent node.

// catchUpLog is how often progress is logged while catching up.
const catchUpLog = 2 * time.Second

type catchUp struct {
	active  bool
	start   time.Time
	from    uint64 // first block of this catch-up
	lastLog time.Time
}

// eventWindow is the window of n's ledger: its own when it says
// (memledger, in tests), ledger.EventWindow otherwise.
func (n *Node) eventWindow() uint64 {
	if w, ok := n.led.(interface{ EventWindow() uint64 }); ok {
		return w.EventWindow()
	}
	return ledger.EventWindow
}

// trackCatchUp is called after each read of blocks [from, next). A full
// window means more may wait: it asks for the head, logs progress at most
// every catchUpLog, and wakes the loop at once instead of at the next tick.
// A short read ends a catch-up, with a summary.
func (n *Node) trackCatchUp(ctx context.Context, from, next uint64) {
	c := &n.catching
	if next-from < n.eventWindow() {
		if c.active {
			d := time.Since(c.start)
			n.log.Info("caught up with the ledger", "block", next-1, "blocks", next-c.from, "took", d.Round(time.Millisecond),
				"blocks_per_s", int(float64(next-c.from)/max(d.Seconds(), 1e-3)))
			*c = catchUp{}
		}
		return
	}
	head, err := n.led.Head(ctx)
	if err != nil || head < next {
		return
	}
	now := time.Now()
	switch {
	case !c.active:
		*c = catchUp{active: true, start: now, from: from, lastLog: now}
		n.log.Info("catching up with the ledger", "block", next-1, "head", head, "blocks_left", head-next+1)
	case now.Sub(c.lastLog) >= catchUpLog:
		c.lastLog = now
		n.log.Info("catching up with the ledger", "block", next-1, "head", head, "blocks_left", head-next+1,
			"blocks_per_s", int(float64(next-c.from)/now.Sub(c.start).Seconds()))
	}
	n.poke()
}
