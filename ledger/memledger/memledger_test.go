package memledger_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ledgertest"
	"github.com/anonify-go/anonify/ledger/memledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// backend deploys each contract on a chain of its own; host accounts need
// no funds here, so any addresses do.
type backend struct{}

func (backend) Accounts() []common.Address {
	return []common.Address{{0xa0}, {0xa1}, {0xa2}, {0xa3}}
}

func (backend) Deploy(t *testing.T, governors []common.Address, threshold uint64, policy []byte) (ledgertest.Deployment, error) {
	c, err := memledger.New(memledger.Config{Governors: governors, Threshold: threshold, Policy: policy})
	if err != nil {
		return nil, err
	}
	return deployment{c}, nil
}

type deployment struct{ c *memledger.Chain }

func (d deployment) Account(t *testing.T, host common.Address) ledger.Ledger {
	a := d.c.Account(host)
	t.Cleanup(a.Close)
	return a
}

func (d deployment) DeployedAt() uint64 { return d.c.DeployedAt() }

// TestConformance runs the contract's behaviour table; ledger/ethereum runs
// the same table against the compiled contract.
func TestConformance(t *testing.T) { ledgertest.Conformance(t, backend{}) }

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
	g := common.Address{0x90}
	c, err := memledger.New(memledger.Config{Governors: []common.Address{g}, Threshold: 1, Policy: []byte("p")})
	if err != nil {
		t.Fatal(err)
	}
	n := &net{chain: c, gov: c.Account(g), host: c.Account(common.Address{0x91}), a: ledgertest.NewEnclave(t)}
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
