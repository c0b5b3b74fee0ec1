package testtool

import (
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
	goTool := Path(t, "go")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, tags := range []string{"", "tlsplay_fetchdata"} {
		cmd := exec.Command(goTool, "list", "-deps", "-tags="+tags, "./wasm/app")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		deps := strings.Fields(string(out))
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
