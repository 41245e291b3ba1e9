package ledgerabi

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// eventIDs are the topic hashes of the contract's events, in a fixed order.
func eventIDs() []common.Hash {
	var ids []common.Hash
	for _, name := range []string{AnonifyLedgerRegisteredEventName, AnonifyLedgerHandshakeEventName, AnonifyLedgerCommandsEventName,
		AnonifyLedgerPolicyChangedEventName, AnonifyLedgerFoundedEventName, AnonifyLedgerExpelledEventName,
		AnonifyLedgerAuditorChangedEventName, AnonifyLedgerAuditEventName, AnonifyLedgerCustodiansChangedEventName,
		AnonifyLedgerCheckpointEventName, AnonifyLedgerCheckpointChunkEventName, AnonifyLedgerProposedEventName,
		AnonifyLedgerApprovedEventName} {
		ids = append(ids, contract.GetABI().Events[name].ID)
	}
	return ids
}

// TestDecodeRefusals: logs that are not the contract's events are errors
// that say what was wrong, never an empty event.
func TestDecodeRefusals(t *testing.T) {
	ids := eventIDs()
	for _, tc := range []struct {
		name string
		log  types.Log
		want string
	}{
		{"no topic", types.Log{}, "no topic"},
		{"unknown topic", types.Log{Topics: []common.Hash{{1}}}, "unknown event topic"},
		{"removed", types.Log{Topics: ids[:1], Removed: true}, "removed by a reorganisation"},
		{"truncated data", types.Log{Topics: ids[2:3], Data: []byte{1, 2, 3}}, "decode log"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeEvent(&tc.log)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("DecodeEvent: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// FuzzDecodeEvent feeds arbitrary data under each event's topic: decoding
// never panics, and a log that decodes yields exactly one event.
func FuzzDecodeEvent(f *testing.F) {
	ids := eventIDs()
	f.Add(byte(0), []byte{})
	f.Add(byte(2), make([]byte, 160))
	f.Fuzz(func(t *testing.T, which byte, data []byte) {
		l := types.Log{Topics: []common.Hash{ids[int(which)%len(ids)]}, Data: data}
		// Indexed arguments come as topics: give every event enough.
		l.Topics = append(l.Topics, common.Hash{31: 1}, common.Hash{31: 2}, common.Hash{31: 3})
		ev, err := DecodeEvent(&l)
		if err != nil {
			if errors.Unwrap(err) == nil {
				t.Fatalf("error without a cause: %v", err)
			}
			return
		}
		set := 0
		for _, p := range []bool{ev.Registered != nil, ev.Handshake != nil, ev.Commands != nil, ev.PolicyChanged != nil,
			ev.Founded != nil, ev.Expelled != nil, ev.Auditor != nil, ev.Audit != nil, ev.Custodians != nil,
			ev.Checkpoint != nil, ev.Chunk != nil, ev.Proposed != nil, ev.Approved != nil} {
			if p {
				set++
			}
		}
		if set != 1 {
			t.Fatalf("decoded %d events from one log", set)
		}
	})
}

// TestEncodeDecode: EncodeEvent and DecodeEvent are inverses for every
// event of the contract.
func TestEncodeDecode(t *testing.T) {
	a, b := common.Address{1}, common.Address{2}
	pos := chainmsg.Position{Block: 7, Index: 3}
	for _, ev := range []chainmsg.Event{
		{Registered: &chainmsg.RegisteredEvent{Identity: a, RequestKey: []byte{1}, KeyPackage: []byte{2}, Evidence: []byte{3}}},
		{Handshake: &chainmsg.HandshakeEvent{Epoch: 4, Committer: a, Payload: []byte{5}, Adds: []common.Address{b}, Removes: []common.Address{}}},
		{Commands: &chainmsg.CommandsEvent{Enclave: a, Epoch: 1, Seq: 2, Ciphertexts: [][]byte{{1, 2}, {3}}}},
		{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: []byte("p"), Sigs: [][]byte{{9}}}},
		{Founded: &chainmsg.FoundedEvent{Identity: a, Nonce: 1, Sigs: [][]byte{{9}}}},
		{Expelled: &chainmsg.ExpelledEvent{Identity: a, Sigs: [][]byte{{9}}}},
		{Auditor: &chainmsg.AuditorChangedEvent{Key: [32]byte{7}, Scope: []byte("s"), Nonce: 1, Sigs: [][]byte{{9}}}},
		{Audit: &chainmsg.AuditEvent{Enclave: a, Epoch: 1, Seq: 0, Header: []byte{1}, Records: [][]byte{{2}}}},
		{Custodians: &chainmsg.CustodiansChangedEvent{Version: 1, Keys: [][32]byte{{1}}, Threshold: 1, Sigs: [][]byte{{9}}}},
		{Checkpoint: &chainmsg.CheckpointEvent{Enclave: a, Epoch: 1, Manifest: []byte{1}, Sig: []byte{2}}},
		{Chunk: &chainmsg.CheckpointChunkEvent{Enclave: a, Epoch: 1, Index: 2, Chunk: []byte{3}}},
		{Proposed: &chainmsg.ProposedEvent{ID: 1, Proposer: a, Kind: 2, Policy: []byte{1}, Target: b, Nonce: 3}},
		{Approved: &chainmsg.ApprovedEvent{ID: 1, Governor: a, Approvals: 2}},
	} {
		ev.Position = pos
		l, err := EncodeEvent(common.Address{9}, ev)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeEvent(l)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, ev) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, ev)
		}
	}
}
