package ethereum

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/anonify-go/anonify/ledger/ethereum/embedded"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// testNet is a deployment on a fresh embedded chain: three governors
// (threshold 2), each with its own driver, plus a non-governor host.
type testNet struct {
	chain    *embedded.Chain
	contract common.Address
	gov      [3]*Driver
	host     *Driver // not a governor
}

const testPolicy = "policy-v1: sim allowed (dev network)"

func newTestNet(tb testing.TB) *testNet {
	tb.Helper()
	chain, err := embedded.Start(embedded.Options{Accounts: 4})
	if err != nil {
		tb.Fatalf("embedded.Start: %v", err)
	}
	tb.Cleanup(func() {
		if err := chain.Close(); err != nil {
			tb.Errorf("Embedded.Close: %v", err)
		}
	})
	ctx := testContext(tb)
	client, err := ethclient.DialContext(ctx, chain.RPCURL())
	if err != nil {
		tb.Fatalf("dial: %v", err)
	}
	defer client.Close()
	keys := chain.Accounts()
	governors := []common.Address{addr(keys[0]), addr(keys[1]), addr(keys[2])}
	contract, err := Deploy(ctx, client, keys[0], governors, 2, []byte(testPolicy))
	if err != nil {
		tb.Fatalf("Deploy: %v", err)
	}
	n := &testNet{chain: chain, contract: contract}
	for i := range n.gov {
		n.gov[i] = dialTest(tb, chain.RPCURL(), contract, keys[i])
	}
	n.host = dialTest(tb, chain.RPCURL(), contract, keys[3])
	return n
}

func dialTest(tb testing.TB, url string, contract common.Address, key *ecdsa.PrivateKey) *Driver {
	tb.Helper()
	d, err := Dial(testContext(tb), url, contract, key)
	if err != nil {
		tb.Fatalf("Dial: %v", err)
	}
	tb.Cleanup(d.Close)
	return d
}

func testContext(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	tb.Cleanup(cancel)
	return ctx
}

func addr(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// enclave is a stand-in for an enclave's identity key in these tests.
type enclave struct {
	key *ecdsa.PrivateKey
	id  common.Address
}

func newEnclave(tb testing.TB) *enclave {
	tb.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return &enclave{key: k, id: addr(k)}
}

func (e *enclave) sign(tb testing.TB, digest common.Hash) []byte {
	tb.Helper()
	sig, err := chainmsg.Sign(digest, e.key)
	if err != nil {
		tb.Fatal(err)
	}
	return sig
}

func (e *enclave) registration(tb testing.TB, l ledger.Ledger) chainmsg.Registration {
	tb.Helper()
	r := chainmsg.Registration{
		Identity:   e.id,
		RequestKey: []byte("hpke-x25519-public-key-" + e.id.Hex()[:10]),
		KeyPackage: []byte("key-package"),
		Evidence:   []byte("sim-evidence: INSECURE"),
	}
	r.Sig = e.sign(tb, chainmsg.RegisterDigest(l.ChainID(), l.Contract(), r.Identity, r.RequestKey, r.KeyPackage, r.Evidence))
	return r
}

func (e *enclave) handshake(tb testing.TB, l ledger.Ledger, epoch uint64, payload string, adds, removes []common.Address) chainmsg.Handshake {
	tb.Helper()
	h := chainmsg.Handshake{Epoch: epoch, Payload: []byte(payload), Adds: adds, Removes: removes}
	h.Sig = e.sign(tb, chainmsg.HandshakeDigest(l.ChainID(), l.Contract(), epoch, h.Payload, adds, removes))
	return h
}

func (e *enclave) batch(tb testing.TB, l ledger.Ledger, epoch, seq uint64, cts ...[]byte) chainmsg.CommandBatch {
	tb.Helper()
	b := chainmsg.CommandBatch{Epoch: epoch, Seq: seq, Ciphertexts: cts}
	b.Sig = e.sign(tb, chainmsg.CommandsDigest(l.ChainID(), l.Contract(), epoch, seq, cts))
	return b
}

// found registers e and makes it the founding member through 2-of-3
// governance.
func (n *testNet) found(tb testing.TB, e *enclave) {
	tb.Helper()
	ctx := testContext(tb)
	if err := n.host.Register(ctx, e.registration(tb, n.host)); err != nil {
		tb.Fatalf("Register: %v", err)
	}
	id, err := n.gov[0].ProposeFounder(ctx, e.id)
	if err != nil {
		tb.Fatalf("ProposeFounder: %v", err)
	}
	if err := n.gov[1].Approve(ctx, id); err != nil {
		tb.Fatalf("Approve: %v", err)
	}
}

// wantErr checks that err matches kind with errors.Is and that its message
// names what the contract reported.
func wantErr(t *testing.T, err, kind error, contains string) {
	t.Helper()
	if kind == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, kind) {
		t.Fatalf("error = %v, want %v", err, kind)
	}
	if !strings.Contains(err.Error(), contains) {
		t.Fatalf("error %q does not contain %q", err, contains)
	}
}

func ciphertext(size int, fill byte) []byte {
	ct := make([]byte, size)
	for i := range ct {
		ct[i] = fill ^ byte(i*131)
	}
	return ct
}

// signRegistration re-signs r after its fields were changed.
func signRegistration(tb testing.TB, e *enclave, l ledger.Ledger, r chainmsg.Registration) chainmsg.Registration {
	tb.Helper()
	r.Sig = e.sign(tb, chainmsg.RegisterDigest(l.ChainID(), l.Contract(), r.Identity, r.RequestKey, r.KeyPackage, r.Evidence))
	return r
}
