package enclave

import (
	"fmt"

	"golang.org/x/crypto/cryptobyte"
)

// Handshake payload: u32 len ‖ MLS commit ‖ u32 len ‖ MLS Welcome (may be
// empty). Both are RFC 9420 MLSMessages, readable by any MLS implementation.
func encodeHandshake(commit, welcome []byte) []byte {
	var b cryptobyte.Builder
	b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(commit) })
	b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(welcome) })
	return b.BytesOrPanic()
}

// decodeHandshake splits a payload read from the ledger. Any member can
// post any bytes here, so it refuses truncation and trailing data.
func decodeHandshake(p []byte) (commit, welcome []byte, err error) {
	s := cryptobyte.String(p)
	// cryptobyte builds u32 length prefixes but has no reader for them.
	field := func() ([]byte, bool) {
		var n uint32
		var f []byte
		ok := s.ReadUint32(&n) && s.ReadBytes(&f, int(n))
		return f, ok
	}
	c, ok1 := field()
	w, ok2 := field()
	if !ok1 || !ok2 {
		return nil, nil, fmt.Errorf("enclave: truncated handshake payload")
	}
	if !s.Empty() {
		return nil, nil, fmt.Errorf("enclave: %d trailing bytes in handshake payload", len(s))
	}
	return c, w, nil
}
