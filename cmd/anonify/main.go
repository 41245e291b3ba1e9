// Command anonify runs and uses Anonify networks: a one-command devnet,
// wallets, the confidential ERC-20 app, and attestation tools.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	root := &cobra.Command{
		Use:   "anonify",
		Short: "Confidential execution on Ethereum with TEE enclaves",
		Long: `anonify runs and uses Anonify networks: business logic executes inside TEE
enclaves on every node, the Ethereum ledger records only ciphertext, and
clients verify each enclave's attestation before sending it anything.

Environment:
  ANONIFY_NODE        node URL for client commands (--node)
  ANONIFY_HOME        wallet directory (--home, default ~/.anonify)
  ANONIFY_PASSPHRASE  wallet passphrase (otherwise prompted)
  ANONIFY_NETWORK     devnet.json to pin the network on the ledger (--network)
  ANONIFY_DEV=1       DEVELOPMENT ONLY: accept unpinned simulated or debug enclaves (--dev)
  ANONIFY_ADMIN_TOKEN a node's operator token (anonify group rotate|remove)
  ANONIFY_RPC         chain JSON-RPC endpoint (anonify node, attest policy)
  ANONIFY_HOST_KEY    hex key paying a node's gas (anonify node)
  ANONIFY_GOVERNOR_KEY hex governor key (anonify attest policy propose|approve)`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(devnetCmd(), walletCmd(), erc20Cmd(), statusCmd(), attestCmd())
	root.AddCommand(nodeCmd())
	root.AddCommand(groupCmd())
	root.AddCommand(commandCmd())
	root.AddCommand(appCmd())
	root.AddCommand(explorerCmd())
	if err := root.Execute(); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			fmt.Fprintln(os.Stderr, "anonify:", ee.err)
			os.Exit(ee.code)
		}
		if lostCommand(err) {
			os.Exit(exitUnknown)
		}
		fmt.Fprintln(os.Stderr, "anonify:", err)
		os.Exit(1)
	}
}

// exitError carries a specific exit status (2: usage, 3: rejected by the
// enclave, 4: submitted, outcome unknown, 1: anything else).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
