package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tlsplay/tlsplay/flow"
)

// The service worker is told every file of the site but itself and the
// precompressed copies, each with its hash, and a version that changes with
// any file.
func TestWriteServiceWorker(t *testing.T) {
	site := map[string]string{
		"index.html":      "<!doctype html>",
		"boot.js":         "boot",
		"tlsplay.wasm":    "\x00asm",
		"tlsplay.wasm.br": "a copy",
		"tlsplay.wasm.gz": "a copy",
		"data/roots.pem":  "roots",
		"sw.js":           "an older service worker",
		// A day's certificates serve that day alone: no build keeps them.
		flow.DaysFolder + "/2026-12-06.pem": "today's issuers",
	}
	write := func(dir string, files map[string]string) {
		for name, data := range files {
			os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := t.TempDir()
	write(dir, site)
	script := []byte("\"use strict\";\n")
	b, err := WriteServiceWorker(dir, script)
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(b.Files))
	if want := []string{"boot.js", "data/roots.pem", "index.html", "tlsplay.wasm"}; !slices.Equal(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
	for _, n := range names {
		sum := sha256.Sum256([]byte(site[n]))
		if b.Files[n] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: hash %s is not its bytes'", n, b.Files[n])
		}
	}
	sw, err := os.ReadFile(filepath.Join(dir, "sw.js"))
	if err != nil {
		t.Fatal(err)
	}
	first, rest, _ := bytes.Cut(sw, []byte("\n"))
	var told Build
	manifest, ok := bytes.CutPrefix(first, []byte("self.tlsplayBuild = "))
	if !ok || json.Unmarshal(bytes.TrimSuffix(manifest, []byte(";")), &told) != nil || told.Version != b.Version || !maps.Equal(told.Files, b.Files) {
		t.Errorf("sw.js begins %q, not with the build", first)
	}
	if !bytes.Equal(rest, script) {
		t.Errorf("sw.js goes on with %q, not the script", rest)
	}
	// Writing it again (a make site over a built site) tells the same build.
	if again, err := WriteServiceWorker(dir, script); err != nil || again.Version != b.Version {
		t.Errorf("written again: version %s (%v), was %s", again.Version, err, b.Version)
	}

	for _, change := range []map[string]string{{"boot.js": "boot2"}, {"data/roots.pem": ""}, {"icon.svg": "<svg/>"}} {
		other := t.TempDir()
		write(other, site)
		write(other, change)
		ob, err := ReadBuild(other)
		if err != nil {
			t.Fatal(err)
		}
		if ob.Version == b.Version {
			t.Errorf("changing %v keeps the version", change)
		}
	}
	if _, err := ReadBuild(t.TempDir()); err == nil {
		t.Error("a site without index.html has a build")
	}
}
