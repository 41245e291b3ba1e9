package enclave

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestSurfaceInAPI keeps the package doc's promise: the host-callable
// surface (every exported declaration of package enclave) is in api.go, so
// a reviewer reads one file to know everything a hostile host can call.
func TestSurfaceInAPI(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "api.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, exported := range exportedDecls(f) {
			t.Errorf("%s declares exported %s: the enclave's surface belongs in api.go", name, exported)
		}
	}
}

func exportedDecls(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						out = append(out, s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							out = append(out, n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

func TestExportedDeclsFindsEachKind(t *testing.T) {
	src := `package p
func Exported() {}
func (x T) Method() {}
func hidden() {}
type Public struct{}
var V, w = 1, 2
const C = 3`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(exportedDecls(f), ",")
	if want := "Exported,Method,Public,V,C"; got != want {
		t.Fatalf("exportedDecls = %s, want %s", got, want)
	}
}
