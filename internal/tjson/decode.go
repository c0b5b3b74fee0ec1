package tjson

import (
	"encoding"
	"encoding/base64"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Unmarshal reads the JSON data into v as json.Unmarshal does: the same
// values, and an error wherever it gives one (the same message for JSON that
// is not JSON).
func Unmarshal(data []byte, v any) error {
	d := decoder{data: data}
	return d.top(v, false)
}

// UnmarshalStrict is Unmarshal refusing a key that names no field, as a
// json.Decoder does after DisallowUnknownFields.
func UnmarshalStrict(data []byte, v any) error {
	d := decoder{data: data, strict: true}
	return d.top(v, false)
}

// DecodeFirst reads the first JSON value of data into v as a json.Decoder's
// Decode does, unknown keys refused if strict, and returns where the value
// ends: io.EOF when data holds only spaces, io.ErrUnexpectedEOF when it ends
// inside the value, a *SyntaxError as encoding/json words it.
func DecodeFirst(data []byte, v any, strict bool) (int, error) {
	d := decoder{data: data, strict: strict}
	err := d.top(v, true)
	return d.i, err
}

type decoder struct {
	data   []byte
	i      int
	strict bool
	err    error // the first error that let decoding go on
	depth  int
}

// errSyntax stops decoding at JSON that is not JSON; top then finds the
// error as encoding/json words it.
var errSyntax = errors.New("json: syntax error")

func (d *decoder) top(v any, first bool) (err error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("json: Unmarshal needs a non-nil pointer")
	}
	defer func() {
		if r := recover(); r == errSyntax {
			err = errSyntax
		} else if r != nil {
			panic(r)
		}
		if err == nil && d.err == nil {
			return
		}
		// An error: JSON that is not JSON is the error to give, as
		// encoding/json reads it through before anything else.
		s := scanner{data: d.data}
		if first {
			d.i = s.value(0, 0)
			switch {
			case d.i >= 0:
			case !s.eof:
				err = s.err
				return
			case len(strings.TrimLeft(string(d.data), " \t\r\n")) == 0:
				d.i, err = 0, io.EOF
				return
			default:
				d.i, err = 0, io.ErrUnexpectedEOF
				return
			}
		} else if serr := check(d.data); serr != nil {
			err = serr
			return
		}
		if err == nil {
			err = d.err
		}
		if err == errSyntax {
			err = errors.New("json: could not be read")
		}
	}()
	d.ws()
	d.value(rv)
	if !first {
		if d.ws(); d.i < len(d.data) {
			return errSyntax
		}
	}
	return d.err
}

func (d *decoder) save(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) ws() {
	for d.i < len(d.data) && isSpace(d.data[d.i]) {
		d.i++
	}
}

func (d *decoder) peek() byte {
	if d.i >= len(d.data) {
		panic(errSyntax)
	}
	return d.data[d.i]
}

// skip passes over the value at d.i, checking it, and returns it.
func (d *decoder) skip() []byte {
	s := scanner{data: d.data}
	start := d.i
	end := s.value(d.i, d.depth)
	if end < 0 {
		panic(errSyntax)
	}
	d.i = end
	return d.data[start:end]
}

// mismatch notes a value of the wrong kind for t and passes over it.
func (d *decoder) mismatch(what string, t reflect.Type) {
	d.save(&TypeError{Value: what, Type: t})
	d.skip()
}

// TypeError is a JSON value that cannot fill a Go value of type Type.
type TypeError struct {
	Value string // "string", "number 1.5", "object"…
	Type  reflect.Type
}

func (e *TypeError) Error() string {
	return "json: cannot unmarshal " + e.Value + " into Go value of type " + e.Type.String()
}

// indirect follows pointers from v, making them as needed, to the value to
// fill, stopping at a type that reads itself, as encoding/json's indirect does
// (null stops at the last pointer, to set it nil).
func indirect(v reflect.Value, null bool) (Unmarshaler, encoding.TextUnmarshaler, reflect.Value) {
	v0 := v
	haveAddr := false
	if v.Kind() != reflect.Pointer && v.Type().Name() != "" && v.CanAddr() {
		haveAddr = true
		v = v.Addr()
	}
	for {
		if v.Kind() == reflect.Interface && !v.IsNil() {
			if e := v.Elem(); e.Kind() == reflect.Pointer && !e.IsNil() && (!null || e.Elem().Kind() == reflect.Pointer) {
				haveAddr = false
				v = e
				continue
			}
		}
		if v.Kind() != reflect.Pointer || null && v.CanSet() {
			break
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if v.Type().NumMethod() > 0 && v.CanInterface() {
			if u, ok := v.Interface().(Unmarshaler); ok {
				return u, nil, reflect.Value{}
			}
			if !null {
				if u, ok := v.Interface().(encoding.TextUnmarshaler); ok {
					return nil, u, reflect.Value{}
				}
			}
		}
		if haveAddr {
			v, haveAddr = v0, false
		} else {
			v = v.Elem()
		}
	}
	return nil, nil, v
}

// value reads the value at d.i (no spaces before it) into v.
func (d *decoder) value(v reflect.Value) {
	switch d.peek() {
	case '{':
		d.object(v)
	case '[':
		d.array(v)
	default:
		d.literal(v)
	}
}

func (d *decoder) enter() {
	if d.depth++; d.depth > maxDepth {
		panic(errSyntax)
	}
}

// container follows v to the value an object or a list fills, or reads the
// value at d.i itself when v reads itself (false).
func (d *decoder) container(v reflect.Value, what string) (reflect.Value, bool) {
	u, ut, v := indirect(v, false)
	switch {
	case u != nil:
		if err := u.UnmarshalJSON(d.skip()); err != nil {
			d.save(err)
		}
		return v, false
	case ut != nil:
		d.mismatch(what, reflect.TypeOf(ut))
		return v, false
	}
	return v, true
}

func (d *decoder) object(v reflect.Value) {
	v, ok := d.container(v, "object")
	if !ok {
		return
	}
	t := v.Type()
	var si *structInfo
	switch {
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		if v.IsNil() {
			v.Set(reflect.MakeMap(t))
		}
	case t.Kind() == reflect.Struct:
		si = fieldsOf(t)
	default:
		d.mismatch("object", t)
		return
	}
	d.enter()
	d.i++
	d.ws()
	if d.peek() == '}' {
		d.i++
		d.depth--
		return
	}
	for {
		if d.peek() != '"' {
			panic(errSyntax)
		}
		key := d.str()
		d.ws()
		if d.peek() != ':' {
			panic(errSyntax)
		}
		d.i++
		d.ws()
		if si == nil {
			e := reflect.New(t.Elem()).Elem()
			d.value(e)
			k := reflect.New(t.Key()).Elem()
			k.SetString(key)
			v.SetMapIndex(k, e)
		} else if fv, ok := d.field(v, si, key); ok {
			d.value(fv)
		} else {
			d.skip()
		}
		d.ws()
		switch d.peek() {
		case ',':
			d.i++
			d.ws()
			continue
		case '}':
			d.i++
			d.depth--
			return
		}
		panic(errSyntax)
	}
}

// field finds the field key names in struct v, as encoding/json does: the
// exact name first, else the first that differs only in case; embedded
// pointers on the way are made.
func (d *decoder) field(v reflect.Value, si *structInfo, key string) (reflect.Value, bool) {
	n, ok := si.byName[key]
	if !ok {
		for i, f := range si.fields {
			if strings.EqualFold(f.name, key) {
				n, ok = i, true
				break
			}
		}
	}
	if !ok {
		if d.strict {
			d.save(errors.New("json: unknown field " + strconv.Quote(key)))
		}
		return v, false
	}
	for _, x := range si.fields[n].index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					d.save(errors.New("json: cannot set embedded pointer to unexported struct: " + v.Type().Elem().String()))
					return v, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

func (d *decoder) array(v reflect.Value) {
	v, ok := d.container(v, "array")
	if !ok {
		return
	}
	t := v.Type()
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
	default:
		d.mismatch("array", t)
		return
	}
	d.enter()
	d.i++
	d.ws()
	n := 0
	if d.peek() == ']' {
		d.i++
	} else {
		for {
			if t.Kind() == reflect.Slice {
				if n >= v.Cap() {
					v.Grow(1)
				}
				if n >= v.Len() {
					v.SetLen(n + 1)
				}
			}
			if n < v.Len() {
				d.value(v.Index(n))
			} else {
				d.skip()
			}
			n++
			d.ws()
			c := d.peek()
			d.i++
			if c == ']' {
				break
			}
			if c != ',' {
				panic(errSyntax)
			}
			d.ws()
		}
	}
	d.depth--
	if n < v.Len() {
		if t.Kind() == reflect.Array {
			for ; n < v.Len(); n++ {
				v.Index(n).SetZero()
			}
		} else {
			v.SetLen(n)
		}
	}
	if n == 0 && t.Kind() == reflect.Slice {
		v.Set(reflect.MakeSlice(t, 0, 0))
	}
}

// item passes over the string, number or literal at d.i and returns it.
func (d *decoder) item() []byte {
	start := d.i
	s := scanner{data: d.data}
	var end int
	switch c := d.data[d.i]; {
	case c == '"':
		end = s.str(d.i)
	case c == '-' || isDigit(c):
		end = s.number(d.i)
	case c == 't':
		end = s.literal(d.i, "true")
	case c == 'f':
		end = s.literal(d.i, "false")
	case c == 'n':
		end = s.literal(d.i, "null")
	default:
		end = -1
	}
	if end < 0 {
		panic(errSyntax)
	}
	d.i = end
	return d.data[start:end]
}

// str reads the string at d.i.
func (d *decoder) str() string {
	return unquote(d.item())
}

func (d *decoder) literal(v reflect.Value) {
	item := d.item()
	c := item[0]
	u, ut, v := indirect(v, c == 'n')
	switch {
	case u != nil:
		if err := u.UnmarshalJSON(item); err != nil {
			d.save(err)
		}
		return
	case ut != nil:
		if c != '"' {
			what := "number"
			switch c {
			case 'n':
				what = "null"
			case 't', 'f':
				what = "bool"
			}
			d.save(&TypeError{what, reflect.TypeOf(ut)})
			return
		}
		if err := ut.UnmarshalText([]byte(unquote(item))); err != nil {
			d.save(err)
		}
		return
	}
	t := v.Type()
	k := t.Kind()
	switch c {
	case 'n':
		switch k {
		case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice:
			v.SetZero()
		}
	case 't', 'f':
		switch {
		case k == reflect.Bool:
			v.SetBool(c == 't')
		default:
			d.save(&TypeError{"bool", t})
		}
	case '"':
		s := unquote(item)
		switch {
		case k == reflect.String:
			v.SetString(s)
		case k == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				d.save(err)
				return
			}
			v.SetBytes(b)
		default:
			d.save(&TypeError{"string", t})
		}
	default:
		s := string(item)
		bad := false
		switch {
		case k >= reflect.Int && k <= reflect.Int64:
			n, err := strconv.ParseInt(s, 10, 64)
			if bad = err != nil || v.OverflowInt(n); !bad {
				v.SetInt(n)
			}
		case k >= reflect.Uint && k <= reflect.Uintptr:
			n, err := strconv.ParseUint(s, 10, 64)
			if bad = err != nil || v.OverflowUint(n); !bad {
				v.SetUint(n)
			}
		case k == reflect.Float32 || k == reflect.Float64:
			n, err := strconv.ParseFloat(s, t.Bits())
			if bad = err != nil || v.OverflowFloat(n); !bad {
				v.SetFloat(n)
			}
		default:
			d.save(&TypeError{"number", t})
		}
		if bad {
			d.save(&TypeError{"number " + s, t})
		}
	}
}

// unquote is the text of a checked JSON string: escapes resolved, bytes that
// are not UTF-8 and unpaired surrogates as U+FFFD, as encoding/json reads them.
func unquote(q []byte) string {
	q = q[1 : len(q)-1]
	plain := true
	for _, c := range q {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain || utf8.Valid(q) && !containsByte(q, '\\') {
		return string(q)
	}
	b := make([]byte, 0, len(q)+8)
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\\':
			e := q[i+1]
			i += 2
			switch e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(q[i:])
				i += 4
				if r >= 0xd800 && r < 0xe000 {
					if r < 0xdc00 && i+6 <= len(q) && q[i] == '\\' && q[i+1] == 'u' {
						if r2 := hex4(q[i+2:]); r2 >= 0xdc00 && r2 < 0xe000 {
							r = (r-0xd800)<<10 | (r2 - 0xdc00) + 0x10000
							i += 6
							b = utf8.AppendRune(b, r)
							continue
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default: // " \ /
				b = append(b, e)
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(q[i:])
			b = utf8.AppendRune(b, r)
			i += size
		}
	}
	return string(b)
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
