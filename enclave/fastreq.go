package enclave

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strconv"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire"
)

// Checking requests fast. Every member recovers the signer of every
// command it applies, so catch-up runs at the speed of this code. The
// slow parts around the signature recovery itself were JSON (a strict
// encoding/json decoder for the body), allocation (a new Keccak state per
// hash, big.Int for the signature values, an ecdsa.PublicKey decoded and
// encoded again only to hash it) and garbage collection of all of that.
//
// The rule here: the fast path decides only what wire decides, and
// anything it does not recognise goes to wire. checkedBody returns the
// body wire.DecodeRequestBody would, and falls back to it for any input
// outside the canonical encoding; verifyFast accepts only what
// (*wire.SignedRequest).Verify accepts, with the same body, and any
// failure is handed to Verify, so refusals carry wire's own errors.
// fastSelfCheck turns the fast paths off if wire's format ever moves away
// from what this file knows (a new field, a new label).

// reqHasher holds a Keccak state for reuse: not safe for concurrent use
// (one per worker, or from hasherPool).
type reqHasher struct {
	k crypto.KeccakState
}

func newReqHasher() *reqHasher { return &reqHasher{k: crypto.NewKeccakState()} }

var hasherPool = sync.Pool{New: func() any { return newReqHasher() }}

func (h *reqHasher) sum(label []byte, data []byte) (out common.Hash) {
	h.k.Reset()
	h.k.Write(label)
	h.k.Write(data)
	h.k.Read(out[:])
	return out
}

// The labels of wire.RequestDigest and wire.RequestID (fastSelfCheck
// compares).
var (
	requestDigestLabel = []byte("anonify-request-v1")
	requestIDLabel     = []byte("anonify-request-id-v1")
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
	d := h.sum(requestDigestLabel, r.Body)
	// crypto.SigToPub is Ecrecover, then a check that the point is on the
	// curve (a recovered key always is) and crypto.PubkeyToAddress hashes
	// the same 64 bytes of X ‖ Y.
	pub, err := crypto.Ecrecover(d[:], sig)
	if err != nil || len(pub) != 65 || pub[0] != 4 {
		return nil
	}
	var signer common.Address
	h.k.Reset()
	h.k.Write(pub[1:])
	var ph common.Hash
	h.k.Read(ph[:])
	copy(signer[:], ph[12:])
	if body == nil {
		var err error
		if body, err = checkedBody(r.Body); err != nil {
			return nil
		}
	}
	if body.From != signer || body.ChainID != chainID || body.Contract != contract {
		return nil
	}
	return body
}

// checkedBody is wire.DecodeRequestBody, fast for the canonical encoding.
func checkedBody(raw []byte) (*wire.RequestBody, error) {
	if fastOK() {
		if b := fastBody(raw); b != nil {
			return b, nil
		}
	}
	return wire.DecodeRequestBody(raw)
}

// fastBody decodes the encoding json.Marshal gives a wire.RequestBody:
//
//	{"v":1,"kind":…,"chain_id":…,"contract":"0x…","from":"0x…",["counter":…,]"app":…,"fn":…,["args":{…},]"reply_key":"…"}
//
// with no whitespace, and the names, kind and keys without escapes or
// bytes outside printable ASCII. For such input encoding/json reaches the
// same values field by field (numbers by strconv, addresses by hexutil's
// rule: 0x or 0X and 40 hex digits of either case, the reply key by
// base64.StdEncoding, args as the exact bytes of a valid object). It then
// applies DecodeRequestBody's checks. It returns nil for everything else,
// valid or not, which the caller hands to wire.
func fastBody(raw []byte) *wire.RequestBody {
	p := fastParser{b: raw}
	var body wire.RequestBody
	if !p.lit(`{"v":`) {
		return nil
	}
	v, ok := p.uint()
	if !ok || v != wire.RequestVersion {
		return nil
	}
	body.Version = int(v)
	if !p.lit(`,"kind":`) {
		return nil
	}
	kind, ok := p.str()
	if !ok {
		return nil
	}
	body.Kind = string(kind)
	if !p.lit(`,"chain_id":`) {
		return nil
	}
	if body.ChainID, ok = p.uint(); !ok {
		return nil
	}
	if !p.lit(`,"contract":`) || !p.addr(&body.Contract) || !p.lit(`,"from":`) || !p.addr(&body.From) {
		return nil
	}
	if p.lit(`,"counter":`) {
		if body.Counter, ok = p.uint(); !ok {
			return nil
		}
	}
	if !p.lit(`,"app":`) {
		return nil
	}
	app, ok := p.str()
	if !ok || !p.lit(`,"fn":`) {
		return nil
	}
	fn, ok := p.str()
	if !ok {
		return nil
	}
	body.App, body.Function = string(app), string(fn)
	if p.lit(`,"args":`) {
		args, ok := p.object()
		if !ok {
			return nil
		}
		body.Args = json.RawMessage(bytes.Clone(args))
	}
	if !p.lit(`,"reply_key":`) {
		return nil
	}
	rk, ok := p.str()
	if !ok || !p.lit(`}`) || len(p.b) != 0 {
		return nil
	}
	key := make([]byte, base64.StdEncoding.DecodedLen(len(rk)))
	n, err := base64.StdEncoding.Decode(key, rk)
	if err != nil {
		return nil
	}
	body.ReplyKey = key[:n]
	// DecodeRequestBody's checks; on failure wire says why.
	switch {
	case body.Kind != wire.KindCommand && body.Kind != wire.KindQuery,
		body.Kind == wire.KindCommand && body.Counter == 0,
		!wire.ValidName(body.App) || !wire.ValidName(body.Function),
		len(body.ReplyKey) != 32:
		return nil
	}
	return &body
}

type fastParser struct{ b []byte }

// lit consumes s if the input starts with it.
func (p *fastParser) lit(s string) bool {
	if len(p.b) < len(s) || string(p.b[:len(s)]) != s {
		return false
	}
	p.b = p.b[len(s):]
	return true
}

// uint reads a JSON number that is a plain unsigned integer fitting 64
// bits (no sign, fraction, exponent or leading zero).
func (p *fastParser) uint() (uint64, bool) {
	n := 0
	for n < len(p.b) && p.b[n] >= '0' && p.b[n] <= '9' {
		n++
	}
	if n == 0 || n > 20 || (n > 1 && p.b[0] == '0') {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.b[:n]), 10, 64)
	if err != nil {
		return 0, false
	}
	p.b = p.b[n:]
	return v, true
}

// str reads a string of printable ASCII without escapes; its contents are
// its value.
func (p *fastParser) str() ([]byte, bool) {
	if len(p.b) == 0 || p.b[0] != '"' {
		return nil, false
	}
	for i := 1; i < len(p.b); i++ {
		switch c := p.b[i]; {
		case c == '"':
			s := p.b[1:i]
			p.b = p.b[i+1:]
			return s, true
		case c == '\\' || c < 0x20 || c > 0x7e:
			return nil, false
		}
	}
	return nil, false
}

func (p *fastParser) addr(out *common.Address) bool {
	s, ok := p.str()
	if !ok || len(s) != 42 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return false
	}
	_, err := hex.Decode(out[:], s[2:])
	return err == nil
}

// object reads a JSON object: it finds the brace that closes the one it
// starts with (strings and their escapes skipped), and the whole must be
// valid JSON.
func (p *fastParser) object() ([]byte, bool) {
	if len(p.b) == 0 || p.b[0] != '{' {
		return nil, false
	}
	depth, inStr := 0, false
	for i := 0; i < len(p.b); i++ {
		c := p.b[i]
		if inStr {
			switch c {
			case '\\':
				i++
			case '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				v := p.b[:i+1]
				if c != '}' || !json.Valid(v) {
					return nil, false
				}
				p.b = p.b[i+1:]
				return v, true
			}
		}
	}
	return nil, false
}

// fastOK reports whether the fast paths agree with wire (fastSelfCheck),
// checked once.
var fastOK = sync.OnceValue(fastSelfCheck)

// fastSelfCheck holds the fast paths to wire's format: the fields of
// wire.RequestBody (names, types, JSON tags) are the ones fastBody knows,
// fastBody decodes a full body exactly as wire does, and the labels give
// wire's digest and id.
func fastSelfCheck() bool {
	want := reflect.TypeOf(struct {
		Version  int             `json:"v"`
		Kind     string          `json:"kind"`
		ChainID  uint64          `json:"chain_id"`
		Contract common.Address  `json:"contract"`
		From     common.Address  `json:"from"`
		Counter  uint64          `json:"counter,omitempty"`
		App      string          `json:"app"`
		Function string          `json:"fn"`
		Args     json.RawMessage `json:"args,omitempty"`
		ReplyKey []byte          `json:"reply_key"`
	}{})
	got := reflect.TypeOf(wire.RequestBody{})
	if got.NumField() != want.NumField() {
		return false
	}
	for i := range got.NumField() {
		g, w := got.Field(i), want.Field(i)
		if g.Name != w.Name || g.Type != w.Type || g.Tag != w.Tag {
			return false
		}
	}
	sample := &wire.RequestBody{Version: wire.RequestVersion, Kind: wire.KindCommand, ChainID: 1337,
		Contract: common.HexToAddress("0x00000000000000000000000000000000000c0de1"),
		From:     common.HexToAddress("0x1f9090aaE28b8a3dCeaDf281B0F12828e676c326"), Counter: 7,
		App: "erc20", Function: "transfer", Args: json.RawMessage(`{"to":"0x0a","amount":"1","s":"<\u00e9\\\"}"}`),
		ReplyKey: bytes.Repeat([]byte{0xfb}, 32)}
	raw, err := json.Marshal(sample)
	if err != nil {
		return false
	}
	ref, err := wire.DecodeRequestBody(raw)
	if err != nil {
		return false
	}
	fast := fastBody(raw)
	if fast == nil || !reflect.DeepEqual(fast, ref) {
		return false
	}
	h := newReqHasher()
	return h.sum(requestDigestLabel, raw) == wire.RequestDigest(raw) && h.sum(requestIDLabel, raw) == wire.RequestID(raw)
}
