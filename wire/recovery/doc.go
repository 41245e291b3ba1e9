// Package recovery defines the wire formats of checkpoints and disaster
// recovery: the manifest an enclave posts to the ledger with each epoch's
// checkpoint, the custodians' shares of the epoch's command secret sealed
// in it, and the release a custodian sends a recovering enclave.
//
// Trust: neutral, like wire. It holds no secrets and makes no trust
// decisions; the trusted enclave (enclave/checkpoint) imports it to deal
// shares and open checkpoints, the custodian's CLI to open and release
// shares, and the explorer to read manifests, so every decoder here is
// strict and fuzzed.
//
// # Checkpoints and manifests
//
// Each ledger epoch E has a 32-byte command secret X_E (the MLS exporter)
// that encrypts E's commands. E begins with a checkpoint: the whole state
// as of the handshake that began E, encrypted under a key derived from X_E
// and written to the ledger in chunks (enclave/checkpoint says how). Its
// Manifest, signed by the member that posts it, names the epoch, the
// handshake's ledger position, the chunk layout and the keccak256 root of
// the chunks, and carries X_E split k of n among the custodians
// governance appointed. Manifest.Marshal gives the encoding,
// ParseManifest and Manifest.Check its rules. Every chunk has the size
// Manifest.ChunkBytes says: one power of two from 1 KiB to 64 KiB, or all
// 64 KiB, so the ledger learns the state's size only to that precision.
//
// # Shares
//
// A share is one Shamir share of X_E (at most MaxShare bytes), sealed to a
// custodian's X25519 key with crypto/hpke.Seal in RFC 9180 base mode,
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM (the suite of
// wire/seal.go), single-shot:
//
//	sealed = enc (32 bytes) ‖ AES-128-GCM(share)
//	info   = ShareInfo(chainID, contract, epoch, custodian)
//
// The info binds the share to its network, its epoch and its custodian's
// key, so a share opens as nothing else. A custodian opens it with
// OpenShare, that is crypto/hpke.Open and its private key alone.
//
// # Releases
//
// After every enclave is lost, a fresh enclave is started and registered
// on the ledger with attestation evidence and an HPKE request key. Each
// custodian who accepts that evidence opens its share of the epoch to
// recover and re-seals it to the enclave's request key (SealRelease, with
// ReleaseInfo naming the network, the enclave's identity, the epoch and
// the custodian), and sends the Release, a small JSON object, to the
// enclave's node. With k releases the enclave combines X_E, derives the
// checkpoint key and opens the checkpoint and the epoch's commands.
//
// Nothing authenticates a release's sender (HPKE base mode, and anyone may
// seal to a public key): the enclave believes a combined secret only when
// it opens the checkpoint whose root the signed manifest names. A bogus
// release can make recovery fail, not make it succeed with a wrong state.
//
// # What an outsider learns
//
// From a manifest: the epoch, the position and MLS epoch of the handshake,
// the checkpoint's size class, which custodians hold shares and the
// threshold. The shares' ciphertexts are all the same size. X_E opens
// epoch E's checkpoint and commands and nothing else: releasing one
// epoch's shares reveals the state as of E and E's commands, not the
// commands of any earlier or later epoch.
package recovery
