package enclave

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/hpke"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// Tests for what the host learns from Submit (sizes, errors) and for the
// bounds on what the enclave queues, batches and keeps.

// signRaw signs body bytes as they are, bypassing wire.SignRequest's size
// check, as a malicious or older client would.
func signRaw(t testing.TB, key *ecdsa.PrivateKey, body []byte) *wire.SignedRequest {
	t.Helper()
	d := wire.RequestDigest(testChain, testContract, body)
	sig, err := crypto.Sign(d[:], key)
	if err != nil {
		t.Fatal(err)
	}
	return &wire.SignedRequest{Body: body, Sig: sig}
}

// sealRaw seals a plaintext to e's request key under the v2 request label
// exactly as wire.SealRequest does, minus its checks and padding: what a
// client that ignores the format can send.
func sealRaw(t testing.TB, e *Enclave, pt []byte) []byte {
	t.Helper()
	pk, err := wire.ParsePublicKey(e.Info().RequestKey)
	if err != nil {
		t.Fatal(err)
	}
	info := append([]byte("anonify-request-v2\x00"), binary.BigEndian.AppendUint64(nil, testChain)...)
	info = append(info, testContract[:]...)
	sealed, err := hpke.Seal(pk, hpke.HKDFSHA256(), hpke.AES128GCM(), info, pt)
	if err != nil {
		t.Fatal(err)
	}
	return sealed
}

// bodyOfSize returns a command body from u whose JSON is exactly n bytes
// (n must exceed the body without args by a few bytes).
// encodeBody is wire's version-2 body encoding without its checks, so that
// tests can sign what no client would send (a bad name, a zero counter).
func encodeBody(b *wire.RequestBody) []byte {
	kind := byte(1)
	if b.Kind == wire.KindQuery {
		kind = 2
	} else if b.Kind != wire.KindCommand {
		kind = 9
	}
	tag := wire.NetworkTag(b.ChainID, b.Contract)
	out := append([]byte{byte(b.Version), kind}, tag[:]...)
	out = binary.BigEndian.AppendUint64(out, b.Counter)
	out = append(append(out, byte(len(b.App))), b.App...)
	out = append(append(out, byte(len(b.Function))), b.Function...)
	out = append(out, b.ReplyKey...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(b.Args)))
	return append(out, b.Args...)
}

func bodyOfSize(t testing.TB, u *user, replyKey []byte, counter uint64, n int) []byte {
	t.Helper()
	b := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: testChain, Contract: testContract, From: u.addr(),
		Counter: counter, App: erc20abi.Name, Function: "burn", ReplyKey: replyKey}
	b.Args = json.RawMessage(`{"m":""}`)
	raw := encodeBody(b)
	b.Args = json.RawMessage(`{"m":"` + strings.Repeat("x", n-len(raw)) + `"}`)
	if raw = encodeBody(b); len(raw) != n {
		t.Fatalf("body of %d bytes, want %d", len(raw), n)
	}
	return raw
}

// contractAccepts applies the contract's caps on postCommands to a batch.
func contractAccepts(b *chainmsg.CommandBatch) error {
	if len(b.Ciphertexts) == 0 || len(b.Ciphertexts) > chainmsg.MaxCiphertexts {
		return fmt.Errorf("%d ciphertexts", len(b.Ciphertexts))
	}
	total := 0
	for i, ct := range b.Ciphertexts {
		if len(ct) == 0 || len(ct) > chainmsg.MaxCiphertextBytes {
			return fmt.Errorf("ciphertext %d is %d bytes, limit %d", i, len(ct), chainmsg.MaxCiphertextBytes)
		}
		total += len(ct)
	}
	if total > chainmsg.MaxBatchBytes {
		return fmt.Errorf("batch of %d bytes, limit %d", total, chainmsg.MaxBatchBytes)
	}
	return nil
}

// TestSubmitRefusalsRevealOnlyTheirClass plays malicious clients against
// an enclave while its host reads every error: the host learns the class
// of each refusal and nothing else (no address, counter, function name or
// inner size), and the client that sent the request, and only it, opens
// the precise reason.
func TestSubmitRefusalsRevealOnlyTheirClass(t *testing.T) {
	n := setupNetwork(t, 2)
	alice, mallory := newUser(t), newUser(t)
	n.command(alice, 0, "init", `{"supply":"5"}`)
	e := n.encs[0]

	type reply struct {
		priv hpke.PrivateKey
		id   common.Hash
	}
	// seal builds a request from a body that mutate edits, signed by
	// signer, with a fresh reply key.
	seal := func(kind string, signer *user, mutate func(*wire.RequestBody)) ([]byte, reply) {
		rk, _ := wire.GenerateKey()
		b := &wire.RequestBody{Version: wire.RequestVersion, Kind: kind, ChainID: testChain, Contract: testContract, From: alice.addr(),
			App: erc20abi.Name, Function: "burn", Args: json.RawMessage(`{"amount":"1"}`), ReplyKey: rk.PublicKey().Bytes()}
		if kind == wire.KindCommand {
			b.Counter = 99
		}
		if kind == wire.KindQuery {
			b.Function, b.Args = "balance", nil
		}
		if mutate != nil {
			mutate(b)
		}
		raw := encodeBody(b)
		var s *wire.SignedRequest
		if signer != nil {
			s = signRaw(t, signer.key, raw)
		} else {
			// A malleated signature: s' = n - s with v flipped, which
			// recovers the same key and is refused (one request, one
			// signature).
			s = signRaw(t, alice.key, raw)
			v := new(big.Int).Sub(crypto.S256().Params().N, new(big.Int).SetBytes(s.Sig[32:64]))
			v.FillBytes(s.Sig[32:64])
			s.Sig[64] ^= 1
		}
		sealed, err := wire.SealRequest(e.Info().RequestKey, testChain, testContract, s)
		if err != nil {
			t.Fatal(err)
		}
		return sealed, reply{rk, wire.RequestID(raw)}
	}
	good, _ := seal(wire.KindCommand, alice, nil)
	tampered := bytes.Clone(good)
	tampered[len(tampered)-1] ^= 1
	rk, _ := wire.GenerateKey()
	over := signRaw(t, alice.key, bodyOfSize(t, alice, rk.PublicKey().Bytes(), 99, wire.MaxRequestBody+1))
	notJSON := signRaw(t, alice.key, []byte("not json"))
	bare := signRaw(t, alice.key, bodyOfSize(t, alice, rk.PublicKey().Bytes(), 99, 400))
	// A second command uses counter 2. (Resubmitting it now is not a
	// refusal: it answers with its outcome; see TestResendIsIdempotent.)
	replayed, _ := seal(wire.KindCommand, alice, func(b *wire.RequestBody) { b.Counter = 2 })
	if _, err := e.Submit(replayed); err != nil {
		t.Fatal(err)
	}
	n.flush(e)
	e.TakeOutcomes()
	command := func(signer *user, mutate func(*wire.RequestBody)) func() ([]byte, reply) {
		return func() ([]byte, reply) { return seal(wire.KindCommand, signer, mutate) }
	}
	// hidden: a request whose reason the test does not expect to open.
	hidden := func(sealed []byte) func() ([]byte, reply) { return func() ([]byte, reply) { return sealed, reply{} } }

	tests := []struct {
		name   string
		make   func() ([]byte, reply)
		class  error
		query  bool
		reason string // "" with a zero reply: no sealed reason
	}{
		{"garbage", hidden([]byte("hello")), wire.ErrSealed, false, ""},
		{"tampered ciphertext", hidden(tampered), wire.ErrSealed, false, ""},
		{"sealed request over the limit", hidden(make([]byte, wire.MaxSealedRequest+1)), wire.ErrTooLarge, false, ""},
		{"unpadded plaintext (a v1 client under the v2 label)", hidden(sealRaw(t, e, bare.Marshal())), wire.ErrMalformed, false, ""},
		{"body over the limit in a legal class", hidden(sealRaw(t, e, wire.Pad(over.Marshal(), wire.PadMinClass))), wire.ErrTooLarge, false, ""},
		{"body not JSON", hidden(sealRaw(t, e, wire.Pad(notJSON.Marshal(), wire.PadMinClass))), wire.ErrMalformed, false, ""},
		{"other network", command(alice, func(b *wire.RequestBody) { b.ChainID = 1 }), wire.ErrMalformed, false, "request is for another network"},
		{"malleated signature", command(nil, nil), wire.ErrBadSignature, false, "high s"},
		{"stale counter", command(alice, func(b *wire.RequestBody) { b.Counter = 1 }), ErrStaleCounter, false,
			"bad counter: got 1, last applied is 2 (this request was never applied, and never will be: its counter is used)"},
		{"unknown function", command(alice, func(b *wire.RequestBody) { b.Function = "steal" }), ErrUnknownFunction, false, `no function "steal"`},
		{"query with a malleated signature", func() ([]byte, reply) { return seal(wire.KindQuery, nil, nil) }, wire.ErrBadSignature, true, "high s"},
		// An all-zero X25519 key is of low order: nothing seals to it, and
		// the refusal carries no reason.
		{"unusable reply key", func() ([]byte, reply) {
			sealed, _ := seal(wire.KindCommand, alice, func(b *wire.RequestBody) { b.Counter, b.ReplyKey = 1, make([]byte, 32) })
			return sealed, reply{}
		}, ErrStaleCounter, false, ""},
	}
	secrets := []string{alice.addr().Hex(), mallory.addr().Hex(), strings.ToLower(alice.addr().Hex()[2:]), "steal", "chain 1"}
	before := e.Status()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sealed, rep := tt.make()
			_, err := e.Submit(sealed)
			if !errors.Is(err, tt.class) || err.Error() != tt.class.Error() {
				t.Fatalf("host sees %q, want exactly the class %q", err, tt.class)
			}
			for _, s := range secrets {
				if strings.Contains(err.Error(), s) {
					t.Fatalf("host-visible error %q reveals %q", err, s)
				}
			}
			var r *Refusal
			hasReason := errors.As(err, &r) && r.Sealed != nil
			if rep.priv == nil {
				if hasReason {
					t.Fatalf("a refusal sealed to nobody the test knows: %+v", r)
				}
				return
			}
			if !hasReason || r.ID != rep.id {
				t.Fatalf("no sealed reason for request %s: %v", rep.id.Hex(), err)
			}
			var reason string
			if tt.query {
				pt, err := wire.OpenAnswer(rep.priv, rep.id, r.Sealed)
				var ans wire.Answer
				if err != nil || json.Unmarshal(pt, &ans) != nil || ans.OK {
					t.Fatalf("sealed answer %s: %v", pt, err)
				}
				reason = ans.Error
			} else {
				if _, err := wire.OpenOutcome(rep.priv, rep.id, r.Sealed); !errors.Is(err, wire.ErrSealed) {
					t.Fatalf("a refusal opened as an outcome of an ordered command: %v", err)
				}
				pt, err := wire.OpenRefusal(rep.priv, rep.id, r.Sealed)
				var out wire.Outcome
				if err != nil || json.Unmarshal(pt, &out) != nil || out.OK || out.ID != rep.id {
					t.Fatalf("sealed refusal %s: %v", pt, err)
				}
				reason = out.Error
			}
			if !strings.Contains(reason, tt.reason) {
				t.Fatalf("client reads %q, want %q", reason, tt.reason)
			}
		})
	}
	if after := e.Status(); after.Pending != before.Pending || after.StateHash != before.StateHash {
		t.Fatalf("refused requests changed the enclave: %+v -> %+v", before, after)
	}
	// A query's own failure is an answer, sealed: the host sees a normal
	// result of the usual size.
	sealed, rq := seal(wire.KindQuery, alice, func(b *wire.RequestBody) { b.Function = "steal" })
	res, err := e.Submit(sealed)
	if err != nil {
		t.Fatalf("a query of an unknown function: %v", err)
	}
	pt, err := wire.OpenAnswer(rq.priv, rq.id, res.Answer)
	var ans wire.Answer
	if err != nil || json.Unmarshal(pt, &ans) != nil || ans.OK || !strings.Contains(ans.Error, `no function "steal"`) {
		t.Fatalf("answer %s, %v", pt, err)
	}
	if len(res.Answer) != wire.PadMinClass+48 {
		t.Fatalf("a refused query's answer is %d bytes, a balance's %d", len(res.Answer), wire.PadMinClass+48)
	}
}

// TestCiphertextLen checks that the length Submit and NextBatch predict is
// the length sealCiphertext produces.
func TestCiphertextLen(t *testing.T) {
	secret := make([]byte, 32)
	rand.Read(secret)
	for _, n := range []int{0, 1, 251, 252, 253, 1000, 8188, 8189, 16000} {
		ct, err := sealCiphertext(secret, 3, testChain, testContract, make([]byte, n))
		if err != nil {
			t.Fatal(err)
		}
		if len(ct) != ciphertextLen(n) {
			t.Fatalf("a %d-byte message seals to %d bytes, ciphertextLen says %d", n, len(ct), ciphertextLen(n))
		}
	}
}

// TestEveryRequestThatOpensFitsTheLedger: the wire limits keep every
// request the enclave can open within the contract's caps once ordered,
// and one at the limit goes through the whole path.
func TestEveryRequestThatOpensFitsTheLedger(t *testing.T) {
	if n := ciphertextLen(1 + wire.MaxSignedRequest); n > chainmsg.MaxCiphertextBytes {
		t.Fatalf("the largest request orders into a %d-byte ciphertext, the contract takes %d", n, chainmsg.MaxCiphertextBytes)
	}
	if c := wire.SizeClass(4+wire.MaxSignedRequest, wire.PadMinClass); c != wire.MaxRequestClass {
		t.Fatalf("the largest request pads to %d bytes, want MaxRequestClass %d", c, wire.MaxRequestClass)
	}
	n := setupNetwork(t, 2)
	alice := newUser(t)
	n.command(alice, 0, "init", `{"supply":"5"}`)
	e := n.encs[0]
	rk, _ := wire.GenerateKey()
	s := signRaw(t, alice.key, bodyOfSize(t, alice, rk.PublicKey().Bytes(), 2, wire.MaxRequestBody))
	sealed, err := wire.SealRequest(e.Info().RequestKey, testChain, testContract, s)
	if err != nil || len(sealed) != wire.MaxSealedRequest {
		t.Fatalf("sealed %d bytes (%v), want MaxSealedRequest", len(sealed), err)
	}
	if _, err := e.Submit(sealed); err != nil {
		t.Fatalf("a request at the body limit: %v", err)
	}
	b, err := e.NextBatch(n.seq[e.Identity()], 64)
	if err != nil || b == nil {
		t.Fatalf("NextBatch = %v, %v", b, err)
	}
	if err := contractAccepts(b); err != nil {
		t.Fatalf("the contract would refuse the batch: %v", err)
	}
}

// TestUnpostableMessageEndsWithOutcome reproduces the stall of issue 8
// (item 9): a request whose ledger ciphertext exceeds MAX_CIPHERTEXT_BYTES
// (an 8 KB body, which Submit accepted before the wire limit was lowered,
// and which a sealed blob of that build still holds) went into every batch,
// every post reverted, and nothing behind it was ever posted, across
// restarts. Now it leaves the queue with an outcome, and what follows it
// goes out.
func TestUnpostableMessageEndsWithOutcome(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprintf("restarted=%v", restart), func(t *testing.T) {
			n := setupNetwork(t, 2)
			alice := newUser(t)
			n.command(alice, 0, "init", `{"supply":"5"}`)
			e := n.encs[0]
			rk, _ := wire.GenerateKey()
			// Beyond what Submit takes (MaxRequestBody), and beyond the
			// largest ledger ciphertext (16 KiB with its overhead).
			s := signRaw(t, alice.key, bodyOfSize(t, alice, rk.PublicKey().Bytes(), 2, 16400))
			bigID := wire.RequestID(s.Body)
			body, _ := wire.DecodeRequestBody(s.Body)
			e.mu.Lock()
			err := e.st.enqueue(bigID, msgRequest, s.Marshal(), body)
			e.mu.Unlock()
			if err != nil {
				t.Fatal(err)
			}
			if restart {
				blob, err := e.Seal()
				if err != nil {
					t.Fatal(err)
				}
				if e, err = Restore(context.Background(), e.cfg, e.Identity(), blob); err != nil {
					t.Fatal(err)
				}
				n.encs[0] = e
			}
			// The host asks for the next batch, posts it, feeds it back.
			next, nextReply := alice.request(t, e, wire.KindCommand, "burn", `{"amount":"1"}`)
			if _, err := e.Submit(next); err != nil {
				t.Fatal(err)
			}
			b, err := e.NextBatch(n.seq[e.Identity()], 64)
			if err != nil || b == nil {
				t.Fatalf("NextBatch = %v, %v", b, err)
			}
			if err := contractAccepts(b); err != nil {
				t.Fatalf("the enclave signed a batch the contract refuses: %v", err)
			}
			if len(b.Ciphertexts) != 1 {
				t.Fatalf("batch of %d ciphertexts, want the one postable command", len(b.Ciphertexts))
			}
			n.seq[e.Identity()]++
			n.emit(chainmsg.Event{Commands: &chainmsg.CommandsEvent{Enclave: e.Identity(), Epoch: b.Epoch, Seq: b.Seq, Ciphertexts: b.Ciphertexts}})
			outs := map[common.Hash][]byte{}
			for _, o := range e.TakeOutcomes() {
				outs[o.ID] = o.Sealed
			}
			nk, _ := nextReply.priv.Bytes()
			npriv, _ := wire.ParsePrivateKey(nk)
			if pt, err := wire.OpenOutcome(npriv, nextReply.id, outs[nextReply.id]); err != nil || !strings.Contains(string(pt), `"ok":true`) {
				t.Fatalf("the command behind the unpostable one: %s, %v", pt, err)
			}
			pt, err := wire.OpenRefusal(rk, bigID, outs[bigID])
			var o wire.Outcome
			if err != nil || json.Unmarshal(pt, &o) != nil || o.OK || o.Error != "too large for the ledger: its ciphertext would be 32768 bytes, the contract takes at most 16384" {
				t.Fatalf("outcome of the unpostable request: %s, %v", pt, err)
			}
			if s := e.Status(); s.Pending != 0 {
				t.Fatalf("%d messages still queued", s.Pending)
			}
		})
	}
}

// TestNextBatchPacksWithinCaps: whatever max the host asks for, every
// batch keeps within the contract's caps on count and bytes, and messages
// leave in the order they came (a large one that does not fit waits for
// the next batch; nothing smaller overtakes it).
func TestNextBatchPacksWithinCaps(t *testing.T) {
	const big, small = 8000, 100 // ledger ciphertexts of 8192 and 256 bytes
	tests := []struct {
		name    string
		sizes   []int
		max     int   // what the host asks for
		batches []int // ciphertexts per batch, in order
	}{
		{"large messages fill batches by bytes", repeat(big, 30), 64, []int{12, 12, 6}},
		{"small messages fill batches by count; the host asks for more", repeat(small, 300), 100000, []int{256, 44}},
		{"the host's max is kept when lower", repeat(small, 10), 4, []int{4, 4, 2}},
		{"a large message waits rather than be overtaken", append(repeat(big, 13), small), 64, []int{12, 2}},
		{"the host asks for nothing", repeat(small, 3), 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := setupNetwork(t, 1)
			e := n.encs[0]
			rk, _ := wire.GenerateKey()
			body := &wire.RequestBody{ReplyKey: rk.PublicKey().Bytes()}
			e.mu.Lock()
			for i, size := range tt.sizes {
				payload := make([]byte, size)
				binary.BigEndian.PutUint16(payload, uint16(i))
				if err := e.st.enqueue(common.Hash{byte(i >> 8), byte(i)}, msgRequest, payload, body); err != nil {
					t.Fatal(err)
				}
			}
			secret, err := e.st.group.Secret(e.st.epoch)
			e.mu.Unlock()
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			next := 0
			for seq := uint64(0); ; seq++ {
				b, err := e.NextBatch(seq, tt.max)
				if err != nil {
					t.Fatal(err)
				}
				if b == nil {
					break
				}
				if err := contractAccepts(b); err != nil {
					t.Fatalf("batch %d: the contract would refuse it: %v", seq, err)
				}
				got = append(got, len(b.Ciphertexts))
				for _, ct := range b.Ciphertexts {
					msg, err := openCiphertext(secret, b.Epoch, testChain, testContract, ct)
					if err != nil {
						t.Fatal(err)
					}
					if i := int(binary.BigEndian.Uint16(msg[1:])); i != next {
						t.Fatalf("message %d left in place of %d", i, next)
					}
					next++
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.batches) {
				t.Fatalf("batches of %v ciphertexts, want %v", got, tt.batches)
			}
		})
	}
}

func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// TestQueueBounds: a flood of requests fills the queue and is refused;
// and a host that never takes outcomes cannot make the outbox grow past
// its bound.
func TestQueueBounds(t *testing.T) {
	n := setupNetwork(t, 1)
	e := n.encs[0]
	body := &wire.RequestBody{ReplyKey: make([]byte, 32)}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range maxPending {
		if err := e.st.enqueue(common.Hash{1, byte(i >> 8), byte(i)}, msgRequest, []byte{1}, body); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if err := e.st.enqueue(common.Hash{2}, msgRequest, []byte{1}, body); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("request over the bound: %v, want ErrQueueFull", err)
	}

	for i := range maxOutbox + 5 {
		e.st.deliver(Outcome{ID: common.Hash{byte(i >> 8), byte(i)}})
	}
	if len(e.st.outbox) != maxOutbox || e.st.outbox[0].ID != (common.Hash{0, 5}) {
		t.Fatalf("outbox holds %d, oldest %x; want %d, the 5 oldest dropped", len(e.st.outbox), e.st.outbox[0].ID[:2], maxOutbox)
	}
}

// FuzzSubmitPlaintext feeds Submit every plaintext a malicious client
// could seal to the enclave (sealing here, so that the fuzzer reaches past
// HPKE into the padding, the signed request, the body and the checks):
// Submit never panics, and what the host sees is exactly a class.
func FuzzSubmitPlaintext(f *testing.F) {
	n := setupNetwork(f, 1)
	e := n.encs[0]
	alice := newUser(f)
	rk, _ := wire.GenerateKey()
	good := signRaw(f, alice.key, bodyOfSize(f, alice, rk.PublicKey().Bytes(), 1, 300))
	f.Add(wire.Pad(good.Marshal(), wire.PadMinClass))
	f.Add(good.Marshal())
	f.Add(wire.Pad(signRaw(f, alice.key, []byte(`{"v":1}`)).Marshal(), wire.PadMinClass))
	f.Add([]byte{0, 0, 0, 0})
	classes := map[string]bool{}
	for _, c := range hostClasses {
		classes[c.Error()] = true
	}
	f.Fuzz(func(t *testing.T, pt []byte) {
		_, err := e.Submit(sealRaw(t, e, pt))
		if err == nil || classes[err.Error()] || err == errAlreadyQueued || errors.Is(err, ErrQueueFull) || errors.Is(err, ErrNotReady) {
			return
		}
		t.Fatalf("host sees %q, not a bare class", err)
	})
}

// TestLedgerBytesPerCommand pins what each ERC-20 command costs on the
// ledger (issue 13: at most 256 bytes for a transfer): every ciphertext is
// exactly a class, 256·2^k bytes, so a command's class is all it tells.
func TestLedgerBytesPerCommand(t *testing.T) {
	n := setupNetwork(t, 1)
	e := n.encs[0]
	alice, bob := newUser(t), newUser(t)
	to := bob.addr().Hex()
	max := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	tests := []struct {
		fn, args string
		want     int
	}{
		{"init", `{"supply":"1000000000000000000000000"}`, 256},
		{"transfer", fmt.Sprintf(`{"to":%q,"amount":"1000000000000000000"}`, to), 256},
		// 25 digits: 10^7 tokens of 18 decimals; one more digit takes the
		// next class.
		{"transfer", fmt.Sprintf(`{"to":%q,"amount":"1234567890123456789012345"}`, to), 256},
		{"transfer", fmt.Sprintf(`{"to":%q,"amount":"12345678901234567890123456"}`, to), 512},
		{"approve", fmt.Sprintf(`{"spender":%q,"amount":"1000000000000000000"}`, to), 256},
		{"burn", `{"amount":"1000000000000000000"}`, 256},
		{"transfer", fmt.Sprintf(`{"to":%q,"amount":%q}`, to, max), 512},
		{"transfer_from", fmt.Sprintf(`{"owner":%q,"to":%q,"amount":"1"}`, alice.addr().Hex(), to), 512},
	}
	for _, tt := range tests {
		sealed, _ := alice.request(t, e, wire.KindCommand, tt.fn, tt.args)
		if _, err := e.Submit(sealed); err != nil {
			t.Fatalf("%s %s: %v", tt.fn, tt.args, err)
		}
		b, err := e.NextBatch(n.seq[e.Identity()], 1)
		if err != nil || b == nil || len(b.Ciphertexts) != 1 {
			t.Fatalf("NextBatch: %v %v", b, err)
		}
		if got := len(b.Ciphertexts[0]); got != tt.want {
			t.Errorf("%s %s: %d bytes on the ledger, want %d", tt.fn, tt.args, got, tt.want)
		}
		n.seq[e.Identity()]++
		n.emit(chainmsg.Event{Commands: &chainmsg.CommandsEvent{Enclave: e.Identity(), Epoch: b.Epoch, Seq: b.Seq, Ciphertexts: b.Ciphertexts}})
	}
}
