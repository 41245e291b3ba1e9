package attest

import "strconv"

// Kind names a TEE technology. The values are recorded on the ledger (in
// policies and evidence envelopes) and are what operators pass to
// `anonify node --tee`, so they never change.
type Kind string

const (
	KindSGX   Kind = "sgx"
	KindTDX   Kind = "tdx"
	KindSNP   Kind = "sev-snp"
	KindNitro Kind = "nitro"
	// KindSim is the INSECURE simulated TEE used by devnets and tests.
	KindSim Kind = "sim-insecure"
)

// KindInfo holds the facts about one TEE kind that do not depend on any
// evidence: what the policy may pin and which rules apply. Verification
// (attest/verify) and evidence production (tee/platforms) keep their own
// tables keyed by the same kinds; a test keeps the three in step.
type KindInfo struct {
	Kind Kind
	// Description is one line for logs and start-up banners. The insecure
	// kind's says INSECURE, so no operator mistakes it for protection.
	Description string
	// Registers are the measurement registers a policy may pin, in the
	// vendor's order, with their exact sizes: a typo or a truncated value
	// is refused when the policy is written rather than never matching.
	Registers []Register
	// IdentityRegisters are the registers of which every allowed
	// measurement must pin at least one, because they identify the code.
	IdentityRegisters []string
	// HasTCBStatus is true for kinds whose vendor collateral rates the
	// platform (a TCB status, advisories, collateral issue dates): the
	// policy rules on those apply to these kinds only.
	HasTCBStatus bool
	// Insecure is true for a kind whose evidence proves nothing; production
	// policies refuse it.
	Insecure bool
	// SealingKey is true when the platform derives a sealing key for the
	// running code. Kinds without one (TDX, Nitro) need a key-release
	// service to keep state across restarts.
	SealingKey bool
}

// Register is one measurement register and its size in bytes.
type Register struct {
	Name string
	Size int
}

// RegisterSize returns the size of the named register, or false when the
// kind has no such register.
func (i KindInfo) RegisterSize(name string) (int, bool) {
	for _, r := range i.Registers {
		if r.Name == name {
			return r.Size, true
		}
	}
	return 0, false
}

// kinds is the table, in the order help texts list the kinds: the insecure
// one first (it is the development default), then the hardware ones.
var kinds = []KindInfo{
	{
		Kind:              KindSim,
		Description:       "simulated TEE (sim-insecure): INSECURE, development only; its evidence proves nothing and every production policy refuses it",
		Registers:         []Register{{"MEASUREMENT", 48}},
		IdentityRegisters: []string{"MEASUREMENT"},
		Insecure:          true,
		// Derived from a file on the host: it exists but protects nothing.
		SealingKey: true,
	},
	{
		Kind:              KindSGX,
		Description:       "Intel SGX through Gramine (DCAP quotes)",
		Registers:         []Register{{"MRENCLAVE", 32}, {"MRSIGNER", 32}, {"CONFIGID", 64}},
		IdentityRegisters: []string{"MRENCLAVE", "MRSIGNER"},
		HasTCBStatus:      true,
		SealingKey:        true,
	},
	{
		Kind:        KindTDX,
		Description: "Intel TDX through configfs-tsm (DCAP quotes; no hardware sealing key)",
		Registers: []Register{{"MRTD", 48}, {"RTMR0", 48}, {"RTMR1", 48}, {"RTMR2", 48}, {"RTMR3", 48},
			{"MRSEAM", 48}, {"MRSIGNERSEAM", 48}, {"MRCONFIGID", 48}, {"MROWNER", 48}, {"MROWNERCONFIG", 48}},
		IdentityRegisters: []string{"MRTD"},
		HasTCBStatus:      true,
	},
	{
		Kind:        KindSNP,
		Description: "AMD SEV-SNP through configfs-tsm",
		Registers: []Register{{"MEASUREMENT", 48}, {"HOST_DATA", 32}, {"ID_KEY_DIGEST", 48},
			{"AUTHOR_KEY_DIGEST", 48}, {"FAMILY_ID", 16}, {"IMAGE_ID", 16}},
		IdentityRegisters: []string{"MEASUREMENT"},
		SealingKey:        true,
	},
	{
		Kind:              KindNitro,
		Description:       "AWS Nitro Enclaves through the NSM (no hardware sealing key)",
		Registers:         nitroPCRs(),
		IdentityRegisters: []string{"PCR0"},
	},
}

// nitroPCRs lists PCR0..PCR15, each a SHA-384 value.
func nitroPCRs() []Register {
	rs := make([]Register, 16)
	for i := range rs {
		rs[i] = Register{"PCR" + strconv.Itoa(i), 48}
	}
	return rs
}

// kindInfo returns the table row itself; callers inside the package must
// not modify it.
func kindInfo(k Kind) (*KindInfo, bool) {
	for i := range kinds {
		if kinds[i].Kind == k {
			return &kinds[i], true
		}
	}
	return nil, false
}

// KindInfoOf returns the facts about k, or false when k is unknown. The
// result is a copy: changing it does not change the table.
func KindInfoOf(k Kind) (KindInfo, bool) {
	i, ok := kindInfo(k)
	if !ok {
		return KindInfo{}, false
	}
	return i.clone(), true
}

// Kinds returns every known kind's facts, in a fixed order (the insecure
// kind first). The result is a copy.
func Kinds() []KindInfo {
	out := make([]KindInfo, len(kinds))
	for i := range kinds {
		out[i] = kinds[i].clone()
	}
	return out
}

func (i KindInfo) clone() KindInfo {
	c := i
	c.Registers = append([]Register(nil), i.Registers...)
	c.IdentityRegisters = append([]string(nil), i.IdentityRegisters...)
	return c
}
