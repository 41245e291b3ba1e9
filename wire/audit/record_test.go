package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func commandRecord() *Record {
	id := common.HexToHash("0xabcdef")
	signer := acctA
	return &Record{
		Seq: 7, Kind: KindCommand, Scope: "erc20:functions=transfer,transfer_from",
		Block: 1234, LogIndex: 3,
		ID: &id, Signer: &signer, App: "erc20", Function: "transfer",
		Args: json.RawMessage(`{"to":"` + hexB + `","amount":"10"}`),
		OK:   true,
		State: []Entry{
			{Slot: "balance", Key: json.RawMessage(`"` + hexA + `"`), Value: json.RawMessage(`"90"`)},
			{Slot: "balance", Key: json.RawMessage(`"` + hexB + `"`), Value: json.RawMessage(`"10"`)},
		},
	}
}

func snapshotRecord() *Record {
	return &Record{
		Seq: 0, Kind: KindSnapshot, Scope: "erc20", Block: 99, LogIndex: 0, Part: 1, Parts: 3,
		State: []Entry{
			{Slot: "total_supply", Value: json.RawMessage(`"100"`)},
			{Slot: "allowance", Key: json.RawMessage(`["` + hexA + `","` + hexB + `"]`), Value: json.RawMessage(`"5"`)},
			{Slot: "balance", Key: json.RawMessage(`"` + hexC + `"`)}, // deleted: Value nil encodes as null
		},
	}
}

func mustMarshal(t testing.TB, r *Record) []byte {
	t.Helper()
	b, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRecordRoundTrip(t *testing.T) {
	rejected := commandRecord()
	rejected.OK, rejected.Reason, rejected.State = false, "insufficient balance: have 1, need 10", nil
	tests := []struct {
		name string
		r    *Record
		want string // the exact encoding, when given
	}{
		{"command", commandRecord(), `{"seq":7,"kind":"command","scope":"erc20:functions=transfer,transfer_from","block":1234,"log_index":3,` +
			`"id":"0x0000000000000000000000000000000000000000000000000000000000abcdef","signer":"` + hexA + `","app":"erc20","function":"transfer",` +
			`"args":{"to":"` + hexB + `","amount":"10"},"ok":true,` +
			`"state":[{"slot":"balance","key":"` + hexA + `","value":"90"},{"slot":"balance","key":"` + hexB + `","value":"10"}]}`},
		{"rejected command, nil state", rejected, `{"seq":7,"kind":"command","scope":"erc20:functions=transfer,transfer_from","block":1234,"log_index":3,` +
			`"id":"0x0000000000000000000000000000000000000000000000000000000000abcdef","signer":"` + hexA + `","app":"erc20","function":"transfer",` +
			`"args":{"to":"` + hexB + `","amount":"10"},"ok":false,"reason":"insufficient balance: have 1, need 10","state":[]}`},
		{"snapshot", snapshotRecord(), `{"seq":0,"kind":"snapshot","scope":"erc20","block":99,"log_index":0,"part":1,"parts":3,"ok":false,` +
			`"state":[{"slot":"total_supply","value":"100"},{"slot":"allowance","key":["` + hexA + `","` + hexB + `"],"value":"5"},` +
			`{"slot":"balance","key":"` + hexC + `","value":null}]}`},
		{"first part of an empty snapshot", &Record{Kind: KindSnapshot, Scope: "voting", Parts: 1}, `{"seq":0,"kind":"snapshot","scope":"voting","block":0,"log_index":0,"parts":1,"ok":false,"state":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mustMarshal(t, tt.r)
			if tt.want != "" && string(b) != tt.want {
				t.Fatalf("Marshal =\n%s\nwant\n%s", b, tt.want)
			}
			got, err := ParseRecord(b)
			if err != nil {
				t.Fatal(err)
			}
			if again := mustMarshal(t, got); !bytes.Equal(again, b) {
				t.Fatalf("Marshal(ParseRecord(b)) =\n%s\nwant\n%s", again, b)
			}
			if got.Seq != tt.r.Seq || got.Kind != tt.r.Kind || got.Scope != tt.r.Scope || len(got.State) != len(tt.r.State) {
				t.Fatalf("ParseRecord = %+v, want %+v", got, tt.r)
			}
		})
	}
}

// TestRecordMarshalCompacts: records that differ only in JSON whitespace
// encode to the same bytes, and Marshal leaves its record alone.
func TestRecordMarshalCompacts(t *testing.T) {
	spaced := commandRecord()
	spaced.Args = json.RawMessage("{ \"to\" : \"" + hexB + "\",\n\t\"amount\": \"10\" }")
	spaced.State[0].Key = json.RawMessage(" \"" + hexA + "\" ")
	spaced.State[1].Value = json.RawMessage("\n\"10\"\n")
	args := string(spaced.Args)
	if a, b := mustMarshal(t, commandRecord()), mustMarshal(t, spaced); !bytes.Equal(a, b) {
		t.Fatalf("equal records encode differently:\n%s\n%s", a, b)
	}
	if string(spaced.Args) != args {
		t.Fatal("Marshal changed the record")
	}
	deleted := []*Record{snapshotRecord(), snapshotRecord()}
	deleted[1].State[2].Value = json.RawMessage(" null")
	if a, b := mustMarshal(t, deleted[0]), mustMarshal(t, deleted[1]); !bytes.Equal(a, b) {
		t.Fatalf("a nil and a null value encode differently:\n%s\n%s", a, b)
	}
}

// TestRecordRefuses: Marshal refuses the records ParseRecord refuses.
func TestRecordRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *Record)
		msg    string
	}{
		{"unknown kind", func(r *Record) { r.Kind = "note" }, `kind "note" is neither "snapshot" nor "command"`},
		{"empty kind", func(r *Record) { r.Kind = "" }, `kind "" is neither`},
		{"no scope", func(r *Record) { r.Scope = "" }, "scope is empty"},
		{"bad scope", func(r *Record) { r.Scope = "erc20:colour=red" }, `unknown narrowing "colour"`},
		{"scope not canonical", func(r *Record) { r.Scope = "erc20:functions=transfer_from,transfer" }, `is not in canonical form (want "erc20:functions=transfer,transfer_from")`},
		{"command without id", func(r *Record) { r.ID = nil }, "needs an id and a signer"},
		{"command without signer", func(r *Record) { r.Signer = nil }, "needs an id and a signer"},
		{"command without app", func(r *Record) { r.App = "" }, `app "" or function "transfer" is not a valid name`},
		{"command without function", func(r *Record) { r.Function = "" }, `app "erc20" or function "" is not a valid name`},
		{"command of another app", func(r *Record) { r.App = "voting" }, `command of app "voting" under scope`},
		{"command outside the scope's functions", func(r *Record) { r.Function = "mint" }, `function "mint" is outside scope`},
		{"command with parts", func(r *Record) { r.Parts = 1 }, "a command record has snapshot parts"},
		{"args not JSON", func(r *Record) { r.Args = json.RawMessage(`{"to":`) }, "args is not JSON"},
		{"two args", func(r *Record) { r.Args = json.RawMessage(`{} {}`) }, "args is not JSON"},
		{"bad slot", func(r *Record) { r.State[1].Slot = "Balance" }, `slot name "Balance" is not 1 to 64 of a-z, 0-9, '_' and '-'`},
		{"empty slot", func(r *Record) { r.State[0].Slot = "" }, `slot name ""`},
		{"key not JSON", func(r *Record) { r.State[0].Key = json.RawMessage(`0x11`) }, "key is not JSON"},
		{"null key", func(r *Record) { r.State[0].Key = json.RawMessage(`null`) }, `key of slot "balance" is null`},
		{"value not JSON", func(r *Record) { r.State[1].Value = json.RawMessage(`"10`) }, "value is not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := commandRecord()
			tt.change(r)
			checkRefused(t, r, tt.msg)
		})
	}
	// Invalid UTF-8, which encoding/json would replace (reason) or keep
	// (args) and ParseRecord refuses as a whole (TestParseRecordStrict).
	for _, tt := range []struct {
		name   string
		change func(r *Record)
		msg    string
	}{
		{"args not UTF-8", func(r *Record) { r.Args = json.RawMessage("\"\xff\"") }, "args is not valid UTF-8"},
		{"key not UTF-8", func(r *Record) { r.State[0].Key = json.RawMessage("\"\xff\"") }, "key is not valid UTF-8"},
		{"reason not UTF-8", func(r *Record) { r.OK, r.Reason = false, "bad \xff" }, "reason is not valid UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := commandRecord()
			tt.change(r)
			if _, err := r.Marshal(); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Marshal = %v, want ErrMalformed containing %q", err, tt.msg)
			}
		})
	}
	snapshots := []struct {
		name   string
		change func(r *Record)
		msg    string
	}{
		{"no parts", func(r *Record) { r.Part, r.Parts = 0, 0 }, "a snapshot needs parts of at least 1"},
		{"part past the end", func(r *Record) { r.Part = 3 }, "snapshot part 3 of 3"},
		{"with an id", func(r *Record) { r.ID = &common.Hash{1} }, "a snapshot has a command field"},
		{"with a signer", func(r *Record) { r.Signer = &acctA }, "a snapshot has a command field"},
		{"with an app", func(r *Record) { r.App = "erc20" }, "a snapshot has a command field"},
		{"with args", func(r *Record) { r.Args = json.RawMessage(`{}`) }, "a snapshot has a command field"},
		{"ok", func(r *Record) { r.OK = true }, "a snapshot has a command field"},
		{"with a reason", func(r *Record) { r.Reason = "x" }, "a snapshot has a command field"},
	}
	for _, tt := range snapshots {
		t.Run("snapshot "+tt.name, func(t *testing.T) {
			r := snapshotRecord()
			tt.change(r)
			checkRefused(t, r, tt.msg)
		})
	}
}

// checkRefused checks that Marshal refuses r and that ParseRecord refuses
// r's encoding (made by encoding/json, which Marshal would not make).
func checkRefused(t *testing.T, r *Record, msg string) {
	t.Helper()
	if _, err := r.Marshal(); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), msg) {
		t.Fatalf("Marshal = %v, want ErrMalformed containing %q", err, msg)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return // not JSON: nothing for ParseRecord to see
	}
	if _, err := ParseRecord(b); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), msg) {
		t.Fatalf("ParseRecord(%s) = %v, want ErrMalformed containing %q", b, err, msg)
	}
}

// TestParseRecordStrict: encodings that no Marshal makes.
func TestParseRecordStrict(t *testing.T) {
	good := string(mustMarshal(t, snapshotRecord()))
	tests := []struct{ name, in, msg string }{
		{"empty", ``, "EOF"},
		{"not an object", `[]`, "cannot unmarshal array"},
		{"unknown field", strings.Replace(good, `"seq":0`, `"seq":0,"epoch":1`, 1), `unknown field "epoch"`},
		{"unknown entry field", strings.Replace(good, `"slot":"total_supply"`, `"slot":"total_supply","memory":1`, 1), `unknown field "memory"`},
		{"trailing object", good + `{}`, "data after the record"},
		{"trailing garbage", good + `x`, "data after the record"},
		{"null state", strings.Replace(good, `"state":[`, `"state":null,"x":[`, 1), "unknown field"},
		{"missing state", `{"seq":0,"kind":"snapshot","scope":"erc20","block":0,"log_index":0,"parts":1,"ok":false}`, "state is missing or null"},
		{"state null", `{"seq":0,"kind":"snapshot","scope":"erc20","block":0,"log_index":0,"parts":1,"ok":false,"state":null}`, "state is missing or null"},
		{"negative seq", strings.Replace(good, `"seq":0`, `"seq":-1`, 1), "cannot unmarshal number -1"},
		{"fractional block", strings.Replace(good, `"block":99`, `"block":9.5`, 1), "cannot unmarshal number 9.5"},
		{"seq over 64 bits", strings.Replace(good, `"seq":0`, `"seq":18446744073709551616`, 1), "cannot unmarshal number"},
		{"part over 32 bits", strings.Replace(good, `"part":1`, `"part":4294967296`, 1), "cannot unmarshal number"},
		{"bad id", `{"seq":0,"kind":"command","scope":"erc20","block":0,"log_index":0,"id":"0x12","signer":"` + hexA + `","app":"erc20","function":"mint","ok":true,"state":[]}`, "hex string has length 2"},
		{"invalid UTF-8", strings.Replace(good, `"100"`, "\"1\xff\"", 1), "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRecord([]byte(tt.in))
			if err == nil {
				t.Fatalf("ParseRecord accepted %s as %+v", tt.in, r)
			}
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("ParseRecord = %v, want ErrMalformed containing %q", err, tt.msg)
			}
		})
	}
	// Whitespace and key order are no business of the format.
	loose := " {\"state\":[],\"ok\":false,\"parts\":1,\"log_index\":0,\"block\":0,\"scope\":\"erc20\",\"kind\":\"snapshot\",\"seq\":0}\n"
	if _, err := ParseRecord([]byte(loose)); err != nil {
		t.Fatalf("ParseRecord(%q) = %v", loose, err)
	}
}
