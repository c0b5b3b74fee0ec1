//go:build js && wasm

// Command app is the playground page's WebAssembly. On the page it binds the
// DOM of site/index.html and offers globalThis.tlsplay to tests and power
// users; in a Web Worker (no document) it is the engine that plays the
// handshakes, so the page never waits on one. What the page shows is decided
// in package ui; this program only draws it and forwards events.
package main

import (
	"fmt"
	"syscall/js"

	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
)

func main() {
	if js.Global().Get("document").IsUndefined() {
		serveWorker()
		return
	}
	startPage()
	eng := startEngine()
	// The API is there even if the page's markup is not (a harness may load
	// the wasm into a bare document).
	exposeAPI(eng)
	if !jsDoc.Call("getElementById", "app").IsNull() {
		a := newApp(eng)
		go a.loop()
		a.post(a.boot)
	}
	select {}
}

// api holds the js.Funcs of globalThis.tlsplay for the life of the page.
var api []js.Func

func exposeAPI(eng *engine) {
	presets := js.FuncOf(func(js.Value, []js.Value) any {
		out := js.Global().Get("Array").New()
		for _, p := range scenario.Presets {
			out.Call("push", p.ID)
		}
		return out
	})
	run := js.FuncOf(func(_ js.Value, args []js.Value) any {
		arg := ""
		if len(args) > 0 && args[0].Type() == js.TypeString {
			arg = args[0].String()
		}
		return promise(func(settle func(string, error)) {
			if err := ui.CheckRunArg(arg); err != nil {
				settle("", err)
				return
			}
			eng.call("run", arg, func(_ int, r reply) { settle(r.text, r.err) })
		})
	})
	api = append(api, presets, run)
	o := js.Global().Get("Object").New()
	o.Set("presets", presets)
	o.Set("run", run)
	js.Global().Set("tlsplay", o)
}

// promise returns a Promise that start settles. start runs on its own
// goroutine (a js.Func callback must never block); a panic in it rejects the
// promise instead of reaching JavaScript.
func promise(start func(settle func(string, error))) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		executor.Release()
		settle := func(s string, err error) {
			if err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke(s)
		}
		go func() {
			defer func() {
				if r := recover(); r != nil {
					settle("", fmt.Errorf("internal error: %v", r))
				}
			}()
			start(settle)
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}
