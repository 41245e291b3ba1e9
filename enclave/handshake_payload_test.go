package enclave

import (
	"bytes"
	"testing"
)

func TestHandshakePayload(t *testing.T) {
	// Golden bytes: the layout is read by every member and is on the ledger.
	enc := encodeHandshake([]byte{0xaa, 0xbb}, []byte{0xcc})
	if want := []byte{0, 0, 0, 2, 0xaa, 0xbb, 0, 0, 0, 1, 0xcc}; !bytes.Equal(enc, want) {
		t.Fatalf("encodeHandshake = %x, want %x", enc, want)
	}
	for _, tc := range []struct {
		name    string
		in      []byte
		wantErr bool
	}{
		{"commit and welcome", enc, false},
		{"empty welcome", encodeHandshake([]byte{1}, nil), false},
		{"empty", nil, true},
		{"short length", []byte{0, 0, 0}, true},
		{"commit overruns", []byte{0, 0, 0, 9, 1}, true},
		{"welcome missing", []byte{0, 0, 0, 1, 1}, true},
		{"trailing byte", append(bytes.Clone(enc), 0), true},
		{"huge length", []byte{0xff, 0xff, 0xff, 0xff, 1, 2}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, w, err := decodeHandshake(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && !bytes.Equal(encodeHandshake(c, w), tc.in) {
				t.Fatalf("decode then encode changed %x", tc.in)
			}
		})
	}
}

func FuzzDecodeHandshake(f *testing.F) {
	f.Add(encodeHandshake([]byte("commit"), []byte("welcome")))
	f.Add([]byte{0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, in []byte) {
		c, w, err := decodeHandshake(in)
		if err == nil && !bytes.Equal(encodeHandshake(c, w), in) {
			t.Fatalf("accepted %x but it does not re-encode to itself", in)
		}
	})
}
