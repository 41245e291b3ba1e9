package clique

import "syscall"

// procAttr puts a sealer in its own process group (Kill signals the
// group) and kills it if this process dies first: a test that times out
// or a devnet killed with -9 leaves no sealer running.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
