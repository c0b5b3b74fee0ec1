//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/ui/tree"
)

// build makes the DOM of a node tree (package ui/tree draws the parts that
// carry an answer; site/paint.js builds the same trees from the answers
// `make site` writes, before this program has loaded).
func build(n *tree.Node) js.Value {
	if n.Tag == "" {
		return jsDoc.Call("createTextNode", n.Text)
	}
	e := jsDoc.Call("createElement", n.Tag)
	for i := 0; i+1 < len(n.Attrs); i += 2 {
		e.Call("setAttribute", n.Attrs[i], n.Attrs[i+1])
	}
	if len(n.Kids) == 1 && n.Kids[0].Tag == "" {
		setText(e, n.Kids[0].Text) // one call instead of two
		return e
	}
	for _, k := range n.Kids {
		e.Call("appendChild", build(k))
	}
	return e
}

// fragment builds a list of trees into a DocumentFragment: in one call to
// site/paint.js's builder (globalThis.tlsplayBuild) with the trees as JSON,
// where a call per element and attribute from WebAssembly took most of a
// long drawing (and a finalizer per js.Value made); without the builder (a
// harness's bare document), here.
func fragment(ns []*tree.Node) js.Value {
	if b := js.Global().Get("tlsplayBuild"); b.Type() == js.TypeFunction {
		buf := tree.AppendJSON(make([]byte, 0, 4096), ns)
		return b.Invoke(string(buf))
	}
	f := jsDoc.Call("createDocumentFragment")
	for _, n := range ns {
		f.Call("appendChild", build(n))
	}
	return f
}

// replaceWith makes ns the only content of e.
func replaceWith(e js.Value, ns []*tree.Node) { e.Call("replaceChildren", fragment(ns)) }

// first is what site/paint.js drew before this program ran: its parts by id,
// for the story and client it drew, until the first answer is drawn.
type first struct {
	story, client string
	parts         map[string]tree.Part
	// wanted is the client paint.js shows, or is about to: the link's, or
	// one picked before this program ran (it may still be on its way).
	wanted string
}

// takeFirst stops site/paint.js from drawing any more and reads what it drew.
func takeFirst() first {
	f := js.Global().Get("tlsplayFirst")
	if f.Type() != js.TypeObject {
		return first{}
	}
	f.Set("taken", true)
	var wanted string
	if c := f.Get("client"); c.Type() == js.TypeString {
		wanted = c.String()
	}
	drawn := f.Get("drawn")
	if drawn.Type() != js.TypeString || drawn.String() == "" {
		return first{wanted: wanted}
	}
	var p tree.Paint
	if err := tjson.Unmarshal([]byte(drawn.String()), &p); err != nil {
		return first{}
	}
	out := first{story: p.Story, client: p.Client, parts: map[string]tree.Part{}, wanted: wanted}
	for _, part := range p.Parts {
		out.parts[part.ID] = part
	}
	return out
}

// drawn takes the part with p's id that the first paint drew, if it did.
func (f *first) drawn(id string) (tree.Part, bool) {
	p, ok := f.parts[id]
	delete(f.parts, id)
	return p, ok
}

// draw puts part p on the page: its attributes, and its children unless they
// are those drawn last (an edit mostly changes a few of the parts), or the
// first paint drew the very same.
func (a *App) draw(p tree.Part) {
	e := byID(p.ID)
	for i := 0; i+1 < len(p.Attrs); i += 2 {
		e.Call("setAttribute", p.Attrs[i], p.Attrs[i+1])
	}
	if p.Keep {
		return
	}
	if a.drawn.parts == nil {
		a.drawn.parts = map[string][]*tree.Node{}
	}
	kids := tree.Part{Kids: p.Kids}
	if old, ok := a.first.drawn(p.ID); ok && tree.Same(old, p) {
		a.drawn.parts[p.ID] = p.Kids
		return
	}
	if old, ok := a.drawn.parts[p.ID]; ok && tree.Same(tree.Part{Kids: old}, kids) {
		return
	}
	replaceWith(e, p.Kids)
	a.drawn.parts[p.ID] = p.Kids
}
