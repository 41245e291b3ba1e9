// Package runtime is the deterministic application runtime inside the
// enclave. An app declares typed state slots (values and maps) and
// functions (commands that may write, queries that may not) in plain Go;
// the engine runs them against a key-value store in ledger order, with
// per-user counters, all-or-nothing writes and a digest of every write set
// so that enclaves can compare their states.
//
// Trust: TRUSTED. It holds plaintext state; only package enclave calls it.
//
// Determinism rules for app code: no clocks, no randomness, no map
// iteration that affects state, no goroutines. Everything an app may read
// comes from its arguments, its sender, its slots and its place in the
// ledger (Ctx.At: block and log index from the ledger, never the host's
// clock).
package runtime
