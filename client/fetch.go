package client

import (
	"context"
	"crypto/tls"
	"net/http"
	"strings"
	"time"

	"github.com/anonify-go/anonify/wire"
)

// FetchEnclaveUnverified fetches a node's enclave description, evidence
// included, WITHOUT verifying anything: it is for tools that verify the
// evidence themselves (`anonify attest evidence --node URL | anonify attest
// verify -`). Over https it does not check the node's certificate either:
// trust nothing it returns before verifying the evidence and its binding.
// Use Connect to talk to a node.
func FetchEnclaveUnverified(ctx context.Context, nodeURL string) (*wire.EnclaveInfo, error) {
	if err := checkNodeURL(nodeURL); err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// The certificate is the enclave's own (attested TLS): checking it is
	// verifying the evidence, which is the caller's job here.
	tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	c := &Client{base: strings.TrimRight(nodeURL, "/"), http: &http.Client{Timeout: 30 * time.Second, Transport: tr}}
	var info wire.EnclaveInfo
	if err := c.get(ctx, "/v1/enclave", &info); err != nil {
		return nil, err
	}
	return &info, nil
}
