package node

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/wire"
)

// maxBody bounds what the API reads: a sealed request in hex plus JSON.
const maxBody = 2*wire.MaxSealedRequest + 1024

func (n *Node) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/enclave", n.handleEnclave)
	mux.HandleFunc("GET /v1/apps", n.handleApps)
	mux.HandleFunc("POST /v1/requests", n.handleSubmit)
	mux.HandleFunc("GET /v1/commands/{id}", n.handleCommand)
	mux.HandleFunc("GET /v1/status", n.handleStatus)
	mux.HandleFunc("GET /v1/group", n.handleGroup)
	mux.HandleFunc("POST /v1/group/rotate", n.handleRotate)
	mux.HandleFunc("POST /v1/group/remove", n.handleRemove)
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, wire.Error{Error: err.Error()})
}

func (n *Node) handleEnclave(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, n.enc.Info())
}

func (n *Node) handleStatus(w http.ResponseWriter, r *http.Request) {
	// Report the state as of the current ledger head, like queries do, so
	// that equal heads give comparable state hashes across nodes.
	if err := n.catchUp(r.Context()); err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	s := n.enc.Status()
	info := n.enc.Info()
	writeJSON(w, http.StatusOK, wire.NodeStatus{
		Identity: s.Identity, TEEKind: info.TEEKind, Member: s.Member, Epoch: s.Epoch,
		AppliedBlock: s.Position.Block, AppliedCommands: s.AppliedCommands, StateHash: s.StateHash,
		Pending: s.Pending, ChainID: info.ChainID, Contract: info.Contract,
	})
}

func (n *Node) handleSubmit(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("request body exceeds %d bytes", maxBody))
			return
		}
		writeError(w, http.StatusBadRequest, err)
		return
	}
	var req wire.SubmitRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("malformed JSON: %v", err))
		return
	}
	if len(req.Sealed) == 0 {
		writeError(w, http.StatusBadRequest, errors.New(`missing "sealed"`))
		return
	}
	if err := n.catchUp(r.Context()); err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	res, err := n.enc.Submit(req.Sealed)
	if err != nil {
		// The enclave's error is a class only; the reason, if any, is
		// sealed for the client and passed on as it is.
		e := wire.Error{Error: err.Error()}
		var r *enclave.Refusal
		if errors.As(err, &r) {
			e.Refusal = r.Sealed
		}
		if errors.Is(err, wire.ErrTooLarge) {
			e.Error = fmt.Sprintf("%s: a sealed request is at most %d bytes, its body at most %d", err, wire.MaxSealedRequest, wire.MaxRequestBody)
		}
		writeJSON(w, submitStatus(err), e)
		return
	}
	if res.Kind == wire.KindQuery {
		writeJSON(w, http.StatusOK, wire.SubmitResponse{ID: res.ID, Kind: res.Kind, Answer: res.Answer})
		return
	}
	n.commandAccepted()
	writeJSON(w, http.StatusAccepted, wire.SubmitResponse{ID: res.ID, Kind: res.Kind})
}

// submitStatus maps enclave refusals to HTTP statuses a client can act on.
func submitStatus(err error) int {
	switch {
	case errors.Is(err, wire.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, wire.ErrMalformed), errors.Is(err, wire.ErrSealed), errors.Is(err, enclave.ErrRequest),
		errors.Is(err, enclave.ErrUnknownFunction):
		return http.StatusBadRequest
	case errors.Is(err, wire.ErrBadSignature):
		return http.StatusUnauthorized
	case errors.Is(err, enclave.ErrStaleCounter):
		return http.StatusConflict
	case errors.Is(err, enclave.ErrNotReady), errors.Is(err, enclave.ErrQueueFull):
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

func (n *Node) handleCommand(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("id")
	b, err := hex.DecodeString(strings.TrimPrefix(raw, "0x"))
	if err != nil || len(b) != common.HashLength {
		writeError(w, http.StatusBadRequest, fmt.Errorf("command id %q is not a 32-byte hex hash", raw))
		return
	}
	id := common.BytesToHash(b)
	sealed, status := n.commandStatus(id)
	writeJSON(w, http.StatusOK, wire.CommandStatus{ID: id, Status: status, Outcome: sealed})
}
