// Package platforms opens a tee.Platform by the name an operator gives on
// the command line (`anonify node --tee KIND`), which is an attest.Kind
// value: sim-insecure, sgx, tdx, sev-snp or nitro (the old names sim,
// sgx-gramine and snp still work). It only selects and probes; each producer lives in
// its own package (tee/sim, tee/gramine, tee/tsm, tee/nitro) and fails at
// Open with an error naming what is missing, so a node on the wrong
// machine stops at start-up rather than at its first attestation.
//
// Trust: TRUSTED by position: the platform it returns runs inside the
// enclave's TEE. The sim-insecure kind provides no protection at all.
package platforms

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/tee"
	"github.com/anonify-go/anonify/tee/gramine"
	"github.com/anonify-go/anonify/tee/nitro"
	"github.com/anonify-go/anonify/tee/tsm"
)

// Options carries what the individual producers need. Every field has a
// working default on the real hardware; tests replace the devices with
// fakes.
type Options struct {
	// StateDir is the node's data directory. The sim platform keeps its
	// host secret there (file sim-insecure-host-secret) so that sealed
	// state survives a restart; empty means a secret held in memory.
	StateDir string
	// SimMeasurement overrides the sim platform's MEASUREMENT (48 bytes);
	// empty means SHA-384 of the running executable, which is what the
	// devnet's policy pins.
	SimMeasurement []byte
	// Gramine configures sgx (Root defaults to /dev/attestation).
	Gramine gramine.Options
	// TSM configures tdx and sev-snp. Want is overridden by the kind asked
	// for, so that `--tee tdx` on an SEV-SNP guest is an error.
	TSM tsm.Options
	// Nitro configures nitro (Session defaults to /dev/nsm).
	Nitro nitro.Options
	// Logger receives the INSECURE warning when the sim-insecure kind is
	// opened, and a notice when a deprecated name is used; nil means
	// slog.Default.
	Logger *slog.Logger
}

// Open returns the platform for name (see Resolve). A platform that holds
// a device open (nitro) implements io.Closer; Close releases it.
func Open(name string, opts Options) (tee.Platform, error) {
	kind, err := Resolve(name)
	if err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	if name != string(kind) {
		log.Warn("deprecated TEE name; use the attestation kind's name", "tee", name, "use", string(kind))
	}
	prod, _ := producerOf(kind)
	p, err := prod.open(opts)
	if err != nil {
		return nil, fmt.Errorf("platforms: %s: %w", kind, err)
	}
	// The kind is what the ledger and every verifier will see; a producer
	// that answers for another kind than asked is a bug, never a fallback.
	if p.Kind() != kind {
		Close(p)
		return nil, fmt.Errorf("platforms: %s: the platform reports kind %s", kind, p.Kind())
	}
	if info, ok := attest.KindInfoOf(kind); ok && info.Insecure {
		log.Warn("TEE platform is SIMULATED: INSECURE, development only; its evidence proves nothing and production policies refuse it", "tee", kind)
	}
	return p, nil
}

// Describe is a one-line description of the platform for logs and start-up
// banners, from attest's kind table. The simulated kind always says
// INSECURE, so that no operator mistakes a development node for a
// protected one.
func Describe(p tee.Platform) string {
	if info, ok := attest.KindInfoOf(p.Kind()); ok {
		return info.Description
	}
	return string(p.Kind())
}

// Close releases p's device when it holds one (nitro); it is a no-op for
// the others.
func Close(p tee.Platform) error {
	if c, ok := p.(io.Closer); ok {
		return c.Close()
	}
	return nil
}
