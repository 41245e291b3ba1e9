package wallet

import (
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
)

func TestCreateListKey(t *testing.T) {
	w, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w.WithLightKDF()
	a, err := w.Create("alice", "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Create("alice", "pw"); !errors.Is(err, ErrExists) {
		t.Fatalf("second create: %v", err)
	}
	b, _ := w.Create("bob", "pw")
	list, err := w.List()
	if err != nil || len(list) != 2 || list[0].Name != "alice" || list[0].Address != a || list[1].Address != b {
		t.Fatalf("List = %v, %v", list, err)
	}
	k, err := w.Key("alice", "pw")
	if err != nil || crypto.PubkeyToAddress(k.PublicKey) != a {
		t.Fatalf("Key = %v", err)
	}
	if _, err := w.Key("alice", "wrong"); err == nil || !strings.Contains(err.Error(), "could not decrypt") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	tests := []struct {
		in   string
		want string
	}{
		{"carol", "no such account"},
		{"0x1234", "not a 20-byte hex address"},
		{"../etc", "account name"},
	}
	for _, tt := range tests {
		if _, err := w.Resolve(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Resolve(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
	if got, err := w.Resolve(b.Hex()); err != nil || got != b {
		t.Errorf("Resolve(address) = %v %v", got, err)
	}
}
