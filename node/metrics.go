package node

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Metrics (GET /metrics, Prometheus text format) count what the host
// already sees and nothing more: ledger positions, queue lengths, batch
// sizes and gas, latencies, handshakes, and refusals by their class (the
// enclave's errors are classes; the precise reason is sealed to the
// client). No metric has a label or value that names a user, an account,
// a counter, a balance or a command id; labels take values from the
// closed sets below and from the mux's route patterns only.
//
// Each node has a registry of its own, not Prometheus's global one, so
// that several nodes in one process (the devnet, tests) do not collide.
type metrics struct {
	reg *prometheus.Registry

	httpRequests   *prometheus.CounterVec   // route, code
	httpSeconds    *prometheus.HistogramVec // route
	submitSeconds  *prometheus.HistogramVec // result
	refusals       *prometheus.CounterVec   // class
	commandSeconds prometheus.Histogram     // accepted → outcome ready
	applySeconds   prometheus.Histogram
	blocks         prometheus.Counter
	events         *prometheus.CounterVec // kind
	batches        prometheus.Counter
	batchCommands  prometheus.Histogram
	batchBytes     prometheus.Histogram
	batchGas       prometheus.Histogram
	gasUsed        prometheus.Counter
	batchFailures  *prometheus.CounterVec // reason
	handshakes     *prometheus.CounterVec // op, result
	admissions     *prometheus.CounterVec // result
	auditPosts     *prometheus.CounterVec
	ckptPosts      *prometheus.CounterVec // what, result
	ledgerErrors   *prometheus.CounterVec // op
}

// Label values of the closed sets.
const (
	submitAccepted = "accepted" // a command, 202
	submitAnswered = "answered" // a query, 200
	submitRefused  = "refused"
)

// refusalClasses maps the errors a submitted request can end in to their
// HTTP status and their metric class, in the order they are tested. The
// enclave's errors are classes already (enclave.Refusal); the node adds
// its own before the enclave sees anything.
var refusalClasses = []struct {
	err    error
	status int
	class  string
}{
	{wire.ErrTooLarge, http.StatusRequestEntityTooLarge, "too_large"},
	{wire.ErrMalformed, http.StatusBadRequest, "malformed"},
	{wire.ErrSealed, http.StatusBadRequest, "unsealable"},
	{enclave.ErrRequest, http.StatusBadRequest, "request"},
	{enclave.ErrUnknownFunction, http.StatusBadRequest, "unknown_function"},
	{wire.ErrBadSignature, http.StatusUnauthorized, "bad_signature"},
	{enclave.ErrStaleCounter, http.StatusConflict, "stale_counter"},
	{enclave.ErrNotReady, http.StatusServiceUnavailable, "not_ready"},
	{enclave.ErrQueueFull, http.StatusServiceUnavailable, "queue_full"},
}

// Classes the node itself refuses with, before its enclave sees the request.
const (
	refusedBody   = "bad_body"    // not a JSON SubmitRequest, or too long
	refusedBehind = "catching_up" // the node could not catch up with the ledger
	refusedOther  = "other"
)

// refusalClass is err's class for anonify_requests_refused_total.
func refusalClass(err error) string {
	for _, c := range refusalClasses {
		if errors.Is(err, c.err) {
			return c.class
		}
	}
	return refusedOther
}

// durations from 1 ms to ~16 s: requests, seals, applies and a command's
// trip through the ledger on chains from instant to 12-second blocks.
var durations = prometheus.ExponentialBuckets(0.001, 2, 15)

func newMetrics(n *Node) *metrics {
	reg := prometheus.NewRegistry()
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	m := &metrics{reg: reg}

	m.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "anonify_http_requests_total",
		Help: "HTTP requests served, by route pattern and status code."}, []string{"route", "code"})
	m.httpSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "anonify_http_request_duration_seconds",
		Help: "Time to answer an HTTP request, by route pattern.", Buckets: durations}, []string{"route"})
	m.submitSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "anonify_submit_duration_seconds",
		Help:    "Time to answer POST /v1/requests: accepted (a command, sealed to disk), answered (a query) or refused.",
		Buckets: durations}, []string{"result"})
	m.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "anonify_requests_refused_total",
		Help: "Requests refused, by class (the enclave's error class, or the node's: bad_body, catching_up)."}, []string{"class"})
	m.commandSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "anonify_command_duration_seconds",
		Help:    "Time from accepting a command (202) to holding its sealed outcome: batching, the ledger and applying.",
		Buckets: durations})
	m.applySeconds = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "anonify_apply_duration_seconds",
		Help: "Time the enclave takes to apply the ledger events of one read (one or more blocks).", Buckets: durations})
	m.blocks = prometheus.NewCounter(prometheus.CounterOpts{Name: "anonify_applied_blocks_total",
		Help: "Ledger blocks read and applied by this node since it started."})
	m.events = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "anonify_ledger_events_total",
		Help: "Contract events applied, by kind."}, []string{"kind"})
	m.batches = prometheus.NewCounter(prometheus.CounterOpts{Name: "anonify_batches_posted_total",
		Help: "Command batches this node posted to the ledger."})
	m.batchCommands = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "anonify_batch_commands",
		Help: "Commands per batch posted.", Buckets: prometheus.ExponentialBuckets(1, 2, 9)})
	m.batchBytes = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "anonify_batch_bytes",
		Help: "Ciphertext bytes per batch posted.", Buckets: prometheus.ExponentialBuckets(512, 2, 10)})
	m.batchGas = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "anonify_batch_gas",
		Help: "Gas used per batch posted (ledgers that report gas only).", Buckets: prometheus.ExponentialBuckets(25_000, 2, 10)})
	m.gasUsed = prometheus.NewCounter(prometheus.CounterOpts{Name: "anonify_batch_gas_used_total",
		Help: "Gas used by the batches this node posted (ledgers that report gas only)."})
	m.batchFailures = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "anonify_batch_failures_total",
		Help: "Batches the ledger refused, by reason: wrong_epoch, bad_sequence (both retried) or other."}, []string{"reason"})
	m.handshakes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "anonify_handshakes_total",
		Help: "Group handshakes this node posted, by operation (add, rotate, remove) and result (committed, lost_race, failed)."},
		[]string{"op", "result"})
	m.admissions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "anonify_admissions_total",
		Help: "Admissions this node attempted, by result: committed, dropped (the enclave no longer admits the joiner, usually because another member did) or failed."},
		[]string{"result"})
	m.auditPosts = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "anonify_audit_posts_total",
		Help: "Audit posts this node attempted, by result: posted, lost_race (another member posted the same records first) or failed."},
		[]string{"result"})
	m.ckptPosts = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "anonify_checkpoint_posts_total",
		Help: "Checkpoint posts this node attempted, by what (manifest, chunk) and result: posted, lost_race (another member's landed first) or failed."},
		[]string{"what", "result"})
	m.ledgerErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "anonify_ledger_errors_total",
		Help: "Failed ledger reads, by operation (events, head)."}, []string{"op"})
	for _, c := range []prometheus.Collector{m.httpRequests, m.httpSeconds, m.submitSeconds, m.refusals, m.commandSeconds,
		m.applySeconds, m.blocks, m.events, m.batches, m.batchCommands, m.batchBytes, m.batchGas, m.gasUsed,
		m.batchFailures, m.handshakes, m.admissions, m.auditPosts, m.ckptPosts, m.ledgerErrors} {
		f(c)
	}
	f(statusCollector{n})
	if tr, ok := n.led.(ledger.TxReporter); ok {
		f(txCollector{tr})
	}
	// The Go runtime's and the process's standard metrics (go_*, process_*).
	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// txCollector reads the ledger driver's transaction counts once per
// scrape.
type txCollector struct{ tr ledger.TxReporter }

var (
	descTxs = prometheus.NewDesc("anonify_ledger_transactions_total",
		"Transactions of the host account, by event: sent, replaced (stuck, re-sent at higher fees) or resubmitted (dropped by a reorganisation).", []string{"event"}, nil)
	descTxsInFlight = prometheus.NewDesc("anonify_ledger_transactions_in_flight", "Transactions sent and not yet included.", nil, nil)
)

func (c txCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descTxs
	ch <- descTxsInFlight
}

func (c txCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.tr.TxStats()
	ch <- prometheus.MustNewConstMetric(descTxs, prometheus.CounterValue, float64(s.Sent), "sent")
	ch <- prometheus.MustNewConstMetric(descTxs, prometheus.CounterValue, float64(s.Replaced), "replaced")
	ch <- prometheus.MustNewConstMetric(descTxs, prometheus.CounterValue, float64(s.Resubmitted), "resubmitted")
	ch <- prometheus.MustNewConstMetric(descTxsInFlight, prometheus.GaugeValue, float64(s.InFlight))
}

// statusCollector reads the enclave's status and the node's ledger
// position once per scrape.
type statusCollector struct{ n *Node }

var (
	descAppliedCommands = prometheus.NewDesc("anonify_applied_commands_total", "Commands the enclave has applied (network-wide, as every member applies every command).", nil, nil)
	descPending         = prometheus.NewDesc("anonify_pending_commands", "Commands in the enclave's queue, not yet on the ledger.", nil, nil)
	descAppliedBlock    = prometheus.NewDesc("anonify_applied_block", "The ledger block up to which this node has applied every event.", nil, nil)
	descHeadBlock       = prometheus.NewDesc("anonify_ledger_head_block", "The ledger's head, as last read.", nil, nil)
	descLag             = prometheus.NewDesc("anonify_catchup_lag_blocks", "Ledger head minus applied block.", nil, nil)
	descEpoch           = prometheus.NewDesc("anonify_epoch", "The group's epoch as the enclave holds it.", nil, nil)
	descMembers         = prometheus.NewDesc("anonify_group_members", "Members of the group as the enclave sees it.", nil, nil)
	descMember          = prometheus.NewDesc("anonify_member", "1 once the enclave is a member holding the state, else 0.", nil, nil)
	descAuditPending    = prometheus.NewDesc("anonify_audit_records_pending", "Audit records the enclave holds that are not on the ledger yet.", nil, nil)
	descAuditDiverged   = prometheus.NewDesc("anonify_audit_posts_diverged_total", "Audit posts on the ledger that did not match this enclave's records (a fault: investigate).", nil, nil)
)

func (c statusCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descAppliedCommands, descPending, descAppliedBlock, descHeadBlock, descLag, descEpoch, descMembers, descMember,
		descAuditPending, descAuditDiverged} {
		ch <- d
	}
}

func (c statusCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.n.enc.Status()
	applied, head := c.n.position()
	member := 0.0
	if s.Joined {
		member = 1
	}
	for _, m := range []struct {
		d *prometheus.Desc
		t prometheus.ValueType
		v float64
	}{
		{descAppliedCommands, prometheus.CounterValue, float64(s.AppliedCommands)},
		{descPending, prometheus.GaugeValue, float64(s.Pending)},
		{descAppliedBlock, prometheus.GaugeValue, float64(applied)},
		{descHeadBlock, prometheus.GaugeValue, float64(head)},
		{descLag, prometheus.GaugeValue, float64(lag(head, applied))},
		{descEpoch, prometheus.GaugeValue, float64(s.Epoch)},
		{descMembers, prometheus.GaugeValue, float64(s.Members)},
		{descMember, prometheus.GaugeValue, member},
		{descAuditPending, prometheus.GaugeValue, float64(s.AuditPending)},
		{descAuditDiverged, prometheus.CounterValue, float64(s.AuditDiverged)},
	} {
		ch <- prometheus.MustNewConstMetric(m.d, m.t, m.v)
	}
}

func lag(head, applied uint64) uint64 {
	if head <= applied {
		return 0
	}
	return head - applied
}

// position is the block up to which the node has applied every event,
// and the ledger head as last read.
func (n *Node) position() (applied, head uint64) {
	n.mu.Lock()
	next := n.next
	n.mu.Unlock()
	if next > 0 {
		applied = next - 1
	}
	return applied, max(n.head.Load(), applied)
}

// readHead reads the ledger's head and remembers it for the metrics.
func (n *Node) readHead(ctx context.Context) (uint64, error) {
	head, err := n.led.Head(ctx)
	if err != nil {
		n.metrics.ledgerErrors.WithLabelValues("head").Inc()
		return 0, err
	}
	n.head.Store(head)
	return head, nil
}

// headTimeout bounds the ledger read of a scrape or readiness probe, which
// must answer even when the ledger does not.
const headTimeout = 2 * time.Second

func (n *Node) handleMetrics(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), headTimeout)
	defer cancel()
	if _, err := n.readHead(ctx); err != nil {
		n.log.Debug("metrics: reading the ledger head", "err", err)
	}
	promhttp.HandlerFor(n.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// countEvents counts applied events by kind.
func (m *metrics) countEvents(events []chainmsg.Event) {
	for _, e := range events {
		kind := "other"
		switch {
		case e.Commands != nil:
			kind = "commands"
		case e.Handshake != nil:
			kind = "handshake"
		case e.Registered != nil:
			kind = "registered"
		case e.Founded != nil:
			kind = "founded"
		case e.Expelled != nil:
			kind = "expelled"
		case e.PolicyChanged != nil:
			kind = "policy_changed"
		case e.Proposed != nil:
			kind = "proposed"
		case e.Approved != nil:
			kind = "approved"
		}
		m.events.WithLabelValues(kind).Inc()
	}
}

// batchFailed counts a batch the ledger refused.
func (m *metrics) batchFailed(err error) {
	reason := "other"
	switch {
	case errors.Is(err, ledger.ErrWrongEpoch):
		reason = "wrong_epoch"
	case errors.Is(err, ledger.ErrBadSequence):
		reason = "bad_sequence"
	}
	m.batchFailures.WithLabelValues(reason).Inc()
}

// batchPosted counts a batch the ledger took; gas is zero on ledgers that
// do not report it.
func (m *metrics) batchPosted(b chainmsg.CommandBatch, gas uint64, metered bool) {
	m.batches.Inc()
	m.batchCommands.Observe(float64(len(b.Ciphertexts)))
	size := 0
	for _, ct := range b.Ciphertexts {
		size += len(ct)
	}
	m.batchBytes.Observe(float64(size))
	if metered {
		m.batchGas.Observe(float64(gas))
		m.gasUsed.Add(float64(gas))
	}
}

// gasMeter is implemented by ledgers whose transactions cost gas
// (ledger/ethereum.Driver): PostCommandsGas is PostCommands that also
// returns the gas its transaction used.
type gasMeter interface {
	PostCommandsGas(ctx context.Context, b chainmsg.CommandBatch) (gasUsed uint64, err error)
}

// postCommands posts a batch and counts it.
func (n *Node) postCommands(ctx context.Context, b chainmsg.CommandBatch) error {
	var gas uint64
	var err error
	gm, metered := n.led.(gasMeter)
	if metered {
		gas, err = gm.PostCommandsGas(ctx, b)
	} else {
		err = n.led.PostCommands(ctx, b)
	}
	if err != nil {
		n.metrics.batchFailed(err)
		return err
	}
	n.metrics.batchPosted(b, gas, metered)
	return nil
}

// commandTimes remembers when the node accepted each command it still
// awaits an outcome for, for anonify_command_duration_seconds. It is
// bounded like the outcome store; beyond that, commands go unmeasured.
type commandTimes map[common.Hash]time.Time

func (t commandTimes) accepted(id common.Hash, now time.Time) {
	if _, ok := t[id]; !ok && len(t) < maxOutcomes {
		t[id] = now
	}
}

func (t commandTimes) decided(id common.Hash, now time.Time, h prometheus.Histogram) {
	if at, ok := t[id]; ok {
		h.Observe(now.Sub(at).Seconds())
		delete(t, id)
	}
}

// instrument counts each request by its route pattern (never its path,
// which may carry a command id) and status code.
func (n *Node) instrument(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		mux.ServeHTTP(sw, r)
		route := r.Pattern // set by the mux; empty when nothing matched
		if route == "" {
			route = "unmatched"
		}
		n.metrics.httpRequests.WithLabelValues(route, httpCode(sw.code)).Inc()
		n.metrics.httpSeconds.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	code        int
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.code, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wroteHeader = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func httpCode(code int) string { return strconv.Itoa(code) }
