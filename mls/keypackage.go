package mls

import (
	"bytes"
	"errors"
	"math"
)

// KeyPackages (RFC 9420 §10): how a prospective member advertises the keys
// under which it can be added.

var (
	errKeyPackageVersion   = errors.New("mls: key package protocol version is not MLS 1.0")
	errKeyPackageSuite     = errors.New("mls: key package cipher suite does not match the group")
	errKeyPackageSignature = errors.New("mls: invalid key package signature")
	errKeyPackageSource    = errors.New("mls: key package leaf node source is not key_package")
	errKeyPackageInitKey   = errors.New("mls: key package init key is invalid or equals the encryption key")
	errKeyPackageLeafSig   = errors.New("mls: invalid key package leaf node signature")
	errKeyPackageCaps      = errors.New("mls: key package leaf does not support the group's version or cipher suite")
	errNotKeyPackage       = errors.New("mls: message is not a KeyPackage")
)

// defaultCapabilities advertises what this implementation supports beyond
// the defaults RFC 9420 §7.2 says need not be listed.
func defaultCapabilities(cs CipherSuite) capabilities {
	return capabilities{
		versions:     []uint16{protocolVersionMLS10},
		cipherSuites: []uint16{uint16(cs)},
		extensions:   []uint16{},
		proposals:    []uint16{},
		credentials:  []uint16{credentialBasic},
	}
}

// KeyPackageSecret is a KeyPackage together with the private keys needed
// to join a group from a Welcome that uses it. It holds secrets; seal it.
type KeyPackageSecret struct {
	kp       keyPackage
	initPriv []byte
	encPriv  []byte
	sigPriv  []byte
}

// NewKeyPackage creates a KeyPackage with a basic credential carrying
// identity, signed with signaturePriv (see GenerateSignatureKey), and
// fresh init and leaf encryption keys.
func NewKeyPackage(cs CipherSuite, identity, signaturePriv []byte) (*KeyPackageSecret, error) {
	s, err := suiteFor(cs)
	if err != nil {
		return nil, err
	}
	sigPub, err := s.sig.publicKey(signaturePriv)
	if err != nil {
		return nil, err
	}
	initPriv, initPub, err := s.kem.generate()
	if err != nil {
		return nil, err
	}
	encPriv, encPub, err := s.kem.generate()
	if err != nil {
		return nil, err
	}
	k := &KeyPackageSecret{initPriv: initPriv, encPriv: encPriv, sigPriv: clone(signaturePriv)}
	k.kp = keyPackage{
		version:     protocolVersionMLS10,
		cipherSuite: cs,
		initKey:     initPub,
		leafNode: leafNode{
			encryptionKey: encPub,
			signatureKey:  sigPub,
			credential:    credential{credentialType: credentialBasic, identity: clone(identity)},
			capabilities:  defaultCapabilities(cs),
			source:        sourceKeyPackage,
			// Validity is decided by the ledger's admission policy, not by
			// wall-clock time, which an enclave cannot trust.
			notBefore:  0,
			notAfter:   math.MaxUint64,
			extensions: []extension{},
		},
		extensions: []extension{},
	}
	if err := k.kp.leafNode.sign(s, signaturePriv, nil, 0); err != nil {
		return nil, err
	}
	if k.kp.signature, err = s.signWithLabel(signaturePriv, "KeyPackageTBS", k.kp.tbs()); err != nil {
		return nil, err
	}
	return k, nil
}

// KeyPackage returns the MLSMessage encoding of the KeyPackage, the form a
// member passes to Commit.
func (k *KeyPackageSecret) KeyPackage() []byte {
	return encode(&mlsMessage{version: protocolVersionMLS10, wireFormat: wireKeyPackage, keyPackage: &k.kp})
}

// MarshalBinary encodes the KeyPackage and its private keys.
func (k *KeyPackageSecret) MarshalBinary() ([]byte, error) {
	var w builder
	k.kp.encode(&w)
	w.opaque(k.initPriv)
	w.opaque(k.encPriv)
	w.opaque(k.sigPriv)
	return w.bytes()
}

// UnmarshalBinary decodes what MarshalBinary produced and checks that the
// private keys match the KeyPackage.
func (k *KeyPackageSecret) UnmarshalBinary(b []byte) error {
	var kp KeyPackageSecret
	p := parser{b: clone(b)}
	kp.kp.decode(&p)
	kp.initPriv, kp.encPriv, kp.sigPriv = p.opaque(), p.opaque(), p.opaque()
	if err := p.finish(); err != nil {
		return err
	}
	if err := kp.check(); err != nil {
		return err
	}
	*k = kp
	return nil
}

var errKeyPackagePrivate = errors.New("mls: private key does not match the key package")

func (k *KeyPackageSecret) check() error {
	s, err := suiteFor(k.kp.cipherSuite)
	if err != nil {
		return err
	}
	for _, c := range []struct {
		pub  []byte
		priv func() ([]byte, error)
	}{
		{k.kp.initKey, func() ([]byte, error) { return s.kem.publicKey(k.initPriv) }},
		{k.kp.leafNode.encryptionKey, func() ([]byte, error) { return s.kem.publicKey(k.encPriv) }},
		{k.kp.leafNode.signatureKey, func() ([]byte, error) { return s.sig.publicKey(k.sigPriv) }},
	} {
		pub, err := c.priv()
		if err != nil || !bytes.Equal(pub, c.pub) {
			return errKeyPackagePrivate
		}
	}
	return nil
}

// validateKeyPackage runs the checks of §10.1 for a KeyPackage that is to
// be added to a group using suite s.
func validateKeyPackage(s *suite, kp *keyPackage) error {
	switch {
	case kp.version != protocolVersionMLS10:
		return errKeyPackageVersion
	case kp.cipherSuite != s.id:
		return errKeyPackageSuite
	case kp.leafNode.source != sourceKeyPackage:
		return errKeyPackageSource
	case !s.verifyWithLabel(kp.leafNode.signatureKey, "KeyPackageTBS", kp.tbs(), kp.signature):
		return errKeyPackageSignature
	case !kp.leafNode.verify(s, nil, 0):
		return errKeyPackageLeafSig
	case bytes.Equal(kp.initKey, kp.leafNode.encryptionKey) || s.kem.checkPublic(kp.initKey) != nil:
		return errKeyPackageInitKey
	case !containsU16(kp.leafNode.capabilities.versions, protocolVersionMLS10) ||
		!containsU16(kp.leafNode.capabilities.cipherSuites, uint16(s.id)):
		return errKeyPackageCaps
	}
	return checkLeafBasics(s, &kp.leafNode)
}

// KeyPackageInfo is what a member learns from a validated KeyPackage.
type KeyPackageInfo struct {
	CipherSuite  CipherSuite
	Identity     []byte // basic credential identity
	SignatureKey []byte
	Ref          []byte // KeyPackageRef (§5.2)
}

// ParseKeyPackage decodes an MLSMessage-wrapped KeyPackage, verifies its
// signatures and keys, and returns its identity. The caller still decides
// whether that identity may join (for example by checking its evidence).
func ParseKeyPackage(b []byte) (*KeyPackageInfo, error) {
	var m mlsMessage
	if err := decodeAll(b, &m); err != nil {
		return nil, err
	}
	if m.keyPackage == nil {
		return nil, errNotKeyPackage
	}
	s, err := suiteFor(m.keyPackage.cipherSuite)
	if err != nil {
		return nil, err
	}
	if err := validateKeyPackage(s, m.keyPackage); err != nil {
		return nil, err
	}
	ln := &m.keyPackage.leafNode
	return &KeyPackageInfo{CipherSuite: s.id, Identity: ln.credential.identity, SignatureKey: ln.signatureKey, Ref: m.keyPackage.ref(s)}, nil
}

// GenerateSignatureKey returns a fresh signature key pair for the suite's
// signature scheme, in the encodings RFC 9420 uses (Ed25519/Ed448 seeds,
// ECDSA big-endian scalars and uncompressed points).
func GenerateSignatureKey(cs CipherSuite) (priv, pub []byte, err error) {
	s, err := suiteFor(cs)
	if err != nil {
		return nil, nil, err
	}
	return s.sig.generate()
}
