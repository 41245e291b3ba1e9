package devnet

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/internal/dirlock"
)

// TestDevnetResume: a devnet on a directory, stopped and started again on
// it, is the same network: same contract (nothing deployed or founded
// again), same enclaves restored from their sealed state, same members,
// epoch and balances; it keeps taking commands. While it runs its
// directory is locked; devnet.json exists only while it serves, and one
// left behind (by a crash) is replaced, never believed. Its development
// custodians, appointed at the first start, are the same keys after it,
// and are not appointed again.
func TestDevnetResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a chain and nodes, twice")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	users, _ := Users()
	bob := crypto.PubkeyToAddress(users["bob"].PublicKey)

	d, err := Start(ctx, Options{Nodes: 2, Dir: dir, Custodians: 3, CustodianThreshold: 2})
	if err != nil {
		t.Fatal(err)
	}
	first := d.Info
	custodians := d.CustodianPublicKeys()
	checkCustodians(ctx, t, d, custodians)
	var ids []common.Address
	for _, n := range d.Nodes {
		ids = append(ids, n.Enclave().Identity())
	}
	if err := d.WriteInfo(dir); err != nil {
		t.Fatal(err)
	}
	c := connectAll(t, ctx, d)
	if _, err := c[0].Command(ctx, users["alice"], "erc20", "init", map[string]string{"supply": "100"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c[1].Command(ctx, users["alice"], "erc20", "transfer", amountTo{bob, "30"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c[1].Rotate(ctx, mustToken(t, d, 1)); err != nil {
		t.Fatal(err)
	}
	group, _ := c[0].Group(ctx)

	// Locked while it runs, against this process too.
	if _, err := Start(ctx, Options{Dir: dir}); !errors.Is(err, dirlock.ErrLocked) || !strings.Contains(err.Error(), "in use by process") {
		t.Fatalf("a second devnet on a running one's directory: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "devnet.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("devnet.json after a clean stop: %v", err)
	}
	// What a crash leaves: a devnet.json pointing at dead ports.
	stale, _ := json.Marshal(first)
	if err := os.WriteFile(filepath.Join(dir, "devnet.json"), stale, 0o644); err != nil {
		t.Fatal(err)
	}

	if _, err := Start(ctx, Options{Nodes: 3, Dir: dir}); err == nil || !strings.Contains(err.Error(), "holds a network of 2 nodes, 3 asked for") {
		t.Fatalf("resuming with another number of nodes: %v", err)
	}
	d, err = Start(ctx, Options{Dir: dir, Custodians: 3, CustodianThreshold: 2})
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	defer d.Close()
	checkCustodians(ctx, t, d, custodians)
	if _, err := os.Stat(filepath.Join(dir, "devnet.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a stale devnet.json survived the start: %v", err)
	}
	if d.Info.Contract != first.Contract || d.Info.ChainID != first.ChainID || len(d.Nodes) != 2 {
		t.Fatalf("resumed %+v, created %+v", d.Info, first)
	}
	for i, n := range d.Nodes {
		if n.Enclave().Identity() != ids[i] {
			t.Fatalf("node %d has a new enclave %s, want %s restored", i, n.Enclave().Identity().Hex(), ids[i].Hex())
		}
	}
	events, _, err := d.Ledger.Events(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	founded, appointed := 0, 0
	for _, e := range events {
		if e.Founded != nil {
			founded++
		}
		if e.Custodians != nil {
			appointed++
		}
	}
	if founded != 1 || appointed != 1 {
		t.Fatalf("the network was founded %d times, its custodians appointed %d times", founded, appointed)
	}
	c = connectAll(t, ctx, d)
	for i, cl := range c {
		g, err := cl.Group(ctx)
		if err != nil || g.Epoch != group.Epoch || len(g.Members) != 2 {
			t.Fatalf("node %d: group %+v (%v), before the stop %+v", i, g, err, group)
		}
		for who, want := range map[string]string{"alice": "70", "bob": "30"} {
			if got, err := readU256(ctx, cl, users[who], "balance", nil); err != nil || got != want {
				t.Fatalf("node %d: %s has %s (%v), want %s", i, who, got, err, want)
			}
		}
	}
	if _, err := c[0].Command(ctx, users["bob"], "erc20", "transfer", amountTo{crypto.PubkeyToAddress(users["alice"].PublicKey), "5"}); err != nil {
		t.Fatalf("a command on the resumed network: %v", err)
	}
	s0, _ := c[0].Status(ctx)
	s1, _ := c[1].Status(ctx)
	if s0.StateHash != s1.StateHash || s0.AppliedCommands != 3 {
		t.Fatalf("after resuming: %+v vs %+v", s0, s1)
	}
}

// checkCustodians checks that the custodians in force, and those in
// keys.json (written before governance appointed them), are want, 2 of
// which recover.
func checkCustodians(ctx context.Context, t *testing.T, d *Devnet, want [][32]byte) {
	t.Helper()
	st, err := d.Ledger.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 3 || st.CustodianVersion != 1 || st.CustodianThreshold != 2 || !slices.Equal(st.Custodians, want) ||
		!slices.Equal(d.CustodianPublicKeys(), want) || d.CustodianThreshold != 2 {
		t.Fatalf("custodians in force: version %d, %d of %x; the devnet's: %d of %x; want 2 of %x",
			st.CustodianVersion, st.CustodianThreshold, st.Custodians, d.CustodianThreshold, d.CustodianPublicKeys(), want)
	}
	b, err := os.ReadFile(filepath.Join(d.opts.Dir, "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	var k Keys
	if err := json.Unmarshal(b, &k); err != nil || len(k.Custodians) != 3 || k.CustodianThreshold != 2 {
		t.Fatalf("keys.json: %v\n%s", err, b)
	}
	for i, c := range k.Custodians {
		if c.Public != "0x"+hex.EncodeToString(want[i][:]) || len(c.Private) != 66 {
			t.Fatalf("keys.json custodian %d: %+v, want public key %x", i, c, want[i])
		}
	}
}

func connectAll(t *testing.T, ctx context.Context, d *Devnet) []*client.Client {
	t.Helper()
	var out []*client.Client
	for _, u := range d.Info.Nodes {
		c, err := client.Connect(ctx, u, client.Options{Ledger: d.Ledger})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}
