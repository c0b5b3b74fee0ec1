package ui

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
)

// The "Paste an error" box: a person pastes what their client printed, the
// engine matches it against every story's messages (explain.Matcher) and the
// box lists the stories it matches, best first, each a link that opens the
// story, with the client it came from and the part that matched marked. What
// is pasted stays in the page: it goes to the page's own engine worker, never
// to the network.

// Paste notes: what the box says above its list.
const (
	PasteNoMatch  = "No story matches this text: no error a story's client prints is in it whole enough to name one. If you have the server's certificates, paste its chain instead (openssl s_client -showcerts -connect HOST:443 prints it)."
	PasteWorking  = "Looking through the stories…"
	PasteTooLarge = "This text is larger than 1 MB: paste the error itself, or the end of the log that holds it."
	// PasteCertificates is the note of certificates pasted here that match
	// no story: they are for the chain box.
	PasteCertificates = "This is a certificate, not an error: paste it in Paste a chain, below, which verifies it as your client would."
	// PasteKeyTaken is the note of a private key pasted here, which the box
	// takes out before anything reads the text.
	PasteKeyTaken = "A private key was pasted: it was taken out of the box, not read, not kept, and sent nowhere. Treat it as exposed only if you pasted it somewhere else as well."
)

// PasteView is what the box shows: a note, and the stories the text matches.
type PasteView struct {
	Note string
	Rows []PasteRow
}

// PasteRow is one story the text matches.
type PasteRow struct {
	// Headline is "" where it is the Title itself.
	ID, Title, Headline string
	// Client is the client the text came from, as a person knows it; Score
	// how much of its message the text holds, as a percentage.
	Client, Score string
	// Lens is that client as the lens picks it (urllib3 1's requests is
	// requests): the story opens through it. Href opens the story so.
	Lens, Href string
	// Lines are the lines of the text that matched, the matched parts marked.
	Lines [][]PastePart
}

// PastePart is a piece of a line of the pasted text; Mark is set on the parts
// that matched.
type PastePart struct {
	Text string
	Mark bool
}

// KeyTaken is the view of a paste a private key was taken out of: the note
// says so first.
func (v PasteView) KeyTaken() PasteView {
	v.Note = strings.TrimSpace(PasteKeyTaken + " " + v.Note)
	return v
}

// PasteFits reports whether the engine will read text; the box says
// PasteTooLarge instead of sending more.
func PasteFits(text string) bool { return len(text) <= explain.MaxPaste }

// DecodeMatches reads the engine's answer to a paste, as `tlsplay match
// --json` prints it.
func DecodeMatches(b []byte) ([]explain.Match, error) {
	var a struct {
		Matches []explain.Match `json:"matches"`
	}
	if err := tjson.Unmarshal(b, &a); err != nil {
		return nil, errors.New("the engine's answer to the paste could not be read")
	}
	return a.Matches, nil
}

// PasteOf is the box's view of the matches of text.
func PasteOf(text string, matches []explain.Match) PasteView {
	if len(matches) == 0 {
		if certs, err := handshake.CertificatesDER([]byte(text), "the text"); err == nil && len(certs) > 0 {
			return PasteView{Note: PasteCertificates}
		}
		if words := explain.Unmatched(text); words != "" {
			return PasteView{Note: words}
		}
		return PasteView{Note: PasteNoMatch}
	}
	v := PasteView{}
	for _, m := range matches {
		// A program that prints with a client's library is named (Python
		// (httpx)); the story opens through that client's lens (requests'),
		// or through its own where it is one (pip).
		name := m.Program
		if name == "" {
			name = clientNames.Of(m.Client)
		}
		if name == "" {
			name = m.Client
		}
		lens := m.Client
		if lens == explain.Requests1 {
			lens = explain.Requests
		}
		if explain.IsLensClient(m.Program) {
			lens = m.Program
		}
		if !explain.IsLensClient(lens) {
			lens = ""
		}
		row := PasteRow{ID: m.ID, Title: m.Title, Headline: m.Headline, Client: name,
			Score: fmt.Sprintf("%d%%", int(m.Score*100+0.5)), Lens: lens, Href: WithClient("#"+m.ID, lens)}
		if row.Headline == row.Title {
			// Listed by its headline (explain's Story.ListTitle): said once.
			row.Headline = ""
		}
		for i, s := range m.Spans {
			if i == maxPasteLines {
				break
			}
			if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
				continue
			}
			row.Lines = append(row.Lines, pasteLine(text, s))
		}
		v.Rows = append(v.Rows, row)
	}
	v.Note = pasteMatched(v.Rows)
	if tie := explain.TiedNote(text, matches, PasteTied, PasteBundleNamedEnd); tie != "" {
		v.Note += " " + tie
	}
	if words := explain.PipWords(text, matches); words != "" {
		v.Note += " " + words
	}
	if words := explain.UnreadEnvWords(text, matches); words != "" {
		v.Note += " " + words
	}
	if words := explain.ExtraCertsWords(text); words != "" {
		v.Note += " " + words
	}
	return v
}

// Notes of a paste whose first stories print the same words.
const (
	// PasteTied says that the text cannot tell the first %d apart, and
	// what can.
	PasteTied = explain.TiedWords + "paste it in Paste a chain, below; " + explain.ShowcertsCall + " prints it, with the version and cipher the server chose)."
	// PasteBundleNamedEnd ends what is said of such a paste that shows a
	// CA bundle named to the client (explain.BundleWords).
	PasteBundleNamedEnd = "chain.pem chain.pem says which)."
)

// pasteMatched is the note above the stories a paste matches: how many, and
// the best, so that a screen reader, which reads the note as it changes (a
// status), says what the list below holds.
func pasteMatched(rows []PasteRow) string {
	best := rows[0].Title
	if best == "" {
		best = rows[0].ID
	}
	if rows[0].Client != "" {
		best += ", from " + rows[0].Client
	}
	if len(rows) == 1 {
		return "It matches 1 story, below: " + best + "."
	}
	return fmt.Sprintf("It matches %d stories, below, best first: %s.", len(rows), best)
}

const (
	// maxPasteLines is how many matched lines a row shows.
	maxPasteLines = 3
	// pasteContext is how many characters of a matched line a row shows on
	// either side of the matched part.
	pasteContext = 40
)

// pasteLine is the line of text holding span, its matched part marked, cut to
// a little context on either side.
func pasteLine(text string, s explain.Span) []PastePart {
	start := strings.LastIndexByte(text[:s.Start], '\n') + 1
	end := len(text)
	if i := strings.IndexByte(text[s.End:], '\n'); i >= 0 {
		end = s.End + i
	}
	before := shown(text[start:s.Start])
	if n := utf8.RuneCountInString(before); n > pasteContext {
		before = "…" + string([]rune(before)[n-pasteContext:])
	}
	after := shown(strings.TrimRight(text[s.End:end], "\r"))
	if utf8.RuneCountInString(after) > pasteContext {
		after = string([]rune(after)[:pasteContext]) + "…"
	}
	var parts []PastePart
	if before != "" {
		parts = append(parts, PastePart{Text: before})
	}
	parts = append(parts, PastePart{Text: shown(text[s.Start:s.End]), Mark: true})
	if after != "" {
		parts = append(parts, PastePart{Text: after})
	}
	return parts
}

// shown is pasted text as the page shows it: bytes that are not UTF-8 as
// U+FFFD, tabs as spaces, without a terminal's colour codes.
func shown(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(explain.StripEscapes(s), "\uFFFD"), "\t", " ")
}

// CheckPaste says why the engine is not asked about text: more than it reads.
func CheckPaste(text string) error {
	if !PasteFits(text) {
		return errors.New(PasteTooLarge)
	}
	return nil
}
