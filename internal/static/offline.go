package static

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/internal/tjson"
)

// ServiceWorkerName is the service worker's file in a built site: the one
// file it does not cache (the browser fetches it to learn of a new build).
const ServiceWorkerName = "sw.js"

// Build is what a built site's service worker caches: every file of the site
// by its name (relative to the site's folder, with slashes) and the SHA-256 of
// its bytes, and the build's version, a hash of them all. The service worker
// checks each file it fetches against its hash, so that a cache never holds
// files of two builds (a deploy may land while it fetches).
type Build struct {
	Version string            `json:"version"`
	Files   map[string]string `json:"files"`
}

// ReadBuild lists the files of the built site in dir: each but the service
// worker, the precompressed copies (other representations of a file, which a
// browser never asks for by name) and the certificates of each day ahead
// (flow.DaysFolder: a visit needs one of them, whose day is over by the next,
// and a visit without it only crafts them).
func ReadBuild(dir string) (Build, error) {
	b := Build{Files: map[string]string{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if name == ServiceWorkerName || isCopy(name) || strings.HasPrefix(name, flow.DaysFolder+"/") {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", name)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		b.Files[name] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		return Build{}, err
	}
	if _, ok := b.Files["index.html"]; !ok {
		return Build{}, errors.New("the site has no index.html")
	}
	names := make([]string, 0, len(b.Files))
	for n := range b.Files {
		names = append(names, n)
	}
	slices.Sort(names)
	all := sha256.New()
	for _, n := range names {
		fmt.Fprintf(all, "%s %s\n", b.Files[n], n)
	}
	b.Version = hex.EncodeToString(all.Sum(nil)[:8])
	return b, nil
}

// isCopy says whether name is a precompressed copy of a compressible file.
func isCopy(name string) bool {
	for _, e := range Encodings {
		if plain, ok := strings.CutSuffix(name, e.Suffix); ok && Compressible(plain) {
			return true
		}
	}
	return false
}

// WriteServiceWorker writes dir's service worker: script (site/sw.js) after a
// first line that gives it the build of the files in dir, as
// self.tlsplayBuild. A new build is a new sw.js, byte for byte, which is how
// a browser learns of it.
func WriteServiceWorker(dir string, script []byte) (Build, error) {
	b, err := ReadBuild(dir)
	if err != nil {
		return Build{}, err
	}
	manifest, err := tjson.Marshal(b)
	if err != nil {
		return Build{}, err
	}
	out := append([]byte("self.tlsplayBuild = "+string(manifest)+";\n"), script...)
	return b, os.WriteFile(filepath.Join(dir, ServiceWorkerName), out, 0o644)
}
