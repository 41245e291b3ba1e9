// Package wire defines the formats shared by clients, enclaves and nodes:
// signed requests, the HPKE suite and labels that seal them, sealed answers
// and outcomes, and the JSON bodies of the node's HTTP API.
//
// Trust: neutral. It holds no keys and makes no trust decisions; it is
// imported by the trusted enclave and by untrusted hosts and clients alike,
// so every decoder here is strict and fuzzed.
package wire
