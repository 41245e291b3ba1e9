package recovery

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzParseManifest: whatever ParseManifest accepts, Check accepts, and
// Marshal encodes back to exactly the input; the encoding is canonical.
func FuzzParseManifest(f *testing.F) {
	f.Add(bareManifest().Marshal())
	f.Add(dealtManifest().Marshal())
	one := dealtManifest()
	one.Chunks, one.PlainSize, one.Threshold, one.Shares = 1, 4096-16, 1, one.Shares[:1]
	f.Add(one.Marshal())
	f.Add([]byte("ANCKPT\x02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err != nil {
			return
		}
		if err := m.Check(); err != nil {
			t.Fatalf("Check of a parsed manifest: %v", err)
		}
		if again := m.Marshal(); !bytes.Equal(again, b) {
			t.Fatalf("Marshal(ParseManifest(b)) =\n%x\nwant\n%x", again, b)
		}
		if m.ChunkBytes() < MinChunkBytes || m.ChunkBytes() > MaxChunkBytes {
			t.Fatalf("ChunkBytes = %d", m.ChunkBytes())
		}
	})
}

// FuzzParseRelease: whatever ParseRelease accepts marshals to JSON that
// parses back to the same release.
func FuzzParseRelease(f *testing.F) {
	f.Add([]byte(testReleaseJSON))
	f.Add([]byte(`{"epoch":0,"custodian":"0x` + string(bytes.Repeat([]byte("00"), 32)) + `","sealed":"0x` + string(bytes.Repeat([]byte("ff"), 50)) + `"}`))
	f.Add([]byte(`{"EPOCH":1, "Custodian":"0x00","sealed":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRelease(b)
		if err != nil {
			return
		}
		m, err := r.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a parsed release: %v", err)
		}
		again, err := ParseRelease(m)
		if err != nil || !reflect.DeepEqual(again, r) {
			t.Fatalf("ParseRelease(%s) = %+v, %v; want %+v", m, again, err, r)
		}
	})
}
