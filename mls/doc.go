// Package mls implements the parts of Messaging Layer Security (RFC 9420)
// that Anonify uses as its group key: the TLS presentation-language wire
// formats, the cipher suites, the ratchet tree and TreeKEM, the key
// schedule and secret tree, message framing, KeyPackages, Welcome and a
// Group state machine (create, add, remove, rotate, process, join,
// export).
//
// TRUSTED: a Group holds a member's private keys and epoch secrets and is
// meant to run inside the enclave; only its outputs (KeyPackages, commits,
// Welcomes, PrivateMessages) may leave it. Everything a Group accepts from
// outside is verified as RFC 9420 prescribes, and all decoders are strict
// (minimal vector lengths, no trailing bytes) because the same bytes are
// hashed by every member.
//
// The package stands alone: it imports only the Go standard library,
// golang.org/x/crypto and, for X448/Ed448, github.com/cloudflare/circl.
// It passes the IETF MLS working group's interop vectors for cipher
// suites 1 to 7.
//
// The delivery service is the ledger, which orders commits and accepts
// one per epoch. Commit therefore only stages the next epoch; the
// committer moves on when its own commit comes back through Process, and
// drops the staged epoch if another commit wins.
package mls
