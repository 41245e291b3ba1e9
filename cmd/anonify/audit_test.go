package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/ledger/ethereum/embedded"
	"github.com/anonify-go/anonify/ledger/ledgertest"
	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// TestAuditKeygen: the private key goes to a file only its owner reads,
// the public key to stdout; an existing file is kept unless --force.
func TestAuditKeygen(t *testing.T) {
	clearChainEnv(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "auditor.key")
	code, stdout, stderr := cliRun(t, "", "audit", "keygen", "--out", out)
	if code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, stderr)
	}
	pub := strings.TrimSpace(stdout)
	checkKeyFile(t, out, pub)
	if !strings.Contains(stderr, "anonify audit register --pubkey "+pub) {
		t.Errorf("keygen does not say how to register the key: %s", stderr)
	}

	// No overwriting: the file may hold the only copy of a key.
	before, _ := os.ReadFile(out)
	code, _, stderr = cliRun(t, "", "audit", "keygen", "--out", out)
	if want := "anonify: " + out + " exists (it may hold an auditor key, which nothing could replace); pass --force to overwrite it"; code != 2 || strings.TrimSpace(stderr) != want {
		t.Fatalf("keygen over an existing file: exit %d, stderr %q; want 2, %q", code, stderr, want)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Fatal("keygen changed the existing file")
	}

	// --force, on a file readable by others: the new key, and mode 0600.
	if err := os.Chmod(out, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = cliRun(t, "", "audit", "keygen", "--out", out, "--force", "--json")
	if code != 0 {
		t.Fatalf("keygen --force: exit %d: %s", code, stderr)
	}
	var j struct {
		PublicKey string `json:"public_key"`
		KeyFile   string `json:"key_file"`
	}
	if err := json.Unmarshal([]byte(stdout), &j); err != nil || j.KeyFile != out || j.PublicKey == pub {
		t.Fatalf("keygen --force --json: %q (%v)", stdout, err)
	}
	checkKeyFile(t, out, j.PublicKey)

	code, _, stderr = cliRun(t, "", "audit", "keygen")
	if code != 2 || !strings.Contains(stderr, `required flag(s) "out" not set`) {
		t.Fatalf("keygen without --out: exit %d, %s", code, stderr)
	}
}

// checkKeyFile checks that file has mode 0600 and holds the private key
// of pub.
func checkKeyFile(t *testing.T, file, pub string) {
	t.Helper()
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", file, st.Mode().Perm())
	}
	k, err := readAuditorKey(file)
	if err != nil {
		t.Fatal(err)
	}
	if k.pub != pub || len(pub) != 66 {
		t.Errorf("the key in %s has public key %s; keygen printed %s", file, k.pub, pub)
	}
}

// TestAuditUsage: bad scopes, keys and flags exit 2 with the reason,
// before anything reaches a chain.
func TestAuditUsage(t *testing.T) {
	clearChainEnv(t)
	dir := t.TempDir()
	chain := []string{"--rpc", "http://127.0.0.1:1", "--contract", "0x00000000000000000000000000000000000000aa"}
	pub := "0x" + strings.Repeat("ab", 32)
	gov := writeFile(t, dir, "gov.key", strings.Repeat("11", 32))
	notKey := writeFile(t, dir, "not.key", "hello")
	register := func(scope string, more ...string) []string {
		return append(append([]string{"audit", "register", "--pubkey", pub, "--scope", scope, "--key-file", gov}, chain...), more...)
	}
	tests := []struct {
		name string
		args []string
		want string // stderr's prefix
	}{
		{"unknown narrowing", register("erc20:colour=red"),
			`anonify: --scope "erc20:colour=red": unknown narrowing "colour" (want functions or accounts); a scope is APP, or APP:NARROWING;NARROWING`},
		{"empty scope", register(""), `anonify: --scope "": scope is empty; a scope is APP`},
		{"reserved app", register("sys"), `anonify: --scope "sys": app "sys" is reserved for the enclave's built-in queries, which are never audited`},
		{"bad account", register("erc20:accounts=0x12"), `anonify: --scope "erc20:accounts=0x12": `},
		{"stray semicolon", register("erc20:functions=transfer;"), `anonify: --scope "erc20:functions=transfer;": scope "erc20:functions=transfer;" has an empty narrowing (a stray ';')`},
		{"no scope flag", []string{"audit", "register", "--pubkey", pub}, `anonify: required flag(s) "scope" not set`},
		{"short pubkey", append([]string{"audit", "register", "--pubkey", "0xabcd", "--scope", "erc20", "--key-file", gov}, chain...),
			`anonify: --pubkey "0xabcd": want an X25519 public key, 64 hex digits (as anonify audit keygen prints it)`},
		{"zero pubkey", append([]string{"audit", "remove", "--pubkey", strings.Repeat("00", 32), "--key-file", gov}, chain...),
			`anonify: --pubkey "` + strings.Repeat("00", 32) + `": want an X25519 public key`},
		{"no governor key", append([]string{"audit", "register", "--pubkey", pub, "--scope", "erc20"}, chain...),
			"anonify: no key: pass --key-file FILE (hex private key) or set ANONIFY_GOVERNOR_KEY"},
		{"no auditor key", append([]string{"audit", "log"}, chain...), "anonify: no auditor key: pass --key-file FILE (as anonify audit keygen writes it)"},
		{"not an auditor key", append([]string{"audit", "state", "--key-file", notKey}, chain...),
			"anonify: --key-file " + notKey + ": not an auditor key (64 hex digits, as anonify audit keygen writes it)"},
		{"bad account filter", append([]string{"audit", "state", "--key-file", gov, "--account", "alice"}, chain...), `anonify: --account "alice": want a 0x address`},
		{"no chain", []string{"audit", "list"}, "anonify: no chain: pass --rpc URL and --contract ADDRESS, or --network devnet.json"},
		{"keygen takes no chain", []string{"audit", "keygen", "--out", filepath.Join(dir, "k"), "--rpc", "x"}, "anonify: unknown flag: --rpc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := cliRun(t, "", tt.args...)
			if code != 2 || !strings.HasPrefix(stderr, tt.want) {
				t.Fatalf("anonify %s: exit %d, stderr %q, stdout %q; want exit 2 and stderr starting %q", strings.Join(tt.args, " "), code, stderr, stdout, tt.want)
			}
		})
	}
	// Under --json the reason is the JSON error.
	code, stdout, _ := cliRun(t, "", register("erc20:colour=red", "--json")...)
	var doc struct {
		Error string `json:"error"`
		Code  int    `json:"code"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || code != 2 || doc.Code != 2 || !strings.HasPrefix(doc.Error, `--scope "erc20:colour=red": unknown narrowing`) {
		t.Fatalf("--json: exit %d, %q (%v)", code, stdout, err)
	}
	// The help documents the grammar.
	code, stdout, _ = cliRun(t, "", "audit", "--help")
	for _, want := range []string{"erc20:functions=transfer,transfer_from;accounts=0xA", "APP:accounts=0xADDR,0xADDR,...", "Exit status"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("anonify audit --help (exit %d) lacks %q", code, want)
		}
	}
}

// TestAuditGovernance drives the audit commands against a contract on an
// embedded chain with two governors (threshold 2): register (open until the
// second approval through anonify attest policy approve), list, log and
// state over records a stand-in member enclave seals and posts, remove.
func TestAuditGovernance(t *testing.T) {
	clearChainEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	ec, err := embedded.Start(embedded.Options{Accounts: 4})
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
	gov0, gov1 := keyFile(t, dir, "gov0.key", keys[0]), keyFile(t, dir, "gov1.key", keys[1])
	runAudit := func(args ...string) (int, string, string) { // one audit command on this chain
		t.Helper()
		return cliRun(t, "", append(append([]string{"audit"}, args...), chain...)...)
	}
	mustAudit := func(args ...string) (string, string) {
		t.Helper()
		code, stdout, stderr := runAudit(args...)
		if code != 0 {
			t.Fatalf("anonify audit %v: exit %d\nstdout: %s\nstderr: %s", args, code, stdout, stderr)
		}
		return stdout, stderr
	}
	keyA := filepath.Join(dir, "a.key")
	pubA := keygen(t, keyA)

	// Register: the scope goes on the chain in canonical form.
	alice, bob := common.HexToAddress("0x00000000000000000000000000000000000000a1"), common.HexToAddress("0x00000000000000000000000000000000000000b0")
	given := "erc20:accounts=" + bob.Hex() + "," + alice.Hex() + "," + bob.Hex()
	canonical := "erc20:accounts=" + strings.ToLower(alice.Hex()) + "," + strings.ToLower(bob.Hex())
	out, _ := mustAudit("register", "--pubkey", pubA, "--scope", given, "--key-file", gov0, "--json")
	var prop auditProposal
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.Executed || prop.Approvals != 1 || prop.Threshold != 2 || prop.Scope != canonical || prop.Key != pubA {
		t.Fatalf("register --json: %s (%v)", out, err)
	}
	out, _ = mustAudit("list")
	if !strings.HasPrefix(out, "no auditors") {
		t.Fatalf("list before the approval: %q", out)
	}
	text, err := runAttest(append([]string{"policy", "show"}, chain...)...)
	if err != nil || !strings.Contains(text, fmt.Sprintf("#%d auditor", prop.ID)) || !strings.Contains(text, "auditor "+pubA+" with scope "+canonical) {
		t.Fatalf("policy show with an open auditor proposal: %v\n%s", err, text)
	}
	text, err = runAttest(append([]string{"policy", "approve", fmt.Sprint(prop.ID), "--key-file", gov1}, chain...)...)
	if want := fmt.Sprintf("executed: auditor %s has scope %s", pubA, canonical); err != nil || !strings.Contains(text, want) {
		t.Fatalf("policy approve: %v\n%s\nwant %q", err, text, want)
	}
	out, _ = mustAudit("list", "--json")
	var list struct {
		Head     uint64        `json:"head"`
		Auditors []auditorJSON `json:"auditors"`
		Problems []string      `json:"problems"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Auditors) != 1 || list.Auditors[0].Key != pubA ||
		list.Auditors[0].Scope != canonical || !list.Auditors[0].Valid || list.Auditors[0].SinceBlock == 0 || len(list.Problems) != 0 {
		t.Fatalf("list --json: %s (%v)", out, err)
	}
	since := list.Auditors[0].SinceBlock
	out, _ = mustAudit("list")
	if want := fmt.Sprintf("%s  since block %d  %s\n", pubA, since, canonical); out != want {
		t.Fatalf("list: %q, want %q", out, want)
	}

	// A stand-in member enclave posts a batch and the auditor's records:
	// the snapshot, a transfer, and (record 2 withheld) a rejected one.
	host, err := ethereum.Dial(ctx, ec.RPCURL(), contract, keys[3])
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	govs := []*ethereum.Driver{}
	for _, k := range keys[:2] {
		d, err := ethereum.Dial(ctx, ec.RPCURL(), contract, k)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		govs = append(govs, d)
	}
	member := ledgertest.NewEnclave(t)
	if err := host.Register(ctx, member.Registration(t, host)); err != nil {
		t.Fatal(err)
	}
	id, err := govs[0].ProposeFounder(ctx, member.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := govs[1].Approve(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := host.PostCommands(ctx, member.Batch(t, host, 0, 0, ledgertest.Ciphertext(100, 1))); err != nil {
		t.Fatal(err)
	}
	var appointed, batch chainmsg.Position
	for _, ev := range allEvents(ctx, t, host) {
		switch {
		case ev.Auditor != nil:
			appointed = ev.Position
		case ev.Commands != nil:
			batch = ev.Position
		}
	}
	pubBytes, _ := hex.DecodeString(strings.TrimPrefix(pubA, "0x"))
	seal := func(r *audit.Record) []byte {
		ikm := sha256.Sum256(binary.BigEndian.AppendUint64([]byte("cli test"), r.Seq))
		b, err := audit.SealRecord(pubBytes, ikm[:], ec.ChainID().Uint64(), contract, r)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	balance := func(a common.Address, v string) audit.Entry {
		return audit.Entry{Slot: "balance", Key: json.RawMessage(`"` + strings.ToLower(a.Hex()) + `"`), Value: json.RawMessage(v)}
	}
	reqID := common.Hash{1}
	transfer := `{"to":"` + bob.Hex() + `","amount":"25"}`
	records := [][]byte{
		seal(&audit.Record{Seq: 0, Kind: audit.KindSnapshot, Scope: canonical, Block: appointed.Block, LogIndex: appointed.Index, Parts: 1,
			State: []audit.Entry{balance(alice, `"100"`), balance(bob, `"7"`)}}),
		seal(&audit.Record{Seq: 1, Kind: audit.KindCommand, Scope: canonical, Block: batch.Block, LogIndex: batch.Index,
			ID: &reqID, Signer: &alice, App: "erc20", Function: "transfer", Args: json.RawMessage(transfer), OK: true,
			State: []audit.Entry{balance(alice, `"75"`), balance(bob, `"32"`)}}),
		seal(&audit.Record{Seq: 3, Kind: audit.KindCommand, Scope: canonical, Block: batch.Block, LogIndex: batch.Index,
			ID: &reqID, Signer: &bob, App: "erc20", Function: "transfer", Args: json.RawMessage(`{ "to": "` + alice.Hex() + `", "amount": "1000" }`),
			Reason: "insufficient balance", State: []audit.Entry{}}),
		ledgertest.Ciphertext(audit.RecordPadClass+audit.SealOverhead, 9), // padding
	}
	if err := host.PostAudit(ctx, member.AuditPost(t, host, 0, 0, ledgertest.Ciphertext(64, 2), records...)); err != nil {
		t.Fatal(err)
	}
	head, err := host.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// log: one line per command; the gap is a problem on stderr, not a failure.
	out, errOut := mustAudit("log", "--key-file", keyA)
	want := fmt.Sprintf("%d  %s  erc20.transfer  %s  applied\n%d  %s  erc20.transfer  {\"to\":\"%s\",\"amount\":\"1000\"}  rejected: insufficient balance\n",
		batch.Block, alice.Hex(), transfer, batch.Block, bob.Hex(), alice.Hex())
	if out != want {
		t.Fatalf("log:\n%s\nwant\n%s", out, want)
	}
	if !strings.Contains(errOut, "problem: record 2 is missing (not on the ledger yet, or withheld), though record 3 is there") || !strings.Contains(errOut, "1 problem(s) found") {
		t.Fatalf("log's stderr does not report the gap: %s", errOut)
	}
	if out, _ = mustAudit("log", "--key-file", keyA, "--from-block", fmt.Sprint(batch.Block+1)); out != "" {
		t.Fatalf("log --from-block after the batch: %q", out)
	}
	out, _ = mustAudit("log", "--key-file", keyA, "--json")
	var logJSON struct {
		Auditor      string            `json:"auditor"`
		Appointments []appointmentJSON `json:"appointments"`
		Records      []audit.Record    `json:"records"`
		Problems     []string          `json:"problems"`
	}
	if err := json.Unmarshal([]byte(out), &logJSON); err != nil || logJSON.Auditor != pubA || len(logJSON.Appointments) != 1 ||
		logJSON.Appointments[0].Scope != canonical || len(logJSON.Records) != 3 || logJSON.Records[2].Seq != 3 || len(logJSON.Problems) != 1 {
		t.Fatalf("log --json: %s (%v)", out, err)
	}

	// state: at the head, for one account, before the snapshot, past the head.
	out, errOut = mustAudit("state", "--key-file", keyA)
	want = fmt.Sprintf("state at block %d: snapshot of block %d, scope %s, through record 3\nbalance\n  \"%s\" = \"75\"\n  \"%s\" = \"32\"\n",
		head, appointed.Block, canonical, strings.ToLower(alice.Hex()), strings.ToLower(bob.Hex()))
	if out != want || !strings.Contains(errOut, "note: record 2 is missing") {
		t.Fatalf("state:\n%s\nwant\n%s\nstderr: %s", out, want, errOut)
	}
	out, _ = mustAudit("state", "--key-file", keyA, "--account", bob.Hex(), "--at", fmt.Sprint(appointed.Block), "--json")
	var stateJSON struct {
		Block   uint64        `json:"block"`
		Entries []audit.Entry `json:"entries"`
	}
	if err := json.Unmarshal([]byte(out), &stateJSON); err != nil || stateJSON.Block != appointed.Block || len(stateJSON.Entries) != 1 ||
		string(stateJSON.Entries[0].Value) != `"7"` {
		t.Fatalf("state --account bob --at the snapshot: %s (%v)", out, err)
	}
	if code, _, errOut := runAudit("state", "--key-file", keyA, "--at", fmt.Sprint(appointed.Block-1)); code != 1 || !strings.Contains(errOut, "no snapshot at or before that block") {
		t.Fatalf("state before the snapshot: exit %d, %s", code, errOut)
	}
	if code, _, errOut := runAudit("state", "--key-file", keyA, "--at", fmt.Sprint(head+100)); code != 2 || !strings.Contains(errOut, fmt.Sprintf("--at %d is past the head", head+100)) {
		t.Fatalf("state past the head: exit %d, %s", code, errOut)
	}
	// A key governance never registered: an error, not an empty log.
	keyB := filepath.Join(dir, "b.key")
	pubB := keygen(t, keyB)
	if code, _, errOut := runAudit("log", "--key-file", keyB); code != 1 || !strings.Contains(errOut, "governance never registered the auditor key "+pubB) {
		t.Fatalf("log of an unregistered key: exit %d, %s", code, errOut)
	}

	// Remove: open until the second approval; then the list is empty, and
	// a second removal is refused by the contract.
	out, _ = mustAudit("remove", "--pubkey", pubA, "--key-file", gov0)
	if !strings.Contains(out, "removal of auditor "+pubA+"; 1 of 2 approvals") || !strings.Contains(out, "1 more approval(s) needed") {
		t.Fatalf("remove: %s", out)
	}
	var removal uint64
	fmt.Sscanf(out, "proposal %d", &removal)
	text, err = runAttest(append([]string{"policy", "approve", fmt.Sprint(removal), "--key-file", gov1}, chain...)...)
	if err != nil || !strings.Contains(text, "executed: "+pubA+" is no longer an auditor") {
		t.Fatalf("approving the removal: %v\n%s", err, text)
	}
	if out, _ = mustAudit("list"); !strings.HasPrefix(out, "no auditors") {
		t.Fatalf("list after the removal: %q", out)
	}
	code, _, errOut := runAudit("remove", "--pubkey", pubA, "--key-file", gov0)
	if want := "anonify: " + pubA + " is not an auditor's key, so there is nothing to remove (anonify audit list shows the auditors)"; code != 3 || strings.TrimSpace(errOut) != want {
		t.Fatalf("removing twice: exit %d, %q; want 3, %q", code, errOut, want)
	}
	// The trail keeps the records, and shows the removal.
	out, _ = mustAudit("log", "--key-file", keyA, "--json")
	if err := json.Unmarshal([]byte(out), &logJSON); err != nil || len(logJSON.Appointments) != 2 || logJSON.Appointments[1].Scope != "" ||
		logJSON.Appointments[0].UntilBlock == nil || *logJSON.Appointments[0].UntilBlock != logJSON.Appointments[1].Block {
		t.Fatalf("log --json after the removal: %s (%v)", out, err)
	}
}

// keygen runs anonify audit keygen --out file and returns the public key.
func keygen(t *testing.T, file string) string {
	t.Helper()
	code, stdout, stderr := cliRun(t, "", "audit", "keygen", "--out", file)
	if code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, stderr)
	}
	return strings.TrimSpace(stdout)
}

// allEvents reads every event of the contract.
func allEvents(ctx context.Context, t *testing.T, d *ethereum.Driver) []chainmsg.Event {
	t.Helper()
	from, err := d.DeployedAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	head, err := d.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []chainmsg.Event
	for b := from; b <= head; {
		evs, next, err := d.Events(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		out, b = append(out, evs...), next
	}
	return out
}
