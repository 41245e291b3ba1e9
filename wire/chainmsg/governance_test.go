package chainmsg

import "testing"

func TestSameCustodians(t *testing.T) {
	k1, k2, k3 := [32]byte{1}, [32]byte{2}, [32]byte{3}
	for _, tc := range []struct {
		name   string
		a, b   [][32]byte
		ta, tb uint8
		want   bool
	}{
		{"same order", [][32]byte{k1, k2}, [][32]byte{k1, k2}, 2, 2, true},
		{"other order", [][32]byte{k1, k2, k3}, [][32]byte{k3, k1, k2}, 2, 2, true},
		{"other threshold", [][32]byte{k1, k2}, [][32]byte{k1, k2}, 1, 2, false},
		{"other key", [][32]byte{k1, k2}, [][32]byte{k1, k3}, 2, 2, false},
		{"a duplicate is not a key", [][32]byte{k1, k1}, [][32]byte{k1, k2}, 2, 2, false},
		{"both empty", nil, nil, 0, 0, true},
	} {
		if got := SameCustodians(tc.a, tc.ta, tc.b, tc.tb); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
