package apps

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire"
)

const module = "github.com/anonify-go/anonify"

// TestAddingAnAppIsOneFile keeps the promise of docs/ARCHITECTURE.md
// ("Adding an app"): the voting app was written as a new user would, and
// nothing outside its own file refers to it but the registry. Its one
// non-test file is enclave/apps/voting/voting.go, and the only other
// source that names it (by import path or as the string "voting") is this
// package's apps.go, with the import and one line in Builtin. Node,
// client, CLI, contract and the rest of the enclave know it only through
// what the enclave describes at run time. Tests elsewhere may exercise it.
func TestAddingAnAppIsOneFile(t *testing.T) {
	const app, name = "enclave/apps/voting", "voting"
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	appDir := filepath.Join(root, filepath.FromSlash(app))

	own, err := filepath.Glob(filepath.Join(appDir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	own = slices.DeleteFunc(own, func(p string) bool { return strings.HasSuffix(p, "_test.go") })
	if len(own) != 1 || filepath.Base(own[0]) != name+".go" {
		t.Errorf("the app's package holds %v, want only %s.go", own, name)
	}

	refs := map[string][]string{} // file -> what names the app
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			n := d.Name()
			if path == appDir || path != root && (strings.HasPrefix(n, ".") || n == "node_modules" || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && (s == name || s == module+"/"+app || strings.HasPrefix(s, module+"/"+app+"/")) {
				refs[rel] = append(refs[rel], fset.Position(lit.Pos()).String())
			}
			return true
		})
		if rel == "enclave/apps/apps.go" {
			refs[rel] = append(refs[rel], registryLines(t, fset, f, name)...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) < 1 {
		t.Fatal("the registry does not name the app: is the test running from enclave/apps?")
	}
	for file, where := range refs {
		if file != "enclave/apps/apps.go" {
			t.Errorf("%s names the %s app (%v): adding an app must need no change outside %s and the registry line", file, name, where, app)
		}
	}
	// The import path, and one line in Builtin.
	if got := refs["enclave/apps/apps.go"]; len(got) != 2 {
		t.Errorf("apps.go names the app %d times (%v), want the import and one line in Builtin", len(got), got)
	}
}

// registryLines lists the lines of Builtin that use package name.
func registryLines(t *testing.T, fset *token.FileSet, f *ast.File, name string) []string {
	var out []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "Builtin" {
			continue
		}
		lines := map[int]bool{}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
					lines[fset.Position(sel.Pos()).Line] = true
				}
			}
			return true
		})
		for l := range lines {
			out = append(out, fset.Position(fn.Pos()).Filename+":"+strconv.Itoa(l))
		}
	}
	if len(out) == 0 {
		t.Errorf("Builtin does not call package %s", name)
	}
	return out
}

// TestBuiltinDescribed: every registered app has a distinct name and a
// description clients can use (what `anonify app list` prints).
func TestBuiltinDescribed(t *testing.T) {
	apps := Builtin()
	if _, err := runtime.NewEngine(runtime.NewStore(), apps...); err != nil {
		t.Fatal(err)
	}
	desc := runtime.Describe(apps...)
	if len(desc) != len(apps) {
		t.Fatalf("%d apps described, %d registered", len(desc), len(apps))
	}
	for _, a := range desc {
		if len(a.Functions) == 0 {
			t.Errorf("app %s describes no function", a.Name)
		}
		for _, f := range a.Functions {
			if f.Kind != wire.KindCommand && f.Kind != wire.KindQuery {
				t.Errorf("%s.%s has kind %q", a.Name, f.Name, f.Kind)
			}
			for _, arg := range f.Args {
				if strings.Contains(arg.Type, "json") {
					t.Errorf("%s.%s argument %q has no precise type (%s)", a.Name, f.Name, arg.Name, arg.Type)
				}
			}
		}
	}
	voting := slices.IndexFunc(desc, func(a wire.AppInfo) bool { return a.Name == "voting" })
	if voting < 0 {
		t.Fatal("voting app not registered")
	}
	vote, ok := desc[voting].Function("create")
	if !ok || vote.Signature() != "create(poll string, options string[], voters address[], close uint64)" {
		t.Fatalf("voting.create described as %+v", vote)
	}
}
