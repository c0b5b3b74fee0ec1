package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/flow"
)

// noMatch is what match says when no story's error is in the text whole
// enough to name one (a part of one may be: s_client's "error setting
// certificate" alone is the first line of mtls-sha1-badge's).
const noMatch = "No story matches this text: no error a story's client prints is in it whole enough to name one. If you have the server's certificates, paste the chain instead: tlsplay inspect --chain FILE"

// cmdMatch reads a pasted error (a message, a traceback, a terminal's output)
// on stdin and lists the stories it matches, best first. It exits 0 whether
// or not one matches: the answer is the list, empty when none does.
func cmdMatch(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, `print {"matches": [{"id", "reason", "client", "score", …}]}, best first`)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	text, err := io.ReadAll(io.LimitReader(stdin, explain.MaxPaste+1))
	if err != nil {
		return fmt.Errorf("match: reading the text: %v", err)
	}
	eng, _ := flow.New()
	answer, err := eng.Match(context.Background(), string(text))
	if errors.Is(err, explain.ErrPasteTooLarge) {
		return usageError{"match: " + err.Error()}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, answer)
	}
	matches := answer.Matches
	if len(matches) == 0 {
		msg := explain.Unmatched(string(text))
		if msg == "" {
			msg = noMatch
		}
		_, err := fmt.Fprintln(stdout, msg)
		return err
	}
	// One story a line: id, the reason in words, the client, the score, and
	// the part of the text that matched. A reason too long for its column
	// is cut at a word and given whole below the table, under its number; a
	// matched part too long for the line is given below it only, once for
	// every story it matched (a traceback's line, as a rule, matches several).
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	var notes []string
	noted := func(text string) int {
		n := slices.Index(notes, text) + 1
		if n == 0 {
			notes = append(notes, text)
			n = len(notes)
		}
		return n
	}
	for _, x := range matches {
		reason := x.Headline
		if first, _, cut := strings.Cut(export.Wrap(reason, maxReason), "\n"); cut {
			reason = fmt.Sprintf("%s … [%d]", first, noted(reason))
		}
		part := matchedPart(string(text), x.Spans)
		if utf8.RuneCountInString(part) > maxMatched {
			part = fmt.Sprintf("[%d]", noted(part))
		}
		client := x.Client
		if x.Program != "" {
			client = x.Program
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.2f\t%s\n", x.ID, reason, client, x.Score, part)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for i, note := range notes {
		label := fmt.Sprintf("[%d] ", i+1)
		wrapped := export.Wrap(note, noteWidth-len(label))
		if _, err := fmt.Fprintf(stdout, "\n%s%s\n", label, strings.ReplaceAll(wrapped, "\n", "\n"+strings.Repeat(" ", len(label)))); err != nil {
			return err
		}
	}
	// Last, what no row says: the first stories print the same words.
	if tie := explain.TiedNote(string(text), matches, tiedNote, bundleNamedEnd); tie != "" {
		if _, err := fmt.Fprintf(stdout, "\n%s\n", export.Wrap(tie, noteWidth)); err != nil {
			return err
		}
	}
	// And pip's own fix, a variable the text sets that its client does not
	// read, or Node's warning that the file one names did not load.
	for _, words := range []string{explain.PipWords(string(text), matches), explain.UnreadEnvWords(string(text), matches), explain.ExtraCertsWords(string(text))} {
		if words == "" {
			continue
		}
		if _, err := fmt.Fprintf(stdout, "\n%s\n", export.Wrap(words, noteWidth)); err != nil {
			return err
		}
	}
	return nil
}

// tiedNote says that the text cannot tell the first %d apart, and what can;
// bundleNamedEnd ends what is said of a text naming the bundle the client
// read (explain.BundleWords).
const (
	tiedNote       = explain.TiedWords + explain.ShowcertsCall + " > chain.txt prints it; then tlsplay inspect --chain chain.txt " + explain.NameHost + ")."
	bundleNamedEnd = "chain.txt chain.txt says which)."
)

// maxReason is the widest match's reason column gets, maxMatched the
// longest matched part shown in the table, and noteWidth the width of a
// whole reason or matched part below it: with the id, the client and the
// score, a line stays within a terminal's 80 columns up to the matched part,
// and a short one (curl's "curl: (60) SSL certificate problem: certificate
// has expired") stays on the line.
const (
	maxReason  = 40
	maxMatched = 64
	noteWidth  = 80
)

// matchedPart is the text the spans cover, a line's part after another (run
// shows what a terminal would obey in it, and bytes that are not UTF-8, as
// escapes).
func matchedPart(text string, spans []explain.Span) string {
	var parts []string
	for _, s := range spans {
		parts = append(parts, text[s.Start:s.End])
	}
	return strings.Join(parts, " … ")
}
