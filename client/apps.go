package client

import (
	"context"

	"github.com/anonify-go/anonify/wire"
)

// Generic calls: Command and Query take any app and function the enclave
// carries, with arguments as any value that encodes to the function's JSON
// arguments (a struct, a map, or json.RawMessage as it is). Apps says
// which apps, functions and argument types there are, so a client can
// call an app it was built without. Typed helpers for an app, where they
// help, wrap these calls (ERC20).

// Apps returns the apps the node's enclave describes (GET /v1/apps):
// names, functions, command or query, argument and result types. The
// node relays the description and nothing authenticates it (see
// wire.Apps): use it to build requests, not to decide whom to trust.
func (c *Client) Apps(ctx context.Context) ([]wire.AppInfo, error) {
	var a wire.Apps
	if err := c.get(ctx, "/v1/apps", &a); err != nil {
		return nil, err
	}
	return a.Apps, nil
}
