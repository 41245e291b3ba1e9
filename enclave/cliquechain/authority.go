package cliquechain

import (
	"bytes"
	"fmt"
	"maps"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// authority is who may seal the next block: go-ethereum's clique.Snapshot
// without its number and hash (the node it belongs to has them) and
// without the caches. Its rules are consensus/clique's snapshot.apply and
// verifySeal, restated here because that package links the EVM and keeps
// its snapshots in an ethdb (doc.go); library_test.go holds the two to the
// same answers.
type authority struct {
	signers map[common.Address]struct{}
	recents map[uint64]common.Address // block number -> its sealer, the last len(signers)/2+1 blocks
	votes   []vote                    // in the order they were cast, since the last checkpoint
	tally   map[common.Address]tally
}

// vote is one signer's standing vote on adding or dropping an address.
type vote struct {
	signer    common.Address
	block     uint64
	address   common.Address
	authorize bool
}

// tally counts the standing votes on one address; votes against the
// proposal are not counted (they are the same as not voting).
type tally struct {
	authorize bool
	votes     int
}

var (
	nonceAuthVote = types.BlockNonce{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	nonceDropVote = types.BlockNonce{}
)

func newAuthority(signers []common.Address) *authority {
	a := &authority{
		signers: make(map[common.Address]struct{}, len(signers)),
		recents: make(map[uint64]common.Address),
		tally:   make(map[common.Address]tally),
	}
	for _, s := range signers {
		a.signers[s] = struct{}{}
	}
	return a
}

func (a *authority) copy() *authority {
	return &authority{
		signers: maps.Clone(a.signers),
		recents: maps.Clone(a.recents),
		votes:   slices.Clone(a.votes),
		tally:   maps.Clone(a.tally),
	}
}

// sortedSigners lists the signers in ascending order: the order of the
// turns and of a checkpoint's signer list.
func (a *authority) sortedSigners() []common.Address {
	out := slices.Collect(maps.Keys(a.signers))
	slices.SortFunc(out, common.Address.Cmp)
	return out
}

// limit is the number of consecutive blocks in which a signer may seal
// only one.
func (a *authority) limit() uint64 { return uint64(len(a.signers)/2 + 1) }

// inTurn reports whether it is signer's turn to seal block number.
func (a *authority) inTurn(number uint64, signer common.Address) bool {
	signers := a.sortedSigners()
	offset := slices.Index(signers, signer)
	return offset >= 0 && number%uint64(len(signers)) == uint64(offset)
}

// check reports whether signer may seal block number with the given
// difficulty on top of the blocks this authority has seen. It changes
// nothing: the caller applies the block only once every check passed.
//
// The recent-signer rule is snapshot.apply's: the sealer of block
// number-limit leaves the window first, then the signer must not be in
// it. (geth's verifySeal lets a signer through whose earlier block is
// younger than limit when number < limit, by unsigned wrap-around; the
// snapshot of that block then fails, so geth keeps the block and can
// build on it no further. The verifier refuses it at once.)
func (a *authority) check(number uint64, hash common.Hash, signer common.Address, difficulty uint64) error {
	if _, ok := a.signers[signer]; !ok {
		return fmt.Errorf("%w: block %d (%s) is sealed by %s, not one of the %d signers %v",
			ErrUnauthorizedSigner, number, hash, signer, len(a.signers), a.sortedSigners())
	}
	limit := a.limit()
	for seen, recent := range a.recents {
		if recent == signer && (number < limit || seen != number-limit) {
			return fmt.Errorf("%w: block %d (%s) is sealed by %s, who sealed block %d; with %d signers, each may seal one block in any %d",
				ErrRecentlySigned, number, hash, signer, seen, len(a.signers), limit)
		}
	}
	want := uint64(1)
	if a.inTurn(number, signer) {
		want = 2
	}
	if difficulty != want {
		turn := "out of turn"
		if want == 2 {
			turn = "in turn"
		}
		return fmt.Errorf("%w: block %d (%s) has difficulty %d; its sealer %s is %s, so want %d",
			ErrDifficulty, number, hash, difficulty, signer, turn, want)
	}
	return nil
}

// checkCheckpoint reports whether a checkpoint's extra-data lists exactly
// the signers (the bytes between the vanity and the seal).
func (a *authority) checkCheckpoint(number uint64, hash common.Hash, list []byte) error {
	signers := a.sortedSigners()
	want := make([]byte, 0, len(signers)*common.AddressLength)
	for _, s := range signers {
		want = append(want, s[:]...)
	}
	if !bytes.Equal(list, want) {
		return fmt.Errorf("%w: checkpoint block %d (%s) lists %v; the signers are %v",
			ErrCheckpointSigners, number, hash, addressList(list), signers)
	}
	return nil
}

// apply moves the authority past a block that passed check: snapshot.apply
// for one header.
func (a *authority) apply(number uint64, coinbase common.Address, nonce types.BlockNonce, signer common.Address, epoch uint64) {
	if number%epoch == 0 {
		a.votes = nil
		a.tally = make(map[common.Address]tally)
	}
	if limit := a.limit(); number >= limit {
		delete(a.recents, number-limit)
	}
	a.recents[number] = signer

	// A signer's new vote on an address replaces its old one.
	for i, v := range a.votes {
		if v.signer == signer && v.address == coinbase {
			a.uncast(v.address, v.authorize)
			a.votes = slices.Delete(a.votes, i, i+1)
			break
		}
	}
	authorize := nonce == nonceAuthVote
	if a.cast(coinbase, authorize) {
		a.votes = append(a.votes, vote{signer: signer, block: number, address: coinbase, authorize: authorize})
	}
	t := a.tally[coinbase]
	if t.votes <= len(a.signers)/2 {
		return
	}
	// The vote passed.
	if t.authorize {
		a.signers[coinbase] = struct{}{}
	} else {
		delete(a.signers, coinbase)
		// One signer fewer may shorten the window by one.
		if limit := a.limit(); number >= limit {
			delete(a.recents, number-limit)
		}
		// The dropped signer's votes no longer count.
		a.votes = slices.DeleteFunc(a.votes, func(v vote) bool {
			if v.signer == coinbase {
				a.uncast(v.address, v.authorize)
				return true
			}
			return false
		})
	}
	// Votes on the address just decided are spent.
	a.votes = slices.DeleteFunc(a.votes, func(v vote) bool { return v.address == coinbase })
	delete(a.tally, coinbase)
}

// cast counts a vote if it would change something (adding a non-signer,
// dropping a signer).
func (a *authority) cast(address common.Address, authorize bool) bool {
	if _, signer := a.signers[address]; signer == authorize {
		return false
	}
	t, ok := a.tally[address]
	if ok {
		t.votes++
	} else {
		t = tally{authorize: authorize, votes: 1}
	}
	a.tally[address] = t
	return true
}

// uncast takes back a counted vote.
func (a *authority) uncast(address common.Address, authorize bool) {
	t, ok := a.tally[address]
	if !ok || t.authorize != authorize {
		return
	}
	if t.votes > 1 {
		t.votes--
		a.tally[address] = t
	} else {
		delete(a.tally, address)
	}
}

// addressList splits a checkpoint's signer bytes for an error message.
func addressList(b []byte) []common.Address {
	var out []common.Address
	for len(b) >= common.AddressLength {
		out = append(out, common.BytesToAddress(b[:common.AddressLength]))
		b = b[common.AddressLength:]
	}
	return out
}
