package main

import (
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/dcap"
	"github.com/anonify-go/anonify/attest/verify"
)

func attestCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "attest", Short: "Verify attestation evidence (SGX, TDX, SEV-SNP, Nitro, simulated); govern the on-chain policy"}
	var collateral, at, policyFile string
	var asJSON bool
	v := &cobra.Command{
		Use:   "verify EVIDENCE",
		Short: "Detect the evidence kind, verify it, print the claims; exit non-zero with the reason on rejection",
		Long: `verify checks authenticity (signatures, certificate chains to the pinned
vendor roots, revocation, validity at --at, a matching TCB level) and prints
the normalized claims. With --policy it also applies that policy.

--collateral takes the Intel collateral JSON bundle (as in the samples) or a
folder of PCS responses for SGX/TDX; for SEV-SNP a folder holding vcek.der
(and optionally the ASK/ARK chain as PEM).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := os.ReadFile(args[0])
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
				if err := loadCollateral(collateral, &opts); err != nil {
					return err
				}
			}
			claims, err := verify.Evidence(raw, opts)
			if err != nil {
				return &exitError{3, fmt.Errorf("rejected: %w", err)}
			}
			if policyFile != "" {
				pb, err := os.ReadFile(policyFile)
				if err != nil {
					return err
				}
				p, err := attest.ParsePolicy(pb)
				if err != nil {
					return err
				}
				if err := p.Check(claims, opts.Now); err != nil {
					if asJSON {
						printJSON(claims)
					}
					return &exitError{3, fmt.Errorf("rejected by policy: %w", err)}
				}
			}
			if asJSON {
				return printJSON(claims)
			}
			printClaims(claims)
			return nil
		},
	}
	v.Flags().StringVar(&collateral, "collateral", "", "collateral JSON bundle or folder")
	v.Flags().StringVar(&at, "at", "", "verification time (RFC 3339); default now")
	v.Flags().StringVar(&policyFile, "policy", "", "policy JSON file to apply")
	v.Flags().BoolVar(&asJSON, "json", false, "print claims as JSON")
	cmd.AddCommand(v, policyCmd())
	return cmd
}

func loadCollateral(path string, opts *verify.Options) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if opts.Collateral, err = dcap.ParseCollateralJSON(b); err != nil {
			return err
		}
		return nil
	}
	if b, err := os.ReadFile(filepath.Join(path, "vcek.der")); err == nil {
		opts.SNPCerts = append(opts.SNPCerts, b)
		// The ASK/ARK chain comes as one PEM file (AMD KDS's cert_chain);
		// the verifier takes one certificate per slot, ASK then ARK.
		for _, name := range []string{"ask_ark_milan.pem", "ask_ark.pem", "cert_chain.pem"} {
			c, err := os.ReadFile(filepath.Join(path, name))
			if err != nil {
				continue
			}
			for {
				var blk *pem.Block
				if blk, c = pem.Decode(c); blk == nil {
					break
				}
				if blk.Type == "CERTIFICATE" {
					opts.SNPCerts = append(opts.SNPCerts, blk.Bytes)
				}
			}
			break
		}
		return nil
	}
	c, err := dcap.LoadCollateralDir(path)
	if err != nil {
		return err
	}
	opts.Collateral = c
	return nil
}

func printClaims(c *attest.Claims) {
	fmt.Printf("%-18s %s", "kind", c.Kind)
	if c.Insecure {
		fmt.Print(" (INSECURE: simulated, proves nothing)")
	}
	fmt.Println()
	fmt.Printf("%-18s %v\n%-18s %s\n", "debug", c.Debug, "tcb status", c.TCBStatus)
	if len(c.Advisories) > 0 {
		fmt.Printf("%-18s %v\n", "advisories", c.Advisories)
	}
	names := make([]string, 0, len(c.Registers))
	for n := range c.Registers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Printf("%-18s %x\n", n, c.Registers[n])
	}
	svns := make([]string, 0, len(c.SVNs))
	for n := range c.SVNs {
		svns = append(svns, n)
	}
	sort.Strings(svns)
	for _, n := range svns {
		fmt.Printf("%-18s %d\n", n, c.SVNs[n])
	}
	fmt.Printf("%-18s %x\n%-18s %s to %s\n", "report data", c.ReportData, "valid", c.NotBefore.Format(time.RFC3339), c.NotAfter.Format(time.RFC3339))
}
