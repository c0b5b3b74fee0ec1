package static

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Precompress writes copies only of the site's kinds of file and only where
// they are smaller, and removes a copy left from a build where one was.
func TestPrecompress(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"app.wasm":    strings.Repeat("\x00asm", 500),
		"a/style.css": strings.Repeat("p { margin: 0 }\n", 50),
		"tiny.js":     "1",
		"tiny.js.gz":  "left from an earlier build",
		"pic.png":     strings.Repeat("\x00", 500),
	}
	for name, data := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Precompress(dir); err != nil {
		t.Fatal(err)
	}
	var got []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(got)
	want := []string{"a/style.css", "a/style.css.br", "a/style.css.gz", "app.wasm", "app.wasm.br", "app.wasm.gz", "pic.png", "tiny.js"}
	if !slices.Equal(got, want) {
		t.Errorf("files after Precompress:\n got %q\nwant %q", got, want)
	}
}
