// Command anonify runs and uses Anonify networks: a one-command devnet,
// wallets, the confidential ERC-20 app, and attestation tools.
package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/cmd/internal/nodecmd"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole CLI: it builds the command tree, runs the command line
// args, and returns the exit status (0 done, 1 error, 2 usage, 3 rejected,
// 4 submitted, outcome unknown). Tests call it as main does.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return cli.Run(rootCmd(), args, stdin, stdout, stderr, func(err error) (int, bool) {
		if lostCommand(err) {
			return exitUnknown, true
		}
		return 0, false
	})
}

func rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "anonify",
		Short: "Confidential execution on Ethereum with TEE enclaves",
		Long: `anonify runs and uses Anonify networks: business logic executes inside TEE
enclaves on every node, the Ethereum ledger records only ciphertext, and
clients verify each enclave's attestation before sending it anything.

Exit status: 0 done, 1 error, 2 usage or input error, 3 rejected (by the
enclave, or a verifier), 4 submitted but outcome unknown. With --json, an
error is printed on stdout as {"error": "...", "code": N}.

Environment:
  ANONIFY_NODE        node URL for client commands (--node)
  ANONIFY_HOME        wallet directory (--home, default ~/.anonify)
  ANONIFY_PASSPHRASE  wallet passphrase (otherwise --password-file, or prompted)
  ANONIFY_NETWORK     devnet.json to pin the network on the ledger (--network)
  ANONIFY_DEV=1       DEVELOPMENT ONLY: accept unpinned simulated or debug enclaves (--dev)
  ANONIFY_ADMIN_TOKEN a node's operator token (anonify group rotate|remove)
  ANONIFY_RPC         chain JSON-RPC endpoint(s), comma-separated (anonify node, deploy, attest policy, audit, bench, recovery)
  ANONIFY_CONTRACT    AnonifyLedger contract address (anonify node, attest policy, audit, bench, recovery)
  ANONIFY_HOST_KEY    hex key paying a node's gas (anonify node)
  ANONIFY_GOVERNOR_KEY hex governor key (anonify deploy, attest policy propose|approve|expel|found,
                      audit register|remove, recovery custodians propose, recovery found)`,
	}
	root.AddCommand(devnetCmd(), deployCmd(), walletCmd(), erc20Cmd(), statusCmd(), attestCmd())
	root.AddCommand(nodecmd.Command())
	root.AddCommand(groupCmd())
	root.AddCommand(commandCmd())
	root.AddCommand(appCmd())
	root.AddCommand(explorerCmd())
	root.AddCommand(auditCmd())
	root.AddCommand(recoveryCmd())
	root.AddCommand(benchCmd())
	root.AddCommand(cli.VersionCommand())
	return root
}

// exitError carries a specific exit status (2: usage, 3: rejected by the
// enclave, 4: submitted, outcome unknown, 1: anything else).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// ExitCode is the status cli.Run exits with.
func (e *exitError) ExitCode() int { return e.code }

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
