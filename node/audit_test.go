package node_test

import (
	"crypto/hpke"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/auditor"
	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// auditorKey is a fresh auditor key pair and its public key as the
// contract holds it.
func auditorKey(t *testing.T) (hpke.PrivateKey, [32]byte) {
	t.Helper()
	k, err := audit.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	var pub [32]byte
	copy(pub[:], k.PublicKey().Bytes())
	return k, pub
}

// waitAudited waits until every running node has applied commands
// commands and has no audit record left off the ledger.
func (net *memNet) waitAudited(commands uint64, nodes ...int) {
	net.t.Helper()
	net.agree(commands, nodes...)
	if nodes == nil {
		for i := range net.nodes {
			nodes = append(nodes, i)
		}
	}
	for {
		done := true
		for _, i := range nodes {
			s := net.nodes[i].n.Enclave().Status()
			if s.AuditDiverged != 0 {
				net.t.Fatalf("node %d: %d audit posts diverged from its records", i, s.AuditDiverged)
			}
			done = done && s.AuditPending == 0
		}
		if done {
			return
		}
		select {
		case <-net.ctx.Done():
			net.t.Fatalf("audit records still pending")
		case <-time.After(memPoll):
		}
	}
}

// opened is what one key opens of every audit record on the ledger, and
// the indexes (post, record) it cannot.
type opened struct {
	records []*audit.Record
	raw     [][]byte
}

func openAll(t *testing.T, net *memNet, k hpke.PrivateKey) opened {
	t.Helper()
	events, _ := net.chain.Events(0)
	var o opened
	for _, ev := range events {
		if ev.Audit == nil {
			continue
		}
		for _, b := range ev.Audit.Records {
			r, err := audit.OpenRecord(k, net.chain.ChainID().Uint64(), net.chain.Contract(), b)
			if err != nil {
				continue
			}
			o.records, o.raw = append(o.records, r), append(o.raw, b)
		}
	}
	return o
}

// summary renders an auditor's view: one line per record.
func (o opened) summary() []string {
	var out []string
	for _, r := range o.records {
		var state []string
		for _, e := range r.State {
			if e.Key == nil {
				state = append(state, fmt.Sprintf("%s=%s", e.Slot, e.Value))
			} else {
				state = append(state, fmt.Sprintf("%s[%s]=%s", e.Slot, e.Key, e.Value))
			}
		}
		line := fmt.Sprintf("%d %s", r.Seq, r.Kind)
		if r.Kind == audit.KindCommand {
			line += fmt.Sprintf(" %s ok=%v", r.Function, r.OK)
		}
		out = append(out, line+" "+strings.Join(state, " "))
	}
	return out
}

// TestMemledgerAudit: governance appoints two auditors, one of every
// ERC-20 command and one of the commands naming bob. Each finds, with its
// key alone, its records among all audit records on the ledger: a
// snapshot of its in-scope state at appointment, then each in-scope
// command with its signer, arguments, outcome and the in-scope state it
// wrote. A group key rotation and the expulsion of a member change nothing
// for them; the removed auditor reads nothing after its removal. Every
// node checks every post against its own records (AuditDiverged stays 0),
// so the records are the same whichever node's enclave posted them.
func TestMemledgerAudit(t *testing.T) {
	net := newMemNet(t, 3)
	ctx := net.ctx
	alice, aliceAddr := userKey(t)
	bob, bobAddr := userKey(t)
	carol, carolAddr := userKey(t)
	kAll, pubAll := auditorKey(t)
	kBob, pubBob := auditorKey(t)
	appoint := func(pub [32]byte, scope string) {
		t.Helper()
		if err := net.decide(func(g *memledger.Account) (uint64, error) { return g.ProposeAuditor(ctx, pub, []byte(scope)) }); err != nil {
			t.Fatalf("appoint %q: %v", scope, err)
		}
	}
	command := func(node int, k any, fn string, args any) {
		t.Helper()
		var err error
		switch k {
		case "alice":
			_, err = net.client(node).Command(ctx, alice, erc20abi.Name, fn, args)
		case "bob":
			_, err = net.client(node).Command(ctx, bob, erc20abi.Name, fn, args)
		case "carol":
			_, err = net.client(node).Command(ctx, carol, erc20abi.Name, fn, args)
		}
		if err != nil {
			t.Fatalf("%s %s via node %d: %v", k, fn, node, err)
		}
	}
	// History before any auditor: only its result reaches them, in the
	// snapshot.
	command(0, "alice", "init", initArgs(100))
	command(1, "alice", "transfer", transferArgs(carolAddr, 10))
	net.agree(2)
	appoint(pubAll, "erc20")
	appoint(pubBob, "erc20:accounts="+strings.ToLower(bobAddr.Hex()))
	command(1, "alice", "transfer", transferArgs(bobAddr, 30))
	command(2, "carol", "transfer", transferArgs(aliceAddr, 5))
	if _, err := net.client(0).Command(ctx, bob, erc20abi.Name, "transfer", transferArgs(aliceAddr, 500)); err == nil ||
		!strings.Contains(err.Error(), "insufficient balance") {
		t.Fatalf("bob's overdraft: %v, want a rejection", err)
	}
	net.waitAudited(5)

	// A group key rotation, then governance expels node 2.
	tok, err := os.ReadFile(net.nodes[0].n.AdminTokenPath())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.client(0).Rotate(ctx, strings.TrimSpace(string(tok))); err != nil {
		t.Fatalf("rotate: %v", err)
	}
	out := net.nodes[2].n.Enclave().Identity()
	if err := net.decide(func(g *memledger.Account) (uint64, error) { return g.ProposeExpel(ctx, out) }); err != nil {
		t.Fatal(err)
	}
	for slices.Contains(net.chain.State().Members, out) {
		select {
		case <-ctx.Done():
			t.Fatal("node 2 was not removed")
		case <-time.After(memPoll):
		}
	}
	command(1, "bob", "transfer", transferArgs(carolAddr, 1))
	net.waitAudited(6, 0, 1)
	// The first auditor is removed; the second stays.
	appoint(pubAll, "")
	command(0, "alice", "transfer", transferArgs(bobAddr, 2))
	net.waitAudited(7, 0, 1)

	lower := func(a common.Address) string { return strings.ToLower(a.Hex()) }
	bal := func(a common.Address, v string) string { return fmt.Sprintf(`balance["%s"]="%s"`, lower(a), v) }
	all := openAll(t, net, kAll)
	wantAll := []string{
		// The snapshot at appointment: balances (in key order), owner and supply.
		"0 snapshot " + strings.Join(sortedBalances(bal(aliceAddr, "90"), bal(carolAddr, "10")), " ") +
			fmt.Sprintf(` owner="%s" total_supply="100"`, lower(aliceAddr)),
		"1 command transfer ok=true " + strings.Join(sortedBalances(bal(aliceAddr, "60"), bal(bobAddr, "30")), " "),
		"2 command transfer ok=true " + strings.Join(sortedBalances(bal(aliceAddr, "65"), bal(carolAddr, "5")), " "),
		"3 command transfer ok=false ",
		"4 command transfer ok=true " + strings.Join(sortedBalances(bal(bobAddr, "29"), bal(carolAddr, "6")), " "),
	}
	if got := all.summary(); !slices.Equal(got, wantAll) {
		t.Fatalf("the all-ERC-20 auditor reads\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantAll, "\n"))
	}
	if r := all.records[3]; *r.Signer != bobAddr || !strings.Contains(r.Reason, "insufficient") || r.Block == 0 {
		t.Fatalf("rejected command's record: signer %s reason %q block %d", r.Signer.Hex(), r.Reason, r.Block)
	}
	var args erc20abi.TransferArgs
	if err := json.Unmarshal(all.records[1].Args, &args); err != nil || args.To != bobAddr || args.Amount.Uint64() != 30 {
		t.Fatalf("record 1 args %s", all.records[1].Args)
	}
	bobs := openAll(t, net, kBob)
	wantBob := []string{
		"0 snapshot ", // bob held nothing when the auditor was appointed
		"1 command transfer ok=true " + bal(bobAddr, "30"),
		"2 command transfer ok=false ",
		"3 command transfer ok=true " + bal(bobAddr, "29"),
		"4 command transfer ok=true " + bal(bobAddr, "31"),
	}
	if got := bobs.summary(); !slices.Equal(got, wantBob) {
		t.Fatalf("bob's auditor reads\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantBob, "\n"))
	}
	// The auditors' tool (auditor/) reconstructs the in-scope state from
	// the ledger alone: for bob's auditor, bob's balance now; for the
	// removed one, every balance as it stood at its removal.
	src := net.chain.Account(common.Address{0x81})
	for _, tc := range []struct {
		k    hpke.PrivateKey
		want []string
	}{
		{kBob, []string{bal(bobAddr, "31")}},
		{kAll, append(sortedBalances(bal(aliceAddr, "65"), bal(bobAddr, "29"), bal(carolAddr, "6")),
			fmt.Sprintf(`owner="%s"`, lower(aliceAddr)), `total_supply="100"`)},
	} {
		trail, err := auditor.Read(ctx, src, tc.k, net.chain.DeployedAt())
		if err != nil {
			t.Fatal(err)
		}
		if len(trail.Problems) != 0 || len(trail.Conflicts) != 0 {
			t.Fatalf("auditor trail problems %q, conflicts %d", trail.Problems, len(trail.Conflicts))
		}
		st, err := trail.StateAt(net.chain.Head())
		if err != nil {
			t.Fatal(err)
		}
		if got := (opened{records: []*audit.Record{{Kind: audit.KindSnapshot, State: st.Entries}}}).summary(); got[0] != "0 snapshot "+strings.Join(tc.want, " ") {
			t.Fatalf("auditor state %q, want %q", got[0], tc.want)
		}
	}
	// Each key opens exactly its own records, asserted on the ledger's
	// bytes: none of bob's auditor's records opens with the other key, and
	// the other way round.
	for _, b := range bobs.raw {
		if _, err := audit.OpenRecord(kAll, net.chain.ChainID().Uint64(), net.chain.Contract(), b); err == nil {
			t.Fatal("the all-ERC-20 auditor's key opens a record of bob's auditor")
		}
	}
	for _, b := range all.raw {
		if _, err := audit.OpenRecord(kBob, net.chain.ChainID().Uint64(), net.chain.Contract(), b); err == nil {
			t.Fatal("bob's auditor's key opens a record of the other auditor")
		}
	}
}

// sortedBalances orders rendered balance entries as the enclave does: by
// the raw key bytes, i.e. by address.
func sortedBalances(entries ...string) []string {
	slices.Sort(entries)
	return entries
}
