package ethereum

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// Several JSON-RPC endpoints of one chain (rpcURL "http://a,http://b"):
// the driver talks to one at a time and moves to the next when a request
// cannot reach it (connection refused, reset, a 5xx from a proxy), so a
// node whose chain endpoint dies goes on through another. It is done
// below go-ethereum's rpc client, as an http.RoundTripper, so that every
// read, call and transaction fails over alike; a JSON-RPC error from an
// endpoint that answered (a revert, "nonce too low") is an answer, not a
// failure, and is returned as is.
//
// A request that reached the dead endpoint and is retried on the next
// one is safe to repeat: reads are, and a signed transaction sent twice is
// the same transaction (the second copy is "already known", which
// transact takes as sent).

// SplitRPC splits a --rpc value into its endpoints: comma-separated,
// blanks ignored.
func SplitRPC(rpcURL string) []string {
	var out []string
	for _, u := range strings.Split(rpcURL, ",") {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

type failover struct {
	urls []*url.URL
	next http.RoundTripper
	cur  atomic.Int32
	log  *slog.Logger
}

func newFailover(urls []string, next http.RoundTripper) (*failover, error) {
	f := &failover{next: next, log: slog.Default()}
	for _, s := range urls {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("ledger/ethereum: %q: several endpoints must all be http(s) URLs", s)
		}
		f.urls = append(f.urls, u)
	}
	return f, nil
}

func (f *failover) RoundTrip(req *http.Request) (*http.Response, error) {
	start := int(f.cur.Load())
	var lastErr error
	for i := range f.urls {
		k := (start + i) % len(f.urls)
		r := req.Clone(req.Context())
		target := *f.urls[k]
		r.URL, r.Host = &target, ""
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r.Body = body
		}
		resp, err := f.next.RoundTrip(r)
		if err == nil && resp.StatusCode < 500 {
			if k != start && f.cur.CompareAndSwap(int32(start), int32(k)) {
				f.log.Warn("chain endpoint unreachable; moved to the next", "from", f.urls[start].Redacted(), "to", target.Redacted(), "err", lastErr)
			}
			return resp, nil
		}
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			err = fmt.Errorf("HTTP %s", resp.Status)
		}
		lastErr = fmt.Errorf("%s: %w", target.Redacted(), err)
		if req.Context().Err() != nil {
			break
		}
	}
	return nil, fmt.Errorf("every chain endpoint failed; the last: %w", lastErr)
}

// checkSameChain asks each endpoint on its own for its chain id and
// genesis block, and refuses endpoints of different chains: failing over
// to another chain would show the node another history. An endpoint that
// does not answer now is let through (it may be the one that is down);
// what it serves later must extend the blocks the node applied, which
// --confirmations' reorg check watches.
func checkSameChain(ctx context.Context, urls []string) error {
	type chain struct {
		url     string
		id      *big.Int
		genesis common.Hash // zero if the endpoint did not give it
	}
	var seen []chain
	for _, u := range urls {
		c, err := ethclient.DialContext(ctx, u)
		if err != nil {
			continue
		}
		id, err := c.ChainID(ctx)
		if err != nil {
			c.Close()
			continue
		}
		this := chain{url: u, id: id}
		if h, err := c.HeaderByNumber(ctx, common.Big0); err == nil {
			this.genesis = h.Hash()
		}
		c.Close()
		for _, o := range seen {
			if o.id.Cmp(id) != 0 || o.genesis != this.genesis && o.genesis != (common.Hash{}) && this.genesis != (common.Hash{}) {
				return fmt.Errorf("ledger/ethereum: %s and %s serve different chains (chain id %s and %s, genesis %s and %s): --rpc takes endpoints of one chain",
					o.url, u, o.id, id, o.genesis.Hex(), this.genesis.Hex())
			}
		}
		seen = append(seen, this)
	}
	if len(seen) == 0 {
		return errors.New("ledger/ethereum: JSON-RPC endpoint unreachable: none of the endpoints answers")
	}
	return nil
}

// CliqueSigners is the number of signers of a Clique (proof-of-authority)
// chain, from clique_getSigners; an error means the chain is not Clique
// (or does not expose the clique API).
func (d *Driver) CliqueSigners(ctx context.Context) (int, error) {
	var signers []common.Address
	if err := d.client.Client().CallContext(ctx, &signers, "clique_getSigners", nil); err != nil {
		return 0, err
	}
	return len(signers), nil
}
