package checkpoint

import (
	"bytes"
	"crypto/hpke"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/anonify-go/anonify/wire/recovery"
)

// subsets calls f with every subset of size k of n indexes.
func subsets(n, k int, f func(idx []int)) {
	var rec func(start int, idx []int)
	rec = func(start int, idx []int) {
		if len(idx) == k {
			f(idx)
			return
		}
		for i := start; i < n; i++ {
			rec(i+1, append(idx, i))
		}
	}
	rec(0, nil)
}

func pick(shares [][]byte, idx []int) [][]byte {
	out := make([][]byte, len(idx))
	for i, j := range idx {
		out[i] = shares[j]
	}
	return out
}

// TestSplitCombine: any k of n shares combine to the secret, in any order;
// k−1 do not.
func TestSplitCombine(t *testing.T) {
	tests := []struct{ n, k int }{
		{1, 1}, {3, 1}, {16, 1}, {2, 2}, {3, 2}, {5, 3}, {7, 7}, {16, 16},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d of %d", tt.k, tt.n), func(t *testing.T) {
			secret := random(t, 32)
			shares, err := Split(secret, tt.n, tt.k)
			if err != nil {
				t.Fatal(err)
			}
			if len(shares) != tt.n {
				t.Fatalf("%d shares, want %d", len(shares), tt.n)
			}
			for i, s := range shares {
				if len(s) != 33 {
					t.Fatalf("share %d is %d bytes, want 33", i, len(s))
				}
			}
			for size := tt.k; size <= tt.n; size++ {
				subsets(tt.n, size, func(idx []int) {
					got, err := Combine(pick(shares, idx))
					if err != nil || !bytes.Equal(got, secret) {
						t.Fatalf("Combine of shares %v = %x, %v; want %x", idx, got, err, secret)
					}
				})
			}
			// Reversed order combines the same.
			rev := make([][]byte, tt.k)
			for i := range rev {
				rev[i] = shares[tt.k-1-i]
			}
			if got, err := Combine(rev); err != nil || !bytes.Equal(got, secret) {
				t.Fatalf("Combine of reversed shares = %x, %v", got, err)
			}
			// k−1 shares: refused, or (two or more) a value that is not the secret.
			if tt.k > 1 {
				subsets(tt.n, tt.k-1, func(idx []int) {
					got, err := Combine(pick(shares, idx))
					if tt.k-1 == 1 && !errors.Is(err, ErrShares) {
						t.Fatalf("Combine of one share of a %d-of-%d split = %x, %v; want ErrShares", tt.k, tt.n, got, err)
					}
					if bytes.Equal(got, secret) {
						t.Fatalf("%d shares of a %d-of-%d split %v combine to the secret", tt.k-1, tt.k, tt.n, idx)
					}
				})
			}
		})
	}
}

func TestSplitSizes(t *testing.T) {
	for _, n := range []int{1, 16, MaxSecret} {
		for _, k := range []int{1, 2} {
			shares, err := Split(random(t, n), 3, k)
			if err != nil {
				t.Fatal(err)
			}
			if len(shares[0]) != n+1 || len(shares[0]) > recovery.MaxShare {
				t.Errorf("a %d-byte secret (k=%d) gives %d-byte shares", n, k, len(shares[0]))
			}
		}
	}
}

func TestSplitRejects(t *testing.T) {
	secret := random(t, 32)
	tests := []struct {
		name   string
		secret []byte
		n, k   int
		want   string
	}{
		{"empty secret", nil, 3, 2, "a secret of 0 bytes to split (want 1 to 63)"},
		{"long secret", random(t, 64), 3, 2, "a secret of 64 bytes to split (want 1 to 63)"},
		{"no shares", secret, 0, 0, "0 shares (want 1 to 16)"},
		{"too many shares", secret, 17, 2, "17 shares (want 1 to 16)"},
		{"threshold 0", secret, 3, 0, "a threshold of 0 for 3 shares (want 1 to 3)"},
		{"threshold over n", secret, 3, 4, "a threshold of 4 for 3 shares (want 1 to 3)"},
		{"one share, threshold 2", secret, 1, 2, "a threshold of 2 for 1 shares (want 1 to 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := Split(tt.secret, tt.n, tt.k); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Split = %x, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestCombineRejects(t *testing.T) {
	secret := random(t, 32)
	two, err := Split(secret, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	one, err := Split(secret, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	otherReplica := append(random(t, 32), 0)
	tests := []struct {
		name   string
		shares [][]byte
		want   string
	}{
		{"none", nil, "no shares"},
		{"a 1-byte share", [][]byte{{7}}, "share 0 is 1 bytes (want 2 to 64)"},
		{"a 65-byte share", [][]byte{make([]byte, 65), make([]byte, 65)}, "share 0 is 65 bytes (want 2 to 64)"},
		{"different lengths", [][]byte{two[0], two[1][:32]}, "share 1 is 32 bytes, share 0 is 33"},
		{"the same share twice", [][]byte{two[0], two[0]}, "duplicate part detected"},
		{"a lone share", two[:1], "one share of a split whose threshold is at least 2"},
		{"replica with a share", [][]byte{one[0], two[1]}, "1 shares of a threshold-1 split mixed with 1 of another"},
		{"replicas that differ", [][]byte{one[0], otherReplica}, "shares 0 and 1 of a threshold-1 split differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Combine(tt.shares)
			if !errors.Is(err, ErrShares) || !strings.Contains(err.Error(), tt.want) || got != nil {
				t.Fatalf("Combine = %x, %v; want ErrShares with %q", got, err, tt.want)
			}
		})
	}
	// A threshold-1 share alone is the secret; the copy is the caller's.
	got, err := Combine(one[:1])
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Combine of one replica = %x, %v", got, err)
	}
	got[0] ^= 1
	if !bytes.Equal(one[0][:32], secret) {
		t.Fatal("Combine returned the share's own memory")
	}
}

func TestDealShares(t *testing.T) {
	secret := random(t, 32)
	var keys []hpke.PrivateKey
	var pubs [][32]byte
	for range 4 {
		k, err := recovery.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
		pubs = append(pubs, [32]byte(k.PublicKey().Bytes()))
	}
	for _, k := range []int{1, 3} {
		shares, err := DealShares(secret, pubs, k, testChain, testContract, testEpoch)
		if err != nil {
			t.Fatal(err)
		}
		m := &recovery.Manifest{PlainSize: 1008, Chunks: 1, Threshold: uint8(k), Shares: shares}
		if err := m.Check(); err != nil {
			t.Fatalf("a manifest with the dealt shares: %v", err)
		}
		var opened [][]byte
		for i, s := range shares {
			if s.Custodian != pubs[i] {
				t.Fatalf("share %d is for %x, want %x (the appointed order)", i, s.Custodian, pubs[i])
			}
			if len(s.Sealed) != recovery.SealOverhead+33 {
				t.Fatalf("sealed share %d is %d bytes", i, len(s.Sealed))
			}
			got, err := recovery.OpenShare(keys[i], testChain, testContract, testEpoch, s.Sealed)
			if err != nil {
				t.Fatal(err)
			}
			opened = append(opened, got)
		}
		if got, err := Combine(opened[len(opened)-k:]); err != nil || !bytes.Equal(got, secret) {
			t.Fatalf("k=%d: Combine of the opened shares = %x, %v", k, got, err)
		}
	}
	tests := []struct {
		name       string
		custodians [][32]byte
		k          int
		want       string
	}{
		{"duplicate custodian", [][32]byte{pubs[0], pubs[1], pubs[0]}, 2, "custodian 2 ("},
		{"no custodians", nil, 1, "0 shares (want 1 to 16)"},
		{"threshold over n", pubs, 5, "a threshold of 5 for 4 shares"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := DealShares(secret, tt.custodians, tt.k, testChain, testContract, testEpoch); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("DealShares = %v, %v; want %q", got, err, tt.want)
			}
		})
	}
}
