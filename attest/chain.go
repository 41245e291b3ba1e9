package attest

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// How an enclave knows what the ledger says.
const (
	// ChainTrustedHost: the enclave believes the events its host feeds it.
	// INSECURE, like the simulated TEE: a lying host can make it apply
	// events no block holds. The embedded development chain, which has no
	// seals to check, runs this way; production networks refuse it.
	ChainTrustedHost = "trusted-host"
	// ChainClique: the enclave checks the seal of every header from the
	// pinned genesis on against the Clique signer set that the headers
	// themselves vote, applies a block only once Confirmations blocks are
	// sealed on top of it, and reads the contract's events only from
	// receipts that hash to that block's receipt root.
	ChainClique = "clique"
)

// ChainAnchor is what an enclave trusts about the chain it reads. An
// enclave takes it from its network's first policy (Policy.Chain, part of
// the genesis its evidence binds; unset is a trusted host), so members
// admit only joiners that read the chain the way they do, and clients and
// governance see it. A production policy must pin a verified chain, and a
// later policy that pins another anchor admits no enclave of the network.
type ChainAnchor struct {
	Verify string `json:"verify"`
	// Genesis is the hash of the chain's block 0, whose extra data lists
	// the first Clique signers (ChainClique only).
	Genesis HexBytes `json:"genesis,omitempty"`
	// Epoch is the Clique epoch: every Epoch blocks a checkpoint header
	// lists the signers and drops pending votes (ChainClique only).
	Epoch uint64 `json:"epoch,omitempty"`
	// Confirmations is how many sealed blocks must be on top of a block
	// before the enclave applies it (ChainClique only). With n signers, a
	// branch that replaces a block this deep needs min(Confirmations+1,
	// n/2+1) of them colluding.
	Confirmations uint64 `json:"confirmations,omitempty"`
}

// TrustedHostChain is the anchor of an enclave that believes its host.
func TrustedHostChain() ChainAnchor { return ChainAnchor{Verify: ChainTrustedHost} }

// Insecure reports whether the anchor lets the host decide what the
// enclave applies.
func (a ChainAnchor) Insecure() bool { return a.Verify != ChainClique }

// Validate checks that a is a known, complete anchor.
func (a ChainAnchor) Validate() error {
	switch a.Verify {
	case ChainTrustedHost:
		if len(a.Genesis) != 0 || a.Epoch != 0 || a.Confirmations != 0 {
			return fmt.Errorf("%w: chain %q takes no genesis, epoch or confirmations", ErrPolicy, a.Verify)
		}
	case ChainClique:
		if len(a.Genesis) != 32 {
			return fmt.Errorf("%w: clique chain: genesis hash is %d bytes, want 32", ErrPolicy, len(a.Genesis))
		}
		if a.Epoch == 0 {
			return fmt.Errorf("%w: clique chain: epoch 0 (geth's default is 30000)", ErrPolicy)
		}
		if a.Confirmations == 0 {
			return fmt.Errorf("%w: clique chain: 0 confirmations would let one signer's out-of-turn block reach the enclaves", ErrPolicy)
		}
	default:
		return fmt.Errorf("%w: chain verification %q is neither %q nor %q", ErrPolicy, a.Verify, ChainClique, ChainTrustedHost)
	}
	return nil
}

// AnchorOf is the chain anchor a network's first policy gives its
// enclaves: its Chain, or a trusted host when it pins none.
func AnchorOf(genesisPolicy *Policy) ChainAnchor {
	if genesisPolicy == nil || genesisPolicy.Chain == nil {
		return TrustedHostChain()
	}
	return *genesisPolicy.Chain
}

// Equal reports whether a and b are the same anchor.
func (a ChainAnchor) Equal(b ChainAnchor) bool { return a.Hash() == b.Hash() }

// String names the anchor for messages.
func (a ChainAnchor) String() string {
	if a.Verify != ChainClique {
		return a.Verify + " (INSECURE: believes its host)"
	}
	return fmt.Sprintf("clique from genesis %x, epoch %d, %d confirmations", []byte(a.Genesis), a.Epoch, a.Confirmations)
}

const chainLabel = "anonify-chain-anchor-v1"

// Hash commits to every field: SHA-256 over a label and the
// length-prefixed fields.
func (a ChainAnchor) Hash() [32]byte {
	h := sha256.New()
	h.Write([]byte(chainLabel))
	var n [8]byte
	for _, f := range [][]byte{[]byte(a.Verify), a.Genesis} {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write(f)
	}
	for _, v := range []uint64{a.Epoch, a.Confirmations} {
		binary.BigEndian.PutUint64(n[:], v)
		h.Write(n[:])
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// CheckChain applies the policy's chain rule to an enclave's anchor (the
// one its genesis gives it): the anchor the policy pins, if it pins one;
// on a production network it always does (Validate), and never a trusted
// host.
func (p *Policy) CheckChain(a ChainAnchor) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Insecure() && p.Network != NetworkDev {
		return fmt.Errorf("%w: an enclave that believes its host's events (chain %q) on a %q network", ErrPolicy, a.Verify, p.Network)
	}
	if p.Chain != nil && !p.Chain.Equal(a) {
		return fmt.Errorf("%w: the enclave reads the chain as %s; the policy pins %s", ErrPolicy, a, *p.Chain)
	}
	return nil
}
