package enclave

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/enclave/groupkey"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// The enclave's keys and what binds them: creation, the evidence that
// commits to them, and the self-signed registration.

func newEnclave(ctx context.Context, cfg Config) (*Enclave, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	id, err := crypto.GenerateKey()
	if err != nil {
		return nil, err
	}
	req, err := wire.GenerateKey()
	if err != nil {
		return nil, err
	}
	e := &Enclave{cfg: cfg, identity: id, request: req, st: newState()}
	e.log = cfg.Logger.With("enclave", e.Identity().Hex()[:10])
	if e.sigPriv, e.kp, err = groupkey.NewSigner(e.Identity()); err != nil {
		return nil, err
	}
	if err := e.st.init(cfg.Apps); err != nil {
		return nil, err
	}
	if !cfg.anchor.Insecure() {
		if e.st.chain, err = newChainReader(cfg.anchor, cfg.ChainGenesis); err != nil {
			return nil, err
		}
	}
	if e.evidence, err = e.makeEvidence(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

func (cfg *Config) check() error {
	if cfg.Platform == nil {
		return fmt.Errorf("enclave: no TEE platform configured")
	}
	if err := cfg.Genesis.Check(); err != nil {
		return fmt.Errorf("enclave: network genesis: %w", err)
	}
	if cfg.ChainID == 0 && cfg.Contract == (common.Address{}) {
		cfg.ChainID, cfg.Contract = cfg.Genesis.ChainID, cfg.Genesis.Contract
	}
	if cfg.ChainID != cfg.Genesis.ChainID || cfg.Contract != cfg.Genesis.Contract {
		return fmt.Errorf("enclave: network (chain %d, contract %s) differs from its genesis (chain %d, contract %s)",
			cfg.ChainID, cfg.Contract.Hex(), cfg.Genesis.ChainID, cfg.Genesis.Contract.Hex())
	}
	anchor, err := anchorOf(*cfg)
	if err != nil {
		return err
	}
	cfg.anchor = anchor
	if productionBuild && anchor.Insecure() {
		return fmt.Errorf("enclave: this is a production build; it refuses to believe its host's events (the network's first policy pins chain %q): production networks pin a chain the enclaves verify (\"chain\": {\"verify\": %q, ...})", anchor.Verify, attest.ChainClique)
	}
	if productionBuild && cfg.Platform.Kind() == attest.KindSim {
		return fmt.Errorf("enclave: this is a production build; it refuses to run on the simulated TEE (development networks use a development build, without -tags anonify_production)")
	}
	if len(cfg.Apps) == 0 {
		return fmt.Errorf("enclave: no apps configured")
	}
	if cfg.VerifyEvidence == nil {
		return fmt.Errorf("enclave: no evidence verifier configured")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return nil
}

func (e *Enclave) binding() attest.Binding {
	return attest.Binding{
		Identity:   crypto.PubkeyToAddress(e.identity.PublicKey),
		RequestKey: e.request.PublicKey().Bytes(),
		KeyPackage: e.kp.KeyPackage(),
		ChainID:    e.cfg.ChainID,
		Contract:   e.cfg.Contract,
		Genesis:    e.cfg.Genesis.Hash(),
	}
}

func (e *Enclave) makeEvidence(ctx context.Context) ([]byte, error) {
	ev, err := e.cfg.Platform.Evidence(ctx, e.binding().ReportData())
	if err != nil {
		return nil, fmt.Errorf("enclave: platform evidence: %w", err)
	}
	return ev, nil
}

func (e *Enclave) registration() (*chainmsg.Registration, error) {
	r := &chainmsg.Registration{Identity: e.Identity(), RequestKey: e.request.PublicKey().Bytes(), KeyPackage: e.kp.KeyPackage(), Evidence: e.evidence}
	d := r.Digest(e.chainID(), e.cfg.Contract)
	sig, err := chainmsg.Sign(d, e.identity)
	if err != nil {
		return nil, err
	}
	r.Sig = sig
	return r, nil
}

func (e *Enclave) chainID() *big.Int { return new(big.Int).SetUint64(e.cfg.ChainID) }
