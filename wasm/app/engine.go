//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"syscall/js"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/internal/fifo"
	"github.com/tlsplay/tlsplay/ui"
)

// A handshake in WebAssembly takes about a tenth of a second (ECDSA; far more
// for RSA and for the very first one): on the page's thread every edit would
// freeze it. So the same program also runs in a Web Worker (site/worker.js)
// as the engine, and the page asks it for runs and files by message.
//
// Requests are {id, op, arg}, and an edit's {id, op, arg, client}; replies
// {id, text} or {id, data} or {id, err}. An edit's run (op "edit") is
// answered in three messages, {id, glance} (its verdict through the page's
// client, ui.Glance), {id, head} (see flow.Run.Head), then {id, steps}, or
// {id, superseded} when a newer edit replaced it before it was done. Every
// message is plain strings, numbers and arrays of strings (copied by the
// browser's structured clone).
// The ops are flow.Workshop's; this file only carries them.

// request and reply are the messages between the page and the engine.
type request struct {
	id      int
	op, arg string
	// client is the person's client, through whose lens an edit's glance
	// gives its verdict.
	client string
}

type reply struct {
	text string
	data []byte
	err  error
	// glance, head and steps are an edit's answer in parts: glance and
	// head in a reply of their own each, first (see engine.edit), then steps.
	glance, head string
	steps        []string
	// stepsMsg holds the steps as a worker's message brought them, an array
	// of strings, each copied into the program only when the page reads it
	// (readSteps): the message comes a moment after the verdict's, mostly
	// before the browser has drawn it, and while a person types its steps
	// are read only once they pause.
	stepsMsg js.Value
	// report, makeHead and rest make an edit's parts, in the engine.
	report   *explain.Report
	makeHead func() (string, error)
	rest     func() ([]string, error)
	// worker counts the workers the engine started before the one that
	// answered: a run's files are in that worker only.
	worker int
}

// engine is the page's side: it sends requests to the worker, or serves them
// itself when the browser gives it no worker.
//
// A Go program in WebAssembly cannot be interrupted: a worker making RSA keys
// beyond those kept ready (seconds each) hears nothing until it is done. So a
// request nobody waits for any longer, which is still running a while later,
// is not waited for either: the engine ends that worker and starts another
// from the compiled module, and sends it again what is still wanted.
type engine struct {
	mu     sync.Mutex
	worker js.Value // undefined when serving in-process
	module js.Value // the compiled WebAssembly, for a fresh worker
	// started counts the workers started after the first.
	started          int
	next             int
	jobs             map[int]*job
	local            *flow.Workshop
	onReply, onError js.Func // kept for the life of the page
	// down is set once the worker could not start or stopped.
	down error
	// asked is the run boot.js asked for (request 0) before this program
	// started, until the page takes it (adopt).
	asked *askedRun
	// boot is what boot.js handed over: today's issuing certificates come
	// in it (its certs), once fetched, for every worker started later.
	boot js.Value
}

// askedRun is the link's story, asked for by boot.js as soon as the module
// was compiled: its answer, once here, or who waits for it.
type askedRun struct {
	story string
	taken bool
	r     *reply
	done  func(int, reply)
}

// job is a request waiting for its reply.
type job struct {
	req      request
	head     func(reply) // an edit's first parts, its glance and head, before done
	done     func(reply)
	unwanted bool // nobody waits for it any longer
}

// errCancelled answers a request its worker was ended for.
var errCancelled = errors.New("the run was cancelled")

// graceFor is how long a run that makes keys on the spot may go on once
// superseded before its worker is replaced (which costs the next run about
// half a second). It stops at its next checkpoint, between two keys: an
// RSA-2048 key takes a fraction of a second, an RSA-4096 one up to six.
// Runs that make none give way within milliseconds.
const graceFor = 1500 * time.Millisecond

// startEngine takes over the worker boot.js started (and gave the compiled
// module, so the WebAssembly is fetched and compiled once for both), with the
// messages it sent meanwhile. Requests go to it at once: the worker keeps
// them until its Go program listens. Without a worker the page serves
// requests itself.
func startEngine() *engine {
	e := &engine{jobs: map[int]*job{}}
	boot := js.Global().Get("tlsplayEngine")
	if boot.IsUndefined() || !boot.Get("worker").Truthy() {
		e.local = newWorkshop()
		return e
	}
	js.Global().Delete("tlsplayEngine")
	e.worker, e.module, e.boot = boot.Get("worker"), boot.Get("module"), boot
	e.worker.Set("onmessage", js.Null())
	e.worker.Set("onerror", js.Null())
	e.onReply = js.FuncOf(func(_ js.Value, args []js.Value) any {
		d, from := args[0].Get("data"), args[0].Get("target")
		go e.receive(d, from)
		return nil
	})
	e.onError = js.FuncOf(func(_ js.Value, args []js.Value) any {
		args[0].Call("preventDefault")
		why := "its worker failed"
		if m := args[0].Get("message"); m.Type() == js.TypeString && m.String() != "" {
			why = m.String()
		}
		from := args[0].Get("target")
		go func() {
			if e.current(from) {
				e.failAll(fmt.Errorf("%w (%s)", errEngineDown, why))
			}
		}()
		return nil
	})
	e.listen(e.worker)
	if asked := boot.Get("asked"); asked.Type() == js.TypeString {
		e.asked = &askedRun{story: asked.String()}
		req := request{id: 0, op: "run", arg: e.asked.story}
		e.jobs[0] = &job{req: req, done: e.askedDone}
	}
	early := boot.Get("early")
	for i := range early.Length() {
		d := early.Index(i)
		go e.receive(d, e.worker)
	}
	return e
}

func (e *engine) listen(w js.Value) {
	w.Call("addEventListener", "message", e.onReply)
	w.Call("addEventListener", "error", e.onError)
}

// current reports whether a message came from the worker the engine uses,
// not one it ended.
func (e *engine) current(from js.Value) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return from.Equal(e.worker)
}

// call sends a request; done runs on its own goroutine with the reply.
func (e *engine) call(op, arg string, done func(id int, r reply)) int {
	return e.send(request{op: op, arg: arg}, nil, done)
}

// edit asks for the run of the editor's scenario: head gets the answer's
// glance through client's lens, then its head; done its steps. A newer edit
// supersedes it (see serveWorker): done then gets errSuperseded.
func (e *engine) edit(scenarioJSON, client string, head, done func(id int, r reply)) int {
	return e.send(request{op: "edit", arg: scenarioJSON, client: client}, head, done)
}

func (e *engine) send(req request, head, done func(id int, r reply)) int {
	e.mu.Lock()
	e.next++
	req.id = e.next
	j := &job{req: req, done: func(r reply) { done(req.id, r) }}
	if head != nil {
		j.head = func(r reply) { head(req.id, r) }
	}
	e.jobs[req.id] = j
	local, down := e.local, e.down
	if down == nil && local == nil {
		e.post(req)
	}
	e.mu.Unlock()
	if down != nil {
		go e.deliver(req.id, reply{err: down})
	} else if local != nil {
		go func() {
			r := handle(context.Background(), local, req)
			r = inParts(req, r, func(part reply) { e.deliverHead(req.id, part) })
			e.deliver(req.id, r)
			local.AfterReply(context.Background())
		}()
	}
	return req.id
}

// askedDone is the answer to boot.js's run: for the page, if it took the
// run already, else kept until it does.
func (e *engine) askedDone(r reply) {
	e.mu.Lock()
	a := e.asked
	done := a.done
	if done == nil {
		a.r = &r
	}
	e.mu.Unlock()
	if done != nil {
		done(0, r)
	}
}

// adoptable reports whether boot.js's run may still be adopted: until then
// a run of the page's is asked of the engine without comparing its scenario
// to the stories (a keystroke's run, on the way to the engine).
func (e *engine) adoptable() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.asked != nil && !e.asked.taken && e.down == nil
}

// adopt makes boot.js's run of story the page's, once: done gets its answer
// (at once, should it be here). It reports false for any other story, or
// once taken: the page then asks the engine itself.
func (e *engine) adopt(story string, done func(id int, r reply)) (int, bool) {
	e.mu.Lock()
	a := e.asked
	if a == nil || a.taken || a.story != story || e.down != nil {
		e.mu.Unlock()
		return 0, false
	}
	a.taken = true
	r := a.r
	if r == nil {
		a.done = done
	}
	e.mu.Unlock()
	if r != nil {
		go done(0, *r)
	}
	return 0, true
}

// post sends a request to the worker; e.mu is held.
func (e *engine) post(req request) {
	msg := js.Global().Get("Object").New()
	msg.Set("id", req.id)
	msg.Set("op", req.op)
	msg.Set("arg", req.arg)
	if req.client != "" {
		msg.Set("client", req.client)
	}
	e.worker.Call("postMessage", msg)
}

// supersede says the page no longer waits for request id, a run making keys
// on the spot, since a newer one replaces it: if it still runs graceFor from
// now, its worker is replaced.
func (e *engine) supersede(id int) { e.unwant(id, graceFor) }

// cancel says the person no longer wants request id: its worker is replaced
// at once if it has not answered.
func (e *engine) cancel(id int) { e.unwant(id, 0) }

func (e *engine) unwant(id int, after time.Duration) {
	e.mu.Lock()
	j := e.jobs[id]
	if j == nil || e.local != nil || e.down != nil || e.module.IsUndefined() {
		// In-process the run cannot be ended: its answer comes when it is done.
		if j != nil {
			j.unwanted = true
		}
		e.mu.Unlock()
		return
	}
	j.unwanted = true
	e.mu.Unlock()
	if after <= 0 {
		e.replaceIfUnwanted(id)
		return
	}
	time.AfterFunc(after, func() { e.replaceIfUnwanted(id) })
}

// replaceIfUnwanted replaces the worker if request id is still unanswered and
// unwanted: it ends the worker, starts another from the compiled module, sends
// it the requests still wanted, and fails those unwanted with errCancelled.
func (e *engine) replaceIfUnwanted(id int) {
	e.mu.Lock()
	if j := e.jobs[id]; j == nil || !j.unwanted || e.down != nil {
		e.mu.Unlock()
		return
	}
	e.worker.Call("terminate")
	e.worker = js.Global().Get("Worker").New("worker.js")
	e.started++
	e.listen(e.worker)
	e.worker.Call("postMessage", e.module)
	if certs := e.boot.Get("certs"); certs.Type() == js.TypeString {
		// As boot.js sent them to the first worker: the runs to come craft
		// no issuer of today's (their answer is waited for by nobody).
		e.post(request{id: -1, op: "certs", arg: certs.String()})
	}
	ids := make([]int, 0, len(e.jobs))
	for id := range e.jobs {
		ids = append(ids, id)
	}
	slices.Sort(ids) // as they were sent
	var cancelled []*job
	for _, id := range ids {
		j := e.jobs[id]
		if j.unwanted {
			delete(e.jobs, id)
			cancelled = append(cancelled, j)
			continue
		}
		e.post(j.req)
	}
	e.mu.Unlock()
	for _, j := range cancelled {
		j.done(reply{err: errCancelled})
	}
}

// receive reads a message of a worker: a reply, or why it could not start.
func (e *engine) receive(d, from js.Value) {
	if d.Type() != js.TypeObject || !e.current(from) {
		return
	}
	if boot := d.Get("boot"); !boot.IsUndefined() {
		e.failAll(fmt.Errorf("%w (%s)", errEngineDown, boot.String()))
		return
	}
	if ms := d.Get("ms"); ms.Type() == js.TypeNumber {
		// The engine's time on the page's timeline (DevTools, make bench).
		perf := js.Global().Get("performance")
		perf.Call("measure", "engine", map[string]any{"start": perf.Call("now").Float() - ms.Float(), "duration": ms.Float()})
	}
	var r reply
	if t := d.Get("text"); !t.IsUndefined() {
		r.text = t.String()
	}
	if b := d.Get("data"); !b.IsUndefined() {
		r.data = make([]byte, b.Length())
		js.CopyBytesToGo(r.data, b)
	}
	if m := d.Get("err"); !m.IsUndefined() {
		r.err = errors.New(m.String())
	}
	if d.Get("superseded").Truthy() {
		r.err = errSuperseded
	}
	id := d.Get("id")
	if id.Type() != js.TypeNumber {
		return
	}
	if g := d.Get("glance"); g.Type() == js.TypeString {
		e.deliverHead(id.Int(), reply{glance: g.String()})
		return
	}
	if h := d.Get("head"); h.Type() == js.TypeString {
		e.deliverHead(id.Int(), reply{head: h.String()})
		return
	}
	if st := d.Get("steps"); st.Type() == js.TypeObject {
		r.stepsMsg = st
	}
	e.deliver(id.Int(), r)
}

// hasSteps reports whether r is the second part of an edit's answer.
func (r reply) hasSteps() bool { return r.steps != nil || r.stepsMsg.Type() == js.TypeObject }

// stepCount is how many steps r brings.
func (r reply) stepCount() int {
	if r.steps == nil && r.stepsMsg.Type() == js.TypeObject {
		return r.stepsMsg.Length()
	}
	return len(r.steps)
}

// step is the JSON of r's i-th step.
func (r reply) step(i int) string {
	if r.steps == nil && r.stepsMsg.Type() == js.TypeObject {
		return r.stepsMsg.Index(i).String()
	}
	return r.steps[i]
}

// deliverHead gives request id a first part of its answer (its glance or
// head), if it still waits.
func (e *engine) deliverHead(id int, part reply) {
	e.mu.Lock()
	j := e.jobs[id]
	e.mu.Unlock()
	if j != nil && j.head != nil {
		j.head(part)
	}
}

// deliver answers request id, unless it was answered already.
func (e *engine) deliver(id int, r reply) {
	e.mu.Lock()
	j := e.jobs[id]
	delete(e.jobs, id)
	r.worker = e.started
	e.mu.Unlock()
	if j != nil {
		j.done(r)
	}
}

// workerNow counts the workers started before the one now answering (see
// reply.worker).
func (e *engine) workerNow() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.started
}

// isDown reports whether the engine stopped for good (failAll): every
// request fails at once, and only a reload helps.
func (e *engine) isDown() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.down != nil
}

// errEngineDown is why every request fails once the worker could not start
// or stopped: only a reload helps.
var errEngineDown = errors.New("the engine is not running")

// failAll fails every request, those waiting and those to come.
func (e *engine) failAll(err error) {
	e.mu.Lock()
	jobs := e.jobs
	e.jobs = map[int]*job{}
	if e.down == nil {
		e.down = err
	}
	e.mu.Unlock()
	for _, j := range jobs {
		j.done(reply{err: err})
	}
}

// errSuperseded answers a run a newer one replaced before it was done: the
// page draws only the newest.
var errSuperseded = errors.New("a newer run replaced this one")

// serveWorker is main in the worker: it answers the page's requests, one at
// a time, for as long as the worker lives.
//
// A newer run supersedes an older one: the page asks for a run at each edit
// and draws only the newest's answer. Go in WebAssembly hears a message only
// when every goroutine waits, so a run gives the event loop a turn at its
// checkpoints (flow.WithCheckpoint: between the certificates it crafts, at
// each side's turn in the handshake); the message of a newer run is then
// taken, and the older one stops at that checkpoint with errSuperseded.
func serveWorker() {
	w := newWorkshop()
	reqs := fifo.New[request]()
	newest := 0 // the newest edit's run; set in take, read by a run at its turns
	take := func(d js.Value) {
		if d.Type() != js.TypeObject || d.Get("id").Type() != js.TypeNumber || d.Get("op").Type() != js.TypeString {
			return // not a request of the page's
		}
		req := request{id: d.Get("id").Int(), op: d.Get("op").String()}
		if a := d.Get("arg"); a.Type() == js.TypeString {
			req.arg = a.String()
		}
		if c := d.Get("client"); c.Type() == js.TypeString {
			req.client = c.String()
		}
		if req.op == "edit" {
			newest = max(newest, req.id)
		}
		reqs.Push(req) // in order, as they came
	}
	onMessage := js.FuncOf(func(_ js.Value, args []js.Value) any {
		take(args[0].Get("data"))
		return nil
	})
	js.Global().Call("addEventListener", "message", onMessage)
	// What the page sent before this program listened (site/worker.js).
	js.Global().Set("onmessage", js.Null())
	if q := js.Global().Get("tlsplayQueue"); q.Type() == js.TypeObject {
		for i := range q.Length() {
			take(q.Index(i))
		}
		js.Global().Delete("tlsplayQueue")
	}
	// The page starts its own program only now (site/boot.js): the browser
	// compiled the code of every package's start for this one, and shares it.
	listening := js.Global().Get("Object").New()
	listening.Set("listening", true)
	js.Global().Call("postMessage", listening)
	// The warm-up after a reply (flow.Workshop.AfterReply) waits until no
	// request has come for a moment: a request already sent, such as the
	// person's first edit, is answered before it.
	var idle <-chan time.Time
	turn := newTurn()
	for {
		req, ok := reqs.Pop()
		if !ok {
			select {
			case <-reqs.Ready():
			case <-idle:
				// An edit rehearsed (flow.Workshop.Rehearse), then the
				// warm-up, a step a turn, unless a request waits: a request
				// stops either at its next checkpoint, and they go on once
				// idle again.
				idle = nil
				waiting := func() error {
					if turn(); reqs.Len() > 0 {
						return errRequestWaits
					}
					return nil
				}
				ctx := flow.WithCheckpoint(context.Background(), waiting)
				if waiting() == nil && (w.Rehearse(ctx) || w.AfterReply(ctx)) {
					idle = time.After(0)
				}
			}
			continue
		}
		began := time.Now()
		var r reply
		if superseded := func() bool { return req.op == "edit" && req.id < newest }; superseded() {
			r.err = errSuperseded
		} else {
			ctx := flow.WithCheckpoint(context.Background(), func() error {
				turn()
				if superseded() {
					return errSuperseded
				}
				return nil
			})
			r = handle(ctx, w, req)
		}
		// An edit's verdict first: the page draws it while the head, then
		// the steps, are written.
		r = inParts(req, r, func(part reply) {
			msg := js.Global().Get("Object").New()
			msg.Set("id", req.id)
			if part.glance != "" {
				msg.Set("glance", part.glance)
			} else {
				msg.Set("head", part.head)
			}
			js.Global().Call("postMessage", msg)
		})
		msg := js.Global().Get("Object").New()
		msg.Set("id", req.id)
		switch {
		case errors.Is(r.err, errSuperseded):
			msg.Set("superseded", true)
		case r.err != nil:
			msg.Set("err", r.err.Error())
		case r.data != nil:
			arr := js.Global().Get("Uint8Array").New(len(r.data))
			js.CopyBytesToJS(arr, r.data)
			msg.Set("data", arr)
		case r.steps != nil:
			arr := js.Global().Get("Array").New(len(r.steps))
			for i, st := range r.steps {
				arr.SetIndex(i, st)
			}
			msg.Set("steps", arr)
		default:
			msg.Set("text", r.text)
		}
		// How long the engine took, for the page's performance timeline.
		msg.Set("ms", float64(time.Since(began).Microseconds())/1000)
		js.Global().Call("postMessage", msg)
		idle = time.After(warmWhenIdle)
	}
}

// errRequestWaits stops a rehearsal for a request.
var errRequestWaits = errors.New("a request waits")

// warmWhenIdle is how long the worker waits without a request before it warms
// up: long enough for the messages sent meanwhile to arrive.
const warmWhenIdle = 50 * time.Millisecond

// newWorkshop is the engine's work, done by package flow. Its cache starts
// with the stories' certificates: opening a story crafts nothing.
func newWorkshop() *flow.Workshop {
	e, err := flow.New()
	if err != nil {
		// Only slower: every story's certificates get crafted.
		js.Global().Get("console").Call("warn", "tlsplay: "+err.Error())
	}
	return flow.NewWorkshop(e)
}

// handle serves one request with the workshop.
func handle(ctx context.Context, w *flow.Workshop, req request) reply {
	r := w.Handle(ctx, req.id, req.op, req.arg)
	return reply{text: r.Text, data: r.Data, err: r.Err, report: r.Report, makeHead: r.Head, rest: r.Rest}
}

// inParts sends the first parts of an edit's answer r with send, each as
// soon as it is written: its glance through req's client, then its head. It
// returns the last part, the steps (or why the answer could not be written).
// Any other answer is returned as it is.
func inParts(req request, r reply, send func(reply)) reply {
	if r.report == nil {
		return r
	}
	// Without its glance the page draws the verdict from the head.
	if g, err := ui.GlanceJSON(r.report, req.client); err == nil {
		send(reply{glance: string(g)})
	}
	head, err := r.makeHead()
	if err != nil {
		return reply{err: err}
	}
	send(reply{head: head})
	steps, err := r.rest()
	if err != nil {
		return reply{err: err}
	}
	return reply{steps: steps}
}

// newTurn returns a function that gives the event loop a turn: it returns
// once the browser ran what was waiting (a message of the page's among it). A
// MessageChannel's message comes back at once, where setTimeout would wait
// at least 4 ms; turns closer than turnEvery to the last are skipped, so a
// run of a few milliseconds takes none.
func newTurn() func() {
	ch := js.Global().Get("MessageChannel").New()
	back := make(chan struct{}, 1)
	onBack := js.FuncOf(func(js.Value, []js.Value) any {
		select {
		case back <- struct{}{}:
		default:
		}
		return nil
	}) // kept for the life of the worker
	ch.Get("port1").Set("onmessage", onBack)
	port := ch.Get("port2")
	last := time.Now()
	return func() {
		if time.Since(last) < turnEvery {
			return
		}
		port.Call("postMessage", js.Null())
		<-back
		last = time.Now()
	}
}

// turnEvery is how long a run goes between turns of the event loop at most
// (but for its checkpoints' spacing).
const turnEvery = 5 * time.Millisecond
