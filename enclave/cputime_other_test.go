//go:build !unix

package enclave

import "time"

// cpuTime is not measured here; benchmarks skip the per-CPU rate.
func cpuTime() time.Duration { return 0 }
