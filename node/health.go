package node

import (
	"context"
	"fmt"
	"net/http"
)

// Health and readiness, for process supervisors and load balancers.
// Neither says anything the host does not already publish in /v1/status.

// DefaultReadyLag is how many blocks behind the ledger head a member may
// be and still be ready: a node follows the ledger by polling, so on a
// chain that seals a block per transaction it is often a block or two
// behind for a moment, and a probe must not flap under load.
const DefaultReadyLag = 10

// Health is the body of GET /healthz.
type Health struct {
	Status string `json:"status"` // "ok"
}

// Readiness is the body of GET /readyz: 200 when Ready, else 503 with
// Reason.
type Readiness struct {
	Ready bool `json:"ready"`
	// Reason, when not ready: "not a member yet" (registered, waiting to
	// be admitted), "ledger unreachable", "catching up: N blocks behind
	// the ledger head", or "enclave state is stale" (its sealed state was
	// rolled back past one of its own commits; it cannot serve).
	Reason       string `json:"reason,omitempty"`
	Member       bool   `json:"member"`
	AppliedBlock uint64 `json:"applied_block"`
	HeadBlock    uint64 `json:"head_block"`
	LagBlocks    uint64 `json:"lag_blocks"`
}

// Reasons a node is not ready.
const (
	notMember        = "not a member yet"
	ledgerUnreadable = "ledger unreachable"
	catchingUp       = "catching up"
	staleState       = "enclave state is stale" // rolled back past its own commit: see the log
)

// handleHealth answers while the process serves HTTP at all.
func (n *Node) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, Health{Status: "ok"})
}

// handleReady answers 200 once the enclave is a member holding the state
// and the node has applied the ledger to within ReadyLag blocks of its
// head, else 503 with the reason.
func (n *Node) handleReady(w http.ResponseWriter, r *http.Request) {
	rd := n.readiness(r.Context())
	status := http.StatusOK
	if !rd.Ready {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, rd)
}

func (n *Node) readiness(ctx context.Context) Readiness {
	st := n.enc.Status()
	rd := Readiness{Member: st.Joined}
	ctx, cancel := context.WithTimeout(ctx, headTimeout)
	defer cancel()
	_, err := n.readHead(ctx)
	rd.AppliedBlock, rd.HeadBlock = n.position()
	rd.LagBlocks = lag(rd.HeadBlock, rd.AppliedBlock)
	switch {
	case st.Stale != "":
		rd.Reason = staleState
	case !rd.Member:
		rd.Reason = notMember
	case err != nil:
		// The error stays in the node's log: it may name the RPC
		// endpoint, whose URL can carry an API key.
		n.log.Warn("readiness: reading the ledger head", "err", err)
		rd.Reason = ledgerUnreadable
	case rd.LagBlocks > n.cfg.ReadyLag:
		rd.Reason = fmt.Sprintf("%s: %d blocks behind the ledger head", catchingUp, rd.LagBlocks)
	default:
		rd.Ready = true
	}
	return rd
}
