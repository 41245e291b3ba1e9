//go:build !linux

package clique

import "syscall"

// procAttr puts a sealer in its own process group (Kill signals the
// group). Outside Linux a sealer outlives a process killed with -9.
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
