package dirlock

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestMain lets the test binary act as the other process: with
// DIRLOCK_HOLD=DIR it locks DIR, says so, and waits to be killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv("DIRLOCK_HOLD"); dir != "" {
		l, err := Acquire(dir)
		if err != nil {
			os.Stdout.WriteString("error: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("locked\n")
		defer l.Release()
		select {} // until killed
	}
	os.Exit(m.Run())
}

// holder starts another process holding dir and returns it once it holds
// the lock.
func holder(t *testing.T, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DIRLOCK_HOLD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("holder: %q, %v", line, err)
	}
	return cmd
}

// TestSecondProcessRefused: a directory another process holds is refused
// at once, naming that process; once the holder is killed (SIGKILL, no
// clean-up), the directory can be locked again.
func TestSecondProcessRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("directories are locked on unix systems only")
	}
	dir := t.TempDir()
	h := holder(t, dir)
	_, err := Acquire(dir)
	var held *HeldError
	if !errors.As(err, &held) || !errors.Is(err, ErrLocked) {
		t.Fatalf("Acquire of a held directory: %v, want a HeldError", err)
	}
	if held.PID != h.Process.Pid {
		t.Fatalf("refusal names pid %d, the holder is %d", held.PID, h.Process.Pid)
	}
	for _, want := range []string{dir, "process " + strconv.Itoa(h.Process.Pid), FileName, "stop that process"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not say %q", err, want)
		}
	}
	h.Process.Kill()
	h.Wait()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
	if pid := readPID(dir + "/" + FileName); pid != os.Getpid() {
		t.Fatalf("lock file names %d, want this process %d", pid, os.Getpid())
	}
	// The same process cannot take it twice either (two nodes of one
	// devnet on one directory).
	if _, err := Acquire(dir); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Acquire in one process: %v", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(dir)
	if err != nil {
		t.Fatalf("after Release: %v", err)
	}
	l2.Release()
	if err := l2.Release(); err != nil {
		t.Fatalf("second Release: %v", err)
	}
}
