//go:build !linux

package netns

import "errors"

// Probe reports that network namespaces are Linux's.
func Probe() error { return errors.New("netns: network namespaces need Linux") }
