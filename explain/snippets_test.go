//go:build !js

// The snippets are checked by python3, go vet and node, which a test under
// WebAssembly cannot run.

package explain

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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

// goHarness holds every Go snippet as the body of a function of its own, in
// a file that imports the packages the snippets name; parseCRLs and revoked
// are what the revocation snippet says are the person's own. Each courier's
// snippet ends in a request whose answer the person's code reads next; a
// server's is given the server whose TLSConfig it sets (srv), or makes its
// own.
const goHarness = `package main

import (
	"crypto/tls"
	"crypto/x509"
	"log"
	"net/http"
	"os"
)

var _, _, _, _, _ = tls.VersionTLS13, x509.NewCertPool, log.Fatal, http.Get, os.ReadFile

func parseCRLs([]byte) []*x509.RevocationList { return nil }

func revoked([]*x509.Certificate, []*x509.RevocationList, []byte) error { return nil }

func main() {}
`

// Every Go snippet a story shows compiles as it is copied into a function
// (go vet of them all, in a module of their own).
func TestGoSnippetsCompile(t *testing.T) {
	_, gc, gs, _ := snippets(t)
	var b strings.Builder
	b.WriteString(goHarness)
	for i, code := range gc {
		fmt.Fprintf(&b, "\nfunc snippet%d() {\n%s\n_, _ = resp, err\n}\n", i, code)
	}
	for i, code := range gs {
		fmt.Fprintf(&b, "\nfunc server%d(srv *http.Server) {\n\t{\n%s\n\t}\n}\n", i, code)
	}
	dir := t.TempDir()
	for name, text := range map[string]string{"go.mod": "module snippets\n\ngo 1.26\n", "main.go": b.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "vet", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GOOS=", "GOARCH=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the %d Go snippets do not compile as shown: %v\n%s\n%s", len(gc)+len(gs), err, out, numbered(b.String()))
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
