package attest

import (
	"bytes"
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
