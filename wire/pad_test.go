package wire

import (
	"bytes"
	"crypto/hpke"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestSizeClass(t *testing.T) {
	tests := []struct{ n, min, want int }{
		{0, 1024, 1024},
		{1024, 1024, 1024},
		{1025, 1024, 2048},
		{8192, 1024, 8192},
		{8193, 1024, 16384},
		{300, 256, 512},
	}
	for _, tt := range tests {
		if got := SizeClass(tt.n, tt.min); got != tt.want {
			t.Errorf("SizeClass(%d, %d) = %d, want %d", tt.n, tt.min, got, tt.want)
		}
	}
}

func TestPadRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, PadMinClass - 4, PadMinClass - 3, 5000, MaxRequestClass - 4} {
		msg := bytes.Repeat([]byte{0xa5}, n)
		p := Pad(msg, PadMinClass)
		if len(p) != SizeClass(4+n, PadMinClass) {
			t.Fatalf("Pad(%d bytes) is %d bytes, want its class %d", n, len(p), SizeClass(4+n, PadMinClass))
		}
		back, err := Unpad(p, PadMinClass)
		if err != nil || !bytes.Equal(back, msg) {
			t.Fatalf("Unpad(Pad(%d bytes)) = %d bytes, %v", n, len(back), err)
		}
	}
}

// TestUnpadRejects: a sender (a malicious client towards the enclave) that
// pads in any other way than the canonical one is refused, so no message
// has two padded forms and none of them can hide a trailer.
func TestUnpadRejects(t *testing.T) {
	good := Pad([]byte("hello"), PadMinClass)
	with := func(f func(p []byte) []byte) []byte { return f(bytes.Clone(good)) }
	tests := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "0 bytes is too short"},
		{"short prefix", []byte{0, 0, 5}, "3 bytes is too short"},
		{"length overruns", with(func(p []byte) []byte { binary.BigEndian.PutUint32(p, PadMinClass); return p }), "length 1024 overruns the 1024 padded bytes"},
		{"huge length", with(func(p []byte) []byte { binary.BigEndian.PutUint32(p, 0xffffffff); return p }), "overruns"},
		{"non-zero fill", with(func(p []byte) []byte { p[len(p)-1] = 1; return p }), "non-zero fill"},
		{"trailer after the message", with(func(p []byte) []byte { p[9] = 'x'; return p }), "non-zero fill"},
		{"unpadded", append(binary.BigEndian.AppendUint32(nil, 5), "hello"...), "9 padded bytes for a 5-byte message, whose class is 1024"},
		{"padded to a larger class", append(bytes.Clone(good), make([]byte, PadMinClass)...), "2048 padded bytes for a 5-byte message, whose class is 1024"},
		{"not a class", good[:1000], "1000 padded bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Unpad(tt.in, PadMinClass)
			if !errors.Is(err, ErrPadding) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Unpad = %v, want ErrPadding containing %q", err, tt.msg)
			}
		})
	}
}

// TestSealedSizesHideContent is the host's view: it sees only lengths. Every
// request, answer and outcome of similar size must look the same.
func TestSealedSizesHideContent(t *testing.T) {
	k, _ := GenerateKey()
	pub := k.PublicKey().Bytes()
	seal := func(args string) int {
		s, _ := signedBody(t, func(b *RequestBody) { b.Args = []byte(args) })
		sealed, err := SealRequest(pub, 7, testContract, s)
		if err != nil {
			t.Fatal(err)
		}
		return len(sealed)
	}
	short, long := seal(`{}`), seal(`{"owner":"0xffffffffffffffffffffffffffffffffffffffff","to":"0xffffffffffffffffffffffffffffffffffffffff","amount":"115792089237316195423570985008687907853269984665640564039457584007913129639935"}`)
	if short != long || short != PadMinClass+hpkeOverhead {
		t.Fatalf("sealed requests of %d and %d bytes, want both %d", short, long, PadMinClass+hpkeOverhead)
	}
	big := seal(`"` + strings.Repeat("x", MaxRequestBody-400) + `"`)
	if big != MaxSealedRequest {
		t.Fatalf("a request near the body limit seals to %d bytes, want MaxSealedRequest %d", big, MaxSealedRequest)
	}
	// The longest ERC-20 outcome: every number at its maximum, the longest
	// reason the app gives.
	max := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	full := common.HexToHash("0x" + strings.Repeat("ff", 32))
	longest, _ := json.Marshal(Outcome{ID: full, Error: "insufficient balance: have " + max + ", need " + max,
		Block: 1<<64 - 1, Epoch: 1<<64 - 1, TxHash: full, Ciphertext: full})
	if n := len(Pad(longest, PadMinClass)); n != PadMinClass {
		t.Fatalf("the longest ERC-20 outcome pads to %d bytes, want the smallest class", n)
	}
	id := common.Hash{1}
	ok, _ := SealOutcome(pub, id, []byte(`{"ok":true}`))
	rejected, _ := SealOutcome(pub, id, []byte(`{"ok":false,"error":"insufficient balance: have 1, need 115792089237316195423570985008687907853269984665640564039457584007913129639935"}`))
	ans, _ := SealAnswer(pub, id, []byte(`{"ok":true,"result":"1"}`))
	if len(ok) != len(rejected) || len(ok) != len(ans) || len(ok) != PadMinClass+hpkeOverhead {
		t.Fatalf("sealed replies of %d, %d, %d bytes, want all %d", len(ok), len(rejected), len(ans), PadMinClass+hpkeOverhead)
	}
}

// TestOpenRequestRefuses plays a malicious client (which holds the
// enclave's public key, so it can seal anything) and a host that tampers
// with sizes.
func TestOpenRequestRefuses(t *testing.T) {
	k, _ := GenerateKey()
	pub := k.PublicKey()
	s, _ := signedBody(t, nil)
	info := networkInfo(labelRequest, 7, testContract, nil)
	raw := func(info []byte, pt []byte) []byte {
		sealed, err := hpke.Seal(pub, hpkeKDF, hpkeAEAD, info, pt)
		if err != nil {
			t.Fatal(err)
		}
		return sealed
	}
	over := &SignedRequest{Body: bytes.Repeat([]byte{' '}, MaxRequestBody+1), Sig: s.Sig}
	overPadded := Pad(over.Marshal(), PadMinClass)
	if len(overPadded) != MaxRequestClass {
		t.Fatalf("an oversized body pads to %d bytes, want the largest class", len(overPadded))
	}
	junk := Pad(s.Marshal(), PadMinClass)
	junk[len(junk)-1] = 1
	tests := []struct {
		name   string
		sealed []byte
		is     error
		msg    string
	}{
		{"v1 sender (bare plaintext, v1 label)", raw(networkInfo("anonify-request-v1", 7, testContract, nil), s.Marshal()), ErrSealed, "not sealed to this enclave"},
		{"bare plaintext under the v2 label", raw(info, s.Marshal()), ErrPadding, "overruns"},
		{"padded beyond its class", raw(info, append(Pad(s.Marshal(), PadMinClass), make([]byte, PadMinClass)...)), ErrPadding, "whose class is 1024"},
		{"junk in the fill", raw(info, junk), ErrPadding, "non-zero fill"},
		{"body over the limit inside the largest class", raw(info, overPadded), ErrTooLarge, "exceeds the 8064-byte limit"},
		{"sealed request over the limit", make([]byte, MaxSealedRequest+1), ErrTooLarge, "exceeds the 8240-byte limit"},
		{"truncated", raw(info, Pad(s.Marshal(), PadMinClass))[:100], ErrSealed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenRequest(k, 7, testContract, tt.sealed)
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("OpenRequest = %v, want %v containing %q", err, tt.is, tt.msg)
			}
		})
	}
	if _, err := SealRequest(pub.Bytes(), 7, testContract, over); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("SealRequest of an oversized body = %v, want ErrTooLarge", err)
	}
}

// TestRepliesRefuseV1 checks that a reply sealed under the v1 format (no
// padding) does not open as v2, and that a v2 reply with bad padding is an
// error, never a truncated or extended plaintext.
func TestRepliesRefuseV1(t *testing.T) {
	k, _ := GenerateKey()
	id := common.Hash{7}
	v1, _ := hpke.Seal(k.PublicKey(), hpkeKDF, hpkeAEAD, append([]byte("anonify-outcome-v1\x00"), id[:]...), []byte(`{"ok":true}`))
	if _, err := OpenOutcome(k, id, v1); !errors.Is(err, ErrSealed) {
		t.Fatalf("a v1 outcome opened as v2: %v", err)
	}
	bare, _ := hpke.Seal(k.PublicKey(), hpkeKDF, hpkeAEAD, append([]byte(labelOutcome+"\x00"), id[:]...), []byte(`{"ok":true}`))
	if _, err := OpenOutcome(k, id, bare); !errors.Is(err, ErrPadding) {
		t.Fatalf("an unpadded v2 outcome = %v, want ErrPadding", err)
	}
	good, _ := SealOutcome(k.PublicKey().Bytes(), id, []byte(`{"ok":true}`))
	if pt, err := OpenOutcome(k, id, good); err != nil || string(pt) != `{"ok":true}` {
		t.Fatalf("OpenOutcome = %q, %v", pt, err)
	}
}

// FuzzUnpad: whatever Unpad accepts is the one canonical padding of what it
// returns.
func FuzzUnpad(f *testing.F) {
	f.Add(Pad([]byte("hello"), 64), 64)
	f.Add(Pad(nil, 64), 64)
	f.Add(append(Pad([]byte("x"), 64), 0), 64)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff}, 64)
	f.Fuzz(func(t *testing.T, p []byte, min int) {
		if min < 1 || min > 1<<16 {
			return
		}
		msg, err := Unpad(p, min)
		if err != nil {
			return
		}
		if !bytes.Equal(Pad(msg, min), p) {
			t.Fatalf("Unpad accepted a non-canonical padding of %d bytes", len(msg))
		}
	})
}

// FuzzOpenOutcome feeds a client what a host might return as a sealed reply.
func FuzzOpenOutcome(f *testing.F) {
	k, _ := GenerateKey()
	id := common.Hash{9}
	good, _ := SealOutcome(k.PublicKey().Bytes(), id, []byte(`{"ok":true}`))
	f.Add(good)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		OpenOutcome(k, id, b)
	})
}
