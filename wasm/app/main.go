//go:build js && wasm

// Command app is the playground page's WebAssembly. On the page it binds the
// DOM of site/index.html and offers globalThis.tlsplay to tests and power
// users; in a Web Worker (no document) it is the engine that plays the
// handshakes, so the page never waits on one. What the page shows is decided
// in package ui; this program only draws it and forwards events.
package main

import (
	"errors"
	"fmt"
	"syscall/js"

	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/internal/tjson"

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
	// run(preset or scenario JSON) gives the trace as `tlsplay run --json`
	// prints it; match(text) the stories a pasted error matches, as
	// `tlsplay match --json` prints them. A script's run is no run of the
	// page's (op answer): the engine does not keep it for files.
	run, match := engineFunc(eng, "answer", ui.CheckRunArg), engineFunc(eng, "match", ui.CheckPaste)
	inspect := inspectFunc(eng)
	api = append(api, presets, run, match, inspect)
	o := js.Global().Get("Object").New()
	o.Set("presets", presets)
	o.Set("run", run)
	o.Set("match", match)
	o.Set("inspect", inspect)
	js.Global().Set("tlsplay", o)
}

// engineFunc is a function of globalThis.tlsplay that asks the engine for op
// with its string argument, once check passes it, and returns a Promise of the
// answer's text.
func engineFunc(eng *engine, op string, check func(string) error) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		arg := ""
		if len(args) > 0 && args[0].Type() == js.TypeString {
			arg = args[0].String()
		}
		return promise(func(settle func(string, error)) {
			if err := check(arg); err != nil {
				settle("", err)
				return
			}
			eng.call(op, arg, func(_ int, r reply) { settle(r.text, r.err) })
		})
	})
}

// inspectFunc is globalThis.tlsplay.inspect({chain, roots, name, time}): a
// Promise of the object `tlsplay inspect --json` prints.
func inspectFunc(eng *engine) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		var req flow.ChainRequest
		var bad error
		if len(args) == 0 || args[0].Type() != js.TypeObject {
			bad = errors.New("tlsplay.inspect takes an object: {chain, roots, name, time}")
		} else {
			req, bad = chainRequest(args[0])
		}
		p := promise(func(settle func(string, error)) {
			if bad != nil {
				settle("", bad)
				return
			}
			arg, err := tjson.Marshal(req)
			if err != nil {
				settle("", err)
				return
			}
			eng.call("inspect", string(arg), func(_ int, r reply) {
				if r.err != nil {
					settle("", r.err)
					return
				}
				var page struct{ Inspection tjson.Raw }
				if err := tjson.Unmarshal([]byte(r.text), &page); err != nil {
					settle("", err)
					return
				}
				settle(string(page.Inspection), nil)
			})
		})
		return p.Call("then", js.Global().Get("JSON").Get("parse"))
	})
}

// chainRequest reads tlsplay.inspect's argument: chain and roots as text or
// as a file's bytes (a Uint8Array or an ArrayBuffer), name and time as text.
func chainRequest(o js.Value) (flow.ChainRequest, error) {
	var req flow.ChainRequest
	read := func(key string, text *string, file *[]byte) error {
		v := o.Get(key)
		switch {
		case v.IsUndefined() || v.IsNull():
		case v.Type() == js.TypeString:
			*text = v.String()
		case v.InstanceOf(js.Global().Get("ArrayBuffer")):
			v = js.Global().Get("Uint8Array").New(v)
			fallthrough
		case v.InstanceOf(js.Global().Get("Uint8Array")):
			if v.Length() > flow.MaxPaste {
				return fmt.Errorf("tlsplay.inspect: %s is larger than 1 MB", key)
			}
			*file = make([]byte, v.Length())
			js.CopyBytesToGo(*file, v)
		default:
			return fmt.Errorf("tlsplay.inspect: %s is to be a string or a Uint8Array", key)
		}
		return nil
	}
	if err := read("chain", &req.Chain, &req.ChainFile); err != nil {
		return req, err
	}
	if err := read("roots", &req.Roots, &req.RootsFile); err != nil {
		return req, err
	}
	var ignored []byte
	if err := read("name", &req.Name, &ignored); err != nil || ignored != nil {
		return req, errors.New("tlsplay.inspect: name is to be a string")
	}
	if err := read("time", &req.Time, &ignored); err != nil || ignored != nil {
		return req, errors.New("tlsplay.inspect: time is to be a string (RFC 3339)")
	}
	return req, nil
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
