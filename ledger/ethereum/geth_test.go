package ethereum

import (
	"context"
	"errors"
	"fmt"
	"go/build"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// gethDevKey is the fixed, public key that `geth --dev` funds
// (cmd/utils.DeveloperKey in go-ethereum).
const gethDevKey = "b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291"

// findGeth looks for a geth binary in $ANONIFY_GETH, on PATH, then where
// `go install` puts it.
func findGeth() (string, bool) {
	if p := os.Getenv("ANONIFY_GETH"); p != "" {
		return p, true
	}
	if p, err := exec.LookPath("geth"); err == nil {
		return p, true
	}
	p := filepath.Join(build.Default.GOPATH, "bin", "geth")
	if _, err := os.Stat(p); err == nil {
		return p, true
	}
	return "", false
}

// TestGethDev runs the driver against a real `geth --dev` process: the same
// code path as an external network, with nothing embedded.
func TestGethDev(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a geth process; skipped with -short")
	}
	gethBin, ok := findGeth()
	if !ok {
		t.Skip("geth not found ($ANONIFY_GETH, PATH, $GOPATH/bin); install it with " +
			"`go install github.com/ethereum/go-ethereum/cmd/geth@v1.17.8` (about 2 minutes) to run this test")
	}
	url := startGethDev(t, gethBin)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	hostKey, err := crypto.HexToECDSA(gethDevKey)
	if err != nil {
		t.Fatal(err)
	}
	client, err := ethclient.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	contract, err := Deploy(ctx, client, hostKey, []common.Address{addr(hostKey)}, 1, []byte(testPolicy))
	if err != nil {
		t.Fatalf("Deploy on geth: %v", err)
	}
	d, err := Dial(ctx, url, contract, hostKey)
	if err != nil {
		t.Fatalf("Dial geth: %v", err)
	}
	defer d.Close()

	a, b := newEnclave(t), newEnclave(t)
	for _, e := range []*enclave{a, b} {
		if err := d.Register(ctx, e.registration(t, d)); err != nil {
			t.Fatalf("Register: %v", err)
		}
	}
	if _, err := d.ProposeFounder(ctx, a.id); err != nil { // threshold 1: executes at once
		t.Fatalf("ProposeFounder: %v", err)
	}
	if err := d.PostHandshake(ctx, a.handshake(t, d, 0, "add b", []common.Address{b.id}, nil)); err != nil {
		t.Fatalf("PostHandshake: %v", err)
	}
	batch := b.batch(t, d, 1, 0, ciphertext(512, 1), ciphertext(512, 2))
	if err := d.PostCommands(ctx, batch); err != nil {
		t.Fatalf("PostCommands: %v", err)
	}
	var bs *ledger.BadSequenceError
	if err := d.PostCommands(ctx, batch); !errors.As(err, &bs) || bs.Expected != 1 {
		t.Fatalf("replayed batch on geth: %v, want *BadSequenceError{Expected: 1}", err)
	}
	if err := d.PostHandshake(ctx, b.handshake(t, d, 0, "late", nil, nil)); !errors.Is(err, ledger.ErrWrongEpoch) {
		t.Fatalf("stale handshake on geth: %v, want ErrWrongEpoch", err)
	}

	from, err := d.DeployedAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	events, _, err := d.Events(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, describeKind(e))
	}
	want := "[PolicyChanged Registered Registered Proposed Approved Founded Handshake Commands]"
	if got := fmt.Sprint(kinds); got != want {
		t.Fatalf("events on geth = %s, want %s", got, want)
	}
	if c := events[len(events)-1].Commands; c.Enclave != b.id || len(c.Ciphertexts) != 2 {
		t.Fatalf("commands event = %+v", c)
	}
}

func describeKind(e chainmsg.Event) string {
	switch {
	case e.Registered != nil:
		return "Registered"
	case e.Handshake != nil:
		return "Handshake"
	case e.Commands != nil:
		return "Commands"
	case e.PolicyChanged != nil:
		return "PolicyChanged"
	case e.Founded != nil:
		return "Founded"
	case e.Proposed != nil:
		return "Proposed"
	case e.Approved != nil:
		return "Approved"
	}
	return "?"
}

// startGethDev starts `geth --dev` in a temporary data directory with HTTP
// JSON-RPC on a free loopback port, waits until it answers, and stops it when
// the test ends.
func startGethDev(t *testing.T, gethBin string) string {
	t.Helper()
	port := freePort(t)
	dir := t.TempDir()
	logPath := filepath.Join(dir, "geth.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gethBin,
		"--dev", "--datadir", filepath.Join(dir, "data"),
		"--http", "--http.addr", "127.0.0.1", "--http.port", strconv.Itoa(port), "--http.api", "eth,net,web3",
		"--ipcdisable", "--nodiscover", "--maxpeers", "0", "--port", "0", "--authrpc.port", "0",
		"--verbosity", "3")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", gethBin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		logFile.Close()
		if t.Failed() {
			if log, err := os.ReadFile(logPath); err == nil {
				t.Logf("geth log:\n%s", tail(log, 4000))
			}
		}
	})

	url := "http://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logPath)
			t.Fatalf("geth exited early: %v\n%s", err, tail(log, 4000))
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := ethclient.DialContext(ctx, url)
		if err == nil {
			_, err = c.ChainID(ctx)
			c.Close()
		}
		cancel()
		if err == nil {
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("geth did not answer on %s within 60s: %v", url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
