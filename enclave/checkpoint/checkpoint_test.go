package checkpoint

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hpke"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/recovery"
)

var testContract = common.HexToAddress("0x00000000000000000000000000000000000c0de1")

const (
	testChain = 31337
	testEpoch = 7
)

func random(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func testKey(t testing.TB) []byte { return Key(random(t, 32), testChain, testContract, testEpoch) }

// manifestFor is the manifest a maker posts for chunks Seal made.
func manifestFor(epoch uint64, chunks [][]byte, plain uint32, root [32]byte) *recovery.Manifest {
	return &recovery.Manifest{Epoch: epoch, At: chainmsg.Position{Block: 100, Index: 2}, MLSEpoch: 3,
		PlainSize: plain, Chunks: uint32(len(chunks)), ChunksRoot: root}
}

func mustSeal(t testing.TB, key []byte, epoch uint64, payload []byte) ([][]byte, *recovery.Manifest) {
	t.Helper()
	chunks, plain, root, err := Seal(key, epoch, payload)
	if err != nil {
		t.Fatal(err)
	}
	return chunks, manifestFor(epoch, chunks, plain, root)
}

func TestKey(t *testing.T) {
	secret := bytes.Repeat([]byte{0x42}, 32)
	info := "anonify-checkpoint-v1\x00" + "\x00\x00\x00\x00\x00\x00\x7a\x69" + string(testContract[:]) + "\x00\x00\x00\x00\x00\x00\x00\x07"
	prk, err := hkdf.Extract(sha256.New, secret, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := hkdf.Expand(sha256.New, prk, info, 32)
	if err != nil {
		t.Fatal(err)
	}
	got := Key(secret, testChain, testContract, testEpoch)
	if !bytes.Equal(got, want) {
		t.Fatalf("Key = %x, want %x", got, want)
	}
	others := map[string][]byte{
		"other secret":   Key(bytes.Repeat([]byte{0x43}, 32), testChain, testContract, testEpoch),
		"other chain":    Key(secret, testChain+1, testContract, testEpoch),
		"other contract": Key(secret, testChain, common.HexToAddress("0xc0de2"), testEpoch),
		"other epoch":    Key(secret, testChain, testContract, testEpoch+1),
	}
	for name, k := range others {
		if bytes.Equal(k, got) || len(k) != KeySize {
			t.Errorf("%s: key %x", name, k)
		}
	}
}

func TestPaddedSize(t *testing.T) {
	tests := []struct{ frame, want int }{
		{4, 1024 - 16},
		{1008, 1024 - 16},
		{1009, 2048 - 16},
		{4080, 4096 - 16},
		{4081, 8192 - 16},
		{ChunkPlain, ChunkPlain},
		{ChunkPlain + 1, 2 * ChunkPlain},
		{5 * ChunkPlain, 5 * ChunkPlain},
		{recovery.MaxChunks * ChunkPlain, recovery.MaxChunks * ChunkPlain},
	}
	for _, tt := range tests {
		if got := paddedSize(tt.frame); got != tt.want {
			t.Errorf("paddedSize(%d) = %d, want %d", tt.frame, got, tt.want)
		}
	}
}

// TestSealOpen seals payloads around every size boundary, checks the
// layout against the manifest's rules, that sealing is deterministic, and
// that Open returns the payload.
func TestSealOpen(t *testing.T) {
	key := testKey(t)
	tests := []struct {
		payload    int
		chunks     int
		chunkBytes int
	}{
		{0, 1, 1024},
		{1, 1, 1024},
		{1024 - 16 - 4, 1, 1024},
		{1024 - 16 - 3, 1, 2048},
		{32 << 10, 1, 64 << 10},
		{ChunkPlain - 4, 1, 64 << 10},
		{ChunkPlain - 3, 2, 64 << 10},
		{200 << 10, 4, 64 << 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.payload), func(t *testing.T) {
			payload := random(t, tt.payload)
			chunks, m := mustSeal(t, key, testEpoch, payload)
			if err := m.Check(); err != nil {
				t.Fatalf("the manifest of Seal's output: %v", err)
			}
			if len(chunks) != tt.chunks || m.ChunkBytes() != tt.chunkBytes {
				t.Fatalf("%d chunks of %d bytes, want %d of %d", len(chunks), m.ChunkBytes(), tt.chunks, tt.chunkBytes)
			}
			var hashes [][32]byte
			for i, c := range chunks {
				if len(c) != tt.chunkBytes || cap(c) != tt.chunkBytes {
					t.Fatalf("chunk %d: len %d cap %d, want %d", i, len(c), cap(c), tt.chunkBytes)
				}
				hashes = append(hashes, [32]byte(crypto.Keccak256(c)))
			}
			if want := [32]byte(crypto.Keccak256(bytes.Join(func() (b [][]byte) {
				for _, h := range hashes {
					b = append(b, h[:])
				}
				return b
			}(), nil))); m.ChunksRoot != want || Root(hashes) != want {
				t.Fatalf("root %x, want keccak256 of the chunk hashes %x", m.ChunksRoot, want)
			}
			again, plain, root, err := Seal(key, testEpoch, payload)
			if err != nil || plain != m.PlainSize || root != m.ChunksRoot || !equalChunks(again, chunks) {
				t.Fatalf("Seal is not deterministic (%v)", err)
			}
			got, err := Open(key, testEpoch, m, chunks)
			if err != nil || !bytes.Equal(got, payload) {
				t.Fatalf("Open = %d bytes, %v; want the %d-byte payload", len(got), err, len(payload))
			}
		})
	}
}

func equalChunks(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestSealRejects(t *testing.T) {
	if _, _, _, err := Seal(make([]byte, 16), testEpoch, nil); err == nil || !strings.Contains(err.Error(), "a key of 16 bytes, want 32") {
		t.Errorf("Seal with an AES-128 key = %v", err)
	}
	// A payload over the limit is refused before anything is allocated
	// for it (here, without allocating 1 GiB to show it).
	for n, want := range map[int]bool{0: true, MaxPayload: true, MaxPayload + 1: false} {
		if err := checkPayload(n); (err == nil) != want || err != nil && !strings.Contains(err.Error(), "a payload of 1073479677 bytes, over the 1073479676-byte limit (16384 chunks)") {
			t.Errorf("checkPayload(%d) = %v", n, err)
		}
	}
}

// TestOpenRejects: a checkpoint opens only whole, in order, unaltered,
// under its epoch's key, with its manifest.
func TestOpenRejects(t *testing.T) {
	key := testKey(t)
	payload := random(t, 200<<10)
	chunks, m := mustSeal(t, key, testEpoch, payload)
	otherEpochChunks, _ := mustSeal(t, Key(random(t, 32), testChain, testContract, testEpoch+1), testEpoch+1, payload)
	with := func(f func(c [][]byte) [][]byte) [][]byte {
		c := make([][]byte, len(chunks))
		for i := range chunks {
			c[i] = bytes.Clone(chunks[i])
		}
		return f(c)
	}
	withManifest := func(f func(m *recovery.Manifest)) *recovery.Manifest {
		c := *m
		f(&c)
		return &c
	}
	tests := []struct {
		name   string
		key    []byte
		epoch  uint64
		m      *recovery.Manifest
		chunks [][]byte
		want   string
	}{
		{"tampered chunk", key, testEpoch, m, with(func(c [][]byte) [][]byte { c[2][100] ^= 1; return c }), "chunk 2 of 4 fails authentication"},
		{"tampered tag", key, testEpoch, m, with(func(c [][]byte) [][]byte { c[3][len(c[3])-1] ^= 1; return c }), "chunk 3 of 4 fails authentication"},
		{"reordered", key, testEpoch, m, with(func(c [][]byte) [][]byte { c[1], c[2] = c[2], c[1]; return c }), "chunk 1 of 4 fails authentication"},
		{"missing last chunk", key, testEpoch, m, chunks[:3], "3 chunks, the manifest names 4"},
		{"missing first chunk", key, testEpoch, withManifest(func(m *recovery.Manifest) { m.Chunks, m.PlainSize = 3, 3*ChunkPlain }), chunks[1:], "chunk 0 of 3 fails authentication"},
		{"extra chunk", key, testEpoch, m, append(with(func(c [][]byte) [][]byte { return c }), chunks[0]), "5 chunks, the manifest names 4"},
		{"truncated chunk", key, testEpoch, m, with(func(c [][]byte) [][]byte { c[1] = c[1][:1000]; return c }), "chunk 1 of 4 is 1000 bytes, the manifest's layout says 65536"},
		{"chunk of another checkpoint", key, testEpoch, m, with(func(c [][]byte) [][]byte { c[0] = otherEpochChunks[0]; return c }), "chunk 0 of 4 fails authentication"},
		{"wrong epoch", key, testEpoch + 1, m, chunks, "the manifest is of epoch 7, not 8"},
		{"wrong epoch, manifest to match", key, testEpoch + 1, withManifest(func(m *recovery.Manifest) { m.Epoch++ }), chunks, "chunk 0 of 4 fails authentication"},
		{"wrong key", testKey(t), testEpoch, m, chunks, "chunk 0 of 4 fails authentication"},
		{"wrong root", key, testEpoch, withManifest(func(m *recovery.Manifest) { m.ChunksRoot[0] ^= 1 }), chunks, "the chunks' root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Open(tt.key, tt.epoch, tt.m, tt.chunks)
			if !errors.Is(err, ErrOpen) || !strings.Contains(err.Error(), tt.want) || got != nil {
				t.Fatalf("Open = %d bytes, %v; want ErrOpen with %q", len(got), err, tt.want)
			}
		})
	}
	// Not ErrOpen: the caller's mistakes.
	if _, err := Open(key[:16], testEpoch, m, chunks); err == nil || !strings.Contains(err.Error(), "a key of 16 bytes") {
		t.Errorf("Open with a short key = %v", err)
	}
	if _, err := Open(key, testEpoch, nil, chunks); err == nil || !strings.Contains(err.Error(), "no manifest") {
		t.Errorf("Open without a manifest = %v", err)
	}
	if _, err := Open(key, testEpoch, withManifest(func(m *recovery.Manifest) { m.Chunks = 0 }), chunks); !errors.Is(err, recovery.ErrMalformed) {
		t.Errorf("Open with a malformed manifest = %v", err)
	}
}

// TestOpenFrame: chunks that authenticate but whose frame Seal would not
// have made (the maker's fault) are refused.
func TestOpenFrame(t *testing.T) {
	key := testKey(t)
	aead, err := newAEAD(key)
	if err != nil {
		t.Fatal(err)
	}
	frame := func(size int, n uint32, fill func(f []byte)) []byte {
		f := make([]byte, size)
		binary.BigEndian.PutUint32(f, n)
		if fill != nil {
			fill(f)
		}
		return f
	}
	tests := []struct {
		name  string
		frame []byte
		want  string
	}{
		{"length past the end", frame(1008, 1005, nil), "a payload of 1005 bytes does not pad to the manifest's 1008"},
		{"length of all ones", frame(1008, ^uint32(0), nil), "a payload of 4294967295 bytes does not pad"},
		{"padded to a larger class", frame(2032, 10, nil), "a payload of 10 bytes does not pad to the manifest's 2032"},
		{"padded to an extra chunk", frame(3*ChunkPlain, ChunkPlain, nil), fmt.Sprintf("a payload of %d bytes does not pad to the manifest's %d", ChunkPlain, 3*ChunkPlain)},
		{"non-zero padding", frame(1008, 10, func(f []byte) { f[1007] = 1 }), "the padding after the 10-byte payload is not zero"},
		{"non-zero padding in a later chunk", frame(2*ChunkPlain, ChunkPlain, func(f []byte) { f[2*ChunkPlain-1] = 1 }), fmt.Sprintf("the padding after the %d-byte payload is not zero", ChunkPlain)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks, root := sealFrame(aead, testEpoch, tt.frame)
			m := manifestFor(testEpoch, chunks, uint32(len(tt.frame)), root)
			got, err := Open(key, testEpoch, m, chunks)
			if !errors.Is(err, ErrOpen) || !strings.Contains(err.Error(), tt.want) || got != nil {
				t.Fatalf("Open = %d bytes, %v; want ErrOpen with %q", len(got), err, tt.want)
			}
		})
	}
}

// TestRecovery is disaster recovery end to end: a maker deals the epoch's
// secret to three custodians (any two recover) in the manifest it posts
// with the checkpoint; every enclave is lost; two custodians open their
// shares from the manifest on the ledger and release them to a fresh
// enclave, which combines the secret and opens the checkpoint.
func TestRecovery(t *testing.T) {
	secret := random(t, 32) // X_E
	payload := random(t, 200<<10)
	var keys []hpke.PrivateKey
	var pubs [][32]byte
	for range 3 {
		k, err := recovery.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
		pubs = append(pubs, [32]byte(k.PublicKey().Bytes()))
	}

	// The maker.
	chunks, m := mustSeal(t, Key(secret, testChain, testContract, testEpoch), testEpoch, payload)
	shares, err := DealShares(secret, pubs, 2, testChain, testContract, testEpoch)
	if err != nil {
		t.Fatal(err)
	}
	m.Threshold, m.Shares = 2, shares
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	onLedger, err := recovery.ParseManifest(m.Marshal())
	if err != nil {
		t.Fatal(err)
	}

	// The custodians 0 and 2, and the fresh enclave.
	enclaveKey, err := recovery.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	enclave := common.HexToAddress("0xe0c1a")
	var opened [][]byte
	for _, i := range []int{2, 0} {
		sealed, ok := onLedger.SealedShare(pubs[i])
		if !ok {
			t.Fatalf("no share for custodian %d", i)
		}
		share, err := recovery.OpenShare(keys[i], testChain, testContract, onLedger.Epoch, sealed)
		if err != nil {
			t.Fatal(err)
		}
		r, err := recovery.SealRelease(enclaveKey.PublicKey().Bytes(), testChain, testContract, enclave, onLedger.Epoch, pubs[i], share)
		if err != nil {
			t.Fatal(err)
		}
		got, err := recovery.OpenRelease(enclaveKey, testChain, testContract, enclave, r)
		if err != nil {
			t.Fatal(err)
		}
		opened = append(opened, got)
	}
	combined, err := Combine(opened)
	if err != nil || !bytes.Equal(combined, secret) {
		t.Fatalf("Combine = %x, %v; want X_E %x", combined, err, secret)
	}
	got, err := Open(Key(combined, testChain, testContract, onLedger.Epoch), onLedger.Epoch, onLedger, chunks)
	if err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("Open with the recovered key = %d bytes, %v", len(got), err)
	}

	// One custodian alone cannot; a bogus share combines to a key that
	// does not open the checkpoint.
	if _, err := Combine(opened[:1]); !errors.Is(err, ErrShares) {
		t.Fatalf("Combine of one share of a 2-of-3 split = %v", err)
	}
	bogus := bytes.Clone(opened[1])
	bogus[0] ^= 1
	wrong, err := Combine([][]byte{opened[0], bogus})
	if err != nil || bytes.Equal(wrong, secret) {
		t.Fatalf("Combine with a bogus share = %x, %v", wrong, err)
	}
	if _, err := Open(Key(wrong, testChain, testContract, onLedger.Epoch), onLedger.Epoch, onLedger, chunks); !errors.Is(err, ErrOpen) {
		t.Fatalf("Open with a wrongly combined key = %v", err)
	}
}

func BenchmarkSeal8MB(b *testing.B) {
	key, payload := testKey(b), random(b, 8<<20)
	b.SetBytes(int64(len(payload)))
	for b.Loop() {
		if _, _, _, err := Seal(key, testEpoch, payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen8MB(b *testing.B) {
	key, payload := testKey(b), random(b, 8<<20)
	chunks, m := mustSeal(b, key, testEpoch, payload)
	b.SetBytes(int64(len(payload)))
	for b.Loop() {
		if _, err := Open(key, testEpoch, m, chunks); err != nil {
			b.Fatal(err)
		}
	}
}
