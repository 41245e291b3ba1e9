package enclave

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// logRecorder keeps every log line (level, message, attributes).
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *logRecorder) WithGroup(string) slog.Handler            { return r }
func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	line := rec.Level.String() + " " + rec.Message
	rec.Attrs(func(a slog.Attr) bool {
		line += " " + a.String()
		return true
	})
	r.mu.Lock()
	r.lines = append(r.lines, line)
	r.mu.Unlock()
	return nil
}

// enclaveView is what applying events can change, for comparison.
type enclaveView struct {
	Status  Status
	Outbox  []common.Hash
	Pending []common.Hash
	Fates   []byte
	Audit   [][]byte
	Store   []byte
}

func viewOf(e *Enclave) enclaveView {
	e.mu.Lock()
	defer e.mu.Unlock()
	v := enclaveView{Status: e.status(), Fates: e.st.fates.marshal(), Audit: slices.Clone(e.st.audit.Pending)}
	if e.st.engine != nil {
		v.Store = e.st.engine.Store().Snapshot()
	}
	for _, o := range e.st.outbox {
		v.Outbox = append(v.Outbox, o.ID)
	}
	for _, p := range e.st.pending {
		if !p.done {
			v.Pending = append(v.Pending, p.id)
		}
	}
	return v
}

func sameView(t testing.TB, what string, a, b enclaveView) {
	t.Helper()
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			t.Fatalf("%s: %s differs:\n%+v\n%+v", what, va.Type().Field(i).Name, va.Field(i).Interface(), vb.Field(i).Interface())
		}
	}
}

// clone restores a copy of e from its sealed state, with workers workers
// and a log of its own.
func clone(t testing.TB, e *Enclave, blob []byte, workers int) (*Enclave, *logRecorder) {
	t.Helper()
	c, err := Restore(context.Background(), e.cfg, e.Identity(), blob)
	if err != nil {
		t.Fatal(err)
	}
	rec := &logRecorder{}
	c.workers, c.log = workers, slog.New(rec)
	return c, rec
}

// aheadUsed counts the results verified ahead in applyBoth's parallel
// copies, logged the lines they logged (level aside).
var (
	aheadUsed uint64
	logged    []string
)

// applyBoth applies evs to two copies of the state in blob, one verifying
// ahead with 4 workers and one sequential, and requires the same result:
// error, log lines (in order), status and state hash, outcomes, queue,
// fates, audit records and store.
func applyBoth(t testing.TB, e *Enclave, blob []byte, chunks ...[]chainmsg.Event) (enclaveView, []string) {
	t.Helper()
	par, parLog := clone(t, e, blob, 4)
	seq, seqLog := clone(t, e, blob, 1)
	for _, evs := range chunks {
		perr, serr := par.Apply(evs), seq.Apply(evs)
		if fmt.Sprint(perr) != fmt.Sprint(serr) {
			t.Fatalf("Apply: parallel %v, sequential %v", perr, serr)
		}
	}
	if seq.aheadUsed != 0 {
		t.Fatalf("%d results verified ahead with 1 worker", seq.aheadUsed)
	}
	aheadUsed += par.aheadUsed
	logged = append(logged, parLog.lines...)
	if !slices.Equal(parLog.lines, seqLog.lines) {
		t.Fatalf("log lines differ:\nparallel:\n  %s\nsequential:\n  %s", strings.Join(parLog.lines, "\n  "), strings.Join(seqLog.lines, "\n  "))
	}
	pv := viewOf(par)
	sameView(t, "parallel and sequential", pv, viewOf(seq))
	return pv, parLog.lines
}

// TestApplyAheadMatchesSequential runs a mixed ledger (full batches,
// rejected and replayed commands, garbage and forged ciphertexts, a
// request the fast decoder leaves to wire, a rotation with a batch of the
// old epoch ordered after it, an admission with its state transfer, an
// auditor, an expulsion and removal) and requires that verifying ahead
// changes nothing: at every step, for every live member, a copy applying
// with 4 workers and one applying sequentially end alike, and a member
// that was offline throughout catches up alike in one call or in chunks.
func TestApplyAheadMatchesSequential(t *testing.T) {
	n := setupNetwork(t, 3)
	lagging := n.encs[2]
	n.encs = n.encs[:2]
	lagBlob, err := lagging.Seal()
	if err != nil {
		t.Fatal(err)
	}
	start := len(n.log)
	steps := 0
	n.apply = func(e *Enclave, evs []chainmsg.Event) error {
		blob, err := e.Seal()
		if err != nil {
			t.Fatal(err)
		}
		want, _ := applyBoth(t, e, blob, evs)
		e.workers = 4
		if err := e.Apply(evs); err != nil {
			return err
		}
		// The live member itself ends like its copies, outcomes aside
		// (a restored copy holds none in flight).
		got := viewOf(e)
		got.Outbox, want.Outbox = nil, nil
		sameView(t, "live and copy", got, want)
		steps++
		return nil
	}
	to := func(u *user, amount int) string {
		return fmt.Sprintf(`{"to":%q,"amount":"%d"}`, u.addr().Hex(), amount)
	}
	alice, bob, carol, dave, late := newUser(t), newUser(t), newUser(t), newUser(t), newUser(t)
	n.command(alice, 0, "init", `{"supply":"1000"}`)
	n.command(alice, 0, "transfer", to(late, 50))
	n.command(alice, 1, "transfer", to(dave, 50))

	// A full batch, outcomes for node 1.
	for range 40 {
		sealed, _ := alice.request(t, n.encs[1], wire.KindCommand, "transfer", to(bob, 1))
		if _, err := n.encs[1].Submit(sealed); err != nil {
			t.Fatal(err)
		}
	}
	n.flush(n.encs[1])
	// Rejected, then replayed.
	n.command(carol, 0, "transfer", to(bob, 5))
	n.emit(chainmsg.Event{Commands: n.log[len(n.log)-1].Commands})

	// Garbage and forged messages among real commands, in one batch.
	epoch, secret := func() (uint64, []byte) {
		e := n.encs[0]
		e.mu.Lock()
		defer e.mu.Unlock()
		s, err := e.st.group.Secret(e.st.epoch)
		if err != nil {
			t.Fatal(err)
		}
		return e.st.epoch, bytes.Clone(s)
	}()
	seal := func(msg []byte) []byte {
		ct, err := sealCiphertext(secret, epoch, testChain, testContract, msg)
		if err != nil {
			t.Fatal(err)
		}
		return ct
	}
	request := func(s *wire.SignedRequest) []byte { return seal(append([]byte{msgRequest}, s.Marshal()...)) }
	var cts [][]byte
	for range 12 {
		cts = append(cts, request(dave.sign(t, "transfer", to(bob, 1)).signed))
	}
	junk := make([]byte, 600)
	rand.Read(junk)
	badTag := seal([]byte{msgRequest, 1, 2, 3})
	badTag[len(badTag)-1] ^= 1
	otherEpoch, err := sealCiphertext(secret, epoch+7, testChain, testContract, []byte{msgRequest})
	if err != nil {
		t.Fatal(err)
	}
	flipped := dave.sign(t, "transfer", to(bob, 1)).signed
	flipped.Sig[5] ^= 1
	highS := dave.sign(t, "transfer", to(bob, 1)).signed
	s := new(big.Int).Sub(crypto.S256().Params().N, new(big.Int).SetBytes(highS.Sig[32:64]))
	s.FillBytes(highS.Sig[32:64])
	highS.Sig[64] ^= 1
	query := func() *wire.SignedRequest {
		body := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindQuery, ChainID: testChain, Contract: testContract, From: dave.addr(),
			App: erc20abi.Name, Function: "balance", Args: json.RawMessage(`{}`), ReplyKey: bytes.Repeat([]byte{9}, 32)}
		raw, _ := wire.EncodeRequestBody(body)
		return signRaw(t, dave.key, raw)
	}()
	otherChain := func() *wire.SignedRequest {
		dave.counter++
		body := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: testChain + 1, Contract: testContract, From: dave.addr(),
			Counter: dave.counter, App: erc20abi.Name, Function: "transfer", Args: json.RawMessage(to(bob, 1)), ReplyKey: bytes.Repeat([]byte{9}, 32)}
		raw, _ := wire.EncodeRequestBody(body)
		// Signed for this network's digest, but tagged for another: the
		// tag check refuses it before any recovery.
		return signRaw(t, dave.key, raw)
	}()
	// Malformed bodies, signed: a trailing byte, and a truncated one.
	indented := func() *wire.SignedRequest {
		dave.counter++
		body := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: testChain, Contract: testContract,
			Counter: dave.counter, App: erc20abi.Name, Function: "transfer", Args: json.RawMessage(to(bob, 1)), ReplyKey: bytes.Repeat([]byte{9}, 32)}
		raw, _ := wire.EncodeRequestBody(body)
		return signRaw(t, dave.key, append(raw, 0))
	}()
	upper := func() *wire.SignedRequest {
		dave.counter++
		body := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: testChain, Contract: testContract,
			Counter: dave.counter, App: erc20abi.Name, Function: "transfer", Args: json.RawMessage(to(bob, 1)), ReplyKey: bytes.Repeat([]byte{9}, 32)}
		raw, _ := wire.EncodeRequestBody(body)
		return signRaw(t, dave.key, raw[:len(raw)-3])
	}()
	cts = slices.Insert(cts, 3, junk, badTag, otherEpoch, seal(nil), seal([]byte{0x09, 1}), seal([]byte{msgRequest, 0, 0}),
		request(flipped), request(highS), request(query), request(otherChain), request(indented), request(upper))
	n.emit(chainmsg.Event{Commands: &chainmsg.CommandsEvent{Enclave: common.Address{0xee}, Epoch: epoch, Ciphertexts: cts}})

	// A command whose outcome cannot be sealed: its reply key is a
	// low-order X25519 point.
	{
		carol.counter++
		body := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: testChain, Contract: testContract, From: carol.addr(),
			Counter: carol.counter, App: erc20abi.Name, Function: "transfer", Args: json.RawMessage(to(bob, 1)), ReplyKey: make([]byte, 32)}
		signed, err := wire.SignRequest(body, func(d []byte) ([]byte, error) { return crypto.Sign(d, carol.key) })
		if err != nil {
			t.Fatal(err)
		}
		sealed, err := wire.SealRequest(n.encs[0].Info().RequestKey, testChain, testContract, signed)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := n.encs[0].Submit(sealed); err != nil {
			t.Fatal(err)
		}
		sealed, _ = alice.request(t, n.encs[0], wire.KindCommand, "transfer", to(bob, 1))
		if _, err := n.encs[0].Submit(sealed); err != nil {
			t.Fatal(err)
		}
		n.flush(n.encs[0])
		if !slices.ContainsFunc(logged, func(l string) bool { return strings.Contains(l, "cannot seal outcome") }) {
			t.Fatal("no outcome failed to seal")
		}
	}

	// A batch of the old epoch, ordered after a rotation.
	for range 3 {
		sealed, _ := late.request(t, n.encs[0], wire.KindCommand, "transfer", to(alice, 1))
		if _, err := n.encs[0].Submit(sealed); err != nil {
			t.Fatal(err)
		}
	}
	old, err := n.encs[0].NextBatch(n.seq[n.encs[0].Identity()], 64)
	if err != nil || old == nil {
		t.Fatalf("NextBatch: %v, %v", old, err)
	}
	n.seq[n.encs[0].Identity()]++
	h, err := n.encs[1].Rotate()
	if err != nil {
		t.Fatal(err)
	}
	n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: h.Epoch, Committer: n.encs[1].Identity(), Payload: h.Payload}},
		chainmsg.Event{Commands: &chainmsg.CommandsEvent{Enclave: n.encs[0].Identity(), Epoch: old.Epoch, Seq: old.Seq, Ciphertexts: old.Ciphertexts}})
	n.command(bob, 1, "transfer", to(carol, 3))

	// An auditor, then an admission with its state transfer.
	_, pub := newAuditor(t)
	n.emit(appointed(t, 1, pub, "erc20"))
	n.command(alice, 0, "transfer", to(carol, 2))
	joiner := newTestEnclave(t, testMeasure)
	if err := joiner.Apply(n.log); err != nil {
		t.Fatal(err)
	}
	n.encs = append(n.encs, joiner)
	n.emit(register(t, joiner))
	add, err := n.encs[0].Admit(joiner.Identity())
	if err != nil {
		t.Fatal(err)
	}
	n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: add.Epoch, Committer: n.encs[0].Identity(), Payload: add.Payload, Adds: add.Adds}})
	n.flush(n.encs[0])
	if !joiner.Status().Joined {
		t.Fatal("the joiner did not join")
	}
	for range 20 {
		sealed, _ := bob.request(t, joiner, wire.KindCommand, "transfer", to(alice, 1))
		if _, err := joiner.Submit(sealed); err != nil {
			t.Fatal(err)
		}
	}
	n.flush(joiner)

	// An expulsion and removal, then more commands.
	n.emit(expelled(t, n.encs[1].Identity()))
	rm, err := n.encs[0].Remove(n.encs[1].Identity())
	if err != nil {
		t.Fatal(err)
	}
	n.handshake(n.encs[0], rm)
	n.encs = slices.Delete(n.encs, 1, 2)
	n.command(carol, 1, "transfer", to(alice, 1))
	n.command(alice, 0, "transfer", to(bob, 1))
	if steps == 0 || aheadUsed == 0 {
		t.Fatalf("%d steps compared, %d results verified ahead", steps, aheadUsed)
	}

	// The lagging member catches up on all of it: in one call, in chunks
	// (handshakes at every place in a chunk), and one event at a time.
	events := n.log[start:]
	want := n.encs[0].Status()
	for _, size := range []int{len(events), 7, 3, 1} {
		var chunks [][]chainmsg.Event
		for evs := events; len(evs) > 0; {
			k := min(size, len(evs))
			chunks, evs = append(chunks, evs[:k]), evs[k:]
		}
		aheadUsed = 0
		got, logs := applyBoth(t, lagging, lagBlob, chunks...)
		if aheadUsed < 50 {
			t.Fatalf("chunks of %d: only %d results verified ahead", size, aheadUsed)
		}
		t.Logf("chunks of %d: %d ciphertexts verified ahead", size, aheadUsed)
		for _, line := range []string{"skipping ciphertext", "malformed ordered request", "ordered request does not verify",
			"unknown message type", "no secret for batch epoch"} {
			if !slices.ContainsFunc(logs, func(l string) bool { return strings.Contains(l, line) }) {
				t.Fatalf("no %q in the lagging member's log:\n  %s", line, strings.Join(logs, "\n  "))
			}
		}
		if got.Status.StateHash != want.StateHash || got.Status.AppliedCommands != want.AppliedCommands || got.Status.Epoch != want.Epoch {
			t.Fatalf("chunks of %d: the lagging member ends at %+v, the network at %+v", size, got.Status, want)
		}
	}
}

// TestVerifyFastMatchesWire: the fast verifier accepts what Verify
// accepts, with the same body, and returns Verify's own error otherwise.
func TestVerifyFastMatchesWire(t *testing.T) {
	u, other := newUser(t), newUser(t)
	h := newReqHasher()
	cases := map[string]func(*wire.SignedRequest){
		"valid":       func(*wire.SignedRequest) {},
		"flipped sig": func(r *wire.SignedRequest) { r.Sig[9] ^= 1 },
		"v=2":         func(r *wire.SignedRequest) { r.Sig[64] = 2 },
		"v flipped":   func(r *wire.SignedRequest) { r.Sig[64] ^= 1 },
		"r=0":         func(r *wire.SignedRequest) { clear(r.Sig[:32]) },
		"s=0":         func(r *wire.SignedRequest) { clear(r.Sig[32:64]) },
		"r=N":         func(r *wire.SignedRequest) { crypto.S256().Params().N.FillBytes(r.Sig[:32]) },
		"high s": func(r *wire.SignedRequest) {
			s := new(big.Int).Sub(crypto.S256().Params().N, new(big.Int).SetBytes(r.Sig[32:64]))
			s.FillBytes(r.Sig[32:64])
			r.Sig[64] ^= 1
		},
		"short sig":    func(r *wire.SignedRequest) { r.Sig = r.Sig[:64] },
		"other signer": func(r *wire.SignedRequest) { *r = *signRaw(t, other.key, r.Body) },
		"body changed": func(r *wire.SignedRequest) {
			r.Body = bytes.Replace(r.Body, []byte(`"amount":"1"`), []byte(`"amount":"2"`), 1)
		},
		"other network's tag": func(r *wire.SignedRequest) {
			b := bytes.Clone(r.Body)
			b[3] ^= 1
			*r = *signRaw(t, u.key, b)
		},
		"version 1 (JSON)": func(r *wire.SignedRequest) { *r = *signRaw(t, u.key, []byte(`{"v":1}`)) },
		"trailing byte":    func(r *wire.SignedRequest) { *r = *signRaw(t, u.key, append(bytes.Clone(r.Body), 0)) },
	}
	for name, mutate := range cases {
		r := u.sign(t, "transfer", `{"to":"0x000000000000000000000000000000000000000a","amount":"1"}`).signed
		mutate(r)
		want, werr := r.Verify(testChain, testContract)
		got, gerr := h.verifyRequest(r, nil, testChain, testContract)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: fast %+v %v, wire %+v %v", name, got, gerr, want, werr)
		}
		if fast := h.verifyFast(r, nil, testChain, testContract); (fast != nil) != (werr == nil) {
			t.Errorf("%s: verifyFast %v, Verify %v", name, fast != nil, werr)
		}
		if id := h.requestID(r.Body); id != wire.RequestID(r.Body) {
			t.Errorf("%s: request id %s, wire %s", name, id.Hex(), wire.RequestID(r.Body).Hex())
		}
	}
}
