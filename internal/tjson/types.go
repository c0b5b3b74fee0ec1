package tjson

import (
	"encoding"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
)

// Marshaler is a type that writes its own JSON.
type Marshaler interface {
	MarshalJSON() ([]byte, error)
}

// Unmarshaler is a type that reads its own JSON.
type Unmarshaler interface {
	UnmarshalJSON([]byte) error
}

var (
	marshalerType     = reflect.TypeOf((*Marshaler)(nil)).Elem()
	textMarshalerType = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	isZeroerType      = reflect.TypeOf((*isZeroer)(nil)).Elem()
)

type isZeroer interface{ IsZero() bool }

// Raw is JSON kept as it is: written as its bytes (null when nil), read as
// the bytes of the value.
type Raw []byte

func (m Raw) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	return m, nil
}

func (m *Raw) UnmarshalJSON(b []byte) error {
	*m = append((*m)[:0], b...)
	return nil
}

// field is a struct field as JSON sees it.
type field struct {
	name      string
	index     []int // through embedded structs
	typ       reflect.Type
	tagged    bool
	omitEmpty bool
	omitZero  bool
	isZeroer  bool   // typ has IsZero
	quoted    []byte // the name as JSON, `"name":`, HTML-escaped
}

type structInfo struct {
	fields []field
	byName map[string]int
	infos  []atomic.Pointer[typeInfo] // of each field's type, found once needed
}

// info is the typeInfo of field i's type.
func (si *structInfo) info(i int) *typeInfo {
	if ti := si.infos[i].Load(); ti != nil {
		return ti
	}
	ti := infoOf(si.fields[i].typ)
	si.infos[i].Store(ti)
	return ti
}

// typeInfo is what writing a value of a type needs to know of it, found once.
type typeInfo struct {
	m     methods
	bytes bool // a []byte, written as base64
	st    *structInfo
	elem  atomic.Pointer[typeInfo] // of its elements or what it points to
}

var infoCache sync.Map // reflect.Type → *typeInfo

func infoOf(t reflect.Type) *typeInfo {
	if ti, ok := infoCache.Load(t); ok {
		return ti.(*typeInfo)
	}
	ti := &typeInfo{m: methodsOf(t)}
	switch t.Kind() {
	case reflect.Struct:
		ti.st = fieldsOf(t)
	case reflect.Slice:
		ti.bytes = t.Elem().Kind() == reflect.Uint8 && methodsOf(reflect.PointerTo(t.Elem()))&(mJSON|mText) == 0
	}
	v, _ := infoCache.LoadOrStore(t, ti)
	return v.(*typeInfo)
}

// elemOf is the typeInfo of t's element type, t being ti's.
func (ti *typeInfo) elemOf(t reflect.Type) *typeInfo {
	if e := ti.elem.Load(); e != nil {
		return e
	}
	e := infoOf(t.Elem())
	ti.elem.Store(e)
	return e
}

var structCache sync.Map // reflect.Type → *structInfo

// fieldsOf lists t's fields as encoding/json does: exported fields and those of
// embedded structs, the shallowest of one name winning (a tagged one among
// equals, none if still a tie), in the order of their index.
func fieldsOf(t reflect.Type) *structInfo {
	if si, ok := structCache.Load(t); ok {
		return si.(*structInfo)
	}
	type level struct {
		typ   reflect.Type
		index []int
	}
	var all []field
	visited := map[reflect.Type]bool{}
	next := []level{{typ: t}}
	var count, nextCount map[reflect.Type]int
	for len(next) > 0 {
		current := next
		next = nil
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, l := range current {
			if visited[l.typ] {
				continue
			}
			visited[l.typ] = true
			for i := 0; i < l.typ.NumField(); i++ {
				sf := l.typ.Field(i)
				if sf.Anonymous {
					ft := sf.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				index := append(l.index[:len(l.index):len(l.index)], i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					f := field{name: name, index: index, typ: sf.Type, tagged: name != ""}
					if f.name == "" {
						f.name = sf.Name
					}
					for opts != "" {
						var o string
						o, opts, _ = strings.Cut(opts, ",")
						f.omitEmpty = f.omitEmpty || o == "omitempty"
						f.omitZero = f.omitZero || o == "omitzero"
					}
					f.isZeroer = sf.Type.Implements(isZeroerType)
					f.quoted = append(appendString(nil, f.name, true), ':')
					all = append(all, f)
					if count[l.typ] > 1 {
						// Two embedded copies of one type at this level: the
						// field appears twice and cancels out below.
						all = append(all, all[len(all)-1])
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, level{ft, index})
				}
			}
		}
	}
	// By name, then depth, then tagged first; keep the dominant field of each name.
	sortFields(all, func(a, b *field) bool {
		switch {
		case a.name != b.name:
			return a.name < b.name
		case len(a.index) != len(b.index):
			return len(a.index) < len(b.index)
		}
		return a.tagged && !b.tagged
	})
	var out []field
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].name == all[i].name {
			j++
		}
		if j-i == 1 || len(all[i].index) != len(all[i+1].index) || all[i].tagged != all[i+1].tagged {
			out = append(out, all[i])
		}
		i = j
	}
	sortFields(out, func(a, b *field) bool { return before(a.index, b.index) })
	si := &structInfo{fields: out, byName: make(map[string]int, len(out)), infos: make([]atomic.Pointer[typeInfo], len(out))}
	for i, f := range out {
		si.byName[f.name] = i
	}
	v, _ := structCache.LoadOrStore(t, si)
	return v.(*structInfo)
}

// sortFields sorts fields stably (a struct has few: insertion sort).
func sortFields(fs []field, less func(a, b *field) bool) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && less(&fs[j], &fs[j-1]); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// before reports whether field index a comes before b.
func before(a, b []int) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}
