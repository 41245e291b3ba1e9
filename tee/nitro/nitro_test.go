package nitro

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fxamacker/cbor/v2"
	"github.com/hf/nsm/request"
	"github.com/hf/nsm/response"

	"github.com/anonify-go/anonify/attest"
)

// fakeNSM answers like the NSM: DescribeNSM with a module id, Attestation
// with a document built by doc (nil: echo the user data in a well-formed
// document).
type fakeNSM struct {
	describe     *response.Response
	doc          func(userData []byte) []byte
	errCode      response.ErrorCode
	sendErr      error
	closed       int
	lastUserData []byte
}

func (f *fakeNSM) Send(req request.Request) (response.Response, error) {
	switch r := req.(type) {
	case *request.DescribeNSM:
		if f.describe != nil {
			return *f.describe, nil
		}
		return response.Response{DescribeNSM: &response.DescribeNSM{ModuleID: "i-0123456789abcdef0-enc0123456789abcdef", MaxPCRs: 32}}, nil
	case *request.Attestation:
		if f.sendErr != nil {
			return response.Response{}, f.sendErr
		}
		if f.errCode != "" {
			return response.Response{Error: f.errCode}, nil
		}
		f.lastUserData = r.UserData
		build := f.doc
		if build == nil {
			build = func(ud []byte) []byte {
				return document(map[string]any{"module_id": "i-0123-enc0123", "user_data": ud})
			}
		}
		return response.Response{Attestation: &response.Attestation{Document: build(r.UserData)}}, nil
	}
	return response.Response{Error: response.ECInvalidOperation}, nil
}

func (f *fakeNSM) Close() error { f.closed++; return nil }

// det encodes deterministically (sorted map keys), so that one set of
// fields always gives the same document bytes.
var det, _ = cbor.CoreDetEncOptions().EncMode()

// document builds an unsigned COSE_Sign1 around payload fields; the
// signature is attest/nitro's concern.
func document(fields map[string]any) []byte {
	protected, _ := det.Marshal(map[int]int{1: -35}) // alg: ES384
	payload, _ := det.Marshal(fields)
	doc, _ := det.Marshal([]any{protected, map[int]any{}, payload, make([]byte, 96)})
	return doc
}

func reportData(seed byte) [64]byte {
	var rd [64]byte
	for i := range rd {
		rd[i] = seed + byte(3*i)
	}
	return rd
}

func TestEvidence(t *testing.T) {
	f := &fakeNSM{}
	p, err := New(Options{Session: f})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	rd := reportData(1)
	raw, err := p.Evidence(context.Background(), rd)
	if err != nil {
		t.Fatalf("Evidence: %v", err)
	}
	env, err := attest.ParseEnvelope(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := document(map[string]any{"module_id": "i-0123-enc0123", "user_data": rd[:]})
	if env.Kind != attest.KindNitro || len(env.Certs) != 0 || !bytes.Equal(env.Evidence, want) {
		t.Fatalf("envelope kind %s, %d certs: want the NSM document alone", env.Kind, len(env.Certs))
	}
	if !bytes.Equal(f.lastUserData, rd[:]) {
		t.Fatalf("NSM asked for user_data %x, want %x", f.lastUserData, rd)
	}
	if err := p.Close(); err != nil || f.closed != 1 {
		t.Fatalf("Close = %v, session closed %d times", err, f.closed)
	}
}

func TestEvidenceRejects(t *testing.T) {
	other := reportData(9)
	tests := []struct {
		name string
		nsm  *fakeNSM
		want string
	}{
		{"device error", &fakeNSM{sendErr: errors.New("ioctl failed on device with errno 5")}, "tee/nitro: NSM attestation request: ioctl failed on device with errno 5"},
		{"NSM error code", &fakeNSM{errCode: response.ECInternalError}, "tee/nitro: NSM attestation request failed with InternalError"},
		{"no document", &fakeNSM{doc: func([]byte) []byte { return nil }}, "tee/nitro: NSM answered the attestation request without a document"},
		{"other user_data", &fakeNSM{doc: func([]byte) []byte { return document(map[string]any{"module_id": "m", "user_data": other[:]}) }}, "tee/nitro: attestation document carries user_data"},
		{"garbage", &fakeNSM{doc: func([]byte) []byte { return []byte{0xff} }}, "tee/nitro: attestation document: not a COSE_Sign1 structure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(Options{Session: tt.nsm})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Evidence(context.Background(), reportData(1))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Evidence = %v, want error starting %q", err, tt.want)
			}
		})
	}
	p, _ := New(Options{Session: &fakeNSM{}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Evidence(ctx, reportData(0)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Evidence with a cancelled context = %v", err)
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name     string
		describe response.Response
		want     string
	}{
		{"NSM error", response.Response{Error: response.ECInvalidOperation}, "tee/nitro: NSM DescribeNSM probe: NSM error InvalidOperation"},
		{"no module id", response.Response{DescribeNSM: &response.DescribeNSM{}}, "tee/nitro: NSM DescribeNSM probe: response carries no module id"},
		{"no answer", response.Response{}, "tee/nitro: NSM DescribeNSM probe: response carries no module id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeNSM{describe: &tt.describe}
			_, err := New(Options{Session: f})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("New = %v, want %q", err, tt.want)
			}
			if f.closed != 1 {
				t.Fatalf("session closed %d times after a failed probe, want 1", f.closed)
			}
		})
	}
}

func TestNewNoDevice(t *testing.T) {
	if _, err := os.Stat("/dev/nsm"); err == nil {
		t.Skip("running in a Nitro Enclave")
	}
	if _, err := New(Options{}); !errors.Is(err, ErrNoNSM) {
		t.Fatalf("New = %v, want ErrNoNSM", err)
	}
}

func TestSealingKey(t *testing.T) {
	p, _ := New(Options{Session: &fakeNSM{}})
	key, err := p.SealingKey()
	if key != nil || !errors.Is(err, ErrNoSealingKey) {
		t.Fatalf("SealingKey = %x, %v; want ErrNoSealingKey", key, err)
	}
}

func TestDocumentUserDataRealSample(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("../../../shared/testdata/attestation/nitro/nitro_attestation.cbor"))
	if os.IsNotExist(err) {
		t.Skip("real Nitro sample not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := documentUserData(b)
	if err != nil {
		t.Fatalf("documentUserData(real document): %v", err)
	}
	if want := bytes.Repeat([]byte{1}, 1024); !bytes.Equal(got, want) {
		t.Fatalf("user_data = %x, want 1024 bytes of 0x01", got)
	}
}

func TestDocumentUserData(t *testing.T) {
	rd := reportData(2)
	good := document(map[string]any{"module_id": "m", "user_data": rd[:]})
	tagged, _ := cbor.Marshal(cbor.RawTag{Number: 18, Content: good})
	if got, err := documentUserData(tagged); err != nil || !bytes.Equal(got, rd[:]) {
		t.Fatalf("tagged COSE_Sign1: %x, %v", got, err)
	}

	payload := func(p []byte) []byte {
		doc, _ := cbor.Marshal([]any{[]byte{0xa0}, map[int]any{}, p, []byte{}})
		return doc
	}
	dupKeys := []byte{0xa2, 0x69}
	dupKeys = append(dupKeys, "user_data"...)
	dupKeys = append(dupKeys, 0x41, 1, 0x69)
	dupKeys = append(dupKeys, "user_data"...)
	dupKeys = append(dupKeys, 0x41, 2)
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"huge", make([]byte, maxDocumentLen+1), "document of 16385 bytes exceeds 16384"},
		{"not an array", []byte{0xa0}, "not a COSE_Sign1 structure"},
		{"three elements", func() []byte { d, _ := cbor.Marshal([]any{[]byte{}, map[int]any{}, []byte{}}); return d }(), "not a COSE_Sign1 structure"},
		{"trailing bytes", append(bytes.Clone(good), 0), "not a COSE_Sign1 structure"},
		{"payload not a map", payload([]byte{0x01}), "payload is not an attestation document map"},
		{"duplicate user_data", payload(dupKeys), "payload is not an attestation document map: cbor: found duplicate map key"},
		{"no module_id", payload(func() []byte { p, _ := cbor.Marshal(map[string]any{"user_data": rd[:]}); return p }()), "payload has no module_id"},
		{"no user_data", payload(func() []byte { p, _ := cbor.Marshal(map[string]any{"module_id": "m"}); return p }()), "payload has no user_data"},
		{"null user_data", payload(func() []byte { p, _ := cbor.Marshal(map[string]any{"module_id": "m", "user_data": nil}); return p }()), "payload has no user_data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := documentUserData(tt.in)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("documentUserData = %v, want error starting %q", err, tt.want)
			}
		})
	}
}

func FuzzDocumentUserData(f *testing.F) {
	rd := reportData(0)
	f.Add(document(map[string]any{"module_id": "m", "user_data": rd[:]}))
	if b, err := os.ReadFile("../../../shared/testdata/attestation/nitro/nitro_attestation.cbor"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		got, err := documentUserData(doc)
		if err == nil && got == nil {
			t.Fatal("accepted a document without user_data")
		}
	})
}
