package enclave

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/atls"
	"github.com/anonify-go/anonify/attest/verify"
)

// TestTLSCertificate checks that the certificate's evidence binds its key to
// exactly the enclave's published binding, so that a client can match the
// TLS peer with the enclave info it reads afterwards.
func TestTLSCertificate(t *testing.T) {
	measurement := bytes.Repeat([]byte{0x42}, 48)
	e := newTestEnclave(t, measurement)
	cert, err := e.TLSCertificate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := cert.Leaf.NotAfter.Sub(cert.Leaf.NotBefore); got < TLSValidity || got > TLSValidity+10*time.Minute {
		t.Fatalf("certificate valid for %v, want about %v", got, TLSValidity)
	}
	info := e.Info()
	want := attest.Binding{Identity: info.Identity, RequestKey: info.RequestKey, KeyPackage: info.KeyPackage, ChainID: info.ChainID, Contract: info.Contract, Genesis: info.Genesis}.ReportData()
	opts := atls.ClientOptions{
		Verify: func(ev []byte) (*attest.Claims, error) { return verify.Evidence(ev, verify.Options{Now: time.Now()}) },
		Check:  func(c *attest.Claims) error { return attest.DevPolicy(measurement).Check(c, time.Now()) },
		Bind:   atls.ExpectBind(want[:]),
	}
	peer, err := atls.VerifyCertificate(cert.Leaf, opts)
	if err != nil {
		t.Fatalf("VerifyCertificate: %v", err)
	}
	if peer.Claims.Kind != attest.KindSim {
		t.Fatalf("claims kind %s", peer.Claims.Kind)
	}

	// Another enclave's certificate does not pass for this one.
	other, err := newTestEnclave(t, measurement).TLSCertificate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := atls.VerifyCertificate(other.Leaf, opts); !errors.Is(err, atls.ErrBindRejected) {
		t.Fatalf("other enclave's certificate: %v, want ErrBindRejected", err)
	}

	// Each call makes a new key.
	again, err := e.TLSCertificate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(again.Leaf.RawSubjectPublicKeyInfo, cert.Leaf.RawSubjectPublicKeyInfo) {
		t.Fatal("TLSCertificate reused its key")
	}
}
