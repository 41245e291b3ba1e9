package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Run executes root with args, prints the error if there is one, and
// returns the exit status:
//
//   - usage and input errors (unknown command, flag or subcommand, a
//     missing required flag, wrong arguments, an error made with Usage)
//     exit 2; an unknown command or flag comes with a suggestion;
//   - an error whose chain names a status (ExitError, or any error with an
//     ExitCode method) exits with it; anything else exits 1.
//
// The error goes to stderr as "NAME: message", or, when the command line
// asks for --json, to stdout as {"error": "...", "code": N}, so a script
// reads one JSON document whatever happens. report, if not nil, is
// offered the error first: when it returns ok it has printed what it
// wants and code is the status.
func Run(root *cobra.Command, args []string, stdin io.Reader, stdout, stderr io.Writer, report func(error) (code int, ok bool)) int {
	prepare(root)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	if err == nil {
		return 0
	}
	if report != nil {
		if code, ok := report(err); ok {
			return code
		}
	}
	code := Code(err)
	var done *reportedError
	if wantsJSON(cmd, args) && !errors.As(err, &done) {
		enc := json.NewEncoder(stdout)
		enc.Encode(struct {
			Error string `json:"error"`
			Code  int    `json:"code"`
		}{err.Error(), code})
		return code
	}
	fmt.Fprintf(stderr, "%s: %v\n", root.Name(), err)
	return code
}

// prepare makes every command of the tree follow Run's conventions. It is
// idempotent.
func prepare(root *cobra.Command) {
	root.SilenceUsage, root.SilenceErrors = true, true
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return Usage(withFlagSuggestion(c, err))
	})
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		c.SuggestionsMinimumDistance = 2
		if c.HasSubCommands() && !c.Runnable() {
			// cobra shows a group's help and exits 0 when the subcommand
			// is unknown (except at the root); a typo must be an error.
			c.Args = cobra.ArbitraryArgs
			c.RunE = runGroup
			// `GROUP typo --json` must parse, to report the typo in JSON.
			if c.Flags().Lookup("json") == nil && c.PersistentFlags().Lookup("json") == nil {
				c.Flags().Bool("json", false, "")
				c.Flags().MarkHidden("json")
			}
		} else if orig := c.Args; orig != nil {
			c.Args = func(c *cobra.Command, args []string) error {
				if err := orig(c, args); err != nil {
					return Usage(err)
				}
				return nil
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// runGroup runs a command that only groups subcommands: with no argument it
// shows its help; with one, that is an unknown subcommand.
func runGroup(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return c.Help()
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
	}
	return Usagef("%s (run '%s --help' for its commands)", msg, c.CommandPath())
}

// withFlagSuggestion adds "did you mean --X?" to an unknown-flag error.
func withFlagSuggestion(c *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	best, bestDist := "", 3
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if d := levenshtein(name, f.Name); d < bestDist || d == bestDist && best != "" && f.Name < best {
			best, bestDist = f.Name, d
		}
	})
	if best == "" {
		return err
	}
	return fmt.Errorf("%w (did you mean --%s?)", err, best)
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// isCobraUsage recognises the usage errors cobra makes itself after flag
// parsing, which no hook of its lets us wrap: missing required flags and
// violated flag groups.
func isCobraUsage(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "required flag(s) ") ||
		strings.HasPrefix(msg, "if any flags in the group ") ||
		strings.HasPrefix(msg, "at least one of the flags in the group ")
}

// wantsJSON says whether the command line asked for JSON output: the
// command's --json flag if it was parsed, else a --json before any "--"
// (flag parsing may have failed before reaching it).
func wantsJSON(cmd *cobra.Command, args []string) bool {
	if cmd != nil {
		if f := cmd.Flags().Lookup("json"); f != nil && f.Changed {
			return f.Value.String() == "true"
		}
	}
	end := slices.Index(args, "--")
	if end < 0 {
		end = len(args)
	}
	for _, a := range args[:end] {
		if a == "--json" || a == "--json=true" {
			return true
		}
	}
	return false
}
