//go:build anonify_production

package enclave

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/tee/sim"
)

// TestProductionBuild: the minimum policy no input can lower. CI runs it
// with `go test -tags anonify_production -run TestProductionBuild ./enclave`
// (the other tests of this package run on the simulated TEE, which a
// production build refuses).
func TestProductionBuild(t *testing.T) {
	p, err := sim.New(sim.Options{Measurement: testMeasure})
	if err != nil {
		t.Fatal(err)
	}
	// A network whose first policy pins no chain: the enclave would
	// believe its host's events.
	cfg := Config{Platform: p, Genesis: testGenesis, Apps: nil}
	if _, err := New(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "production build; it refuses to believe its host's events") {
		t.Fatalf("a production build believed its host: %v", err)
	}
	// A network that pins a Clique chain, on the simulated TEE.
	cfg = newCliqueSim(t).config()
	cfg.Apps = nil
	if _, err := New(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "production build; it refuses to run on the simulated TEE") {
		// check() refuses before the missing apps matter when the platform is sim.
		t.Fatalf("a production build ran on the simulated TEE: %v", err)
	}
	// Even a policy the governors signed cannot admit simulated or debug
	// evidence.
	e := &Enclave{st: newState()}
	e.st.policy = attest.DevPolicy(testMeasure)
	for _, c := range []*attest.Claims{
		{Kind: attest.KindSim, Insecure: true, Registers: map[string][]byte{"MEASUREMENT": testMeasure}},
		{Kind: attest.KindSNP, Debug: true},
	} {
		if err := e.checkPolicy(c, time.Now()); !errors.Is(err, ErrAdmission) {
			t.Fatalf("production build admitted %+v: %v", c, err)
		}
	}
}
