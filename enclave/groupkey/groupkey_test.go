package groupkey

import (
	"bytes"
	"encoding/hex"
	"maps"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/mls"
)

func testGroup(t testing.TB) *Group {
	t.Helper()
	sig, _, err := mls.GenerateSignatureKey(Suite)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Found(GroupID(7, common.Address{1}), common.Address{2}, sig, 5)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestMarshalEncoding pins the header Marshal writes in front of the MLS
// state; the enclave seals these bytes and must read them back after an
// upgrade. Secrets are fixed here so the bytes are too.
func TestMarshalEncoding(t *testing.T) {
	g := testGroup(t)
	st, err := g.g.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		keepOld bool
		secrets map[uint64][]byte
		want    string
	}{
		{"one secret", false, map[uint64][]byte{5: bytes.Repeat([]byte{0x55}, 32)},
			"0000000000000005" + "00" + "00000001" + "0000000000000005" + strings.Repeat("55", 32)},
		{"no secrets, keeping old", true, map[uint64][]byte{},
			"0000000000000005" + "01" + "00000000"},
		{"secrets in epoch order", true, map[uint64][]byte{5: bytes.Repeat([]byte{0x55}, 32), 3: bytes.Repeat([]byte{0x33}, 32), 4: bytes.Repeat([]byte{0x44}, 32)},
			"0000000000000005" + "01" + "00000003" +
				"0000000000000003" + strings.Repeat("33", 32) +
				"0000000000000004" + strings.Repeat("44", 32) +
				"0000000000000005" + strings.Repeat("55", 32)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g.keepOld, g.secrets = tt.keepOld, maps.Clone(tt.secrets)
			out, err := g.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasSuffix(out, st) {
				t.Fatal("Marshal does not end with the MLS state")
			}
			if got := hex.EncodeToString(out[:len(out)-len(st)]); got != tt.want {
				t.Fatalf("Marshal header =\n%s, want\n%s", got, tt.want)
			}
		})
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	g := testGroup(t)
	g.keepOld = true
	g.secrets[3] = bytes.Repeat([]byte{0x33}, 32)
	b, err := g.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.epoch != g.epoch || back.keepOld != g.keepOld || back.MLSEpoch() != g.MLSEpoch() ||
		!maps.EqualFunc(back.secrets, g.secrets, bytes.Equal) || !maps.Equal(back.Members(), g.Members()) {
		t.Fatal("Unmarshal(Marshal) changed the group")
	}
}

func TestUnmarshalRejects(t *testing.T) {
	b, err := testGroup(t).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	header := func(n uint32, rest ...byte) []byte {
		h := []byte{0, 0, 0, 0, 0, 0, 0, 5, 0, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
		return append(h, rest...)
	}
	tests := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "sealed group of 0 bytes is truncated"},
		{"truncated header", b[:12], "sealed group of 12 bytes is truncated"},
		{"truncated secret", header(1, make([]byte, 39)...), "truncated in its secrets"},
		{"second secret missing", header(2, make([]byte, 40)...), "truncated in its secrets"},
		{"huge count", header(0xffffffff, make([]byte, 40)...), "truncated in its secrets"},
		{"no MLS state", b[:13+40], "sealed MLS state"},
		{"corrupt MLS state", append(bytes.Clone(b), 0), "sealed MLS state"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Unmarshal(tt.in)
			if err == nil || !strings.HasPrefix(err.Error(), "groupkey: ") || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Unmarshal = %v, want an error containing %q", err, tt.msg)
			}
		})
	}
}

func FuzzUnmarshal(f *testing.F) {
	b, err := testGroup(f).Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:13])
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := Unmarshal(b)
		if err != nil {
			return
		}
		again, err := g.Marshal()
		if err != nil {
			t.Fatalf("an unmarshalled group does not marshal: %v", err)
		}
		if _, err := Unmarshal(again); err != nil {
			t.Fatalf("Marshal output does not unmarshal: %v", err)
		}
	})
}
