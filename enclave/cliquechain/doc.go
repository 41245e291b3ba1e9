// Package cliquechain is the enclave's light client for a Clique
// proof-of-authority chain (geth's Clique, the consensus Anonify's
// permissioned networks run on): it verifies the headers its host feeds
// it, from a genesis the enclave pins, decides which of them are final,
// and checks every block's receipts against its header, so that the
// events the enclave applies are exactly the contract's logs in the
// blocks the chain's signers sealed: none forged, none left out, none
// from a block the signers did not seal.
//
// Trust: TRUSTED. It runs inside the enclave and believes nothing its
// host says: headers, receipts and transactions are checked against the
// seals of the chain's signers, starting from the pinned genesis.
//
// # Headers
//
// New takes the genesis header (or any epoch checkpoint the enclave pins
// instead) and the hash the enclave pinned for it; the signer list in its
// extra-data is the first authority. Insert then accepts a header only if
// it extends a header the verifier holds and follows Clique (EIP-225) as
// go-ethereum implements it (consensus/clique, whose snapshot rules this
// package reproduces and its tests compare against, header by header):
//
//   - the seal, the 65-byte signature at the end of the extra-data over
//     the header without it (clique.SealHash), recovers to a signer of the
//     authority at the parent;
//   - that signer sealed none of the last len(signers)/2 blocks (a signer
//     seals at most one block in any len(signers)/2+1);
//   - the difficulty is 2 if the signer is in turn (number mod
//     len(signers) is its index in the sorted signer list), else 1;
//   - a vote (the coinbase, with nonce 0xff..ff to add it as a signer or
//     0x00..00 to drop it) counts as Clique counts it: one per signer and
//     address, passed by more than half of the signers, forgotten at every
//     epoch checkpoint;
//   - a checkpoint block (number mod Epoch = 0) votes for nobody and lists
//     exactly the signers the verifier computed;
//   - the mix digest is zero, the uncle hash empty, no post-London field
//     is set (Clique chains end before Shanghai, and the seal does not
//     cover those fields), and the time is at least the parent's plus the
//     period.
//
// It does not check the block's execution (state root, gas limit moves,
// base fee): it trusts the signers for what they execute, as it trusts
// them for the receipts. Nor does it refuse blocks from the future: it has
// no clock it can trust.
//
// # Finality
//
// Clique chains fork: two signers seal at the same height, or a
// partitioned group of signers goes on alone. The verifier holds every
// header above the last final one as a tree, follows the heaviest branch
// (Clique's fork choice: total difficulty; on a tie the branch it saw
// first), and calls a header final once it is Confirmations() blocks
// below the best tip. A final header is never replaced: a header that
// would branch off at or below it is refused with ErrDeepReorg, and the
// enclave stops rather than apply a second history.
//
// Why that is safe. With N signers, K = N/2+1 (integer division), a signer
// may seal at most one block in any K consecutive blocks. So a group of m
// < K signers (a minority), sealing alone from some fork point, can seal
// at most m blocks (then all of them are among the last K-1 sealers) and
// cannot pass a vote (that takes K votes): its branch weighs at most 2m
// <= 2(K-1) = 2·(N/2). The branch holding a final header carries at least
// Confirmations()+1 blocks after any fork point below it, each weighing at
// least 1. Hence with Confirmations() >= 2·(N/2) no branch that a minority
// of signers sealed can outweigh it: replacing a final header takes a
// branch that at least K distinct signers sealed after the fork point,
// while at least K had sealed the branch it replaces, and so at least one
// signer that sealed both. A depth of only K (N/2+1) is not enough under
// total-difficulty fork choice: a minority's in-turn blocks (weight 2 each)
// can tie or outweigh a majority's longer out-of-turn run (e.g. N=5: two
// in-turn blocks weigh 4, as much as four out-of-turn ones). The verifier
// therefore never uses fewer than MinConfirmations(N) = 2·(N/2)
// confirmations, whatever Config.Confirmations says (N is the signer count
// at the final header): 2 for 3 signers (the node's default), 4 for 4 or
// 5, 0 for a single signer, whose blocks nobody else can contest.
//
// Finality also vouches for execution, which the verifier does not check:
// since 2·(N/2) >= K-1, a final block and the blocks on top of it are at
// least K consecutive blocks, sealed by K distinct signers, and an honest
// sealer seals only on top of blocks it executed and found valid. A block
// whose receipts no transaction produced (a forged event) can be sealed by
// one dishonest signer, but it becomes final only if a majority of signers
// seals it or builds on it.
//
// What a host can still do, and what the verifier cannot help with, is in
// docs/THREAT_MODEL.md: withhold headers (the enclave falls behind, never
// forward), feed nothing at all, and nothing stops signers that collude
// (a majority sealing two histories, or all of them sealing a forged
// execution) or a wrong genesis pin.
//
// # Receipts and events
//
// Every final header enters a queue in chain order (Next), and leaves it
// only through TakeLogs, which checks the block's receipts against the
// header's receipts root (types.DeriveSha over a stack trie): the host can
// neither drop, add, reorder nor alter a receipt or a log of a final
// block, nor skip a block. A block whose logs bloom does not contain the
// contract's address has no log of the contract (blooms have no false
// negatives), so the host sends no receipts for it (MayHaveLogs). The
// logs come back with their block number and hash, transaction index and
// log index (the position in the block) set; their transaction hashes are
// not covered by the receipts root, and TxHashes checks a block's
// transactions against its transactions root when the caller needs them.
//
// # State
//
// The whole verifier (config, authority at the final header, the final
// headers whose logs are not taken, the unconfirmed tree and its best
// tip) is MarshalBinary's output, for the enclave to seal, and Restore's
// input. The headers it holds, unconfirmed and final-not-taken together,
// are at most Config.MaxHeaders (ErrTooManyHeaders beyond). A Verifier is
// not safe for concurrent use.
//
// # Why not consensus/clique itself
//
// go-ethereum's engine wants a ChainHeaderReader and an ethdb for its
// snapshots, keeps its state in caches and a database the enclave could
// not seal as one value, and links the EVM (core/vm), which the lean node
// binary must not (cmd/anonify-node's TestLean): even clique.SealHash
// cannot be imported without it. The snapshot rules are short, so this
// package restates them (authority.go) and its tests hold them to the
// library's engine on the same headers (library_test.go), and hold
// sealHash to clique.SealHash.
package cliquechain
