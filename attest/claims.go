// Package attest holds the vocabulary shared by every attestation verifier
// (RFC 9334 terms): the normalized claims a verifier extracts from evidence,
// the errors it returns, and the policy a relying party applies to claims.
//
// Trust: used on both sides of the enclave boundary. It parses nothing
// itself; the kind-specific packages (attest/dcap, attest/snp, attest/nitro,
// attest/sim) turn evidence into Claims, and attest/verify dispatches between
// them.
package attest

import (
	"errors"
	"time"
)

// TCBStatus is the platform's security level as the vendor's collateral
// judges it. Values follow Intel's TCB info vocabulary; kinds that have no
// such notion report TCBStatusNotApplicable.
type TCBStatus string

const (
	TCBUpToDate                          TCBStatus = "UpToDate"
	TCBSWHardeningNeeded                 TCBStatus = "SWHardeningNeeded"
	TCBConfigurationNeeded               TCBStatus = "ConfigurationNeeded"
	TCBConfigurationAndSWHardeningNeeded TCBStatus = "ConfigurationAndSWHardeningNeeded"
	TCBOutOfDate                         TCBStatus = "OutOfDate"
	TCBOutOfDateConfigurationNeeded      TCBStatus = "OutOfDateConfigurationNeeded"
	TCBRevoked                           TCBStatus = "Revoked"
	TCBStatusNotApplicable               TCBStatus = "NotApplicable"
)

// Claims is the normalized attestation result every verifier returns.
// A verifier fills Claims only after every authenticity check passed
// (signatures, chains to the pinned root, revocation, validity at the
// verification time, TCB level matching); policy checks come afterwards.
type Claims struct {
	Kind Kind `json:"kind"`

	// Registers holds the measurement registers by their vendor names, for
	// example "MRENCLAVE", "MRSIGNER" (SGX); "MRTD", "RTMR0".."RTMR3",
	// "MRSEAM", "MRCONFIGID", "MROWNER", "MROWNERCONFIG" (TDX);
	// "MEASUREMENT", "HOST_DATA", "ID_KEY_DIGEST", "FAMILY_ID", "IMAGE_ID"
	// (SEV-SNP); "PCR0".."PCR15" (Nitro); "MEASUREMENT" (sim).
	Registers map[string][]byte `json:"registers"`

	// SVNs holds security version numbers and product ids by vendor name,
	// for example "ISVPRODID", "ISVSVN" (SGX); "GUEST_SVN", "GUEST_POLICY",
	// "CURRENT_TCB", "REPORTED_TCB" (SEV-SNP).
	SVNs map[string]uint64 `json:"svns,omitempty"`

	// Debug is true when the platform allows the host to inspect the TEE
	// (SGX ATTRIBUTES.DEBUG, TDX TD_ATTRIBUTES.DEBUG, SNP policy DEBUG,
	// Nitro all-zero PCRs).
	Debug bool `json:"debug"`

	TCBStatus  TCBStatus `json:"tcb_status"`
	Advisories []string  `json:"advisories,omitempty"`

	// ReportData is the 64 (Nitro: user_data) bytes the TEE signed on behalf
	// of the code it runs; Anonify binds it to the enclave's keys.
	ReportData []byte `json:"report_data"`

	// NotBefore and NotAfter bound the instant at which every certificate,
	// CRL and collateral item used in the verification is valid.
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`

	// CollateralIssued is the oldest issue date among the collateral used
	// (TCB info, QE identity, CRLs); policies bound its age.
	CollateralIssued time.Time `json:"collateral_issued,omitempty"`

	// Insecure is true for evidence that proves nothing (the simulated kind).
	Insecure bool `json:"insecure"`
}

// Errors shared by verifiers. Kind-specific packages wrap these with the
// precise reason (fmt.Errorf("%w: ...", attest.ErrSignature)) so callers can
// classify a rejection while users read what exactly failed.
var (
	ErrFormat        = errors.New("attest: malformed evidence")
	ErrUnknownKind   = errors.New("attest: unknown evidence kind")
	ErrSignature     = errors.New("attest: bad signature")
	ErrChain         = errors.New("attest: certificate chain does not lead to the pinned root")
	ErrRevoked       = errors.New("attest: certificate revoked")
	ErrExpired       = errors.New("attest: outside the validity window")
	ErrCollateral    = errors.New("attest: bad or missing collateral")
	ErrTCBLevel      = errors.New("attest: no TCB level matches the platform")
	ErrBinding       = errors.New("attest: report data does not bind the expected keys")
	ErrPolicy        = errors.New("attest: evidence violates the policy")
	ErrQEReport      = errors.New("attest: quoting enclave report invalid")
	ErrAttestKeyBind = errors.New("attest: attestation key not bound by the QE report")
)
