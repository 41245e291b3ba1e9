//go:build linux

package netns_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/anonify-go/anonify/devnet/netns"
)

// requireNetns skips the test when this machine does not let it create
// network namespaces, unless ANONIFY_REQUIRE_NETNS is set (CI sets it
// where the probe succeeds), in which case it fails.
func requireNetns(t *testing.T) {
	t.Helper()
	if err := netns.Probe(); err != nil {
		if os.Getenv("ANONIFY_REQUIRE_NETNS") != "" {
			t.Fatalf("ANONIFY_REQUIRE_NETNS is set but network namespaces are not available: %v", err)
		}
		t.Skipf("network namespaces not available here (needs root and iproute2; ANONIFY_REQUIRE_NETNS=1 makes this a failure): %v", err)
	}
}

// TestHostsReachEachOtherOnlyOverTheLAN: two hosts on the LAN and one
// behind an uplink talk over TCP at their own addresses; a disconnected
// host is unreachable (and reaches no one) until it is plugged back in;
// a disconnected uplink cuts the site off from the LAN while its hosts
// are still reachable from their own consoles. Everything is gone after
// Close.
func TestHostsReachEachOtherOnlyOverTheLAN(t *testing.T) {
	requireNetns(t)
	n, err := netns.New(netns.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	a, err := n.AddHost("a", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := n.AddHost("b", nil)
	if err != nil {
		t.Fatal(err)
	}
	site, err := n.AddSwitch("site")
	if err != nil {
		t.Fatal(err)
	}
	c, err := n.AddHost("c", site)
	if err != nil {
		t.Fatal(err)
	}
	if !n.Subnet.Contains(a.Addr) || a.Addr == b.Addr || b.Addr == c.Addr || n.Local == a.Addr {
		t.Fatalf("addresses: LAN %v, local %v, a %v, b %v, c %v", n.Subnet, n.Local, a.Addr, b.Addr, c.Addr)
	}
	serve := func(h *netns.Host) string {
		t.Helper()
		l, err := h.Listen("tcp", netip.AddrPortFrom(h.Addr, 7000).String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		go func() {
			for {
				conn, err := l.Accept()
				if err != nil {
					return
				}
				io.WriteString(conn, h.Name)
				conn.Close()
			}
		}()
		return l.Addr().String()
	}
	addrOf := map[string]string{"a": serve(a), "b": serve(b), "c": serve(c)}
	type dialer func(ctx context.Context, network, address string) (net.Conn, error)
	local := (&net.Dialer{}).DialContext
	reach := func(from dialer, to string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		conn, err := from(ctx, "tcp", addrOf[to])
		if err != nil {
			return err
		}
		defer conn.Close()
		b, err := io.ReadAll(conn)
		if err == nil && string(b) != to {
			err = errors.New("answered by " + string(b))
		}
		return err
	}
	// A host that tried to reach one that was cut off has it marked
	// unreachable (ARP) and drops the first packet after it is back, as
	// real machines do: a connection that must succeed gets a few tries.
	expect := func(what string, from dialer, to string, ok bool) {
		t.Helper()
		err := reach(from, to)
		for deadline := time.Now().Add(3 * time.Second); ok && err != nil && time.Now().Before(deadline); {
			err = reach(from, to)
		}
		if (err == nil) != ok {
			t.Errorf("%s: reach %s: %v, want reachable %v", what, to, err, ok)
		}
	}
	for _, to := range []string{"a", "b", "c"} {
		expect("from this machine", local, to, true)
		expect("from a", a.DialContext, to, true)
		expect("from c", c.DialContext, to, true)
	}
	if err := b.Disconnect(); err != nil {
		t.Fatal(err)
	}
	expect("b cut off, from this machine", local, "b", false)
	expect("b cut off, from a", a.DialContext, "b", false)
	expect("b cut off, from b", b.DialContext, "a", false)
	expect("b cut off, from its own console", b.DialContext, "b", true)
	expect("b cut off, a to c", a.DialContext, "c", true)
	if err := b.Reconnect(); err != nil {
		t.Fatal(err)
	}
	expect("b back, from a", a.DialContext, "b", true)

	if err := site.Disconnect(); err != nil {
		t.Fatal(err)
	}
	expect("site cut off, from this machine", local, "c", false)
	expect("site cut off, from a", a.DialContext, "c", false)
	expect("site cut off, from c", c.DialContext, "a", false)
	expect("site cut off, c's own console", c.DialContext, "c", true)
	if err := site.Reconnect(); err != nil {
		t.Fatal(err)
	}
	expect("site back, from a", a.DialContext, "c", true)

	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	for _, h := range []*netns.Host{a, b, c} {
		if _, err := os.Stat("/run/netns/" + h.NS); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("namespace %s left after Close: %v", h.NS, err)
		}
	}
}

// TestCleanStale: namespaces a crashed run left (its process is gone) are
// removed; those of a live process stay.
func TestCleanStale(t *testing.T) {
	requireNetns(t)
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	stale := fmt.Sprintf("anf%dq-stale", gone.Process.Pid)
	live := fmt.Sprintf("anf%dq-live", os.Getpid())
	for _, ns := range []string{stale, live} {
		if out, err := exec.Command("ip", "netns", "add", ns).CombinedOutput(); err != nil {
			t.Fatalf("ip netns add %s: %v %s", ns, err, out)
		}
	}
	defer exec.Command("ip", "netns", "del", live).Run()
	netns.CleanStale()
	if _, err := os.Stat("/run/netns/" + stale); !errors.Is(err, os.ErrNotExist) {
		exec.Command("ip", "netns", "del", stale).Run()
		t.Errorf("the namespace of a process that is gone is still there: %v", err)
	}
	if _, err := os.Stat("/run/netns/" + live); err != nil {
		t.Errorf("the namespace of this live process was removed: %v", err)
	}
}
