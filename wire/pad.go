package wire

import (
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
)

// Padding to size classes. Whoever carries a ciphertext (the host, the
// network, the ledger) sees its length; padding the plaintext to a size
// class first leaves that length saying only which class the message is in.
//
//	padded = u32 len(msg) ‖ msg ‖ zeros, len(padded) = SizeClass(4+len(msg), min)
//
// The classes are min·2^k. The encoding is canonical: one message has one
// padded form, so Unpad refuses a length that overruns, a non-zero fill and
// a padded length that is not exactly the message's class (a sender that
// pads further would make its messages distinguishable again).
//
// Client requests, query answers and command outcomes (the HPKE plaintexts
// of this package) use PadMinClass; the enclave pads ledger ciphertexts
// with the same codec and a class of its own.

// PadMinClass is the smallest size class of an HPKE plaintext between a
// client and an enclave. 1 KiB holds every ERC-20 request (the largest, a
// transfer_from with maximal amounts and counters, is 564 bytes padded),
// every ERC-20 answer, and an outcome carrying the longest ERC-20 reason
// (about 510 bytes) with room for transaction fields, so a host cannot tell
// a transfer from a balance query, or an accepted command from a rejected
// one, by size.
const PadMinClass = 1 << 10

// ErrPadding means a padded plaintext is not in the canonical form.
var ErrPadding = errors.New("wire: bad padding")

// SizeClass is the smallest min·2^k that holds n bytes (min for n ≤ min).
// min must be positive.
func SizeClass(n, min int) int {
	c := min
	for c < n {
		c *= 2
	}
	return c
}

// Pad returns msg with its length prefixed, zero-filled to its size class.
func Pad(msg []byte, min int) []byte { return PadAround(msg, min, 0) }

// PadAround pads msg so that the padded plaintext plus around bytes (what
// its encryption adds: header and tag) is a size class min·2^k: the
// ciphertext, not the plaintext, has the class's size. The enclave pads
// ledger ciphertexts so, making them exactly 256, 512, … 16384 bytes (the
// contract's cap is a class, not a class plus overhead).
func PadAround(msg []byte, min, around int) []byte {
	out := make([]byte, SizeClass(4+len(msg)+around, min)-around)
	binary.BigEndian.PutUint32(out, uint32(len(msg)))
	copy(out[4:], msg)
	return out
}

// Unpad reverses Pad (with the same min), refusing any non-canonical input.
// The message aliases p.
func Unpad(p []byte, min int) ([]byte, error) { return UnpadAround(p, min, 0) }

// UnpadAround reverses PadAround (with the same min and around).
func UnpadAround(p []byte, min, around int) ([]byte, error) {
	in := cryptobyte.String(p)
	var n uint32
	if !in.ReadUint32(&n) {
		return nil, fmt.Errorf("%w: %d bytes is too short for a length prefix", ErrPadding, len(p))
	}
	var msg []byte
	if !in.ReadBytes(&msg, int(n)) {
		return nil, fmt.Errorf("%w: length %d overruns the %d padded bytes", ErrPadding, n, len(p))
	}
	for _, b := range in {
		if b != 0 {
			return nil, fmt.Errorf("%w: non-zero fill", ErrPadding)
		}
	}
	if want := SizeClass(4+int(n)+around, min) - around; len(p) != want {
		return nil, fmt.Errorf("%w: %d padded bytes for a %d-byte message, whose class is %d", ErrPadding, len(p), n, want)
	}
	return msg, nil
}
