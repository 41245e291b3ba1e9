package mls

import (
	"errors"
	"testing"
)

// TestProcessChecked: the application sees who a commit adds and removes
// before it is installed, and a refusal leaves the group as it was, so the
// next commit (built on the same epoch) still processes.
func TestProcessChecked(t *testing.T) {
	a, b, c := threeMembers(t, testSuite)
	kpD := newKeyPackage(t, testSuite, "D")
	res, err := a.Commit(CommitOptions{Add: [][]byte{kpD.KeyPackage()}, Remove: []uint32{c.LeafIndex()}})
	if err != nil {
		t.Fatal(err)
	}
	refuse := errors.New("D is not admissible")
	var seen *Received
	epoch := b.Epoch()
	if _, err := b.ProcessChecked(res.Commit, func(r *Received) error { seen = r; return refuse }); !errors.Is(err, refuse) {
		t.Fatalf("ProcessChecked = %v, want the check's error", err)
	}
	if b.Epoch() != epoch || len(b.Members()) != 3 {
		t.Fatalf("refused commit changed the group: epoch %d members %d", b.Epoch(), len(b.Members()))
	}
	if len(seen.Added) != 1 || string(seen.Added[0].Identity) != "D" || len(seen.Gone) != 1 || string(seen.Gone[0].Identity) != "C" {
		t.Fatalf("check saw added %+v gone %+v, want D added and C gone", seen.Added, seen.Gone)
	}
	if seen.Sender != a.LeafIndex() {
		t.Fatalf("check saw sender %d, want the committer %d", seen.Sender, a.LeafIndex())
	}
	// The removed member is told who removed it, and can refuse too.
	if _, err := c.ProcessChecked(res.Commit, func(r *Received) error { return refuse }); !errors.Is(err, refuse) {
		t.Fatalf("removed member's check not consulted: %v", err)
	}
	// A rotation adds and removes nobody.
	rot, err := b.Commit(CommitOptions{ForcePath: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ProcessChecked(rot.Commit, func(r *Received) error {
		if len(r.Added)+len(r.Gone) != 0 {
			t.Errorf("rotation reported added %d gone %d", len(r.Added), len(r.Gone))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
