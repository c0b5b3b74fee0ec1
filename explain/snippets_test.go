//go:build !js

// The snippets are checked by python3, go vet and node, which a test under
// WebAssembly cannot run.

package explain

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// snippets are the code every story's fix shows, under every lens: Python
// (requests), Go (the courier's and every server's cure) and Node, each once.
func snippets(t *testing.T) (python, goCode, goServer, node []string) {
	t.Helper()
	py, gc, gs, js := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range scenario.Presets {
		r := NewReport(run(t, p.At(scenario.PresetClock)))
		for _, client := range LensClients {
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			fx := v.Fix
			gc[fx.Go], js[fx.Node] = true, true
			switch client {
			case Requests:
				py[fx.Wrong], py[fx.Right] = true, true
			case GoNetHTTP:
				gc[fx.Wrong], gc[fx.Right] = true, true
			case Node:
				js[fx.Wrong], js[fx.Right] = true, true
			}
			py[fx.Requests] = true
		}
	}
	// Every server's cure, a story's or not (a pasted chain's).
	for _, sf := range serverFixes {
		gs[sf.Go] = true
	}
	delete(py, "")
	delete(gc, "")
	delete(gs, "")
	delete(js, "")
	t.Logf("%d Python snippets, %d Go, %d Go servers, %d Node", len(py), len(gc), len(gs), len(js))
	return slices.Sorted(maps.Keys(py)), slices.Sorted(maps.Keys(gc)), slices.Sorted(maps.Keys(gs)), slices.Sorted(maps.Keys(js))
}

// pyCheck parses each snippet on its standard input (a JSON list) and prints
// each name one reads without importing, defining or assigning it: a call that
// imports nothing stands for a line of a program that imports requests.
const pyCheck = `
import ast, builtins, json, sys
for i, src in enumerate(json.load(sys.stdin)):
    try:
        tree = ast.parse(src)
    except SyntaxError as e:
        print(f"snippet {i}: {e}\n{src}")
        continue
    known = set(dir(builtins))
    imports = False
    for n in ast.walk(tree):
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            imports = True
            known.update((a.asname or a.name).split(".")[0] for a in n.names)
        elif isinstance(n, (ast.FunctionDef, ast.ClassDef)):
            known.add(n.name)
        elif isinstance(n, ast.arg):
            known.add(n.arg)
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            known.add(n.id)
    if not imports:
        known.add("requests")
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in known:
            print(f"snippet {i}: {n.id} is used and never imported or defined\n{src}")
`

// Every Python snippet a story shows runs as it is copied: it parses, and
// every name it uses is imported or defined in it (truststore's too).
func TestPythonSnippetsRun(t *testing.T) {
	py, _, _, _ := snippets(t)
	in, err := json.Marshal(py)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", "-c", pyCheck)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	if len(out) > 0 {
		t.Errorf("of %d Python snippets:\n%s", len(py), out)
	}
}

// goHarness is what the Go snippets call that they say is the person's own
// (the revocation snippet's parseCRLs and revoked), in a file of its own.
const goHarness = `package main

import "crypto/x509"

func parseCRLs([]byte) []*x509.RevocationList { return nil }

func revoked([]*x509.Certificate, []*x509.RevocationList, []byte) error { return nil }

func main() {}
`

// goPackages are the import paths of the packages the Go snippets name.
var goPackages = map[string]string{"tls": "crypto/tls", "x509": "crypto/x509", "fmt": "fmt", "log": "log", "http": "net/http", "os": "os"}

// goFile is a Go file of package main whose function name(params) is code,
// as it is, importing the packages code names (and those params name): no
// more, which Go refuses as unused, and nothing that uses code's variables.
func goFile(t *testing.T, name, params, code string) string {
	t.Helper()
	body := "func " + name + "(" + params + ") {\n" + code + "\n}\n"
	f, err := parser.ParseFile(token.NewFileSet(), "", "package main\n"+body, 0)
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%s", name, err, numbered(body))
	}
	imports := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil {
				path, known := goPackages[id.Name]
				if !known {
					t.Errorf("%s names %s, no package the test knows\n%s", name, id.Name, numbered(body))
				}
				imports[strconv.Quote(path)] = true
			}
		}
		return true
	})
	return "package main\n\nimport (\n" + strings.Join(slices.Sorted(maps.Keys(imports)), "\n") + "\n)\n\n" + body
}

// Every Go snippet a story shows compiles as it is copied into a function,
// its variables used by itself (go vet of each in a file of its own, which
// imports what it names, in a module of their own): the courier's call
// checks its error and reads the answer, and every server's cure is given
// the server whose TLSConfig it sets (srv), or makes its own.
func TestGoSnippetsCompile(t *testing.T) {
	_, gc, gs, _ := snippets(t)
	files := map[string]string{"go.mod": "module snippets\n\ngo 1.26\n", "main.go": goHarness}
	for i, code := range gc {
		// The request's own error is checked: Go takes an err checked
		// before for one that is used.
		if _, call, ok := strings.Cut(code, "resp, err := "); ok && !strings.Contains(call, "if err != nil {") {
			t.Errorf("the request's error goes unchecked:\n%s", code)
		}
		files[fmt.Sprintf("snippet%d.go", i)] = goFile(t, fmt.Sprintf("snippet%d", i), "", code)
	}
	for i, code := range gs {
		// In a block of its own, where a cure that makes its srv declares it.
		files[fmt.Sprintf("server%d.go", i)] = goFile(t, fmt.Sprintf("server%d", i), "srv *http.Server", "{\n"+code+"\n}")
	}
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "vet", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GOOS=", "GOARCH=")
	if out, err := cmd.CombinedOutput(); err != nil {
		var all strings.Builder
		for _, name := range slices.Sorted(maps.Keys(files)) {
			fmt.Fprintf(&all, "// %s\n%s\n", name, numbered(files[name]))
		}
		t.Errorf("the %d Go snippets do not compile as shown: %v\n%s\n%s", len(gc)+len(gs), err, out, all.String())
	}
}

// Every Node snippet a story shows parses as it is copied (node --check), in
// a program that requires the modules it names, https and fs.
func TestNodeSnippetsParse(t *testing.T) {
	_, _, _, js := snippets(t)
	var b strings.Builder
	b.WriteString("const https = require(\"https\"), fs = require(\"fs\");\n")
	for i, code := range js {
		fmt.Fprintf(&b, "\nfunction snippet%d() {\n%s;\n}\n", i, code)
	}
	file := filepath.Join(t.TempDir(), "snippets.js")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("node", "--check", file).CombinedOutput(); err != nil {
		t.Errorf("the %d Node snippets do not parse as shown: %v\n%s\n%s", len(js), err, out, numbered(b.String()))
	}
}

// numbered is code with its line numbers, as go vet names them.
func numbered(code string) string {
	var b strings.Builder
	for i, line := range strings.Split(code, "\n") {
		fmt.Fprintf(&b, "%4d %s\n", i+1, line)
	}
	return b.String()
}
