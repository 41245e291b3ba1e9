package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/tee/sim"
	"github.com/anonify-go/anonify/wire"
)

// fakeNode serves info on /v1/enclave and nothing else: Connect needs no
// more, so the refusal paths are tested without a chain or an enclave.
func fakeNode(t *testing.T, info wire.EnclaveInfo) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/enclave" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(info)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// simInfo describes an enclave on the simulated platform whose evidence
// binds b.
func simInfo(t *testing.T, measurement []byte, b attest.Binding) wire.EnclaveInfo {
	t.Helper()
	p, err := sim.New(sim.Options{Measurement: measurement})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := p.Evidence(context.Background(), b.ReportData())
	if err != nil {
		t.Fatal(err)
	}
	return wire.EnclaveInfo{Identity: b.Identity, RequestKey: b.RequestKey, KeyPackage: b.KeyPackage, Evidence: ev,
		TEEKind: string(p.Kind()), ChainID: b.ChainID, Contract: b.Contract}
}

// TestConnectErrors checks that Connect's refusals keep the sentinel of the
// failed check, so that callers can tell a policy refusal from a binding
// mismatch or malformed evidence with errors.Is.
func TestConnectErrors(t *testing.T) {
	measurement := bytes.Repeat([]byte{0x42}, 48)
	b := attest.Binding{Identity: common.Address{1}, RequestKey: []byte("request key"), ChainID: 1337, Contract: common.Address{2}}
	good := simInfo(t, measurement, b)
	rebound := good
	rebound.RequestKey = []byte("another request key")
	garbled := good
	garbled.Evidence = []byte("not evidence")
	// The simulated chain is issued when sim.New runs; a client whose clock
	// says 2000 finds it not yet valid.
	past := func() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) }

	tests := []struct {
		name   string
		info   wire.EnclaveInfo
		policy *attest.Policy
		now    func() time.Time
		allow  bool  // Options.AllowInsecure
		is     error // nil: Connect succeeds
	}{
		{"accepted", good, attest.DevPolicy(measurement), nil, false, nil},
		{"measurement refused by policy", good, attest.DevPolicy(bytes.Repeat([]byte{0xee}, 48)), nil, false, attest.ErrPolicy},
		{"evidence binds other keys", rebound, attest.DevPolicy(measurement), nil, false, attest.ErrBinding},
		{"evidence malformed", garbled, nil, nil, true, attest.ErrUnknownKind},
		{"evidence outside its validity", good, nil, past, true, attest.ErrExpired},
		// A host can run the simulated TEE with any code: unpinned, its
		// evidence is refused unless the user asks for development mode.
		{"simulated evidence, nothing pinned", good, nil, nil, false, client.ErrInsecure},
		{"simulated evidence, nothing pinned, AllowInsecure", good, nil, nil, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := client.Connect(context.Background(), fakeNode(t, tt.info), client.Options{Policy: tt.policy, Now: tt.now, AllowInsecure: tt.allow})
			if tt.is == nil {
				if err != nil || c.Claims().Kind != attest.KindSim {
					t.Fatalf("Connect = %v, want a simulated enclave accepted", err)
				}
				return
			}
			if !errors.Is(err, client.ErrEnclave) || !errors.Is(err, tt.is) {
				t.Fatalf("Connect = %v, want errors.Is ErrEnclave and %v", err, tt.is)
			}
		})
	}
}
