package node_test

import (
	"bytes"
	"crypto/hpke"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
	"github.com/anonify-go/anonify/wire/recovery"
)

// TestMemledgerRecovery: governance appoints three custodians (two
// recover); users transact; then every member node is stopped and its
// data directory deleted. A fresh node started with Recover follows the
// ledger; one custodian's release over its HTTP API does not rebuild the
// state, a second does, to the lost members' state hash. Governance
// expels the lost members and founds the network with it: it serves the
// same balances and applies new commands.
func TestMemledgerRecovery(t *testing.T) {
	var keys []hpke.PrivateKey
	var pubs [][32]byte
	for range 3 {
		k, err := recovery.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys, pubs = append(keys, k), append(pubs, [32]byte(k.PublicKey().Bytes()))
	}
	net := newMemNet(t, 2, func(net *memNet) {
		if err := net.decide(func(g *memledger.Account) (uint64, error) { return g.ProposeCustodians(net.ctx, pubs, 2) }); err != nil {
			t.Fatalf("appoint custodians: %v", err)
		}
		net.configure = func(i int, cfg *node.Config) { cfg.Recover = i == 2 }
	})
	ctx := net.ctx
	alice, _ := userKey(t)
	bob, bobAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatal(err)
	}
	if _, err := net.client(1).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 30)); err != nil {
		t.Fatal(err)
	}
	hash := net.agree(2)

	// Total loss.
	lost := []common.Address{net.nodes[0].n.Enclave().Identity(), net.nodes[1].n.Enclave().Identity()}
	for i := range 2 {
		net.stop(i)
		if err := os.RemoveAll(net.nodes[i].dir); err != nil {
			t.Fatal(err)
		}
	}
	net.nodes = append(net.nodes, &memNode{dir: t.TempDir(), host: common.Address{0x70, 2}})
	net.start(2)
	r := net.nodes[2].n
	url := r.URL()
	status := func() wire.RecoveryStatus {
		t.Helper()
		res, err := http.Get(url + "/v1/recovery")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var s wire.RecoveryStatus
		if err := json.NewDecoder(res.Body).Decode(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	var s wire.RecoveryStatus
	for s = status(); !s.Manifest || s.ChunksHave < s.Chunks || !registered(net, r.Enclave().Identity()); s = status() {
		select {
		case <-ctx.Done():
			t.Fatalf("the recovering node did not collect the checkpoint: %+v", s)
		case <-time.After(memPoll):
		}
	}
	if !s.Recovering || s.Threshold != 2 || len(s.Custodians) != 3 || s.Recovered {
		t.Fatalf("recovery status: %+v", s)
	}
	release := func(i int) (int, wire.RecoveryStatus) {
		t.Helper()
		var m *recovery.Manifest
		events, _ := net.chain.Events(0)
		for _, e := range events {
			if e.Checkpoint != nil {
				m, _ = recovery.ParseManifest(e.Checkpoint.Manifest)
			}
		}
		sealed, _ := m.SealedShare(pubs[i])
		share, err := recovery.OpenShare(keys[i], net.chain.ChainID().Uint64(), net.chain.Contract(), m.Epoch, sealed)
		if err != nil {
			t.Fatal(err)
		}
		info := r.Enclave().Info()
		rel, err := recovery.SealRelease(info.RequestKey, info.ChainID, info.Contract, info.Identity, m.Epoch, pubs[i], share)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := rel.MarshalJSON()
		res, err := http.Post(url+"/v1/recovery/release", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		var out wire.RecoveryStatus
		json.Unmarshal(raw, &out)
		return res.StatusCode, out
	}
	if code, s := release(0); code != http.StatusOK || s.Recovered || len(s.Released) != 1 {
		t.Fatalf("after one release: %d %+v", code, s)
	}
	if code, s := release(2); code != http.StatusOK || !s.Recovered || s.StateHash != hash || s.Applied != 2 {
		t.Fatalf("after two releases: %d %+v, want state hash %x", code, s, hash)
	}
	for _, id := range lost {
		if err := net.decide(func(g *memledger.Account) (uint64, error) { return g.ProposeExpel(ctx, id) }); err != nil {
			t.Fatalf("expel %s: %v", id.Hex(), err)
		}
	}
	if err := net.decide(func(g *memledger.Account) (uint64, error) { return g.ProposeFounder(ctx, r.Enclave().Identity()) }); err != nil {
		t.Fatalf("found the recovered enclave: %v", err)
	}
	net.waitReady(2)
	if got := net.agree(2, 2); got != hash {
		t.Fatalf("state hash after the founding %x, the lost members' %x", got, hash)
	}
	if a, b := balance(t, ctx, net.client(2), alice), balance(t, ctx, net.client(2), bob); a != "70" || b != "30" {
		t.Fatalf("after recovery: alice %s bob %s, want 70 30", a, b)
	}
	if _, err := net.client(2).Command(ctx, bob, erc20abi.Name, "transfer", transferArgs(common.Address{9}, 5)); err != nil {
		t.Fatalf("a command after recovery: %v", err)
	}
	net.agree(3, 2)
}

func registered(net *memNet, id common.Address) bool {
	events, _ := net.chain.Events(0)
	for _, e := range events {
		if e.Registered != nil && e.Registered.Identity == id {
			return true
		}
	}
	return false
}
