package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/anonify-go/anonify/client"
)

func groupCmd() *cobra.Command {
	var f clientFlags
	var tokenFile string
	cmd := &cobra.Command{
		Use:   "group",
		Short: "Inspect and manage the enclaves' MLS group (RFC 9420) through a node",
		Long: `group shows the group of member enclaves as the node's enclave sees it, and
lets the node's operator commit a key rotation (MLS commit with an UpdatePath)
or remove a member (MLS commit with a Remove). Rotate and remove need the
node's operator token: --admin-token-file (default DATA_DIR/admin.token of
the node) or ANONIFY_ADMIN_TOKEN.`,
	}
	token := func() (string, error) {
		if tokenFile != "" {
			b, err := os.ReadFile(tokenFile)
			return strings.TrimSpace(string(b)), err
		}
		if t := os.Getenv("ANONIFY_ADMIN_TOKEN"); t != "" {
			return t, nil
		}
		return "", &exitError{2, fmt.Errorf("no operator token: pass --admin-token-file or set ANONIFY_ADMIN_TOKEN")}
	}
	status := &cobra.Command{
		Use:   "status",
		Short: "Show the epoch and the members with their identity addresses and TEE kind",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, done, err := f.connect(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			g, err := c.Group(cmd.Context())
			if err != nil {
				return err
			}
			if f.json {
				return printJSON(g)
			}
			fmt.Printf("epoch %d (MLS epoch %d), %d members\n", g.Epoch, g.MLSEpoch, len(g.Members))
			for _, m := range g.Members {
				self := ""
				if m.Self {
					self = "  (this node)"
				}
				fmt.Printf("%s %s%s\n", m.Identity.Hex(), m.TEEKind, self)
			}
			return nil
		},
	}
	printResult := func(r *client.GroupResult) error {
		if f.json {
			return printJSON(r)
		}
		fmt.Printf("%s applied: group now at epoch %d\n", r.Operation, r.Epoch)
		return nil
	}
	rotate := &cobra.Command{
		Use:   "rotate",
		Short: "Commit a key rotation and wait until it is applied",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tok, err := token()
			if err != nil {
				return err
			}
			c, done, err := f.connect(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			r, err := c.Rotate(cmd.Context(), tok)
			if err != nil {
				return err
			}
			return printResult(r)
		},
	}
	var member string
	remove := &cobra.Command{
		Use:   "remove --member ADDR",
		Short: "Commit the removal of a member enclave and wait until it is applied",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !common.IsHexAddress(member) {
				return &exitError{2, fmt.Errorf("--member %q: not a 0x address", member)}
			}
			tok, err := token()
			if err != nil {
				return err
			}
			c, done, err := f.connect(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			r, err := c.Remove(cmd.Context(), tok, common.HexToAddress(member))
			if err != nil {
				return err
			}
			return printResult(r)
		},
	}
	remove.Flags().StringVar(&member, "member", "", "identity address of the member enclave to remove")
	remove.MarkFlagRequired("member")
	cmd.AddCommand(status, rotate, remove)
	f.addLeaves(cmd, needNode)
	for _, c := range []*cobra.Command{rotate, remove} {
		c.Flags().StringVar(&tokenFile, "admin-token-file", "", "file holding the node's operator token (env ANONIFY_ADMIN_TOKEN holds the token itself)")
	}
	return cmd
}
