package ledgertest

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Enclave stands in for an enclave's identity key: it signs the calls an
// enclave would, without an enclave.
type Enclave struct {
	Key *ecdsa.PrivateKey
	ID  common.Address
}

// NewEnclave draws a fresh identity key.
func NewEnclave(tb testing.TB) *Enclave {
	tb.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return &Enclave{Key: k, ID: crypto.PubkeyToAddress(k.PublicKey)}
}

// Sign signs digest as chainmsg.Sign does.
func (e *Enclave) Sign(tb testing.TB, digest common.Hash) []byte {
	tb.Helper()
	sig, err := chainmsg.Sign(digest, e.Key)
	if err != nil {
		tb.Fatal(err)
	}
	return sig
}

// Registration is e's signed registration on l's deployment, with
// placeholder keys and evidence (the contract does not parse them).
func (e *Enclave) Registration(tb testing.TB, l ledger.Ledger) chainmsg.Registration {
	tb.Helper()
	r := chainmsg.Registration{
		Identity:   e.ID,
		RequestKey: []byte("hpke-x25519-public-key-" + e.ID.Hex()[:10]),
		KeyPackage: []byte("key-package-" + e.ID.Hex()[:10]),
		Evidence:   []byte("sim-evidence: INSECURE"),
	}
	r.Sig = e.Sign(tb, r.Digest(l.ChainID(), l.Contract()))
	return r
}

// Handshake is e's signed handshake for epoch on l's deployment.
func (e *Enclave) Handshake(tb testing.TB, l ledger.Ledger, epoch uint64, payload string, adds, removes []common.Address) chainmsg.Handshake {
	tb.Helper()
	h := chainmsg.Handshake{Epoch: epoch, Payload: []byte(payload), Adds: adds, Removes: removes}
	h.Sig = e.Sign(tb, h.Digest(l.ChainID(), l.Contract()))
	return h
}

// Batch is e's signed command batch with sequence number seq in epoch on
// l's deployment.
func (e *Enclave) Batch(tb testing.TB, l ledger.Ledger, epoch, seq uint64, cts ...[]byte) chainmsg.CommandBatch {
	tb.Helper()
	b := chainmsg.CommandBatch{Epoch: epoch, Seq: seq, Ciphertexts: cts}
	b.Sig = e.Sign(tb, b.Digest(l.ChainID(), l.Contract()))
	return b
}

// IDs lists the enclaves' identities.
func IDs(es ...*Enclave) []common.Address {
	out := make([]common.Address, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// Ciphertext is size bytes of stand-in ciphertext.
func Ciphertext(size int, fill byte) []byte {
	ct := make([]byte, size)
	for i := range ct {
		ct[i] = fill ^ byte(i*131)
	}
	return ct
}

var secp256k1N = crypto.S256().Params().N

// HighS returns the malleable twin (n - s, other parity) of a signature:
// it recovers the same key, and the contract refuses it.
func HighS(sig []byte) []byte {
	out := bytes.Clone(sig)
	s := new(big.Int).Sub(secp256k1N, new(big.Int).SetBytes(sig[32:64]))
	s.FillBytes(out[32:64])
	out[64] = 27 + 28 - out[64]
	return out
}

// Outcome is what a call must return: success, or the contract's refusal.
type Outcome struct {
	Kind   error  // ledger.Err* value the error must match; nil for success
	Name   string // the contract's custom error (ledger.ContractError.Name)
	Detail string // a substring of the error's message: the error's arguments
	// For WrongEpoch and BadSequence, the typed error's fields.
	current, got uint64
}

// OK is a successful call.
func OK() Outcome { return Outcome{} }

// Refused is a refusal with the contract's custom error name, whose
// message contains detail.
func Refused(kind error, name, detail string) Outcome {
	return Outcome{Kind: kind, Name: name, Detail: detail}
}

// WrongEpoch is the contract's WrongEpoch(current, got), as a
// *ledger.WrongEpochError.
func WrongEpoch(current, got uint64) Outcome {
	return Outcome{Kind: ledger.ErrWrongEpoch, Name: "WrongEpoch", current: current, got: got}
}

// BadSequence is the contract's BadSequence(expected, got), as a
// *ledger.BadSequenceError.
func BadSequence(expected, got uint64) Outcome {
	return Outcome{Kind: ledger.ErrBadSequence, Name: "BadSequence", current: expected, got: got}
}

// Check fails tb unless err is the outcome.
func (o Outcome) Check(tb testing.TB, err error) {
	tb.Helper()
	if o.Kind == nil {
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		tb.Fatalf("call succeeded, want %s (%v)", o.Name, o.Kind)
	}
	if !errors.Is(err, o.Kind) {
		tb.Fatalf("error = %v, want %v (%s)", err, o.Kind, o.Name)
	}
	switch o.Name {
	case "WrongEpoch":
		var we *ledger.WrongEpochError
		if !errors.As(err, &we) || we.Current != o.current || we.Got != o.got {
			tb.Fatalf("error = %v, want *ledger.WrongEpochError{Current: %d, Got: %d}", err, o.current, o.got)
		}
	case "BadSequence":
		var bs *ledger.BadSequenceError
		if !errors.As(err, &bs) || bs.Expected != o.current || bs.Got != o.got {
			tb.Fatalf("error = %v, want *ledger.BadSequenceError{Expected: %d, Got: %d}", err, o.current, o.got)
		}
	default:
		var ce *ledger.ContractError
		if !errors.As(err, &ce) || ce.Name != o.Name {
			tb.Fatalf("error = %v, want the contract's %s", err, o.Name)
		}
	}
	if !strings.Contains(err.Error(), o.Detail) {
		tb.Fatalf("error %q does not contain %q", err, o.Detail)
	}
}

// SignAct is key's signature over the governance digest of an act on l's
// deployment, as a governor signs it (chainmsg.GovernanceDigest).
func SignAct(tb testing.TB, l ledger.Ledger, key *ecdsa.PrivateKey, act chainmsg.Act, nonce uint64, payload common.Hash) []byte {
	tb.Helper()
	sig, err := chainmsg.Sign(chainmsg.GovernanceDigest(l.ChainID(), l.Contract(), act, nonce, payload), key)
	if err != nil {
		tb.Fatal(err)
	}
	return sig
}
