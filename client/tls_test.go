package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/assembly"
	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/atls"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/devnet"
	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// TestAttestedTLS runs a devnet whose nodes serve attested TLS and checks
// the client side: a pinned client verifies the certificate's evidence
// against the on-ledger policy in the handshake and runs commands over it;
// an unpinned client refuses simulated evidence in the handshake, or,
// with AllowInsecure, is warned that it proves nothing; a
// client whose policy rejects the evidence is refused in the handshake,
// before any request reaches the node; and a host that presents one
// enclave's certificate while serving another enclave's info is refused.
func TestAttestedTLS(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a devnet")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	d, err := devnet.Start(ctx, devnet.Options{Nodes: 1, TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	url := d.Info.Nodes[0]
	if !strings.HasPrefix(url, "https://127.0.0.1:") {
		t.Fatalf("node URL %q, want https", url)
	}

	t.Run("pinned", func(t *testing.T) {
		var warnings []string
		c, err := client.Connect(ctx, url, client.Options{Ledger: d.Ledger, Warn: func(m string) { warnings = append(warnings, m) }})
		if err != nil {
			t.Fatal(err)
		}
		if !c.AttestedTLS() || !c.Pinned() {
			t.Fatalf("AttestedTLS %v Pinned %v, want both", c.AttestedTLS(), c.Pinned())
		}
		if len(warnings) != 0 {
			t.Fatalf("pinned client warned: %q", warnings)
		}
		alice, _ := crypto.GenerateKey()
		out, err := c.Command(ctx, alice, erc20abi.Name, "init", map[string]string{"supply": "7"})
		if err != nil {
			t.Fatal(err)
		}
		// Command checked the outcome's batch on the chain; it must name one.
		if out.TxHash == (common.Hash{}) || out.Ciphertext == (common.Hash{}) || out.Block == 0 {
			t.Fatalf("outcome names no batch on the ledger: %+v", out)
		}
		raw, err := c.Query(ctx, alice, erc20abi.Name, "balance", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Trim(string(raw), `"`); got != "7" {
			t.Fatalf("balance over attested TLS = %s, want 7", raw)
		}
	})

	t.Run("unpinned refuses insecure", func(t *testing.T) {
		// Any host can run the simulated TEE with code of its choosing;
		// without a network or a policy to judge it, the handshake fails.
		_, err := client.Connect(ctx, url, client.Options{})
		if !errors.Is(err, client.ErrEnclave) || !errors.Is(err, client.ErrInsecure) || !strings.Contains(err.Error(), "attested TLS") {
			t.Fatalf("unpinned Connect to a simulated enclave: %v, want ErrEnclave and ErrInsecure from the handshake", err)
		}
	})

	t.Run("unpinned with AllowInsecure warns", func(t *testing.T) {
		var warnings []string
		c, err := client.Connect(ctx, url, client.Options{AllowInsecure: true, Warn: func(m string) { warnings = append(warnings, m) }})
		if err != nil {
			t.Fatal(err)
		}
		if !c.AttestedTLS() || c.Pinned() {
			t.Fatalf("AttestedTLS %v Pinned %v", c.AttestedTLS(), c.Pinned())
		}
		if len(warnings) != 1 || !strings.Contains(warnings[0], "sim-insecure kind is a simulation, INSECURE") || !strings.Contains(warnings[0], "AllowInsecure") {
			t.Fatalf("warnings %q, want one INSECURE warning", warnings)
		}
	})

	t.Run("policy rejects", func(t *testing.T) {
		other := attest.DevPolicy(bytes.Repeat([]byte{0xee}, 48))
		_, err := client.Connect(ctx, url, client.Options{Policy: other})
		if !errors.Is(err, client.ErrEnclave) || !errors.Is(err, atls.ErrPolicyRejected) || !errors.Is(err, attest.ErrPolicy) {
			t.Fatalf("Connect with a policy that rejects the node: %v, want ErrEnclave, atls.ErrPolicyRejected and attest.ErrPolicy", err)
		}
		if !strings.Contains(err.Error(), "sim-insecure measurement not allowed") {
			t.Fatalf("error does not name the failed rule: %v", err)
		}
	})

	t.Run("plain http to a TLS node", func(t *testing.T) {
		_, err := client.Connect(ctx, "http"+strings.TrimPrefix(url, "https"), client.Options{})
		var ce *client.Error
		if !errors.As(err, &ce) || ce.Status != http.StatusBadRequest {
			t.Fatalf("http:// to an https node: %v, want the server's HTTP 400", err)
		}
	})

	t.Run("certificate of another enclave", func(t *testing.T) {
		// A malicious host: the TLS certificate comes from a genuine enclave
		// (same code, same network), but /v1/enclave describes another one.
		p, err := sim.New(sim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		genesis, err := d.Ledger.Genesis(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cfg := assembly.EnclaveConfig(p, genesis, verify.Options{}, slog.New(slog.DiscardHandler))
		impostor, err := enclave.New(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		cert, err := impostor.TLSCertificate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var requests atomic.Int32
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(d.Nodes[0].Enclave().Info())
		}))
		srv.TLS = atls.ServerConfig(cert)
		srv.StartTLS()
		defer srv.Close()
		_, err = client.Connect(ctx, srv.URL, client.Options{Ledger: d.Ledger})
		if !errors.Is(err, client.ErrEnclave) || !errors.Is(err, atls.ErrBindRejected) {
			t.Fatalf("Connect to a host mixing two enclaves: %v, want ErrEnclave and atls.ErrBindRejected", err)
		}
		if !strings.Contains(err.Error(), "the TLS certificate binds") {
			t.Fatalf("error does not explain the mismatch: %v", err)
		}
	})
}
