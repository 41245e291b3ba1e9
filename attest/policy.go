package attest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// Network classes. A production network refuses the simulated kind and
// any debug allowance, whatever else its policy says.
const (
	NetworkDev        = "dev"
	NetworkProduction = "production"
)

// PolicyVersion is the only policy encoding version this code reads.
const PolicyVersion = 1

// Policy is what a relying party accepts. The network's policy is stored on
// the ledger as the bytes Marshal returns and changes only through
// governance, so every member judges evidence by the same rules.
//
// A kind absent from Kinds is refused. Within a kind, evidence must match
// at least one of Measurements (alternatives), satisfy every MinSVNs entry,
// not be in debug mode unless AllowDebug, have an accepted TCB status and
// only allowed advisories, collateral no older than MaxCollateralAgeSeconds,
// and, for SEV-SNP, a guest policy within SNP.
type Policy struct {
	Version int          `json:"version"`
	Network string       `json:"network"`
	Kinds   []KindPolicy `json:"kinds"`
	// Chain, if set, is the only way of reading the chain an enclave may
	// bind (ChainAnchor); a production network must set it, and not to a
	// trusted host. Unset on a dev network: any anchor.
	Chain *ChainAnchor `json:"chain,omitempty"`
}

// KindPolicy holds the rules for one TEE kind.
type KindPolicy struct {
	Kind Kind `json:"kind"`
	// Measurements lists the allowed code identities; one must match. At
	// least one is required: a policy never accepts any code at all.
	Measurements []Measurement `json:"measurements"`
	// MinSVNs bounds claims' SVNs from below (for example SEV-SNP
	// "REPORTED_TCB_SNP", Nitro has none); a missing SVN fails.
	MinSVNs map[string]uint64 `json:"min_svns,omitempty"`
	// AllowDebug admits TEEs the host can inspect. Never on production.
	AllowDebug bool `json:"allow_debug,omitempty"`
	// TCBStatuses lists accepted TCB statuses (SGX and TDX only). Marshal
	// turns an empty list into ["UpToDate"], the default.
	TCBStatuses []TCBStatus `json:"tcb_statuses,omitempty"`
	// AllowedAdvisories lists advisory IDs (for example "INTEL-SA-00615")
	// the network accepts a platform to be exposed to (SGX and TDX only).
	AllowedAdvisories []string `json:"allowed_advisories,omitempty"`
	// MaxCollateralAgeSeconds bounds how long ago the oldest collateral item
	// was issued (SGX and TDX only); 0 means no bound.
	MaxCollateralAgeSeconds uint64 `json:"max_collateral_age_seconds,omitempty"`
	// SNP constrains the SEV-SNP guest policy beyond its DEBUG bit.
	SNP *SNPGuestPolicy `json:"snp_guest_policy,omitempty"`
}

// Measurement is one allowed code identity: every listed register must
// equal its value exactly, every SVNs entry must be equal (product ids),
// every MinSVNs entry must be reached (SGX "ISVSVN").
type Measurement struct {
	Registers map[string]HexBytes `json:"registers"`
	SVNs      map[string]uint64   `json:"svns,omitempty"`
	MinSVNs   map[string]uint64   `json:"min_svns,omitempty"`
}

// SNPGuestPolicy constrains the SEV-SNP guest policy (GUEST_POLICY). The
// DEBUG bit is governed by KindPolicy.AllowDebug.
type SNPGuestPolicy struct {
	AllowSMT            bool  `json:"allow_smt"`
	AllowMigrationAgent bool  `json:"allow_migration_agent"`
	MinABIMajor         uint8 `json:"min_abi_major"`
	MinABIMinor         uint8 `json:"min_abi_minor"`
}

// SEV-SNP guest policy bits (SEV-SNP ABI spec, Table 9).
const (
	snpPolicySMT       = 1 << 16
	snpPolicyMigrateMA = 1 << 18
)

// HexBytes is a byte string encoded in JSON as lowercase hex.
type HexBytes []byte

// MarshalText encodes h as lowercase hex.
func (h HexBytes) MarshalText() ([]byte, error) { return []byte(hex.EncodeToString(h)), nil }

// UnmarshalText accepts lowercase hex only, so that a value has one
// encoding.
func (h *HexBytes) UnmarshalText(b []byte) error {
	if bytes.ContainsFunc(b, func(r rune) bool { return r >= 'A' && r <= 'F' }) {
		return fmt.Errorf("hex value %q is not lowercase", b)
	}
	d, err := hex.DecodeString(string(b))
	if err != nil {
		return fmt.Errorf("hex value: %v", err)
	}
	*h = d
	return nil
}

// hasTCBStatus reports whether the TCB status, advisory and collateral
// rules apply to k; false for unknown kinds, which Validate refuses.
func hasTCBStatus(k Kind) bool {
	info, ok := kindInfo(k)
	return ok && info.HasTCBStatus
}

// DevPolicy returns the policy of a development network that admits only
// simulated enclaves with the given measurement.
func DevPolicy(measurement []byte) *Policy {
	return &Policy{
		Version: PolicyVersion,
		Network: NetworkDev,
		Kinds: []KindPolicy{{
			Kind:         KindSim,
			Measurements: []Measurement{{Registers: map[string]HexBytes{"MEASUREMENT": bytes.Clone(measurement)}}},
		}},
	}
}

// Validate checks that p is well-formed and coherent: known network and
// kinds, no duplicate kind, allowed measurements that identify code, known
// registers of the right size, and no insecure allowance on production.
func (p *Policy) Validate() error {
	if p.Version != PolicyVersion {
		return fmt.Errorf("%w: policy version %d, want %d", ErrPolicy, p.Version, PolicyVersion)
	}
	if p.Network != NetworkDev && p.Network != NetworkProduction {
		return fmt.Errorf("%w: network %q is neither %q nor %q", ErrPolicy, p.Network, NetworkDev, NetworkProduction)
	}
	if len(p.Kinds) == 0 {
		return fmt.Errorf("%w: policy accepts no kind", ErrPolicy)
	}
	seen := map[Kind]bool{}
	for _, k := range p.Kinds {
		info, ok := kindInfo(k.Kind)
		if !ok {
			return fmt.Errorf("%w: unknown kind %q", ErrPolicy, k.Kind)
		}
		if seen[k.Kind] {
			return fmt.Errorf("%w: kind %s listed twice", ErrPolicy, k.Kind)
		}
		seen[k.Kind] = true
		if err := k.validate(p.Network, info); err != nil {
			return err
		}
	}
	if p.Chain != nil {
		if err := p.Chain.Validate(); err != nil {
			return err
		}
	}
	if p.Network == NetworkProduction && (p.Chain == nil || p.Chain.Insecure()) {
		return fmt.Errorf("%w: a production network must pin a chain its enclaves verify themselves (\"chain\": {\"verify\": %q, ...}); with none, a node's host can feed its enclave events no block holds", ErrPolicy, ChainClique)
	}
	return nil
}

// validate checks k against its kind's facts (info is k.Kind's row).
func (k *KindPolicy) validate(network string, info *KindInfo) error {
	if network == NetworkProduction {
		if info.Insecure {
			return fmt.Errorf("%w: production network accepts the insecure simulated kind", ErrPolicy)
		}
		if k.AllowDebug {
			return fmt.Errorf("%w: production network allows debug mode for %s", ErrPolicy, k.Kind)
		}
	}
	if len(k.Measurements) == 0 {
		return fmt.Errorf("%w: %s: no allowed measurement", ErrPolicy, k.Kind)
	}
	ids := info.IdentityRegisters
	for i, m := range k.Measurements {
		if !slices.ContainsFunc(ids, func(r string) bool { _, ok := m.Registers[r]; return ok }) {
			return fmt.Errorf("%w: %s measurement %d pins none of %s", ErrPolicy, k.Kind, i, strings.Join(ids, ", "))
		}
		for name, v := range m.Registers {
			size, ok := info.RegisterSize(name)
			if !ok {
				return fmt.Errorf("%w: %s measurement %d: unknown register %q", ErrPolicy, k.Kind, i, name)
			}
			if len(v) != size {
				return fmt.Errorf("%w: %s measurement %d: %s is %d bytes, want %d", ErrPolicy, k.Kind, i, name, len(v), size)
			}
		}
		// An SGX signer identity without a product id and minimum SVN would
		// admit every enclave the vendor ever signed, old and vulnerable
		// ones included.
		if k.Kind == KindSGX {
			if _, ok := m.Registers["MRENCLAVE"]; !ok {
				if _, ok := m.SVNs["ISVPRODID"]; !ok {
					return fmt.Errorf("%w: sgx measurement %d pins MRSIGNER without ISVPRODID", ErrPolicy, i)
				}
				if _, ok := m.MinSVNs["ISVSVN"]; !ok {
					return fmt.Errorf("%w: sgx measurement %d pins MRSIGNER without a minimum ISVSVN", ErrPolicy, i)
				}
			}
		}
	}
	if !info.HasTCBStatus {
		if len(k.TCBStatuses) != 0 || len(k.AllowedAdvisories) != 0 || k.MaxCollateralAgeSeconds != 0 {
			return fmt.Errorf("%w: %s has no TCB status, advisories or collateral; remove those rules", ErrPolicy, k.Kind)
		}
	}
	for _, s := range k.TCBStatuses {
		if !knownTCBStatus(s) {
			return fmt.Errorf("%w: %s: unknown TCB status %q", ErrPolicy, k.Kind, s)
		}
	}
	for _, a := range k.AllowedAdvisories {
		if a == "" || strings.TrimSpace(a) != a {
			return fmt.Errorf("%w: %s: malformed advisory id %q", ErrPolicy, k.Kind, a)
		}
	}
	if k.SNP != nil && k.Kind != KindSNP {
		return fmt.Errorf("%w: %s: snp_guest_policy applies to %s only", ErrPolicy, k.Kind, KindSNP)
	}
	return nil
}

func knownTCBStatus(s TCBStatus) bool {
	switch s {
	case TCBUpToDate, TCBSWHardeningNeeded, TCBConfigurationNeeded, TCBConfigurationAndSWHardeningNeeded,
		TCBOutOfDate, TCBOutOfDateConfigurationNeeded, TCBRevoked:
		return true
	}
	return false
}

// canonical returns a validated copy of p with every set in one order and
// defaults made explicit, so that equal policies encode to equal bytes.
func (p *Policy) canonical() (*Policy, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	out := &Policy{Version: p.Version, Network: p.Network}
	if p.Chain != nil {
		c := *p.Chain
		c.Genesis = bytes.Clone(c.Genesis)
		out.Chain = &c
	}
	for _, k := range p.Kinds {
		c := k
		c.TCBStatuses = slices.Clone(k.TCBStatuses)
		if hasTCBStatus(k.Kind) && len(c.TCBStatuses) == 0 {
			c.TCBStatuses = []TCBStatus{TCBUpToDate}
		}
		slices.Sort(c.TCBStatuses)
		c.TCBStatuses = slices.Compact(c.TCBStatuses)
		c.AllowedAdvisories = slices.Compact(slices.Sorted(slices.Values(k.AllowedAdvisories)))
		// Alternatives form a set: order them by their own encoding.
		type enc struct {
			b []byte
			m Measurement
		}
		var ms []enc
		for _, m := range k.Measurements {
			b, err := json.Marshal(m)
			if err != nil {
				return nil, fmt.Errorf("%w: encoding measurement: %v", ErrPolicy, err)
			}
			ms = append(ms, enc{b, m})
		}
		sort.SliceStable(ms, func(i, j int) bool { return bytes.Compare(ms[i].b, ms[j].b) < 0 })
		c.Measurements = nil
		for i, m := range ms {
			if i > 0 && bytes.Equal(m.b, ms[i-1].b) {
				continue
			}
			c.Measurements = append(c.Measurements, m.m)
		}
		out.Kinds = append(out.Kinds, c)
	}
	slices.SortFunc(out.Kinds, func(a, b KindPolicy) int { return strings.Compare(string(a.Kind), string(b.Kind)) })
	return out, nil
}

// Marshal returns the canonical encoding of p (compact JSON, fields in a
// fixed order, map keys sorted, sets sorted and de-duplicated, defaults
// explicit): the bytes governance proposes and the ledger stores. It
// refuses an invalid policy.
func (p *Policy) Marshal() ([]byte, error) {
	c, err := p.canonical()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(c); err != nil {
		return nil, fmt.Errorf("%w: encoding policy: %v", ErrPolicy, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// maxPolicySize bounds what ParsePolicy reads; real policies are a few KiB.
const maxPolicySize = 1 << 20

// ParsePolicy decodes a policy strictly (unknown fields, trailing data and
// invalid policies are errors) and validates it.
func ParsePolicy(b []byte) (*Policy, error) {
	if len(b) > maxPolicySize {
		return nil, fmt.Errorf("%w: policy of %d bytes exceeds %d", ErrPolicy, len(b), maxPolicySize)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var p Policy
	if err := d.Decode(&p); err != nil {
		return nil, fmt.Errorf("%w: decoding policy: %v", ErrPolicy, err)
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: trailing data after policy", ErrPolicy)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Kind returns the rules for kind k, or nil when the policy refuses k.
func (p *Policy) Kind(k Kind) *KindPolicy {
	for i := range p.Kinds {
		if p.Kinds[i].Kind == k {
			return &p.Kinds[i]
		}
	}
	return nil
}

// Check applies p to verified claims at time now. Every error wraps
// ErrPolicy (and ErrExpired for the validity window) and names the rule
// that failed. It does not check the report-data binding: that depends on
// the keys the caller expects (Claims.CheckBinding).
func (p *Policy) Check(c *Claims, now time.Time) error {
	if c == nil {
		return fmt.Errorf("%w: no claims", ErrPolicy)
	}
	if c.Insecure && p.Network != NetworkDev {
		return fmt.Errorf("%w: insecure %s evidence on a %q network", ErrPolicy, c.Kind, p.Network)
	}
	k := p.Kind(c.Kind)
	if k == nil {
		return fmt.Errorf("%w: kind %s is not accepted", ErrPolicy, c.Kind)
	}
	if c.Debug && !k.AllowDebug {
		return fmt.Errorf("%w: %s TEE is in debug mode", ErrPolicy, c.Kind)
	}
	if err := k.checkMeasurements(c); err != nil {
		return err
	}
	if err := checkMinSVNs(c, k.MinSVNs, string(c.Kind)); err != nil {
		return err
	}
	if hasTCBStatus(c.Kind) {
		accepted := k.TCBStatuses
		if len(accepted) == 0 {
			accepted = []TCBStatus{TCBUpToDate}
		}
		if !slices.Contains(accepted, c.TCBStatus) {
			return fmt.Errorf("%w: %s TCB status %s is not accepted", ErrPolicy, c.Kind, c.TCBStatus)
		}
		for _, a := range c.Advisories {
			if !slices.Contains(k.AllowedAdvisories, a) {
				return fmt.Errorf("%w: %s platform is exposed to advisory %s, which is not allowed", ErrPolicy, c.Kind, a)
			}
		}
		if k.MaxCollateralAgeSeconds != 0 {
			if c.CollateralIssued.IsZero() {
				return fmt.Errorf("%w: %s collateral issue date unknown, policy bounds its age", ErrPolicy, c.Kind)
			}
			maxAge := time.Duration(k.MaxCollateralAgeSeconds) * time.Second
			if age := now.Sub(c.CollateralIssued); age > maxAge {
				return fmt.Errorf("%w: %s collateral issued %s is %s old, at most %s allowed", ErrPolicy, c.Kind,
					c.CollateralIssued.UTC().Format(time.RFC3339), age.Round(time.Second), maxAge)
			}
		}
	}
	if k.SNP != nil {
		if err := k.SNP.check(c); err != nil {
			return err
		}
	}
	if now.Before(c.NotBefore) || now.After(c.NotAfter) {
		return fmt.Errorf("%w: %w: evidence valid %s to %s, now %s", ErrPolicy, ErrExpired,
			c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	return nil
}

func (k *KindPolicy) checkMeasurements(c *Claims) error {
	var reasons []string
	for i, m := range k.Measurements {
		err := m.match(c)
		if err == nil {
			return nil
		}
		reasons = append(reasons, fmt.Sprintf("alternative %d: %v", i, err))
	}
	return fmt.Errorf("%w: %s measurement not allowed (%s)", ErrPolicy, c.Kind, strings.Join(reasons, "; "))
}

func (m *Measurement) match(c *Claims) error {
	for _, name := range slices.Sorted(maps.Keys(m.Registers)) {
		got, ok := c.Registers[name]
		if !ok {
			return fmt.Errorf("%s absent", name)
		}
		if !bytes.Equal(got, m.Registers[name]) {
			return fmt.Errorf("%s is %x, want %x", name, got, []byte(m.Registers[name]))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m.SVNs)) {
		got, ok := c.SVNs[name]
		if !ok {
			return fmt.Errorf("%s absent", name)
		}
		if got != m.SVNs[name] {
			return fmt.Errorf("%s is %d, want %d", name, got, m.SVNs[name])
		}
	}
	return checkMinSVNsPlain(c, m.MinSVNs)
}

func checkMinSVNs(c *Claims, min map[string]uint64, kind string) error {
	if err := checkMinSVNsPlain(c, min); err != nil {
		return fmt.Errorf("%w: %s %v", ErrPolicy, kind, err)
	}
	return nil
}

func checkMinSVNsPlain(c *Claims, min map[string]uint64) error {
	for _, name := range slices.Sorted(maps.Keys(min)) {
		got, ok := c.SVNs[name]
		if !ok {
			return fmt.Errorf("SVN %s absent, policy requires at least %d", name, min[name])
		}
		if got < min[name] {
			return fmt.Errorf("SVN %s is %d, below the minimum %d", name, got, min[name])
		}
	}
	return nil
}

func (s *SNPGuestPolicy) check(c *Claims) error {
	gp, ok := c.SVNs["GUEST_POLICY"]
	if !ok {
		return fmt.Errorf("%w: %s claims carry no GUEST_POLICY", ErrPolicy, c.Kind)
	}
	if gp&snpPolicySMT != 0 && !s.AllowSMT {
		return fmt.Errorf("%w: SEV-SNP guest policy 0x%x allows SMT", ErrPolicy, gp)
	}
	if gp&snpPolicyMigrateMA != 0 && !s.AllowMigrationAgent {
		return fmt.Errorf("%w: SEV-SNP guest policy 0x%x allows a migration agent", ErrPolicy, gp)
	}
	major, minor := uint8(gp>>8), uint8(gp)
	if major < s.MinABIMajor || (major == s.MinABIMajor && minor < s.MinABIMinor) {
		return fmt.Errorf("%w: SEV-SNP guest policy requires ABI %d.%d, below the minimum %d.%d",
			ErrPolicy, major, minor, s.MinABIMajor, s.MinABIMinor)
	}
	return nil
}
