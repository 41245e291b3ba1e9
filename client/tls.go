package client

import (
	"bytes"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/atls"
	"github.com/anonify-go/anonify/attest/verify"
)

// attestedPeer judges the attested TLS certificates (attest/atls) of an
// https node. Every handshake, including those of later connections,
// verifies the certificate's evidence and applies the policy before any
// request goes out on the connection.
//
// The certificate also binds the enclave's identity, keys and network (the
// bind value), which the client learns only from /v1/enclave, fetched over
// the first attested connection. Until then the peer accepts one bind
// value and remembers it; Connect then requires it to equal the binding of
// the enclave info, and from then on every handshake must present exactly
// that binding. So the TLS endpoint, the evidence served on /v1/enclave
// and the keys requests are sealed to all belong to one enclave.
type attestedPeer struct {
	verifyOpts verify.Options
	now        func() time.Time
	judge      judge
	warn       func(string)

	mu     sync.Mutex
	want   []byte // the enclave's binding, once confirmed
	seen   []byte // the bind value presented before confirmation
	err    error  // the last handshake refusal, for Connect to report
	warned bool
}

func (p *attestedPeer) verifyEvidence(ev []byte) (*attest.Claims, error) {
	o := p.verifyOpts
	o.Now = p.now()
	return verify.Evidence(ev, o)
}

// check applies the pinned policies (the caller's and the ledger's), as
// Connect does, in the handshake. Without one, evidence that proves
// nothing is refused there, before any request goes out, unless the
// caller allowed it; then it is reported through warn, once.
func (p *attestedPeer) check(c *attest.Claims) error {
	if err := p.judge.check(c, p.now()); err != nil {
		return err
	}
	if why := InsecureReason(c); len(p.judge.policies) == 0 && why != "" {
		p.mu.Lock()
		first := !p.warned
		p.warned = true
		p.mu.Unlock()
		if first && p.warn != nil {
			p.warn(fmt.Sprintf("the node's attested TLS evidence proves nothing (%s) and no network or policy is pinned: accepted only because AllowInsecure is set, for development", why))
		}
	}
	return nil
}

func (p *attestedPeer) bind(b []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.want != nil {
		if len(b) != len(p.want) || subtle.ConstantTimeCompare(b, p.want) != 1 {
			return fmt.Errorf("certificate binds %x, but this client verified the enclave binding %x", b, p.want)
		}
		return nil
	}
	if p.seen == nil {
		p.seen = bytes.Clone(b)
		return nil
	}
	if !bytes.Equal(p.seen, b) {
		return fmt.Errorf("node presented certificates of two different enclaves (binds %x, then %x)", p.seen, b)
	}
	return nil
}

// confirm ties the TLS peer to the enclave described by /v1/enclave.
func (p *attestedPeer) confirm(b attest.Binding) error {
	want := b.ReportData()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen == nil {
		return fmt.Errorf("%w: no attested TLS handshake took place", ErrEnclave)
	}
	if !bytes.Equal(p.seen, want[:]) {
		return fmt.Errorf("%w: %w: the TLS certificate binds %x, but the enclave served on /v1/enclave binds %x", ErrEnclave, atls.ErrBindRejected, p.seen, want)
	}
	p.want = want[:]
	return nil
}

func (p *attestedPeer) refusal() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// attestedHTTP returns a copy of base whose connections use attested TLS
// judged by p. base's transport must be an *http.Transport (or nil), since
// its TLS configuration is replaced.
func attestedHTTP(base *http.Client, p *attestedPeer) (*http.Client, error) {
	cfg, err := atls.ClientConfig(atls.ClientOptions{Verify: p.verifyEvidence, Check: p.check, Bind: p.bind, Now: p.now})
	if err != nil {
		return nil, err
	}
	inner := cfg.VerifyConnection
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		err := inner(cs)
		if err != nil {
			p.mu.Lock()
			p.err = err
			p.mu.Unlock()
		}
		return err
	}
	var tr *http.Transport
	switch t := base.Transport.(type) {
	case nil:
		tr = http.DefaultTransport.(*http.Transport).Clone()
	case *http.Transport:
		tr = t.Clone()
	default:
		return nil, errors.New("client: attested TLS needs Options.HTTP.Transport to be an *http.Transport (or nil)")
	}
	tr.TLSClientConfig = cfg
	// The node serves HTTP/1.1 only.
	tr.ForceAttemptHTTP2 = false
	c := *base
	c.Transport = tr
	return &c, nil
}
