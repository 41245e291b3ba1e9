package node

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest/atls"
	"github.com/anonify-go/anonify/tee/sim"
)

// TestAttestedCertsRenewal checks the certificate life cycle: the current
// certificate until two thirds of its validity, then a fresh one; on a
// failed renewal the old one while it is valid, then a clear error.
func TestAttestedCertsRenewal(t *testing.T) {
	p, err := sim.New(sim.Options{Measurement: make([]byte, sim.MeasurementSize)})
	if err != nil {
		t.Fatal(err)
	}
	var fail error
	issued := 0
	now := time.Now()
	a := &attestedCerts{
		now: func() time.Time { return now },
		log: slog.New(slog.DiscardHandler),
		issue: func(ctx context.Context) (tls.Certificate, error) {
			if fail != nil {
				return tls.Certificate{}, fail
			}
			issued++
			return atls.NewCertificate(ctx, p, []byte("bind"), 3*time.Hour)
		},
	}
	// The first handshake finds no certificate and makes one.
	first, err := a.get(&tls.ClientHelloInfo{})
	if err != nil || issued != 1 {
		t.Fatalf("first get: %v, %d issued", err, issued)
	}
	renewAt := first.Leaf.NotBefore.Add(time.Duration(float64(first.Leaf.NotAfter.Sub(first.Leaf.NotBefore)) * renewFraction))
	steps := []struct {
		name    string
		at      time.Time
		fail    error
		want    string // "same", "new", or an error substring
		issued  int
		renewAt bool
	}{
		{"before renewal time", renewAt.Add(-time.Second), nil, "same", 1, false},
		{"renewal fails, old still valid", renewAt.Add(time.Second), errors.New("platform down"), "same", 1, false},
		{"renewal succeeds on the next handshake", renewAt.Add(2 * time.Second), nil, "new", 2, false},
	}
	cur := first
	for _, s := range steps {
		now, fail = s.at, s.fail
		got, err := a.get(&tls.ClientHelloInfo{})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		switch s.want {
		case "same":
			if got != cur {
				t.Fatalf("%s: served a different certificate", s.name)
			}
		case "new":
			if got == cur || string(got.Leaf.RawSubjectPublicKeyInfo) == string(cur.Leaf.RawSubjectPublicKeyInfo) {
				t.Fatalf("%s: served the old certificate", s.name)
			}
		}
		if issued != s.issued {
			t.Fatalf("%s: %d certificates issued, want %d", s.name, issued, s.issued)
		}
		cur = got
	}
	// Past expiry with the platform failing: no certificate, and why.
	now, fail = cur.Leaf.NotAfter.Add(time.Second), errors.New("platform down")
	if _, err := a.get(&tls.ClientHelloInfo{}); err == nil || err.Error() != "node: no valid attested TLS certificate: platform down" {
		t.Fatalf("expired and failing: %v", err)
	}
	if !strings.HasPrefix(cur.Leaf.Subject.CommonName, "anonify") {
		t.Fatalf("subject %q", cur.Leaf.Subject.CommonName)
	}
}
