//go:build anonify_production

package enclave

// This is a production build (-tags anonify_production): a minimum policy
// no input can lower. It refuses to run on the simulated TEE and refuses
// to admit simulated or debug enclaves, whatever a policy on the ledger
// says, even one the governors signed.
const (
	productionBuild = true
	buildMode       = "production"
)
