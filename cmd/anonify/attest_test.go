package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testdata = "../../../shared/testdata/attestation"

// TestAttestVerify runs `anonify attest verify` on the real samples: each
// is accepted at a time inside its window, and rejected with a precise
// reason otherwise.
func TestAttestVerify(t *testing.T) {
	if _, err := os.Stat(testdata); err != nil {
		t.Fatalf("attestation samples missing: %v", err)
	}
	p := func(rel string) string { return filepath.Join(testdata, rel) }
	pcr0Policy := filepath.Join(t.TempDir(), "nitro-policy.json")
	os.WriteFile(pcr0Policy, []byte(`{"version":1,"network":"production","kinds":[{"kind":"nitro","measurements":[{"registers":{"PCR0":"e72a46ca80a260fb044a125442f0c7e331813bcbaf9724d9f3857758992766f2d65710a27aa94ae3949dd54e7c9fe86a"}}]}],"chain":{"verify":"clique","genesis":"abababababababababababababababababababababababababababababababab","epoch":30000,"confirmations":2}}`), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"sgx v3", []string{p("sgx/dcap-qvl/sgx_quote"), "--collateral", p("sgx/dcap-qvl/sgx_quote_collateral.json"), "--at", "2025-07-01T00:00:00Z"}, 0, ""},
		{"tdx v4", []string{p("tdx/dcap-qvl/tdx_quote"), "--collateral", p("tdx/dcap-qvl/tdx_quote_collateral.json"), "--at", "2025-07-01T00:00:00Z"}, 0, ""},
		{"tdx outdated", []string{p("tdx/dcap-qvl/tdx_quote_outdated"), "--collateral", p("tdx/dcap-qvl/tdx_quote_outdated_collateral.json"), "--at", "2026-03-01T00:00:00Z"}, 3, "no TCB level matches"},
		{"sgx after window", []string{p("sgx/dcap-qvl/sgx_quote"), "--collateral", p("sgx/dcap-qvl/sgx_quote_collateral.json"), "--at", "2025-08-01T00:00:00Z"}, 3, "validity"},
		{"snp", []string{p("sev-snp/attestation.bin"), "--collateral", p("sev-snp"), "--at", "2023-01-01T00:00:00Z"}, 0, ""},
		{"nitro", []string{p("nitro/nitro_attestation.cbor"), "--at", "2024-09-07T15:00:00Z"}, 0, ""},
		{"nitro debug under a PCR0 policy", []string{p("nitro/nitro_attestation_debug.cbor"), "--at", "2024-09-07T15:00:00Z", "--policy", pcr0Policy}, 3, "rejected by policy"},
		{"nitro outside window", []string{p("nitro/nitro_attestation.cbor"), "--at", "2024-09-08T15:00:00Z"}, 3, "rejected"},
		{"bad time", []string{p("nitro/nitro_attestation.cbor"), "--at", "yesterday"}, 2, "--at"},
		{"not evidence", []string{p("README.md")}, 3, "rejected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := attestCmd()
			cmd.SetArgs(append([]string{"verify"}, tt.args...))
			cmd.SetOut(io.Discard)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			stdout := os.Stdout
			os.Stdout, _ = os.Open(os.DevNull)
			err := cmd.Execute()
			os.Stdout.Close()
			os.Stdout = stdout
			code := 0
			var ee *exitError
			switch {
			case errors.As(err, &ee):
				code = ee.code
			case err != nil:
				code = 1
			}
			if code != tt.code || (tt.msg != "" && !strings.Contains(err.Error(), tt.msg)) {
				t.Fatalf("exit %d (%v), want %d containing %q", code, err, tt.code, tt.msg)
			}
		})
	}
}
