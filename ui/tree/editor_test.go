package tree

import (
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
)

// attr is n's attribute k, and whether it has it.
func attr(n *Node, k string) (string, bool) {
	for i := 0; i+1 < len(n.Attrs); i += 2 {
		if n.Attrs[i] == k {
			return n.Attrs[i+1], true
		}
	}
	return "", false
}

// walk calls f on every element under n, with its ancestors.
func walk(n *Node, up []*Node, f func(n *Node, up []*Node)) {
	if n.Tag == "" {
		return
	}
	f(n, up)
	for _, k := range n.Kids {
		walk(k, append(up, n), f)
	}
}

func TestFieldID(t *testing.T) {
	for _, tt := range []struct{ path, id string }{
		{"client.dial", "f-client-dial"},
		{"certs[2].not_after", "f-certs-2-not_after"},
		{"certs[12].key_usage", "f-certs-12-key_usage"},
		{"story", "f-story"},
	} {
		if got := FieldID(tt.path); got != tt.id {
			t.Errorf("FieldID(%q) = %q, want %q", tt.path, got, tt.id)
		}
	}
}

func TestSelectOptions(t *testing.T) {
	opts := []ui.Option{{Value: "", Label: "Go's default"}, {Value: "tls12", Label: "TLS 1.2"}, {Value: "tls13", Label: "TLS 1.3"}}
	for _, tt := range []struct {
		name, value string
		want        []string // value/label of each option, * before the one chosen
	}{
		{"known", "tls12", []string{"/Go's default", "*tls12/TLS 1.2", "tls13/TLS 1.3"}},
		{"the empty choice", "", []string{"*/Go's default", "tls12/TLS 1.2", "tls13/TLS 1.3"}},
		{"unknown, a choice of its own", "ssl3", []string{"/Go's default", "tls12/TLS 1.2", "tls13/TLS 1.3", "*ssl3/ssl3 (unknown)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, o := range SelectOptions(opts, tt.value) {
				v, _ := attr(o, "value")
				s := v + "/" + o.Texts()
				if _, ok := attr(o, "selected"); ok {
					s = "*" + s
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if Offers(opts, tt.value) != (len(tt.want) == len(opts)) {
				t.Errorf("Offers(%q) = %v", tt.value, Offers(opts, tt.value))
			}
		})
	}
}

// TestEditorForm holds the editor's trees, for every story and for one with
// problems, to what the page relies on: every input is found by its id,
// named by a label (a legend for a set of checkboxes), described by its
// problem line, carries its path and kind, and shows its value; every
// problem is said where it belongs and nowhere else; ids are unique.
func TestEditorForm(t *testing.T) {
	type form struct {
		name string
		ed   *ui.Editor
	}
	var forms []form
	for _, p := range scenario.Presets {
		forms = append(forms, form{p.ID, ui.NewEditor(p.At(scenario.PresetClock))})
	}
	bad := ui.NewEditor(scenario.Lookup("verify-true").At(scenario.PresetClock))
	for _, e := range []ui.Edit{{Op: ui.Set, Path: "certs[2].not_after", Value: "60x"}, {Op: ui.Set, Path: "client.dial", Value: "not a host!"},
		{Op: ui.Set, Path: "server.min_version", Value: "ssl3"}} {
		if err := bad.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	forms = append(forms, form{"verify-true with problems", bad})
	problems := 0
	for _, f := range forms {
		groups := f.ed.Form()
		root := El("form", EditorFrame())
		for _, g := range groups {
			root.Kids = append(root.Kids, EditorGroup(g))
		}
		ids := map[string]*Node{}
		labels := map[string]bool{}
		walk(root, nil, func(n *Node, _ []*Node) {
			if id, ok := attr(n, "id"); ok {
				if ids[id] != nil {
					t.Errorf("%s: two elements with id %q", f.name, id)
				}
				ids[id] = n
			}
			if id, ok := attr(n, "for"); ok && n.Tag == "label" && n.Texts() != "" {
				labels[id] = true
			}
		})
		for _, g := range groups {
			var box *Node
			walk(root, nil, func(n *Node, _ []*Node) {
				if v, _ := attr(n, "data-group"); v == g.ID {
					box = n
				}
			})
			if box == nil {
				t.Fatalf("%s: no group %s", f.name, g.ID)
			}
			if _, open := attr(box, "open"); open != g.Open {
				t.Errorf("%s: group %s open=%v, want %v", f.name, g.ID, open, g.Open)
			}
			if !strings.Contains(box.Texts(), g.Title) || !strings.Contains(box.Texts(), g.Note) {
				t.Errorf("%s: group %s does not say its title %q and note %q", f.name, g.ID, g.Title, g.Note)
			}
			if p := Problems(g.Problems); p != "" && !strings.Contains(box.Texts(), p) {
				t.Errorf("%s: group %s does not say %q", f.name, g.ID, p)
			}
			for _, in := range g.Inputs {
				checkInput(t, f.name, in, ids, labels, box)
				if len(in.Problems) > 0 {
					problems++
				}
			}
		}
	}
	if problems < 3 {
		t.Errorf("only %d inputs with problems were checked", problems)
	}
}

func checkInput(t *testing.T, form string, in ui.Input, ids map[string]*Node, labels map[string]bool, box *Node) {
	t.Helper()
	name := form + ": " + in.Path
	id := FieldID(in.Path)
	c := ids[id]
	if c == nil {
		t.Errorf("%s: no element #%s", name, id)
		return
	}
	var inBox, advanced bool
	walk(box, nil, func(n *Node, up []*Node) {
		if n == c {
			inBox = true
			advanced = slices.ContainsFunc(up, func(u *Node) bool { v, _ := attr(u, "class"); return u.Tag == "details" && v == "advanced" })
		}
	})
	if !inBox || advanced != in.Advanced {
		t.Errorf("%s: in its group %v, under Advanced %v (want %v)", name, inBox, advanced, in.Advanced)
	}
	if p, _ := attr(c, "data-path"); p != in.Path {
		t.Errorf("%s: data-path %q", name, p)
	}
	described, _ := attr(c, "aria-describedby")
	msgID, hintID, _ := strings.Cut(described, " ")
	msg := ids[msgID]
	if msgID != MsgID(in.Path) || msg == nil {
		t.Fatalf("%s: described by %q, which is not its problem line", name, msgID)
	}
	// The hint is text tied to its field, seen while typing and read by a
	// screen reader, not a placeholder (cut off at a phone's width, gone
	// once the person types).
	if hint := ids[hintID]; in.Hint != "" && (hintID != HintID(in.Path) || hint == nil || hint.Texts() != in.Hint) ||
		in.Hint == "" && hintID != "" {
		t.Errorf("%s: described by %q, want its hint %q too", name, described, in.Hint)
	}
	if p, ok := attr(c, "placeholder"); ok {
		t.Errorf("%s: a placeholder %q", name, p)
	}
	_, hidden := attr(msg, "hidden")
	invalid, _ := attr(c, "aria-invalid")
	if msg.Texts() != Problems(in.Problems) || hidden != (len(in.Problems) == 0) || (invalid == "true") != (len(in.Problems) > 0) {
		t.Errorf("%s: problem line %q (hidden %v, aria-invalid %q), want %q", name, msg.Texts(), hidden, invalid, in.Problems)
	}
	if in.Kind == ui.Checks {
		if c.Tag != "fieldset" || len(c.Kids) == 0 || c.Kids[0].Tag != "legend" || c.Kids[0].Texts() != in.Label {
			t.Errorf("%s: a set of checkboxes is a fieldset named by its legend %q", name, in.Label)
		}
		picked := Picked(in.Value)
		for _, o := range in.Options {
			b := ids[BoxID(in.Path, o.Value)]
			if b == nil || !labels[BoxID(in.Path, o.Value)] {
				t.Errorf("%s: no labelled checkbox for %q", name, o.Value)
				continue
			}
			kind, _ := attr(b, "data-kind")
			path, _ := attr(b, "data-path")
			v, _ := attr(b, "value")
			_, checked := attr(b, "checked")
			if kind != string(ui.Checks) || path != in.Path || v != o.Value || checked != picked[o.Value] {
				t.Errorf("%s: checkbox %q: kind %q, path %q, value %q, checked %v", name, o.Value, kind, path, v, checked)
			}
		}
		return
	}
	if !labels[id] {
		t.Errorf("%s: no label for #%s", name, id)
	}
	if k, _ := attr(c, "data-kind"); k != string(in.Kind) {
		t.Errorf("%s: data-kind %q, want %q", name, k, in.Kind)
	}
	var shown string
	switch in.Kind {
	case ui.Check:
		_, checked := attr(c, "checked")
		shown = map[bool]string{true: "true", false: "false"}[checked]
	case ui.Select:
		for _, o := range c.Kids {
			if _, ok := attr(o, "selected"); ok {
				shown, _ = attr(o, "value")
			}
		}
	case ui.TextArea:
		shown = c.Texts()
	default:
		shown, _ = attr(c, "value")
	}
	if shown != in.Value && !(in.Kind == ui.Check && in.Value == "") {
		t.Errorf("%s: shows %q, want %q", name, shown, in.Value)
	}
}
