package tree

import (
	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/ui"
)

// Paint is what the page draws of a story's answer through client's lens
// before its engine has loaded: every part the engine would draw for it, so
// that the engine, once it answers the same, changes nothing on screen.
type Paint struct {
	Story  string `json:"story"`
	Client string `json:"client"`
	Title  string `json:"title"` // the document's
	Parts  []Part `json:"parts"`
}

// PagePaint is the page's parts for the report of story id, as client sees it.
func PagePaint(id string, rep *explain.Report, client string) Paint {
	t := rep.Trace
	v := ui.VerdictFor(rep, client)
	chapter, title, story := Heading(t.Scenario)
	parts := []Part{Presets(id), ClientPicker(client)}
	parts = append(parts, Head(chapter, title, story)...)
	parts = append(parts, Bar(v)...)
	parts = append(parts, Verdict(v, ui.OffersVerifyFalse(t)))
	parts = append(parts, Lanes(t)...)
	parts = append(parts, Diagram(t, ui.TimelineAbout(t, v.AboutStep)))
	return Paint{Story: id, Client: client, Title: DocumentTitle(title), Parts: parts}
}
