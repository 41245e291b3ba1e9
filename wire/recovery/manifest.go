package recovery

import (
	"errors"
	"fmt"
	"math/bits"

	"golang.org/x/crypto/cryptobyte"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// ErrMalformed means a manifest breaks the rules of ParseManifest.
var ErrMalformed = errors.New("recovery: malformed manifest")

// The manifest's header: a magic that no other ledger payload starts with,
// and the format version, which a reader refuses unless it knows it.
const (
	manifestMagic   = "ANCKPT"
	ManifestVersion = 1
)

// Chunk sizes. A chunk's ciphertext is its plaintext and a 16-byte AES-GCM
// tag, at most the contract's MAX_CHUNK_BYTES. Every chunk of a checkpoint
// has the same size: one chunk is a power of two bytes from MinChunkBytes
// to MaxChunkBytes, and a checkpoint of several chunks has only full ones.
// So the size of a chunk says only which power of two (or how many 64 KiB
// chunks) the state fits in, and a reader knows from the manifest alone
// how large every chunk must be (ChunkBytes).
const (
	MaxChunkBytes = 64 << 10
	MinChunkBytes = 1 << 10
	ChunkOverhead = 16
	// MaxChunks bounds a checkpoint at 16384 chunks of 64 KiB: 1 GiB of
	// ciphertext, and a PlainSize that fits a uint32.
	MaxChunks = 16384
)

// Share limits. MaxShares bounds the custodians of one checkpoint (and a
// manifest's size); MaxSealedShare leaves room above what SealShare makes
// today (SealOverhead + MaxShare = 112 bytes) for a larger KEM.
const (
	MaxShares      = 16
	MaxSealedShare = 256
	minSealedShare = SealOverhead + MinShare
)

// Manifest describes one epoch's checkpoint: which state it holds, how its
// chunks are laid out and hashed, and the epoch's command secret split
// among the custodians. It travels on the ledger signed by the member that
// posts it; this package only encodes and checks its shape.
type Manifest struct {
	// Epoch is the ledger epoch the checkpoint begins.
	Epoch uint64
	// At is the ledger position of the handshake (or founding) whose
	// resulting state the checkpoint holds.
	At chainmsg.Position
	// MLSEpoch is the group's MLS epoch after that handshake.
	MLSEpoch uint64
	// PlainSize is the size of the padded plaintext, all chunks together.
	PlainSize uint32
	// Chunks is the number of chunks, 1 to MaxChunks.
	Chunks uint32
	// ChunksRoot is keccak256(keccak256(chunk 0) ‖ keccak256(chunk 1) ‖ …)
	// over the chunks' ciphertexts: anyone can check a chunk read from the
	// ledger against it without a key.
	ChunksRoot [32]byte
	// Threshold is how many of Shares recover the epoch's secret; 0 when
	// there are no custodians (and no Shares).
	Threshold uint8
	// Shares are the secret's shares, one per custodian, in the order
	// governance appointed the custodians.
	Shares []Share
}

// Share is one custodian's share of an epoch's command secret, sealed to
// the custodian's key (SealShare).
type Share struct {
	// Custodian is the custodian's X25519 public key.
	Custodian [32]byte
	// Sealed is SealShare's output: at most MaxSealedShare bytes.
	Sealed []byte
}

// Marshal encodes m:
//
//	"ANCKPT" ‖ u8 version (1) ‖ u64 Epoch ‖ u64 At.Block ‖ u64 At.Index ‖
//	u64 MLSEpoch ‖ u32 PlainSize ‖ u32 Chunks ‖ ChunksRoot [32] ‖
//	u8 Threshold ‖ u8 len(Shares) ‖ len(Shares) × (Custodian [32] ‖ u16 len ‖ Sealed)
//
// all integers big-endian. Marshal does not judge m: a manifest that Check
// refuses encodes to bytes that ParseManifest refuses too, so a producer
// calls Check first. Marshal panics only on a manifest that the format
// cannot express at all (more than 255 shares, a sealed share of 64 KiB or
// more), which no caller that respects the limits above can build.
func (m *Manifest) Marshal() []byte {
	b := cryptobyte.NewBuilder(make([]byte, 0, 7+3*8+8+4+4+32+2+len(m.Shares)*(32+2+SealOverhead+33)))
	b.AddBytes([]byte(manifestMagic))
	b.AddUint8(ManifestVersion)
	b.AddUint64(m.Epoch)
	b.AddUint64(m.At.Block)
	b.AddUint64(m.At.Index)
	b.AddUint64(m.MLSEpoch)
	b.AddUint32(m.PlainSize)
	b.AddUint32(m.Chunks)
	b.AddBytes(m.ChunksRoot[:])
	b.AddUint8(m.Threshold)
	if len(m.Shares) > 255 {
		panic(fmt.Sprintf("recovery: a manifest cannot encode %d shares (at most %d are valid)", len(m.Shares), MaxShares))
	}
	b.AddUint8(uint8(len(m.Shares)))
	for _, s := range m.Shares {
		b.AddBytes(s.Custodian[:])
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(s.Sealed) })
	}
	out, err := b.Bytes()
	if err != nil {
		panic(fmt.Sprintf("recovery: a manifest cannot encode a sealed share of 64 KiB or more (at most %d bytes are valid): %v", MaxSealedShare, err))
	}
	return out
}

// ParseManifest decodes a manifest strictly: the magic and a known
// version, every field present, nothing after the last share, and the
// rules of Check. Marshal(ParseManifest(b)) is b.
func ParseManifest(b []byte) (*Manifest, error) {
	in := cryptobyte.String(b)
	var (
		magic   []byte
		version uint8
		m       Manifest
		root    []byte
		count   uint8
	)
	if !in.ReadBytes(&magic, len(manifestMagic)) || string(magic) != manifestMagic {
		return nil, fmt.Errorf("%w: does not start with %q", ErrMalformed, manifestMagic)
	}
	if !in.ReadUint8(&version) {
		return nil, fmt.Errorf("%w: truncated before the version", ErrMalformed)
	}
	if version != ManifestVersion {
		return nil, fmt.Errorf("%w: version %d, this reader knows only %d", ErrMalformed, version, ManifestVersion)
	}
	if !in.ReadUint64(&m.Epoch) || !in.ReadUint64(&m.At.Block) || !in.ReadUint64(&m.At.Index) || !in.ReadUint64(&m.MLSEpoch) ||
		!in.ReadUint32(&m.PlainSize) || !in.ReadUint32(&m.Chunks) || !in.ReadBytes(&root, 32) ||
		!in.ReadUint8(&m.Threshold) || !in.ReadUint8(&count) {
		return nil, fmt.Errorf("%w: truncated in the header (%d bytes)", ErrMalformed, len(b))
	}
	m.ChunksRoot = [32]byte(root)
	if count > MaxShares {
		return nil, fmt.Errorf("%w: %d shares, over the limit of %d", ErrMalformed, count, MaxShares)
	}
	if count > 0 {
		m.Shares = make([]Share, count)
	}
	for i := range m.Shares {
		var key []byte
		var sealed cryptobyte.String
		if !in.ReadBytes(&key, 32) || !in.ReadUint16LengthPrefixed(&sealed) {
			return nil, fmt.Errorf("%w: truncated in share %d of %d", ErrMalformed, i, count)
		}
		m.Shares[i] = Share{Custodian: [32]byte(key), Sealed: append([]byte(nil), sealed...)}
	}
	if !in.Empty() {
		return nil, fmt.Errorf("%w: %d bytes after the last share", ErrMalformed, len(in))
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Check reports the first rule m breaks, wrapping ErrMalformed:
//
//   - Chunks is 1 to MaxChunks;
//   - PlainSize fits the layout: with one chunk, PlainSize+ChunkOverhead is
//     a power of two from MinChunkBytes to MaxChunkBytes; with more, every
//     chunk is full (PlainSize = Chunks × (MaxChunkBytes − ChunkOverhead));
//   - Threshold is 0 exactly when there are no shares, and otherwise
//     1 ≤ Threshold ≤ len(Shares) ≤ MaxShares;
//   - custodian keys are unique, and every sealed share is
//     minSealedShare to MaxSealedShare bytes.
func (m *Manifest) Check() error {
	switch {
	case m.Chunks == 0:
		return fmt.Errorf("%w: zero chunks (a checkpoint has at least one)", ErrMalformed)
	case m.Chunks > MaxChunks:
		return fmt.Errorf("%w: %d chunks, over the limit of %d", ErrMalformed, m.Chunks, MaxChunks)
	case m.Chunks == 1:
		if c := uint64(m.PlainSize) + ChunkOverhead; c < MinChunkBytes || c > MaxChunkBytes || bits.OnesCount64(c) != 1 {
			return fmt.Errorf("%w: plain size %d of one chunk: plain size + %d must be a power of two from %d to %d", ErrMalformed, m.PlainSize, ChunkOverhead, MinChunkBytes, MaxChunkBytes)
		}
	default:
		if want := uint64(m.Chunks) * (MaxChunkBytes - ChunkOverhead); uint64(m.PlainSize) != want {
			return fmt.Errorf("%w: plain size %d of %d chunks, want %d (every chunk full)", ErrMalformed, m.PlainSize, m.Chunks, want)
		}
	}
	n := len(m.Shares)
	switch {
	case n > MaxShares:
		return fmt.Errorf("%w: %d shares, over the limit of %d", ErrMalformed, n, MaxShares)
	case n == 0 && m.Threshold != 0:
		return fmt.Errorf("%w: threshold %d without shares (no custodians is threshold 0)", ErrMalformed, m.Threshold)
	case n > 0 && (m.Threshold == 0 || int(m.Threshold) > n):
		return fmt.Errorf("%w: threshold %d of %d shares (want 1 to %d)", ErrMalformed, m.Threshold, n, n)
	}
	seen := make(map[[32]byte]int, n)
	for i, s := range m.Shares {
		if j, dup := seen[s.Custodian]; dup {
			return fmt.Errorf("%w: shares %d and %d are for the same custodian %x", ErrMalformed, j, i, s.Custodian)
		}
		seen[s.Custodian] = i
		if len(s.Sealed) < minSealedShare || len(s.Sealed) > MaxSealedShare {
			return fmt.Errorf("%w: sealed share %d is %d bytes (want %d to %d)", ErrMalformed, i, len(s.Sealed), minSealedShare, MaxSealedShare)
		}
	}
	return nil
}

// ChunkBytes is the size of every chunk's ciphertext, as the manifest's
// layout says: a reader refuses a chunk of any other size before hashing
// it. It is meaningful only for a manifest that Check accepts.
func (m *Manifest) ChunkBytes() int {
	if m.Chunks == 0 {
		return 0
	}
	return int(m.PlainSize/m.Chunks) + ChunkOverhead
}

// SealedShare returns the share sealed to custodian, if the manifest has
// one: what a custodian looks for when asked to release.
func (m *Manifest) SealedShare(custodian [32]byte) ([]byte, bool) {
	for _, s := range m.Shares {
		if s.Custodian == custodian {
			return s.Sealed, true
		}
	}
	return nil, false
}
