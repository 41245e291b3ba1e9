// Package cli is what the anonify binaries share: exit statuses, the
// command runner that maps errors to them (and prints them as JSON under
// --json), the version command, and the flags and files every chain-facing
// command reads. It is untrusted host code and links no client, wallet,
// devnet or embedded chain, so the lean node binary (cmd/anonify-node) can
// use it.
package cli

import (
	"errors"
	"fmt"
)

// Exit statuses, the same for every command of every anonify binary.
const (
	ExitFailure  = 1 // anything not listed below
	ExitUsage    = 2 // bad flags, arguments or input files: nothing was attempted
	ExitRejected = 3 // the enclave (or a verifier) refused
	ExitUnknown  = 4 // submitted, outcome unknown
	// ExitDiverged: a node stopped because the chain replaced blocks
	// whose events its enclave had applied; restarted on the same data
	// directory it would go on from a state the network may not share
	// (deploy/anonify-node.service does not restart it).
	ExitDiverged = 5
)

// ExitError carries a specific exit status.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode is the status the process exits with.
func (e *ExitError) ExitCode() int { return e.Code }

// Usage marks err as a usage or input error (exit 2).
func Usage(err error) error { return &ExitError{ExitUsage, err} }

// Usagef is Usage(fmt.Errorf(format, a...)).
func Usagef(format string, a ...any) error { return Usage(fmt.Errorf(format, a...)) }

// exitCoder is any error that names its exit status; the anonify command
// has its own such type besides ExitError.
type exitCoder interface{ ExitCode() int }

// Code is the exit status for err: 0 for nil, the status an error in its
// chain names, 2 for cobra's own argument errors, otherwise 1.
func Code(err error) int {
	if err == nil {
		return 0
	}
	var ec exitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	if isCobraUsage(err) {
		return ExitUsage
	}
	return ExitFailure
}

// Reported marks err as already reported on stdout under --json (a
// command that printed its JSON answer, a rejected outcome for example,
// and still exits non-zero): Run then prints the error on stderr only, so
// stdout holds one JSON document.
func Reported(err error) error { return &reportedError{err} }

type reportedError struct{ err error }

func (e *reportedError) Error() string { return e.err.Error() }
func (e *reportedError) Unwrap() error { return e.err }
