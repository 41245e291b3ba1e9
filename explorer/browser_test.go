package explorer

import (
	"context"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/devnet"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// chromium finds a Chromium binary, or fails (CI: ANONIFY_REQUIRE_CHROMIUM=1)
// or skips the test with the install hint.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const hint = "no Chromium found on PATH: install it (Debian: apt-get install -y chromium) to run the explorer's browser test"
	if os.Getenv("ANONIFY_REQUIRE_CHROMIUM") == "1" {
		t.Fatal(hint + " (ANONIFY_REQUIRE_CHROMIUM=1)")
	}
	t.Skip(hint)
	return ""
}

// TestExplorerInBrowser starts a two-node devnet, runs ERC-20 commands
// through the client, serves the explorer on it and checks what headless
// Chromium renders: both members, the INSECURE verdict of the simulated
// TEE, the batches, the plot, and nodes agreeing on the state hash.
func TestExplorerInBrowser(t *testing.T) {
	browser := chromium(t)
	if testing.Short() {
		t.Skip("starts a chain, nodes and a browser")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	d, err := devnet.Start(ctx, devnet.Options{Nodes: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	users, err := devnet.Users()
	if err != nil {
		t.Fatal(err)
	}
	var clients []*client.Client
	for _, url := range d.Info.Nodes {
		c, err := client.Connect(ctx, url, client.Options{Ledger: d.Ledger})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	// The walkthrough's first two steps: init, then a transfer through the
	// other node.
	addr := map[string]common.Address{}
	for n, k := range users {
		addr[n] = crypto.PubkeyToAddress(k.PublicKey)
	}
	for _, s := range devnet.Walkthrough()[:2] {
		if _, err := clients[s.Node%len(clients)].Command(ctx, users[s.Who], erc20abi.Name, s.Fn, s.Args(addr)); err != nil {
			t.Fatalf("%s: %v", s.Note, err)
		}
	}

	x, err := New(Config{Chain: d.Ledger, Nodes: d.Info.Nodes})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srvCtx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- x.Serve(srvCtx, ln, nil) }()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()

	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts, chromedp.ExecPath(browser), chromedp.Flag("headless", "new"), chromedp.NoSandbox,

		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	if err := chromedp.Do(bctx,
		chromedp.Navigate("http://"+ln.Addr().String()+"/?refresh=0"),
		chromedp.WaitVisible(chromedp.CSS("#member-count")),
	); err != nil {
		t.Fatalf("browser: load the page: %v", err)
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("browser: text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	texts := func(sel string) []string {
		t.Helper()
		js := `[...document.querySelectorAll(` + strconv.Quote(sel) + `)].map(e => e.textContent.trim())`
		out, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](js))
		if err != nil {
			t.Fatalf("browser: texts of %s: %v", sel, err)
		}
		return out
	}
	title, err := chromedp.Run(bctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	members, epoch, agreement := text("#member-count"), text("#epoch"), text("#agreement")
	verdicts := texts("#members-table .verdict")
	batchRows := len(texts("#batches tbody tr.batch"))
	svgs := len(texts("svg#plot-commands"))
	bars := len(texts("svg#plot-commands rect.bar"))
	stateHashes := texts("#nodes .state-hash")
	auditorsTables, auditPosts := len(texts("#auditors-table")), text("#audit-post-total")
	t.Logf("page %q: members %s, epoch %s, verdicts %v, %d batch rows, %d bars, hashes %v (%s)",
		title, members, epoch, verdicts, batchRows, bars, stateHashes, agreement)
	if !strings.HasPrefix(title, "Anonify explorer") {
		t.Errorf("title %q", title)
	}
	if members != "2" {
		t.Errorf("members shown %q, want 2", members)
	}
	if len(verdicts) != 2 {
		t.Errorf("%d enclaves in the table, want 2", len(verdicts))
	}
	for _, v := range verdicts {
		if v != VerdictInsecure {
			t.Errorf("simulated enclave's verdict %q, want %s", v, VerdictInsecure)
		}
	}
	if batchRows < 1 {
		t.Error("no command batch row on the page")
	}
	if svgs != 1 || bars < 1 {
		t.Errorf("plot: %d svg, %d bars; want the plot with at least one bar", svgs, bars)
	}
	if len(stateHashes) != 2 || stateHashes[0] != stateHashes[1] {
		t.Errorf("node state hashes %v, want two equal ones", stateHashes)
	}
	if _, err := strconv.Atoi(auditPosts); auditorsTables != 1 || err != nil {
		t.Errorf("auditors section: %d tables, audit posts %q; want the table and a count", auditorsTables, auditPosts)
	}
	if agreement != "agree" {
		t.Errorf("state hash agreement %q, want agree", agreement)
	}
}
