package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anonify-go/anonify/wire"
)

// TestBench runs anonify bench in process on a 2-node embedded devnet for
// a few seconds with two double spends: the JSON report must hold sane
// figures and passed checks. Then it makes one node's state hash differ
// (benchTamper, the tests' hook) and expects the check to fail with exit
// status 1, a FAIL line in the report and the reason on stderr.
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("runs an embedded devnet under load")
	}
	clearChainEnv(t)
	mem := filepath.Join(t.TempDir(), "allocs.prof")
	code, stdout, stderr := cliRun(t, "", "bench", "--nodes", "2", "--users", "4", "--duration", "3s", "--double-spends", "2", "--json", "--memprofile", mem)
	if code != 0 {
		t.Fatalf("bench exited %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if stderr != "" {
		t.Errorf("--json printed progress on stderr: %q", stderr)
	}
	var rep benchReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, stdout)
	}
	for _, f := range []string{mem + ".start", mem} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("--memprofile: %s: %v", f, err)
		}
	}
	if !rep.OK || len(rep.Checks) != 4 {
		t.Fatalf("report: ok=%v, checks %+v", rep.OK, rep.Checks)
	}
	for _, c := range rep.Checks {
		if !c.OK {
			t.Errorf("check %q failed: %s", c.Name, c.Detail)
		}
	}
	switch {
	case rep.Target.Kind != "embedded devnet" || rep.Target.Nodes != 2 || rep.Target.Members != 2:
		t.Errorf("target %+v", rep.Target)
	case rep.Load.Mode != "closed loop" || rep.Load.Users != 4 || rep.Load.Seconds < 3 || rep.Load.Seconds > 4:
		t.Errorf("load %+v", rep.Load)
	case rep.Applied <= 0 || rep.AppliedPerSecond <= 0 || rep.Sent < rep.Applied:
		t.Errorf("applied %d (%g/s) of %d sent", rep.Applied, rep.AppliedPerSecond, rep.Sent)
	case rep.Failed != 0:
		t.Errorf("%d commands failed: %s", rep.Failed, rep.FirstFailure)
	case rep.Rejected != 0:
		t.Errorf("%d transfers rejected: %s", rep.Rejected, rep.FirstRejection)
	}
	l := rep.Latency
	if l.Samples < rep.Applied || !(0 < l.P50 && l.P50 <= l.P95 && l.P95 <= l.P99 && l.P99 <= l.Max) {
		t.Errorf("latency %+v", l)
	}
	if rep.CPU.PerAppliedCommandMS <= 0 || !strings.Contains(rep.CPU.Covers, "embedded chain") {
		t.Errorf("cpu %+v", rep.CPU)
	}
	// Every command is one ciphertext of a size class on the ledger, and
	// costs at least the calldata of its bytes.
	if g := rep.Ledger; g.Commands < rep.Applied || g.BytesPerCommand < 64 || g.GasPerCommand < 16*g.BytesPerCommand || g.Transactions == 0 {
		t.Errorf("ledger %+v", g)
	}
	c := rep.Ceiling
	if c.Members != 2 || c.Cores < 1 || c.ClientSignUS <= 0 || c.EnclaveRecoverUS <= 0 || c.EnclaveOpenRequestUS <= 0 || c.CommandsPerSecond <= 0 ||
		c.PerCommandUS < c.ClientSealRequestUS+c.EnclaveSealOutcomeUS+3*c.EnclaveRecoverUS {
		t.Errorf("ceiling %+v", c)
	}
	if rep.ShareOfCeiling <= 0 || rep.ShareOfCeiling > 1 {
		t.Errorf("share of the ceiling %g", rep.ShareOfCeiling)
	}
	if rep.PublicKeyShareOfCPU <= 0 || rep.PublicKeyShareOfCPU > 1 {
		t.Errorf("public-key share of the CPU %g", rep.PublicKeyShareOfCPU)
	}
	if len(rep.DoubleSpends) != 2 {
		t.Fatalf("double spends %+v", rep.DoubleSpends)
	}
	for _, d := range rep.DoubleSpends {
		if d.Applied != 1 || !strings.HasPrefix(d.OtherResult, "rejected: ") || d.Nodes[0] == d.Nodes[1] {
			t.Errorf("double spend %+v", d)
		}
	}

	benchTamper = func(node int, s *wire.NodeStatus) {
		if node == 1 {
			s.StateHash[31] ^= 1
		}
	}
	defer func() { benchTamper = nil }()
	code, stdout, stderr = cliRun(t, "", "bench", "--nodes", "2", "--users", "2", "--duration", "1s", "--double-spends", "0")
	if code != 1 {
		t.Fatalf("bench with nodes that differ exited %d, want 1\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "FAIL nodes agree") || !strings.Contains(stdout, "ok   balances add up") {
		t.Errorf("report does not show the failed check:\n%s", stdout)
	}
	if !strings.Contains(stderr, "anonify: bench: 1 check(s) failed: nodes agree: the nodes differ: node 0 at block") {
		t.Errorf("stderr does not say which check failed:\n%s", stderr)
	}
}

// TestBenchUsage: bad flags exit 2 before anything starts.
func TestBenchUsage(t *testing.T) {
	clearChainEnv(t)
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--users", "0"}, "anonify: --users 0: at least 1 user"},
		{[]string{"--duration", "0s"}, "anonify: --duration 0s: must be positive"},
		{[]string{"--rate", "-1"}, "anonify: --rate -1: must be positive (or 0 for a closed loop)"},
		{[]string{"--nodes", "0"}, "anonify: --nodes 0: a devnet needs at least 1 node"},
		{[]string{"--nodes", "2", "--node", "http://127.0.0.1:1"}, "anonify: --nodes sizes the embedded devnet"},
		{[]string{"--owner-key-file", "k"}, "anonify: --owner-key-file is for a network"},
		{[]string{"--min-block-interval", "-1ms"}, "anonify: --min-block-interval -1ms: give 0 or more"},
		{[]string{"--min-block-interval", "25ms", "--node", "http://127.0.0.1:1"}, "anonify: --min-block-interval is the embedded devnet's"},
		{[]string{"--node", "http://127.0.0.1:1"}, "anonify: no chain: pass --rpc URL and --contract ADDRESS"},
	} {
		code, stdout, stderr := cliRun(t, "", append([]string{"bench"}, tc.args...)...)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, tc.msg) {
			t.Errorf("bench %v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, stdout, stderr, tc.msg)
		}
	}
}
