// Package client is the Go SDK for users of an Anonify network: it checks a
// node's enclave (evidence, key binding, and, when a ledger is given, the
// network's on-ledger policy and membership) before sending it anything,
// then seals and signs requests and opens the enclave's sealed answers.
//
// Trust: runs on the user's machine, with the user's keys. It trusts no
// node: everything a node returns is either verified here or opened with a
// key only this client holds.
//
// # Round trips
//
// A command costs one request to the node: the submission with ?wait,
// whose answer is a stream of two JSON documents, the acceptance at once
// and the outcome when it is there. If that answer ends without the
// outcome (its wait passed, the connection broke), the client asks for it
// with a long-poll (GET /v1/commands/{id}?wait=...). The key's counter is
// not asked for each time: see Counters.
//
// # Counters
//
// Every command carries its sender's counter, and the enclaves apply a
// sender's command only if its counter exceeds the last one they applied
// for that sender (gaps are allowed). A command with a used counter is
// refused at submission (stale counter) or, if the ledger orders it
// behind one with a higher counter, rejected there ("bad counter: ...");
// it never runs. Nodes do not read the ledger's head before taking a
// command (that would be a chain call per command), so a node that has
// not applied a command of the key sent elsewhere yet takes one with the
// same counter, and the ledger rejects it (wire.Outcome.Stale): Command
// then asks for the counter and sends it once more.
//
// A Client numbers each key's commands itself: it asks the enclave for
// the key's counter (a sealed query) before the key's first command, then
// counts on locally. Several goroutines may send commands for one key
// through one Client at once: each command gets its own counter, and the
// Client submits them one after the other in counter order (the next is
// sent once the node has answered the previous), while their outcomes
// are awaited concurrently. A node queues
// commands in the order it takes them and the ledger orders its batches
// in that order, so such commands are applied in counter order, and none
// fails for another's counter.
//
// A counter is used up by a command the node accepted, or may have (an
// *OutcomeUnknownError). A command refused at submission leaves its
// counter to the next one (the commands after it were not sent yet: they
// wait for their turn). A command rejected on the ledger, by its app or
// for its counter, changes nothing for the commands after it: their
// counters are still above the last one applied.
//
// One key's submissions through one Client are sequential, one round
// trip each; different keys' are concurrent.
//
// When the enclave refuses a command for a stale counter (the key was
// used elsewhere: another Client, process or node), the Client asks it
// for that request's fate, which tells both where the account's counter
// is and whether the request can ever run. Only if the enclave is certain
// it never will (wire.Fate.Never) does the Client renumber the command
// and send it once more, as a new request with a new id; the refused one
// was never queued, so the command cannot run twice. Otherwise, or if the
// second try is refused too, the caller gets the refusal as a *Rejected,
// and the key's next command asks for the counter again first.
//
// Commands of one key sent at the same time through two Clients (two
// nodes, two processes) are not ordered with each other: the Clients may
// pick the same counters, and the ledger may order either node's batch
// first. Each such command either runs once or fails with a *Rejected
// whose reason starts "bad counter: ", never both and never silently;
// the caller may send a failed one again. Use one Client per key for
// counter-ordered pipelining.
package client

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/hpke"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire"
)

// Options tune Connect.
type Options struct {
	HTTP *http.Client
	// Ledger, when set (read-only is enough), pins the network: the node's
	// enclave must serve this chain and contract, be a member, and pass the
	// policy on the ledger. If it also implements ledger.InclusionReader
	// (both drivers do), Wait checks on it that each outcome's batch is on
	// the ledger. Without a Ledger the client checks authenticity and key
	// binding only (and Policy, if set), and Pinned reports false.
	Ledger ledger.Ledger
	// Policy, when set, pins a policy the enclave's evidence must pass,
	// with or without a Ledger; with one, the on-ledger policy applies
	// too.
	Policy *attest.Policy
	// AllowInsecure accepts, when neither Ledger nor Policy is set,
	// evidence that proves nothing: the INSECURE simulated kind, or a
	// debug-mode enclave whose host can read it. For development only.
	// Without it such a node is refused (ErrInsecure): an unpinned client
	// would otherwise take any host's simulated enclave at its word.
	AllowInsecure bool
	// Verify carries what evidence verification needs besides the time
	// (Intel collateral for SGX and TDX enclaves, SEV-SNP certificates);
	// its Now is ignored in favour of Options.Now.
	Verify verify.Options
	// Warn receives warnings to show the user, such as an https node whose
	// attested TLS evidence is of the INSECURE simulated kind while no
	// policy is pinned; nil discards them.
	Warn func(msg string)
	Now  func() time.Time
	// PollInterval paces Wait when it cannot long-poll: between attempts
	// to reach a node that does not answer, and between requests to a
	// node that answers "pending" at once (one without long-polls, or
	// at its limit of waiting requests); default 100ms. A node that
	// long-polls is asked once per outcome whatever the interval.
	PollInterval time.Duration
}

// Client talks to one node.
type Client struct {
	base   string
	http   *http.Client
	info   wire.EnclaveInfo
	claims *attest.Claims
	pinned bool
	// attested: every connection is attested TLS bound to this enclave.
	attested bool
	poll     time.Duration
	// ledger and inclusion (the same ledger, when it can read a
	// transaction's events) check outcomes; nil without a Ledger.
	ledger    ledger.Ledger
	inclusion ledger.InclusionReader
	// counters numbers each key's commands (counter.go).
	counters counters
	// replies holds each key's reply key (replykey.go).
	replies replyKeys
}

// ErrEnclave means the node's enclave failed verification; nothing was sent.
// Connect's error also matches, under errors.Is, the sentinel of the check
// that failed: attest's (attest.ErrPolicy, attest.ErrBinding,
// attest.ErrRevoked, ...) and, over attested TLS, atls's as well
// (atls.ErrPolicyRejected, ...).
var ErrEnclave = errors.New("client: node's enclave refused")

// ErrInsecure means the node's evidence is simulated or from a debug-mode
// enclave, and the client has no pinned network or policy that could say
// whether that is acceptable, nor Options.AllowInsecure. It comes wrapped
// with ErrEnclave.
var ErrInsecure = errors.New("evidence proves nothing and no network or policy is pinned")

// InsecureError is that refusal with its reason; errors.Is(err,
// ErrInsecure) holds for it.
type InsecureError struct {
	Reason string // what makes the evidence worthless, e.g. "the sim-insecure kind is a simulation, INSECURE"
}

func (e *InsecureError) Error() string {
	return ErrInsecure.Error() + " (" + e.Reason + "); pin the network (Options.Ledger) or a policy (Options.Policy), or set Options.AllowInsecure for development"
}

func (e *InsecureError) Is(target error) bool { return target == ErrInsecure }

// Connect fetches the node's enclave description and verifies it. For an
// https:// node URL every connection is attested TLS (see tls.go): the
// handshake itself verifies the enclave's evidence and the policy, and is
// refused before any request is sent if they fail; the enclave the
// certificate binds must be the one /v1/enclave describes. With nothing
// pinned (no Ledger, no Policy), evidence that proves nothing is refused
// with ErrInsecure unless Options.AllowInsecure is set.
func Connect(ctx context.Context, nodeURL string, opts Options) (*Client, error) {
	if opts.HTTP == nil {
		opts.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = 100 * time.Millisecond
	}
	if err := checkNodeURL(nodeURL); err != nil {
		return nil, err
	}
	c := &Client{base: strings.TrimRight(nodeURL, "/"), http: opts.HTTP, poll: opts.PollInterval}

	// The policies are known before the first byte goes to the node, so
	// that attested TLS can apply them during the handshake.
	var policies []*attest.Policy
	if opts.Policy != nil {
		policies = append(policies, opts.Policy)
	}
	var st ledger.State
	if opts.Ledger != nil {
		var err error
		if st, err = opts.Ledger.State(ctx); err != nil {
			return nil, fmt.Errorf("client: read network state: %w", err)
		}
		p, err := attest.ParsePolicy(st.Policy)
		if err != nil {
			return nil, fmt.Errorf("client: on-ledger policy: %w", err)
		}
		policies = append(policies, p)
	}
	j := judge{policies: policies, allowInsecure: opts.AllowInsecure}
	var peer *attestedPeer
	if strings.HasPrefix(strings.ToLower(c.base), "https://") {
		peer = &attestedPeer{verifyOpts: opts.Verify, now: opts.Now, judge: j, warn: opts.Warn}
		var err error
		if c.http, err = attestedHTTP(opts.HTTP, peer); err != nil {
			return nil, err
		}
	}

	if err := c.get(ctx, "/v1/enclave", &c.info); err != nil {
		if peer != nil && peer.refusal() != nil {
			return nil, fmt.Errorf("%w: attested TLS: %w", ErrEnclave, peer.refusal())
		}
		return nil, err
	}
	now := opts.Now()
	vopts := opts.Verify
	vopts.Now = now
	claims, err := verify.Evidence(c.info.Evidence, vopts)
	if err != nil {
		return nil, fmt.Errorf("%w: evidence: %w", ErrEnclave, err)
	}
	b := attest.Binding{Identity: c.info.Identity, RequestKey: c.info.RequestKey, KeyPackage: c.info.KeyPackage, ChainID: c.info.ChainID, Contract: c.info.Contract, Genesis: c.info.Genesis}
	if err := claims.CheckBinding(b); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEnclave, err)
	}
	if opts.Ledger != nil {
		if opts.Ledger.ChainID().Uint64() != c.info.ChainID || opts.Ledger.Contract() != c.info.Contract {
			return nil, fmt.Errorf("%w: node serves chain %d contract %s, expected chain %s contract %s", ErrEnclave,
				c.info.ChainID, c.info.Contract.Hex(), opts.Ledger.ChainID(), opts.Ledger.Contract().Hex())
		}
		// The genesis the evidence binds must be this network's: an
		// enclave whose host told it to obey other governors is refused.
		g, err := opts.Ledger.Genesis(ctx)
		if err != nil {
			return nil, fmt.Errorf("client: read the network's genesis: %w", err)
		}
		if g.Hash() != c.info.Genesis {
			return nil, fmt.Errorf("%w: enclave %s follows genesis %s, the network's is %s (another network's governors)", ErrEnclave,
				c.info.Identity.Hex(), c.info.Genesis.Hex(), g.Hash().Hex())
		}
		member := false
		for _, m := range st.Members {
			member = member || m == c.info.Identity
		}
		if !member {
			return nil, fmt.Errorf("%w: enclave %s is not a member of the network", ErrEnclave, c.info.Identity.Hex())
		}
		c.pinned = true
		c.ledger = opts.Ledger
		c.inclusion, _ = opts.Ledger.(ledger.InclusionReader)
	}
	if err := j.check(claims, now); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEnclave, err)
	}
	if peer != nil {
		if err := peer.confirm(b); err != nil {
			return nil, err
		}
		c.attested = true
	} else if len(policies) == 0 && InsecureReason(claims) != "" && opts.Warn != nil {
		opts.Warn(fmt.Sprintf("the node's evidence proves nothing (%s) and no network or policy is pinned: accepted only because AllowInsecure is set, for development", InsecureReason(claims)))
	}
	c.claims = claims
	return c, nil
}

// judge decides whether verified evidence is acceptable: it must pass
// every pinned policy (the caller's and the ledger's). With none pinned,
// evidence that proves nothing is refused unless the caller allowed it;
// genuine, non-debug evidence is then judged for authenticity and key
// binding only.
type judge struct {
	policies      []*attest.Policy
	allowInsecure bool
}

func (j judge) check(c *attest.Claims, now time.Time) error {
	for _, p := range j.policies {
		if err := p.Check(c, now); err != nil {
			return err
		}
	}
	if len(j.policies) == 0 && !j.allowInsecure {
		if why := InsecureReason(c); why != "" {
			return &InsecureError{Reason: why}
		}
	}
	return nil
}

// InsecureReason says why verified evidence proves nothing about the code
// that runs (a simulated TEE, a debug enclave), or returns "" when it
// does.
func InsecureReason(c *attest.Claims) string {
	switch {
	case c.Insecure:
		return fmt.Sprintf("the %s kind is a simulation, INSECURE", c.Kind)
	case c.Debug:
		return fmt.Sprintf("the %s enclave runs in debug mode, readable by its host", c.Kind)
	}
	return ""
}

// Info and Claims describe the verified enclave; Pinned reports whether
// the network (chain, contract, membership, policy) was checked too.
func (c *Client) Info() wire.EnclaveInfo { return c.info }
func (c *Client) Claims() *attest.Claims { return c.claims }
func (c *Client) Pinned() bool           { return c.pinned }

// AttestedTLS reports whether the connection to the node is attested TLS
// (an https node URL), bound to the verified enclave.
func (c *Client) AttestedTLS() bool { return c.attested }
func (c *Client) Address(k *ecdsa.PrivateKey) common.Address {
	return crypto.PubkeyToAddress(k.PublicKey)
}

// Error is a refusal from the node or the enclave, with the HTTP status.
// Message is what the host may know: for a request the enclave refused,
// only its class (the reason is sealed in Refusal, which Query and Submit
// open into a *Rejected).
type Error struct {
	Status  int
	Message string
	Refusal []byte
}

func (e *Error) Error() string { return fmt.Sprintf("node refused (HTTP %d): %s", e.Status, e.Message) }

// Rejected is a command the enclaves executed and rejected (insufficient
// balance, not the owner, ...), the same on every node; or a request the
// node's enclave refused before ordering it (bad counter, unknown
// function, too large for the ledger), with the reason it sealed to this
// client.
type Rejected struct {
	Reason string
	// stale: refused at submission for a used counter (counter.go).
	stale bool
}

// refusal opens the enclave's sealed reason for a request it refused at
// submission, which the node relays in its error: only this client's reply
// key opens it, so the host can neither read nor forge it. A command's
// reason is a refusal Outcome (it will never be ordered), a query's an
// Answer.
func refusal(err error, reply hpke.PrivateKey, id common.Hash, query bool) (string, bool) {
	var e *Error
	if !errors.As(err, &e) || len(e.Refusal) == 0 {
		return "", false
	}
	if query {
		pt, err := wire.OpenAnswer(reply, id, e.Refusal)
		var ans wire.Answer
		if err != nil || json.Unmarshal(pt, &ans) != nil || ans.OK {
			return "", false
		}
		return ans.Error, true
	}
	pt, err := wire.OpenRefusal(reply, id, e.Refusal)
	var out wire.Outcome
	if err != nil || json.Unmarshal(pt, &out) != nil || out.OK || out.ID != id {
		return "", false
	}
	return out.Error, true
}

func (r *Rejected) Error() string { return "rejected: " + r.Reason }

func (c *Client) prepare(key *ecdsa.PrivateKey, kind, app, fn string, args any, counter uint64) ([]byte, hpke.PrivateKey, common.Hash, error) {
	raw, err := json.Marshal(args)
	if err != nil {
		return nil, nil, common.Hash{}, err
	}
	if args == nil {
		raw = nil
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	reply, replyPub, err := c.replies.get(from)
	if err != nil {
		return nil, nil, common.Hash{}, err
	}
	body := &wire.RequestBody{Version: wire.RequestVersion, Kind: kind, ChainID: c.info.ChainID, Contract: c.info.Contract,
		From: from, Counter: counter, App: app, Function: fn, Args: raw, ReplyKey: replyPub}
	signed, err := wire.SignRequest(body, func(d []byte) ([]byte, error) { return crypto.Sign(d, key) })
	if err != nil {
		return nil, nil, common.Hash{}, err
	}
	sealed, err := wire.SealRequest(c.info.RequestKey, c.info.ChainID, c.info.Contract, signed)
	if err != nil {
		return nil, nil, common.Hash{}, err
	}
	return sealed, reply, wire.RequestID(signed.Body), nil
}

// Query runs a read-only function as key's owner and returns its JSON
// result; a refusal by the app comes back as *Rejected.
func (c *Client) Query(ctx context.Context, key *ecdsa.PrivateKey, app, fn string, args any) (json.RawMessage, error) {
	sealed, reply, id, err := c.prepare(key, wire.KindQuery, app, fn, args, 0)
	if err != nil {
		return nil, err
	}
	var res wire.SubmitResponse
	if err := c.post(ctx, "/v1/requests", wire.SubmitRequest{Sealed: sealed}, &res); err != nil {
		if reason, ok := refusal(err, reply, id, true); ok {
			return nil, &Rejected{Reason: reason}
		}
		return nil, err
	}
	if res.ID != id {
		return nil, fmt.Errorf("client: node answered for request %s, sent %s", res.ID.Hex(), id.Hex())
	}
	pt, err := wire.OpenAnswer(reply, id, res.Answer)
	if err != nil {
		return nil, err
	}
	var ans wire.Answer
	if err := json.Unmarshal(pt, &ans); err != nil {
		return nil, fmt.Errorf("client: malformed answer: %w", err)
	}
	if !ans.OK {
		return nil, &Rejected{Reason: ans.Error}
	}
	return ans.Result, nil
}

// Counter returns the last counter applied for key's account (a sealed
// query). Submit and Command do not need it: they number commands
// themselves (see Counters in the package documentation), asking the
// enclave before a key's first command and after a stale-counter
// refusal.
func (c *Client) Counter(ctx context.Context, key *ecdsa.PrivateKey) (uint64, error) {
	raw, err := c.Query(ctx, key, wire.SystemApp, wire.CounterQuery, nil)
	if err != nil {
		return 0, err
	}
	var n uint64
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, fmt.Errorf("client: malformed counter %s", raw)
	}
	return n, nil
}

// Submit sends a command with key's next counter and returns its id without
// waiting. A command the enclave refuses at once comes back as *Rejected
// (with its id); one whose answer was lost on the way (the request went
// out, no answer came) as an *OutcomeUnknownError (with its id).
//
// The Client numbers key's commands itself: the first command of a key
// asks the enclave for its counter, the next ones count on without a
// round trip. Submit may be called from several goroutines for one key:
// each command gets its own counter, and the node receives them in
// counter order, one Submit after the other answered, so that they are
// applied in that order. A command refused for a stale counter (the key
// was used through another Client) is renumbered and sent once more, as
// a new request with a new id, when the enclave certifies that the
// refused one can never run. See Counters in the package documentation,
// also for commands of one key sent through two Clients at once.
func (c *Client) Submit(ctx context.Context, key *ecdsa.PrivateKey, app, fn string, args any) (common.Hash, hpke.PrivateKey, error) {
	s, err := c.submit(ctx, key, app, fn, args, false)
	var rej *Rejected
	if s == nil || err != nil && !errors.As(err, &rej) && !errors.Is(err, ErrOutcomeUnknown) {
		return common.Hash{}, nil, err
	}
	return s.id, s.reply, err
}

// Wait waits until the command's outcome is available and opens it: one
// long-poll request to the node (GET /v1/commands/{id}?wait=...), which
// answers when the outcome is there, asked again only if the command is
// still pending after the node's wait (up to half the HTTP client's
// timeout, at most 20 s). With
// a ledger that can read transactions (Options.Ledger), it then checks
// there that the outcome's batch is on the ledger (see checkInclusion) and
// returns an ErrNotOnLedger error if it is not. If the node cannot be
// reached for a while, or no longer knows the command (it restarted), or
// ctx ends, the outcome is unknown: an *OutcomeUnknownError (see Fate).
func (c *Client) Wait(ctx context.Context, id common.Hash, reply hpke.PrivateKey) (*wire.Outcome, error) {
	return c.wait(ctx, id, reply, nil)
}

// wait is Wait; lost, when set, is asked what to do when the node does
// not know the command: an outcome, an error, or nil to keep waiting.
func (c *Client) wait(ctx context.Context, id common.Hash, reply hpke.PrivateKey, lost func(context.Context) (*wire.Outcome, error)) (*wire.Outcome, error) {
	var unreachable time.Time // since when the node does not answer
	for {
		start := time.Now()
		var st wire.CommandStatus
		err := c.get(ctx, "/v1/commands/"+id.Hex()+"?wait="+c.longPoll(ctx), &st)
		switch {
		case err != nil && ctx.Err() == nil:
			if unreachable.IsZero() {
				unreachable = time.Now()
			}
			if time.Since(unreachable) >= lostGrace {
				return nil, &OutcomeUnknownError{ID: id, Accepted: true, Err: err}
			}
		case err != nil:
		case st.Status == wire.StatusUnknown:
			unreachable = time.Time{}
			if lost == nil {
				return nil, &OutcomeUnknownError{ID: id, Accepted: true, Err: errors.New("the node no longer knows the command (it restarted since it took it)")}
			}
			if out, err := lost(ctx); out != nil || err != nil {
				return out, err
			}
		default:
			unreachable = time.Time{}
		}
		if err == nil && st.Status == wire.StatusDone {
			return c.openOutcome(ctx, id, reply, st.Outcome)
		}
		// A long-poll that ran its course is asked again at once; a node
		// that does not answer, does not know the command, or answers
		// "pending" early (it does not long-poll, or is at its limit) is
		// asked again after the poll interval.
		pause := c.poll
		if err == nil && st.Status == wire.StatusPending {
			pause -= time.Since(start)
		}
		if ctx.Err() == nil && pause > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(pause):
			}
		}
		if ctx.Err() != nil {
			return nil, &OutcomeUnknownError{ID: id, Accepted: true, Err: fmt.Errorf("client: waiting for command %s: %w", id.Hex(), ctx.Err())}
		}
	}
}

// maxLongPoll is the longest Wait asks a node to hold a request (nodes
// cut waits at 30 s).
const maxLongPoll = 20 * time.Second

// longPoll is the ?wait of Wait's next request: maxLongPoll, within half
// the HTTP client's timeout and the time ctx has left.
func (c *Client) longPoll(ctx context.Context) string {
	w := maxLongPoll
	if t := c.http.Timeout; t > 0 {
		w = min(w, t/2)
	}
	if d, ok := ctx.Deadline(); ok {
		w = min(w, time.Until(d))
	}
	return strconv.FormatInt(max(w.Milliseconds(), 0), 10) + "ms"
}

// openOutcome opens a command's sealed outcome and, with a ledger that
// can read transactions, checks its batch there.
func (c *Client) openOutcome(ctx context.Context, id common.Hash, reply hpke.PrivateKey, sealed []byte) (*wire.Outcome, error) {
	pt, err := wire.OpenOutcome(reply, id, sealed)
	if errors.Is(err, wire.ErrSealed) {
		// A command the enclave dropped before ordering it (too large
		// for any ledger batch) ends with a refusal: never on the
		// ledger, so there is no inclusion to check.
		if pt, rerr := wire.OpenRefusal(reply, id, sealed); rerr == nil {
			var out wire.Outcome
			if err := json.Unmarshal(pt, &out); err != nil || out.ID != id || out.OK {
				return nil, fmt.Errorf("client: malformed refusal for %s", id.Hex())
			}
			return &out, nil
		}
	}
	if err != nil {
		return nil, err
	}
	var out wire.Outcome
	if err := json.Unmarshal(pt, &out); err != nil || out.ID != id {
		return nil, fmt.Errorf("client: malformed outcome for %s", id.Hex())
	}
	if c.inclusion != nil {
		if err := c.checkInclusion(ctx, &out); err != nil {
			return nil, err
		}
	}
	return &out, nil
}

// ErrNotOnLedger means a command's outcome names a batch that the client's
// ledger does not show: the node's host fed its enclave a batch it never
// posted (or posted elsewhere), so the outcome, though the enclave's own,
// confirms nothing. The command may still be ordered later, or never.
var ErrNotOnLedger = errors.New("client: the node lied")

// ledgerLag bounds how long checkInclusion waits for the client's ledger
// endpoint to reach the block an outcome names: it may lag the node's,
// but a host that names a block far ahead only delays the refusal.
const ledgerLag = time.Minute

// checkInclusion checks on the client's own ledger that out's command was
// ordered where the enclave says: transaction out.TxHash, included in
// block out.Block, emitted a Commands event of epoch out.Epoch from the
// contract, one of whose ciphertexts hashes to out.Ciphertext.
//
// The enclave believes the events its host gives it, so an outcome is
// only as true as the host's account of the ledger; this check takes the
// host out. The ciphertext hash ties the outcome to this command: the
// enclave computed it from the ciphertext it decrypted into the command,
// and no one without the group key can make another ciphertext that
// decrypts to it.
func (c *Client) checkInclusion(ctx context.Context, out *wire.Outcome) error {
	lie := func(format string, args ...any) error {
		return fmt.Errorf("%w: outcome of command %s claims tx %s in block %d which the ledger does not show (%s)",
			ErrNotOnLedger, out.ID.Hex(), out.TxHash.Hex(), out.Block, fmt.Sprintf(format, args...))
	}
	if out.TxHash == (common.Hash{}) {
		return lie("the outcome names no transaction")
	}
	deadline := time.Now().Add(ledgerLag)
	for {
		events, err := c.inclusion.Inclusion(ctx, out.TxHash)
		if errors.Is(err, ledger.ErrNoTransaction) {
			head, herr := c.ledger.Head(ctx)
			if herr != nil {
				return fmt.Errorf("client: check outcome of %s on the ledger: %w", out.ID.Hex(), herr)
			}
			if head >= out.Block || time.Now().After(deadline) {
				return lie("no such transaction; the ledger is at block %d", head)
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("client: waiting for the ledger to reach block %d: %w", out.Block, ctx.Err())
			case <-time.After(c.poll):
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("client: check outcome of %s on the ledger: %w", out.ID.Hex(), err)
		}
		for _, ev := range events {
			if ev.Block != out.Block {
				return lie("the transaction is in block %d", ev.Block)
			}
			if ev.Commands == nil || ev.Commands.Epoch != out.Epoch {
				continue
			}
			for _, ct := range ev.Commands.Ciphertexts {
				if crypto.Keccak256Hash(ct) == out.Ciphertext {
					return nil
				}
			}
		}
		return lie("the transaction carries no command ciphertext %s of epoch %d", out.Ciphertext.Hex(), out.Epoch)
	}
}

// Command submits and waits, in the common case with one request: the
// node answers it with the command's acceptance, then streams the
// outcome when it is there (POST /v1/requests?wait); if the outcome does
// not come on that answer, it waits for it as Wait does. See Submit for
// the numbering. Commands of one key may run from several
// goroutines at once. A rejection by the app is a *Rejected error.
// A node lost before the outcome came gives an *OutcomeUnknownError
// (errors.Is ErrOutcomeUnknown) naming the command: ask any node for its
// fate (Fate) rather than send another. A node that restarted and forgot
// the command is asked for its fate, and sent the same request again if
// it is not ordered yet.
func (c *Client) Command(ctx context.Context, key *ecdsa.PrivateKey, app, fn string, args any) (*wire.Outcome, error) {
	return c.command(ctx, key, app, fn, args)
}

// Status reads the node's status (not verified: for monitoring).
func (c *Client) Status(ctx context.Context) (*wire.NodeStatus, error) {
	var s wire.NodeStatus
	return &s, c.get(ctx, "/v1/status", &s)
}

func (c *Client) get(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	return c.do(req, out)
}

func (c *Client) post(ctx context.Context, path string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	return c.do(req, out)
}

func (c *Client) do(req *http.Request, out any) error {
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("client: %s %s: %w", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return answerError(req, resp, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%w (%s %s: malformed response, %s: %v)", ErrNotNode, req.Method, req.URL, describeBody(resp, body), err)
	}
	return nil
}

// maxAnswer bounds what the client reads of one answer.
const maxAnswer = 4 << 20

// ndjson is the content type of a node's answer that is a stream of JSON
// documents (a command submitted with ?wait).
const ndjson = "application/x-ndjson"

// answerStream is the rest of a streamed answer, after its first document.
type answerStream struct {
	dec  *json.Decoder
	body io.Closer
}

// next decodes the stream's next document into out and closes the stream.
func (a *answerStream) next(out any) error {
	defer a.body.Close()
	return a.dec.Decode(out)
}

// postStream is post for an answer that may be a stream (ndjson): it
// decodes the first document into out and returns the rest, or nil when
// the answer was one document.
func (c *Client) postStream(ctx context.Context, path string, in, out any) (*answerStream, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("client: %s %s: %w", req.Method, req.URL, err)
	}
	if resp.StatusCode >= 300 || resp.Header.Get("Content-Type") != ndjson {
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 300 {
			return nil, answerError(req, resp, body)
		}
		if err := json.Unmarshal(body, out); err != nil {
			return nil, fmt.Errorf("%w (%s %s: malformed response, %s: %v)", ErrNotNode, req.Method, req.URL, describeBody(resp, body), err)
		}
		return nil, nil
	}
	dec := json.NewDecoder(io.LimitReader(resp.Body, maxAnswer))
	if err := dec.Decode(out); err != nil {
		resp.Body.Close()
		return nil, fmt.Errorf("client: %s %s: reading the answer: %w", req.Method, req.URL, err)
	}
	return &answerStream{dec: dec, body: resp.Body}, nil
}

// answerError is the error an answer with status 300 or more says.
func answerError(req *http.Request, resp *http.Response, body []byte) error {
	var e wire.Error
	if json.Unmarshal(body, &e) != nil || e.Error == "" {
		if bytes.Contains(body, []byte("HTTP request to an HTTPS server")) {
			return &Error{Status: resp.StatusCode, Message: "the node serves attested TLS: use an https:// URL"}
		}
		// Not the node API's error document (an HTML 404 page, a
		// proxy's answer): say so rather than relay the page.
		return fmt.Errorf("%w (%s %s: HTTP %d, %s)", ErrNotNode, req.Method, req.URL, resp.StatusCode, describeBody(resp, body))
	}
	return &Error{Status: resp.StatusCode, Message: e.Error, Refusal: e.Refusal}
}

// ErrNotNode: the URL answers, but not as an Anonify node's API does (or
// is not an http(s) URL at all).
var ErrNotNode = errors.New("URL is not an Anonify node")

// checkNodeURL refuses what cannot be a node's base URL before any
// request, with the form expected (net/http's own message for a missing
// scheme is "first path segment in URL cannot contain colon").
func checkNodeURL(nodeURL string) error {
	u, err := url.Parse(nodeURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w (%q: want http://HOST:PORT or https://HOST:PORT)", ErrNotNode, nodeURL)
	}
	return nil
}

// describeBody names what came back, for ErrNotNode: its type and size.
func describeBody(resp *http.Response, body []byte) string {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("%s, %d bytes", ct, len(body))
}

// GroupMember and GroupInfo mirror the node's /v1/group answer.
type GroupMember struct {
	Identity common.Address `json:"identity"`
	TEEKind  string         `json:"tee_kind"`
	Self     bool           `json:"self"`
}

type GroupInfo struct {
	Epoch    uint64        `json:"epoch"`
	MLSEpoch uint64        `json:"mls_epoch"`
	Joined   bool          `json:"joined"`
	Members  []GroupMember `json:"members"`
}

// GroupResult is the node's answer to rotate and remove.
type GroupResult struct {
	Operation string         `json:"operation"`
	Target    common.Address `json:"target"`
	Epoch     uint64         `json:"epoch"`
}

// Group reads the group as the node's enclave sees it (for operators).
func (c *Client) Group(ctx context.Context) (*GroupInfo, error) {
	var g GroupInfo
	return &g, c.get(ctx, "/v1/group", &g)
}

// Rotate asks the node (its operator token required) to commit a key
// rotation and waits until it is applied.
func (c *Client) Rotate(ctx context.Context, token string) (*GroupResult, error) {
	var r GroupResult
	return &r, c.postAuth(ctx, "/v1/group/rotate", token, struct{}{}, &r)
}

// Remove asks the node to commit the removal of a member.
func (c *Client) Remove(ctx context.Context, token string, member common.Address) (*GroupResult, error) {
	var r GroupResult
	return &r, c.postAuth(ctx, "/v1/group/remove", token, map[string]common.Address{"member": member}, &r)
}

func (c *Client) postAuth(ctx context.Context, path, token string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(token))
	return c.do(req, out)
}
