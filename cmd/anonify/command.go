package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/cmd/internal/cli"
	"github.com/anonify-go/anonify/wire"
)

// A state-changing command whose node is lost before its outcome comes
// exits 4, "submitted, outcome unknown", and prints the command's id. It
// also notes the command in HOME/commands/ID.json (sender and counter),
// so that `anonify command status ID` needs nothing else: it asks any
// node for the command's fate, in a query signed by the sender and sealed
// to it, and forgets the note once the fate is final.

// exitUnknown is the exit status of a command whose outcome is unknown.
const exitUnknown = 4

// commandNote is HOME/commands/ID.json.
type commandNote struct {
	ID      common.Hash    `json:"id"`
	From    string         `json:"from"` // wallet name
	Address common.Address `json:"address"`
	Counter uint64         `json:"counter"`
	Node    string         `json:"node"`
	Lost    time.Time      `json:"lost"`
}

func (f *clientFlags) notesDir() (string, error) {
	home, err := f.homeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, "commands"), nil
}

// outcomeUnknown reports a command whose node was lost (exit 4): its id
// on stdout, what to do next on stderr, and a note for `command status`.
func (f *clientFlags) outcomeUnknown(from string, lost *client.OutcomeUnknownError) error {
	note := commandNote{ID: lost.ID, From: from, Address: lost.From, Counter: lost.Counter, Node: f.nodeURL(), Lost: time.Now().UTC()}
	if dir, err := f.notesDir(); err == nil {
		if b, err := json.MarshalIndent(note, "", "  "); err == nil && os.MkdirAll(dir, 0o700) == nil {
			os.WriteFile(filepath.Join(dir, lost.ID.Hex()+".json"), append(b, '\n'), 0o600)
		}
	}
	if f.json {
		printJSON(map[string]any{"id": lost.ID, "status": wire.FateUnknown, "from": lost.From, "counter": lost.Counter})
		return cli.Reported(&exitError{exitUnknown, fmt.Errorf("%w\nask any node what became of it (never send it again as a new command): anonify command status %s", lost, lost.ID.Hex())})
	}
	fmt.Printf("submitted, outcome unknown: command %s (counter %d)\n", lost.ID.Hex(), lost.Counter)
	return &exitError{exitUnknown, fmt.Errorf("%w\nask any node what became of it (never send it again as a new command): anonify command status %s", lost, lost.ID.Hex())}
}

// lostCommand handles an outcome-unknown error that no command turned
// into an exit status (exit 4 all the same).
func lostCommand(err error) bool {
	var lost *client.OutcomeUnknownError
	if !errors.As(err, &lost) {
		return false
	}
	fmt.Printf("submitted, outcome unknown: command %s (counter %d)\n", lost.ID.Hex(), lost.Counter)
	fmt.Fprintf(os.Stderr, "anonify: %v\nask any node what became of it: anonify command status %s --from NAME --counter %d\n", err, lost.ID.Hex(), lost.Counter)
	return true
}

func (f *clientFlags) nodeURL() string {
	if f.node != "" {
		return f.node
	}
	return os.Getenv("ANONIFY_NODE")
}

func commandCmd() *cobra.Command {
	var f clientFlags
	cmd := &cobra.Command{Use: "command", Short: "Follow up your commands by id"}
	var from string
	var counter uint64
	status := &cobra.Command{
		Use:   "status ID",
		Short: "Ask a node what became of one of your commands: applied, rejected, waiting, or unknown",
		Long: `status asks a node (--node, any member of the network) what became of a
command you sent, by its id. The query is signed by the sender (--from) and
the answer sealed to you: the node's host learns nothing, not even whether
the id exists. Once a command's outcome was lost (exit 4), its sender and
counter are noted in the wallet directory, and --from and --counter are
then not needed.

Exit status: 0 applied; 3 rejected, or never applied and never will be (its
counter is used by another command); 4 not decided yet, or not known to
this node (it may have joined after the command, or forgotten it).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := hex.DecodeString(strings.TrimPrefix(args[0], "0x"))
			if err != nil || len(raw) != common.HashLength {
				return &exitError{2, fmt.Errorf("command id %q is not a 32-byte hex hash", args[0])}
			}
			id := common.BytesToHash(raw)
			var note *commandNote
			notes, err := f.notesDir()
			if err != nil {
				return err
			}
			notePath := filepath.Join(notes, id.Hex()+".json")
			if b, err := os.ReadFile(notePath); err == nil {
				note = new(commandNote)
				if json.Unmarshal(b, note) != nil {
					note = nil
				}
			}
			if from == "" && note != nil {
				from = note.From
			}
			if counter == 0 && note != nil {
				counter = note.Counter
			}
			if from == "" {
				return &exitError{2, fmt.Errorf("--from NAME is required: no note of command %s in %s", id.Hex(), notes)}
			}
			_, key, c, done, err := f.session(cmd.Context(), from)
			if err != nil {
				return err
			}
			defer done()
			fate, err := c.Fate(cmd.Context(), key, id)
			if err != nil {
				return err
			}
			final := func() { os.Remove(notePath) }
			never := counter != 0 && fate.Never(counter)
			if f.json {
				printJSON(struct {
					*wire.Fate
					Never bool `json:"never,omitempty"`
				}{fate, never})
			}
			// Under --json the fate above is the answer, whatever the status.
			reported := func(err error) error {
				if f.json {
					return cli.Reported(err)
				}
				return err
			}
			say := func(format string, a ...any) {
				if !f.json {
					fmt.Printf(format+"\n", a...)
				}
			}
			switch {
			case fate.Status == wire.FateApplied:
				final()
				say("applied in block %d, transaction %s (command %s)", fate.Block, fate.TxHash.Hex(), id.Hex())
				return nil
			case fate.Status == wire.FateRejected && fate.Ordered:
				final()
				say("rejected in block %d, transaction %s: %s", fate.Block, fate.TxHash.Hex(), fate.Error)
				return reported(&exitError{3, fmt.Errorf("rejected: %s", fate.Error)})
			case fate.Status == wire.FateRejected:
				final()
				say("refused before it was ordered: %s", fate.Error)
				return reported(&exitError{3, fmt.Errorf("rejected: %s", fate.Error)})
			case fate.Status == wire.FateQueued:
				say("queued at this node, waiting for the ledger (counter %d)", fate.Counter)
				return reported(&exitError{exitUnknown, errors.New("not decided yet")})
			case never:
				final()
				say("never applied, and never will be: counter %d of %s is used by another command", counter, from)
				return reported(&exitError{3, errors.New("never applied")})
			case counter == 0:
				say("unknown to this node: not ordered yet, or ordered before this node remembers (%s's counter is at %d); pass --counter N to tell which", from, fate.Account)
			case counter <= fate.Account:
				say("unknown to this node: counter %d is used, and this node does not remember by which command (it joined later, or forgot); check the effect (e.g. a balance) or ask another node", counter)
			default:
				say("not ordered yet: %s's counter is at %d, this command's is %d; it can still be applied (the node that took it may be down)", from, fate.Account, counter)
			}
			return reported(&exitError{exitUnknown, errors.New("outcome unknown")})
		},
	}
	status.Flags().StringVar(&from, "from", "", "wallet account that sent the command (default: noted when its outcome was lost)")
	status.Flags().Uint64Var(&counter, "counter", 0, "the command's counter (default: noted when its outcome was lost); tells a command that will never be applied from one not yet ordered")
	cmd.AddCommand(status)
	f.add(status, needNode|needKey)
	return cmd
}

// reportCommand prints a command's outcome the one way every command
// does: applied (exit 0, with block and transaction), rejected by the
// enclave (exit 3, with its reason), or lost with its node (exit 4, see
// outcomeUnknown). from is the sender's wallet name, for the note that
// `anonify command status` reads.
func (f *clientFlags) reportCommand(from string, out *wire.Outcome, err error) error {
	var lost *client.OutcomeUnknownError
	if errors.As(err, &lost) {
		return f.outcomeUnknown(from, lost)
	}
	var rej *client.Rejected
	if errors.As(err, &rej) {
		if f.json {
			printJSON(out)
			return cli.Reported(&exitError{3, err})
		}
		return &exitError{3, err}
	}
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(out)
	}
	fmt.Printf("applied in block %d, transaction %s (command %s)\n", out.Block, out.TxHash.Hex(), out.ID.Hex())
	return nil
}
