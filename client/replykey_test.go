package client

import (
	"bytes"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// TestReplyKeys: one reply key per signing key, fresh after replyKeyUses
// requests or replyKeyAge.
func TestReplyKeys(t *testing.T) {
	var r replyKeys
	a, b := common.Address{1}, common.Address{2}
	_, pa, err := r.get(a)
	if err != nil {
		t.Fatal(err)
	}
	_, pb, _ := r.get(b)
	if bytes.Equal(pa, pb) {
		t.Fatal("two signing keys share a reply key")
	}
	for i := 1; i < replyKeyUses; i++ {
		if _, p, _ := r.get(a); !bytes.Equal(p, pa) {
			t.Fatalf("request %d of a key got a new reply key before %d uses", i+1, replyKeyUses)
		}
	}
	_, pa2, _ := r.get(a)
	if bytes.Equal(pa2, pa) {
		t.Fatalf("reply key used for more than %d requests", replyKeyUses)
	}
	r.keys[b].made = time.Now().Add(-replyKeyAge)
	if _, p, _ := r.get(b); bytes.Equal(p, pb) {
		t.Fatalf("reply key used for longer than %s", replyKeyAge)
	}
	// The public bytes handed out are the caller's own.
	_, p, _ := r.get(a)
	p[0] ^= 1
	if _, p2, _ := r.get(a); p2[0] == p[0] {
		t.Fatal("a caller's change to the reply key's bytes reached the key")
	}
	// A Client serving many keys, each used once, holds about the keys of
	// the last replyKeyAge, not every key it ever served.
	for i := range 2*replyKeySweep + 10 {
		a := common.Address{0xee, byte(i), byte(i >> 8)}
		r.get(a)
		r.keys[a].made = time.Now().Add(-replyKeyAge)
	}
	if len(r.keys) > replyKeySweep+2 {
		t.Fatalf("%d reply keys held after %d expired ones, want at most %d", len(r.keys), 2*replyKeySweep+10, replyKeySweep+2)
	}
}
