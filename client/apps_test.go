package client_test

import (
	"bytes"
	"context"
	"crypto/hpke"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire"
)

// echoNode plays an enclave that records each request it opens and
// answers queries with result, and commands with a success outcome.
type echoNode struct {
	key      hpke.PrivateKey
	info     wire.EnclaveInfo
	apps     []wire.AppInfo
	result   string
	got      []*wire.RequestBody
	outcomes map[common.Hash][]byte
}

func (n *echoNode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reply := func(v any) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	}
	switch {
	case r.URL.Path == "/v1/enclave":
		reply(n.info)
	case r.URL.Path == "/v1/apps":
		reply(wire.Apps{Apps: n.apps})
	case r.URL.Path == "/v1/requests":
		var req wire.SubmitRequest
		json.NewDecoder(r.Body).Decode(&req)
		s, err := wire.OpenRequest(n.key, n.info.ChainID, n.info.Contract, req.Sealed)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body, _ := wire.DecodeRequestBody(s.Body)
		id := wire.RequestID(s.Body)
		if body.App == wire.SystemApp {
			ans, _ := json.Marshal(wire.Answer{OK: true, Result: json.RawMessage("0")})
			sealed, _ := wire.SealAnswer(body.ReplyKey, id, ans)
			reply(wire.SubmitResponse{ID: id, Kind: body.Kind, Answer: sealed})
			return
		}
		n.got = append(n.got, body)
		if body.Kind == wire.KindQuery {
			ans, _ := json.Marshal(wire.Answer{OK: true, Result: json.RawMessage(n.result)})
			sealed, _ := wire.SealAnswer(body.ReplyKey, id, ans)
			reply(wire.SubmitResponse{ID: id, Kind: body.Kind, Answer: sealed})
			return
		}
		out, _ := json.Marshal(wire.Outcome{ID: id, OK: true, Block: 7})
		n.outcomes[id], _ = wire.SealOutcome(body.ReplyKey, id, out)
		reply(wire.SubmitResponse{ID: id, Kind: body.Kind})
	case strings.HasPrefix(r.URL.Path, "/v1/commands/"):
		id := common.HexToHash(strings.TrimPrefix(r.URL.Path, "/v1/commands/"))
		reply(wire.CommandStatus{ID: id, Status: wire.StatusDone, Outcome: n.outcomes[id]})
	default:
		http.NotFound(w, r)
	}
}

func newEchoNode(t *testing.T) (*echoNode, *client.Client) {
	t.Helper()
	measurement := bytes.Repeat([]byte{0x42}, 48)
	key, _ := wire.GenerateKey()
	b := attest.Binding{Identity: common.Address{1}, RequestKey: key.PublicKey().Bytes(), ChainID: 1337, Contract: common.Address{2}}
	p, err := sim.New(sim.Options{Measurement: measurement})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := p.Evidence(context.Background(), b.ReportData())
	if err != nil {
		t.Fatal(err)
	}
	n := &echoNode{key: key, outcomes: map[common.Hash][]byte{},
		info: wire.EnclaveInfo{Identity: b.Identity, RequestKey: b.RequestKey, Evidence: ev, TEEKind: string(p.Kind()), ChainID: b.ChainID, Contract: b.Contract}}
	srv := httptest.NewServer(n)
	t.Cleanup(srv.Close)
	c, err := client.Connect(context.Background(), srv.URL, client.Options{Policy: attest.DevPolicy(measurement)})
	if err != nil {
		t.Fatal(err)
	}
	return n, c
}

func TestApps(t *testing.T) {
	n, c := newEchoNode(t)
	n.apps = []wire.AppInfo{{Name: "voting", Functions: []wire.FunctionInfo{
		{Name: "vote", Kind: wire.KindCommand, Args: []wire.ArgInfo{{Name: "poll", Type: "string"}, {Name: "option", Type: "string"}}},
	}}}
	got, err := c.Apps(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, n.apps) {
		t.Fatalf("Apps = %+v", got)
	}
	if f, ok := got[0].Function("vote"); !ok || f.Signature() != "vote(poll string, option string)" {
		t.Fatalf("vote: %+v", f)
	}
}

// TestERC20Helpers: each typed call reaches the enclave as the app,
// function and JSON arguments wire/erc20abi defines.
func TestERC20Helpers(t *testing.T) {
	n, c := newEchoNode(t)
	ctx := context.Background()
	k, _ := crypto.GenerateKey()
	tok := c.ERC20(k)
	bob, carol := common.HexToAddress("0xb0b"), common.HexToAddress("0xca401")
	amt := uint256.NewInt(30)
	for _, call := range []func() (*wire.Outcome, error){
		func() (*wire.Outcome, error) { return tok.Init(ctx, uint256.NewInt(100)) },
		func() (*wire.Outcome, error) { return tok.Transfer(ctx, bob, amt) },
		func() (*wire.Outcome, error) { return tok.Approve(ctx, bob, amt) },
		func() (*wire.Outcome, error) { return tok.TransferFrom(ctx, bob, carol, amt) },
		func() (*wire.Outcome, error) { return tok.Mint(ctx, carol, amt) },
		func() (*wire.Outcome, error) { return tok.Burn(ctx, amt) },
	} {
		if out, err := call(); err != nil || !out.OK || out.Block != 7 {
			t.Fatalf("command: %+v %v", out, err)
		}
	}
	n.result = `"42"`
	for _, q := range []func() (*uint256.Int, error){
		func() (*uint256.Int, error) { return tok.Balance(ctx) },
		func() (*uint256.Int, error) { return tok.Allowance(ctx, c.Address(k), bob) },
		func() (*uint256.Int, error) { return tok.TotalSupply(ctx) },
	} {
		if v, err := q(); err != nil || v.Uint64() != 42 {
			t.Fatalf("query: %v %v", v, err)
		}
	}
	b, ca, me := strings.ToLower(bob.Hex()), strings.ToLower(carol.Hex()), strings.ToLower(c.Address(k).Hex())
	want := []string{
		`command init {"supply":"100"}`,
		`command transfer {"to":"` + b + `","amount":"30"}`,
		`command approve {"spender":"` + b + `","amount":"30"}`,
		`command transfer_from {"owner":"` + b + `","to":"` + ca + `","amount":"30"}`,
		`command mint {"to":"` + ca + `","amount":"30"}`,
		`command burn {"amount":"30"}`,
		`query balance `,
		`query allowance {"owner":"` + me + `","spender":"` + b + `"}`,
		`query total_supply `,
	}
	if len(n.got) != len(want) {
		t.Fatalf("%d requests, want %d", len(n.got), len(want))
	}
	for i, body := range n.got {
		if body.App != "erc20" {
			t.Errorf("request %d for app %s", i, body.App)
		}
		if got := body.Kind + " " + body.Function + " " + string(body.Args); got != want[i] {
			t.Errorf("request %d: %s\nwant %s", i, got, want[i])
		}
	}
	n.result = `{"not":"a number"}`
	if _, err := tok.Balance(ctx); err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Fatalf("malformed result: %v", err)
	}
}
