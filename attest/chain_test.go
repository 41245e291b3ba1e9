package attest

import (
	"strings"
	"testing"
)

func cliqueAnchor() ChainAnchor {
	return ChainAnchor{Verify: ChainClique, Genesis: m32a, Epoch: 30000, Confirmations: 2}
}

func TestChainAnchorValidate(t *testing.T) {
	edit := func(f func(*ChainAnchor)) ChainAnchor { a := cliqueAnchor(); f(&a); return a }
	for _, tc := range []struct {
		name string
		a    ChainAnchor
		want string // "" means valid
	}{
		{"clique", cliqueAnchor(), ""},
		{"trusted host", TrustedHostChain(), ""},
		{"unknown", ChainAnchor{Verify: "pow"}, `chain verification "pow" is neither`},
		{"short genesis", edit(func(a *ChainAnchor) { a.Genesis = a.Genesis[:31] }), "genesis hash is 31 bytes"},
		{"no epoch", edit(func(a *ChainAnchor) { a.Epoch = 0 }), "epoch 0"},
		{"no confirmations", edit(func(a *ChainAnchor) { a.Confirmations = 0 }), "0 confirmations"},
		{"trusted host with genesis", ChainAnchor{Verify: ChainTrustedHost, Genesis: m32a}, "takes no genesis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.a.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate: %v, want %q", err, tc.want)
			}
		})
	}
}

// TestChainAnchorHash: every field is committed to.
func TestChainAnchorHash(t *testing.T) {
	seen := map[[32]byte]string{}
	for name, a := range map[string]ChainAnchor{
		"clique":        cliqueAnchor(),
		"trusted":       TrustedHostChain(),
		"genesis":       {Verify: ChainClique, Genesis: m32b, Epoch: 30000, Confirmations: 2},
		"epoch":         {Verify: ChainClique, Genesis: m32a, Epoch: 30001, Confirmations: 2},
		"confirmations": {Verify: ChainClique, Genesis: m32a, Epoch: 30000, Confirmations: 3},
	} {
		h := a.Hash()
		if other, ok := seen[h]; ok {
			t.Fatalf("%s and %s hash alike", name, other)
		}
		seen[h] = name
	}
	if !cliqueAnchor().Equal(cliqueAnchor()) {
		t.Fatal("an anchor differs from its copy")
	}
}

func TestPolicyCheckChain(t *testing.T) {
	dev := DevPolicy(m48a)
	pinnedDev := DevPolicy(m48a)
	a := cliqueAnchor()
	pinnedDev.Chain = &a
	other := cliqueAnchor()
	other.Confirmations = 1
	for _, tc := range []struct {
		name string
		p    *Policy
		a    ChainAnchor
		want string
	}{
		{"dev takes a trusted host", dev, TrustedHostChain(), ""},
		{"dev takes clique", dev, cliqueAnchor(), ""},
		{"dev pinned: same", pinnedDev, cliqueAnchor(), ""},
		{"dev pinned: other confirmations", pinnedDev, other, "the policy pins clique"},
		{"dev pinned: trusted host", pinnedDev, TrustedHostChain(), "believes its host"},
		{"production: pinned", prodPolicy(), cliqueAnchor(), ""},
		{"production: trusted host", prodPolicy(), TrustedHostChain(), `believes its host's events (chain "trusted-host") on a "production" network`},
		{"invalid anchor", dev, ChainAnchor{Verify: "x"}, "neither"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.CheckChain(tc.a)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("CheckChain: %v, want %q", err, tc.want)
			}
		})
	}
}

// TestProductionPolicyPinsChain: a production policy without a verified
// chain is invalid, and one with a chain survives the canonical encoding.
func TestProductionPolicyPinsChain(t *testing.T) {
	p := prodPolicy()
	p.Chain = nil
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "must pin a chain") {
		t.Fatalf("production policy without a chain: %v", err)
	}
	th := TrustedHostChain()
	p.Chain = &th
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "must pin a chain") {
		t.Fatalf("production policy trusting the host: %v", err)
	}
	b, err := prodPolicy().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParsePolicy(b)
	if err != nil {
		t.Fatal(err)
	}
	if q.Chain == nil || !q.Chain.Equal(cliqueAnchor()) {
		t.Fatalf("chain lost in the encoding: %s", b)
	}
}
