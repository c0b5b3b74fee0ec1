package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/internal/tjson"
)

// The decoder (internal/tjson, as encoding/json) says what it refused in Go's
// terms ("cannot unmarshal array into Go value of type scenario.Scenario",
// "unknown field" without saying where, the field path without list indexes). A person who pasted a link or
// wrote a file knows the JSON, not the Go types: jsonError says the same in
// the JSON's terms, with the path of the field as Validate names it
// ("certs[1].not_after").

// maxShapeProblems is how many misshapen fields one message names.
const maxShapeProblems = 4

// jsonError explains why decoding js into a Scenario failed with err.
func jsonError(js []byte, err error) error {
	switch syn, ok := errors.AsType[*tjson.SyntaxError](err); {
	case ok:
		line, col := position(js, syn.Offset)
		return fmt.Errorf("scenario JSON: not valid JSON at line %d, column %d: %s", line, col, syn.Error())
	case errors.Is(err, io.EOF) && len(bytes.TrimSpace(js)) == 0:
		return errors.New("scenario JSON: empty; a scenario is a JSON object ({…})")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("scenario JSON: it ends before the scenario does (cut short?)")
	}
	w := &shapeWalker{dec: tjson.NewTokens(js)}
	if root, ok := w.token(); ok && !w.fits(root, scenarioType) {
		return fmt.Errorf("scenario JSON: the scenario must be a JSON object ({…}), not %s", found(root))
	} else if ok {
		w.inside(root, scenarioType, "")
	}
	if len(w.ps) == 0 {
		// Not a shape the walker knows to refuse: say so without Go's words.
		return errors.New("scenario JSON: it does not have the shape of a scenario")
	}
	msgs := make([]string, 0, maxShapeProblems+1)
	for i, p := range w.ps {
		if i == maxShapeProblems {
			msgs = append(msgs, fmt.Sprintf("and %d more", len(w.ps)-maxShapeProblems))
			break
		}
		msgs = append(msgs, p.Error())
	}
	return errors.New("scenario JSON: " + strings.Join(msgs, "; "))
}

var (
	scenarioType = reflect.TypeFor[Scenario]()
	timeType     = reflect.TypeFor[time.Time]()
)

// position is the line and column (in characters, from 1) of a byte offset.
func position(js []byte, offset int64) (line, col int) {
	before := js[:min(max(offset, 0), int64(len(js)))]
	line = 1 + bytes.Count(before, []byte{'\n'})
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, utf8.RuneCount(before)
}

// shapeWalker reads syntactically valid JSON token by token alongside the Go
// type it should fill, and notes each value of the wrong kind and each field
// the type does not have, in the order they appear.
type shapeWalker struct {
	dec *tjson.Tokens
	ps  Problems
	bad bool // the input ended or broke: stop
}

func (w *shapeWalker) token() (any, bool) {
	if w.bad {
		return nil, false
	}
	tok, ok := w.dec.Next()
	w.bad = !ok
	return tok, ok
}

func (w *shapeWalker) add(path, format string, args ...any) {
	w.ps = append(w.ps, Problem{Field: path, Message: fmt.Sprintf(format, args...)})
}

// value reads one value that should fill t.
func (w *shapeWalker) value(t reflect.Type, path string) {
	tok, ok := w.token()
	if !ok {
		return
	}
	if !w.fits(tok, t) {
		w.add(path, "expected %s, found %s", expected(t), found(tok))
		w.skip(tok)
		return
	}
	w.inside(tok, t, path)
}

// fits reports whether a value starting with tok can fill t. null fills
// anything, as encoding/json leaves the field as it was.
func (w *shapeWalker) fits(tok any, t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch v := tok.(type) {
	case nil:
		return true
	case tjson.Delim:
		return v == '{' && t.Kind() == reflect.Struct && t != timeType ||
			v == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array)
	case string:
		if t == timeType {
			return new(time.Time).UnmarshalJSON(tjson.AppendString(nil, v, false)) == nil
		}
		return t.Kind() == reflect.String
	case bool:
		return t.Kind() == reflect.Bool
	case tjson.Number:
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			_, err := strconv.ParseInt(string(v), 10, t.Bits())
			return err == nil
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			_, err := strconv.ParseUint(string(v), 10, t.Bits())
			return err == nil
		case reflect.Float32, reflect.Float64:
			return true
		}
	}
	return false
}

// inside walks the members of an object or a list that fits t.
func (w *shapeWalker) inside(tok any, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch tok {
	case tjson.Delim('{'):
		for w.dec.More() {
			k, ok := w.token()
			if !ok {
				return
			}
			key, _ := k.(string)
			f, ok := fieldOf(t, key)
			if !ok {
				w.add(fieldPath(path, key), "unknown field (%s)", knownFields(t))
				if tok, ok := w.token(); ok {
					w.skip(tok)
				}
				continue
			}
			w.value(f.Type, fieldPath(path, jsonName(f)))
		}
		w.token() // }
	case tjson.Delim('['):
		for i := 0; w.dec.More(); i++ {
			w.value(t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
		w.token() // ]
	}
}

// skip reads the rest of a value that started with tok.
func (w *shapeWalker) skip(tok any) {
	if d, ok := tok.(tjson.Delim); !ok || d == '}' || d == ']' {
		return
	}
	for depth := 1; depth > 0; {
		tok, ok := w.token()
		if !ok {
			return
		}
		switch tok {
		case tjson.Delim('{'), tjson.Delim('['):
			depth++
		case tjson.Delim('}'), tjson.Delim(']'):
			depth--
		}
	}
}

func fieldPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fieldOf finds the field a key fills, as encoding/json does: the exact name
// first, else one that differs only in case. A scenario's types embed no
// struct (TestNoEmbedded): their fields are those of jsonNames, as the text
// check reads them.
func fieldOf(t reflect.Type, key string) (reflect.StructField, bool) {
	folded := -1
	for i, name := range jsonNames(t) {
		switch {
		case name == "":
		case name == key:
			return t.Field(i), true
		case folded < 0 && strings.EqualFold(name, key):
			folded = i
		}
	}
	if folded >= 0 {
		return t.Field(folded), true
	}
	return reflect.StructField{}, false
}

// knownFields lists what an object of type t may hold.
func knownFields(t reflect.Type) string {
	var names []string
	for _, name := range jsonNames(t) {
		if name != "" {
			names = append(names, name)
		}
	}
	return "the fields here are " + strings.Join(names, ", ")
}

// expected says in words what kind of JSON value fills t.
func expected(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return `a time in double quotes, such as "2026-06-01T12:00:00Z"`
	case t.Kind() == reflect.Struct:
		return "an object ({…})"
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return "a list ([…])"
	case t.Kind() == reflect.String:
		return "text in double quotes"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

// found says in words what the JSON held, quoting a little of it.
func found(tok any) string {
	switch v := tok.(type) {
	case tjson.Delim:
		if v == '[' {
			return "a list"
		}
		return "an object"
	case string:
		return "the text " + Quote(v, 40)
	case tjson.Number:
		return "the number " + Cut(string(v), 40)
	case bool:
		return strconv.FormatBool(v)
	}
	return "null"
}
