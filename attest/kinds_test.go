package attest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestKindTable checks that every row of the kind table is coherent: a
// policy must be able to satisfy its identity rule, and only the insecure
// kind may (and must) describe itself as INSECURE.
func TestKindTable(t *testing.T) {
	seen := map[Kind]bool{}
	for _, info := range Kinds() {
		t.Run(string(info.Kind), func(t *testing.T) {
			if seen[info.Kind] {
				t.Fatalf("kind %s listed twice", info.Kind)
			}
			seen[info.Kind] = true
			if info.Description == "" || len(info.Registers) == 0 || len(info.IdentityRegisters) == 0 {
				t.Fatalf("incomplete row: %+v", info)
			}
			for _, r := range info.IdentityRegisters {
				if _, ok := info.RegisterSize(r); !ok {
					t.Fatalf("identity register %s is not among the registers", r)
				}
			}
			names := map[string]bool{}
			for _, r := range info.Registers {
				if names[r.Name] || r.Size <= 0 {
					t.Fatalf("register %+v repeated or of no size", r)
				}
				names[r.Name] = true
			}
			if says := strings.Contains(info.Description, "INSECURE"); says != info.Insecure {
				t.Fatalf("Insecure %v but description %q", info.Insecure, info.Description)
			}
		})
	}
}

func TestKindInfoOf(t *testing.T) {
	tests := []struct {
		kind                 Kind
		ok                   bool
		identity             string
		tcb, insecure, seals bool
	}{
		{KindSim, true, "[MEASUREMENT]", false, true, true},
		{KindSGX, true, "[MRENCLAVE MRSIGNER]", true, false, true},
		{KindTDX, true, "[MRTD]", true, false, false},
		{KindSNP, true, "[MEASUREMENT]", false, false, true},
		{KindNitro, true, "[PCR0]", false, false, false},
		{"sim", false, "[]", false, false, false},
		{"", false, "[]", false, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			info, ok := KindInfoOf(tt.kind)
			if ok != tt.ok {
				t.Fatalf("KindInfoOf(%q) ok = %v, want %v", tt.kind, ok, tt.ok)
			}
			got := fmt.Sprintf("%v %v %v %v", info.IdentityRegisters, info.HasTCBStatus, info.Insecure, info.SealingKey)
			want := fmt.Sprintf("%v %v %v %v", tt.identity, tt.tcb, tt.insecure, tt.seals)
			if got != want {
				t.Fatalf("KindInfoOf(%q) = %s, want %s", tt.kind, got, want)
			}
		})
	}
}

// TestKindsIsACopy checks that callers cannot change the table.
func TestKindsIsACopy(t *testing.T) {
	got := Kinds()
	var order []Kind
	for _, k := range got {
		order = append(order, k.Kind)
	}
	if want := []Kind{KindSim, KindSGX, KindTDX, KindSNP, KindNitro}; !slices.Equal(order, want) {
		t.Fatalf("Kinds() order %v, want %v", order, want)
	}
	got[1].Registers[0].Size = 1
	got[1].IdentityRegisters[0] = "X"
	info, _ := KindInfoOf(KindSGX)
	info.Registers[0].Size = 2
	again, _ := KindInfoOf(KindSGX)
	if again.Registers[0].Size != 32 || again.IdentityRegisters[0] != "MRENCLAVE" {
		t.Fatalf("the table changed through a returned copy: %+v", again)
	}
}
