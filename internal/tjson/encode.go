package tjson

import (
	"encoding"
	"encoding/base64"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// Marshal writes v as JSON, byte for byte as json.Marshal does: fields in
// their order, maps by sorted key, <, > and & escaped in strings.
func Marshal(v any) ([]byte, error) {
	e, _ := encoders.Get().(*encoder)
	if e == nil {
		e = &encoder{}
	}
	e.b, e.html, e.err = e.b[:0], true, nil
	if rv := reflect.ValueOf(v); rv.IsValid() {
		e.value(rv, infoOf(rv.Type()))
	} else {
		e.b = append(e.b, "null"...)
	}
	var out []byte
	if e.err == nil {
		out = append([]byte(nil), e.b...)
	}
	err := e.err
	if cap(e.b) <= 1<<20 {
		encoders.Put(e)
	}
	return out, err
}

// encoders keeps buffers from one Marshal to the next: an answer is most of
// a megabyte, written several times.
var encoders sync.Pool

// MarshalIndent is Marshal with each member and element on a line of its
// own, as json.MarshalIndent writes it.
func MarshalIndent(v any, prefix, indent string) ([]byte, error) {
	b, err := Marshal(v)
	if err != nil {
		return nil, err
	}
	return appendIndent(make([]byte, 0, len(b)*2), b, prefix, indent), nil
}

// AppendString appends s as a JSON string, escaping <, > and & if html.
func AppendString(b []byte, s string, html bool) []byte { return appendString(b, s, html) }

type encoder struct {
	b    []byte
	html bool
	err  error
}

// methods says which of the interfaces a type has: by value, or only by
// pointer (then only an addressable value uses it).
type methods uint8

const (
	mJSON methods = 1 << iota
	mJSONPtr
	mText
	mTextPtr
)

func methodsOf(t reflect.Type) methods {
	var m methods
	pt := reflect.PointerTo(t)
	has := func(i reflect.Type, val, ptr methods) {
		if t.Implements(i) {
			m |= val
		} else if t.Kind() != reflect.Pointer && pt.Implements(i) {
			m |= ptr
		}
	}
	has(marshalerType, mJSON, mJSONPtr)
	has(textMarshalerType, mText, mTextPtr)
	return m
}

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// value writes v, of the type ti describes.
func (e *encoder) value(v reflect.Value, ti *typeInfo) {
	if e.err != nil {
		return
	}
	t := v.Type()
	if ti.m != 0 && e.methods(v, ti.m) {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		e.b = strconv.AppendBool(e.b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.b = strconv.AppendInt(e.b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.b = strconv.AppendUint(e.b, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		e.float(v.Float(), t.Bits())
	case reflect.String:
		e.b = appendString(e.b, v.String(), e.html)
	case reflect.Struct:
		e.structure(v, ti.st)
	case reflect.Map:
		e.mapping(v, ti.elemOf(t))
	case reflect.Slice:
		if v.IsNil() {
			e.b = append(e.b, "null"...)
			return
		}
		if ti.bytes {
			e.b = append(e.b, '"')
			e.b = base64.StdEncoding.AppendEncode(e.b, v.Bytes())
			e.b = append(e.b, '"')
			return
		}
		e.list(v, ti.elemOf(t))
	case reflect.Array:
		e.list(v, ti.elemOf(t))
	case reflect.Pointer:
		if v.IsNil() {
			e.b = append(e.b, "null"...)
			return
		}
		e.value(v.Elem(), ti.elemOf(t))
	case reflect.Interface:
		if v.IsNil() {
			e.b = append(e.b, "null"...)
			return
		}
		v = v.Elem()
		e.value(v, infoOf(v.Type()))
	default:
		e.fail(errors.New("json: unsupported type: " + t.String()))
	}
}

// methods writes v with its own methods, if it has them to hand.
func (e *encoder) methods(v reflect.Value, m methods) bool {
	json := m&mJSON != 0 || m&mJSONPtr != 0 && v.CanAddr()
	if !json && m&mText == 0 && (m&mTextPtr == 0 || !v.CanAddr()) {
		return false
	}
	if json && m&mJSON == 0 || !json && m&mText == 0 {
		v = v.Addr()
	} else if v.Kind() == reflect.Pointer && v.IsNil() {
		e.b = append(e.b, "null"...)
		return true
	}
	if json {
		b, err := v.Interface().(Marshaler).MarshalJSON()
		if err == nil {
			e.b, err = appendCompact(e.b, b, e.html)
		}
		if err != nil {
			e.fail(errors.New("json: error calling MarshalJSON for type " + v.Type().String() + ": " + err.Error()))
		}
		return true
	}
	b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
	if err != nil {
		e.fail(errors.New("json: error calling MarshalText for type " + v.Type().String() + ": " + err.Error()))
		return true
	}
	e.b = appendString(e.b, unsafe.String(unsafe.SliceData(b), len(b)), e.html)
	return true
}

func (e *encoder) float(f float64, bits int) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.fail(errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, bits)))
		return
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 {
		if bits == 64 && (a < 1e-6 || a >= 1e21) || bits == 32 && (float32(a) < 1e-6 || float32(a) >= 1e21) {
			format = 'e'
		}
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, bits)
	if n := len(e.b); format == 'e' && n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
		// 1e-07 as 1e-7
		e.b[n-2] = e.b[n-1]
		e.b = e.b[:n-1]
	}
}

func (e *encoder) list(v reflect.Value, elem *typeInfo) {
	e.b = append(e.b, '[')
	for i, n := 0, v.Len(); i < n; i++ {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.value(v.Index(i), elem)
	}
	e.b = append(e.b, ']')
}

func (e *encoder) structure(v reflect.Value, si *structInfo) {
	sep := byte('{')
	fs := si.fields
fields:
	for i := range fs {
		f := &fs[i]
		fv := v
		for _, x := range f.index {
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue fields
				}
				fv = fv.Elem()
			}
			fv = fv.Field(x)
		}
		if f.omitEmpty && isEmpty(fv) || f.omitZero && isZero(fv, f.isZeroer) {
			continue
		}
		e.b = append(e.b, sep)
		sep = ','
		e.b = append(e.b, f.quoted...)
		e.value(fv, si.info(i))
	}
	if sep == '{' {
		e.b = append(e.b, '{')
	}
	e.b = append(e.b, '}')
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Struct, reflect.Func, reflect.Chan, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		return false
	}
	return v.IsZero()
}

func isZero(v reflect.Value, zeroer bool) bool {
	if !zeroer {
		return v.IsZero()
	}
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return true
	}
	return v.Interface().(interface{ IsZero() bool }).IsZero()
}

func (e *encoder) mapping(v reflect.Value, elem *typeInfo) {
	if v.IsNil() {
		e.b = append(e.b, "null"...)
		return
	}
	if v.Type().Key().Kind() != reflect.String {
		e.fail(errors.New("json: unsupported type: " + v.Type().String()))
		return
	}
	keys := make([]string, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		keys = append(keys, it.Key().String())
	}
	// Sorted with strings.Compare, as crypto/x509 sorts: slices.Sort of
	// strings is code of its own, 18 kB of the page's WebAssembly.
	slices.SortFunc(keys, strings.Compare)
	k := reflect.New(v.Type().Key()).Elem()
	e.b = append(e.b, '{')
	for i, ks := range keys {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = appendString(e.b, ks, e.html)
		e.b = append(e.b, ':')
		k.SetString(ks)
		e.value(v.MapIndex(k), elem)
	}
	e.b = append(e.b, '}')
}

const hexDigits = "0123456789abcdef"

// appendString appends s quoted as encoding/json quotes it: bytes that are not
// UTF-8 become U+FFFD, U+2028 and U+2029 are escaped, and <, > and & if html.
func appendString(b []byte, s string, html bool) []byte {
	plain := &plainJSON
	if html {
		plain = &plainHTML
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if plain[s[i]] {
			i++
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plainJSON holds the bytes a JSON string holds as they are; plainHTML the
// same but <, > and &. Bytes from 0x80 on are looked at as UTF-8.
var plainJSON, plainHTML [256]bool

func init() {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		plainJSON[c] = c != '"' && c != '\\'
		plainHTML[c] = plainJSON[c] && c != '<' && c != '>' && c != '&'
	}
}

// appendCompact appends the JSON src without its spaces, with <, >, & (if
// html), U+2028 and U+2029 escaped, as encoding/json writes a MarshalJSON's
// answer; JSON that is not JSON is an error.
func appendCompact(b, src []byte, html bool) ([]byte, error) {
	if err := check(src); err != nil {
		return b, err
	}
	start := 0
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inString:
			switch {
			case c == '\\':
				i++
			case c == '"':
				inString = false
			case html && (c == '<' || c == '>' || c == '&'):
				b = append(b, src[start:i]...)
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
				start = i + 1
			case c == 0xe2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xa8 && html:
				b = append(b, src[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[src[i+2]&0xf])
				start = i + 3
				i += 2
			}
		case c == '"':
			inString = true
		case isSpace(c):
			b = append(b, src[start:i]...)
			start = i + 1
		}
	}
	return append(b, src[start:]...), nil
}

// appendIndent appends the compact JSON src indented.
func appendIndent(b, src []byte, prefix, indent string) []byte {
	depth := 0
	newline := func() {
		b = append(b, '\n')
		b = append(b, prefix...)
		for range depth {
			b = append(b, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			j := i + 1
			for ; src[j] != '"'; j++ {
				if src[j] == '\\' {
					j++
				}
			}
			b = append(b, src[i:j+1]...)
			i = j
		case '{', '[':
			b = append(b, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				b = append(b, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			b = append(b, c)
		case ',':
			b = append(b, c)
			newline()
		case ':':
			b = append(b, ':', ' ')
		default:
			b = append(b, c)
		}
	}
	return b
}
