package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire"
)

// clearChainEnv keeps the caller's environment out of flag tests.
func clearChainEnv(t *testing.T) {
	for _, v := range []string{"ANONIFY_NETWORK", "ANONIFY_RPC", "ANONIFY_CONTRACT", "ANONIFY_HOST_KEY", "ANONIFY_GOVERNOR_KEY",
		"ANONIFY_NODE", "ANONIFY_HOME", "ANONIFY_PASSPHRASE", "ANONIFY_DEV", "ANONIFY_ADMIN_TOKEN"} {
		t.Setenv(v, "")
	}
}

// cliRun runs the CLI as main does, in process, and returns its exit
// status, stdout and stderr.
func cliRun(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestCLIHabits runs the CLI's entry point on bad command lines: each
// exits with the documented status (2 for usage and input errors) and
// says what went wrong, on stderr, or as one JSON document on stdout under
// --json. Nothing here needs a chain or a node.
func TestCLIHabits(t *testing.T) {
	clearChainEnv(t)
	home := t.TempDir()
	t.Setenv("ANONIFY_HOME", home)
	const page = "<!doctype html><html><body><h1>Not Found</h1></body></html>"
	notNode := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(page))
	}))
	notNodeErr := fmt.Sprintf("anonify: URL is not an Anonify node (GET %s/v1/enclave: HTTP 404, text/html; charset=utf-8, %d bytes)", notNode.URL, len(page))
	defer notNode.Close()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // exact "anonify: ..." line, if set
		stdout string // substring of stdout, if set
	}{
		{"misspelt flag", []string{"erc20", "transfer", "--amout", "5"}, 2,
			"anonify: unknown flag: --amout (did you mean --amount?)", ""},
		{"missing required flag", []string{"erc20", "transfer", "--from", "alice", "--to", "bob"}, 2,
			`anonify: required flag(s) "amount" not set`, ""},
		{"unknown recipient", []string{"erc20", "transfer", "--from", "alice", "--to", "bob", "--amount", "5"}, 2,
			"anonify: wallet: no such account: bob (see `anonify wallet list`)", ""},
		{"unknown sender", []string{"erc20", "balance", "--from", "nobody"}, 2,
			"anonify: wallet: no such account: nobody (see `anonify wallet list`)", ""},
		{"bad amount", []string{"erc20", "transfer", "--from", "alice", "--to", "0x00000000000000000000000000000000000000aa", "--amount", "-1"}, 2,
			`anonify: --amount "-1": not an unsigned 256-bit decimal integer`, ""},
		{"unknown subcommand", []string{"erc20", "balanse"}, 2,
			`anonify: unknown command "balanse" for "anonify erc20"; did you mean "balance"? (run 'anonify erc20 --help' for its commands)`, ""},
		{"unknown top-level command", []string{"versoin"}, 2,
			`anonify: unknown command "versoin" for "anonify"; did you mean "version"? (run 'anonify --help' for its commands)`, ""},
		{"unknown nested subcommand", []string{"attest", "policy", "shwo"}, 2,
			`anonify: unknown command "shwo" for "anonify attest policy"; did you mean "show"? (run 'anonify attest policy --help' for its commands)`, ""},
		{"too many arguments", []string{"wallet", "create", "a", "b"}, 2,
			"anonify: accepts 1 arg(s), received 2", ""},
		{"no node", []string{"status"}, 2,
			"anonify: no node: pass --node URL or set ANONIFY_NODE", ""},
		{"node URL without scheme", []string{"status", "--dev", "--node", "127.0.0.1:7000"}, 2,
			`anonify: URL is not an Anonify node ("127.0.0.1:7000": want http://HOST:PORT or https://HOST:PORT)`, ""},
		{"node URL serving HTML", []string{"status", "--dev", "--node", notNode.URL}, 2,
			notNodeErr, ""},
		{"evidence from a web page", []string{"attest", "evidence", "--node", notNode.URL}, 2,
			notNodeErr, ""},
		{"deploy without a chain", []string{"deploy", "--dev"}, 2,
			"anonify: no chain: pass --rpc URL (env ANONIFY_RPC)", ""},
		{"deploy without a policy", []string{"deploy", "--rpc", "http://127.0.0.1:1"}, 2,
			"anonify: give the network's first policy: --policy FILE, or --dev for the development policy of this build", ""},
		{"deploy verifying the chain of a policy file", []string{"deploy", "--rpc", "http://127.0.0.1:1", "--policy", "p.json", "--verify-chain"}, 2,
			`anonify: --verify-chain is for --dev: a --policy FILE pins its chain itself ("chain": {"verify": "clique", ...})`, ""},
		{"deploy with a threshold above the governors", []string{"deploy", "--rpc", "http://127.0.0.1:1", "--dev", "--threshold", "2",
			"--governor", "0x00000000000000000000000000000000000000aa"}, 2, "anonify: --threshold 2: want 1 to 1 (the number of governors)", ""},
		{"found a non-address", []string{"attest", "policy", "found", "0xabc", "--rpc", "http://127.0.0.1:1", "--contract", "0x00000000000000000000000000000000000000aa"}, 2,
			`anonify: enclave "0xabc": want a 0x address (the first node's DIR/node.json names it)`, ""},
		{"devnet with no nodes", []string{"devnet", "--dir", t.TempDir(), "--nodes", "0"}, 2,
			"anonify: --nodes 0: a devnet needs at least 1 node", ""},
		{"devnet with a negative block interval", []string{"devnet", "--dir", t.TempDir(), "--min-block-interval", "-1s"}, 2,
			"anonify: --min-block-interval -1s: give 0 or more", ""},
		{"clique devnet with a block interval", []string{"devnet", "--dir", t.TempDir(), "--chain", "clique", "--min-block-interval", "1s"}, 2,
			"anonify: --min-block-interval is for the embedded chain; Clique's sealers keep their own period", ""},
		{"no passphrase without a terminal", []string{"wallet", "create", "alice"}, 2,
			"anonify: no passphrase: pass --password-file FILE, set ANONIFY_PASSPHRASE, or run in a terminal", ""},
		{"missing password file", []string{"wallet", "create", "alice", "--password-file", filepath.Join(home, "absent")}, 2,
			"anonify: --password-file: open " + filepath.Join(home, "absent") + ": no such file or directory", ""},
		{"evidence neither file nor hex", []string{"attest", "verify", "no-such-file"}, 2,
			`anonify: evidence "no-such-file": no such file, and not hex (give a file, - for stdin, or hex)`, ""},
		{"empty evidence on stdin", []string{"attest", "verify", "-"}, 2, "anonify: evidence: empty input", ""},
		{"garbage evidence", []string{"attest", "verify", "00ff"}, 3, "", ""},

		// --json: the error is one JSON document on stdout, stderr stays empty.
		{"json usage error", []string{"erc20", "transfer", "--amout", "5", "--json"}, 2, "",
			`{"error":"unknown flag: --amout (did you mean --amount?)","code":2}`},
		{"json input error", []string{"status", "--json"}, 2, "",
			`{"error":"no node: pass --node URL or set ANONIFY_NODE","code":2}`},
		{"json rejection", []string{"attest", "verify", "00ff", "--json"}, 3, "", `"code":3}`},
		{"json unknown subcommand", []string{"wallet", "lst", "--json"}, 2, "",
			`{"error":"unknown command \"lst\" for \"anonify wallet\"; did you mean \"list\"? (run 'anonify wallet --help' for its commands)","code":2}`},

		{"bare group shows help", []string{"erc20"}, 0, "", "Available Commands:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := cliRun(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("anonify %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(tt.args, " "), code, tt.code, stdout, stderr)
			}
			if tt.stderr != "" && strings.TrimSpace(stderr) != tt.stderr {
				t.Fatalf("anonify %s: stderr\n got %q\nwant %q", strings.Join(tt.args, " "), strings.TrimSpace(stderr), tt.stderr)
			}
			if tt.stdout != "" {
				if !strings.Contains(stdout, tt.stdout) {
					t.Fatalf("anonify %s: stdout %q, want it to contain %q", strings.Join(tt.args, " "), stdout, tt.stdout)
				}
				if strings.HasPrefix(tt.stdout, "{") || strings.HasSuffix(tt.stdout, "}") {
					var doc struct {
						Error string `json:"error"`
						Code  int    `json:"code"`
					}
					if err := json.Unmarshal([]byte(stdout), &doc); err != nil || doc.Code != tt.code || doc.Error == "" || stderr != "" {
						t.Fatalf("anonify %s: stdout %q (%v), stderr %q: want one JSON error document and nothing on stderr", strings.Join(tt.args, " "), stdout, err, stderr)
					}
				}
			}
		})
	}
}

// TestFlagsShownWhereTheyWork: a command's help lists only flags it reads.
func TestFlagsShownWhereTheyWork(t *testing.T) {
	tests := []struct {
		args     []string
		shown    []string
		notShown []string
	}{
		{[]string{"wallet", "create"}, []string{"--home", "--password-file", "--json"}, []string{"--node", "--network", "--policy", "--dev"}},
		{[]string{"wallet", "list"}, []string{"--home", "--json"}, []string{"--node", "--password-file", "--dev"}},
		{[]string{"status"}, []string{"--node", "--network", "--policy", "--dev", "--json"}, []string{"--home", "--password-file", "--from"}},
		{[]string{"app", "list"}, []string{"--node"}, []string{"--home", "--password-file", "--from", "--args"}},
		{[]string{"erc20", "transfer"}, []string{"--node", "--home", "--password-file", "--from", "--to", "--amount"}, []string{"--spender", "--supply"}},
		{[]string{"group", "status"}, []string{"--node"}, []string{"--admin-token-file", "--home"}},
		{[]string{"group", "rotate"}, []string{"--node", "--admin-token-file"}, []string{"--home", "--member"}},
		{[]string{"command", "status"}, []string{"--node", "--home", "--password-file", "--from", "--counter"}, nil},
	}
	for _, tt := range tests {
		code, stdout, _ := cliRun(t, "", append(tt.args, "--help")...)
		if code != 0 {
			t.Fatalf("anonify %v --help: exit %d", tt.args, code)
		}
		for _, f := range tt.shown {
			if !strings.Contains(stdout, "  "+f+" ") {
				t.Errorf("anonify %v --help does not show %s", tt.args, f)
			}
		}
		for _, f := range tt.notShown {
			if strings.Contains(stdout, " "+f+" ") {
				t.Errorf("anonify %v --help shows %s, which does nothing there", tt.args, f)
			}
		}
	}
}

// TestPasswordFile: the passphrase comes from the first line of
// --password-file, before ANONIFY_PASSPHRASE; a wrong one is an input
// error, named as such.
func TestPasswordFile(t *testing.T) {
	clearChainEnv(t)
	home := t.TempDir()
	good := filepath.Join(home, "pass")
	bad := filepath.Join(home, "wrong")
	empty := filepath.Join(home, "empty")
	os.WriteFile(good, []byte("correct horse\nignored second line\n"), 0o600)
	os.WriteFile(bad, []byte("battery staple\n"), 0o600)
	os.WriteFile(empty, []byte("\nsecond\n"), 0o600)
	t.Setenv("ANONIFY_PASSPHRASE", "not this one")
	code, out, errOut := cliRun(t, "", "wallet", "create", "alice", "--home", home, "--password-file", good)
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(out), "0x") {
		t.Fatalf("wallet create --password-file: exit %d: %s %s", code, out, errOut)
	}
	tests := []struct {
		file   string
		stderr string
	}{
		// The right passphrase opens the key; the command then needs a node.
		{good, "anonify: no node: pass --node URL or set ANONIFY_NODE"},
		{bad, "anonify: wallet: account alice: wrong passphrase"},
		{empty, "anonify: --password-file " + empty + ": the first line is empty"},
	}
	for _, tt := range tests {
		code, _, stderr := cliRun(t, "", "erc20", "balance", "--from", "alice", "--home", home, "--password-file", tt.file)
		if code != 2 || strings.TrimSpace(stderr) != tt.stderr {
			t.Errorf("erc20 balance --password-file %s: exit %d, stderr %q; want 2, %q", filepath.Base(tt.file), code, stderr, tt.stderr)
		}
	}
}

// TestVersion: the version, the revision, and the simulated TEE's
// measurement of the running binary (here the test binary).
func TestVersion(t *testing.T) {
	want, err := sim.ExecutableMeasurement()
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := cliRun(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "anonify ") || !strings.Contains(out, "\nrevision ") ||
		!strings.Contains(out, "simulated TEE measurement "+hex.EncodeToString(want)+" (sim-insecure") {
		t.Fatalf("anonify version: exit %d:\n%s", code, out)
	}
	code, out, _ = cliRun(t, "", "version", "--json")
	var v struct {
		Version, Go    string
		SimMeasurement string `json:"sim_measurement"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.SimMeasurement != hex.EncodeToString(want) || v.Version == "" || v.Go == "" {
		t.Fatalf("anonify version --json: exit %d:\n%s", code, out)
	}
}

// TestAttestEvidenceAndVerify fetches a node's evidence with `attest
// evidence --node` and verifies it from a file, as hex, and from stdin;
// --json prints registers and report data in hex and no unset time.
func TestAttestEvidenceAndVerify(t *testing.T) {
	clearChainEnv(t)
	measurement := bytes.Repeat([]byte{0xab}, sim.MeasurementSize)
	p, err := sim.New(sim.Options{Measurement: measurement})
	if err != nil {
		t.Fatal(err)
	}
	var rd [64]byte
	copy(rd[:], "report data the enclave binds")
	ev, err := p.Evidence(context.Background(), rd)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/enclave" {
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(wire.EnclaveInfo{Evidence: ev, TEEKind: "sim-insecure"})
	}))
	defer srv.Close()

	code, fetched, stderr := cliRun(t, "", "attest", "evidence", "--node", srv.URL)
	if code != 0 || strings.TrimSpace(fetched) != hex.EncodeToString(ev) {
		t.Fatalf("attest evidence: exit %d, %q %s", code, fetched, stderr)
	}
	raw := filepath.Join(t.TempDir(), "evidence.bin")
	hexFile := filepath.Join(t.TempDir(), "evidence.hex")
	os.WriteFile(raw, ev, 0o644)
	os.WriteFile(hexFile, []byte(fetched), 0o644)
	inputs := []struct {
		name, arg, stdin string
	}{
		{"raw file", raw, ""},
		{"hex file", hexFile, ""},
		{"hex argument", "0x" + hex.EncodeToString(ev), ""},
		{"stdin, as attest evidence prints it", "-", fetched},
		{"raw stdin", "-", string(ev)},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			code, out, stderr := cliRun(t, in.stdin, "attest", "verify", in.arg, "--json")
			if code != 0 {
				t.Fatalf("exit %d: %s %s", code, out, stderr)
			}
			var claims map[string]any
			if err := json.Unmarshal([]byte(out), &claims); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			regs, _ := claims["registers"].(map[string]any)
			if regs["MEASUREMENT"] != hex.EncodeToString(measurement) || claims["report_data"] != hex.EncodeToString(rd[:]) {
				t.Fatalf("registers and report data not in hex:\n%s", out)
			}
			if strings.Contains(out, "0001-01-01") || strings.Contains(out, "collateral_issued") {
				t.Fatalf("unset times printed:\n%s", out)
			}
			code, text, _ := cliRun(t, in.stdin, "attest", "verify", in.arg)
			if code != 0 || !strings.Contains(text, hex.EncodeToString(measurement)) || strings.Contains(text, "0001-01-01") {
				t.Fatalf("text output: exit %d\n%s", code, text)
			}
		})
	}
}
