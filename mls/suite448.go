package mls

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha512"
	"errors"

	circlhpke "github.com/cloudflare/circl/hpke"
	"github.com/cloudflare/circl/sign/ed448"
)

// X448 and Ed448 (suites 4 and 6) are not in the standard library; they
// come from circl, which the project already depends on.

type x448KEM struct {
	suite circlhpke.Suite
}

func newX448KEM(chacha bool) x448KEM {
	aead := circlhpke.AEAD_AES256GCM
	if chacha {
		aead = circlhpke.AEAD_ChaCha20Poly1305
	}
	return x448KEM{circlhpke.NewSuite(circlhpke.KEM_X448_HKDF_SHA512, circlhpke.KDF_HKDF_SHA512, aead)}
}

const x448KeySize = 56

func (k x448KEM) generate() ([]byte, []byte, error) {
	pk, sk, err := circlhpke.KEM_X448_HKDF_SHA512.Scheme().GenerateKeyPair()
	if err != nil {
		return nil, nil, err
	}
	priv, err := sk.MarshalBinary()
	if err != nil {
		return nil, nil, err
	}
	pub, err := pk.MarshalBinary()
	return priv, pub, err
}

// derive implements DeriveKeyPair of RFC 9180 §7.1.3 for X448 with
// crypto/hkdf, because circl's DeriveKeyPair panics unless the input is
// exactly 56 bytes while MLS feeds it Nh = 64 byte secrets. For X25519 and
// X448 the derivation is a single labeled extract and expand, with no
// rejection sampling.
func (k x448KEM) derive(ikm []byte) ([]byte, []byte, error) {
	suiteID := []byte{'K', 'E', 'M', 0x00, 0x21}
	labeled := func(label string, b []byte) []byte {
		out := append([]byte("HPKE-v1"), suiteID...)
		out = append(out, label...)
		return append(out, b...)
	}
	prk, err := hkdf.Extract(sha512.New, labeled("dkp_prk", ikm), nil)
	if err != nil {
		return nil, nil, err
	}
	info := append([]byte{0, x448KeySize}, labeled("sk", nil)...)
	priv, err := hkdf.Expand(sha512.New, prk, string(info), x448KeySize)
	if err != nil {
		return nil, nil, err
	}
	pub, err := k.publicKey(priv)
	return priv, pub, err
}

func (k x448KEM) publicKey(priv []byte) ([]byte, error) {
	sk, err := circlhpke.KEM_X448_HKDF_SHA512.Scheme().UnmarshalBinaryPrivateKey(priv)
	if err != nil {
		return nil, err
	}
	return sk.Public().MarshalBinary()
}

func (k x448KEM) checkPublic(pub []byte) error {
	_, err := circlhpke.KEM_X448_HKDF_SHA512.Scheme().UnmarshalBinaryPublicKey(pub)
	return err
}

func (k x448KEM) seal(pub, info, plaintext []byte) ([]byte, []byte, error) {
	pk, err := circlhpke.KEM_X448_HKDF_SHA512.Scheme().UnmarshalBinaryPublicKey(pub)
	if err != nil {
		return nil, nil, err
	}
	snd, err := k.suite.NewSender(pk, info)
	if err != nil {
		return nil, nil, err
	}
	enc, sealer, err := snd.Setup(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	ct, err := sealer.Seal(plaintext, nil)
	return enc, ct, err
}

func (k x448KEM) open(priv, enc, info, ct []byte) ([]byte, error) {
	sk, err := circlhpke.KEM_X448_HKDF_SHA512.Scheme().UnmarshalBinaryPrivateKey(priv)
	if err != nil {
		return nil, err
	}
	rcv, err := k.suite.NewReceiver(sk, info)
	if err != nil {
		return nil, err
	}
	opener, err := rcv.Setup(enc)
	if err != nil {
		return nil, err
	}
	return opener.Open(ct, nil)
}

func (k x448KEM) exportSend(pub []byte, exporterContext string, length int) ([]byte, []byte, error) {
	pk, err := circlhpke.KEM_X448_HKDF_SHA512.Scheme().UnmarshalBinaryPublicKey(pub)
	if err != nil {
		return nil, nil, err
	}
	snd, err := k.suite.NewSender(pk, nil)
	if err != nil {
		return nil, nil, err
	}
	enc, sealer, err := snd.Setup(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	return enc, sealer.Export([]byte(exporterContext), uint(length)), nil
}

func (k x448KEM) exportReceive(priv, enc []byte, exporterContext string, length int) ([]byte, error) {
	sk, err := circlhpke.KEM_X448_HKDF_SHA512.Scheme().UnmarshalBinaryPrivateKey(priv)
	if err != nil {
		return nil, err
	}
	rcv, err := k.suite.NewReceiver(sk, nil)
	if err != nil {
		return nil, err
	}
	opener, err := rcv.Setup(enc)
	if err != nil {
		return nil, err
	}
	return opener.Export([]byte(exporterContext), uint(length)), nil
}

// ed448Scheme keeps private keys as the 57-byte seed and signs in pure
// Ed448 mode with an empty context, as RFC 9420 requires.
type ed448Scheme struct{}

func (ed448Scheme) generate() ([]byte, []byte, error) {
	pub, priv, err := ed448.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	return priv.Seed(), pub, nil
}

func (ed448Scheme) publicKey(priv []byte) ([]byte, error) {
	if len(priv) != ed448.SeedSize {
		return nil, errors.New("mls: invalid Ed448 private key length")
	}
	return ed448.NewKeyFromSeed(priv).Public().(ed448.PublicKey), nil
}

func (ed448Scheme) sign(priv, msg []byte) ([]byte, error) {
	if len(priv) != ed448.SeedSize {
		return nil, errors.New("mls: invalid Ed448 private key length")
	}
	return ed448.Sign(ed448.NewKeyFromSeed(priv), msg, ""), nil
}

func (ed448Scheme) verify(pub, msg, sig []byte) bool {
	return len(pub) == ed448.PublicKeySize && ed448.Verify(pub, msg, sig, "")
}
