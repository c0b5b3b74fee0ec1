// Package wire decodes TLS records and handshake messages into labelled
// fields that tile the bytes exactly, for annotated byte views.
package wire

import (
	"fmt"
	"strconv"
)

// Field is one labelled range of a byte slice. Offsets are relative to the
// start of the slice that was decoded (for a record: the record's first
// header byte; for a message: the message's first header byte).
//
// Fields tile their input: they are non-empty, contiguous and in order, and
// a field's Sub fields (if any) tile that field's range.
type Field struct {
	Name   string  `json:"name"`
	Offset int     `json:"offset"`
	Length int     `json:"length"`
	Value  string  `json:"value,omitempty"` // human readable: "TLS 1.2 (0x0303)", "x25519 (0x001d)", "bank.example", "32 bytes" ...
	Sub    []Field `json:"sub,omitempty"`
}

// CheckTiling reports whether fields tile the range [0, length) as described
// at [Field], recursively.
func CheckTiling(fields []Field, length int) error { return checkTiling(fields, 0, length) }

func checkTiling(fields []Field, at, end int) error {
	for _, f := range fields {
		switch {
		case len(f.Name) == 0:
			return fmt.Errorf("field at offset %d has no name", f.Offset)
		case f.Offset != at:
			return fmt.Errorf("field %q starts at %d, want %d", f.Name, f.Offset, at)
		case f.Length <= 0:
			return fmt.Errorf("field %q at %d has length %d", f.Name, f.Offset, f.Length)
		}
		at += f.Length
		if len(f.Sub) > 0 {
			if err := checkTiling(f.Sub, f.Offset, at); err != nil {
				return fmt.Errorf("in %q: %w", f.Name, err)
			}
		}
	}
	if at != end {
		return fmt.Errorf("fields end at %d, want %d", at, end)
	}
	return nil
}

// reader consumes a byte range front to back and records a Field for every
// range it consumes, so its fields tile the range by construction. After the
// first error (shared by nested readers) it consumes nothing more; finish
// then covers the rest with an "undecodable bytes" field.
type reader struct {
	b        []byte // the whole input: positions and field offsets index into it
	pos, end int
	fields   []Field
	err      *error
	// noFields consumes as ever but records no field (Context.NoFields).
	noFields bool
}

func newReader(b []byte) *reader { return &reader{b: b, end: len(b), err: new(error)} }

func (r *reader) ok() bool            { return *r.err == nil }
func (r *reader) left() int           { return r.end - r.pos }
func (r *reader) rest() []byte        { return r.b[r.pos:r.end] }
func (r *reader) peek(off, n int) int { return bigEndian(r.b[r.pos+off : r.pos+off+n]) }

func (r *reader) failf(format string, args ...any) {
	if *r.err == nil {
		*r.err = fmt.Errorf(format, args...)
	}
}

// need reports whether n more bytes for name are available, failing if not.
func (r *reader) need(name string, n int) bool {
	if r.ok() && n > r.left() {
		r.failf("%s needs %s, only %d left", name, ByteCount(n), r.left())
	}
	return r.ok()
}

// take consumes n bytes as a leaf field whose value is format(bytes).
func (r *reader) take(name string, n int, format func([]byte) string) []byte {
	if n == 0 || !r.need(name, n) {
		return nil
	}
	b := r.b[r.pos : r.pos+n : r.pos+n]
	if !r.noFields {
		r.fields = append(r.fields, Field{Name: name, Offset: r.pos, Length: n, Value: format(b)})
	}
	r.pos += n
	return b
}

// num consumes a size-byte big-endian integer.
func (r *reader) num(name string, size int, format func(int) string) int {
	return bigEndian(r.take(name, size, func(b []byte) string { return format(bigEndian(b)) }))
}

// fixed consumes n opaque bytes.
func (r *reader) fixed(name string, n int) []byte { return r.take(name, n, countBytes) }

// vecLen consumes the size-byte length of vector name and checks that it fits.
func (r *reader) vecLen(name string, size int) int {
	n := r.num(name+" length", size, ByteCount)
	if r.ok() && n > r.left() {
		r.failf("%s length %d exceeds the %d bytes left", name, n, r.left())
	}
	return n
}

// opaque consumes a vector of bytes with a size-byte length prefix.
func (r *reader) opaque(name string, size int) []byte {
	return r.take(name, r.vecLen(name, size), countBytes)
}

// text is like opaque for vectors holding text, such as host names.
func (r *reader) text(name string, size int) string {
	return string(r.take(name, r.vecLen(name, size), quote))
}

// group consumes n bytes as one field whose Sub fields are recorded by fill.
func (r *reader) group(name string, n int, fill func(*reader)) {
	if n == 0 || !r.need(name, n) {
		return
	}
	c := &reader{b: r.b, pos: r.pos, end: r.pos + n, err: r.err, noFields: r.noFields}
	fill(c)
	c.finish(name)
	if !r.noFields {
		r.fields = append(r.fields, Field{Name: name, Offset: r.pos, Length: n, Sub: c.fields})
	}
	r.pos = c.end
}

// framed is group for structures whose size is given by a header of hdr
// bytes that ends in a size-byte length of what follows the header.
func (r *reader) framed(name string, hdr, size int, fill func(*reader)) {
	if r.need(name, hdr) {
		r.group(name, min(hdr+r.peek(hdr-size, size), r.left()), fill)
	}
}

// list consumes a vector with a size-byte length prefix as a field whose
// Sub holds the length and the items, read by item until the vector ends.
func (r *reader) list(name string, size int, item func(*reader)) {
	r.framed(name, size, size, func(r *reader) {
		r.vecLen(name, size)
		for r.ok() && r.left() > 0 {
			item(r)
		}
	})
}

// finish covers what is left unread with an "undecodable bytes" field.
func (r *reader) finish(what string) {
	if r.left() > 0 {
		r.failf("%s has %s left over", what, ByteCount(r.left()))
		if !r.noFields {
			r.fields = append(r.fields, Field{Name: "undecodable bytes", Offset: r.pos, Length: r.left(), Value: ByteCount(r.left())})
		}
		r.pos = r.end
	}
}

func bigEndian(b []byte) int {
	v := 0
	for _, c := range b {
		v = v<<8 | int(c)
	}
	return v
}

// ByteCount is "1 byte" or "n bytes".
func ByteCount(n int) string {
	if n == 1 {
		return "1 byte"
	}
	return strconv.Itoa(n) + " bytes"
}

func countBytes(b []byte) string { return ByteCount(len(b)) }

func decimal(v int) string { return strconv.Itoa(v) }

func quote(b []byte) string {
	if s := string(b); strconv.CanBackquote(s) {
		return s
	}
	return strconv.Quote(string(b))
}
