// Package deps holds the test that keeps the enclave boundary in the import
// graph, in the manner of Go's own go/build/deps_test.go: trusted code must
// not depend on the host, the host must not link the enclave's internals,
// the client must not link TEE producers, and the stand-alone libraries
// stay stand-alone. A reader learns from this table which side every
// package is on; the test fails the moment an import crosses a line.
package deps

import (
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/anonify-go/anonify"

// rule forbids packages matching from (except those matching notFrom) to
// import packages matching to (except those matching allow). Patterns are
// module-relative: "x" matches package x only, "x/..." matches x and
// everything below it, "..." everything. Direct rules look at a package's
// own imports; the others at everything it links (its transitive imports).
type rule struct {
	from, notFrom []string
	to, allow     []string
	direct        bool
	why           string
}

// trusted is the code that runs inside the TEE or that the enclave links.
var trusted = []string{"enclave/...", "tee/...", "mls/...", "wire/..."}

var rules = []rule{
	{from: []string{"mls/..."}, to: []string{"..."}, allow: []string{"mls/..."},
		why: "mls is a stand-alone RFC 9420 library: it imports nothing of this module"},
	{from: []string{"attest/..."}, to: []string{"tee/..."},
		why: "verifying evidence (on both sides, clients included) must not link the producers that make it"},
	{from: []string{"node/...", "ledger/...", "client/...", "wallet/...", "devnet/...", "cmd/..."},
		to: []string{"enclave/runtime/...", "enclave/groupkey/...", "enclave/apps/..."}, direct: true,
		why: "the host, the CLI and the client reach the enclave only through its ecalls (enclave/api.go), never its internals; only assembly chooses the apps"},
	{from: []string{"node/...", "ledger/..."}, to: []string{"tee/..."}, direct: true,
		why: "the host runs the enclave; the TEE platform is the enclave's business (assembly opens it)"},
	{from: []string{"client/...", "wallet/..."}, to: []string{"tee/...", "enclave/...", "node/...", "ledger/ethereum/..."},
		why: "the client SDK verifies enclaves; it links no TEE producer, enclave or host code"},
	{from: trusted, to: []string{"node/...", "cmd/...", "devnet/...", "assembly/...", "client/...", "wallet/...", "ledger/...", "internal/dirlock/..."},
		why: "trusted code never depends on the untrusted host, the CLI or the client"},
	{from: []string{"wire/...", "attest/..."}, to: []string{"enclave/..."},
		why: "formats and verifiers are shared by both sides; they cannot depend on the enclave"},
	{from: []string{"explorer/..."}, to: []string{"enclave/...", "tee/...", "node/...", "devnet/...", "assembly/..."},
		why: "the explorer is untrusted host-side code that reads only the chain and the nodes' public endpoints: it links no enclave, TEE producer or node"},
	{from: []string{"auditor/..."}, to: []string{"enclave/...", "tee/...", "node/...", "devnet/...", "assembly/...", "client/..."},
		why: "the auditor is user-side code that reads only the chain and opens the records sealed to its key: it links no enclave, TEE producer, node or client"},
	{from: []string{"cmd/anonify-node", "cmd/internal/..."}, to: []string{"client/...", "wallet/...", "devnet/...", "explorer/...", "ledger/ethereum/embedded/...", "cmd/anonify"},
		why: "the lean node binary runs inside the TEE: it links no client, wallet, devnet, explorer or embedded chain (cmd/anonify-node's TestLean checks go-ethereum's side)"},
	{from: []string{"..."}, notFrom: []string{"cmd/..."}, to: []string{"cmd/..."},
		why: "nothing imports the CLI"},
}

// graph maps each package of the module (module-relative path) to its
// module-internal imports, excluding tests.
type graph map[string][]string

func loadGraph(t *testing.T) graph {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	g := graph{}
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				return nil
			}
			return fmt.Errorf("%s: %w", path, err)
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		var imps []string
		for _, imp := range pkg.Imports {
			if imp == module || strings.HasPrefix(imp, module+"/") {
				imps = append(imps, strings.TrimPrefix(strings.TrimPrefix(imp, module), "/"))
			}
		}
		g[rel] = imps
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(g) < 20 {
		t.Fatalf("found only %d packages under %s; is the test running from internal/deps?", len(g), root)
	}
	return g
}

func matches(pattern, pkg string) bool {
	if pattern == "..." {
		return true
	}
	if p, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == p || strings.HasPrefix(pkg, p+"/")
	}
	return pkg == pattern
}

func matchesAny(patterns []string, pkg string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return matches(p, pkg) })
}

// deps returns pkg's direct imports, or all packages it links, sorted.
func (g graph) deps(pkg string, direct bool) []string {
	if direct {
		return g[pkg]
	}
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		for _, d := range g[p] {
			if !seen[d] {
				seen[d] = true
				walk(d)
			}
		}
	}
	walk(pkg)
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// violations lists every import that breaks a rule.
func violations(g graph, rules []rule) []string {
	pkgs := make([]string, 0, len(g))
	for p := range g {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	var out []string
	for _, r := range rules {
		for _, p := range pkgs {
			if !matchesAny(r.from, p) || matchesAny(r.notFrom, p) {
				continue
			}
			for _, d := range g.deps(p, r.direct) {
				if matchesAny(r.to, d) && !matchesAny(r.allow, d) {
					out = append(out, fmt.Sprintf("%s imports %s: %s", p, d, r.why))
				}
			}
		}
	}
	return out
}

func TestDependencyRules(t *testing.T) {
	for _, v := range violations(loadGraph(t), rules) {
		t.Error(v)
	}
}

func TestNoCycles(t *testing.T) {
	g := loadGraph(t)
	for p := range g {
		if slices.Contains(g.deps(p, false), p) {
			t.Errorf("%s depends on itself through its imports", p)
		}
	}
}

// TestRulesCatchForbiddenImports proves the checker fails when a forbidden
// import appears: each case adds one edge to a copy of the real graph.
func TestRulesCatchForbiddenImports(t *testing.T) {
	for _, tc := range []struct{ from, to string }{
		{"mls", "wire"},
		{"attest/verify", "tee"},
		{"attest/atls", "tee/sim"},
		{"node", "enclave/runtime"},
		{"node", "tee"},
		{"devnet", "enclave/apps/erc20"},
		{"ledger/ethereum", "enclave/apps/erc20"},
		{"client", "tee"},
		{"enclave", "node"},
		{"tee/sim", "cmd/anonify"},
		{"wire", "enclave"},
		{"explorer", "enclave"},
		{"explorer", "tee/sim"},
		{"auditor", "enclave"},
		{"auditor", "client"},
	} {
		t.Run(tc.from+"->"+tc.to, func(t *testing.T) {
			g := graph{}
			for p, d := range loadGraph(t) {
				g[p] = slices.Clone(d)
			}
			if _, ok := g[tc.from]; !ok {
				t.Fatalf("package %s not found", tc.from)
			}
			g[tc.from] = append(g[tc.from], tc.to)
			if len(violations(g, rules)) == 0 {
				t.Fatalf("adding the import %s -> %s broke no rule", tc.from, tc.to)
			}
		})
	}
}
