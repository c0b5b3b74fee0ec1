package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui/tree"
)

func TestRun(t *testing.T) {
	for _, tt := range []struct {
		name, page string
		err        string // "" for a page whose answers are written
	}{
		{"the page's defaults", `<div id="app" class="layout" data-story="hostname-mismatch" data-client="requests">`, ""},
		{"another story", `<div id="app" class="layout" data-story="expired" data-client="requests">`, `data-story="hostname-mismatch"`},
		{"another client", `<div id="app" data-story="hostname-mismatch" data-client="curl">`, `data-client="requests"`},
		{"none", `<div id="app" class="layout">`, "the story and client a bare link opens"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			index := filepath.Join(dir, "index.html")
			if err := os.WriteFile(index, []byte(tt.page), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "answers")
			err := run(out, index)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an error saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			files, _ := os.ReadDir(out)
			if len(files) != len(scenario.Presets)*len(explain.LensClients) {
				t.Errorf("%d files for %d stories and %d clients", len(files), len(scenario.Presets), len(explain.LensClients))
			}
			for _, p := range scenario.Presets {
				for _, c := range explain.LensClients {
					b, err := os.ReadFile(filepath.Join(out, p.ID+"."+c+".json"))
					if err != nil {
						t.Fatal(err)
					}
					var paint tree.Paint
					if err := json.Unmarshal(b, &paint); err != nil {
						t.Fatalf("%s.%s.json: %v", p.ID, c, err)
					}
					if paint.Story != p.ID || paint.Client != c || len(paint.Parts) == 0 {
						t.Errorf("%s.%s.json holds %s through %s, %d parts", p.ID, c, paint.Story, paint.Client, len(paint.Parts))
					}
				}
			}
		})
	}
}
