//go:build unix

package enclave

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) this process has used so
// far, on all its threads: the benchmarks divide work by it to report a
// rate per core that other load on the machine barely moves.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
