package scenario

import (
	"fmt"
	"reflect"
	"strings"
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
// already refused is left to that check's message.
func (v *validator) text(s *Scenario) {
	refused := map[string]bool{}
	for _, p := range v.ps {
		refused[p.Field] = true
	}
	walkText(reflect.ValueOf(s).Elem(), "", func(field, value string) {
		if refused[field] {
			return
		}
		if msg := textProblem(value, multiLine[field]); msg != "" {
			v.add(field, "%s", msg)
		}
	})
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

// walkText calls f with the JSON path and the value of every string in v.
func walkText(v reflect.Value, path string, f func(field, value string)) {
	switch v.Kind() {
	case reflect.String:
		f(path, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(v.Elem(), path, f)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkText(v.Index(i), fmt.Sprintf("%s[%d]", path, i), f)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := fmt.Sprint(iter.Key().Interface())
			walkText(iter.Key(), path+"["+k+"]", f)
			walkText(iter.Value(), path+"["+k+"]", f)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			name := jsonName(sf)
			if name == "" {
				continue
			}
			if path != "" {
				name = path + "." + name
			}
			walkText(v.Field(i), name, f)
		}
	}
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
