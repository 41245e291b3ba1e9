package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/cmd/internal/cli"
)

func attestCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "attest", Short: "Verify attestation evidence (SGX, TDX, SEV-SNP, Nitro, simulated); fetch a node's; govern the on-chain policy"}
	var collateral, at, policyFile string
	var asJSON bool
	v := &cobra.Command{
		Use:   "verify EVIDENCE",
		Short: "Detect the evidence kind, verify it, print the claims; exit non-zero with the reason on rejection",
		Long: `verify checks authenticity (signatures, certificate chains to the pinned
vendor roots, revocation, validity at --at, a matching TCB level) and prints
the normalized claims. With --policy it also applies that policy.

EVIDENCE is a file, - for stdin, or the evidence itself in hex; a file or
stdin may hold the raw bytes or hex (what anonify attest evidence prints):

  anonify attest evidence --node URL | anonify attest verify -

--collateral takes the Intel collateral JSON bundle (as in the samples) or a
folder of PCS responses for SGX/TDX; for SEV-SNP a folder holding vcek.der
(and optionally the ASK/ARK chain as PEM).

Measurements and report data print in hex, as in policy files, in the text
and the --json output alike. Exit status: 0 verified, 3 rejected (by
authenticity or by the policy), 2 unreadable input.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := readEvidence(args[0], cmd.InOrStdin())
			if err != nil {
				return err
			}
			opts := verify.Options{Now: time.Now()}
			if at != "" {
				if opts.Now, err = time.Parse(time.RFC3339, at); err != nil {
					return &exitError{2, fmt.Errorf("--at: %w", err)}
				}
			}
			if collateral != "" {
				if err := cli.LoadCollateral(collateral, &opts); err != nil {
					return &exitError{2, fmt.Errorf("--collateral: %w", err)}
				}
			}
			out := cmd.OutOrStdout()
			claims, err := verify.Evidence(raw, opts)
			if err != nil {
				return &exitError{3, fmt.Errorf("rejected: %w", err)}
			}
			if policyFile != "" {
				p, err := loadClientPolicy(policyFile)
				if err != nil {
					return err
				}
				if err := p.Check(claims, opts.Now); err != nil {
					err = &exitError{3, fmt.Errorf("rejected by policy: %w", err)}
					if asJSON {
						writeJSON(out, claimsView(claims))
						return cli.Reported(err)
					}
					return err
				}
			}
			if asJSON {
				return writeJSON(out, claimsView(claims))
			}
			printClaims(out, claims)
			return nil
		},
	}
	v.Flags().StringVar(&collateral, "collateral", "", "collateral JSON bundle or folder")
	v.Flags().StringVar(&at, "at", "", "verification time (RFC 3339); default now")
	v.Flags().StringVar(&policyFile, "policy", "", "policy JSON file to apply")
	v.Flags().BoolVar(&asJSON, "json", false, "print claims as JSON (hex values; errors as {\"error\", \"code\"})")
	cmd.AddCommand(v, evidenceCmd(), policyCmd())
	return cmd
}

// evidenceCmd is `attest evidence --node URL`: a node's evidence, as it
// serves it, for verifying with `attest verify` or any other tool.
func evidenceCmd() *cobra.Command {
	var nodeURL string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "evidence --node URL",
		Short: "Fetch a node's attestation evidence (unverified) and print it in hex",
		Long: `evidence fetches the evidence a node's enclave serves (GET /v1/enclave) and
prints it in hex on one line, verifying NOTHING: pipe it into anonify attest
verify - (or save it and use any other tool). With --json it prints the
whole enclave description (identity, keys, TEE kind, chain, contract,
genesis, evidence), which is what the evidence's report data binds.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if nodeURL == "" {
				nodeURL = os.Getenv("ANONIFY_NODE")
			}
			if nodeURL == "" {
				return &exitError{2, errors.New("no node: pass --node URL or set ANONIFY_NODE")}
			}
			info, err := client.FetchEnclaveUnverified(cmd.Context(), nodeURL)
			if errors.Is(err, client.ErrNotNode) {
				return &exitError{2, err}
			}
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), info)
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), hex.EncodeToString(info.Evidence))
			return err
		},
	}
	cmd.Flags().StringVar(&nodeURL, "node", "", "node URL (env ANONIFY_NODE)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the node's whole enclave description as JSON")
	return cmd
}

// readEvidence reads EVIDENCE: "-" is stdin, an existing path a file,
// anything else hex. Files and stdin may hold raw evidence or hex text.
func readEvidence(arg string, stdin io.Reader) ([]byte, error) {
	var b []byte
	var err error
	switch {
	case arg == "-":
		if b, err = io.ReadAll(io.LimitReader(stdin, maxEvidence+1)); err != nil {
			return nil, &exitError{2, fmt.Errorf("reading evidence from stdin: %w", err)}
		}
	default:
		if b, err = os.ReadFile(arg); err != nil {
			if h, ok := decodeHex([]byte(arg)); ok {
				return h, nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, &exitError{2, err}
			}
			return nil, &exitError{2, fmt.Errorf("evidence %q: no such file, and not hex (give a file, - for stdin, or hex)", abbreviate(arg))}
		}
	}
	if len(b) > maxEvidence {
		return nil, &exitError{2, fmt.Errorf("evidence: more than %d bytes", maxEvidence)}
	}
	if h, ok := decodeHex(b); ok {
		return h, nil
	}
	if len(b) == 0 {
		return nil, &exitError{2, errors.New("evidence: empty input")}
	}
	return b, nil
}

// maxEvidence bounds what verify reads: real evidence is a few KB (an SGX
// quote with its certification chain ~5 KB, Nitro ~4.5 KB).
const maxEvidence = 1 << 20

// decodeHex decodes b as hex text (optionally 0x, surrounded by white
// space); ok is false if it is not that.
func decodeHex(b []byte) ([]byte, bool) {
	s := strings.TrimSpace(string(b))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if s == "" {
		return nil, false
	}
	h, err := hex.DecodeString(s)
	return h, err == nil
}

func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// claimsJSON is the --json form of attest.Claims: registers and report
// data in hex, as in the text output and in policy files, and no time
// that the evidence does not set.
type claimsJSON struct {
	Kind             attest.Kind       `json:"kind"`
	Insecure         bool              `json:"insecure"`
	Debug            bool              `json:"debug"`
	TCBStatus        attest.TCBStatus  `json:"tcb_status"`
	Advisories       []string          `json:"advisories,omitempty"`
	Registers        map[string]string `json:"registers"`
	SVNs             map[string]uint64 `json:"svns,omitempty"`
	ReportData       string            `json:"report_data"`
	NotBefore        *time.Time        `json:"not_before,omitempty"`
	NotAfter         *time.Time        `json:"not_after,omitempty"`
	CollateralIssued *time.Time        `json:"collateral_issued,omitempty"`
}

func claimsView(c *attest.Claims) claimsJSON {
	regs := make(map[string]string, len(c.Registers))
	for n, v := range c.Registers {
		regs[n] = hex.EncodeToString(v)
	}
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	return claimsJSON{Kind: c.Kind, Insecure: c.Insecure, Debug: c.Debug, TCBStatus: c.TCBStatus, Advisories: c.Advisories,
		Registers: regs, SVNs: c.SVNs, ReportData: hex.EncodeToString(c.ReportData),
		NotBefore: at(c.NotBefore), NotAfter: at(c.NotAfter), CollateralIssued: at(c.CollateralIssued)}
}

func printClaims(w io.Writer, c *attest.Claims) {
	fmt.Fprintf(w, "%-18s %s", "kind", c.Kind)
	if c.Insecure {
		fmt.Fprint(w, " (INSECURE: simulated, proves nothing)")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-18s %v\n%-18s %s\n", "debug", c.Debug, "tcb status", c.TCBStatus)
	if len(c.Advisories) > 0 {
		fmt.Fprintf(w, "%-18s %v\n", "advisories", c.Advisories)
	}
	names := make([]string, 0, len(c.Registers))
	for n := range c.Registers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "%-18s %x\n", n, c.Registers[n])
	}
	svns := make([]string, 0, len(c.SVNs))
	for n := range c.SVNs {
		svns = append(svns, n)
	}
	sort.Strings(svns)
	for _, n := range svns {
		fmt.Fprintf(w, "%-18s %d\n", n, c.SVNs[n])
	}
	fmt.Fprintf(w, "%-18s %x\n", "report data", c.ReportData)
	if !c.NotBefore.IsZero() || !c.NotAfter.IsZero() {
		fmt.Fprintf(w, "%-18s %s to %s\n", "valid", c.NotBefore.Format(time.RFC3339), c.NotAfter.Format(time.RFC3339))
	}
	if !c.CollateralIssued.IsZero() {
		fmt.Fprintf(w, "%-18s %s\n", "collateral issued", c.CollateralIssued.Format(time.RFC3339))
	}
}
