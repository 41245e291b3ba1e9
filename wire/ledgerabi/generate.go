// Package ledgerabi is the AnonifyLedger contract's ABI in Go: the
// bindings abigen (v2) generates from contracts/build (do not edit
// anonify_ledger.go by hand), and the decoding of the contract's logs into
// wire/chainmsg events (decode.go). Both sides use it: the host to send
// and to read logs, an enclave that verifies the chain itself to read the
// logs of receipts it has checked against a sealed header.
package ledgerabi

//go:generate sh ../../contracts/generate.sh
