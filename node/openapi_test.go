package node_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/anonify-go/anonify/node"
	"github.com/anonify-go/anonify/wire"
)

// loadOpenAPI loads and validates the node's OpenAPI document.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(node.OpenAPI())
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi.json is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	return doc
}

// documented lists the document's operations as mux patterns ("GET /v1/status").
func documented(doc *openapi3.T) []string {
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	slices.Sort(out)
	return out
}

// TestOpenAPIRoutes: every route the node's mux serves is documented, and
// every documented operation is served.
func TestOpenAPIRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	served := slices.Sorted(slices.Values(node.RoutePatterns()))
	if docd := documented(doc); !slices.Equal(served, docd) {
		t.Fatalf("the mux serves\n %q\nthe OpenAPI document has\n %q", served, docd)
	}
}

// TestOpenAPIResponses sends a representative request to every operation
// of a live node and validates the request and the node's real answer
// (status, content type, body) against the document's schemas, with
// OpenAPI 3.1 (JSON Schema 2020-12) semantics.
func TestOpenAPIResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	// A stream of JSON documents validates as the array of them.
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		var docs []any
		dec := json.NewDecoder(body)
		for {
			var v any
			if err := dec.Decode(&v); err == io.EOF {
				return docs, nil
			} else if err != nil {
				return nil, err
			}
			docs = append(docs, v)
		}
	})
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	net := newMemNet(t, 1)
	n := net.nodes[0].n
	url := n.URL()
	token, err := os.ReadFile(n.AdminTokenPath())
	if err != nil {
		t.Fatal(err)
	}
	bearer := "Bearer " + strings.TrimSpace(string(token))
	submit := func(sealed []byte) string {
		b, _ := json.Marshal(wire.SubmitRequest{Sealed: sealed})
		return string(b)
	}
	command := submit(sealedRequest(t, net, 0, wire.KindCommand, "init", initArgs(5), 1))
	commandWaited := submit(sealedRequest(t, net, 0, wire.KindCommand, "transfer", transferArgs(common.Address{1}, 1), 1))
	query := submit(sealedRequest(t, net, 0, wire.KindQuery, "total_supply", nil, 0))

	var commandID string
	tests := []struct {
		name, method, path, body, auth string
		status                         int
	}{
		{"enclave", "GET", "/v1/enclave", "", "", 200},
		{"apps", "GET", "/v1/apps", "", "", 200},
		{"command", "POST", "/v1/requests", command, "", 202},
		{"query", "POST", "/v1/requests", query, "", 200},
		{"command, answered with its outcome", "POST", "/v1/requests?wait=5s", commandWaited, "", 202},
		{"command with a bad wait", "POST", "/v1/requests?wait=-1s", commandWaited, "", 400},
		{"refused", "POST", "/v1/requests", `{"sealed":"0x00"}`, "", 400},
		{"command status", "GET", "/v1/commands/{command}", "", "", 200},
		{"command status, long-poll", "GET", "/v1/commands/{command}?wait=5s", "", "", 200},
		{"long-poll with a bad wait", "GET", "/v1/commands/{command}?wait=soon", "", "", 400},
		{"unknown command", "GET", "/v1/commands/0x" + strings.Repeat("ab", 32), "", "", 200},
		{"bad command id", "GET", "/v1/commands/xyz", "", "", 400},
		{"status", "GET", "/v1/status", "", "", 200},
		{"group", "GET", "/v1/group", "", "", 200},
		{"rotate without token", "POST", "/v1/group/rotate", "{}", "", 401},
		{"rotate", "POST", "/v1/group/rotate", "{}", bearer, 200},
		{"remove a non-member", "POST", "/v1/group/remove", `{"member":"0x` + strings.Repeat("11", 20) + `"}`, bearer, 400},
		{"recovery", "GET", "/v1/recovery", "", "", 200},
		{"release to a node that is not recovering", "POST", "/v1/recovery/release",
			`{"epoch":1,"custodian":"0x` + strings.Repeat("11", 32) + `","sealed":"0x` + strings.Repeat("22", 48) + `"}`, "", 400},
		{"openapi", "GET", "/v1/openapi.json", "", "", 200},
		{"metrics", "GET", "/metrics", "", "", 200},
		{"healthz", "GET", "/healthz", "", "", 200},
		{"readyz", "GET", "/readyz", "", "", 200},
	}
	exercised := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := strings.Replace(tt.path, "{command}", commandID, 1)
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req, err := http.NewRequestWithContext(net.ctx, tt.method, url+path, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("%s %s is not in the OpenAPI document: %v", tt.method, path, err)
			}
			exercised[tt.method+" "+route.Path] = true
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
			if err := openapi3filter.ValidateRequest(net.ctx, in); err != nil {
				t.Fatalf("the test's request does not match the document: %v", err)
			}
			if tt.body != "" {
				req.Body = io.NopCloser(strings.NewReader(tt.body)) // ValidateRequest read it
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("HTTP %d %s, want %d", resp.StatusCode, raw, tt.status)
			}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
				Header: resp.Header, Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
			out.SetBodyBytes(raw)
			if err := openapi3filter.ValidateResponse(net.ctx, out); err != nil {
				t.Fatalf("the answer does not match the document: %v\n%s", err, raw)
			}
			if tt.name == "command, answered with its outcome" {
				lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
				var st wire.CommandStatus
				if len(lines) != 2 || json.Unmarshal([]byte(lines[1]), &st) != nil || st.Status != wire.StatusDone || len(st.Outcome) == 0 {
					t.Fatalf("answer %q: want the acceptance, then the outcome", raw)
				}
			}
			if tt.name == "command" {
				var r wire.SubmitResponse
				if err := json.Unmarshal(raw, &r); err != nil {
					t.Fatal(err)
				}
				commandID = r.ID.Hex()
			}
		})
	}
	for _, op := range documented(doc) {
		if !exercised[op] {
			t.Errorf("%s is documented but not exercised here", op)
		}
	}
	// The document the node serves is the embedded one.
	_, served := getJSON(t, url+"/v1/openapi.json")
	if !bytes.Equal(served, node.OpenAPI()) {
		t.Errorf("GET /v1/openapi.json serves another document than the embedded one")
	}
}
