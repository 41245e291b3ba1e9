//go:build tools

// Package tools pins the version of abigen, the tool that generates the
// contract bindings (contracts/generate.sh runs it with `go run`), so that
// `go mod tidy` keeps it in go.mod and every developer and CI run uses the
// go-ethereum release the bindings were generated with.
package tools

import (
	_ "github.com/ethereum/go-ethereum/cmd/abigen"
)
