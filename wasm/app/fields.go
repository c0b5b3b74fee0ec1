//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/tlsplay/tlsplay/scenario"
)

// fieldSet is the text fields of a panel (the probe's, the paste box's), by
// the name ui gives them; each has an element "<prefix><name>-problem" that
// says what is wrong with it.
type fieldSet struct {
	prefix string
	fields map[string]js.Value
}

func newFieldSet(prefix string, names ...string) fieldSet {
	fs := fieldSet{prefix: prefix, fields: map[string]js.Value{}}
	for _, n := range names {
		fs.fields[n] = byID(prefix + n)
	}
	return fs
}

// value is a field's text.
func (fs fieldSet) value(name string) string { return fs.fields[name].Get("value").String() }

// mark shows a field's problem, or clears it for "".
func (fs fieldSet) mark(field, problem string) {
	in, ok := fs.fields[field]
	if !ok {
		return
	}
	setText(byID(fs.prefix+field+"-problem"), problem)
	setAttr(in, "aria-invalid", map[bool]string{true: "true"}[problem != ""])
}

// showProblems marks every field with its problems, clears the others, and
// puts the focus on the first field with one; false when there were any.
func (fs fieldSet) showProblems(problems []scenario.Problem) bool {
	for f := range fs.fields {
		fs.mark(f, "")
	}
	for _, pr := range problems {
		fs.mark(pr.Field, pr.Message)
	}
	if len(problems) > 0 {
		fs.fields[problems[0].Field].Call("focus")
	}
	return len(problems) == 0
}
