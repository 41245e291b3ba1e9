package node_test

import (
	"bytes"
	"crypto/hpke"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// sealByHand seals a signed request the way wire.SealRequest does but
// without its checks: a client that ignores the limits and the format.
func sealByHand(t *testing.T, info wire.EnclaveInfo, plaintext []byte) []byte {
	t.Helper()
	pk, err := wire.ParsePublicKey(info.RequestKey)
	if err != nil {
		t.Fatal(err)
	}
	hinfo := append([]byte("anonify-request-v2\x00"), binary.BigEndian.AppendUint64(nil, info.ChainID)...)
	hinfo = append(hinfo, info.Contract[:]...)
	sealed, err := hpke.Seal(pk, hpke.HKDFSHA256(), hpke.AES128GCM(), hinfo, plaintext)
	if err != nil {
		t.Fatal(err)
	}
	return sealed
}

func postSealed(t *testing.T, url string, sealed []byte) (int, wire.Error) {
	t.Helper()
	b, _ := json.Marshal(wire.SubmitRequest{Sealed: sealed})
	resp, err := http.Post(url+"/v1/requests", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e wire.Error
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e
}

// TestOversizedRequestRefusedAtSubmit is the node-level account of the
// stall issue 8 reports: an 8 KB request used to pass Submit, revert on
// every post (its ledger ciphertext exceeded MAX_CIPHERTEXT_BYTES) and
// block the node's posting for good, across restarts. Now every request
// too large for the ledger is refused at Submit, whoever sealed it, and
// commands keep flowing, before and after a restart.
func TestOversizedRequestRefusedAtSubmit(t *testing.T) {
	net := newMemNet(t, 1)
	ctx := net.ctx
	c := net.client(0)
	info := c.Info()
	alice, aliceAddr := userKey(t)
	memo := map[string]string{"memo": strings.Repeat("x", 8050)} // a body of ~8.1 KB: under the old limit, over the new

	// The SDK refuses before sending anything.
	if _, _, err := c.Submit(ctx, alice, erc20abi.Name, "burn", memo); !errors.Is(err, wire.ErrTooLarge) {
		t.Fatalf("SDK Submit of an 8 KB body: %v, want wire.ErrTooLarge", err)
	}
	_ = aliceAddr
	signed := func(memoLen int) *wire.SignedRequest {
		raw, _ := json.Marshal(map[string]string{"memo": strings.Repeat("x", memoLen)})
		rk, _ := wire.GenerateKey()
		// Encoded by hand: wire.EncodeRequestBody refuses what is too large.
		body := []byte{wire.RequestVersion, 1}
		tag := wire.NetworkTag(info.ChainID, info.Contract)
		body = append(body, tag[:]...)
		body = binary.BigEndian.AppendUint64(body, 1)
		body = append(append(body, byte(len(erc20abi.Name))), erc20abi.Name...)
		body = append(append(body, 4), "burn"...)
		body = append(body, rk.PublicKey().Bytes()...)
		body = binary.BigEndian.AppendUint16(body, uint16(len(raw)))
		body = append(body, raw...)
		d := wire.RequestDigest(info.ChainID, info.Contract, body)
		sig, _ := crypto.Sign(d[:], alice)
		return &wire.SignedRequest{Body: body, Sig: sig}
	}
	overhead := len(signed(0).Body)
	big := signed(8150 - overhead)
	if n := len(big.Body); n <= wire.MaxRequestBody || n > 8192 {
		t.Fatalf("test body of %d bytes, want one the old limit (8192) took and the new refuses", n)
	}
	// One over the body limit that still pads into the largest class, so
	// that only the enclave, after opening it, can tell.
	fits := signed(8100 - overhead)
	if n := len(fits.Body); n != 8100 || len(wire.Pad(fits.Marshal(), wire.PadMinClass)) != wire.MaxRequestClass {
		t.Fatalf("test body of %d bytes, want 8100 in the largest class", n)
	}
	tests := []struct {
		name   string
		sealed []byte
		status int
		class  string
	}{
		{"8 KB body in the largest class", sealByHand(t, info, wire.Pad(fits.Marshal(), wire.PadMinClass)), http.StatusRequestEntityTooLarge, "wire: request too large"},
		{"8 KB body padded past the largest class", sealByHand(t, info, wire.Pad(big.Marshal(), wire.PadMinClass)), http.StatusRequestEntityTooLarge, "request body exceeds"},
		{"8 KB body unpadded (a v1 client)", sealByHand(t, info, big.Marshal()), http.StatusRequestEntityTooLarge, "wire: request too large"},
		{"sealed bytes over the limit", make([]byte, wire.MaxSealedRequest+1), http.StatusRequestEntityTooLarge, "wire: request too large"},
		{"small body unpadded (a v1 client)", sealByHand(t, info, signed(0).Marshal()), http.StatusBadRequest, "wire: malformed request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, e := postSealed(t, net.nodes[0].n.URL(), tt.sealed)
			if status != tt.status || !strings.HasPrefix(e.Error, tt.class) || len(e.Refusal) != 0 {
				t.Fatalf("HTTP %d %+v, want %d with class %q", status, e, tt.status, tt.class)
			}
			if strings.Contains(e.Error, fmt.Sprint(len(big.Body))) || strings.Contains(e.Error, fmt.Sprint(len(fits.Body))) {
				t.Fatalf("the host learns the inner size: %q", e.Error)
			}
		})
	}
	if s := net.nodes[0].n.Enclave().Status(); s.Pending != 0 {
		t.Fatalf("%d messages queued after the refusals", s.Pending)
	}
	// Posting goes on, and goes on after a restart.
	if _, err := c.Command(ctx, alice, erc20abi.Name, "init", initArgs(5)); err != nil {
		t.Fatalf("a command after the oversized ones: %v", err)
	}
	net.stop(0)
	net.start(0)
	net.waitReady(0)
	net.nodes[0].client = nil
	_, bobAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 1)); err != nil {
		t.Fatalf("a command after a restart: %v", err)
	}
}

// replayProxy is a lying host in front of a node's client API. For each
// command it forwards, it waits until the command is ordered, submits the
// very same sealed request again, and answers the client with what lie
// makes of that second answer.
type replayProxy struct {
	t    *testing.T
	node string
	lie  func(status int, body []byte) (int, []byte)
	// saw receives the node's error bodies on the way back, whatever lie
	// does with them.
	saw func(e wire.Error)

	mu       sync.Mutex
	accepted common.Hash // the id of the last command the node took
}

func (p *replayProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	forward := func() (int, []byte) {
		req, _ := http.NewRequestWithContext(r.Context(), r.Method, p.node+r.URL.Path, bytes.NewReader(body))
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return http.StatusBadGateway, nil
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	status, out := forward()
	if r.Method == http.MethodPost && r.URL.Path == "/v1/requests" {
		if status >= 300 && p.saw != nil {
			var e wire.Error
			json.Unmarshal(out, &e)
			p.saw(e)
		}
		if status == http.StatusAccepted && p.lie != nil {
			var res wire.SubmitResponse
			json.Unmarshal(out, &res)
			p.mu.Lock()
			p.accepted = res.ID
			p.mu.Unlock()
			for {
				resp, err := http.Get(p.node + "/v1/commands/" + res.ID.Hex())
				if err != nil {
					break
				}
				var st wire.CommandStatus
				json.NewDecoder(resp.Body).Decode(&st)
				resp.Body.Close()
				if st.Status == wire.StatusDone {
					break
				}
				time.Sleep(memPoll)
			}
			status, out = p.lie(forward())
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(out)
}

// TestRefusalsThroughALyingHost: a host that replays a client's command
// after having it ordered gets the command's outcome again, sealed to the
// client, and the command runs once. The reason of a refusal reaches the
// client sealed, so a host can withhold it or swap in another one, but
// cannot forge or read it; and a host that claims a refusal for a command
// it forwarded is found out by the command's fate.
func TestRefusalsThroughALyingHost(t *testing.T) {
	net := newMemNet(t, 1)
	ctx := net.ctx
	alice, _ := userKey(t)
	bob, bobAddr := userKey(t)
	if _, err := net.client(0).Command(ctx, alice, erc20abi.Name, "init", initArgs(100)); err != nil {
		t.Fatal(err)
	}
	// A genuine refusal, sealed to some other request, for the swap.
	var mu sync.Mutex
	var saved []byte
	capture := httptest.NewServer(&replayProxy{t: t, node: net.nodes[0].n.URL(), saw: func(e wire.Error) {
		mu.Lock()
		defer mu.Unlock()
		saved = e.Refusal
	}})
	defer capture.Close()
	cc, err := client.Connect(ctx, capture.URL, client.Options{Ledger: net.chain.Account(common.Address{0x81}), PollInterval: memPoll})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cc.Command(ctx, alice, erc20abi.Name, "steal", nil); !errors.As(err, new(*client.Rejected)) || saved == nil {
		t.Fatalf("a command of an unknown function: %v", err)
	}
	refuse := func(refusal []byte) func(int, []byte) (int, []byte) {
		return func(int, []byte) (int, []byte) {
			mu.Lock()
			defer mu.Unlock()
			out, _ := json.Marshal(wire.Error{Error: "enclave: stale counter", Refusal: refusal})
			return http.StatusConflict, out
		}
	}
	tests := []struct {
		name  string
		lie   func(int, []byte) (int, []byte)
		check func(t *testing.T, out *wire.Outcome, err error)
	}{
		{"honest", nil, func(t *testing.T, out *wire.Outcome, err error) {
			if err != nil || !out.OK {
				t.Fatalf("Command = %+v, %v", out, err)
			}
		}},
		{"replays the ordered command", func(status int, body []byte) (int, []byte) { return status, body },
			func(t *testing.T, out *wire.Outcome, err error) {
				if err != nil || !out.OK {
					t.Fatalf("Command = %+v, %v: a replay must answer with the command's outcome", out, err)
				}
			}},
		{"replays and claims a refusal with no reason", refuse(nil), func(t *testing.T, out *wire.Outcome, err error) {
			var ce *client.Error
			if !errors.As(err, &ce) || ce.Status != http.StatusConflict || errors.As(err, new(*client.Rejected)) {
				t.Fatalf("Command = %v, want the bare class, not a proven rejection", err)
			}
		}},
		{"replays and swaps in another command's reason", func(int, []byte) (int, []byte) {
			mu.Lock()
			r := saved
			mu.Unlock()
			return refuse(r)(0, nil)
		}, func(t *testing.T, out *wire.Outcome, err error) {
			var ce *client.Error
			if !errors.As(err, &ce) || errors.As(err, new(*client.Rejected)) {
				t.Fatalf("Command = %v: a reason sealed for another request was believed", err)
			}
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			liar := &replayProxy{t: t, node: net.nodes[0].n.URL(), lie: tt.lie}
			proxy := httptest.NewServer(liar)
			defer proxy.Close()
			c, err := client.Connect(ctx, proxy.URL, client.Options{Ledger: net.chain.Account(common.Address{0x81}), PollInterval: memPoll})
			if err != nil {
				t.Fatal(err)
			}
			out, err := c.Command(ctx, alice, erc20abi.Name, "transfer", transferArgs(bobAddr, 1))
			tt.check(t, out, err)
			// Whatever the host said, the command ran once, and its fate,
			// asked of the node, says so.
			net.agree(uint64(i + 2))
			if b := balance(t, ctx, net.client(0), bob); b != fmt.Sprint(i+1) {
				t.Fatalf("bob's balance %s, want %d", b, i+1)
			}
			if tt.lie == nil {
				return
			}
			liar.mu.Lock()
			id := liar.accepted
			liar.mu.Unlock()
			if f, err := net.client(0).Fate(ctx, alice, id); err != nil || f.Status != wire.FateApplied {
				t.Fatalf("fate of the command: %+v, %v", f, err)
			}
		})
	}
}
