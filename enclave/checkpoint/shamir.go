package checkpoint

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/hashicorp/vault/shamir"

	"github.com/anonify-go/anonify/wire/recovery"
)

// Shamir's secret sharing over GF(2^8), from HashiCorp Vault v1.14.8
// (github.com/hashicorp/vault/shamir, MPL-2.0; releases from 1.14.9 on are
// under the BUSL and must not be used). A share is
//
//	y (one byte per secret byte) ‖ x
//
// with x in 1 to 255, the point the share's polynomials were evaluated at.
// Vault needs a threshold of at least 2. Threshold 1 is replication: any
// one custodian alone recovers, so every share is the secret itself, and
// it is tagged x = 0 because the secret is the polynomial's value at 0
// (Vault never uses x = 0, so the tag cannot be confused with a share).

// MaxSecret is the longest secret Split takes: its shares are then
// recovery.MaxShare bytes, the most a manifest carries.
const MaxSecret = recovery.MaxShare - 1

// ErrShares means shares do not combine: too few, malformed, or of
// different splits.
var ErrShares = errors.New("checkpoint: shares do not combine")

// Split splits secret into n shares of which any k recover it: 1 ≤ k ≤ n ≤
// recovery.MaxShares, and a secret of 1 to MaxSecret bytes (a 32-byte
// secret gives 33-byte shares).
func Split(secret []byte, n, k int) ([][]byte, error) {
	switch {
	case len(secret) == 0 || len(secret) > MaxSecret:
		return nil, fmt.Errorf("checkpoint: a secret of %d bytes to split (want 1 to %d)", len(secret), MaxSecret)
	case n < 1 || n > recovery.MaxShares:
		return nil, fmt.Errorf("checkpoint: %d shares (want 1 to %d)", n, recovery.MaxShares)
	case k < 1 || k > n:
		return nil, fmt.Errorf("checkpoint: a threshold of %d for %d shares (want 1 to %d)", k, n, n)
	}
	if k == 1 {
		shares := make([][]byte, n)
		for i := range shares {
			shares[i] = append(bytes.Clone(secret), 0)
		}
		return shares, nil
	}
	shares, err := shamir.Split(secret, n, k)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: splitting the secret: %w", err)
	}
	return shares, nil
}

// Combine recovers the secret from shares of one Split. It refuses
// shares it can tell are wrong (of different lengths, repeated points,
// a lone share of a threshold-2-or-more split, copies of a threshold-1
// split that differ), but, as with any Shamir scheme, fewer shares than
// the threshold, or one bad share, combine to a wrong secret without an
// error: the caller knows the secret only once it opens the checkpoint
// (Open authenticates every chunk).
func Combine(shares [][]byte) ([]byte, error) {
	if len(shares) == 0 {
		return nil, fmt.Errorf("%w: no shares", ErrShares)
	}
	n := len(shares[0])
	if n < recovery.MinShare || n > recovery.MaxShare {
		return nil, fmt.Errorf("%w: share 0 is %d bytes (want %d to %d)", ErrShares, n, recovery.MinShare, recovery.MaxShare)
	}
	replicas := 0
	for i, s := range shares {
		if len(s) != n {
			return nil, fmt.Errorf("%w: share %d is %d bytes, share 0 is %d", ErrShares, i, len(s), n)
		}
		if s[n-1] == 0 {
			replicas++
		}
	}
	switch {
	case replicas == len(shares):
		for i, s := range shares[1:] {
			if !bytes.Equal(s, shares[0]) {
				return nil, fmt.Errorf("%w: shares 0 and %d of a threshold-1 split differ", ErrShares, i+1)
			}
		}
		return bytes.Clone(shares[0][:n-1]), nil
	case replicas > 0:
		return nil, fmt.Errorf("%w: %d shares of a threshold-1 split mixed with %d of another", ErrShares, replicas, len(shares)-replicas)
	case len(shares) == 1:
		return nil, fmt.Errorf("%w: one share of a split whose threshold is at least 2", ErrShares)
	}
	secret, err := shamir.Combine(shares)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrShares, err)
	}
	return secret, nil
}

// DealShares splits an epoch's command secret among custodians (their
// X25519 public keys, in the order governance appointed them) so that any
// threshold of them recover it, and seals each share to its custodian for
// that epoch of that network: the manifest's Shares, in the same order.
func DealShares(secret []byte, custodians [][32]byte, threshold int, chainID uint64, contract common.Address, epoch uint64) ([]recovery.Share, error) {
	seen := make(map[[32]byte]bool, len(custodians))
	for i, c := range custodians {
		if seen[c] {
			return nil, fmt.Errorf("checkpoint: custodian %d (%x) appears twice", i, c)
		}
		seen[c] = true
	}
	parts, err := Split(secret, len(custodians), threshold)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, p := range parts {
			clear(p)
		}
	}()
	out := make([]recovery.Share, len(custodians))
	for i, c := range custodians {
		sealed, err := recovery.SealShare(c[:], chainID, contract, epoch, parts[i])
		if err != nil {
			return nil, fmt.Errorf("checkpoint: sealing the share of custodian %d: %w", i, err)
		}
		out[i] = recovery.Share{Custodian: c, Sealed: sealed}
	}
	return out, nil
}
