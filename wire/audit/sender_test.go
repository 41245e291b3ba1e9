package audit

import (
	"bytes"
	"crypto/ecdh"
	"crypto/hpke"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"
)

// rfc9180Vector is an entry of testdata/rfc9180.json (see its README).
type rfc9180Vector struct {
	Mode        uint16 `json:"mode"`
	KEM         uint16 `json:"kem_id"`
	KDF         uint16 `json:"kdf_id"`
	AEAD        uint16 `json:"aead_id"`
	Info        string `json:"info"`
	IkmE        string `json:"ikmE"`
	IkmR        string `json:"ikmR"`
	SkRm        string `json:"skRm"`
	PkRm        string `json:"pkRm"`
	PkEm        string `json:"pkEm"`
	Enc         string `json:"enc"`
	Shared      string `json:"shared_secret"`
	KSContext   string `json:"key_schedule_context"`
	Secret      string `json:"secret"`
	Key         string `json:"key"`
	BaseNonce   string `json:"base_nonce"`
	Encryptions []struct {
		Aad   string `json:"aad"`
		Ct    string `json:"ct"`
		Nonce string `json:"nonce"`
		Pt    string `json:"pt"`
	} `json:"encryptions"`
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSenderRFC9180 checks the deterministic sender against the official
// vector of its suite: given ikmE and pkRm it must reproduce enc, every
// value of the key schedule and the first ciphertext.
func TestSenderRFC9180(t *testing.T) {
	raw, err := os.ReadFile("testdata/rfc9180.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors []rfc9180Vector
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	if len(vectors) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range vectors {
		if v.Mode != 0 || v.KEM != hpkeKEM.ID() || v.KDF != hpkeKDF.ID() || v.AEAD != hpkeAEAD.ID() {
			t.Fatalf("vector for mode %d, suite %#x/%#x/%#x is not of this package's suite", v.Mode, v.KEM, v.KDF, v.AEAD)
		}
		if len(v.Encryptions) == 0 {
			t.Fatal("vector without its first encryption")
		}
		pkR, err := ecdh.X25519().NewPublicKey(unhex(t, v.PkRm))
		if err != nil {
			t.Fatal(err)
		}
		info := unhex(t, v.Info)
		ctx, err := setupBaseS(pkR, unhex(t, v.IkmE), info)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name      string
			got, want []byte
		}{
			{"enc", ctx.enc, unhex(t, v.Enc)},
			{"enc = pkEm", ctx.enc, unhex(t, v.PkEm)},
			{"shared_secret", ctx.sharedSecret, unhex(t, v.Shared)},
			{"key_schedule_context", ctx.ksContext, unhex(t, v.KSContext)},
			{"secret", ctx.secret, unhex(t, v.Secret)},
			{"key", ctx.key, unhex(t, v.Key)},
			{"base_nonce", ctx.baseNonce, unhex(t, v.BaseNonce)},
			{"nonce of sequence 0", ctx.baseNonce, unhex(t, v.Encryptions[0].Nonce)},
		} {
			if !bytes.Equal(c.got, c.want) {
				t.Errorf("%s = %x, want %x", c.name, c.got, c.want)
			}
		}
		e := v.Encryptions[0]
		aad, pt, want := unhex(t, e.Aad), unhex(t, e.Pt), unhex(t, e.Ct)
		ct, err := ctx.seal(aad, pt)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ct, want) {
			t.Errorf("ciphertext of sequence 0 = %x, want %x", ct, want)
		}

		// The standard library agrees with the vector's recipient side,
		// which ties the RFC's values to Go's own copy of the vector.
		skR, err := hpkeKEM.NewPrivateKey(unhex(t, v.SkRm))
		if err != nil {
			t.Fatal(err)
		}
		derived, err := hpkeKEM.DeriveKeyPair(unhex(t, v.IkmR))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(derived.PublicKey().Bytes(), unhex(t, v.PkRm)) {
			t.Error("DeriveKeyPair(ikmR) is not pkRm")
		}
		r, err := hpke.NewRecipient(ctx.enc, skR, hpkeKDF, hpkeAEAD, info)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := r.Open(aad, want); err != nil || !bytes.Equal(got, pt) {
			t.Errorf("crypto/hpke opens the vector's ciphertext to %x, %v; want %x", got, err, pt)
		}
	}
}

// TestSenderAgainstStdlib seals random messages with random keys, ikm,
// info and aad, and opens each with crypto/hpke's recipient.
func TestSenderAgainstStdlib(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	bytesN := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	for i := range 64 {
		k, err := GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		pkR, err := ecdh.X25519().NewPublicKey(k.PublicKey().Bytes())
		if err != nil {
			t.Fatal(err)
		}
		ikm, info, aad, pt := bytesN(32+rng.IntN(64)), bytesN(rng.IntN(80)), bytesN(rng.IntN(40)), bytesN(rng.IntN(700))
		ctx, err := setupBaseS(pkR, ikm, info)
		if err != nil {
			t.Fatal(err)
		}
		eph, _ := hpkeKEM.DeriveKeyPair(ikm)
		if !bytes.Equal(ctx.enc, eph.PublicKey().Bytes()) {
			t.Fatalf("case %d: enc is not DeriveKeyPair(ikm)'s public key", i)
		}
		ct, err := ctx.seal(aad, pt)
		if err != nil {
			t.Fatal(err)
		}
		r, err := hpke.NewRecipient(ctx.enc, k, hpkeKDF, hpkeAEAD, info)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := r.Open(aad, ct); err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("case %d: crypto/hpke does not open the sender's ciphertext: %v", i, err)
		}
	}
}
