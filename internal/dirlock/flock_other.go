//go:build !unix

package dirlock

import "os"

// Anonify nodes run on Linux (every TEE it supports does); elsewhere the
// directory is not locked.
func tryLock(*os.File) (bool, error) { return false, nil }

func unlock(*os.File) error { return nil }
