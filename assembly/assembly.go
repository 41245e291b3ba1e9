// Package assembly is the composition root of a node: the one place that
// wires the trusted enclave (its apps, its TEE platform, how it verifies a
// joiner's evidence) to the untrusted host (package node) and a ledger.
// `anonify node`, the devnet and tests all assemble nodes here, so a node
// started on its own runs exactly the code a devnet runs.
//
// The dependency test (internal/deps) lets no other host-side package
// import the enclave's apps or runtime: this package is where the two sides
// meet, in the open.
package assembly

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/enclave"
	"github.com/anonify-go/anonify/enclave/apps"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/tee"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// EnclaveConfig is the configuration of an enclave on platform serving the
// network of genesis with the registry's apps. Joiners' evidence is
// verified with vopts (Intel collateral for SGX and TDX joiners, for
// instance) at the enclave's own clock.
func EnclaveConfig(platform tee.Platform, genesis chainmsg.Genesis, vopts verify.Options, log *slog.Logger) enclave.Config {
	return enclave.Config{
		Platform: platform, Genesis: genesis, Apps: apps.Builtin(), Logger: log,
		VerifyEvidence: func(ev []byte, now time.Time) (*attest.Claims, error) {
			o := vopts
			o.Now = now
			return verify.Evidence(ev, o)
		},
	}
}

// Node describes one node to assemble.
type Node struct {
	Ledger     ledger.Ledger // the host's handle on the contract
	StartBlock uint64        // the contract's deployment block
	Dir        string        // data directory
	Listen     string        // client API address
	TLS        bool          // serve the client API over attested TLS
	Platform   tee.Platform  // the enclave's TEE
	Verify     verify.Options
	Logger     *slog.Logger
}

// NodeConfig is the node.Config of n: its enclave (see EnclaveConfig) is
// created fresh on first start and restored from its sealed blob after. The
// genesis comes from the ledger; a host that lies about it only makes its
// enclave bind a genesis that members and clients refuse.
func NodeConfig(ctx context.Context, n Node) (node.Config, error) {
	genesis, err := n.Ledger.Genesis(ctx)
	if err != nil {
		return node.Config{}, fmt.Errorf("assembly: read the network's genesis: %w", err)
	}
	cfg := EnclaveConfig(n.Platform, genesis, n.Verify, n.Logger)
	if cfg.ChainGenesis, err = chainGenesis(ctx, n.Ledger, genesis); err != nil {
		return node.Config{}, err
	}
	return node.Config{
		Ledger: n.Ledger, StartBlock: n.StartBlock, DataDir: n.Dir, Listen: n.Listen, TLS: n.TLS, Logger: n.Logger,
		NewEnclave: func(ctx context.Context) (*enclave.Enclave, error) { return enclave.New(ctx, cfg) },
		RestoreEnclave: func(ctx context.Context, id common.Address, blob []byte) (*enclave.Enclave, error) {
			return enclave.Restore(ctx, cfg, id, blob)
		},
	}, nil
}

// chainGenesis returns the chain's block 0 when the network's first
// policy pins a chain its enclaves verify (nil otherwise). A ledger that
// cannot feed blocks cannot serve such a network. (The node sets the
// ledger's confirmations to the enclave's at every step: followBlocks.)
func chainGenesis(ctx context.Context, l ledger.Ledger, g chainmsg.Genesis) (*types.Header, error) {
	p, err := attest.ParsePolicy(g.Policy)
	if err != nil {
		return nil, fmt.Errorf("assembly: the network's first policy: %w", err)
	}
	a := attest.AnchorOf(p)
	if a.Insecure() {
		return nil, nil
	}
	br, ok := l.(ledger.BlockReader)
	if !ok {
		return nil, fmt.Errorf("assembly: the network's first policy pins a chain its enclaves verify (%s), and this ledger (%T) cannot feed them blocks", a, l)
	}
	h, err := br.GenesisHeader(ctx)
	if err != nil {
		return nil, err
	}
	if got := h.Hash(); !bytes.Equal(got[:], a.Genesis) {
		return nil, fmt.Errorf("assembly: the network's first policy pins chain genesis %x, the ledger's RPC endpoint serves a chain whose genesis is %s (wrong --rpc?)", []byte(a.Genesis), got)
	}
	return h, nil
}
