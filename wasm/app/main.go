//go:build js && wasm

// Command app is the playground page's WebAssembly: it runs the engine in the
// browser and binds it to the DOM.
package main

import (
	"context"
	"encoding/json"
	"syscall/js"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("presets", js.FuncOf(func(js.Value, []js.Value) any {
		out := js.Global().Get("Array").New()
		for _, p := range scenario.Presets {
			out.Call("push", p.ID)
		}
		return out
	}))
	api.Set("run", js.FuncOf(func(_ js.Value, args []js.Value) any {
		arg := ""
		if len(args) > 0 {
			arg = args[0].String()
		}
		return promise(func() (string, error) {
			s := (*scenario.Scenario)(nil)
			if p := scenario.Lookup(arg); p != nil {
				s = p.Scenario()
			} else {
				var err error
				if s, err = scenario.ParseJSON([]byte(arg)); err != nil {
					return "", err
				}
			}
			tr, err := handshake.Run(context.Background(), s)
			if err != nil {
				return "", err
			}
			js, err := json.Marshal(tr)
			return string(js), err
		})
	}))
	js.Global().Set("tlsplay", api)
	select {}
}

// promise runs f on its own goroutine (never block a js.Func callback) and
// settles a Promise with its result.
func promise(f func() (string, error)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			defer executor.Release()
			s, err := f()
			if err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke(s)
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}
