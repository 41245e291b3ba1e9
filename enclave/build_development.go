//go:build !anonify_production

package enclave

// This is a development build: it runs on the simulated TEE and admits
// simulated or debug enclaves when the network's (governed) policy says
// so. A production enclave is built with -tags anonify_production (see
// build_production.go); the two binaries differ, so their measurements
// differ, and a production policy that pins production measurements can
// never admit a development build.
const (
	productionBuild = false
	buildMode       = "development"
)
