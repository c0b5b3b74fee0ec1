package ui

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/tlsplay/tlsplay/handshake/wire"
)

// Node is one field of an annotated byte view, in a flat list in document
// order. Leaves own bytes; a group's bytes are those of the leaves Lo..Hi-1.
type Node struct {
	_     noCompare
	Name  string
	Value string
	Depth int
	// Offset and Length are the field's bytes.
	Offset, Length int
	// Lo and Hi are the leaves the field covers: itself for a leaf.
	Lo, Hi int
	// Leaf is the leaf index of a leaf, -1 for a group.
	Leaf int
}

// Seg is a run of one leaf's bytes within one hex row.
type Seg struct {
	Leaf int
	Hex  string // "16 03 01"
	Text string // the same bytes as printable ASCII, '.' for the rest
}

// Row is one line of the hex view.
type Row struct {
	Offset int
	Segs   []Seg
}

// HexView is a step's bytes, laid out in rows of a fixed width and split at
// field boundaries, with the field tree that labels them.
type HexView struct {
	Nodes  []Node
	Rows   []Row
	Leaves int
}

// Hex lays out b in rows of width bytes. Fields are expected to tile b (the
// decoders guarantee it, wire.CheckTiling tests it); bytes no field covers are
// shown as one "unlabelled" leaf each run so the view never hides a byte.
func Hex(b []byte, fields []wire.Field, width int) HexView {
	if width <= 0 {
		width = 16
	}
	var v HexView
	owner := make([]int, len(b))
	for i := range owner {
		owner[i] = -1
	}
	var walk func(fs []wire.Field, depth int)
	walk = func(fs []wire.Field, depth int) {
		for _, f := range fs {
			at := len(v.Nodes)
			v.Nodes = append(v.Nodes, Node{Name: f.Name, Value: f.Value, Depth: depth,
				Offset: f.Offset, Length: f.Length, Lo: v.Leaves, Leaf: -1})
			if len(f.Sub) > 0 {
				walk(f.Sub, depth+1)
			} else {
				v.Nodes[at].Leaf = v.Leaves
				for i := max(f.Offset, 0); i < min(f.Offset+f.Length, len(b)); i++ {
					owner[i] = v.Leaves
				}
				v.Leaves++
			}
			v.Nodes[at].Hi = v.Leaves
		}
	}
	walk(fields, 0)
	for i := 0; i < len(b); {
		if owner[i] >= 0 {
			i++
			continue
		}
		j := i
		for j < len(b) && owner[j] < 0 {
			owner[j] = v.Leaves
			j++
		}
		v.Nodes = append(v.Nodes, Node{Name: "unlabelled", Value: wire.ByteCount(j - i), Offset: i, Length: j - i,
			Lo: v.Leaves, Hi: v.Leaves + 1, Leaf: v.Leaves})
		v.Leaves++
		i = j
	}
	for off := 0; off < len(b); off += width {
		row := Row{Offset: off}
		end := min(off+width, len(b))
		for i := off; i < end; {
			j := i
			for j < end && owner[j] == owner[i] {
				j++
			}
			row.Segs = append(row.Segs, Seg{Leaf: owner[i], Hex: spacedHex(b[i:j]), Text: printable(b[i:j])})
			i = j
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

func spacedHex(b []byte) string {
	var s strings.Builder
	for i, c := range b {
		if i > 0 {
			s.WriteByte(' ')
		}
		s.WriteString(hex.EncodeToString([]byte{c}))
	}
	return s.String()
}

func printable(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		if c >= 0x20 && c < 0x7f {
			out[i] = c
		} else {
			out[i] = '.'
		}
	}
	return string(out)
}

// Offset formats a row offset as the hex view's gutter shows it.
func Offset(n int) string { return fmt.Sprintf("%04x", n) }

// FieldKeys move the focus within the field list, which is one tab stop: the
// arrow keys go to the next or previous field, Home and End to the first
// and the last. It returns the field to focus, false for a key it leaves to
// the browser.
func FieldKeys(key string, cur, n int) (int, bool) {
	if n == 0 {
		return 0, false
	}
	next := cur
	switch key {
	case "ArrowDown", "ArrowRight":
		next = cur + 1
	case "ArrowUp", "ArrowLeft":
		next = cur - 1
	case "Home":
		next = 0
	case "End":
		next = n - 1
	case "PageDown":
		next = cur + 10
	case "PageUp":
		next = cur - 10
	default:
		return cur, false
	}
	return min(max(next, 0), n-1), true
}

// LeafNode is the node of leaf l in the view's field list, -1 if none: the
// field that hovering its bytes brings into view.
func (v HexView) LeafNode(l int) int {
	for i, n := range v.Nodes {
		if n.Leaf == l {
			return i
		}
	}
	return -1
}
