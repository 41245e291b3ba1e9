package netns

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Options configure a Network.
type Options struct {
	// Prefix names every namespace and interface the network creates
	// (lower-case letters and digits, at most 12). Empty: "anf", this
	// process's id and a letter, which New recognises as stale once the
	// process is gone.
	Prefix string
}

// Network is a virtual LAN with hosts on it.
type Network struct {
	Prefix string
	Subnet netip.Prefix // 10.77.K.0/24
	Local  netip.Addr   // the calling machine's address on the LAN (.1)
	LAN    *Switch

	mu       sync.Mutex
	switches []*Switch
	hosts    []*Host
	next     int // the last byte of the next host's address
}

// Switch is a bridge hosts plug into. The LAN is the first; another one
// joins it through an uplink.
type Switch struct {
	Name   string
	net    *Network
	bridge string // in the switch namespace
	uplink string // the uplink's port on the LAN; "" for the LAN itself
}

// Host is a network namespace with its own address.
type Host struct {
	Name   string
	NS     string     // the namespace, for ip netns exec
	Addr   netip.Addr // on the LAN's subnet
	Switch *Switch
	port   string // its switch port, in the switch namespace
}

var (
	seq       atomic.Uint32
	validName = regexp.MustCompile(`^[a-z0-9]+$`)
	// What New's default prefix looks like: "anf", a process id, a letter.
	ownPrefix = regexp.MustCompile(`^anf([0-9]+)[a-z]`)
)

const (
	hostBase   = 10 // hosts are .10, .11, …
	maxName    = 12 // so that "h-" + name fits an interface name (15)
	runNetns   = "/run/netns"
	switchName = "sw"
)

// New creates the LAN (its switch and the calling machine's port on it),
// first removing what crashed earlier runs left (CleanStale).
func New(opts Options) (_ *Network, err error) {
	if _, err := exec.LookPath("ip"); err != nil {
		return nil, fmt.Errorf("netns: iproute2's ip is not installed: %w", err)
	}
	CleanStale()
	prefix := opts.Prefix
	if prefix == "" {
		prefix = fmt.Sprintf("anf%d%c", os.Getpid(), 'a'+rune(seq.Add(1)%26))
	}
	if !validName.MatchString(prefix) || len(prefix) > maxName {
		return nil, fmt.Errorf("netns: prefix %q: want at most %d lower-case letters and digits", prefix, maxName)
	}
	subnet, err := FreeSubnet()
	if err != nil {
		return nil, err
	}
	n := &Network{Prefix: prefix, Subnet: subnet, Local: subnet.Addr().Next(), next: hostBase}
	defer func() {
		if err != nil {
			n.Close()
		}
	}()
	sw := n.switchNS()
	if err := ip("netns", "add", sw); err != nil {
		return nil, err
	}
	n.LAN = &Switch{Name: "lan", net: n, bridge: "lan"}
	n.switches = append(n.switches, n.LAN)
	if err := ipAll(
		[]string{"-n", sw, "link", "set", "lo", "up"},
		[]string{"-n", sw, "link", "add", "lan", "type", "bridge"},
		[]string{"-n", sw, "link", "set", "lan", "up"},
		// The calling machine's port: PREFIXc here, "local" on the switch.
		[]string{"link", "add", n.localLink(), "type", "veth", "peer", "name", "local", "netns", sw},
		[]string{"-n", sw, "link", "set", "local", "master", "lan", "up"},
		[]string{"addr", "add", n.Local.String() + "/24", "dev", n.localLink()},
		[]string{"link", "set", n.localLink(), "up"},
	); err != nil {
		return nil, err
	}
	return n, nil
}

func (n *Network) switchNS() string  { return n.Prefix + "-" + switchName }
func (n *Network) localLink() string { return n.Prefix + "c" }

// AddSwitch adds a switch joined to the LAN by an uplink (another site).
func (n *Network) AddSwitch(name string) (*Switch, error) {
	if !validName.MatchString(name) || len(name) > maxName || name == "lan" {
		return nil, fmt.Errorf("netns: switch name %q: want at most %d lower-case letters and digits, not lan", name, maxName)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	sw := n.switchNS()
	s := &Switch{Name: name, net: n, bridge: "br-" + name, uplink: "up-" + name}
	if err := ipAll(
		[]string{"-n", sw, "link", "add", s.bridge, "type", "bridge"},
		[]string{"-n", sw, "link", "set", s.bridge, "up"},
		[]string{"-n", sw, "link", "add", s.uplink, "type", "veth", "peer", "name", "dn-" + name},
		[]string{"-n", sw, "link", "set", s.uplink, "master", "lan", "up"},
		[]string{"-n", sw, "link", "set", "dn-" + name, "master", s.bridge, "up"},
	); err != nil {
		return nil, err
	}
	n.switches = append(n.switches, s)
	return s, nil
}

// AddHost adds a host plugged into sw (the LAN if nil), with the next
// free address.
func (n *Network) AddHost(name string, sw *Switch) (*Host, error) {
	if !validName.MatchString(name) || len(name) > maxName || name == switchName {
		return nil, fmt.Errorf("netns: host name %q: want at most %d lower-case letters and digits, not %s", name, maxName, switchName)
	}
	if sw == nil {
		sw = n.LAN
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, h := range n.hosts {
		if h.Name == name {
			return nil, fmt.Errorf("netns: host %q exists", name)
		}
	}
	if n.next > 254 {
		return nil, errors.New("netns: no address left on the LAN")
	}
	b := n.Subnet.Addr().As4()
	b[3] = byte(n.next)
	h := &Host{Name: name, NS: n.Prefix + "-" + name, Addr: netip.AddrFrom4(b), Switch: sw, port: "h-" + name}
	swNS := n.switchNS()
	if err := ip("netns", "add", h.NS); err != nil {
		return nil, err
	}
	n.hosts = append(n.hosts, h) // Close removes it from here on
	if err := ipAll(
		[]string{"-n", h.NS, "link", "set", "lo", "up"},
		[]string{"-n", swNS, "link", "add", h.port, "type", "veth", "peer", "name", "eth0", "netns", h.NS},
		[]string{"-n", swNS, "link", "set", h.port, "master", sw.bridge, "up"},
		[]string{"-n", h.NS, "addr", "add", h.Addr.String() + "/24", "dev", "eth0"},
		[]string{"-n", h.NS, "link", "set", "eth0", "up"},
	); err != nil {
		return nil, err
	}
	n.next++
	return h, nil
}

// Hosts lists the hosts in the order they were added.
func (n *Network) Hosts() []*Host {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]*Host(nil), n.hosts...)
}

// Close removes every namespace and interface of the network. Processes
// still running in a host keep their (now nameless) namespace until they
// exit; their links are gone.
func (n *Network) Close() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	var errs []error
	for _, h := range n.hosts {
		errs = append(errs, ip("netns", "del", h.NS))
	}
	n.hosts = nil
	if _, err := os.Stat(filepath.Join(runNetns, n.switchNS())); err == nil {
		errs = append(errs, ip("netns", "del", n.switchNS()))
	}
	// The local port goes with its peer in the switch namespace, but
	// not at once: the kernel frees a namespace asynchronously.
	if _, err := net.InterfaceByName(n.localLink()); err == nil {
		_ = ip("link", "del", n.localLink())
	}
	return errors.Join(errs...)
}

// Disconnect takes the switch's uplink down: its hosts still reach each
// other, not the LAN (nor the calling machine).
func (s *Switch) Disconnect() error { return s.setUplink("down") }

// Reconnect brings the uplink back.
func (s *Switch) Reconnect() error { return s.setUplink("up") }

func (s *Switch) setUplink(state string) error {
	if s.uplink == "" {
		return errors.New("netns: the LAN has no uplink")
	}
	sw := s.net.switchNS()
	return setLink(state, sw, s.uplink, sw, "dn-"+s.Name)
}

// Disconnect takes the host's switch port down, as when its cable is
// pulled: it keeps its address and routes, and its packets go nowhere
// (connections time out rather than fail at once).
func (h *Host) Disconnect() error { return h.setPort("down") }

// Reconnect plugs the host back in.
func (h *Host) Reconnect() error { return h.setPort("up") }

func (h *Host) setPort(state string) error {
	return setLink(state, h.Switch.net.switchNS(), h.port, h.NS, "eth0")
}

// setLink sets the veth link in namespace ns down or up. Up, it returns
// once both ends, link and peer in peerNS, are operationally up: the
// kernel passes a carrier change on up to a second late, and until
// then the peer sends nothing.
func setLink(state, ns, link, peerNS, peer string) error {
	if err := ip("-n", ns, "link", "set", link, state); err != nil || state != "up" {
		return err
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, end := range [][2]string{{ns, link}, {peerNS, peer}} {
		for {
			out, err := exec.Command("ip", "-n", end[0], "-o", "link", "show", "dev", end[1]).Output()
			if err == nil && strings.Contains(string(out), " state UP ") {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("netns: %s in %s is not up 5s after ip link set up: %s", end[1], end[0], strings.TrimSpace(string(out)))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return nil
}

// Command prepares name to run inside the host (ip netns exec, which
// execs name in place: the process is name itself).
func (h *Host) Command(name string, args ...string) *exec.Cmd {
	return exec.Command("ip", append([]string{"netns", "exec", h.NS, name}, args...)...)
}

// DialContext connects from inside the host to address, a numeric
// host:port, as a program on the host would: the host's own console,
// which works while the host is cut off from the LAN.
func (h *Host) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	var c net.Conn
	err := h.inside(func() (err error) {
		c, err = (&net.Dialer{}).DialContext(ctx, network, address)
		return err
	})
	return c, err
}

// Listen opens a listener inside the host, as a program on the host
// would.
func (h *Host) Listen(network, address string) (net.Listener, error) {
	var l net.Listener
	err := h.inside(func() (err error) {
		l, err = net.Listen(network, address)
		return err
	})
	return l, err
}

// inside runs fn on an OS thread moved into the host's namespace; the
// sockets fn opens stay in the host's namespace. A namespace belongs to
// a thread: fn runs on a goroutine that locks one, moves it in and back
// out; a thread that cannot move back stays locked, and Go ends it with
// its goroutine.
func (h *Host) inside(fn func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		restored, err := h.enter(fn)
		if restored {
			runtime.UnlockOSThread()
		}
		done <- err
	}()
	return <-done
}

// enter runs fn in the host's namespace on the calling, locked thread;
// restored is false if the thread could not go back to its own.
func (h *Host) enter(fn func() error) (restored bool, err error) {
	self, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return true, fmt.Errorf("netns: %w", err)
	}
	defer self.Close()
	target, err := os.Open(filepath.Join(runNetns, h.NS))
	if err != nil {
		return true, fmt.Errorf("netns: host %s: %w", h.Name, err)
	}
	defer target.Close()
	if err := setns(target); err != nil {
		return true, fmt.Errorf("netns: enter host %s: %w", h.Name, err)
	}
	ferr := fn()
	if err := setns(self); err != nil {
		return false, fmt.Errorf("netns: leave host %s: %w", h.Name, err)
	}
	return true, ferr
}

func setns(f *os.File) error { return unix.Setns(int(f.Fd()), unix.CLONE_NEWNET) }

// HTTPClient is an HTTP client whose connections start inside the host.
func (h *Host) HTTPClient() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: h.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second}}
}

// Probe reports whether this machine lets this process create network
// namespaces, veth pairs and bridges (root, or CAP_NET_ADMIN and
// CAP_SYS_ADMIN, and iproute2), by creating and removing one of each.
func Probe() error {
	if _, err := exec.LookPath("ip"); err != nil {
		return fmt.Errorf("netns: iproute2's ip is not installed: %w", err)
	}
	ns := fmt.Sprintf("anf%dz-probe", os.Getpid())
	if err := ip("netns", "add", ns); err != nil {
		return err
	}
	defer ip("netns", "del", ns)
	return ipAll(
		[]string{"-n", ns, "link", "add", "probe0", "type", "veth", "peer", "name", "probe1"},
		[]string{"-n", ns, "link", "add", "probebr", "type", "bridge"},
		[]string{"-n", ns, "link", "set", "probe0", "master", "probebr", "up"},
	)
}

// CleanStale removes the namespaces and interfaces that Networks with a
// default prefix left behind when their process died without closing
// them. Those of live processes stay.
func CleanStale() {
	stale := func(name string) bool {
		m := ownPrefix.FindStringSubmatch(name)
		if m == nil {
			return false
		}
		pid, err := strconv.Atoi(m[1])
		return err == nil && !alive(pid)
	}
	entries, _ := os.ReadDir(runNetns)
	for _, e := range entries {
		if stale(e.Name()) {
			_ = ip("netns", "del", e.Name())
		}
	}
	ifaces, _ := net.Interfaces()
	for _, i := range ifaces {
		if stale(i.Name) && strings.HasSuffix(i.Name, "c") {
			_ = ip("link", "del", i.Name)
		}
	}
}

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// FreeSubnet picks a 10.77.K.0/24 that no interface of this machine is
// on, starting from one that depends on the process id so that
// concurrent runs tend to pick different ones.
func FreeSubnet() (netip.Prefix, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return netip.Prefix{}, err
	}
	start := os.Getpid()
	for i := range 256 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 77, byte((start + i) % 256), 0}), 24)
		used := false
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok {
				if ad, ok := netip.AddrFromSlice(ipn.IP.To4()); ok && p.Contains(ad) {
					used = true
					break
				}
			}
		}
		if !used {
			return p, nil
		}
	}
	return netip.Prefix{}, errors.New("netns: every 10.77.K.0/24 is in use on this machine")
}

func ip(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("netns: ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

func ipAll(cmds ...[]string) error {
	for _, c := range cmds {
		if err := ip(c...); err != nil {
			return err
		}
	}
	return nil
}
