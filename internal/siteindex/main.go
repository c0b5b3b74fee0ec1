// Command siteindex writes the built site's index.html: the page's own, with
// its Content-Security-Policy allowing connections to the probe worker that
// config.json names, and to nothing else (see ui.SiteIndex). `make site` runs
//
//	go run ./internal/siteindex -index site/index.html -config site/config.json -out build/site/index.html
//
// A config.json that is not there is none: the page connects to itself alone.
// One that is there but wrong stops the build, saying why.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/tlsplay/tlsplay/ui"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "siteindex: "+err.Error())
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("siteindex", flag.ContinueOnError)
	fs.SetOutput(stderr)
	index := fs.String("index", "site/index.html", "the page's index.html")
	config := fs.String("config", "site/config.json", "the site's config.json, if there is one")
	out := fs.String("out", "", "where to write the built index.html")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return errors.New("give -out FILE (and -index, -config), nothing else")
	}
	page, err := os.ReadFile(*index)
	if err != nil {
		return err
	}
	cfg, err := readConfig(*config)
	if err != nil {
		return err
	}
	built, err := ui.SiteIndex(page, cfg)
	if err != nil {
		return err
	}
	return os.WriteFile(*out, built, 0o644)
}

// readConfig reads config.json, nil when there is none, at most ui.MaxConfig
// bytes and one (which ParseConfig refuses).
func readConfig(name string) ([]byte, error) {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, ui.MaxConfig+1))
}
