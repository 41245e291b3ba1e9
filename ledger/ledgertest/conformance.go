// Package ledgertest is the AnonifyLedger contract's behaviour written down
// once, as tables of calls and their outcomes, for every implementation of
// ledger.Ledger to pass: ledger/ethereum runs it against the compiled
// contract on an embedded chain, ledger/memledger against its Go port. Both
// passing is what lets host code be tested on memledger with confidence
// that the real contract would have answered the same.
//
// It covers what the host relies on: registration and its proof of
// possession, governance (authority by governors' signatures over typed
// digests, whoever relays them; threshold, stale proposals, founding and
// re-founding, expulsion; the signatures the events carry and the genesis
// they verify against), the one handshake per epoch and the membership it
// changes (only expelled members are removed), per-enclave command
// sequences, auditors and audit posts, the custodian set and checkpoints
// (one manifest per epoch, then its chunks), the input caps, the order in which the contract checks (caps,
// signature, signer, epoch, sequence: it decides which error a caller
// sees), that a refused call changes nothing, and the events and their
// order. Test code only: it imports package testing.
package ledgertest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Backend is a chain on which Conformance deploys contracts.
type Backend interface {
	// Accounts are the keys of host accounts the backend can send from
	// (funded, on a real chain). Conformance needs four: the first three
	// become governors, whose keys also sign governance acts that other
	// accounts relay; the fourth is a host without authority.
	Accounts() []*ecdsa.PrivateKey
	// Deploy deploys a fresh contract with these constructor arguments. A
	// deployment the constructor refuses returns its error (matching
	// ledger.ErrInvalidInput).
	Deploy(t *testing.T, governors []common.Address, threshold uint64, policy []byte) (Deployment, error)
}

// Deployment is one deployed contract.
type Deployment interface {
	// Account is the deployment reached through host account host, one
	// of the backend's Accounts: its calls are sent from that account,
	// and its governance acts are signed with that account's key.
	Account(t *testing.T, host common.Address) ledger.Ledger
	// Relay is the deployment reached through host account host for
	// governance calls that carry signatures made elsewhere.
	Relay(t *testing.T, host common.Address) Relayer
	// DeployedAt is the block of the deployment: Events from there
	// returns the deployment's whole log.
	DeployedAt() uint64
	// GenesisHash is the contract's genesisHash() as the contract
	// computed it at deployment, read without ledger.Ledger.Genesis
	// (which computes the hash itself).
	GenesisHash(t *testing.T) common.Hash
}

// Relayer sends the contract's governance calls with a signature given by
// the caller: the contract takes authority from the signature alone, so
// any account may relay a governor's, and tests can send signatures that
// no honest driver would make.
type Relayer interface {
	// RelayPolicy sends proposePolicy(policy, sig) and returns the
	// proposal id.
	RelayPolicy(ctx context.Context, policy, sig []byte) (uint64, error)
	// RelayFounder sends proposeFounder(identity, sig).
	RelayFounder(ctx context.Context, identity common.Address, sig []byte) (uint64, error)
	// RelayExpel sends proposeExpel(identity, sig).
	RelayExpel(ctx context.Context, identity common.Address, sig []byte) (uint64, error)
	// RelayApproval sends approve(id, sig).
	RelayApproval(ctx context.Context, id uint64, sig []byte) error
}

// Policy is the initial policy of every deployment Conformance makes.
const Policy = "policy-v1: sim allowed (dev network)"

// Conformance runs the contract's behaviour table against b. Subtests run
// one after the other (a real chain's accounts have one nonce sequence
// each); each deploys its own contract, so they do not depend on each
// other.
func Conformance(t *testing.T, b Backend) {
	if len(b.Accounts()) < 4 {
		t.Fatalf("ledgertest: the backend has %d accounts, Conformance needs 4", len(b.Accounts()))
	}
	t.Run("Deploy", func(t *testing.T) { testDeploy(t, b) })
	t.Run("Register", func(t *testing.T) { testRegister(t, b) })
	t.Run("GovernancePolicy", func(t *testing.T) { testGovernancePolicy(t, b) })
	t.Run("GovernanceFounder", func(t *testing.T) { testGovernanceFounder(t, b) })
	t.Run("FounderThresholdOne", func(t *testing.T) { testFounderThresholdOne(t, b) })
	t.Run("Genesis", func(t *testing.T) { testGenesis(t, b) })
	t.Run("GovernanceSignatures", func(t *testing.T) { testGovernanceSignatures(t, b) })
	t.Run("StaleProposal", func(t *testing.T) { testStaleProposal(t, b) })
	t.Run("Expel", func(t *testing.T) { testExpel(t, b) })
	t.Run("Refounding", func(t *testing.T) { testRefounding(t, b) })
	t.Run("Handshake", func(t *testing.T) { testHandshake(t, b) })
	t.Run("Commands", func(t *testing.T) { testCommands(t, b) })
	t.Run("Events", func(t *testing.T) { testEvents(t, b) })
	t.Run("Inclusion", func(t *testing.T) { testInclusion(t, b) })
	t.Run("Auditors", func(t *testing.T) { testAuditors(t, b) })
	t.Run("AuditorLimit", func(t *testing.T) { testAuditorLimit(t, b) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, b) })
	t.Run("Custodians", func(t *testing.T) { testCustodians(t, b) })
	t.Run("Checkpoint", func(t *testing.T) { testCheckpoint(t, b) })
}

// network is one deployment with its governors (threshold given at
// deployment) and a non-governor host.
type network struct {
	t         *testing.T
	ctx       context.Context
	dep       Deployment
	threshold uint64
	gov       []ledger.Ledger
	govAddr   []common.Address
	govKey    []*ecdsa.PrivateKey
	host      ledger.Ledger
	hostAdr   common.Address
	relay     Relayer    // the non-governor host, relaying signatures
	known     []*Enclave // enclaves whose sequence numbers snapshots record
}

func deploy(t *testing.T, b Backend, threshold uint64) *network {
	t.Helper()
	acc := addrs(b.Accounts())
	dep, err := b.Deploy(t, acc[:3], threshold, []byte(Policy))
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	n := &network{t: t, ctx: ctx, dep: dep, threshold: threshold, govAddr: acc[:3], govKey: b.Accounts()[:3], hostAdr: acc[3]}
	for _, a := range acc[:3] {
		n.gov = append(n.gov, dep.Account(t, a))
	}
	n.host = dep.Account(t, acc[3])
	n.relay = dep.Relay(t, acc[3])
	return n
}

func addrs(keys []*ecdsa.PrivateKey) []common.Address {
	out := make([]common.Address, len(keys))
	for i, k := range keys {
		out[i] = crypto.PubkeyToAddress(k.PublicKey)
	}
	return out
}

func (n *network) enclave() *Enclave {
	e := NewEnclave(n.t)
	n.known = append(n.known, e)
	return e
}

func (n *network) register(e *Enclave) {
	n.t.Helper()
	if err := n.host.Register(n.ctx, e.Registration(n.t, n.host)); err != nil {
		n.t.Fatalf("register %s: %v", e.ID, err)
	}
}

// found registers e and founds the group with it through governance.
func (n *network) found(e *Enclave) {
	n.t.Helper()
	n.register(e)
	if err := n.decide(func(l ledger.Ledger) (uint64, error) { return l.ProposeFounder(n.ctx, e.ID) }); err != nil {
		n.t.Fatalf("found %s: %v", e.ID, err)
	}
}

// decide has governor 0 make a proposal and the next governors approve it
// until the threshold is reached.
func (n *network) decide(propose func(l ledger.Ledger) (uint64, error)) error {
	id, err := propose(n.gov[0])
	if err != nil {
		return err
	}
	for _, g := range n.gov[1:n.threshold] {
		if err := g.Approve(n.ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// expel expels e through governance, as one step of a scenario.
func (n *network) expel(e *Enclave) func() (uint64, error) {
	return func() (uint64, error) {
		return noID(n.decide(func(l ledger.Ledger) (uint64, error) { return l.ProposeExpel(n.ctx, e.ID) }))
	}
}

// sign is governor i's signature over an act on this deployment.
func (n *network) sign(i int, act chainmsg.Act, nonce uint64, payload common.Hash) []byte {
	return SignAct(n.t, n.host, n.govKey[i], act, nonce, payload)
}

func (n *network) state() ledger.State {
	n.t.Helper()
	st, err := n.host.State(n.ctx)
	if err != nil {
		n.t.Fatalf("State: %v", err)
	}
	return st
}

func (n *network) events(from uint64) ([]chainmsg.Event, uint64) {
	n.t.Helper()
	evs, next, err := n.host.Events(n.ctx, from)
	if err != nil {
		n.t.Fatalf("Events(%d): %v", from, err)
	}
	return evs, next
}

func (n *network) head() uint64 {
	n.t.Helper()
	h, err := n.host.Head(n.ctx)
	if err != nil {
		n.t.Fatalf("Head: %v", err)
	}
	return h
}

// snapshot is everything a call could change that the interface shows.
type snapshot struct {
	Head  uint64
	State ledger.State
	Seqs  []uint64
}

func (n *network) snapshot(t *testing.T) snapshot {
	t.Helper()
	s := snapshot{Head: n.head(), State: n.state()}
	for _, e := range n.known {
		seq, err := n.host.NextSeq(n.ctx, e.ID)
		if err != nil {
			t.Fatalf("NextSeq: %v", err)
		}
		s.Seqs = append(s.Seqs, seq)
	}
	return s
}

// step is one call of a scenario and what it must return.
type step struct {
	name string
	call func() (uint64, error) // the returned number is a proposal id, or 0
	want Outcome
	id   uint64 // for a successful proposal: its id
	// after checks the state once the call returned as wanted.
	after func(t *testing.T)
}

// run plays steps in order. A refused call must leave the chain as it was
// (the contract reverts whole), but for the block a reverted transaction
// may take; the scenario stops at the first failure,
// since later steps build on earlier ones.
func (n *network) run(t *testing.T, steps []step) {
	t.Helper()
	for _, s := range steps {
		ok := t.Run(s.name, func(t *testing.T) {
			before := n.snapshot(t)
			id, err := s.call()
			s.want.Check(t, err)
			if s.want.Kind != nil {
				// A refusal found on the chain rather than by estimate
				// (batches go out with a gas bound) is a reverted
				// transaction: it may take a block, and nothing else.
				after := n.snapshot(t)
				if evs, _ := n.events(before.Head + 1); len(evs) > 0 {
					t.Fatalf("refused call left %d events on the chain, the first %T", len(evs), evs[0])
				}
				after.Head = before.Head
				if !reflect.DeepEqual(before, after) {
					t.Fatalf("refused call changed the chain:\nbefore %+v\nafter  %+v", before, after)
				}
			} else if s.id != 0 && id != s.id {
				t.Fatalf("proposal id = %d, want %d", id, s.id)
			}
			if s.after != nil {
				s.after(t)
			}
		})
		if !ok {
			t.FailNow()
		}
	}
}

func noID(err error) (uint64, error) { return 0, err }

// wantState checks epoch and members, in the contract's order (members()
// order is observable, and hosts may log or compare it).
func (n *network) wantState(epoch uint64, members ...common.Address) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		st := n.state()
		if st.Epoch != epoch || !slices.Equal(st.Members, members) {
			t.Fatalf("state = epoch %d members %v, want epoch %d members %v", st.Epoch, st.Members, epoch, members)
		}
	}
}

func (n *network) wantPolicy(version uint64, policy string) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		st := n.state()
		if st.PolicyVersion != version || string(st.Policy) != policy {
			t.Fatalf("policy = v%d %q, want v%d %q", st.PolicyVersion, st.Policy, version, policy)
		}
	}
}

// wantNoProposal checks that the contract knows no proposal id.
func (n *network) wantNoProposal(id uint64) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if r, ok := n.host.(ledger.GovernanceReader); ok {
			_, err := r.Proposal(n.ctx, id)
			Refused(ledger.ErrUnknownProposal, "UnknownProposal", fmt.Sprintf("no proposal %d", id)).Check(t, err)
		}
	}
}

// all runs several after-checks.
func all(checks ...func(t *testing.T)) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		for _, c := range checks {
			c(t)
		}
	}
}

func (n *network) wantSeq(e *Enclave, seq uint64) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		got, err := n.host.NextSeq(n.ctx, e.ID)
		if err != nil || got != seq {
			t.Fatalf("NextSeq(%s) = %d, %v; want %d", e.ID, got, err, seq)
		}
	}
}

func testDeploy(t *testing.T, b Backend) {
	acc := addrs(b.Accounts())
	g1, g2 := acc[0], acc[1]
	many := make([]common.Address, 32)
	for i := range many {
		many[i] = common.BytesToAddress([]byte{0xee, byte(i + 1)})
	}
	invalid := ledger.ErrInvalidInput
	tests := []struct {
		name      string
		governors []common.Address
		threshold uint64
		policy    []byte
		want      Outcome
	}{
		{"no governors", nil, 1, []byte("p"),
			Refused(invalid, "BadThreshold", "threshold 1 is not between 1 and the number of governors (0)")},
		{"threshold zero", []common.Address{g1}, 0, []byte("p"),
			Refused(invalid, "BadThreshold", "threshold 0 is not between 1 and the number of governors (1)")},
		{"threshold above governors", []common.Address{g1, g2}, 3, []byte("p"),
			Refused(invalid, "BadThreshold", "threshold 3 is not between 1")},
		{"repeated governor", []common.Address{g1, g2, g1}, 2, []byte("p"),
			Refused(invalid, "BadGovernor", "governor "+g1.Hex()+" is the zero address or listed twice")},
		{"zero governor", []common.Address{g1, {}}, 1, []byte("p"),
			Refused(invalid, "BadGovernor", "governor 0x0000000000000000000000000000000000000000")},
		{"too many governors", append(slices.Clone(many), g1), 1, []byte("p"),
			Refused(invalid, "FieldTooLarge", "governors has size 33, limit 32")},
		{"empty policy", []common.Address{g1}, 1, nil, Refused(invalid, "EmptyField", "policy is empty")},
		{"oversize policy", []common.Address{g1}, 1, make([]byte, 16385),
			Refused(invalid, "FieldTooLarge", "policy has size 16385, limit 16384")},
		// The constructor checks the count, then the threshold, then each
		// governor, then the policy: the first failing check names the error.
		{"count before threshold", make([]common.Address, 33), 0, nil,
			Refused(invalid, "FieldTooLarge", "governors has size 33")},
		{"threshold before governors", []common.Address{{}, {}}, 0, nil,
			Refused(invalid, "BadThreshold", "threshold 0")},
		{"governors before policy", []common.Address{g1, g1}, 1, nil,
			Refused(invalid, "BadGovernor", "governor "+g1.Hex())},
		{"32 governors, all needed", many, 32, []byte("p"), OK()},
		// Not "policy at the cap": the contract accepts 16384 bytes, but
		// storing them costs more gas than one transaction may use on a
		// chain with EIP-7825's cap (2^24), so a real chain cannot show it.
		{"8 KiB policy", []common.Address{g1}, 1, bytes.Repeat([]byte{'p'}, 8192), OK()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dep, err := b.Deploy(t, tc.governors, tc.threshold, tc.policy)
			tc.want.Check(t, err)
			if err != nil {
				return
			}
			// A fresh deployment: epoch 0, no member, the policy as
			// version 1, announced by the deployment's only event.
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			l := dep.Account(t, acc[3])
			st, err := l.State(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := ledger.State{Epoch: 0, Members: []common.Address{}, PolicyVersion: 1, Policy: tc.policy, Custodians: [][32]byte{}}
			if !reflect.DeepEqual(st, want) {
				t.Fatalf("state after deployment = %+v, want %+v", st, want)
			}
			events, next, err := l.Events(ctx, dep.DeployedAt())
			if err != nil {
				t.Fatal(err)
			}
			// Version 1 carries no signatures: the genesis hash covers it.
			if len(events) != 1 || events[0].PolicyChanged == nil || events[0].Block != dep.DeployedAt() ||
				events[0].PolicyChanged.Version != 1 || !bytes.Equal(events[0].PolicyChanged.Policy, tc.policy) ||
				events[0].PolicyChanged.Sigs == nil || len(events[0].PolicyChanged.Sigs) != 0 {
				t.Fatalf("events of the deployment = %s, want one PolicyChanged(1, policy, no sigs) in block %d", describeAll(events), dep.DeployedAt())
			}
			if head, err := l.Head(ctx); err != nil || next != head+1 || head != dep.DeployedAt() {
				t.Fatalf("head %d (%v), next %d; want head = deployment block %d, next = head+1", head, err, next, dep.DeployedAt())
			}
			if r, ok := l.(ledger.GovernanceReader); ok {
				g, err := r.Governance(ctx)
				if err != nil || !slices.Equal(g.Governors, tc.governors) || g.Threshold != tc.threshold {
					t.Fatalf("Governance() = %+v, %v; want %v, threshold %d", g, err, tc.governors, tc.threshold)
				}
			}
		})
	}
}

func testRegister(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	done, other := NewEnclave(t), NewEnclave(t)
	n.register(done)
	fill := func(size int) []byte { return bytes.Repeat([]byte{0xab}, size) }
	chainID, contract := n.host.ChainID(), n.host.Contract()
	invalid, badSig := ledger.ErrInvalidInput, ledger.ErrBadSignature

	tests := []struct {
		name string
		edit func(e *Enclave, r *chainmsg.Registration)
		want Outcome
	}{
		{"valid", func(*Enclave, *chainmsg.Registration) {}, OK()},
		{"at the caps", func(e *Enclave, r *chainmsg.Registration) {
			r.RequestKey, r.KeyPackage, r.Evidence = fill(1024), fill(16384), fill(65536)
			r.Sig = e.Sign(t, r.Digest(chainID, contract))
		}, OK()},
		{"already registered", func(e *Enclave, r *chainmsg.Registration) { *r = done.Registration(t, n.host) },
			Refused(ledger.ErrAlreadyRegistered, "AlreadyRegistered", done.ID.Hex()+" registered before")},
		// The contract looks the identity up before it recovers the
		// signature: a duplicate with a broken signature is still a duplicate.
		{"already registered, bad signature", func(e *Enclave, r *chainmsg.Registration) {
			*r = done.Registration(t, n.host)
			r.Sig = nil
		}, Refused(ledger.ErrAlreadyRegistered, "AlreadyRegistered", done.ID.Hex())},
		{"proof of possession by another key", func(e *Enclave, r *chainmsg.Registration) {
			r.Sig = other.Sign(t, r.Digest(chainID, contract))
		}, Refused(badSig, "BadSignature", "not signed by the identity it registers")},
		{"evidence swapped after signing", func(e *Enclave, r *chainmsg.Registration) { r.Evidence = []byte("other evidence") },
			Refused(badSig, "BadSignature", "not signed by the identity it registers")},
		{"signed for another chain", func(e *Enclave, r *chainmsg.Registration) {
			r.Sig = e.Sign(t, r.Digest(new(big.Int).Add(chainID, common.Big1), contract))
		}, Refused(badSig, "BadSignature", "not signed by the identity")},
		{"signed for another contract", func(e *Enclave, r *chainmsg.Registration) {
			r.Sig = e.Sign(t, r.Digest(chainID, common.Address{1}))
		}, Refused(badSig, "BadSignature", "not signed by the identity")},
		{"zero identity", func(e *Enclave, r *chainmsg.Registration) {
			r.Identity = common.Address{}
			r.Sig = e.Sign(t, r.Digest(chainID, contract))
		}, Refused(badSig, "BadSignature", "not signed by the identity")},
		{"high s", func(e *Enclave, r *chainmsg.Registration) { r.Sig = HighS(r.Sig) }, Refused(badSig, "BadSignature", "above n/2")},
		{"v = 29", func(e *Enclave, r *chainmsg.Registration) { r.Sig[64] = 29 }, Refused(badSig, "BadSignature", "v is not 27 or 28")},
		{"v = 0", func(e *Enclave, r *chainmsg.Registration) { r.Sig[64] = 0 }, Refused(badSig, "BadSignature", "v is not 27 or 28")},
		{"short signature", func(e *Enclave, r *chainmsg.Registration) { r.Sig = r.Sig[:64] }, Refused(badSig, "BadSignature", "not 65 bytes")},
		{"long signature", func(e *Enclave, r *chainmsg.Registration) { r.Sig = append(r.Sig, 0) }, Refused(badSig, "BadSignature", "not 65 bytes")},
		{"r = 0", func(e *Enclave, r *chainmsg.Registration) { clear(r.Sig[:32]) }, Refused(badSig, "BadSignature", "no signer")},
		{"s = 0", func(e *Enclave, r *chainmsg.Registration) { clear(r.Sig[32:64]) }, Refused(badSig, "BadSignature", "no signer")},
		{"empty request key", func(e *Enclave, r *chainmsg.Registration) { r.RequestKey = nil }, Refused(invalid, "EmptyField", "requestKey is empty")},
		{"empty key package", func(e *Enclave, r *chainmsg.Registration) { r.KeyPackage = nil }, Refused(invalid, "EmptyField", "keyPackage is empty")},
		{"empty evidence", func(e *Enclave, r *chainmsg.Registration) { r.Evidence = nil }, Refused(invalid, "EmptyField", "evidence is empty")},
		{"oversize request key", func(e *Enclave, r *chainmsg.Registration) { r.RequestKey = fill(1025) },
			Refused(invalid, "FieldTooLarge", "requestKey has size 1025, limit 1024")},
		{"oversize key package", func(e *Enclave, r *chainmsg.Registration) { r.KeyPackage = fill(16385) },
			Refused(invalid, "FieldTooLarge", "keyPackage has size 16385, limit 16384")},
		{"oversize evidence", func(e *Enclave, r *chainmsg.Registration) { r.Evidence = fill(65537) },
			Refused(invalid, "FieldTooLarge", "evidence has size 65537, limit 65536")},
		// Caps come first, in field order, then the duplicate check, then
		// the signature.
		{"caps before signature", func(e *Enclave, r *chainmsg.Registration) { r.RequestKey, r.Sig = nil, nil },
			Refused(invalid, "EmptyField", "requestKey is empty")},
		{"caps in field order", func(e *Enclave, r *chainmsg.Registration) { r.KeyPackage, r.Evidence = nil, fill(65537) },
			Refused(invalid, "EmptyField", "keyPackage is empty")},
		{"caps before duplicate", func(e *Enclave, r *chainmsg.Registration) {
			*r = done.Registration(t, n.host)
			r.Evidence = nil
		}, Refused(invalid, "EmptyField", "evidence is empty")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := NewEnclave(t)
			r := e.Registration(t, n.host)
			tc.edit(e, &r)
			before := n.snapshot(t)
			tc.want.Check(t, n.host.Register(n.ctx, r))
			if tc.want.Kind != nil {
				if after := n.snapshot(t); !reflect.DeepEqual(before, after) {
					t.Fatalf("refused registration changed the chain: %+v -> %+v", before, after)
				}
				return
			}
			// Accepted: exactly one Registered event, in a new block,
			// carrying the registration's fields.
			events, _ := n.events(before.Head + 1)
			want := chainmsg.RegisteredEvent{Identity: r.Identity, RequestKey: r.RequestKey, KeyPackage: r.KeyPackage, Evidence: r.Evidence}
			if len(events) != 1 || events[0].Registered == nil || !reflect.DeepEqual(*events[0].Registered, want) {
				t.Fatalf("events of the registration = %s, want Registered(%s)", describeAll(events), r.Identity)
			}
		})
	}
}

func testGovernancePolicy(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	gov, host := n.gov, n.host
	ctx := n.ctx
	propose := func(l ledger.Ledger, p []byte) func() (uint64, error) {
		return func() (uint64, error) { return l.ProposePolicy(ctx, p) }
	}
	approve := func(l ledger.Ledger, id uint64) func() (uint64, error) {
		return func() (uint64, error) { return noID(l.Approve(ctx, id)) }
	}
	hostHex := n.hostAdr.Hex()
	policy := func(version uint64, p string) ledger.Proposal {
		return ledger.Proposal{Kind: chainmsg.ProposalPolicy, Nonce: version, Policy: []byte(p)}
	}
	n.run(t, []step{
		// The host's key signs, and the contract names the signer it
		// recovers: the host, who is no governor.
		{name: "non-governor proposes", call: propose(host, []byte("p2")),
			want: Refused(ledger.ErrNotGovernor, "NotGovernor", hostHex+" is not a governor")},
		{name: "unknown proposal", call: approve(gov[0], 99),
			want: Refused(ledger.ErrUnknownProposal, "UnknownProposal", "no proposal 99"), after: n.wantNoProposal(99)},
		// The contract looks the proposal up before it recovers the
		// signature: anyone learns that an id is unknown.
		{name: "unknown proposal, no signature (lookup first)", call: func() (uint64, error) {
			return noID(n.relay.RelayApproval(ctx, 99, nil))
		}, want: Refused(ledger.ErrUnknownProposal, "UnknownProposal", "no proposal 99")},
		{name: "proposal 0 does not exist", call: approve(gov[0], 0),
			want: Refused(ledger.ErrUnknownProposal, "UnknownProposal", "no proposal 0")},
		{name: "empty policy", call: propose(gov[0], nil),
			want: Refused(ledger.ErrInvalidInput, "EmptyField", "policy is empty")},
		{name: "oversize policy", call: propose(gov[0], make([]byte, 16385)),
			want: Refused(ledger.ErrInvalidInput, "FieldTooLarge", "policy has size 16385, limit 16384")},
		{name: "empty policy, no signature (caps first)", call: func() (uint64, error) { return n.relay.RelayPolicy(ctx, nil, nil) },
			want: Refused(ledger.ErrInvalidInput, "EmptyField", "policy is empty")},
		{name: "first proposal is id 1, for version 2; one approval of two changes nothing", call: propose(gov[0], []byte("policy-v2")),
			id: 1, after: all(n.wantPolicy(1, Policy), n.wantNoProposal(2),
				n.wantProposal(1, policy(2, "policy-v2"), 1, false))},
		{name: "the proposer's approval counted", call: approve(gov[0], 1),
			want: Refused(ledger.ErrAlreadyApproved, "AlreadyApproved", gov0(n)+" approved proposal 1 before")},
		{name: "non-governor approves", call: approve(host, 1),
			want: Refused(ledger.ErrNotGovernor, "NotGovernor", hostHex+" is not a governor")},
		{name: "second approval executes", call: approve(gov[2], 1), after: all(n.wantPolicy(2, "policy-v2"),
			n.wantProposal(1, policy(2, "policy-v2"), 2, true))},
		{name: "executed proposal", call: approve(gov[1], 1),
			want: Refused(ledger.ErrProposalExecuted, "ProposalExecuted", "proposal 1 reached its threshold before")},
		{name: "executed before approved twice", call: approve(gov[0], 1),
			want: Refused(ledger.ErrProposalExecuted, "ProposalExecuted", "proposal 1")},
		{name: "executed before the signature", call: func() (uint64, error) { return noID(n.relay.RelayApproval(ctx, 1, nil)) },
			want: Refused(ledger.ErrProposalExecuted, "ProposalExecuted", "proposal 1")},
		{name: "next proposal is for version 3", call: propose(gov[1], []byte("policy-v3")), id: 2,
			after: n.wantProposal(2, policy(3, "policy-v3"), 1, false)},
		{name: "executes as version 3", call: approve(gov[0], 2), after: n.wantPolicy(3, "policy-v3")},
	})
}

func gov0(n *network) string { return n.govAddr[0].Hex() }

// wantProposal checks a proposal through ledger.GovernanceReader, when the
// implementation has it (both drivers do).
func (n *network) wantProposal(id uint64, p ledger.Proposal, approvals uint64, executed bool) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		r, ok := n.host.(ledger.GovernanceReader)
		if !ok {
			return
		}
		want := p
		want.ID, want.Approvals, want.Executed = id, approvals, executed
		if want.Policy == nil {
			want.Policy = []byte{}
		}
		got, err := r.Proposal(n.ctx, id)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Proposal(%d) = %+v, %v; want %+v", id, got, err, want)
		}
	}
}

func testGovernanceFounder(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	gov, host, ctx := n.gov, n.host, n.ctx
	a, c := n.enclave(), n.enclave()
	founder := func(l ledger.Ledger, e *Enclave) func() (uint64, error) {
		return func() (uint64, error) { return l.ProposeFounder(ctx, e.ID) }
	}
	approve := func(l ledger.Ledger, id uint64) func() (uint64, error) {
		return func() (uint64, error) { return noID(l.Approve(ctx, id)) }
	}
	register := func(e *Enclave) func() (uint64, error) {
		return func() (uint64, error) { return noID(host.Register(ctx, e.Registration(t, host))) }
	}
	alreadyFounded := Refused(ledger.ErrAlreadyFounded, "AlreadyFounded", "the group has live (not expelled) members")
	founding := func(e *Enclave) ledger.Proposal {
		return ledger.Proposal{Kind: chainmsg.ProposalFounder, Nonce: 0, Target: e.ID}
	}
	n.run(t, []step{
		{name: "unregistered founder", call: founder(gov[0], a),
			want: Refused(ledger.ErrNotRegistered, "NotRegistered", a.ID.Hex()+" has not registered")},
		// The founder is checked before the signature is recovered.
		{name: "non-governor proposes an unregistered founder (founder check first)", call: founder(host, a),
			want: Refused(ledger.ErrNotRegistered, "NotRegistered", a.ID.Hex())},
		{name: "register a", call: register(a)},
		{name: "register c", call: register(c)},
		{name: "non-governor proposes", call: founder(host, a),
			want: Refused(ledger.ErrNotGovernor, "NotGovernor", n.hostAdr.Hex()+" is not a governor")},
		{name: "propose a", call: founder(gov[0], a), id: 1, after: all(n.wantState(0), n.wantProposal(1, founding(a), 1, false))},
		{name: "propose c", call: founder(gov[1], c), id: 2, after: all(n.wantState(0), n.wantProposal(2, founding(c), 1, false))},
		{name: "second approval founds a", call: approve(gov[2], 1), after: all(n.wantState(0, a.ID), n.wantProposal(1, founding(a), 2, true))},
		// Both proposals were for founding 0, which a's took: the nonce is
		// checked before the founder rules.
		{name: "competing proposal cannot execute", call: approve(gov[0], 2),
			want: Refused(ledger.ErrStaleProposal, "StaleProposal", "proposal 2 was made for a policy version, founding, auditor or custodian act that another proposal took first")},
		// Had the refused approval been recorded, this would be AlreadyApproved.
		{name: "refused approval was not recorded", call: approve(gov[0], 2),
			want: Refused(ledger.ErrStaleProposal, "StaleProposal", "proposal 2"), after: n.wantProposal(2, founding(c), 1, false)},
		{name: "no new founder proposal", call: founder(gov[0], c), want: alreadyFounded},
		{name: "no founder proposal for the member", call: founder(gov[0], a), want: alreadyFounded},
		{name: "executed founder proposal", call: approve(gov[1], 1),
			want: Refused(ledger.ErrProposalExecuted, "ProposalExecuted", "proposal 1")},
	})
}

// testFounderThresholdOne: with one approval needed a proposal executes
// in the proposing call (how the devnet founds its network and changes its
// policy), with the proposer's signature as the act's only one.
func testFounderThresholdOne(t *testing.T, b Backend) {
	n := deploy(t, b, 1)
	gov, ctx := n.gov, n.ctx
	a := n.enclave()
	n.register(a)
	var mark uint64
	n.run(t, []step{
		{name: "proposal executes at once", call: func() (uint64, error) {
			mark = n.head()
			return gov[1].ProposeFounder(ctx, a.ID)
		}, id: 1, after: func(t *testing.T) {
			n.wantState(0, a.ID)(t)
			events, _ := n.events(mark + 1)
			sig := n.sign(1, chainmsg.ActFounder, 0, chainmsg.AddressPayload(a.ID))
			want := []chainmsg.Event{
				{Proposed: &chainmsg.ProposedEvent{ID: 1, Proposer: n.govAddr[1], Kind: chainmsg.ProposalFounder, Policy: []byte{}, Target: a.ID, Nonce: 0}},
				{Approved: &chainmsg.ApprovedEvent{ID: 1, Governor: n.govAddr[1], Approvals: 1}},
				{Founded: &chainmsg.FoundedEvent{Identity: a.ID, Nonce: 0, Sigs: [][]byte{sig}}},
			}
			checkEvents(t, events, want)
			if events[0].TxHash != events[2].TxHash || events[0].Block != events[2].Block {
				t.Fatalf("the proposal's events are not one transaction's: %s", describeAll(events))
			}
		}},
		{name: "policy executes at once", call: func() (uint64, error) { return gov[2].ProposePolicy(ctx, []byte("v2")) },
			id: 2, after: n.wantPolicy(2, "v2")},
		// A member cannot leave on its own: only governance removes one.
		{name: "the founder removes itself", call: func() (uint64, error) {
			return noID(n.host.PostHandshake(ctx, a.Handshake(t, n.host, 0, "leave", nil, IDs(a))))
		}, want: Refused(ledger.ErrNotExpelled, "NotExpelled", a.ID.Hex()+" was not expelled by governance")},
		{name: "expulsion executes at once", call: func() (uint64, error) { return gov[0].ProposeExpel(ctx, a.ID) },
			id: 3, after: n.wantState(0, a.ID)},
	})
}

func testHandshake(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	ctx, host := n.ctx, n.host
	a, bb, c, outsider := n.enclave(), n.enclave(), n.enclave(), n.enclave()
	n.found(a)
	n.register(bb)
	n.register(c)
	post := func(h chainmsg.Handshake) func() (uint64, error) {
		return func() (uint64, error) { return noID(host.PostHandshake(ctx, h)) }
	}
	hs := func(e *Enclave, epoch uint64, payload string, adds, removes []common.Address) func() (uint64, error) {
		return post(e.Handshake(t, host, epoch, payload, adds, removes))
	}
	edit := func(h chainmsg.Handshake, f func(h *chainmsg.Handshake)) func() (uint64, error) {
		f(&h)
		return post(h)
	}
	invalid, badSig := ledger.ErrInvalidInput, ledger.ErrBadSignature
	unknown := Refused(badSig, "UnknownSigner", "which no enclave registered")
	notMember := func(e *Enclave) Outcome {
		return Refused(ledger.ErrNotMember, "NotMember", e.ID.Hex()+" is registered but not a member")
	}
	a1 := a.Handshake(t, host, 1, "rotate", nil, nil)
	n.run(t, []step{
		{name: "a admits b", call: hs(a, 0, "add b", IDs(bb), nil), after: n.wantState(1, a.ID, bb.ID)},
		{name: "second handshake for epoch 0", call: hs(bb, 0, "add c", IDs(c), nil), want: WrongEpoch(1, 0)},
		{name: "future epoch", call: hs(a, 2, "rotate", nil, nil), want: WrongEpoch(1, 2)},
		{name: "registered non-member signer", call: hs(c, 1, "self-admit", IDs(c), nil), want: notMember(c)},
		{name: "unregistered signer", call: hs(outsider, 1, "x", nil, nil), want: unknown},
		{name: "tampered adds", call: edit(a.Handshake(t, host, 1, "add c", IDs(c), nil), func(h *chainmsg.Handshake) { h.Adds = IDs(outsider) }),
			want: unknown},
		{name: "tampered payload", call: edit(a1, func(h *chainmsg.Handshake) { h.Payload = []byte("other") }), want: unknown},
		// The signature is checked before the epoch: a changed epoch is a
		// forgery, not a stale call.
		{name: "tampered epoch", call: edit(a1, func(h *chainmsg.Handshake) { h.Epoch = 2 }), want: unknown},
		{name: "non-member at a wrong epoch (membership before epoch)", call: hs(c, 7, "x", nil, nil), want: notMember(c)},
		{name: "wrong epoch with a bad add (epoch before membership changes)", call: hs(a, 0, "add", IDs(outsider), nil), want: WrongEpoch(1, 0)},
		{name: "add unregistered", call: hs(a, 1, "add", IDs(outsider), nil),
			want: Refused(ledger.ErrNotRegistered, "NotRegistered", outsider.ID.Hex()+" has not registered")},
		{name: "add member", call: hs(a, 1, "add", IDs(bb), nil),
			want: Refused(ledger.ErrAlreadyMember, "AlreadyMember", bb.ID.Hex()+" is already a member")},
		{name: "add twice", call: hs(a, 1, "add", IDs(c, c), nil),
			want: Refused(ledger.ErrAlreadyMember, "AlreadyMember", c.ID.Hex()+" is already a member")},
		// Only members governance expelled may be removed, and that is
		// checked before membership.
		{name: "remove a member not expelled", call: hs(a, 1, "remove", nil, IDs(bb)), want: notExpelled(bb)},
		{name: "remove itself", call: hs(a, 1, "leave", nil, IDs(a)), want: notExpelled(a)},
		{name: "remove registered non-member", call: hs(a, 1, "remove", nil, IDs(c)), want: notExpelled(c)},
		{name: "remove unregistered", call: hs(a, 1, "remove", nil, IDs(outsider)), want: notExpelled(outsider)},
		{name: "empty payload", call: hs(a, 1, "", nil, nil), want: Refused(invalid, "EmptyField", "handshake is empty")},
		{name: "empty payload, no signature (caps first)", call: edit(a.Handshake(t, host, 1, "", nil, nil), func(h *chainmsg.Handshake) { h.Sig = nil }),
			want: Refused(invalid, "EmptyField", "handshake is empty")},
		{name: "oversize payload", call: post(a.Handshake(t, host, 1, string(Ciphertext(65537, 1)), nil, nil)),
			want: Refused(invalid, "FieldTooLarge", "handshake has size 65537, limit 65536")},
		{name: "too many adds", call: hs(a, 1, "add", make([]common.Address, 65), nil),
			want: Refused(invalid, "FieldTooLarge", "adds has size 65, limit 64")},
		{name: "too many removes", call: hs(a, 1, "remove", nil, make([]common.Address, 65)),
			want: Refused(invalid, "FieldTooLarge", "removes has size 65, limit 64")},
		{name: "adds cap before removes cap", call: hs(a, 1, "x", make([]common.Address, 65), make([]common.Address, 65)),
			want: Refused(invalid, "FieldTooLarge", "adds has size 65")},
		{name: "high s", call: edit(a1, func(h *chainmsg.Handshake) { h.Sig = HighS(h.Sig) }), want: Refused(badSig, "BadSignature", "above n/2")},
		{name: "v = 26", call: edit(a1, func(h *chainmsg.Handshake) { h.Sig = slices.Clone(h.Sig); h.Sig[64] = 26 }),
			want: Refused(badSig, "BadSignature", "v is not 27 or 28")},
		{name: "no signature", call: edit(a1, func(h *chainmsg.Handshake) { h.Sig = nil }), want: Refused(badSig, "BadSignature", "not 65 bytes")},
		{name: "r = 0", call: edit(a1, func(h *chainmsg.Handshake) { h.Sig = slices.Clone(h.Sig); clear(h.Sig[:32]) }),
			want: Refused(badSig, "BadSignature", "no signer")},
		{name: "governance expels a", call: n.expel(a), after: n.wantState(1, a.ID, bb.ID)},
		{name: "the expelled member signs", call: hs(a, 1, "rotate", nil, nil), want: notMember(a)},
		{name: "remove twice", call: hs(bb, 1, "remove", nil, IDs(a, a)), want: Refused(ledger.ErrNotMember, "NotMember", a.ID.Hex())},
		// Removes apply first: removing and re-adding in one commit is a
		// re-admission.
		{name: "remove and re-add in one commit", call: hs(bb, 1, "churn", IDs(a), IDs(a)),
			want: Refused(ledger.ErrWasRemoved, "WasRemoved", a.ID.Hex()+" was removed from the group and may not rejoin")},
		// Members are kept as the contract keeps them: the last one moves
		// into a removed one's slot.
		{name: "b adds c and removes a", call: hs(bb, 1, "add c, remove a", IDs(c), IDs(a)), after: n.wantState(2, bb.ID, c.ID)},
		{name: "the removed member signs", call: hs(a, 2, "rotate", nil, nil), want: notMember(a)},
		{name: "c rotates", call: hs(c, 2, "rotate", nil, nil), after: n.wantState(3, bb.ID, c.ID)},
		{name: "removed identity is never re-added", call: hs(bb, 3, "re-add a", IDs(a), nil),
			want: Refused(ledger.ErrWasRemoved, "WasRemoved", a.ID.Hex()+" was removed from the group and may not rejoin")},
		{name: "removed identity cannot register again", call: func() (uint64, error) {
			return noID(host.Register(ctx, a.Registration(t, host)))
		}, want: Refused(ledger.ErrAlreadyRegistered, "AlreadyRegistered", a.ID.Hex())},
	})
}

func notExpelled(e *Enclave) Outcome {
	return Refused(ledger.ErrNotExpelled, "NotExpelled", e.ID.Hex()+" was not expelled by governance")
}

func testCommands(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	ctx, host := n.ctx, n.host
	a, bb, c, outsider := n.enclave(), n.enclave(), n.enclave(), n.enclave()
	n.found(a)
	n.register(bb)
	if err := host.PostHandshake(ctx, a.Handshake(t, host, 0, "welcome", IDs(bb), nil)); err != nil {
		t.Fatal(err)
	}
	n.register(c)
	const epoch = 1
	ct := Ciphertext(512, 7)
	post := func(batch chainmsg.CommandBatch) func() (uint64, error) {
		return func() (uint64, error) { return noID(host.PostCommands(ctx, batch)) }
	}
	edit := func(batch chainmsg.CommandBatch, f func(b *chainmsg.CommandBatch)) func() (uint64, error) {
		f(&batch)
		return post(batch)
	}
	invalid, badSig := ledger.ErrInvalidInput, ledger.ErrBadSignature
	unknown := Refused(badSig, "UnknownSigner", "which no enclave registered")
	first := bb.Batch(t, host, epoch, 0, ct, Ciphertext(100, 8))
	b1 := bb.Batch(t, host, epoch, 1, ct)
	full := Ciphertext(16384, 2)
	pending := bb.Batch(t, host, epoch, 3, ct)
	n.run(t, []step{
		{name: "b's first batch", call: post(first), after: n.wantSeq(bb, 1)},
		{name: "sequences are per enclave", call: post(a.Batch(t, host, epoch, 0, ct)), after: n.wantSeq(a, 1)},
		{name: "replay of the same signed batch", call: post(first), want: BadSequence(1, 0)},
		{name: "sequence gap", call: post(bb.Batch(t, host, epoch, 2, ct)), want: BadSequence(1, 2)},
		{name: "stale epoch", call: post(bb.Batch(t, host, 0, 1, ct)), want: WrongEpoch(1, 0)},
		{name: "future epoch", call: post(bb.Batch(t, host, 2, 1, ct)), want: WrongEpoch(1, 2)},
		{name: "wrong epoch and sequence (epoch first)", call: post(bb.Batch(t, host, 0, 9, ct)), want: WrongEpoch(1, 0)},
		{name: "ciphertext replaced after signing", call: edit(b1, func(b *chainmsg.CommandBatch) { b.Ciphertexts = [][]byte{Ciphertext(512, 9)} }), want: unknown},
		{name: "sequence changed after signing", call: edit(b1, func(b *chainmsg.CommandBatch) { b.Seq = 2 }), want: unknown},
		{name: "epoch changed after signing", call: edit(b1, func(b *chainmsg.CommandBatch) { b.Epoch = 2 }), want: unknown},
		{name: "unregistered signer", call: post(outsider.Batch(t, host, epoch, 0, ct)), want: unknown},
		{name: "registered non-member", call: post(c.Batch(t, host, epoch, 0, ct)),
			want: Refused(ledger.ErrNotMember, "NotMember", c.ID.Hex()+" is registered but not a member")},
		{name: "non-member at a wrong epoch (membership first)", call: post(c.Batch(t, host, 5, 0, ct)),
			want: Refused(ledger.ErrNotMember, "NotMember", c.ID.Hex())},
		{name: "high s", call: edit(b1, func(b *chainmsg.CommandBatch) { b.Sig = HighS(b.Sig) }), want: Refused(badSig, "BadSignature", "above n/2")},
		{name: "no signature", call: edit(b1, func(b *chainmsg.CommandBatch) { b.Sig = nil }), want: Refused(badSig, "BadSignature", "not 65 bytes")},
		{name: "empty batch", call: post(bb.Batch(t, host, epoch, 1)), want: Refused(invalid, "EmptyBatch", "command batch has no ciphertext")},
		{name: "empty batch, no signature (caps first)", call: edit(bb.Batch(t, host, epoch, 1), func(b *chainmsg.CommandBatch) { b.Sig = nil }),
			want: Refused(invalid, "EmptyBatch", "no ciphertext")},
		{name: "empty ciphertext", call: post(bb.Batch(t, host, epoch, 1, ct, nil)),
			want: Refused(invalid, "EmptyCiphertext", "ciphertext 1 is empty")},
		{name: "oversize ciphertext", call: post(bb.Batch(t, host, epoch, 1, Ciphertext(16385, 1))),
			want: Refused(invalid, "CiphertextTooLarge", "ciphertext 0 is 16385 bytes, limit 16384")},
		{name: "elements are checked in order", call: post(bb.Batch(t, host, epoch, 1, ct, Ciphertext(16385, 1), nil)),
			want: Refused(invalid, "CiphertextTooLarge", "ciphertext 1 is 16385 bytes")},
		{name: "too many ciphertexts", call: post(bb.Batch(t, host, epoch, 1, slices.Repeat([][]byte{{1}}, 257)...)),
			want: Refused(invalid, "TooManyCiphertexts", "batch has 257 ciphertexts, limit 256")},
		{name: "count before elements", call: post(bb.Batch(t, host, epoch, 1, slices.Repeat([][]byte{nil}, 257)...)),
			want: Refused(invalid, "TooManyCiphertexts", "batch has 257 ciphertexts")},
		{name: "batch over the byte cap", call: post(bb.Batch(t, host, epoch, 1, slices.Repeat([][]byte{full}, 7)...)),
			want: Refused(invalid, "BatchTooLarge", "batch carries 114688 bytes of ciphertext, limit 98304")},
		{name: "elements before the byte total", call: post(bb.Batch(t, host, epoch, 1, append(slices.Repeat([][]byte{full}, 7), nil)...)),
			want: Refused(invalid, "EmptyCiphertext", "ciphertext 7 is empty")},
		{name: "batch at the byte cap", call: post(bb.Batch(t, host, epoch, 1, slices.Repeat([][]byte{full}, 6)...)), after: n.wantSeq(bb, 2)},
		{name: "batch at the count cap", call: post(bb.Batch(t, host, epoch, 2, slices.Repeat([][]byte{{1}}, 256)...)), after: n.wantSeq(bb, 3)},
		// After a handshake the old epoch's signed batches are dead, and
		// sequences carry on: they do not reset at epoch changes.
		{name: "rotation", call: func() (uint64, error) {
			return noID(host.PostHandshake(ctx, a.Handshake(t, host, epoch, "rotate", nil, nil)))
		}, after: n.wantState(2, a.ID, bb.ID)},
		{name: "batch signed for the old epoch", call: post(pending), want: WrongEpoch(2, 1)},
		{name: "re-signed for the new epoch, same sequence", call: post(bb.Batch(t, host, 2, 3, ct)), after: n.wantSeq(bb, 4)},
		{name: "governance expels b", call: n.expel(bb), after: n.wantState(2, a.ID, bb.ID)},
		// Expelled, b is still listed until a handshake removes it, but
		// it may post nothing.
		{name: "expelled member's batch", call: post(bb.Batch(t, host, 2, 4, ct)),
			want: Refused(ledger.ErrNotMember, "NotMember", bb.ID.Hex()+" is registered but not a member")},
		{name: "a removes b", call: func() (uint64, error) {
			return noID(host.PostHandshake(ctx, a.Handshake(t, host, 2, "remove b", nil, IDs(bb))))
		}, after: n.wantState(3, a.ID)},
		{name: "removed member's batch", call: post(bb.Batch(t, host, 3, 4, ct)),
			want: Refused(ledger.ErrNotMember, "NotMember", bb.ID.Hex()+" is registered but not a member")},
	})
}

// testEvents runs a complete flow and checks every event with its fields,
// their (block, log index) order, and how Events resumes. Governance acts
// carry the approving governors' signatures, in approval order, which
// verify against the genesis as an enclave checks them.
func testEvents(t *testing.T, b Backend) {
	n := deploy(t, b, 2)
	ctx, host := n.ctx, n.host
	from := n.dep.DeployedAt()
	a, bb := n.enclave(), n.enclave()
	regA, regB := a.Registration(t, host), bb.Registration(t, host)
	cts := [][]byte{Ciphertext(512, 1), Ciphertext(33, 2)}
	calls := []func() error{
		func() error { return host.Register(ctx, regA) },
		func() error { _, err := n.gov[0].ProposeFounder(ctx, a.ID); return err },
		func() error { return n.gov[1].Approve(ctx, 1) },
		func() error { return host.Register(ctx, regB) },
		func() error { return host.PostHandshake(ctx, a.Handshake(t, host, 0, "welcome", IDs(bb), nil)) },
		func() error { return host.PostCommands(ctx, bb.Batch(t, host, 1, 0, cts...)) },
		func() error { _, err := n.gov[2].ProposePolicy(ctx, []byte("policy-v2")); return err },
		func() error { return n.gov[0].Approve(ctx, 2) },
		func() error { _, err := n.gov[1].ProposeExpel(ctx, bb.ID); return err },
		func() error { return n.gov[2].Approve(ctx, 3) },
	}
	for i, call := range calls {
		if err := call(); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	events, next := n.events(from)
	if head := n.head(); next != head+1 {
		t.Fatalf("nextBlock = %d, want head+1 = %d", next, head+1)
	}
	g := n.govAddr
	foundA := chainmsg.AddressPayload(a.ID)
	v2 := crypto.Keccak256Hash([]byte("policy-v2"))
	expelB := chainmsg.AddressPayload(bb.ID)
	foundSigs := [][]byte{n.sign(0, chainmsg.ActFounder, 0, foundA), n.sign(1, chainmsg.ActFounder, 0, foundA)}
	policySigs := [][]byte{n.sign(2, chainmsg.ActPolicy, 2, v2), n.sign(0, chainmsg.ActPolicy, 2, v2)}
	expelSigs := [][]byte{n.sign(1, chainmsg.ActExpel, 0, expelB), n.sign(2, chainmsg.ActExpel, 0, expelB)}
	want := []chainmsg.Event{
		{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 1, Policy: []byte(Policy), Sigs: [][]byte{}}},
		{Registered: &chainmsg.RegisteredEvent{Identity: a.ID, RequestKey: regA.RequestKey, KeyPackage: regA.KeyPackage, Evidence: regA.Evidence}},
		{Proposed: &chainmsg.ProposedEvent{ID: 1, Proposer: g[0], Kind: chainmsg.ProposalFounder, Policy: []byte{}, Target: a.ID, Nonce: 0}},
		{Approved: &chainmsg.ApprovedEvent{ID: 1, Governor: g[0], Approvals: 1}},
		{Approved: &chainmsg.ApprovedEvent{ID: 1, Governor: g[1], Approvals: 2}},
		{Founded: &chainmsg.FoundedEvent{Identity: a.ID, Nonce: 0, Sigs: foundSigs}},
		{Registered: &chainmsg.RegisteredEvent{Identity: bb.ID, RequestKey: regB.RequestKey, KeyPackage: regB.KeyPackage, Evidence: regB.Evidence}},
		{Handshake: &chainmsg.HandshakeEvent{Epoch: 0, Committer: a.ID, Payload: []byte("welcome"), Adds: IDs(bb), Removes: []common.Address{}}},
		{Commands: &chainmsg.CommandsEvent{Enclave: bb.ID, Epoch: 1, Seq: 0, Ciphertexts: cts}},
		{Proposed: &chainmsg.ProposedEvent{ID: 2, Proposer: g[2], Kind: chainmsg.ProposalPolicy, Policy: []byte("policy-v2"), Target: common.Address{}, Nonce: 2}},
		{Approved: &chainmsg.ApprovedEvent{ID: 2, Governor: g[2], Approvals: 1}},
		{Approved: &chainmsg.ApprovedEvent{ID: 2, Governor: g[0], Approvals: 2}},
		{PolicyChanged: &chainmsg.PolicyChangedEvent{Version: 2, Policy: []byte("policy-v2"), Sigs: policySigs}},
		{Proposed: &chainmsg.ProposedEvent{ID: 3, Proposer: g[1], Kind: chainmsg.ProposalExpel, Policy: []byte{}, Target: bb.ID, Nonce: 0}},
		{Approved: &chainmsg.ApprovedEvent{ID: 3, Governor: g[1], Approvals: 1}},
		{Approved: &chainmsg.ApprovedEvent{ID: 3, Governor: g[2], Approvals: 2}},
		{Expelled: &chainmsg.ExpelledEvent{Identity: bb.ID, Sigs: expelSigs}},
	}
	checkEvents(t, events, want)
	// What an enclave does with them: every act verifies against the
	// genesis the ledger reports, and only its own act.
	genesis, err := host.Genesis(ctx)
	if err != nil {
		t.Fatalf("Genesis: %v", err)
	}
	digest := func(act chainmsg.Act, nonce uint64, payload common.Hash) common.Hash {
		return chainmsg.GovernanceDigest(host.ChainID(), host.Contract(), act, nonce, payload)
	}
	for _, tc := range []struct {
		name   string
		digest common.Hash
		sigs   [][]byte
	}{
		{"Founded", digest(chainmsg.ActFounder, 0, foundA), events[5].Founded.Sigs},
		{"PolicyChanged", digest(chainmsg.ActPolicy, 2, v2), events[12].PolicyChanged.Sigs},
		{"Expelled", digest(chainmsg.ActExpel, 0, expelB), events[16].Expelled.Sigs},
	} {
		if err := genesis.VerifyApprovals(tc.digest, tc.sigs); err != nil {
			t.Errorf("%s: signatures do not verify against the genesis: %v", tc.name, err)
		}
		if err := genesis.VerifyApprovals(digest(chainmsg.ActExpel, 1, expelB), tc.sigs); err == nil {
			t.Errorf("%s: signatures verify for another act", tc.name)
		}
	}
	if err := genesis.VerifyApprovals(digest(chainmsg.ActFounder, 0, foundA), foundSigs[:1]); err == nil {
		t.Error("one signature of two verifies")
	}
	// Events of one transaction share a block and a hash; each call here
	// is one transaction, so the calls' events come in len(calls) groups
	// (plus the deployment's).
	txs := map[common.Hash]uint64{}
	for i, e := range events {
		if e.TxHash == (common.Hash{}) {
			t.Fatalf("event %d has no transaction hash", i)
		}
		if blk, ok := txs[e.TxHash]; ok && blk != e.Block {
			t.Fatalf("transaction %s has events in blocks %d and %d", e.TxHash, blk, e.Block)
		}
		txs[e.TxHash] = e.Block
		if i > 0 && !events[i-1].Position.Less(e.Position) {
			t.Fatalf("event %d at %+v is not after %+v", i, e.Position, events[i-1].Position)
		}
	}
	if len(txs) != len(calls)+1 {
		t.Fatalf("%d transactions in the log, want %d", len(txs), len(calls)+1)
	}
	// Resuming: nothing new at nextBlock, nothing beyond the head, and a
	// new call's events, only those, from nextBlock.
	if again, next2 := n.events(next); len(again) != 0 || next2 != next {
		t.Fatalf("Events(next) = %s, next %d; want none, %d", describeAll(again), next2, next)
	}
	if beyond, next3 := n.events(next + 5); len(beyond) != 0 || next3 != next+5 {
		t.Fatalf("Events(head+6) = %s, next %d; want none, %d", describeAll(beyond), next3, next+5)
	}
	if err := host.PostCommands(ctx, a.Batch(t, host, 1, 0, cts[0])); err != nil {
		t.Fatal(err)
	}
	more, _ := n.events(next)
	checkEvents(t, more, []chainmsg.Event{{Commands: &chainmsg.CommandsEvent{Enclave: a.ID, Epoch: 1, Seq: 0, Ciphertexts: cts[:1]}}})
	// A range that starts inside the log returns its tail: from the last
	// call's block, its Approved and Expelled events, then the batch.
	tail, _ := n.events(events[len(events)-1].Block)
	checkEvents(t, tail, append(want[len(want)-2:], more...))
}

// checkEvents compares events with want, ignoring positions and hashes.
// Empty byte strings and address lists are empty, not nil, as an ABI
// decoder returns them.
func checkEvents(t *testing.T, events, want []chainmsg.Event) {
	t.Helper()
	if len(events) != len(want) {
		t.Fatalf("got %d events:\n%s\nwant %d:\n%s", len(events), describeAll(events), len(want), describeAll(want))
	}
	for i := range events {
		got := events[i]
		got.Position, got.TxHash = chainmsg.Position{}, common.Hash{}
		w := want[i]
		w.Position, w.TxHash = chainmsg.Position{}, common.Hash{}
		if !reflect.DeepEqual(got, w) {
			t.Fatalf("event %d:\n got %s\nwant %s", i, describe(got), describe(w))
		}
	}
}

func describeAll(events []chainmsg.Event) string {
	var b bytes.Buffer
	for _, e := range events {
		fmt.Fprintf(&b, "  (%d,%d) %s\n", e.Block, e.Index, describe(e))
	}
	return b.String()
}

// describe renders an event, with nil and empty slices told apart.
func describe(e chainmsg.Event) string {
	switch {
	case e.Registered != nil:
		return fmt.Sprintf("Registered%#v", *e.Registered)
	case e.Handshake != nil:
		return fmt.Sprintf("Handshake%#v", *e.Handshake)
	case e.Commands != nil:
		return fmt.Sprintf("Commands{Enclave: %s, Epoch: %d, Seq: %d, %d ciphertexts}", e.Commands.Enclave, e.Commands.Epoch, e.Commands.Seq, len(e.Commands.Ciphertexts))
	case e.PolicyChanged != nil:
		return fmt.Sprintf("PolicyChanged%#v", *e.PolicyChanged)
	case e.Founded != nil:
		return fmt.Sprintf("Founded%#v", *e.Founded)
	case e.Expelled != nil:
		return fmt.Sprintf("Expelled%#v", *e.Expelled)
	case e.Auditor != nil:
		return fmt.Sprintf("AuditorChanged%#v", *e.Auditor)
	case e.Audit != nil:
		return fmt.Sprintf("Audit{Enclave: %s, Epoch: %d, Seq: %d, %d-byte header, %d records}", e.Audit.Enclave, e.Audit.Epoch, e.Audit.Seq, len(e.Audit.Header), len(e.Audit.Records))
	case e.Custodians != nil:
		return fmt.Sprintf("CustodiansChanged%#v", *e.Custodians)
	case e.Checkpoint != nil:
		c := e.Checkpoint
		return fmt.Sprintf("Checkpoint{Enclave: %s, Epoch: %d, %d-byte manifest %x…, Sig: %x}", c.Enclave, c.Epoch, len(c.Manifest), c.Manifest[:min(8, len(c.Manifest))], c.Sig)
	case e.Chunk != nil:
		c := e.Chunk
		return fmt.Sprintf("CheckpointChunk{Enclave: %s, Epoch: %d, Index: %d, %d-byte chunk %x…}", c.Enclave, c.Epoch, c.Index, len(c.Chunk), c.Chunk[:min(8, len(c.Chunk))])
	case e.Proposed != nil:
		return fmt.Sprintf("Proposed%#v", *e.Proposed)
	case e.Approved != nil:
		return fmt.Sprintf("Approved%#v", *e.Approved)
	}
	return "empty event"
}
