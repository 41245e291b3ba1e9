package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const (
	deploymentDoc = "../../docs/DEPLOYMENT.md"
	unitFile      = "../../deploy/anonify-node.service"
)

// otherTools are flags docs/DEPLOYMENT.md gives to other programs
// (nitro-cli, systemctl, and the anonify CLI's deploy and attest policy,
// which governors run on their own machines); every other --flag on the
// page is anonify-node's.
var otherTools = []string{"--eif-path", "--cpu-count", "--memory", "--debug-mode", "--now",
	"--key-file", "--dev", "--verify-chain", "--governor", "--threshold", "--out"}

// testEnv are variables the page names for the tests it describes.
var testEnv = []string{"ANONIFY_REQUIRE_NETNS", "ANONIFY_REQUIRE_GETH"}

// TestDeploymentDocFlags: every --flag and ANONIFY_* variable the
// deployment page names exists in anonify-node --help.
func TestDeploymentDocFlags(t *testing.T) {
	doc, err := os.ReadFile(deploymentDoc)
	if err != nil {
		t.Fatal(err)
	}
	var help bytes.Buffer
	if code := run([]string{"--help"}, nil, &help, &help); code != 0 {
		t.Fatalf("anonify-node --help: exit %d", code)
	}
	flags := regexp.MustCompile(`(?:^|[\s"'(\x60\[])(--[a-z][a-z0-9-]*)`).FindAllSubmatch(doc, -1)
	if len(flags) < 10 {
		t.Fatalf("found only %d flags in %s", len(flags), deploymentDoc)
	}
	for _, m := range flags {
		f := string(m[1])
		if slices.Contains(otherTools, f) {
			continue
		}
		if !strings.Contains(help.String(), "  "+f+" ") && !strings.Contains(help.String(), ", "+f+" ") {
			t.Errorf("%s mentions %s, which anonify-node --help does not list", deploymentDoc, f)
		}
	}
	for _, v := range regexp.MustCompile(`ANONIFY_[A-Z_]+`).FindAll(doc, -1) {
		if !slices.Contains(testEnv, string(v)) && !strings.Contains(help.String(), string(v)) {
			t.Errorf("%s mentions %s, which anonify-node --help does not", deploymentDoc, v)
		}
	}
}

// TestSystemdUnit: the unit in the page is deploy/anonify-node.service,
// and systemd-analyze verify accepts it without a warning.
func TestSystemdUnit(t *testing.T) {
	unit, err := os.ReadFile(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(deploymentDoc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, append(append([]byte("```ini\n"), unit...), "```"...)) {
		t.Errorf("%s does not show %s verbatim in an ini block", deploymentDoc, unitFile)
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed")
	}
	// verify checks that ExecStart's program exists: point it at an
	// executable that does (this test binary).
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	local := bytes.Replace(unit, []byte("ExecStart=/usr/local/bin/anonify-node"), []byte("ExecStart="+self), 1)
	if bytes.Equal(local, unit) {
		t.Fatalf("%s: no ExecStart=/usr/local/bin/anonify-node", unitFile)
	}
	path := filepath.Join(t.TempDir(), "anonify-node.service")
	if err := os.WriteFile(path, local, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	// systemd-analyze exits 0 on unknown keys and bad values, with a
	// warning: any output is a failure.
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("systemd-analyze verify %s: %v\n%s", unitFile, err, out)
	}
}
