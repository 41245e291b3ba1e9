package mls

import (
	"errors"
)

// epochSecrets are the secrets of one epoch derived from epoch_secret
// (RFC 9420 §8). initSecret feeds the next epoch; the others are used in
// this one.
type epochSecrets struct {
	senderData    []byte
	encryption    []byte
	exporter      []byte
	external      []byte
	confirmation  []byte
	membership    []byte
	resumption    []byte
	authenticator []byte
	init          []byte
}

// joinerSecret combines the previous init_secret with the commit secret.
func (s *suite) joinerSecret(initSecret, commitSecret, groupContext []byte) []byte {
	return s.expandWithLabel(s.extract(initSecret, commitSecret), "joiner", groupContext, s.nh)
}

// intermediateSecret injects the PSK secret after the joiner secret, the
// point from which Welcome recipients start.
func (s *suite) intermediateSecret(joinerSecret, pskSecret []byte) []byte {
	return s.extract(joinerSecret, pskSecret)
}

func (s *suite) welcomeSecret(joinerSecret, pskSecret []byte) []byte {
	return s.deriveSecret(s.intermediateSecret(joinerSecret, pskSecret), "welcome")
}

func (s *suite) epochSecrets(joinerSecret, pskSecret, groupContext []byte) epochSecrets {
	epoch := s.expandWithLabel(s.intermediateSecret(joinerSecret, pskSecret), "epoch", groupContext, s.nh)
	return epochSecrets{
		senderData:    s.deriveSecret(epoch, "sender data"),
		encryption:    s.deriveSecret(epoch, "encryption"),
		exporter:      s.deriveSecret(epoch, "exporter"),
		external:      s.deriveSecret(epoch, "external"),
		confirmation:  s.deriveSecret(epoch, "confirm"),
		membership:    s.deriveSecret(epoch, "membership"),
		resumption:    s.deriveSecret(epoch, "resumption"),
		authenticator: s.deriveSecret(epoch, "authentication"),
		init:          s.deriveSecret(epoch, "init"),
	}
}

// welcomeKeyNonce derives the AEAD key and nonce that protect GroupInfo in
// a Welcome (§12.4.3.1).
func (s *suite) welcomeKeyNonce(welcomeSecret []byte) (key, nonce []byte) {
	return s.expandWithLabel(welcomeSecret, "key", nil, s.nk), s.expandWithLabel(welcomeSecret, "nonce", nil, s.nn)
}

// errExporterLength is returned when the requested length exceeds what
// HKDF-Expand can produce.
var errExporterLength = errors.New("mls: exporter length exceeds 255 hash lengths")

// exporter is MLS-Exporter (§8.5).
func (s *suite) exporter(exporterSecret []byte, label string, context []byte, length int) ([]byte, error) {
	if length < 0 || length > 255*s.nh || length > 0xffff {
		return nil, errExporterLength
	}
	return s.expandWithLabel(s.deriveSecret(exporterSecret, label), "exported", s.hash(context), length), nil
}

// pskSecret chains the PSKs of a commit (§8.4). With no PSK it is the
// all-zero string.
func (s *suite) pskSecret(ids []preSharedKeyID, psks [][]byte) []byte {
	secret := s.zero()
	for i := range ids {
		var label builder
		ids[i].encode(&label)
		label.u16(uint16(i))
		label.u16(uint16(len(ids)))
		extracted := s.extract(nil, psks[i])
		input := s.expandWithLabel(extracted, "derived psk", label.b, s.nh)
		secret = s.extract(input, secret)
	}
	return secret
}

// confirmedTranscriptHash folds a commit into the transcript (§8.2):
// Hash(interim || ConfirmedTranscriptHashInput).
func (s *suite) confirmedTranscriptHash(interim []byte, ac *authenticatedContent) []byte {
	var w builder
	w.raw(interim)
	w.u16(ac.wireFormat)
	ac.content.encode(&w)
	w.opaque(ac.auth.signature)
	return s.hash(w.b)
}

// interimTranscriptHash is Hash(confirmed || InterimTranscriptHashInput).
func (s *suite) interimTranscriptHash(confirmed, confirmationTag []byte) []byte {
	var w builder
	w.raw(confirmed)
	w.opaque(confirmationTag)
	return s.hash(w.b)
}
