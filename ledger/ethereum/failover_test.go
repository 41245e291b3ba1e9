package ethereum

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// TestFailover: a driver given two endpoints of one chain uses the first
// and, once it dies, goes on through the second, writes included; a
// transaction that reached the chain through the dead endpoint is not sent
// twice. Endpoints of different chains are refused at dial.
func TestFailover(t *testing.T) {
	n := newTestNet(t)
	target, _ := url.Parse(n.chain.RPCURL())
	var proxied atomic.Int64
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxied.Add(1)
		httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
	}))
	keys := n.chain.Accounts()
	d := dialTest(t, proxy.URL+","+n.chain.RPCURL(), n.contract, keys[3])
	ctx := testContext(t)
	a, b := newEnclave(t), newEnclave(t)
	if err := d.Register(ctx, a.registration(t, d)); err != nil {
		t.Fatal(err)
	}
	if proxied.Load() == 0 {
		t.Fatal("the first endpoint was not used")
	}
	proxy.Close() // the first endpoint dies
	before := proxied.Load()
	if err := d.Register(ctx, b.registration(t, d)); err != nil {
		t.Fatalf("register after the first endpoint died: %v", err)
	}
	if _, err := d.Head(ctx); err != nil {
		t.Fatal(err)
	}
	if proxied.Load() != before {
		t.Fatal("requests still went to the dead endpoint")
	}
	// The embedded chain is no Clique chain: anonify node keeps 0
	// confirmations on it.
	if _, err := d.CliqueSigners(ctx); err == nil {
		t.Fatal("the embedded chain answers clique_getSigners")
	}
	st, err := d.State(ctx)
	if err != nil || st.Epoch != 0 {
		t.Fatalf("state through the second endpoint: %+v, %v", st, err)
	}

	// Another chain: a JSON-RPC server that says chain 7.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"jsonrpc":"2.0","id":1,"result":"0x7"}`))
	}))
	defer other.Close()
	dctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := Dial(dctx, n.chain.RPCURL()+","+other.URL, n.contract, nil); err == nil || !strings.Contains(err.Error(), "serve different chains") {
		t.Fatalf("dial over two chains: %v", err)
	}
	if _, err := Dial(dctx, "http://127.0.0.1:1,http://127.0.0.1:2", common.Address{1}, nil); err == nil || !strings.Contains(err.Error(), "none of the endpoints answers") {
		t.Fatalf("dial with every endpoint down: %v", err)
	}
}

func TestSplitRPC(t *testing.T) {
	for in, want := range map[string]string{
		"http://a":            "http://a",
		"http://a, http://b,": "http://a|http://b",
		" , ":                 "",
		"http://a,,http://b ": "http://a|http://b",
	} {
		if got := strings.Join(SplitRPC(in), "|"); got != want {
			t.Errorf("SplitRPC(%q) = %q, want %q", in, got, want)
		}
	}
}
