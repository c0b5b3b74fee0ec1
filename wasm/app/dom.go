//go:build js && wasm

package main

import (
	"sync"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"
)

// The page's DOM is built with bare js.Values: dom/v2 wraps every element it
// creates or finds by probing up to seventy constructors, which made a re-render
// of the hex view cost a quarter of a second. dom/v2 still carries the event
// listeners' events (setup, not hot paths). The window and the document are
// bare js.Values too: dom/v2's Window and Document interfaces, the page's only
// two calls through them, kept the names of their ~300 methods (measured).
var (
	win   js.Value
	jsDoc js.Value
)

// startPage binds the page's window and document (a worker has neither).
func startPage() {
	win = js.Global()
	jsDoc = win.Get("document")
}

// attr is an attribute for el. Everything a person or a link controls reaches
// the page through attributes and text nodes only, never as HTML.
type attr struct{ k, v string }

// cls is the class attribute for el: a type of its own, not an attr made by
// a function, so that a constant class is a constant, with no code to make it.
type cls string

// el creates an element. Children are strings (text nodes), elements, attrs,
// or slices of those; nil is skipped.
func el(tag string, children ...any) js.Value {
	e := jsDoc.Call("createElement", tag)
	if text, ok := onlyText(children); ok {
		// Most elements hold one text: one call instead of two.
		for _, c := range children {
			switch c.(type) {
			case attr, cls:
				add(e, c)
			}
		}
		setText(e, text)
		return e
	}
	add(e, children...)
	return e
}

// onlyText reports whether children, attributes aside, are one string.
func onlyText(children []any) (string, bool) {
	text, n := "", 0
	for _, c := range children {
		switch c := c.(type) {
		case nil, attr, cls:
		case string:
			text, n = c, n+1
		default:
			return "", false
		}
	}
	return text, n == 1
}

// add appends children to e, as el does.
func add(e js.Value, children ...any) {
	for _, c := range children {
		switch c := c.(type) {
		case nil:
		case string:
			e.Call("appendChild", jsDoc.Call("createTextNode", c))
		case attr:
			// An empty value is no attribute, except for an option's value:
			// "" is a choice there ("Go's default").
			if c.v != "" || c.k == "value" {
				e.Call("setAttribute", c.k, c.v)
			}
		case cls:
			if c != "" {
				e.Call("setAttribute", "class", string(c))
			}
		case js.Value:
			if c.Truthy() {
				e.Call("appendChild", c)
			}
		case []js.Value:
			for _, n := range c {
				e.Call("appendChild", n)
			}
		case []any:
			add(e, c...)
		default:
			panic("el: unexpected child")
		}
	}
}

// replace makes children the only content of e.
func replace(e js.Value, children ...any) {
	setText(e, "")
	add(e, children...)
}

// setText makes s the only content of e, as text.
func setText(e js.Value, s string) { e.Set("textContent", s) }

// setTextIfNew sets e's text unless it is s already: setting a text, even
// the same, makes the browser lay the page out again.
func setTextIfNew(e js.Value, s string) {
	if e.Get("textContent").String() != s {
		setText(e, s)
	}
}

// byID finds an element of index.html, which must have it.
func byID(id string) js.Value {
	e := jsDoc.Call("getElementById", id)
	if e.IsNull() {
		panic("index.html has no #" + id)
	}
	return e
}

// attrOf reads an attribute, "" when it is missing.
func attrOf(e js.Value, name string) string {
	v := e.Call("getAttribute", name)
	if v.IsNull() {
		return ""
	}
	return v.String()
}

// setAttr sets an attribute, or removes it for "".
func setAttr(e js.Value, name, value string) {
	if value == "" {
		e.Call("removeAttribute", name)
		return
	}
	e.Call("setAttribute", name, value)
}

// setClass turns one class of e on or off.
func setClass(e js.Value, class string, on bool) { e.Get("classList").Call("toggle", class, on) }

// setHidden shows or hides e. Setting hidden, even as it is, took the
// browser a third of a millisecond on average (Chromium; measured on the
// stale notice, which every edit's verdict hides): it is read first.
func setHidden(e js.Value, hidden bool) {
	if e.Get("hidden").Truthy() != hidden {
		e.Set("hidden", hidden)
	}
}

// queryAll lists the elements under root matching sel.
func queryAll(root js.Value, sel string) []js.Value {
	return listOf(root.Call("querySelectorAll", sel))
}

// listOf copies a list of the DOM's (a NodeList, an HTMLCollection) into a slice.
func listOf(list js.Value) []js.Value {
	out := make([]js.Value, list.Length())
	for i := range out {
		out[i] = list.Index(i)
	}
	return out
}

// closestData finds the closest element (from e up) with a data- attribute and
// returns it and the attribute's value; "" when there is none.
func closestData(e js.Value, name string) (js.Value, string) {
	if e.IsUndefined() || e.IsNull() || e.Get("closest").IsUndefined() {
		return js.Null(), ""
	}
	c := e.Call("closest", "[data-"+name+"]")
	if c.IsNull() {
		return c, ""
	}
	return c, attrOf(c, "data-"+name)
}

// target is the element an event happened on.
func target(ev dom.Event) js.Value { return ev.Underlying().Get("target") }

// whenIdle runs f once the browser is idle, or within a quarter of a second;
// soon, in a browser without requestIdleCallback.
func whenIdle(f func()) {
	ric := js.Global().Get("requestIdleCallback")
	if ric.Type() != js.TypeFunction {
		time.AfterFunc(0, f)
		return
	}
	var cb js.Func
	cb = js.FuncOf(func(js.Value, []js.Value) any {
		cb.Release()
		go f()
		return nil
	})
	ric.Invoke(cb, map[string]any{"timeout": 250})
}

// span marks a stretch of the page's work on the browser's performance
// timeline (DevTools' Timings, make bench): call the func it returns at its end.
func span(name string) func() {
	perf := js.Global().Get("performance")
	t0 := perf.Call("now")
	return func() { perf.Call("measure", name, map[string]any{"start": t0}) }
}

// later runs f on the loop in a task of its own: the browser draws and takes
// input first. A MessageChannel's message comes at once, where setTimeout
// waits at least 4 ms once nested.
func (a *App) later(f func()) {
	tasks.Lock()
	if tasks.port.IsUndefined() {
		ch := js.Global().Get("MessageChannel").New()
		tasks.run = js.FuncOf(func(js.Value, []js.Value) any {
			tasks.Lock()
			f := tasks.queue[0]
			tasks.queue = tasks.queue[1:]
			tasks.Unlock()
			f()
			return nil
		}) // kept for the life of the page
		ch.Get("port1").Set("onmessage", tasks.run)
		tasks.port = ch.Get("port2")
	}
	tasks.queue = append(tasks.queue, func() { a.post(f) })
	port := tasks.port
	tasks.Unlock()
	port.Call("postMessage", js.Null())
}

// afterFrame runs f on the loop in a task of its own once the browser has
// drawn a frame (what the page changed is on screen), or within a tenth of
// a second: a page out of sight draws no frames.
func (a *App) afterFrame(f func()) {
	var once sync.Once
	run := func() { once.Do(func() { a.later(f) }) }
	var cb js.Func
	cb = js.FuncOf(func(js.Value, []js.Value) any {
		cb.Release()
		run()
		return nil
	})
	js.Global().Call("requestAnimationFrame", cb)
	time.AfterFunc(100*time.Millisecond, run)
}

// tasks are the functions later queued, one per message.
var tasks struct {
	sync.Mutex
	port  js.Value
	run   js.Func
	queue []func()
}
