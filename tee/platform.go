// Package tee defines the evidence producers: the platform side of remote
// attestation and sealing. Each TEE kind lives in its own subpackage
// (tee/sim, tee/gramine, tee/tsm, tee/nitro) behind the Platform interface.
//
// Trust: TRUSTED. A Platform runs inside the enclave; the sealing key it
// returns must never leave the enclave.
package tee

import (
	"context"
	"errors"

	"github.com/anonify-go/anonify/attest"
)

// Platform is what the enclave needs from the hardware.
type Platform interface {
	// Kind reports which TEE this is; attest.KindSim means INSECURE.
	Kind() attest.Kind

	// Evidence returns evidence whose report data is reportData, encoded as
	// an attest/verify envelope (kind tag, raw evidence, certificates needed
	// to verify it) so that any verifier can check it offline.
	Evidence(ctx context.Context, reportData [64]byte) ([]byte, error)

	// SealingKey returns a 32-byte key bound to this platform and to the
	// measurement of the running code: the same code on the same machine
	// gets the same key across restarts, other code never does.
	SealingKey() ([]byte, error)
}

// ErrNoSealingKey is what SealingKey returns (wrapped) on platforms without
// a hardware sealing key (TDX, Nitro): their keys must come from a
// key-release service after attestation. Hosts can tell it from a failure
// and run without sealed state, re-registering after a restart.
var ErrNoSealingKey = errors.New("tee: this platform has no sealing key")

// NoSealingKey makes a platform-specific error with the given message that
// matches ErrNoSealingKey under errors.Is.
func NoSealingKey(msg string) error { return noSealingKey{msg} }

type noSealingKey struct{ msg string }

func (e noSealingKey) Error() string { return e.msg }
func (e noSealingKey) Unwrap() error { return ErrNoSealingKey }
