//go:build js && wasm && tlsplay_fetchdata

package main

import (
	"fmt"
	"syscall/js"

	"github.com/tlsplay/tlsplay/flow"
)

// Built as the page is (make wasm: the tag tlsplay_fetchdata), the engine
// leaves the RSA key pool and Mozilla's roots out of the WebAssembly and
// fetches them from the site, by relative URL, when a scenario first needs
// them: make site puts them beside tlsplay.wasm (internal/sitedata), and the
// service worker keeps them with the rest of the build.
func init() { flow.UseSiteData(fetchFile) }

// fetchFile fetches one of the site's files. It blocks its goroutine, never a
// js.Func callback: the engine's runs are on goroutines of their own.
func fetchFile(name string) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	var onResponse, onBody, onError js.Func
	onError = js.FuncOf(func(_ js.Value, args []js.Value) any {
		why := "the network failed"
		if len(args) > 0 && args[0].Type() == js.TypeObject && args[0].Get("message").Type() == js.TypeString {
			why = args[0].Get("message").String()
		}
		done <- result{err: fmt.Errorf("%s could not be loaded (%s)", name, why)}
		return nil
	})
	onBody = js.FuncOf(func(_ js.Value, args []js.Value) any {
		arr := js.Global().Get("Uint8Array").New(args[0])
		data := make([]byte, arr.Length())
		js.CopyBytesToGo(data, arr)
		done <- result{data: data}
		return nil
	})
	onResponse = js.FuncOf(func(_ js.Value, args []js.Value) any {
		r := args[0]
		if !r.Get("ok").Bool() {
			done <- result{err: fmt.Errorf("%s could not be loaded (HTTP %d)", name, r.Get("status").Int())}
			return nil
		}
		r.Call("arrayBuffer").Call("then", onBody, onError)
		return nil
	})
	js.Global().Call("fetch", name).Call("then", onResponse, onError)
	res := <-done
	onResponse.Release()
	onBody.Release()
	onError.Release()
	return res.data, res.err
}
