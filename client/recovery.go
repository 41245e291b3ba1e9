package client

import (
	"context"
	"crypto/tls"
	"net/http"
	"strings"
	"time"

	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/recovery"
)

// Disaster recovery (wire/recovery): a node started in recovery mode
// reports its progress on GET /v1/recovery and takes custodians' releases
// on POST /v1/recovery/release. Everything in the progress is public (the
// ledger holds the checkpoint and the custodian set) and is the node's
// word: a custodian checks on the ledger what matters before releasing.

// Recovery reads the node's recovery progress (GET /v1/recovery).
// Recovering is false on a node that is not recovering (a member, or one
// started without recovery).
func (c *Client) Recovery(ctx context.Context) (*wire.RecoveryStatus, error) {
	var s wire.RecoveryStatus
	if err := c.get(ctx, "/v1/recovery", &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// Release posts a custodian's release, sealed to this client's verified
// enclave (recovery.SealRelease with Info().RequestKey and Identity), and
// returns the progress after it. The enclave's refusal (a release for
// another epoch or enclave, a custodian without a share) is an *Error with
// Status 400; 503 means the enclave has no checkpoint to recover yet.
func (c *Client) Release(ctx context.Context, r *recovery.Release) (*wire.RecoveryStatus, error) {
	var s wire.RecoveryStatus
	if err := c.post(ctx, "/v1/recovery/release", r, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// FetchRecoveryUnverified reads a node's recovery progress WITHOUT
// verifying the node (over https it does not check the certificate
// either), for monitoring: everything in it is public, and all of it is
// the node's word.
func FetchRecoveryUnverified(ctx context.Context, nodeURL string) (*wire.RecoveryStatus, error) {
	c, err := unverified(nodeURL)
	if err != nil {
		return nil, err
	}
	return c.Recovery(ctx)
}

// FetchStatusUnverified reads a node's status (GET /v1/status) WITHOUT
// verifying the node, for monitoring.
func FetchStatusUnverified(ctx context.Context, nodeURL string) (*wire.NodeStatus, error) {
	c, err := unverified(nodeURL)
	if err != nil {
		return nil, err
	}
	return c.Status(ctx)
}

// unverified is a Client for nodeURL that verifies nothing: not the
// enclave, nor, over https, the certificate (attested TLS binds it to
// the evidence, which is the caller's to check).
func unverified(nodeURL string) (*Client, error) {
	if err := checkNodeURL(nodeURL); err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	return &Client{base: strings.TrimRight(nodeURL, "/"), http: &http.Client{Timeout: 30 * time.Second, Transport: tr}}, nil
}
