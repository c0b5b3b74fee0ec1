//go:build js && wasm

package main

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/fifo"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
	"github.com/tlsplay/tlsplay/ui/tree"
)

// App is the page. Its state is owned by one goroutine, loop: event listeners
// only read what the event carries and post a function to it, so no js.Func
// callback ever blocks and no two handlers race.
type App struct {
	actions *fifo.Queue[func()]
	// dirty asks loop to re-run the handshake once the queued actions are done,
	// so a burst of keystrokes costs one handshake; commit asks it to record the
	// scenario in the history afterwards; editorDirty asks it to draw the
	// editor once the run is asked for (the engine starts on it meanwhile).
	dirty, commit, editorDirty bool
	// busy is whether the page says the engine is working: runBusy, for the
	// run in flight (setBusy), or a replay apart gone on long (showBusy).
	busy, runBusy bool
	// lastEdit is when a person last typed in the editor (typingPause).
	lastEdit time.Time

	engine *engine
	// inFlight is set while the engine plays a scenario; again asks for one
	// more run when it answers, since the scenario changed meanwhile (and the
	// engine is told the run in flight is superseded).
	inFlight, again bool
	flights         int // counts runs asked for, so a late timer knows its own
	flightID        int // the engine's id of the run in flight
	flightCost      int // what the run in flight makes on the spot (Scenario.KeyCost)
	// cancelled is set when the person cancels the run in flight; notRun
	// then says, until the next run, that the editor's scenario did not play.
	cancelled, notRun bool
	// flightJSON is the scenario (as sent) of the last run asked for that was
	// no replay, shownJSON that of the run drawn last (none when a probe or
	// a pasted chain is drawn over it).
	flightJSON, shownJSON string
	// drawingJSON is the scenario of the run asked for last while its
	// answer, come, is being drawn (its steps are read over a few tasks).
	drawingJSON string
	// replaying is set while the run in flight plays the scenario on screen
	// again, in a worker that replaced the one holding its files.
	replaying bool
	runWorker int // the engine worker that holds the run on screen (reply.worker), -1 once none does
	// replayCancelled is set once the person cancelled a replay, until
	// another handshake is drawn (keepFiles).
	replayCancelled bool
	// waitingFiles are downloads asked for while the run on screen is played
	// again, or while its handshake waits to be drawn (drawn.verdict.run).
	waitingFiles []fileAsked
	// apart are the downloads' replays apart in flight (replayApart), by the
	// engine's id of their run.
	apart map[int]*apartReplay

	ed    *ui.Editor
	trace *handshake.Trace // the last good run: it stays on screen while the editor is invalid
	// head is the trace whose verdict is on screen: an edit's verdict is
	// drawn from its answer's head (pending), a task before its steps.
	head         *handshake.Trace
	pending      *explain.Report
	pendingID    int
	pendingDrawn bool            // its verdict is on screen
	report       *explain.Report // its report, which the verdict reads through the lens
	// shown is the handshake on screen (trace) as it was drawn: its report,
	// whose verdict settle draws again when the one on screen is another
	// run's, and probeShown and chainShown then (a verdict drawn over it
	// from an edit's glance or head clears them, and settle puts them back
	// when it gives way).
	shown struct {
		report *explain.Report
		probe  *ui.ProbeTarget
		chain  *ui.Inspection
	}
	// glanced is the run whose verdict was drawn from its glance (ui.Glance)
	// before its head came, and the client it was drawn through; the head
	// then only sets head and report.
	glanced struct {
		id     int
		client string
	}
	// client is the person's client (explain.LensClients), whose verdict the
	// page gives: remembered in localStorage, carried in links.
	client string
	runID  int // the engine's id of that run, for its files
	// drawing is the flight (flights) whose handshake is to be drawn in a
	// later task, 0 for none.
	drawing int
	verdict ui.Verdict
	beats   []ui.Beat
	player  ui.Player
	tickGen int
	// selected is the trace step the inspector shows, -1 for none.
	selected int
	// drawn remembers what the panels show, to leave alone those an edit
	// does not change.
	drawn struct {
		inspector int // counts inspector renders; a deferred one is for the latest
		// inspectorParts are the trees of the inspector's parts as drawn
		// (its byte view's rows are in hex), nil when another content is.
		inspectorParts []*tree.Node
		// parts are the children each part (by id) was drawn with last.
		parts map[string][]*tree.Node
		// current is the story marked current in the list ("" for none).
		current *string
		// heading is the chapter, title and story drawn (renderScenario).
		heading [3]string
		// verdict is what the verdict on screen was drawn of: the engine's
		// id of its run (newer than runID while its handshake waits to be
		// drawn: an edit's steps are read once the person pauses, and its
		// files wait too), its scenario, and whether it offers to play that
		// with verify=False.
		verdict struct {
			run               int
			scenario          *scenario.Scenario
			offersVerifyFalse bool
		}
	}
	// animate makes the next run play from the first beat (a story was opened).
	animate bool
	reduced bool
	runs    int

	listeners []js.Func // kept for the life of the page

	// probe is the "Probe a real host" panel, nil unless config.json names a
	// worker; probeShown is the probe on screen, nil while a story is.
	probe      *prober
	probeShown *ui.ProbeTarget
	// chain is the "Paste a chain" box; chainShown the inspected chain on
	// screen, nil while a story or a probe is. A run asked before either was
	// drawn is not drawn over it (probesShown counts both).
	chain      *chainBox
	chainShown *ui.Inspection
	// linkNote is what the page says when the chain a link opened is
	// inspected ("" but on an entry of ui.UnlinkedChainNote).
	linkNote string
	// probesShown counts the probes and pasted chains drawn; editedOver is
	// its value when the person last asked for the editor's scenario (an
	// edit, a story opened), and runAsked when the run in flight was asked
	// for. A run is as old as the person's asking: one put off (behind a
	// replay) is not asked for once a probe or a chain was drawn since, and
	// a run asked before one was drawn is not drawn over it (overDrawn).
	probesShown, editedOver, runAsked int

	// paste is the "Paste an error" box.
	paste *paster

	// first is what the first paint drew (site/paint.js), until the first
	// answer is drawn over it; editorLater is set while the editor waits for
	// that answer.
	first       first
	editorLater bool

	verdictEl, stageEl, diagramEl, inspectorEl, formEl, editorStatusEl, noticeEl js.Value
	titleEl, storyEl, chapterEl, playEl, speedEl                                 js.Value
	beatEls                                                                      []js.Value
	beatTrees                                                                    []*tree.Node
	stage                                                                        stageView
	form                                                                         formView
	hex                                                                          hexView
}

func newApp(eng *engine) *App {
	a := &App{
		engine:         eng,
		apart:          map[int]*apartReplay{},
		actions:        fifo.New[func()](),
		selected:       -1,
		verdictEl:      byID("verdict"),
		stageEl:        byID("stage"),
		diagramEl:      byID("diagram"),
		inspectorEl:    byID("inspector"),
		formEl:         byID("editor"),
		editorStatusEl: byID("editor-status"),
		noticeEl:       byID("notice"),
		titleEl:        byID("title"),
		storyEl:        byID("story"),
		chapterEl:      byID("chapter"),
		playEl:         byID("play"),
		speedEl:        byID("speed"),
	}
	a.drawn.verdict.run = -1 // none yet: the link's story's run is 0 (engine.adopt)
	return a
}

// post queues f for the loop, after everything posted before it. It never
// blocks the caller, which may be a js.Func callback.
func (a *App) post(f func()) { a.actions.Push(f) }

func (a *App) loop() {
	for range a.actions.Ready() {
		for f, ok := a.actions.Pop(); ok; f, ok = a.actions.Pop() {
			a.safely(f)
		}
		if a.dirty {
			a.dirty = false
			a.safely(a.runEdited)
		}
		if a.editorDirty {
			a.editorDirty = false
			a.safely(a.renderEditor)
		}
		if a.commit {
			a.commit = false
			a.safely(a.pushHistory)
		}
	}
}

// safely runs f and turns a panic into a message on the page: the page keeps
// working, and nothing reaches JavaScript.
func (a *App) safely(f func()) {
	defer func() {
		if r := recover(); r != nil {
			js.Global().Get("console").Call("error", fmt.Sprintf("tlsplay: %v\n%s", r, debug.Stack()))
			a.notify(fmt.Sprintf("Something went wrong inside the page (%v). It keeps working; pick a story to start again.", r))
		}
	}()
	f()
}

// listen adds a listener on an element of the page; handle runs in the
// callback, so it must only read the event and post the work to the loop.
func (a *App) listen(e js.Value, typ string, handle func(dom.Event)) {
	a.listenOn(e, typ, handle)
}

// listenOn adds a listener on target. The event reaches handle as dom/v2's
// BasicEvent: dom/v2's own listeners wrap every event by probing its
// constructor against each event type, and that switch alone keeps every type
// of the library and all their methods in the WebAssembly (about 60 KB gzip).
func (a *App) listenOn(target js.Value, typ string, handle func(dom.Event)) {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer func() {
			if r := recover(); r != nil {
				js.Global().Get("console").Call("error", fmt.Sprintf("tlsplay: %v", r))
			}
		}()
		handle(&dom.BasicEvent{Value: args[0]})
		return nil
	})
	target.Call("addEventListener", typ, f, false)
	a.listeners = append(a.listeners, f)
}

// boot draws the static parts and opens the story the URL names.
func (a *App) boot() {
	var speeds []js.Value
	for _, v := range ui.Speeds {
		speeds = append(speeds, el("option", attr{"value", strconv.FormatFloat(v, 'f', -1, 64)}, ui.SpeedLabel(v)))
	}
	replace(a.speedEl, speeds)
	a.reduced = js.Global().Call("matchMedia", "(prefers-reduced-motion: reduce)").Get("matches").Bool()
	a.client = storedClient()
	a.first = takeFirst()
	if explain.IsLensClient(a.first.wanted) {
		// The lens painted, or picked while the page waited for this
		// program (a story picked meanwhile keeps it), unless the link now
		// names another.
		a.client = a.first.wanted
	}
	a.mountChain()
	// The story the URL names goes to the engine first (boot.js asked it
	// already); the page is drawn while it plays, the editor and the
	// inspector once it has answered.
	a.editorLater = true
	a.openHash(false)
	current := ""
	if p := ui.PresetOf(a.ed.S); p != nil {
		current = p.ID
	}
	if current != a.first.story || a.client != a.first.client {
		// The first paint drew another story or lens than the one opened.
		a.first = first{}
	}
	a.renderPresets(current) // replaces the "loading" line, unless painted
	a.renderClientPicker()
	a.bindEvents()
	a.bindPaste()
	go a.loadConfig()
	jsDoc.Get("documentElement").Call("setAttribute", "data-ready", "true")
}

// openHash opens what the location's fragment names.
func (a *App) openHash(fromHistory bool) {
	var r ui.Route
	if hash, n, ok := locationHash(); ok {
		r = ui.ParseRoute(hash)
	} else {
		r = ui.TooLongRoute(n - 1) // without the "#"
	}
	switch {
	case r.Err != nil:
		a.notify("This link could not be opened: " + ui.Describe(r.Err) + ". Showing the default story instead.")
	case r.ClientErr != nil && r.Client != "":
		a.notify("Part of this link was left out: " + ui.Describe(r.ClientErr) + ".")
	case r.ClientErr != nil:
		a.notify("This link's client could not be read: " + ui.Describe(r.ClientErr) + ". Showing the verdict as " + explain.ClientTitles[a.client] + " sees it.")
	case unlinkedEntry():
		a.notify(ui.UnlinkedChainNote)
	default:
		a.notify("")
	}
	// A chain's link clears the notice when inspected, but for this one.
	a.linkNote = ""
	if r.Chain != nil && r.Err == nil && unlinkedEntry() {
		a.linkNote = ui.UnlinkedChainNote
	}
	if r.Client != "" {
		a.setClient(r.Client)
	}
	a.open(r.Scenario, !fromHistory && r.Chain == nil)
	if r.Chain != nil {
		a.openChainLink(r.Chain)
	}
}

// open starts editing s and runs it.
func (a *App) open(s *scenario.Scenario, animate bool) {
	defer span("open")()
	a.moveOn()
	a.ed = ui.NewEditor(s)
	a.animate = animate
	a.selected = -1
	// The engine starts on it while the editor is drawn.
	a.run()
	a.form.refold = true // a new story folds its groups afresh
	if !a.editorLater {
		// In a task of its own: this one asked the engine already.
		a.later(func() {
			end := span("open editor")
			a.renderEditor()
			end()
		})
	}
}

// moveOn is the person asking for the editor's scenario (a story opened, an
// edit): what they asked for before and still waits for its answer, a pasted
// chain's inspection or a probe, is left (its answer is not drawn over what
// they move to), and a run of it asked for later is as old as this.
func (a *App) moveOn() {
	a.chain.leave()
	a.leaveProbe()
	a.editedOver = a.probesShown
}

// editorNow draws the editor that waited for the first answer, in a task of
// its own: the answer's is long enough.
func (a *App) editorNow() {
	if a.editorLater {
		a.editorLater = false
		a.later(a.renderEditor)
	}
}

// openPreset is a click on a story.
func (a *App) openPreset(id string) {
	p := scenario.Lookup(id)
	if p == nil {
		return
	}
	a.notify("")
	a.open(p.Scenario(), true)
	a.commit = true
	// Once the browser has laid out the new editor, in a task of its own.
	a.later(a.verdictInView)
}

// whatIfVerifyFalse plays the scenario on screen with verify=False and an
// imposter answering: shown, not preached.
func (a *App) whatIfVerifyFalse() {
	// The verdict's own run, which may be newer than the handshake drawn.
	s := a.drawn.verdict
	if s.scenario == nil || !s.offersVerifyFalse {
		return
	}
	a.notify("")
	a.open(ui.VerifyFalseWhatIf(s.scenario, a.client), true)
	a.commit = true
	// The button goes with the verdict that offered it: the focus, which a
	// keyboard pressed it with, goes to the verdict, which says what
	// verify=False did, rather than to the page.
	if a.verdictEl.Call("contains", jsDoc.Get("activeElement")).Bool() {
		a.verdictEl.Call("focus", map[string]any{"preventScroll": true})
	}
}

// verdictInView scrolls the verdict into view when it is not (a story
// tapped at the bottom of a narrow screen changes a verdict far above).
func (a *App) verdictInView() {
	r := a.verdictEl.Call("getBoundingClientRect")
	h := js.Global().Get("innerHeight").Float()
	if top := r.Get("top").Float(); top < 0 || top > h*0.6 {
		a.verdictEl.Call("scrollIntoView", map[string]any{"block": "start"})
	}
}

// edit applies one change from the editor. What the page said before (a
// link that could not be opened, say) is about the scenario as it was.
func (a *App) edit(e ui.Edit, commit bool) {
	defer span("edit")()
	if !commit {
		a.lastEdit = time.Now() // typing (see typingPause)
	}
	a.moveOn()
	a.notify("")
	if e.Op == ui.Set {
		a.typed(e.Path, e.Value)
	}
	if err := a.ed.Apply(e); err != nil {
		a.notify("The editor could not apply that change: " + err.Error())
		return
	}
	if commit && e.Op == ui.Set {
		a.form.committed = e.Path
		a.notify(ui.ReadAsNote(e.Path, e.Value))
	}
	a.form.focus = cmp.Or(a.ed.FocusAfter(e), a.form.focus)
	// Drawn once the run is asked for: the engine is on the critical path,
	// the editor's inputs already show what was typed.
	a.editorDirty = true
	if a.ed.Valid() {
		a.dirty = true
		a.commit = a.commit || commit
	} else {
		a.renderStale()
	}
}

// runEdited runs the editor's scenario after edits, unless it is the one the
// last run asked for already plays: a field left after typing commits the
// value its keystrokes ran, and running it again would only draw the same
// verdict twice (the first one a moment stale to someone reading it).
func (a *App) runEdited() {
	if !a.ed.Valid() {
		a.renderStale()
		a.settle()
		return
	}
	scenarioJSON, ok := a.encode(a.ed.S)
	if !ok {
		return
	}
	if !a.cancelled && !a.notRun && !a.foreign() && !a.overDrawn() {
		played := cmp.Or(a.drawingJSON, a.shownJSON)
		if a.inFlight {
			played = ""
			if !a.replaying {
				played = a.flightJSON
			}
		}
		if played != "" && scenarioJSON == played {
			if !a.inFlight {
				setHidden(byID("stale"), true) // the editor is back to what is on screen
				// Nothing more is asked: what a replay dropped for this edit
				// was to bring (the files of the handshake on screen) is asked
				// again, and downloads that waited settle.
				a.keepFiles()
				a.settle()
			}
			return
		}
	}
	a.runJSON(scenarioJSON)
}

// run asks the engine to play the edited scenario.
func (a *App) run() {
	if !a.ed.Valid() {
		a.renderStale()
		return
	}
	if scenarioJSON, ok := a.encode(a.ed.S); ok {
		a.runJSON(scenarioJSON)
	}
}

// runJSON asks the engine to play the editor's scenario, written as JSON. A
// newer run supersedes the one in flight: the engine drops the older at its
// next checkpoint (see serveWorker), and the page draws only the newest's
// answer. One that makes keys on the spot may sit in one key for seconds:
// the engine is told it is superseded, and its worker is replaced if it does
// not give way soon. Only a quiet replay of the run on screen is waited for.
func (a *App) runJSON(scenarioJSON string) {
	if a.editedOver != a.probesShown {
		// Put off since the person asked for it, and a probe or a pasted
		// chain drawn meanwhile: that stays on screen, and the run would
		// never be drawn.
		a.settle()
		return
	}
	if a.inFlight && a.replaying {
		a.again = true
		a.busySoon() // the person waits for the replay now
		return
	}
	if a.inFlight && !a.cancelled && a.flightCost > 0 {
		a.engine.supersede(a.flightID)
	}
	a.cancelled, a.notRun = false, false
	a.send(a.ed.S, scenarioJSON, false)
}

// encode writes a scenario as the engine reads it; ok is false (and the
// page says why) when it cannot be.
func (a *App) encode(s *scenario.Scenario) (scenarioJSON string, ok bool) {
	b, err := tjson.Marshal(s)
	if err != nil {
		a.notify("This scenario cannot be played: " + err.Error())
		return "", false
	}
	return string(b), true
}

// send asks the engine to play a scenario (written as JSON): the editor's,
// or again the one on screen (replay).
func (a *App) send(s *scenario.Scenario, scenarioJSON string, replay bool) {
	defer span("send")()
	if !replay {
		a.flightJSON = scenarioJSON
	}
	a.drawingJSON = ""
	a.inFlight, a.replaying, a.runAsked, a.flightCost = true, replay, a.probesShown, s.KeyCost()
	a.flights++
	done := func(id int, r reply) {
		a.post(func() { a.ran(id, r) })
	}
	head := func(id int, r reply) {
		a.post(func() { a.ranHead(id, r) })
	}
	// The link's story, which boot.js asked for already, is that run's.
	var adopted bool
	if !replay && a.engine.adoptable() {
		if p := ui.PresetOf(s); p != nil {
			a.flightID, adopted = a.engine.adopt(p.ID, done)
		}
	}
	if !adopted {
		a.flightID = a.engine.edit(scenarioJSON, a.client, head, done)
	}
	if !replay || len(a.waitingFiles) > 0 {
		// A replay goes quietly (the screen already shows its verdict)
		// unless a download waits for it.
		a.busySoon()
	}
}

// busySoon makes the run in flight say so should it take long (RSA keys
// beyond the pool are generated, which takes seconds in a browser), rather
// than leave the last verdict on screen as if it were the answer, and offer
// to cancel it; unless its verdict is drawn already (from its glance or
// head), and only its steps are on their way. A replay of the handshake on
// screen says so only while the person waits for it (waitedFor).
func (a *App) busySoon() {
	flight := a.flights
	a.afterBusy(func() {
		if a.inFlight && a.flights == flight && !a.cancelled && !a.flightDrawn() && (!a.replaying || a.waitedFor()) {
			a.setBusy(true)
		}
	})
}

// afterBusy runs f on the page's loop once busyAfter has gone.
func (a *App) afterBusy(f func()) {
	time.AfterFunc(busyAfter, func() { a.post(f) })
}

// waitedFor reports whether the person waits for the replay in flight: a
// download does, or an edit put off behind it.
func (a *App) waitedFor() bool { return len(a.waitingFiles) > 0 || a.again }

// overDrawn reports whether a probe or a pasted chain was drawn since the run
// in flight (or answered last) was asked for: it stays on screen, and nothing
// of that run is drawn over it.
func (a *App) overDrawn() bool { return a.runAsked != a.probesShown }

// flightDrawn reports whether the verdict of the run in flight is on screen
// (from its glance or head): only its steps are on their way.
func (a *App) flightDrawn() bool { return a.inFlight && a.drawn.verdict.run == a.flightID }

// busyAfter is how long a run goes before the page says it is working.
const busyAfter = 400 * time.Millisecond

// setBusy says whether the run in flight keeps the engine working (showBusy).
func (a *App) setBusy(on bool) {
	a.runBusy = on
	a.showBusy()
}

// showBusy shows or hides that the engine is working, on the verdict too:
// the run in flight, or a replay apart a download waits for, has gone on long.
func (a *App) showBusy() {
	on := a.runBusy || a.apartLate()
	if on == a.busy {
		return // every answer says not busy: no DOM call for nothing
	}
	a.busy = on
	setHidden(byID("busy"), !on)
	// Without a worker the run is the page's own, and cannot be ended.
	setHidden(byID("cancel-run"), a.engine.local != nil)
	setAttr(a.verdictEl, "aria-busy", map[bool]string{true: "true"}[on])
}

// cancelRun is the Cancel button of the busy notice: the page stops waiting
// for the run, and the engine ends the worker busy with it. A replay's
// downloads are cancelled with it; an edit put off behind it runs then. So
// are the replays apart gone on long, and their downloads (cancelApart).
func (a *App) cancelRun() {
	a.cancelApart()
	if !a.inFlight || a.cancelled || a.flightDrawn() || !a.runBusy {
		a.showBusy()
		return // nothing to end (a click on its way as the verdict came)
	}
	a.cancelled = true
	a.setBusy(false)
	a.engine.cancel(a.flightID)
}

// ranHead draws the verdict of the run in flight from its answer's glance,
// or else from its head, which comes next; its steps follow in a moment (ran).
func (a *App) ranHead(id int, r reply) {
	if id != a.flightID || !a.inFlight {
		return
	}
	if r.glance != "" {
		a.glance(id, r.glance)
		return
	}
	defer span("head")()
	rep, err := ui.DecodeReport([]byte(r.head))
	if err != nil {
		return // ran says so
	}
	a.pending, a.pendingID, a.pendingDrawn = rep, id, false
	glanced := a.glanced.client != "" && a.glanced.id == id
	if glanced {
		// The verdict on screen is this run's: so is what it reads.
		a.head, a.report = rep.Trace, rep
		glanced = a.glanced.client == a.client
		a.glanced.id, a.glanced.client = 0, ""
	}
	if a.replaying || a.cancelled || a.again || a.overDrawn() {
		return // drawn, if at all, as ran decides
	}
	if !glanced {
		a.setBusy(false)
		a.probeShown, a.chainShown = nil, nil
		a.showVerdict(rep, id)
	}
	a.pendingDrawn = true
}

// glance draws the verdict of the run in flight from its answer's glance,
// when it is through the person's client: the verdict its head would give
// (ui.TestGlance), before the head is read.
func (a *App) glance(id int, text string) {
	if a.replaying || a.cancelled || a.again || a.overDrawn() {
		return
	}
	end := span("glance") // measured when drawn
	g, err := ui.DecodeGlance([]byte(text))
	if err != nil || g.Client != a.client {
		return // drawn from the head
	}
	defer end()
	a.setBusy(false)
	a.probeShown, a.chainShown = nil, nil
	a.drawVerdict(id, g.Verdict, g.Scenario, g.OffersVerifyFalse)
	a.glanced.id, a.glanced.client = id, g.Client
}

// ran draws what the engine answered.
func (a *App) ran(id int, r reply) {
	if id != a.flightID || !a.inFlight {
		return // an older run, superseded: never drawn
	}
	defer span("ran")()
	flight := a.flights
	a.inFlight = false
	a.setBusy(false)
	cancelled, replay := a.cancelled, a.replaying
	a.cancelled, a.replaying = false, false
	later := false // the steps are read, or the answer drawn, in later tasks, which end as this does
	defer func() {
		if !later {
			a.editorNow()
			a.keepFiles()
			a.settle()
		}
	}()
	if cancelled && replay && errors.Is(r.err, errCancelled) {
		// The person stopped a replay: the downloads that waited for it are
		// cancelled, the screen keeps what it shows, and it is not played
		// again for its files unless a download asks (keepFiles).
		a.replayCancelled, cancelled = true, false
		if len(a.waitingFiles) > 0 {
			a.waitingFiles = nil
			a.notify("The download was cancelled.")
		}
	}
	if replay && r.err == nil && (a.again || a.overDrawn()) {
		// The person moved on while it played: it is not drawn, but its
		// run holds the files the downloads waiting for it were asked of.
		a.filesOfReplay(id)
	}
	if a.again {
		// The scenario changed while this one ran: drawing it would only
		// flash a verdict about to be replaced.
		a.again = false
		a.dirty = true
		return
	}
	if cancelled && errors.Is(r.err, errCancelled) {
		// The editor keeps the scenario; the screen, the last run.
		a.notRun, a.animate = true, false
		a.renderStale()
		return
	}
	if a.overDrawn() {
		a.animate = false
		return
	}
	if errors.Is(r.err, errEngineDown) {
		a.notify(strings.ToUpper(r.err.Error()[:1]) + r.err.Error()[1:] + ". Reload the page to try again.")
		return
	}
	if replay && r.err != nil {
		// The screen keeps what it shows; only its files are gone.
		if len(a.waitingFiles) > 0 {
			a.waitingFiles = nil
			a.notify("The download could not be made: " + r.err.Error())
		}
		return
	}
	if r.err != nil {
		// Validate passed, so this is the engine refusing what it cannot craft.
		a.notify("This scenario cannot be played: " + r.err.Error())
		a.renderStale()
		return
	}
	if r.hasSteps() {
		// An edit's answer: its head came first, and may be drawn.
		rep := a.pending
		if a.pendingID != id || rep == nil {
			a.notify("The engine's answer could not be read: its first part is missing.")
			return
		}
		a.pending, later = nil, true
		a.drawing = flight
		a.editorNow()
		drawn := a.pendingDrawn
		if !replay {
			a.drawingJSON = a.flightJSON
		}
		read := func() {
			a.readSteps(rep, r, 0, flight, func() {
				if a.overtaken(flight) {
					return
				}
				a.drawRun(id, r, rep, drawn, replay)
				a.keepFiles()
			})
		}
		if drawn {
			// Its verdict on screen first: the steps come mostly while the
			// head is drawn, and reading them takes a few milliseconds.
			// While a person types, they wait for a pause: the next
			// keystroke's run supersedes them, and reading them, drawing
			// the handshake and then the inspector would only take the
			// processor from the engine playing it.
			if wait := a.typingPause(); wait > 0 {
				time.AfterFunc(wait, func() { a.post(func() { a.afterFrame(read) }) })
			} else {
				a.afterFrame(read)
			}
		} else {
			read()
		}
		return
	}
	endDecode := span("decode")
	rep, err := ui.DecodeReport([]byte(r.text))
	endDecode()
	if err != nil {
		a.notify("The engine's answer could not be read: " + err.Error())
		return
	}
	if replay {
		a.drawRun(id, r, rep, false, replay)
		return
	}
	// The verdict, then the rest, each in a task of its own after the
	// reading: what waits meanwhile runs in between, such as the engine's
	// answers to others (globalThis.tlsplay's), which the first answer's
	// reading and drawing, in code the browser runs for the first time,
	// would hold back a tenth of a second.
	later, a.drawingJSON, a.drawing = true, a.flightJSON, flight
	a.later(func() {
		if a.overtaken(flight) {
			return
		}
		a.showVerdict(rep, id)
		a.later(func() {
			if a.overtaken(flight) {
				return
			}
			a.drawRun(id, r, rep, true, replay)
			a.editorNow()
			a.keepFiles()
		})
	})
}

// stepsPerTask bounds the time the page reads an answer's steps for before
// it lets the browser draw and take input (a certificate of a thousand names
// takes a tenth of a second).
const stepsPerTask = 8 * time.Millisecond

// readSteps reads the steps of an edit's answer (its second part) into rep
// from the i-th on, a few milliseconds' worth per task; then done, unless a
// newer run was asked for meanwhile (flight).
func (a *App) readSteps(rep *explain.Report, steps reply, i, flight int, done func()) {
	if flight != a.flights {
		return
	}
	defer span("steps")()
	unread := func(why string) {
		a.notify("The engine's answer could not be read: " + why)
		a.notDrawn()
	}
	n := steps.stepCount()
	if n != len(rep.Trace.Steps) {
		unread("its parts disagree.")
		return
	}
	start := time.Now()
	for ; i < n; i++ {
		if i > 0 && time.Since(start) > stepsPerTask {
			a.later(func() { a.readSteps(rep, steps, i, flight, done) })
			return
		}
		if err := ui.DecodeStep(rep, i, []byte(steps.step(i))); err != nil {
			unread(err.Error())
			return
		}
	}
	// The handshake in a task of its own.
	a.later(func() {
		if flight == a.flights {
			done()
		}
	})
}

// drawRun draws an answer read whole, or whose verdict the head drew.
func (a *App) drawRun(id int, r reply, rep *explain.Report, verdictDrawn, replay bool) {
	if !replay {
		a.shownJSON = a.flightJSON
	}
	a.drawingJSON = ""
	if replay {
		// The downloads that waited for it are of the handshake it plays
		// again.
		for i, d := range a.waitingFiles {
			if d.run == a.runID {
				a.waitingFiles[i].run = id
			}
		}
	}
	a.runID, a.drawing, a.runWorker, a.probeShown, a.chainShown = id, 0, r.worker, nil, nil
	a.replayCancelled = false
	// The inspector keeps showing the same message across an edit.
	a.showAll(rep, ui.Reselect(a.trace, a.selected, rep.Trace), a.animate && !replay, verdictDrawn)
	// Downloads asked for meanwhile are of the handshake now shown.
	a.filesNow()
	if replay {
		a.staleUnlessShown() // its verdict drawn again, over an editor that may hold another
		return
	}
	a.animate = false
	if a.runs == 1 {
		// Navigation to the engine's first verdict on screen: for `make
		// bench`, and for boot.js, which registers the service worker then.
		js.Global().Get("performance").Call("mark", "tlsplay:first-verdict")
	}
}

// keepFiles plays the story on screen again when the worker that holds its
// files was replaced (its run was cancelled, or a newer one superseded it and
// failed), so that its downloads are of the handshake on screen. It runs
// quietly, once nothing else is asked of the engine nor waits to be drawn
// (a replay would drop that handshake, and it brings its own files). Not
// once the engine is down: each replay would fail at once, and ask again.
func (a *App) keepFiles() {
	if a.inFlight || a.dirty || a.toDraw() || a.trace == nil || a.foreign() || a.runWorker == a.engine.workerNow() || a.engine.isDown() {
		return
	}
	if a.replayCancelled && len(a.waitingFiles) == 0 {
		return // the person stopped its replay: not again unasked
	}
	if scenarioJSON, ok := a.encode(a.trace.Scenario); ok {
		a.send(a.trace.Scenario, scenarioJSON, true)
	}
}

// show draws a report, a story's or a probe's: the verdict, the handshake (from
// its first beat when animate) and step selected in the inspector (-1: none).
func (a *App) show(rep *explain.Report, selected int, animate bool) {
	a.showAll(rep, selected, animate, false)
}

// showVerdict draws the verdict of a report, the engine's run's of that id,
// and its heading: all an edit's answer's head holds (see ranHead), drawn
// before its handshake.
func (a *App) showVerdict(rep *explain.Report, run int) {
	defer span("verdict")()
	a.head = rep.Trace
	a.report = rep
	a.glanced.id, a.glanced.client = 0, "" // this verdict replaces a glance's
	a.drawVerdict(run, ui.VerdictFor(rep, a.client), rep.Trace.Scenario, ui.OffersVerifyFalse(rep.Trace))
}

// drawVerdict draws verdict v of the engine's run of that id, of scenario s,
// and its heading.
func (a *App) drawVerdict(run int, v ui.Verdict, s *scenario.Scenario, offersVerifyFalse bool) {
	sameVerdict := a.runs > 0 && reflect.DeepEqual(v, a.verdict)
	a.verdict = v
	a.drawn.verdict.run, a.drawn.verdict.scenario, a.drawn.verdict.offersVerifyFalse = run, s, offersVerifyFalse
	a.runs++
	a.renderScenario(s)
	a.renderVerdict(!sameVerdict, offersVerifyFalse)
}

// showAll draws a report whole, its verdict too unless drawn already.
//
// An edit mostly changes a few bytes: a panel whose content would come out the
// same is left as it is, and the inspector, below the verdict and the
// diagram, is drawn a moment later so the verdict shows first.
func (a *App) showAll(rep *explain.Report, selected int, animate, verdictDrawn bool) {
	if !verdictDrawn {
		a.showVerdict(rep, a.runID)
	}
	defer span("handshake")()
	tr := rep.Trace
	old, oldSelected := a.trace, a.selected
	a.trace, a.head, a.selected = tr, tr, selected
	a.report = rep
	a.shown.report, a.shown.probe, a.shown.chain = rep, a.probeShown, a.chainShown
	a.beats = ui.TimelineAbout(tr, a.aboutStep(tr))
	if a.first.parts != nil {
		// The first paint shows the whole handshake: it stays so.
		animate = false
	}
	a.player = ui.NewPlayer(len(a.beats), animate && !a.reduced, a.player.Speed)
	a.renderDiagram(func() {
		// Which run the diagram shows, as the verdict's data-run: tests wait
		// for both, as the diagram of an edit comes a moment after its verdict.
		setAttr(a.diagramEl, "data-run", strconv.Itoa(a.runs))
		if old == nil || selected != oldSelected || !ui.SameStep(old, tr, selected) {
			a.renderInspectorSoon()
		} else {
			a.markInspector()
		}
		a.schedule()
	})
	a.first = first{} // drawn over, or kept as it was
	// A probe is no story: it has no files to download and no link to share;
	// a pasted chain has no files either (its twin has), and a link of its
	// certificates alone.
	files, share := ui.ActionsOff(a.probeShown != nil, a.chainShown)
	for _, id := range []string{"dl-zip", "dl-pcap"} {
		allow(byID(id), files)
	}
	allow(byID("share"), share)
	setTextIfNew(byID("share"), map[bool]string{true: "Copy share link (certificates only)", false: "Copy share link"}[a.chainShown != nil])
}

// allow turns a button of the page's actions on (why is ""), or off with why
// as its title; the title it has when on is kept in its data-title.
func allow(button js.Value, why string) {
	button.Set("disabled", why != "")
	data := button.Get("dataset")
	if data.Get("title").IsUndefined() {
		data.Set("title", button.Get("title"))
	}
	if why == "" {
		why = data.Get("title").String()
	}
	button.Set("title", why)
}

// pushHistory records the scenario in the URL, one history entry per committed
// edit, so that back and forward walk through them and the link shares it.
func (a *App) pushHistory() {
	if frag, ok := a.entryOfScenario(); ok {
		// In a task of its own: the browser takes a while over a new entry, and
		// a story opened has drawn enough in this one.
		a.later(func() { enterHistory(frag) })
	}
}

// entryOfScenario is the history entry (the share link's fragment, with the
// person's client) of the scenario in the editor; ok is false when it is not
// valid or has no link, which the page says.
func (a *App) entryOfScenario() (frag string, ok bool) {
	if !a.ed.Valid() {
		return "", false
	}
	frag, err := ui.Fragment(a.ed.S)
	if err != nil {
		a.notify("The share link could not be made: " + err.Error())
		return "", false
	}
	return ui.WithClient(frag, a.client), true
}

// enterHistory makes frag the address bar's, a new entry unless it is there.
func enterHistory(frag string) {
	if hash, _, ok := locationHash(); ok && (hash == frag || frag == "#"+ui.DefaultPreset && hash == "") {
		if unlinkedEntry() { // the story is shown where a chain was
			js.Global().Get("history").Call("replaceState", nil, "")
		}
		return
	}
	js.Global().Get("history").Call("pushState", nil, "", frag)
}

// clientKey is where localStorage remembers the person's client.
const clientKey = "tlsplay.client"

// storedClient is the client the person chose last time, else the default.
func storedClient() string {
	defer func() { recover() }() // storage a browser refuses (a sandboxed frame) is no choice
	store := js.Global().Get("localStorage")
	if store.IsUndefined() || store.IsNull() {
		return explain.DefaultClient
	}
	if v := store.Call("getItem", clientKey); v.Type() == js.TypeString && explain.IsLensClient(v.String()) {
		return v.String()
	}
	return explain.DefaultClient
}

// setClient makes c the client whose verdict the page gives, and the picker
// show it.
func (a *App) setClient(c string) {
	if !explain.IsLensClient(c) {
		return
	}
	a.client = c
	byID("client").Set("value", c)
}

// chooseClient is the person picking their client: remembered, put in the
// link (in place: it is no edit of the scenario), and the verdict redrawn.
func (a *App) chooseClient(c string) {
	if !explain.IsLensClient(c) || c == a.client {
		return
	}
	a.setClient(c)
	func() {
		defer func() { recover() }()
		js.Global().Get("localStorage").Call("setItem", clientKey, c)
	}()
	// The link of what is on screen, with the client: a pasted chain's,
	// else the editor's scenario (a chain without a link leaves it alone).
	if frag, ok := a.chainFragment(); ok {
		js.Global().Get("history").Call("replaceState", nil, "", frag)
	} else if a.chainShown == nil && a.ed != nil && a.ed.Valid() {
		if frag, err := ui.Fragment(a.ed.S); err == nil {
			js.Global().Get("history").Call("replaceState", nil, "", ui.WithClient(frag, c))
		}
	}
	// A verdict drawn from a glance waits for its run's head, which draws
	// it again through the client now picked (ranHead), or else for settle:
	// the report at hand is the run's before.
	if a.report != nil && a.glanced.id == 0 {
		about := a.verdict.AboutStep
		a.verdict = ui.VerdictFor(a.report, c)
		a.renderVerdict(true, ui.OffersVerifyFalse(a.head))
		// The diagram and the inspector say what the verdict is about:
		// this client's.
		if a.verdict.AboutStep != about && a.trace == a.head {
			a.beats = ui.TimelineAbout(a.trace, a.aboutStep(a.trace))
			a.renderDiagram(a.renderStage)
			if a.selected >= 0 {
				a.renderInspector()
			}
		}
	}
}

// locationHash is the location's fragment, "#" included. One longer than a
// link can be (a script may set 20 MB) is not copied into the program, which
// would take seconds: ok is false, and n its length.
func locationHash() (hash string, n int, ok bool) {
	h := js.Global().Get("location").Get("hash")
	// A string's length, read through its wrapper object (Length wants one).
	if n = js.Global().Get("Object").New(h).Length(); n > ui.MaxHashLen {
		return "", n, false
	}
	return h.String(), n, true
}

// schedule arms the player's next tick; a newer schedule cancels it.
func (a *App) schedule() {
	a.tickGen++
	a.renderStage()
	if !a.player.Playing {
		return
	}
	gen := a.tickGen
	time.AfterFunc(a.player.Interval(), func() {
		a.post(func() {
			if gen == a.tickGen {
				a.player = a.player.Tick()
				a.schedule()
			}
		})
	})
}

// notify shows a message above the page, or hides it for "".
func (a *App) notify(msg string) {
	if msg == "" {
		setTextIfNew(a.noticeEl, msg) // every edit clears it, mostly clear already
	} else {
		setText(a.noticeEl, msg) // an alert: the same message again is news again
	}
	setHidden(a.noticeEl, msg == "")
}

func (a *App) bindEvents() {
	a.listen(byID("presets"), "click", func(ev dom.Event) {
		if _, id := closestData(target(ev), "preset"); id != "" {
			ev.PreventDefault()
			a.post(func() { a.openPreset(id) })
		}
	})
	// In-page jumps ([data-skip]: the skip links, "All stories") are
	// paint.js's, from the first paint on.
	a.listenOn(js.Global(), "popstate", func(dom.Event) { a.post(func() { a.openHash(true) }) })

	a.listen(a.formEl, "submit", func(ev dom.Event) { ev.PreventDefault() })
	a.listen(a.formEl, "input", func(ev dom.Event) {
		if e, ok := a.readEdit(target(ev)); ok && e.typing {
			a.post(func() { a.edit(e.Edit, false) })
		}
	})
	a.listen(a.formEl, "change", func(ev dom.Event) {
		if e, ok := a.readEdit(target(ev)); ok {
			a.post(func() { a.edit(e.Edit, true) })
		}
	})
	a.listen(a.formEl, "click", func(ev dom.Event) {
		b, op := closestData(target(ev), "op")
		if op == "" || attrOf(b, "aria-disabled") == "true" {
			return
		}
		e := ui.Edit{Op: ui.Op(op), Path: attrOf(b, "data-path")}
		a.post(func() { a.edit(e, true) })
	})

	selectStep := func(ev dom.Event) {
		if _, s := closestData(target(ev), "step"); s != "" {
			step, _ := strconv.Atoi(s)
			a.post(func() { a.selectStep(step) })
		}
	}
	a.listen(a.diagramEl, "click", selectStep)
	a.listen(a.verdictEl, "click", func(ev dom.Event) {
		if _, s := closestData(target(ev), "step"); s != "" {
			step, _ := strconv.Atoi(s)
			a.post(func() { a.showCheck(step) })
		}
	})
	a.listen(a.verdictEl, "click", func(ev dom.Event) {
		if _, w := closestData(target(ev), "whatif"); w == "verify-false" {
			a.post(a.whatIfVerifyFalse)
		}
	})
	hover := func(ev dom.Event) {
		lo, hi := hexRange(target(ev))
		_, leaf := closestData(target(ev), "leaf")
		fromBytes := leaf != "" && ev.Type() == "mouseover"
		a.post(func() {
			a.hex.highlight(lo, hi)
			if fromBytes {
				a.hex.reveal(lo)
			}
		})
	}
	// The field list is one tab stop; the arrow keys move within it.
	a.listen(a.inspectorEl, "keydown", func(ev dom.Event) {
		row, i := closestData(target(ev), "node")
		if i == "" {
			return
		}
		cur, _ := strconv.Atoi(i)
		e := ev.Underlying()
		if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
			return
		}
		next, ok := ui.FieldKeys(e.Get("key").String(), cur, row.Get("parentElement").Get("childElementCount").Int())
		if !ok {
			return
		}
		ev.PreventDefault()
		a.post(func() { a.hex.focus(next) })
	})
	a.listen(a.inspectorEl, "mouseover", hover)
	a.listen(a.inspectorEl, "focusin", hover)
	a.listen(a.inspectorEl, "mouseleave", func(dom.Event) { a.post(func() { a.hex.highlight(0, 0) }) })

	controls := map[string]func(ui.Player) ui.Player{
		"play": ui.Player.Toggle, "back": ui.Player.Back, "fwd": ui.Player.Forward, "restart": ui.Player.Restart,
	}
	for id, f := range controls {
		a.listen(byID(id), "click", func(dom.Event) {
			a.post(func() { a.playerDo(f, id == "back" || id == "fwd") })
		})
	}
	a.listen(a.stageEl, "keydown", func(ev dom.Event) {
		e := ev.Underlying()
		tag := e.Get("target").Get("tagName").String()
		if tag == "SELECT" || tag == "INPUT" || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
			return
		}
		f, ok := ui.PlayerKey(e.Get("key").String())
		if !ok || (tag == "BUTTON" && e.Get("key").String() == " ") {
			return // a button's own Space press clicks it
		}
		ev.PreventDefault()
		key := e.Get("key").String()
		a.post(func() { a.playerDo(f, key == "ArrowLeft" || key == "ArrowRight") })
	})
	a.listen(a.speedEl, "change", func(ev dom.Event) {
		v, err := strconv.ParseFloat(a.speedEl.Get("value").String(), 64)
		if err == nil && v > 0 {
			a.post(func() { a.player.Speed = v; a.schedule() })
		}
	})

	a.listen(byID("cancel-run"), "click", func(dom.Event) { a.post(a.cancelRun) })
	a.listen(byID("dl-zip"), "click", func(dom.Event) { a.post(a.downloadZip) })
	a.listen(byID("dl-pcap"), "click", func(dom.Event) { a.post(a.downloadPcap) })
	a.listen(byID("share"), "click", func(dom.Event) { a.post(a.share) })
	setText(byID("share-status"), "") // what site/paint.js said of a button pressed before this program ran
	picker := byID("client")
	a.listen(picker, "change", func(dom.Event) {
		c := picker.Get("value").String()
		a.post(func() { a.chooseClient(c) })
	})
}

// hexRange is the leaves an element of the byte view stands for: a byte run
// its own leaf, a field of the tree the leaves it covers; 0, 0 for anything else.
func hexRange(e js.Value) (lo, hi int) {
	if _, l := closestData(e, "leaf"); l != "" {
		n, _ := strconv.Atoi(l)
		return n, n + 1
	}
	if n, l := closestData(e, "lo"); l != "" {
		lo, _ = strconv.Atoi(l)
		hi, _ = strconv.Atoi(attrOf(n, "data-hi"))
	}
	return lo, hi
}

// editEvent is an edit read off an input, and whether it came from typing
// (applied on every keystroke) rather than a choice (applied on change).
type editEvent struct {
	ui.Edit
	typing bool
}

// readEdit reads the edit an input event means.
func (a *App) readEdit(v js.Value) (editEvent, bool) {
	if v.IsUndefined() || v.IsNull() || v.Get("getAttribute").IsUndefined() {
		return editEvent{}, false
	}
	path := attrOf(v, "data-path")
	if path == "" {
		return editEvent{}, false
	}
	kind := ui.Kind(attrOf(v, "data-kind"))
	e := editEvent{Edit: ui.Edit{Op: ui.Set, Path: path}}
	switch kind {
	case ui.Check:
		e.Value = strconv.FormatBool(v.Get("checked").Bool())
	case ui.Checks:
		var picked []string
		for _, box := range queryAll(v.Call("closest", "fieldset"), `input[type="checkbox"]:checked`) {
			picked = append(picked, attrOf(box, "value"))
		}
		e.Value = strings.Join(picked, ", ")
	default:
		e.Value = v.Get("value").String()
		e.typing = kind != ui.Select
	}
	return e, true
}

// showCheck is a link from the verdict to a check: the handshake is shown
// whole, the check selected, and scrolled into view with the focus on it.
func (a *App) showCheck(step int) {
	if a.trace == nil || step < 0 || step >= len(a.trace.Steps) {
		return
	}
	if k := ui.BeatOf(a.beats, step); k >= a.player.Shown {
		a.player = a.player.Pause()
		a.player.Shown = a.player.N
		a.schedule()
	}
	a.selectStep(step)
	for _, b := range queryAll(a.diagramEl, "[data-step]") {
		if attrOf(b, "data-step") != strconv.Itoa(step) {
			continue
		}
		// A passing check sits in a folded list: unfold it.
		if d := b.Call("closest", "details"); !d.IsNull() {
			d.Set("open", true)
		}
		b.Call("scrollIntoView", map[string]any{"block": "center"})
		b.Call("focus", map[string]any{"preventScroll": true})
		break
	}
}

// playerDo moves the player; a step back or forward moves the inspector to
// what the beat now on stage is about.
func (a *App) playerDo(f func(ui.Player) ui.Player, stepping bool) {
	a.player = f(a.player)
	if k := a.player.Current(); stepping && a.trace != nil && k >= 0 && k < len(a.beats) {
		if s := ui.Focus(a.trace, a.beats[k]); s != a.selected {
			a.selected = s
			a.renderInspector()
		}
	}
	a.schedule()
}

// selectStep shows a step in the inspector.
func (a *App) selectStep(step int) {
	if a.trace == nil || step < 0 || step >= len(a.trace.Steps) {
		return
	}
	a.selected = step
	a.renderInspector()
	a.renderStage()
}
