package tree

import (
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/ui"
)

// The editor's form: its frame (EditorFrame) and each group of inputs
// (EditorGroup), drawn with the values and problems of the moment. The page
// builds a group's elements from its tree in one call when a story of
// another shape opens, and afterwards changes only what an edit changed on
// the elements themselves (a value, a problem, a fold), never rebuilding the
// field a person is typing in. Every input is found by its id (FieldID),
// labelled by a label for it (a legend for a set of checkboxes) and
// described by its problem and its hint (aria-describedby), and carries the path and
// kind the page reads an edit from (data-path, data-kind).

// FieldID is the element id of the input at path ("certs[2].not_after" is
// f-certs-2-not_after): ids allow only some characters.
func FieldID(path string) string {
	id := []byte("f-")
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '[', '.':
			id = append(id, '-')
		case ']':
		default:
			id = append(id, c)
		}
	}
	return string(id)
}

// MsgID is the element id of the problem of the input at path.
func MsgID(path string) string { return FieldID(path) + "-msg" }

// HintID is the element id of the hint of the input at path: text beside
// it, not a placeholder, which a narrow screen cuts off and typing hides.
func HintID(path string) string { return FieldID(path) + "-hint" }

// BoxID is the element id of the checkbox for value of the set of
// checkboxes at path.
func BoxID(path, value string) string { return FieldID(path) + "-" + value }

// Problems is what a field's or a group's problem line says.
func Problems(problems []string) string { return strings.Join(problems, " · ") }

// EditorFrame is the form without its groups: the scenario's groups, then
// the certificates', each list empty, and the button that adds a
// certificate with its problem line.
func EditorFrame() []*Node {
	return []*Node{
		El("div", Class("groups")),
		El("h3", Class("certs-title"), "Certificates"),
		El("div", Class("groups certs")),
		El("button", Attr{"type", "button"}, Class("add"), Attr{"data-op", string(ui.Add)}, Attr{"data-path", "certs"},
			Attr{"aria-describedby", MsgID("certs")}, "Add a certificate"),
		// What the editor says of the number of certificates (ui's
		// Editor.Adding), where the person adding one looks.
		El("p", Class("problem"), Attr{"id", MsgID("certs")}, Attr{"role", "alert"}, Attr{"hidden", "hidden"}),
	}
}

// EditorStatus is what the editor says above its form: whether an edit
// runs the handshake, and the problems no field owns.
func EditorStatus(status string, general []string) []*Node {
	out := []*Node{El("p", status)}
	if len(general) > 0 {
		ul := El("ul", Class("problems"))
		for _, p := range general {
			ul.Kids = append(ul.Kids, El("li", p))
		}
		out = append(out, ul)
	}
	return out
}

// EditorGroup is one group of the editor: a fold whose summary is its title
// (.gtitle) and note (.gnote), holding its problem line, its action buttons
// (data-op), its inputs, the knobs few stories need folded under
// "Advanced", and for a removable certificate the button that removes it.
func EditorGroup(g ui.Group) *Node {
	body := El("div", Class("gbody"), Attr{"role", "group"}, Attr{"aria-label", g.Title},
		problem(Attr{"role", "alert"}, g.Problems))
	for _, act := range g.Actions {
		body.add([]any{El("button", Attr{"type", "button"}, Class("action"), Attr{"data-op", string(act.Op)}, Attr{"data-path", act.Path},
			Attr{"title", act.Hint}, Attr{"aria-disabled", Off(act.Disabled)}, act.Label)})
	}
	var advanced *Node
	for _, in := range g.Inputs {
		if !in.Advanced {
			body.add([]any{editorInput(in)})
			continue
		}
		if advanced == nil {
			advanced = El("div", Class("gbody adv-body"))
			body.add([]any{El("details", Class("advanced"), Attr{"open", flag(g.AdvancedOpen, "open")}, El("summary", "Advanced"), advanced)})
		}
		advanced.add([]any{editorInput(in)})
	}
	if g.Removable {
		body.add([]any{El("button", Attr{"type", "button"}, Class("remove"), Attr{"data-op", string(ui.Remove)}, Attr{"data-path", g.ID},
			Attr{"aria-label", RemoveLabel(g.Title)}, "Remove this certificate")})
	}
	return El("details", Class("group"), Attr{"data-group", g.ID}, Attr{"open", flag(g.Open, "open")},
		El("summary", El("span", Class("gtitle"), g.Title), El("span", Class("gnote"), g.Note)), body)
}

// RemoveLabel is the name of a certificate's Remove button.
func RemoveLabel(title string) string { return "Remove " + title }

// Off is the aria-disabled of an action that would change nothing: a button
// so marked, not disabled, keeps the focus of the person who just pressed it
// (a disabled one drops it to the page), and a screen reader says it is off.
func Off(off bool) string { return flag(off, "true") }

// flag is the value of a boolean attribute: v when on, none when off.
func flag(on bool, v string) string {
	if on {
		return v
	}
	return ""
}

// problem is a problem line: hidden when there is none.
func problem(id Attr, problems []string) *Node {
	return El("p", Class("problem"), id, Attr{"hidden", flag(len(problems) == 0, "hidden")}, Problems(problems))
}

// editorInput is one input with its label, its hint and its problem line.
func editorInput(in ui.Input) *Node {
	id := FieldID(in.Path)
	msg := problem(Attr{"id", MsgID(in.Path)}, in.Problems)
	var hint *Node
	described := MsgID(in.Path)
	if in.Hint != "" {
		hint = El("p", Class("fhint"), Attr{"id", HintID(in.Path)}, in.Hint)
		described += " " + HintID(in.Path)
	}
	invalid := Attr{"aria-invalid", flag(len(in.Problems) > 0, "true")}
	common := []any{Attr{"id", id}, Attr{"name", in.Path}, Attr{"data-path", in.Path}, Attr{"data-kind", string(in.Kind)},
		Attr{"aria-describedby", described}}
	switch in.Kind {
	case ui.Check:
		box := El("input", Attr{"type", "checkbox"}, common, Attr{"checked", flag(in.Value == "true", "checked")}, invalid)
		return El("div", Class("field check"), box, El("label", Attr{"for", id}, in.Label), hint, msg)
	case ui.Checks:
		fs := El("fieldset", Class("field checks"), Attr{"id", id}, Attr{"data-path", in.Path}, Attr{"aria-describedby", described}, invalid,
			El("legend", in.Label))
		picked := Picked(in.Value)
		for _, o := range in.Options {
			box := El("input", Attr{"type", "checkbox"}, Attr{"value", o.Value}, Attr{"data-path", in.Path},
				Attr{"data-kind", string(ui.Checks)}, Attr{"id", BoxID(in.Path, o.Value)}, Attr{"checked", flag(picked[o.Value], "checked")})
			fs.add([]any{El("span", Class("box"), box, El("label", Attr{"for", BoxID(in.Path, o.Value)}, o.Label))})
		}
		fs.add([]any{hint, msg})
		return fs
	}
	var control *Node
	switch in.Kind {
	case ui.Select:
		control = El("select", common, invalid, SelectOptions(in.Options, in.Value))
	case ui.TextArea:
		control = El("textarea", Attr{"rows", "3"}, common, invalid, in.Value)
	case ui.DateTime:
		control = El("input", Attr{"type", "datetime-local"}, Attr{"step", "1"}, common, invalid, Attr{"value", in.Value})
	case ui.Number:
		control = El("input", Attr{"type", "text"}, Attr{"inputmode", "numeric"}, common, invalid, Attr{"value", in.Value})
	default:
		control = El("input", Attr{"type", "text"}, Attr{"spellcheck", "false"}, Attr{"autocomplete", "off"}, common, invalid,
			Attr{"value", in.Value})
	}
	c := "field " + string(in.Kind)
	if in.Short {
		c += " short"
	}
	return El("div", Class(c), El("label", Attr{"for", id}, in.Label), control, hint, msg)
}

// Picked is the values a set of checkboxes has picked (its value, the
// values joined by commas).
func Picked(value string) map[string]bool {
	picked := map[string]bool{}
	for _, v := range strings.Split(value, ",") {
		picked[strings.TrimSpace(v)] = true
	}
	return picked
}

// SelectOptions is a select's options with value chosen; a value no option
// offers (a shared link can hold anything) is a choice of its own, said to
// be unknown, rather than silently showing another.
func SelectOptions(options []ui.Option, value string) []*Node {
	out := make([]*Node, 0, len(options)+1)
	chosen := false
	for _, o := range options {
		sel := !chosen && o.Value == value
		chosen = chosen || sel
		out = append(out, El("option", Attr{"value", o.Value}, Attr{"selected", flag(sel, "selected")}, o.Label))
	}
	if !chosen {
		out = append(out, El("option", Attr{"value", value}, Attr{"selected", "selected"}, value+" (unknown)"))
	}
	return out
}

// Offers reports whether a select of options offers value.
func Offers(options []ui.Option, value string) bool {
	return slices.ContainsFunc(options, func(o ui.Option) bool { return o.Value == value })
}
