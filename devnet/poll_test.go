package devnet

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/wire"
)

// TestDevnetPoll runs a confidential poll through the SDK's generic path
// (an app the client was built without, named and described only at run
// time), sending each step to a different node: eligible and ineligible
// voters, a change of ballot, the tally refused before the closing block
// (the owner too) and exact after it, a vote after the close refused, and
// every voter checking their own ballot. Every node answers the same and
// ends with the same state hash.
func TestDevnetPoll(t *testing.T) {
	ctx, d, clients := startTestnet(t, Options{Nodes: 3})
	users, err := Users()
	if err != nil {
		t.Fatal(err)
	}
	key := func() *ecdsa.PrivateKey {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	owner, dave := key(), key() // dave is not eligible
	alice, bob, charlie := users["alice"], users["bob"], users["charlie"]
	addr := func(k *ecdsa.PrivateKey) string { return crypto.PubkeyToAddress(k.PublicKey).Hex() }
	const app = "voting"

	apps, err := clients[1].Apps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var described bool
	for _, a := range apps {
		if _, ok := a.Function("vote"); ok && a.Name == app {
			described = true
		}
	}
	if !described {
		t.Fatalf("node 1 does not describe %s.vote: %+v", app, apps)
	}

	step := 0
	node := func() *client.Client { step++; return clients[step%len(clients)] }
	call := func(k *ecdsa.PrivateKey, fn string, args any) (*wire.Outcome, error) {
		t.Helper()
		return node().Command(ctx, k, app, fn, args)
	}
	head, err := d.Ledger.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Each command below lands in a block of its own at most, so the
	// poll stays open for the five commands that must precede the close.
	closing := head + 12
	mustBeforeClose := func(what string, out *wire.Outcome, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if out.Block >= closing {
			t.Fatalf("%s landed in block %d, at or after the close %d: the chain moved faster than the test assumes", what, out.Block, closing)
		}
	}
	out, err := call(owner, "create", map[string]any{
		"poll": "lunch", "options": []string{"pizza", "sushi", "salad"},
		"voters": []string{addr(alice), addr(bob), addr(charlie)}, "close": closing,
	})
	mustBeforeClose("create", out, err)
	vote := func(k *ecdsa.PrivateKey, option string) (*wire.Outcome, error) {
		return call(k, "vote", map[string]string{"poll": "lunch", "option": option})
	}
	rejected := func(what string, err error, want string) {
		t.Helper()
		var rej *client.Rejected
		if !errors.As(err, &rej) || !strings.Contains(rej.Reason, want) {
			t.Fatalf("%s: %v, want a rejection %q", what, err, want)
		}
	}
	out, err = vote(alice, "pizza")
	mustBeforeClose("alice votes pizza", out, err)
	out, err = vote(bob, "sushi")
	mustBeforeClose("bob votes sushi", out, err)
	out, err = vote(alice, "sushi") // a second vote changes the ballot
	mustBeforeClose("alice changes to sushi", out, err)
	out, err = vote(charlie, "salad")
	mustBeforeClose("charlie votes salad", out, err)
	_, err = vote(dave, "pizza")
	rejected("ineligible voter", err, "not eligible")

	lunch := map[string]string{"poll": "lunch"}
	query := func(c *client.Client, k *ecdsa.PrivateKey, fn string) (json.RawMessage, error) {
		return c.Query(ctx, k, app, fn, lunch)
	}
	for i, c := range clients {
		for _, k := range []*ecdsa.PrivateKey{owner, alice} {
			_, err := query(c, k, "tally")
			rejected(fmt.Sprintf("tally before the close on node %d", i), err, "nobody may read the tally before the close")
		}
	}
	if got, err := query(clients[2], alice, "ballot"); err != nil || !strings.Contains(string(got), `"option":"sushi"`) || !strings.Contains(string(got), `"final":false`) {
		t.Fatalf("alice's ballot before the close: %s %v", got, err)
	}

	// Ineligible attempts move the ledger (each is a command ordered in a
	// block) until the poll has closed.
	for {
		out, err = vote(dave, "pizza")
		rejected("ineligible voter", err, "not eligible")
		if out.Block >= closing {
			break
		}
		if out.Block == 0 {
			t.Fatalf("rejected vote's outcome names no block: %+v", out)
		}
	}
	_, err = vote(bob, "pizza")
	rejected("vote after the close", err, "closed at block")

	want := `{"poll":"lunch","close":` + jsonNumber(closing) + `,"voters":3,"ballots":3,"results":[{"option":"pizza","votes":0},{"option":"sushi","votes":2},{"option":"salad","votes":1}]}`
	for i, c := range clients {
		for _, k := range []*ecdsa.PrivateKey{owner, alice, bob, charlie} {
			got, err := query(c, k, "tally")
			if err != nil || compactJSON(t, got) != want {
				t.Fatalf("tally on node %d: %s %v, want %s", i, got, err, want)
			}
		}
		if _, err := query(c, dave, "tally"); err == nil {
			t.Fatalf("node %d: an ineligible account read the tally", i)
		}
	}
	for k, option := range map[*ecdsa.PrivateKey]string{alice: "sushi", bob: "sushi", charlie: "salad"} {
		for i, c := range clients {
			got, err := query(c, k, "ballot")
			if err != nil || !strings.Contains(string(got), `"option":"`+option+`"`) || !strings.Contains(string(got), `"final":true`) {
				t.Fatalf("ballot of %s on node %d: %s %v, want %s, final", addr(k), i, got, err, option)
			}
		}
	}
	waitAgree(ctx, t, clients)
}

// waitAgree waits until every node reports the same state hash and the
// same number of applied commands.
func waitAgree(ctx context.Context, t *testing.T, clients []*client.Client) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var first *wire.NodeStatus
		agree := true
		for _, c := range clients {
			s, err := c.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = s
			}
			agree = agree && s.StateHash == first.StateHash && s.AppliedCommands == first.AppliedCommands
		}
		if agree {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("nodes disagree on the state after the poll")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func jsonNumber(n uint64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func compactJSON(t *testing.T, raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatalf("malformed JSON %s: %v", raw, err)
	}
	return b.String()
}
