package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wallet"
)

// clientFlags are shared by every command that talks to a node or opens
// the wallet. Each command gets only the flags it uses (see clientNeeds),
// on itself rather than inherited from its group, so that its --help shows
// no flag that does nothing there.
type clientFlags struct {
	node, home, network, policy, passwordFile string
	dev, json                                 bool
}

// clientNeeds says which of the client flags a command reads.
type clientNeeds uint8

const (
	needNode   clientNeeds = 1 << iota // --node, --network, --policy, --dev
	needWallet                         // --home
	needKey                            // --home, --password-file (opens a key)
)

// add registers --json and the flags that needs names on cmd.
func (f *clientFlags) add(cmd *cobra.Command, needs clientNeeds) {
	fs := cmd.Flags()
	if needs&needNode != 0 {
		fs.StringVar(&f.node, "node", "", "node URL (env ANONIFY_NODE)")
		fs.StringVar(&f.network, "network", "", "devnet.json pinning chain and contract; the node's enclave must then be a member passing the on-ledger policy, and outcomes are checked on the ledger (env ANONIFY_NETWORK)")
		fs.StringVar(&f.policy, "policy", "", "policy JSON file the node's enclave must pass (with --network, the on-ledger policy applies too)")
		fs.BoolVar(&f.dev, "dev", false, "DEVELOPMENT ONLY: without --network or --policy, accept a node whose evidence proves nothing (simulated TEE, debug enclave) (env ANONIFY_DEV=1)")
	}
	if needs&(needWallet|needKey) != 0 {
		fs.StringVar(&f.home, "home", "", "wallet directory (env ANONIFY_HOME, default ~/.anonify)")
	}
	if needs&needKey != 0 {
		fs.StringVar(&f.passwordFile, "password-file", "", "file whose first line is the wallet passphrase, for non-interactive use (like geth's --password; otherwise env ANONIFY_PASSPHRASE, or a prompt)")
	}
	fs.BoolVar(&f.json, "json", false, "machine-readable output (errors too: {\"error\": ..., \"code\": N} on stdout)")
}

// addLeaves adds the flags to every subcommand of group.
func (f *clientFlags) addLeaves(group *cobra.Command, needs clientNeeds) {
	for _, c := range group.Commands() {
		f.add(c, needs)
	}
}

func (f *clientFlags) wallet() (*wallet.Wallet, error) {
	home, err := f.homeDir()
	if err != nil {
		return nil, err
	}
	return wallet.Open(home)
}

// homeDir is the wallet directory: --home, ANONIFY_HOME or ~/.anonify.
func (f *clientFlags) homeDir() (string, error) {
	if f.home != "" {
		return f.home, nil
	}
	if home := os.Getenv("ANONIFY_HOME"); home != "" {
		return home, nil
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(h, ".anonify"), nil
}

// passphrase is the wallet passphrase: the first line of --password-file
// (as geth reads --password), else ANONIFY_PASSPHRASE, else a prompt on
// the terminal (twice when confirm is set).
func (f *clientFlags) passphrase(confirm bool) (string, error) {
	if f.passwordFile != "" {
		b, err := os.ReadFile(f.passwordFile)
		if err != nil {
			return "", &exitError{2, fmt.Errorf("--password-file: %w", err)}
		}
		line, _, _ := strings.Cut(string(b), "\n")
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			return "", &exitError{2, fmt.Errorf("--password-file %s: the first line is empty", f.passwordFile)}
		}
		return line, nil
	}
	if p := os.Getenv("ANONIFY_PASSPHRASE"); p != "" {
		return p, nil
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return "", &exitError{2, fmt.Errorf("no passphrase: pass --password-file FILE, set ANONIFY_PASSPHRASE, or run in a terminal")}
	}
	fmt.Fprint(os.Stderr, "Passphrase: ")
	p, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	if confirm {
		fmt.Fprint(os.Stderr, "Repeat passphrase: ")
		q, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", err
		}
		if string(p) != string(q) {
			return "", &exitError{2, fmt.Errorf("passphrases do not match")}
		}
	}
	return string(p), nil
}

func (f *clientFlags) key(w *wallet.Wallet, name string) (*ecdsa.PrivateKey, error) {
	if name == "" {
		return nil, &exitError{2, fmt.Errorf("--from NAME is required")}
	}
	if _, err := w.Address(name); err != nil {
		return nil, walletInputError(err)
	}
	p, err := f.passphrase(false)
	if err != nil {
		return nil, err
	}
	k, err := w.Key(name, p)
	if errors.Is(err, keystore.ErrDecrypt) {
		return nil, &exitError{2, fmt.Errorf("wallet: account %s: wrong passphrase", name)}
	}
	return k, err
}

// session opens the wallet, the sender's key and a verified connection to
// the node: what every command that signs a request does first.
func (f *clientFlags) session(ctx context.Context, from string) (*wallet.Wallet, *ecdsa.PrivateKey, *client.Client, func(), error) {
	w, err := f.wallet()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	key, err := f.key(w, from)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	c, done, err := f.connect(ctx)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return w, key, c, done, nil
}

func (f *clientFlags) connect(ctx context.Context) (*client.Client, func(), error) {
	url := f.node
	if url == "" {
		url = os.Getenv("ANONIFY_NODE")
	}
	if url == "" {
		return nil, nil, &exitError{2, fmt.Errorf("no node: pass --node URL or set ANONIFY_NODE")}
	}
	opts := client.Options{AllowInsecure: f.dev || os.Getenv("ANONIFY_DEV") == "1"}
	if !f.json {
		opts.Warn = func(msg string) { fmt.Fprintln(os.Stderr, "WARNING:", msg) }
	}
	if f.policy != "" {
		p, err := loadClientPolicy(f.policy)
		if err != nil {
			return nil, nil, err
		}
		opts.Policy = p
	}
	closer := func() {}
	netFile := f.network
	if netFile == "" {
		netFile = os.Getenv("ANONIFY_NETWORK")
	}
	if netFile != "" {
		info, err := ledger.LoadNetwork(netFile)
		if err != nil {
			return nil, nil, err
		}
		l, err := ethereum.Dial(ctx, info.RPC, info.Contract, nil)
		if err != nil {
			return nil, nil, err
		}
		opts.Ledger, closer = l, l.Close
	}
	c, err := client.Connect(ctx, url, opts)
	var ie *client.InsecureError
	if errors.As(err, &ie) {
		// The SDK's advice names its options; a CLI user needs the flags.
		err = fmt.Errorf("refusing node %s: its evidence proves nothing (%s) and no network or policy is pinned; "+
			"pass --network devnet.json (or set ANONIFY_NETWORK) to check it against the network, "+
			"--policy FILE to apply a policy of your own, or, for development only, --dev (or ANONIFY_DEV=1)", url, ie.Reason)
	}
	if errors.Is(err, client.ErrNotNode) {
		err = &exitError{2, err}
	}
	if err != nil {
		closer()
		return nil, nil, err
	}
	if !c.Pinned() && !f.json {
		what := "enclave evidence and key binding verified"
		if opts.Policy != nil {
			what += ", and your policy"
		}
		fmt.Fprintf(os.Stderr, "note: %s (%s); pass --network to also check membership, the on-ledger policy, and that outcomes are on the ledger\n", what, c.Claims().Kind)
	}
	return c, closer, nil
}

// walletInputError makes an error about a wallet name or address the user
// gave (an unknown account, a malformed name or address) an input error,
// exit 2.
func walletInputError(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{2, err}
}

// loadClientPolicy reads the policy a user pins with --policy.
func loadClientPolicy(path string) (*attest.Policy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &exitError{2, fmt.Errorf("--policy: %w", err)}
	}
	p, err := attest.ParsePolicy(b)
	if err != nil {
		// attest.ErrPolicy's text speaks of evidence; here the file is wrong.
		reason := strings.TrimPrefix(err.Error(), attest.ErrPolicy.Error()+": ")
		return nil, &exitError{2, fmt.Errorf("--policy %s: invalid policy: %s", path, reason)}
	}
	return p, nil
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func statusCmd() *cobra.Command {
	var f clientFlags
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show a node's status: membership, epoch, applied commands, state hash",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, done, err := f.connect(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			s, err := c.Status(cmd.Context())
			if err != nil {
				return err
			}
			if f.json {
				return printJSON(s)
			}
			fmt.Printf("enclave     %s (%s)\nmember      %v\nepoch       %d\nblock       %d\ncommands    %d\nstate hash  %s\npending     %d\nnetwork     chain %d contract %s\n",
				s.Identity.Hex(), s.TEEKind, s.Member, s.Epoch, s.AppliedBlock, s.AppliedCommands, s.StateHash.Hex(), s.Pending, s.ChainID, s.Contract.Hex())
			return nil
		},
	}
	f.add(cmd, needNode)
	return cmd
}

func walletCmd() *cobra.Command {
	var f clientFlags
	cmd := &cobra.Command{Use: "wallet", Short: "Manage account keys (Ethereum keystore files)"}
	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Create an account and print its address",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w, err := f.wallet()
			if err != nil {
				return err
			}
			p, err := f.passphrase(true)
			if err != nil {
				return err
			}
			a, err := w.Create(args[0], p)
			if err != nil {
				return err
			}
			if f.json {
				return writeJSON(cmd.OutOrStdout(), wallet.Account{Name: args[0], Address: a})
			}
			fmt.Fprintln(cmd.OutOrStdout(), a.Hex())
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List accounts as NAME ADDR lines",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w, err := f.wallet()
			if err != nil {
				return err
			}
			accts, err := w.List()
			if err != nil {
				return err
			}
			if f.json {
				if accts == nil {
					accts = []wallet.Account{}
				}
				return writeJSON(cmd.OutOrStdout(), accts)
			}
			for _, a := range accts {
				fmt.Fprintf(cmd.OutOrStdout(), "%s %s\n", a.Name, a.Address.Hex())
			}
			return nil
		},
	}
	cmd.AddCommand(create, list)
	f.add(create, needKey)
	f.add(list, needWallet)
	return cmd
}
