package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/internal/testtool"
)

// TestMakeFuzz: make fuzz runs every fuzz target of the repository, each in
// the one package that has it (go test refuses -fuzz with several packages,
// which once left a target unrun and the target failing).
func TestMakeFuzz(t *testing.T) {
	root, err := repoRoot()
	must(t, err)
	out, err := testtool.Run(t, root, "make", "-n", "-s", "fuzz")
	must(t, err)
	run := map[string]string{} // target → its package
	for line := range strings.Lines(string(out)) {
		args := shellWords(line)
		i := slices.Index(args, "-fuzz")
		if i < 0 || i+1 >= len(args) {
			continue
		}
		var pkgs []string
		for _, a := range args {
			if strings.HasPrefix(a, "./") {
				pkgs = append(pkgs, filepath.Clean(a))
			}
		}
		if len(pkgs) != 1 {
			t.Errorf("make fuzz runs %s in %d packages %q: go test takes -fuzz in one", args[i+1], len(pkgs), pkgs)
			continue
		}
		run[args[i+1]] = pkgs[0]
	}
	fuzzFunc := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`)
	have := map[string]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "build" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range fuzzFunc.FindAllSubmatch(b, -1) {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			have[string(m[1])] = rel
		}
		return nil
	})
	must(t, err)
	if len(have) == 0 {
		t.Fatal("found no fuzz target in the repository")
	}
	for name, pkg := range have {
		if got, ok := run[name]; !ok {
			t.Errorf("make fuzz does not run %s (./%s)", name, pkg)
		} else if got != pkg {
			t.Errorf("make fuzz runs %s in ./%s, which is in ./%s", name, got, pkg)
		}
	}
	for name := range run {
		if _, ok := have[name]; !ok {
			t.Errorf("make fuzz runs %s, which no test file defines", name)
		}
	}
}
