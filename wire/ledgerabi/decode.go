package ledgerabi

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

var errNotUint64 = errors.New("does not fit 64 bits")

// contract is the parsed ABI DecodeEvent reads logs with.
var contract = NewAnonifyLedger()

// DecodeEvent turns one contract log into a chainmsg.Event. A log the ABI does
// not know is an error, not skipped: it means the contract at this address
// was built from other sources, and silently skipping would desynchronise
// the enclaves that replay this log.
func DecodeEvent(l *types.Log) (chainmsg.Event, error) {
	c := contract
	ev := chainmsg.Event{Position: chainmsg.Position{Block: l.BlockNumber, Index: uint64(l.Index)}, TxHash: l.TxHash}
	fail := func(err error) (chainmsg.Event, error) {
		return chainmsg.Event{}, fmt.Errorf("decode log %d of block %d (tx %s): %w", l.Index, l.BlockNumber, l.TxHash, err)
	}
	if l.Removed {
		return fail(fmt.Errorf("log was removed by a reorganisation"))
	}
	if len(l.Topics) == 0 {
		return fail(fmt.Errorf("log has no topic"))
	}
	events := c.GetABI().Events
	switch l.Topics[0] {
	case events[AnonifyLedgerRegisteredEventName].ID:
		e, err := c.UnpackRegisteredEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Registered = &chainmsg.RegisteredEvent{Identity: e.Identity, RequestKey: e.RequestKey, KeyPackage: e.KeyPackage, Evidence: e.Evidence}
	case events[AnonifyLedgerHandshakeEventName].ID:
		e, err := c.UnpackHandshakeEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Handshake = &chainmsg.HandshakeEvent{Epoch: e.Epoch, Committer: e.Committer, Payload: e.Handshake, Adds: e.Adds, Removes: e.Removes}
	case events[AnonifyLedgerCommandsEventName].ID:
		e, err := c.UnpackCommandsEvent(l)
		if err != nil {
			return fail(err)
		}
		cts, err := chainmsg.UnpackBatch(e.Batch)
		if err != nil {
			return fail(err)
		}
		ev.Commands = &chainmsg.CommandsEvent{Enclave: e.Enclave, Epoch: e.Epoch, Seq: e.Seq, Ciphertexts: cts}
	case events[AnonifyLedgerPolicyChangedEventName].ID:
		e, err := c.UnpackPolicyChangedEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.PolicyChanged = &chainmsg.PolicyChangedEvent{Version: e.Version, Policy: e.Policy, Sigs: e.Sigs}
	case events[AnonifyLedgerFoundedEventName].ID:
		e, err := c.UnpackFoundedEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Founded = &chainmsg.FoundedEvent{Identity: e.Identity, Nonce: e.Nonce, Sigs: e.Sigs}
	case events[AnonifyLedgerExpelledEventName].ID:
		e, err := c.UnpackExpelledEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Expelled = &chainmsg.ExpelledEvent{Identity: e.Identity, Sigs: e.Sigs}
	case events[AnonifyLedgerAuditorChangedEventName].ID:
		e, err := c.UnpackAuditorChangedEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Auditor = &chainmsg.AuditorChangedEvent{Key: e.Key, Scope: e.Scope, Nonce: e.Nonce, Sigs: e.Sigs}
	case events[AnonifyLedgerAuditEventName].ID:
		e, err := c.UnpackAuditEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Audit = &chainmsg.AuditEvent{Enclave: e.Enclave, Epoch: e.Epoch, Seq: e.Seq, Header: e.Header, Records: e.Records}
	case events[AnonifyLedgerCustodiansChangedEventName].ID:
		e, err := c.UnpackCustodiansChangedEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Custodians = &chainmsg.CustodiansChangedEvent{Version: e.Version, Keys: e.Keys, Threshold: e.Threshold, Sigs: e.Sigs}
	case events[AnonifyLedgerCheckpointEventName].ID:
		e, err := c.UnpackCheckpointEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Checkpoint = &chainmsg.CheckpointEvent{Enclave: e.Enclave, Epoch: e.Epoch, Manifest: e.Manifest, Sig: e.Sig}
	case events[AnonifyLedgerCheckpointChunkEventName].ID:
		e, err := c.UnpackCheckpointChunkEvent(l)
		if err != nil {
			return fail(err)
		}
		ev.Chunk = &chainmsg.CheckpointChunkEvent{Enclave: e.Enclave, Epoch: e.Epoch, Index: e.Index, Chunk: e.Chunk}
	case events[AnonifyLedgerProposedEventName].ID:
		e, err := c.UnpackProposedEvent(l)
		if err != nil {
			return fail(err)
		}
		if !e.Id.IsUint64() {
			return fail(fmt.Errorf("proposal id %s: %w", e.Id, errNotUint64))
		}
		ev.Proposed = &chainmsg.ProposedEvent{ID: e.Id.Uint64(), Proposer: e.Proposer, Kind: chainmsg.ProposalKind(e.Kind), Policy: e.Policy, Target: e.Target, Nonce: e.Nonce}
	case events[AnonifyLedgerApprovedEventName].ID:
		e, err := c.UnpackApprovedEvent(l)
		if err != nil {
			return fail(err)
		}
		if !e.Id.IsUint64() || !e.Approvals.IsUint64() {
			return fail(fmt.Errorf("proposal id %s or approvals %s: %w", e.Id, e.Approvals, errNotUint64))
		}
		ev.Approved = &chainmsg.ApprovedEvent{ID: e.Id.Uint64(), Governor: e.Governor, Approvals: e.Approvals.Uint64()}
	default:
		return fail(fmt.Errorf("unknown event topic %s (contract built from other sources?)", l.Topics[0]))
	}
	return ev, nil
}
