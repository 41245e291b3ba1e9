package enclave

import (
	"bytes"
	"context"
	"crypto/hpke"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// sentCommand is a command as its client keeps it: the signed request (to
// seal again, to any enclave) and the reply key its outcome is sealed to.
type sentCommand struct {
	signed  *wire.SignedRequest
	reply   hpke.PrivateKey
	id      common.Hash
	counter uint64
}

// sign builds u's next command without sending it.
func (u *user) sign(t testing.TB, fn, args string) *sentCommand {
	t.Helper()
	rk, err := wire.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	u.counter++
	body := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: testChain, Contract: testContract, From: u.addr(),
		Counter: u.counter, App: erc20abi.Name, Function: fn, Args: json.RawMessage(args), ReplyKey: rk.PublicKey().Bytes()}
	signed, err := wire.SignRequest(body, func(d []byte) ([]byte, error) { return crypto.Sign(d, u.key) })
	if err != nil {
		t.Fatal(err)
	}
	return &sentCommand{signed: signed, reply: rk, id: wire.RequestID(signed.Body), counter: u.counter}
}

// to seals the command to e (each sealing is fresh: the host cannot tell
// a re-send by its bytes).
func (c *sentCommand) to(t testing.TB, e *Enclave) []byte {
	t.Helper()
	sealed, err := wire.SealRequest(e.Info().RequestKey, testChain, testContract, c.signed)
	if err != nil {
		t.Fatal(err)
	}
	return sealed
}

// outcome takes c's outcome from e's outbox, and says whether it was
// sealed as the outcome of an ordered command or as a refusal.
func (c *sentCommand) outcome(t testing.TB, e *Enclave) (out wire.Outcome, ordered, found bool) {
	t.Helper()
	for _, o := range e.TakeOutcomes() {
		if o.ID != c.id {
			continue
		}
		pt, err := wire.OpenOutcome(c.reply, c.id, o.Sealed)
		ordered = err == nil
		if !ordered {
			if pt, err = wire.OpenRefusal(c.reply, c.id, o.Sealed); err != nil {
				t.Fatalf("outcome opens neither as an outcome nor as a refusal: %v", err)
			}
		}
		if err := json.Unmarshal(pt, &out); err != nil {
			t.Fatal(err)
		}
		return out, ordered, true
	}
	return wire.Outcome{}, false, false
}

// fateQuery seals u's fate query for id to e.
func (u *user) fateQuery(t testing.TB, e *Enclave, args string) ([]byte, hpke.PrivateKey, common.Hash) {
	t.Helper()
	rk, err := wire.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	body := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindQuery, ChainID: testChain, Contract: testContract, From: u.addr(),
		App: wire.SystemApp, Function: wire.FateQuery, Args: json.RawMessage(args), ReplyKey: rk.PublicKey().Bytes()}
	signed, err := wire.SignRequest(body, func(d []byte) ([]byte, error) { return crypto.Sign(d, u.key) })
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := wire.SealRequest(e.Info().RequestKey, testChain, testContract, signed)
	if err != nil {
		t.Fatal(err)
	}
	return sealed, rk, wire.RequestID(signed.Body)
}

// fate asks enclave at for the fate of id as u; it returns the answer and
// the sealed answer's length (what the host sees).
func (n *network) fate(u *user, at int, id common.Hash) (wire.Fate, int) {
	n.t.Helper()
	sealed, rk, qid := u.fateQuery(n.t, n.encs[at], fmt.Sprintf(`{"id":%q}`, id.Hex()))
	res, err := n.encs[at].Submit(sealed)
	if err != nil {
		n.t.Fatalf("fate query: %v", err)
	}
	pt, err := wire.OpenAnswer(rk, qid, res.Answer)
	if err != nil {
		n.t.Fatal(err)
	}
	var ans wire.Answer
	var f wire.Fate
	if err := json.Unmarshal(pt, &ans); err != nil || !ans.OK || json.Unmarshal(ans.Result, &f) != nil {
		n.t.Fatalf("fate answer %s: %v", pt, err)
	}
	return f, len(res.Answer)
}

// TestResendIsIdempotent: the same signed request sent again, to the same
// enclave or another, before or after it is ordered, and after the
// enclave restarts from its sealed state, is applied once and answers
// with the outcome it got the first time.
func TestResendIsIdempotent(t *testing.T) {
	n := setupNetwork(t, 2)
	alice, bob := newUser(t), newUser(t)
	n.command(alice, 0, "init", `{"supply":"100"}`)
	e0, e1 := n.encs[0], n.encs[1]
	c := alice.sign(t, "transfer", fmt.Sprintf(`{"to":%q,"amount":"10"}`, bob.addr().Hex()))

	// Before ordering: twice to e0 (a client retrying), once to e1 (a
	// client that lost e0). Each is accepted under the same id; e0 queues
	// one copy.
	for _, e := range []*Enclave{e0, e0, e1} {
		res, err := e.Submit(c.to(t, e))
		if err != nil || res.ID != c.id {
			t.Fatalf("submit: %+v %v", res, err)
		}
	}
	if p := e0.Status().Pending; p != 1 {
		t.Fatalf("e0 queued %d copies", p)
	}
	n.flush(e0)
	first, ordered, ok := c.outcome(t, e0)
	if !ok || !ordered || !first.OK || first.TxHash != (common.Hash{}) && first.Block == 0 {
		t.Fatalf("first outcome %+v ordered %v found %v", first, ordered, ok)
	}
	// e1's copy was settled by e0's ordering: e1 answers its client too,
	// and posts nothing.
	if o, _, ok := c.outcome(t, e1); !ok || o != first {
		t.Fatalf("e1's outcome %+v, want %+v", o, first)
	}
	if b, err := e1.NextBatch(n.seq[e1.Identity()], 64); err != nil || b != nil {
		t.Fatalf("e1 still posts the command: %+v %v", b, err)
	}
	hash := e0.Status().StateHash

	// After ordering, on both enclaves: the recorded outcome, not a
	// refusal for the used counter.
	for _, e := range []*Enclave{e0, e1} {
		res, err := e.Submit(c.to(t, e))
		if err != nil || res.ID != c.id {
			t.Fatalf("re-send after ordering: %+v %v", res, err)
		}
		if o, ordered, ok := c.outcome(t, e); !ok || !ordered || o != first {
			t.Fatalf("re-send answered %+v (ordered %v, found %v), want %+v", o, ordered, ok, first)
		}
	}
	// And after a restart from the sealed state.
	blob, err := e1.Seal()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Restore(context.Background(), e1.cfg, e1.Identity(), blob)
	if err != nil {
		t.Fatal(err)
	}
	n.encs[1] = r
	if _, err := r.Submit(c.to(t, r)); err != nil {
		t.Fatalf("re-send after restart: %v", err)
	}
	if o, _, ok := c.outcome(t, r); !ok || o != first {
		t.Fatalf("restored enclave answered %+v, want %+v", o, first)
	}
	n.flush(e0)
	n.flush(r)
	for i := range n.encs {
		if got := n.query(bob, i, "balance", `{}`); got != "10" {
			t.Fatalf("node %d: bob has %s after re-sends, want 10", i, got)
		}
		if s := n.encs[i].Status(); s.StateHash != hash || s.Pending != 0 {
			t.Fatalf("node %d: re-sends changed the state: %+v", i, s)
		}
	}
}

// TestResendOrderedTwice: a host that posts a copy of an ordered command
// (it holds the ciphertext) gets it rejected for its counter; the
// command's fate stays the first outcome.
func TestResendOrderedTwice(t *testing.T) {
	n := setupNetwork(t, 2)
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"5"}`)
	c := alice.sign(t, "burn", `{"amount":"1"}`)
	if _, err := n.encs[0].Submit(c.to(t, n.encs[0])); err != nil {
		t.Fatal(err)
	}
	n.flush(n.encs[0])
	n.emit(chainmsg.Event{Commands: n.log[len(n.log)-1].Commands}) // the same batch again
	for i := range n.encs {
		f, _ := n.fate(alice, i, c.id)
		if f.Status != wire.FateApplied || f.Counter != c.counter {
			t.Fatalf("node %d: fate after a replayed batch %+v", i, f)
		}
	}
}

// TestFateQuery: every status a fate can have, on the enclave that took
// the command and on the others, including a member that joined after the
// command (it never saw it: unknown, and it does not claim "never").
func TestFateQuery(t *testing.T) {
	n := setupNetwork(t, 2)
	alice, bob := newUser(t), newUser(t)
	n.command(alice, 0, "init", `{"supply":"5"}`)
	e0, e1 := n.encs[0], n.encs[1]

	applied := alice.sign(t, "burn", `{"amount":"1"}`)
	if _, err := e0.Submit(applied.to(t, e0)); err != nil {
		t.Fatal(err)
	}
	// Queued at e0, not yet ordered: e1 has never seen it.
	f, _ := n.fate(alice, 0, applied.id)
	if f.Status != wire.FateQueued || f.Counter != applied.counter {
		t.Fatalf("queued command: %+v", f)
	}
	f, _ = n.fate(alice, 1, applied.id)
	if f.Status != wire.FateUnknown || f.Never(applied.counter) {
		t.Fatalf("a command not ordered yet, seen elsewhere: %+v (never %v)", f, f.Never(applied.counter))
	}
	n.flush(e0)
	out, _, _ := applied.outcome(t, e0)
	for i := range n.encs {
		f, _ := n.fate(alice, i, applied.id)
		want := wire.Fate{ID: applied.id, Status: wire.FateApplied, Counter: 2, Ordered: true, Block: out.Block, Epoch: out.Epoch,
			TxHash: out.TxHash, Ciphertext: out.Ciphertext, Account: 2}
		if f != want {
			t.Fatalf("node %d: applied fate %+v, want %+v", i, f, want)
		}
		if *f.Outcome() != out {
			t.Fatalf("node %d: the fate's outcome %+v is not the outcome %+v", i, f.Outcome(), out)
		}
	}

	rejected := alice.sign(t, "burn", `{"amount":"99"}`)
	if _, err := e1.Submit(rejected.to(t, e1)); err != nil {
		t.Fatal(err)
	}
	n.flush(e1)
	for i := range n.encs {
		f, _ := n.fate(alice, i, rejected.id)
		if f.Status != wire.FateRejected || !strings.HasPrefix(f.Error, "insufficient balance") || !f.Ordered {
			t.Fatalf("node %d: rejected fate %+v", i, f)
		}
	}

	// Two commands with one counter, to two enclaves: the one ordered
	// first applies; the other is unknown until its enclave orders it,
	// and its counter is used, so it can never apply ("never").
	first := alice.sign(t, "burn", `{"amount":"1"}`)
	alice.counter-- // the same counter again, in another command
	second := alice.sign(t, "burn", `{"amount":"2"}`)
	if _, err := e0.Submit(first.to(t, e0)); err != nil {
		t.Fatal(err)
	}
	if _, err := e1.Submit(second.to(t, e1)); err != nil {
		t.Fatal(err)
	}
	n.flush(e0)
	f, _ = n.fate(alice, 0, second.id)
	if f.Status != wire.FateUnknown || !f.Never(second.counter) {
		t.Fatalf("a command whose counter another used: %+v (never %v)", f, f.Never(second.counter))
	}
	n.flush(e1)
	f, _ = n.fate(alice, 0, second.id)
	if f.Status != wire.FateRejected || f.Error != fmt.Sprintf("bad counter: got %d, last applied is %d", second.counter, first.counter) {
		t.Fatalf("the second copy ordered: %+v", f)
	}

	// An id the enclave never saw: unknown, not yet "never".
	f, _ = n.fate(alice, 0, common.Hash{7})
	if f.Status != wire.FateUnknown || f.Never(alice.counter+1) || f.Account != alice.counter {
		t.Fatalf("unknown id: %+v", f)
	}

	// A member admitted now never saw these commands: it says unknown
	// and does not pretend to know they never ran.
	late := newTestEnclave(t, testMeasure)
	if err := late.Apply(n.log); err != nil {
		t.Fatal(err)
	}
	n.encs = append(n.encs, late)
	n.emit(register(t, late))
	h, err := e0.Admit(late.Identity())
	if err != nil {
		t.Fatal(err)
	}
	n.emit(chainmsg.Event{Handshake: &chainmsg.HandshakeEvent{Epoch: h.Epoch, Committer: e0.Identity(), Payload: h.Payload, Adds: h.Adds}})
	n.flush(e0)
	f, _ = n.fate(alice, 2, applied.id)
	if f.Status != wire.FateUnknown || f.Never(applied.counter) || f.Account != alice.counter {
		t.Fatalf("late member on an older command: %+v", f)
	}
	// It remembers what it applies itself.
	later := n.command(bob, 2, "burn", `{"amount":"1"}`)
	if f, _ := n.fate(bob, 2, later.ID); f.Status != wire.FateRejected || f.Error == "" {
		t.Fatalf("late member on its own command: %+v", f)
	}
}

// TestHostileFateQuery: a host (or another user) that tries to learn a
// command's fate, or to make one up, through the fate query or by
// re-sending requests.
func TestHostileFateQuery(t *testing.T) {
	n := setupNetwork(t, 2)
	alice, mallory, bob := newUser(t), newUser(t), newUser(t)
	n.command(alice, 0, "init", `{"supply":"5"}`)
	e := n.encs[0]
	c := alice.sign(t, "transfer", fmt.Sprintf(`{"to":%q,"amount":"3"}`, bob.addr().Hex()))
	if _, err := e.Submit(c.to(t, e)); err != nil {
		t.Fatal(err)
	}
	n.flush(e)
	c.outcome(t, e)

	// Another signer asking for alice's command learns what it would for
	// an id nobody sent: unknown, with its own counters.
	theirs, _ := n.fate(mallory, 0, c.id)
	nobodys, _ := n.fate(mallory, 0, common.Hash{9})
	theirs.ID = nobodys.ID
	if theirs != nobodys || theirs.Status != wire.FateUnknown || theirs.Account != 0 {
		t.Fatalf("another user's command %+v, an unknown id %+v", theirs, nobodys)
	}

	// The host sees one size whatever the answer: applied, rejected,
	// queued or unknown.
	rejected := alice.sign(t, "burn", `{"amount":"99"}`)
	e.Submit(rejected.to(t, e))
	n.flush(e)
	e.TakeOutcomes()
	queued := alice.sign(t, "burn", `{"amount":"1"}`)
	e.Submit(queued.to(t, e))
	sizes := map[int][]string{}
	for name, id := range map[string]common.Hash{"applied": c.id, "rejected": rejected.id, "queued": queued.id, "unknown": {1}} {
		f, size := n.fate(alice, 0, id)
		if f.Status != name {
			t.Fatalf("%s: %+v", name, f)
		}
		sizes[size] = append(sizes[size], name)
	}
	if len(sizes) != 1 {
		t.Fatalf("fate answers differ in size: %v", sizes)
	}

	// The host holds alice's sealed query: it cannot open the answer, and
	// a replay is answered sealed to alice again.
	q, rk, qid := alice.fateQuery(t, e, fmt.Sprintf(`{"id":%q}`, c.id.Hex()))
	res, err := e.Submit(q)
	if err != nil {
		t.Fatal(err)
	}
	hostKey, _ := wire.GenerateKey()
	if _, err := wire.OpenAnswer(hostKey, qid, res.Answer); !errors.Is(err, wire.ErrSealed) {
		t.Fatalf("the host opened the answer: %v", err)
	}
	again, err := e.Submit(q)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wire.OpenAnswer(rk, qid, again.Answer); err != nil || len(again.Answer) != len(res.Answer) {
		t.Fatalf("replayed query: %v", err)
	}

	// Alice's query signed by mallory is mallory's query: the sender is
	// whoever signed (the body names nobody), and mallory learns nothing
	// of alice's command: an id nobody sent, for her.
	frk, _ := wire.GenerateKey()
	fraw := encodeBody(&wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindQuery, ChainID: testChain, Contract: testContract,
		App: wire.SystemApp, Function: wire.FateQuery, Args: json.RawMessage(fmt.Sprintf(`{"id":%q}`, c.id.Hex())), ReplyKey: frk.PublicKey().Bytes()})
	fres, err := e.Submit(sealRaw(t, e, wire.Pad(signRaw(t, mallory.key, fraw).Marshal(), wire.PadMinClass)))
	if err != nil {
		t.Fatalf("mallory's fate query: %v", err)
	}
	fpt, err := wire.OpenAnswer(frk, wire.RequestID(fraw), fres.Answer)
	if err != nil {
		t.Fatal(err)
	}
	var fans wire.Answer
	var ff wire.Fate
	if json.Unmarshal(fpt, &fans) != nil || json.Unmarshal(fans.Result, &ff) != nil || ff.Status != wire.FateUnknown || ff.Account != 0 {
		t.Fatalf("mallory learns alice's command: %s", fpt)
	}
	tampered := bytes.Clone(q)
	tampered[len(tampered)-1] ^= 1
	if _, err := e.Submit(tampered); !errors.Is(err, wire.ErrSealed) {
		t.Fatalf("tampered fate query: %v", err)
	}
	// Malformed arguments fail inside the sealed answer, not to the host.
	q, rk, qid = alice.fateQuery(t, e, `{"id":"0x01","extra":1}`)
	res, err = e.Submit(q)
	if err != nil {
		t.Fatalf("bad arguments reached the host: %v", err)
	}
	pt, _ := wire.OpenAnswer(rk, qid, res.Answer)
	var ans wire.Answer
	if json.Unmarshal(pt, &ans); ans.OK {
		t.Fatalf("bad arguments answered %s", pt)
	}

	// The host re-sends alice's ordered command (it kept the sealed
	// bytes): the command does not run again, and what comes back is
	// sealed to alice.
	before := e.Status()
	if _, err := e.Submit(c.to(t, e)); err != nil {
		t.Fatal(err)
	}
	outs := e.TakeOutcomes()
	if len(outs) != 1 || outs[0].ID != c.id {
		t.Fatalf("outbox after a re-send holds %d outcomes", len(outs))
	}
	if _, err := wire.OpenOutcome(hostKey, c.id, outs[0].Sealed); !errors.Is(err, wire.ErrSealed) {
		t.Fatalf("the host opened the re-sent outcome: %v", err)
	}
	n.flush(e)
	// Only the queued burn went out; the re-send added nothing.
	if last := n.log[len(n.log)-1].Commands; last == nil || len(last.Ciphertexts) != 1 {
		t.Fatalf("the batch after a re-send: %+v", last)
	}
	if after := e.Status(); after.AppliedCommands != before.AppliedCommands+1 {
		t.Fatalf("applied %d commands, want %d", after.AppliedCommands, before.AppliedCommands+1)
	}
	for u, want := range map[*user]string{alice: "1", bob: "3"} {
		if got := n.query(u, 1, "balance", `{}`); got != want {
			t.Fatalf("balance %s, want %s", got, want)
		}
	}

	// Events a host forges cannot make up a fate: a batch of garbage
	// under a real epoch changes no answer.
	n.feed(n.encs, chainmsg.Event{Commands: &chainmsg.CommandsEvent{Enclave: e.Identity(), Epoch: e.Status().Epoch, Seq: 99,
		Ciphertexts: [][]byte{bytes.Repeat([]byte{1}, 600)}}})
	if f, _ := n.fate(alice, 0, common.Hash{1}); f.Status != wire.FateUnknown {
		t.Fatalf("a forged batch made a fate: %+v", f)
	}
}

// TestFateBookBounds: the book keeps maxFates outcomes; as old ones go,
// the sender's floor rises past them so that no answer claims "never" for
// a command that was forgotten, and a sender with nothing left in the
// book has its current counter as floor.
func TestFateBookBounds(t *testing.T) {
	b := newFateBook()
	a, c := common.Address{0xa}, common.Address{0xc}
	b.record(&fate{id: common.Hash{0xc}, from: c, counter: 4, ordered: true}, 3)
	for i := range maxFates {
		b.record(&fate{id: common.Hash{0xa, byte(i >> 8), byte(i)}, from: a, counter: uint64(i + 1), ordered: true, ok: true}, uint64(i))
	}
	if b.len() != maxFates || b.byID[common.Hash{0xc}] != nil {
		t.Fatalf("book holds %d; c's command still there: %v", b.len(), b.byID[common.Hash{0xc}] != nil)
	}
	if got := b.floor(c, 9); got != 9 {
		t.Fatalf("floor of a sender with nothing left: %d, want its counter 9", got)
	}
	if got := b.floor(a, maxFates); got != 0 {
		t.Fatalf("floor of a: %d, want 0", got)
	}
	b.record(&fate{id: common.Hash{0xa, 0xff, 0xff}, from: a, counter: maxFates + 1, ordered: true, stale: true, reason: "bad counter"}, maxFates)
	if got := b.floor(a, maxFates+1); got != 1 || b.byID[common.Hash{0xa, 0, 0}] != nil {
		t.Fatalf("floor of a after its first command went: %d", got)
	}
	// Sealed and back, the same book.
	r, err := unmarshalFates(b.marshal())
	if err != nil {
		t.Fatal(err)
	}
	if r.len() != b.len() || r.floor(a, 99999) != 1 || *r.byID[common.Hash{0xa, 0xff, 0xff}] != *b.byID[common.Hash{0xa, 0xff, 0xff}] {
		t.Fatal("book changed through marshal")
	}
	if !r.byID[common.Hash{0xa, 0xff, 0xff}].outcome().Stale || r.byID[common.Hash{0xa, 0, 1}].outcome().Stale {
		t.Fatal("a stale rejection's outcome lost Stale through marshal, or another gained it")
	}
	// A refusal before ordering gives way to the ledger's outcome.
	x := common.Hash{0x0e}
	b.record(&fate{id: x, from: c, counter: 9, reason: "too large"}, 8)
	b.record(&fate{id: x, from: c, counter: 9, ordered: true, ok: true}, 8)
	b.record(&fate{id: x, from: c, counter: 9, ordered: true, reason: "bad counter"}, 9)
	if f := b.byID[x]; !f.ok || !f.ordered {
		t.Fatalf("fate of x: %+v", f)
	}
}

func FuzzUnmarshalFates(f *testing.F) {
	b := newFateBook()
	b.record(&fate{id: common.Hash{1}, from: common.Address{2}, counter: 3, ordered: true, reason: "no"}, 2)
	f.Add(b.marshal())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := unmarshalFates(raw)
		if err != nil {
			return
		}
		if again, err := unmarshalFates(r.marshal()); err != nil || again.len() != r.len() {
			t.Fatalf("a book that decodes does not re-encode: %v", err)
		}
	})
}

// BenchmarkSealFates: what the fate book adds to sealing the state, which
// the node does for every batch of accepted commands: an empty book, and
// a full one (maxFates commands).
func BenchmarkSealFates(b *testing.B) {
	for _, fates := range []int{0, maxFates} {
		b.Run(fmt.Sprintf("fates=%d", fates), func(b *testing.B) {
			e := newTestEnclave(b, testMeasure)
			for i := range fates {
				e.st.fates.record(&fate{id: common.Hash{byte(i >> 8), byte(i)}, from: common.Address{byte(i % 97)}, counter: uint64(i), ordered: true, ok: i%3 != 0,
					reason: "insufficient balance: have 4, need 99"[:(i%3)*12], block: uint64(i), tx: common.Hash{1}, ct: common.Hash{2}}, uint64(i))
			}
			var blob []byte
			for b.Loop() {
				var err error
				if blob, err = e.Seal(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(blob)), "blob-bytes")
		})
	}
}
