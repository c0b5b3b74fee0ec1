//go:build js && wasm

package main

import (
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/ui"
)

// beatKey is everything renderDiagram reads for one beat: an edit redraws
// only the beats whose key changed (often one record's size, as an ECDSA
// signature's length varies).
func beatKey(t *handshake.Trace, b ui.Beat) string {
	var k strings.Builder
	fmt.Fprintf(&k, "%+v", b)
	for _, j := range append([]int{b.Step}, b.Items...) {
		st := &t.Steps[j]
		fmt.Fprintf(&k, "|%d:%s:%s:%v", j, st.Name, ui.CheckState(st), j == t.Outcome.Check)
	}
	return k.String()
}

// renderDiagram draws the beats of the timeline, each once per run and only
// those that changed; the player then only moves classes (renderStage).
func (a *App) renderDiagram() {
	t := a.trace
	host := byID("bank-host")
	// An imposter answering is its own party: its lane, its colour, its
	// messages.
	imposter := t.Scenario.Imposter != nil
	setText(byID("bank-name"), map[bool]string{false: "Bank", true: "Imposter"}[imposter])
	setAttr(byID("bank-lane"), "class", map[bool]string{false: "lane bank", true: "lane bank imposter"}[imposter])
	setAttr(a.stageEl, "class", map[bool]string{false: "stage", true: "stage imposter-answers"}[imposter])
	setText(host, t.Scenario.Client.Dial)
	setAttr(host, "title", t.Scenario.Client.Dial)
	keys := make([]string, len(a.beats))
	for i, b := range a.beats {
		keys[i] = beatKey(t, b)
	}
	if len(keys) == len(a.beatKeys) && len(a.beatEls) == len(keys) {
		for i, b := range a.beats {
			if keys[i] != a.beatKeys[i] {
				li := a.beatItem(i, b)
				a.beatEls[i].Call("replaceWith", li)
				a.beatEls[i] = li
			}
		}
		a.beatKeys = keys
		return
	}
	a.beatEls = a.beatEls[:0]
	for i, b := range a.beats {
		a.beatEls = append(a.beatEls, a.beatItem(i, b))
	}
	a.beatKeys = keys
	replace(a.diagramEl, a.beatEls)
	setAttr(a.diagramEl, "data-beats", strconv.Itoa(len(a.beats)))
}

// beatItem draws beat i.
func (a *App) beatItem(i int, b ui.Beat) js.Value {
	li := el("li", attr{"data-beat", strconv.Itoa(i)}, cls(beatClass(b)))
	switch b.Kind {
	case ui.Flight:
		add(li, a.flight(b))
	case ui.CheckRun:
		add(li, a.checkRun(b))
	default:
		st := &a.trace.Steps[b.Step]
		add(li, el("div", cls("note"),
			el("span", cls("tag"), string(b.Kind)),
			stepButton(b.Step, st.Name, "", ""),
			el("span", cls("sub"), b.Sub)))
	}
	return li
}

func beatClass(b ui.Beat) string {
	c := "beat " + string(b.Kind) + " side-" + b.Side.String()
	for _, f := range []struct {
		on   bool
		name string
	}{{b.Encrypted, "enc"}, {b.Alert, "alert"}, {b.Fatal, "fatal"}, {b.Failed, "failed"}, {b.Verdict, "decisive"}} {
		if f.on {
			c += " " + f.name
		}
	}
	return c
}

// flight is a record crossing the wire, with a button for each message in it.
func (a *App) flight(b ui.Beat) js.Value {
	t := a.trace
	from := ", from the courier"
	if b.Side == handshake.Server {
		from = ", from the bank"
		if t.Scenario.Imposter != nil {
			from = ", from the imposter"
		}
	}
	var msgs []any
	for _, j := range b.Items {
		name := ui.StepLabel(&t.Steps[j])
		msgs = append(msgs, stepButton(j, name, "msg", name+from))
	}
	if len(b.Items) == 0 {
		name := ui.StepLabel(&t.Steps[b.Step])
		msgs = append(msgs, stepButton(b.Step, name, "msg", name+from))
	}
	var lock any
	if b.Encrypted {
		lock = el("span", cls("tag enc-tag"), attr{"title", "travelled encrypted; shown decrypted with the key log"}, "encrypted")
	}
	dir := "→"
	if b.Side == handshake.Server {
		dir = "←"
	}
	return el("div", cls("wire"),
		el("div", cls("msgs"), msgs),
		el("div", cls("arrow"), attr{"aria-hidden", "true"}, el("span", cls("envelope"))),
		el("div", cls("meta"),
			el("span", cls("dir"), attr{"aria-hidden", "true"}, dir),
			lock,
			el("button", attr{"type", "button"}, cls("record-link"), attr{"data-step", strconv.Itoa(b.Step)},
				attr{"title", "the whole record as it crossed the wire"}, attr{"aria-label", "the record, " + b.Sub + from}, "record, "+b.Sub)))
}

// checkRun is a run of checks on one side: failed ones always in view, the
// passing ones folded.
func (a *App) checkRun(b ui.Beat) js.Value {
	t := a.trace
	var failed, passed []js.Value
	for _, j := range b.Items {
		st := &t.Steps[j]
		state := ui.CheckState(st)
		mark := checkMarks[state]
		if j == t.Outcome.Check {
			state += " verdict-check"
		}
		q, answer := ui.CheckWords(st)
		short, _, _ := strings.Cut(answer, ":")
		item := el("li", cls("check "+state),
			el("span", cls("mark"), attr{"aria-hidden", "true"}, mark),
			stepButton(j, q+" "+short, "", q+" "+answer))
		if state == ui.Pass {
			passed = append(passed, item)
		} else {
			failed = append(failed, item)
		}
	}
	var more any
	if len(passed) > 0 {
		label := strconv.Itoa(len(passed)) + " passed"
		if len(failed) == 0 {
			label = "all " + label
		}
		more = el("details", el("summary", label), el("ul", passed))
	}
	return el("div", cls("note"),
		el("span", cls("tag"), "checks"),
		el("span", cls("label"), b.Label),
		el("span", cls("sub"), b.Sub),
		el("ul", failed),
		more)
}

var checkMarks = map[string]string{ui.Pass: "✓", ui.Fail: "✗", ui.Advisory: "!"}

// checkSaid is a check's mark in words, for a screen reader.
var checkSaid = map[string]string{ui.Pass: "passed: ", ui.Fail: "failed: ", ui.Advisory: "would fail, not enforced: "}

// stepButton opens a step in the inspector; name, when given, is what a
// screen reader says for it (what the eye gets from arrows and marks).
func stepButton(step int, label, class, name string) js.Value {
	return el("button", attr{"type", "button"}, cls(class), attr{"data-step", strconv.Itoa(step)}, attr{"aria-label", name}, label)
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
