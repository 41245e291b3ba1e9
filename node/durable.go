package node

import (
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// No accepted command is lost. The node answers a command with its id
// (202) only once the enclave's state, holding the command in its queue,
// is sealed to disk: a node killed at any moment after that restarts from
// a blob that either still queues the command (it posts it) or is older
// than its batch on the ledger (it applies it from there). Either way the
// enclave decides the command exactly once, and remembers how (its fate,
// enclave/fate.go), which any member tells the sender.
//
// Sealing the whole state for every command would make the disk the
// bottleneck under load, so accepted commands share seals (group commit):
// a command waits for the first seal that starts after the enclave took
// it; every command accepted while a seal runs is covered by the next one.
type durability struct {
	mu      sync.Mutex
	cond    *sync.Cond
	started uint64 // seals begun
	done    uint64 // the number of the last seal finished
	running bool
	err     error // of the last seal finished
}

// durable returns once a seal that started after the call has been
// written, and that seal's error.
func (n *Node) durable() error {
	d := &n.dur
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cond == nil {
		d.cond = sync.NewCond(&d.mu)
	}
	want := d.started + 1 // a seal already running may predate the command
	for d.done < want {
		if d.running {
			d.cond.Wait()
			continue
		}
		d.running = true
		d.started++
		this := d.started
		d.mu.Unlock()
		err := n.persist()
		d.mu.Lock()
		d.running, d.done, d.err = false, this, err
		d.cond.Broadcast()
	}
	return d.err
}

// commandAccepted runs between the enclave taking a command and the node
// answering its client: it seals the state, takes any outcome the enclave
// already has (a re-sent command that was decided before), and wakes the
// loop to post the batch. A seal that fails is logged, and the client is
// still answered 202: the command is in the enclave's queue and will be
// posted; only a crash before the next seal could lose it, and then the
// client, finding its command unknown, sends it again (idempotent).
func (n *Node) commandAccepted(id common.Hash) {
	n.mu.Lock()
	n.cmdTimes.accepted(id, time.Now())
	n.mu.Unlock()
	if err := n.durable(); err != nil {
		n.log.Error("sealing state for an accepted command", "err", err)
	}
	n.collectOutcomes()
	n.poke()
}

// commandStatus is what the node can say about command id: done with the
// sealed outcome, pending while its enclave still owes it one, or unknown
// (the node was restarted since, or never took the command): the client
// then asks for the command's fate, or sends it again.
func (n *Node) commandStatus(id common.Hash) ([]byte, string) {
	if sealed, ok := n.outcome(id); ok {
		return sealed, wire.StatusDone
	}
	// Ask the enclave first, then look again: an outcome that leaves the
	// enclave in between is in the store by then.
	awaiting := n.enc.Awaiting(id)
	n.collectOutcomes()
	if sealed, ok := n.outcome(id); ok {
		return sealed, wire.StatusDone
	}
	if awaiting {
		return nil, wire.StatusPending
	}
	return nil, wire.StatusUnknown
}

func (n *Node) outcome(id common.Hash) ([]byte, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.outcomes.get(id)
}
