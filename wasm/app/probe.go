//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
)

// The "Probe a real host" panel. It exists only when the site's config.json
// names a worker (wasm/worker); the page then sends what is typed there, on a
// click, to that worker, and shows the real handshake it answers with as it
// shows a story's. What the panel says is decided in ui (ParseConfig,
// ProbeInput.Check, ReadProbeAnswer); this file fetches and draws.

// probeWait bounds a probe from the page's side: the worker bounds each of its
// connections (20 s at most) and may connect twice.
const probeWait = 60 * time.Second

// prober is the mounted panel.
type prober struct {
	worker                 string // the worker's origin
	root, goBtn, cancelBtn js.Value
	msg, elapsed           js.Value
	fieldSet                         // the inputs, by ui.Probe* field name
	run                    *probeRun // the probe in flight, nil for none
	ended                  int       // how many probes ended, whichever way: data-ended
}

// probeRun is one probe in flight.
type probeRun struct {
	target  ui.ProbeTarget
	abort   js.Value // its fetch's AbortController
	started time.Time
}

// Probe states, the panel's data-state (styles and tests read it; tests wait
// for its data-ended to count one more).
const (
	probeIdle      = "idle"
	probeRunning   = "running"
	probeDone      = "done"
	probeFailed    = "error"
	probeCancelled = "cancelled"
)

// loadConfig reads the site's own config.json, on its own goroutine. Only a
// valid one naming a worker mounts the panel; no file (a 404) is the usual
// case and says nothing. A file that is there but wrong is the deployer's to
// fix, so it is said on the console, not to the person reading the page. The
// outcome lands in <html data-probe>: "on", "none" or "invalid".
func (a *App) loadConfig() {
	state, warning, worker := "none", "", ""
	defer func() {
		a.post(func() {
			if warning != "" {
				js.Global().Get("console").Call("warn", "tlsplay: "+warning)
			}
			if worker != "" {
				a.mountProbe(worker)
			}
			setAttr(jsDoc.Get("documentElement"), "data-probe", state)
		})
	}()
	resp, err := await(js.Global().Call("fetch", "config.json", map[string]any{"credentials": "same-origin", "redirect": "error"}))
	if err != nil || resp.Get("status").Int() == 404 {
		return // offline, or a page without the file: no panel
	}
	if !resp.Get("ok").Bool() {
		warning = "config.json: HTTP " + strconv.Itoa(resp.Get("status").Int()) + "; no probe panel"
		return
	}
	body, tooBig, err := readBody(resp, ui.MaxConfig)
	switch {
	case err != nil:
		warning = "config.json: " + err.Error()
		return
	case tooBig:
		state, warning = "invalid", "config.json is larger than "+strconv.Itoa(ui.MaxConfig)+" bytes; no probe panel"
		return
	}
	cfg, err := ui.ParseConfig(body)
	switch {
	case err != nil:
		state, warning = "invalid", err.Error()+"; no probe panel"
	case cfg.ProbeURL != "":
		state, worker = "on", cfg.ProbeURL
	}
}

// mountProbe shows the panel of index.html and binds it.
func (a *App) mountProbe(worker string) {
	p := &prober{worker: worker, root: byID("probe"), goBtn: byID("probe-go"), cancelBtn: byID("probe-cancel"),
		msg: byID("probe-msg"), elapsed: byID("probe-elapsed"), fieldSet: newFieldSet("probe-", ui.ProbeHost, ui.ProbePort, ui.ProbeSNI)}
	a.probe = p
	setText(byID("probe-worker"), worker)
	setAttr(p.root, "data-state", probeIdle)
	setHidden(p.root, false)

	a.listen(byID("probe-form"), "submit", func(ev dom.Event) {
		ev.PreventDefault()
		in := ui.ProbeInput{Host: p.value(ui.ProbeHost), Port: p.value(ui.ProbePort), SNI: p.value(ui.ProbeSNI)}
		a.post(func() { a.startProbe(in) })
	})
	a.listen(p.cancelBtn, "click", func(dom.Event) {
		a.post(func() {
			if p.run != nil {
				a.stopProbe(p.run, probeCancelled, "Probe cancelled.")
			}
		})
	})
	// Typing in a field clears what was wrong with it.
	a.listen(byID("probe-form"), "input", func(ev dom.Event) {
		field := strings.TrimPrefix(attrOf(target(ev), "id"), "probe-")
		a.post(func() { p.mark(field, "") })
	})
}

// say sets the panel's state and its status line.
func (p *prober) say(state, msg string) {
	setAttr(p.root, "data-state", state)
	setText(p.msg, msg)
	setText(p.elapsed, "")
	running := state == probeRunning
	if !running {
		p.ended++
		setAttr(p.root, "data-ended", strconv.Itoa(p.ended))
	}
	p.goBtn.Set("disabled", running)
	setHidden(p.cancelBtn, !running)
	// Keep the focus on a button that is there: Probe is disabled while it
	// runs, Cancel hidden when it is not.
	switch active := jsDoc.Get("activeElement"); {
	case running && active.Equal(p.goBtn):
		p.cancelBtn.Call("focus")
	case !running && active.Equal(p.cancelBtn):
		p.goBtn.Call("focus")
	}
}

// startProbe checks the fields and asks the worker, unless a probe runs.
func (a *App) startProbe(in ui.ProbeInput) {
	p := a.probe
	if p.run != nil {
		return
	}
	t, problems := in.Check()
	if !p.showProblems(problems) {
		p.say(probeFailed, "Nothing was sent: "+describeProblems(problems))
		return
	}
	a.chain.leave()
	run := &probeRun{target: t, abort: js.Global().Get("AbortController").New(), started: time.Now()}
	p.run = run
	p.say(probeRunning, "Probing "+t.Addr()+" through "+p.worker+"…")
	a.tickProbe(run)
	u := t.URL(p.worker)
	go func() {
		tr, err := fetchProbe(u, run.abort.Get("signal"))
		a.post(func() { a.probed(run, tr, err) })
	}()
	time.AfterFunc(probeWait, func() {
		a.post(func() {
			a.stopProbe(run, probeFailed, "The worker did not answer within "+strconv.Itoa(int(probeWait.Seconds()))+" s; the probe was stopped.")
		})
	})
}

func describeProblems(ps []scenario.Problem) string {
	msgs := make([]string, len(ps))
	for i, pr := range ps {
		msgs[i] = pr.Message
	}
	return strings.Join(msgs, "; ") + "."
}

// tickProbe shows how long the probe has been running, every second.
func (a *App) tickProbe(run *probeRun) {
	if a.probe.run != run {
		return
	}
	if s := int(time.Since(run.started).Seconds()); s > 0 {
		setText(a.probe.elapsed, strconv.Itoa(s)+" s")
	}
	time.AfterFunc(time.Second, func() { a.post(func() { a.tickProbe(run) }) })
}

// stopProbe aborts run, if it is still the one in flight, and says why.
func (a *App) stopProbe(run *probeRun, state, msg string) {
	if a.probe.run != run {
		return
	}
	a.probe.run = nil
	run.abort.Call("abort")
	a.probe.say(state, msg)
}

// leaveProbe drops the probe in flight, if any, as the chain box's leave
// drops an inspection: the person left it (for a story, an edit, a pasted
// chain), and its answer is not drawn over what they moved to. The panel is
// at rest again.
func (a *App) leaveProbe() {
	if a.probe != nil && a.probe.run != nil {
		a.stopProbe(a.probe.run, probeIdle, "")
	}
}

// probed draws what the worker answered; the last good handshake stays on
// screen when there is no trace to draw.
func (a *App) probed(run *probeRun, rep *explain.Report, err error) {
	p := a.probe
	if p.run != run {
		return // stopped meanwhile
	}
	p.run = nil
	switch {
	case errors.Is(err, errUnreachable):
		p.say(probeFailed, ui.Unreachable(p.worker, js.Global().Get("location").Get("origin").String()))
	case err != nil:
		p.say(probeFailed, "The probe of "+run.target.Addr()+" failed: "+err.Error()+".")
	default:
		a.probeShown = &run.target
		a.probesShown++
		a.show(rep, -1, true)
		p.say(probeDone, "Probed "+run.target.Addr()+": "+a.verdict.Status+". The handshake is below.")
	}
}

// errUnreachable is a fetch that got no answer the page may read.
var errUnreachable = errors.New("the worker could not be reached")

// fetchProbe asks the worker and reads its answer. No cookies go with it, and
// a redirect is a failure: the worker answers where it is.
func fetchProbe(url string, signal js.Value) (*explain.Report, error) {
	resp, err := await(js.Global().Call("fetch", url, map[string]any{
		"signal": signal, "credentials": "omit", "cache": "no-store", "redirect": "error"}))
	if err != nil {
		return nil, errUnreachable
	}
	body, tooBig, err := readBody(resp, ui.MaxProbeAnswer)
	if err != nil {
		return nil, errors.New("its answer broke off: " + err.Error())
	}
	return ui.ReadProbeAnswer(resp.Get("status").Int(), body, tooBig)
}

// readBody reads a fetch Response's body, at most limit bytes: tooBig says
// there was more, of which no more than one chunk was read.
func readBody(resp js.Value, limit int) (body []byte, tooBig bool, err error) {
	stream := resp.Get("body")
	if stream.IsNull() {
		return nil, false, nil
	}
	if n, err := strconv.Atoi(resp.Get("headers").Call("get", "Content-Length").String()); err == nil && n > limit {
		stream.Call("cancel")
		return nil, true, nil
	}
	reader := stream.Call("getReader")
	for {
		r, err := await(reader.Call("read"))
		if err != nil {
			return nil, false, err
		}
		if r.Get("done").Bool() {
			return body, false, nil
		}
		chunk := r.Get("value")
		n := chunk.Length()
		if len(body)+n > limit {
			reader.Call("cancel")
			return nil, true, nil
		}
		body = append(body, make([]byte, n)...)
		js.CopyBytesToGo(body[len(body)-n:], chunk)
	}
}

// await waits for a promise, on a goroutine that may block (never a js.Func
// callback), and releases the two js.Funcs it adds.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{v: args[0]}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{err: jsError(args[0])}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	r := <-done
	return r.v, r.err
}

// jsError is a rejected promise's reason as an error.
func jsError(v js.Value) error {
	if v.Type() == js.TypeObject && v.Get("message").Type() == js.TypeString {
		return errors.New(v.Get("name").String() + ": " + v.Get("message").String())
	}
	return errors.New(v.String())
}
