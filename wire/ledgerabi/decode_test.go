package ledgerabi

import (
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
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
