package client_test

import (
	"bytes"
	"context"
	"crypto/hpke"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire"
)

// refusingNode is a node whose enclave refuses every request the way the
// real one does: the class in the HTTP error (what the host may read), the
// reason sealed to the request's reply key. It holds the request key, so
// it plays the enclave; a lying host around it is the tamper hook.
type refusingNode struct {
	key    hpke.PrivateKey
	info   wire.EnclaveInfo
	reason string
	// atSubmit: refuse at Submit; otherwise accept, then serve a refusal
	// as the command's outcome (as for a command no ledger batch can
	// carry).
	atSubmit bool
	tamper   func(e *wire.Error)
	pending  map[common.Hash][]byte
}

func (n *refusingNode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	switch {
	case r.URL.Path == "/v1/enclave":
		reply(http.StatusOK, n.info)
	case r.URL.Path == "/v1/requests":
		var req wire.SubmitRequest
		json.NewDecoder(r.Body).Decode(&req)
		s, err := wire.OpenRequest(n.key, n.info.ChainID, n.info.Contract, req.Sealed)
		if err != nil {
			reply(http.StatusBadRequest, wire.Error{Error: err.Error()})
			return
		}
		body, _ := wire.DecodeRequestBody(s.Body)
		id := wire.RequestID(s.Body)
		var sealed []byte
		if body.Kind == wire.KindQuery {
			if body.App == wire.SystemApp {
				ans, _ := json.Marshal(wire.Answer{OK: true, Result: json.RawMessage("0")})
				sealed, _ = wire.SealAnswer(body.ReplyKey, id, ans)
				reply(http.StatusOK, wire.SubmitResponse{ID: id, Kind: body.Kind, Answer: sealed})
				return
			}
			ans, _ := json.Marshal(wire.Answer{Error: n.reason})
			sealed, _ = wire.SealAnswer(body.ReplyKey, id, ans)
		} else {
			out, _ := json.Marshal(wire.Outcome{ID: id, Error: n.reason})
			sealed, _ = wire.SealRefusal(body.ReplyKey, id, out)
			if !n.atSubmit {
				n.pending[id] = sealed
				reply(http.StatusAccepted, wire.SubmitResponse{ID: id, Kind: body.Kind})
				return
			}
		}
		e := wire.Error{Error: "enclave: stale counter", Refusal: sealed}
		if n.tamper != nil {
			n.tamper(&e)
		}
		reply(http.StatusConflict, e)
	case strings.HasPrefix(r.URL.Path, "/v1/commands/"):
		id := common.HexToHash(strings.TrimPrefix(r.URL.Path, "/v1/commands/"))
		reply(http.StatusOK, wire.CommandStatus{ID: id, Status: wire.StatusDone, Outcome: n.pending[id]})
	default:
		http.NotFound(w, r)
	}
}

// TestRefusalsReachTheClient: the SDK opens the reason an enclave sealed to
// it into a *Rejected (the CLI's exit status 3), whether the enclave
// refused at Submit or ended the command later without ordering it; a
// host that strips or garbles the sealed reason leaves the client with the
// bare class, never with a reason the enclave did not give.
func TestRefusalsReachTheClient(t *testing.T) {
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
	info := wire.EnclaveInfo{Identity: b.Identity, RequestKey: b.RequestKey, Evidence: ev, TEEKind: string(p.Kind()), ChainID: b.ChainID, Contract: b.Contract}
	const reason = "bad counter: got 1, last applied is 1"
	tests := []struct {
		name     string
		query    bool
		atSubmit bool
		tamper   func(e *wire.Error)
		rejected string // "": a *client.Error with the class, no reason
	}{
		{"command refused at submit", false, true, nil, reason},
		{"query refused at submit", true, true, nil, reason},
		{"command ended without ordering", false, false, nil, reason},
		{"host strips the reason", false, true, func(e *wire.Error) { e.Refusal = nil }, ""},
		{"host garbles the reason", false, true, func(e *wire.Error) { e.Refusal[len(e.Refusal)-1] ^= 1 }, ""},
		{"host writes its own reason", true, true, func(e *wire.Error) {
			// It has no reply key to seal to: the best it can do is a
			// reply sealed to a key of its own.
			k, _ := wire.GenerateKey()
			ans, _ := json.Marshal(wire.Answer{Error: "insufficient balance"})
			e.Refusal, _ = wire.SealAnswer(k.PublicKey().Bytes(), common.Hash{}, ans)
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			node := &refusingNode{key: key, info: info, reason: reason, atSubmit: tt.atSubmit, tamper: tt.tamper, pending: map[common.Hash][]byte{}}
			srv := httptest.NewServer(node)
			defer srv.Close()
			c, err := client.Connect(context.Background(), srv.URL, client.Options{Policy: attest.DevPolicy(measurement)})
			if err != nil {
				t.Fatal(err)
			}
			k, err := crypto.GenerateKey()
			if err != nil {
				t.Fatal(err)
			}
			if tt.query {
				_, err = c.Query(context.Background(), k, "erc20", "balance", nil)
			} else {
				var out *wire.Outcome
				out, err = c.Command(context.Background(), k, "erc20", "burn", map[string]string{"amount": "1"})
				if tt.rejected != "" && (out == nil || out.OK || out.Error != reason) {
					t.Fatalf("Command's outcome %+v, want the refusal", out)
				}
			}
			var rej *client.Rejected
			if tt.rejected != "" {
				if !errors.As(err, &rej) || rej.Reason != tt.rejected {
					t.Fatalf("err = %v, want *Rejected %q", err, tt.rejected)
				}
				return
			}
			var ce *client.Error
			if errors.As(err, &rej) || !errors.As(err, &ce) || ce.Message != "enclave: stale counter" {
				t.Fatalf("err = %v, want the bare class", err)
			}
		})
	}
}
