//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/tlsplay/tlsplay/ui"
)

// The "Paste an error" box (section#paste of index.html). What is pasted goes
// to the page's own engine worker, which matches it against every story's
// messages, and nowhere else; what the box says is decided in ui (PasteOf).
// The box's data-state is idle, working, done, none (nothing matched) or
// error; data-answered counts what it drew, for tests.

// pasteDelay is the pause in typing after which the text is matched.
const pasteDelay = 150 * time.Millisecond

type paster struct {
	root, text, note, list js.Value
	// typed counts the edits of the text, asked the pastes sent: only the
	// latest's answer is drawn.
	typed, asked, answered int
	// warmed is set once the engine was asked to learn the stories.
	warmed bool
	// keys remembers the text a private key was taken out of.
	keys ui.KeyMemo
}

func (a *App) bindPaste() {
	p := &paster{root: byID("paste"), text: byID("paste-text"), note: byID("paste-note"), list: byID("paste-list"), keys: ui.KeyMemo{}}
	a.paste = p
	a.listen(p.text, "input", func(dom.Event) { a.post(a.typedPaste) })
	// The engine learns the stories' messages while the person pastes.
	a.listen(p.text, "focus", func(dom.Event) { a.post(func() { p.warm(a) }) })
	// Text pasted while the page waited for this program is read now; the
	// box may have the focus already too.
	if p.text.Get("value").String() != "" {
		a.typedPaste()
	}
	if jsDoc.Get("activeElement").Equal(p.text) {
		p.warm(a)
	}
	a.listen(p.list, "click", func(ev dom.Event) {
		if link, id := closestData(target(ev), "preset"); id != "" {
			ev.PreventDefault()
			// The story opens through the client the error came from, as
			// picking it does.
			lens := attrOf(link, "data-client")
			a.post(func() {
				a.chooseClient(lens)
				a.openPreset(id)
				// The focus goes where the eye does, to the story's heading:
				// the next Tab goes on from there, not back up the list.
				title := byID("title")
				title.Call("scrollIntoView", map[string]any{"block": "start"})
				title.Call("focus", map[string]any{"preventScroll": true})
			})
		}
	})
}

// warm has the engine learn the stories' messages, once, while the person
// pastes.
func (p *paster) warm(a *App) {
	if !p.warmed {
		p.warmed = true
		a.engine.call("match", "", func(int, reply) {})
	}
}

// typedPaste takes a private key out of the box at once, and waits for a
// pause in typing before matching the text.
func (a *App) typedPaste() {
	p := a.paste
	if text, found := p.keys.Take("", p.text.Get("value").String()); found {
		p.text.Set("value", text)
	}
	p.typed++
	typed := p.typed
	time.AfterFunc(pasteDelay, func() {
		a.post(func() {
			if typed == p.typed {
				a.sendPaste()
			}
		})
	})
}

// sendPaste asks the engine which stories the text matches.
func (a *App) sendPaste() {
	p := a.paste
	p.asked++
	asked := p.asked
	text := p.text.Get("value").String()
	key := p.keys.Holds("", text)
	switch {
	case strings.TrimSpace(text) == "" && key:
		a.drawPaste("none", ui.PasteKeyTaken, nil)
		return
	case strings.TrimSpace(text) == "":
		a.drawPaste("idle", "", nil)
		return
	case !ui.PasteFits(text):
		a.drawPaste("error", ui.PasteTooLarge, nil)
		return
	}
	setAttr(p.root, "data-state", "working")
	// The first paste waits while the engine plays every story; a quick
	// answer comes without a flash of this.
	time.AfterFunc(300*time.Millisecond, func() {
		a.post(func() {
			if asked == p.asked && attrOf(p.root, "data-state") == "working" {
				setText(p.note, ui.PasteWorking)
			}
		})
	})
	a.engine.call("match", text, func(_ int, r reply) {
		a.post(func() {
			if asked == p.asked {
				a.matchedPaste(text, key, r)
			}
		})
	})
}

// matchedPaste draws the engine's answer to text, which a private key was
// taken out of if key is set.
func (a *App) matchedPaste(text string, key bool, r reply) {
	if r.err != nil {
		msg := "The text could not be matched: " + r.err.Error() + "."
		if errors.Is(r.err, errEngineDown) {
			msg = "The engine is not running. Reload the page to try again."
		}
		a.drawPaste("error", msg, nil)
		return
	}
	ms, err := ui.DecodeMatches([]byte(r.text))
	if err != nil {
		a.drawPaste("error", err.Error(), nil)
		return
	}
	v := ui.PasteOf(text, ms)
	if key {
		v = v.KeyTaken()
	}
	state := "done"
	if len(v.Rows) == 0 {
		state = "none"
	}
	a.drawPaste(state, v.Note, v.Rows)
}

// drawPaste shows the box's note and list. Every piece of the pasted text is a
// text node; the matched parts are <mark> elements holding text.
func (a *App) drawPaste(state, note string, rows []ui.PasteRow) {
	p := a.paste
	var items []js.Value
	for _, row := range rows {
		var lines []any
		for i, line := range row.Lines {
			if i > 0 {
				lines = append(lines, "\n")
			}
			for _, part := range line {
				if part.Mark {
					lines = append(lines, el("mark", part.Text))
				} else {
					lines = append(lines, part.Text)
				}
			}
		}
		kids := []any{cls("paste-match"), attr{"data-story", row.ID},
			el("a", attr{"href", row.Href}, attr{"data-preset", row.ID}, attr{"data-client", row.Lens}, cls("paste-story"), row.Title),
			el("span", cls("paste-from"), "from "+row.Client+" · "+row.Score)}
		if row.Headline != "" {
			kids = append(kids, el("p", cls("paste-headline"), row.Headline))
		}
		items = append(items, el("li", append(kids, el("pre", cls("paste-lines"), lines))...))
	}
	replace(p.list, items)
	setText(p.note, note)
	setAttr(p.root, "data-state", state)
	p.answered++
	setAttr(p.root, "data-answered", strconv.Itoa(p.answered))
}
