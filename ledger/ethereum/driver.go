package ethereum

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/ledgerabi"
)

// Driver is a ledger.Ledger on one AnonifyLedger deployment, sending from
// one host account. It is safe for concurrent use; sends are serialised.
type Driver struct {
	client   *ethclient.Client
	contract common.Address
	chainID  *big.Int
	abi      *ledgerabi.AnonifyLedger
	tx       *transactor

	finality finality // Events' confirmations and reorg check (events.go)

	batchGas func(data []byte, n, packedLen int) uint64 // tests only: replaces postCommandsGas
}

var _ ledger.Ledger = (*Driver)(nil)

// Dial connects to the JSON-RPC endpoint rpcURL and checks that contract
// holds an AnonifyLedger speaking this package's protocol version. hostKey is
// the account that pays for transactions; nil gives a read-only driver whose
// sending methods return ErrNoHostKey.
func Dial(ctx context.Context, rpcURL string, contract common.Address, hostKey *ecdsa.PrivateKey) (*Driver, error) {
	urls := SplitRPC(rpcURL)
	if len(urls) == 0 {
		return nil, fmt.Errorf("ledger/ethereum: no JSON-RPC endpoint given")
	}
	var opts []rpc.ClientOption
	var transport http.RoundTripper = http.DefaultTransport
	if loopbackHTTP(urls[0]) {
		// On loopback, gzip costs both ends CPU and saves nothing: a
		// profile of a devnet under load spent 8% of its CPU compressing
		// JSON-RPC answers that never left the machine.
		transport = &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16, IdleConnTimeout: 90 * time.Second}
		opts = append(opts, rpc.WithHTTPClient(&http.Client{Transport: transport}))
	}
	if len(urls) > 1 {
		if err := checkSameChain(ctx, urls); err != nil {
			return nil, err
		}
		f, err := newFailover(urls, transport)
		if err != nil {
			return nil, err
		}
		opts = append(opts, rpc.WithHTTPClient(&http.Client{Transport: f}))
	}
	rc, err := rpc.DialOptions(ctx, urls[0], opts...)
	if err != nil {
		return nil, fmt.Errorf("ledger/ethereum: dial %s: %w", rpcURL, err)
	}
	client := ethclient.NewClient(rc)
	d, err := newDriver(ctx, client, contract, hostKey)
	if err != nil {
		client.Close()
		return nil, fmt.Errorf("ledger/ethereum: %s: %w", rpcURL, err)
	}
	return d, nil
}

// loopbackHTTP reports whether rpcURL is an http(s) URL on a loopback
// address.
func loopbackHTTP(rpcURL string) bool {
	u, err := url.Parse(rpcURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

func newDriver(ctx context.Context, client *ethclient.Client, contract common.Address, hostKey *ecdsa.PrivateKey) (*Driver, error) {
	chainID, err := client.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("JSON-RPC endpoint unreachable or not an Ethereum node (eth_chainId failed): %w", err)
	}
	code, err := client.CodeAt(ctx, contract, nil)
	if err != nil {
		return nil, fmt.Errorf("read code at %s: %w", contract, err)
	}
	if len(code) == 0 {
		return nil, fmt.Errorf("no contract at %s on chain %s (wrong address, or wrong chain?)", contract, chainID)
	}
	abi := ledgerabi.NewAnonifyLedger()
	out, err := client.CallContract(ctx, ethereum.CallMsg{To: &contract, Data: abi.PackDOMAIN()}, nil)
	if err != nil {
		return nil, fmt.Errorf("contract at %s on chain %s is not an AnonifyLedger (DOMAIN() failed: %v)", contract, chainID, err)
	}
	domain, err := abi.UnpackDOMAIN(out)
	if err != nil {
		return nil, fmt.Errorf("contract at %s on chain %s is not an AnonifyLedger (DOMAIN(): %v)", contract, chainID, err)
	}
	if !bytes.Equal(domain[:], []byte(chainmsg.Domain)) {
		return nil, fmt.Errorf("contract at %s speaks protocol %q, this build speaks %q", contract, domain[:], chainmsg.Domain)
	}
	d := &Driver{
		client:   client,
		contract: contract,
		chainID:  chainID,
		abi:      abi,
		tx:       newTransactor(client, abi, chainID, hostKey),
	}
	d.tx.depth = d.finality.confirmations.Load
	d.tx.stop = make(chan struct{})
	return d, nil
}

// SetTxPolicy sets how the driver prices and chases its transactions
// (txsend.go). Call it before the driver sends.
func (d *Driver) SetTxPolicy(p TxPolicy) { d.tx.policy = p.withDefaults() }

// TxStats reports what the driver's transaction manager did: sent,
// replaced (stuck), resubmitted (dropped by a reorganisation), in flight.
func (d *Driver) TxStats() TxStats { return d.tx.Stats() }

// ChainID implements ledger.Ledger.
func (d *Driver) ChainID() *big.Int { return new(big.Int).Set(d.chainID) }

// Contract implements ledger.Ledger.
func (d *Driver) Contract() common.Address { return d.contract }

// HostAddress is the account that pays for this driver's transactions (zero
// for a read-only driver).
func (d *Driver) HostAddress() common.Address { return d.tx.from }

// Close implements ledger.Ledger.
func (d *Driver) Close() {
	d.tx.close()
	d.client.Close()
}

// Register implements ledger.Ledger.
func (d *Driver) Register(ctx context.Context, r chainmsg.Registration) error {
	data, err := d.abi.TryPackRegister(r.Identity, r.RequestKey, r.KeyPackage, r.Evidence, r.Sig)
	if err != nil {
		return fmt.Errorf("ledger/ethereum: register: pack: %w", err)
	}
	_, err = d.tx.transact(ctx, "register", &d.contract, data)
	return err
}

// PostHandshake implements ledger.Ledger.
func (d *Driver) PostHandshake(ctx context.Context, h chainmsg.Handshake) error {
	data, err := d.abi.TryPackPostHandshake(h.Epoch, h.Payload, orEmpty(h.Adds), orEmpty(h.Removes), h.Sig)
	if err != nil {
		return fmt.Errorf("ledger/ethereum: postHandshake: pack: %w", err)
	}
	_, err = d.tx.transact(ctx, "postHandshake", &d.contract, data)
	return err
}

// PostCommands implements ledger.Ledger.
func (d *Driver) PostCommands(ctx context.Context, b chainmsg.CommandBatch) error {
	_, err := d.postCommands(ctx, b)
	return err
}

// PostCommandsGas is PostCommands that also returns the gas its
// transaction used, which the node exports as a metric.
func (d *Driver) PostCommandsGas(ctx context.Context, b chainmsg.CommandBatch) (uint64, error) {
	r, err := d.postCommands(ctx, b)
	if err != nil {
		return 0, err
	}
	return r.GasUsed, nil
}

func (d *Driver) postCommands(ctx context.Context, b chainmsg.CommandBatch) (*types.Receipt, error) {
	wait, err := d.sendCommands(ctx, b)
	if err != nil {
		return nil, err
	}
	return wait(ctx)
}

// SendCommands is PostCommands in two halves, so that a node keeps several
// batches in flight in sequence order: it sends the batch's transaction
// and returns once it is out (its nonce taken, so a batch sent after it
// lands after it), with a function that waits for it and returns the gas
// it used, or the contract's refusal.
func (d *Driver) SendCommands(ctx context.Context, b chainmsg.CommandBatch) (wait func(context.Context) (gasUsed uint64, err error), err error) {
	w, err := d.sendCommands(ctx, b)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (uint64, error) {
		r, err := w(ctx)
		if err != nil {
			return 0, err
		}
		return r.GasUsed, nil
	}, nil
}

func (d *Driver) sendCommands(ctx context.Context, b chainmsg.CommandBatch) (func(context.Context) (*types.Receipt, error), error) {
	packed, err := chainmsg.PackBatch(b.Ciphertexts)
	if err != nil {
		return nil, fmt.Errorf("ledger/ethereum: postCommands: %w", err)
	}
	data, err := d.abi.TryPackPostCommands(b.Epoch, b.Seq, packed, b.Sig)
	if err != nil {
		return nil, fmt.Errorf("ledger/ethereum: postCommands: pack: %w", err)
	}
	// A batch goes out with a gas limit computed from its size, not
	// estimated: estimating ran the contract two or three times on the
	// chain's node for every batch (5% of a loaded devnet's CPU), and a
	// batch's estimate fails while the one before it is in flight (its
	// sequence number is not the contract's next yet). A bound that falls
	// short, which the tests say it does not, costs one reverted
	// transaction; the batch then goes out again with an estimate.
	bound := postCommandsGas
	if d.batchGas != nil {
		bound = d.batchGas // tests: a bound that falls short
	}
	s, err := d.tx.sendGas(ctx, "postCommands", &d.contract, data, bound(data, len(b.Ciphertexts), len(packed)))
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*types.Receipt, error) {
		r, err := d.tx.confirm(ctx, s)
		var ce *ledger.ContractError
		if errors.As(err, &ce) && shortOfGas(ce) {
			d.tx.log().Warn("a batch may have run out of the gas its size allows; posting it again with an estimate",
				"seq", b.Seq, "ciphertexts", len(b.Ciphertexts), "bytes", len(packed), "reverted", ce)
			return d.tx.transact(ctx, "postCommands", &d.contract, data)
		}
		return r, err
	}, nil
}

// shortOfGas reports whether a reverted call may have lacked gas rather
// than been refused: it used all its gas, or it reverted without any of
// the contract's reasons (a sub-call, such as the signature check's
// precompile, ran out of its 63/64 share and the caller reverted bare),
// or it succeeds when replayed. A real refusal names its reason.
func shortOfGas(ce *ledger.ContractError) bool {
	switch ce.Name {
	case "OutOfGas", "Revert", "Unknown":
		return true
	}
	return false
}

// Gas of postCommands beyond the transaction's calldata, as an upper
// bound: the signature check, the member and sequence reads, the first
// write of an enclave's sequence number (22,100 gas; later ones 5,000),
// then per ciphertext its length check and hash, and per byte the hashing,
// copying and the event's 8 gas. TestPostCommandsGasBound posts batches
// of every shape (1 to 256 ciphertexts, 32 bytes to the largest, zero,
// random and 0xff bytes) with it: each lands, using at least 5/6 of it
// or all but 30,000 gas.
const (
	batchGasBase          = 45_000
	batchGasPerCiphertext = 2_000
	batchGasPerByte       = 10
)

// postCommandsGas is the gas limit of a postCommands transaction with
// calldata data, carrying n ciphertexts in packedLen packed bytes: 21,000,
// plus the calldata's cost with the execution bound on top, or the
// calldata floor (EIP-7623), whichever is more. Taking the floor where a
// chain has none only lifts the limit.
func postCommandsGas(data []byte, n, packedLen int) uint64 {
	var tokens uint64 // EIP-7623: one per zero byte, four per other byte
	for _, c := range data {
		if c == 0 {
			tokens++
		} else {
			tokens += 4
		}
	}
	exec := uint64(batchGasBase + batchGasPerCiphertext*n + batchGasPerByte*packedLen)
	return params.TxGas + max(4*tokens+exec, 10*tokens)
}

// ProposePolicy implements ledger.Ledger: it proposes the next policy
// version, signed by the host key (which must be a governor's).
func (d *Driver) ProposePolicy(ctx context.Context, policy []byte) (uint64, error) {
	out, err := d.call(ctx, "policyVersion", d.abi.PackPolicyVersion())
	if err != nil {
		return 0, err
	}
	version, err := d.abi.UnpackPolicyVersion(out)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: policyVersion: unpack: %w", err)
	}
	sig, err := d.signAct(chainmsg.ActPolicy, version+1, crypto.Keccak256Hash(policy))
	if err != nil {
		return 0, err
	}
	data, err := d.abi.TryPackProposePolicy(policy, sig)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: proposePolicy: pack: %w", err)
	}
	return d.propose(ctx, "proposePolicy", data)
}

// ProposeFounder implements ledger.Ledger.
func (d *Driver) ProposeFounder(ctx context.Context, identity common.Address) (uint64, error) {
	out, err := d.call(ctx, "foundings", d.abi.PackFoundings())
	if err != nil {
		return 0, err
	}
	nonce, err := d.abi.UnpackFoundings(out)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: foundings: unpack: %w", err)
	}
	sig, err := d.signAct(chainmsg.ActFounder, nonce, chainmsg.AddressPayload(identity))
	if err != nil {
		return 0, err
	}
	data, err := d.abi.TryPackProposeFounder(identity, sig)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: proposeFounder: pack: %w", err)
	}
	return d.propose(ctx, "proposeFounder", data)
}

// PostAudit implements ledger.Ledger.
func (d *Driver) PostAudit(ctx context.Context, a chainmsg.AuditPost) error {
	_, err := d.PostAuditGas(ctx, a)
	return err
}

// PostAuditGas is PostAudit that also returns the gas its transaction
// used (for benchmarks and cost reports).
func (d *Driver) PostAuditGas(ctx context.Context, a chainmsg.AuditPost) (uint64, error) {
	data, err := d.abi.TryPackPostAudit(a.Epoch, a.Seq, a.Header, a.Records, a.Sig)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: postAudit: pack: %w", err)
	}
	r, err := d.tx.transact(ctx, "postAudit", &d.contract, data)
	if err != nil {
		return 0, err
	}
	return r.GasUsed, nil
}

// ProposeAuditor implements ledger.Ledger.
func (d *Driver) ProposeAuditor(ctx context.Context, key [32]byte, scope []byte) (uint64, error) {
	out, err := d.call(ctx, "auditorVersion", d.abi.PackAuditorVersion())
	if err != nil {
		return 0, err
	}
	version, err := d.abi.UnpackAuditorVersion(out)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: auditorVersion: unpack: %w", err)
	}
	sig, err := d.signAct(chainmsg.ActAuditor, version+1, chainmsg.AuditorPayload(key, scope))
	if err != nil {
		return 0, err
	}
	data, err := d.abi.TryPackProposeAuditor(key, scope, sig)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: proposeAuditor: pack: %w", err)
	}
	return d.propose(ctx, "proposeAuditor", data)
}

// ProposeCustodians implements ledger.Ledger.
func (d *Driver) ProposeCustodians(ctx context.Context, keys [][32]byte, threshold uint8) (uint64, error) {
	out, err := d.call(ctx, "custodianVersion", d.abi.PackCustodianVersion())
	if err != nil {
		return 0, err
	}
	version, err := d.abi.UnpackCustodianVersion(out)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: custodianVersion: unpack: %w", err)
	}
	sig, err := d.signAct(chainmsg.ActCustodians, version+1, chainmsg.CustodiansPayload(keys, threshold))
	if err != nil {
		return 0, err
	}
	if keys == nil {
		keys = [][32]byte{}
	}
	data, err := d.abi.TryPackProposeCustodians(keys, threshold, sig)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: proposeCustodians: pack: %w", err)
	}
	return d.propose(ctx, "proposeCustodians", data)
}

// PostCheckpoint implements ledger.Ledger.
func (d *Driver) PostCheckpoint(ctx context.Context, c chainmsg.CheckpointPost) error {
	_, err := d.PostCheckpointGas(ctx, c)
	return err
}

// PostCheckpointGas is PostCheckpoint that also returns the gas its
// transaction used (for benchmarks and cost reports).
func (d *Driver) PostCheckpointGas(ctx context.Context, c chainmsg.CheckpointPost) (uint64, error) {
	data, err := d.abi.TryPackPostCheckpoint(c.Epoch, c.Manifest, c.Sig)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: postCheckpoint: pack: %w", err)
	}
	r, err := d.tx.transact(ctx, "postCheckpoint", &d.contract, data)
	if err != nil {
		return 0, err
	}
	return r.GasUsed, nil
}

// PostCheckpointChunk implements ledger.Ledger.
func (d *Driver) PostCheckpointChunk(ctx context.Context, c chainmsg.CheckpointChunkPost) error {
	_, err := d.PostCheckpointChunkGas(ctx, c)
	return err
}

// PostCheckpointChunkGas is PostCheckpointChunk that also returns the gas
// its transaction used (for benchmarks and cost reports).
func (d *Driver) PostCheckpointChunkGas(ctx context.Context, c chainmsg.CheckpointChunkPost) (uint64, error) {
	data, err := d.abi.TryPackPostCheckpointChunk(c.Epoch, c.Index, c.Chunk, c.Sig)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: postCheckpointChunk: pack: %w", err)
	}
	r, err := d.tx.transact(ctx, "postCheckpointChunk", &d.contract, data)
	if err != nil {
		return 0, err
	}
	return r.GasUsed, nil
}

// ProposeExpel implements ledger.Ledger.
func (d *Driver) ProposeExpel(ctx context.Context, identity common.Address) (uint64, error) {
	sig, err := d.signAct(chainmsg.ActExpel, 0, chainmsg.AddressPayload(identity))
	if err != nil {
		return 0, err
	}
	data, err := d.abi.TryPackProposeExpel(identity, sig)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: proposeExpel: pack: %w", err)
	}
	return d.propose(ctx, "proposeExpel", data)
}

// signAct signs a governance act with the host key, which governs only if
// it is a governor's; the contract and every enclave check that.
func (d *Driver) signAct(act chainmsg.Act, nonce uint64, payload common.Hash) ([]byte, error) {
	if d.tx.key == nil {
		return nil, fmt.Errorf("ledger/ethereum: %s: no key to sign with (read-only driver)", act)
	}
	return chainmsg.Sign(chainmsg.GovernanceDigest(d.chainID, d.contract, act, nonce, payload), d.tx.key)
}

// propose sends a proposal and reads its id from the Proposed event in the
// receipt: a function's return value is not visible to the sender of a
// transaction, and reading proposalCount afterwards would race with other
// governors.
func (d *Driver) propose(ctx context.Context, method string, data []byte) (uint64, error) {
	receipt, err := d.tx.transact(ctx, method, &d.contract, data)
	if err != nil {
		return 0, err
	}
	for _, l := range receipt.Logs {
		if l.Address != d.contract {
			continue
		}
		ev, err := d.abi.UnpackProposedEvent(l)
		if err != nil {
			continue
		}
		if !ev.Id.IsUint64() {
			return 0, fmt.Errorf("ledger/ethereum: %s: proposal id %s does not fit 64 bits", method, ev.Id)
		}
		return ev.Id.Uint64(), nil
	}
	return 0, fmt.Errorf("ledger/ethereum: %s: receipt of %s has no Proposed event", method, receipt.TxHash)
}

// Approve implements ledger.Ledger: it signs the proposal's act with the
// host key (a governor's) and sends the approval.
func (d *Driver) Approve(ctx context.Context, id uint64) error {
	p, err := d.Proposal(ctx, id)
	if err != nil {
		return err
	}
	sig, err := d.signAct(chainmsg.Act(p.Kind), p.Nonce, p.Payload())
	if err != nil {
		return err
	}
	data, err := d.abi.TryPackApprove(new(big.Int).SetUint64(id), sig)
	if err != nil {
		return fmt.Errorf("ledger/ethereum: approve: pack: %w", err)
	}
	_, err = d.tx.transact(ctx, "approve", &d.contract, data)
	return err
}

// Genesis implements ledger.Ledger: the genesis as the contract fixed it
// at deployment, checked against the contract's own genesis hash.
func (d *Driver) Genesis(ctx context.Context) (chainmsg.Genesis, error) {
	gov, err := d.Governance(ctx)
	if err != nil {
		return chainmsg.Genesis{}, err
	}
	out, err := d.call(ctx, "initialPolicyHash", d.abi.PackInitialPolicyHash())
	if err != nil {
		return chainmsg.Genesis{}, err
	}
	ph, err := d.abi.UnpackInitialPolicyHash(out)
	if err != nil {
		return chainmsg.Genesis{}, fmt.Errorf("ledger/ethereum: initialPolicyHash: unpack: %w", err)
	}
	if out, err = d.call(ctx, "genesisHash", d.abi.PackGenesisHash()); err != nil {
		return chainmsg.Genesis{}, err
	}
	want, err := d.abi.UnpackGenesisHash(out)
	if err != nil {
		return chainmsg.Genesis{}, fmt.Errorf("ledger/ethereum: genesisHash: unpack: %w", err)
	}
	g := chainmsg.Genesis{ChainID: d.chainID.Uint64(), Contract: d.contract, Governors: gov.Governors, Threshold: gov.Threshold, PolicyHash: ph}
	if got := g.Hash(); got != want {
		return chainmsg.Genesis{}, fmt.Errorf("ledger/ethereum: the contract's genesis hash %x is not the hash %x of its governors, threshold and first policy (contract built from other sources?)", want, got)
	}
	if g.Policy, err = d.firstPolicy(ctx); err != nil {
		return chainmsg.Genesis{}, err
	}
	if err := g.CheckPolicy(); err != nil {
		return chainmsg.Genesis{}, fmt.Errorf("ledger/ethereum: %w", err)
	}
	return g, nil
}

// firstPolicy reads the policy of version 1 from the PolicyChanged event
// the deployment emitted (the contract keeps only the current policy).
func (d *Driver) firstPolicy(ctx context.Context) ([]byte, error) {
	at, err := d.DeployedAt(ctx)
	if err != nil {
		return nil, err
	}
	topic := d.abi.GetABI().Events[ledgerabi.AnonifyLedgerPolicyChangedEventName].ID
	logs, err := d.client.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(at), ToBlock: new(big.Int).SetUint64(at),
		Addresses: []common.Address{d.contract},
		Topics:    [][]common.Hash{{topic}, {common.BigToHash(common.Big1)}},
	})
	if err != nil {
		return nil, fmt.Errorf("ledger/ethereum: read the first policy (block %d): %w", at, err)
	}
	for i := range logs {
		ev, err := ledgerabi.DecodeEvent(&logs[i])
		if err == nil && ev.PolicyChanged != nil && ev.PolicyChanged.Version == 1 {
			return ev.PolicyChanged.Policy, nil
		}
	}
	return nil, fmt.Errorf("ledger/ethereum: the deployment block %d holds no PolicyChanged event of version 1", at)
}

// State implements ledger.Ledger.
func (d *Driver) State(ctx context.Context) (ledger.State, error) {
	out, err := d.call(ctx, "state", d.abi.PackState())
	if err != nil {
		return ledger.State{}, err
	}
	s, err := d.abi.UnpackState(out)
	if err != nil {
		return ledger.State{}, fmt.Errorf("ledger/ethereum: state: unpack: %w", err)
	}
	return ledger.State{Epoch: s.Epoch, Members: s.MemberSet, PolicyVersion: s.Version, Policy: s.CurrentPolicy, AuditSeq: s.NextAuditSeq,
		CustodianVersion: s.CustodiansVersion, Custodians: s.CustodianSet, CustodianThreshold: s.CustodianQuorum}, nil
}

// NextSeq implements ledger.Ledger.
func (d *Driver) NextSeq(ctx context.Context, identity common.Address) (uint64, error) {
	out, err := d.call(ctx, "nextSeq", d.abi.PackNextSeq(identity))
	if err != nil {
		return 0, err
	}
	seq, err := d.abi.UnpackNextSeq(out)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: nextSeq: unpack: %w", err)
	}
	return seq, nil
}

// Registered reports whether identity has registered.
func (d *Driver) Registered(ctx context.Context, identity common.Address) (bool, error) {
	out, err := d.call(ctx, "registered", d.abi.PackRegistered(identity))
	if err != nil {
		return false, err
	}
	ok, err := d.abi.UnpackRegistered(out)
	if err != nil {
		return false, fmt.Errorf("ledger/ethereum: registered: unpack: %w", err)
	}
	return ok, nil
}

// DeployedAt is the block the contract was deployed in: the first block a
// follower has to read events from.
func (d *Driver) DeployedAt(ctx context.Context) (uint64, error) {
	out, err := d.call(ctx, "deployedAt", d.abi.PackDeployedAt())
	if err != nil {
		return 0, err
	}
	n, err := d.abi.UnpackDeployedAt(out)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: deployedAt: unpack: %w", err)
	}
	return n, nil
}

// Governance implements ledger.GovernanceReader.
func (d *Driver) Governance(ctx context.Context) (ledger.Governance, error) {
	out, err := d.call(ctx, "threshold", d.abi.PackThreshold())
	if err != nil {
		return ledger.Governance{}, err
	}
	t, err := d.abi.UnpackThreshold(out)
	if err != nil || !t.IsUint64() {
		return ledger.Governance{}, fmt.Errorf("ledger/ethereum: threshold: malformed answer %x", out)
	}
	if out, err = d.call(ctx, "governors", d.abi.PackGovernors()); err != nil {
		return ledger.Governance{}, err
	}
	govs, err := d.abi.UnpackGovernors(out)
	if err != nil {
		return ledger.Governance{}, fmt.Errorf("ledger/ethereum: governors: %w", err)
	}
	return ledger.Governance{Governors: govs, Threshold: t.Uint64()}, nil
}

// Proposal implements ledger.GovernanceReader.
func (d *Driver) Proposal(ctx context.Context, id uint64) (ledger.Proposal, error) {
	out, err := d.call(ctx, "proposal", d.abi.PackProposal(new(big.Int).SetUint64(id)))
	if err != nil {
		return ledger.Proposal{}, err
	}
	p, err := d.abi.UnpackProposal(out)
	if err != nil {
		return ledger.Proposal{}, fmt.Errorf("ledger/ethereum: proposal %d: %w", id, err)
	}
	return ledger.Proposal{ID: id, Kind: chainmsg.ProposalKind(p.Kind), Executed: p.Executed, Approvals: p.Approvals,
		Nonce: p.Nonce, Policy: p.ProposedPolicy, Target: p.Target, Subject: p.Subject}, nil
}

// Head implements ledger.Ledger: the latest block Events would return,
// that is the chain's head less the confirmations the driver waits for
// (SetConfirmations). A node that has applied it is caught up.
func (d *Driver) Head(ctx context.Context) (uint64, error) {
	n, err := d.chainHead(ctx)
	if err != nil {
		return 0, err
	}
	conf := d.finality.confirmations.Load()
	if n < conf {
		return 0, nil
	}
	return n - conf, nil
}

// chainHead is the chain's latest block, final or not.
func (d *Driver) chainHead(ctx context.Context) (uint64, error) {
	n, err := d.client.BlockNumber(ctx)
	if err != nil {
		return 0, fmt.Errorf("ledger/ethereum: read head block number: %w", err)
	}
	return n, nil
}

func (d *Driver) call(ctx context.Context, method string, data []byte) ([]byte, error) {
	out, err := d.client.CallContract(ctx, ethereum.CallMsg{To: &d.contract, Data: data}, nil)
	if err != nil {
		if rerr := d.tx.revertError(err); rerr != nil {
			return nil, fmt.Errorf("ledger/ethereum: %s: %w", method, rerr)
		}
		return nil, fmt.Errorf("ledger/ethereum: %s: %w", method, err)
	}
	return out, nil
}

// orEmpty makes a nil list encode like an empty one; the ABI encoder
// accepts both, but being explicit keeps the digest's listHash(empty)
// reasoning in one place.
func orEmpty(a []common.Address) []common.Address {
	if a == nil {
		return []common.Address{}
	}
	return a
}

// errNotUint64 reports a uint256 from the contract that cannot be a uint64.
var errNotUint64 = errors.New("value does not fit 64 bits")
