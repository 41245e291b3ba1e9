package node_test

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// scrape reads a node's /metrics and parses the exposition.
func scrape(t *testing.T, url string) (map[string]*dto.MetricFamily, string) {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: HTTP %d %v", resp.StatusCode, err)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("GET /metrics: not the Prometheus text format: %v", err)
	}
	return fams, string(raw)
}

// metricValue is the value of the sample of family name whose labels
// include want (a counter's or gauge's value, a histogram's count), and
// whether there is one.
func metricValue(fams map[string]*dto.MetricFamily, name string, want ...string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(want); i += 2 {
			if labels[want[i]] != want[i+1] {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// TestMetrics runs commands, a query and refused requests through a node
// and checks that its metrics moved, and that nothing in them names a
// user, an enclave or a command.
func TestMetrics(t *testing.T) {
	net := newMemNet(t, 2)
	ctx := net.ctx
	url := net.nodes[0].n.URL()
	alice, aliceAddr := userKey(t)
	_, bobAddr := userKey(t)
	c := net.client(0)
	if _, err := c.Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatal(err)
	}
	out, err := c.Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 30))
	if err != nil {
		t.Fatal(err)
	}
	if got := balance(t, ctx, c, alice); got != "70" {
		t.Fatalf("alice has %s, want 70", got)
	}
	// Two refusals the node classifies itself, and one of the enclave's.
	for _, body := range []string{`{"sealed":`, `{"sealed":"0x00"}`} {
		resp, err := http.Post(url+"/v1/requests", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	net.agree(2)

	fams, _ := scrape(t, url)
	atLeast := []struct {
		name   string
		labels []string
		min    float64
	}{
		{"anonify_applied_commands_total", nil, 2},
		{"anonify_applied_blocks_total", nil, 1},
		{"anonify_applied_block", nil, 1},
		{"anonify_ledger_head_block", nil, 1},
		{"anonify_member", nil, 1},
		{"anonify_group_members", nil, 2},
		{"anonify_ledger_events_total", []string{"kind", "commands"}, 2},
		{"anonify_ledger_events_total", []string{"kind", "handshake"}, 1},
		{"anonify_batches_posted_total", nil, 2},
		{"anonify_batch_commands", nil, 2}, // histograms: their count
		{"anonify_batch_bytes", nil, 2},
		{"anonify_submit_duration_seconds", []string{"result", "accepted"}, 2},
		{"anonify_submit_duration_seconds", []string{"result", "answered"}, 1},
		{"anonify_submit_duration_seconds", []string{"result", "refused"}, 2},
		{"anonify_command_duration_seconds", nil, 2},
		{"anonify_apply_duration_seconds", nil, 1},
		{"anonify_requests_refused_total", []string{"class", "bad_body"}, 1},
		{"anonify_requests_refused_total", []string{"class", "unsealable"}, 1},
		// Node 0 founded the group and admitted node 1.
		{"anonify_handshakes_total", []string{"op", "add", "result", "committed"}, 1},
		{"anonify_admissions_total", []string{"result", "committed"}, 1},
		{"anonify_http_requests_total", []string{"route", "POST /v1/requests", "code", "202"}, 2},
		{"anonify_http_request_duration_seconds", []string{"route", "POST /v1/requests"}, 1},
	}
	for _, m := range atLeast {
		if v, ok := metricValue(fams, m.name, m.labels...); !ok || v < m.min {
			t.Errorf("%s%v = %v (present %v), want at least %v", m.name, m.labels, v, ok, m.min)
		}
	}
	for _, name := range []string{"anonify_pending_commands", "anonify_catchup_lag_blocks", "anonify_epoch"} {
		if _, ok := metricValue(fams, name); !ok {
			t.Errorf("%s is missing", name)
		}
	}
	// memledger reports no gas: the gas histogram exists, empty.
	if v, ok := metricValue(fams, "anonify_batch_gas"); !ok || v != 0 {
		t.Errorf("anonify_batch_gas count = %v (present %v), want 0 on a ledger without gas", v, ok)
	}

	t.Run("no identifying values", func(t *testing.T) {
		secrets := []string{aliceAddr.Hex()[2:], bobAddr.Hex()[2:], out.ID.Hex()[2:], out.TxHash.Hex()[2:]}
		for _, mn := range net.nodes {
			secrets = append(secrets, mn.n.Enclave().Identity().Hex()[2:])
		}
		hexRun := regexp.MustCompile(`(?i)(0x)?[0-9a-f]{40,}`)
		for i, mn := range net.nodes {
			_, raw := scrape(t, mn.n.URL())
			if m := hexRun.FindString(raw); m != "" {
				t.Errorf("node %d: /metrics carries %s", i, m)
			}
			for _, s := range secrets {
				if strings.Contains(strings.ToLower(raw), strings.ToLower(s)) {
					t.Errorf("node %d: /metrics carries %s", i, s)
				}
			}
		}
	})
}

// TestReadiness: /healthz answers at once; /readyz says 503 "not a member
// yet" while a node waits for its admission, and 200 once admitted.
func TestReadiness(t *testing.T) {
	net := newMemNet(t, 1)
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := getJSON(t, net.nodes[0].n.URL()+path); code != http.StatusOK {
			t.Fatalf("member: GET %s: HTTP %d %s", path, code, body)
		}
	}
	// A joiner whose admission the only member cannot post yet.
	unstage := net.stage(0, func(ctx context.Context, c memledger.Call, send func() error) error {
		if c.Method == "postHandshake" {
			return context.DeadlineExceeded
		}
		return send()
	})
	net.nodes = append(net.nodes, &memNode{dir: t.TempDir(), host: common.Address{0x70, 1}})
	net.start(1)
	url := net.nodes[1].n.URL()
	if code, body := getJSON(t, url+"/healthz"); code != http.StatusOK {
		t.Fatalf("joiner: GET /healthz: HTTP %d %s", code, body)
	}
	code, body := getJSON(t, url+"/readyz")
	var rd node.Readiness
	if err := json.Unmarshal(body, &rd); err != nil || code != http.StatusServiceUnavailable || rd.Ready || rd.Member || rd.Reason != "not a member yet" {
		t.Fatalf("joiner: GET /readyz: HTTP %d %s, want 503 not a member yet", code, body)
	}
	unstage()
	net.waitReady(1)
	code, body = getJSON(t, url+"/readyz")
	rd = node.Readiness{}
	if err := json.Unmarshal(body, &rd); err != nil || code != http.StatusOK || !rd.Ready || !rd.Member || rd.Reason != "" {
		t.Fatalf("admitted: GET /readyz: HTTP %d %s, want 200 ready", code, body)
	}
}

func getJSON(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("GET %s: Content-Type %q", url, ct)
	}
	return resp.StatusCode, body
}

// replyKey is a fresh X25519 public key for a hand-made request.
func replyKey(t *testing.T) []byte {
	t.Helper()
	k, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k.PublicKey().Bytes()
}

// sealedRequest signs and seals a request to node i's enclave by hand, as
// the SDK does.
func sealedRequest(t *testing.T, net *memNet, i int, kind, fn string, args any, counter uint64) []byte {
	t.Helper()
	info := net.nodes[i].n.Enclave().Info()
	k, from := userKey(t)
	raw, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	body := &wire.RequestBody{Version: wire.RequestVersion, Kind: kind, ChainID: info.ChainID, Contract: info.Contract, From: from,
		Counter: counter, App: erc20abi.Name, Function: fn, Args: raw, ReplyKey: replyKey(t)}
	signed, err := wire.SignRequest(body, func(d []byte) ([]byte, error) { return crypto.Sign(d, k) })
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := wire.SealRequest(info.RequestKey, info.ChainID, info.Contract, signed)
	if err != nil {
		t.Fatal(err)
	}
	return sealed
}
