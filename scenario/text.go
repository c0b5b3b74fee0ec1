package scenario

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Text from a scenario travels far: into the files of a reproduce kit that a
// person runs, into a terminal, into a README. Some characters are not text
// there but orders: a terminal obeys ESC and CR, a line break ends a comment
// or a line of a script, and the bidirectional controls show text in another
// order than a program reads it ("Trojan Source", CVE-2021-42574). No text
// field of a scenario may hold them (Validate), and text from elsewhere (a Go
// error, a decoded field) is written with them escaped (Visible).

// Unsafe reports whether r is a character that is an order rather than text:
// a C0 control (line breaks and TAB included), DEL, a C1 control, a
// bidirectional embedding, override or isolate (U+202A..U+202E,
// U+2066..U+2069), a direction mark (U+200E, U+200F, U+061C), or the line
// and paragraph separators U+2028 and U+2029.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	switch r {
	case 0x200e, 0x200f, 0x061c, 0x2028, 0x2029:
		return true
	}
	return false
}

// Visible returns s with every unsafe character (and every byte that is not
// UTF-8) written as an escape a person can read and no terminal obeys: \x1b,
// \r, \u202e. The characters in keep (such as "\n\t" for a text file) stay as
// they are. Everything from DEL up is written \uXXXX, as JSON writes it, so
// Visible of JSON that encoding/json wrote (which escapes the C0 controls
// itself) is the same JSON.
func Visible(s, keep string) string {
	if !needsEscape(s, keep) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !Unsafe(r) || strings.ContainsRune(keep, r):
			b.WriteString(s[i : i+n])
		default:
			b.WriteString(escapeRune(r))
		}
		i += n
	}
	return b.String()
}

func needsEscape(s, keep string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || Unsafe(r) && !strings.ContainsRune(keep, r) {
			return true
		}
		i += n
	}
	return false
}

// escapeRune writes an unsafe character as Go, Python and C would in a string
// literal, and from DEL up as JSON would.
func escapeRune(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if r < 0x20 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// multiLine are the fields that hold several lines of text (the editor's text
// areas): a line break and a TAB are text there.
var multiLine = map[string]string{"story": "\n\t"}

// text checks every string the scenario holds, found by walking its type, so
// that a field added later is checked too. A field whose value another check
// already refused is left to that check's message. A string of printable
// ASCII is text anywhere: only another has its place spelled out and looked
// at (every edit is checked so, and most strings are such).
func (v *validator) text(s *Scenario) {
	var refused map[string]bool
	walkText(reflect.ValueOf(s).Elem(), func(at *textPath, value string) {
		if printableASCII(value) {
			return
		}
		field := at.String()
		if refused == nil {
			refused = map[string]bool{}
			for _, p := range v.ps {
				refused[p.Field] = true
			}
		}
		if refused[field] {
			return
		}
		if msg := textProblem(value, multiLine[field]); msg != "" {
			v.add(field, "%s", msg)
		}
	})
}

// printableASCII reports whether s is all printable ASCII (space to tilde),
// which no check of textProblem's refuses.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// textProblem says what keeps value from being text that is safe anywhere, or "".
func textProblem(value, keep string) string {
	if !utf8.ValidString(value) {
		return "is not UTF-8 text"
	}
	for _, r := range value {
		if !Unsafe(r) || strings.ContainsRune(keep, r) {
			continue
		}
		u := fmt.Sprintf("U+%04X", r)
		switch {
		case r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 || r == 0x85:
			return "holds a line break (" + u + "): write it on one line"
		case r == '\t':
			return "holds a TAB (U+0009): use spaces"
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return "holds the control character " + u + ", which a terminal would obey rather than show"
		default:
			return "holds the direction control " + u + ", which makes text show in another order than it is read"
		}
	}
	return ""
}

// textPath is where walkText is in a scenario: a field (by its JSON name), a
// list's item or a map's entry of the place up. Its String is the JSON path
// ("certs[2].dns_names[0]").
type textPath struct {
	up    *textPath
	name  string // a field's name, or a map's key
	index int    // a list's index
	kind  byte   // '.' a field, '[' a list's index, 'k' a map's key
}

func (p *textPath) String() string {
	if p == nil {
		return ""
	}
	up := p.up.String()
	switch p.kind {
	case '[':
		return up + "[" + strconv.Itoa(p.index) + "]"
	case 'k':
		return up + "[" + p.name + "]"
	}
	if up == "" {
		return p.name
	}
	return up + "." + p.name
}

// walkText calls f with the place and the value of every string in v. The
// place is f's to read during the call only: the walk keeps one place per
// depth, reused from one field to the next, rather than making one per field
// (every edit's Validate walks the whole scenario, the page's and the engine's).
func walkText(v reflect.Value, f func(at *textPath, value string)) {
	w := textWalk{f: f}
	w.walk(v, nil, 0)
}

// textWalk is walkText's state: f, and the place at each depth.
type textWalk struct {
	f      func(at *textPath, value string)
	places []*textPath
}

// place sets the place at depth to p and returns it.
func (w *textWalk) place(depth int, p textPath) *textPath {
	for len(w.places) <= depth {
		w.places = append(w.places, new(textPath))
	}
	at := w.places[depth]
	*at = p
	return at
}

func (w *textWalk) walk(v reflect.Value, at *textPath, depth int) {
	switch v.Kind() {
	case reflect.String:
		w.f(at, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			w.walk(v.Elem(), at, depth)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			w.walk(v.Index(i), w.place(depth, textPath{up: at, index: i, kind: '['}), depth+1)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := w.place(depth, textPath{up: at, name: fmt.Sprint(iter.Key().Interface()), kind: 'k'})
			w.walk(iter.Key(), k, depth+1)
			w.walk(iter.Value(), k, depth+1)
		}
	case reflect.Struct:
		for i, name := range jsonNames(v.Type()) {
			if name != "" {
				w.walk(v.Field(i), w.place(depth, textPath{up: at, name: name, kind: '.'}), depth+1)
			}
		}
	}
}

// fieldNames are jsonNames' answers, by struct type.
var fieldNames sync.Map // reflect.Type → []string

// jsonNames are the JSON names of a struct type's fields, by index ("" for
// one JSON leaves out), read off its tags once.
func jsonNames(t reflect.Type) []string {
	if names, ok := fieldNames.Load(t); ok {
		return names.([]string)
	}
	names := make([]string, t.NumField())
	for i := range names {
		names[i] = jsonName(t.Field(i))
	}
	fieldNames.Store(t, names)
	return names
}

// jsonName is the name a struct field has in a scenario's JSON, or "" for a
// field JSON leaves out (unexported, or tagged "-").
func jsonName(sf reflect.StructField) string {
	if !sf.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return sf.Name
	}
	return name
}
