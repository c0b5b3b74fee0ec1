// Command tlsplay runs tlsplay's scenarios in a terminal: list the stories, play one
// and print its trace (text, JSON or a pcapng capture), export its certificates and
// keys, find the stories a pasted error comes from, and serve the playground page.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/internal/static"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/storyserve"
)

const usage = `tlsplay: TLS certificate verification, played out with Go's real crypto/tls.

usage:
  tlsplay presets                                   list the stories: <id> TAB <title>
  tlsplay run    (--preset ID | --scenario FILE) [--client NAME] [--json] [--pcap FILE.pcapng]
  tlsplay export (--preset ID | --scenario FILE) --out DIR [--clock now|scenario|RFC3339]
  tlsplay inspect --chain FILE [--roots FILE] [--name HOST|URL] [--time RFC3339] [--client NAME] [--json]
  tlsplay match  [--json] < error.txt               the stories a pasted error matches, best first
  tlsplay serve  [--addr 127.0.0.1:8080] [--dir site] [--base /] [--max-age 600]
  tlsplay serve-stories [--addr 127.0.0.1:8443] [--ports] [--ca-out FILE]
                                                    every story as a real TLS server (a local badssl)
  tlsplay COMMAND -h                                a command's flags, each said in full
`

// usageError is a mistake in how tlsplay was called: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "tlsplay: "+oneLine(scenario.Visible(err.Error(), "\n")))
	if errors.As(err, new(usageError)) {
		os.Exit(2)
	}
	os.Exit(1)
}

// oneLine joins s's lines, each trimmed, with a space: spaces within a line
// stay, as a file name in a command to copy has them.
func oneLine(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, " ")
}

// run runs one command. What it prints reaches a terminal: a scenario's text
// and the trace's decoded fields are written with every character a terminal
// would obey (an escape sequence, a carriage return, a direction override)
// escaped, JSON as \uXXXX, which keeps it the same JSON.
func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	var out strings.Builder
	err := command(args, &out, stderr)
	if _, werr := io.WriteString(stdout, scenario.Visible(out.String(), "\n\t")); werr != nil && err == nil {
		err = werr
	}
	if errors.Is(err, errHelped) {
		return nil
	}
	return err
}

// errHelped says a command printed its help, which is all it had to do.
var errHelped = errors.New("help printed")

func command(args []string, stdout, stderr io.Writer) error {
	switch args[0] {
	case "presets":
		if len(args) > 1 && isHelp(args[1]) {
			fmt.Fprintln(stdout, "usage: tlsplay presets\n\nLists the stories, one per line: <id> TAB <title>.")
			return nil
		}
		if len(args) > 1 {
			return usageError{fmt.Sprintf("presets: unexpected argument %q", args[1])}
		}
		for _, p := range scenario.Presets {
			fmt.Fprintf(stdout, "%s\t%s\n", p.ID, p.Title)
		}
		return nil
	case "run":
		return cmdRun(args[1:], stdout)
	case "export":
		return cmdExport(args[1:], stdout)
	case "inspect":
		return cmdInspect(args[1:], stdout)
	case "match":
		if atTerminal(os.Stdin) && !slices.ContainsFunc(args[1:], isHelp) {
			// Reading a terminal, match would wait without a word.
			fmt.Fprintln(stderr, "tlsplay: paste the error (a message, a traceback, a terminal's output), then press Ctrl-D on a line of its own")
		}
		return cmdMatch(args[1:], os.Stdin, stdout)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "serve-stories":
		return cmdServeStories(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// scenarioFlags are --preset and --scenario, shared by run and export.
type scenarioFlags struct{ preset, file string }

func (f *scenarioFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.preset, "preset", "", "preset id (see tlsplay presets)")
	fs.StringVar(&f.file, "scenario", "", "scenario JSON file")
}

func (f *scenarioFlags) load() (*scenario.Scenario, error) {
	switch {
	case f.preset != "" && f.file != "":
		return nil, usageError{"give --preset or --scenario, not both"}
	case f.preset != "":
		p := scenario.Lookup(f.preset)
		if p == nil {
			return nil, usageError{fmt.Sprintf("unknown preset %q%s (tlsplay presets lists them)", f.preset, didYouMean(f.preset))}
		}
		return p.Scenario(), nil
	case f.file != "":
		js, err := readScenario(f.file)
		if err != nil {
			return nil, err
		}
		s, err := scenario.ParseJSON(js)
		if err != nil && bytes.HasPrefix(bytes.TrimSpace(js), []byte("-----BEGIN ")) {
			return nil, usageError{fmt.Sprintf("%s is PEM, not a scenario's JSON: to judge a server's chain, give it to tlsplay inspect --chain %s", f.file, explain.ShellQuote(f.file))}
		}
		if err != nil {
			return nil, usageError{fmt.Sprintf("%s: %v", f.file, err)}
		}
		return s, nil
	}
	return nil, usageError{"give --preset ID or --scenario FILE"}
}

// readScenario reads a scenario file, at most scenario.MaxJSONLen bytes of
// it: a file that goes on (a device such as /dev/zero, a mistaken path to a
// disk image) is refused once it is over, not read to its end.
func readScenario(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, usageError{fmt.Sprintf("cannot read scenario: %v", err)}
	}
	defer f.Close()
	js, err := io.ReadAll(io.LimitReader(f, scenario.MaxJSONLen+1))
	if err != nil {
		return nil, usageError{fmt.Sprintf("cannot read scenario: %v", err)}
	}
	if len(js) > scenario.MaxJSONLen {
		return nil, usageError{fmt.Sprintf("%s: larger than %d KB, more than any scenario", name, scenario.MaxJSONLen>>10)}
	}
	return js, nil
}

// atTerminal reports whether f is a terminal (a character device that is not
// /dev/null), where a person types or pastes.
func atTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// parse reads a command's flags; -h prints them to stdout instead (errHelped).
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "usage: tlsplay %s [flags]\n\n", fs.Name())
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return errHelped
		}
		return usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q%s", fs.Name(), fs.Arg(0), argumentHint(fs, fs.Arg(0)))}
	}
	return nil
}

// didYouMean names the stories a mistyped --preset may mean ("" for none).
func didYouMean(id string) string {
	if near := scenario.Nearest(id); len(near) > 0 {
		return ": did you mean " + strings.Join(near, " or ") + "?"
	}
	return ""
}

// argumentHint says how to give what a command got as a bare argument, by
// the flags it has: a story's id as --preset, a JSON file as --scenario, a
// file of certificates as --chain; match reads its standard input ("" when
// nothing fits). The command shown is to copy: its value is quoted for sh
// (explain.ShellQuote), whatever the argument holds.
func argumentHint(fs *flag.FlagSet, arg string) string {
	has := func(name string) bool { return fs.Lookup(name) != nil }
	word := explain.ShellQuote(arg)
	switch {
	case has("preset") && scenario.Lookup(arg) != nil:
		return ": a story is given as --preset " + word
	case has("preset") && len(scenario.Nearest(arg)) > 0 && !strings.ContainsAny(arg, "./"):
		return ": a story is given as --preset ID (did you mean " + strings.Join(scenario.Nearest(arg), " or ") + "?)"
	case has("scenario") && strings.HasSuffix(strings.ToLower(arg), ".json"):
		return ": a scenario file is given as --scenario " + word
	case has("chain"):
		return ": the server's certificates are given as --chain " + word
	case fs.Name() == "match":
		return ": match reads the error on its standard input, tlsplay match < " + word
	}
	return ""
}

func cmdRun(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var sf scenarioFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print the trace as JSON")
	pcap := fs.String("pcap", "", "also write the connection as a pcapng capture")
	client := fs.String("client", explain.DefaultClient, "whose verdict comes first: "+strings.Join(explain.LensClients, ", "))
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	lens, ok := explain.LensClientNamed(*client)
	if !ok {
		return usageError{fmt.Sprintf("run: --client %q is none of %s", *client, strings.Join(explain.LensClients, ", "))}
	}
	*client = lens
	s, err := sf.load()
	if err != nil {
		return err
	}
	// The stories' certificates are crafted ahead; an engine that could not
	// read them crafts them anew, which is only slower.
	eng, _ := flow.New()
	run, err := eng.Answer(context.Background(), flow.Scenario{Scenario: s})
	if err != nil {
		return usageError{err.Error()}
	}
	tr := run.Report.Trace
	verdict, err := run.Lens(*client)
	if err != nil {
		return err
	}
	if *pcap != "" {
		if err := writeFile(*pcap, 0o644, tr.WritePcapng); err != nil {
			return cannot("run", "write --pcap "+*pcap, err)
		}
	}
	if *asJSON {
		return writeJSON(stdout, run.Report)
	}
	writeVerdict(stdout, verdict, s.Client.Port)
	if note := scenario.DateNote(tr.Scenario); note != "" {
		fmt.Fprintf(stdout, "%s\n", note)
	}
	return tr.WriteText(stdout)
}

// writeVerdict prints the client's verdict, before the trace: what the person
// running it came for, down to the fix's calls as that client makes them.
func writeVerdict(w io.Writer, v explain.Verdict, port int) {
	if port == 0 {
		port = 443
	}
	state := "refuses"
	if v.OK {
		state = "connects"
	}
	fmt.Fprintf(w, "%s %s: %s (%s)\n", explain.ClientTitles[v.Client], state, v.Headline, v.Reason)
	msg, varies := explain.MessageText(explain.Printed(v.Client, v.Class, v.Message), port)
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
	for _, note := range varies {
		fmt.Fprintf(w, "  (%s)\n", note)
	}
	if v.Disagree != "" {
		fmt.Fprintf(w, "  %s\n", v.Disagree)
	}
	if v.Bundle != "" {
		fmt.Fprintf(w, "  %s\n", v.Bundle)
	}
	fmt.Fprintf(w, "  Fix: %s\n", v.Fix.Summary)
	// The client's calls, as the page's fix shows them.
	for _, c := range v.Fix.Calls(v.OK) {
		if c.Code == "" {
			continue
		}
		fmt.Fprintf(w, "  %s:\n", c.Caption)
		for _, line := range strings.Split(c.Code, "\n") {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	fmt.Fprintln(w)
}

// cmdInspect verifies a chain a server sent, as a courier would: pasted
// certificates, a trust store, a name and a clock.
func cmdInspect(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	chain := fs.String("chain", "", "the certificates the server sent: PEM (any order; openssl s_client -showcerts output will do), DER or PKCS #7")
	roots := fs.String("roots", "", "the CA bundle the client trusts, as verify='ca.pem' (default: Mozilla's roots, as verify=True)")
	name := fs.String("name", "", "the host name, IP address or URL the chain was served for")
	at := fs.String("time", "", "the time to verify at, RFC 3339 (default: now)")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	client := fs.String("client", explain.DefaultClient, "whose verdict comes first: "+strings.Join(explain.LensClients, ", "))
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	lens, ok := explain.LensClientNamed(*client)
	if !ok {
		return usageError{fmt.Sprintf("inspect: --client %q is none of %s", *client, strings.Join(explain.LensClients, ", "))}
	}
	if *chain == "" {
		return usageError{"inspect: give --chain FILE"}
	}
	if err := nameError(*name, fs); err != nil {
		return err
	}
	c := flow.Chain{Name: *name, Time: time.Now(), Words: flow.FlagInputs}
	var err error
	if c.Chain, err = readPasted(*chain, flow.FlagInputs.Chain); err != nil {
		return err
	}
	if *roots != "" {
		if c.Roots, err = readPasted(*roots, flow.FlagInputs.Roots); err != nil {
			return err
		}
		// Nothing in it would mean Mozilla's roots: not what --roots asked.
		if len(bytes.TrimSpace(c.Roots)) == 0 {
			return usageError{fmt.Sprintf("%s, %s, is empty: give the CA bundle the client trusts (PEM), or leave --roots out to trust Mozilla's roots, as verify=True", flow.FlagInputs.Roots, *roots)}
		}
	}
	if *at != "" {
		if c.Time, err = parseTime("inspect", "--time", *at); err != nil {
			return err
		}
	}
	eng, _ := flow.New()
	ans, err := eng.Inspect(context.Background(), c)
	if err != nil {
		return usageError{err.Error()}
	}
	if _, err := ans.Lens(lens); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, ans)
	}
	return ans.WriteText(stdout)
}

// nameError says why inspect's --name cannot be read as a host
// (scenario.ReadHost, as the page's host fields read it), and, when the text
// names a host it left out (a URL of another scheme, a user name), the
// command that checks the chain for that host, each value quoted for sh.
// A host read but not one is the engine's to say (handshake.Inspect).
func nameError(name string, fs *flag.FlagSet) error {
	_, err := scenario.ReadHost(name)
	var bad *scenario.HostTextError
	if !errors.As(err, &bad) {
		return nil
	}
	msg := "inspect --name " + explain.ShellQuote(scenario.MaskUserinfo(name)) + ": " + bad.Msg
	if bad.Host != "" && !bad.Port && scenario.CheckHost(bad.Host) == nil {
		cmd := []string{"tlsplay", "inspect"}
		fs.Visit(func(f *flag.Flag) {
			switch {
			case f.Name == "name":
			case f.Name == "json":
				if f.Value.String() == "true" {
					cmd = append(cmd, "--json")
				}
			default:
				cmd = append(cmd, "--"+f.Name, explain.ShellQuote(f.Value.String()))
			}
		})
		msg += "; for its host: " + strings.Join(append(cmd, "--name", explain.ShellQuote(bad.Host)), " ")
	}
	return usageError{msg}
}

// readPasted reads a chain or bundle file, at most flow.MaxPaste bytes of it.
func readPasted(name, what string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, usageError{fmt.Sprintf("cannot read %s: %v", what, err)}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, flow.MaxPaste+1))
	if err != nil {
		return nil, usageError{fmt.Sprintf("cannot read %s: %v", what, err)}
	}
	if len(b) > flow.MaxPaste {
		return nil, usageError{fmt.Sprintf("%s, %s, is larger than %d MB; a chain or a CA bundle is a few kilobytes (certifi's whole bundle is about 300 kB)", what, name, flow.MaxPaste>>20)}
	}
	return b, nil
}

func writeFile(name string, mode os.FileMode, write func(io.Writer) error) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func cmdExport(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	var sf scenarioFlags
	sf.register(fs)
	out := fs.String("out", "", "directory to write the files to: new or empty (created if missing)")
	clock := fs.String("clock", "now", `when the certificates are valid around: "now" (so real clients on this machine see what the story shows), "scenario" (the scenario's own clock: today, noon UTC, for a story not about dates), or an RFC 3339 time`)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"export: give --out DIR"}
	}
	s, err := sf.load()
	if err != nil {
		return err
	}
	// Validity is relative to the clock, so moving it keeps every verdict.
	switch *clock {
	case "now":
		s.Now = time.Now().UTC().Truncate(time.Second)
	case "scenario":
		// A story that happens today happens on this machine's day.
		s = s.On(time.Now())
	default:
		if s.Now, err = parseTime("export", "--clock", *clock); err != nil {
			return err
		}
	}
	set, err := export.Build(context.Background(), s)
	if err != nil {
		return usageError{err.Error()}
	}
	// Files of another story in the same folder would pass for this one's.
	if fi, err := os.Stat(*out); err == nil && !fi.IsDir() {
		return usageError{fmt.Sprintf("export: %s is a file, not a directory; give a new or empty directory", *out)}
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		return usageError{fmt.Sprintf("export: %s is not empty; give a new or empty directory", *out)}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		// A file on the way (kit/ under a file named kit), a folder not ours.
		return usageError{fmt.Sprintf("export: cannot create %s: %v", *out, err)}
	}
	for _, f := range set.Files {
		// The kit's fixed story lives in a subdirectory.
		if err := os.MkdirAll(filepath.Dir(filepath.Join(*out, f.Name)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*out, f.Name), f.Data, f.Mode); err != nil {
			return err
		}
		fmt.Fprintln(stdout, filepath.Join(*out, f.Name))
	}
	return nil
}

func cmdServe(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := fs.String("dir", "site", "the built site folder (make site)")
	base := fs.String("base", "/", "URL path to serve the site under, e.g. /tlsplay/ as on GitHub Pages")
	maxAge := fs.Int("max-age", 600, "seconds a browser may use a file without asking again, as GitHub Pages says (Cache-Control: max-age); 0 makes it revalidate every time")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil {
		return usageError{fmt.Sprintf("serve: %s has no index.html (run make site first)", *dir)}
	}
	if *maxAge < 0 {
		return usageError{fmt.Sprintf("serve: --max-age %d is negative", *maxAge)}
	}
	h, prefix, err := siteHandler(*dir, *base, *maxAge)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return cannot("serve", "listen on --addr "+*addr, err)
	}
	fmt.Fprintf(stderr, "tlsplay: serving %s at http://%s%s\n", *dir, ln.Addr(), prefix)
	return http.Serve(ln, h)
}

// siteHandler serves the site in dir under base as a static host does (see
// package static), with / sent on to base; prefix is base as served.
func siteHandler(dir, base string, maxAge int) (h http.Handler, prefix string, err error) {
	prefix = "/" + strings.Trim(base, "/")
	if prefix != "/" {
		prefix += "/"
	}
	files, err := static.Handler(dir, maxAge)
	if err != nil {
		return nil, "", err
	}
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), files))
	if prefix != "/" {
		mux.Handle("/{$}", http.RedirectHandler(prefix, http.StatusFound))
	}
	return mux, prefix, nil
}

// cmdServeStories serves every story as a real TLS server, crafted now, until
// interrupted.
func cmdServeStories(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve-stories", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8443", "address to listen on; with --ports, the first story's port")
	ports := fs.Bool("ports", false, "give each story its own port, from --addr's up, instead of choosing it by SNI")
	caOut := fs.String("ca-out", "", "write the stories' public roots, what a client should trust, to this PEM file")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	stories, err := storyserve.Craft(context.Background(), scenario.Presets, time.Now())
	if err != nil {
		return err
	}
	if *caOut != "" {
		if err := os.WriteFile(*caOut, storyserve.PublicRoots(stories), 0o644); err != nil {
			return cannot("serve-stories", "write --ca-out "+*caOut, err)
		}
	}
	srv, err := storyserve.Listen(stories, *addr, *ports)
	if err != nil {
		return cannot("serve-stories", "listen on --addr "+*addr, err)
	}
	defer srv.Close()
	// Printed as it happens (stdout is written when a command ends), and all
	// of it the presets' own words.
	storyserve.Hints(stderr, stories, *addr)
	if *caOut != "" {
		fmt.Fprintf(stderr, "\n%s holds the public roots: trust it (curl --cacert, verify=, SSL_CERT_FILE); a story whose courier trusts its own bundle serves it at /ca.pem.\n", *caOut)
	}
	fmt.Fprintf(stderr, "tlsplay: serving %d stories; GET / on each says what it is. Ctrl-C stops.\n", len(stories))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	<-ctx.Done()
	return nil
}

// parseTime reads a flag's RFC 3339 time. The zero time (year 1's first
// instant) is refused by name: inside, it stands for no time at all.
func parseTime(command, flag, value string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, value)
	switch {
	case err != nil && flag == "--clock":
		return t, usageError{fmt.Sprintf("%s: %s %q is not now, scenario or an RFC 3339 time (such as 2026-06-01T12:00:00Z)", command, flag, value)}
	case err != nil:
		return t, usageError{fmt.Sprintf("%s: %s %q is not an RFC 3339 time (such as 2026-06-01T12:00:00Z)", command, flag, value)}
	case t.IsZero():
		return t, usageError{fmt.Sprintf("%s: %s %q is the zero time, which stands for no time at all here: give a date", command, flag, value)}
	}
	return t, nil
}

// cannot is the usage error of a command that cannot do what a flag asks
// (write a file there, listen there): the flag and its value, then the
// system's reason without the path or address said again.
func cannot(command, what string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		if oe.Addr != nil {
			err = fmt.Errorf("%s: %w", oe.Addr, oe.Err)
		} else {
			err = oe.Err
		}
	}
	return usageError{fmt.Sprintf("%s: cannot %s: %v", command, what, err)}
}

// writeJSON prints v as --json does: indented, one value, a newline after it.
func writeJSON(w io.Writer, v any) error {
	b, err := tjson.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
