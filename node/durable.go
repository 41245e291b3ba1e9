package node

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/wire"
)

// No accepted command is lost. The node answers a command with its id
// (202) only once the command is on disk: its enclave seals the queue
// entry (Enclave.JournalEntry) and the node appends it to the journal and
// syncs. A node killed at any moment after that restarts from its last
// full seal plus the journal (Enclave.ReplayJournal): the command is
// queued again (it posts it), or its batch is on the ledger past the seal
// (it applies it from there). Either way the enclave decides the command
// exactly once, and remembers how (its fate, enclave/fate.go), which any
// member tells the sender.
//
// Sealing the whole state for every group of commands was what this
// replaced: under `anonify bench` it was 40% of the node's CPU. A full
// seal still happens after each ledger read that changed something
// (persist); it starts by moving the journal aside, and drops that part
// once the seal is on disk, since the seal holds every command of it.
//
// Entries share syncs (group commit): a command waits for the first sync
// that starts after its entry was appended.
type durability struct {
	mu      sync.Mutex
	cond    *sync.Cond
	buf     []byte // entries appended since the last sync began
	started uint64 // syncs begun
	done    uint64 // the number of the last sync finished
	running bool
	err     error // of the last sync finished
}

// Journal files in the data directory: the current one, and the one a
// full seal in progress has moved aside (both are replayed after a crash,
// the older first). Each is a sequence of u32 length ‖ entry; a torn last
// entry (a crash mid-write) is ignored.
const (
	journalFile    = "enclave.journal"
	journalOldFile = "enclave.journal.old"
)

// journal makes command id durable: its sealed entry appended to the
// journal and synced, shared with every entry appended meanwhile.
func (n *Node) journal(id common.Hash) error {
	entry, err := n.enc.JournalEntry(id)
	if errors.Is(err, enclave.ErrNoSealingKey) {
		return nil // nothing of this enclave outlives its process (persist says so once)
	}
	if err != nil || entry == nil {
		return err
	}
	d := &n.dur
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cond == nil {
		d.cond = sync.NewCond(&d.mu)
	}
	d.buf = binary.BigEndian.AppendUint32(d.buf, uint32(len(entry)))
	d.buf = append(d.buf, entry...)
	want := d.started + 1 // a sync already running did not take this entry
	for d.done < want {
		if d.running {
			d.cond.Wait()
			continue
		}
		d.running = true
		d.started++
		this, buf := d.started, d.buf
		d.buf = nil
		d.mu.Unlock()
		err := n.appendJournal(buf)
		d.mu.Lock()
		d.running, d.done, d.err = false, this, err
		d.cond.Broadcast()
	}
	return d.err
}

// appendJournal appends entries to the journal file and syncs it.
// journalMu orders it with the full seal's rotation of the journal. The
// file stays open between appends (opening and closing it for each group
// of commands was a third of the journal's cost under `anonify bench`);
// a failed append closes it, and the next opens it again.
func (n *Node) appendJournal(buf []byte) error {
	n.journalMu.Lock()
	defer n.journalMu.Unlock()
	if n.journalFile == nil {
		f, err := os.OpenFile(filepath.Join(n.cfg.DataDir, journalFile), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		n.journalFile = f
	}
	_, err := n.journalFile.Write(buf)
	if err == nil {
		err = n.journalFile.Sync()
	}
	if err != nil {
		n.closeJournal()
	}
	return err
}

// closeJournal closes the journal file if it is open; journalMu held.
func (n *Node) closeJournal() {
	if n.journalFile != nil {
		n.journalFile.Close()
		n.journalFile = nil
	}
}

// appendSync appends data to the file at path (created 0600) and syncs it.
func appendSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rotateJournal moves the journal aside before a full seal; the entries
// appended from now on go to a fresh file. A journal already aside (a
// seal that failed, or a crash) is kept and extended, so no entry is
// dropped before a seal that covers it is on disk.
func (n *Node) rotateJournal() error {
	n.journalMu.Lock()
	defer n.journalMu.Unlock()
	n.closeJournal() // the entries from now on go to a fresh file
	cur := filepath.Join(n.cfg.DataDir, journalFile)
	b, err := os.ReadFile(cur)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := appendSync(filepath.Join(n.cfg.DataDir, journalOldFile), b); err != nil {
		return err
	}
	return os.Remove(cur)
}

// dropOldJournal removes the journal a finished seal covers.
func (n *Node) dropOldJournal() error {
	err := os.Remove(filepath.Join(n.cfg.DataDir, journalOldFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// readJournal returns the entries of the journals, the older first.
func readJournal(dir string) ([][]byte, error) {
	var out [][]byte
	for _, name := range []string{journalOldFile, journalFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for len(b) >= 4 {
			l := int(binary.BigEndian.Uint32(b))
			if l > len(b)-4 {
				break // torn by a crash mid-write
			}
			out = append(out, b[4:4+l])
			b = b[4+l:]
		}
	}
	return out, nil
}

// commandAccepted runs between the enclave taking a command and the node
// answering its client: it journals the command, takes any outcome the enclave
// already has (a re-sent command that was decided before), and wakes the
// loop to post the batch. A seal that fails is logged, and the client is
// still answered 202: the command is in the enclave's queue and will be
// posted; only a crash before the next seal could lose it, and then the
// client, finding its command unknown, sends it again (idempotent).
func (n *Node) commandAccepted(id common.Hash) {
	n.mu.Lock()
	n.cmdTimes.accepted(id, time.Now())
	n.mu.Unlock()
	if err := n.journal(id); err != nil {
		n.log.Error("journaling an accepted command", "err", err)
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
