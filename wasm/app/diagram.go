//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

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
		a.stage.beats = nil
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
				if i < len(a.stage.beats) {
					a.stage.beats[i] = beatMarks{}
				}
			}
		}
		a.beatTrees = d.Kids
		done()
		return
	}
	replaceWith(a.diagramEl, d.Kids)
	a.beatEls = queryAll(a.diagramEl, ":scope > li")
	a.stage.beats = nil
	a.beatTrees = d.Kids
	setAttr(a.diagramEl, "data-beats", strconv.Itoa(len(d.Kids)))
	done()
}

// stageView is what renderStage last put on the page, so that a player's
// tick or an edit touches only what changed (setting a text, even the same,
// makes the browser lay the page out again; and every call from WebAssembly
// costs).
type stageView struct {
	beats []beatMarks // per element of beatEls
	// sel is the step whose buttons are marked selected; play, progress and
	// words the texts shown, interval the beat's length.
	sel, play, progress, words, interval string
	playing                              bool
	speed                                float64
	drawn                                bool // the texts and controls are set
}

// beatMarks are the classes renderStage set on one beat's element, and on
// its step buttons (set: they are; a beat drawn anew has none).
type beatMarks struct{ set, future, current bool }

// renderStage moves the player's state onto the drawn beats and controls.
func (a *App) renderStage() {
	st := &a.stage
	if len(st.beats) != len(a.beatEls) {
		st.beats = make([]beatMarks, len(a.beatEls))
	}
	cur := a.player.Current()
	sel := strconv.Itoa(a.selected)
	mark := func(b js.Value, on bool) {
		setClass(b, "selected", on)
		setAttr(b, "aria-pressed", strconv.FormatBool(on))
	}
	for i, li := range a.beatEls {
		m := &st.beats[i]
		future, current := i > cur, i == cur && a.player.N > 1 && !a.player.Done()
		if !m.set || m.future != future {
			setClass(li, "future", future)
		}
		if !m.set || m.current != current {
			setClass(li, "current", current)
		}
		if !m.set {
			for _, b := range queryAll(li, "[data-step]") {
				mark(b, attrOf(b, "data-step") == sel)
			}
		}
		*m = beatMarks{set: true, future: future, current: current}
	}
	if sel != st.sel {
		for _, s := range []string{st.sel, sel} {
			if s == "" {
				continue
			}
			for _, b := range queryAll(a.diagramEl, `[data-step="`+s+`"]`) {
				mark(b, s == sel)
			}
		}
		st.sel = sel
	}
	label := "Play"
	if a.player.Playing {
		label = "Pause"
	}
	if !st.drawn || label != st.play || a.player.Playing != st.playing {
		setText(a.playEl, label)
		setAttr(a.playEl, "aria-pressed", strconv.FormatBool(a.player.Playing))
		st.play, st.playing = label, a.player.Playing
	}
	if beat := strconv.Itoa(int(a.player.Interval().Milliseconds())) + "ms"; !st.drawn || beat != st.interval {
		a.stageEl.Get("style").Call("setProperty", "--beat", beat)
		st.interval = beat
	}
	if !st.drawn || a.player.Speed != st.speed {
		a.speedEl.Set("value", strconv.FormatFloat(a.player.Speed, 'f', -1, 64))
		st.speed = a.player.Speed
	}
	if progress := strconv.Itoa(a.player.Shown) + " of " + strconv.Itoa(a.player.N); !st.drawn || progress != st.progress {
		setText(byID("progress"), progress)
		st.progress = progress
	}
	words := ""
	if k := ui.Caption(a.player, a.beats, a.selected); k >= 0 && k < len(a.beats) {
		words = a.beats[k].Words
	}
	if !st.drawn || words != st.words {
		setText(byID("beat-words"), words)
		st.words = words
	}
	st.drawn = true
}
