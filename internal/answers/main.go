// Command answers writes every story's first paint into a built site (make
// site runs it): answers/<story>.<client>.json for each story and each client
// a person can pick, the page's parts as ui/tree draws them from the answer
// the engine (flow.Engine.Answer, natively) gives, which site/paint.js draws
// before the WebAssembly has arrived.
//
//	go run ./internal/answers -out build/site/answers -index site/index.html
//
// A story not about dates happens on the day of the visit, which the build
// cannot know: what its answer paints names no date ("valid from 30 days ago",
// "in date today"), so an answer built on any day paints what the page's
// engine gives on the visit's (TestAnyDay).
//
// It runs itself again with AES instructions turned off, as a browser's
// WebAssembly has none: Go then prefers ChaCha20-Poly1305 as it does in the
// page, so the records have the sizes the page's engine gives them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
	"github.com/tlsplay/tlsplay/ui/tree"
)

const noAES = "cpu.aes=off"

func main() {
	out := flag.String("out", "", "the folder to write (answers/ of the built site)")
	index := flag.String("index", "site/index.html", "the page, whose default story and client must be ui's")
	dayFlag := flag.String("day", "", "the day the stories not about dates are played on, YYYY-MM-DD (default: today, UTC): their answers name no date, so any day paints the same")
	flag.Parse()
	day := time.Now()
	if *dayFlag != "" {
		var err error
		if day, err = time.Parse(time.DateOnly, *dayFlag); err != nil {
			fmt.Fprintf(os.Stderr, "answers: -day %q is not a date such as 2026-12-06\n", *dayFlag)
			os.Exit(2)
		}
	}
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: answers -out DIR [-index site/index.html] [-day YYYY-MM-DD]")
		os.Exit(2)
	}
	if !strings.Contains(os.Getenv("GODEBUG"), noAES) {
		os.Exit(again())
	}
	if err := run(*out, *index, day); err != nil {
		fmt.Fprintln(os.Stderr, "answers:", err)
		os.Exit(1)
	}
}

// again runs this program once more with AES instructions off.
func again() int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "answers:", err)
		return 1
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), "GODEBUG="+strings.Trim(os.Getenv("GODEBUG")+","+noAES, ","))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		fmt.Fprintln(os.Stderr, "answers:", err)
		return 1
	}
	return 0
}

// defaults reads the story and client the page paints for a bare link
// (#app's data-story and data-client), which must be those ui opens.
var defaults = regexp.MustCompile(`<div id="app"[^>]* data-story="([^"]*)" data-client="([^"]*)"`)

// run writes the answers, each story played as on day (one about dates on
// its own day).
func run(out, index string, day time.Time) error {
	page, err := os.ReadFile(index)
	if err != nil {
		return err
	}
	m := defaults.FindSubmatch(page)
	if m == nil || string(m[1]) != ui.DefaultPreset || string(m[2]) != explain.DefaultClient {
		return fmt.Errorf(`%s: <div id="app"> is to carry data-story=%q data-client=%q, the story and client a bare link opens`, index, ui.DefaultPreset, explain.DefaultClient)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	e, err := flow.New()
	if err != nil {
		return err
	}
	e.PlayOn(day)
	for _, p := range scenario.Presets {
		run, err := e.Answer(context.Background(), flow.Story(p.ID))
		if err != nil {
			return fmt.Errorf("%s: %w", p.ID, err)
		}
		// The report as the page reads it, from the engine's JSON.
		b, err := run.JSON()
		if err != nil {
			return err
		}
		rep, err := ui.DecodeReport(b)
		if err != nil {
			return fmt.Errorf("%s: %w", p.ID, err)
		}
		for _, c := range explain.LensClients {
			b, err := tjson.Marshal(tree.PagePaint(p.ID, rep, c))
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(out, p.ID+"."+c+".json"), b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
