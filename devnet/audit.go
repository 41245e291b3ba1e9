package devnet

import (
	"context"
	"crypto/ecdsa"
	"crypto/hpke"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/auditor"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire/audit"
)

// Auditors is the demo's two auditors: one of every ERC-20 command, one
// of the commands naming charlie. Their private keys never leave this
// struct; what they read, they read from the chain.
type Auditors struct {
	All, Charlie           hpke.PrivateKey
	AllScope, CharlieScope string
	allPub, charliePub     [32]byte
}

// AppointAuditors has governance appoint the two auditors.
func AppointAuditors(ctx context.Context, d *Devnet, users map[string]*ecdsa.PrivateKey, w io.Writer) (*Auditors, error) {
	a := &Auditors{AllScope: "erc20"}
	charlie := crypto.PubkeyToAddress(users["charlie"].PublicKey)
	sc, err := audit.ParseScope("erc20:accounts=" + charlie.Hex())
	if err != nil {
		return nil, err
	}
	a.CharlieScope = sc.String()
	gov, err := ethereum.Dial(ctx, d.Info.RPC, d.Info.Contract, d.Governor)
	if err != nil {
		return nil, err
	}
	defer gov.Close()
	for _, x := range []struct {
		key   *hpke.PrivateKey
		pub   *[32]byte
		scope string
		name  string
	}{{&a.All, &a.allPub, a.AllScope, "every ERC-20 command"}, {&a.Charlie, &a.charliePub, a.CharlieScope, "the commands naming charlie"}} {
		k, err := audit.GenerateKey()
		if err != nil {
			return nil, err
		}
		*x.key = k
		copy(x.pub[:], k.PublicKey().Bytes())
		id, err := gov.ProposeAuditor(ctx, *x.pub, []byte(x.scope))
		if err != nil {
			return nil, fmt.Errorf("appoint an auditor: %w", err)
		}
		fmt.Fprintf(w, "governance appoints auditor %s… for %s (scope %s, proposal %d)\n", hex.EncodeToString(x.pub[:4]), x.name, x.scope, id)
	}
	return a, nil
}

// Report reads each auditor's trail from the chain with its key alone,
// prints its history and in-scope state, and checks that the first
// auditor's balances are the nodes' and that neither key opens the
// other's records.
func (a *Auditors) Report(ctx context.Context, d *Devnet, c *client.Client, users map[string]*ecdsa.PrivateKey, w io.Writer) error {
	st, err := c.Status(ctx)
	if err != nil {
		return err
	}
	// Every command of the demo came after the appointment, so the first
	// auditor has one record per applied command, plus its snapshot.
	all, err := a.waitTrail(ctx, d, a.All, int(st.AppliedCommands)+1)
	if err != nil {
		return err
	}
	name := map[common.Address]string{}
	for n, k := range users {
		name[crypto.PubkeyToAddress(k.PublicKey)] = n
	}
	printTrail := func(t *auditor.Trail) {
		for _, it := range t.Log(0) {
			r := it.Record
			outcome := "applied"
			if !r.OK {
				outcome = "rejected: " + r.Reason
			}
			who := name[*r.Signer]
			if who == "" {
				who = r.Signer.Hex()[:10]
			}
			args := string(r.Args)
			for n, k := range users {
				args = strings.ReplaceAll(args, strings.ToLower(crypto.PubkeyToAddress(k.PublicKey).Hex()), n)
			}
			fmt.Fprintf(w, "   block %3d  %-7s %s.%s %s: %s\n", r.Block, who, r.App, r.Function, args, outcome)
		}
	}
	fmt.Fprintf(w, "auditor %s… (scope %s) reads, from the chain with its key alone, %d records:\n", hex.EncodeToString(a.allPub[:4]), a.AllScope, len(all.Items))
	printTrail(all)
	state, err := all.StateAt(all.Head)
	if err != nil {
		return err
	}
	var line []string
	for _, n := range []string{"alice", "bob", "charlie"} {
		v := "0"
		for _, e := range state.About(crypto.PubkeyToAddress(users[n].PublicKey)) {
			if e.Slot == "balance" {
				v = strings.Trim(string(e.Value), `"`)
			}
		}
		line = append(line, n+"="+v)
	}
	for _, e := range state.Entries {
		if e.Slot == "total_supply" {
			line = append(line, "total="+strings.Trim(string(e.Value), `"`))
		}
	}
	nodes, err := Balances(ctx, c, users)
	if err != nil {
		return err
	}
	got := strings.Join(line, " ")
	if got != nodes {
		return fmt.Errorf("the auditor's balances %q are not the nodes' %q", got, nodes)
	}
	fmt.Fprintf(w, "   its balances: %s (the nodes': the same)\n", got)

	charlie, err := a.waitTrail(ctx, d, a.Charlie, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "auditor %s… (scope: commands naming charlie) reads %d records:\n", hex.EncodeToString(a.charliePub[:4]), len(charlie.Items))
	printTrail(charlie)
	for _, it := range charlie.Items {
		if s := it.Record.Scope; s != a.CharlieScope {
			return fmt.Errorf("charlie's auditor holds a record of scope %s", s)
		}
	}
	for _, it := range charlie.Log(0) {
		r := it.Record
		named := strings.Contains(strings.ToLower(string(r.Args)), strings.ToLower(crypto.PubkeyToAddress(users["charlie"].PublicKey).Hex()))
		if name[*r.Signer] != "charlie" && !named {
			return fmt.Errorf("charlie's auditor reads a command that does not name charlie: %s.%s by %s", r.App, r.Function, r.Signer.Hex())
		}
	}
	if len(all.Problems)+len(charlie.Problems) != 0 {
		return fmt.Errorf("auditor trails report problems: %q %q", all.Problems, charlie.Problems)
	}
	return nil
}

// waitTrail reads the trail of key until it holds at least want records
// and no gap: the nodes post records as they apply commands.
func (a *Auditors) waitTrail(ctx context.Context, d *Devnet, key hpke.PrivateKey, want int) (*auditor.Trail, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		t, err := auditor.Read(ctx, d.Ledger, key, d.start)
		if err != nil {
			return nil, err
		}
		if len(t.Items) >= want && len(t.Problems) == 0 {
			return t, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("auditor: %d of %d records on the ledger after 30 s (problems: %q)", len(t.Items), want, t.Problems)
		case <-time.After(200 * time.Millisecond):
		}
	}
}
