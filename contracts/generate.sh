#!/bin/sh
# Regenerates everything derived from AnonifyLedger.sol:
#   contracts/build/AnonifyLedger.{abi,bin}         (pinned solc-js, build.js)
#   wire/ledgerabi/anonify_ledger.go      (abigen --v2, version from go.mod)
# Run from anywhere: sh contracts/generate.sh  (or: go generate ./wire/ledgerabi)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
if [ ! -d "$here/node_modules/solc" ]; then
	npm ci --prefix "$here"
fi
node "$here/build.js" "$here/build"
cd "$root"
go run github.com/ethereum/go-ethereum/cmd/abigen --v2 \
	--abi contracts/build/AnonifyLedger.abi \
	--bin contracts/build/AnonifyLedger.bin \
	--pkg ledgerabi --type AnonifyLedger \
	--out wire/ledgerabi/anonify_ledger.go
