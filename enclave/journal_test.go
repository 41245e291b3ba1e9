package enclave

import (
	"context"
	"errors"
	"testing"

	"github.com/anonify-go/anonify/wire"
)

// TestJournal: a queued command's journal entry, handed to the enclave
// restored from a seal made before the command, queues it again; entries
// it already holds, decided or applied are skipped; another enclave's or a
// tampered entry is refused.
func TestJournal(t *testing.T) {
	n := setupNetwork(t, 2)
	e := n.encs[0]
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"9"}`)
	blob, err := e.Seal() // before the command below
	if err != nil {
		t.Fatal(err)
	}
	sealed, rk := alice.request(t, e, wire.KindCommand, "burn", `{"amount":"1"}`)
	if _, err := e.Submit(sealed); err != nil {
		t.Fatal(err)
	}
	entry, err := e.JournalEntry(rk.id)
	if err != nil || entry == nil {
		t.Fatalf("JournalEntry: %v %v", entry, err)
	}
	if none, err := e.JournalEntry(rk.id); err != nil || none == nil {
		t.Fatalf("a second entry for the same command: %v", err)
	}
	back, err := Restore(context.Background(), e.cfg, e.Identity(), blob)
	if err != nil {
		t.Fatal(err)
	}
	if q, err := back.ReplayJournal([][]byte{entry, entry}); err != nil || q != 1 {
		t.Fatalf("ReplayJournal = %d, %v; want the command queued once", q, err)
	}
	if !back.Awaiting(rk.id) {
		t.Fatal("the replayed command is not queued")
	}
	// The original enclave posts and applies it; replayed afterwards, the
	// entry is skipped (decided).
	n.flush(e)
	if q, err := e.ReplayJournal([][]byte{entry}); err != nil || q != 0 {
		t.Fatalf("replay of a decided command: %d, %v", q, err)
	}
	tampered := append([]byte{}, entry...)
	tampered[len(tampered)-1] ^= 1
	for name, bad := range map[string][]byte{"tampered": tampered, "another enclave's": entry, "garbage": []byte("hello")} {
		target := back
		if name == "another enclave's" {
			target = n.encs[1]
		}
		if _, err := target.ReplayJournal([][]byte{bad}); !errors.Is(err, errJournal) {
			t.Errorf("%s entry: %v, want errJournal", name, err)
		}
	}
}
