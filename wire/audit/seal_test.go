package audit

import (
	"bytes"
	"crypto/ecdh"
	"crypto/hpke"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

var testContract = common.HexToAddress("0x00000000000000000000000000000000000c0de1")

const testChain = 31337

func testIKM(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func mustKey(t testing.TB) hpke.PrivateKey {
	t.Helper()
	k, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func mustSeal(t testing.TB, pub []byte, ikm []byte, r *Record) []byte {
	t.Helper()
	sealed, err := SealRecord(pub, ikm, testChain, testContract, r)
	if err != nil {
		t.Fatal(err)
	}
	return sealed
}

func TestInfo(t *testing.T) {
	got := Info(0x0102030405060708, common.HexToAddress("0x1111111111111111111111111111111111111122"))
	want := append([]byte("anonify-audit-v1\x00\x01\x02\x03\x04\x05\x06\x07\x08"), bytes.Repeat([]byte{0x11}, 19)...)
	want = append(want, 0x22)
	if !bytes.Equal(got, want) {
		t.Fatalf("Info = %x, want %x", got, want)
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
		if _, err := ParsePublicKey(make([]byte, n)); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("public key is 32 bytes (X25519), got %d", n)) {
			t.Errorf("ParsePublicKey of %d bytes = %v", n, err)
		}
		if _, err := ParsePrivateKey(make([]byte, n)); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("private key is 32 bytes (X25519), got %d", n)) {
			t.Errorf("ParsePrivateKey of %d bytes = %v", n, err)
		}
	}
}

// TestSealRoundTrip seals records and opens them with OpenRecord and, to
// prove that the auditor needs nothing but the standard library, with
// plain crypto/hpke.Open.
func TestSealRoundTrip(t *testing.T) {
	k := mustKey(t)
	pub := k.PublicKey().Bytes()
	for _, r := range []*Record{commandRecord(), snapshotRecord()} {
		t.Run(string(r.Kind), func(t *testing.T) {
			sealed := mustSeal(t, pub, testIKM(1), r)
			if want := SealOverhead + wire.SizeClass(4+len(mustMarshal(t, r)), RecordPadClass); len(sealed) != want {
				t.Fatalf("sealed record of %d bytes, want %d", len(sealed), want)
			}
			got, err := OpenRecord(k, testChain, testContract, sealed)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := mustMarshal(t, got), mustMarshal(t, r); !bytes.Equal(a, b) {
				t.Fatalf("opened\n%s\nwant\n%s", a, b)
			}

			pt, err := hpke.Open(k, hpke.HKDFSHA256(), hpke.AES128GCM(), Info(testChain, testContract), sealed)
			if err != nil {
				t.Fatalf("crypto/hpke.Open: %v", err)
			}
			msg, err := wire.Unpad(pt, RecordPadClass)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(msg, mustMarshal(t, r)) {
				t.Fatalf("crypto/hpke.Open gives\n%s", msg)
			}
		})
	}
}

func TestSealDeterministic(t *testing.T) {
	k, other := mustKey(t), mustKey(t)
	pub := k.PublicKey().Bytes()
	r := commandRecord()
	a, b := mustSeal(t, pub, testIKM(1), r), mustSeal(t, pub, testIKM(1), commandRecord())
	if !bytes.Equal(a, b) {
		t.Fatal("the same record, key and ikm sealed to different bytes")
	}
	spaced := commandRecord()
	spaced.Args = json.RawMessage(" " + string(spaced.Args) + "\n")
	if !bytes.Equal(a, mustSeal(t, pub, testIKM(1), spaced)) {
		t.Fatal("records equal up to JSON whitespace sealed to different bytes")
	}
	for name, c := range map[string][]byte{
		"ikm":        mustSeal(t, pub, testIKM(2), r),
		"longer ikm": mustSeal(t, pub, append(testIKM(1), 0), r),
		"key":        mustSeal(t, other.PublicKey().Bytes(), testIKM(1), r),
		"record":     mustSeal(t, pub, testIKM(1), func() *Record { r := commandRecord(); r.Seq++; return r }()),
	} {
		if bytes.Equal(a, c) {
			t.Errorf("another %s sealed to the same bytes", name)
		}
		if name != "key" && bytes.Equal(a[:32], c[:32]) != (name == "record") {
			t.Errorf("another %s: enc equal = %v", name, bytes.Equal(a[:32], c[:32]))
		}
	}
	ch := make(chan []byte)
	for range 4 {
		go func() { ch <- mustSeal(t, pub, testIKM(1), commandRecord()) }()
	}
	for range 4 {
		if !bytes.Equal(<-ch, a) {
			t.Fatal("concurrent sealing differs")
		}
	}
}

// TestOpenRecordRefuses: the wrong key or network, or any change to the
// sealed bytes, is ErrSealed with a message that says so.
func TestOpenRecordRefuses(t *testing.T) {
	k, other := mustKey(t), mustKey(t)
	sealed := mustSeal(t, k.PublicKey().Bytes(), testIKM(1), commandRecord())
	p256, err := hpke.DHKEM(ecdh.P256()).GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	notSealed := "was not sealed to this auditor key for chain "
	tests := []struct {
		name     string
		k        hpke.PrivateKey
		chain    uint64
		contract common.Address
		sealed   []byte
		is       error
		msg      string
	}{
		{"wrong key", other, testChain, testContract, sealed, ErrSealed, notSealed + "31337, contract " + testContract.Hex()},
		{"wrong chain", k, 1, testContract, sealed, ErrSealed, notSealed + "1, contract"},
		{"wrong contract", k, testChain, acctA, sealed, ErrSealed, notSealed + "31337, contract " + acctA.Hex()},
		{"truncated", k, testChain, testContract, sealed[:len(sealed)-1], ErrSealed, notSealed},
		{"enc only", k, testChain, testContract, sealed[:32], ErrSealed, notSealed},
		{"empty", k, testChain, testContract, nil, ErrSealed, notSealed},
		{"extended", k, testChain, testContract, append(sealed[:len(sealed):len(sealed)], 0), ErrSealed, notSealed},
		{"over the limit", k, testChain, testContract, make([]byte, MaxSealedRecord+1), ErrTooLarge, "exceeds the 8240-byte limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenRecord(tt.k, tt.chain, tt.contract, tt.sealed)
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("OpenRecord = %+v, %v; want %v containing %q", r, err, tt.is, tt.msg)
			}
		})
	}
	t.Run("every byte flipped", func(t *testing.T) {
		for i := range sealed {
			c := bytes.Clone(sealed)
			bit := byte(1) << (i % 8)
			c[i] ^= bit
			if _, err := OpenRecord(k, testChain, testContract, c); !errors.Is(err, ErrSealed) || !strings.Contains(err.Error(), notSealed) {
				t.Fatalf("byte %d ^ %#x: OpenRecord = %v, want ErrSealed", i, bit, err)
			}
		}
	})
	if _, err := OpenRecord(p256, testChain, testContract, sealed); err == nil || !strings.Contains(err.Error(), "not an X25519 HPKE key") {
		t.Fatalf("OpenRecord with a P-256 key = %v", err)
	}
}

// TestOpenRecordMalformed: what the AEAD authenticates but a correct
// sealer never makes is ErrMalformed, not ErrSealed.
func TestOpenRecordMalformed(t *testing.T) {
	k := mustKey(t)
	seal := func(pt []byte) []byte {
		sealed, err := hpke.Seal(k.PublicKey(), hpkeKDF, hpkeAEAD, Info(testChain, testContract), pt)
		if err != nil {
			t.Fatal(err)
		}
		return sealed
	}
	good := mustMarshal(t, commandRecord())
	tests := []struct {
		name   string
		sealed []byte
		is     error
		msg    string
	}{
		{"unpadded", seal(good), wire.ErrPadding, "bad padding"},
		{"padded to the wrong class", seal(wire.Pad(good, 2048)), wire.ErrPadding, "whose class is 1024"},
		{"padded record that is no record", seal(wire.Pad([]byte(`{"seq":0,"state":[]}`), RecordPadClass)), ErrMalformed, "kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenRecord(k, testChain, testContract, tt.sealed)
			if !errors.Is(err, tt.is) || !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("OpenRecord = %v, want %v and ErrMalformed containing %q", err, tt.is, tt.msg)
			}
		})
	}
}

func TestSealRecordRefuses(t *testing.T) {
	pub := mustKey(t).PublicKey().Bytes()
	bad := commandRecord()
	bad.Kind = "note"
	tests := []struct {
		name string
		pub  []byte
		ikm  []byte
		r    *Record
		is   error
		msg  string
	}{
		{"short key", pub[:31], testIKM(1), commandRecord(), nil, "public key is 32 bytes (X25519), got 31"},
		{"low-order key", make([]byte, 32), testIKM(1), commandRecord(), nil, "X25519 with the recipient key"},
		{"no ikm", pub, nil, commandRecord(), nil, "ikm of 0 bytes, want at least 32"},
		{"short ikm", pub, testIKM(1)[:31], commandRecord(), nil, "ikm of 31 bytes, want at least 32"},
		{"malformed record", pub, testIKM(1), bad, ErrMalformed, `kind "note"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SealRecord(tt.pub, tt.ikm, testChain, testContract, tt.r)
			if err == nil || tt.is != nil && !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("SealRecord = %v, want %v containing %q", err, tt.is, tt.msg)
			}
		})
	}
}

// TestSealSizes: a record's sealed length is SealOverhead more than its
// class, up to MaxSealedRecord (under the contract's cap on a ciphertext);
// a record whose encoding exceeds MaxRecordPlaintext is refused.
func TestSealSizes(t *testing.T) {
	k := mustKey(t)
	pub := k.PublicKey().Bytes()
	// sized returns a snapshot whose encoding is exactly n bytes.
	sized := func(n int) *Record {
		r := &Record{Kind: KindSnapshot, Scope: "erc20", Parts: 1, State: []Entry{{Slot: "s", Value: json.RawMessage(`""`)}}}
		pad := n - len(mustMarshal(t, r))
		if pad < 0 {
			t.Fatalf("no record of %d bytes", n)
		}
		r.State[0].Value = json.RawMessage(`"` + strings.Repeat("x", pad) + `"`)
		if got := len(mustMarshal(t, r)); got != n {
			t.Fatalf("record of %d bytes, want %d", got, n)
		}
		return r
	}
	if MaxSealedRecord > 16384 {
		t.Fatalf("MaxSealedRecord %d is over the contract's MAX_CIPHERTEXT_BYTES", MaxSealedRecord)
	}
	for _, tt := range []struct{ n, sealed int }{
		{RecordPadClass - 4, SealOverhead + RecordPadClass},
		{RecordPadClass - 3, SealOverhead + 2*RecordPadClass},
		{4096, SealOverhead + MaxRecordClass},
		{MaxRecordPlaintext, MaxSealedRecord},
	} {
		sealed := mustSeal(t, pub, testIKM(1), sized(tt.n))
		if len(sealed) != tt.sealed {
			t.Errorf("a %d-byte record seals to %d bytes, want %d", tt.n, len(sealed), tt.sealed)
		}
		if _, err := OpenRecord(k, testChain, testContract, sealed); err != nil {
			t.Errorf("a %d-byte record: %v", tt.n, err)
		}
	}
	_, err := SealRecord(pub, testIKM(1), testChain, testContract, sized(MaxRecordPlaintext+1))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "8189 bytes encoded, over the 8188-byte limit") {
		t.Fatalf("SealRecord of a record over the limit = %v", err)
	}
}
