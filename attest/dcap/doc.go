// Package dcap verifies Intel DCAP ECDSA quotes: SGX enclave quotes
// (version 3, and versions 4 and 5 with an SGX body) and TDX TD quotes (version 4,
// and version 5 with a TDX 1.0 or TDX 1.5 body), offline, against Intel's
// collateral (PCK CRL, root CA CRL, TCB info, QE identity) and a pinned
// Intel SGX Root CA.
//
// Trust: this package decides whether evidence is authentic. It runs in the
// enclave (admission of new members) and on clients, and it parses bytes
// that an attacker fully controls (the quote) or partly controls (the
// collateral, whose signatures it checks before it trusts any field). Every
// parser bounds-checks before it reads and has a fuzz target. It makes no
// policy decision: Verify returns attest.Claims with the TCB status and
// advisories that Intel's collateral assigns, and the relying party's
// policy decides whether they are acceptable.
//
// What Verify checks, in the order of Intel's Quote Verification Library
// (section numbers of Intel's "ECDSA Quote Library API" appendix are noted
// in the code where they help a reviewer):
//
//   - the quote layout, strictly: version, attestation key type, TEE type,
//     QE vendor id, body type and size, every nested length;
//   - the PCK certificate chain from the quote: leaf → Intel SGX PCK
//     Platform or Processor CA → the pinned root, names, validity at
//     Options.Now, and revocation through the PCK CRL and the root CA CRL,
//     both signature-checked and within their validity windows;
//   - the TCB info and QE identity: signature by the Intel SGX TCB Signing
//     certificate (itself chained to the pinned root, valid and not
//     revoked), issueDate ≤ Now ≤ nextUpdate, FMSPC and PCE-ID equal to the
//     PCK certificate's SGX extensions, and the identity kind (SGX/QE or
//     TDX/TD_QE) equal to the quote's TEE;
//   - for TDX, the TDX module identity (MRSIGNERSEAM, SEAM attributes);
//   - the QE report signature under the PCK key, the attestation-key
//     binding (QE report_data = SHA-256(attestation key ‖ QE auth data) ‖
//     32 zero bytes), the QE report against the QE identity (MRSIGNER,
//     ISVPRODID, masked MISCSELECT and ATTRIBUTES, ISVSVN level);
//   - the quote signature under the attestation key;
//   - the TCB level: Intel's matching of the PCK certificate's CPUSVN
//     components and PCESVN (and, for TDX, of TEE_TCB_SVN and the TDX module
//     ISVSVN) against the TCB levels, combined with the QE's level as
//     Intel's QVL does.
//
// Why not go-tdx-guest: it parses and verifies TDX v4 quotes only (no SGX,
// no v5 in v0.3.1), its PCS types lack the version-2 SGX TCB info format,
// and its PCK extension parser insists on a fixed count of X.509
// extensions. One parser and one verifier serving SGX and TDX keeps a single
// code path to review. The tests use go-tdx-guest's independent parser as a
// cross-check on the TDX v4 samples.
package dcap
