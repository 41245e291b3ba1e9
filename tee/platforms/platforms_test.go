package platforms

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-configfs-tsm/configfs/configfsi"
	"github.com/google/go-configfs-tsm/configfs/faketsm"
	"github.com/hf/nsm/request"
	"github.com/hf/nsm/response"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/tee/gramine"
	"github.com/anonify-go/anonify/tee/nitro"
	"github.com/anonify-go/anonify/tee/tsm"
)

// fakeTSM is configfs-tsm with the given provider; Open only probes it.
func fakeTSM(provider string) configfsi.Client {
	sub := &faketsm.ReportSubsystem{
		MakeEntry: func() *faketsm.ReportEntry {
			return &faketsm.ReportEntry{
				InAttrs: map[string]*faketsm.ReportAttributeState{"inblob": {}, "privlevel": {}},
				ROAttrs: map[string][]byte{"provider": []byte(provider + "\n")},
			}
		},
		ReadAttr: func(_ *faketsm.ReportEntry, attr string) ([]byte, error) {
			if attr == "provider" {
				return []byte(provider + "\n"), nil
			}
			return nil, os.ErrNotExist
		},
		Random: rand.Reader,
	}
	return &faketsm.Client{Subsystems: map[string]configfsi.Client{"report": sub}}
}

// fakeNSM answers DescribeNSM, which is all Open asks.
type fakeNSM struct {
	moduleID string
	closed   int
}

func (f *fakeNSM) Send(req request.Request) (response.Response, error) {
	if _, ok := req.(*request.DescribeNSM); ok {
		return response.Response{DescribeNSM: &response.DescribeNSM{ModuleID: f.moduleID}}, nil
	}
	return response.Response{Error: response.ECInvalidOperation}, nil
}

func (f *fakeNSM) Close() error { f.closed++; return nil }

// fakeGramine lays out Gramine's /dev/attestation files under a directory.
func fakeGramine(t *testing.T, attestationType string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range map[string]string{"attestation_type": attestationType, "user_report_data": "", "quote": ""} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestOpen(t *testing.T) {
	measurement := bytes.Repeat([]byte{0x5a}, 48)
	simOpts := func(t *testing.T) Options { return Options{StateDir: t.TempDir(), SimMeasurement: measurement} }
	gramineOpts := func(t *testing.T) Options { return Options{Gramine: gramine.Options{Root: fakeGramine(t, "dcap\n")}} }
	snpOpts := func(t *testing.T) Options { return Options{TSM: tsm.Options{Client: fakeTSM("sev_guest")}} }
	tests := []struct {
		name       string
		opts       func(t *testing.T) Options
		want       attest.Kind
		describe   string
		deprecated bool
	}{
		{"sim-insecure", simOpts, attest.KindSim, "INSECURE", false},
		{"sgx", gramineOpts, attest.KindSGX, "Intel SGX", false},
		{"tdx", func(t *testing.T) Options { return Options{TSM: tsm.Options{Client: fakeTSM("tdx_guest")}} }, attest.KindTDX, "Intel TDX", false},
		{"sev-snp", snpOpts, attest.KindSNP, "AMD SEV-SNP", false},
		{"nitro", func(t *testing.T) Options {
			return Options{Nitro: nitro.Options{Session: &fakeNSM{moduleID: "i-0abc-enc0def"}}}
		}, attest.KindNitro, "AWS Nitro", false},
		// The CLI's old names open the same kinds.
		{"sim", simOpts, attest.KindSim, "INSECURE", true},
		{"sgx-gramine", gramineOpts, attest.KindSGX, "Intel SGX", true},
		{"snp", snpOpts, attest.KindSNP, "AMD SEV-SNP", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			opts := tt.opts(t)
			opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			p, err := Open(tt.name, opts)
			if err != nil {
				t.Fatalf("Open(%q): %v", tt.name, err)
			}
			defer Close(p)
			if p.Kind() != tt.want {
				t.Fatalf("Open(%q).Kind() = %s, want %s", tt.name, p.Kind(), tt.want)
			}
			if d := Describe(p); !strings.Contains(d, tt.describe) {
				t.Fatalf("Describe = %q, want it to contain %q", d, tt.describe)
			}
			// Only the simulated kind warns, and it must.
			if warned := strings.Contains(logs.String(), "INSECURE"); warned != (tt.want == attest.KindSim) {
				t.Fatalf("INSECURE warning logged = %v for %s: %q", warned, tt.name, logs.String())
			}
			if noticed := strings.Contains(logs.String(), "deprecated TEE name"); noticed != tt.deprecated {
				t.Fatalf("deprecation notice logged = %v for %s: %q", noticed, tt.name, logs.String())
			}
		})
	}
}

func TestOpenRejects(t *testing.T) {
	absent := filepath.Join(t.TempDir(), "absent")
	tests := []struct {
		name, kind string
		opts       func(t *testing.T) Options
		want       string
		is         error
	}{
		{"unknown kind", "sgx-epid", func(*testing.T) Options { return Options{} },
			`platforms: unknown TEE kind "sgx-epid"; choose one of sim-insecure, sgx, tdx, sev-snp, nitro`, nil},
		{"empty kind", "", func(*testing.T) Options { return Options{} },
			"platforms: no TEE kind given; choose one of sim-insecure, sgx, tdx, sev-snp, nitro", nil},
		{"case matters", "SIM", func(*testing.T) Options { return Options{} },
			`platforms: unknown TEE kind "SIM"; choose one of sim-insecure, sgx, tdx, sev-snp, nitro`, nil},
		{"sim bad measurement", "sim-insecure", func(*testing.T) Options { return Options{SimMeasurement: []byte{1, 2, 3}} },
			"platforms: sim-insecure: sim-insecure: measurement is 3 bytes, want 48", nil},
		{"gramine absent", "sgx", func(*testing.T) Options { return Options{Gramine: gramine.Options{Root: absent}} },
			"platforms: sgx: tee/gramine: not running under Gramine SGX: " + absent + "/attestation_type not found", gramine.ErrNotGramine},
		{"gramine absent by old name", "sgx-gramine", func(*testing.T) Options { return Options{Gramine: gramine.Options{Root: absent}} },
			"platforms: sgx: tee/gramine: not running under Gramine SGX: " + absent + "/attestation_type not found", gramine.ErrNotGramine},
		{"gramine epid", "sgx", func(t *testing.T) Options { return Options{Gramine: gramine.Options{Root: fakeGramine(t, "epid")}} },
			"Intel retired the EPID attestation service", nil},
		{"tdx asked on snp", "tdx", func(*testing.T) Options { return Options{TSM: tsm.Options{Client: fakeTSM("sev_guest")}} },
			`platforms: tdx: tee/tsm: asked for tdx but configfs-tsm provider "sev_guest" is sev-snp`, nil},
		{"snp asked on tdx", "sev-snp", func(*testing.T) Options { return Options{TSM: tsm.Options{Client: fakeTSM("tdx_guest")}} },
			`platforms: sev-snp: tee/tsm: asked for sev-snp but configfs-tsm provider "tdx_guest" is tdx`, nil},
		{"nitro without module id", "nitro", func(*testing.T) Options { return Options{Nitro: nitro.Options{Session: &fakeNSM{}}} },
			"platforms: nitro: tee/nitro: NSM DescribeNSM probe: response carries no module id", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Open(tt.kind, tt.opts(t))
			if err == nil {
				Close(p)
				t.Fatalf("Open(%q) succeeded, want %q", tt.kind, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open(%q) = %q, want %q", tt.kind, err, tt.want)
			}
			if strings.HasPrefix(tt.want, "platforms:") && err.Error() != tt.want {
				t.Fatalf("Open(%q) = %q, want exactly %q", tt.kind, err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("Open(%q) = %v, want errors.Is %v", tt.kind, err, tt.is)
			}
		})
	}
}

func TestCloseReleasesDevice(t *testing.T) {
	nsm := &fakeNSM{moduleID: "i-0abc-enc0def"}
	p, err := Open("nitro", Options{Nitro: nitro.Options{Session: nsm}})
	if err != nil {
		t.Fatal(err)
	}
	if err := Close(p); err != nil || nsm.closed != 1 {
		t.Fatalf("Close: err %v, NSM closed %d times, want once", err, nsm.closed)
	}
	s, err := Open("sim-insecure", Options{SimMeasurement: bytes.Repeat([]byte{1}, 48), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if err := Close(s); err != nil {
		t.Fatalf("Close(sim) = %v, want nil", err)
	}
}

func TestKinds(t *testing.T) {
	got := fmt.Sprint(Kinds())
	if got != "[sim-insecure sgx tdx sev-snp nitro]" {
		t.Fatalf("Kinds() = %s", got)
	}
	k := Kinds()
	k[0] = "mutated"
	if Kinds()[0] != string(attest.KindSim) {
		t.Fatal("Kinds returned the package's own slice")
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name string
		want attest.Kind
		err  string
	}{
		{"sim-insecure", attest.KindSim, ""},
		{"sgx", attest.KindSGX, ""},
		{"tdx", attest.KindTDX, ""},
		{"sev-snp", attest.KindSNP, ""},
		{"nitro", attest.KindNitro, ""},
		{"sim", attest.KindSim, ""},
		{"sgx-gramine", attest.KindSGX, ""},
		{"snp", attest.KindSNP, ""},
		{"tdx-tsm", "", `platforms: unknown TEE kind "tdx-tsm"; choose one of sim-insecure, sgx, tdx, sev-snp, nitro`},
		{"Nitro", "", `platforms: unknown TEE kind "Nitro"; choose one of sim-insecure, sgx, tdx, sev-snp, nitro`},
		{"", "", "platforms: no TEE kind given; choose one of sim-insecure, sgx, tdx, sev-snp, nitro"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(tt.name)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Resolve(%q) = %s, %v; want error %q", tt.name, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Resolve(%q) = %s, %v; want %s", tt.name, got, err, tt.want)
			}
		})
	}
}
