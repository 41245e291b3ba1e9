package enclave

import (
	"fmt"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Rollback of sealed state. The host keeps the sealed blobs and can restart
// the enclave from any old one. None of the platforms Anonify runs on gives
// the enclave a monotonic counter it could trust (SGX's were withdrawn; TDX,
// SEV-SNP and Nitro have none), so the enclave anchors its position on the
// ledger instead: everything it ever signed is on the ledger, in order, and
// the ledger is replayed to it. A restored enclave that meets its own
// signature beyond what its state remembers knows it was rolled back.
//
// What a rollback can and cannot do:
//   - Commands: the enclave re-applies the ledger from the old position;
//     execution is deterministic and per-user counters make every command
//     apply once, so the state it reaches is the same. Commands it had
//     accepted but not yet posted are lost (their clients time out and
//     retry with the same counter, or ask for the fate by id).
//   - Its own batches: detected (seqAhead below); the enclave catches up
//     from the ledger and says so.
//   - Its own group-key commits: the old state lacks the secrets of its own
//     later commit, so it cannot follow the group past it. Detected; the
//     enclave refuses to serve and says so (stale): its operator must start
//     a new enclave, which the members admit like any other.
//   - What an old blob reveals: nothing to the host (it is encrypted to the
//     enclave's sealing key). To whoever breaks the platform's sealing key
//     later, every blob the host kept reveals the state and the epoch secrets
//     as of its sealing, which forward secrecy cannot take back: operators
//     who want it should keep only the latest blob (the node overwrites it
//     in place).

// onOwnBatch is called for every Commands event; it detects a batch this
// enclave signed that its state does not remember.
func (e *Enclave) onOwnBatch(c *chainmsg.CommandsEvent) {
	if c.Enclave != e.Identity() || c.Seq < e.st.signedSeq {
		return
	}
	e.log.Warn("restarted from an older sealed state: the ledger holds a batch this state never signed; catching up from the ledger",
		"seq", c.Seq, "signed_up_to", e.st.signedSeq)
	e.st.signedSeq = c.Seq + 1
}

// ownCommitUnknown records that the ledger holds a commit of this enclave
// that its state never staged.
func (e *Enclave) ownCommitUnknown(epoch uint64) {
	e.st.stale = fmt.Sprintf("restarted from a sealed state older than its own group-key commit of epoch %d: "+
		"it cannot follow the group any more; start a new enclave (new data directory), which the members will admit", epoch)
	e.log.Error("sealed state was rolled back", "reason", e.st.stale)
}
