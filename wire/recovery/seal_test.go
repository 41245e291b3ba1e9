package recovery

import (
	"bytes"
	"crypto/ecdh"
	"crypto/hpke"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

var (
	testContract = common.HexToAddress("0x00000000000000000000000000000000000c0de1")
	testEnclave  = common.HexToAddress("0x00000000000000000000000000000000000e0c1a")
)

const (
	testChain = 31337
	testEpoch = 7
)

func mustKey(t testing.TB) hpke.PrivateKey {
	t.Helper()
	k, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func pub(k hpke.PrivateKey) [32]byte { return [32]byte(k.PublicKey().Bytes()) }

// testShare is shaped like a Shamir share of a 32-byte secret.
func testShare() []byte { return bytes.Repeat([]byte{0x5a}, 33) }

func TestInfo(t *testing.T) {
	contract := common.HexToAddress("0x1111111111111111111111111111111111111122")
	enclave := common.HexToAddress("0x3333333333333333333333333333333333333344")
	custodian := [32]byte(bytes.Repeat([]byte{0xcc}, 32))
	network := "\x00\x01\x02\x03\x04\x05\x06\x07\x08" + strings.Repeat("\x11", 19) + "\x22"
	epoch := "\x00\x00\x00\x00\x00\x00\x00\x09"
	tests := []struct {
		name      string
		got, want []byte
	}{
		{"share", ShareInfo(0x0102030405060708, contract, 9, custodian),
			[]byte("anonify-recovery-share-v1" + network + epoch + strings.Repeat("\xcc", 32))},
		{"release", ReleaseInfo(0x0102030405060708, contract, enclave, 9, custodian),
			[]byte("anonify-recovery-release-v1" + network + strings.Repeat("\x33", 19) + "\x44" + epoch + strings.Repeat("\xcc", 32))},
	}
	for _, tt := range tests {
		if !bytes.Equal(tt.got, tt.want) {
			t.Errorf("%s info = %x, want %x", tt.name, tt.got, tt.want)
		}
	}
}

func TestKeys(t *testing.T) {
	k := mustKey(t)
	priv, err := k.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ParsePublicKey(k.PublicKey().Bytes())
	if err != nil || !bytes.Equal(pk.Bytes(), k.PublicKey().Bytes()) {
		t.Fatalf("ParsePublicKey = %v", err)
	}
	k2, err := ParsePrivateKey(priv)
	if err != nil || !bytes.Equal(k2.PublicKey().Bytes(), k.PublicKey().Bytes()) {
		t.Fatalf("ParsePrivateKey = %v", err)
	}
	for _, n := range []int{0, 31, 33, 65} {
		if _, err := ParsePublicKey(make([]byte, n)); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("custodian public key is 32 bytes (X25519), got %d", n)) {
			t.Errorf("ParsePublicKey of %d bytes = %v", n, err)
		}
		if _, err := ParsePrivateKey(make([]byte, n)); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("custodian private key is 32 bytes (X25519), got %d", n)) {
			t.Errorf("ParsePrivateKey of %d bytes = %v", n, err)
		}
	}
}

// TestShareRoundTrip seals shares of every allowed size and opens them
// with OpenShare and, to show that a custodian needs nothing but the
// standard library, with plain crypto/hpke.Open.
func TestShareRoundTrip(t *testing.T) {
	k := mustKey(t)
	p := pub(k)
	for _, n := range []int{MinShare, 33, MaxShare} {
		share := bytes.Repeat([]byte{byte(n)}, n)
		sealed, err := SealShare(p[:], testChain, testContract, testEpoch, share)
		if err != nil {
			t.Fatal(err)
		}
		if len(sealed) != SealOverhead+n {
			t.Errorf("a %d-byte share seals to %d bytes, want %d", n, len(sealed), SealOverhead+n)
		}
		got, err := OpenShare(k, testChain, testContract, testEpoch, sealed)
		if err != nil || !bytes.Equal(got, share) {
			t.Fatalf("OpenShare = %x, %v; want %x", got, err, share)
		}
		plain, err := hpke.Open(k, hpke.HKDFSHA256(), hpke.AES128GCM(), ShareInfo(testChain, testContract, testEpoch, p), sealed)
		if err != nil || !bytes.Equal(plain, share) {
			t.Fatalf("crypto/hpke.Open = %x, %v", plain, err)
		}
	}
}

// TestShareBindings: a share opens only for its chain, contract, epoch
// and custodian.
func TestShareBindings(t *testing.T) {
	k, other := mustKey(t), mustKey(t)
	p, otherPub := pub(k), pub(other)
	sealed, err := SealShare(p[:], testChain, testContract, testEpoch, testShare())
	if err != nil {
		t.Fatal(err)
	}
	// Sealed to this custodian's key but in the slot of another: the info
	// names the other, so this custodian cannot open it as its own.
	moved, err := hpke.Seal(k.PublicKey(), hpke.HKDFSHA256(), hpke.AES128GCM(), ShareInfo(testChain, testContract, testEpoch, otherPub), testShare())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		k        hpke.PrivateKey
		chainID  uint64
		contract common.Address
		epoch    uint64
		sealed   []byte
	}{
		{"other custodian's key", other, testChain, testContract, testEpoch, sealed},
		{"other chain", k, testChain + 1, testContract, testEpoch, sealed},
		{"other contract", k, testChain, testEnclave, testEpoch, sealed},
		{"other epoch", k, testChain, testContract, testEpoch + 1, sealed},
		{"other custodian's slot", k, testChain, testContract, testEpoch, moved},
		{"tampered", k, testChain, testContract, testEpoch, flip(sealed, len(sealed)-1)},
		{"tampered enc", k, testChain, testContract, testEpoch, flip(sealed, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := OpenShare(tt.k, tt.chainID, tt.contract, tt.epoch, tt.sealed)
			if !errors.Is(err, ErrSealed) || got != nil {
				t.Fatalf("OpenShare = %x, %v; want ErrSealed", got, err)
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

func TestShareSizes(t *testing.T) {
	k := mustKey(t)
	p := pub(k)
	for _, n := range []int{0, 1, MaxShare + 1} {
		if _, err := SealShare(p[:], testChain, testContract, testEpoch, make([]byte, n)); !errors.Is(err, ErrShareSize) ||
			!strings.Contains(err.Error(), fmt.Sprintf("a share of %d bytes (want 2 to 64)", n)) {
			t.Errorf("SealShare of %d bytes = %v", n, err)
		}
		if _, err := SealRelease(p[:], testChain, testContract, testEnclave, testEpoch, p, make([]byte, n)); !errors.Is(err, ErrShareSize) {
			t.Errorf("SealRelease of %d bytes = %v", n, err)
		}
	}
	for _, n := range []int{0, SealOverhead + MinShare - 1, MaxSealedShare + 1} {
		if _, err := OpenShare(k, testChain, testContract, testEpoch, make([]byte, n)); !errors.Is(err, ErrShareSize) ||
			!strings.Contains(err.Error(), fmt.Sprintf("a sealed share of %d bytes (want 50 to 256)", n)) {
			t.Errorf("OpenShare of %d bytes = %v", n, err)
		}
	}
	for _, n := range []int{0, SealOverhead + MinShare - 1, MaxSealedRelease + 1} {
		r := &Release{Epoch: testEpoch, Custodian: p, Sealed: make([]byte, n)}
		if _, err := OpenRelease(k, testChain, testContract, testEnclave, r); !errors.Is(err, ErrShareSize) ||
			!strings.Contains(err.Error(), fmt.Sprintf("a sealed release of %d bytes (want 50 to 112)", n)) {
			t.Errorf("OpenRelease of %d bytes = %v", n, err)
		}
	}
	// A share of a bad size, well sealed: the dealer's fault, still refused.
	long, err := hpke.Seal(k.PublicKey(), hpke.HKDFSHA256(), hpke.AES128GCM(), ShareInfo(testChain, testContract, testEpoch, p), make([]byte, MaxShare+1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenShare(k, testChain, testContract, testEpoch, long); !errors.Is(err, ErrShareSize) {
		t.Errorf("OpenShare of a sealed 65-byte share = %v", err)
	}
}

func TestBadKeys(t *testing.T) {
	k := mustKey(t)
	p := pub(k)
	if _, err := SealShare(p[:31], testChain, testContract, testEpoch, testShare()); err == nil || !strings.Contains(err.Error(), "custodian public key is 32 bytes (X25519), got 31") {
		t.Errorf("SealShare to a 31-byte key = %v", err)
	}
	if _, err := SealRelease(p[:31], testChain, testContract, testEnclave, testEpoch, p, testShare()); err == nil || !strings.Contains(err.Error(), "enclave request key is 32 bytes (X25519), got 31") {
		t.Errorf("SealRelease to a 31-byte key = %v", err)
	}
	p256, err := hpke.DHKEM(ecdh.P256()).GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenShare(p256, testChain, testContract, testEpoch, make([]byte, 81)); err == nil || !strings.Contains(err.Error(), "not an X25519 HPKE key") {
		t.Errorf("OpenShare with a P-256 key = %v", err)
	}
	if _, err := OpenRelease(nil, testChain, testContract, testEnclave, &Release{}); err == nil || !strings.Contains(err.Error(), "not an X25519 HPKE key") {
		t.Errorf("OpenRelease with no key = %v", err)
	}
	if _, err := OpenRelease(k, testChain, testContract, testEnclave, nil); err == nil || !strings.Contains(err.Error(), "no release") {
		t.Errorf("OpenRelease of nil = %v", err)
	}
}

func TestReleaseRoundTrip(t *testing.T) {
	custodian, enclave := mustKey(t), mustKey(t)
	share := testShare()
	r, err := SealRelease(enclave.PublicKey().Bytes(), testChain, testContract, testEnclave, testEpoch, pub(custodian), share)
	if err != nil {
		t.Fatal(err)
	}
	if r.Epoch != testEpoch || r.Custodian != pub(custodian) || len(r.Sealed) != SealOverhead+len(share) {
		t.Fatalf("SealRelease = %+v", r)
	}
	got, err := OpenRelease(enclave, testChain, testContract, testEnclave, r)
	if err != nil || !bytes.Equal(got, share) {
		t.Fatalf("OpenRelease = %x, %v; want %x", got, err, share)
	}
}

// TestReleaseBindings: a release opens only in its enclave (key and
// identity), for its chain, contract, epoch and custodian.
func TestReleaseBindings(t *testing.T) {
	custodian, enclave, other := mustKey(t), mustKey(t), mustKey(t)
	r, err := SealRelease(enclave.PublicKey().Bytes(), testChain, testContract, testEnclave, testEpoch, pub(custodian), testShare())
	if err != nil {
		t.Fatal(err)
	}
	with := func(f func(r *Release)) *Release {
		c := *r
		f(&c)
		return &c
	}
	tests := []struct {
		name              string
		k                 hpke.PrivateKey
		chainID           uint64
		contract, enclave common.Address
		r                 *Release
	}{
		{"other enclave's key", other, testChain, testContract, testEnclave, r},
		{"other enclave identity", enclave, testChain, testContract, common.HexToAddress("0xe1"), r},
		{"other chain", enclave, testChain + 1, testContract, testEnclave, r},
		{"other contract", enclave, testChain, testEnclave, testEnclave, r},
		{"other epoch", enclave, testChain, testContract, testEnclave, with(func(r *Release) { r.Epoch++ })},
		{"other custodian", enclave, testChain, testContract, testEnclave, with(func(r *Release) { r.Custodian = pub(other) })},
		{"tampered", enclave, testChain, testContract, testEnclave, with(func(r *Release) { r.Sealed = flip(r.Sealed, 40) })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := OpenRelease(tt.k, tt.chainID, tt.contract, tt.enclave, tt.r)
			if !errors.Is(err, ErrSealed) || got != nil {
				t.Fatalf("OpenRelease = %x, %v; want ErrSealed", got, err)
			}
		})
	}
	// A share is not a release, nor the reverse: the labels differ.
	sealed, err := SealShare(enclave.PublicKey().Bytes(), testChain, testContract, testEpoch, testShare())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRelease(enclave, testChain, testContract, testEnclave, &Release{Epoch: testEpoch, Custodian: pub(enclave), Sealed: sealed}); !errors.Is(err, ErrSealed) {
		t.Errorf("a share opened as a release: %v", err)
	}
	if _, err := OpenShare(enclave, testChain, testContract, testEpoch, r.Sealed); !errors.Is(err, ErrSealed) {
		t.Errorf("a release opened as a share: %v", err)
	}
}

// TestCustodianFlow is the custodian's part of a recovery: find its share
// in the manifest read from the ledger, open it, release it to the
// enclave, which opens the release to the same share.
func TestCustodianFlow(t *testing.T) {
	custodians := []hpke.PrivateKey{mustKey(t), mustKey(t)}
	enclave := mustKey(t)
	m := bareManifest()
	m.Threshold = 2
	shares := [][]byte{bytes.Repeat([]byte{1}, 33), bytes.Repeat([]byte{2}, 33)}
	for i, c := range custodians {
		p := pub(c)
		sealed, err := SealShare(p[:], testChain, testContract, m.Epoch, shares[i])
		if err != nil {
			t.Fatal(err)
		}
		m.Shares = append(m.Shares, Share{Custodian: p, Sealed: sealed})
	}
	onLedger, err := ParseManifest(m.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range custodians {
		sealed, ok := onLedger.SealedShare(pub(c))
		if !ok {
			t.Fatalf("custodian %d has no share", i)
		}
		share, err := OpenShare(c, testChain, testContract, onLedger.Epoch, sealed)
		if err != nil {
			t.Fatal(err)
		}
		r, err := SealRelease(enclave.PublicKey().Bytes(), testChain, testContract, testEnclave, onLedger.Epoch, pub(c), share)
		if err != nil {
			t.Fatal(err)
		}
		posted, err := r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		received, err := ParseRelease(posted)
		if err != nil {
			t.Fatal(err)
		}
		got, err := OpenRelease(enclave, testChain, testContract, testEnclave, received)
		if err != nil || !bytes.Equal(got, shares[i]) {
			t.Fatalf("custodian %d: the enclave opened %x, %v; want %x", i, got, err, shares[i])
		}
	}
}
