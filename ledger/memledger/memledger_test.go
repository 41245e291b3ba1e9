package memledger_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ledgertest"
	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// backend deploys each contract on a chain of its own. Host accounts need
// no funds here, so any keys do; they are drawn once, so that every
// deployment knows the same accounts, as on a real chain.
type backend struct{ keys []*ecdsa.PrivateKey }

func newBackend(t *testing.T) backend {
	var b backend
	for range 4 {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		b.keys = append(b.keys, k)
	}
	return b
}

func (b backend) Accounts() []*ecdsa.PrivateKey { return b.keys }

func (b backend) Deploy(t *testing.T, governors []common.Address, threshold uint64, policy []byte) (ledgertest.Deployment, error) {
	c, err := memledger.New(memledger.Config{Governors: governors, Threshold: threshold, Policy: policy})
	if err != nil {
		return nil, err
	}
	return deployment{b, c}, nil
}

type deployment struct {
	b backend
	c *memledger.Chain
}

// Account is a handle with the account's key, as ledger/ethereum's
// backend dials a driver with it.
func (d deployment) Account(t *testing.T, host common.Address) ledger.Ledger {
	for _, k := range d.b.keys {
		if crypto.PubkeyToAddress(k.PublicKey) == host {
			a := d.c.AccountKey(k)
			t.Cleanup(a.Close)
			return a
		}
	}
	t.Fatalf("no key for host account %s", host)
	return nil
}

// Relay is a keyless handle: relaying needs no key of one's own.
func (d deployment) Relay(t *testing.T, host common.Address) ledgertest.Relayer {
	a := d.c.Account(host)
	t.Cleanup(a.Close)
	return a
}

func (d deployment) DeployedAt() uint64 { return d.c.DeployedAt() }

func (d deployment) GenesisHash(t *testing.T) common.Hash { return d.c.GenesisHash() }

// TestConformance runs the contract's behaviour table; ledger/ethereum runs
// the same table against the compiled contract.
func TestConformance(t *testing.T) { ledgertest.Conformance(t, newBackend(t)) }

// TestCapsMatchContract reads the MAX_* constants from the Solidity source,
// so that a cap changed there and not here fails at once.
func TestCapsMatchContract(t *testing.T) {
	src, err := os.ReadFile("../../contracts/AnonifyLedger.sol")
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]int{
		"MAX_CIPHERTEXTS":        memledger.MaxCiphertexts,
		"MAX_CIPHERTEXT_BYTES":   memledger.MaxCiphertextBytes,
		"MAX_BATCH_BYTES":        memledger.MaxBatchBytes,
		"MAX_REQUEST_KEY_BYTES":  memledger.MaxRequestKeyBytes,
		"MAX_KEY_PACKAGE_BYTES":  memledger.MaxKeyPackageBytes,
		"MAX_EVIDENCE_BYTES":     memledger.MaxEvidenceBytes,
		"MAX_HANDSHAKE_BYTES":    memledger.MaxHandshakeBytes,
		"MAX_MEMBERSHIP_CHANGES": memledger.MaxMembershipChanges,
		"MAX_POLICY_BYTES":       memledger.MaxPolicyBytes,
		"MAX_GOVERNORS":          memledger.MaxGovernors,
		"MAX_SCOPE_BYTES":        memledger.MaxScopeBytes,
		"MAX_AUDITORS":           memledger.MaxAuditors,
		"MAX_AUDIT_HEADER_BYTES": memledger.MaxAuditHeaderBytes,
		"MAX_CUSTODIANS":         memledger.MaxCustodians,
		"MAX_MANIFEST_BYTES":     memledger.MaxManifestBytes,
		"MAX_CHUNK_BYTES":        memledger.MaxChunkBytes,
	}
	re := regexp.MustCompile(`uint256 public constant (MAX_[A-Z_]+) = (\d+);`)
	seen := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		name := m[1]
		v, _ := strconv.Atoi(m[2])
		want, ok := ours[name]
		if !ok {
			t.Errorf("the contract has %s = %d, memledger has no such cap", name, v)
			continue
		}
		if v != want {
			t.Errorf("%s: contract %d, memledger %d", name, v, want)
		}
		seen[name] = true
	}
	for name := range ours {
		if !seen[name] {
			t.Errorf("memledger has %s, the contract does not", name)
		}
	}
}

// net is a founded deployment: governor g (threshold 1), member a.
type net struct {
	chain *memledger.Chain
	gov   *memledger.Account
	host  *memledger.Account
	a     *ledgertest.Enclave
}

func newNet(t *testing.T) *net {
	t.Helper()
	g := ledgertest.NewEnclave(t) // a key; governors are no enclaves
	c, err := memledger.New(memledger.Config{Governors: []common.Address{g.ID}, Threshold: 1, Policy: []byte("p")})
	if err != nil {
		t.Fatal(err)
	}
	n := &net{chain: c, gov: c.AccountKey(g.Key), host: c.Account(common.Address{0x91}), a: ledgertest.NewEnclave(t)}
	if err := n.host.Register(t.Context(), n.a.Registration(t, n.host)); err != nil {
		t.Fatal(err)
	}
	if _, err := n.gov.ProposeFounder(t.Context(), n.a.ID); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBlocks(t *testing.T) {
	n := newNet(t)
	c, ctx := n.chain, t.Context()
	// Genesis 0, deployment 1, registration 2, founding 3.
	if c.DeployedAt() != 1 || c.Head() != 3 {
		t.Fatalf("deployed at %d, head %d; want 1, 3", c.DeployedAt(), c.Head())
	}
	// A refused call mines nothing.
	if err := n.host.PostCommands(ctx, n.a.Batch(t, n.host, 0, 5, []byte{1})); !errors.Is(err, ledger.ErrBadSequence) {
		t.Fatalf("PostCommands: %v", err)
	}
	if c.Head() != 3 {
		t.Fatalf("head %d after a refused call", c.Head())
	}
	// A successful one mines exactly one block, holding its events.
	if err := n.host.PostCommands(ctx, n.a.Batch(t, n.host, 0, 0, []byte{1})); err != nil {
		t.Fatal(err)
	}
	events, next := c.Events(4)
	if c.Head() != 4 || next != 5 || len(events) != 1 || events[0].Block != 4 || events[0].Index != 0 {
		t.Fatalf("head %d, next %d, events %+v", c.Head(), next, events)
	}
	if c.NextSeq(n.a.ID) != 1 || !c.Registered(n.a.ID) || c.WasRemoved(n.a.ID) {
		t.Fatalf("views: nextSeq %d registered %v wasRemoved %v", c.NextSeq(n.a.ID), c.Registered(n.a.ID), c.WasRemoved(n.a.ID))
	}
}

// TestCopies: nothing a caller holds aliases the chain's storage.
func TestCopies(t *testing.T) {
	n := newNet(t)
	ctx := t.Context()
	ct := []byte("ciphertext")
	b := n.a.Batch(t, n.host, 0, 0, ct)
	if err := n.host.PostCommands(ctx, b); err != nil {
		t.Fatal(err)
	}
	ct[0] = 'X' // the caller reuses its buffer
	events, _ := n.chain.Events(0)
	last := events[len(events)-1].Commands
	if string(last.Ciphertexts[0]) != "ciphertext" {
		t.Fatalf("the chain shares the caller's buffer: %q", last.Ciphertexts[0])
	}
	last.Ciphertexts[0][0] = 'Y' // the reader scribbles on what it got
	st := n.chain.State()
	st.Members[0] = common.Address{}
	again, _ := n.chain.Events(0)
	if string(again[len(again)-1].Commands.Ciphertexts[0]) != "ciphertext" || n.chain.State().Members[0] != n.a.ID {
		t.Fatal("a reader's copy aliases the chain")
	}
}

func TestClose(t *testing.T) {
	n := newNet(t)
	ctx := t.Context()
	other := n.chain.Account(common.Address{0x92})
	n.host.Close()
	if _, _, err := n.host.Events(ctx, 0); !errors.Is(err, memledger.ErrClosed) {
		t.Fatalf("Events after Close: %v", err)
	}
	if err := n.host.PostCommands(ctx, n.a.Batch(t, n.host, 0, 0, []byte{1})); !errors.Is(err, memledger.ErrClosed) {
		t.Fatalf("PostCommands after Close: %v", err)
	}
	if _, err := other.Head(ctx); err != nil {
		t.Fatalf("another handle after Close: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := other.State(cancelled); !errors.Is(err, context.Canceled) {
		t.Fatalf("State with a cancelled context: %v", err)
	}
}

// TestInterceptor shows the faults a test can stage between host and chain.
func TestInterceptor(t *testing.T) {
	lost := errors.New("receipt lost")
	tests := []struct {
		name      string
		intercept memledger.Interceptor
		want      error  // what the caller sees
		landed    uint64 // batches on the chain afterwards
	}{
		{"pass through", func(ctx context.Context, c memledger.Call, send func() error) error { return send() }, nil, 1},
		{"dropped", func(ctx context.Context, c memledger.Call, send func() error) error { return lost }, lost, 0},
		{"landed, receipt lost", func(ctx context.Context, c memledger.Call, send func() error) error {
			if err := send(); err != nil {
				return err
			}
			return lost
		}, lost, 1},
		{"sent twice, second receipt reported", func(ctx context.Context, c memledger.Call, send func() error) error {
			send()
			return send()
		}, ledger.ErrBadSequence, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newNet(t)
			var seen []memledger.Call
			h := n.host.WithInterceptor(func(ctx context.Context, c memledger.Call, send func() error) error {
				seen = append(seen, c)
				c.Commands.Seq = 99 // a copy: does not change what is sent
				return tc.intercept(ctx, c, send)
			})
			err := h.PostCommands(t.Context(), n.a.Batch(t, h, 0, 0, []byte{1}))
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("PostCommands: %v, want %v", err, tc.want)
			}
			if got := n.chain.NextSeq(n.a.ID); got != tc.landed {
				t.Fatalf("%d batches landed, want %d", got, tc.landed)
			}
			if len(seen) != 1 || seen[0].Method != "postCommands" || seen[0].From != h.Address() || seen[0].Commands == nil {
				t.Fatalf("interceptor saw %+v", seen)
			}
			// The original handle has no interceptor.
			if err := n.host.PostCommands(t.Context(), n.a.Batch(t, h, 0, tc.landed, []byte{2})); err != nil {
				t.Fatalf("PostCommands on the plain handle: %v", err)
			}
		})
	}
}

func TestEventFilter(t *testing.T) {
	n := newNet(t)
	dropCommands := n.host.WithEventFilter(func(evs []chainmsg.Event) []chainmsg.Event {
		var out []chainmsg.Event
		for _, e := range evs {
			if e.Commands == nil {
				out = append(out, e)
			}
		}
		return out
	})
	if err := n.host.PostCommands(t.Context(), n.a.Batch(t, n.host, 0, 0, []byte{1})); err != nil {
		t.Fatal(err)
	}
	all, next, _ := n.host.Events(t.Context(), 0)
	filtered, fnext, _ := dropCommands.Events(t.Context(), 0)
	if len(all) != len(filtered)+1 || next != fnext {
		t.Fatalf("plain handle: %d events (next %d), filtered: %d (next %d)", len(all), next, len(filtered), fnext)
	}
}

// TestConcurrentHosts: hosts race for one epoch; exactly one handshake
// wins and the others get *ledger.WrongEpochError. Run with -race.
func TestConcurrentHosts(t *testing.T) {
	n := newNet(t)
	ctx := t.Context()
	const hosts = 8
	var wg sync.WaitGroup
	errs := make([]error, hosts)
	for i := range hosts {
		h := n.chain.Account(common.Address{0xb0, byte(i)})
		hs := n.a.Handshake(t, h, 0, fmt.Sprintf("commit %d", i), nil, nil)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer h.Close()
			errs[i] = h.PostHandshake(ctx, hs)
			h.Events(ctx, 0)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		var we *ledger.WrongEpochError
		switch {
		case err == nil:
			won++
		case errors.As(err, &we) && we.Current == 1 && we.Got == 0:
		default:
			t.Errorf("handshake: %v", err)
		}
	}
	if won != 1 || n.chain.State().Epoch != 1 {
		t.Fatalf("%d handshakes won epoch 0; epoch now %d", won, n.chain.State().Epoch)
	}
}

// TestGovernanceKeys: a handle made by Account has no key: its governance
// calls fail before reaching the chain, while its Relay methods carry a
// governor's signature made elsewhere, since the contract takes authority
// from the signature alone.
func TestGovernanceKeys(t *testing.T) {
	n := newNet(t)
	ctx := t.Context()
	b := ledgertest.NewEnclave(t)
	if err := n.host.Register(ctx, b.Registration(t, n.host)); err != nil {
		t.Fatal(err)
	}
	head := n.chain.Head()
	calls := map[string]func() error{
		"ProposePolicy":  func() error { _, err := n.host.ProposePolicy(ctx, []byte("p2")); return err },
		"ProposeFounder": func() error { _, err := n.host.ProposeFounder(ctx, b.ID); return err },
		"ProposeExpel":   func() error { _, err := n.host.ProposeExpel(ctx, n.a.ID); return err },
		"Approve":        func() error { return n.host.Approve(ctx, 1) },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, memledger.ErrNoKey) {
			t.Errorf("%s on a keyless handle: %v, want ErrNoKey", name, err)
		}
	}
	if n.chain.Head() != head {
		t.Fatalf("keyless governance calls mined blocks: head %d, was %d", n.chain.Head(), head)
	}
	// The governor signs; the keyless host relays.
	payload := chainmsg.AddressPayload(n.a.ID)
	sig, err := chainmsg.Sign(n.chain.GovernanceDigest(chainmsg.ActExpel, 0, payload), n.gov.Key())
	if err != nil {
		t.Fatal(err)
	}
	if want := chainmsg.GovernanceDigest(n.chain.ChainID(), n.chain.Contract(), chainmsg.ActExpel, 0, payload); n.chain.GovernanceDigest(chainmsg.ActExpel, 0, payload) != want {
		t.Fatal("the contract's governance digest is not chainmsg's")
	}
	if _, err := n.host.RelayExpel(ctx, n.a.ID, sig); err != nil {
		t.Fatalf("RelayExpel: %v", err)
	}
	if !n.chain.Expelled(n.a.ID) || n.chain.LiveMembers() != 0 {
		t.Fatalf("expelled %v, live members %d", n.chain.Expelled(n.a.ID), n.chain.LiveMembers())
	}
	// Every member expelled: the governor founds again, founding 1.
	if _, err := n.gov.ProposeFounder(ctx, b.ID); err != nil {
		t.Fatalf("re-founding: %v", err)
	}
	if st := n.chain.State(); n.chain.Foundings() != 2 || !slices.Equal(st.Members, []common.Address{b.ID}) || !n.chain.WasRemoved(n.a.ID) {
		t.Fatalf("after re-founding: foundings %d, members %v, old founder removed %v", n.chain.Foundings(), st.Members, n.chain.WasRemoved(n.a.ID))
	}
}

// TestGovernanceRace: like ledger/ethereum.Driver, a handle reads what an
// act is for, signs, then sends; an act executed in between makes its
// signature one over a stale nonce, which the contract recovers to some
// other signer.
func TestGovernanceRace(t *testing.T) {
	n := newNet(t)
	ctx := t.Context()
	var seen []memledger.Call
	racer := n.gov.WithInterceptor(func(ctx context.Context, c memledger.Call, send func() error) error {
		seen = append(seen, c)
		// Another proposal takes version 2 first (threshold 1).
		if _, err := n.gov.ProposePolicy(ctx, []byte("p-other")); err != nil {
			return err
		}
		return send()
	})
	_, err := racer.ProposePolicy(ctx, []byte("p-mine"))
	if !errors.Is(err, ledger.ErrNotGovernor) {
		t.Fatalf("ProposePolicy signed for a version taken meanwhile: %v, want ErrNotGovernor", err)
	}
	if st := n.chain.State(); st.PolicyVersion != 2 || string(st.Policy) != "p-other" {
		t.Fatalf("policy v%d %q", st.PolicyVersion, st.Policy)
	}
	// The interceptor saw the call with the signature over version 2.
	d := n.chain.GovernanceDigest(chainmsg.ActPolicy, 2, crypto.Keccak256Hash([]byte("p-mine")))
	if len(seen) != 1 || seen[0].Method != "proposePolicy" || string(seen[0].Policy) != "p-mine" {
		t.Fatalf("interceptor saw %+v", seen)
	}
	if signer, err := chainmsg.Recover(d, seen[0].Sig); err != nil || signer != n.gov.Address() {
		t.Fatalf("the call's signature recovers to %s (%v), want the governor %s", signer, err, n.gov.Address())
	}
}
