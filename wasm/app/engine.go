//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall/js"

	"github.com/tlsplay/tlsplay/flow"
)

// A handshake in WebAssembly takes about a tenth of a second (ECDSA; far more
// for RSA and for the very first one): on the page's thread every edit would
// freeze it. So the same program also runs in a Web Worker (site/worker.js)
// as the engine, and the page asks it for runs and files by message.
//
// Requests are {id, op, arg}; replies {id, text} or {id, data} or {id, err}.
// The ops are flow.Workshop's; this file only carries them.

// request and reply are the messages between the page and the engine.
type request struct {
	id      int
	op, arg string
}

type reply struct {
	text string
	data []byte
	err  error
}

// engine is the page's side: it sends requests to the worker, or serves them
// itself when the browser gives it no worker.
type engine struct {
	mu               sync.Mutex
	worker           js.Value // undefined when serving in-process
	next             int
	waiting          map[int]func(reply)
	local            *flow.Workshop
	onReply, onError js.Func // kept for the life of the page
	// down is set once the worker could not start or stopped.
	down error
}

// startEngine takes over the worker boot.js started (and gave the compiled
// module, so the WebAssembly is fetched and compiled once for both), with the
// messages it sent meanwhile. Requests go to it at once: the worker keeps
// them until its Go program listens. Without a worker the page serves
// requests itself.
func startEngine() *engine {
	e := &engine{waiting: map[int]func(reply){}}
	boot := js.Global().Get("tlsplayEngine")
	if boot.IsUndefined() || !boot.Get("worker").Truthy() {
		e.local = newWorkshop()
		return e
	}
	js.Global().Delete("tlsplayEngine")
	e.worker = boot.Get("worker")
	e.worker.Set("onmessage", js.Null())
	e.worker.Set("onerror", js.Null())
	e.onReply = js.FuncOf(func(_ js.Value, args []js.Value) any {
		d := args[0].Get("data")
		go e.receive(d)
		return nil
	})
	e.worker.Call("addEventListener", "message", e.onReply)
	e.onError = js.FuncOf(func(_ js.Value, args []js.Value) any {
		args[0].Call("preventDefault")
		why := "its worker failed"
		if m := args[0].Get("message"); m.Type() == js.TypeString && m.String() != "" {
			why = m.String()
		}
		go e.failAll(fmt.Errorf("%w (%s)", errEngineDown, why))
		return nil
	})
	e.worker.Call("addEventListener", "error", e.onError)
	early := boot.Get("early")
	for i := range early.Length() {
		d := early.Index(i)
		go e.receive(d)
	}
	return e
}

// call sends a request; done runs on its own goroutine with the reply.
func (e *engine) call(op, arg string, done func(id int, r reply)) int {
	e.mu.Lock()
	e.next++
	req := request{id: e.next, op: op, arg: arg}
	e.waiting[req.id] = func(r reply) { done(req.id, r) }
	local, down := e.local, e.down
	e.mu.Unlock()
	if down != nil {
		go e.deliver(req.id, reply{err: down})
	} else if local != nil {
		go func() {
			e.deliver(req.id, handle(local, req))
			local.AfterReply()
		}()
	} else {
		e.post(req)
	}
	return req.id
}

func (e *engine) post(req request) {
	msg := js.Global().Get("Object").New()
	msg.Set("id", req.id)
	msg.Set("op", req.op)
	msg.Set("arg", req.arg)
	e.worker.Call("postMessage", msg)
}

// receive reads a message of the worker: a reply, or why it could not start.
func (e *engine) receive(d js.Value) {
	if d.Type() != js.TypeObject {
		return
	}
	if boot := d.Get("boot"); !boot.IsUndefined() {
		e.failAll(fmt.Errorf("%w (%s)", errEngineDown, boot.String()))
		return
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
	if id := d.Get("id"); id.Type() == js.TypeNumber {
		e.deliver(id.Int(), r)
	}
}

func (e *engine) deliver(id int, r reply) {
	e.mu.Lock()
	done := e.waiting[id]
	delete(e.waiting, id)
	e.mu.Unlock()
	if done != nil {
		done(r)
	}
}

// errEngineDown is why every request fails once the worker could not start
// or stopped: only a reload helps.
var errEngineDown = errors.New("the engine is not running")

// failAll fails every request, those waiting and those to come.
func (e *engine) failAll(err error) {
	e.mu.Lock()
	waiting := e.waiting
	e.waiting = map[int]func(reply){}
	if e.down == nil {
		e.down = err
	}
	e.mu.Unlock()
	for _, done := range waiting {
		done(reply{err: err})
	}
}

// serveWorker is main in the worker: it answers the page's requests, one at
// a time, for as long as the worker lives.
func serveWorker() {
	w := newWorkshop()
	reqs := make(chan request, 64)
	take := func(d js.Value) {
		if d.Type() != js.TypeObject || d.Get("id").Type() != js.TypeNumber || d.Get("op").Type() != js.TypeString {
			return // not a request of the page's
		}
		arg := ""
		if a := d.Get("arg"); a.Type() == js.TypeString {
			arg = a.String()
		}
		req := request{id: d.Get("id").Int(), op: d.Get("op").String(), arg: arg}
		select {
		case reqs <- req: // in order, as they came
		default:
			go func() { reqs <- req }()
		}
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
	for req := range reqs {
		r := handle(w, req)
		msg := js.Global().Get("Object").New()
		msg.Set("id", req.id)
		switch {
		case r.err != nil:
			msg.Set("err", r.err.Error())
		case r.data != nil:
			arr := js.Global().Get("Uint8Array").New(len(r.data))
			js.CopyBytesToJS(arr, r.data)
			msg.Set("data", arr)
		default:
			msg.Set("text", r.text)
		}
		js.Global().Call("postMessage", msg)
		w.AfterReply()
	}
}

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
func handle(w *flow.Workshop, req request) reply {
	r := w.Handle(context.Background(), req.id, req.op, req.arg)
	return reply{text: r.Text, data: r.Data, err: r.Err}
}
