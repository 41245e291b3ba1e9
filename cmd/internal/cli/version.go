package cli

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/tee/sim"
)

// Version is the release version, set at link time with
// -ldflags "-X github.com/anonify-go/anonify/cmd/internal/cli.Version=v1.2.3";
// unset, the module version Go recorded is shown ("(devel)" for a build
// from a source tree).
var Version string

// BuildInfo is what the version command prints.
type BuildInfo struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"` // VCS revision the binary was built from
	Time     string `json:"vcs_time,omitempty"`
	Modified bool   `json:"modified,omitempty"` // built from a tree with uncommitted changes
	Go       string `json:"go"`
	// SimMeasurement is the MEASUREMENT the simulated TEE (--tee
	// sim-insecure) reports for this executable, in hex. Real TEEs
	// measure the enclave image or VM instead; see docs/DEPLOYMENT.md.
	SimMeasurement string `json:"sim_measurement,omitempty"`
}

// ReadBuildInfo collects the version, the VCS stamp Go embedded in the
// binary, and the simulated TEE's measurement of it.
func ReadBuildInfo() BuildInfo {
	bi := BuildInfo{Version: Version}
	if info, ok := debug.ReadBuildInfo(); ok {
		if bi.Version == "" {
			bi.Version = info.Main.Version
		}
		bi.Go = info.GoVersion
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				bi.Revision = s.Value
			case "vcs.time":
				bi.Time = s.Value
			case "vcs.modified":
				bi.Modified = s.Value == "true"
			}
		}
	}
	if bi.Version == "" {
		bi.Version = "(devel)"
	}
	if m, err := sim.ExecutableMeasurement(); err == nil {
		bi.SimMeasurement = hex.EncodeToString(m)
	}
	return bi
}

// VersionCommand is `version`: the version, the VCS revision and the
// measurement the simulated TEE would report for this binary.
func VersionCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, the VCS revision, and the simulated TEE's measurement of this binary",
		Long: `version prints the release version, the VCS revision the binary was built
from (with "modified" if the tree had uncommitted changes), the Go version,
and the MEASUREMENT that the SIMULATED TEE (--tee sim-insecure) reports for
this very executable: SHA-384 of the file, which a development policy can
pin. Hardware TEEs measure the enclave image or VM instead (see
docs/DEPLOYMENT.md).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			bi := ReadBuildInfo()
			w := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(bi)
			}
			fmt.Fprintf(w, "%s %s\n", cmd.Root().Name(), bi.Version)
			rev := bi.Revision
			if rev == "" {
				rev = "unknown (built without VCS information)"
			}
			if bi.Modified {
				rev += " (modified)"
			}
			if bi.Time != "" {
				rev += " " + bi.Time
			}
			fmt.Fprintf(w, "revision                  %s\n", rev)
			fmt.Fprintf(w, "go                        %s\n", bi.Go)
			m := bi.SimMeasurement
			if m == "" {
				m = "unavailable (cannot read this executable)"
			}
			fmt.Fprintf(w, "simulated TEE measurement %s (sim-insecure: SHA-384 of this executable; development only)\n", m)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "machine-readable output")
	return cmd
}
