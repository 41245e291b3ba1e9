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
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/wire"
)

// maxBody bounds what the API reads: a sealed request in hex plus JSON.
const maxBody = 2*wire.MaxSealedRequest + 1024

// route is one endpoint of the node's API. routeTable is the whole API:
// the mux serves exactly these, and openapi_test.go checks them against
// the OpenAPI document (openapi.json), both ways.
type route struct {
	pattern string // "METHOD /path", as http.ServeMux takes it
	handler func(n *Node) http.HandlerFunc
}

var routeTable = []route{
	{"GET /v1/enclave", func(n *Node) http.HandlerFunc { return n.handleEnclave }},
	{"GET /v1/apps", func(n *Node) http.HandlerFunc { return n.handleApps }},
	{"POST /v1/requests", func(n *Node) http.HandlerFunc { return n.handleSubmit }},
	{"GET /v1/commands/{id}", func(n *Node) http.HandlerFunc { return n.handleCommand }},
	{"GET /v1/status", func(n *Node) http.HandlerFunc { return n.handleStatus }},
	{"GET /v1/group", func(n *Node) http.HandlerFunc { return n.handleGroup }},
	{"POST /v1/group/rotate", func(n *Node) http.HandlerFunc { return n.handleRotate }},
	{"POST /v1/group/remove", func(n *Node) http.HandlerFunc { return n.handleRemove }},
	{"GET /v1/recovery", func(n *Node) http.HandlerFunc { return n.handleRecovery }},
	{"POST /v1/recovery/release", func(n *Node) http.HandlerFunc { return n.handleRelease }},
	{"GET /v1/openapi.json", func(n *Node) http.HandlerFunc { return handleOpenAPI }},
	{"GET /metrics", func(n *Node) http.HandlerFunc { return n.handleMetrics }},
	{"GET /healthz", func(n *Node) http.HandlerFunc { return n.handleHealth }},
	{"GET /readyz", func(n *Node) http.HandlerFunc { return n.handleReady }},
}

func (n *Node) routes() http.Handler {
	mux := http.NewServeMux()
	for _, r := range routeTable {
		mux.HandleFunc(r.pattern, r.handler(n))
	}
	return n.instrument(mux)
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
	applied, _ := n.position()
	writeJSON(w, http.StatusOK, wire.NodeStatus{
		Identity: s.Identity, TEEKind: info.TEEKind, Member: s.Member, Epoch: s.Epoch,
		AppliedBlock: max(applied, s.Position.Block), AppliedCommands: s.AppliedCommands, StateHash: s.StateHash,
		Pending: s.Pending, ChainID: info.ChainID, Contract: info.Contract,
	})
}

func (n *Node) handleSubmit(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	result := submitRefused
	observed := false
	observe := func() {
		if !observed {
			observed = true
			n.metrics.submitSeconds.WithLabelValues(result).Observe(time.Since(start).Seconds())
		}
	}
	defer observe()
	refuse := func(status int, class string, err error) {
		n.metrics.refusals.WithLabelValues(class).Inc()
		writeError(w, status, err)
	}
	wait, err := parseWait(r)
	if err != nil {
		refuse(http.StatusBadRequest, refusedBody, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(http.StatusRequestEntityTooLarge, refusedBody, fmt.Errorf("request body exceeds %d bytes", maxBody))
			return
		}
		refuse(http.StatusBadRequest, refusedBody, err)
		return
	}
	var req wire.SubmitRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		refuse(http.StatusBadRequest, refusedBody, fmt.Errorf("malformed JSON: %v", err))
		return
	}
	if len(req.Sealed) == 0 {
		refuse(http.StatusBadRequest, refusedBody, errors.New(`missing "sealed"`))
		return
	}
	before, _ := n.position()
	res, err := n.enc.Submit(req.Sealed)
	if (err == nil && res.Kind == wire.KindQuery) || errors.Is(err, enclave.ErrNotReady) {
		// A query answers from the state as of the ledger's head now, so
		// that a client reads its own writes whichever node it asks; an
		// enclave not ready may be a ledger read away from it. Either way:
		// catch up, and ask again if that applied anything. A command
		// needs no such wait: its counter is checked against the state
		// again when it is applied, and a lagging enclave refuses no
		// counter that a caught-up one would take. Waiting for the head
		// before every command was a call to the chain per command.
		if err := n.catchUp(r.Context()); err != nil {
			refuse(http.StatusServiceUnavailable, refusedBehind, err)
			return
		}
		if after, _ := n.position(); after != before {
			res, err = n.enc.Submit(req.Sealed)
		}
	}
	if err != nil {
		n.metrics.refusals.WithLabelValues(refusalClass(err)).Inc()
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
		result = submitAnswered
		writeJSON(w, http.StatusOK, wire.SubmitResponse{ID: res.ID, Kind: res.Kind, Answer: res.Answer})
		return
	}
	result = submitAccepted
	n.commandAccepted(res.ID)
	if wait <= 0 {
		writeJSON(w, http.StatusAccepted, wire.SubmitResponse{ID: res.ID, Kind: res.Kind})
		return
	}
	// ?wait: the answer is a stream of two JSON documents, the acceptance
	// at once (the client numbers the key's next command on it) and the
	// command's status once it is done or the wait passed, as GET
	// /v1/commands/{id}?wait answers: one request per command instead of
	// two. A client that loses the second document asks for the id.
	observe()
	w.Header().Set("Content-Type", ndjson)
	w.WriteHeader(http.StatusAccepted)
	enc := json.NewEncoder(w)
	if enc.Encode(wire.SubmitResponse{ID: res.ID, Kind: res.Kind}) != nil || http.NewResponseController(w).Flush() != nil {
		return // the client is gone; the command stands
	}
	sealed, status := n.awaitCommand(r.Context(), res.ID, wait)
	enc.Encode(wire.CommandStatus{ID: res.ID, Status: status, Outcome: sealed})
}

// ndjson is the content type of a stream of JSON documents, one per line.
const ndjson = "application/x-ndjson"

// submitStatus maps enclave refusals to HTTP statuses a client can act on
// (the table is refusalClasses, in metrics.go).
func submitStatus(err error) int {
	for _, c := range refusalClasses {
		if errors.Is(err, c.err) {
			return c.status
		}
	}
	return http.StatusInternalServerError
}

func (n *Node) handleCommand(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("id")
	b, err := hex.DecodeString(strings.TrimPrefix(raw, "0x"))
	if err != nil || len(b) != common.HashLength {
		writeError(w, http.StatusBadRequest, fmt.Errorf("command id %q is not a 32-byte hex hash", raw))
		return
	}
	id := common.BytesToHash(b)
	wait, err := parseWait(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	sealed, status := n.awaitCommand(r.Context(), id, wait)
	writeJSON(w, http.StatusOK, wire.CommandStatus{ID: id, Status: status, Outcome: sealed})
}
