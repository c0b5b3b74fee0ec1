//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/ui"
	"github.com/tlsplay/tlsplay/ui/tree"
)

// hexView is the byte view on screen: its layout, its two lists, and which
// leaves are highlighted. Its rows' elements are read from the page only
// when a hover or a key needs them (elements): every js.Value costs a
// finalizer, and most byte views drawn while a person edits are never
// hovered.
type hexView struct {
	view       ui.HexView
	list, dump js.Value // the field tree and the hex dump; undefined when none
	filled     bool     // every row is drawn
	read       bool     // segs and nodes hold every row
	// patching is set while an edit's rows are drawn over the old ones
	// (patchInspector): the rows on screen are of both views, and none is read.
	patching bool
	segs     [][]js.Value // the byte runs of each leaf (hex and text columns)
	nodes    []js.Value   // the field tree's rows
	on       [2]int       // the highlighted leaves
	tab      int          // the row that is the field list's one tab stop
	// fields and hexes are the trees of the rows drawn (see patchInspector).
	fields, hexes []*tree.Node
}

// elements reads the rows' elements off the page, once all are drawn (rows
// still coming are read again next time; none while rows are patched).
func (h *hexView) elements() {
	if h.list.IsUndefined() || h.read || h.patching {
		return
	}
	h.read = h.filled
	h.nodes = children(h.list)
	h.segs = make([][]js.Value, h.view.Leaves)
	for i, row := range children(h.dump) {
		if i >= len(h.view.Rows) {
			break
		}
		cols := children(row) // offset, hex, text
		hexes, texts := children(cols[1]), children(cols[2])
		for k, s := range h.view.Rows[i].Segs {
			h.segs[s.Leaf] = append(h.segs[s.Leaf], hexes[k], texts[k])
		}
	}
}

// children lists the child elements of e.
func children(e js.Value) []js.Value { return listOf(e.Get("children")) }

// focus moves the field list's tab stop, and the focus, to row i.
func (h *hexView) focus(i int) {
	h.elements()
	if i < 0 || i >= len(h.nodes) {
		return
	}
	if h.tab < len(h.nodes) {
		setAttr(h.nodes[h.tab], "tabindex", "-1")
	}
	h.tab = i
	setAttr(h.nodes[i], "tabindex", "0")
	h.nodes[i].Call("focus")
}

// reveal scrolls the field list, and nothing else, to leaf l's field: the
// field of the bytes under the pointer.
func (h *hexView) reveal(l int) {
	h.elements()
	i := h.view.LeafNode(l)
	if i < 0 || i >= len(h.nodes) || h.list.IsUndefined() {
		return
	}
	list, row := h.list.Call("getBoundingClientRect"), h.nodes[i].Call("getBoundingClientRect")
	top := row.Get("top").Float() - list.Get("top").Float()
	height := h.list.Get("clientHeight").Float()
	if top < 0 || top+row.Get("height").Float() > height {
		h.list.Set("scrollTop", h.list.Get("scrollTop").Float()+top-height/2)
	}
}

// whole notes that every row is drawn, and highlights on them what was
// highlighted while they were drawn.
func (h *hexView) whole() {
	h.filled, h.read, h.patching = true, false, false
	if on := h.on; on != [2]int{} {
		h.on = [2]int{}
		h.highlight(on[0], on[1])
	}
}

func (h *hexView) highlight(lo, hi int) {
	if h.on == [2]int{lo, hi} {
		return
	}
	h.elements()
	h.mark(h.on[0], h.on[1], false)
	h.on = [2]int{lo, hi}
	h.mark(lo, hi, true)
}

func (h *hexView) mark(lo, hi int, on bool) {
	for l := max(lo, 0); l < min(hi, len(h.segs)); l++ {
		for _, s := range h.segs[l] {
			setClass(s, "hl", on)
		}
	}
	for i, n := range h.nodes {
		f := h.view.Nodes[i]
		setClass(n, "hl", on && f.Lo >= lo && f.Hi <= hi && hi > lo)
	}
}

// renderInspector shows the selected step: what it is, its certificates, its
// bytes with their fields, and the key log when it is a secret.
func (a *App) renderInspector() { a.drawInspector(false) }

// aboutStep is the check of trace t the verdict on screen is about: the
// client's (ui.Verdict.AboutStep) when that verdict is t's, else Go's.
func (a *App) aboutStep(t *handshake.Trace) int {
	if a.glanced.id == 0 && a.head == t {
		return a.verdict.AboutStep
	}
	return t.Outcome.Check
}

// drawInspector draws the inspector; with again, the step it shows after an
// edit. An edit mostly changes a few of a step's rows: then only the parts
// and rows that changed are drawn again (the browser lays out only those),
// when the inspector shows the same kind of step, drawn whole.
func (a *App) drawInspector(again bool) {
	defer span("inspector")()
	a.drawn.inspector++
	t := a.trace
	if a.selected < 0 || a.selected >= len(t.Steps) {
		a.hex, a.drawn.inspectorParts = hexView{}, nil
		replaceWith(a.inspectorEl, tree.InspectorHint())
		a.markInspector()
		return
	}
	st := &t.Steps[a.selected]
	parts := tree.StepHead(t, a.selected, a.aboutStep(t))
	var bytes *tree.Node
	if len(st.Bytes) > 0 {
		bytes = tree.ByteView(a.byteWidth())
		parts = append(parts, bytes)
	}
	if k := tree.KeyLog(t, a.selected); k != nil {
		parts = append(parts, k)
	}
	if again && a.patchInspector(st, parts) {
		return
	}
	a.hex, a.drawn.inspectorParts = hexView{}, parts
	replaceWith(a.inspectorEl, parts)
	if bytes == nil {
		a.markInspector()
		return
	}
	a.fillBytes(st, a.inspectorEl.Call("querySelector", ":scope > .bytes"))
}

// patchInspector draws parts, and st's rows, over those on screen where they
// differ, and reports true; false, having changed nothing, when what is on
// screen is not alike enough (other parts, a byte view of another width or
// not drawn whole, rows enough to take a while). The rows are compared and
// drawn a few milliseconds' worth per task, as fillBytes draws them: a
// message of a thousand names has thousands, and an edit that moves its
// later bytes changes every row after.
func (a *App) patchInspector(st *handshake.Step, parts []*tree.Node) bool {
	old, h := a.drawn.inspectorParts, &a.hex
	if old == nil || len(old) != len(parts) {
		return false
	}
	for i, p := range parts {
		if p.Tag != old[i].Tag || p.Tag == "div" && !tree.SameNode(p, old[i]) {
			return false // the byte view's box (a div) is kept with its rows
		}
	}
	var v ui.HexView
	if len(st.Bytes) > 0 {
		if !h.filled || h.list.IsUndefined() {
			return false
		}
		v = ui.Hex(st.Bytes, st.Fields, a.byteWidth())
		if len(v.Nodes)+len(v.Rows) > rowsPatched {
			return false
		}
	}
	shown := children(a.inspectorEl)
	if len(shown) != len(parts) {
		return false
	}
	if len(st.Bytes) > 0 {
		// Both lists at their top, as drawn anew; set before anything
		// changes, while the page's layout is the one on screen (after,
		// it would be laid out again at once).
		h.list.Set("scrollTop", 0)
		h.dump.Set("scrollTop", 0)
	}
	for i, p := range parts {
		if !tree.SameNode(p, old[i]) {
			shown[i].Call("replaceWith", fragment(parts[i:i+1]))
		}
	}
	a.drawn.inspectorParts = parts
	if len(st.Bytes) == 0 {
		a.markInspector()
		return true
	}
	// As drawn anew: nothing highlighted, the first row the tab stop. Until
	// every row is patched the view is not whole (filled): a newer drawing
	// meanwhile draws it anew.
	h.mark(h.on[0], h.on[1], false)
	if h.tab != 0 {
		rows := h.list.Get("children")
		if h.tab < rows.Length() {
			setAttr(rows.Index(h.tab), "tabindex", "-1")
		}
		if rows.Length() > 0 {
			setAttr(rows.Index(0), "tabindex", "0")
		}
	}
	*h = hexView{view: v, list: h.list, dump: h.dump, fields: h.fields, hexes: h.hexes, patching: true}
	lists := [2]rowPatch{{parent: h.list, old: len(h.fields), rows: &h.fields}, {parent: h.dump, old: len(h.hexes), rows: &h.hexes}}
	gen := a.drawn.inspector
	n := len(v.Nodes) + len(v.Rows)
	flush := func(int) { lists[0].flush(); lists[1].flush() }
	a.inChunks(func() bool { return gen == a.drawn.inspector }, 0, n, func(i int) {
		if i < len(v.Nodes) {
			lists[0].row(i, tree.FieldRow(v, i))
		} else {
			lists[1].row(i-len(v.Nodes), tree.HexRow(v, i-len(v.Nodes)))
		}
	}, func() {
		flush(n)
		lists[0].cut(len(v.Nodes))
		lists[1].cut(len(v.Rows))
		h.whole()
		a.markInspector()
	}, flush)
	return true
}

// rowPatch draws one list's rows over those drawn (rows, their trees), a
// run of differing rows in one go.
type rowPatch struct {
	parent js.Value
	old    int           // how many rows were drawn before the patch
	rows   *[]*tree.Node // the trees of the rows on screen
	from   int           // the first row of the run waiting, if any
	run    []*tree.Node
}

// row is row i of the list as it is now.
func (p *rowPatch) row(i int, n *tree.Node) {
	rows := *p.rows
	if i < len(rows) && tree.SameNode(rows[i], n) {
		p.flush()
		return
	}
	// A run is of rows all drawn before, or all new.
	if len(p.run) > 0 && (p.from+len(p.run) != i || i == p.old) {
		p.flush()
	}
	if len(p.run) == 0 {
		p.from = i
	}
	p.run = append(p.run, n)
}

// flush draws the run waiting.
func (p *rowPatch) flush() {
	if len(p.run) == 0 {
		return
	}
	rows := *p.rows
	if p.from >= p.old {
		p.parent.Call("appendChild", fragment(p.run))
		*p.rows = append(rows, p.run...)
		p.run = p.run[:0]
		return
	}
	shown := p.parent.Get("children")
	if len(p.run) == 1 {
		shown.Index(p.from).Call("replaceWith", fragment(p.run))
	} else {
		r := jsDoc.Call("createRange")
		r.Call("setStartBefore", shown.Index(p.from))
		r.Call("setEndAfter", shown.Index(p.from+len(p.run)-1))
		r.Call("deleteContents")
		r.Call("insertNode", fragment(p.run))
	}
	copy(rows[p.from:], p.run)
	p.run = p.run[:0]
}

// cut takes away the rows from n on.
func (p *rowPatch) cut(n int) {
	rows := *p.rows
	if n >= len(rows) {
		return
	}
	shown := p.parent.Get("children")
	r := jsDoc.Call("createRange")
	r.Call("setStartBefore", shown.Index(n))
	r.Call("setEndAfter", p.parent.Get("lastElementChild"))
	r.Call("deleteContents")
	*p.rows = rows[:n]
}

// rowsPatched is how many rows a byte view may have to be patched in one task
// (a thousand take a few milliseconds to compare); one with more is drawn
// anew, a batch per task.
const rowsPatched = 1500

// byteWidth is how many bytes a row of the hex dump shows.
func (a *App) byteWidth() int {
	if win.Get("innerWidth").Int() < 560 {
		return 8
	}
	return 16
}

// markInspector says which run the inspector shows (data-run, as the
// verdict's), once drawn whole: tests wait for it, as it may be drawn a
// moment after the verdict, its bytes over several tasks.
func (a *App) markInspector() { setAttr(a.inspectorEl, "data-run", strconv.Itoa(a.runs)) }

// renderInspectorSoon draws the inspector once the browser is idle (the new
// verdict is on screen by then), unless it is drawn meanwhile. While a person
// types it waits for a pause (typingPause): an edit re-signs the certificate
// the inspector mostly shows, so drawing its bytes after every keystroke
// (rows patched, laid out, painted) would only take the processor from the
// engine playing the next keystroke, for bytes about to change again.
func (a *App) renderInspectorSoon() {
	gen := a.drawn.inspector
	var try func()
	try = func() {
		whenIdle(func() {
			a.post(func() {
				if a.drawn.inspector != gen {
					return
				}
				if wait := a.typingPause(); wait > 0 {
					time.AfterFunc(wait, try)
					return
				}
				a.drawInspector(true)
			})
		})
	}
	try()
}

// typingPause is how long the inspector waits before it is drawn: until the
// run of an edit made within a second has answered, and typingQuiet after
// the last edit.
func (a *App) typingPause() time.Duration {
	if a.inFlight && !a.replaying && time.Since(a.lastEdit) < time.Second {
		return typingQuiet
	}
	if since := time.Since(a.lastEdit); since < typingQuiet {
		return typingQuiet - since
	}
	return 0
}

// typingQuiet is the pause in a person's edits after which the inspector
// shows the run on screen.
const typingQuiet = 150 * time.Millisecond

// fillBytes draws the rows of a step's byte view into box (tree.ByteView):
// the field tree's, then the hex dump's, a batch per task (a certificate of
// a thousand names has thousands of rows): the browser draws and takes input
// in between, and a newer inspector stops the filling.
func (a *App) fillBytes(st *handshake.Step, box js.Value) {
	v := ui.Hex(st.Bytes, st.Fields, a.byteWidth())
	h := &a.hex
	h.view = v
	h.list, h.dump = box.Get("firstElementChild"), box.Get("lastElementChild")
	gen := a.drawn.inspector
	current := func() bool { return gen == a.drawn.inspector }
	// The rows made go on the page in batches, so that the time a task takes
	// counts them: field rows first, then the hex dump's.
	var batch []*tree.Node
	flush := func(made int) {
		if len(batch) == 0 {
			return
		}
		to := h.list
		if made > len(v.Nodes) {
			to = h.dump
		}
		to.Call("appendChild", fragment(batch))
		batch = batch[:0]
	}
	n := len(v.Nodes) + len(v.Rows)
	a.inChunks(current, rowsAtOnce, n, func(i int) {
		if i < len(v.Nodes) {
			batch = append(batch, tree.FieldRow(v, i))
			h.fields = append(h.fields, batch[len(batch)-1])
		} else {
			batch = append(batch, tree.HexRow(v, i-len(v.Nodes)))
			h.hexes = append(h.hexes, batch[len(batch)-1])
		}
		if len(batch) == rowsPerBatch || i == len(v.Nodes)-1 {
			flush(i + 1)
		}
	}, func() {
		flush(n)
		h.whole()
		a.markInspector()
	}, flush)
}

// chunkFor is how long the page works on one task of a long drawing before
// it lets the browser draw and take input.
const chunkFor = 8 * time.Millisecond

// rowsPerBatch is how many rows of the byte view go on the page in one call.
const rowsPerBatch = 40

// rowsAtOnce is how many rows of the byte view the inspector draws in its
// first task: a message of a few hundred bytes is drawn at once.
const rowsAtOnce = 120

// inChunks calls f(i) for i from 0 to n-1: at least first now, and as many
// more as chunkFor allows, the rest in later tasks, while current holds;
// pause(i) ends each task but the last, with i made; then done.
func (a *App) inChunks(current func() bool, first, n int, f func(i int), done func(), pause func(i int)) {
	var from func(i int)
	from = func(i int) {
		start := time.Now()
		for ; i < n; i++ {
			if i >= first && time.Since(start) > chunkFor {
				pause(i)
				a.later(func() {
					if current() {
						from(i)
					}
				})
				return
			}
			f(i)
		}
		done()
	}
	from(0)
}
