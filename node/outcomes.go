package node

import (
	"container/list"
	"sync"

	"github.com/ethereum/go-ethereum/common"
)

// maxOutcomes bounds the sealed outcomes a node keeps for clients to fetch.
// Clients submit without limit over time, and an outcome nobody fetches
// would otherwise stay for the node's life. An outcome is about 1 KiB (the
// smallest size class of a sealed reply, wire.PadMinClass, plus HPKE's 48
// bytes), so the store stays under ~20 MiB. 16384 is four times the
// enclave's queue (4096 commands): a client has at least three full
// queues' worth of later commands' time to fetch its outcome before it can
// be evicted, and clients poll within seconds.
const maxOutcomes = 1 << 14

// outcomeStore holds sealed outcomes by command id, at most max of them.
// Beyond that it evicts the oldest outcome already delivered (served to a
// poller at least once), and only when none is, the oldest undelivered one:
// a client that got its outcome rarely asks again, one that has not may be
// about to.
type outcomeStore struct {
	max       int
	byID      map[common.Hash]*list.Element
	delivered *list.List // of *outcomeEntry, oldest delivery first
	waiting   *list.List // of *outcomeEntry, oldest arrival first

	// watchers are the long-polls waiting for an id (longpoll.go): its
	// channel is closed when an outcome for the id arrives or leaves.
	watchers map[common.Hash]*watch
	watching int // long-polls under way
	// closed is closed when the node's HTTP server shuts down, ending
	// every long-poll; shutdownHook registers that once.
	closed       chan struct{}
	closeOnce    sync.Once
	shutdownHook sync.Once
}

// watch is the long-polls waiting for one id: n of them share ch.
type watch struct {
	ch chan struct{}
	n  int
}

type outcomeEntry struct {
	id        common.Hash
	sealed    []byte
	delivered bool
}

func newOutcomeStore(max int) *outcomeStore {
	return &outcomeStore{max: max, byID: map[common.Hash]*list.Element{}, delivered: list.New(), waiting: list.New(),
		watchers: map[common.Hash]*watch{}, closed: make(chan struct{})}
}

// put stores an outcome; a second outcome for the same id (an enclave
// restored from an older blob may seal one again) replaces the first.
func (s *outcomeStore) put(id common.Hash, sealed []byte) {
	if el, ok := s.byID[id]; ok {
		s.remove(el)
	}
	for len(s.byID) >= s.max {
		oldest := s.delivered.Front()
		if oldest == nil {
			oldest = s.waiting.Front()
		}
		s.remove(oldest)
	}
	s.byID[id] = s.waiting.PushBack(&outcomeEntry{id: id, sealed: sealed})
	s.notify(id)
}

// get returns the outcome for id and marks it delivered.
func (s *outcomeStore) get(id common.Hash) ([]byte, bool) {
	el, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	e := el.Value.(*outcomeEntry)
	if !e.delivered {
		s.waiting.Remove(el)
		e.delivered = true
		s.byID[id] = s.delivered.PushBack(e)
	}
	return e.sealed, true
}

func (s *outcomeStore) remove(el *list.Element) {
	e := el.Value.(*outcomeEntry)
	if e.delivered {
		s.delivered.Remove(el)
	} else {
		s.waiting.Remove(el)
	}
	delete(s.byID, e.id)
	s.notify(e.id) // evicted: a long-poll for it finds it unknown now
}

func (s *outcomeStore) len() int { return len(s.byID) }

// watch registers a long-poll for id and returns the channel closed when
// id's outcome arrives or leaves the store, and the function that
// unregisters it. Callers hold the lock that guards the store, for both.
func (s *outcomeStore) watch(id common.Hash) (<-chan struct{}, func()) {
	w := s.watchers[id]
	if w == nil {
		w = &watch{ch: make(chan struct{})}
		s.watchers[id] = w
	}
	w.n++
	s.watching++
	return w.ch, func() {
		s.watching--
		if w.n--; w.n == 0 && s.watchers[id] == w {
			delete(s.watchers, id)
		}
	}
}

// notify wakes the long-polls waiting for id.
func (s *outcomeStore) notify(id common.Hash) {
	if w := s.watchers[id]; w != nil {
		close(w.ch)
		delete(s.watchers, id)
	}
}

// close ends every long-poll, for good (the server is shutting down).
func (s *outcomeStore) close() { s.closeOnce.Do(func() { close(s.closed) }) }
