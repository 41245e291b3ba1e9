package node

import (
	"fmt"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestOutcomeStoreBounded: clients that submit and never fetch cannot grow
// the store past its bound; eviction takes outcomes already delivered
// first, so a client that has not fetched yet keeps its outcome as long as
// possible.
func TestOutcomeStoreBounded(t *testing.T) {
	id := func(i int) common.Hash { return common.Hash{byte(i >> 8), byte(i)} }
	tests := []struct {
		name    string
		ops     func(s *outcomeStore)
		present []int
		absent  []int
	}{
		{"undelivered, oldest evicted first", func(s *outcomeStore) {
			for i := range 6 {
				s.put(id(i), []byte{byte(i)})
			}
		}, []int{2, 3, 4, 5}, []int{0, 1}},
		{"delivered evicted before undelivered", func(s *outcomeStore) {
			for i := range 4 {
				s.put(id(i), []byte{byte(i)})
			}
			s.get(id(2))
			s.get(id(1))
			s.put(id(4), nil) // evicts 2, delivered first
			s.put(id(5), nil) // evicts 1
			s.put(id(6), nil) // none delivered left: evicts 0, the oldest
		}, []int{3, 4, 5, 6}, []int{0, 1, 2}},
		{"a second outcome for an id replaces the first", func(s *outcomeStore) {
			for range 10 {
				s.put(id(7), []byte{7})
			}
			s.put(id(8), nil)
		}, []int{7, 8}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newOutcomeStore(4)
			tt.ops(s)
			if s.len() > 4 || s.len() != s.delivered.Len()+s.waiting.Len() {
				t.Fatalf("store holds %d (%d delivered, %d waiting), bound 4", s.len(), s.delivered.Len(), s.waiting.Len())
			}
			for _, i := range tt.present {
				if _, ok := s.get(id(i)); !ok {
					t.Errorf("outcome %d was evicted", i)
				}
			}
			for _, i := range tt.absent {
				if _, ok := s.get(id(i)); ok {
					t.Errorf("outcome %d was kept", i)
				}
			}
		})
	}
}

// TestOutcomeStoreWatch: a long-poll's channel closes when its id's
// outcome arrives or is evicted, and not for another id; watchers leave
// nothing behind.
func TestOutcomeStoreWatch(t *testing.T) {
	id := func(i int) common.Hash { return common.Hash{byte(i)} }
	closed := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}
	tests := []struct {
		name   string
		stored []int // before the long-polls begin
		ops    func(s *outcomeStore)
		woken  bool
	}{
		{"its outcome arrives", nil, func(s *outcomeStore) { s.put(id(1), nil) }, true},
		{"another outcome arrives", nil, func(s *outcomeStore) { s.put(id(2), nil) }, false},
		{"its outcome is evicted", []int{1, 2}, func(s *outcomeStore) { s.put(id(3), nil) }, true},
		{"another outcome is evicted", []int{2, 3}, func(s *outcomeStore) { s.put(id(4), nil) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newOutcomeStore(2)
			for _, i := range tt.stored {
				s.put(id(i), nil)
			}
			a, unwatchA := s.watch(id(1))
			b, unwatchB := s.watch(id(1)) // two long-polls for one id
			if s.watching != 2 {
				t.Fatalf("watching %d, want 2", s.watching)
			}
			tt.ops(s)
			if closed(a) != tt.woken || closed(b) != tt.woken {
				t.Fatalf("woken %v %v, want %v", closed(a), closed(b), tt.woken)
			}
			unwatchA()
			unwatchB()
			if s.watching != 0 || len(s.watchers) != 0 {
				t.Fatalf("left %d watching, %d watchers", s.watching, len(s.watchers))
			}
			// A later watch of the id starts afresh.
			c, unwatch := s.watch(id(1))
			defer unwatch()
			if closed(c) {
				t.Fatal("a new watch is woken already")
			}
		})
	}
}

func BenchmarkOutcomeStore(b *testing.B) {
	s := newOutcomeStore(maxOutcomes)
	for i := 0; b.Loop(); i++ {
		h := common.BytesToHash([]byte(fmt.Sprint(i)))
		s.put(h, nil)
		s.get(h)
	}
}
