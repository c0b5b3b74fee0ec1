//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
)

// chapters are the handbook's two chapters, in the order the page lists them.
var chapters = []struct {
	id           scenario.Chapter
	title, blurb string
}{
	{scenario.TrustCheck, "The trust check", "verify= — the courier checks the bank's ID"},
	{scenario.BadgeCheck, "The badge check", "cert= — the bank checks the courier's badge (mTLS)"},
}

func (a *App) renderPresets() {
	nav := byID("presets")
	seed := scenario.Lookup(ui.DefaultPreset)
	var lists []any
	for _, ch := range chapters {
		var items []js.Value
		for _, p := range scenario.Presets {
			if p.Chapter != ch.id {
				continue
			}
			items = append(items, el("li", el("a", attr{"href", "#" + p.ID}, attr{"data-preset", p.ID}, cls("preset"), p.Title)))
		}
		lists = append(lists, el("section", cls("chap"),
			el("h2", ch.title), el("p", cls("blurb"), ch.blurb), el("ul", items)))
	}
	replace(nav,
		el("a", cls("seed"), attr{"href", "#" + seed.ID}, attr{"data-preset", seed.ID},
			el("span", cls("seed-kicker"), "Start with the classic:"),
			el("code", "hostname 'bankofamerica.com' doesn't match")),
		lists)
}

// renderScenario draws the title and story of the scenario that ran, and marks
// its story in the list.
func (a *App) renderScenario() {
	s := a.trace.Scenario
	title := s.Title
	if title == "" {
		title = "A scenario of your own"
	}
	p := ui.PresetOf(s)
	chapter := "Your own scenario"
	story := s.Story
	if pr := scenario.Lookup(s.ID); pr != nil {
		chapter = chapterTitle(pr.Chapter)
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
	setText(a.titleEl, title)
	if a.probeShown != nil {
		chapter, story = "A real host, probed", a.probeShown.Story(a.probe.worker)
	}
	if a.chainShown != nil {
		chapter, story = "A pasted chain", a.chainShown.Story()
	}
	setText(a.chapterEl, chapter)
	setText(a.storyEl, story)
	jsDoc.Set("title", title+" — tlsplay")
	current := ""
	if p != nil {
		current = p.ID
	}
	for _, link := range queryAll(byID("presets"), ".preset") {
		if attrOf(link, "data-preset") == current {
			setAttr(link, "aria-current", "page")
		} else {
			setAttr(link, "aria-current", "")
		}
	}
}

func chapterTitle(c scenario.Chapter) string {
	for _, ch := range chapters {
		if ch.id == c {
			return ch.title
		}
	}
	return string(c)
}

// renderVerdict draws the verdict panel, an aria-live region: the whole panel is
// replaced at once so a screen reader reads the new verdict as one.
// Its content is rebuilt only when the verdict changed (rebuild): a screen
// reader then announces only a verdict that is news.
func (a *App) renderVerdict(rebuild bool) {
	v := a.verdict
	l := v.Lens
	root := a.verdictEl
	// The verdict is the person's client's (data-client); Go's, the
	// handshake on screen, is data-go-ok and data-go-reason.
	setAttr(root, "data-client", l.Client)
	setAttr(root, "data-reason", l.Reason)
	setAttr(root, "data-ok", strconv.FormatBool(l.OK))
	setAttr(root, "data-go-reason", v.Reason)
	setAttr(root, "data-go-ok", strconv.FormatBool(v.OK))
	setAttr(root, "data-run", strconv.Itoa(a.runs))
	setAttr(root, "class", "verdict tone-"+v.Tone)
	// The compact verdict, which stays in view while the editor changes it.
	bar := byID("verdict-bar")
	setAttr(bar, "class", "verdict-bar tone-"+v.Tone)
	setAttr(bar, "data-ok", strconv.FormatBool(l.OK))
	setText(byID("bar-status"), v.Status)
	setText(byID("bar-headline"), l.Headline)
	if a.ed.Valid() && !a.notRun {
		setHidden(byID("stale"), true)
	} else {
		// A run asked for before the last edit answered: still not the editor's.
		a.renderStale()
	}
	if !rebuild {
		return
	}

	// Go's failed check and how to tell it apart speak of Go's verdict: they
	// are shown where the client's is the same.
	sameAsGo := l.OK == v.OK && l.Reason == v.Reason
	var check, tell, disagree any
	if v.Check != "" && sameAsGo {
		check = el("p", cls("failed-check"),
			el("span", cls("label"), "The check that failed"),
			el("button", attr{"type", "button"}, cls("linkish"), attr{"data-step", strconv.Itoa(v.CheckStep)}, v.CheckQuestion),
			el("span", cls("check-detail"), v.CheckAnswer))
	}
	if e := v.Explain; e != nil && e.TellApart != "" && sameAsGo {
		tell = el("p", cls("tell-apart"), el("strong", "How to tell it apart: "), e.TellApart)
	}
	if l.Disagree != "" {
		disagree = el("p", cls("disagree"), l.Disagree)
	}
	var bundle any
	if l.Bundle != "" {
		bundle = el("p", cls("bundle"), l.Bundle)
	}
	title := explain.ClientTitles[l.Client]
	var whatIf any
	if ui.OffersVerifyFalse(a.trace) {
		whatIf = el("button", attr{"type", "button"}, cls("what-if"), attr{"data-whatif", "verify-false"}, "What if I set verify=False?")
	}
	replace(root,
		el("div", cls("verdict-head"),
			el("span", cls("status"), v.Status),
			el("span", cls("lens-of"), "as "+title+" sees it")),
		el("h2", cls("headline"), l.Headline),
		disagree,
		bundle,
		el("figure", cls("says"),
			el("figcaption", "What "+title+" prints"),
			el("pre", el("code", messageNodes(v.LensParts))),
			howWeKnow(l.Basis)),
		el("div", cls("verdict-body"),
			el("div", cls("why"),
				el("p", cls("analogy"), l.Analogy),
				el("p", cls("technical"), l.Technical),
				check, tell, a.goErrors()),
			fixPanel(l.Fix)),
		whatIf,
		a.clientsTable(),
	)
}

// messageNodes is a client's message as the page shows it: what changes from
// run to run by its name.
func messageNodes(parts []ui.MessagePart) []any {
	var text []any
	for _, p := range parts {
		if p.Varies == "" {
			text = append(text, p.Text)
		} else {
			text = append(text, el("var", attr{"title", p.Varies}, p.Text))
		}
	}
	return text
}

// howWeKnow is a prediction's basis behind a small disclosure, nothing
// without one.
func howWeKnow(basis string) js.Value {
	if basis == "" {
		return js.Null()
	}
	return el("details", cls("basis"), el("summary", "how we know"), el("p", basis))
}

// fixPanel is the fix: the requests call as it is next to the one that works,
// and the same for the other tools.
func fixPanel(f explain.Fix) js.Value {
	if f.Wrong == "" && f.Right == "" && f.Summary == "" {
		return js.Null()
	}
	var others []js.Value
	for _, o := range []struct{ name, code string }{{"curl", f.Curl}, {"openssl", f.OpenSSL}, {"Node.js", f.Node}, {"Go", f.Go}} {
		if o.code != "" {
			others = append(others, el("div", cls("other"), el("span", o.name), el("pre", el("code", o.code))))
		}
	}
	var more any
	if len(others) > 0 {
		more = el("details", cls("others"), el("summary", "The same with curl, openssl, Node.js and Go"), others)
	}
	var pair, server any
	switch {
	case f.Server != nil && f.Wrong == f.Right:
		// The cure is the bank's: the call stays as it is.
		pair = codeCard("same", "Your call, fine as it is", f.Right)
	case f.Wrong != "" || f.Right != "":
		pair = el("div", cls("fix-pair"),
			codeCard("wrong", "The call as it is", f.Wrong),
			codeCard("right", "The call that works", f.Right))
	}
	if sf := f.Server; sf != nil {
		var confs []js.Value
		for _, c := range []struct{ name, code string }{{"nginx", sf.Nginx}, {"Apache", sf.Apache}, {"Caddy", sf.Caddy}, {"Go (crypto/tls)", sf.Go}} {
			confs = append(confs, el("div", cls("other"), el("span", c.name), el("pre", el("code", c.code))))
		}
		server = el("details", cls("server-fix"), attr{"open", "open"},
			el("summary", "On the server: nginx, Apache, Caddy, Go"), confs)
	}
	return el("div", cls("fix"), el("h3", "The fix"), el("p", cls("fix-summary"), f.Summary), pair, server, more)
}

func codeCard(kind, title, code string) js.Value {
	return el("figure", cls("code "+kind),
		el("figcaption", title),
		el("pre", el("code", code)))
}

// clientsTable is what real clients print for the scenario.
func (a *App) clientsTable() js.Value {
	var rows []js.Value
	for _, c := range a.verdict.Clients {
		mark, state := "✓ works", "ok"
		if !c.OK {
			mark, state = "✗ fails", "fail"
		}
		msg := []any{el("code", messageNodes(c.Parts))}
		if c.Note != "" {
			msg = append(msg, el("span", cls("cnote"), c.Note))
		}
		msg = append(msg, howWeKnow(c.Basis))
		rows = append(rows, el("tr", cls(state),
			el("th", attr{"scope", "row"}, c.Name),
			el("td", cls("mark"), mark),
			el("td", msg)))
	}
	if len(rows) == 0 {
		return js.Null()
	}
	fails := 0
	for _, c := range a.verdict.Clients {
		if !c.OK {
			fails++
		}
	}
	summary := "What each client prints: all " + strconv.Itoa(len(rows)) + " connect"
	if fails > 0 {
		summary = "What each client prints: " + strconv.Itoa(fails) + " of " + strconv.Itoa(len(rows)) + " fail"
	}
	return el("details", cls("clients"),
		el("summary", summary),
		el("div", cls("table-wrap"), el("table",
			el("thead", el("tr", el("th", attr{"scope", "col"}, "Client"), el("th", attr{"scope", "col"}, "Result"), el("th", attr{"scope", "col"}, "Message"))),
			el("tbody", rows))))
}

// goErrors is what each side's Go code returned, the ground truth.
func (a *App) goErrors() js.Value {
	v := a.verdict
	if v.ClientError == "" && v.ServerError == "" {
		return js.Null()
	}
	dl := el("dl", cls("go-errors"))
	if v.ClientError != "" {
		add(dl, el("dt", "The courier's error, in Go"), el("dd", el("code", v.ClientError)))
	}
	if v.ServerError != "" {
		add(dl, el("dt", "The bank's error, in Go"), el("dd", el("code", v.ServerError)))
	}
	// Go's own words, the ground truth, for who wants them: behind a click.
	return el("details", cls("go-said"), el("summary", "What Go's two ends returned"), dl)
}

// renderClientPicker offers the clients a person can pick as theirs.
func (a *App) renderClientPicker() {
	picker := byID("client")
	var opts []js.Value
	for _, c := range explain.LensClients {
		opts = append(opts, el("option", attr{"value", c}, explain.ClientTitles[c]))
	}
	replace(picker, opts)
	picker.Set("value", a.client)
}

// renderStale says the handshake on screen is not the scenario in the editor.
func (a *App) renderStale() {
	msg := "The handshake shown is the last one that ran."
	if a.notRun && a.ed.Valid() {
		msg = "The run was cancelled: the scenario in the editor did not play. " + msg
	}
	switch n := a.ed.ErrCount(); n {
	case 0:
	case 1:
		msg = "The scenario has 1 problem, marked in the editor below. " + msg
	default:
		msg = "The scenario has " + strconv.Itoa(n) + " problems, marked in the editor below. " + msg
	}
	stale := byID("stale")
	setText(stale, msg)
	setHidden(stale, false)
}
