//go:build js && wasm

package main

import (
	"strconv"

	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
	"github.com/tlsplay/tlsplay/ui/tree"
)

func (a *App) renderPresets(current string) { a.draw(tree.Presets(current)) }

// renderScenario draws the title and story of the scenario that ran, and marks
// its story in the list.
func (a *App) renderScenario(s *scenario.Scenario) {
	preset := ui.PresetOf(s)
	chapter, title, story := tree.HeadingOf(s, preset)
	if a.probeShown != nil {
		chapter, story = "A real host, probed", a.probeShown.Story(a.probe.worker)
	}
	if a.chainShown != nil {
		chapter, story = "A pasted chain", a.chainShown.Story()
	}
	// An edit mostly keeps the heading: its parts are not made again.
	if h := [3]string{chapter, title, story}; a.drawn.heading != h {
		for _, p := range tree.Head(chapter, title, story) {
			a.draw(p)
		}
		a.drawn.heading = h
	}
	// Only when it changes: every edit's verdict draws the heading, and
	// setting the title, even the same, took a third of a millisecond of
	// an edit's (Chromium's profile).
	if t := tree.DocumentTitle(title); jsDoc.Get("title").String() != t {
		jsDoc.Set("title", t)
	}
	current := ""
	if preset != nil {
		current = preset.ID
	}
	if a.drawn.current != nil && *a.drawn.current == current {
		return
	}
	a.drawn.current = &current
	for _, link := range queryAll(byID("presets"), ".preset") {
		if attrOf(link, "data-preset") == current {
			setAttr(link, "aria-current", "page")
		} else {
			setAttr(link, "aria-current", "")
		}
	}
}

// renderVerdict draws the verdict panel and the compact verdict, the
// aria-live region: a screen reader says who refused and why in a line (the
// panel, with a client's whole message and the fix, was one region read from
// end to end). Both are drawn only when the verdict changed (rebuild): a
// screen reader then announces only a verdict that is news, and an edit that
// keeps the verdict (most keystrokes) makes none of their parts.
func (a *App) renderVerdict(rebuild, offersVerifyFalse bool) {
	v := a.verdict
	setAttr(a.verdictEl, "data-run", strconv.Itoa(a.runs))
	if a.ed.Valid() && !a.notRun {
		setHidden(byID("stale"), true)
	} else {
		// A run asked for before the last edit answered: still not the editor's.
		a.renderStale()
	}
	if !rebuild {
		return // both drawn from the verdict alone, as it is
	}
	// The compact verdict, which stays in view while the editor changes it.
	for _, p := range tree.Bar(v) {
		a.draw(p)
	}
	a.draw(tree.Verdict(v, offersVerifyFalse))
}

// renderClientPicker offers the clients a person can pick as theirs.
func (a *App) renderClientPicker() {
	a.draw(tree.ClientPicker(a.client))
	byID("client").Set("value", a.client)
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
