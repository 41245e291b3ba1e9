package enclave

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/anonify-go/anonify/enclave/checkpoint"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/recovery"
)

// Disaster recovery: after every member enclave is lost, a fresh enclave
// (registered, never a member) rebuilds the state from the ledger with
// the help of k custodians, and governance founds the network again with
// it, state and state hash unchanged.
//
// A recovering enclave follows the ledger like any other. It takes the
// latest checkpoint manifest a registered, admissible enclave signed for
// the epoch it saw begin, at that epoch's position, dealing shares to the
// custodians governance had appointed then; it collects the chunks, and
// buffers what comes after the checkpoint (command batches of that epoch,
// audit events), exactly as a joiner does. The epoch's secret comes from
// custodians' releases (AddRelease) instead of a Welcome: once k of them
// combine into a secret that opens the checkpoint, the enclave loads it,
// applies the buffer and goes on applying that epoch's commands. A newer
// checkpoint replaces the candidate (the network was alive after all):
// the custodians must release that epoch instead.
//
// Releases are not authenticated (see wire/recovery): a bogus one makes
// a combination fail to open the checkpoint, never succeed with another
// state. Each custodian's last few distinct releases are kept and
// combinations are tried newest first, a bounded number per release.

// recovering is a recovering enclave's bookkeeping besides its candidate
// checkpoint (st.joining, with no group).
type recovering struct {
	// The current ledger epoch as this enclave saw it begin, with the
	// custodians of that moment, and what it buffered since.
	EpochAt   chainmsg.Position `json:"epoch_at"`
	EpochCust custodianSet      `json:"epoch_custodians"`
	EpochBuf  []chainmsg.Event  `json:"epoch_buffer,omitempty"`
	// Shares are the opened releases for the candidate, newest last, by
	// custodian.
	Shares map[[32]byte][][]byte `json:"shares,omitempty"`
	// Secret opened the checkpoint of Epoch: the state is rebuilt, and
	// Epoch's later batches are applied with it.
	Secret []byte            `json:"secret,omitempty"`
	Epoch  uint64            `json:"epoch"`
	At     chainmsg.Position `json:"at"` // where Epoch began
	Reason string            `json:"reason,omitempty"`
}

const (
	maxSharesPerCustodian = 4
	maxCombinations       = 256
)

func (e *Enclave) beginRecovery() error {
	switch {
	case e.st.group != nil:
		return fmt.Errorf("%w: this enclave is a member; recovery is for a fresh enclave after every member is lost", ErrRequest)
	case e.st.removed || e.st.expelled[e.Identity()]:
		return fmt.Errorf("%w: this enclave was removed or expelled; start a fresh one", ErrRequest)
	case e.st.rec != nil:
		return nil
	}
	e.st.rec = &recovering{EpochCust: e.st.custodians}
	if e.st.started {
		// Started mid-ledger: it has not seen the current epoch begin, and
		// takes a checkpoint only from the next one on.
		e.st.rec.Reason = "started recovery mid-ledger: waiting for the next epoch's checkpoint"
	}
	e.log.Info("recovery mode: collecting the latest checkpoint; custodians' releases rebuild the state")
	return nil
}

// recovered: the state is rebuilt and this enclave applies commands.
func (e *Enclave) recovered() bool {
	return e.st.rec != nil && e.st.rec.Secret != nil && e.st.joining == nil
}

// holdsState: a member with the state, or a recovered enclave.
func (e *Enclave) holdsState() bool { return e.joinedMember() || e.st.group == nil && e.recovered() }

// secret is the command secret of epoch for this enclave: the group's,
// or the one custodians released to a recovering enclave.
func (e *Enclave) secret(epoch uint64) ([]byte, error) {
	if e.st.group != nil {
		return e.st.group.Secret(epoch)
	}
	if r := e.st.rec; r != nil && r.Secret != nil && r.Epoch == epoch {
		return r.Secret, nil
	}
	return nil, fmt.Errorf("%w: epoch %d (this enclave holds no secret of it)", groupkey.ErrEpoch, epoch)
}

// recoveryEpoch notes that a ledger epoch began at pos.
func (e *Enclave) recoveryEpoch(pos chainmsg.Position) {
	if r := e.st.rec; r != nil && e.st.group == nil {
		r.EpochAt, r.EpochCust, r.EpochBuf, r.Reason = pos, e.st.custodians, nil, ""
	}
}

// recoveryBuffer keeps ev (a batch or an audit event) for a checkpoint of
// the current epoch that may still come.
func (e *Enclave) recoveryBuffer(ev chainmsg.Event) {
	if r := e.st.rec; r != nil && e.st.group == nil {
		r.EpochBuf = append(r.EpochBuf, ev)
	}
}

// recoveryManifest takes a manifest of the current epoch as the new
// candidate.
func (e *Enclave) recoveryManifest(ev *chainmsg.CheckpointEvent) {
	r := e.st.rec
	if ev.Epoch != e.st.epoch {
		return // not the current epoch's
	}
	// One manifest per epoch start: the epoch number comes again only
	// after a re-founding, at a new position.
	if j := e.st.joining; j != nil && j.Epoch == ev.Epoch && j.At == r.EpochAt || r.Secret != nil && r.Epoch == ev.Epoch && r.At == r.EpochAt {
		return
	}
	m, err := e.checkRecoveryManifest(ev, r)
	if err != nil {
		e.log.Warn("refusing checkpoint manifest", "epoch", ev.Epoch, "err", err)
		return
	}
	if r.Secret != nil {
		e.log.Warn("a newer checkpoint: the recovered state is outdated; the custodians must release this epoch", "recovered", r.Epoch, "epoch", m.Epoch)
	}
	if len(m.Shares) == 0 {
		r.Reason = fmt.Sprintf("the checkpoint of epoch %d deals no shares (no custodians were appointed): it cannot be recovered", m.Epoch)
	}
	clear(r.Secret)
	r.Secret, r.Shares = nil, map[[32]byte][][]byte{}
	e.st.joining = &joining{At: r.EpochAt, Epoch: m.Epoch, MLSEpoch: m.MLSEpoch, Custodians: r.EpochCust, buffer: slices.Clone(r.EpochBuf),
		manifest: m, raw: ev.Manifest, chunks: make([][]byte, m.Chunks)}
	e.log.Info("recovery: the latest checkpoint", "epoch", m.Epoch, "chunks", m.Chunks, "threshold", m.Threshold, "custodians", len(m.Shares))
}

// checkRecoveryManifest is checkManifest for an enclave outside the group:
// the signer must be a registered enclave that some authentic policy
// admitted (the enclave cannot see the group's tree), and the MLS epoch is
// taken as stated.
func (e *Enclave) checkRecoveryManifest(ev *chainmsg.CheckpointEvent, r *recovering) (*recovery.Manifest, error) {
	signer, err := chainmsg.Recover(chainmsg.CheckpointDigest(e.chainID(), e.cfg.Contract, ev.Epoch, ev.Manifest), ev.Sig)
	if err != nil {
		return nil, fmt.Errorf("manifest signature: %w", err)
	}
	if reg, ok := e.st.registrations[signer]; !ok || !reg.everAdmissible {
		return nil, fmt.Errorf("manifest signed by %s, not an enclave any policy admitted", signer.Hex())
	}
	m, err := recovery.ParseManifest(ev.Manifest)
	if err != nil {
		return nil, err
	}
	return m, checkManifestFields(m, ev.Epoch, r.EpochAt, m.MLSEpoch, r.EpochCust.Keys, r.EpochCust.Threshold)
}

// addRelease opens a custodian's release and tries to recover.
func (e *Enclave) addRelease(raw []byte) (RecoveryStatus, error) {
	r, j := e.st.rec, e.st.joining
	if r == nil || e.st.group != nil {
		return e.recoveryStatus(), fmt.Errorf("%w: this enclave is not recovering (anonify node --recover)", ErrRequest)
	}
	rel, err := recovery.ParseRelease(raw)
	if err != nil {
		return e.recoveryStatus(), fmt.Errorf("%w: %w", ErrRequest, err)
	}
	if j == nil || j.manifest == nil {
		if r.Secret != nil && rel.Epoch == r.Epoch {
			return e.recoveryStatus(), nil // already recovered with this epoch
		}
		return e.recoveryStatus(), fmt.Errorf("%w: this enclave has no checkpoint to recover yet; it needs the ledger's latest", ErrNotReady)
	}
	if rel.Epoch != j.Epoch {
		return e.recoveryStatus(), fmt.Errorf("%w: a release for epoch %d; this enclave recovers epoch %d, the latest checkpoint", ErrRequest, rel.Epoch, j.Epoch)
	}
	if _, ok := j.manifest.SealedShare(rel.Custodian); !ok {
		return e.recoveryStatus(), fmt.Errorf("%w: custodian %x holds no share of epoch %d", ErrRequest, rel.Custodian, j.Epoch)
	}
	share, err := recovery.OpenRelease(e.request, e.cfg.ChainID, e.cfg.Contract, e.Identity(), rel)
	if err != nil {
		return e.recoveryStatus(), fmt.Errorf("%w: %w", ErrRequest, err)
	}
	have := r.Shares[rel.Custodian]
	if !slices.ContainsFunc(have, func(s []byte) bool { return bytes.Equal(s, share) }) {
		if len(have) == maxSharesPerCustodian {
			have = have[1:]
		}
		r.Shares[rel.Custodian] = append(have, share)
	}
	e.tryRecover()
	return e.recoveryStatus(), nil
}

// tryRecover combines shares, newest first, until a combination opens the
// candidate checkpoint, and loads it.
func (e *Enclave) tryRecover() {
	r, j := e.st.rec, e.st.joining
	if r == nil || j == nil || j.manifest == nil || j.have < len(j.chunks) || len(r.Shares) < int(j.manifest.Threshold) || j.manifest.Threshold == 0 {
		return
	}
	var custodians [][32]byte
	for _, s := range j.manifest.Shares {
		if len(r.Shares[s.Custodian]) > 0 {
			custodians = append(custodians, s.Custodian)
		}
	}
	k, tries := int(j.manifest.Threshold), 0
	var pick func(from int, chosen [][]byte) bool
	pick = func(from int, chosen [][]byte) bool {
		if len(chosen) == k {
			if tries++; tries > maxCombinations {
				return true // give up for now; the next release tries again
			}
			return e.tryShares(j, chosen)
		}
		for c := from; c < len(custodians); c++ {
			have := r.Shares[custodians[c]]
			for i := len(have) - 1; i >= 0; i-- {
				if pick(c+1, append(chosen, have[i])) {
					return true
				}
			}
		}
		return false
	}
	pick(0, nil)
	if !e.recovered() {
		r.Reason = fmt.Sprintf("%d of %d needed custodians released shares, which do not open the checkpoint of epoch %d yet", len(custodians), k, j.Epoch)
	}
}

func (e *Enclave) tryShares(j *joining, shares [][]byte) bool {
	secret, err := checkpoint.Combine(shares)
	if err != nil {
		return false
	}
	key := checkpoint.Key(secret, e.cfg.ChainID, e.cfg.Contract, j.Epoch)
	_, err = checkpoint.Open(key, j.Epoch, j.manifest, j.chunks)
	clear(key)
	if err != nil {
		clear(secret)
		return false
	}
	r := e.st.rec
	r.Secret, r.Epoch, r.At, r.Shares, r.Reason = secret, j.Epoch, j.At, nil, ""
	if !e.loadCheckpoint(j, secret) {
		r.Secret = nil
		return false
	}
	e.log.Info("recovered the state from the custodians' shares; governance can found the network with this enclave",
		"epoch", r.Epoch, "applied", e.st.applied, "state_hash", e.st.stateHash.Hex())
	return true
}

// foundRecovered founds the group around the recovered state: the
// state, its hash and the state-hash key are the lost members'.
func (e *Enclave) foundRecovered(pos chainmsg.Position, nonce uint64) error {
	r := e.st.rec
	if !e.recovered() {
		reason := "founded before it recovered the state; refusing to start an empty network in its place (release the shares, then expel and found again)"
		if r.Reason != "" {
			reason += ": " + r.Reason
		}
		e.log.Error(reason)
		r.Reason = reason
		return nil
	}
	g, err := groupkey.Found(groupkey.GroupID(e.cfg.ChainID, e.cfg.Contract), e.Identity(), e.sigPriv, e.st.epoch)
	if err != nil {
		return err
	}
	clear(r.Secret)
	e.st.group, e.st.rec, e.st.sinceHandshake = g, nil, 0
	e.log.Info("founded the network again with the recovered state", "founding", nonce, "applied", e.st.applied, "state_hash", e.st.stateHash.Hex())
	e.beginEpoch(pos, e.Identity())
	return nil
}

func (e *Enclave) recoveryStatus() RecoveryStatus {
	r := e.st.rec
	if r == nil {
		return RecoveryStatus{}
	}
	s := RecoveryStatus{Recovering: true, Recovered: e.recovered(), Reason: r.Reason}
	if s.Recovered {
		s.Epoch, s.StateHash, s.Applied = r.Epoch, e.st.stateHash, e.st.applied
	}
	if j := e.st.joining; j != nil && j.manifest != nil {
		s.Epoch, s.Manifest, s.Chunks, s.ChunksHave, s.Threshold = j.Epoch, true, len(j.chunks), j.have, int(j.manifest.Threshold)
		for _, sh := range j.manifest.Shares {
			s.Custodians = append(s.Custodians, sh.Custodian)
			if len(r.Shares[sh.Custodian]) > 0 {
				s.Released = append(s.Released, sh.Custodian)
			}
		}
	}
	return s
}
