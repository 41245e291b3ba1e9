package recovery

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// fakeSealed stands in for a sealed share in tests of the manifest's
// shape: SealOverhead plus a 33-byte share, as dealing a 32-byte secret
// gives.
func fakeSealed(b byte) []byte { return bytes.Repeat([]byte{b}, SealOverhead+33) }

func key(b byte) [32]byte { return [32]byte(bytes.Repeat([]byte{b}, 32)) }

func dealtManifest() *Manifest {
	return &Manifest{
		Epoch: 7, At: chainmsg.Position{Block: 1234, Index: 5}, MLSEpoch: 9,
		PlainSize: 3 * (MaxChunkBytes - ChunkOverhead), Chunks: 3, ChunksRoot: key(0xee),
		Threshold: 2,
		Shares: []Share{
			{Custodian: key(0xa1), Sealed: fakeSealed(1)},
			{Custodian: key(0xa2), Sealed: fakeSealed(2)},
			{Custodian: key(0xa3), Sealed: fakeSealed(3)},
		},
	}
}

func bareManifest() *Manifest {
	return &Manifest{Epoch: 1, At: chainmsg.Position{Block: 10}, MLSEpoch: 1, PlainSize: 1024 - 16, Chunks: 1, ChunksRoot: key(0x01)}
}

func TestManifestEncoding(t *testing.T) {
	got := hex.EncodeToString(bareManifest().Marshal())
	want := hex.EncodeToString([]byte("ANCKPT")) + "01" +
		"0000000000000001" + // epoch
		"000000000000000a" + "0000000000000000" + // at block, index
		"0000000000000001" + // MLS epoch
		"000003f0" + "00000001" + // plain size 1008, one chunk
		strings.Repeat("01", 32) + // root
		"00" + "00" // threshold, no shares
	if got != want {
		t.Fatalf("Marshal =\n%s\nwant\n%s", got, want)
	}
	m := dealtManifest()
	m.Shares = m.Shares[:1]
	m.Threshold = 1
	b := m.Marshal()
	tail := hex.EncodeToString(b[len(b)-(2+32+2+len(fakeSealed(1))):])
	if want := "0101" + strings.Repeat("a1", 32) + "0051" + strings.Repeat("01", 81); tail != want {
		t.Fatalf("shares encode as\n%s\nwant\n%s", tail, want)
	}
}

func TestManifestRoundTrip(t *testing.T) {
	oneShare := dealtManifest()
	oneShare.Threshold, oneShare.Shares = 1, oneShare.Shares[2:]
	largest := &Manifest{Epoch: ^uint64(0), At: chainmsg.Position{Block: ^uint64(0), Index: ^uint64(0)}, MLSEpoch: ^uint64(0),
		PlainSize: MaxChunks * (MaxChunkBytes - ChunkOverhead), Chunks: MaxChunks, Threshold: MaxShares}
	for i := range MaxShares {
		largest.Shares = append(largest.Shares, Share{Custodian: key(byte(i)), Sealed: bytes.Repeat([]byte{byte(i)}, MaxSealedShare)})
	}
	tests := []struct {
		name string
		m    *Manifest
	}{
		{"no custodians", bareManifest()},
		{"2 of 3", dealtManifest()},
		{"1 of 1", oneShare},
		{"64 KiB in one chunk", &Manifest{PlainSize: MaxChunkBytes - ChunkOverhead, Chunks: 1}},
		{"largest", largest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.m.Check(); err != nil {
				t.Fatal(err)
			}
			b := tt.m.Marshal()
			got, err := ParseManifest(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.m) {
				t.Fatalf("ParseManifest(Marshal(m)) =\n%+v\nwant\n%+v", got, tt.m)
			}
			if again := got.Marshal(); !bytes.Equal(again, b) {
				t.Fatalf("Marshal(ParseManifest(b)) differs from b")
			}
		})
	}
}

// TestManifestRejects builds each bad manifest from a good one, by
// changing a field (Marshal encodes what it is given) or the bytes.
func TestManifestRejects(t *testing.T) {
	good := dealtManifest().Marshal()
	edit := func(f func(m *Manifest)) []byte {
		m := dealtManifest()
		f(m)
		return m.Marshal()
	}
	bytesEdit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, `does not start with "ANCKPT"`},
		{"other magic", bytesEdit(func(b []byte) []byte { b[0] = 'X'; return b }), `does not start with "ANCKPT"`},
		{"no version", good[:6], "truncated before the version"},
		{"version 0", bytesEdit(func(b []byte) []byte { b[6] = 0; return b }), "version 0, this reader knows only 1"},
		{"version 2", bytesEdit(func(b []byte) []byte { b[6] = 2; return b }), "version 2, this reader knows only 1"},
		{"truncated header", good[:7+8+8+8+8+4+4+31], "truncated in the header"},
		{"no share count", good[:7+8+8+8+8+4+4+32+1], "truncated in the header"},
		{"truncated custodian", good[:len(good)-3*(32+2+81)+31], "truncated in share 0 of 3"},
		{"truncated sealed share", good[:len(good)-1], "truncated in share 2 of 3"},
		{"trailing byte", append(bytes.Clone(good), 0), "1 bytes after the last share"},
		{"zero chunks", edit(func(m *Manifest) { m.Chunks, m.PlainSize = 0, 0 }), "zero chunks"},
		{"too many chunks", edit(func(m *Manifest) { m.Chunks = MaxChunks + 1; m.PlainSize = m.Chunks * (MaxChunkBytes - ChunkOverhead) }), "16385 chunks, over the limit of 16384"},
		{"one chunk under 1 KiB", edit(func(m *Manifest) { m.Chunks, m.PlainSize = 1, 512-16 }), "plain size 496 of one chunk"},
		{"one chunk not a power of two", edit(func(m *Manifest) { m.Chunks, m.PlainSize = 1, 3000 }), "plain size 3000 of one chunk"},
		{"one chunk over 64 KiB", edit(func(m *Manifest) { m.Chunks, m.PlainSize = 1, 128<<10-16 }), "plain size 131056 of one chunk"},
		{"one chunk without its tag", edit(func(m *Manifest) { m.Chunks, m.PlainSize = 1, 1024 }), "plain size 1024 of one chunk"},
		{"a partial chunk", edit(func(m *Manifest) { m.PlainSize-- }), "plain size 196559 of 3 chunks, want 196560"},
		{"threshold without shares", edit(func(m *Manifest) { m.Shares = nil }), "threshold 2 without shares"},
		{"shares without threshold", edit(func(m *Manifest) { m.Threshold = 0 }), "threshold 0 of 3 shares (want 1 to 3)"},
		{"threshold over shares", edit(func(m *Manifest) { m.Threshold = 4 }), "threshold 4 of 3 shares (want 1 to 3)"},
		{"too many shares", edit(func(m *Manifest) {
			for i := range MaxShares {
				m.Shares = append(m.Shares, Share{Custodian: key(byte(i)), Sealed: fakeSealed(0)})
			}
		}), "19 shares, over the limit of 16"},
		{"duplicate custodian", edit(func(m *Manifest) { m.Shares[2].Custodian = m.Shares[0].Custodian }), "shares 0 and 2 are for the same custodian a1a1"},
		{"empty sealed share", edit(func(m *Manifest) { m.Shares[1].Sealed = nil }), "sealed share 1 is 0 bytes (want 50 to 256)"},
		{"short sealed share", edit(func(m *Manifest) { m.Shares[1].Sealed = make([]byte, 49) }), "sealed share 1 is 49 bytes (want 50 to 256)"},
		{"long sealed share", edit(func(m *Manifest) { m.Shares[1].Sealed = make([]byte, 257) }), "sealed share 1 is 257 bytes (want 50 to 256)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseManifest(tt.b)
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseManifest = %+v, %v; want ErrMalformed with %q", m, err, tt.want)
			}
		})
	}
}

// TestManifestTruncations: no proper prefix of a good manifest parses.
func TestManifestTruncations(t *testing.T) {
	for _, m := range []*Manifest{bareManifest(), dealtManifest()} {
		b := m.Marshal()
		for n := range len(b) {
			if _, err := ParseManifest(b[:n]); !errors.Is(err, ErrMalformed) {
				t.Fatalf("ParseManifest of %d of %d bytes = %v, want ErrMalformed", n, len(b), err)
			}
		}
	}
}

func TestMarshalPanicsOnTheInexpressible(t *testing.T) {
	for name, m := range map[string]*Manifest{
		"256 shares":         {Chunks: 1, Shares: make([]Share, 256)},
		"a 64 KiB share":     {Chunks: 1, Shares: []Share{{Sealed: make([]byte, 1<<16)}}},
		"a 64 KiB+1 share":   {Chunks: 1, Shares: []Share{{Sealed: make([]byte, 1<<16+1)}}},
		"shares after a bad": {Chunks: 1, Shares: []Share{{Sealed: make([]byte, 1<<16)}, {}}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), "recovery: a manifest cannot encode") {
					t.Fatalf("Marshal did not panic as expected: %v", r)
				}
			}()
			m.Marshal()
		})
	}
}

func TestChunkBytes(t *testing.T) {
	tests := []struct {
		plain, chunks uint32
		want          int
	}{
		{1024 - 16, 1, 1024},
		{4096 - 16, 1, 4096},
		{MaxChunkBytes - ChunkOverhead, 1, MaxChunkBytes},
		{5 * (MaxChunkBytes - ChunkOverhead), 5, MaxChunkBytes},
		{0, 0, 0},
	}
	for _, tt := range tests {
		m := Manifest{PlainSize: tt.plain, Chunks: tt.chunks}
		if got := m.ChunkBytes(); got != tt.want {
			t.Errorf("ChunkBytes of %d bytes in %d chunks = %d, want %d", tt.plain, tt.chunks, got, tt.want)
		}
	}
}

func TestSealedShare(t *testing.T) {
	m := dealtManifest()
	if s, ok := m.SealedShare(key(0xa2)); !ok || !bytes.Equal(s, fakeSealed(2)) {
		t.Fatalf("SealedShare(a2) = %x, %v", s, ok)
	}
	if s, ok := m.SealedShare(key(0xa4)); ok || s != nil {
		t.Fatalf("SealedShare of a stranger = %x, %v", s, ok)
	}
}
