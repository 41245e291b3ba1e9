//go:build tools

// Package tools pins the versions of build tools and of libraries the project
// builds on, so that `go mod tidy` keeps them in go.mod and every developer
// and CI run uses the same ones (the usual tools.go pattern).
package tools

import (
	_ "github.com/cloudflare/circl/sign/ed448"
	_ "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	_ "github.com/ethereum/go-ethereum/cmd/abigen"
	_ "github.com/ethereum/go-ethereum/ethclient"
	_ "github.com/ethereum/go-ethereum/ethclient/simulated"
	_ "github.com/fxamacker/cbor/v2"
	_ "github.com/google/go-configfs-tsm/report"
	_ "github.com/google/go-sev-guest/testing"
	_ "github.com/google/go-sev-guest/verify"
	_ "github.com/google/go-tdx-guest/verify"
	_ "github.com/hf/nsm"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/spf13/cobra"
	_ "github.com/veraison/go-cose"
	_ "go.etcd.io/bbolt"
	_ "golang.org/x/crypto/chacha20poly1305"
	_ "golang.org/x/term"
)
