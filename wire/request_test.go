package wire

import (
	"bytes"
	"crypto/hpke"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

var (
	testContract = common.HexToAddress("0x00000000000000000000000000000000000c0de1")
)

func signedBody(t testing.TB, mutate func(*RequestBody)) (*SignedRequest, *RequestBody) {
	k, _ := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	b := &RequestBody{Version: RequestVersion, Kind: KindCommand, ChainID: 7, Contract: testContract,
		Counter: 1, App: "erc20", Function: "transfer", Args: json.RawMessage(`{"a":1}`), ReplyKey: make([]byte, 32)}
	if mutate != nil {
		mutate(b)
	}
	s, err := SignRequest(b, func(d []byte) ([]byte, error) { return crypto.Sign(d, k) })
	if err != nil {
		t.Fatal(err)
	}
	return s, b
}

func TestVerify(t *testing.T) {
	k, _ := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	good, want := signedBody(t, nil)
	got, err := good.Verify(7, testContract)
	if err != nil {
		t.Fatal(err)
	}
	// The sender is recovered, the network filled in: the body carries
	// neither.
	want.From = crypto.PubkeyToAddress(k.PublicKey)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Verify = %+v, want %+v", got, want)
	}
	if bytes.Contains(good.Body, want.From[:]) || bytes.Contains(good.Body, testContract[:]) {
		t.Fatal("the body carries the sender or the contract")
	}
	// Signed for another network with the same tag (a collision a forger
	// cannot choose), the signature recovers a stranger, never the signer.
	if got, err := good.Verify(7, testContract); err != nil || got.From != want.From {
		t.Fatal(err)
	}
	highS := func() *SignedRequest {
		s, _ := signedBody(t, nil)
		// s' = n - s with v flipped is the same signature, malleated.
		n := crypto.S256().Params().N
		sv := new(big.Int).SetBytes(s.Sig[32:64])
		sv.Sub(n, sv)
		copy(s.Sig[32:64], common.LeftPadBytes(sv.Bytes(), 32))
		s.Sig[64] ^= 1
		return s
	}()
	tests := []struct {
		name string
		req  func() *SignedRequest
		is   error
		msg  string
	}{
		{"other chain", func() *SignedRequest { s, _ := signedBody(t, func(b *RequestBody) { b.ChainID = 8 }); return s }, ErrMalformed, "another network"},
		{"other contract", func() *SignedRequest {
			s, _ := signedBody(t, func(b *RequestBody) { b.Contract = common.Address{1} })
			return s
		}, ErrMalformed, "chain 7 contract"},
		{"version 1 (JSON) body", func() *SignedRequest {
			s, _ := signedBody(t, nil)
			s.Body = []byte(`{"v":1,"kind":"command"}`)
			return s
		}, ErrMalformed, "version-1 (JSON) body"},
		{"trailing byte", func() *SignedRequest { s, _ := signedBody(t, nil); s.Body = append(s.Body, 0); return s }, ErrMalformed, "1 bytes after the body"},
		{"truncated", func() *SignedRequest { s, _ := signedBody(t, nil); s.Body = s.Body[:20]; return s }, ErrMalformed, "truncated"},
		{"unknown kind", func() *SignedRequest { s, _ := signedBody(t, nil); s.Body[1] = 9; return s }, ErrMalformed, "kind 9"},
		{"short signature", func() *SignedRequest { s, _ := signedBody(t, nil); s.Sig = s.Sig[:64]; return s }, ErrBadSignature, "65 bytes"},
		{"high s", func() *SignedRequest { return highS }, ErrBadSignature, "high s"},
		{"zero counter", func() *SignedRequest { s, _ := signedBody(t, func(b *RequestBody) { b.Counter = 0 }); return s }, ErrMalformed, "counter above 0"},
		{"bad app name", func() *SignedRequest { s, _ := signedBody(t, nil); s.Body[15] = 'E'; return s }, ErrMalformed, `app "Erc20"`},
		{"version 3", func() *SignedRequest { s, _ := signedBody(t, nil); s.Body[0] = 3; return s }, ErrMalformed, "version 3, want 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.req().Verify(7, testContract)
			if err == nil {
				t.Fatalf("Verify accepted it")
			}
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Verify = %v, want %v containing %q", err, tt.is, tt.msg)
			}
		})
	}
}

func TestSealOpenRequest(t *testing.T) {
	k, _ := GenerateKey()
	s, _ := signedBody(t, nil)
	sealed, err := SealRequest(k.PublicKey().Bytes(), 7, testContract, s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := OpenRequest(k, 7, testContract, sealed)
	if err != nil || !bytes.Equal(got.Body, s.Body) || !bytes.Equal(got.Sig, s.Sig) {
		t.Fatalf("OpenRequest = %v", err)
	}
	if _, err := OpenRequest(k, 8, testContract, sealed); !errors.Is(err, ErrSealed) {
		t.Fatalf("request sealed for chain 7 opened for chain 8: %v", err)
	}
	other, _ := GenerateKey()
	if _, err := OpenRequest(other, 7, testContract, sealed); !errors.Is(err, ErrSealed) {
		t.Fatalf("opened with another key: %v", err)
	}
	id := RequestID(s.Body)
	ans, _ := SealAnswer(k.PublicKey().Bytes(), id, []byte("42"))
	if _, err := OpenOutcome(k, id, ans); !errors.Is(err, ErrSealed) {
		t.Fatal("an answer opened as an outcome")
	}
	if _, err := OpenAnswer(k, common.Hash{1}, ans); !errors.Is(err, ErrSealed) {
		t.Fatal("an answer opened for another request")
	}
}

// TestSignedRequestEncoding pins the Marshal bytes, which clients send and
// enclaves parse: u16 len(body) ‖ body ‖ 65-byte signature.
func TestSignedRequestEncoding(t *testing.T) {
	sig := bytes.Repeat([]byte{0xab}, 65)
	r := &SignedRequest{Body: []byte(`{"v":1}`), Sig: sig}
	want := "0007" + hex.EncodeToString([]byte(`{"v":1}`)) + strings.Repeat("ab", 65)
	got := r.Marshal()
	if hex.EncodeToString(got) != want {
		t.Fatalf("Marshal =\n%x, want\n%s", got, want)
	}
	back, err := ParseSignedRequest(got)
	if err != nil || !bytes.Equal(back.Body, r.Body) || !bytes.Equal(back.Sig, sig) {
		t.Fatalf("ParseSignedRequest(Marshal) = %+v, %v", back, err)
	}
	if got, want := hex.EncodeToString((&SignedRequest{}).Marshal()), "0000"; got != want {
		t.Fatalf("empty Marshal = %s, want %s", got, want)
	}
}

func TestParseSignedRequestRejects(t *testing.T) {
	good := (&SignedRequest{Body: []byte(`{"v":1}`), Sig: make([]byte, 65)}).Marshal()
	atLimit := binary.BigEndian.AppendUint16(nil, MaxRequestBody)
	atLimit = append(append(atLimit, make([]byte, MaxRequestBody)...), make([]byte, 65)...)
	if _, err := ParseSignedRequest(atLimit); err != nil {
		t.Fatalf("a body of exactly MaxRequestBody bytes was refused: %v", err)
	}
	tests := []struct {
		name string
		in   []byte
		is   error
		msg  string
	}{
		{"empty", nil, ErrMalformed, "0 bytes is too short"},
		{"truncated length", []byte{0}, ErrMalformed, "1 bytes is too short"},
		{"body over the limit", binary.BigEndian.AppendUint16(nil, MaxRequestBody+1), ErrTooLarge, "exceeds the 8064-byte limit"},
		{"huge length", []byte{0xff, 0xff}, ErrTooLarge, "body of 65535 bytes exceeds"},
		{"length only", []byte{0, 0}, ErrMalformed, "2 bytes does not hold a 0-byte body"},
		{"truncated body", good[:6], ErrMalformed, "does not hold a 7-byte body"},
		{"short signature", good[:len(good)-1], ErrMalformed, "does not hold a 7-byte body and a 65-byte signature"},
		{"trailing", append(bytes.Clone(good), 0), ErrMalformed, "75 bytes does not hold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSignedRequest(tt.in)
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("ParseSignedRequest = %v, want %v containing %q", err, tt.is, tt.msg)
			}
		})
	}
}

func FuzzParseSignedRequest(f *testing.F) {
	s, _ := signedBody(f, nil)
	f.Add(s.Marshal())
	f.Add([]byte{0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseSignedRequest(b)
		if err != nil {
			return
		}
		if !bytes.Equal(r.Marshal(), b) {
			t.Fatal("not canonical")
		}
		r.Verify(7, testContract)
	})
}

func FuzzDecodeRequestBody(f *testing.F) {
	s, _ := signedBody(f, nil)
	f.Add(s.Body)
	f.Add([]byte(`{"v":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		body, err := DecodeRequestBody(b)
		if err != nil {
			return
		}
		if body.Version != RequestVersion || len(body.ReplyKey) != 32 {
			t.Fatalf("accepted an invalid body: %+v", body)
		}
		// One body, one encoding: what decodes encodes back to the same
		// bytes (given the network whose tag it carries).
		_, tag, _ := decodeRequestBody(b)
		if !bytes.Equal(b[2:6], tag[:]) {
			t.Fatal("tag not where the format puts it")
		}
	})
}

func FuzzOpenRequest(f *testing.F) {
	k, _ := GenerateKey()
	s, _ := signedBody(f, nil)
	sealed, _ := SealRequest(k.PublicKey().Bytes(), 7, testContract, s)
	f.Add(sealed)
	f.Fuzz(func(t *testing.T, b []byte) {
		OpenRequest(k, 7, testContract, b)
	})
}

// TestRepliesBoundToRequest: a client seals all of a key's requests to one
// reply key (client/replykey.go), so what keeps one request's answer,
// outcome or refusal from passing for another's is the label and request
// id bound into each seal. A host that swaps them gets ErrSealed.
func TestRepliesBoundToRequest(t *testing.T) {
	k, _ := GenerateKey()
	pub := k.PublicKey().Bytes()
	id1, id2 := common.Hash{1}, common.Hash{2}
	seals := map[string]func([]byte, common.Hash, []byte) ([]byte, error){
		"answer": SealAnswer, "outcome": SealOutcome, "refusal": SealRefusal,
	}
	opens := map[string]func(hpke.PrivateKey, common.Hash, []byte) ([]byte, error){
		"answer": OpenAnswer, "outcome": OpenOutcome, "refusal": OpenRefusal,
	}
	for sealName, seal := range seals {
		sealed, err := seal(pub, id1, []byte(`{"ok":true}`))
		if err != nil {
			t.Fatal(err)
		}
		for openName, open := range opens {
			for _, id := range []common.Hash{id1, id2} {
				_, err := open(k, id, sealed)
				want := sealName == openName && id == id1
				if (err == nil) != want || (err != nil && !errors.Is(err, ErrSealed)) {
					t.Errorf("%s for request 1 opened as %s for request %x: err %v, want success %v", sealName, openName, id[0], err, want)
				}
			}
		}
	}
}
