package wire

import (
	"bytes"
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
const RequestVersion = 1

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
// signature (65), the length prefixes (4 for the body, 4 for the padding)
// and the message type the enclave adds when it orders a command (1), so
// that the largest request both fits MaxRequestClass when sealed to an
// enclave and, once ordered, the enclave's largest ledger ciphertext that
// the contract's MAX_CIPHERTEXT_BYTES admits (enclave tests check both).
// Before this bound, an 8 KiB body passed here but not the contract, and
// its node retried it forever.
const MaxRequestBody = MaxRequestClass - 128

// MaxSignedRequest is the longest Marshal encoding of a SignedRequest.
const MaxSignedRequest = 4 + MaxRequestBody + 65

// RequestBody is what a user signs. It binds the request to one network
// (chain id and contract), to the user's counter (replay protection for
// commands) and to a one-time X25519 key the answer is sealed to.
type RequestBody struct {
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

const requestLabel = "anonify-request-v1"

// RequestDigest is the hash a user signs: the label keeps a request
// signature from ever being valid as an Ethereum transaction or message.
func RequestDigest(body []byte) common.Hash {
	return crypto.Keccak256Hash([]byte(requestLabel), body)
}

// RequestID names a request everywhere (client, enclave, node, ledger
// outcome): the hash of the signed body, which is unique because the body
// holds a fresh reply key.
func RequestID(body []byte) common.Hash {
	return crypto.Keccak256Hash([]byte("anonify-request-id-v1"), body)
}

// Marshal encodes r as u32 len(body) ‖ body ‖ sig.
func (r *SignedRequest) Marshal() []byte {
	b := cryptobyte.NewBuilder(make([]byte, 0, 4+len(r.Body)+len(r.Sig)))
	b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(r.Body) })
	b.AddBytes(r.Sig)
	// Only a body of 4 GiB or more overflows the prefix; SignRequest and
	// ParseSignedRequest cap bodies at MaxRequestBody.
	return b.BytesOrPanic()
}

// ParseSignedRequest decodes the Marshal encoding strictly.
func ParseSignedRequest(b []byte) (*SignedRequest, error) {
	in := cryptobyte.String(b)
	var n uint32
	if !in.ReadUint32(&n) {
		return nil, fmt.Errorf("%w: %d bytes is too short for a signed request", ErrMalformed, len(b))
	}
	// The length is checked against the limit before the body is read, so
	// an oversized claim is reported as such even when the bytes are short.
	if n > MaxRequestBody {
		return nil, fmt.Errorf("%w: body of %d bytes exceeds the %d-byte limit", ErrTooLarge, n, MaxRequestBody)
	}
	var body, sig []byte
	if !in.ReadBytes(&body, int(n)) || !in.ReadBytes(&sig, 65) || !in.Empty() {
		return nil, fmt.Errorf("%w: signed request of %d bytes does not hold a %d-byte body and a 65-byte signature", ErrMalformed, len(b), n)
	}
	return &SignedRequest{Body: bytes.Clone(body), Sig: bytes.Clone(sig)}, nil
}

// SignRequest encodes body and signs it with the user's key.
func SignRequest(body *RequestBody, sign func(digest []byte) ([]byte, error)) (*SignedRequest, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxRequestBody {
		return nil, fmt.Errorf("%w: body of %d bytes exceeds the %d-byte limit", ErrTooLarge, len(raw), MaxRequestBody)
	}
	d := RequestDigest(raw)
	sig, err := sign(d[:])
	if err != nil {
		return nil, err
	}
	return &SignedRequest{Body: raw, Sig: sig}, nil
}

// Verify checks the signature, decodes the body strictly and checks that it
// names the signer as From and is meant for this network. It returns the
// decoded body; callers then apply counters and access rules.
func (r *SignedRequest) Verify(chainID uint64, contract common.Address) (*RequestBody, error) {
	if len(r.Sig) != 65 || r.Sig[64] > 1 {
		return nil, fmt.Errorf("%w: signature must be 65 bytes with v in {0,1}", ErrBadSignature)
	}
	d := RequestDigest(r.Body)
	pub, err := crypto.SigToPub(d[:], r.Sig)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	// Reject malleable (high-s) signatures so one request has one signature.
	if !crypto.ValidateSignatureValues(r.Sig[64], new(big.Int).SetBytes(r.Sig[:32]), new(big.Int).SetBytes(r.Sig[32:64]), true) {
		return nil, fmt.Errorf("%w: signature values out of range (high s)", ErrBadSignature)
	}
	signer := crypto.PubkeyToAddress(*pub)
	body, err := DecodeRequestBody(r.Body)
	if err != nil {
		return nil, err
	}
	if body.From != signer {
		return nil, fmt.Errorf("%w: signed by %s but claims to be from %s", ErrBadSignature, signer.Hex(), body.From.Hex())
	}
	if body.ChainID != chainID || body.Contract != contract {
		return nil, fmt.Errorf("%w: request is for chain %d contract %s, this network is chain %d contract %s",
			ErrMalformed, body.ChainID, body.Contract.Hex(), chainID, contract.Hex())
	}
	return body, nil
}

// DecodeRequestBody parses a body strictly: unknown fields, a wrong
// version, a missing app or function, or a malformed reply key are errors.
func DecodeRequestBody(raw []byte) (*RequestBody, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var body RequestBody
	if err := dec.Decode(&body); err != nil {
		return nil, fmt.Errorf("%w: body is not valid JSON: %v", ErrMalformed, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after body", ErrMalformed)
	}
	switch {
	case body.Version != RequestVersion:
		return nil, fmt.Errorf("%w: version %d, want %d", ErrMalformed, body.Version, RequestVersion)
	case body.Kind != KindCommand && body.Kind != KindQuery:
		return nil, fmt.Errorf("%w: kind %q is neither %q nor %q", ErrMalformed, body.Kind, KindCommand, KindQuery)
	case body.Kind == KindCommand && body.Counter == 0:
		return nil, fmt.Errorf("%w: a command needs a counter above 0", ErrMalformed)
	case !ValidName(body.App) || !ValidName(body.Function):
		return nil, fmt.Errorf("%w: app %q or function %q is not a valid name", ErrMalformed, body.App, body.Function)
	case len(body.ReplyKey) != 32:
		return nil, fmt.Errorf("%w: reply key must be a 32-byte X25519 public key, got %d bytes", ErrMalformed, len(body.ReplyKey))
	}
	return &body, nil
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
