package node

import (
	"errors"
	"io"
	"net/http"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/wire"
)

// Disaster recovery (enclave/recovery.go): a node started with
// Config.Recover runs a fresh enclave in recovery mode; custodians POST
// their releases here, and anyone may watch the progress. Releases are
// sealed to the enclave, so the node relays them without reading them,
// and a bogus one costs the enclave a failed combination, nothing more:
// no operator token is needed (custodians are not the node's operator).

// maxRelease bounds a release's JSON: a 256-byte sealed share in hex and
// two short fields.
const maxRelease = 4096

func recoveryStatus(id [20]byte, s enclave.RecoveryStatus) wire.RecoveryStatus {
	out := wire.RecoveryStatus{Recovering: s.Recovering, Identity: id, Epoch: s.Epoch, Manifest: s.Manifest, Chunks: s.Chunks,
		ChunksHave: s.ChunksHave, Threshold: s.Threshold, Recovered: s.Recovered, StateHash: s.StateHash, Applied: s.Applied,
		Reason: s.Reason, Custodians: []hexutil.Bytes{}, Released: []hexutil.Bytes{}}
	for _, c := range s.Custodians {
		out.Custodians = append(out.Custodians, hexutil.Bytes(c[:]))
	}
	for _, c := range s.Released {
		out.Released = append(out.Released, hexutil.Bytes(c[:]))
	}
	return out
}

func (n *Node) handleRecovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, recoveryStatus(n.enc.Identity(), n.enc.Recovery()))
}

func (n *Node) handleRelease(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRelease))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, err)
		return
	}
	s, err := n.enc.AddRelease(body)
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, enclave.ErrNotReady) {
			status = http.StatusServiceUnavailable
		}
		writeError(w, status, err)
		return
	}
	n.log.Info("custodian release taken", "epoch", s.Epoch, "released", len(s.Released), "threshold", s.Threshold, "recovered", s.Recovered)
	// The state may be rebuilt: seal it now rather than at the next tick.
	n.poke()
	writeJSON(w, http.StatusOK, recoveryStatus(n.enc.Identity(), s))
}
