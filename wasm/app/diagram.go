//go:build js && wasm

package main

import (
	"strconv"

	"github.com/tlsplay/tlsplay/ui"
	"github.com/tlsplay/tlsplay/ui/tree"
)

// renderDiagram draws the beats of the timeline, each once per run and only
// those that changed (an edit often changes one record's size, as an ECDSA
// signature's length varies); the player then only moves classes
// (renderStage). Beats the first paint drew alike are kept as they are. A
// diagram drawn anew (another story) is built whole, in one call (see
// fragment), and put in place; then done runs.
func (a *App) renderDiagram(done func()) {
	t := a.trace
	for _, p := range tree.Lanes(t) {
		a.draw(p)
	}
	d := tree.Diagram(t, a.beats)
	if old, ok := a.first.drawn(d.ID); ok && len(a.beatEls) == 0 {
		// The first paint's beats, as this program would have drawn them.
		a.beatEls = queryAll(a.diagramEl, ":scope > li")
		a.beatTrees = old.Kids
		if len(a.beatEls) != len(a.beatTrees) {
			a.beatEls, a.beatTrees = nil, nil
		}
	}
	if len(d.Kids) == len(a.beatTrees) && len(a.beatEls) == len(d.Kids) {
		for i, n := range d.Kids {
			if !tree.SameNode(n, a.beatTrees[i]) {
				li := fragment([]*tree.Node{n}).Get("firstChild")
				a.beatEls[i].Call("replaceWith", li)
				a.beatEls[i] = li
			}
		}
		a.beatTrees = d.Kids
		done()
		return
	}
	replaceWith(a.diagramEl, d.Kids)
	a.beatEls = queryAll(a.diagramEl, ":scope > li")
	a.beatTrees = d.Kids
	setAttr(a.diagramEl, "data-beats", strconv.Itoa(len(d.Kids)))
	done()
}

// renderStage moves the player's state onto the drawn beats and controls.
func (a *App) renderStage() {
	cur := a.player.Current()
	for i, li := range a.beatEls {
		setClass(li, "future", i > cur)
		setClass(li, "current", i == cur && a.player.N > 1 && !a.player.Done())
	}
	sel := strconv.Itoa(a.selected)
	for _, b := range queryAll(a.diagramEl, "[data-step]") {
		on := attrOf(b, "data-step") == sel
		setClass(b, "selected", on)
		setAttr(b, "aria-pressed", strconv.FormatBool(on))
	}
	label := "Play"
	if a.player.Playing {
		label = "Pause"
	}
	setText(a.playEl, label)
	setAttr(a.playEl, "aria-pressed", strconv.FormatBool(a.player.Playing))
	a.stageEl.Get("style").Call("setProperty", "--beat", strconv.Itoa(int(a.player.Interval().Milliseconds()))+"ms")
	a.speedEl.Set("value", strconv.FormatFloat(a.player.Speed, 'f', -1, 64))
	setText(byID("progress"), strconv.Itoa(a.player.Shown)+" of "+strconv.Itoa(a.player.N))
	words := ""
	if k := ui.Caption(a.player, a.beats, a.selected); k >= 0 && k < len(a.beats) {
		words = a.beats[k].Words
	}
	setText(byID("beat-words"), words)
}
