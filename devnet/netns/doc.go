// Package netns puts several "hosts" on one Linux machine, for tests and
// demonstrations of a network spread over machines: each host is a
// network namespace with its own address on a virtual LAN, so that
// processes on different hosts reach each other only over that network,
// as separate machines would, and a host's link can be taken down like a
// pulled cable.
//
// The layout (PREFIX is unique to a Network, see Options.Prefix):
//
//   - the switches are Linux bridges in a namespace of their own,
//     PREFIX-sw, out of the way of the machine's own firewall; the first
//     is the LAN, 10.77.K.0/24 (K is chosen free on this machine);
//   - the calling machine is on the LAN as 10.77.K.1 (a veth PREFIXc in
//     the root namespace), so that the caller (a test, an operator's
//     shell) reaches every host as a client on the LAN would;
//   - each host is a namespace PREFIX-NAME whose eth0 is a veth plugged
//     into a switch, with the address 10.77.K.10, .11, … in the order
//     the hosts were added;
//   - another switch (a second site) joins the LAN through an uplink:
//     taking it down partitions the site's hosts, which still reach each
//     other, from the rest.
//
// Host.Disconnect takes the host's switch port down: the host keeps its
// address and routes, and its packets go nowhere, as when its cable is
// pulled. Host.Command runs a program inside the host (ip netns exec),
// and Host.DialContext opens a connection from inside it (the host's own
// console, which works even while it is cut off).
//
// Everything a Network creates is named with its prefix, which carries
// the creating process's id, and goes when the Network is closed; a
// Network left behind by a crash is removed by the next New (CleanStale).
//
// Trust: UNTRUSTED host tooling, for development and tests. It needs
// root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2's ip; Probe says
// whether this machine allows it.
package netns
