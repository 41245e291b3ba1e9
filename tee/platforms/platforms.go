// Package platforms opens a tee.Platform by the name an operator gives on
// the command line (`anonify node --tee KIND`): sim, sgx-gramine, tdx, snp
// or nitro. It only selects and probes; each producer lives in its own
// package (tee/sim, tee/gramine, tee/tsm, tee/nitro) and fails at Open with
// an error naming what is missing, so a node on the wrong machine stops at
// start-up rather than at its first attestation.
//
// Trust: TRUSTED by position: the platform it returns runs inside the
// enclave's TEE. The sim kind is INSECURE and provides no protection at all.
package platforms

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/tee"
	"github.com/anonify-go/anonify/tee/gramine"
	"github.com/anonify-go/anonify/tee/nitro"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/tee/tsm"
)

// Names accepted by Open, as the CLI spells them.
const (
	Sim        = "sim"
	SGXGramine = "sgx-gramine"
	TDX        = "tdx"
	SNP        = "snp"
	Nitro      = "nitro"
)

// kinds lists every name in the order help texts show them.
var kinds = []string{Sim, SGXGramine, TDX, SNP, Nitro}

// Kinds returns the names Open accepts.
func Kinds() []string { return append([]string(nil), kinds...) }

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
	// Gramine configures sgx-gramine (Root defaults to /dev/attestation).
	Gramine gramine.Options
	// TSM configures tdx and snp. Want is overridden by the kind asked
	// for, so that `--tee tdx` on an SEV-SNP guest is an error.
	TSM tsm.Options
	// Nitro configures nitro (Session defaults to /dev/nsm).
	Nitro nitro.Options
	// Logger receives the INSECURE warning when the sim kind is opened;
	// nil means slog.Default.
	Logger *slog.Logger
}

// Open returns the platform named kind. A platform that holds a device
// open (nitro) implements io.Closer; Close releases it.
func Open(kind string, opts Options) (tee.Platform, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	switch kind {
	case Sim:
		p, err := sim.New(sim.Options{Measurement: opts.SimMeasurement, StateDir: opts.StateDir})
		if err != nil {
			return nil, fmt.Errorf("platforms: %s: %w", kind, err)
		}
		log.Warn("TEE platform is SIMULATED: INSECURE, development only; its evidence proves nothing and production policies refuse it", "tee", kind)
		return p, nil
	case SGXGramine:
		p, err := gramine.New(opts.Gramine)
		if err != nil {
			return nil, fmt.Errorf("platforms: %s: %w", kind, err)
		}
		return p, nil
	case TDX, SNP:
		o := opts.TSM
		o.Want = attest.KindTDX
		if kind == SNP {
			o.Want = attest.KindSNP
		}
		p, err := tsm.New(o)
		if err != nil {
			return nil, fmt.Errorf("platforms: %s: %w", kind, err)
		}
		return p, nil
	case Nitro:
		p, err := nitro.New(opts.Nitro)
		if err != nil {
			return nil, fmt.Errorf("platforms: %s: %w", kind, err)
		}
		return p, nil
	case "":
		return nil, fmt.Errorf("platforms: no TEE kind given; choose one of %s", strings.Join(kinds, ", "))
	}
	return nil, fmt.Errorf("platforms: unknown TEE kind %q; choose one of %s", kind, strings.Join(kinds, ", "))
}

// Describe is a one-line description of the platform for logs and start-up
// banners. The simulated kind always says INSECURE, so that no operator
// mistakes a development node for a protected one.
func Describe(p tee.Platform) string {
	switch p.Kind() {
	case attest.KindSim:
		return "simulated TEE (sim-insecure): INSECURE, development only; its evidence proves nothing and every production policy refuses it"
	case attest.KindSGX:
		return "Intel SGX through Gramine (DCAP quotes)"
	case attest.KindTDX:
		return "Intel TDX through configfs-tsm (DCAP quotes; no hardware sealing key)"
	case attest.KindSNP:
		return "AMD SEV-SNP through configfs-tsm"
	case attest.KindNitro:
		return "AWS Nitro Enclaves through the NSM (no hardware sealing key)"
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
