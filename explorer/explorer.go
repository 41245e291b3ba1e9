// Package explorer serves a read-only web page (and its JSON) about an
// Anonify network for operators and auditors: the deployment and its
// governance, the registered enclaves with their evidence re-verified here,
// the epoch and handshake timeline, the command batches, the auditors
// governance appointed with the audit posts, and the health of the nodes
// listed in the network file.
//
// It is UNTRUSTED host-side code and holds no secret: it reads only the
// chain (through the ledger driver's views and the contract's event log)
// and the nodes' public endpoints (GET /v1/enclave and /v1/status through
// the client SDK, which verifies each node's enclave against the ledger
// first). What it shows of commands is what the ledger holds: counts and
// sizes of ciphertexts, never their contents; of audit posts, the number
// and size of sealed records.
//
// The one exception is an auditor's own explorer: given an auditor's
// private key (Config.AuditKey), it also opens the records sealed to that
// key, as the auditor package does, from the same events, and shows the
// auditor's view (Overview.Audit): the in-scope commands, the in-scope
// state at the head and the trail's problems. The key stays in memory and
// is never served, but what it opens is shown to whoever reaches the page.
package explorer

import (
	"context"
	"crypto/ecdh"
	"crypto/hpke"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/auditor"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Chain is what the explorer reads of a deployment: the ledger's views
// and log, governance, and the deployment block (ledger/ethereum.Driver,
// read-only, is one).
type Chain interface {
	ledger.Ledger
	ledger.GovernanceReader
	DeployedAt(ctx context.Context) (uint64, error)
}

// Config configures an Explorer.
type Config struct {
	Chain Chain
	// Nodes are the public URLs of nodes to ask for their status.
	Nodes []string
	// Verify carries collateral and roots for evidence verification; its
	// Now is ignored (evidence is judged at the current time).
	Verify verify.Options
	// Now defaults to time.Now.
	Now func() time.Time
	// HTTP is the client for the nodes; default a 10-second timeout.
	HTTP *http.Client
	// MaxAge is how long one snapshot serves requests; default 1s.
	MaxAge time.Duration
	// AuditKey, an auditor's X25519 private key (wire/audit.ParsePrivateKey),
	// adds the auditor's view to the page: the records sealed to it, opened
	// here from the chain's events. Nil: no such view, and no secret.
	AuditKey hpke.PrivateKey
}

// Explorer collects snapshots of a network and serves them.
type Explorer struct {
	cfg   Config
	check VerifyFunc

	mu      sync.Mutex
	started bool
	from    uint64 // deployment block
	next    uint64 // next block to read events from
	events  []chainmsg.Event
	genesis chainmsg.Genesis
	last    *Overview
	lastAt  time.Time

	trail       *auditor.Trail // read with cfg.AuditKey from trailEvents events
	trailErr    error
	trailEvents int
}

// New returns an Explorer for cfg.Chain.
func New(cfg Config) (*Explorer, error) {
	if cfg.Chain == nil {
		return nil, errors.New("explorer: no chain")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.MaxAge == 0 {
		cfg.MaxAge = time.Second
	}
	if k := cfg.AuditKey; k != nil && k.KEM().ID() != hpke.DHKEM(ecdh.X25519()).ID() {
		return nil, errors.New("explorer: the audit key is not an X25519 HPKE key (wire/audit.ParsePrivateKey makes one)")
	}
	return &Explorer{cfg: cfg, check: DefaultVerify(cfg.Verify)}, nil
}

// Overview returns the current page model, reading the chain and the nodes
// at most once per MaxAge.
func (x *Explorer) Overview(ctx context.Context) (*Overview, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.last != nil && x.cfg.Now().Sub(x.lastAt) < x.cfg.MaxAge {
		return x.last, nil
	}
	s, err := x.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	x.last, x.lastAt = Build(s, x.check), x.cfg.Now()
	return x.last, nil
}

// snapshot reads the chain (the event log incrementally: the contract's
// log only grows) and asks every listed node for its status.
func (x *Explorer) snapshot(ctx context.Context) (*Snapshot, error) {
	c := x.cfg.Chain
	if !x.started {
		from, err := c.DeployedAt(ctx)
		if err != nil {
			return nil, err
		}
		g, err := c.Genesis(ctx)
		if err != nil {
			return nil, err
		}
		x.from, x.next, x.genesis, x.started = from, from, g, true
	}
	evs, next, err := c.Events(ctx, x.next)
	if err != nil {
		return nil, err
	}
	x.events, x.next = append(x.events, evs...), next
	st, err := c.State(ctx)
	if err != nil {
		return nil, err
	}
	gov, err := c.Governance(ctx)
	if err != nil {
		return nil, err
	}
	s := &Snapshot{
		Now: x.cfg.Now(), ChainID: c.ChainID().Uint64(), Contract: c.Contract(), Genesis: x.genesis,
		DeployedAt: x.from, Head: max(x.next, x.from+1) - 1, State: st, Governance: gov,
		Events: x.events, Proposals: map[uint64]ledger.Proposal{},
	}
	for _, e := range x.events {
		if e.Proposed == nil {
			continue
		}
		p, err := c.Proposal(ctx, e.Proposed.ID)
		if err != nil {
			return nil, fmt.Errorf("explorer: proposal %d: %w", e.Proposed.ID, err)
		}
		s.Proposals[p.ID] = p
	}
	s.Nodes = x.nodes(ctx)
	if x.cfg.AuditKey != nil {
		// The trail depends on the events only (the state at the head is
		// replayed in Build): read it again when new ones came.
		if x.trail == nil && x.trailErr == nil || x.trailEvents != len(x.events) {
			x.trail, x.trailErr = ReadTrail(ctx, s, x.cfg.AuditKey)
			x.trailEvents = len(x.events)
			if ctx.Err() != nil { // cancelled, not a property of the chain: try again next time
				x.trail, x.trailErr = nil, nil
				return nil, ctx.Err()
			}
		}
		s.Trail, s.TrailErr = x.trail, x.trailErr
	}
	return s, nil
}

// nodes asks every listed node for its status, in parallel, through the
// client SDK pinned to the chain: a node whose enclave is not a verified
// member of this network is shown with the reason and not asked further.
func (x *Explorer) nodes(ctx context.Context) []NodeResult {
	out := make([]NodeResult, len(x.cfg.Nodes))
	var wg sync.WaitGroup
	for i, url := range x.cfg.Nodes {
		wg.Go(func() {
			out[i] = NodeResult{URL: url}
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			cl, err := client.Connect(ctx, url, client.Options{HTTP: x.cfg.HTTP, Ledger: x.cfg.Chain, Verify: x.cfg.Verify, Now: x.cfg.Now})
			if err != nil {
				out[i].Err = err
				return
			}
			out[i].Status, out[i].Err = cl.Status(ctx)
		})
	}
	wg.Wait()
	return out
}
