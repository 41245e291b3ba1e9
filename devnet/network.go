package devnet

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/internal/atomicfile"
	"github.com/anonify-go/anonify/internal/dirlock"
	"github.com/anonify-go/anonify/ledger/ethereum"
)

// A devnet directory (Options.Dir) holds a whole network that outlives
// the process:
//
//	DIR/anonify.lock   held while a devnet runs on DIR (internal/dirlock)
//	DIR/network.json   what was created: contract, deployment block, chain
//	                   id, the governor's and the nodes' accounts (recordFile)
//	DIR/chain/         the embedded chain's database and dev accounts
//	DIR/nodeN/         node N's data: sealed enclave state, ledger position
//	DIR/keys.json      governor, spare and custodian keys (DEVELOPMENT ONLY,
//	                   in clear); a resumed network reuses its custodians
//	DIR/devnet.json    how to reach the running network (infoFile)
//
// Start on a directory with network.json resumes that network: the same
// chain, contract, members, balances and epochs, each node restoring its
// enclave from its sealed state. Nothing is deployed or founded again.
//
// devnet.json exists only while the network serves: Start removes any
// left from a crash before it does anything else, writes it once every
// node serves (WriteInfo), and Close removes it first thing. A client that
// finds it can reach the network; one that finds none knows it cannot.
const (
	recordFile = "network.json"
	infoFile   = "devnet.json"
)

// record is network.json. Keys are not in it, only the accounts they
// must be: the governor's key and the nodes' gas keys come from the
// embedded chain's dev accounts (DIR/chain/dev-accounts.json), or from
// Options.Keys for an external chain, and must match.
type record struct {
	Version    int            `json:"version"`
	ChainID    uint64         `json:"chain_id"`
	Contract   common.Address `json:"contract"`
	DeployedAt uint64         `json:"deployed_at"`
	// Chain is "embedded" (its database in DIR/chain) or "external" (an
	// RPC endpoint given with Options.RPC; it may move between runs).
	Chain string `json:"chain"`
	// Governor is the account of the only governor (threshold 1): the
	// embedded chain's dev account 0, or Options.Keys[0].
	Governor common.Address `json:"governor"`
	// Hosts are the accounts paying each node's gas, node 0 first.
	Hosts []common.Address `json:"hosts"`
}

const recordVersion = 1

const (
	chainEmbedded = "embedded"
	chainExternal = "external"
)

// openDir prepares a devnet directory: a temporary one if none is given,
// else it locks DIR, removes a devnet.json left by a crash, and reads
// network.json if a network was created there before (nil otherwise).
func (d *Devnet) openDir(opts *Options) (*record, error) {
	if opts.Dir == "" {
		var err error
		if d.tempDir, err = os.MkdirTemp("", "anonify-devnet-"); err != nil {
			return nil, err
		}
		opts.Dir = d.tempDir
		return nil, nil
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, err
	}
	lock, err := dirlock.Acquire(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	d.lock = lock
	if err := os.Remove(filepath.Join(opts.Dir, infoFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("devnet: remove the stale %s: %w", infoFile, err)
	}
	b, err := os.ReadFile(filepath.Join(opts.Dir, recordFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil || rec.Version != recordVersion || rec.Contract == (common.Address{}) || len(rec.Hosts) == 0 {
		return nil, fmt.Errorf("devnet: %s is not a network record this version reads (%v); move it away to start a new network in %s",
			filepath.Join(opts.Dir, recordFile), err, opts.Dir)
	}
	switch {
	case opts.Nodes == 0:
		opts.Nodes = len(rec.Hosts)
	case opts.Nodes != len(rec.Hosts):
		return nil, fmt.Errorf("devnet: %s holds a network of %d nodes, %d asked for; resume it with %d, or use another directory",
			opts.Dir, len(rec.Hosts), opts.Nodes, len(rec.Hosts))
	}
	want := chainEmbedded
	if opts.RPC != "" {
		want = chainExternal
	}
	if rec.Chain != want {
		return nil, fmt.Errorf("devnet: %s holds a network on the %s chain; it cannot resume on an %s one", opts.Dir, rec.Chain, want)
	}
	if want == chainEmbedded {
		if _, err := os.Stat(filepath.Join(opts.Dir, "chain")); err != nil {
			return nil, fmt.Errorf("devnet: %s records a network on the embedded chain, but its database %s is gone (%v); "+
				"move %s and the node directories away to start a new network", filepath.Join(opts.Dir, recordFile), filepath.Join(opts.Dir, "chain"), err, recordFile)
		}
	}
	return &rec, nil
}

// chainDir is where the embedded chain keeps its database: under the
// devnet's directory when the caller gave one, in memory otherwise.
func (d *Devnet) chainDir(opts Options) string {
	if d.tempDir != "" {
		return ""
	}
	return filepath.Join(opts.Dir, "chain")
}

// writeRecord writes network.json right after the contract is deployed,
// so that even a devnet that crashes before its nodes serve resumes the
// same contract rather than deploying another.
func (d *Devnet) writeRecord(dir string, rec record) error {
	if d.tempDir != "" {
		return nil
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, recordFile), append(b, '\n'), 0o644)
}

// resume checks that the chain holds the recorded network and that the
// keys at hand are the recorded accounts, and returns the governor's
// driver.
func (d *Devnet) resume(ctx context.Context, rec *record, rpcURL string, governor *ecdsa.PrivateKey, hosts []*ecdsa.PrivateKey) (*ethereum.Driver, error) {
	where := filepath.Join(d.opts.Dir, recordFile)
	if a := crypto.PubkeyToAddress(governor.PublicKey); a != rec.Governor {
		return nil, fmt.Errorf("devnet: %s was created by governor %s, the key at hand is %s's", where, rec.Governor.Hex(), a.Hex())
	}
	for i, k := range hosts {
		if a := crypto.PubkeyToAddress(k.PublicKey); a != rec.Hosts[i] {
			return nil, fmt.Errorf("devnet: node %d of %s pays gas from %s, the key at hand is %s's", i, where, rec.Hosts[i].Hex(), a.Hex())
		}
	}
	gov, err := ethereum.Dial(ctx, rpcURL, rec.Contract, governor)
	if err != nil {
		return nil, fmt.Errorf("devnet: %s names contract %s, which the chain does not serve: %w", where, rec.Contract.Hex(), err)
	}
	at, err := gov.DeployedAt(ctx)
	if err != nil || at != rec.DeployedAt || gov.ChainID().Uint64() != rec.ChainID {
		gov.Close()
		return nil, fmt.Errorf("devnet: contract %s on chain %s (deployed at block %d, %v) is not the one %s records (chain %d, block %d)",
			rec.Contract.Hex(), gov.ChainID(), at, err, where, rec.ChainID, rec.DeployedAt)
	}
	return gov, nil
}
