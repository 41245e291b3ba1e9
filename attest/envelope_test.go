package attest

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func TestEnvelopeRoundTrip(t *testing.T) {
	in := Envelope{Kind: KindSNP, Evidence: []byte("report"), Certs: [][]byte{[]byte("vcek"), []byte("ask"), {}}}
	b, err := in.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	out, err := ParseEnvelope(b)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != in.Kind || !bytes.Equal(out.Evidence, in.Evidence) || len(out.Certs) != 3 || !bytes.Equal(out.Certs[1], []byte("ask")) {
		t.Fatalf("round trip changed the envelope: %+v", out)
	}
}

// TestEnvelopeEncoding pins the envelope bytes: enclaves publish them on the
// ledger and anyone re-verifies them later, so the layout cannot move.
func TestEnvelopeEncoding(t *testing.T) {
	in := Envelope{Kind: "kind", Evidence: []byte{0xe1, 0xe2}, Certs: [][]byte{{0xc1}, {}}}
	want := hex.EncodeToString([]byte("ANVEV1")) +
		"04" + hex.EncodeToString([]byte("kind")) +
		"00000002" + "e1e2" +
		"02" + "00000001" + "c1" + "00000000"
	got, err := in.Marshal()
	if err != nil || hex.EncodeToString(got) != want {
		t.Fatalf("Marshal = %x, %v; want %s", got, err, want)
	}
	noCerts, err := Envelope{Kind: "k"}.Marshal()
	if want := hex.EncodeToString([]byte("ANVEV1")) + "016b" + "00000000" + "00"; err != nil || hex.EncodeToString(noCerts) != want {
		t.Fatalf("Marshal = %x, %v; want %s", noCerts, err, want)
	}
}

func TestEnvelopeMarshalRejects(t *testing.T) {
	tests := []struct {
		name string
		in   Envelope
		want string
	}{
		{"empty kind", Envelope{}, "kind length 0"},
		{"long kind", Envelope{Kind: Kind(strings.Repeat("k", 256))}, "kind length 256"},
		{"huge evidence", Envelope{Kind: "k", Evidence: make([]byte, maxEnvelopeEvidence+1)}, "evidence of 1048577 bytes exceeds 1048576"},
		{"too many certs", Envelope{Kind: "k", Certs: make([][]byte, maxEnvelopeCerts+1)}, "holds 9 certificates, at most 8"},
		{"huge cert", Envelope{Kind: "k", Certs: [][]byte{{}, make([]byte, maxEnvelopeCert+1)}}, "certificate 1 of 65537 bytes exceeds 65536"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.in.Marshal()
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Marshal = %v, want ErrFormat containing %q", err, tt.want)
			}
		})
	}
}

func TestEnvelopeRejects(t *testing.T) {
	good, _ := Envelope{Kind: KindSim, Evidence: []byte{1, 2, 3}, Certs: [][]byte{{9}}}.Marshal()
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "magic missing"},
		{"wrong magic", append([]byte("XNVEV1"), good[6:]...), "magic missing"},
		{"truncated kind", good[:8], "truncated in kind"},
		{"truncated evidence", good[:len(good)-8], "truncated in evidence"},
		{"truncated cert", good[:len(good)-1], "truncated in certificate"},
		{"trailing", append(bytes.Clone(good), 0), "trailing bytes"},
		{"empty kind", []byte("ANVEV1\x00\x00\x00\x00\x00\x00"), "kind is empty"},
		{"huge evidence", []byte("ANVEV1\x01s\xff\xff\xff\xff"), "exceeds"},
		{"too many certs", []byte("ANVEV1\x01s\x00\x00\x00\x00\x09"), "at most 8"},
		{"magic only", []byte("ANVEV1"), "truncated in kind length"},
		{"truncated evidence length", []byte("ANVEV1\x01s\x00\x00"), "truncated in evidence length"},
		{"evidence over the limit", []byte("ANVEV1\x01s\x00\x10\x00\x01"), "evidence of 1048577 bytes exceeds 1048576"},
		{"missing cert count", []byte("ANVEV1\x01s\x00\x00\x00\x00"), "truncated in certificate count"},
		{"missing cert length", []byte("ANVEV1\x01s\x00\x00\x00\x00\x01\x00\x00"), "truncated in certificate length"},
		{"cert over the limit", []byte("ANVEV1\x01s\x00\x00\x00\x00\x01\x00\x01\x00\x01"), "certificate 0 of 65537 bytes exceeds 65536"},
		{"second cert truncated", []byte("ANVEV1\x01s\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x02\x01"), "truncated in certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseEnvelope(tt.in)
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseEnvelope = %v, want ErrFormat containing %q", err, tt.want)
			}
		})
	}
}

func FuzzParseEnvelope(f *testing.F) {
	good, _ := Envelope{Kind: KindSim, Evidence: []byte{1, 2, 3}, Certs: [][]byte{{9}}}.Marshal()
	f.Add(good)
	f.Add([]byte("ANVEV1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		env, err := ParseEnvelope(b)
		if err != nil {
			return
		}
		again, err := env.Marshal()
		if err != nil {
			t.Fatalf("parsed envelope does not marshal: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("encoding is not canonical")
		}
	})
}
