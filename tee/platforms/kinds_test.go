package platforms

import (
	"slices"
	"testing"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
)

// TestKindTablesAgree keeps the three tables of TEE kinds in step: attest's
// facts, attest/verify's verifiers and this package's producers. A kind
// added to one and not the others fails here, not on a node in the field.
// It lives here because this is the one package allowed to see all three
// (attest/verify must not import tee).
func TestKindTablesAgree(t *testing.T) {
	var want []attest.Kind
	for _, info := range attest.Kinds() {
		want = append(want, info.Kind)
	}
	var produced []attest.Kind
	for _, p := range producers {
		produced = append(produced, p.kind)
	}
	tests := []struct {
		table string
		kinds []attest.Kind
	}{
		{"attest/verify verifiers", verify.Kinds()},
		{"tee/platforms producers", produced},
	}
	for _, tt := range tests {
		t.Run(tt.table, func(t *testing.T) {
			if got := sorted(tt.kinds); !slices.Equal(got, sorted(want)) {
				t.Fatalf("%s cover %v, attest's kind table %v", tt.table, got, sorted(want))
			}
		})
	}
}

// TestAliases checks that every deprecated name resolves to a kind in the
// tables and that none shadows a canonical name.
func TestAliases(t *testing.T) {
	for name, k := range aliases {
		t.Run(name, func(t *testing.T) {
			if _, ok := attest.KindInfoOf(attest.Kind(name)); ok {
				t.Fatalf("alias %q is itself a kind", name)
			}
			if _, ok := producerOf(k); !ok {
				t.Fatalf("alias %q names %s, which no producer opens", name, k)
			}
		})
	}
}

func sorted(ks []attest.Kind) []attest.Kind {
	return slices.Sorted(slices.Values(ks))
}
