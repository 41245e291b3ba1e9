package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/recovery"
)

// recoveryCmd is `anonify recovery`: disaster-recovery custodians, their
// keys, and their appointment by governance.
func recoveryCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "recovery",
		Short: "Disaster recovery: custodian keys and the custodian set governance appoints",
		Long: `If every enclave and every data directory of a network is lost, its state can
be rebuilt from the ledger with a recovery secret that no single party holds:
governance appoints n custodians, each an X25519 key, and a threshold k. The
member enclaves split the secret of each epoch's checkpoint among the
custodians by Shamir's scheme (k shares recover it, k-1 reveal nothing)
and seal each share to its custodian's key in the checkpoint's manifest on
the ledger. A custodian keeps its private key offline; its public key is all
governance needs.

  keygen                  make a custodian key (private key to a file, public key printed)
  pubkey                  print the public key of a custodian key file
  custodians [show]       the custodian set in force and the open custodian proposals
  custodians propose      propose a new custodian set (or none) as a governor

A new set takes effect with the next epoch's checkpoint; earlier
checkpoints stay shared among the custodians of their time. Proposals are
approved like every governance act, with anonify attest policy approve ID.

The chain comes from --rpc and --contract, or --network devnet.json (env
ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK). propose signs with a
governor's key: --key-file FILE holding the hex private key, or env
ANONIFY_GOVERNOR_KEY holding the hex key itself.

Exit status: 0 done, 2 usage or input error (a bad key, threshold or flag;
keygen refusing to overwrite), 3 refused by the contract (not a governor, an
invalid set), 1 other (the set proposed is already in force or proposed).`,
		Example: `  anonify recovery keygen --out custodian.key
  anonify recovery pubkey --key-file custodian.key
  anonify recovery custodians propose --threshold 2 0xKEY1 0xKEY2 0xKEY3 --key-file governor.key --network devnet.json
  anonify attest policy approve 7 --key-file second-governor.key --network devnet.json
  anonify recovery custodians --network devnet.json`,
	}
	cmd.PersistentFlags().BoolVar(&asJSON, "json", false, "machine-readable output")
	cmd.AddCommand(recoveryKeygenCmd(&asJSON), recoveryPubkeyCmd(&asJSON), custodiansCmd(&asJSON))
	return cmd
}

func recoveryKeygenCmd(asJSON *bool) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Make a custodian key: writes the private key to a file, prints the public key",
		Long: `keygen draws a fresh X25519 key, writes the private key (64 hex digits) to
--out with mode 0600, and prints the public key (0x and 64 hex digits) on
stdout, for governance to appoint (anonify recovery custodians propose).
Keep the file secret and safe: with the keys of enough other custodians it
opens the network's checkpoints, and a lost key is a lost share. keygen
never overwrites a file: move an existing one away first.`,
		Example: `  anonify recovery keygen --out custodian.key`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			k, err := recovery.GenerateKey()
			if err != nil {
				return err
			}
			priv, err := k.Bytes()
			if err != nil {
				return err
			}
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if errors.Is(err, fs.ErrExist) {
				return cli.Usagef("%s exists (it may hold a custodian key, which nothing could replace); keygen never overwrites a file", out)
			}
			if err != nil {
				return cli.Usage(err)
			}
			_, err = fmt.Fprintf(f, "%x\n", priv)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(out) // half a key is no key
				return fmt.Errorf("writing %s: %w", out, err)
			}
			pub := "0x" + hex.EncodeToString(k.PublicKey().Bytes())
			if *asJSON {
				return writeJSON(cmd.OutOrStdout(), custodianKeyJSON{PublicKey: pub, KeyFile: out})
			}
			fmt.Fprintln(cmd.OutOrStdout(), pub)
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote the custodian's private key to %s (mode 0600); keep it secret and safe: a lost key is a lost share\n", out)
			fmt.Fprintf(cmd.ErrOrStderr(), "governance appoints custodians with: anonify recovery custodians propose --threshold K %s ... --key-file GOVERNOR_KEY\n", pub)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "file to write the private key to (mode 0600); must not exist")
	cmd.MarkFlagRequired("out")
	return cmd
}

func recoveryPubkeyCmd(asJSON *bool) *cobra.Command {
	var keyFile string
	cmd := &cobra.Command{
		Use:   "pubkey",
		Short: "Print the public key of a custodian key file",
		Long: `pubkey reads a custodian's private key (64 hex digits, as anonify recovery
keygen writes it, or the "private" field of a devnet's keys.json) and prints
its public key, as governance appoints it.`,
		Example: `  anonify recovery pubkey --key-file custodian.key`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pub, err := readCustodianKey(keyFile)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSON(cmd.OutOrStdout(), custodianKeyJSON{PublicKey: pub, KeyFile: keyFile})
			}
			fmt.Fprintln(cmd.OutOrStdout(), pub)
			return nil
		},
	}
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file with the custodian's hex private key")
	cmd.MarkFlagRequired("key-file")
	return cmd
}

// custodianKeyJSON is what keygen and pubkey print with --json.
type custodianKeyJSON struct {
	PublicKey string `json:"public_key"`
	KeyFile   string `json:"key_file"`
}

// readCustodianKey reads a custodian's private key, hex (optionally 0x) in
// file, and returns its public key (0x hex). The key never appears in an
// error.
func readCustodianKey(file string) (string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", cli.Usage(fmt.Errorf("--key-file: %w", err))
	}
	bad := cli.Usagef("--key-file %s: not a custodian key (64 hex digits, as anonify recovery keygen writes it)", file)
	raw, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(string(b)), "0x"), "0X"))
	if err != nil || len(raw) != 32 {
		return "", bad
	}
	k, err := recovery.ParsePrivateKey(raw)
	if err != nil {
		return "", bad
	}
	return "0x" + hex.EncodeToString(k.PublicKey().Bytes()), nil
}

func custodiansCmd(asJSON *bool) *cobra.Command {
	var chain cli.ChainFlags
	runShow := func(cmd *cobra.Command, args []string) error {
		return showCustodians(cmd, chain, *asJSON)
	}
	cmd := &cobra.Command{
		Use:   "custodians",
		Short: "Show the custodian set in force (same as custodians show), or propose another",
		Long: `custodians, or custodians show, prints the disaster-recovery custodian set in
force on the chain (its version, how many custodians recover, their public
keys) and the open custodian proposals; custodians propose proposes a new
set as a governor.`,
		Example: `  anonify recovery custodians --network devnet.json
  anonify recovery custodians propose --threshold 2 0xKEY1 0xKEY2 0xKEY3 --key-file governor.key --network devnet.json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
			if s := c.SuggestionsFor(args[0]); len(s) > 0 {
				msg += fmt.Sprintf("; did you mean %q?", s[0])
			}
			return cli.Usagef("%s (run '%s --help' for its commands)", msg, c.CommandPath())
		},
		RunE: runShow,
	}
	chain.Add(cmd.Flags())
	show := &cobra.Command{
		Use:     "show",
		Short:   "Print the custodian set in force and the open custodian proposals",
		Example: `  anonify recovery custodians show --network devnet.json --json`,
		Args:    cobra.NoArgs,
		RunE:    runShow,
	}
	chain.Add(show.Flags())
	cmd.AddCommand(show, custodiansProposeCmd(asJSON))
	return cmd
}

func custodiansProposeCmd(asJSON *bool) *cobra.Command {
	var (
		chain     cli.ChainFlags
		keyFile   string
		threshold int
	)
	cmd := &cobra.Command{
		Use:   "propose --threshold K KEY...",
		Short: "Propose a custodian set as a governor: K of the KEYs recover; prints the proposal id",
		Long: `propose checks the set and proposes, as a governor, that the custodians be the
public keys KEY... (0x and 64 hex digits each, as anonify recovery keygen
and pubkey print them), any K of which recover: 1 <= K <= the number of
keys, at most ` + fmt.Sprint(chainmsg.MaxCustodians) + ` keys, each once, each a usable X25519 key.
--threshold 0 with no keys proposes no custodians: disaster recovery is off
from the next epoch's checkpoint.

The proposer's approval counts; once a threshold of governors approved
(anonify attest policy approve ID), the set is in force, and member
enclaves share the secret of every later checkpoint among its custodians.
A set already in force, or already proposed, is not proposed again.`,
		Example: `  anonify recovery custodians propose --threshold 2 0xKEY1 0xKEY2 0xKEY3 --key-file governor.key --network devnet.json
  anonify recovery custodians propose --threshold 0 --key-file governor.key --network devnet.json   # recovery off`,
		RunE: func(cmd *cobra.Command, args []string) error {
			keys, k, err := parseCustodianSet(threshold, args)
			if err != nil {
				return err
			}
			return proposeCustodians(cmd, chain, keyFile, keys, k, *asJSON)
		},
	}
	cmd.Flags().IntVar(&threshold, "threshold", 0, "how many of the custodians recover (1 to the number of keys; 0 with no keys: recovery off)")
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file with a governor's hex private key (env ANONIFY_GOVERNOR_KEY: the hex key)")
	cmd.MarkFlagRequired("threshold")
	chain.Add(cmd.Flags())
	return cmd
}

// parseCustodianSet checks a custodian set as the contract will, and
// more: every key must be a usable X25519 public key. It returns the keys
// in the order given.
func parseCustodianSet(threshold int, args []string) ([][32]byte, uint8, error) {
	n := len(args)
	if n > chainmsg.MaxCustodians {
		return nil, 0, cli.Usagef("%d custodian keys: a custodian set has at most %d", n, chainmsg.MaxCustodians)
	}
	keys := make([][32]byte, 0, n)
	seen := map[[32]byte]int{}
	for i, a := range args {
		k, err := parseCustodianPubkey(a)
		if err != nil {
			return nil, 0, cli.Usagef("custodian key %d %q: %v", i+1, a, err)
		}
		if j, ok := seen[k]; ok {
			return nil, 0, cli.Usagef("custodian key %d repeats key %d (%s): each custodian holds one share, so give each key once", i+1, j+1, a)
		}
		seen[k] = i
		keys = append(keys, k)
	}
	switch {
	case n == 0 && threshold != 0:
		return nil, 0, cli.Usagef("no custodian keys: give 1 to %d public keys after --threshold, or --threshold 0 and no keys to turn recovery off", chainmsg.MaxCustodians)
	case n > 0 && (threshold < 1 || threshold > n):
		return nil, 0, cli.Usagef("--threshold %d with %d custodian keys: want 1 to %d (how many of the custodians recover)", threshold, n, n)
	}
	return keys, uint8(threshold), nil
}

// parseCustodianPubkey reads a custodian's public key: 32 bytes in hex,
// optionally 0x-prefixed, that a share can be sealed to (not zero, nor
// another low-order point, with which X25519 agrees on nothing secret).
func parseCustodianPubkey(s string) ([32]byte, error) {
	var key [32]byte
	b, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X"))
	if err == nil {
		_, err = recovery.ParsePublicKey(b)
	}
	if err != nil {
		return key, errors.New("want an X25519 public key, 64 hex digits (as anonify recovery keygen or pubkey prints it)")
	}
	copy(key[:], b)
	// What the enclaves will do with it: seal a share to it.
	if _, err := recovery.SealShare(key[:], 1, common.Address{}, 0, make([]byte, recovery.MinShare)); err != nil {
		return key, errors.New("not a usable X25519 public key (zero, or a low-order point: nothing sealed to it would be secret)")
	}
	return key, nil
}

// custodianProposal is what propose prints with --json.
type custodianProposal struct {
	ID uint64 `json:"id"`
	// Version is the custodian version the set becomes; CustodianThreshold
	// of Keys recover.
	Version            uint64   `json:"version"`
	CustodianThreshold uint8    `json:"custodian_threshold"`
	Keys               []string `json:"keys"`
	// Approvals of the governors' Threshold.
	Approvals uint64 `json:"approvals"`
	Threshold uint64 `json:"threshold"`
	Executed  bool   `json:"executed"`
}

// proposeCustodians proposes keys (threshold of them recover) as the
// governor whose key is in keyFile (or ANONIFY_GOVERNOR_KEY), unless that
// set is in force or proposed already, and prints the proposal's state.
func proposeCustodians(cmd *cobra.Command, chain cli.ChainFlags, keyFile string, keys [][32]byte, threshold uint8, asJSON bool) error {
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
	st, err := g.led.State(ctx)
	if err != nil {
		return err
	}
	switch {
	case len(keys) == 0 && len(st.Custodians) == 0:
		return &exitError{1, fmt.Errorf("recovery is already off: no custodians are in force (custodian version %d); nothing to propose", st.CustodianVersion)}
	case sameCustodians(st.Custodians, st.CustodianThreshold, keys, threshold):
		return &exitError{1, fmt.Errorf("this custodian set is already in force (custodian version %d); nothing to propose", st.CustodianVersion)}
	}
	r, err := g.report(ctx)
	if err != nil {
		return err
	}
	for _, p := range r.Open {
		if c := p.Custodians; c != nil && c.Version == st.CustodianVersion+1 && sameCustodians(hashesToKeys(c.Keys), c.Threshold, keys, threshold) {
			return &exitError{1, fmt.Errorf("open proposal %d already proposes this custodian set; approve it instead: anonify attest policy approve %d", p.ID, p.ID)}
		}
	}
	id, err := g.led.ProposeCustodians(ctx, keys, threshold)
	switch {
	case errors.Is(err, ledger.ErrInvalidInput):
		return &exitError{3, fmt.Errorf("the contract refused the custodian set: %w", err)}
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
	o := custodianProposal{ID: id, Version: p.Nonce, CustodianThreshold: threshold, Keys: []string{},
		Approvals: p.Approvals, Threshold: gov.Threshold, Executed: p.Executed}
	for _, k := range keys {
		o.Keys = append(o.Keys, "0x"+hex.EncodeToString(k[:]))
	}
	if asJSON {
		return writeJSON(cmd.OutOrStdout(), o)
	}
	w := cmd.OutOrStdout()
	set := newCustodianSet(p.Nonce, chainmsg.PackCustodians(keys, threshold))
	fmt.Fprintf(w, "proposal %d proposed: %s; %d of %d approvals\n", id, set.describe(), o.Approvals, o.Threshold)
	if o.Executed {
		fmt.Fprintf(w, "executed: %s\n", custodiansExecuted(p.Nonce, p.Policy))
		return nil
	}
	fmt.Fprintf(w, "not executed yet: %d more approval(s) needed; other governors approve with: anonify attest policy approve %d\n", o.Threshold-min(o.Approvals, o.Threshold), id)
	return nil
}

// custodiansExecuted says what an executed custodian act did.
func custodiansExecuted(version uint64, packed []byte) string {
	keys, threshold, err := chainmsg.UnpackCustodians(packed)
	switch {
	case err != nil:
		return fmt.Sprintf("custodian version %d is in force (anonify recovery custodians)", version)
	case len(keys) == 0:
		return fmt.Sprintf("custodian version %d is in force: no custodians; from the next epoch's checkpoint on, nothing can recover the state if every enclave is lost", version)
	}
	return fmt.Sprintf("custodian version %d is in force: from the next epoch's checkpoint on, any %d of these %d custodians can recover the state (anonify recovery custodians)", version, threshold, len(keys))
}

// custodiansReport is what custodians show prints.
type custodiansReport struct {
	ChainID  uint64         `json:"chain_id"`
	Contract common.Address `json:"contract"`
	// Version is the number of custodian acts executed (0: none ever);
	// Threshold of Keys recover; no keys: recovery is off.
	Version   uint64                `json:"version"`
	Threshold uint8                 `json:"threshold"`
	Keys      []common.Hash         `json:"keys"`
	Open      []openCustodianChange `json:"open_proposals"`
	// Governors must approve Approvals of a proposal.
	Approvals uint64 `json:"approvals_needed"`
}

// openCustodianChange is an open custodian proposal. Stale: another
// custodian act took its version first, so it can never execute.
type openCustodianChange struct {
	ID         uint64           `json:"id"`
	Proposer   common.Address   `json:"proposer"`
	Block      uint64           `json:"block"`
	Approvals  uint64           `json:"approvals"`
	ApprovedBy []common.Address `json:"approved_by"`
	Set        *custodianSet    `json:"set"`
	Stale      bool             `json:"stale,omitempty"`
}

func showCustodians(cmd *cobra.Command, chain cli.ChainFlags, asJSON bool) error {
	ctx := cmd.Context()
	g, err := dialGovernance(ctx, chain, nil)
	if err != nil {
		return err
	}
	defer g.close()
	st, err := g.led.State(ctx)
	if err != nil {
		return err
	}
	r, err := g.report(ctx)
	if err != nil {
		return err
	}
	out := custodiansReport{ChainID: r.ChainID, Contract: r.Contract, Version: st.CustodianVersion, Threshold: st.CustodianThreshold,
		Keys: []common.Hash{}, Open: []openCustodianChange{}, Approvals: r.Threshold}
	for _, k := range st.Custodians {
		out.Keys = append(out.Keys, common.Hash(k))
	}
	for _, p := range r.Open {
		if p.Kind != "custodians" || p.Custodians == nil {
			continue
		}
		out.Open = append(out.Open, openCustodianChange{ID: p.ID, Proposer: p.Proposer, Block: p.Block, Approvals: p.Approvals,
			ApprovedBy: p.ApprovedBy, Set: p.Custodians, Stale: p.Custodians.Version != st.CustodianVersion+1})
	}
	if asJSON {
		return writeJSON(cmd.OutOrStdout(), out)
	}
	out.print(cmd.OutOrStdout())
	return nil
}

func (r *custodiansReport) print(w io.Writer) {
	switch {
	case r.Version == 0:
		fmt.Fprintln(w, "custodians  none appointed: disaster recovery is off (anonify recovery custodians propose appoints some)")
	case len(r.Keys) == 0:
		fmt.Fprintf(w, "custodians  version %d: none: disaster recovery is off\n", r.Version)
	default:
		fmt.Fprintf(w, "custodians  version %d: any %d of %d keys recover\n", r.Version, r.Threshold, len(r.Keys))
		for _, k := range r.Keys {
			fmt.Fprintf(w, "  %s\n", k.Hex())
		}
	}
	if len(r.Open) == 0 {
		fmt.Fprintln(w, "open custodian proposals: none")
		return
	}
	fmt.Fprintln(w, "open custodian proposals:")
	for _, p := range r.Open {
		fmt.Fprintf(w, "  #%d %s, proposed by %s in block %d: %d of %d approvals", p.ID, p.Set.describe(), p.Proposer.Hex(), p.Block, p.Approvals, r.Approvals)
		if p.Stale {
			fmt.Fprintln(w, "; stale: another custodian act took its version, propose again")
			continue
		}
		fmt.Fprintf(w, "; approve with: anonify attest policy approve %d\n", p.ID)
		for _, k := range p.Set.Keys {
			fmt.Fprintf(w, "      %s\n", k.Hex())
		}
	}
}

// sameCustodians reports whether two custodian sets hold the same keys, in
// any order, with the same threshold.
func sameCustodians(a [][32]byte, ta uint8, b [][32]byte, tb uint8) bool {
	if ta != tb || len(a) != len(b) {
		return false
	}
	in := map[[32]byte]bool{}
	for _, k := range a {
		in[k] = true
	}
	for _, k := range b {
		if !in[k] {
			return false
		}
	}
	return len(in) == len(b)
}

func hashesToKeys(hs []common.Hash) [][32]byte {
	out := make([][32]byte, len(hs))
	for i, h := range hs {
		out[i] = h
	}
	return out
}
