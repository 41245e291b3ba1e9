package attest

import (
	"bytes"
	"encoding/binary"
	"fmt"
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
	out := append([]byte{}, envelopeMagic...)
	out = append(out, byte(len(e.Kind)))
	out = append(out, e.Kind...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(e.Evidence)))
	out = append(out, e.Evidence...)
	out = append(out, byte(len(e.Certs)))
	for i, c := range e.Certs {
		if len(c) > maxEnvelopeCert {
			return nil, fmt.Errorf("%w: envelope certificate %d of %d bytes exceeds %d", ErrFormat, i, len(c), maxEnvelopeCert)
		}
		out = binary.BigEndian.AppendUint32(out, uint32(len(c)))
		out = append(out, c...)
	}
	return out, nil
}

// ParseEnvelope decodes b strictly: wrong magic, truncated fields, oversized
// fields and trailing bytes are errors.
func ParseEnvelope(b []byte) (*Envelope, error) {
	if !IsEnvelope(b) {
		return nil, fmt.Errorf("%w: envelope magic missing", ErrFormat)
	}
	r := envReader{b: b[len(envelopeMagic):]}
	kl, err := r.u8("kind length")
	if err != nil {
		return nil, err
	}
	kind, err := r.bytes(int(kl), "kind")
	if err != nil {
		return nil, err
	}
	if kl == 0 {
		return nil, fmt.Errorf("%w: envelope kind is empty", ErrFormat)
	}
	el, err := r.u32("evidence length")
	if err != nil {
		return nil, err
	}
	if el > maxEnvelopeEvidence {
		return nil, fmt.Errorf("%w: envelope evidence of %d bytes exceeds %d", ErrFormat, el, maxEnvelopeEvidence)
	}
	ev, err := r.bytes(int(el), "evidence")
	if err != nil {
		return nil, err
	}
	n, err := r.u8("certificate count")
	if err != nil {
		return nil, err
	}
	if n > maxEnvelopeCerts {
		return nil, fmt.Errorf("%w: envelope holds %d certificates, at most %d", ErrFormat, n, maxEnvelopeCerts)
	}
	env := &Envelope{Kind: Kind(kind), Evidence: ev}
	for i := 0; i < int(n); i++ {
		cl, err := r.u32("certificate length")
		if err != nil {
			return nil, err
		}
		if cl > maxEnvelopeCert {
			return nil, fmt.Errorf("%w: envelope certificate %d of %d bytes exceeds %d", ErrFormat, i, cl, maxEnvelopeCert)
		}
		c, err := r.bytes(int(cl), "certificate")
		if err != nil {
			return nil, err
		}
		env.Certs = append(env.Certs, c)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes after envelope", ErrFormat, len(r.b))
	}
	return env, nil
}

type envReader struct{ b []byte }

func (r *envReader) bytes(n int, what string) ([]byte, error) {
	if n > len(r.b) {
		return nil, fmt.Errorf("%w: envelope truncated in %s", ErrFormat, what)
	}
	out := bytes.Clone(r.b[:n])
	r.b = r.b[n:]
	return out, nil
}

func (r *envReader) u8(what string) (uint8, error) {
	p, err := r.bytes(1, what)
	if err != nil {
		return 0, err
	}
	return p[0], nil
}

func (r *envReader) u32(what string) (uint32, error) {
	p, err := r.bytes(4, what)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(p), nil
}
