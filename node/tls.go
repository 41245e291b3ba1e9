package node

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/anonify-go/anonify/attest/atls"
)

// renewFraction is how much of a certificate's validity may pass before the
// node asks the enclave for a new one: renewing at two thirds leaves a
// third of the validity to retry a failed renewal with the old certificate
// still valid.
const renewFraction = 2.0 / 3

// attestedCerts serves the enclave's attested TLS certificate (made by
// enclave.TLSCertificate) and renews it before it expires. The host only
// holds the certificate to hand it to crypto/tls; it never makes a key
// itself, so a client that verifies the certificate's evidence knows the
// key came from the enclave.
type attestedCerts struct {
	issue func(context.Context) (tls.Certificate, error) // enclave.TLSCertificate
	now   func() time.Time
	log   *slog.Logger

	mu      sync.Mutex
	cert    *tls.Certificate
	renewAt time.Time
}

// renew asks the enclave for a fresh certificate. Called with mu held.
func (a *attestedCerts) renew(ctx context.Context) error {
	cert, err := a.issue(ctx)
	if err != nil {
		return err
	}
	nb, na := cert.Leaf.NotBefore, cert.Leaf.NotAfter
	a.cert = &cert
	a.renewAt = nb.Add(time.Duration(float64(na.Sub(nb)) * renewFraction))
	return nil
}

// get is tls.Config.GetCertificate. A renewal runs inside the handshake
// that finds the certificate due, at most once per renewal period; if it
// fails while the old certificate is still valid, the old one is served
// and the next handshake tries again.
func (a *attestedCerts) get(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	if now.Before(a.renewAt) {
		return a.cert, nil
	}
	ctx := context.Background()
	if hello != nil && hello.Context() != nil {
		ctx = hello.Context()
	}
	err := a.renew(ctx)
	if err == nil {
		return a.cert, nil
	}
	if a.cert != nil && now.Before(a.cert.Leaf.NotAfter) {
		a.log.Warn("renewing the attested TLS certificate failed; serving the current one", "not_after", a.cert.Leaf.NotAfter, "err", err)
		return a.cert, nil
	}
	return nil, fmt.Errorf("node: no valid attested TLS certificate: %w", err)
}

// listener wraps ln in attested TLS when Config.TLS is set. The first
// certificate is made here, so that a platform that cannot produce
// evidence stops the node at start-up rather than at the first client.
func (n *Node) listener(ctx context.Context, ln net.Listener) (net.Listener, error) {
	if !n.cfg.TLS {
		return ln, nil
	}
	a := &attestedCerts{issue: n.enc.TLSCertificate, now: time.Now, log: n.log}
	a.mu.Lock()
	err := a.renew(ctx)
	a.mu.Unlock()
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("node: attested TLS: %w", err)
	}
	cfg := atls.ServerConfig(tls.Certificate{})
	cfg.Certificates = nil
	cfg.GetCertificate = a.get
	return tls.NewListener(ln, cfg), nil
}

// scheme is the client API's URL scheme.
func (n *Node) scheme() string {
	if n.cfg.TLS {
		return "https"
	}
	return "http"
}
