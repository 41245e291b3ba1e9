package mls

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/binary"
	"errors"
)

// Message framing (RFC 9420 §6): signing and verifying FramedContent,
// membership tags on PublicMessage, and the two-layer encryption of
// PrivateMessage (sender data under a key derived from a ciphertext
// sample, content under the sender's secret-tree ratchet).

var (
	// ErrBadSignature reports a FramedContent or GroupInfo signature that
	// does not verify under the sender's signature key.
	ErrBadSignature = errors.New("mls: invalid message signature")
	// ErrBadMembershipTag reports a PublicMessage whose membership tag does
	// not match this epoch's membership key.
	ErrBadMembershipTag = errors.New("mls: invalid membership tag")
	// ErrBadConfirmationTag reports a commit or GroupInfo whose
	// confirmation tag does not match the derived epoch.
	ErrBadConfirmationTag = errors.New("mls: invalid confirmation tag")

	errSenderDataDecrypt = errors.New("mls: cannot decrypt sender data")
	errContentDecrypt    = errors.New("mls: cannot decrypt message content")
	errPadding           = errors.New("mls: non-zero padding in private message")
	errPublicApplication = errors.New("mls: application data must not be sent as a PublicMessage")
)

func signContent(s *suite, ac *authenticatedContent, ctx *groupContext, sigPriv []byte) error {
	sig, err := s.signWithLabel(sigPriv, "FramedContentTBS", ac.tbs(ctx))
	ac.auth.signature = sig
	return err
}

func verifyContent(s *suite, ac *authenticatedContent, ctx *groupContext, sigPub []byte) error {
	if !s.verifyWithLabel(sigPub, "FramedContentTBS", ac.tbs(ctx), ac.auth.signature) {
		return ErrBadSignature
	}
	return nil
}

// membershipTag is MAC(membership_key, AuthenticatedContentTBM).
func membershipTag(s *suite, ac *authenticatedContent, ctx *groupContext, membershipKey []byte) []byte {
	var w builder
	w.raw(ac.tbs(ctx))
	ac.auth.encode(&w, ac.content.contentType)
	return s.mac(membershipKey, w.b)
}

// toPublic wraps signed content as a PublicMessage, adding the membership
// tag for member senders.
func toPublic(s *suite, ac *authenticatedContent, ctx *groupContext, membershipKey []byte) (*publicMessage, error) {
	if ac.content.contentType == contentApplication {
		return nil, errPublicApplication
	}
	m := &publicMessage{content: ac.content, auth: ac.auth}
	if ac.content.sender.senderType == senderMember {
		m.membershipTag = membershipTag(s, ac, ctx, membershipKey)
	}
	return m, nil
}

// fromPublic checks a PublicMessage's membership tag and returns its
// authenticated content; the signature is checked by the caller, who
// knows the sender's key.
func fromPublic(s *suite, m *publicMessage, ctx *groupContext, membershipKey []byte) (*authenticatedContent, error) {
	if m.content.contentType == contentApplication {
		return nil, errPublicApplication
	}
	ac := &authenticatedContent{wireFormat: wirePublicMessage, content: m.content, auth: m.auth}
	if m.content.sender.senderType == senderMember {
		if !hmac.Equal(membershipTag(s, ac, ctx, membershipKey), m.membershipTag) {
			return nil, ErrBadMembershipTag
		}
	}
	return ac, nil
}

func senderDataAAD(groupID []byte, epoch uint64, contentType uint8) []byte {
	var w builder
	w.opaque(groupID)
	w.u64(epoch)
	w.u8(contentType)
	return w.b
}

func contentAAD(m *privateMessage) []byte {
	var w builder
	w.opaque(m.groupID)
	w.u64(m.epoch)
	w.u8(m.contentType)
	w.opaque(m.authenticatedData)
	return w.b
}

func applyReuseGuard(nonce []byte, guard [4]byte) []byte {
	out := clone(nonce)
	for i := range guard {
		out[i] ^= guard[i]
	}
	return out
}

// toPrivate encrypts signed content from a member. padding zero bytes are
// appended to hide the content length.
func toPrivate(s *suite, ac *authenticatedContent, senderDataSecret []byte, st *secretTree, padding int) (*privateMessage, error) {
	fc := &ac.content
	kn, gen, err := st.next(s, fc.sender.index, fc.contentType != contentApplication)
	if err != nil {
		return nil, err
	}
	var guard [4]byte
	if _, err := rand.Read(guard[:]); err != nil {
		return nil, err
	}
	m := &privateMessage{groupID: fc.groupID, epoch: fc.epoch, contentType: fc.contentType, authenticatedData: fc.authenticatedData}
	var pt builder
	fc.encodeBody(&pt)
	ac.auth.encode(&pt, fc.contentType)
	pt.raw(make([]byte, padding))
	aead, err := s.newAEAD(kn.key)
	if err != nil {
		return nil, err
	}
	m.ciphertext = aead.Seal(nil, applyReuseGuard(kn.nonce, guard), pt.b, contentAAD(m))

	var sd builder
	sd.u32(fc.sender.index)
	sd.u32(gen)
	sd.raw(guard[:])
	skn := s.senderDataKeyNonce(senderDataSecret, m.ciphertext)
	sdAEAD, err := s.newAEAD(skn.key)
	if err != nil {
		return nil, err
	}
	m.encryptedSenderData = sdAEAD.Seal(nil, skn.nonce, sd.b, senderDataAAD(m.groupID, m.epoch, m.contentType))
	return m, nil
}

// fromPrivate decrypts a PrivateMessage. The caller checks that the sender
// leaf is a member and verifies the signature.
func fromPrivate(s *suite, m *privateMessage, senderDataSecret []byte, st *secretTree) (*authenticatedContent, error) {
	skn := s.senderDataKeyNonce(senderDataSecret, m.ciphertext)
	sdAEAD, err := s.newAEAD(skn.key)
	if err != nil {
		return nil, err
	}
	sd, err := sdAEAD.Open(nil, skn.nonce, m.encryptedSenderData, senderDataAAD(m.groupID, m.epoch, m.contentType))
	if err != nil || len(sd) != 12 {
		return nil, errSenderDataDecrypt
	}
	leaf, gen := binary.BigEndian.Uint32(sd[0:4]), binary.BigEndian.Uint32(sd[4:8])
	var guard [4]byte
	copy(guard[:], sd[8:12])
	kn, err := st.get(s, leaf, m.contentType != contentApplication, gen)
	if err != nil {
		return nil, err
	}
	aead, err := s.newAEAD(kn.key)
	if err != nil {
		return nil, err
	}
	pt, err := aead.Open(nil, applyReuseGuard(kn.nonce, guard), m.ciphertext, contentAAD(m))
	if err != nil {
		return nil, errContentDecrypt
	}
	ac := &authenticatedContent{wireFormat: wirePrivateMessage, content: framedContent{
		groupID: m.groupID, epoch: m.epoch, sender: sender{senderType: senderMember, index: leaf},
		authenticatedData: m.authenticatedData, contentType: m.contentType,
	}}
	p := parser{b: pt}
	ac.content.decodeBody(&p)
	ac.auth.decode(&p, m.contentType)
	if p.err != nil {
		return nil, p.err
	}
	for _, b := range p.b {
		if b != 0 {
			return nil, errPadding
		}
	}
	return ac, nil
}
