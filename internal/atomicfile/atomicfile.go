// Package atomicfile writes a file so that a reader, or a crash, sees the
// old contents or the new, never half of them. Untrusted host code (data
// directories, network files, keys of development networks).
package atomicfile

import (
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Write writes data to path with mode perm through a temporary file in
// the same directory, synced to disk, then renamed over path.
func Write(path string, data []byte, perm os.FileMode) error {
	// Hidden, unique (two writers never share one), and ending in .tmp,
	// so that whoever lists the directory can tell a write in progress.
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+strconv.FormatInt(time.Now().UnixNano(), 36)+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
