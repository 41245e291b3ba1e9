package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/anonify-go/anonify/assembly"
	"github.com/anonify-go/anonify/devnet"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/ledger/ethereum/embedded"
	"github.com/anonify-go/anonify/ledger/ledgertest"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/recovery"
)

// TestRecoveryKeygen: the private key goes to a file only its owner reads
// and is never overwritten; the public key goes to stdout, and pubkey
// prints it again from the file (or from a devnet's 0x-prefixed key).
func TestRecoveryKeygen(t *testing.T) {
	clearChainEnv(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "custodian.key")
	code, stdout, stderr := cliRun(t, "", "recovery", "keygen", "--out", out)
	if code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, stderr)
	}
	pub := strings.TrimSpace(stdout)
	if len(pub) != 66 || !strings.HasPrefix(pub, "0x") {
		t.Fatalf("keygen printed %q, want 0x and 64 hex digits", pub)
	}
	if !strings.Contains(stderr, "anonify recovery custodians propose --threshold K "+pub) {
		t.Errorf("keygen does not say how to appoint the key: %s", stderr)
	}
	st, err := os.Stat(out)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v, mode %v; want 0600", out, err, st.Mode().Perm())
	}
	raw, _ := os.ReadFile(out)
	b, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(b) != 32 {
		t.Fatalf("key file %q: want 64 hex digits (%v)", raw, err)
	}
	k, err := recovery.ParsePrivateKey(b)
	if err != nil || "0x"+hex.EncodeToString(k.PublicKey().Bytes()) != pub {
		t.Fatalf("the key in the file does not have public key %s (%v)", pub, err)
	}
	if code, stdout, stderr = cliRun(t, "", "recovery", "pubkey", "--key-file", out); code != 0 || strings.TrimSpace(stdout) != pub {
		t.Fatalf("pubkey: exit %d, %q (%s); want %s", code, stdout, stderr, pub)
	}
	// A devnet's keys.json writes private keys with 0x.
	devKey := writeFile(t, dir, "dev.key", "0x"+strings.TrimSpace(string(raw)))
	code, stdout, _ = cliRun(t, "", "recovery", "pubkey", "--key-file", devKey, "--json")
	var j custodianKeyJSON
	if err := json.Unmarshal([]byte(stdout), &j); code != 0 || err != nil || j.PublicKey != pub || j.KeyFile != devKey {
		t.Fatalf("pubkey --json: exit %d, %q (%v)", code, stdout, err)
	}

	// Never overwritten: the file may hold the only copy of a share's key.
	code, _, stderr = cliRun(t, "", "recovery", "keygen", "--out", out)
	if want := "anonify: " + out + " exists (it may hold a custodian key, which nothing could replace); keygen never overwrites a file"; code != 2 || strings.TrimSpace(stderr) != want {
		t.Fatalf("keygen over an existing file: exit %d, %q; want 2, %q", code, stderr, want)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(raw, after) {
		t.Fatal("keygen changed the existing file")
	}
	second := filepath.Join(dir, "second.key")
	code, stdout, _ = cliRun(t, "", "recovery", "keygen", "--out", second, "--json")
	if err := json.Unmarshal([]byte(stdout), &j); code != 0 || err != nil || j.KeyFile != second || j.PublicKey == pub || len(j.PublicKey) != 66 {
		t.Fatalf("keygen --json: exit %d, %q (%v)", code, stdout, err)
	}
}

// TestRecoveryUsage: bad keys, thresholds, sets and flags exit 2 with the
// reason, before anything reaches a chain.
func TestRecoveryUsage(t *testing.T) {
	clearChainEnv(t)
	dir := t.TempDir()
	chain := []string{"--rpc", "http://127.0.0.1:1", "--contract", "0x00000000000000000000000000000000000000aa"}
	gov := writeFile(t, dir, "gov.key", strings.Repeat("11", 32))
	notKey := writeFile(t, dir, "not.key", "hello")
	custodian := writeFile(t, dir, "custodian.key", strings.Repeat("22", 32))
	key := func(b byte) string { return "0x" + strings.Repeat(fmt.Sprintf("%02x", b), 32) }
	var many []string
	for i := range 17 {
		many = append(many, key(byte(0x20+i)))
	}
	lowOrder := "01" + strings.Repeat("00", 31) // u = 1: X25519 with it agrees on nothing secret
	propose := func(threshold string, keys ...string) []string {
		return append(append([]string{"recovery", "custodians", "propose", "--threshold", threshold, "--key-file", gov}, chain...), keys...)
	}
	tests := []struct {
		name string
		args []string
		want string // stderr, exactly
	}{
		{"threshold above the keys", propose("3", key(0xa1), key(0xa2)),
			"--threshold 3 with 2 custodian keys: want 1 to 2 (how many of the custodians recover)"},
		{"threshold 0 with keys", propose("0", key(0xa1)),
			"--threshold 0 with 1 custodian keys: want 1 to 1 (how many of the custodians recover)"},
		{"negative threshold", propose("-1", key(0xa1)),
			"--threshold -1 with 1 custodian keys: want 1 to 1 (how many of the custodians recover)"},
		{"threshold without keys", propose("2"),
			"no custodian keys: give 1 to 16 public keys after --threshold, or --threshold 0 and no keys to turn recovery off"},
		{"too many keys", propose("2", many...), "17 custodian keys: a custodian set has at most 16"},
		{"duplicate key", propose("2", key(0xa1), key(0xa2), strings.TrimPrefix(key(0xa1), "0x")),
			"custodian key 3 repeats key 1 (" + strings.Repeat("a1", 32) + "): each custodian holds one share, so give each key once"},
		{"short key", propose("1", "0xabcd"),
			`custodian key 1 "0xabcd": want an X25519 public key, 64 hex digits (as anonify recovery keygen or pubkey prints it)`},
		{"not hex", propose("1", key(0xa1), "alice"),
			`custodian key 2 "alice": want an X25519 public key, 64 hex digits (as anonify recovery keygen or pubkey prints it)`},
		{"zero key", propose("1", key(0)),
			`custodian key 1 "` + key(0) + `": not a usable X25519 public key (zero, or a low-order point: nothing sealed to it would be secret)`},
		{"low-order key", propose("1", lowOrder),
			`custodian key 1 "` + lowOrder + `": not a usable X25519 public key (zero, or a low-order point: nothing sealed to it would be secret)`},
		{"threshold not a number", propose("two", key(0xa1)), `invalid argument "two" for "--threshold" flag: strconv.ParseInt: parsing "two": invalid syntax`},
		{"no threshold", append([]string{"recovery", "custodians", "propose", key(0xa1)}, chain...), `required flag(s) "threshold" not set`},
		{"no governor key", append([]string{"recovery", "custodians", "propose", "--threshold", "1", key(0xa1)}, chain...),
			"no key: pass --key-file FILE (hex private key) or set ANONIFY_GOVERNOR_KEY"},
		{"show without chain", []string{"recovery", "custodians"},
			"no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json (env ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK)"},
		{"show subcommand without chain", []string{"recovery", "custodians", "show"},
			"no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json (env ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK)"},
		{"unknown custodians subcommand", []string{"recovery", "custodians", "shwo"},
			`unknown command "shwo" for "anonify recovery custodians"; did you mean "show"? (run 'anonify recovery custodians --help' for its commands)`},
		{"unknown recovery subcommand", []string{"recovery", "kegen"},
			`unknown command "kegen" for "anonify recovery"; did you mean "keygen"? (run 'anonify recovery --help' for its commands)`},
		{"keygen without --out", []string{"recovery", "keygen"}, `required flag(s) "out" not set`},
		{"keygen takes no chain", []string{"recovery", "keygen", "--out", filepath.Join(dir, "k"), "--rpc", "x"}, "unknown flag: --rpc"},
		{"pubkey without a key file", []string{"recovery", "pubkey"}, `required flag(s) "key-file" not set`},
		{"pubkey of a non-key", []string{"recovery", "pubkey", "--key-file", notKey},
			"--key-file " + notKey + ": not a custodian key (64 hex digits, as anonify recovery keygen writes it)"},
		{"pubkey of a missing file", []string{"recovery", "pubkey", "--key-file", filepath.Join(dir, "absent")},
			"--key-file: open " + filepath.Join(dir, "absent") + ": no such file or directory"},
		{"release without a key file", append([]string{"recovery", "release", "--node", "http://127.0.0.1:1"}, chain...), `required flag(s) "key-file" not set`},
		{"release with a non-key", append([]string{"recovery", "release", "--node", "http://127.0.0.1:1", "--key-file", notKey}, chain...),
			"--key-file " + notKey + ": not a custodian key (64 hex digits, as anonify recovery keygen writes it)"},
		{"release without a node", append([]string{"recovery", "release", "--key-file", custodian}, chain...), "no node: pass --node URL or set ANONIFY_NODE"},
		{"release without chain", []string{"recovery", "release", "--key-file", custodian, "--node", "http://127.0.0.1:1"},
			"no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json (env ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK)"},
		{"release with missing collateral", append([]string{"recovery", "release", "--key-file", custodian, "--node", "http://127.0.0.1:1", "--collateral", filepath.Join(dir, "absent")}, chain...),
			"--collateral: stat " + filepath.Join(dir, "absent") + ": no such file or directory"},
		{"release takes no arguments", append([]string{"recovery", "release", "--key-file", custodian, "--node", "http://127.0.0.1:1", "extra"}, chain...),
			`unknown command "extra" for "anonify recovery release"`},
		{"status without a node", []string{"recovery", "status"}, "no node: pass --node URL or set ANONIFY_NODE"},
		{"status of a non-URL", []string{"recovery", "status", "--node", "127.0.0.1:7000"},
			`URL is not an Anonify node ("127.0.0.1:7000": want http://HOST:PORT or https://HOST:PORT)`},
		{"found without an enclave", append([]string{"recovery", "found", "--key-file", gov}, chain...), "accepts 1 arg(s), received 0"},
		{"found of a non-address", append([]string{"recovery", "found", "0x1234", "--key-file", gov}, chain...),
			`enclave "0x1234": want a 0x address (anonify recovery status --node URL prints the recovering enclave's)`},
		{"found without a governor key", append([]string{"recovery", "found", "0x00000000000000000000000000000000000000aa"}, chain...),
			"no key: pass --key-file FILE (hex private key) or set ANONIFY_GOVERNOR_KEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := cliRun(t, "", tt.args...)
			if want := "anonify: " + tt.want; code != 2 || strings.TrimSpace(stderr) != want {
				t.Fatalf("anonify %s: exit %d, stdout %q\n got %q\nwant %q", strings.Join(tt.args, " "), code, stdout, strings.TrimSpace(stderr), want)
			}
		})
	}
	// Under --json the reason is the JSON error.
	code, stdout, _ := cliRun(t, "", append(propose("5", key(0xa1)), "--json")...)
	var doc struct {
		Error string `json:"error"`
		Code  int    `json:"code"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || code != 2 || doc.Code != 2 || !strings.HasPrefix(doc.Error, "--threshold 5 with 1 custodian keys") {
		t.Fatalf("--json: exit %d, %q (%v)", code, stdout, err)
	}
	// Help everywhere, with the exit statuses on the group.
	for _, args := range [][]string{{"recovery"}, {"recovery", "keygen"}, {"recovery", "pubkey"}, {"recovery", "custodians"},
		{"recovery", "custodians", "show"}, {"recovery", "custodians", "propose"}, {"recovery", "status"}, {"recovery", "release"}, {"recovery", "found"}} {
		code, stdout, _ := cliRun(t, "", append(args, "--help")...)
		if code != 0 || !strings.Contains(stdout, "Usage:") {
			t.Errorf("anonify %s --help: exit %d\n%s", strings.Join(args, " "), code, stdout)
		}
	}
	if _, stdout, _ := cliRun(t, "", "recovery", "--help"); !strings.Contains(stdout, "Exit status") || !strings.Contains(stdout, "ANONIFY_GOVERNOR_KEY") {
		t.Errorf("anonify recovery --help lacks the exit statuses or the environment:\n%s", stdout)
	}
}

// TestParseCustodianSet: what valid sets come back as.
func TestParseCustodianSet(t *testing.T) {
	a, b := strings.Repeat("a1", 32), strings.Repeat("b2", 32)
	tests := []struct {
		name      string
		threshold int
		args      []string
		keys      int
	}{
		{"recovery off", 0, nil, 0},
		{"one of one", 1, []string{"0x" + a}, 1},
		{"two of two, either spelling", 2, []string{"0X" + b, a}, 2},
	}
	for _, tt := range tests {
		keys, k, err := parseCustodianSet(tt.threshold, tt.args)
		if err != nil || len(keys) != tt.keys || int(k) != tt.threshold {
			t.Errorf("%s: %d keys, threshold %d (%v)", tt.name, len(keys), k, err)
		}
		for i, arg := range tt.args {
			if hex.EncodeToString(keys[i][:]) != strings.TrimPrefix(strings.TrimPrefix(arg, "0x"), "0X") {
				t.Errorf("%s: key %d is %x, given %s: the order must be kept", tt.name, i, keys[i], arg)
			}
		}
	}
}

// TestRecoveryGovernance drives the custodian commands against a contract
// on an embedded chain with two governors (threshold 2): show (none),
// propose a 2-of-3 set (open until the second approval, through anonify
// attest policy approve), refuse the same proposal twice, show it open in
// both shows, approve, show the set in force, refuse to propose it again,
// and turn recovery off.
func TestRecoveryGovernance(t *testing.T) {
	clearChainEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	ec, err := embedded.Start(embedded.Options{Accounts: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	client, err := ethclient.DialContext(ctx, ec.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	keys := ec.Accounts()
	governors := []common.Address{crypto.PubkeyToAddress(keys[0].PublicKey), crypto.PubkeyToAddress(keys[1].PublicKey)}
	contract, err := ethereum.Deploy(ctx, client, keys[0], governors, 2, []byte(ledgertest.Policy))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	chain := []string{"--rpc", ec.RPCURL(), "--contract", contract.Hex()}
	gov0, gov1, outsider := keyFile(t, dir, "gov0.key", keys[0]), keyFile(t, dir, "gov1.key", keys[1]), keyFile(t, dir, "outsider.key", keys[2])
	runRecovery := func(args ...string) (int, string, string) {
		t.Helper()
		return cliRun(t, "", append(append([]string{"recovery"}, args...), chain...)...)
	}
	mustRecovery := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := runRecovery(args...)
		if code != 0 {
			t.Fatalf("anonify recovery %v: exit %d\nstdout: %s\nstderr: %s", args, code, stdout, stderr)
		}
		return stdout
	}
	var pubs []string
	for i := range 3 {
		code, stdout, stderr := cliRun(t, "", "recovery", "keygen", "--out", filepath.Join(dir, fmt.Sprintf("custodian%d.key", i)))
		if code != 0 {
			t.Fatalf("keygen: exit %d: %s", code, stderr)
		}
		pubs = append(pubs, strings.TrimSpace(stdout))
	}

	if out := mustRecovery("custodians"); !strings.HasPrefix(out, "custodians  none appointed: disaster recovery is off") || !strings.Contains(out, "open custodian proposals: none") {
		t.Fatalf("custodians before any act:\n%s", out)
	}
	if code, _, stderr := runRecovery("custodians", "propose", "--threshold", "0", "--key-file", gov0); code != 1 ||
		!strings.Contains(stderr, "recovery is already off: no custodians are in force (custodian version 0); nothing to propose") {
		t.Fatalf("turning off recovery that is off: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runRecovery(append([]string{"custodians", "propose", "--threshold", "2", "--key-file", outsider}, pubs...)...); code != 3 ||
		!strings.Contains(stderr, "is not a governor of this network") {
		t.Fatalf("a proposal by a non-governor: exit %d, %s", code, stderr)
	}

	// Propose 2 of 3: open, with the proposer's approval.
	out := mustRecovery(append([]string{"custodians", "propose", "--threshold", "2", "--key-file", gov0, "--json"}, pubs...)...)
	var prop custodianProposal
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.Executed || prop.Approvals != 1 || prop.Threshold != 2 ||
		prop.Version != 1 || prop.CustodianThreshold != 2 || strings.Join(prop.Keys, " ") != strings.Join(pubs, " ") {
		t.Fatalf("propose --json: %s (%v)", out, err)
	}
	// The same set again, in another order: approve the open one instead.
	reordered := []string{pubs[2], pubs[0], pubs[1]}
	if code, _, stderr := runRecovery(append([]string{"custodians", "propose", "--threshold", "2", "--key-file", gov1}, reordered...)...); code != 1 ||
		!strings.Contains(stderr, fmt.Sprintf("open proposal %d already proposes this custodian set; approve it instead: anonify attest policy approve %d", prop.ID, prop.ID)) {
		t.Fatalf("proposing an open set again: exit %d, %s", code, stderr)
	}
	out = mustRecovery("custodians", "show")
	if !strings.Contains(out, fmt.Sprintf("#%d custodians: any 2 of 3 keys recover (custodian version 1)", prop.ID)) || !strings.Contains(out, "1 of 2 approvals") ||
		!strings.Contains(out, "anonify attest policy approve "+fmt.Sprint(prop.ID)) || !strings.Contains(out, pubs[1]) {
		t.Fatalf("custodians show with an open proposal:\n%s", out)
	}
	text, err := runAttest(append([]string{"policy", "show"}, chain...)...)
	if err != nil || !strings.Contains(text, fmt.Sprintf("#%d custodians, proposed by", prop.ID)) || !strings.Contains(text, "custodians: any 2 of 3 keys recover (custodian version 1)") {
		t.Fatalf("policy show with an open custodian proposal: %v\n%s", err, text)
	}
	refused(t, 3, fmt.Sprintf("account %s already approved proposal %d; another governor must approve it", governors[0].Hex(), prop.ID),
		append([]string{"policy", "approve", fmt.Sprint(prop.ID), "--key-file", gov0}, chain...)...)

	// The second governor approves through the generic command.
	text, err = runAttest(append([]string{"policy", "approve", fmt.Sprint(prop.ID), "--key-file", gov1}, chain...)...)
	if want := "executed: custodian version 1 is in force: from the next epoch's checkpoint on, any 2 of these 3 custodians can recover the state"; err != nil || !strings.Contains(text, want) {
		t.Fatalf("policy approve: %v\n%s\nwant %q", err, text, want)
	}
	out = mustRecovery("custodians", "--json")
	var shown struct {
		Version   uint64        `json:"version"`
		Threshold uint8         `json:"threshold"`
		Keys      []common.Hash `json:"keys"`
		Open      []any         `json:"open_proposals"`
	}
	if err := json.Unmarshal([]byte(out), &shown); err != nil || shown.Version != 1 || shown.Threshold != 2 || len(shown.Keys) != 3 || len(shown.Open) != 0 {
		t.Fatalf("custodians --json after the approval: %s (%v)", out, err)
	}
	for i, k := range shown.Keys {
		if k.Hex() != pubs[i] {
			t.Fatalf("custodian %d in force is %s, want %s", i, k.Hex(), pubs[i])
		}
	}
	want := "custodians  version 1: any 2 of 3 keys recover\n  " + strings.Join(pubs, "\n  ") + "\nopen custodian proposals: none\n"
	if out = mustRecovery("custodians"); out != want {
		t.Fatalf("custodians:\n%s\nwant\n%s", out, want)
	}
	if code, _, stderr := runRecovery(append([]string{"custodians", "propose", "--threshold", "2", "--key-file", gov0}, reordered...)...); code != 1 ||
		!strings.Contains(stderr, "this custodian set is already in force (custodian version 1); nothing to propose") {
		t.Fatalf("proposing the set in force: exit %d, %s", code, stderr)
	}

	// Recovery off: threshold 0, no keys.
	out = mustRecovery("custodians", "propose", "--threshold", "0", "--key-file", gov1)
	if !strings.Contains(out, "no custodians: recovery off (custodian version 2); 1 of 2 approvals") || !strings.Contains(out, "1 more approval(s) needed") {
		t.Fatalf("propose recovery off: %s", out)
	}
	var off uint64
	fmt.Sscanf(out, "proposal %d", &off)
	text, err = runAttest(append([]string{"policy", "approve", fmt.Sprint(off), "--key-file", gov0}, chain...)...)
	if err != nil || !strings.Contains(text, "executed: custodian version 2 is in force: no custodians") {
		t.Fatalf("approving recovery off: %v\n%s", err, text)
	}
	if out = mustRecovery("custodians"); !strings.HasPrefix(out, "custodians  version 2: none: disaster recovery is off\n") {
		t.Fatalf("custodians after recovery off:\n%s", out)
	}
}

// startRecoveringNode starts, in this process, a fresh node in recovery
// mode on the devnet's chain, with a simulated platform reporting
// measurement (nil: this executable's, which the devnet's policy pins).
func startRecoveringNode(ctx context.Context, t *testing.T, d *devnet.Devnet, hostKey *ecdsa.PrivateKey, measurement []byte) *node.Node {
	t.Helper()
	dir := t.TempDir()
	led, err := ethereum.Dial(ctx, d.Info.RPC, d.Info.Contract, hostKey)
	if err != nil {
		t.Fatal(err)
	}
	start, err := led.DeployedAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := sim.New(sim.Options{Measurement: measurement, StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := assembly.NodeConfig(ctx, assembly.Node{Ledger: led, StartBlock: start, Dir: dir, Listen: "127.0.0.1:0", Platform: p, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Recover = true
	n, err := node.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Run(runCtx)
	}()
	t.Cleanup(func() {
		stop()
		<-done
		led.Close()
	})
	return n
}

// fakeNode stands in front of a real node: it relays its API, except
// what the test changes in its enclave description and recovery status,
// and answers releases itself when refuse is set.
type fakeNode struct {
	target   string
	enclave  func(*wire.EnclaveInfo)
	recovery func(*wire.RecoveryStatus)
	refuse   string
	posted   chan []byte
}

func (f *fakeNode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	relay := func(out any, change func()) {
		res, err := http.Get(f.target + r.URL.Path)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		change()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	}
	switch r.URL.Path {
	case "/v1/enclave":
		var info wire.EnclaveInfo
		relay(&info, func() {
			if f.enclave != nil {
				f.enclave(&info)
			}
		})
	case "/v1/recovery":
		var s wire.RecoveryStatus
		relay(&s, func() {
			if f.recovery != nil {
				f.recovery(&s)
			}
		})
	case "/v1/recovery/release":
		body, _ := io.ReadAll(r.Body)
		f.posted <- body
		w.Header().Set("Content-Type", "application/json")
		if f.refuse != "" {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(wire.Error{Error: f.refuse})
			return
		}
		s := wire.RecoveryStatus{Recovering: true, Threshold: 2}
		json.NewEncoder(w).Encode(s)
	default:
		http.NotFound(w, r)
	}
}

// TestRecoveryRelease runs anonify recovery release, status and found in
// process against a devnet (one member, three custodians of which two
// recover) and nodes started in recovery mode: every check of release
// refuses what it must (exit 3, naming the check) before anything is
// sent, node and chain failures exit 1, and two releases rebuild the
// member's state in a recovering enclave; a third sends nothing. found
// refuses an unregistered enclave, one whose node has not recovered, and
// any founding while the member lives.
func TestRecoveryRelease(t *testing.T) {
	clearChainEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	d, err := devnet.Start(ctx, devnet.Options{Nodes: 1, SpareKeys: 3, Custodians: 3, CustodianThreshold: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dir := t.TempDir()
	chain := []string{"--rpc", d.Info.RPC, "--contract", d.Info.Contract.Hex()}
	var custodian []string
	for i, k := range d.Custodians {
		b, err := k.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		custodian = append(custodian, writeFile(t, dir, fmt.Sprintf("custodian%d.key", i), hex.EncodeToString(b)))
	}
	gov := keyFile(t, dir, "gov.key", d.Governor)
	member := d.Nodes[0]
	release := func(node, key string, extra ...string) (int, string, string) {
		t.Helper()
		return cliRun(t, "", append(append([]string{"recovery", "release", "--node", node, "--key-file", key}, chain...), extra...)...)
	}
	refused := func(code int, want string, node, key string, extra ...string) {
		t.Helper()
		c, stdout, stderr := release(node, key, extra...)
		if c != code || !strings.Contains(stderr, want) {
			t.Fatalf("release to %s: exit %d, want %d with %q\nstdout: %s\nstderr: %s", node, c, code, want, stdout, stderr)
		}
	}
	refused(3, "refusing to release: recovery: enclave "+member.Enclave().Identity().Hex()+" is not recovering", member.URL(), custodian[0])
	if c, stdout, _ := cliRun(t, "", "recovery", "status", "--node", member.URL()); c != 0 || !strings.Contains(stdout, "recovering  no: a member of the network") {
		t.Fatalf("status of the member: exit %d\n%s", c, stdout)
	}
	// The member stops (its process lost, in effect), once its epoch's
	// checkpoint is whole on the chain: alive, it would admit the
	// recovering enclaves as ordinary joiners.
	for !checkpointWhole(ctx, t, d.Ledger) {
		select {
		case <-ctx.Done():
			t.Fatal("no whole checkpoint on the chain")
		case <-time.After(50 * time.Millisecond):
		}
	}
	ms := member.Enclave().Status()
	d.StopNode(0)

	r := startRecoveringNode(ctx, t, d, d.Spare[0], nil)
	for s := r.Enclave().Recovery(); !s.Manifest || s.ChunksHave < s.Chunks; s = r.Enclave().Recovery() {
		select {
		case <-ctx.Done():
			t.Fatalf("the recovering node took no checkpoint: %+v", s)
		case <-time.After(50 * time.Millisecond):
		}
	}
	epoch := r.Enclave().Recovery().Epoch
	// Another measurement: registered, authentic, refused by the policy.
	other := startRecoveringNode(ctx, t, d, d.Spare[1], bytes.Repeat([]byte{0x5a}, 48))

	// Refusals, each before anything is posted.
	fake := &fakeNode{target: r.URL(), posted: make(chan []byte, 4)}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	fake.recovery = func(s *wire.RecoveryStatus) { s.Epoch = epoch + 1 }
	refused(3, fmt.Sprintf("refusing to release: recovery: the node recovers the checkpoint of epoch %d, but the latest checkpoint on the chain is epoch %d's", epoch+1, epoch), srv.URL, custodian[0])
	fake.recovery = func(s *wire.RecoveryStatus) { s.Recovering, s.Manifest, s.Reason = true, false, "waiting" }
	refused(3, fmt.Sprintf("refusing to release: recovery: the node has not taken the latest checkpoint on the chain (epoch %d) yet (waiting)", epoch), srv.URL, custodian[0])
	fake.recovery = nil
	fake.enclave = func(info *wire.EnclaveInfo) { info.RequestKey = other.Enclave().Info().RequestKey }
	refused(3, "refusing to release: evidence: client: node's enclave refused: attest: report data does not bind the expected keys", srv.URL, custodian[0])
	fake.enclave = func(info *wire.EnclaveInfo) { info.Evidence[len(info.Evidence)-1] ^= 1 }
	refused(3, "refusing to release: evidence: client: node's enclave refused: evidence:", srv.URL, custodian[0])
	fake.enclave = nil
	outsider := filepath.Join(dir, "outsider.key")
	if code, _, stderr := cliRun(t, "", "recovery", "keygen", "--out", outsider); code != 0 {
		t.Fatal(stderr)
	}
	refused(3, fmt.Sprintf("refusing to release: share: the checkpoint of epoch %d deals no share to custodian", epoch), srv.URL, outsider)
	refused(3, "refusing to release: evidence: client: node's enclave refused: attest: evidence violates the policy: sim-insecure measurement not allowed", other.URL(), custodian[0])
	// The same code and policy on another deployment: the enclave binds
	// this one.
	ec, err := ethclient.DialContext(ctx, d.Info.RPC)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	st, err := d.Ledger.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := ethereum.Deploy(ctx, ec, d.Spare[2], []common.Address{crypto.PubkeyToAddress(d.Governor.PublicKey)}, 1, st.Policy)
	if err != nil {
		t.Fatal(err)
	}
	c, stdout, stderr := cliRun(t, "", "recovery", "release", "--node", r.URL(), "--key-file", custodian[0], "--rpc", d.Info.RPC, "--contract", second.Hex())
	if want := fmt.Sprintf("refusing to release: network: the enclave serves chain %d, contract %s; this chain is %d, contract %s",
		d.Info.ChainID, d.Info.Contract.Hex(), d.Info.ChainID, second.Hex()); c != 3 || !strings.Contains(stderr, want) {
		t.Fatalf("release on another deployment: exit %d\n%s\n%s\nwant %q", c, stdout, stderr, want)
	}
	// Failures of the node and of the chain.
	fake.refuse = "recovery: a release for epoch 9"
	refused(3, "the enclave of node "+srv.URL+" refused the release (HTTP 400): recovery: a release for epoch 9", srv.URL, custodian[0])
	if rel, err := recovery.ParseRelease(<-fake.posted); err != nil || rel.Epoch != epoch || rel.Custodian != [32]byte(d.Custodians[0].PublicKey().Bytes()) {
		t.Fatalf("the release posted: %+v, %v", rel, err)
	}
	refused(1, "node http://127.0.0.1:1: ", "http://127.0.0.1:1", custodian[0])
	c, _, stderr = cliRun(t, "", "recovery", "release", "--node", r.URL(), "--key-file", custodian[0], "--rpc", "http://127.0.0.1:1", "--contract", d.Info.Contract.Hex())
	if c != 1 || !strings.HasPrefix(stderr, "anonify: chain: ") {
		t.Fatalf("release with the chain down: exit %d: %s", c, stderr)
	}
	if len(fake.posted) != 0 || r.Enclave().Recovery().Released != nil {
		t.Fatal("a refused release was sent")
	}

	// found: not registered, not recovered, a live member.
	found := func(code int, want string, args ...string) {
		t.Helper()
		c, stdout, stderr := cliRun(t, "", append(append([]string{"recovery", "found", "--key-file", gov}, chain...), args...)...)
		if c != code || !strings.Contains(stderr, want) {
			t.Fatalf("found %v: exit %d, want %d with %q\nstdout: %s\nstderr: %s", args, c, code, want, stdout, stderr)
		}
	}
	rid := r.Enclave().Identity()
	found(1, "enclave "+common.HexToAddress("0xaa").Hex()+" never registered on this chain", "0x00000000000000000000000000000000000000aa")
	found(1, "has not rebuilt the state yet (0 of the 2 releases needed)", rid.Hex(), "--node", r.URL())
	found(1, "node "+r.URL()+" runs enclave "+rid.Hex()+", not "+member.Enclave().Identity().Hex(), member.Enclave().Identity().Hex(), "--node", r.URL())
	found(1, "the network has 1 live member(s): "+member.Enclave().Identity().Hex()+"; founding is only for a network with none", rid.Hex())
	found(2, `enclave "0xabc": want a 0x address`, "0xabc")
	// Founding a new network (attest policy found) is once only.
	if c, stdout, stderr := cliRun(t, "", append([]string{"attest", "policy", "found", rid.Hex(), "--key-file", gov}, chain...)...); c != 1 ||
		!strings.Contains(stderr, "the network was founded already (block ") || !strings.Contains(stderr, "anonify recovery found") {
		t.Fatalf("attest policy found on a founded network: exit %d\n%s\n%s", c, stdout, stderr)
	}

	// Two releases rebuild the member's state; a third sends nothing.
	c, stdout, stderr = release(r.URL(), custodian[0])
	if c != 0 || !strings.Contains(stdout, "verified enclave "+rid.Hex()+" (sim-insecure)") || !strings.Contains(stdout, "releases: 1 of the 2 needed (3 custodians); not recovered yet: 1 more custodian(s) must release") ||
		!strings.Contains(stderr, "WARNING: the enclave's evidence proves nothing (the sim-insecure kind is a simulation, INSECURE)") {
		t.Fatalf("the first release: exit %d\n%s\n%s", c, stdout, stderr)
	}
	c, stdout, _ = cliRun(t, "", "recovery", "status", "--node", r.URL())
	want := fmt.Sprintf("node        %s\nenclave     %s\nrecovering  yes\ncheckpoint  epoch %d, 1 of 1 chunks\nreleases    1 of the 2 needed, from 3 custodians:\n", r.URL(), rid.Hex(), epoch)
	if c != 0 || !strings.HasPrefix(stdout, want) || strings.Count(stdout, "  released\n") != 1 || strings.Count(stdout, "  not yet\n") != 2 {
		t.Fatalf("status after one release: exit %d\n%s\nwant it to begin with\n%s", c, stdout, want)
	}
	c, stdout, stderr = release(r.URL(), custodian[1], "--json")
	var rep releaseReport
	if err := json.Unmarshal([]byte(stdout), &rep); c != 0 || err != nil || !rep.Released || !rep.Status.Recovered || rep.Status.StateHash != ms.StateHash ||
		rep.Enclave != rid || rep.Epoch != epoch || rep.Insecure == "" || stderr != "" {
		t.Fatalf("the second release: exit %d (%v)\n%s\n%s\nmember: %+v", c, err, stdout, stderr, ms)
	}
	c, stdout, _ = release(r.URL(), custodian[2])
	if c != 0 || !strings.HasPrefix(stdout, fmt.Sprintf("nothing released: enclave %s has already rebuilt the state from the latest checkpoint (epoch %d)\nrecovered: ", rid.Hex(), epoch)) {
		t.Fatalf("a release after the recovery: exit %d\n%s", c, stdout)
	}
	found(1, "the network has 1 live member(s)", rid.Hex(), "--node", r.URL())
}
