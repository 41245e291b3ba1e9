package node_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/internal/dirlock"
	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// snapshotDir copies a node's data directory as a crash would leave it
// at this instant (kill -9 loses nothing written, everything not yet
// written): restarting from the copy is restarting after that crash.
func snapshotDir(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() == dirlock.FileName || strings.HasSuffix(e.Name(), ".tmp") {
			continue // a write in progress: the crash loses it
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// noPosting makes a node's batches fail to reach the ledger: its
// commands stay queued in its enclave.
func noPosting(ctx context.Context, c memledger.Call, send func() error) error {
	if c.Method == "postCommands" {
		return errors.New("staged: the ledger is unreachable")
	}
	return send()
}

// TestAcceptedCommandSurvivesCrash: a node answers a command with its id
// only once its enclave's sealed state on disk holds the command, so a
// crash at any moment after the answer loses nothing. Two crashes: before
// the batch was posted (the restarted enclave posts it) and after it was
// applied (the restarted enclave, from an older blob, applies it from the
// ledger and owes the client its outcome again); either way the command
// runs exactly once and its fate is known on every node.
func TestAcceptedCommandSurvivesCrash(t *testing.T) {
	for _, tc := range []struct {
		name   string
		posted bool
	}{{"crash before the batch is posted", false}, {"crash after the command is applied", true}} {
		t.Run(tc.name, func(t *testing.T) {
			net := newMemNet(t, 2)
			ctx := net.ctx
			alice, _ := userKey(t)
			bob, bobAddr := userKey(t)
			if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
				t.Fatal(err)
			}
			net.agree(1)
			// The batch waits at the ledger until the crash has happened:
			// forever (before), or until the data directory is copied
			// (after: the copy predates the batch on the ledger).
			release := make(chan struct{})
			unstage := net.stage(1, func(ctx context.Context, c memledger.Call, send func() error) error {
				if c.Method != "postCommands" {
					return send()
				}
				select {
				case <-release:
					return send()
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			id, reply, err := net.client(1).Submit(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 7))
			if err != nil {
				t.Fatal(err)
			}
			crashed := snapshotDir(t, net.nodes[1].dir)
			if tc.posted {
				close(release)
				if _, err := net.client(1).Wait(ctx, id, reply); err != nil {
					t.Fatal(err)
				}
			}
			net.stop(1) // before: the held post ends with the node
			unstage()
			net.nodes[1].dir = crashed
			net.start(1)
			net.waitReady(1)
			net.agree(2)
			for i := range net.nodes {
				f, err := net.client(i).Fate(ctx, alice, id)
				if err != nil || f.Status != wire.FateApplied {
					t.Fatalf("node %d: fate %+v, %v", i, f, err)
				}
				if b := balance(t, ctx, net.client(i), bob); b != "7" {
					t.Fatalf("node %d: bob has %s, want 7", i, b)
				}
			}
			// The restarted node owes the client its outcome: it was
			// queued in the blob it came back from.
			out, err := net.client(1).Wait(ctx, id, reply)
			if err != nil || !out.OK {
				t.Fatalf("outcome from the restarted node: %+v, %v", out, err)
			}
		})
	}
}

// TestCommandStatusUnknown: a node says "pending" only while its enclave
// still owes the command an outcome, and "unknown" for an id it does not
// hold (it never took it, or restarted since): not "pending" forever.
func TestCommandStatusUnknown(t *testing.T) {
	net := newMemNet(t, 1)
	ctx := net.ctx
	alice, _ := userKey(t)
	status := func(id common.Hash) string {
		resp, err := http.Get(net.nodes[0].n.URL() + "/v1/commands/" + id.Hex())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var st wire.CommandStatus
		json.NewDecoder(resp.Body).Decode(&st)
		return st.Status
	}
	if got := status(common.Hash{1}); got != wire.StatusUnknown {
		t.Fatalf("an id the node never took: %q", got)
	}
	unstage := net.stage(0, noPosting)
	id, reply, err := net.client(0).Submit(ctx, alice, erc20abi.Name, "init", initArgs(1))
	if err != nil {
		t.Fatal(err)
	}
	if got := status(id); got != wire.StatusPending {
		t.Fatalf("a queued command: %q", got)
	}
	unstage()
	if _, err := net.client(0).Wait(ctx, id, reply); err != nil {
		t.Fatal(err)
	}
	if got := status(id); got != wire.StatusDone {
		t.Fatalf("a decided command: %q", got)
	}
	// Restarted, the node has lost its outcomes (memory), and says so.
	net.stop(0)
	net.start(0)
	net.waitReady(0)
	if got := status(id); got != wire.StatusUnknown {
		t.Fatalf("after a restart: %q", got)
	}
}

// switchProxy stands for a node's address: it forwards to whichever
// node process serves it now, or refuses connections while none does.
type switchProxy struct {
	mu   sync.Mutex
	node string
	hold bool // requests wait for the next node instead of failing
}

func (p *switchProxy) set(url string) {
	p.mu.Lock()
	p.node, p.hold = url, false
	p.mu.Unlock()
}

// holdOn makes requests wait until set names the next node: a restart
// faster than the client gives up on its node.
func (p *switchProxy) holdOn() {
	p.mu.Lock()
	p.hold = true
	p.mu.Unlock()
}

func (p *switchProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	node, hold := p.node, p.hold
	p.mu.Unlock()
	for hold && r.Context().Err() == nil {
		time.Sleep(memPoll)
		p.mu.Lock()
		node, hold = p.node, p.hold
		p.mu.Unlock()
	}
	if node == "" {
		// As a dead node's address does: no answer at all.
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close()
		return
	}
	req, _ := http.NewRequestWithContext(r.Context(), r.Method, node+r.URL.Path, r.Body)
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// TestClientLosesItsNode: the SDK tells a client whose node dies while it
// waits that the outcome is unknown, naming the command and its counter;
// the node comes back, and the command's fate says it ran once. A client
// still waiting when its node comes back without the outcome asks for
// the fate itself and gets the outcome.
func TestClientLosesItsNode(t *testing.T) {
	net := newMemNet(t, 2)
	ctx := net.ctx
	alice, aliceAddr := userKey(t)
	_, bobAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatal(err)
	}
	net.agree(1)
	proxy := &switchProxy{node: net.nodes[1].n.URL()}
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	c, err := client.Connect(ctx, srv.URL, client.Options{Ledger: net.chain.Account(common.Address{0x82}), PollInterval: memPoll})
	if err != nil {
		t.Fatal(err)
	}

	// The node dies while the client waits.
	unstage := net.stage(1, noPosting)
	done := make(chan error, 1)
	go func() {
		_, err := c.Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 5))
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for net.nodes[1].n.Enclave().Status().Pending == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the command never reached the node")
		}
		time.Sleep(memPoll)
	}
	proxy.set("")
	net.stop(1)
	var lost *client.OutcomeUnknownError
	select {
	case err := <-done:
		if !errors.As(err, &lost) || !errors.Is(err, client.ErrOutcomeUnknown) || !lost.Accepted || lost.Counter != 2 || lost.From != aliceAddr {
			t.Fatalf("Command with its node gone: %v", err)
		}
		if !strings.Contains(err.Error(), lost.ID.Hex()) {
			t.Fatalf("the error does not name the command: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Command still waiting 10s after its node died")
	}
	unstage()
	net.start(1)
	net.waitReady(1)
	net.agree(2)
	if f, err := net.client(0).Fate(ctx, alice, lost.ID); err != nil || f.Status != wire.FateApplied || f.Counter != 2 {
		t.Fatalf("fate of the command: %+v, %v", f, err)
	}

	// The node restarts while the client waits, without the outcome.
	proxy.set(net.nodes[1].n.URL())
	unstage = net.stage(1, noPosting)
	go func() {
		out, err := c.Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 6))
		if err == nil && !out.OK {
			err = errors.New(out.Error)
		}
		done <- err
	}()
	deadline = time.Now().Add(5 * time.Second)
	for net.nodes[1].n.Enclave().Status().Pending == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the command never reached the node")
		}
		time.Sleep(memPoll)
	}
	unstage()
	net.agree(3) // applied, and its outcome handed to the node ...
	proxy.holdOn()
	net.stop(1) // ... which forgets it
	net.start(1)
	net.waitReady(1)
	proxy.set(net.nodes[1].n.URL())
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Command across its node's restart: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Command never got its outcome from the restarted node")
	}
	if b := balance(t, ctx, net.client(0), alice); b != "89" {
		t.Fatalf("alice has %s, want 89", b)
	}
}

// TestDataDirLocked: a second node on a running node's data directory is
// refused at once, naming the process that holds it; once the first node
// stops, the directory is free.
func TestDataDirLocked(t *testing.T) {
	net := newMemNet(t, 1)
	dir := net.nodes[0].dir
	l, err := dirlock.Acquire(dir)
	var held *dirlock.HeldError
	if !errors.As(err, &held) || held.PID != os.Getpid() {
		t.Fatalf("lock on a running node's directory: %v, %v", l, err)
	}
	net.stop(0)
	if l, err = dirlock.Acquire(dir); err != nil {
		t.Fatalf("after the node stopped: %v", err)
	}
	l.Release()
}
