//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/ui"
)

// hexView remembers the elements of the byte view on screen, per leaf, so that
// hovering links a field and its bytes without a query.
type hexView struct {
	segs  [][]js.Value // the byte runs of each leaf (hex and text columns)
	nodes []js.Value   // the field tree's rows, and their leaf ranges
	lo    []int
	hi    []int
	on    [2]int // the highlighted leaves
	view  ui.HexView
	list  js.Value // the field tree
	tab   int      // the row that is the field list's one tab stop
}

// focus moves the field list's tab stop, and the focus, to row i.
func (h *hexView) focus(i int) {
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

func (h *hexView) highlight(lo, hi int) {
	if h.on == [2]int{lo, hi} {
		return
	}
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
		setClass(n, "hl", on && h.lo[i] >= lo && h.hi[i] <= hi && hi > lo)
	}
}

// renderInspector shows the selected step: what it is, its certificates, its
// bytes with their fields, and the key log when it is a secret.
func (a *App) renderInspector() {
	defer span("inspector")()
	a.drawn.inspector++
	a.hex = hexView{}
	t := a.trace
	if a.selected < 0 || a.selected >= len(t.Steps) {
		replace(a.inspectorEl, el("p", cls("hint"), "Pick a message in the handshake to see its bytes."))
		a.markInspector()
		return
	}
	st := &t.Steps[a.selected]
	who := "the courier"
	if st.Side == handshake.Server {
		who = "the bank"
	}
	facts := []any{el("span", cls("tag"), strings.ReplaceAll(st.Kind.String(), "_", " "))}
	switch st.Kind {
	case handshake.KindCheck:
		facts = append(facts, "checked by "+who)
	case handshake.KindSecret:
		facts = append(facts, "learned by "+who)
	default:
		facts = append(facts, "sent by "+who)
	}
	if len(st.Bytes) > 0 {
		facts = append(facts, " · "+strconv.Itoa(len(st.Bytes))+" bytes")
	}
	if st.Encrypted {
		if st.Kind == handshake.KindRecord {
			facts = append(facts, " · ciphertext as it crossed the wire")
		} else {
			facts = append(facts, " · travelled encrypted, shown decrypted with the key log")
		}
	}
	parts := []any{
		el("h3", ui.StepLabel(st)),
		el("p", cls("facts"), facts),
		el("p", cls("step-words"), ui.StepWords(t, a.selected)),
	}
	if st.Kind == handshake.KindCheck {
		parts = append(parts, checkFacts(st))
	} else if st.Detail != "" {
		parts = append(parts, el("p", cls("detail"), st.Detail))
	}
	for i, c := range st.Certs {
		parts = append(parts, certCard(i, c))
	}
	if len(st.Bytes) > 0 {
		parts = append(parts, a.byteView(st))
	} else {
		a.markInspector()
	}
	if st.Kind == handshake.KindSecret && t.KeyLog != "" {
		parts = append(parts, el("details", cls("keylog"),
			el("summary", "The whole key log (NSS format, as Wireshark reads it)"),
			el("pre", t.KeyLog)))
	}
	replace(a.inspectorEl, parts...)
}

// markInspector says which run the inspector shows (data-run, as the
// verdict's), once drawn whole: tests wait for it, as it may be drawn a
// moment after the verdict, its bytes over several tasks.
func (a *App) markInspector() { setAttr(a.inspectorEl, "data-run", strconv.Itoa(a.runs)) }

// renderInspectorSoon draws the inspector once the browser is idle (the new
// verdict is on screen by then; while a person types, only the last edit's
// inspector is drawn), unless it is drawn meanwhile.
func (a *App) renderInspectorSoon() {
	gen := a.drawn.inspector
	whenIdle(func() {
		a.post(func() {
			if a.drawn.inspector == gen {
				a.renderInspector()
			}
		})
	})
}

var checkResults = map[string]string{ui.Pass: "passed", ui.Fail: "failed", ui.Advisory: "would fail, but verify=False does not enforce it"}

func checkFacts(st *handshake.Step) js.Value {
	state := ui.CheckState(st)
	dl := el("dl", cls("check-facts "+state), el("dt", "Result"), el("dd", checkResults[state]))
	if st.Detail != "" {
		add(dl, el("dt", "Evidence"), el("dd", st.Detail))
	}
	if st.Reason != nil {
		setAttr(dl, "data-reason", st.Reason.String())
	}
	return dl
}

// certCard is one decoded certificate.
func certCard(i int, c handshake.CertSummary) js.Value {
	dl := el("dl")
	for _, r := range ui.CertRows(c) {
		add(dl, el("dt", r.Label), el("dd", r.Value))
	}
	pos := "the leaf"
	if i > 0 {
		pos = "certificate " + strconv.Itoa(i+1)
	}
	if c.SelfSigned {
		pos += ", self-signed"
	}
	return el("details", cls("cert"), attr{"open", openAttr(i == 0)},
		el("summary", el("span", cls("cert-pos"), pos), " ", el("strong", c.Subject)), dl)
}

func openAttr(open bool) string {
	if open {
		return "open"
	}
	return ""
}

// byteView is the field tree next to the hex dump; hovering either highlights
// the other. Its rows are added a few milliseconds' worth per task (a
// certificate of a thousand names has thousands of rows): the browser draws
// and takes input in between, and a newer inspector stops the filling.
func (a *App) byteView(st *handshake.Step) js.Value {
	width := 16
	if win.InnerWidth() < 560 {
		width = 8
	}
	v := ui.Hex(st.Bytes, st.Fields, width)
	a.hex = hexView{segs: make([][]js.Value, v.Leaves), view: v}

	// One tab stop: the arrow keys move within the list (ui.FieldKeys).
	tree := el("ol", cls("fields"), attr{"aria-label", "fields (arrow keys move between them)"})
	a.hex.list = tree
	dump := el("div", cls("hex w"+strconv.Itoa(width)), attr{"role", "img"}, attr{"aria-label", "the bytes in hexadecimal"})
	node := func(i int) {
		n := v.Nodes[i]
		tab := "-1"
		if i == 0 {
			tab = "0"
		}
		row := el("li", cls("frow depth-"+strconv.Itoa(min(n.Depth, 6))), attr{"data-node", strconv.Itoa(i)},
			attr{"data-lo", strconv.Itoa(n.Lo)}, attr{"data-hi", strconv.Itoa(n.Hi)}, attr{"tabindex", tab},
			el("span", cls("fname"), n.Name),
			el("span", cls("fval"), n.Value),
			el("span", cls("frange"), "["+strconv.Itoa(n.Offset)+"+"+strconv.Itoa(n.Length)+"]"))
		if n.Leaf < 0 {
			setClass(row, "branch", true)
		}
		add(tree, row)
		h := &a.hex
		h.nodes = append(h.nodes, row)
		h.lo, h.hi = append(h.lo, n.Lo), append(h.hi, n.Hi)
	}
	line := func(i int) {
		r := v.Rows[i]
		hexCol, textCol := el("span", cls("hx")), el("span", cls("tx"))
		for i, s := range r.Segs {
			if i > 0 {
				add(hexCol, " ")
			}
			parity := cls("")
			if s.Leaf%2 == 1 {
				parity = cls("odd")
			}
			hs := el("span", attr{"data-leaf", strconv.Itoa(s.Leaf)}, parity, s.Hex)
			ts := el("span", attr{"data-leaf", strconv.Itoa(s.Leaf)}, parity, s.Text)
			add(hexCol, hs)
			add(textCol, ts)
			a.hex.segs[s.Leaf] = append(a.hex.segs[s.Leaf], hs, ts)
		}
		add(dump, el("div", cls("row"), el("span", cls("off"), ui.Offset(r.Offset)), hexCol, textCol))
	}
	gen := a.drawn.inspector
	current := func() bool { return gen == a.drawn.inspector }
	a.inChunks(current, rowsAtOnce, len(v.Nodes)+len(v.Rows), func(i int) {
		if i < len(v.Nodes) {
			node(i)
		} else {
			line(i - len(v.Nodes))
		}
	}, a.markInspector)
	return el("div", cls("bytes"), tree, dump)
}

// chunkFor is how long the page works on one task of a long drawing before
// it lets the browser draw and take input.
const chunkFor = 8 * time.Millisecond

// rowsAtOnce is how many rows of the byte view the inspector draws in its
// first task: a message of a few hundred bytes is drawn at once.
const rowsAtOnce = 120

// inChunks calls f(i) for i from 0 to n-1: at least first now, and as many
// more as chunkFor allows, the rest in later tasks, while current holds;
// then done.
func (a *App) inChunks(current func() bool, first, n int, f func(i int), done func()) {
	var from func(i int)
	from = func(i int) {
		start := time.Now()
		for ; i < n; i++ {
			if i >= first && time.Since(start) > chunkFor {
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
