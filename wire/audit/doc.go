// Package audit defines what an auditor reads: the scope governance
// registers with an auditor's key, the audit records enclaves produce for
// the commands in that scope, and how a record is sealed to the auditor.
//
// Trust: neutral, like wire. It holds no secrets and makes no trust
// decisions; the trusted enclave imports it to produce records and the
// auditor's CLI to open them, so every decoder here is strict and fuzzed.
//
// # Scopes
//
// A scope names one app and optionally narrows it to some functions and
// to some accounts (see ParseScope for the grammar):
//
//	erc20
//	erc20:accounts=0x1111111111111111111111111111111111111111
//	erc20:functions=transfer,transfer_from;accounts=0x1111111111111111111111111111111111111111
//
// Scope.String is the canonical form; the enclave records that form in
// every record made under the scope.
//
// # Records
//
// A Record is a JSON object (Record.Marshal, ParseRecord). Each auditor key
// has its own series of records numbered by Seq from 0 without gaps, so an
// auditor who finds a gap knows that records were withheld from it. A
// snapshot record (KindSnapshot) carries part Part of Parts of the in-scope
// state at the auditor's registration; a command record (KindCommand)
// carries one applied command in scope: its request id, signer, app,
// function, arguments, whether it succeeded and why not, and the in-scope
// state entries it wrote (an entry whose Value is JSON null was deleted).
// Block and LogIndex give the ledger position of the event that caused
// the record.
//
// # Sealing
//
// A sealed record is what crypto/hpke.Seal produces in RFC 9180 base mode
// with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM (the suite
// of wire/seal.go), single-shot (sequence 0, empty aad):
//
//	sealed = enc (32 bytes) ‖ AES-128-GCM(Pad(Marshal(r), RecordPadClass))
//	info   = Info(chainID, contract)
//
// The one difference from crypto/hpke.Seal is the ephemeral key: it is
// DeriveKeyPair(ikm) for input keying material the enclaves derive from
// their group secret and the record's identity, so every enclave seals a
// record to the same bytes (sender.go says why). The auditor opens with
// the standard library alone (OpenRecord is crypto/hpke.Open, wire.Unpad
// and ParseRecord) and needs only its private key and the ledger.
//
// # What an outsider learns
//
// From a sealed record, only its length, and the length only says which
// size class (RecordPadClass·2^k, up to MaxRecordClass) the record falls
// in. HPKE with X25519 does not reveal the recipient either: enc is the
// public key of an ephemeral that is independent of the auditor's key, and
// nothing else in the ciphertext names a key, so records to different
// auditors look alike. Identical sealed bytes mean the same record (every
// enclave's copy of it), never two records: ikm is unique per record.
package audit
