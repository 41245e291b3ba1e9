package attest

import (
	"bytes"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
)

// Envelope carries evidence of any kind together with the certificates a
// verifier needs that the evidence does not embed itself (for SEV-SNP the
// VCEK, ASK and ARK; DCAP quotes and Nitro documents embed their chains).
// It is what enclaves publish on the ledger and what Platform.Evidence
// returns, so that anyone can re-verify it offline.
//
// Encoding (all integers big-endian):
//
//	"ANVEV1" | u8 len(kind) | kind | u32 len(evidence) | evidence |
//	u8 count(certs) | count × (u32 len(cert) | cert DER)
//
// A fixed binary layout rather than JSON keeps the on-chain bytes small and
// the decoder strict: one encoding per value, no trailing data.
type Envelope struct {
	Kind     Kind
	Evidence []byte
	Certs    [][]byte
}

var envelopeMagic = []byte("ANVEV1")

// Limits reject absurd inputs before allocating; the largest real evidence
// (a DCAP quote with its PEM chain) is under 8 KiB.
const (
	maxEnvelopeEvidence = 1 << 20
	maxEnvelopeCert     = 64 << 10
	maxEnvelopeCerts    = 8
)

// IsEnvelope reports whether b starts like an encoded Envelope.
func IsEnvelope(b []byte) bool { return bytes.HasPrefix(b, envelopeMagic) }

// Marshal encodes e.
func (e Envelope) Marshal() ([]byte, error) {
	if len(e.Kind) == 0 || len(e.Kind) > 255 {
		return nil, fmt.Errorf("%w: envelope kind length %d", ErrFormat, len(e.Kind))
	}
	if len(e.Evidence) > maxEnvelopeEvidence {
		return nil, fmt.Errorf("%w: envelope evidence of %d bytes exceeds %d", ErrFormat, len(e.Evidence), maxEnvelopeEvidence)
	}
	if len(e.Certs) > maxEnvelopeCerts {
		return nil, fmt.Errorf("%w: envelope holds %d certificates, at most %d", ErrFormat, len(e.Certs), maxEnvelopeCerts)
	}
	for i, c := range e.Certs {
		if len(c) > maxEnvelopeCert {
			return nil, fmt.Errorf("%w: envelope certificate %d of %d bytes exceeds %d", ErrFormat, i, len(c), maxEnvelopeCert)
		}
	}
	// The limits above keep every length inside its prefix, so the builder
	// cannot fail.
	var b cryptobyte.Builder
	b.AddBytes(envelopeMagic)
	b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes([]byte(e.Kind)) })
	b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(e.Evidence) })
	b.AddUint8(uint8(len(e.Certs)))
	for _, c := range e.Certs {
		b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(c) })
	}
	return b.Bytes()
}

// ParseEnvelope decodes b strictly: wrong magic, truncated fields, oversized
// fields and trailing bytes are errors.
//
// Each length is read on its own and checked against its limit before the
// field is read, so an oversized length is reported as oversized even when
// the input is also short, and every error names the field it stopped at.
func ParseEnvelope(b []byte) (*Envelope, error) {
	in := cryptobyte.String(b)
	var magic []byte
	if !in.ReadBytes(&magic, len(envelopeMagic)) || !bytes.Equal(magic, envelopeMagic) {
		return nil, fmt.Errorf("%w: envelope magic missing", ErrFormat)
	}
	var kl uint8
	if !in.ReadUint8(&kl) {
		return nil, envelopeTruncated("kind length")
	}
	var kind []byte
	if !in.ReadBytes(&kind, int(kl)) {
		return nil, envelopeTruncated("kind")
	}
	if kl == 0 {
		return nil, fmt.Errorf("%w: envelope kind is empty", ErrFormat)
	}
	var el uint32
	if !in.ReadUint32(&el) {
		return nil, envelopeTruncated("evidence length")
	}
	if el > maxEnvelopeEvidence {
		return nil, fmt.Errorf("%w: envelope evidence of %d bytes exceeds %d", ErrFormat, el, maxEnvelopeEvidence)
	}
	var ev []byte
	if !in.ReadBytes(&ev, int(el)) {
		return nil, envelopeTruncated("evidence")
	}
	var n uint8
	if !in.ReadUint8(&n) {
		return nil, envelopeTruncated("certificate count")
	}
	if n > maxEnvelopeCerts {
		return nil, fmt.Errorf("%w: envelope holds %d certificates, at most %d", ErrFormat, n, maxEnvelopeCerts)
	}
	// Fields alias b; the envelope keeps copies so the caller may reuse b.
	env := &Envelope{Kind: Kind(kind), Evidence: bytes.Clone(ev)}
	for i := range int(n) {
		var cl uint32
		if !in.ReadUint32(&cl) {
			return nil, envelopeTruncated("certificate length")
		}
		if cl > maxEnvelopeCert {
			return nil, fmt.Errorf("%w: envelope certificate %d of %d bytes exceeds %d", ErrFormat, i, cl, maxEnvelopeCert)
		}
		var c []byte
		if !in.ReadBytes(&c, int(cl)) {
			return nil, envelopeTruncated("certificate")
		}
		env.Certs = append(env.Certs, bytes.Clone(c))
	}
	if !in.Empty() {
		return nil, fmt.Errorf("%w: %d trailing bytes after envelope", ErrFormat, len(in))
	}
	return env, nil
}

func envelopeTruncated(field string) error {
	return fmt.Errorf("%w: envelope truncated in %s", ErrFormat, field)
}
