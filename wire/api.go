package wire

import (
	"encoding/json"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// HTTP API of a node (all bodies JSON; byte strings as 0x-hex):
//
//	GET  /v1/enclave         EnclaveInfo: who to seal requests to, with evidence
//	GET  /v1/apps            Apps: the enclave's apps, functions and argument types
//	POST /v1/requests        SubmitRequest → SubmitResponse (202 command, 200 query)
//	GET  /v1/commands/{id}   CommandStatus: pending, done (sealed outcome) or unknown
//	GET  /v1/status          NodeStatus
//
// Errors come back as an Error body with a 4xx/5xx status. The whole API,
// with the operator's endpoints, is node/openapi.json (OpenAPI 3.1).

// EnclaveInfo describes the node's enclave. Clients must not trust it as
// given: they verify Evidence and check that it binds RequestKey, Identity,
// ChainID and Contract (attest.Binding).
type EnclaveInfo struct {
	Identity   common.Address `json:"identity"`
	RequestKey hexutil.Bytes  `json:"request_key"`
	KeyPackage hexutil.Bytes  `json:"key_package,omitempty"`
	Evidence   hexutil.Bytes  `json:"evidence"`
	TEEKind    string         `json:"tee_kind"`
	ChainID    uint64         `json:"chain_id"`
	Contract   common.Address `json:"contract"`
	// Genesis is the hash of the network genesis the evidence binds
	// (wire/chainmsg.Genesis); a client pinned to a ledger compares it.
	Genesis common.Hash `json:"genesis"`
	// Build is "production" or "development" (see enclave/build_*.go).
	Build string `json:"build"`
}

type SubmitRequest struct {
	Sealed hexutil.Bytes `json:"sealed"`
}

type SubmitResponse struct {
	ID     common.Hash   `json:"id"`
	Kind   string        `json:"kind"`
	Answer hexutil.Bytes `json:"answer,omitempty"` // queries: sealed Answer
}

// Command states as a host sees them; the host never learns whether the
// command succeeded, only that the enclave produced a sealed outcome.
const (
	StatusPending = "pending"
	StatusDone    = "done"
	// StatusUnknown: the node holds no outcome for the id and its enclave
	// is not working on it: the node restarted since it took the command
	// (its outcomes are kept in memory), or never took it. The sender asks
	// any node for the command's fate (FateQuery), or sends the same
	// request again, which is idempotent.
	StatusUnknown = "unknown"
)

type CommandStatus struct {
	ID      common.Hash   `json:"id"`
	Status  string        `json:"status"`
	Outcome hexutil.Bytes `json:"outcome,omitempty"` // sealed Outcome
}

// Outcome is the plaintext of a command's sealed outcome.
//
// Block, TxHash and Ciphertext say where the ledger ordered the command:
// the transaction of its batch, the block that included it, and the
// keccak256 hash of the ciphertext in that batch that carried it. The
// enclave fills them in from the event its host gave it, which it cannot
// check; a client with its own view of the chain checks them there (see
// client.Client.Wait), so that a host cannot confirm a command that is
// not on the ledger.
type Outcome struct {
	ID    common.Hash `json:"id"`
	OK    bool        `json:"ok"`
	Error string      `json:"error,omitempty"`
	// Stale: rejected when applied because another command of the sender
	// had used its counter first (the node that took it had not applied
	// that one yet). It never ran and never will: the client may send the
	// command again with a fresh counter, which the SDK does once.
	Stale      bool        `json:"stale,omitempty"`
	Block      uint64      `json:"block"`
	Epoch      uint64      `json:"epoch"`
	TxHash     common.Hash `json:"tx_hash"`
	Ciphertext common.Hash `json:"ciphertext"`
}

// Answer is the plaintext of a query's sealed answer.
type Answer struct {
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
}

type NodeStatus struct {
	Identity        common.Address `json:"identity"`
	TEEKind         string         `json:"tee_kind"`
	Member          bool           `json:"member"`
	Epoch           uint64         `json:"epoch"`
	AppliedBlock    uint64         `json:"applied_block"`
	AppliedCommands uint64         `json:"applied_commands"`
	StateHash       common.Hash    `json:"state_hash"`
	Pending         int            `json:"pending"`
	ChainID         uint64         `json:"chain_id"`
	Contract        common.Address `json:"contract"`
}

// RecoveryStatus is a recovering node's progress (GET /v1/recovery; the
// answer to POST /v1/recovery/release): the latest checkpoint its enclave
// holds, whose custodians' shares opened there, and once the state is
// rebuilt its hash. All of it is public: the ledger holds the checkpoint
// and the custodian set.
type RecoveryStatus struct {
	Recovering bool            `json:"recovering"`
	Identity   common.Address  `json:"identity"`
	Epoch      uint64          `json:"epoch"`
	Manifest   bool            `json:"manifest"`
	Chunks     int             `json:"chunks"`
	ChunksHave int             `json:"chunks_have"`
	Threshold  int             `json:"threshold"`
	Custodians []hexutil.Bytes `json:"custodians"`
	Released   []hexutil.Bytes `json:"released"`
	Recovered  bool            `json:"recovered"`
	StateHash  common.Hash     `json:"state_hash"`
	Applied    uint64          `json:"applied_commands"`
	Reason     string          `json:"reason,omitempty"`
}

type Error struct {
	Error string `json:"error"`
	// Refusal, on a refused request, is the enclave's precise reason sealed
	// to the request's reply key (what the host itself sees is only the
	// class in Error): for a command a refusal Outcome (OpenRefusal), for a
	// query an Answer (OpenAnswer).
	Refusal hexutil.Bytes `json:"refusal,omitempty"`
}
