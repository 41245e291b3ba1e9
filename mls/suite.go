package mls

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/hpke"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"hash"

	"golang.org/x/crypto/chacha20poly1305"
)

// CipherSuite is an MLS cipher suite code point (RFC 9420 §17.1).
type CipherSuite uint16

// The cipher suites of RFC 9420 §17.1. Suite 1 is the project default.
const (
	MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519        CipherSuite = 1
	MLS_128_DHKEMP256_AES128GCM_SHA256_P256             CipherSuite = 2
	MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519 CipherSuite = 3
	MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448            CipherSuite = 4
	MLS_256_DHKEMP521_AES256GCM_SHA512_P521             CipherSuite = 5
	MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448     CipherSuite = 6
	MLS_256_DHKEMP384_AES256GCM_SHA384_P384             CipherSuite = 7
)

// ErrUnsupportedCipherSuite is returned for any code point not in
// SupportedCipherSuites.
var ErrUnsupportedCipherSuite = errors.New("mls: unsupported cipher suite")

// SupportedCipherSuites lists the suites this package implements.
func SupportedCipherSuites() []CipherSuite {
	return []CipherSuite{1, 2, 3, 4, 5, 6, 7}
}

func (cs CipherSuite) String() string {
	switch cs {
	case 1:
		return "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"
	case 2:
		return "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
	case 3:
		return "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519"
	case 4:
		return "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448"
	case 5:
		return "MLS_256_DHKEMP521_AES256GCM_SHA512_P521"
	case 6:
		return "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448"
	case 7:
		return "MLS_256_DHKEMP384_AES256GCM_SHA384_P384"
	}
	return fmt.Sprintf("CipherSuite(0x%04x)", uint16(cs))
}

// suite bundles the primitives of one cipher suite. Values are immutable
// and built per call by suiteFor; no package-level mutable state.
type suite struct {
	id      CipherSuite
	newHash func() hash.Hash
	nh      int // KDF.Nh and the hash output size
	nk, nn  int // AEAD key and nonce sizes
	newAEAD func(key []byte) (cipher.AEAD, error)
	kem     kemScheme
	sig     signatureScheme
}

func suiteFor(cs CipherSuite) (*suite, error) {
	s := &suite{id: cs}
	switch cs {
	case 1, 2, 3:
		s.newHash, s.nh = sha256.New, 32
	case 4, 5, 6:
		s.newHash, s.nh = sha512.New, 64
	case 7:
		s.newHash, s.nh = sha512.New384, 48
	default:
		return nil, ErrUnsupportedCipherSuite
	}
	switch cs {
	case 1, 2:
		s.nk, s.nn, s.newAEAD = 16, 12, newGCM
	case 4, 5, 7:
		s.nk, s.nn, s.newAEAD = 32, 12, newGCM
	case 3, 6:
		s.nk, s.nn, s.newAEAD = 32, 12, chacha20poly1305.New
	}
	switch cs {
	case 1:
		s.kem = newStdKEM(ecdh.X25519(), hpke.HKDFSHA256(), hpke.AES128GCM())
		s.sig = ed25519Scheme{}
	case 2:
		s.kem = newStdKEM(ecdh.P256(), hpke.HKDFSHA256(), hpke.AES128GCM())
		s.sig = ecdsaScheme{elliptic.P256(), crypto.SHA256}
	case 3:
		s.kem = newStdKEM(ecdh.X25519(), hpke.HKDFSHA256(), hpke.ChaCha20Poly1305())
		s.sig = ed25519Scheme{}
	case 4:
		s.kem = newX448KEM(false)
		s.sig = ed448Scheme{}
	case 5:
		s.kem = newStdKEM(ecdh.P521(), hpke.HKDFSHA512(), hpke.AES256GCM())
		s.sig = ecdsaScheme{elliptic.P521(), crypto.SHA512}
	case 6:
		s.kem = newX448KEM(true)
		s.sig = ed448Scheme{}
	case 7:
		s.kem = newStdKEM(ecdh.P384(), hpke.HKDFSHA384(), hpke.AES256GCM())
		s.sig = ecdsaScheme{elliptic.P384(), crypto.SHA384}
	}
	return s, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

func (s *suite) hash(data []byte) []byte {
	h := s.newHash()
	h.Write(data)
	return h.Sum(nil)
}

func (s *suite) mac(key, data []byte) []byte {
	m := hmac.New(s.newHash, key)
	m.Write(data)
	return m.Sum(nil)
}

func (s *suite) extract(salt, ikm []byte) []byte {
	if ikm == nil {
		ikm = []byte{}
	}
	prk, err := hkdf.Extract(s.newHash, ikm, salt)
	if err != nil {
		panic("mls: HKDF-Extract failed: " + err.Error())
	}
	return prk
}

func (s *suite) zero() []byte { return make([]byte, s.nh) }

// expandWithLabel is ExpandWithLabel of RFC 9420 §8.
func (s *suite) expandWithLabel(secret []byte, label string, context []byte, length int) []byte {
	var w builder
	w.u16(uint16(length))
	w.opaque([]byte("MLS 1.0 " + label))
	w.opaque(context)
	out, err := hkdf.Expand(s.newHash, secret, string(w.b), length)
	if err != nil {
		// Only lengths above 255*Nh fail; every caller asks for Nh, Nk or Nn
		// or an exporter length bounded by Exporter.
		panic("mls: HKDF-Expand failed: " + err.Error())
	}
	return out
}

func (s *suite) deriveSecret(secret []byte, label string) []byte {
	return s.expandWithLabel(secret, label, nil, s.nh)
}

func (s *suite) deriveTreeSecret(secret []byte, label string, generation uint32, length int) []byte {
	var ctx [4]byte
	ctx[0], ctx[1], ctx[2], ctx[3] = byte(generation>>24), byte(generation>>16), byte(generation>>8), byte(generation)
	return s.expandWithLabel(secret, label, ctx[:], length)
}

// refHash is RefHash of RFC 9420 §5.2; label is used verbatim.
func (s *suite) refHash(label string, value []byte) []byte {
	var w builder
	w.opaque([]byte(label))
	w.opaque(value)
	return s.hash(w.b)
}

func labeledContent(label string, content []byte) []byte {
	var w builder
	w.opaque([]byte("MLS 1.0 " + label))
	w.opaque(content)
	return w.b
}

func (s *suite) signWithLabel(priv []byte, label string, content []byte) ([]byte, error) {
	return s.sig.sign(priv, labeledContent(label, content))
}

func (s *suite) verifyWithLabel(pub []byte, label string, content, signature []byte) bool {
	return s.sig.verify(pub, labeledContent(label, content), signature)
}

// encryptWithLabel is EncryptWithLabel of RFC 9420 §5.1.3: HPKE base mode
// with the labeled context as info and empty AAD.
func (s *suite) encryptWithLabel(pub []byte, label string, context, plaintext []byte) (kemOutput, ciphertext []byte, err error) {
	return s.kem.seal(pub, labeledContent(label, context), plaintext)
}

func (s *suite) decryptWithLabel(priv []byte, label string, context, kemOutput, ciphertext []byte) ([]byte, error) {
	return s.kem.open(priv, kemOutput, labeledContent(label, context), ciphertext)
}

// kemScheme is the HPKE instantiation of a suite. Keys travel as their
// RFC 9180 serializations, the form the ratchet tree and vectors carry.
type kemScheme interface {
	generate() (priv, pub []byte, err error)
	derive(ikm []byte) (priv, pub []byte, err error)
	publicKey(priv []byte) ([]byte, error)
	checkPublic(pub []byte) error
	seal(pub, info, plaintext []byte) (enc, ct []byte, err error)
	open(priv, enc, info, ct []byte) ([]byte, error)
	// exportSend and exportReceive run an HPKE base-mode setup only to use
	// its exporter, as external commits do (§8.3).
	exportSend(pub []byte, exporterContext string, length int) (enc, secret []byte, err error)
	exportReceive(priv, enc []byte, exporterContext string, length int) ([]byte, error)
}

type stdKEM struct {
	// scalarLen is the private scalar size of a NIST curve, 0 for X25519.
	scalarLen int
	kem       hpke.KEM
	kdf       hpke.KDF
	aead      hpke.AEAD
}

func newStdKEM(c ecdh.Curve, kdf hpke.KDF, aead hpke.AEAD) stdKEM {
	k := stdKEM{kem: hpke.DHKEM(c), kdf: kdf, aead: aead}
	switch c {
	case ecdh.P256():
		k.scalarLen = 32
	case ecdh.P384():
		k.scalarLen = 48
	case ecdh.P521():
		k.scalarLen = 66
	}
	return k
}

// newPrivateKey accepts NIST scalars with leading zero bytes dropped, as
// some encoders (and the P-521 interop vectors) produce them.
func (k stdKEM) newPrivateKey(priv []byte) (hpke.PrivateKey, error) {
	if len(priv) < k.scalarLen {
		priv = append(make([]byte, k.scalarLen-len(priv)), priv...)
	}
	return k.kem.NewPrivateKey(priv)
}

func (k stdKEM) pair(sk hpke.PrivateKey) (priv, pub []byte, err error) {
	priv, err = sk.Bytes()
	if err != nil {
		return nil, nil, err
	}
	return priv, sk.PublicKey().Bytes(), nil
}

func (k stdKEM) generate() ([]byte, []byte, error) {
	sk, err := k.kem.GenerateKey()
	if err != nil {
		return nil, nil, err
	}
	return k.pair(sk)
}

// derive uses crypto/hpke's DeriveKeyPair, which implements RFC 9180
// §7.1.3 (including the rejection sampling the NIST curves need).
func (k stdKEM) derive(ikm []byte) ([]byte, []byte, error) {
	sk, err := k.kem.DeriveKeyPair(ikm)
	if err != nil {
		return nil, nil, err
	}
	return k.pair(sk)
}

func (k stdKEM) publicKey(priv []byte) ([]byte, error) {
	sk, err := k.newPrivateKey(priv)
	if err != nil {
		return nil, err
	}
	return sk.PublicKey().Bytes(), nil
}

func (k stdKEM) checkPublic(pub []byte) error {
	_, err := k.kem.NewPublicKey(pub)
	return err
}

func (k stdKEM) seal(pub, info, plaintext []byte) ([]byte, []byte, error) {
	pk, err := k.kem.NewPublicKey(pub)
	if err != nil {
		return nil, nil, err
	}
	enc, sender, err := hpke.NewSender(pk, k.kdf, k.aead, info)
	if err != nil {
		return nil, nil, err
	}
	ct, err := sender.Seal(nil, plaintext)
	return enc, ct, err
}

func (k stdKEM) open(priv, enc, info, ct []byte) ([]byte, error) {
	sk, err := k.newPrivateKey(priv)
	if err != nil {
		return nil, err
	}
	r, err := hpke.NewRecipient(enc, sk, k.kdf, k.aead, info)
	if err != nil {
		return nil, err
	}
	return r.Open(nil, ct)
}

func (k stdKEM) exportSend(pub []byte, exporterContext string, length int) ([]byte, []byte, error) {
	pk, err := k.kem.NewPublicKey(pub)
	if err != nil {
		return nil, nil, err
	}
	enc, sender, err := hpke.NewSender(pk, k.kdf, k.aead, nil)
	if err != nil {
		return nil, nil, err
	}
	secret, err := sender.Export(exporterContext, length)
	return enc, secret, err
}

func (k stdKEM) exportReceive(priv, enc []byte, exporterContext string, length int) ([]byte, error) {
	sk, err := k.newPrivateKey(priv)
	if err != nil {
		return nil, err
	}
	r, err := hpke.NewRecipient(enc, sk, k.kdf, k.aead, nil)
	if err != nil {
		return nil, err
	}
	return r.Export(exporterContext, length)
}

// signatureScheme signs raw messages; the labeled framing is added above.
type signatureScheme interface {
	generate() (priv, pub []byte, err error)
	publicKey(priv []byte) ([]byte, error)
	sign(priv, msg []byte) ([]byte, error)
	verify(pub, msg, sig []byte) bool
}

// ed25519Scheme keeps private keys as the 32-byte seed (RFC 8032), the
// form the interop vectors use.
type ed25519Scheme struct{}

func (ed25519Scheme) generate() ([]byte, []byte, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	return priv.Seed(), pub, nil
}

func (ed25519Scheme) publicKey(priv []byte) ([]byte, error) {
	if len(priv) != ed25519.SeedSize {
		return nil, errors.New("mls: invalid Ed25519 private key length")
	}
	return ed25519.NewKeyFromSeed(priv).Public().(ed25519.PublicKey), nil
}

func (ed25519Scheme) sign(priv, msg []byte) ([]byte, error) {
	if len(priv) != ed25519.SeedSize {
		return nil, errors.New("mls: invalid Ed25519 private key length")
	}
	return ed25519.Sign(ed25519.NewKeyFromSeed(priv), msg), nil
}

func (ed25519Scheme) verify(pub, msg, sig []byte) bool {
	return len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, msg, sig)
}

// ecdsaScheme keeps private keys as big-endian scalars and public keys as
// uncompressed points; signatures are DER (RFC 9420 §5.1.2).
type ecdsaScheme struct {
	curve elliptic.Curve
	hash  crypto.Hash
}

func (e ecdsaScheme) generate() ([]byte, []byte, error) {
	k, err := ecdsa.GenerateKey(e.curve, rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	priv, err := k.Bytes()
	if err != nil {
		return nil, nil, err
	}
	pub, err := k.PublicKey.Bytes()
	return priv, pub, err
}

// parsePriv accepts scalars shorter than the field size: some encoders
// (and the P-521 interop vectors) drop leading zero bytes.
func (e ecdsaScheme) parsePriv(priv []byte) (*ecdsa.PrivateKey, error) {
	size := (e.curve.Params().BitSize + 7) / 8
	if len(priv) < size {
		priv = append(make([]byte, size-len(priv)), priv...)
	}
	return ecdsa.ParseRawPrivateKey(e.curve, priv)
}

func (e ecdsaScheme) publicKey(priv []byte) ([]byte, error) {
	k, err := e.parsePriv(priv)
	if err != nil {
		return nil, err
	}
	return k.PublicKey.Bytes()
}

func (e ecdsaScheme) digest(msg []byte) []byte {
	h := e.hash.New()
	h.Write(msg)
	return h.Sum(nil)
}

func (e ecdsaScheme) sign(priv, msg []byte) ([]byte, error) {
	k, err := e.parsePriv(priv)
	if err != nil {
		return nil, err
	}
	return ecdsa.SignASN1(rand.Reader, k, e.digest(msg))
}

func (e ecdsaScheme) verify(pub, msg, sig []byte) bool {
	k, err := ecdsa.ParseUncompressedPublicKey(e.curve, pub)
	if err != nil {
		return false
	}
	return ecdsa.VerifyASN1(k, e.digest(msg), sig)
}
