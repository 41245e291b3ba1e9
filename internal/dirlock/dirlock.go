// Package dirlock keeps two processes off one data directory: a node's
// (its sealed enclave state and ledger position) or a devnet's (its chain
// database and nodes). Two processes on one node directory would run one
// enclave identity twice, each sealing over the other's state; two on a
// devnet directory would open one chain database twice.
//
// The lock is an advisory lock (flock(2)) on a file in the directory,
// which the kernel releases when its holder exits, however it exits: a
// process killed with SIGKILL leaves no stale lock behind. The holder
// writes its process id into the file, so that a refused process can say
// which one holds the directory.
//
// Trust: untrusted host code; it protects operators from mistakes, not
// the enclave from a malicious host (which can run anything it likes).
package dirlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// FileName is the lock file inside a locked directory.
const FileName = "anonify.lock"

// ErrLocked: another process holds the directory.
var ErrLocked = errors.New("dirlock: directory in use by another process")

// HeldError is Acquire's error when another process holds the directory.
// errors.Is(err, ErrLocked) holds for it.
type HeldError struct {
	Dir string
	// PID is the holder's process id as it wrote it in the lock file; 0
	// if the file does not say (the holder is between locking and writing).
	PID int
}

func (e *HeldError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "process " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("%s is in use by %s (lock %s): stop that process first, or use another directory",
		e.Dir, who, filepath.Join(e.Dir, FileName))
}

func (e *HeldError) Is(target error) bool { return target == ErrLocked }

// Lock is a held directory lock.
type Lock struct {
	f   *os.File
	dir string
}

// Acquire locks dir (which must exist) for this process, or fails at once
// with a *HeldError naming the holder. It never waits.
func Acquire(dir string) (*Lock, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("dirlock: %w", err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("dirlock: lock %s: %w", path, err)
	}
	if held {
		f.Close()
		return nil, &HeldError{Dir: dir, PID: readPID(path)}
	}
	// The lock is ours: say whose it is. A reader may catch the file
	// empty for a moment and then reports "another process".
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f, dir: dir}, nil
}

// Release unlocks the directory. The lock file stays (removing it would
// race with a process locking it anew); its content goes.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := errors.Join(unlock(l.f), l.f.Close())
	l.f = nil
	return err
}

func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
