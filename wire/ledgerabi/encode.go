package ledgerabi

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// EncodeEvent is DecodeEvent's inverse: the log the contract at address
// emits for ev, with ev's position as block number and index. Simulated
// chains use it (tests that seal blocks an enclave verifies); the real
// contract's logs come from the EVM.
func EncodeEvent(address common.Address, ev chainmsg.Event) (*types.Log, error) {
	name, args, err := eventArgs(ev)
	if err != nil {
		return nil, err
	}
	e := contract.GetABI().Events[name]
	if len(args) != len(e.Inputs) {
		return nil, fmt.Errorf("ledgerabi: %s takes %d arguments, got %d", name, len(e.Inputs), len(args))
	}
	topics := []common.Hash{e.ID}
	var data []any
	for i, in := range e.Inputs {
		if !in.Indexed {
			data = append(data, args[i])
			continue
		}
		t, err := abi.MakeTopics([]any{args[i]})
		if err != nil {
			return nil, fmt.Errorf("ledgerabi: %s: topic %s: %w", name, in.Name, err)
		}
		topics = append(topics, t[0][0])
	}
	packed, err := e.Inputs.NonIndexed().Pack(data...)
	if err != nil {
		return nil, fmt.Errorf("ledgerabi: %s: %w", name, err)
	}
	return &types.Log{Address: address, Topics: topics, Data: packed, BlockNumber: ev.Block, Index: uint(ev.Index), TxHash: ev.TxHash}, nil
}

// eventArgs lists ev's arguments in the order of the contract's event.
func eventArgs(ev chainmsg.Event) (string, []any, error) {
	nz := func(b [][]byte) [][]byte {
		if b == nil {
			return [][]byte{}
		}
		return b
	}
	addrs := func(a []common.Address) []common.Address {
		if a == nil {
			return []common.Address{}
		}
		return a
	}
	switch {
	case ev.Registered != nil:
		e := ev.Registered
		return AnonifyLedgerRegisteredEventName, []any{e.Identity, e.RequestKey, e.KeyPackage, e.Evidence}, nil
	case ev.Handshake != nil:
		e := ev.Handshake
		return AnonifyLedgerHandshakeEventName, []any{e.Epoch, e.Committer, e.Payload, addrs(e.Adds), addrs(e.Removes)}, nil
	case ev.Commands != nil:
		e := ev.Commands
		packed, err := chainmsg.PackBatch(e.Ciphertexts)
		if err != nil {
			return "", nil, err
		}
		return AnonifyLedgerCommandsEventName, []any{e.Enclave, e.Epoch, e.Seq, packed}, nil
	case ev.PolicyChanged != nil:
		e := ev.PolicyChanged
		return AnonifyLedgerPolicyChangedEventName, []any{e.Version, e.Policy, nz(e.Sigs)}, nil
	case ev.Founded != nil:
		e := ev.Founded
		return AnonifyLedgerFoundedEventName, []any{e.Identity, e.Nonce, nz(e.Sigs)}, nil
	case ev.Expelled != nil:
		e := ev.Expelled
		return AnonifyLedgerExpelledEventName, []any{e.Identity, nz(e.Sigs)}, nil
	case ev.Auditor != nil:
		e := ev.Auditor
		return AnonifyLedgerAuditorChangedEventName, []any{e.Key, e.Scope, e.Nonce, nz(e.Sigs)}, nil
	case ev.Audit != nil:
		e := ev.Audit
		return AnonifyLedgerAuditEventName, []any{e.Enclave, e.Epoch, e.Seq, e.Header, nz(e.Records)}, nil
	case ev.Custodians != nil:
		e := ev.Custodians
		keys := e.Keys
		if keys == nil {
			keys = [][32]byte{}
		}
		return AnonifyLedgerCustodiansChangedEventName, []any{e.Version, keys, e.Threshold, nz(e.Sigs)}, nil
	case ev.Checkpoint != nil:
		e := ev.Checkpoint
		return AnonifyLedgerCheckpointEventName, []any{e.Epoch, e.Enclave, e.Manifest, e.Sig}, nil
	case ev.Chunk != nil:
		e := ev.Chunk
		return AnonifyLedgerCheckpointChunkEventName, []any{e.Epoch, e.Enclave, e.Index, e.Chunk}, nil
	case ev.Proposed != nil:
		e := ev.Proposed
		return AnonifyLedgerProposedEventName, []any{new(big.Int).SetUint64(e.ID), e.Proposer, uint8(e.Kind), e.Policy, e.Target, e.Nonce}, nil
	case ev.Approved != nil:
		e := ev.Approved
		return AnonifyLedgerApprovedEventName, []any{new(big.Int).SetUint64(e.ID), e.Governor, new(big.Int).SetUint64(e.Approvals)}, nil
	}
	return "", nil, fmt.Errorf("ledgerabi: an event with nothing set")
}
