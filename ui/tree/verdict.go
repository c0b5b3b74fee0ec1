package tree

import (
	"strconv"
	"strings"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
)

// Chapters are the handbook's two chapters, in the order the page lists them.
var Chapters = []struct {
	ID           scenario.Chapter
	Title, Blurb string
}{
	{scenario.TrustCheck, "The trust check", "verify= — the courier checks the bank's ID"},
	{scenario.BadgeCheck, "The badge check", "cert= — the bank checks the courier's badge (mTLS)"},
}

// ChapterTitle is a chapter's title.
func ChapterTitle(c scenario.Chapter) string {
	for _, ch := range Chapters {
		if ch.ID == c {
			return ch.Title
		}
	}
	return string(c)
}

// Presets is the list of stories, current marked as the one on screen.
func Presets(current string) Part {
	seed := scenario.Lookup(ui.DefaultPreset)
	var lists []*Node
	for _, ch := range Chapters {
		var items []*Node
		for _, p := range scenario.Presets {
			if p.Chapter != ch.ID {
				continue
			}
			var cur any
			if p.ID == current {
				cur = Attr{"aria-current", "page"}
			}
			items = append(items, El("li", El("a", Attr{"href", "#" + p.ID}, Attr{"data-preset", p.ID}, Class("preset"), cur, p.Title)))
		}
		lists = append(lists, El("section", Class("chap"),
			El("h2", ch.Title), El("p", Class("blurb"), ch.Blurb), El("ul", items)))
	}
	seedLink := El("a", Class("seed"), Attr{"href", "#" + seed.ID}, Attr{"data-preset", seed.ID},
		El("span", Class("seed-kicker"), "Start with the classic:"),
		El("code", "hostname 'bankofamerica.com' doesn't match"))
	return Part{ID: "presets", Kids: append([]*Node{seedLink}, lists...)}
}

// Heading is the chapter, title and story of the scenario that ran: a story's
// own, or its words as it was before edits.
func Heading(s *scenario.Scenario) (chapter, title, story string) {
	return HeadingOf(s, ui.PresetOf(s))
}

// HeadingOf is Heading of s, which is preset p exactly (ui.PresetOf), or
// none (nil): for a caller that needs p too, as each call writes s as JSON.
func HeadingOf(s *scenario.Scenario, p *scenario.Preset) (chapter, title, story string) {
	title = s.Title
	if title == "" {
		title = "A scenario of your own"
	}
	chapter, story = "Your own scenario", s.Story
	if pr := scenario.Lookup(s.ID); pr != nil {
		chapter = ChapterTitle(pr.Chapter)
		if p == nil {
			// The story's words describe it as it was, not as edited
			// (unless the person wrote their own).
			chapter += " · edited"
			if s.Title == pr.Title {
				title = "Edited from: " + title
			}
			if story != "" && story == pr.Story {
				story = "The original story, before your edits: " + story
			}
		}
	}
	// A story about dates says it is set on its own day, and why.
	if note := scenario.DateNote(s); note != "" {
		story = strings.TrimSpace(story + " " + note)
	}
	return chapter, title, story
}

// Head is the heading's parts.
func Head(chapter, title, story string) []Part {
	return []Part{textPart("chapter", chapter), textPart("title", title), textPart("story", story)}
}

// DocumentTitle is the document's title for a scenario titled title.
func DocumentTitle(title string) string { return title + " — tlsplay" }

// ClientPicker offers the clients a person can pick as theirs, client chosen.
func ClientPicker(client string) Part {
	var opts []*Node
	for _, c := range explain.LensClients {
		var sel any
		if c == client {
			sel = Attr{"selected", "selected"}
		}
		opts = append(opts, El("option", Attr{"value", c}, sel, explain.ClientTitles[c]))
	}
	return Part{ID: "client", Kids: opts}
}

// Bar is the compact verdict, which stays in view while the editor changes it.
func Bar(v ui.Verdict) []Part {
	return []Part{
		{ID: "verdict-bar", Attrs: []string{"class", "verdict-bar tone-" + v.Tone, "data-ok", strconv.FormatBool(v.Lens.OK)}, Keep: true},
		textPart("bar-status", v.Status),
		textPart("bar-headline", v.Lens.Headline),
	}
}

// Verdict is the verdict panel, the client's verdict first. Its attributes
// carry, for tests, the chosen client's verdict (data-client, data-ok,
// data-reason) and Go's (data-go-ok, data-go-reason). whatIf offers to play
// the scenario with verification off, in the client's words.
func Verdict(v ui.Verdict, whatIf bool) Part {
	l := v.Lens
	p := Part{ID: "verdict", Attrs: []string{
		"data-client", l.Client, "data-reason", l.Reason, "data-ok", strconv.FormatBool(l.OK),
		"data-go-reason", v.Reason, "data-go-ok", strconv.FormatBool(v.OK), "class", "verdict tone-" + v.Tone}}
	// Go's failed check, and how to tell it apart (in the client's words),
	// speak of Go's verdict: they are shown where the client's is the same.
	sameAsGo := l.OK == v.OK && l.Reason == v.Reason
	var check, tell, disagree, bundle, offer *Node
	if v.Check != "" && sameAsGo {
		check = El("p", Class("failed-check"),
			El("span", Class("label"), "The check that failed"),
			El("button", Attr{"type", "button"}, Class("linkish"), Attr{"data-step", strconv.Itoa(v.CheckStep)}, v.CheckQuestion),
			El("span", Class("check-detail"), v.CheckAnswer))
	}
	if l.TellApart != "" && sameAsGo {
		tell = El("p", Class("tell-apart"), El("strong", "How to tell it apart: "), l.TellApart)
	}
	if l.Disagree != "" {
		disagree = El("p", Class("disagree"), l.Disagree)
	}
	if l.Bundle != "" {
		// Which bundle the client read, and why.
		bundle = El("p", Class("bundle"), l.Bundle)
	}
	title := explain.ClientTitles[l.Client]
	if whatIf {
		offer = El("button", Attr{"type", "button"}, Class("what-if"), Attr{"data-whatif", "verify-false"}, ui.WhatIfQuestion(l.Client))
	}
	p.Kids = El("div",
		El("div", Class("verdict-head"),
			El("span", Class("status"), v.Status),
			El("span", Class("lens-of"), "as "+title+" sees it")),
		El("h2", Class("headline"), l.Headline),
		disagree,
		bundle,
		El("figure", Class("says"),
			El("figcaption", "What "+title+" prints"),
			El("pre", El("code", messageNodes(v.LensParts))),
			olderSays(v.OlderParts),
			howWeKnow(l.Basis)),
		El("div", Class("verdict-body"),
			El("div", Class("why"),
				El("p", Class("analogy"), l.Analogy),
				El("p", Class("technical"), l.Technical),
				check, tell, goErrors(v),
				El("p", Class("primer-link"), El("a", Attr{"href", "#" + v.Primer.Anchor}, Attr{"data-skip", v.Primer.Anchor}, v.Primer.Text))),
			fixPanel(l.Fix, l.OK)),
		offer,
		clientsTable(v),
	).Kids
	return p
}

// messageNodes is a client's message as the page shows it: what changes from
// run to run by its name.
func messageNodes(parts []ui.MessagePart) []any {
	var text []any
	for _, p := range parts {
		if p.Varies == "" {
			text = append(text, p.Text)
		} else {
			text = append(text, El("var", Attr{"title", p.Varies}, p.Text))
		}
	}
	return text
}

// olderSays is Debian 12's requests' words under requests' lens, where they
// differ from pip's: urllib3 1.26's, and Debian's patch that makes requests
// read the system's CA store (os-trust-store connects there); nothing
// otherwise.
func olderSays(parts []ui.MessagePart) *Node {
	if len(parts) == 0 {
		return nil
	}
	return El("div", Class("older"),
		El("p", Class("older-caption"), "Debian 12's python3-requests (urllib3 1.26; the system's CA store, not certifi's) prints:"),
		El("pre", El("code", messageNodes(parts))))
}

// howWeKnow is a prediction's basis behind a small disclosure, nothing
// without one.
func howWeKnow(basis string) *Node {
	if basis == "" {
		return nil
	}
	return El("details", Class("basis"), El("summary", "how we know"), El("p", basis))
}

// fixPanel is the fix: the lens client's call as it is next to the one that
// works, and the one that works for the other tools.
func fixPanel(f explain.Fix, ok bool) *Node {
	if f.Wrong == "" && f.Right == "" && f.Summary == "" {
		return nil
	}
	var others []*Node
	var names []string
	for _, o := range f.Others() {
		others = append(others, El("div", Class("other"), El("span", o.Caption), El("pre", El("code", o.Code))))
		names = append(names, o.Caption)
	}
	var more, pair, server *Node
	if len(others) > 0 {
		more = El("details", Class("others"), El("summary", "The same with "+andList(names)), others)
	}
	var cards []*Node
	for _, c := range f.Calls(ok) {
		cards = append(cards, codeCard(c))
	}
	switch len(cards) {
	case 1:
		pair = cards[0]
	case 2:
		pair = El("div", Class("fix-pair"), cards)
	}
	if sf := f.Server; sf != nil {
		var confs []*Node
		for _, c := range []struct{ name, code string }{{"nginx", sf.Nginx}, {"Apache", sf.Apache}, {"Caddy", sf.Caddy}, {"Go (crypto/tls)", sf.Go}} {
			confs = append(confs, El("div", Class("other"), El("span", c.name), El("pre", El("code", c.code))))
		}
		server = El("details", Class("server-fix"), Attr{"open", "open"},
			El("summary", "On the server: nginx, Apache, Caddy, Go"), confs)
	}
	return El("div", Class("fix"), El("h3", "The fix"), El("p", Class("fix-summary"), f.Summary), pair, server, more)
}

// andList joins names as a sentence does: "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func codeCard(c explain.FixCall) *Node {
	return El("figure", Class("code "+c.Kind),
		El("figcaption", c.Caption),
		El("pre", El("code", c.Code)))
}

// clientsTable is what real clients print for the scenario.
func clientsTable(v ui.Verdict) *Node {
	var rows []*Node
	fails := 0
	for _, c := range v.Clients {
		mark, state := "✓ works", "ok"
		if !c.OK {
			mark, state = "✗ fails", "fail"
			fails++
		}
		msg := []any{El("code", messageNodes(c.Parts))}
		if c.Note != "" {
			msg = append(msg, El("span", Class("cnote"), c.Note))
		}
		msg = append(msg, howWeKnow(c.Basis))
		rows = append(rows, El("tr", Class(state),
			El("th", Attr{"scope", "row"}, c.Name),
			El("td", Class("mark"), mark),
			El("td", msg)))
	}
	if len(rows) == 0 {
		return nil
	}
	summary := "What each client prints: all " + strconv.Itoa(len(rows)) + " connect"
	if fails > 0 {
		summary = "What each client prints: " + strconv.Itoa(fails) + " of " + strconv.Itoa(len(rows)) + " fail"
	}
	return El("details", Class("clients"),
		El("summary", summary),
		El("div", Class("table-wrap"), El("table",
			El("thead", El("tr", El("th", Attr{"scope", "col"}, "Client"), El("th", Attr{"scope", "col"}, "Result"), El("th", Attr{"scope", "col"}, "Message"))),
			El("tbody", rows))))
}

// goErrors is what each side's Go code returned, the ground truth.
func goErrors(v ui.Verdict) *Node {
	if v.ClientError == "" && v.ServerError == "" {
		return nil
	}
	dl := El("dl", Class("go-errors"))
	if v.ClientError != "" {
		dl.add([]any{El("dt", "The courier's error, in Go"), El("dd", El("code", v.ClientError))})
	}
	if v.ServerError != "" {
		dl.add([]any{El("dt", "The bank's error, in Go"), El("dd", El("code", v.ServerError))})
	}
	// Go's own words, the ground truth, for who wants them: behind a click.
	return El("details", Class("go-said"), El("summary", "What Go's two ends returned"), dl)
}
