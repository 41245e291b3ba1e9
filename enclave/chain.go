package enclave

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/cliquechain"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// How the enclave knows what the ledger says is fixed by its network's
// first policy (attest.AnchorOf of Genesis.Policy, which the genesis hash
// in its evidence covers):
//
//   - a trusted host (INSECURE; the embedded development chain): the host
//     feeds events (Apply), and the enclave believes them;
//   - a Clique chain: the host feeds blocks (ApplyBlocks), and the enclave
//     checks every header's seal from the pinned genesis on, applies a
//     block only once it is final (enough sealed blocks on top), and reads
//     the contract's events only from receipts that hash to that block's
//     receipt root (enclave/cliquechain). A host can then delay the
//     enclave, but not make it apply an event no final block holds, nor
//     hide one that a final block holds.

// chainReader is the state of an enclave that verifies the chain itself.
type chainReader struct {
	v *cliquechain.Verifier
	// receipts of held blocks whose bloom names the contract, kept until
	// the block is final and its logs are taken. Not sealed: after a
	// restart the host feeds them again (ChainFeed.Wants).
	receipts map[common.Hash]types.Receipts
	// applied is the newest block whose events are all applied.
	applied uint64
}

// anchorOf reads the chain anchor of cfg's genesis policy.
func anchorOf(cfg Config) (attest.ChainAnchor, error) {
	if err := cfg.Genesis.CheckPolicy(); err != nil {
		return attest.ChainAnchor{}, fmt.Errorf("enclave: network genesis: %w (the host must give the first policy: it says how the enclave reads the chain)", err)
	}
	p, err := attest.ParsePolicy(cfg.Genesis.Policy)
	if err != nil {
		return attest.ChainAnchor{}, fmt.Errorf("enclave: the network's first policy does not parse: %w", err)
	}
	return attest.AnchorOf(p), nil
}

// verifierConfig is the light client's configuration for anchor a.
func verifierConfig(a attest.ChainAnchor) cliquechain.Config {
	return cliquechain.Config{
		Genesis:       common.BytesToHash(a.Genesis),
		Clique:        params.CliqueConfig{Epoch: a.Epoch},
		Confirmations: a.Confirmations,
	}
}

// newChainReader starts the light client at the chain's genesis header,
// which the host gives and the anchor pins.
func newChainReader(a attest.ChainAnchor, genesis *types.Header) (*chainReader, error) {
	if genesis == nil {
		return nil, fmt.Errorf("enclave: the network's first policy pins a Clique chain (%s); the host must give its genesis header (Config.ChainGenesis)", a)
	}
	v, err := cliquechain.New(genesis, verifierConfig(a))
	if err != nil {
		return nil, fmt.Errorf("enclave: chain genesis: %w", err)
	}
	return &chainReader{v: v, receipts: map[common.Hash]types.Receipts{}}, nil
}

// restoreChainReader reopens a sealed light client.
func restoreChainReader(a attest.ChainAnchor, sealed []byte, applied uint64) (*chainReader, error) {
	v, err := cliquechain.Restore(sealed, verifierConfig(a))
	if err != nil {
		return nil, fmt.Errorf("%w: chain verifier: %v", ErrSealedBlob, err)
	}
	return &chainReader{v: v, receipts: map[common.Hash]types.Receipts{}, applied: applied}, nil
}

func (c *chainReader) feed(contract common.Address) ChainFeed {
	f := ChainFeed{Confirmations: c.v.Confirmations(), Applied: c.applied}
	for _, h := range c.v.Branch() {
		f.Held = append(f.Held, chainmsg.BlockID{Number: h.Number.Uint64(), Hash: h.Hash()})
	}
	for _, h := range c.v.Pending() {
		hash := h.Hash()
		if _, ok := c.receipts[hash]; !ok && cliquechain.MayHaveLogs(h, contract) {
			f.Wants = append(f.Wants, chainmsg.BlockID{Number: h.Number.Uint64(), Hash: hash})
		}
	}
	return f
}

// applyBlocks verifies blocks and applies the events of every block that
// becomes final, in order, and returns those events. Blocks before a
// refused one stay; the error says what was refused.
func (e *Enclave) applyBlocks(blocks []chainmsg.Block) ([]chainmsg.Event, error) {
	c := e.st.chain
	if c == nil {
		return nil, fmt.Errorf("%w: this enclave believes its host (its network's first policy pins no chain it could verify); feed it events, not blocks", ErrChainFeed)
	}
	contract := e.cfg.Contract
	// A refused block ends the feed, but the blocks before it stay, and
	// those that became final are applied below all the same.
	var refused error
	for _, b := range blocks {
		if b.Header == nil {
			refused = fmt.Errorf("%w: a block without a header", ErrChainFeed)
			break
		}
		if err := c.v.Insert(b.Header); err != nil {
			refused = fmt.Errorf("%w: %w", ErrChainFeed, err)
			break
		}
		if b.Receipts != nil && cliquechain.MayHaveLogs(b.Header, contract) {
			c.receipts[b.Header.Hash()] = b.Receipts
		}
	}
	defer c.prune()
	var applied []chainmsg.Event
	for {
		h := c.v.Next()
		if h == nil {
			return applied, refused
		}
		hash := h.Hash()
		receipts, have := c.receipts[hash]
		if cliquechain.MayHaveLogs(h, contract) && !have {
			return applied, refused // the host feeds them next (ChainFeed.Wants)
		}
		logs, err := c.v.TakeLogs(hash, receipts, contract)
		if err != nil {
			delete(c.receipts, hash) // the host's receipts; wait for the right ones
			return applied, fmt.Errorf("%w: %w", ErrChainFeed, err)
		}
		delete(c.receipts, hash)
		events := make([]chainmsg.Event, 0, len(logs))
		for _, l := range logs {
			// The receipts root commits to the receipts but not to the
			// transaction hashes: an outcome's TxHash is the host's word,
			// which the client checks on its own view of the chain.
			if int(l.TxIndex) < len(receipts) {
				l.TxHash = receipts[l.TxIndex].TxHash
			}
			ev, err := ledgerabi.DecodeEvent(l)
			if err != nil {
				// A sealed block holds a log of the contract's address
				// that is not one of its events: the contract there is
				// not this build's. Nothing later can be applied safely.
				return applied, fmt.Errorf("%w: block %d: %w", ErrChainFeed, h.Number, err)
			}
			events = append(events, ev)
		}
		if len(events) > 0 {
			if err := e.apply(events); err != nil {
				return applied, err
			}
			applied = append(applied, events...)
		}
		c.applied = h.Number.Uint64()
	}
}

// prune drops receipts of blocks the verifier no longer holds (a branch
// that lost, or blocks taken).
func (c *chainReader) prune() {
	if len(c.receipts) == 0 {
		return
	}
	held := map[common.Hash]bool{}
	for _, h := range c.v.Branch() {
		held[h.Hash()] = true
	}
	for _, h := range c.v.Pending() {
		held[h.Hash()] = true
	}
	for hash := range c.receipts {
		if !held[hash] {
			delete(c.receipts, hash)
		}
	}
}
