package enclave

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"reflect"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire"
)

// Checking requests fast. Every member recovers the signer of every
// command it applies, so catch-up runs at the speed of this code. Around
// the signature recovery itself the slow parts were allocation (a new
// Keccak state per hash, big.Int for the signature values, an
// ecdsa.PublicKey decoded and encoded again only to hash it) and garbage
// collection of all of that; the body itself is binary (wire request
// version 2) and decodes without reflection.
//
// The rule here: the fast path decides only what wire decides, and any
// failure is handed to wire, so refusals carry wire's own errors.
// verifyFast accepts only what (*wire.SignedRequest).Verify accepts, with
// the same body. fastSelfCheck turns the fast path off if wire's format
// ever moves away from what this file knows (a new label, a moved tag).

// reqHasher holds a Keccak state for reuse: not safe for concurrent use
// (one per worker, or from hasherPool).
type reqHasher struct {
	k crypto.KeccakState
}

func newReqHasher() *reqHasher { return &reqHasher{k: crypto.NewKeccakState()} }

var hasherPool = sync.Pool{New: func() any { return newReqHasher() }}

func (h *reqHasher) sum(label []byte, data ...[]byte) (out common.Hash) {
	h.k.Reset()
	h.k.Write(label)
	for _, d := range data {
		h.k.Write(d)
	}
	h.k.Read(out[:])
	return out
}

// The labels of wire.RequestDigest and wire.RequestID (fastSelfCheck
// compares).
var (
	requestDigestLabel = []byte("anonify-request-v2")
	requestIDLabel     = []byte("anonify-request-id-v2")
)

func (h *reqHasher) requestID(body []byte) common.Hash {
	if !fastOK() {
		return wire.RequestID(body)
	}
	return h.sum(requestIDLabel, body)
}

// verifyRequest is (*wire.SignedRequest).Verify. body, when not nil, is
// the request's body already decoded (it decodes the same bytes alike).
func (h *reqHasher) verifyRequest(r *wire.SignedRequest, body *wire.RequestBody, chainID uint64, contract common.Address) (*wire.RequestBody, error) {
	if fastOK() {
		if b := h.verifyFast(r, body, chainID, contract); b != nil {
			return b, nil
		}
	}
	return r.Verify(chainID, contract)
}

// secp256k1 group order N and N/2, big-endian.
var (
	secpN     = common.FromHex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
	secpHalfN = common.FromHex("0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")
	zero32    = make([]byte, 32)
)

// bodyTagAt is where the network tag sits in a version-2 body (after the
// version and kind bytes).
const bodyTagAt = 2

// verifyFast returns the body when Verify would accept r, else nil.
func (h *reqHasher) verifyFast(r *wire.SignedRequest, body *wire.RequestBody, chainID uint64, contract common.Address) *wire.RequestBody {
	sig := r.Sig
	if len(sig) != 65 || sig[64] > 1 {
		return nil
	}
	// crypto.ValidateSignatureValues(v, r, s, true) on 32-byte big-endian
	// numbers: 1 ≤ r < N, 1 ≤ s ≤ N/2.
	rr, ss := sig[:32], sig[32:64]
	if bytes.Equal(rr, zero32) || bytes.Compare(rr, secpN) >= 0 || bytes.Equal(ss, zero32) || bytes.Compare(ss, secpHalfN) > 0 {
		return nil
	}
	if body == nil {
		var err error
		if body, err = wire.DecodeRequestBody(r.Body); err != nil {
			return nil
		}
	}
	tag := wire.NetworkTag(chainID, contract)
	if !bytes.Equal(r.Body[bodyTagAt:bodyTagAt+4], tag[:]) {
		return nil
	}
	var cid [8]byte
	binary.BigEndian.PutUint64(cid[:], chainID)
	d := h.sum(requestDigestLabel, cid[:], contract[:], r.Body)
	// crypto.SigToPub is Ecrecover, then a check that the point is on the
	// curve (a recovered key always is) and crypto.PubkeyToAddress hashes
	// the same 64 bytes of X ‖ Y.
	pub, err := crypto.Ecrecover(d[:], sig)
	if err != nil || len(pub) != 65 || pub[0] != 4 {
		return nil
	}
	ph := h.sum(nil, pub[1:])
	out := *body
	out.ChainID, out.Contract = chainID, contract
	copy(out.From[:], ph[12:])
	return &out
}

// checkedBody is wire.DecodeRequestBody (binary: already fast).
func checkedBody(raw []byte) (*wire.RequestBody, error) { return wire.DecodeRequestBody(raw) }

// fastOK reports whether the fast path agrees with wire (fastSelfCheck),
// checked once.
var fastOK = sync.OnceValue(fastSelfCheck)

// fastSelfCheck holds the fast path to wire's format: a request signed by
// wire verifies to the same body both ways, and the labels give wire's
// digest and id.
func fastSelfCheck() bool {
	k, err := crypto.ToECDSA(bytes.Repeat([]byte{0x42}, 32))
	if err != nil {
		return false
	}
	contract := common.HexToAddress("0x00000000000000000000000000000000000c0de1")
	sample := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: 1337, Contract: contract, Counter: 7,
		App: "erc20", Function: "transfer", Args: json.RawMessage(`{"to":"0x0a","amount":"1"}`), ReplyKey: bytes.Repeat([]byte{0xfb}, 32)}
	signed, err := wire.SignRequest(sample, func(d []byte) ([]byte, error) { return crypto.Sign(d, k) })
	if err != nil {
		return false
	}
	ref, err := signed.Verify(1337, contract)
	if err != nil {
		return false
	}
	h := newReqHasher()
	fast := h.verifyFast(signed, nil, 1337, contract)
	if fast == nil || !reflect.DeepEqual(fast, ref) {
		return false
	}
	return h.sum(requestIDLabel, signed.Body) == wire.RequestID(signed.Body) &&
		h.sum(requestDigestLabel, binary.BigEndian.AppendUint64(nil, 1337), contract[:], signed.Body) == wire.RequestDigest(1337, contract, signed.Body)
}
