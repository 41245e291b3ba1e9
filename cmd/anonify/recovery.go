package main

import (
	"bytes"
	"context"
	"crypto/hpke"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/attest/verify"
	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/ledger"
	ethledger "github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire"
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
  status --node URL       a recovering node's progress (anonify node --recover)
  release --node URL      as a custodian: verify the recovering enclave, release your share to it
  found ADDRESS           as a governor: found the network again with the recovered enclave

A new set takes effect with the next epoch's checkpoint; earlier
checkpoints stay shared among the custodians of their time. Proposals are
approved like every governance act, with anonify attest policy approve ID.

After a total loss: an operator starts anonify node --recover on a fresh
--dir; k custodians each run anonify recovery release against it, which
checks the enclave's evidence against the policy on the chain and its
registration before sealing the custodian's share to it; once the state is
rebuilt (anonify recovery status), governance expels every lost member
(anonify attest policy expel ADDRESS) and proposes the recovered enclave as
founder (anonify recovery found ADDRESS); it then serves the same state.

The chain comes from --rpc and --contract, or --network devnet.json (env
ANONIFY_RPC, ANONIFY_CONTRACT, ANONIFY_NETWORK). propose and found sign
with a governor's key: --key-file FILE holding the hex private key, or env
ANONIFY_GOVERNOR_KEY holding the hex key itself. release reads the
custodian's key from --key-file.

Exit status: 0 done, 2 usage or input error (a bad key, threshold, flag or
node URL; keygen refusing to overwrite). custodians propose and found: 3
refused by the contract (not a governor, an invalid set), 1 other (the set
proposed is already in force or proposed; found's own checks: not
registered, live members). release and status: 3 refused by release's
checks (it says which check and why) or by the enclave, 1 the chain or the
node failed (unreachable).`,
		Example: `  anonify recovery keygen --out custodian.key
  anonify recovery pubkey --key-file custodian.key
  anonify recovery custodians propose --threshold 2 0xKEY1 0xKEY2 0xKEY3 --key-file governor.key --network devnet.json
  anonify attest policy approve 7 --key-file second-governor.key --network devnet.json
  anonify recovery custodians --network devnet.json
  anonify recovery release --node http://127.0.0.1:7000 --key-file custodian.key --network devnet.json
  anonify recovery status --node http://127.0.0.1:7000
  anonify recovery found 0xENCLAVE --key-file governor.key --network devnet.json`,
	}
	cmd.PersistentFlags().BoolVar(&asJSON, "json", false, "machine-readable output")
	cmd.AddCommand(recoveryKeygenCmd(&asJSON), recoveryPubkeyCmd(&asJSON), custodiansCmd(&asJSON))
	cmd.AddCommand(recoveryStatusCmd(&asJSON), recoveryReleaseCmd(&asJSON), recoveryFoundCmd(&asJSON))
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
	_, pub, err := loadCustodianKey(file)
	if err != nil {
		return "", err
	}
	return "0x" + hex.EncodeToString(pub[:]), nil
}

// loadCustodianKey reads a custodian's private key, hex (optionally 0x)
// in file, and returns it with its public key. The key never appears in
// an error.
func loadCustodianKey(file string) (hpke.PrivateKey, [32]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, [32]byte{}, cli.Usage(fmt.Errorf("--key-file: %w", err))
	}
	bad := cli.Usagef("--key-file %s: not a custodian key (64 hex digits, as anonify recovery keygen writes it)", file)
	raw, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(string(b)), "0x"), "0X"))
	if err != nil || len(raw) != 32 {
		return nil, [32]byte{}, bad
	}
	k, err := recovery.ParsePrivateKey(raw)
	clear(raw)
	if err != nil {
		return nil, [32]byte{}, bad
	}
	pub := k.PublicKey().Bytes()
	if len(pub) != 32 {
		return nil, [32]byte{}, bad
	}
	return k, [32]byte(pub), nil
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
	case chainmsg.SameCustodians(st.Custodians, st.CustodianThreshold, keys, threshold):
		return &exitError{1, fmt.Errorf("this custodian set is already in force (custodian version %d); nothing to propose", st.CustodianVersion)}
	}
	r, err := g.report(ctx)
	if err != nil {
		return err
	}
	for _, p := range r.Open {
		if c := p.Custodians; c != nil && c.Version == st.CustodianVersion+1 && chainmsg.SameCustodians(hashesToKeys(c.Keys), c.Threshold, keys, threshold) {
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

func hashesToKeys(hs []common.Hash) [][32]byte {
	out := make([][32]byte, len(hs))
	for i, h := range hs {
		out[i] = h
	}
	return out
}

// The release and status exit statuses (recoveryCmd's Long), the
// binaries' own (cmd/internal/cli): 3 a check (a verifier) or the enclave
// refused, 1 the chain or the node failed.
const (
	exitRefused     = 3
	exitChainOrNode = 1
)

// refuse is a release check's refusal, exit 3. what names the check.
func refuse(what, format string, a ...any) error {
	return &exitError{exitRefused, fmt.Errorf("refusing to release: %s: %s", what, fmt.Sprintf(format, a...))}
}

// chainFailed is an error reading the chain, exit 1.
func chainFailed(err error) error {
	return &exitError{exitChainOrNode, fmt.Errorf("chain: %w", err)}
}

// nodeFailed is an error talking to the node, exit 1; a URL that is no
// node's is an input error, exit 2, as for every client command.
func nodeFailed(url string, err error) error {
	if errors.Is(err, client.ErrNotNode) {
		return &exitError{2, err}
	}
	return &exitError{exitChainOrNode, fmt.Errorf("node %s: %w", url, err)}
}

// nodeURLOf is --node, else ANONIFY_NODE.
func nodeURLOf(flag string) (string, error) {
	if flag == "" {
		flag = os.Getenv("ANONIFY_NODE")
	}
	if flag == "" {
		return "", cli.Usagef("no node: pass --node URL or set ANONIFY_NODE")
	}
	return flag, nil
}

// chainEvents reads every event of the deployment, from its deployment
// block to the head, window by window.
func chainEvents(ctx context.Context, led *ethledger.Driver) ([]chainmsg.Event, error) {
	from, err := led.DeployedAt(ctx)
	if err != nil {
		return nil, err
	}
	head, err := led.Head(ctx)
	if err != nil {
		return nil, err
	}
	var all []chainmsg.Event
	for from <= head {
		evs, next, err := led.Events(ctx, from)
		if err != nil {
			return nil, err
		}
		all = append(all, evs...)
		if next <= from {
			break
		}
		from = next
	}
	return all, nil
}

// enclaveRecord is what the ledger says about enclaves: registrations,
// expulsions and removals, and the latest checkpoint.
type enclaveRecord struct {
	registered map[common.Address]*chainmsg.RegisteredEvent
	expelled   map[common.Address]bool
	removed    map[common.Address]bool
	checkpoint *chainmsg.Event // the latest Checkpoint event
	founded    *chainmsg.Event // the first Founded event
}

func recordOf(events []chainmsg.Event) *enclaveRecord {
	r := &enclaveRecord{registered: map[common.Address]*chainmsg.RegisteredEvent{}, expelled: map[common.Address]bool{}, removed: map[common.Address]bool{}}
	for i, e := range events {
		switch {
		case e.Registered != nil:
			if _, dup := r.registered[e.Registered.Identity]; !dup { // the contract takes one
				r.registered[e.Registered.Identity] = e.Registered
			}
		case e.Expelled != nil:
			r.expelled[e.Expelled.Identity] = true
		case e.Handshake != nil:
			for _, id := range e.Handshake.Removes {
				r.removed[id] = true
			}
		case e.Checkpoint != nil:
			r.checkpoint = &events[i]
		case e.Founded != nil && r.founded == nil:
			r.founded = &events[i]
		}
	}
	return r
}

func recoveryStatusCmd(asJSON *bool) *cobra.Command {
	var nodeFlag string
	cmd := &cobra.Command{
		Use:   "status --node URL",
		Short: "Show a recovering node's progress: checkpoint, custodians' releases, recovered state hash",
		Long: `status prints what a node started with anonify node --recover reports
(GET /v1/recovery): the latest checkpoint its enclave took from the ledger
and how many of its chunks it holds, which custodians released their
shares to it of how many needed, and once the state is rebuilt its hash and
the number of commands applied. With --json it prints the node's answer
as is.

All of it is the node's word, unverified (and public: the ledger holds the
checkpoint and the custodian set). A custodian's anonify recovery release
checks what matters on the chain before releasing anything. A node that is
not recovering (a member, or one started without --recover) says so, with
its membership and state hash.`,
		Example: `  anonify recovery status --node http://127.0.0.1:7000
  anonify recovery status --node https://node.example:7000 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			url, err := nodeURLOf(nodeFlag)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := client.FetchRecoveryUnverified(ctx, url)
			if err != nil {
				return nodeFailed(url, err)
			}
			if *asJSON {
				return writeJSON(cmd.OutOrStdout(), s)
			}
			var ns *wire.NodeStatus
			if !s.Recovering {
				if ns, err = client.FetchStatusUnverified(ctx, url); err != nil {
					return nodeFailed(url, err)
				}
			}
			printRecoveryStatus(cmd.OutOrStdout(), url, s, ns)
			return nil
		},
	}
	cmd.Flags().StringVar(&nodeFlag, "node", "", "the recovering node's URL (env ANONIFY_NODE)")
	return cmd
}

// printRecoveryStatus prints a node's recovery progress; ns is its node
// status, when it is not recovering.
func printRecoveryStatus(w io.Writer, url string, s *wire.RecoveryStatus, ns *wire.NodeStatus) {
	fmt.Fprintf(w, "node        %s\n", url)
	fmt.Fprintf(w, "enclave     %s\n", s.Identity.Hex())
	if !s.Recovering {
		switch {
		case ns != nil && ns.Member:
			fmt.Fprintf(w, "recovering  no: a member of the network (epoch %d, %d commands applied, state hash %s)\n", ns.Epoch, ns.AppliedCommands, ns.StateHash.Hex())
		default:
			fmt.Fprintln(w, "recovering  no: not a member, and not in recovery mode (recovery needs anonify node --recover on a fresh --dir)")
		}
		return
	}
	fmt.Fprintln(w, "recovering  yes")
	switch {
	case s.Recovered:
		fmt.Fprintf(w, "recovered   yes: state rebuilt from epoch %d's checkpoint: %d commands applied, state hash %s\n", s.Epoch, s.Applied, s.StateHash.Hex())
		fmt.Fprintf(w, "next        governance expels each lost member (anonify attest policy expel ADDRESS), then founds the network with this enclave: anonify recovery found %s\n", s.Identity.Hex())
	case !s.Manifest:
		fmt.Fprintln(w, "checkpoint  none yet: following the ledger until it takes the latest checkpoint with custodian shares")
		fmt.Fprintln(w, "recovered   no")
	default:
		fmt.Fprintf(w, "checkpoint  epoch %d, %d of %d chunks\n", s.Epoch, s.ChunksHave, s.Chunks)
		fmt.Fprintf(w, "releases    %d of the %d needed, from %d custodians:\n", len(s.Released), s.Threshold, len(s.Custodians))
		released := map[string]bool{}
		for _, r := range s.Released {
			released[r.String()] = true
		}
		for _, c := range s.Custodians {
			mark := "not yet"
			if released[c.String()] {
				mark = "released"
			}
			fmt.Fprintf(w, "  %s  %s\n", c, mark)
		}
		fmt.Fprintln(w, "recovered   no")
	}
	if s.Reason != "" {
		fmt.Fprintf(w, "note        %s\n", s.Reason)
	}
}

// releaseReport is what release prints with --json.
type releaseReport struct {
	Node    string         `json:"node"`
	Enclave common.Address `json:"enclave"`
	TEEKind string         `json:"tee_kind"`
	// Insecure says why the enclave's evidence proves nothing, when the
	// policy in force accepts such evidence (a development network).
	Insecure      string      `json:"insecure,omitempty"`
	PolicyVersion uint64      `json:"policy_version"`
	Epoch         uint64      `json:"epoch"`
	Custodian     common.Hash `json:"custodian"`
	// Released is false when the enclave had rebuilt the state from this
	// checkpoint already: then nothing was sent.
	Released bool                 `json:"released"`
	Status   *wire.RecoveryStatus `json:"status"`
}

func recoveryReleaseCmd(asJSON *bool) *cobra.Command {
	var (
		chain      cli.ChainFlags
		nodeFlag   string
		keyFile    string
		collateral string
	)
	cmd := &cobra.Command{
		Use:   "release --node URL --key-file CUSTODIAN.key",
		Short: "As a custodian: verify a recovering node's enclave, then release your share of the latest checkpoint to it",
		Long: `release is what a custodian runs after a total loss, once an operator started
anonify node --recover: it releases the custodian's share of the latest
checkpoint's secret to that node's enclave, and to nothing else. Everything
it relies on comes from the chain, through the custodian's own --rpc (or
--network), never from the node. Before releasing anything it checks, in
this order, and refuses (exit 3, naming the check) if one fails:

  evidence      the enclave's evidence (GET /v1/enclave) verifies
                (attest/verify: signatures, vendor roots, revocation, TCB),
                binds exactly its identity, request key, key package,
                chain, contract and genesis, and passes the policy in force
                on the chain: the very checks a pinned client makes (over
                https the attested TLS handshake is held to that policy
                too). The simulated TEE passes only where that policy
                accepts it (a devnet's development policy does; a
                production policy never does);
  network       the chain id, contract and genesis (governors, threshold,
                first policy) it binds are this chain's;
  registration  the chain's Registered event for that identity carries the
                same request key, key package and evidence, and governance
                never expelled or removed it;
  recovery      the node reports that enclave recovering, and the
                checkpoint it recovers is the LATEST on the chain (epochs
                after it without a checkpoint hold no commands);
  share         that checkpoint's manifest, read from the chain, deals a
                share to this custodian's key, and it opens with it.

Then it seals the share to the enclave's request key, for that enclave,
chain, contract and epoch only (wire/recovery.SealRelease), posts it (POST
/v1/recovery/release: the node relays it and cannot read it), and prints
the progress: releases n of the k needed, and once k custodians released,
the rebuilt state's hash, which must be the lost members' own.

--key-file is the custodian's private key (64 hex digits, as anonify
recovery keygen writes it; on a devnet, a "private" value of keys.json's
custodians). --collateral supplies what hardware evidence needs (as for
anonify attest verify): Intel collateral for SGX and TDX, a folder with
vcek.der for SEV-SNP.

Exit status: 0 released (or nothing to release: the enclave had rebuilt the
state from that checkpoint already), 3 refused by a check above or by the
enclave, 2 usage or input error, 1 the chain or the node failed
(unreachable).`,
		Example: `  anonify recovery release --node http://127.0.0.1:7000 --key-file custodian.key --network devnet.json
  anonify recovery release --node https://recovery.example:7000 --key-file custodian.key \
      --rpc https://rpc.example --contract 0xCONTRACT --collateral intel-collateral.json --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return releaseShare(cmd, chain, nodeFlag, keyFile, collateral, *asJSON)
		},
	}
	cmd.Flags().StringVar(&nodeFlag, "node", "", "the recovering node's URL (env ANONIFY_NODE)")
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file with the custodian's hex private key")
	cmd.Flags().StringVar(&collateral, "collateral", "", "collateral JSON bundle or folder, to verify hardware evidence (as anonify attest verify)")
	cmd.MarkFlagRequired("key-file")
	chain.Add(cmd.Flags())
	return cmd
}

// releaseShare is release: the checks of its help, in order, then the
// release.
func releaseShare(cmd *cobra.Command, chain cli.ChainFlags, nodeFlag, keyFile, collateral string, asJSON bool) error {
	ctx := cmd.Context()
	key, pub, err := loadCustodianKey(keyFile)
	if err != nil {
		return err
	}
	url, err := nodeURLOf(nodeFlag)
	if err != nil {
		return err
	}
	var vopts verify.Options
	if collateral != "" {
		if err := cli.LoadCollateral(collateral, &vopts); err != nil {
			return cli.Usage(fmt.Errorf("--collateral: %w", err))
		}
	}
	rpc, contract, err := chain.Resolve()
	if err != nil {
		return err
	}

	// The chain's own view, from the custodian's RPC.
	led, err := ethledger.Dial(ctx, rpc, contract, nil)
	if err != nil {
		return chainFailed(err)
	}
	defer led.Close()
	chainID := led.ChainID().Uint64()
	st, err := led.State(ctx)
	if err != nil {
		return chainFailed(err)
	}
	genesis, err := led.Genesis(ctx)
	if err != nil {
		return chainFailed(err)
	}
	events, err := chainEvents(ctx, led)
	if err != nil {
		return chainFailed(err)
	}
	rec := recordOf(events)
	policy, err := attest.ParsePolicy(st.Policy)
	if err != nil {
		return refuse("evidence", "the policy in force on the chain (version %d) does not parse, so no evidence can pass it: %v", st.PolicyVersion, err)
	}

	// evidence: the client SDK's verification of a node's enclave, held to
	// the policy in force on the chain (Connect without a Ledger: the
	// enclave is no member, which a pinned Connect requires); network:
	// what a pinned Connect checks besides.
	c, err := client.Connect(ctx, url, client.Options{Policy: policy, Verify: vopts})
	switch {
	case errors.Is(err, client.ErrEnclave):
		return refuse("evidence", "%v (the policy in force is version %d)", err, st.PolicyVersion)
	case err != nil:
		return nodeFailed(url, err)
	}
	info, claims := c.Info(), c.Claims()
	if info.ChainID != chainID || info.Contract != contract {
		return refuse("network", "the enclave serves chain %d, contract %s; this chain is %d, contract %s", info.ChainID, info.Contract.Hex(), chainID, contract.Hex())
	}
	if info.Genesis != genesis.Hash() {
		return refuse("network", "the enclave follows genesis %s; this network's is %s (another network's governors, threshold or first policy)", info.Genesis.Hex(), genesis.Hash().Hex())
	}

	// registration: the one on the chain is this very enclave's.
	id := info.Identity
	reg := rec.registered[id]
	switch {
	case reg == nil:
		return refuse("registration", "enclave %s never registered on this chain (a node registers its enclave when it starts: wait for it, or check the node's chain)", id.Hex())
	case !bytes.Equal(reg.RequestKey, info.RequestKey):
		return refuse("registration", "enclave %s registered request key %x on the chain, but serves %x", id.Hex(), reg.RequestKey, []byte(info.RequestKey))
	case !bytes.Equal(reg.KeyPackage, info.KeyPackage):
		return refuse("registration", "enclave %s registered another key package on the chain than the one it serves", id.Hex())
	case !bytes.Equal(reg.Evidence, info.Evidence):
		return refuse("registration", "enclave %s registered other evidence on the chain than the evidence it serves", id.Hex())
	case rec.expelled[id]:
		return refuse("registration", "governance expelled enclave %s: it can never found the network; start a fresh one with anonify node --recover", id.Hex())
	case rec.removed[id]:
		return refuse("registration", "enclave %s was removed from the group: it can never found the network; start a fresh one with anonify node --recover", id.Hex())
	}

	// recovery: recovering, and the latest checkpoint on the chain.
	rs, err := c.Recovery(ctx)
	if err != nil {
		return nodeFailed(url, err)
	}
	if rs.Identity != id {
		return refuse("recovery", "the node reports recovery for enclave %s, but serves enclave %s", rs.Identity.Hex(), id.Hex())
	}
	if !rs.Recovering {
		return refuse("recovery", "enclave %s is not recovering (a member, or a node started without --recover): there is nothing to release to it", id.Hex())
	}
	if rec.checkpoint == nil {
		return refuse("recovery", "no checkpoint on the chain: nothing can be recovered")
	}
	// The chain may be in a later epoch whose checkpoint never came (the
	// members were lost between its handshake and its checkpoint): no
	// command can have been ordered in such an epoch, so the latest
	// checkpoint and its epoch's commands are still the whole state.
	cp := rec.checkpoint.Checkpoint
	m, err := recovery.ParseManifest(cp.Manifest)
	if err != nil {
		return refuse("share", "the latest checkpoint on the chain (epoch %d, block %d) has a manifest that does not parse: %v", cp.Epoch, rec.checkpoint.Block, err)
	}
	if m.Epoch != cp.Epoch {
		return refuse("share", "the latest checkpoint on the chain is posted for epoch %d but its manifest says epoch %d", cp.Epoch, m.Epoch)
	}
	why := client.InsecureReason(claims)
	report := releaseReport{Node: url, Enclave: id, TEEKind: string(claims.Kind), Insecure: why, PolicyVersion: st.PolicyVersion, Epoch: cp.Epoch, Custodian: common.Hash(pub)}
	switch {
	case rs.Recovered && rs.Epoch == cp.Epoch:
		// Rebuilt from this checkpoint already: the share is not needed,
		// so it does not leave this machine.
		if asJSON {
			report.Status = rs
			return writeJSON(cmd.OutOrStdout(), report)
		}
		fmt.Fprintf(cmd.OutOrStdout(), "nothing released: enclave %s has already rebuilt the state from the latest checkpoint (epoch %d)\n", id.Hex(), cp.Epoch)
		printReleaseProgress(cmd.OutOrStdout(), url, rs)
		return nil
	case !rs.Manifest:
		note := ""
		if rs.Reason != "" {
			note = " (" + rs.Reason + ")"
		}
		return refuse("recovery", "the node has not taken the latest checkpoint on the chain (epoch %d) yet%s; release once anonify recovery status shows it", cp.Epoch, note)
	case rs.Epoch != cp.Epoch:
		return refuse("recovery", "the node recovers the checkpoint of epoch %d, but the latest checkpoint on the chain is epoch %d's; a custodian releases only the latest", rs.Epoch, cp.Epoch)
	}

	// share: this custodian's share of it, opened, and sealed to the
	// enclave.
	sealed, ok := m.SealedShare(pub)
	if !ok {
		return refuse("share", "the checkpoint of epoch %d deals no share to custodian %s (%d custodians, any %d recover): was this key appointed before that epoch began? (anonify recovery custodians)",
			cp.Epoch, common.Hash(pub).Hex(), len(m.Shares), m.Threshold)
	}
	share, err := recovery.OpenShare(key, chainID, contract, cp.Epoch, sealed)
	if err != nil {
		return refuse("share", "custodian %s's share of epoch %d does not open with this key: %v", common.Hash(pub).Hex(), cp.Epoch, err)
	}
	rel, err := recovery.SealRelease(info.RequestKey, chainID, contract, id, cp.Epoch, pub, share)
	clear(share)
	if err != nil {
		return refuse("share", "sealing the share to enclave %s: %v", id.Hex(), err)
	}
	after, err := c.Release(ctx, rel)
	var ce *client.Error
	if errors.As(err, &ce) {
		return &exitError{exitRefused, fmt.Errorf("the enclave of node %s refused the release (HTTP %d): %s", url, ce.Status, ce.Message)}
	}
	if err != nil {
		return nodeFailed(url, err)
	}

	if asJSON {
		report.Released, report.Status = true, after
		return writeJSON(cmd.OutOrStdout(), report)
	}
	w := cmd.OutOrStdout()
	if why != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "WARNING: the enclave's evidence proves nothing (%s); the policy in force accepts it, as a development network's does. Never release to such an enclave on a real network.\n", why)
	}
	fmt.Fprintf(w, "verified enclave %s (%s): its evidence is bound to its registration on chain %d, contract %s, genesis %s, and passes policy version %d\n",
		id.Hex(), claims.Kind, chainID, contract.Hex(), genesis.Hash().Hex(), st.PolicyVersion)
	fmt.Fprintf(w, "released custodian %s's share of the checkpoint of epoch %d (the latest on the chain, block %d) to it\n", common.Hash(pub).Hex(), cp.Epoch, rec.checkpoint.Block)
	printReleaseProgress(w, url, after)
	return nil
}

// printReleaseProgress says where recovery stands after a release.
func printReleaseProgress(w io.Writer, url string, s *wire.RecoveryStatus) {
	if s.Recovered {
		fmt.Fprintf(w, "recovered: the enclave rebuilt the state from epoch %d's checkpoint: %d commands applied, state hash %s\n", s.Epoch, s.Applied, s.StateHash.Hex())
		fmt.Fprintf(w, "next: governance expels each lost member (anonify attest policy expel ADDRESS), then founds the network with this enclave: anonify recovery found %s\n", s.Identity.Hex())
		return
	}
	fmt.Fprintf(w, "releases: %d of the %d needed (%d custodians); not recovered yet", len(s.Released), s.Threshold, len(s.Custodians))
	if more := s.Threshold - len(s.Released); more > 0 {
		fmt.Fprintf(w, ": %d more custodian(s) must release (anonify recovery release --node %s --key-file CUSTODIAN.key)", more, url)
	}
	fmt.Fprintln(w)
	if s.Reason != "" {
		fmt.Fprintf(w, "note: %s\n", s.Reason)
	}
}

// foundProposal is what found prints with --json.
type foundProposal struct {
	ID        uint64         `json:"id"`
	Founder   common.Address `json:"founder"`
	Approvals uint64         `json:"approvals"`
	Threshold uint64         `json:"threshold"`
	Executed  bool           `json:"executed"`
}

func recoveryFoundCmd(asJSON *bool) *cobra.Command {
	var (
		chain    cli.ChainFlags
		keyFile  string
		nodeFlag string
	)
	cmd := &cobra.Command{
		Use:   "found ADDRESS",
		Short: "As a governor: propose the recovered enclave ADDRESS as the network's founder; prints the proposal id",
		Long: `found proposes, as a governor, that the enclave ADDRESS found the network
again: the last step of a recovery, once that enclave (a node started with
anonify node --recover) has rebuilt the state from the custodians' releases
and governance has expelled every lost member. Once a threshold of
governors approved (anonify attest policy approve ID), the enclave becomes
the founding member with the recovered state, the same state hash and
balances, and serves it; new nodes join it as usual.

It checks first, and refuses (exit 1) if ADDRESS never registered on the
chain, was expelled or removed, or if the network has a live member (one
not expelled): founding is only for a network with none, so expel each
lost member first (anonify attest policy expel ADDRESS). With --node URL
it also asks that node (its word, unverified) whether ADDRESS is its
enclave and has rebuilt the state: a founder that has not refuses to start
an empty network in the lost one's place, and governance has to expel it
and found again.`,
		Example: `  anonify recovery status --node http://127.0.0.1:7000          # recovered yes, enclave 0xENCLAVE
  anonify attest policy expel 0xLOST --key-file governor.key --network devnet.json
  anonify recovery found 0xENCLAVE --node http://127.0.0.1:7000 --key-file governor.key --network devnet.json
  anonify attest policy approve 9 --key-file second-governor.key --network devnet.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !strings.HasPrefix(args[0], "0x") || !common.IsHexAddress(args[0]) {
				return cli.Usagef("enclave %q: want a 0x address (anonify recovery status --node URL prints the recovering enclave's)", args[0])
			}
			return proposeFounder(cmd, chain, keyFile, nodeFlag, common.HexToAddress(args[0]), *asJSON, true)
		},
	}
	cmd.Flags().StringVar(&keyFile, "key-file", "", "file with a governor's hex private key (env ANONIFY_GOVERNOR_KEY: the hex key)")
	cmd.Flags().StringVar(&nodeFlag, "node", "", "the recovering node's URL: check first that it runs ADDRESS and has rebuilt the state")
	chain.Add(cmd.Flags())
	return cmd
}

// proposeFounder proposes, as a governor, that enclave id found the
// network: a recovered enclave after a total loss (recovered; nodeFlag,
// if set, is its node, asked first), or the first node's enclave of a
// new network.
func proposeFounder(cmd *cobra.Command, chain cli.ChainFlags, keyFile, nodeFlag string, id common.Address, asJSON, recovered bool) error {
	gkey, err := cli.ReadKey("key-file", keyFile, "ANONIFY_GOVERNOR_KEY")
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	if nodeFlag != "" {
		rs, err := client.FetchRecoveryUnverified(ctx, nodeFlag)
		if err != nil {
			return nodeFailed(nodeFlag, err)
		}
		switch {
		case rs.Identity != id:
			return &exitError{1, fmt.Errorf("node %s runs enclave %s, not %s", nodeFlag, rs.Identity.Hex(), id.Hex())}
		case !rs.Recovering:
			return &exitError{1, fmt.Errorf("enclave %s is not recovering (a member, or a node started without --recover): it holds no recovered state to found the network with", id.Hex())}
		case !rs.Recovered:
			return &exitError{1, fmt.Errorf("enclave %s has not rebuilt the state yet (%d of the %d releases needed): founded now it would refuse to start an empty network; custodians release first (anonify recovery release)",
				id.Hex(), len(rs.Released), rs.Threshold)}
		}
	}
	g, err := dialGovernance(ctx, chain, gkey)
	if err != nil {
		return err
	}
	defer g.close()
	st, err := g.led.State(ctx)
	if err != nil {
		return err
	}
	events, err := chainEvents(ctx, g.led)
	if err != nil {
		return err
	}
	rec := recordOf(events)
	if !recovered && rec.founded != nil {
		return &exitError{1, fmt.Errorf("the network was founded already (block %d); new nodes join it by registering (anonify node) and being admitted by its members. After a total loss, found it again with a recovered enclave: anonify recovery found", rec.founded.Block)}
	}
	var live []string
	for _, m := range st.Members {
		if m == id && !rec.expelled[m] {
			return &exitError{1, fmt.Errorf("enclave %s is a member of the network already; nothing to found", id.Hex())}
		}
		if !rec.expelled[m] {
			live = append(live, m.Hex())
		}
	}
	switch {
	case rec.registered[id] == nil && !recovered:
		return &exitError{1, fmt.Errorf("enclave %s never registered on this chain: found the enclave of a running node (its DIR/node.json names it)", id.Hex())}
	case rec.registered[id] == nil:
		return &exitError{1, fmt.Errorf("enclave %s never registered on this chain: found the enclave of a node started with anonify node --recover (anonify recovery status --node URL prints it)", id.Hex())}
	case rec.expelled[id] || rec.removed[id]:
		return &exitError{1, fmt.Errorf("enclave %s was expelled or removed: it can never found the network; start a fresh one with anonify node --recover", id.Hex())}
	case len(live) > 0:
		return &exitError{1, fmt.Errorf("the network has %d live member(s): %s; founding is only for a network with none. If they are lost, expel each first: anonify attest policy expel ADDRESS",
			len(live), strings.Join(live, ", "))}
	}
	r, err := g.report(ctx)
	if err != nil {
		return err
	}
	for _, p := range r.Open {
		if p.Founder != nil && *p.Founder == id {
			return &exitError{1, fmt.Errorf("open proposal %d already proposes %s as founder; approve it instead: anonify attest policy approve %d", p.ID, id.Hex(), p.ID)}
		}
	}
	pid, err := g.led.ProposeFounder(ctx, id)
	switch {
	case errors.Is(err, ledger.ErrAlreadyFounded):
		return &exitError{3, fmt.Errorf("the contract refused: the network has a live member (expel each lost member first: anonify attest policy expel ADDRESS): %w", err)}
	case errors.Is(err, ledger.ErrNotRegistered):
		return &exitError{3, fmt.Errorf("the contract refused: enclave %s is not registered: %w", id.Hex(), err)}
	case errors.Is(err, ledger.ErrWasRemoved):
		return &exitError{3, fmt.Errorf("the contract refused: enclave %s was expelled or removed: %w", id.Hex(), err)}
	case err != nil:
		return governanceError(err, 0, g.from)
	}
	p, err := g.led.Proposal(ctx, pid)
	if err != nil {
		return err
	}
	gov, err := g.led.Governance(ctx)
	if err != nil {
		return err
	}
	o := foundProposal{ID: pid, Founder: id, Approvals: p.Approvals, Threshold: gov.Threshold, Executed: p.Executed}
	if asJSON {
		return writeJSON(cmd.OutOrStdout(), o)
	}
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "proposal %d proposed: found the network with enclave %s; %d of %d approvals\n", pid, id.Hex(), o.Approvals, o.Threshold)
	switch {
	case o.Executed && recovered:
		fmt.Fprintf(w, "executed: %s founded the network; once it applied the founding it is a member serving the recovered state (anonify status --node URL)\n", id.Hex())
		return nil
	case o.Executed:
		fmt.Fprintf(w, "executed: %s founded the network; once it applied the founding it is its first member, and admits the other nodes that register\n", id.Hex())
		return nil
	}
	fmt.Fprintf(w, "not executed yet: %d more approval(s) needed; other governors approve with: anonify attest policy approve %d\n", o.Threshold-min(o.Approvals, o.Threshold), pid)
	return nil
}
