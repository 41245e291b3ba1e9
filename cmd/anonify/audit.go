package main

import (
	"bytes"
	"context"
	"crypto/hpke"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/auditor"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/ledger"
	ethledger "github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire/audit"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// auditCmd is `anonify audit`: auditor keys, their registration by
// governance, and reading what the enclaves sealed to an auditor.
func auditCmd() *cobra.Command {
	var (
		chain  cli.ChainFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Auditors: keys, registration by governance, and the records sealed to them",
		Long: `An auditor is an X25519 key that governance registers with a scope. From the
registration on, every member enclave seals to that key, and posts on the
ledger, a snapshot of the in-scope state and then a record of each applied
command in scope: signer, app, function, arguments, outcome (applied, or
rejected and why) and the state entries it wrote. A scope change brings a
new snapshot. Nobody else can open these records, and nothing on the ledger
says which auditor a record is for; the auditor needs its private key and
the chain, and no node.

Scopes: APP, optionally followed by ':' and ';'-separated narrowings, each
at most once:
  APP                                  every function of the app, every account
  APP:functions=NAME,NAME,...          only these functions
  APP:accounts=0xADDR,0xADDR,...       only commands signed by or naming these
                                       accounts, and only state entries naming them
  APP:functions=...;accounts=...       both
for example
  erc20
  erc20:accounts=0xA
  erc20:functions=transfer,transfer_from;accounts=0xA
where 0xA is a full address (0x and 40 hex digits; one in mixed case must
carry a valid EIP-55 checksum). Names are 1 to 64 of a-z, 0-9, '_' and '-'.
register proposes the canonical form: lists sorted, duplicates dropped,
addresses in lower case.

The chain comes from --rpc and --contract, or --network devnet.json (env
ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK). register and remove sign
with a governor's key (--key-file FILE, or env ANONIFY_GOVERNOR_KEY holding
the hex key); log and state read with the auditor's key (--key-file FILE,
as keygen writes it).

log and state check what they read: records are numbered per auditor from
0 without gaps (a gap: records not posted yet, or withheld), no two
different records share a number, each fits the governance history, and
governance events carry the genesis governors' signatures (one that does
not is ignored, as the enclaves ignore it). They print each problem on
stderr (and under "problems" with --json) and still exit 0: a problem is a
finding about the network, not a failure to read it.

Exit status: 0 done (problems included), 2 usage or input error (a bad
scope, key or flag; keygen refusing to overwrite), 3 refused by the
contract (not a governor, not an auditor, too many auditors), 1 other.`,
		Example: `  anonify audit keygen --out auditor.key
  anonify audit register --pubkey 0x… --scope erc20:accounts=0x… --key-file governor.key --network devnet.json
  anonify attest policy approve 7 --key-file second-governor.key --network devnet.json
  anonify audit list --network devnet.json
  anonify audit log --key-file auditor.key --network devnet.json
  anonify audit state --key-file auditor.key --account 0x… --at 1200 --network devnet.json
  anonify audit remove --pubkey 0x… --key-file governor.key --network devnet.json`,
	}
	cmd.PersistentFlags().BoolVar(&asJSON, "json", false, "machine-readable output")
	cmd.AddCommand(auditKeygenCmd(&asJSON), auditRegisterCmd(&chain, &asJSON), auditRemoveCmd(&chain, &asJSON),
		auditListCmd(&chain, &asJSON), auditLogCmd(&chain, &asJSON), auditStateCmd(&chain, &asJSON))
	return cmd
}

func auditKeygenCmd(asJSON *bool) *cobra.Command {
	var (
		out   string
		force bool
	)
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Make an auditor key: writes the private key to a file, prints the public key",
		Long: `keygen draws a fresh X25519 key, writes the private key (hex) to --out with
mode 0600, and prints the public key (hex) on stdout, for governance to
register (anonify audit register --pubkey). Keep the file secret: it opens
every record ever sealed to this auditor. keygen does not overwrite a file
unless --force is given.`,
		Example: `  anonify audit keygen --out auditor.key`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			k, err := audit.GenerateKey()
			if err != nil {
				return err
			}
			priv, err := k.Bytes()
			if err != nil {
				return err
			}
			flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
			if force {
				flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			}
			f, err := os.OpenFile(out, flags, 0o600)
			if errors.Is(err, fs.ErrExist) {
				return cli.Usagef("%s exists (it may hold an auditor key, which nothing could replace); pass --force to overwrite it", out)
			}
			if err != nil {
				return cli.Usage(err)
			}
			// An existing file keeps its mode under O_TRUNC.
			err = f.Chmod(0o600)
			if err == nil {
				_, err = fmt.Fprintf(f, "%x\n", priv)
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("writing %s: %w", out, err)
			}
			pub := "0x" + hex.EncodeToString(k.PublicKey().Bytes())
			if *asJSON {
				return writeJSON(cmd.OutOrStdout(), struct {
					PublicKey string `json:"public_key"`
					KeyFile   string `json:"key_file"`
				}{pub, out})
			}
			fmt.Fprintln(cmd.OutOrStdout(), pub)
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote the auditor's private key to %s (mode 0600); keep it secret: it opens every record sealed to this auditor\n", out)
			fmt.Fprintf(cmd.ErrOrStderr(), "governance registers it with: anonify audit register --pubkey %s --scope SCOPE --key-file GOVERNOR_KEY\n", pub)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "file to write the private key to (mode 0600)")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite --out if it exists")
	cmd.MarkFlagRequired("out")
	return cmd
}

func auditRegisterCmd(chain *cli.ChainFlags, asJSON *bool) *cobra.Command {
	var pubkey, scope, keyFile string
	cmd := &cobra.Command{
		Use:   "register",
		Short: "Propose to register an auditor key with a scope, or to change its scope",
		Long: `register checks the scope (see anonify audit --help for the grammar) and
proposes, as a governor, that the auditor key --pubkey have it: a new key is
registered, a registered one gets the new scope. The proposer's approval
counts; once a threshold of governors approved (anonify attest policy
approve ID), the member enclaves send the auditor a snapshot of the
in-scope state and, from then on, a record of each command in scope.`,
		Example: `  anonify audit register --pubkey 0x… --scope erc20 --key-file governor.key --network devnet.json
  anonify audit register --pubkey 0x… --scope 'erc20:functions=transfer,transfer_from;accounts=0x…' --key-file governor.key`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sc, err := audit.ParseScope(scope)
			if err != nil {
				return cli.Usagef("--scope %q: %s", scope, strings.TrimPrefix(err.Error(), audit.ErrScope.Error()+": "))
			}
			key, err := parseAuditorPubkey(pubkey)
			if err != nil {
				return err
			}
			return proposeAuditor(cmd, *chain, keyFile, key, sc.String(), *asJSON)
		},
	}
	cmd.Flags().StringVar(&pubkey, "pubkey", "", "the auditor's public key (hex, as anonify audit keygen prints it)")
	cmd.Flags().StringVar(&scope, "scope", "", "what the auditor may see: APP[:functions=...;accounts=...]")
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file with a governor's hex private key (env ANONIFY_GOVERNOR_KEY: the hex key)")
	cmd.MarkFlagRequired("pubkey")
	cmd.MarkFlagRequired("scope")
	chain.Add(cmd.Flags())
	return cmd
}

func auditRemoveCmd(chain *cli.ChainFlags, asJSON *bool) *cobra.Command {
	var pubkey, keyFile string
	cmd := &cobra.Command{
		Use:   "remove",
		Short: "Propose to remove an auditor",
		Long: `remove proposes, as a governor, that the auditor key --pubkey be removed. Once
a threshold of governors approved (anonify attest policy approve ID), the
enclaves send it nothing more; what is on the ledger stays readable to it.
Registered again later, it gets a new snapshot, and its records keep their
numbering.`,
		Example: `  anonify audit remove --pubkey 0x… --key-file governor.key --network devnet.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			key, err := parseAuditorPubkey(pubkey)
			if err != nil {
				return err
			}
			return proposeAuditor(cmd, *chain, keyFile, key, "", *asJSON)
		},
	}
	cmd.Flags().StringVar(&pubkey, "pubkey", "", "the auditor's public key (hex)")
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file with a governor's hex private key (env ANONIFY_GOVERNOR_KEY: the hex key)")
	cmd.MarkFlagRequired("pubkey")
	chain.Add(cmd.Flags())
	return cmd
}

// parseAuditorPubkey reads an auditor's public key: 32 bytes in hex,
// optionally 0x-prefixed, not all zero.
func parseAuditorPubkey(s string) ([32]byte, error) {
	var key [32]byte
	b, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X"))
	if err == nil {
		_, err = audit.ParsePublicKey(b)
	}
	if err != nil || bytes.Equal(b, key[:]) {
		return key, cli.Usagef("--pubkey %q: want an X25519 public key, 64 hex digits (as anonify audit keygen prints it)", s)
	}
	copy(key[:], b)
	return key, nil
}

// auditProposal is what register and remove print with --json.
type auditProposal struct {
	ID        uint64 `json:"id"`
	Key       string `json:"key"`
	Scope     string `json:"scope"` // "" for a removal
	Approvals uint64 `json:"approvals"`
	Threshold uint64 `json:"threshold"`
	Executed  bool   `json:"executed"`
}

// proposeAuditor proposes scope ("" = removal) for key as the governor
// whose key is in keyFile (or ANONIFY_GOVERNOR_KEY), and prints the
// proposal's state.
func proposeAuditor(cmd *cobra.Command, chain cli.ChainFlags, keyFile string, key [32]byte, scope string, asJSON bool) error {
	gkey, err := cli.ReadKey("key-file", keyFile, "ANONIFY_GOVERNOR_KEY")
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	g, err := dialGovernance(ctx, chain, gkey)
	if err != nil {
		return err
	}
	defer g.close()
	hexKey := "0x" + hex.EncodeToString(key[:])
	id, err := g.led.ProposeAuditor(ctx, key, []byte(scope))
	switch {
	case errors.Is(err, ledger.ErrNotAuditor):
		return &exitError{3, fmt.Errorf("%s is not an auditor's key, so there is nothing to remove (anonify audit list shows the auditors)", hexKey)}
	case errors.Is(err, ledger.ErrTooManyAuditors):
		return &exitError{3, fmt.Errorf("the network has as many auditors as it allows (%d); remove one first (anonify audit remove)", chainmsg.MaxAuditors)}
	case errors.Is(err, ledger.ErrInvalidInput):
		return &exitError{3, fmt.Errorf("the contract refused the proposal: %w", err)}
	case err != nil:
		return governanceError(err, 0, g.from)
	}
	p, err := g.led.Proposal(ctx, id)
	if err != nil {
		return err
	}
	gov, err := g.led.Governance(ctx)
	if err != nil {
		return err
	}
	o := auditProposal{ID: id, Key: hexKey, Scope: scope, Approvals: p.Approvals, Threshold: gov.Threshold, Executed: p.Executed}
	if asJSON {
		return writeJSON(cmd.OutOrStdout(), o)
	}
	w := cmd.OutOrStdout()
	what := fmt.Sprintf("auditor %s with scope %s", hexKey, scope)
	if scope == "" {
		what = fmt.Sprintf("removal of auditor %s", hexKey)
	}
	fmt.Fprintf(w, "proposal %d proposed: %s; %d of %d approvals\n", id, what, o.Approvals, o.Threshold)
	switch {
	case o.Executed && scope == "":
		fmt.Fprintf(w, "executed: %s is no longer an auditor; the enclaves send it nothing more (its records so far stay readable)\n", hexKey)
	case o.Executed:
		fmt.Fprintf(w, "executed: the member enclaves send %s a snapshot of the in-scope state, then a record of each command in scope (anonify audit log)\n", hexKey)
	default:
		fmt.Fprintf(w, "not executed yet: %d more approval(s) needed; other governors approve with: anonify attest policy approve %d\n", o.Threshold-min(o.Approvals, o.Threshold), id)
	}
	return nil
}

// dialChain connects to the chain without a key, to read it.
func dialChain(ctx context.Context, chain cli.ChainFlags) (*ethledger.Driver, uint64, error) {
	rpc, contract, err := chain.Resolve()
	if err != nil {
		return nil, 0, err
	}
	led, err := ethledger.Dial(ctx, rpc, contract, nil)
	if err != nil {
		return nil, 0, err
	}
	from, err := led.DeployedAt(ctx)
	if err != nil {
		led.Close()
		return nil, 0, err
	}
	return led, from, nil
}

type auditorJSON struct {
	Key          string `json:"key"`
	Scope        string `json:"scope"`
	Valid        bool   `json:"valid"` // the scope parses; the enclaves send nothing under one that does not
	SinceBlock   uint64 `json:"since_block"`
	ChangedBlock uint64 `json:"changed_block"`
	Act          uint64 `json:"act"`
}

func auditListCmd(chain *cli.ChainFlags, asJSON *bool) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the auditors in office: key, scope, since which block",
		Long: `list reads the governance acts on auditors from the chain, each checked against
the genesis governors' signatures as the enclaves check it, and prints the
auditors in office at the head: public key, scope, and the block of their
registration (and of their last scope change).`,
		Example: `  anonify audit list --network devnet.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			led, from, err := dialChain(ctx, *chain)
			if err != nil {
				return err
			}
			defer led.Close()
			r, err := auditor.Auditors(ctx, led, from)
			if err != nil {
				return err
			}
			printProblems(cmd.ErrOrStderr(), r.Problems)
			out := struct {
				Head     uint64        `json:"head"`
				Auditors []auditorJSON `json:"auditors"`
				Problems []string      `json:"problems"`
			}{r.Head, []auditorJSON{}, nonNil(r.Problems)}
			for _, a := range r.Auditors {
				out.Auditors = append(out.Auditors, auditorJSON{Key: "0x" + hex.EncodeToString(a.Key[:]), Scope: a.Scope, Valid: a.Valid,
					SinceBlock: a.Since.Block, ChangedBlock: a.Changed.Block, Act: a.Nonce})
			}
			if *asJSON {
				return writeJSON(cmd.OutOrStdout(), out)
			}
			w := cmd.OutOrStdout()
			if len(out.Auditors) == 0 {
				fmt.Fprintf(w, "no auditors (head: block %d)\n", r.Head)
				return nil
			}
			for _, a := range out.Auditors {
				fmt.Fprintf(w, "%s  since block %d  %s", a.Key, a.SinceBlock, a.Scope)
				if a.ChangedBlock != a.SinceBlock {
					fmt.Fprintf(w, "  (scope set in block %d)", a.ChangedBlock)
				}
				if !a.Valid {
					fmt.Fprint(w, "  (the scope does not parse: the enclaves send this auditor nothing)")
				}
				fmt.Fprintln(w)
			}
			return nil
		},
	}
	chain.Add(cmd.Flags())
	return cmd
}

// readAuditorKey reads the auditor's private key: hex (optionally 0x) in
// file. The key never appears in an error.
func readAuditorKey(file string) (*auditorKey, error) {
	if file == "" {
		return nil, cli.Usagef("no auditor key: pass --key-file FILE (as anonify audit keygen writes it)")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, cli.Usage(fmt.Errorf("--key-file: %w", err))
	}
	raw, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(string(b)), "0x"), "0X"))
	if err != nil || len(raw) != 32 {
		return nil, cli.Usagef("--key-file %s: not an auditor key (64 hex digits, as anonify audit keygen writes it)", file)
	}
	k, err := audit.ParsePrivateKey(raw)
	if err != nil {
		return nil, cli.Usagef("--key-file %s: not an auditor key (64 hex digits, as anonify audit keygen writes it)", file)
	}
	return &auditorKey{k, "0x" + hex.EncodeToString(k.PublicKey().Bytes())}, nil
}

type auditorKey struct {
	priv hpke.PrivateKey
	pub  string // hex, 0x-prefixed
}

// readTrail reads the trail of the auditor whose key is in keyFile.
func readTrail(ctx context.Context, chain cli.ChainFlags, keyFile string, stderr io.Writer) (*auditor.Trail, string, error) {
	k, err := readAuditorKey(keyFile)
	if err != nil {
		return nil, "", err
	}
	led, from, err := dialChain(ctx, chain)
	if err != nil {
		return nil, "", err
	}
	defer led.Close()
	t, err := auditor.Read(ctx, led, k.priv, from)
	if err != nil {
		return nil, "", err
	}
	printProblems(stderr, t.Problems)
	if len(t.Appointments) == 0 {
		return nil, "", fmt.Errorf("governance never registered the auditor key %s on this network (anonify audit list shows the auditors)", k.pub)
	}
	return t, k.pub, nil
}

// printProblems says, on stderr, what the trail lacks or what does not
// add up.
func printProblems(w io.Writer, problems []string) {
	for _, p := range problems {
		fmt.Fprintf(w, "problem: %s\n", p)
	}
	if n := len(problems); n > 0 {
		fmt.Fprintf(w, "%d problem(s) found: what follows is what the ledger holds, and may be incomplete or contradicted\n", n)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type appointmentJSON struct {
	Scope      string  `json:"scope"` // "" = removed
	Block      uint64  `json:"block"`
	Index      uint64  `json:"index"`
	Tx         string  `json:"tx"`
	Act        uint64  `json:"act"`
	UntilBlock *uint64 `json:"until_block,omitempty"`
}

type recordJSON struct {
	*audit.Record
	PostBlock uint64         `json:"post_block"`
	PostTx    common.Hash    `json:"post_tx"`
	Poster    common.Address `json:"poster"`
}

func itemsJSON(items []auditor.Item) []recordJSON {
	out := []recordJSON{}
	for _, it := range items {
		out = append(out, recordJSON{it.Record, it.Post.Block, it.TxHash, it.Poster})
	}
	return out
}

func auditLogCmd(chain *cli.ChainFlags, asJSON *bool) *cobra.Command {
	var (
		keyFile   string
		fromBlock uint64
	)
	cmd := &cobra.Command{
		Use:   "log",
		Short: "Print the commands in the auditor's scope, one line each, from the records sealed to it",
		Long: `log reads every audit post on the chain, opens the records sealed to the
auditor's key (--key-file), and prints one line per command record, in
record order: block, signer, app.function, arguments (compact JSON), and
outcome (applied, or rejected: reason). --from-block skips commands in
earlier blocks. With --json it prints the whole trail: the key's
appointments, its records from --from-block on (snapshots too, and the
state entries each wrote), conflicting records, and the problems.

Problems (see anonify audit --help) go to stderr and do not change the exit
status.`,
		Example: `  anonify audit log --key-file auditor.key --network devnet.json
  anonify audit log --key-file auditor.key --from-block 1200 --json --network devnet.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t, pub, err := readTrail(cmd.Context(), *chain, keyFile, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if *asJSON {
				out := struct {
					Auditor      string            `json:"auditor"`
					Head         uint64            `json:"head"`
					Appointments []appointmentJSON `json:"appointments"`
					Records      []recordJSON      `json:"records"`
					Conflicts    []recordJSON      `json:"conflicts"`
					Problems     []string          `json:"problems"`
				}{Auditor: pub, Head: t.Head, Conflicts: itemsJSON(t.Conflicts), Problems: nonNil(t.Problems)}
				for _, a := range t.Appointments {
					j := appointmentJSON{Scope: a.Scope, Block: a.At.Block, Index: a.At.Index, Tx: a.TxHash.Hex(), Act: a.Nonce}
					if a.Until != nil {
						j.UntilBlock = &a.Until.Block
					}
					out.Appointments = append(out.Appointments, j)
				}
				var items []auditor.Item
				for _, it := range t.Items {
					if it.Record.Block >= fromBlock {
						items = append(items, it)
					}
				}
				out.Records = itemsJSON(items)
				return writeJSON(cmd.OutOrStdout(), out)
			}
			items := t.Log(fromBlock)
			w := cmd.OutOrStdout()
			for _, it := range items {
				r := it.Record
				args := "-"
				if len(r.Args) > 0 {
					var b bytes.Buffer
					if json.Compact(&b, r.Args) == nil {
						args = b.String()
					} else {
						args = string(r.Args)
					}
				}
				outcome := "applied"
				if !r.OK {
					outcome = "rejected: " + r.Reason
				}
				fmt.Fprintf(w, "%d  %s  %s.%s  %s  %s\n", r.Block, r.Signer.Hex(), r.App, r.Function, args, outcome)
			}
			if len(items) == 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "no command records from block %d to the head (block %d)\n", fromBlock, t.Head)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file with the auditor's hex private key (anonify audit keygen)")
	cmd.Flags().Uint64Var(&fromBlock, "from-block", 0, "show only records of commands (and snapshots) in this block or later")
	chain.Add(cmd.Flags())
	return cmd
}

func auditStateCmd(chain *cli.ChainFlags, asJSON *bool) *cobra.Command {
	var (
		keyFile, account string
		at               uint64
	)
	cmd := &cobra.Command{
		Use:   "state",
		Short: "Print the in-scope state at a block, replayed from the records sealed to the auditor",
		Long: `state replays the auditor's records: the latest snapshot at or before the
block (--at, default the head), then every command record after it up to
that block. It prints the entries per slot: a value slot as SLOT = VALUE, a
map's entries as KEY = VALUE under the slot's name. --account keeps the
entries whose key names that account.

A state is only as complete as the records on the ledger: records of the
last blocks may not be posted yet, and notes on stderr say what is missing
(parts of the snapshot, numbered records, a scope change's snapshot) or
that the key was removed by then.`,
		Example: `  anonify audit state --key-file auditor.key --network devnet.json
  anonify audit state --key-file auditor.key --account 0x… --at 1200 --json --network devnet.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var acct common.Address
			if account != "" {
				if !strings.HasPrefix(account, "0x") || !common.IsHexAddress(account) {
					return cli.Usagef("--account %q: want a 0x address", account)
				}
				acct = common.HexToAddress(account)
			}
			t, pub, err := readTrail(cmd.Context(), *chain, keyFile, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			block := t.Head
			if cmd.Flags().Changed("at") {
				if at > t.Head {
					return cli.Usagef("--at %d is past the head, block %d", at, t.Head)
				}
				block = at
			}
			st, err := t.StateAt(block)
			if err != nil {
				return err
			}
			entries := st.Entries
			if account != "" {
				entries = st.About(acct)
			}
			for _, n := range st.Notes {
				fmt.Fprintf(cmd.ErrOrStderr(), "note: %s\n", n)
			}
			if *asJSON {
				out := struct {
					Auditor  string            `json:"auditor"`
					Block    uint64            `json:"block"`
					Snapshot chainmsg.Position `json:"snapshot"`
					Scope    string            `json:"scope"`
					LastSeq  uint64            `json:"last_seq"`
					Account  *common.Address   `json:"account,omitempty"`
					Entries  []audit.Entry     `json:"entries"`
					Notes    []string          `json:"notes"`
					Problems []string          `json:"problems"`
				}{pub, st.Block, st.Snapshot, st.Scope, st.LastSeq, nil, entries, nonNil(st.Notes), nonNil(t.Problems)}
				if account != "" {
					out.Account = &acct
				}
				if out.Entries == nil {
					out.Entries = []audit.Entry{}
				}
				return writeJSON(cmd.OutOrStdout(), out)
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "state at block %d: snapshot of block %d, scope %s, through record %d\n", st.Block, st.Snapshot.Block, st.Scope, st.LastSeq)
			slot := ""
			for _, e := range entries {
				if len(e.Key) == 0 {
					fmt.Fprintf(w, "%s = %s\n", e.Slot, e.Value)
					slot = ""
					continue
				}
				if e.Slot != slot {
					fmt.Fprintln(w, e.Slot)
					slot = e.Slot
				}
				fmt.Fprintf(w, "  %s = %s\n", e.Key, e.Value)
			}
			if len(entries) == 0 {
				fmt.Fprintln(w, "(no entries)")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file with the auditor's hex private key (anonify audit keygen)")
	cmd.Flags().StringVar(&account, "account", "", "show only the entries whose key names this 0x address")
	cmd.Flags().Uint64Var(&at, "at", 0, "the block (default: the head)")
	chain.Add(cmd.Flags())
	return cmd
}
