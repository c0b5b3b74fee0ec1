package testtool

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPageLeavesOut holds the page's WebAssembly to the packages it was made
// smaller without: each was replaced by a reading of our own, and one import
// anywhere in what the page links brings it back whole (regexp came back
// once, 260 kB raw, for two patterns in explain).
func TestPageLeavesOut(t *testing.T) {
	for _, tags := range []string{"", "tlsplay_fetchdata"} {
		deps := listPage(t, "-tags="+tags)
		for pkg, why := range map[string]string{
			"regexp":         "read the text by hand (explain's opensslReasons)",
			"encoding/json":  "internal/tjson is the page's JSON codec",
			"compress/flate": "scenario/deflate reads and writes the share links",
		} {
			for _, d := range deps {
				if d == pkg {
					t.Errorf("the page's WebAssembly (tags %q) links %s: %s", tags, pkg, why)
				}
			}
		}
	}
}

// TestPageCallsNoErrorsAs holds the page's own packages to errors.AsType:
// one call of errors.As anywhere in what the page links brings back it and
// the reflection it takes (internal/reflectlite's implements and assignTo),
// 7.8 kB of the page's gzip when ui's ProbeInput.Check called it.
func TestPageCallsNoErrorsAs(t *testing.T) {
	// The files the page builds of the module's own packages (js/wasm, the
	// page's tags).
	files := listPage(t, "-tags=tlsplay_fetchdata", "-f",
		"{{if .Module}}{{if .Module.Main}}{{range .GoFiles}}{{$.Dir}}/{{.}} {{end}}{{end}}{{end}}")
	if len(files) < 50 {
		t.Fatalf("the page's own files: %q, want its files", files)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "As" {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "errors" {
					t.Errorf("%s: errors.As in the page's code; use errors.AsType", fset.Position(sel.Pos()))
				}
			}
			return true
		})
	}
}

// listPage is go list -deps of the page (./wasm/app) as js/wasm, with args,
// split into fields.
func listPage(t *testing.T, args ...string) []string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(Path(t, "go"), append(append([]string{"list", "-deps"}, args...), "./wasm/app")...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	return strings.Fields(string(out))
}
