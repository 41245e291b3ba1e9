package node

import (
	_ "embed"
	"net/http"
)

// openAPI is the node API's reference, an OpenAPI 3.1 document served at
// GET /v1/openapi.json. openapi_test.go keeps it true: every route in
// routeTable is documented and every documented path is served, and real
// answers of a running node validate against its schemas.
//
//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the node API's OpenAPI 3.1 document (JSON).
func OpenAPI() []byte { return append([]byte(nil), openAPI...) }

func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}
