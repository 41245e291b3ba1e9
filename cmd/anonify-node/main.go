// Command anonify-node is the lean node: the program that runs inside a TEE
// (a Gramine enclave, a confidential VM, a Nitro enclave). It is exactly
// `anonify node` (the same command, flags and environment, from
// cmd/internal/nodecmd) plus `version`, and links neither the embedded
// chain, the devnet nor the client commands, so the measured, trusted code
// holds only the node, its enclave and the TEE platforms. The all-in-one
// anonify binary stays for development. See docs/DEPLOYMENT.md.
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

// run runs the command line args and returns the exit status (0 done, 1
// error, 2 usage or input error).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return cli.Run(rootCmd(), args, stdin, stdout, stderr, nil)
}

// rootCmd is `anonify node` itself at the top level, with `version` beside
// it: `anonify-node --dir D ...` runs a node as `anonify node --dir D ...`
// does.
func rootCmd() *cobra.Command {
	root := nodecmd.Command()
	root.Use = "anonify-node"
	root.Short = "Run one Anonify node (enclave + host) on any Ethereum chain: the lean binary for TEEs"
	root.Example = `  anonify-node --network /tmp/anon/devnet.json --host-key-file host.key --dir /tmp/node3
  anonify-node --rpc https://rpc.example:8545 --contract 0x… --tee sev-snp --tls --dir /var/lib/anonify-node
  anonify-node version`
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(cli.VersionCommand())
	return root
}
