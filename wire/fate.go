package wire

import "github.com/ethereum/go-ethereum/common"

// FateQuery is the system query (SystemApp) for the fate of one of the
// caller's own commands, by id: FateArgs in, Fate out. Like every query it
// is signed by the caller and answered sealed to the caller's reply key,
// so the node's host learns nothing from it, not even whether the id
// exists. It answers for commands of the signer only; any other id is
// "unknown".
const FateQuery = "fate"

// FateArgs are the fate query's arguments.
type FateArgs struct {
	ID common.Hash `json:"id"`
}

// Fate statuses.
const (
	// FateApplied: ordered on the ledger and executed; the app accepted it.
	FateApplied = "applied"
	// FateRejected: ordered and rejected (by the app, or for a used
	// counter), or refused before ordering (Ordered false); Error says why.
	FateRejected = "rejected"
	// FateQueued: accepted by this node's enclave, waiting for the ledger.
	FateQueued = "queued"
	// FateUnknown: this enclave has no record of the command. Never says
	// whether it can still be applied.
	FateUnknown = "unknown"
)

// Fate is the answer to the fate query.
type Fate struct {
	ID     common.Hash `json:"id"`
	Status string      `json:"status"`
	Error  string      `json:"error,omitempty"`
	// Counter is the command's counter (known commands).
	Counter uint64 `json:"counter,omitempty"`
	// Ordered, Block, Epoch, TxHash and Ciphertext say where the ledger
	// ordered the command, as in its Outcome (applied or rejected).
	Ordered    bool        `json:"ordered,omitempty"`
	Block      uint64      `json:"block,omitempty"`
	Epoch      uint64      `json:"epoch,omitempty"`
	TxHash     common.Hash `json:"tx_hash,omitzero"`
	Ciphertext common.Hash `json:"ciphertext,omitzero"`
	// Account is the caller's last applied counter on this enclave.
	Account uint64 `json:"account_counter"`
	// RememberedAbove: every command of the caller with a counter above
	// it that this enclave saw ordered has a record here; at or below it,
	// a command may have been decided and forgotten (the enclave's memory
	// is bounded, and a member that joined later never saw older ones).
	RememberedAbove uint64 `json:"remembered_above"`
}

// Never reports whether an unknown command whose counter is counter will
// never be applied: its counter is used up (at most Account) and the
// enclave would remember it had it been applied (above RememberedAbove).
// The client knows its command's counter; the enclave, which never saw
// the command, does not.
func (f *Fate) Never(counter uint64) bool {
	return f.Status == FateUnknown && counter > f.RememberedAbove && counter <= f.Account
}

// Outcome is the Outcome an applied or rejected command's fate amounts
// to (what the client would have received had it waited).
func (f *Fate) Outcome() *Outcome {
	return &Outcome{ID: f.ID, OK: f.Status == FateApplied, Error: f.Error, Block: f.Block, Epoch: f.Epoch, TxHash: f.TxHash, Ciphertext: f.Ciphertext}
}
