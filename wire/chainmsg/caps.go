package chainmsg

// The contract's caps on postCommands (its public MAX_* constants), which
// the enclave packs its batches under: a batch over any of them reverts
// whoever posts it, so a message that cannot fit must never be signed into
// one. caps_test.go checks them against contracts/AnonifyLedger.sol.
const (
	MaxCiphertexts     = 256   // ciphertexts per postCommands
	MaxCiphertextBytes = 16384 // bytes of one ciphertext
	MaxBatchBytes      = 98304 // ciphertext bytes of one postCommands
)

// The contract's caps on auditors and audit posts. A post's records are
// under the same caps as a command batch (MaxCiphertexts, ...).
const (
	MaxScopeBytes       = 1024 // an auditor's scope
	MaxAuditors         = 16   // auditors registered at once
	MaxAuditHeaderBytes = 512  // the sealed header of one postAudit (a ledger ciphertext of the smallest class: 313 bytes)
)

// The contract's caps on the custodian set and on checkpoints.
const (
	MaxCustodians    = 16    // keys of one custodian set
	MaxManifestBytes = 8192  // one postCheckpoint's manifest
	MaxChunkBytes    = 65536 // one postCheckpointChunk's chunk
)
