// Package tjson is the JSON codec of tlsplay's programs: the page's
// WebAssembly, its engine worker, the CLI and the site's build all write and
// read JSON through it, and it writes the very bytes encoding/json would write
// (share links, answers and goldens are the same), reads what encoding/json
// reads, and refuses what it refuses, with the same syntax error messages
// (scenario.ParseJSON shows them to people). It covers what tlsplay's types
// use: struct tags with omitempty, omitzero and "-", embedded structs,
// strings, bools, integers, floats, slices, arrays, []byte as base64, maps
// with string keys, pointers, interfaces (written, never read into), and the
// Marshaler, Unmarshaler, TextMarshaler and TextUnmarshaler methods; other
// map keys and reading into an interface are errors. With it in place of
// encoding/json, the page's WebAssembly is 42 kB of gzip smaller, and it
// reads and writes an answer faster (BenchmarkCodec).
package tjson

import (
	"strconv"
)

// SyntaxError is JSON that is not JSON: its message and offset are
// encoding/json's (Offset counts the bytes read, the bad one included).
type SyntaxError struct {
	msg    string
	Offset int64
}

func (e *SyntaxError) Error() string { return e.msg }

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

// charError is the message for byte c found where context says.
func charError(data []byte, i int, context string) *SyntaxError {
	c := data[i]
	var q string
	switch c {
	case '\'':
		q = `'\''`
	case '"':
		q = `'"'`
	default:
		s := strconv.Quote(string(rune(c)))
		q = "'" + s[1:len(s)-1] + "'"
	}
	return &SyntaxError{"invalid character " + q + " " + context, int64(i + 1)}
}

// scanner checks JSON and finds the ends of values. At the end of the input
// it behaves as encoding/json's scanner: as if one more space came, so that a
// number or literal cut short names the space.
type scanner struct {
	data []byte
	err  *SyntaxError
	eof  bool // the error is the input ending inside a value
}

func (s *scanner) fail(i int, context string) int {
	if i >= len(s.data) {
		s.eof = true
		if context == "" {
			s.err = &SyntaxError{"unexpected end of JSON input", int64(len(s.data))}
		} else {
			s.err = &SyntaxError{"invalid character ' ' " + context, int64(len(s.data))}
		}
	} else {
		s.err = charError(s.data, i, context)
	}
	return -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (s *scanner) space(i int) int {
	for i < len(s.data) && isSpace(s.data[i]) {
		i++
	}
	return i
}

// value checks the value starting at or after i (spaces first) and returns
// where it ends, or -1 with s.err set.
func (s *scanner) value(i, depth int) int {
	i = s.space(i)
	if i >= len(s.data) {
		return s.fail(i, "")
	}
	switch c := s.data[i]; {
	case c == '{':
		if depth >= maxDepth {
			return s.fail(i, "exceeded max depth")
		}
		i = s.space(i + 1)
		if i < len(s.data) && s.data[i] == '}' {
			return i + 1
		}
		for end := false; !end; {
			if i = s.space(i); i >= len(s.data) {
				return s.fail(i, "")
			}
			if s.data[i] != '"' {
				return s.fail(i, "looking for beginning of object key string")
			}
			if i = s.str(i); i < 0 {
				return -1
			}
			if i = s.space(i); i >= len(s.data) {
				return s.fail(i, "")
			}
			if s.data[i] != ':' {
				return s.fail(i, "after object key")
			}
			if i = s.value(i+1, depth+1); i < 0 {
				return -1
			}
			i, end = s.next(i, '}', "after object key:value pair")
		}
		return i
	case c == '[':
		if depth >= maxDepth {
			return s.fail(i, "exceeded max depth")
		}
		i = s.space(i + 1)
		if i < len(s.data) && s.data[i] == ']' {
			return i + 1
		}
		for end := false; !end; {
			if i = s.value(i, depth+1); i < 0 {
				return -1
			}
			i, end = s.next(i, ']', "after array element")
		}
		return i
	case c == '"':
		return s.str(i)
	case c == '-' || c >= '0' && c <= '9':
		return s.number(i)
	case c == 't':
		return s.literal(i, "true")
	case c == 'f':
		return s.literal(i, "false")
	case c == 'n':
		return s.literal(i, "null")
	}
	return s.fail(i, "looking for beginning of value")
}

// next reads what follows a member or an element: close ends the object or
// list (end), a comma comes before another; it returns where to go on.
func (s *scanner) next(i int, close byte, context string) (_ int, end bool) {
	if i = s.space(i); i >= len(s.data) {
		return s.fail(i, ""), true
	}
	switch s.data[i] {
	case close:
		return i + 1, true
	case ',':
		return i + 1, false
	}
	return s.fail(i, context), true
}

func (s *scanner) literal(i int, lit string) int {
	for k := 1; k < len(lit); k++ {
		if i+k >= len(s.data) || s.data[i+k] != lit[k] {
			return s.fail(i+k, "in literal "+lit+" (expecting '"+lit[k:k+1]+"')")
		}
	}
	return i + len(lit)
}

// str checks the string starting at the quote at i.
func (s *scanner) str(i int) int {
	d := s.data
	for i++; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			return i + 1
		case c == '\\':
			i++
			if i >= len(d) {
				return s.fail(i, "in string escape code")
			}
			switch d[i] {
			case 'b', 'f', 'n', 'r', 't', '\\', '/', '"':
			case 'u':
				for k := 0; k < 4; k++ {
					i++
					if i >= len(d) || !isHex(d[i]) {
						return s.fail(i, `in \u hexadecimal character escape`)
					}
				}
			default:
				return s.fail(i, "in string escape code")
			}
		case c < 0x20:
			return s.fail(i, "in string literal")
		}
	}
	return s.fail(i, "")
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number checks the number starting at i.
func (s *scanner) number(i int) int {
	d := s.data
	if d[i] == '-' {
		i++
		if i >= len(d) || !isDigit(d[i]) {
			return s.fail(i, "in numeric literal")
		}
	}
	if d[i] == '0' {
		i++
	} else {
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || !isDigit(d[i]) {
			return s.fail(i, "after decimal point in numeric literal")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || !isDigit(d[i]) {
			return s.fail(i, "in exponent of numeric literal")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	return i
}

// Valid reports whether data is one JSON value, spaces around it allowed.
func Valid(data []byte) bool { return check(data) == nil }

// check returns the syntax error of data as json.Unmarshal reports it, or nil.
func check(data []byte) error {
	s := scanner{data: data}
	i := s.value(0, 0)
	if i < 0 {
		return s.err
	}
	if i = s.space(i); i < len(data) {
		return charError(data, i, "after top-level value")
	}
	return nil
}
