// Package wallet keeps users' account keys on their machine, in standard
// Ethereum keystore files (scrypt + AES-128-CTR, as geth writes them), one
// file per account name.
//
// Trust: the user's machine. Keys never leave it unencrypted.
package wallet

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"
)

// Wallet is a directory of keystore files named NAME.json.
type Wallet struct {
	dir     string
	scryptN int
	scryptP int
}

// Open uses dir (created 0700 if absent).
func Open(dir string) (*Wallet, error) {
	if dir == "" {
		return nil, errors.New("wallet: no home directory (set --home or ANONIFY_HOME)")
	}
	if err := os.MkdirAll(filepath.Join(dir, "keys"), 0o700); err != nil {
		return nil, err
	}
	return &Wallet{dir: dir, scryptN: keystore.StandardScryptN, scryptP: keystore.StandardScryptP}, nil
}

// WithLightKDF makes new keystore files cheaper to open (4 MiB scrypt
// instead of 256 MiB): for tests and throw-away dev accounts only.
func (w *Wallet) WithLightKDF() *Wallet {
	w.scryptN, w.scryptP = keystore.LightScryptN, keystore.LightScryptP
	return w
}

var (
	ErrExists   = errors.New("wallet: account exists")
	ErrNotFound = errors.New("wallet: no such account")
)

func validName(n string) error {
	if n == "" || len(n) > 64 || strings.IndexFunc(n, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.')
	}) >= 0 || strings.HasPrefix(n, ".") {
		return fmt.Errorf("wallet: account name %q: use letters, digits, '.', '_' and '-' (not leading '.')", n)
	}
	return nil
}

func (w *Wallet) path(name string) string { return filepath.Join(w.dir, "keys", name+".json") }

// Create makes a new account encrypted with passphrase.
func (w *Wallet) Create(name, passphrase string) (common.Address, error) {
	if err := validName(name); err != nil {
		return common.Address{}, err
	}
	if passphrase == "" {
		return common.Address{}, errors.New("wallet: empty passphrase")
	}
	if _, err := os.Stat(w.path(name)); err == nil {
		return common.Address{}, fmt.Errorf("%w: %s", ErrExists, name)
	}
	k, err := crypto.GenerateKey()
	if err != nil {
		return common.Address{}, err
	}
	id, err := uuid.NewRandom()
	if err != nil {
		return common.Address{}, err
	}
	key := &keystore.Key{Id: id, Address: crypto.PubkeyToAddress(k.PublicKey), PrivateKey: k}
	blob, err := keystore.EncryptKey(key, passphrase, w.scryptN, w.scryptP)
	if err != nil {
		return common.Address{}, err
	}
	// O_EXCL: two concurrent creates of one name cannot overwrite each other.
	f, err := os.OpenFile(w.path(name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return common.Address{}, fmt.Errorf("%w: %s", ErrExists, name)
		}
		return common.Address{}, err
	}
	if _, err := f.Write(blob); err != nil {
		f.Close()
		return common.Address{}, err
	}
	return key.Address, f.Close()
}

// Account is a name and its address (readable without the passphrase).
type Account struct {
	Name    string         `json:"name"`
	Address common.Address `json:"address"`
}

// List returns the accounts sorted by name.
func (w *Wallet) List() ([]Account, error) {
	entries, err := os.ReadDir(filepath.Join(w.dir, "keys"))
	if err != nil {
		return nil, err
	}
	var out []Account
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || e.IsDir() {
			continue
		}
		a, err := w.Address(name)
		if err != nil {
			return nil, err
		}
		out = append(out, Account{name, a})
	}
	slices.SortFunc(out, func(a, b Account) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Address reads an account's address from its keystore file.
func (w *Wallet) Address(name string) (common.Address, error) {
	if err := validName(name); err != nil {
		return common.Address{}, err
	}
	b, err := os.ReadFile(w.path(name))
	if errors.Is(err, os.ErrNotExist) {
		return common.Address{}, fmt.Errorf("%w: %s (see `anonify wallet list`)", ErrNotFound, name)
	}
	if err != nil {
		return common.Address{}, err
	}
	var hdr struct {
		Address string `json:"address"`
	}
	if err := json.Unmarshal(b, &hdr); err != nil || !common.IsHexAddress(hdr.Address) {
		return common.Address{}, fmt.Errorf("wallet: %s is not a keystore file", w.path(name))
	}
	return common.HexToAddress(hdr.Address), nil
}

// Key decrypts an account's key.
func (w *Wallet) Key(name, passphrase string) (*ecdsa.PrivateKey, error) {
	if _, err := w.Address(name); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(w.path(name))
	if err != nil {
		return nil, err
	}
	k, err := keystore.DecryptKey(b, passphrase)
	if err != nil {
		return nil, fmt.Errorf("wallet: open %s: %w", name, err)
	}
	return k.PrivateKey, nil
}

// Resolve turns NAME or 0xADDR into an address.
func (w *Wallet) Resolve(nameOrAddr string) (common.Address, error) {
	if strings.HasPrefix(nameOrAddr, "0x") || strings.HasPrefix(nameOrAddr, "0X") {
		if !common.IsHexAddress(nameOrAddr) {
			return common.Address{}, fmt.Errorf("wallet: %q is not a 20-byte hex address", nameOrAddr)
		}
		return common.HexToAddress(nameOrAddr), nil
	}
	return w.Address(nameOrAddr)
}
