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

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wallet"
)

// clientFlags are shared by every command that talks to a node.
type clientFlags struct {
	node, home, network, policy string
	dev, json                   bool
}

func (f *clientFlags) add(cmd *cobra.Command) {
	cmd.PersistentFlags().StringVar(&f.node, "node", "", "node URL (env ANONIFY_NODE)")
	cmd.PersistentFlags().StringVar(&f.home, "home", "", "wallet directory (env ANONIFY_HOME, default ~/.anonify)")
	cmd.PersistentFlags().StringVar(&f.network, "network", "", "devnet.json pinning chain and contract; the node's enclave must then be a member passing the on-ledger policy, and outcomes are checked on the ledger (env ANONIFY_NETWORK)")
	cmd.PersistentFlags().StringVar(&f.policy, "policy", "", "policy JSON file the node's enclave must pass (with --network, the on-ledger policy applies too)")
	cmd.PersistentFlags().BoolVar(&f.dev, "dev", false, "DEVELOPMENT ONLY: without --network or --policy, accept a node whose evidence proves nothing (simulated TEE, debug enclave) (env ANONIFY_DEV=1)")
	cmd.PersistentFlags().BoolVar(&f.json, "json", false, "machine-readable output")
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

func passphrase(confirm bool) (string, error) {
	if p := os.Getenv("ANONIFY_PASSPHRASE"); p != "" {
		return p, nil
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return "", fmt.Errorf("no passphrase: set ANONIFY_PASSPHRASE or run in a terminal")
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
			return "", fmt.Errorf("passphrases do not match")
		}
	}
	return string(p), nil
}

func (f *clientFlags) key(w *wallet.Wallet, name string) (*ecdsa.PrivateKey, error) {
	if name == "" {
		return nil, &exitError{2, fmt.Errorf("--from NAME is required")}
	}
	if _, err := w.Address(name); err != nil {
		return nil, err
	}
	p, err := passphrase(false)
	if err != nil {
		return nil, err
	}
	return w.Key(name, p)
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
		info, err := client.LoadNetwork(netFile)
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
	f.add(cmd)
	return cmd
}

func walletCmd() *cobra.Command {
	var f clientFlags
	cmd := &cobra.Command{Use: "wallet", Short: "Manage account keys (Ethereum keystore files)"}
	f.add(cmd)
	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Create an account and print its address",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w, err := f.wallet()
			if err != nil {
				return err
			}
			p, err := passphrase(true)
			if err != nil {
				return err
			}
			a, err := w.Create(args[0], p)
			if err != nil {
				return err
			}
			if f.json {
				return printJSON(wallet.Account{Name: args[0], Address: a})
			}
			fmt.Println(a.Hex())
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
				return printJSON(accts)
			}
			for _, a := range accts {
				fmt.Printf("%s %s\n", a.Name, a.Address.Hex())
			}
			return nil
		},
	}
	cmd.AddCommand(create, list)
	return cmd
}
