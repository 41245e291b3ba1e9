package node

import (
	"net/http"

	"github.com/anonify-go/anonify/wire"
)

// handleApps serves the enclave's description of its apps (GET /v1/apps),
// for `anonify app list` and generic clients. It is public (names and
// types, no state) and the same for every enclave of a build.
func (n *Node) handleApps(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, wire.Apps{Apps: n.enc.Apps()})
}
