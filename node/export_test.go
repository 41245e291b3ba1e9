package node

import (
	"net/http"
	"net/url"
	"time"
)

// RoutePatterns lists the patterns the node's mux serves ("GET /v1/status"),
// for openapi_test.go.
func RoutePatterns() []string {
	var out []string
	for _, r := range routeTable {
		out = append(out, r.pattern)
	}
	return out
}

// ParseWait reads the ?wait of a command status request whose query is
// rawQuery, for longpoll_test.go.
func ParseWait(rawQuery string) (time.Duration, error) {
	return parseWait(&http.Request{URL: &url.URL{RawQuery: rawQuery}})
}

// MaxCommandWait is the cap of ?wait.
const MaxCommandWait = maxCommandWait
