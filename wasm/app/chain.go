//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/ui"
	"github.com/tlsplay/tlsplay/ui/tree"
)

// The "Paste a chain" box. What it checks, asks and says is decided in ui
// (PasteInput.Check, ReadInspection and the Inspection's words); this file
// reads its fields and files and draws the answer. The chain goes to the
// page's own engine: nothing pasted leaves the page.

// chainBox is the box.
type chainBox struct {
	root, form, goBtn, status, key, result js.Value
	fieldSet                               // the text fields, by ui.Paste* name
	// chainFile and rootsFile are a chosen or dropped file's bytes, which
	// stand for their text field until it is typed in.
	chainFile, rootsFile []byte
	// asked counts the inspections asked for; an answer to an older one is
	// not drawn. running is set while the newest waits for its answer.
	asked   int
	running bool
	// keys remembers the text of each field a private key was taken out of:
	// the box says so while a field holds it.
	keys ui.KeyMemo
	// ended counts inspections ended, whichever way (data-ended): answered,
	// refused, or left (leave).
	ended int
}

// Paste states, the box's data-state.
const (
	chainIdle    = "idle"
	chainRunning = "running"
	chainDone    = "done"
	chainFailed  = "error"
)

// mountChain binds the box of index.html.
func (a *App) mountChain() {
	p := &chainBox{root: byID("chain"), form: byID("chain-form"), goBtn: byID("chain-go"), status: byID("chain-status"),
		key: byID("chain-key"), result: byID("chain-result"),
		fieldSet: newFieldSet("chain-", ui.ChainCerts, ui.ChainRoots, ui.ChainName, ui.ChainTime), keys: ui.KeyMemo{}}
	a.chain = p
	a.listen(p.form, "submit", func(ev dom.Event) {
		ev.PreventDefault()
		a.post(func() {
			if p.running {
				return // Inspect is off while it runs
			}
			a.linkNote = ""
			a.startInspect()
		})
	})
	// A key is taken out of the box as soon as it is there; typing in a
	// field clears what was wrong with it, and text stands for a file again.
	a.listen(p.form, "input", func(ev dom.Event) {
		id := attrOf(target(ev), "id")
		a.post(func() {
			switch id {
			case "chain-certs":
				p.chainFile = nil
				setText(byID("chain-certs-file-name"), "")
				p.stripKeys(ui.ChainCerts)
			case "chain-roots":
				p.rootsFile = nil
				setText(byID("chain-roots-file-name"), "")
				p.stripKeys(ui.ChainRoots)
			}
			p.mark(strings.TrimPrefix(id, "chain-"), "")
		})
	})
	a.listen(p.form, "change", func(ev dom.Event) {
		t := target(ev)
		switch attrOf(t, "id") {
		case "chain-certs-file", "chain-roots-file":
			field := map[string]string{"chain-certs-file": ui.ChainCerts, "chain-roots-file": ui.ChainRoots}[attrOf(t, "id")]
			if files := t.Get("files"); files.Length() > 0 {
				go a.readFile(field, files.Index(0))
			}
		}
		if attrOf(t, "name") == "chain-trust" {
			a.post(func() { setHidden(byID("chain-roots-field"), p.trust() != ui.TrustBundle) })
		}
	})
	for _, f := range []string{ui.ChainCerts, ui.ChainRoots} {
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
	a.listen(byID("chain-play"), "click", func(dom.Event) { a.post(a.playTwin) })
	setAttr(p.root, "data-state", chainIdle)
}

// readFile reads a chosen or dropped file, on its own goroutine. Text goes
// into its field, where it can be read and edited (a key in it is taken out
// at once); other bytes (DER) are kept beside it.
func (a *App) readFile(field string, file js.Value) {
	name := file.Get("name").String()
	if problem := ui.FileProblem(name, file.Get("size").Int()); problem != "" {
		a.post(func() { a.chain.mark(field, problem) })
		return
	}
	buf, err := await(file.Call("arrayBuffer"))
	if err != nil {
		a.post(func() { a.chain.mark(field, "the file "+name+" could not be read") })
		return
	}
	arr := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, arr.Length())
	js.CopyBytesToGo(b, arr)
	a.post(func() {
		p := a.chain
		p.mark(field, "")
		text, bin, label := ui.Dropped(name, b)
		p.fields[field].Set("value", text)
		p.setFile(field, bin)
		setText(byID("chain-"+field+"-file-name"), label)
		p.stripKeys(field)
	})
}

func (p *chainBox) setFile(field string, b []byte) {
	if field == ui.ChainRoots {
		p.rootsFile = b
	} else {
		p.chainFile = b
	}
}

// stripKeys takes a private key out of a text field, and says so.
func (p *chainBox) stripKeys(field string) {
	box := p.fields[field]
	text, found := p.keys.Take(field, box.Get("value").String())
	if !found {
		return
	}
	box.Set("value", text)
	p.showKey(true)
}

// keyHeld reports whether a field holds the text a key was taken out of.
func (p *chainBox) keyHeld() bool {
	return p.keys.Holds(ui.ChainCerts, p.value(ui.ChainCerts)) || p.keys.Holds(ui.ChainRoots, p.value(ui.ChainRoots))
}

func (p *chainBox) showKey(on bool) {
	setText(p.key, (&ui.Inspection{KeyFound: true}).KeyWarning())
	setHidden(p.key, !on)
}

func (p *chainBox) trust() string {
	for _, r := range queryAll(p.form, `input[name="chain-trust"]`) {
		if r.Get("checked").Bool() {
			return attrOf(r, "value")
		}
	}
	return ui.TrustMozilla
}

func (p *chainBox) input() ui.ChainInput {
	return ui.ChainInput{Chain: p.value(ui.ChainCerts), ChainFile: p.chainFile, Trust: p.trust(),
		Roots: p.value(ui.ChainRoots), RootsFile: p.rootsFile, Name: p.value(ui.ChainName), Time: p.value(ui.ChainTime)}
}

// say sets the box's state and status line.
func (p *chainBox) say(state, msg string) {
	setAttr(p.root, "data-state", state)
	setText(p.status, msg)
	p.running = state == chainRunning
	// Off while it runs, yet focusable: a disabled button dropped the focus
	// of the person who pressed it to the page.
	setAttr(p.goBtn, "aria-disabled", tree.Off(p.running))
	if !p.running {
		p.ended++
		setAttr(p.root, "data-ended", strconv.Itoa(p.ended))
	}
}

// startInspect checks the fields and asks the engine.
func (a *App) startInspect() {
	p := a.chain
	p.stripKeys(ui.ChainCerts)
	p.stripKeys(ui.ChainRoots)
	// The warning is of the text inspected, not of a paste replaced since.
	p.showKey(p.keyHeld())
	req, problems := p.input().Check()
	if !p.showProblems(problems) {
		a.chainFailed("Nothing was inspected: " + describeProblems(problems))
		return
	}
	arg, err := tjson.Marshal(req)
	if err != nil {
		a.chainFailed(err.Error())
		return
	}
	a.leaveProbe()
	p.asked++
	asked := p.asked
	p.say(chainRunning, "Verifying the chain with Go's x509…")
	a.engine.call("inspect", string(arg), func(_ int, r reply) {
		a.post(func() { a.inspected(asked, r) })
	})
}

// leave drops the inspection the box waits for, if any: the person left the
// chain (for a story, an edit of the one in the editor, or a probe), and its
// answer, should it come, is not drawn over what they moved to. The box is
// at rest again, with what was pasted in it.
func (p *chainBox) leave() {
	if p.running {
		p.asked++
		p.say(chainIdle, "")
	}
}

// chainFailed says why nothing was inspected.
func (a *App) chainFailed(why string) {
	a.chain.say(chainFailed, ui.ChainFailed(why, a.chainShown != nil))
}

// inspected draws the engine's answer.
func (a *App) inspected(asked int, r reply) {
	p := a.chain
	if asked != p.asked {
		return
	}
	if r.err != nil {
		a.chainFailed(r.err.Error())
		return
	}
	rep, ins, err := ui.ReadInspection(r.text)
	if err != nil {
		a.chainFailed("The engine's answer could not be read: " + err.Error())
		return
	}
	a.showInspection(rep, ins)
	a.recordChain()
	status := "Inspected. " + a.verdict.Status + ": the verdict, the checks and the certificates are below."
	p.say(chainDone, status)
}

// showInspection draws an inspected chain as a story is drawn, and what the
// box says beside it.
func (a *App) showInspection(rep *explain.Report, ins *ui.Inspection) {
	p := a.chain
	a.chainShown, a.probeShown = ins, nil
	a.probesShown++
	a.notify(a.linkNote)
	a.linkNote = ""
	// The inspector opens on the certificates.
	selected := -1
	for i, st := range rep.Trace.Steps {
		if st.IsMessage(wire.TypeCertificate) {
			selected = i
		}
	}
	a.show(rep, selected, true)
	p.showKey(p.keyHeld() || ins.KeyFound)
	var notes []js.Value
	for _, n := range ins.Notes {
		if !strings.Contains(n, "private key") { // said above, on its own
			notes = append(notes, el("li", n))
		}
	}
	replace(byID("chain-notes"), notes)
	setText(byID("chain-twin"), ins.TwinWords())
	setHidden(byID("chain-play"), ins.Twin == nil)
	setText(byID("chain-share"), ins.ShareWords())
	setHidden(p.result, false)
}

// playTwin opens the chain's twin in the editor, which plays it for real.
func (a *App) playTwin() {
	ins := a.chainShown
	if ins == nil {
		return
	}
	s, err := ins.TwinScenario()
	if err != nil || s == nil {
		a.notify("The twin could not be opened: " + errText(err))
		return
	}
	a.chainShown = nil
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
	p := a.chain
	p.root.Set("open", true)
	p.fields[ui.ChainCerts].Set("value", c.Chain)
	p.fields[ui.ChainName].Set("value", c.Name)
	p.fields[ui.ChainTime].Set("value", c.Time)
	p.fields[ui.ChainRoots].Set("value", c.Roots)
	p.chainFile, p.rootsFile = nil, nil
	p.keys = ui.KeyMemo{}
	trust := ui.TrustMozilla
	if c.Roots != "" {
		trust = ui.TrustBundle
	}
	for _, r := range queryAll(p.form, `input[name="chain-trust"]`) {
		r.Set("checked", attrOf(r, "value") == trust)
	}
	setHidden(byID("chain-roots-field"), trust != ui.TrustBundle)
	a.startInspect()
}

// unlinkedMark is the history state of an entry where a pasted chain too
// large for a link was shown: its address names what was there before.
const unlinkedMark = "tlsplay-unlinked-chain"

// recordChain puts the inspected chain on screen in the address bar: its
// link, in an entry of its own (ui.ChainHistory), so that a reload inspects
// it again and Back returns to what was before. A chain too large for a link
// leaves the address as it is, in an entry of its own marked so that Back,
// Forward or a reload coming back to it say the chain is not there.
func (a *App) recordChain() {
	ins := a.chainShown
	if ins == nil {
		return
	}
	history := js.Global().Get("history")
	if ins.Link == "" {
		if !unlinkedEntry() {
			history.Call("pushState", unlinkedMark, "")
		}
		return
	}
	hash, _, _ := locationHash() // "" when too long: no chain's link
	frag, step := ui.ChainHistory(hash, ins.Link, a.client)
	if step == ui.HistoryKeep && unlinkedEntry() {
		// The entry where a chain too large for a link was shown, whose
		// address is this chain's link: it is this chain's entry now.
		step = ui.HistoryReplace
	}
	switch step {
	case ui.HistoryReplace:
		history.Call("replaceState", nil, "", frag)
	case ui.HistoryPush:
		history.Call("pushState", nil, "", frag)
	}
}

// unlinkedEntry reports whether the history's entry is one where a chain too
// large for a link was shown.
func unlinkedEntry() bool {
	s := js.Global().Get("history").Get("state")
	return s.Type() == js.TypeString && s.String() == unlinkedMark
}
