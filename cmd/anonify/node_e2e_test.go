package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/anonify-go/anonify/cmd/internal/nodecmd"
)

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// daemon is a long-running anonify process (devnet or node).
type daemon struct {
	cmd    *exec.Cmd
	out    syncBuffer
	exited chan error
}

func startDaemon(t *testing.T, bin string, env []string, args ...string) *daemon {
	t.Helper()
	d := &daemon{cmd: exec.Command(bin, args...), exited: make(chan error, 1)}
	d.cmd.Env = env
	d.cmd.Stdout, d.cmd.Stderr = &d.out, &d.out
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { d.exited <- d.cmd.Wait() }()
	t.Cleanup(func() {
		d.cmd.Process.Kill()
		<-d.exited
	})
	return d
}

// waitFile waits for a file the daemon writes once it is ready, failing
// early if the daemon exits.
func (d *daemon) waitFile(t *testing.T, path string, timeout time.Duration) []byte {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if b, err := os.ReadFile(path); err == nil {
			return b
		}
		select {
		case err := <-d.exited:
			d.exited <- err
			t.Fatalf("%s exited early: %v\n%s", d.cmd.Args[1], err, d.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %v\n%s", path, timeout, d.out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop sends SIGTERM and requires a clean exit.
func (d *daemon) stop(t *testing.T) {
	t.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-d.exited:
		d.exited <- err
		if err != nil {
			t.Fatalf("%s did not exit cleanly on SIGTERM: %v\n%s", d.cmd.Args[1], err, d.out.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop within 30s of SIGTERM", d.cmd.Args[1])
	}
}

func buildAnonify(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "anonify")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestNodeCommandJoinsDevnet runs `anonify devnet --dir D --nodes 1`, then a
// separate `anonify node` process (attested TLS) against the devnet's chain
// and contract, paying gas with a spare key from D/keys.json. The member
// enclave admits it through the ledger; an ERC-20 transfer then goes
// through the new node with the CLI, and both nodes read the same balances.
func TestNodeCommandJoinsDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a devnet and a node")
	}
	dir := t.TempDir()
	bin := buildAnonify(t, dir)
	netDir := filepath.Join(dir, "net")
	base := os.Environ()
	for _, v := range []string{"ANONIFY_NETWORK", "ANONIFY_NODE", "ANONIFY_RPC", "ANONIFY_CONTRACT", "ANONIFY_HOST_KEY", "ANONIFY_GOVERNOR_KEY"} {
		base = append(base, v+"=")
	}
	dn := startDaemon(t, bin, base, "devnet", "--dir", netDir, "--nodes", "1")
	infoPath := filepath.Join(netDir, "devnet.json")
	var info struct {
		Contract string   `json:"contract"`
		Nodes    []string `json:"nodes"`
	}
	if err := json.Unmarshal(dn.waitFile(t, infoPath, 2*time.Minute), &info); err != nil {
		t.Fatal(err)
	}
	var keys struct {
		Warning  string   `json:"warning"`
		Governor string   `json:"governor"`
		Spare    []string `json:"spare"`
	}
	kb, err := os.ReadFile(filepath.Join(netDir, "keys.json"))
	if err != nil {
		t.Fatalf("devnet wrote devnet.json but no keys.json: %v", err)
	}
	if err := json.Unmarshal(kb, &keys); err != nil || len(keys.Spare) != 3 || !strings.Contains(keys.Warning, "DEVELOPMENT ONLY") || len(keys.Governor) != 66 {
		t.Fatalf("keys.json: %v %s", err, kb)
	}
	if st, _ := os.Stat(filepath.Join(netDir, "keys.json")); st.Mode().Perm() != 0o600 {
		t.Fatalf("keys.json mode %v, want 0600", st.Mode().Perm())
	}
	hostKey := filepath.Join(dir, "host.key")
	if err := os.WriteFile(hostKey, []byte(keys.Spare[0]+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	nodeDir := filepath.Join(dir, "node1")
	nd := startDaemon(t, bin, base, "node", "--network", infoPath, "--host-key-file", hostKey,
		"--dir", nodeDir, "--listen", "127.0.0.1:0", "--tls")
	var ni nodecmd.Info
	if err := json.Unmarshal(nd.waitFile(t, filepath.Join(nodeDir, "node.json"), time.Minute), &ni); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ni.URL, "https://127.0.0.1:") || ni.TEE != "sim-insecure" || !ni.TLS || !strings.EqualFold(ni.Contract.Hex(), info.Contract) {
		t.Fatalf("node.json: %+v", ni)
	}
	if !strings.Contains(nd.out.String(), "WARNING: --tee sim is the SIMULATED TEE: INSECURE") {
		t.Fatalf("sim node did not warn that it is insecure:\n%s", nd.out.String())
	}

	home := filepath.Join(dir, "home")
	env := append(base, "ANONIFY_HOME="+home, "ANONIFY_PASSPHRASE=correct horse")
	run := func(extra []string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(append([]string(nil), env...), extra...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return strings.TrimSpace(stdout.String() + stderr.String()), ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(stdout.String()), 0
	}
	must := func(extra []string, args ...string) string {
		t.Helper()
		out, code := run(extra, args...)
		if code != 0 {
			t.Fatalf("anonify %s: exit %d: %s", strings.Join(args, " "), code, out)
		}
		return out
	}

	// Unpinned, the client refuses the new node's simulated enclave during
	// the attested TLS handshake and says what to pass.
	if out, code := run([]string{"ANONIFY_NODE=" + ni.URL}, "status"); code == 0 || !strings.Contains(out, "--dev (or ANONIFY_DEV=1)") {
		t.Fatalf("unpinned status of a simulated node: exit %d %q, want a refusal naming --dev", code, out)
	}

	// Admission: the devnet's member enclave verifies the new enclave's
	// evidence against the on-ledger policy and adds it. Until then a
	// pinned client refuses the node (not a member), so the poll runs in
	// development mode.
	deadline := time.Now().Add(90 * time.Second)
	for {
		out, code := run([]string{"ANONIFY_NODE=" + ni.URL, "ANONIFY_DEV=1"}, "status", "--json")
		var st struct {
			Member   bool   `json:"member"`
			Identity string `json:"identity"`
		}
		if code == 0 && json.Unmarshal([]byte(out), &st) == nil && st.Member {
			if !strings.EqualFold(st.Identity, ni.Identity.Hex()) {
				t.Fatalf("status reports enclave %s, node.json %s", st.Identity, ni.Identity.Hex())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node not admitted after 90s: status %d %s\nnode:\n%s\ndevnet:\n%s", code, out, nd.out.String(), dn.out.String())
		}
		time.Sleep(500 * time.Millisecond)
	}

	// Pinned clients (membership and on-ledger policy) on both nodes; the
	// new node is reached over attested TLS.
	pinned := "ANONIFY_NETWORK=" + infoPath
	old, fresh := []string{pinned, "ANONIFY_NODE=" + info.Nodes[0]}, []string{pinned, "ANONIFY_NODE=" + ni.URL}
	must(old, "wallet", "create", "alice")
	must(old, "wallet", "create", "bob")
	must(old, "erc20", "init", "--from", "alice", "--supply", "100")
	must(fresh, "erc20", "transfer", "--from", "alice", "--to", "bob", "--amount", "30")
	for _, tc := range []struct {
		at       []string
		who, amt string
	}{{old, "bob", "30"}, {fresh, "bob", "30"}, {old, "alice", "70"}, {fresh, "alice", "70"}} {
		if got := must(tc.at, "erc20", "balance", "--from", tc.who); got != tc.amt {
			t.Errorf("balance of %s at %s = %q, want %s", tc.who, tc.at[1], got, tc.amt)
		}
	}

	nd.stop(t)
	if !strings.Contains(nd.out.String(), "admitted: member of the network") {
		t.Errorf("node never reported its admission:\n%s", nd.out.String())
	}
	dn.stop(t)
}
