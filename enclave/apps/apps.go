// Package apps is the enclave's app registry: the apps compiled into every
// enclave. The list is part of the enclave's code, hence of its measurement:
// enclaves with different lists have different measurements, and the
// network's policy decides which one may join.
//
// Adding an app is its own package under enclave/apps (written against
// enclave/runtime only) and one line in Builtin.
//
// Trust: TRUSTED.
package apps

import (
	"github.com/anonify-go/anonify/enclave/apps/erc20"
	"github.com/anonify-go/anonify/enclave/apps/voting"
	"github.com/anonify-go/anonify/enclave/runtime"
)

// Builtin returns fresh declarations of every app the enclave runs.
func Builtin() []*runtime.App {
	return []*runtime.App{
		erc20.New(),
		voting.New(),
	}
}
