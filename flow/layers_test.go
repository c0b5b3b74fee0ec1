package flow

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The layers hold: explain reads the trace's values and parses no certificate
// or byte, and the programs carry flow's answers without crafting anything
// themselves. Imports are read from the source, whatever a file's build tags.
func TestLayers(t *testing.T) {
	for _, tc := range []struct {
		dir       string
		forbidden []string
	}{
		{"../explain", []string{"crypto/x509", "encoding/asn1", "encoding/pem"}},
		{"../wasm/app", []string{"github.com/tlsplay/tlsplay/pki", "github.com/tlsplay/tlsplay/export"}},
		{"../wasm/worker", []string{"github.com/tlsplay/tlsplay/pki", "github.com/tlsplay/tlsplay/export"}},
		{"../cmd/tlsplay", []string{"github.com/tlsplay/tlsplay/pki", "github.com/tlsplay/tlsplay/handshake"}},
	} {
		files, err := filepath.Glob(filepath.Join(tc.dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", tc.dir, err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				if path, _ := strconv.Unquote(imp.Path.Value); slices.Contains(tc.forbidden, path) {
					t.Errorf("%s imports %s", name, path)
				}
			}
		}
	}
}
