package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/client"
	"github.com/anonify-go/anonify/wallet"
	"github.com/anonify-go/anonify/wire"
)

// appCmd is the generic client path: it calls any app the enclave
// carries, guided by the description the enclave gives of its apps, so a
// new app needs no change here.
func appCmd() *cobra.Command {
	var f clientFlags
	var from, argsFlag string
	cmd := &cobra.Command{
		Use:   "app",
		Short: "List the enclave's apps and call any of them",
		Long: `Generic commands for every app the node's enclave carries.

  anonify app list                                      apps, functions, argument types
  anonify app call  APP FUNCTION --from NAME --args JSON
  anonify app query APP FUNCTION --from NAME [--args JSON]

--args is the function's JSON object (or @FILE to read it from a file).
Fields of type address or address[] take wallet names as well as 0x
addresses. call waits until the command is applied and exits 0, or exits
3 with the enclave's reason; query prints the JSON result.`,
	}

	list := &cobra.Command{
		Use:   "list",
		Short: "Show the apps, their functions and argument types, as the enclave describes them",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, done, err := f.connect(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			apps, err := c.Apps(cmd.Context())
			if err != nil {
				return err
			}
			if f.json {
				return printJSON(wire.Apps{Apps: apps})
			}
			for _, a := range apps {
				fmt.Println(a.Name)
				for _, fn := range a.Functions {
					fmt.Printf("  %-8s %s\n", fn.Kind, fn.Signature())
				}
			}
			return nil
		},
	}

	run := func(kind string) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, pos []string) error {
			app, fn := pos[0], pos[1]
			args, err := readArgs(argsFlag)
			if err != nil {
				return err
			}
			w, key, c, done, err := f.session(cmd.Context(), from)
			if err != nil {
				return err
			}
			defer done()
			if args, err = prepareArgs(cmd.Context(), c, w, kind, app, fn, args); err != nil {
				return err
			}
			var call any // no arguments: none sent, not "null"
			if len(args) > 0 {
				call = args
			}
			var rej *client.Rejected
			if kind == wire.KindQuery {
				raw, err := c.Query(cmd.Context(), key, app, fn, call)
				if errors.As(err, &rej) {
					return &exitError{3, err}
				}
				if err != nil {
					return err
				}
				return printResult(raw)
			}
			out, err := c.Command(cmd.Context(), key, app, fn, call)
			return f.reportCommand(from, out, err)
		}
	}
	call := &cobra.Command{
		Use:   "call APP FUNCTION --from NAME --args JSON",
		Short: "Run a state-changing function (ordered through the ledger) and wait until it is applied",
		Args:  cobra.ExactArgs(2),
		RunE:  run(wire.KindCommand),
	}
	query := &cobra.Command{
		Use:   "query APP FUNCTION --from NAME [--args JSON]",
		Short: "Run a read-only function as --from and print its JSON result",
		Args:  cobra.ExactArgs(2),
		RunE:  run(wire.KindQuery),
	}
	for _, c := range []*cobra.Command{call, query} {
		c.Flags().StringVar(&from, "from", "", "wallet account that signs (required)")
		c.Flags().StringVar(&argsFlag, "args", "", "the function's arguments: a JSON object, or @FILE")
	}
	cmd.AddCommand(list, call, query)
	f.add(list, needNode)
	f.add(call, needNode|needKey)
	f.add(query, needNode|needKey)
	return cmd
}

// readArgs reads --args: a JSON object, or @FILE holding one; empty means
// no arguments.
func readArgs(s string) (json.RawMessage, error) {
	if s == "" {
		return nil, nil
	}
	b := []byte(s)
	if name, ok := strings.CutPrefix(s, "@"); ok {
		var err error
		if b, err = os.ReadFile(name); err != nil {
			return nil, &exitError{2, fmt.Errorf("--args: %w", err)}
		}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, &exitError{2, fmt.Errorf("--args: not a JSON object: %v", err)}
	}
	return json.RawMessage(b), nil
}

// prepareArgs checks the call against the enclave's description of its
// apps and turns wallet names in address fields into addresses. A node
// that describes no apps (one older than GET /v1/apps) gets the call as
// given, and the enclave judges it.
func prepareArgs(ctx context.Context, c *client.Client, w *wallet.Wallet, kind, app, fn string, args json.RawMessage) (json.RawMessage, error) {
	apps, err := c.Apps(ctx)
	var ce *client.Error
	if errors.As(err, &ce) && ce.Status == http.StatusNotFound {
		return args, nil
	}
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(apps, func(a wire.AppInfo) bool { return a.Name == app })
	if i < 0 {
		names := make([]string, len(apps))
		for i, a := range apps {
			names[i] = a.Name
		}
		return nil, &exitError{2, fmt.Errorf("the enclave has no app %q; it runs: %s (see anonify app list)", app, strings.Join(names, ", "))}
	}
	info, ok := apps[i].Function(fn)
	if !ok {
		var names []string
		for _, f := range apps[i].Functions {
			names = append(names, f.Name)
		}
		return nil, &exitError{2, fmt.Errorf("app %s has no function %q; it has: %s", app, fn, strings.Join(names, ", "))}
	}
	if info.Kind != kind {
		verb := map[string]string{wire.KindCommand: "call", wire.KindQuery: "query"}[info.Kind]
		return nil, &exitError{2, fmt.Errorf("%s.%s is a %s: use anonify app %s %s %s", app, fn, info.Kind, verb, app, fn)}
	}
	if len(args) == 0 || len(info.Args) == 1 && info.Args[0].Name == "" {
		return args, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(args, &obj); err != nil {
		return nil, &exitError{2, fmt.Errorf("--args: not a JSON object: %v", err)}
	}
	types := map[string]string{}
	for _, a := range info.Args {
		types[a.Name] = a.Type
	}
	changed := false
	for field, raw := range obj {
		typ, ok := types[field]
		if !ok {
			return nil, &exitError{2, fmt.Errorf("--args: %s.%s takes no field %q; it takes %s", app, fn, field, info.Signature())}
		}
		resolved, err := resolveAddresses(w, field, typ, raw)
		if err != nil {
			return nil, err
		}
		if resolved != nil {
			obj[field], changed = resolved, true
		}
	}
	if !changed {
		return args, nil
	}
	return json.Marshal(obj)
}

// resolveAddresses replaces wallet names by addresses in a field of type
// address or address[]; it returns nil when there is nothing to replace.
func resolveAddresses(w *wallet.Wallet, field, typ string, raw json.RawMessage) (json.RawMessage, error) {
	resolve := func(s string) (string, error) {
		a, err := w.Resolve(s)
		if err != nil {
			return "", &exitError{2, fmt.Errorf("--args: field %q: %w", field, err)}
		}
		return a.Hex(), nil
	}
	switch typ {
	case "address":
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil, nil // not a string: the enclave says what is wrong
		}
		a, err := resolve(s)
		if err != nil {
			return nil, err
		}
		return json.Marshal(a)
	case "address[]":
		var list []string
		if json.Unmarshal(raw, &list) != nil {
			return nil, nil
		}
		for i, s := range list {
			var err error
			if list[i], err = resolve(s); err != nil {
				return nil, err
			}
		}
		return json.Marshal(list)
	}
	return nil, nil
}

// printResult prints a query's JSON result: objects and arrays indented,
// anything else as it is.
func printResult(raw json.RawMessage) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return fmt.Errorf("malformed result %s", raw)
	}
	fmt.Println(buf.String())
	return nil
}
