package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

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
			err := run(out, index, scenario.PresetClock)
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

// The answers are built on one day and painted on another: a story not about
// dates happens on the visit's day, so what its answer paints names no date,
// and answers built on days years apart paint the same (a story about dates
// is on its own day whenever it is built). Only sizes may differ: each run
// signs its certificates anew, and an ECDSA signature's length varies.
func TestAnyDay(t *testing.T) {
	dir := t.TempDir()
	index := filepath.Join(dir, "index.html")
	if err := os.WriteFile(index, []byte(`<div id="app" data-story="hostname-mismatch" data-client="requests">`), 0o644); err != nil {
		t.Fatal(err)
	}
	days := []time.Time{time.Date(2026, time.December, 6, 0, 0, 0, 0, time.UTC), time.Date(2033, time.January, 20, 0, 0, 0, 0, time.UTC)}
	for i, day := range days {
		if err := run(filepath.Join(dir, strconv.Itoa(i)), index, day); err != nil {
			t.Fatal(err)
		}
	}
	sizes := regexp.MustCompile(`\d[\d,.]* (k?B|bytes?)\b`)
	for _, p := range scenario.Presets {
		for _, c := range explain.LensClients {
			var paints [2]string
			for i := range days {
				b, err := os.ReadFile(filepath.Join(dir, strconv.Itoa(i), p.ID+"."+c+".json"))
				if err != nil {
					t.Fatal(err)
				}
				paints[i] = sizes.ReplaceAllString(string(b), "# bytes")
			}
			if a, b := paints[0], paints[1]; a != b {
				i := 0
				for i < len(a) && i < len(b) && a[i] == b[i] {
					i++
				}
				t.Errorf("%s through %s, built on %s and on %s: …%s… and …%s…", p.ID, c, days[0].Format(time.DateOnly), days[1].Format(time.DateOnly),
					a[max(0, i-120):min(len(a), i+80)], b[max(0, i-120):min(len(b), i+80)])
			}
		}
	}
}
