package attest

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

var (
	polNow = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	m48a   = bytes.Repeat([]byte{0xaa}, 48)
	m48b   = bytes.Repeat([]byte{0xbb}, 48)
	m32a   = bytes.Repeat([]byte{0xaa}, 32)
	m32b   = bytes.Repeat([]byte{0xbb}, 32)
)

// prodPolicy accepts every hardware kind with one or two identities each.
func prodPolicy() *Policy {
	return &Policy{
		Version: PolicyVersion,
		Network: NetworkProduction,
		Kinds: []KindPolicy{
			{Kind: KindSGX, Measurements: []Measurement{
				{Registers: map[string]HexBytes{"MRENCLAVE": m32a}},
				{Registers: map[string]HexBytes{"MRSIGNER": m32b}, SVNs: map[string]uint64{"ISVPRODID": 7}, MinSVNs: map[string]uint64{"ISVSVN": 3}},
			}, TCBStatuses: []TCBStatus{TCBUpToDate, TCBSWHardeningNeeded}, AllowedAdvisories: []string{"INTEL-SA-00615"},
				MaxCollateralAgeSeconds: 30 * 86400},
			{Kind: KindTDX, Measurements: []Measurement{{Registers: map[string]HexBytes{"MRTD": m48a, "RTMR0": m48b}}}},
			{Kind: KindSNP, Measurements: []Measurement{{Registers: map[string]HexBytes{"MEASUREMENT": m48a}}},
				MinSVNs: map[string]uint64{"REPORTED_TCB_SNP": 5},
				SNP:     &SNPGuestPolicy{AllowSMT: true, MinABIMajor: 1, MinABIMinor: 51}},
			{Kind: KindNitro, Measurements: []Measurement{{Registers: map[string]HexBytes{"PCR0": m48a}}}},
		},
		Chain: &ChainAnchor{Verify: ChainClique, Genesis: m32a, Epoch: 30000, Confirmations: 2},
	}
}

func window(c *Claims) *Claims {
	c.NotBefore = polNow.Add(-time.Hour)
	c.NotAfter = polNow.Add(time.Hour)
	return c
}

func sgxClaims() *Claims {
	return window(&Claims{Kind: KindSGX, Registers: map[string][]byte{"MRENCLAVE": m32a, "MRSIGNER": m32b},
		SVNs: map[string]uint64{"ISVPRODID": 7, "ISVSVN": 3}, TCBStatus: TCBUpToDate, CollateralIssued: polNow.Add(-24 * time.Hour)})
}

func snpClaims() *Claims {
	return window(&Claims{Kind: KindSNP, Registers: map[string][]byte{"MEASUREMENT": m48a},
		SVNs:      map[string]uint64{"REPORTED_TCB_SNP": 5, "GUEST_POLICY": 0x30000 | 1<<8 | 51},
		TCBStatus: TCBStatusNotApplicable})
}

func TestPolicyCheck(t *testing.T) {
	edit := func(c *Claims, f func(*Claims)) *Claims { f(c); return c }
	for _, tc := range []struct {
		name   string
		policy *Policy
		claims *Claims
		want   string // "" means accepted
	}{
		{"sgx by MRENCLAVE", prodPolicy(), sgxClaims(), ""},
		{"sgx by MRSIGNER", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.Registers["MRENCLAVE"] = m32b }), ""},
		{"sgx SW hardening accepted", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.TCBStatus = TCBSWHardeningNeeded }), ""},
		{"sgx allowed advisory", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.Advisories = []string{"INTEL-SA-00615"} }), ""},
		{"snp", prodPolicy(), snpClaims(), ""},
		{"nil claims", prodPolicy(), nil, "attest: evidence violates the policy: no claims"},
		{"kind not accepted", DevPolicy(m48a), snpClaims(), "attest: evidence violates the policy: kind sev-snp is not accepted"},
		{"insecure on production", prodPolicy(), edit(snpClaims(), func(c *Claims) { c.Insecure = true }),
			"attest: evidence violates the policy: insecure sev-snp evidence on a \"production\" network"},
		{"debug", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.Debug = true }),
			"attest: evidence violates the policy: sgx TEE is in debug mode"},
		{"measurement not allowed", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.Registers["MRENCLAVE"] = m32b; c.Registers["MRSIGNER"] = m32a }),
			"attest: evidence violates the policy: sgx measurement not allowed (alternative 0: MRENCLAVE is " + strings.Repeat("bb", 32) + ", want " + strings.Repeat("aa", 32) +
				"; alternative 1: MRSIGNER is " + strings.Repeat("aa", 32) + ", want " + strings.Repeat("bb", 32) + ")"},
		{"product id differs", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.Registers["MRENCLAVE"] = m32b; c.SVNs["ISVPRODID"] = 8 }),
			"attest: evidence violates the policy: sgx measurement not allowed (alternative 0: MRENCLAVE is " + strings.Repeat("bb", 32) + ", want " + strings.Repeat("aa", 32) +
				"; alternative 1: ISVPRODID is 8, want 7)"},
		{"ISVSVN below minimum", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.Registers["MRENCLAVE"] = m32b; c.SVNs["ISVSVN"] = 2 }),
			"attest: evidence violates the policy: sgx measurement not allowed (alternative 0: MRENCLAVE is " + strings.Repeat("bb", 32) + ", want " + strings.Repeat("aa", 32) +
				"; alternative 1: SVN ISVSVN is 2, below the minimum 3)"},
		{"register absent", prodPolicy(), edit(snpClaims(), func(c *Claims) { delete(c.Registers, "MEASUREMENT") }),
			"attest: evidence violates the policy: sev-snp measurement not allowed (alternative 0: MEASUREMENT absent)"},
		{"kind SVN below minimum", prodPolicy(), edit(snpClaims(), func(c *Claims) { c.SVNs["REPORTED_TCB_SNP"] = 4 }),
			"attest: evidence violates the policy: sev-snp SVN REPORTED_TCB_SNP is 4, below the minimum 5"},
		{"kind SVN absent", prodPolicy(), edit(snpClaims(), func(c *Claims) { delete(c.SVNs, "REPORTED_TCB_SNP") }),
			"attest: evidence violates the policy: sev-snp SVN REPORTED_TCB_SNP absent, policy requires at least 5"},
		{"TCB status", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.TCBStatus = TCBOutOfDate }),
			"attest: evidence violates the policy: sgx TCB status OutOfDate is not accepted"},
		{"default TCB status is UpToDate only", prodPolicy(), window(&Claims{Kind: KindTDX,
			Registers: map[string][]byte{"MRTD": m48a, "RTMR0": m48b}, TCBStatus: TCBSWHardeningNeeded}),
			"attest: evidence violates the policy: tdx TCB status SWHardeningNeeded is not accepted"},
		{"advisory", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.Advisories = []string{"INTEL-SA-00615", "INTEL-SA-00289"} }),
			"attest: evidence violates the policy: sgx platform is exposed to advisory INTEL-SA-00289, which is not allowed"},
		{"collateral too old", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.CollateralIssued = polNow.Add(-31 * 24 * time.Hour) }),
			"attest: evidence violates the policy: sgx collateral issued 2025-05-31T00:00:00Z is 744h0m0s old, at most 720h0m0s allowed"},
		{"collateral date unknown", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.CollateralIssued = time.Time{} }),
			"attest: evidence violates the policy: sgx collateral issue date unknown, policy bounds its age"},
		{"SNP SMT refused", func() *Policy { p := prodPolicy(); p.Kinds[2].SNP.AllowSMT = false; return p }(), snpClaims(),
			"attest: evidence violates the policy: SEV-SNP guest policy 0x30133 allows SMT"},
		{"SNP migration agent", prodPolicy(), edit(snpClaims(), func(c *Claims) { c.SVNs["GUEST_POLICY"] |= 1 << 18 }),
			"attest: evidence violates the policy: SEV-SNP guest policy 0x70133 allows a migration agent"},
		{"SNP ABI too old", prodPolicy(), edit(snpClaims(), func(c *Claims) { c.SVNs["GUEST_POLICY"] = 0x30000 | 1<<8 | 50 }),
			"attest: evidence violates the policy: SEV-SNP guest policy requires ABI 1.50, below the minimum 1.51"},
		{"SNP no guest policy", prodPolicy(), edit(snpClaims(), func(c *Claims) { delete(c.SVNs, "GUEST_POLICY") }),
			"attest: evidence violates the policy: sev-snp claims carry no GUEST_POLICY"},
		{"expired", prodPolicy(), edit(sgxClaims(), func(c *Claims) { c.NotAfter = polNow.Add(-time.Second) }),
			"attest: evidence violates the policy: attest: outside the validity window: evidence valid 2025-06-30T23:00:00Z to 2025-06-30T23:59:59Z, now 2025-07-01T00:00:00Z"},
		{"sim on dev", DevPolicy(m48a), window(&Claims{Kind: KindSim, Insecure: true, Registers: map[string][]byte{"MEASUREMENT": m48a},
			TCBStatus: TCBStatusNotApplicable}), ""},
		{"sim other measurement", DevPolicy(m48a), window(&Claims{Kind: KindSim, Insecure: true, Registers: map[string][]byte{"MEASUREMENT": m48b},
			TCBStatus: TCBStatusNotApplicable}),
			"attest: evidence violates the policy: sim-insecure measurement not allowed (alternative 0: MEASUREMENT is " + strings.Repeat("bb", 48) + ", want " + strings.Repeat("aa", 48) + ")"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.policy.Validate(); err != nil {
				t.Fatalf("test policy invalid: %v", err)
			}
			err := tc.policy.Check(tc.claims, polNow)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if err == nil || err.Error() != tc.want || !errors.Is(err, ErrPolicy) {
				t.Fatalf("Check: %v\nwant  %s", err, tc.want)
			}
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	edit := func(f func(*Policy)) *Policy { p := prodPolicy(); f(p); return p }
	for _, tc := range []struct {
		name string
		p    *Policy
		want string
	}{
		{"version", edit(func(p *Policy) { p.Version = 2 }), "attest: evidence violates the policy: policy version 2, want 1"},
		{"network", edit(func(p *Policy) { p.Network = "staging" }), "attest: evidence violates the policy: network \"staging\" is neither \"dev\" nor \"production\""},
		{"no kinds", edit(func(p *Policy) { p.Kinds = nil }), "attest: evidence violates the policy: policy accepts no kind"},
		{"unknown kind", edit(func(p *Policy) { p.Kinds[0].Kind = "sev" }), "attest: evidence violates the policy: unknown kind \"sev\""},
		{"duplicate kind", edit(func(p *Policy) { p.Kinds[1].Kind = KindSGX; p.Kinds[1].Measurements = p.Kinds[0].Measurements }),
			"attest: evidence violates the policy: kind sgx listed twice"},
		{"sim on production", edit(func(p *Policy) { p.Kinds = append(p.Kinds, DevPolicy(m48a).Kinds[0]) }),
			"attest: evidence violates the policy: production network accepts the insecure simulated kind"},
		{"debug on production", edit(func(p *Policy) { p.Kinds[3].AllowDebug = true }),
			"attest: evidence violates the policy: production network allows debug mode for nitro"},
		{"no measurement", edit(func(p *Policy) { p.Kinds[1].Measurements = nil }), "attest: evidence violates the policy: tdx: no allowed measurement"},
		{"no identity register", edit(func(p *Policy) { p.Kinds[1].Measurements[0].Registers = map[string]HexBytes{"RTMR0": m48a} }),
			"attest: evidence violates the policy: tdx measurement 0 pins none of MRTD"},
		{"unknown register", edit(func(p *Policy) { p.Kinds[2].Measurements[0].Registers["MESUREMENT"] = m48a }),
			"attest: evidence violates the policy: sev-snp measurement 0: unknown register \"MESUREMENT\""},
		{"register size", edit(func(p *Policy) { p.Kinds[3].Measurements[0].Registers["PCR0"] = m32a }),
			"attest: evidence violates the policy: nitro measurement 0: PCR0 is 32 bytes, want 48"},
		{"MRSIGNER without product id", edit(func(p *Policy) { delete(p.Kinds[0].Measurements[1].SVNs, "ISVPRODID") }),
			"attest: evidence violates the policy: sgx measurement 1 pins MRSIGNER without ISVPRODID"},
		{"MRSIGNER without min SVN", edit(func(p *Policy) { p.Kinds[0].Measurements[1].MinSVNs = nil }),
			"attest: evidence violates the policy: sgx measurement 1 pins MRSIGNER without a minimum ISVSVN"},
		{"TCB rules on SNP", edit(func(p *Policy) { p.Kinds[2].TCBStatuses = []TCBStatus{TCBUpToDate} }),
			"attest: evidence violates the policy: sev-snp has no TCB status, advisories or collateral; remove those rules"},
		{"unknown TCB status", edit(func(p *Policy) { p.Kinds[0].TCBStatuses = []TCBStatus{"Fine"} }),
			"attest: evidence violates the policy: sgx: unknown TCB status \"Fine\""},
		{"malformed advisory", edit(func(p *Policy) { p.Kinds[0].AllowedAdvisories = []string{" INTEL-SA-1"} }),
			"attest: evidence violates the policy: sgx: malformed advisory id \" INTEL-SA-1\""},
		{"SNP rules on TDX", edit(func(p *Policy) { p.Kinds[1].SNP = &SNPGuestPolicy{} }),
			"attest: evidence violates the policy: tdx: snp_guest_policy applies to sev-snp only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Validate()
			if err == nil || err.Error() != tc.want || !errors.Is(err, ErrPolicy) {
				t.Fatalf("Validate: %v\nwant      %s", err, tc.want)
			}
			if _, err := tc.p.Marshal(); err == nil {
				t.Fatal("Marshal accepted an invalid policy")
			}
		})
	}
	dev := DevPolicy(m48a)
	dev.Kinds[0].AllowDebug = true
	if err := dev.Validate(); err != nil {
		t.Fatalf("dev network may allow debug: %v", err)
	}
}

func TestPolicyCanonicalRoundTrip(t *testing.T) {
	p := prodPolicy()
	b1, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	// Reordering sets and leaving defaults implicit must not change bytes.
	q := prodPolicy()
	q.Kinds[0], q.Kinds[3] = q.Kinds[3], q.Kinds[0]
	sgx := &q.Kinds[3]
	sgx.Measurements[0], sgx.Measurements[1] = sgx.Measurements[1], sgx.Measurements[0]
	sgx.TCBStatuses = []TCBStatus{TCBSWHardeningNeeded, TCBUpToDate, TCBUpToDate}
	q.Kinds[1].TCBStatuses = nil
	b2, err := q.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("equal policies encode differently:\n%s\n%s", b1, b2)
	}
	parsed, err := ParsePolicy(b1)
	if err != nil {
		t.Fatal(err)
	}
	b3, err := parsed.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b3) {
		t.Fatalf("round trip changed the encoding:\n%s\n%s", b1, b3)
	}
	if !bytes.Contains(b1, []byte(`"kind":"tdx","measurements":[{"registers":{"MRTD":"`+strings.Repeat("aa", 48))) ||
		!bytes.Contains(b1, []byte(`"tcb_statuses":["UpToDate"]`)) {
		t.Fatalf("unexpected encoding %s", b1)
	}
}

func TestParsePolicyRejects(t *testing.T) {
	good, err := DevPolicy(m48a).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"unknown field", strings.Replace(string(good), `"network"`, `"netwrk":"x","network"`, 1),
			"attest: evidence violates the policy: decoding policy: json: unknown field \"netwrk\""},
		{"trailing data", string(good) + "{}", "attest: evidence violates the policy: trailing data after policy"},
		{"uppercase hex", strings.Replace(string(good), strings.Repeat("aa", 48), strings.Repeat("AA", 48), 1),
			"attest: evidence violates the policy: decoding policy: hex value \"" + strings.Repeat("AA", 48) + "\" is not lowercase"},
		{"bad hex", strings.Replace(string(good), strings.Repeat("aa", 48), "zz", 1),
			"attest: evidence violates the policy: decoding policy: hex value: encoding/hex: invalid byte: U+007A 'z'"},
		{"invalid policy", strings.Replace(string(good), `"dev"`, `"production"`, 1),
			"attest: evidence violates the policy: production network accepts the insecure simulated kind"},
		{"not JSON", "policy", "attest: evidence violates the policy: decoding policy: invalid character 'p' looking for beginning of value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("ParsePolicy: %v\nwant         %s", err, tc.want)
			}
		})
	}
}

func FuzzParsePolicy(f *testing.F) {
	good, _ := prodPolicy().Marshal()
	f.Add(good)
	dev, _ := DevPolicy(m48a).Marshal()
	f.Add(dev)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePolicy(b)
		if err != nil {
			return
		}
		// Whatever parses must re-encode canonically and stably.
		c1, err := p.Marshal()
		if err != nil {
			t.Fatalf("parsed policy does not marshal: %v", err)
		}
		q, err := ParsePolicy(c1)
		if err != nil {
			t.Fatalf("canonical encoding does not parse: %v", err)
		}
		c2, err := q.Marshal()
		if err != nil || !bytes.Equal(c1, c2) {
			t.Fatalf("canonical encoding unstable: %v", err)
		}
	})
}

func BenchmarkPolicyCheck(b *testing.B) {
	p, c := prodPolicy(), sgxClaims()
	for b.Loop() {
		if err := p.Check(c, polNow); err != nil {
			b.Fatal(err)
		}
	}
}
