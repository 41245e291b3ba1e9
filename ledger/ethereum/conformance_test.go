package ethereum

import (
	"crypto/ecdsa"
	"testing"

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
	chain, err := StartEmbedded(EmbeddedOptions{Accounts: 4})
	if err != nil {
		t.Fatalf("StartEmbedded: %v", err)
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
	b := &embeddedBackend{chain: chain, client: client, keys: map[common.Address]*ecdsa.PrivateKey{}}
	for _, k := range chain.Accounts() {
		b.accounts = append(b.accounts, addr(k))
		b.keys[addr(k)] = k
	}
	ledgertest.Conformance(t, b)
}

// embeddedBackend deploys from the chain's first account and sends from
// any of its accounts through one Driver per (deployment, account).
type embeddedBackend struct {
	chain    *Embedded
	client   *ethclient.Client
	accounts []common.Address
	keys     map[common.Address]*ecdsa.PrivateKey
}

func (b *embeddedBackend) Accounts() []common.Address { return b.accounts }

func (b *embeddedBackend) Deploy(t *testing.T, governors []common.Address, threshold uint64, policy []byte) (ledgertest.Deployment, error) {
	ctx := testContext(t)
	contract, err := Deploy(ctx, b.client, b.keys[b.accounts[0]], governors, threshold, policy)
	if err != nil {
		return nil, err
	}
	d := &embeddedDeployment{b: b, contract: contract, drivers: map[common.Address]*Driver{}}
	if d.deployedAt, err = d.driver(t, b.accounts[0]).DeployedAt(ctx); err != nil {
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
