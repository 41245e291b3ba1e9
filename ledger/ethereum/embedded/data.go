package embedded

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// An embedded chain kept on disk (Options.DataDir) must come back
// with the genesis it was created with: the same chain id and the same
// prefunded dev accounts, or geth refuses its own database. The accounts'
// keys are random, so they are kept next to the database, in
// devAccountsFile (mode 0600). DEVELOPMENT ONLY: private keys in clear, for
// dev-chain ether.
const devAccountsFile = "dev-accounts.json"

type devAccountsJSON struct {
	Warning string          `json:"warning"`
	ChainID uint64          `json:"chain_id"`
	Keys    []hexutil.Bytes `json:"keys"`
}

// devAccounts returns the prefunded dev accounts of the chain in dir: n
// fresh keys for an in-memory chain (dir "") or a new one, or the keys
// recorded when the chain in dir was created. A recorded chain keeps the
// accounts and chain id of its genesis: asking for more accounts, or
// another chain id, is an error rather than a different chain.
func devAccounts(dir string, n int, chainID *big.Int) ([]*ecdsa.PrivateKey, error) {
	if dir == "" {
		return generateKeys(n)
	}
	path := filepath.Join(dir, devAccountsFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		keys, err := generateKeys(n)
		if err != nil {
			return nil, err
		}
		rec := devAccountsJSON{Warning: "DEVELOPMENT ONLY: private keys in clear of a dev chain's prefunded accounts", ChainID: chainID.Uint64()}
		for _, k := range keys {
			rec.Keys = append(rec.Keys, crypto.FromECDSA(k))
		}
		out, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			return nil, err
		}
		// Written before the database exists: a chain on disk always has
		// its accounts file.
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("embedded: %w", err)
		}
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, append(out, '\n'), 0o600); err != nil {
			return nil, fmt.Errorf("embedded: %w", err)
		}
		if err := os.Rename(tmp, path); err != nil {
			return nil, fmt.Errorf("embedded: %w", err)
		}
		return keys, nil
	}
	if err != nil {
		return nil, fmt.Errorf("embedded: %w", err)
	}
	var rec devAccountsJSON
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("embedded: %s: %w", path, err)
	}
	if rec.ChainID != chainID.Uint64() {
		return nil, fmt.Errorf("embedded: the chain in %s has chain id %d, not %s", dir, rec.ChainID, chainID)
	}
	if len(rec.Keys) < n {
		return nil, fmt.Errorf("embedded: the chain in %s was created with %d dev accounts, %d asked for", dir, len(rec.Keys), n)
	}
	keys := make([]*ecdsa.PrivateKey, len(rec.Keys))
	for i, raw := range rec.Keys {
		if keys[i], err = crypto.ToECDSA(raw); err != nil {
			return nil, fmt.Errorf("embedded: %s: key %d: %w", path, i, err)
		}
	}
	return keys, nil
}

func generateKeys(n int) ([]*ecdsa.PrivateKey, error) {
	keys := make([]*ecdsa.PrivateKey, n)
	for i := range keys {
		var err error
		if keys[i], err = crypto.GenerateKey(); err != nil {
			return nil, fmt.Errorf("embedded: generate dev account: %w", err)
		}
	}
	return keys, nil
}
