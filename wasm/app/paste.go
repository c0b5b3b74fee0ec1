//go:build js && wasm

package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"syscall/js"
	"unicode/utf8"

	"honnef.co/go/js/dom/v2"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/ui"
)

// The "Paste a chain" box. What it checks, asks and says is decided in ui
// (PasteInput.Check, ReadInspection and the Inspection's words); this file
// reads its fields and files and draws the answer. The chain goes to the
// page's own engine: nothing pasted leaves the page.

// paster is the box.
type paster struct {
	root, form, goBtn, status, key, result js.Value
	fieldSet                               // the text fields, by ui.Paste* name
	// chainFile and rootsFile are a chosen or dropped file's bytes, which
	// stand for their text field until it is typed in.
	chainFile, rootsFile []byte
	// asked counts the inspections asked for; an answer to an older one is
	// not drawn.
	asked int
	// stripped says a private key was taken out of the box since the last
	// inspection.
	stripped bool
	// ended counts inspections answered, whichever way (data-ended).
	ended int
}

// Paste states, the box's data-state.
const (
	pasteIdle    = "idle"
	pasteRunning = "running"
	pasteDone    = "done"
	pasteFailed  = "error"
)

// mountPaste binds the box of index.html.
func (a *App) mountPaste() {
	p := &paster{root: byID("paste"), form: byID("paste-form"), goBtn: byID("paste-go"), status: byID("paste-status"),
		key: byID("paste-key"), result: byID("paste-result"),
		fieldSet: newFieldSet("paste-", ui.PasteChain, ui.PasteRoots, ui.PasteName, ui.PasteTime)}
	a.paste = p
	a.listen(p.form, "submit", func(ev dom.Event) {
		ev.PreventDefault()
		a.post(a.startInspect)
	})
	// A key is taken out of the box as soon as it is there; typing in a
	// field clears what was wrong with it, and text stands for a file again.
	a.listen(p.form, "input", func(ev dom.Event) {
		id := attrOf(target(ev), "id")
		a.post(func() {
			switch id {
			case "paste-chain":
				p.chainFile = nil
				setText(byID("paste-chain-file-name"), "")
				p.stripKeys(ui.PasteChain)
			case "paste-roots":
				p.rootsFile = nil
				setText(byID("paste-roots-file-name"), "")
				p.stripKeys(ui.PasteRoots)
			}
			p.mark(strings.TrimPrefix(id, "paste-"), "")
		})
	})
	a.listen(p.form, "change", func(ev dom.Event) {
		t := target(ev)
		switch attrOf(t, "id") {
		case "paste-chain-file", "paste-roots-file":
			field := map[string]string{"paste-chain-file": ui.PasteChain, "paste-roots-file": ui.PasteRoots}[attrOf(t, "id")]
			if files := t.Get("files"); files.Length() > 0 {
				go a.readFile(field, files.Index(0))
			}
		}
		if attrOf(t, "name") == "paste-trust" {
			a.post(func() { setHidden(byID("paste-roots-field"), p.trust() != ui.TrustBundle) })
		}
	})
	for _, f := range []string{ui.PasteChain, ui.PasteRoots} {
		area := p.fields[f]
		a.listen(area, "dragover", func(ev dom.Event) {
			ev.PreventDefault()
			setClass(area, "dragging", true)
		})
		a.listen(area, "dragleave", func(dom.Event) { setClass(area, "dragging", false) })
		a.listen(area, "drop", func(ev dom.Event) {
			ev.PreventDefault()
			setClass(area, "dragging", false)
			if files := ev.Underlying().Get("dataTransfer").Get("files"); files.Length() > 0 {
				go a.readFile(f, files.Index(0))
			}
		})
	}
	a.listen(byID("paste-play"), "click", func(dom.Event) { a.post(a.playTwin) })
	setAttr(p.root, "data-state", pasteIdle)
}

// readFile reads a chosen or dropped file, on its own goroutine. Text goes
// into its field, where it can be read and edited (a key in it is taken out
// at once); other bytes (DER) are kept beside it.
func (a *App) readFile(field string, file js.Value) {
	name := file.Get("name").String()
	size := file.Get("size").Int()
	if size > flow.MaxPaste {
		a.post(func() {
			a.paste.mark(field, "the file "+name+" is larger than 1 MB: a chain or a CA bundle is a few kilobytes")
		})
		return
	}
	buf, err := await(file.Call("arrayBuffer"))
	if err != nil {
		a.post(func() { a.paste.mark(field, "the file "+name+" could not be read") })
		return
	}
	b := make([]byte, size)
	js.CopyBytesToGo(b, js.Global().Get("Uint8Array").New(buf))
	a.post(func() {
		p := a.paste
		p.mark(field, "")
		label := byID("paste-" + field + "-file-name")
		if utf8.Valid(b) && !containsNUL(b) {
			p.fields[field].Set("value", string(b))
			p.setFile(field, nil)
			setText(label, "")
			p.stripKeys(field)
			return
		}
		p.fields[field].Set("value", "")
		p.setFile(field, b)
		setText(label, name+": "+strconv.Itoa(len(b))+" bytes, binary (DER), used as it is")
	})
}

func containsNUL(b []byte) bool {
	for _, c := range b {
		if c == 0 {
			return true
		}
	}
	return false
}

func (p *paster) setFile(field string, b []byte) {
	if field == ui.PasteRoots {
		p.rootsFile = b
	} else {
		p.chainFile = b
	}
}

// stripKeys takes a private key out of a text field, and says so.
func (p *paster) stripKeys(field string) {
	box := p.fields[field]
	text, found := handshake.StripPrivateKeys(box.Get("value").String())
	if !found {
		return
	}
	box.Set("value", text)
	p.stripped = true
	p.showKey(true)
}

func (p *paster) showKey(on bool) {
	setText(p.key, (&ui.Inspection{KeyFound: true}).KeyWarning())
	setHidden(p.key, !on)
}

func (p *paster) trust() string {
	for _, r := range queryAll(p.form, `input[name="paste-trust"]`) {
		if r.Get("checked").Bool() {
			return attrOf(r, "value")
		}
	}
	return ui.TrustMozilla
}

func (p *paster) input() ui.PasteInput {
	return ui.PasteInput{Chain: p.value(ui.PasteChain), ChainFile: p.chainFile, Trust: p.trust(),
		Roots: p.value(ui.PasteRoots), RootsFile: p.rootsFile, Name: p.value(ui.PasteName), Time: p.value(ui.PasteTime)}
}

// say sets the box's state and status line.
func (p *paster) say(state, msg string) {
	setAttr(p.root, "data-state", state)
	setText(p.status, msg)
	p.goBtn.Set("disabled", state == pasteRunning)
	if state != pasteRunning {
		p.ended++
		setAttr(p.root, "data-ended", strconv.Itoa(p.ended))
	}
}

// startInspect checks the fields and asks the engine.
func (a *App) startInspect() {
	p := a.paste
	p.stripKeys(ui.PasteChain)
	p.stripKeys(ui.PasteRoots)
	req, problems := p.input().Check()
	if !p.showProblems(problems) {
		p.say(pasteFailed, "Nothing was inspected: "+describeProblems(problems))
		return
	}
	arg, err := json.Marshal(req)
	if err != nil {
		p.say(pasteFailed, err.Error())
		return
	}
	p.asked++
	asked := p.asked
	p.say(pasteRunning, "Verifying the chain with Go's x509…")
	a.engine.call("inspect", string(arg), func(_ int, r reply) {
		a.post(func() { a.inspected(asked, r) })
	})
}

// inspected draws the engine's answer.
func (a *App) inspected(asked int, r reply) {
	p := a.paste
	if asked != p.asked {
		return
	}
	if r.err != nil {
		p.say(pasteFailed, r.err.Error())
		return
	}
	rep, ins, err := ui.ReadInspection(r.text)
	if err != nil {
		p.say(pasteFailed, "The engine's answer could not be read: "+err.Error())
		return
	}
	a.showInspection(rep, ins)
	status := "Inspected. " + a.verdict.Status + ": the verdict, the checks and the certificates are below."
	p.say(pasteDone, status)
}

// showInspection draws an inspected chain as a story is drawn, and what the
// box says beside it.
func (a *App) showInspection(rep *explain.Report, ins *ui.Inspection) {
	p := a.paste
	a.pasteShown, a.probeShown = ins, nil
	a.probesShown++
	a.notify("")
	// The inspector opens on the certificates.
	selected := -1
	for i, st := range rep.Trace.Steps {
		if st.IsMessage(wire.TypeCertificate) {
			selected = i
		}
	}
	a.show(rep, selected, true)
	p.showKey(p.stripped || ins.KeyFound)
	p.stripped = false
	var notes []js.Value
	for _, n := range ins.Notes {
		if !strings.Contains(n, "private key") { // said above, on its own
			notes = append(notes, el("li", n))
		}
	}
	replace(byID("paste-notes"), notes)
	setText(byID("paste-twin"), ins.TwinWords())
	setHidden(byID("paste-play"), ins.Twin == nil)
	setText(byID("paste-share"), ins.ShareWords())
	setHidden(p.result, false)
}

// playTwin opens the chain's twin in the editor, which plays it for real.
func (a *App) playTwin() {
	ins := a.pasteShown
	if ins == nil {
		return
	}
	s, err := ins.TwinScenario()
	if err != nil || s == nil {
		a.notify("The twin could not be opened: " + errText(err))
		return
	}
	a.pasteShown = nil
	a.open(s, true)
	a.commit = true
	a.notify("This is a twin of the pasted chain: certificates made with the playground's own keys, since the real keys are not here. Its verdict is the pasted chain's; edit it like any story.")
}

func errText(err error) string {
	if err == nil {
		return "it has none"
	}
	return err.Error()
}

// openChainLink puts a chain's share link in the box and inspects it.
func (a *App) openChainLink(c *flow.ChainRequest) {
	p := a.paste
	p.root.Set("open", true)
	p.fields[ui.PasteChain].Set("value", c.Chain)
	p.fields[ui.PasteName].Set("value", c.Name)
	p.fields[ui.PasteTime].Set("value", c.Time)
	p.fields[ui.PasteRoots].Set("value", c.Roots)
	p.chainFile, p.rootsFile = nil, nil
	trust := ui.TrustMozilla
	if c.Roots != "" {
		trust = ui.TrustBundle
	}
	for _, r := range queryAll(p.form, `input[name="paste-trust"]`) {
		r.Set("checked", attrOf(r, "value") == trust)
	}
	setHidden(byID("paste-roots-field"), trust != ui.TrustBundle)
	a.startInspect()
}
