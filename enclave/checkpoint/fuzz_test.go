package checkpoint

import (
	"testing"
)

// FuzzCombine: Combine takes shares from releases, which anyone can seal
// to a recovering enclave, so whatever they are it must return an error
// or a secret one byte shorter than a share, and never panic (Vault's
// interpolation divides by the difference of two points). The input is
// one byte of share length, then the shares back to back.
func FuzzCombine(f *testing.F) {
	secret := make([]byte, 32)
	for _, nk := range [][2]int{{3, 2}, {2, 1}, {5, 5}} {
		shares, err := Split(secret, nk[0], nk[1])
		if err != nil {
			f.Fatal(err)
		}
		in := []byte{33}
		for _, s := range shares {
			in = append(in, s...)
		}
		f.Add(in)
	}
	f.Add([]byte{2, 1, 1, 2, 2, 3, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 || in[0] == 0 {
			return
		}
		n := int(in[0])
		var shares [][]byte
		for rest := in[1:]; len(rest) > 0; rest = rest[min(n, len(rest)):] {
			shares = append(shares, rest[:min(n, len(rest))])
		}
		secret, err := Combine(shares)
		if err == nil && len(secret) != len(shares[0])-1 {
			t.Fatalf("Combine of %d-byte shares = %d bytes", len(shares[0]), len(secret))
		}
	})
}
