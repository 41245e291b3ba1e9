package enclave

import (
	"fmt"
	"testing"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// TestLargeStateReachesJoiner: a state far larger than one ledger message
// (the contract caps a ciphertext at 16 KiB) reaches a joiner in signed
// parts, and the joiner agrees with the committer.
func TestLargeStateReachesJoiner(t *testing.T) {
	n := setupNetwork(t, 1)
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"1000000"}`)
	// 400 accounts: a snapshot of tens of kilobytes.
	for i := 0; i < 400; i++ {
		sealed, _ := alice.request(t, n.encs[0], "command", "transfer", fmt.Sprintf(`{"to":"0x%040x","amount":"1"}`, i+1))
		if _, err := n.encs[0].Submit(sealed); err != nil {
			t.Fatal(err)
		}
		if i%64 == 63 {
			n.flush(n.encs[0])
		}
	}
	n.flush(n.encs[0])
	n.encs[0].mu.Lock()
	size := len(n.encs[0].st.engine.Store().Snapshot())
	n.encs[0].mu.Unlock()
	if size < 4*transferChunk {
		t.Fatalf("snapshot of %d bytes: the test needs several parts", size)
	}
	joiner := newTestEnclave(t, testMeasure)
	for _, ev := range n.log {
		if err := joiner.Apply([]chainmsg.Event{ev}); err != nil {
			t.Fatal(err)
		}
	}
	n.encs = append(n.encs, joiner)
	n.emit(register(t, joiner))
	h, err := n.encs[0].Admit(joiner.Identity())
	if err != nil {
		t.Fatal(err)
	}
	n.handshake(n.encs[0], h)
	n.flush(n.encs[0]) // the parts, in as many batches as the caps need
	for i := 0; i < 10 && !joiner.Status().Joined; i++ {
		n.flush(n.encs[0])
	}
	if !joiner.Status().Joined {
		t.Fatalf("the joiner did not load a %d-byte state: %+v", size, joiner.Status())
	}
	if joiner.Status().StateHash != n.encs[0].Status().StateHash {
		t.Fatal("joiner and committer disagree")
	}
	if got := n.query(alice, 1, "balance", `{}`); got != "999600" {
		t.Fatalf("alice's balance on the joiner: %s", got)
	}
}
