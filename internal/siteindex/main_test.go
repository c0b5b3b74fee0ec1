package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The built index.html connects to itself alone without config.json, and to
// the worker it names with one; a config.json that would widen the policy
// stops the build.
func TestBuiltIndex(t *testing.T) {
	dir := t.TempDir()
	connectSrc := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="[^"]*\bconnect-src ([^;"]*)[;"]`)
	for _, tt := range []struct {
		name, config string // "-": no config.json
		connect      string // "" when the build must fail
	}{
		{"without config.json", "-", "'self'"},
		{"with a worker", `{"probe_url": "https://tlsplay-probe.you.workers.dev"}`, "'self' https://tlsplay-probe.you.workers.dev"},
		{"with every workers.dev", `{"probe_url": "https://*.workers.dev"}`, ""},
		{"with a directive smuggled in", `{"probe_url": "https://a.example;connect-src *"}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			config := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json")
			if tt.config != "-" {
				if err := os.WriteFile(config, []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "index.html")
			os.Remove(out)
			var stderr bytes.Buffer
			err := run([]string{"-index", "../../site/index.html", "-config", config, "-out", out}, &stderr)
			if tt.connect == "" {
				if err == nil || !strings.Contains(err.Error(), "config.json: probe_url") {
					t.Fatalf("built with %s: %v", tt.config, err)
				}
				if _, err := os.Stat(out); err == nil {
					t.Error("a refused config.json still wrote index.html")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			built, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			m := connectSrc.FindSubmatch(built)
			if m == nil || string(m[1]) != tt.connect {
				t.Errorf("connect-src %q, want %q", m, tt.connect)
			}
		})
	}
	if err := run([]string{"-index", "../../site/index.html"}, new(bytes.Buffer)); err == nil {
		t.Error("ran without -out")
	}
}
