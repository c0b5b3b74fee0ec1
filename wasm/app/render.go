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
	setText(a.titleEl, title)
	chapter := "Your own scenario"
	if pr := scenario.Lookup(s.ID); pr != nil {
		chapter = chapterTitle(pr.Chapter)
		if p == nil {
			chapter += " · edited"
		}
	}
	story := s.Story
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
	e := v.Explain
	root := a.verdictEl
	setAttr(root, "data-reason", v.Reason)
	setAttr(root, "data-ok", strconv.FormatBool(v.OK))
	setAttr(root, "data-run", strconv.Itoa(a.runs))
	setAttr(root, "class", "verdict tone-"+v.Tone)
	if a.ed.Valid() && !a.notRun {
		setHidden(byID("stale"), true)
	} else {
		// A run asked for before the last edit answered: still not the editor's.
		a.renderStale()
	}
	if !rebuild {
		return
	}

	var check any
	if v.Check != "" {
		check = el("p", cls("failed-check"),
			el("span", cls("label"), "The check that failed"),
			el("button", attr{"type", "button"}, cls("linkish"), attr{"data-step", strconv.Itoa(v.CheckStep)}, v.Check),
			el("span", cls("check-detail"), v.CheckDetail))
	}
	var fix, tell any
	headline, analogy, technical := v.Status, "", ""
	if e != nil {
		headline, analogy, technical = e.Headline, e.Analogy, e.Technical
		fix = fixPanel(e.Fix)
		if e.TellApart != "" {
			tell = el("p", cls("tell-apart"), el("strong", "How to tell it apart: "), e.TellApart)
		}
	}
	replace(root,
		el("div", cls("verdict-head"),
			el("span", cls("status"), v.Status),
			el("code", cls("reason"), attr{"title", "reason id"}, v.Reason)),
		el("h2", cls("headline"), headline),
		el("div", cls("verdict-body"),
			el("div", cls("why"),
				el("p", cls("analogy"), analogy),
				el("p", cls("technical"), technical),
				check, tell, a.goErrors()),
			fix),
		a.clientsTable(),
	)
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
	var pair any
	if f.Wrong != "" || f.Right != "" {
		pair = el("div", cls("fix-pair"),
			codeCard("wrong", "The call as it is", f.Wrong),
			codeCard("right", "The call that works", f.Right))
	}
	return el("div", cls("fix"), el("h3", "The fix"), el("p", cls("fix-summary"), f.Summary), pair, more)
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
		var text []any
		for _, p := range c.Parts {
			if p.Varies == "" {
				text = append(text, p.Text)
			} else {
				// What changes from run to run, by name.
				text = append(text, el("var", attr{"title", p.Varies}, p.Text))
			}
		}
		msg := []any{el("code", text)}
		if c.Note != "" {
			msg = append(msg, el("span", cls("cnote"), c.Note))
		}
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
		add(dl, el("dt", "Courier's Go error"), el("dd", el("code", v.ClientError)))
	}
	if v.ServerError != "" {
		add(dl, el("dt", "Bank's Go error"), el("dd", el("code", v.ServerError)))
	}
	return dl
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
