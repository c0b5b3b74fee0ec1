package ui

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

	"github.com/tlsplay/tlsplay/explain"
)

// snippets are the code every story's fix shows, under every lens: Python
// (requests) and Go, each once.
func snippets(t *testing.T) (python, goCode []string) {
	t.Helper()
	py, gc := map[string]bool{}, map[string]bool{}
	for _, r := range allReports(t) {
		for _, client := range explain.LensClients {
			fx := VerdictFor(r, client).Lens.Fix
			gc[fx.Go] = true
			switch client {
			case explain.Requests:
				py[fx.Wrong], py[fx.Right] = true, true
			case explain.GoNetHTTP:
				gc[fx.Wrong], gc[fx.Right] = true, true
			}
			py[fx.Requests] = true
		}
	}
	delete(py, "")
	delete(gc, "")
	t.Logf("%d Python snippets, %d Go", len(py), len(gc))
	return slices.Sorted(maps.Keys(py)), slices.Sorted(maps.Keys(gc))
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
	py, _ := snippets(t)
	in, err := json.Marshal(py)
	must(t, err)
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
// are what the revocation snippet says are the person's own. Each snippet
// ends in a request whose answer the person's code reads next.
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
	_, gc := snippets(t)
	var b strings.Builder
	b.WriteString(goHarness)
	for i, code := range gc {
		fmt.Fprintf(&b, "\n// snippet %d\nfunc snippet%d() {\n%s\n_, _ = resp, err\n}\n", i, i, code)
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module snippets\n\ngo 1.26\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(b.String()), 0o644))
	cmd := exec.Command("go", "vet", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GOOS=", "GOARCH=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the %d Go snippets do not compile as shown: %v\n%s\n%s", len(gc), err, out, numbered(b.String()))
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
