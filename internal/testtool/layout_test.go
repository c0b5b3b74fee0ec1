package testtool

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLayoutNamesEverything holds the README's Layout section to the tree:
// every top-level entry git tracks and every folder holding Go code is named
// there, so a stray file at the top (a test's scratch PEM committed by a merge)
// or a package nobody described fails here.
func TestLayoutNamesEverything(t *testing.T) {
	git := Path(t, "git")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, layout, ok := strings.Cut(string(readme), "\n## Layout\n")
	if !ok {
		t.Fatal("README.md has no ## Layout section")
	}
	layout, _, _ = strings.Cut(layout, "\n## ")
	cmd := exec.Command(git, "ls-files")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("not a git checkout (%v): the layout is checked in one", err)
	}
	// The files every Go module has, named by the design card and not the table.
	known := []string{"go.mod", "go.sum", "README.md", ".gitignore"}
	var top, pkgs []string
	for _, f := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		first, _, _ := strings.Cut(f, "/")
		if !slices.Contains(top, first) && !slices.Contains(known, first) {
			top = append(top, first)
		}
		if dir := path.Dir(f); strings.HasSuffix(f, ".go") && dir != "." && !slices.Contains(pkgs, dir) {
			pkgs = append(pkgs, dir)
		}
	}
	for _, e := range top {
		if !strings.Contains(layout, "`"+e) {
			t.Errorf("%s is at the top of the tree, and the README's Layout does not name it", e)
		}
	}
	for _, d := range pkgs {
		if !strings.Contains(layout, "`"+d+"/") && !strings.Contains(layout, "`"+path.Base(d)+"/`") {
			t.Errorf("%s/ holds Go code, and the README's Layout does not name it", d)
		}
	}
}
