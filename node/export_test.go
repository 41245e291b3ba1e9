package node

// RoutePatterns lists the patterns the node's mux serves ("GET /v1/status"),
// for openapi_test.go.
func RoutePatterns() []string {
	var out []string
	for _, r := range routeTable {
		out = append(out, r.pattern)
	}
	return out
}
