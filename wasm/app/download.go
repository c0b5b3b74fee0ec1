//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"syscall/js"
	"time"

	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/ui"
)

// downloadZip offers the export set of the run whose verdict is on screen as
// a zip, and downloadPcap its capture: both made by the engine from that very
// run, or else from its scenario played again.
func (a *App) downloadZip()  { a.ask("zip", ".zip", "application/zip") }
func (a *App) downloadPcap() { a.ask("pcap", ".pcapng", "application/vnd.tcpdump.pcap") }

// fileAsked is a download the person asked for: of the handshake whose
// verdict was on screen then, whatever the screen shows once it can be made.
type fileAsked struct {
	op, mime string
	name     string // the file's name, after that handshake's story
	// run is the engine's run of that handshake, scenarioJSON its scenario,
	// played again apart (downloadApart) should no worker hold the run once
	// the person moved on.
	run          int
	scenarioJSON string
	// replays counts the times it was played again apart.
	replays int
}

func (a *App) ask(op, ext, mime string) {
	s := a.drawn.verdict.scenario
	if a.trace == nil || a.foreign() || s == nil {
		return // a probe or a pasted chain has no files (its buttons are disabled)
	}
	scenarioJSON, ok := a.encode(s)
	if !ok {
		return
	}
	a.download(fileAsked{op: op, mime: mime, name: flow.FileStem(s.ID) + ext, run: a.drawn.verdict.run, scenarioJSON: scenarioJSON})
}

// download makes d's file, from the handshake on screen when d is of it.
func (a *App) download(d fileAsked) {
	if d.run != a.runID || a.foreign() {
		if d.run == a.drawn.verdict.run && !a.foreign() {
			// The verdict on screen is of a run whose handshake is still
			// to be drawn: its files come with it (drawRun).
			a.waitingFiles = append(a.waitingFiles, d)
			return
		}
		// The person moved on since (a story opened, an edit, a probe or
		// a pasted chain drawn): the file is still of what they asked.
		a.downloadApart(d)
		return
	}
	if a.runWorker != a.engine.workerNow() && !a.engine.isDown() {
		// The worker that played the handshake shown was replaced: the files
		// come once it is played again (keepFiles), unless the engine is
		// down (asked, they fail at once, and the page says so).
		a.waitingFiles = append(a.waitingFiles, d)
		if a.inFlight && a.replaying {
			a.busySoon() // the person waits for it now
		}
		a.keepFiles()
		return
	}
	worker := a.runWorker
	a.engine.call(d.op, strconv.Itoa(d.run), func(_ int, r reply) {
		a.post(func() {
			if r.worker != worker && !errors.Is(r.err, errEngineDown) {
				// The worker that held the files was replaced before it
				// answered (a run ahead of this was cancelled): asked again,
				// they come once the handshake on screen is played again.
				a.download(d)
				return
			}
			if runGone(r.err) {
				// The worker dropped the run: the page's edits since
				// (answered, never drawn) pushed it out. If it is still on
				// screen, no worker holds its files: they come once it is
				// played again.
				if a.runID == d.run {
					a.runWorker = -1
				}
				a.download(d)
				return
			}
			if r.err != nil {
				a.notify("The download could not be made: " + r.err.Error())
				return
			}
			offer(d.name, d.mime, r.data)
		})
	})
}

// runGone reports whether err says the worker keeps the run no longer.
func runGone(err error) bool { return err != nil && err.Error() == flow.ErrRunGone.Error() }

// downloadApart makes d's file once its handshake is no longer on screen (nor
// still to be drawn): from its run, should the worker hold it still, else
// from its scenario played again, never drawn. When even that fails, the
// page says the download was dropped: it makes no file of anything else.
func (a *App) downloadApart(d fileAsked) {
	a.engine.call(d.op, strconv.Itoa(d.run), func(_ int, r reply) {
		a.post(func() {
			switch {
			case r.err == nil:
				offer(d.name, d.mime, r.data)
			case (runGone(r.err) || errors.Is(r.err, errCancelled)) && d.replays < maxReplaysApart:
				a.replayApart(d)
			default:
				a.dropped(d, r.err)
			}
		})
	})
}

// replayApart plays d's scenario again, for its files alone: a run the page
// does not draw, whose files are then asked for (downloadApart). Gone on long
// (a story that makes keys), it says the page is working, and Cancel ends it
// and its download, as it does a replay of the handshake on screen.
func (a *App) replayApart(d fileAsked) {
	d.replays++
	id := a.engine.call("run", d.scenarioJSON, func(id int, r reply) {
		a.post(func() {
			rp := a.apart[id]
			delete(a.apart, id)
			a.showBusy()
			switch {
			case rp != nil && rp.cancelled:
				a.notify("The download of " + d.name + " was cancelled.")
			case r.err != nil:
				a.dropped(d, r.err)
			default:
				d.run = id
				a.downloadApart(d)
			}
		})
	})
	rp := &apartReplay{}
	a.apart[id] = rp
	a.afterBusy(func() {
		if a.apart[id] == rp {
			rp.late = true
			a.showBusy()
		}
	})
}

// apartReplay is a replay apart in flight: late once it has gone on long
// enough for the page to say it is working, cancelled by the person.
type apartReplay struct{ late, cancelled bool }

// apartLate reports whether a replay apart the person has not cancelled has
// gone on long.
func (a *App) apartLate() bool {
	for _, rp := range a.apart {
		if rp.late && !rp.cancelled {
			return true
		}
	}
	return false
}

// cancelApart ends the replays apart gone on long: their workers are
// replaced, and their downloads say they were cancelled.
func (a *App) cancelApart() {
	for id, rp := range a.apart {
		if rp.late && !rp.cancelled {
			rp.cancelled = true
			a.engine.cancel(id)
		}
	}
}

// dropped says d's file cannot be made, and why.
func (a *App) dropped(d fileAsked, err error) {
	msg := "The download of " + d.name + " was dropped: " + err.Error() + "."
	if errors.Is(err, errEngineDown) {
		msg += " Reload the page to try again."
	}
	a.notify(msg)
}

// maxReplaysApart bounds the times a download is played again apart: its
// run is pushed out of the worker only by runs answered between its answer
// and the request for its files.
const maxReplaysApart = 2

// settle is called once nothing more of the runs asked for may be drawn,
// unless a run is on its way (in flight, about to be asked for, or its
// handshake to be drawn in a later task): the screen then is the handshake
// drawn last. A verdict drawn ahead of it (an edit's glance or head, whose
// run was superseded, failed, or whose steps could not be read) gives way to
// that handshake's (shown; not the report the verdict read last), even while
// that handshake is played again for its files: the verdict on screen is
// that of the handshake under it, and the stale notice says when that is
// not the editor's scenario. Downloads that waited are of that handshake.
func (a *App) settle() {
	if a.inFlight && !a.replaying || a.dirty || a.toDraw() {
		return
	}
	if a.shown.report != nil && (a.glanced.id != 0 || a.drawn.verdict.run != a.runID) {
		// A probe or a pasted chain under it is on screen again, with its
		// heading, link and files (none).
		a.probeShown, a.chainShown = a.shown.probe, a.shown.chain
		a.showVerdict(a.shown.report, a.runID)
		if !a.foreign() {
			a.staleUnlessShown()
		}
	}
	if a.inFlight {
		return // its files come with the replay (drawRun)
	}
	a.drawn.verdict.run = a.runID
	a.filesNow()
}

// staleUnlessShown says the handshake on screen is the last one that ran
// when it is not of the editor's scenario (an edit whose run failed, whose
// answer could not be read, or that was cancelled).
func (a *App) staleUnlessShown() {
	if !a.ed.Valid() {
		return // renderStale said so
	}
	if s, err := tjson.Marshal(a.ed.S); err != nil || string(s) != a.shownJSON {
		a.renderStale()
	}
}

// foreign reports whether a probe or a pasted chain is on screen: no story,
// with no files to download.
func (a *App) foreign() bool { return a.probeShown != nil || a.chainShown != nil }

// toDraw reports whether the handshake of the run asked for last waits to be
// drawn in a later task.
func (a *App) toDraw() bool { return a.drawing != 0 && a.drawing == a.flights }

// notDrawn gives up the handshake that waited to be drawn (its answer could
// not be read, or a probe or a pasted chain was drawn since it was asked
// for): nothing waits to be drawn any longer, not even its scenario (an edit
// back to it plays it again), and the screen settles.
func (a *App) notDrawn() {
	a.drawing, a.drawingJSON = 0, ""
	a.settle()
}

// overtaken reports whether the run of flight is no longer to be drawn: a
// newer run was asked for, or a probe or a pasted chain was drawn since it
// was, which stays on screen (nothing more of the run is drawn then).
func (a *App) overtaken(flight int) bool {
	if flight != a.flights {
		return true
	}
	if a.overDrawn() {
		a.notDrawn()
		return true
	}
	return false
}

// filesNow makes the downloads that waited for the handshake on screen.
func (a *App) filesNow() {
	files := a.waitingFiles
	a.waitingFiles = nil
	for _, d := range files {
		a.download(d)
	}
}

// filesOfReplay makes the downloads that waited for the handshake on screen
// to be played again from that replay's run id, whose answer is not drawn
// (the person moved on while it played).
func (a *App) filesOfReplay(id int) {
	files := a.waitingFiles
	a.waitingFiles = nil
	for _, d := range files {
		if d.run == a.runID {
			d.run = id
		}
		a.downloadApart(d)
	}
}

// offer hands data to the browser as a download through a Blob URL: nothing
// leaves the page.
func offer(name, mime string, data []byte) {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	opts := js.Global().Get("Object").New()
	opts.Set("type", mime)
	blob := js.Global().Get("Blob").New([]any{arr}, opts)
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	link := el("a", attr{"href", url.String()}, attr{"download", name})
	link.Call("click")
	// The download has read the Blob by the time a minute has passed.
	time.AfterFunc(time.Minute, func() { js.Global().Get("URL").Call("revokeObjectURL", url) })
}

// share copies the link of the scenario on screen, or of the pasted chain's
// certificates, as the box said before.
func (a *App) share() {
	holds := "this scenario"
	if a.chainShown != nil {
		if _, ok := a.chainFragment(); !ok {
			return
		}
		a.recordChain() // there already, since it was inspected
		holds = "the pasted certificates, the host and the time, nothing else"
	} else if frag, ok := a.entryOfScenario(); ok {
		// Now, not in a later task: the link copied is the address bar's,
		// with the latest edit.
		enterHistory(frag)
	}
	href := js.Global().Get("location").Get("href").String()
	status := byID("share-status")
	clip := js.Global().Get("navigator").Get("clipboard")
	if clip.IsUndefined() {
		setText(status, "Copy the address bar: it holds "+holds+".")
		return
	}
	settle(clip.Call("writeText", href), func(ok bool) {
		msg := "Link copied: it holds " + holds + "."
		if !ok {
			msg = "Copy the address bar: it holds " + holds + "."
		}
		a.post(func() { setText(status, msg) })
	})
}

// chainFragment is the share link's fragment of the pasted chain on screen,
// with the person's client (as a story's link carries it); ok is false when
// no chain is on screen, or it has no link.
func (a *App) chainFragment() (frag string, ok bool) {
	if a.chainShown == nil || a.chainShown.Link == "" {
		return "", false
	}
	return ui.WithClient("#"+a.chainShown.Link, a.client), true
}

// settle calls done once p settles, with whether it fulfilled; it releases both
// of the js.Funcs it adds.
func settle(p js.Value, done func(ok bool)) {
	var onOK, onErr js.Func
	finish := func(ok bool) {
		onOK.Release()
		onErr.Release()
		done(ok)
	}
	onOK = js.FuncOf(func(js.Value, []js.Value) any { finish(true); return nil })
	onErr = js.FuncOf(func(js.Value, []js.Value) any { finish(false); return nil })
	p.Call("then", onOK, onErr)
}
