//go:build js && wasm

package main

import (
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/tlsplay/tlsplay/ui"
)

// formView remembers the editor's elements by path, so that an edit updates
// values and messages in place: rebuilding the form on every keystroke would
// take the caret away from the person typing.
type formView struct {
	paths  []string // every input path, in order: the form's shape
	inputs map[string]inputView
	groups map[string]groupView
	// shapes is each group's shape (groupShape) as built: a group whose
	// shape a new story shares is kept, with its inputs, when the form is
	// rebuilt (a form has a few hundred inputs, a story mostly changes its
	// certificates').
	shapes map[string]string
	// status is what the editor's status says (its line and general
	// problems), as drawn.
	status string
	// refold asks the next render to fold and unfold every group as the story
	// wants, rather than only unfolding those with a problem.
	refold bool
}

type inputView struct {
	kind    ui.Kind
	control js.Value   // the input, select or textarea (the fieldset for checks)
	boxes   []js.Value // the checkboxes of a checks input
	msg     js.Value
	options []ui.Option
	// problems is what msg says, once set: an edit mostly changes no
	// input's problems, and a form has a few hundred inputs.
	problems *string
}

type groupView struct {
	box, title, note, msg js.Value
	// adv folds the group's advanced inputs ("Advanced"), null without any;
	// actions are its action buttons, by op.
	adv     js.Value
	actions map[ui.Op]js.Value
	// shown is the title, note and problems the group shows, once set.
	shown *[3]string
}

// renderEditor draws the editor, rebuilding it only when its shape changed.
func (a *App) renderEditor() {
	groups := a.ed.Form()
	var paths []string
	for _, g := range groups {
		for _, in := range g.Inputs {
			paths = append(paths, in.Path)
		}
	}
	if !slices.Equal(paths, a.form.paths) {
		a.buildForm(groups)
		a.form.paths = paths
	}
	active := jsDoc.Get("activeElement")
	defer func() { a.form.refold = false }()
	for _, g := range groups {
		gv := a.form.groups[g.ID]
		// Texts are set only when they changed: setting one, even the same,
		// makes the browser lay the page out again.
		if problems := strings.Join(g.Problems, " · "); gv.shown == nil || *gv.shown != [3]string{g.Title, g.Note, problems} {
			setText(gv.title, g.Title)
			setText(gv.note, g.Note)
			showProblems(gv.msg, g.Problems)
			gv.shown = &[3]string{g.Title, g.Note, problems}
			a.form.groups[g.ID] = gv
		}
		switch {
		case a.form.refold:
			gv.box.Set("open", g.Open)
		case g.Open:
			// Unfold a group that has a problem; never fold what a person opened.
			gv.box.Set("open", true)
		}
		if !gv.adv.IsNull() && (a.form.refold || g.AdvancedOpen) {
			gv.adv.Set("open", g.AdvancedOpen)
		}
		for _, act := range g.Actions {
			if b, ok := gv.actions[act.Op]; ok {
				b.Set("disabled", act.Disabled)
			}
		}
		for _, in := range g.Inputs {
			a.updateInput(a.form.inputs[in.Path], in, active)
		}
	}
	general := a.ed.General()
	status := "Every change re-runs the handshake."
	if n := a.ed.ErrCount(); n > 0 {
		status = "Fix the marked fields to run the handshake again."
	}
	if said := status + "\x00" + strings.Join(general, "\x00"); said != a.form.status {
		a.form.status = said
	} else {
		return
	}
	replace(a.editorStatusEl, el("p", status))
	if len(general) > 0 {
		ul := el("ul", cls("problems"))
		for _, p := range general {
			add(ul, el("li", p))
		}
		add(a.editorStatusEl, ul)
	}
}

func showProblems(msg js.Value, problems []string) {
	setText(msg, strings.Join(problems, " · "))
	setHidden(msg, len(problems) == 0)
}

// groupShape is all a group's elements are built from: its values,
// problems, note and folds are set on them afterwards (renderEditor).
func groupShape(g ui.Group) string {
	var b strings.Builder
	for _, s := range []string{g.ID, g.Title, strconv.FormatBool(g.Removable)} {
		b.WriteString(s + "\x00")
	}
	for _, act := range g.Actions {
		for _, s := range []string{string(act.Op), act.Path, act.Label, act.Hint} {
			b.WriteString(s + "\x00")
		}
	}
	for _, in := range g.Inputs {
		for _, s := range []string{in.Path, in.Label, string(in.Kind), in.Hint, strconv.FormatBool(in.Short), strconv.FormatBool(in.Advanced)} {
			b.WriteString(s + "\x00")
		}
		if in.Kind == ui.Checks {
			for _, o := range in.Options {
				b.WriteString(o.Value + "\x01" + o.Label + "\x00")
			}
		}
	}
	return b.String()
}

// buildForm draws every group and input anew, but for the groups whose shape
// is the same as drawn, keeping the focus on the same path if it survives.
func (a *App) buildForm(groups []ui.Group) {
	focused := ""
	if act := jsDoc.Get("activeElement"); act.Truthy() && !act.Get("getAttribute").IsUndefined() {
		focused = attrOf(act, "data-path")
	}
	oldInputs, oldGroups, oldShapes := a.form.inputs, a.form.groups, a.form.shapes
	a.form.inputs = map[string]inputView{}
	a.form.groups = map[string]groupView{}
	a.form.shapes = map[string]string{}
	var sets []js.Value
	var certs []js.Value
	for _, g := range groups {
		shape := groupShape(g)
		a.form.shapes[g.ID] = shape
		if gv, ok := oldGroups[g.ID]; ok && oldShapes[g.ID] == shape {
			a.form.groups[g.ID] = gv
			for _, in := range g.Inputs {
				a.form.inputs[in.Path] = oldInputs[in.Path]
			}
			if strings.HasPrefix(g.ID, "certs[") {
				certs = append(certs, gv.box)
			} else {
				sets = append(sets, gv.box)
			}
			continue
		}
		gv := groupView{title: el("span", cls("gtitle")), note: el("span", cls("gnote")), msg: el("p", cls("problem"), attr{"role", "alert"})}
		var remove any
		if g.Removable {
			remove = el("button", attr{"type", "button"}, cls("remove"), attr{"data-op", string(ui.Remove)}, attr{"data-path", g.ID},
				attr{"aria-label", "Remove " + g.Title}, "Remove this certificate")
		}
		body := el("div", cls("gbody"), attr{"role", "group"}, attr{"aria-label", g.Title}, gv.msg)
		gv.actions = map[ui.Op]js.Value{}
		for _, act := range g.Actions {
			b := el("button", attr{"type", "button"}, cls("action"), attr{"data-op", string(act.Op)}, attr{"data-path", act.Path},
				attr{"title", act.Hint}, act.Label)
			gv.actions[act.Op] = b
			add(body, b)
		}
		// The knobs few stories need fold under "Advanced".
		gv.adv = js.Null()
		var advanced js.Value
		for _, in := range g.Inputs {
			if !in.Advanced {
				add(body, a.buildInput(in))
				continue
			}
			if gv.adv.IsNull() {
				advanced = el("div", cls("gbody adv-body"))
				gv.adv = el("details", cls("advanced"), attr{"open", openAttr(g.AdvancedOpen)}, el("summary", "Advanced"), advanced)
				add(body, gv.adv)
			}
			add(advanced, a.buildInput(in))
		}
		add(body, remove)
		gv.box = el("details", cls("group"), attr{"data-group", g.ID}, attr{"open", openAttr(g.Open)},
			el("summary", gv.title, gv.note), body)
		fs := gv.box
		a.form.groups[g.ID] = gv
		if strings.HasPrefix(g.ID, "certs[") {
			certs = append(certs, fs)
		} else {
			sets = append(sets, fs)
		}
	}
	replace(a.formEl,
		el("div", cls("groups"), sets),
		el("h3", cls("certs-title"), "Certificates"),
		el("div", cls("groups certs"), certs),
		el("button", attr{"type", "button"}, cls("add"), attr{"data-op", string(ui.Add)}, attr{"data-path", "certs"}, "Add a certificate"))
	if focused != "" {
		for _, e := range queryAll(a.formEl, "[data-path]") {
			if attrOf(e, "data-path") == focused && e.Get("tagName").String() != "BUTTON" {
				e.Call("focus")
				break
			}
		}
	}
}

// fieldID is an element id for a path: ids allow only some characters.
func fieldID(path string) string {
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

func (a *App) buildInput(in ui.Input) js.Value {
	id := fieldID(in.Path)
	msg := el("p", cls("problem"), attr{"id", id + "-msg"})
	iv := inputView{kind: in.Kind, msg: msg}
	common := []any{attr{"id", id}, attr{"name", in.Path}, attr{"data-path", in.Path}, attr{"data-kind", string(in.Kind)},
		attr{"aria-describedby", id + "-msg"}}
	var wrap js.Value
	switch in.Kind {
	case ui.Check:
		iv.control = el("input", attr{"type", "checkbox"}, common)
		wrap = el("div", cls("field check"), iv.control, el("label", attr{"for", id}, in.Label), msg)
	case ui.Checks:
		fs := el("fieldset", cls("field checks"), attr{"data-path", in.Path}, el("legend", in.Label))
		for _, o := range in.Options {
			box := el("input", attr{"type", "checkbox"}, attr{"value", o.Value}, attr{"data-path", in.Path},
				attr{"data-kind", string(ui.Checks)}, attr{"id", id + "-" + o.Value})
			iv.boxes = append(iv.boxes, box)
			add(fs, el("span", cls("box"), box, el("label", attr{"for", id + "-" + o.Value}, o.Label)))
		}
		add(fs, msg)
		iv.control = fs
		wrap = fs
	default:
		switch in.Kind {
		case ui.Select:
			iv.control = el("select", common)
		case ui.TextArea:
			iv.control = el("textarea", attr{"rows", "3"}, common)
		case ui.DateTime:
			iv.control = el("input", attr{"type", "datetime-local"}, attr{"step", "1"}, common)
		case ui.Number:
			iv.control = el("input", attr{"type", "text"}, attr{"inputmode", "numeric"}, common)
		default:
			iv.control = el("input", attr{"type", "text"}, attr{"spellcheck", "false"}, attr{"autocomplete", "off"}, common)
		}
		if in.Hint != "" {
			setAttr(iv.control, "placeholder", in.Hint)
		}
		c := "field " + string(in.Kind)
		if in.Short {
			c += " short"
		}
		wrap = el("div", cls(c), el("label", attr{"for", id}, in.Label), iv.control, msg)
	}
	a.form.inputs[in.Path] = iv
	return wrap
}

// updateInput shows an input's value and problems. The focused input keeps what
// the person is typing.
func (a *App) updateInput(iv inputView, in ui.Input, active js.Value) {
	c := iv.control
	switch iv.kind {
	case ui.Check:
		c.Set("checked", in.Value == "true")
	case ui.Checks:
		picked := map[string]bool{}
		for _, v := range strings.Split(in.Value, ",") {
			picked[strings.TrimSpace(v)] = true
		}
		for _, b := range iv.boxes {
			b.Set("checked", picked[attrOf(b, "value")])
		}
	case ui.Select:
		if !slices.Equal(iv.options, in.Options) {
			var opts []js.Value
			for _, o := range in.Options {
				opts = append(opts, el("option", attr{"value", o.Value}, o.Label))
			}
			replace(iv.control, opts)
			iv.options = in.Options
			a.form.inputs[in.Path] = iv
		}
		c.Set("value", in.Value)
		if c.Get("value").String() != in.Value {
			// A value no option offers (a shared link can hold anything): show it
			// as a choice of its own rather than silently showing another.
			add(iv.control, el("option", attr{"value", in.Value}, in.Value+" (unknown)"))
			c.Set("value", in.Value)
			iv.options = nil
			a.form.inputs[in.Path] = iv
		}
	default:
		if !active.Equal(c) {
			if c.Get("value").String() != in.Value {
				c.Set("value", in.Value)
			}
		}
	}
	if problems := strings.Join(in.Problems, " · "); iv.problems == nil || *iv.problems != problems {
		showProblems(iv.msg, in.Problems)
		invalid := ""
		if len(in.Problems) > 0 {
			invalid = "true"
		}
		setAttr(iv.control, "aria-invalid", invalid)
		iv.problems = &problems
		a.form.inputs[in.Path] = iv
	}
}

func openAttr(open bool) string {
	if open {
		return "open"
	}
	return ""
}
