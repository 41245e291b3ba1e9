package enclave

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// The journal: what makes an accepted command durable without sealing the
// whole state for it. Sealing everything before answering each group of
// commands cost a loaded node about 40% of its CPU (JSON and base64 of the
// store and a 1.7 MB fate book, then an fsync: an `anonify bench` profile),
// while the only thing an accepted command adds to the state is its entry
// in the queue. So the host appends that entry, sealed by the enclave, to
// a journal (and syncs it) before answering, and drops the journal once a
// later full seal covers it. After a crash the host restores the last full
// seal and hands back the journal; the enclave re-queues each command it
// does not already know.
//
// Entry: "ANJRNL1" ‖ salt [32] ‖ AES-256-GCM(HKDF(sealing key, salt), nonce 0,
// ad = magic ‖ identity, u16 len(id) ‖ id ‖ request). Only this enclave
// (same code, same platform, same identity) makes or opens one. A host can
// drop entries (a command is then lost as by a crash before the answer:
// its client finds it unknown and sends it again, idempotently), or replay
// old ones (the enclave skips what is queued, decided or applied: ids,
// fates and counters).
var journalMagic = []byte("ANJRNL1")

// errJournal: a journal entry this enclave cannot open.
var errJournal = errors.New("enclave: journal entry does not open")

func (e *Enclave) journalEntry(id common.Hash) ([]byte, error) {
	e.mu.Lock()
	p, ok := e.st.pendingByID[id]
	var msg []byte
	if ok {
		msg = p.msg
	}
	e.mu.Unlock()
	if !ok || len(msg) == 0 || msg[0] != msgRequest {
		// Decided already, or no command: nothing to make durable.
		return nil, nil
	}
	pt := append(append(make([]byte, 0, 32+len(msg)), id[:]...), msg[1:]...)
	return e.sealToSelf(journalMagic, pt)
}

// replayJournal re-queues the journaled commands the state does not
// already hold, decide or have applied; it returns how many it queued.
func (e *Enclave) replayJournal(entries [][]byte) (int, error) {
	me := e.Identity()
	e.mu.Lock()
	defer e.mu.Unlock()
	queued := 0
	for i, b := range entries {
		pt, err := openFromSelf(e.cfg.Platform, journalMagic, me, b)
		if errors.Is(err, errNotSealed) || err == nil && len(pt) < 32 {
			return queued, fmt.Errorf("%w: entry %d: another enclave's, tampered or truncated", errJournal, i)
		}
		if err != nil {
			return queued, err
		}
		id := common.Hash(pt[:32])
		signed, err := wire.ParseSignedRequest(pt[32:])
		if err != nil {
			return queued, fmt.Errorf("%w: entry %d: %v", errJournal, i, err)
		}
		body, err := signed.Verify(e.cfg.ChainID, e.cfg.Contract)
		if err != nil {
			return queued, fmt.Errorf("%w: entry %d: %v", errJournal, i, err)
		}
		if _, ok := e.st.pendingByID[id]; ok {
			continue
		}
		if _, ok := e.st.fates.byID[id]; ok {
			continue
		}
		if body.Counter <= e.st.engine.Counter(body.From) {
			continue // applied (its fate may have left the book)
		}
		if err := e.st.enqueue(id, msgRequest, pt[32:], body); err != nil {
			return queued, err
		}
		queued++
	}
	return queued, nil
}
