package wire

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"golang.org/x/crypto/cryptobyte"
)

// RequestVersion is the only request body version this code accepts.
// Version 2 is binary (below); version 1 was JSON, and a version-1 body is
// refused with a message that says so.
const RequestVersion = 2

// Request kinds. A command changes state and is ordered through the ledger;
// a query reads the enclave's current state and never leaves the node.
const (
	KindCommand = "command"
	KindQuery   = "query"
)

// SystemApp names the enclave's built-in queries; no app may take it.
// CounterQuery returns the caller's last applied counter.
const (
	SystemApp    = "sys"
	CounterQuery = "counter"
)

// MaxRequestBody bounds a request body; a larger one is refused before any
// cryptography runs. It leaves 128 bytes of the largest size class for the
// signature (65), the length prefixes (2 for the body, 4 for the padding)
// and the message type the enclave adds when it orders a command (1), so
// that the largest request both fits MaxRequestClass when sealed to an
// enclave and, once ordered, the enclave's largest ledger ciphertext that
// the contract's MAX_CIPHERTEXT_BYTES admits (enclave tests check both).
// Before this bound, an 8 KiB body passed here but not the contract, and
// its node retried it forever.
const MaxRequestBody = MaxRequestClass - 128

// MaxSignedRequest is the longest Marshal encoding of a SignedRequest.
const MaxSignedRequest = 2 + MaxRequestBody + 65

// RequestBody is what a user signs. It binds the request to one network
// (chain id and contract), to the user's counter (replay protection for
// commands) and to a one-time X25519 key the answer is sealed to.
//
// The encoding is binary and compact, because every member enclave stores
// every command on the ledger, where each byte costs gas (issue 13):
//
//	u8 version (2) ‖ u8 kind (1 command, 2 query) ‖ network tag [4] ‖
//	u64 counter ‖ u8 len ‖ app ‖ u8 len ‖ function ‖ reply key [32] ‖
//	u16 len ‖ args (JSON, as the user wrote them)
//
// Neither the network nor the sender travels in the body. The signature is
// over RequestDigest(chain id, contract, body), so it binds the network
// without spending 28 bytes on it; the 4-byte tag (NetworkTag) only lets an
// enclave refuse a request meant for another network with a clear error
// instead of recovering a stranger from its signature. The sender is the
// address the signature recovers to, as in an Ethereum transaction: a body
// cannot claim anyone, and 20 bytes are saved.
type RequestBody struct {
	Version  int             `json:"v"`
	Kind     string          `json:"kind"`
	ChainID  uint64          `json:"chain_id"` // not encoded: bound by the signature
	Contract common.Address  `json:"contract"` // not encoded: bound by the signature
	From     common.Address  `json:"from"`     // not encoded: recovered from the signature
	Counter  uint64          `json:"counter,omitempty"`
	App      string          `json:"app"`
	Function string          `json:"fn"`
	Args     json.RawMessage `json:"args,omitempty"`
	ReplyKey []byte          `json:"reply_key"`
}

// SignedRequest carries the exact body bytes the user signed, so that no
// re-encoding can change what the signature covers.
type SignedRequest struct {
	Body []byte
	Sig  []byte // 65 bytes: r ‖ s ‖ v, v in {0, 1}
}

var (
	ErrMalformed    = errors.New("wire: malformed request")
	ErrBadSignature = errors.New("wire: request signature does not verify")
)

const (
	requestLabel   = "anonify-request-v2"
	requestIDLabel = "anonify-request-id-v2"
	networkLabel   = "anonify-network-tag-v1"
	kindCommand    = 1
	kindQuery      = 2
	// bodyFixed is the body's size without names and arguments.
	bodyFixed = 1 + 1 + 4 + 8 + 1 + 1 + 32 + 2
)

// RequestDigest is the hash a user signs: keccak256(label ‖ u64 chainID ‖
// contract ‖ body). The label keeps a request signature from ever being
// valid as an Ethereum transaction or message; chain and contract bind the
// request to one network.
func RequestDigest(chainID uint64, contract common.Address, body []byte) common.Hash {
	return crypto.Keccak256Hash([]byte(requestLabel), binary.BigEndian.AppendUint64(nil, chainID), contract[:], body)
}

// NetworkTag is the first 4 bytes of keccak256(label ‖ u64 chainID ‖
// contract): enough to tell a request meant for another network.
func NetworkTag(chainID uint64, contract common.Address) [4]byte {
	h := crypto.Keccak256([]byte(networkLabel), binary.BigEndian.AppendUint64(nil, chainID), contract[:])
	return [4]byte(h[:4])
}

// RequestID names a request everywhere (client, enclave, node, ledger
// outcome): the hash of the signed body. Commands' bodies differ: a
// client gives a key's commands increasing counters (one is reused only
// after a refusal at submission, which queued nothing), and two clients
// of one key hold different reply keys (client/replykey.go). The same
// body sent again is the same request, which the enclaves treat as a
// retransmission (enclave/fate.go). Queries carry no counter: the same
// query again has the same id, and nothing keeps query ids.
func RequestID(body []byte) common.Hash {
	return crypto.Keccak256Hash([]byte(requestIDLabel), body)
}

// Marshal encodes r as u16 len(body) ‖ body ‖ sig.
func (r *SignedRequest) Marshal() []byte {
	b := cryptobyte.NewBuilder(make([]byte, 0, 2+len(r.Body)+len(r.Sig)))
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(r.Body) })
	b.AddBytes(r.Sig)
	// Only a body of 64 KiB or more overflows the prefix; SignRequest and
	// ParseSignedRequest cap bodies at MaxRequestBody.
	return b.BytesOrPanic()
}

// ParseSignedRequest decodes the Marshal encoding strictly.
func ParseSignedRequest(b []byte) (*SignedRequest, error) {
	in := cryptobyte.String(b)
	var n uint16
	if !in.ReadUint16(&n) {
		return nil, fmt.Errorf("%w: %d bytes is too short for a signed request", ErrMalformed, len(b))
	}
	// The length is checked against the limit before the body is read, so
	// an oversized claim is reported as such even when the bytes are short.
	if int(n) > MaxRequestBody {
		return nil, fmt.Errorf("%w: body of %d bytes exceeds the %d-byte limit", ErrTooLarge, n, MaxRequestBody)
	}
	var body, sig []byte
	if !in.ReadBytes(&body, int(n)) || !in.ReadBytes(&sig, 65) || !in.Empty() {
		return nil, fmt.Errorf("%w: signed request of %d bytes does not hold a %d-byte body and a 65-byte signature", ErrMalformed, len(b), n)
	}
	return &SignedRequest{Body: bytes.Clone(body), Sig: bytes.Clone(sig)}, nil
}

// EncodeRequestBody encodes body for its network (body.ChainID and
// body.Contract give the tag); body.From is not encoded.
func EncodeRequestBody(body *RequestBody) ([]byte, error) {
	var kind byte
	switch body.Kind {
	case KindCommand:
		kind = kindCommand
	case KindQuery:
		kind = kindQuery
	default:
		return nil, fmt.Errorf("%w: kind %q is neither %q nor %q", ErrMalformed, body.Kind, KindCommand, KindQuery)
	}
	if body.Version != RequestVersion {
		return nil, fmt.Errorf("%w: version %d, this code writes %d", ErrMalformed, body.Version, RequestVersion)
	}
	if !ValidName(body.App) || !ValidName(body.Function) {
		return nil, fmt.Errorf("%w: app %q or function %q is not a valid name", ErrMalformed, body.App, body.Function)
	}
	if len(body.ReplyKey) != 32 {
		return nil, fmt.Errorf("%w: reply key must be a 32-byte X25519 public key, got %d bytes", ErrMalformed, len(body.ReplyKey))
	}
	if len(body.Args) > MaxRequestBody {
		return nil, fmt.Errorf("%w: arguments of %d bytes exceed the %d-byte limit", ErrTooLarge, len(body.Args), MaxRequestBody)
	}
	tag := NetworkTag(body.ChainID, body.Contract)
	out := make([]byte, 0, bodyFixed+len(body.App)+len(body.Function)+len(body.Args))
	out = append(out, RequestVersion, kind)
	out = append(out, tag[:]...)
	out = binary.BigEndian.AppendUint64(out, body.Counter)
	out = append(out, byte(len(body.App)))
	out = append(out, body.App...)
	out = append(out, byte(len(body.Function)))
	out = append(out, body.Function...)
	out = append(out, body.ReplyKey...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(body.Args)))
	return append(out, body.Args...), nil
}

// SignRequest encodes body and signs it with the user's key.
func SignRequest(body *RequestBody, sign func(digest []byte) ([]byte, error)) (*SignedRequest, error) {
	raw, err := EncodeRequestBody(body)
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxRequestBody {
		return nil, fmt.Errorf("%w: body of %d bytes exceeds the %d-byte limit", ErrTooLarge, len(raw), MaxRequestBody)
	}
	d := RequestDigest(body.ChainID, body.Contract, raw)
	sig, err := sign(d[:])
	if err != nil {
		return nil, err
	}
	return &SignedRequest{Body: raw, Sig: sig}, nil
}

// Verify decodes the body strictly, checks that it is meant for this
// network, and recovers its sender from the signature. It returns the body
// with ChainID, Contract and From filled in; callers then apply counters
// and access rules.
func (r *SignedRequest) Verify(chainID uint64, contract common.Address) (*RequestBody, error) {
	if len(r.Sig) != 65 || r.Sig[64] > 1 {
		return nil, fmt.Errorf("%w: signature must be 65 bytes with v in {0,1}", ErrBadSignature)
	}
	body, tag, err := decodeRequestBody(r.Body)
	if err != nil {
		return nil, err
	}
	if want := NetworkTag(chainID, contract); tag != want {
		return nil, fmt.Errorf("%w: request is for another network (tag %x; chain %d contract %s has %x)",
			ErrMalformed, tag, chainID, contract.Hex(), want)
	}
	// Reject malleable (high-s) signatures so one request has one signature.
	if !crypto.ValidateSignatureValues(r.Sig[64], new(big.Int).SetBytes(r.Sig[:32]), new(big.Int).SetBytes(r.Sig[32:64]), true) {
		return nil, fmt.Errorf("%w: signature values out of range (high s)", ErrBadSignature)
	}
	d := RequestDigest(chainID, contract, r.Body)
	pub, err := crypto.SigToPub(d[:], r.Sig)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	body.ChainID, body.Contract, body.From = chainID, contract, crypto.PubkeyToAddress(*pub)
	return body, nil
}

// DecodeRequestBody parses a body strictly (its network and sender are
// not in it: Verify fills them in): a wrong version, an unknown kind, a
// command without a counter, an invalid app or function name, a short
// reply key or trailing bytes are errors.
func DecodeRequestBody(raw []byte) (*RequestBody, error) {
	body, _, err := decodeRequestBody(raw)
	return body, err
}

func decodeRequestBody(raw []byte) (*RequestBody, [4]byte, error) {
	var tag [4]byte
	in := cryptobyte.String(raw)
	var version, kind uint8
	if !in.ReadUint8(&version) {
		return nil, tag, fmt.Errorf("%w: empty body", ErrMalformed)
	}
	if version != RequestVersion {
		if version == '{' {
			return nil, tag, fmt.Errorf("%w: a version-1 (JSON) body; this network speaks request version %d: update the client", ErrMalformed, RequestVersion)
		}
		return nil, tag, fmt.Errorf("%w: version %d, want %d", ErrMalformed, version, RequestVersion)
	}
	body := &RequestBody{Version: RequestVersion}
	var app, fn, reply, args []byte
	if !in.ReadUint8(&kind) || !in.CopyBytes(tag[:]) || !in.ReadUint64(&body.Counter) ||
		!in.ReadUint8LengthPrefixed((*cryptobyte.String)(&app)) || !in.ReadUint8LengthPrefixed((*cryptobyte.String)(&fn)) ||
		!in.ReadBytes(&reply, 32) || !in.ReadUint16LengthPrefixed((*cryptobyte.String)(&args)) {
		return nil, tag, fmt.Errorf("%w: body of %d bytes is truncated", ErrMalformed, len(raw))
	}
	if !in.Empty() {
		return nil, tag, fmt.Errorf("%w: %d bytes after the body", ErrMalformed, len(in))
	}
	switch kind {
	case kindCommand:
		body.Kind = KindCommand
	case kindQuery:
		body.Kind = KindQuery
	default:
		return nil, tag, fmt.Errorf("%w: kind %d is neither %d (command) nor %d (query)", ErrMalformed, kind, kindCommand, kindQuery)
	}
	body.App, body.Function = string(app), string(fn)
	switch {
	case body.Kind == KindCommand && body.Counter == 0:
		return nil, tag, fmt.Errorf("%w: a command needs a counter above 0", ErrMalformed)
	case !ValidName(body.App) || !ValidName(body.Function):
		return nil, tag, fmt.Errorf("%w: app %q or function %q is not a valid name", ErrMalformed, body.App, body.Function)
	}
	body.ReplyKey = bytes.Clone(reply)
	if len(args) > 0 {
		body.Args = bytes.Clone(args)
	}
	return body, tag, nil
}

// ValidName is the rule for app and function names: 1 to 64 of a-z, 0-9,
// '_' and '-'. The runtime enforces the same rule on declarations.
func ValidName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) < 0
}
