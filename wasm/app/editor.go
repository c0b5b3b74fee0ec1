//go:build js && wasm

package main

import (
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/tlsplay/tlsplay/ui"
	"github.com/tlsplay/tlsplay/ui/tree"
)

// formView is the editor as drawn. Its groups are built from their trees
// (ui/tree's EditorGroup) in one call when the form's shape changes; an edit
// then changes on the page only what differs from what the form remembers it
// drew (or a person typed since): rebuilding the form on every keystroke
// would take the caret away from the person typing, and reading every
// input's value back from the page took a call per input. An input's and a
// group's elements are read off the page only when something of theirs
// changes: every js.Value costs a finalizer, and a form has a few hundred
// inputs.
type formView struct {
	paths  []string // every input path, in order: the form's shape
	inputs map[string]*inputView
	groups map[string]*groupView
	// shapes is each group's shape (groupShape) as built: a group whose
	// shape a new story shares is kept, with its inputs, when the form is
	// rebuilt (a story mostly changes its certificates').
	shapes map[string]string
	// sets and certs are the lists of groups (tree.EditorFrame), once drawn.
	sets, certs js.Value
	// status is what the editor's status says (its line and general
	// problems), as drawn.
	status string
	// adding is what the "Add a certificate" button and the line beside it
	// say (ui's Editor.Adding), as drawn.
	adding struct {
		disabled bool
		say      string
	}
	// refold asks the next render to fold and unfold every group as the story
	// wants, rather than only unfolding those with a problem.
	refold bool
	// focus is the path of the input the next render puts the focus on,
	// unfolding its group (ui's Editor.FocusAfter): "" for none.
	focus string
	// committed is the path of the input whose value the person committed
	// last (Enter, or leaving it): the next render shows it as read (a URL
	// pasted in Dials as its host), focused or not.
	committed string
}

// inputView is one input as drawn.
type inputView struct {
	path string
	kind ui.Kind
	// value is what the input shows: as drawn, or as a person typed or
	// picked since (see App.edit).
	value    string
	problems string
	// options are a select's, or a set of checkboxes', as drawn.
	options []ui.Option
	// control (the fieldset of a set of checkboxes), msg and boxes (a set's
	// checkboxes) are read off the page when first needed.
	control, msg js.Value
	boxes        []js.Value
}

func (iv *inputView) controlEl() js.Value {
	if iv.control.IsUndefined() {
		iv.control = jsDoc.Call("getElementById", tree.FieldID(iv.path))
	}
	return iv.control
}

func (iv *inputView) msgEl() js.Value {
	if iv.msg.IsUndefined() {
		iv.msg = jsDoc.Call("getElementById", tree.MsgID(iv.path))
	}
	return iv.msg
}

// groupView is one group as drawn.
type groupView struct {
	id  string
	box js.Value
	// title, note, msg (its problems), body (named by the title) and adv
	// (the fold of its advanced inputs; hasAdv says there is one) are read
	// off the page when first needed.
	title, note, msg, body, adv js.Value
	hasAdv                      bool
	// shown is the title, note and problems the group shows.
	shown [3]string
	// disabled is which of its action buttons are disabled.
	disabled map[ui.Op]bool
}

// el finds the element of the group matching sel, once.
func (gv *groupView) el(e *js.Value, sel string) js.Value {
	if e.IsUndefined() {
		*e = gv.box.Call("querySelector", sel)
	}
	return *e
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
	active := activeID()
	if a.form.refold || active == tree.FieldID(a.form.committed) {
		// A story opened (picked, a link, Back or Forward), or the focused
		// field's value committed: it shows the value as read too, not what
		// was typed for the story left, or before it was read.
		active = ""
	}
	a.form.committed = ""
	defer func() { a.form.refold = false }()
	defer a.focusAfterEdit()
	for _, g := range groups {
		gv := a.form.groups[g.ID]
		// Texts are set only when they changed: setting one, even the same,
		// makes the browser lay the page out again.
		if shown := [3]string{g.Title, g.Note, tree.Problems(g.Problems)}; gv.shown != shown {
			if gv.shown[0] != g.Title {
				setText(gv.el(&gv.title, ":scope > summary > .gtitle"), g.Title)
				setAttr(gv.el(&gv.body, ":scope > .gbody"), "aria-label", g.Title)
				if g.Removable {
					setAttr(gv.box.Call("querySelector", ":scope > .gbody > .remove"), "aria-label", tree.RemoveLabel(g.Title))
				}
			}
			if gv.shown[1] != g.Note {
				setText(gv.el(&gv.note, ":scope > summary > .gnote"), g.Note)
			}
			if gv.shown[2] != shown[2] {
				showProblems(gv.el(&gv.msg, ":scope > .gbody > .problem"), shown[2])
			}
			gv.shown = shown
		}
		switch {
		case a.form.refold:
			gv.box.Set("open", g.Open)
		case g.Open:
			// Unfold a group that has a problem; never fold what a person opened.
			gv.box.Set("open", true)
		}
		if gv.hasAdv && (a.form.refold || g.AdvancedOpen) {
			gv.el(&gv.adv, ":scope > .gbody > details.advanced").Set("open", g.AdvancedOpen)
		}
		for _, act := range g.Actions {
			if gv.disabled[act.Op] != act.Disabled {
				setAttr(gv.box.Call("querySelector", `:scope > .gbody > button[data-op="`+string(act.Op)+`"]`), "aria-disabled", tree.Off(act.Disabled))
				gv.disabled[act.Op] = act.Disabled
			}
		}
		for _, in := range g.Inputs {
			a.form.inputs[in.Path].update(in, active)
		}
	}
	if disabled, say := a.ed.Adding(); disabled != a.form.adding.disabled || say != a.form.adding.say {
		setAttr(a.formEl.Call("querySelector", ":scope > button.add"), "aria-disabled", tree.Off(disabled))
		showProblems(jsDoc.Call("getElementById", tree.MsgID("certs")), say)
		a.form.adding.disabled, a.form.adding.say = disabled, say
	}
	general := a.ed.General()
	status := "Every change re-runs the handshake."
	if n := a.ed.ErrCount(); n > 0 {
		status = "Fix the marked fields to run the handshake again."
	}
	if said := status + "\x00" + strings.Join(general, "\x00"); said != a.form.status {
		a.form.status = said
		replaceWith(a.editorStatusEl, tree.EditorStatus(status, general))
	}
}

// activeID is the id of the element that has the focus, "" for none.
func activeID() string {
	act := jsDoc.Get("activeElement")
	if !act.Truthy() {
		return ""
	}
	id := act.Get("id")
	if id.Type() != js.TypeString {
		return ""
	}
	return id.String()
}

// showProblems says a field's or a group's problems on its problem line,
// hidden when there are none.
func showProblems(msg js.Value, problems string) {
	setText(msg, problems)
	setHidden(msg, problems == "")
}

// groupShape is all a group's elements are built from but what renderEditor
// sets on them afterwards (values, options, problems, titles, notes, folds):
// two groups of one shape differ only in those. A certificate's group keeps
// its shape from story to story (its title names the certificate): a story
// with as many certificates as the one before builds no element anew, and
// adding form fields costs more than the building (the browser's autofill
// reads the whole form again, in a task of tens of milliseconds).
func groupShape(g ui.Group) string {
	var b strings.Builder
	for _, s := range []string{g.ID, strconv.FormatBool(g.Removable)} {
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

// buildForm draws the groups of another shape than drawn, from their trees
// in one call, each in its place, and takes away those gone; the focus
// stays on the input it was on if that survives.
func (a *App) buildForm(groups []ui.Group) {
	focused := activeID()
	if a.form.sets.IsUndefined() {
		replaceWith(a.formEl, tree.EditorFrame())
		a.form.sets = a.formEl.Call("querySelector", ":scope > .groups:not(.certs)")
		a.form.certs = a.formEl.Call("querySelector", ":scope > .groups.certs")
	}
	oldInputs, oldGroups, oldShapes := a.form.inputs, a.form.groups, a.form.shapes
	a.form.inputs = map[string]*inputView{}
	a.form.groups = map[string]*groupView{}
	a.form.shapes = map[string]string{}
	var built []*tree.Node
	var fresh []*groupView
	for _, g := range groups {
		shape := groupShape(g)
		a.form.shapes[g.ID] = shape
		if gv, ok := oldGroups[g.ID]; ok && oldShapes[g.ID] == shape {
			a.form.groups[g.ID] = gv
			for _, in := range g.Inputs {
				a.form.inputs[in.Path] = oldInputs[in.Path]
			}
			continue
		}
		// Drawn as it is now: renderEditor finds nothing to change.
		gv := &groupView{id: g.ID, shown: [3]string{g.Title, g.Note, tree.Problems(g.Problems)}, disabled: map[ui.Op]bool{}}
		for _, act := range g.Actions {
			gv.disabled[act.Op] = act.Disabled
		}
		for _, in := range g.Inputs {
			gv.hasAdv = gv.hasAdv || in.Advanced
			a.form.inputs[in.Path] = &inputView{path: in.Path, kind: in.Kind, value: in.Value, problems: tree.Problems(in.Problems), options: in.Options}
		}
		a.form.groups[g.ID] = gv
		built = append(built, tree.EditorGroup(g))
		fresh = append(fresh, gv)
	}
	if len(built) > 0 {
		f := fragment(built)
		for i, box := range children(f) {
			fresh[i].box = box
		}
	}
	// Only the groups built go on the page, and only those gone leave it: a
	// group moved is one added, and fields added make the browser's autofill
	// read the whole form again.
	for id, gv := range oldGroups {
		if a.form.groups[id] != gv {
			gv.box.Call("remove")
		}
	}
	kept := func(gv *groupView) bool { return oldGroups[gv.id] == gv }
	var sets, certs []*groupView
	for _, g := range groups {
		gv := a.form.groups[g.ID]
		if strings.HasPrefix(g.ID, "certs[") {
			certs = append(certs, gv)
		} else {
			sets = append(sets, gv)
		}
	}
	for _, list := range []struct {
		box    js.Value
		groups []*groupView
	}{{a.form.sets, sets}, {a.form.certs, certs}} {
		for i, gv := range list.groups {
			if kept(gv) {
				continue
			}
			before := js.Null() // the next group kept, in place already
			for _, next := range list.groups[i+1:] {
				if kept(next) {
					before = next.box
					break
				}
			}
			list.box.Call("insertBefore", gv.box, before)
		}
	}
	if focused != "" && activeID() != focused {
		if e := jsDoc.Call("getElementById", focused); e.Truthy() && a.formEl.Call("contains", e).Bool() {
			e.Call("focus")
		}
	}
}

// update shows an input's value and problems where they changed. The
// focused input keeps what the person is typing.
func (iv *inputView) update(in ui.Input, active string) {
	switch iv.kind {
	case ui.Check:
		if iv.value != in.Value {
			iv.controlEl().Set("checked", in.Value == "true")
		}
	case ui.Checks:
		if iv.value != in.Value {
			if iv.boxes == nil {
				iv.boxes = queryAll(iv.controlEl(), `input[type="checkbox"]`)
			}
			picked := tree.Picked(in.Value)
			for i, b := range iv.boxes {
				if i < len(iv.options) {
					b.Set("checked", picked[iv.options[i].Value])
				}
			}
		}
	case ui.Select:
		same := slices.Equal(iv.options, in.Options)
		if same && iv.value == in.Value {
			break
		}
		c := iv.controlEl()
		if !same || !tree.Offers(in.Options, iv.value) || !tree.Offers(in.Options, in.Value) {
			// Options of their own, or one that says the value is unknown.
			replaceWith(c, tree.SelectOptions(in.Options, in.Value))
			iv.options = in.Options
		}
		c.Set("value", in.Value)
	default:
		if active == tree.FieldID(in.Path) {
			return // what the person typed stays, and iv.value is that
		}
		if iv.value != in.Value {
			iv.controlEl().Set("value", in.Value)
		}
	}
	iv.value = in.Value
	if problems := tree.Problems(in.Problems); iv.problems != problems {
		showProblems(iv.msgEl(), problems)
		setAttr(iv.controlEl(), "aria-invalid", map[bool]string{true: "true"}[problems != ""])
		iv.problems = problems
	}
}

// typed notes what a person typed or picked in the input at path: the input
// shows it, whatever the editor makes of it.
func (a *App) typed(path, value string) {
	if iv := a.form.inputs[path]; iv != nil {
		iv.value = value
	}
}

// focusAfterEdit puts the focus where the last edit leaves the person
// (formView.focus), its group unfolded.
func (a *App) focusAfterEdit() {
	path := a.form.focus
	if path == "" {
		return
	}
	a.form.focus = ""
	if in := jsDoc.Call("getElementById", tree.FieldID(path)); in.Truthy() {
		if group := in.Call("closest", "details"); group.Truthy() {
			group.Set("open", true)
		}
		in.Call("focus")
	}
}
