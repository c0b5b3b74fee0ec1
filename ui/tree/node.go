// Package tree draws the page's parts that carry a story's answer (the
// verdict, the compact verdict, the heading, the story list, the client
// picker and the handshake diagram), the inspector and the editor's form as
// plain Go node trees: tag, attributes, text, children. wasm/app turns a tree
// into DOM elements; `make site` writes every story's answer trees as JSON
// (internal/answers), which the page's boot script (site/paint.js) turns into
// the same elements before the engine has loaded. One renderer, two builders that only create elements, set attributes and
// text: nothing is ever written as HTML. Events are not in a tree: the page
// listens on the parts' containers and reads the data- attributes a tree sets
// (data-preset, data-step, data-whatif), so drawn elements need no binding.
package tree

import (
	"errors"
	"slices"

	"github.com/tlsplay/tlsplay/internal/tjson"
)

// Node is an element, or a text node when Tag is "".
type Node struct {
	Tag   string
	Text  string
	Attrs []string // name, value, name, value… in the order they are set
	Kids  []*Node
}

// Attr is an attribute given to El.
type Attr struct{ K, V string }

// Class is the class attribute: a type of its own, not an Attr made by a
// function, so that a constant class is a constant, with no code to make it.
type Class string

// El is an element. Children are strings (text nodes; "" is none), *Node,
// []*Node, Attr, []any of those, or nil (skipped). An attribute with an empty
// value is no attribute, except an option's value ("" is a choice there).
func El(tag string, children ...any) *Node {
	n := &Node{Tag: tag}
	n.add(children)
	return n
}

func (n *Node) add(children []any) {
	for _, c := range children {
		switch c := c.(type) {
		case nil:
		case string:
			if c != "" {
				n.Kids = append(n.Kids, &Node{Text: c})
			}
		case Attr:
			if c.V != "" || c.K == "value" {
				n.Attrs = append(n.Attrs, c.K, c.V)
			}
		case Class:
			if c != "" {
				n.Attrs = append(n.Attrs, "class", string(c))
			}
		case *Node:
			if c != nil {
				n.Kids = append(n.Kids, c)
			}
		case []*Node:
			for _, k := range c {
				if k != nil {
					n.Kids = append(n.Kids, k)
				}
			}
		case []any:
			n.add(c)
		default:
			panic("tree.El: unexpected child")
		}
	}
}

// Texts is the text of n and everything under it.
func (n *Node) Texts() string {
	if n.Tag == "" {
		return n.Text
	}
	s := ""
	for _, k := range n.Kids {
		s += k.Texts()
	}
	return s
}

// A text node is a JSON string; an element {"t": tag, "a": [name, value, …],
// "c": [children]}.
type element struct {
	T string   `json:"t"`
	A []string `json:"a,omitempty"`
	C []*Node  `json:"c,omitempty"`
}

// MarshalJSON writes n as site/paint.js reads it (see AppendJSON; Marshal
// then escapes <, > and & in it, as it does in its own strings).
func (n *Node) MarshalJSON() ([]byte, error) { return n.appendJSON(nil), nil }

// UnmarshalJSON reads what MarshalJSON writes.
func (n *Node) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		*n = Node{}
		return tjson.Unmarshal(b, &n.Text)
	}
	var e element
	if err := tjson.Unmarshal(b, &e); err != nil {
		return err
	}
	if e.T == "" {
		return errors.New("an element without a tag")
	}
	*n = Node{Tag: e.T, Attrs: e.A, Kids: e.C}
	return nil
}

// Part is the content of one element of site/index.html, found by its id:
// its attributes, and its children unless Keep (then only the attributes
// are set).
type Part struct {
	ID    string   `json:"id"`
	Attrs []string `json:"a,omitempty"`
	Kids  []*Node  `json:"c,omitempty"`
	Keep  bool     `json:"keep,omitempty"`
}

// Same reports whether two parts draw the same. It compares the trees
// themselves: a page compares every beat of a diagram at each edit, and
// encoding both sides (as the JSON the first paint reads) took most of that.
func Same(a, b Part) bool {
	return a.ID == b.ID && a.Keep == b.Keep && slices.Equal(a.Attrs, b.Attrs) && sameKids(a.Kids, b.Kids)
}

// SameNode reports whether two nodes draw the same: a text node's text, an
// element's tag, attributes and children.
func SameNode(a, b *Node) bool {
	switch {
	case a == nil || b == nil:
		return a == b
	case a.Tag != b.Tag:
		return false
	case a.Tag == "":
		return a.Text == b.Text
	}
	return slices.Equal(a.Attrs, b.Attrs) && sameKids(a.Kids, b.Kids)
}

func sameKids(a, b []*Node) bool {
	return slices.EqualFunc(a, b, SameNode)
}

// textPart is a part holding one text.
func textPart(id, text string) Part {
	p := Part{ID: id}
	if text != "" {
		p.Kids = []*Node{{Text: text}}
	}
	return p
}

// AppendJSON appends nodes to b as a JSON array, each node as MarshalJSON
// writes it (but for the escapes of <, > and &, which JSON does not need).
// The page hands its trees so to site/paint.js's builder, in one call:
// reflection (encoding/json's, when it was measured) took longer than the building.
func AppendJSON(b []byte, nodes []*Node) []byte {
	b = append(b, '[')
	for i, n := range nodes {
		if i > 0 {
			b = append(b, ',')
		}
		b = n.appendJSON(b)
	}
	return append(b, ']')
}

func (n *Node) appendJSON(b []byte) []byte {
	if n.Tag == "" {
		return tjson.AppendString(b, n.Text, false)
	}
	b = append(b, `{"t":`...)
	b = tjson.AppendString(b, n.Tag, false)
	if len(n.Attrs) > 0 {
		b = append(b, `,"a":[`...)
		for i, a := range n.Attrs {
			if i > 0 {
				b = append(b, ',')
			}
			b = tjson.AppendString(b, a, false)
		}
		b = append(b, ']')
	}
	if len(n.Kids) > 0 {
		b = append(b, `,"c":`...)
		b = AppendJSON(b, n.Kids)
	}
	return append(b, '}')
}
