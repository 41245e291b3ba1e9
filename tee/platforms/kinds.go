package platforms

import (
	"fmt"
	"strings"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/tee"
	"github.com/anonify-go/anonify/tee/gramine"
	"github.com/anonify-go/anonify/tee/nitro"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/tee/tsm"
)

// producer is one row of the platform table: how to open the producer of
// a kind's evidence. What is known about the kind itself (description,
// registers, sealing) lives in attest's kind table.
type producer struct {
	kind attest.Kind
	open func(Options) (tee.Platform, error)
}

// producers lists every kind Open can open, in the order help texts show
// them (that of attest.Kinds).
var producers = []producer{
	{attest.KindSim, func(o Options) (tee.Platform, error) {
		return sim.New(sim.Options{Measurement: o.SimMeasurement, StateDir: o.StateDir})
	}},
	{attest.KindSGX, func(o Options) (tee.Platform, error) { return gramine.New(o.Gramine) }},
	{attest.KindTDX, openTSM(attest.KindTDX)},
	{attest.KindSNP, openTSM(attest.KindSNP)},
	{attest.KindNitro, func(o Options) (tee.Platform, error) { return nitro.New(o.Nitro) }},
}

// openTSM opens configfs-tsm insisting on the kind asked for, so that
// `--tee tdx` on an SEV-SNP guest (or the reverse) is an error.
func openTSM(k attest.Kind) func(Options) (tee.Platform, error) {
	return func(o Options) (tee.Platform, error) {
		t := o.TSM
		t.Want = k
		return tsm.New(t)
	}
}

// aliases are the names the CLI used before they matched the attest.Kind
// values (which are on the ledger and cannot change). They are still
// accepted so that existing scripts keep working, but Kinds does not list
// them.
var aliases = map[string]attest.Kind{
	"sim":         attest.KindSim,
	"sgx-gramine": attest.KindSGX,
	"snp":         attest.KindSNP,
}

// Kinds returns the canonical names Open accepts: the attest.Kind values.
func Kinds() []string {
	out := make([]string, len(producers))
	for i, p := range producers {
		out[i] = string(p.kind)
	}
	return out
}

// Resolve returns the kind an operator means by name: an attest.Kind
// value, or a deprecated alias of one (sim, sgx-gramine, snp). Names are
// case-sensitive.
func Resolve(name string) (attest.Kind, error) {
	if _, ok := producerOf(attest.Kind(name)); ok {
		return attest.Kind(name), nil
	}
	if k, ok := aliases[name]; ok {
		return k, nil
	}
	if name == "" {
		return "", fmt.Errorf("platforms: no TEE kind given; choose one of %s", strings.Join(Kinds(), ", "))
	}
	return "", fmt.Errorf("platforms: unknown TEE kind %q; choose one of %s", name, strings.Join(Kinds(), ", "))
}

func producerOf(k attest.Kind) (*producer, bool) {
	for i := range producers {
		if producers[i].kind == k {
			return &producers[i], true
		}
	}
	return nil, false
}
