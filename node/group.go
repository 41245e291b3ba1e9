package node

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/ledger"
)

// Group operations (rotate, remove) change who can read the network's
// future, so the node accepts them only from its operator: a bearer token
// kept in DataDir/admin.token (0600), created at first start.
const adminTokenFile = "admin.token"

func loadAdminToken(dir string) (string, error) {
	path := filepath.Join(dir, adminTokenFile)
	if b, err := os.ReadFile(path); err == nil {
		return strings.TrimSpace(string(b)), nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	tok := hex.EncodeToString(raw)
	if err := writeAtomic(path, []byte(tok+"\n")); err != nil {
		return "", err
	}
	return tok, nil
}

// AdminTokenPath is where the node keeps its operator token.
func (n *Node) AdminTokenPath() string { return filepath.Join(n.cfg.DataDir, adminTokenFile) }

func (n *Node) authorized(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(n.adminToken)) == 1
}

// GroupResult is the answer to a group operation.
type GroupResult struct {
	Operation string         `json:"operation"`
	Target    common.Address `json:"target"`
	Epoch     uint64         `json:"epoch"` // epoch after the operation
}

func (n *Node) handleGroup(w http.ResponseWriter, r *http.Request) {
	if err := n.catchUp(r.Context()); err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	writeJSON(w, http.StatusOK, n.enc.Group())
}

func (n *Node) handleRotate(w http.ResponseWriter, r *http.Request) {
	n.groupOp(w, r, enclave.HandshakeRotate, func() (*enclave.Handshake, error) { return n.enc.Rotate() })
}

func (n *Node) handleRemove(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Member common.Address `json:"member"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.Member == (common.Address{}) {
		writeError(w, http.StatusBadRequest, fmt.Errorf(`body must be {"member": "0x…"}: %v`, err))
		return
	}
	n.groupOp(w, r, enclave.HandshakeRemove, func() (*enclave.Handshake, error) { return n.enc.Remove(req.Member) })
}

func (n *Node) groupOp(w http.ResponseWriter, r *http.Request, op enclave.HandshakeKind, stage func() (*enclave.Handshake, error)) {
	if !n.authorized(r) {
		writeError(w, http.StatusUnauthorized, fmt.Errorf("group operations need the node's operator token (Authorization: Bearer, from %s)", n.AdminTokenPath()))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
	defer cancel()
	res, err := n.commitHandshake(ctx, op, stage)
	switch {
	case errors.Is(err, enclave.ErrRequest):
		writeError(w, http.StatusBadRequest, err)
	case errors.Is(err, enclave.ErrNotReady), errors.Is(err, enclave.ErrBusy):
		writeError(w, http.StatusServiceUnavailable, err)
	case err != nil:
		writeError(w, http.StatusBadGateway, err)
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

// commitHandshake stages a handshake in the enclave, posts it, and waits
// until the enclave has applied it. If another member's commit wins the
// epoch, it rebases: the enclave stages anew on the next epoch.
func (n *Node) commitHandshake(ctx context.Context, op enclave.HandshakeKind, stage func() (*enclave.Handshake, error)) (*GroupResult, error) {
	n.hsMu.Lock()
	defer n.hsMu.Unlock()
	for attempt := 0; ; attempt++ {
		h, err := stage()
		if err != nil {
			return nil, err
		}
		// Sealed with the commit staged before it can reach the ledger: a
		// node that crashes after posting comes back able to process its
		// own commit (otherwise its enclave could never follow the group
		// again: enclave/rollback.go).
		if err := n.persist(); err != nil {
			return nil, fmt.Errorf("seal the staged %s handshake: %w", op, err)
		}
		err = n.led.PostHandshake(ctx, h.Handshake)
		if errors.Is(err, ledger.ErrWrongEpoch) && attempt < 5 {
			n.metrics.handshakes.WithLabelValues(string(op), "lost_race").Inc()
			n.log.Info("another member committed first; rebasing", "op", op, "epoch", h.Epoch)
			if err := n.waitEpoch(ctx, h.Epoch+1); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			n.metrics.handshakes.WithLabelValues(string(op), "failed").Inc()
			return nil, fmt.Errorf("post %s handshake: %w", op, err)
		}
		n.metrics.handshakes.WithLabelValues(string(op), "committed").Inc()
		if err := n.waitEpoch(ctx, h.Epoch+1); err != nil {
			return nil, err
		}
		n.log.Info("group handshake applied", "op", op, "target", h.Target.Hex(), "epoch", h.Epoch+1)
		n.lastHandshake.Store(time.Now().UnixNano())
		return &GroupResult{Operation: string(op), Target: h.Target, Epoch: h.Epoch + 1}, nil
	}
}

// waitEpoch waits until the enclave has applied the ledger up to epoch.
func (n *Node) waitEpoch(ctx context.Context, epoch uint64) error {
	for n.enc.Status().Epoch < epoch {
		if err := n.follow(ctx); err != nil {
			n.log.Debug("follow while waiting for an epoch", "err", err)
		}
		if n.enc.Status().Epoch >= epoch {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for epoch %d: %w", epoch, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

// rotateByPolicy rotates the group key when the configured number of
// commands or time has passed in this epoch. One member is designated per
// epoch (members sorted by address, index epoch mod count) so that members
// do not race each other for every rotation.
func (n *Node) rotateByPolicy(ctx context.Context) {
	every, interval := n.cfg.RotateEvery, n.cfg.RotateInterval
	if every == 0 && interval == 0 {
		return
	}
	s := n.enc.Status()
	if !s.Joined {
		return
	}
	since := time.Since(time.Unix(0, n.lastHandshake.Load()))
	due := every > 0 && s.SinceHandshake >= every || interval > 0 && since >= interval
	if !due {
		return
	}
	g := n.enc.Group()
	ids := make([]common.Address, 0, len(g.Members))
	for _, m := range g.Members {
		ids = append(ids, m.Identity)
	}
	slices.SortFunc(ids, func(a, b common.Address) int { return a.Cmp(b) })
	if len(ids) == 0 || ids[int(s.Epoch%uint64(len(ids)))] != s.Identity {
		return
	}
	if _, err := n.commitHandshake(ctx, enclave.HandshakeRotate, func() (*enclave.Handshake, error) { return n.enc.Rotate() }); err != nil {
		n.log.Warn("policy rotation", "err", err)
	}
}
