package node_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/devnet"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// TestAPIRejectsBadInput sends malformed and hostile requests to a live
// node and checks that each gets a precise HTTP error and changes nothing.
func TestAPIRejectsBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a devnet")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	d, err := devnet.Start(ctx, devnet.Options{Nodes: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	url := d.Info.Nodes[0]
	c, err := client.Connect(ctx, url, client.Options{Ledger: d.Ledger})
	if err != nil {
		t.Fatal(err)
	}
	alice, _ := crypto.GenerateKey()
	if _, err := c.Command(ctx, alice, erc20abi.Name, "init", map[string]string{"supply": "10"}); err != nil {
		t.Fatal(err)
	}
	info := c.Info()
	seal := func(body *wire.RequestBody, signer func([]byte) ([]byte, error)) []byte {
		s, err := wire.SignRequest(body, signer)
		if err != nil {
			t.Fatal(err)
		}
		sealed, err := wire.SealRequest(info.RequestKey, info.ChainID, info.Contract, s)
		if err != nil {
			t.Fatal(err)
		}
		return sealed
	}
	aliceSign := func(d []byte) ([]byte, error) { return crypto.Sign(d, alice) }
	mallory, _ := crypto.GenerateKey()
	body := func(counter uint64) *wire.RequestBody {
		return &wire.RequestBody{Version: wire.RequestVersion, Kind: "command", ChainID: info.ChainID, Contract: info.Contract,
			From: crypto.PubkeyToAddress(alice.PublicKey), Counter: counter, App: "erc20", Function: "burn",
			Args: json.RawMessage(`{"amount":"1"}`), ReplyKey: make([]byte, 32)}
	}
	good := seal(body(100), aliceSign)
	tampered := bytes.Clone(good)
	tampered[40] ^= 0x01
	submit := func(sealed []byte) string {
		b, _ := json.Marshal(wire.SubmitRequest{Sealed: sealed})
		return string(b)
	}
	tests := []struct {
		name, body string
		status     int
		msg        string
	}{
		{"malformed JSON", `{"sealed":`, http.StatusBadRequest, "malformed JSON"},
		{"unknown field", `{"sealed":"0x00","x":1}`, http.StatusBadRequest, "unknown field"},
		{"missing sealed", `{}`, http.StatusBadRequest, `missing "sealed"`},
		{"not hex", `{"sealed":"zz"}`, http.StatusBadRequest, "malformed JSON"},
		{"oversized body", `{"sealed":"0x` + strings.Repeat("00", 64<<10) + `"}`, http.StatusRequestEntityTooLarge, "exceeds"},
		{"oversized request", submit(make([]byte, wire.MaxSealedRequest+1)), http.StatusRequestEntityTooLarge, "request too large"},
		{"tampered ciphertext", submit(tampered), http.StatusBadRequest, "does not open"},
		// Another key's signature is another sender's request (the body
		// names nobody); a malleated one is refused.
		{"malleated signature", submit(seal(body(101), func(d []byte) ([]byte, error) {
			sig, err := crypto.Sign(d, alice)
			v := new(big.Int).Sub(crypto.S256().Params().N, new(big.Int).SetBytes(sig[32:64]))
			v.FillBytes(sig[32:64])
			sig[64] ^= 1
			return sig, err
		})), http.StatusUnauthorized, "signature does not verify"},
		{"stale counter", submit(seal(body(1), aliceSign)), http.StatusConflict, "stale counter"},
		{"unknown function", submit(seal(func() *wire.RequestBody { b := body(102); b.Function = "steal"; return b }(), aliceSign)), http.StatusBadRequest, "unknown function"},
	}
	before := status(t, url)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(url+"/v1/requests", "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var e wire.Error
			json.Unmarshal(raw, &e)
			if resp.StatusCode != tt.status || !strings.Contains(e.Error, tt.msg) {
				t.Fatalf("HTTP %d %s, want %d containing %q", resp.StatusCode, raw, tt.status, tt.msg)
			}
			// What the host serves carries the class, not the detail.
			for _, secret := range []string{crypto.PubkeyToAddress(alice.PublicKey).Hex()[2:], crypto.PubkeyToAddress(mallory.PublicKey).Hex()[2:], "steal"} {
				if strings.Contains(strings.ToLower(string(raw)), strings.ToLower(secret)) {
					t.Fatalf("HTTP body %s reveals %s", raw, secret)
				}
			}
		})
	}
	if after := status(t, url); after.StateHash != before.StateHash || after.Pending != 0 || after.AppliedCommands != before.AppliedCommands {
		t.Fatalf("bad requests changed the node: %+v -> %+v", before, after)
	}
	for _, path := range []string{"/v1/commands/xyz", "/v1/commands/0x12"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: HTTP %d, want 400", path, resp.StatusCode)
		}
	}
	// The good request still works after all that.
	if _, err := http.Post(url+"/v1/requests", "application/json", strings.NewReader(submit(good))); err != nil {
		t.Fatal(err)
	}
	bal, err := c.Query(ctx, alice, erc20abi.Name, "balance", nil)
	for i := 0; i < 50 && (err != nil || string(bal) != `"9"`); i++ {
		time.Sleep(100 * time.Millisecond)
		bal, err = c.Query(ctx, alice, erc20abi.Name, "balance", nil)
	}
	if string(bal) != `"9"` {
		t.Fatalf("balance after the good burn: %s %v", bal, err)
	}
}

func status(t *testing.T, url string) wire.NodeStatus {
	t.Helper()
	resp, err := http.Get(url + "/v1/status")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s wire.NodeStatus
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(fmt.Errorf("status: %w", err))
	}
	return s
}
