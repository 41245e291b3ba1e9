package ethereum

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"testing"

	"github.com/anonify-go/anonify/ledger/ethereum/embedded"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ledgertest"
)

// TestConformance runs the contract's behaviour table (ledger/ledgertest)
// against the compiled contract through this driver; ledger/memledger runs
// the same table against its Go port. One embedded chain serves every
// subtest, each of which deploys its own contract.
func TestConformance(t *testing.T) {
	chain, err := embedded.Start(embedded.Options{Accounts: 4})
	if err != nil {
		t.Fatalf("embedded.Start: %v", err)
	}
	t.Cleanup(func() {
		if err := chain.Close(); err != nil {
			t.Errorf("Embedded.Close: %v", err)
		}
	})
	client, err := ethclient.DialContext(testContext(t), chain.RPCURL())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(client.Close)
	b := &embeddedBackend{chain: chain, client: client, accounts: chain.Accounts(), keys: map[common.Address]*ecdsa.PrivateKey{}}
	for _, k := range chain.Accounts() {
		b.keys[addr(k)] = k
	}
	ledgertest.Conformance(t, b)
}

// embeddedBackend deploys from the chain's first account and sends from
// any of its accounts through one Driver per (deployment, account).
type embeddedBackend struct {
	chain    *embedded.Chain
	client   *ethclient.Client
	accounts []*ecdsa.PrivateKey
	keys     map[common.Address]*ecdsa.PrivateKey
}

func (b *embeddedBackend) Accounts() []*ecdsa.PrivateKey { return b.accounts }

func (b *embeddedBackend) Deploy(t *testing.T, governors []common.Address, threshold uint64, policy []byte) (ledgertest.Deployment, error) {
	ctx := testContext(t)
	contract, err := Deploy(ctx, b.client, b.accounts[0], governors, threshold, policy)
	if err != nil {
		return nil, err
	}
	d := &embeddedDeployment{b: b, contract: contract, drivers: map[common.Address]*Driver{}}
	if d.deployedAt, err = d.driver(t, addr(b.accounts[0])).DeployedAt(ctx); err != nil {
		t.Fatalf("deployedAt: %v", err)
	}
	return d, nil
}

type embeddedDeployment struct {
	b          *embeddedBackend
	contract   common.Address
	deployedAt uint64
	drivers    map[common.Address]*Driver
}

func (d *embeddedDeployment) driver(t *testing.T, host common.Address) *Driver {
	if drv, ok := d.drivers[host]; ok {
		return drv
	}
	key, ok := d.b.keys[host]
	if !ok {
		t.Fatalf("no key for host account %s", host)
	}
	drv := dialTest(t, d.b.chain.RPCURL(), d.contract, key)
	d.drivers[host] = drv
	return drv
}

func (d *embeddedDeployment) Account(t *testing.T, host common.Address) ledger.Ledger {
	return d.driver(t, host)
}

func (d *embeddedDeployment) DeployedAt() uint64 { return d.deployedAt }

// Relay sends from host's driver, packing the caller's signature where
// the driver would put its own.
func (d *embeddedDeployment) Relay(t *testing.T, host common.Address) ledgertest.Relayer {
	return relay{d.driver(t, host)}
}

// GenesisHash reads the contract's genesisHash() directly: Driver.Genesis
// computes the hash itself and only compares.
func (d *embeddedDeployment) GenesisHash(t *testing.T) common.Hash {
	drv := d.driver(t, addr(d.b.accounts[0]))
	out, err := drv.call(testContext(t), "genesisHash", drv.abi.PackGenesisHash())
	if err != nil {
		t.Fatalf("genesisHash: %v", err)
	}
	h, err := drv.abi.UnpackGenesisHash(out)
	if err != nil {
		t.Fatalf("genesisHash: unpack: %v", err)
	}
	return h
}

// relay is a driver sending governance calls with given signatures.
type relay struct{ d *Driver }

func (r relay) RelayPolicy(ctx context.Context, policy, sig []byte) (uint64, error) {
	data, err := r.d.abi.TryPackProposePolicy(policy, sig)
	if err != nil {
		return 0, fmt.Errorf("proposePolicy: pack: %w", err)
	}
	return r.d.propose(ctx, "proposePolicy", data)
}

func (r relay) RelayFounder(ctx context.Context, identity common.Address, sig []byte) (uint64, error) {
	data, err := r.d.abi.TryPackProposeFounder(identity, sig)
	if err != nil {
		return 0, fmt.Errorf("proposeFounder: pack: %w", err)
	}
	return r.d.propose(ctx, "proposeFounder", data)
}

func (r relay) RelayExpel(ctx context.Context, identity common.Address, sig []byte) (uint64, error) {
	data, err := r.d.abi.TryPackProposeExpel(identity, sig)
	if err != nil {
		return 0, fmt.Errorf("proposeExpel: pack: %w", err)
	}
	return r.d.propose(ctx, "proposeExpel", data)
}

func (r relay) RelayApproval(ctx context.Context, id uint64, sig []byte) error {
	data, err := r.d.abi.TryPackApprove(new(big.Int).SetUint64(id), sig)
	if err != nil {
		return fmt.Errorf("approve: pack: %w", err)
	}
	_, err = r.d.tx.transact(ctx, "approve", &r.d.contract, data)
	return err
}
