// Package wasmfile reads WebAssembly modules, and packs the data segments of
// those Go's linker writes (Pack).
package wasmfile

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
)

// PackGap is the widest run of zeros Pack writes out to join two data
// segments: a segment's header is 5 to 9 bytes, and zeros cost next to
// nothing compressed.
const PackGap = 4096

// Pack rewrites a WebAssembly module's data section so that active data
// segments less than PackGap bytes apart are one, the bytes between them
// written out as the zeros memory starts with: the module starts with the same
// memory, byte for byte, and every other section is left as it is.
//
// Go's linker writes a segment for each run of bytes between runs of zeros,
// up to the 100,000 a browser takes: for the page, 100,000 headers that make
// its data section a sixth larger and compress badly (the page's WebAssembly:
// 2.98 MB gzip as linked, 2.80 MB packed). Modules with a segment that is
// passive or not for memory 0 at a constant offset, or overlapping another,
// are refused: Go's linker writes none.
func Pack(module []byte) ([]byte, error) {
	r := Reader{b: module}
	if len(module) < 8 || string(module[:4]) != "\x00asm" || binary.LittleEndian.Uint32(module[4:8]) != 1 {
		return nil, errors.New("not a WebAssembly module (version 1)")
	}
	r.b = module[8:]
	type section struct {
		id   byte
		body []byte
	}
	var sections []section
	data := -1
	for len(r.b) > 0 {
		id := r.Byte()
		body := r.Bytes(r.Uleb())
		if r.Err != nil {
			return nil, fmt.Errorf("section %d: %w", len(sections), r.Err)
		}
		if id == wasmDataSection {
			data = len(sections)
		}
		sections = append(sections, section{id, body})
	}
	if data < 0 {
		return slices.Clone(module), nil
	}
	segs, err := readSegments(sections[data].body)
	if err != nil {
		return nil, err
	}
	segs, err = joinSegments(segs)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(module[:8])
	for i, s := range sections {
		body := s.body
		switch {
		case i == data:
			body = writeSegments(segs)
		case s.id == wasmDataCountSection:
			body = binary.AppendUvarint(nil, uint64(len(segs)))
		}
		out = append(out, s.id)
		out = binary.AppendUvarint(out, uint64(len(body)))
		out = append(out, body...)
	}
	return out, nil
}

const (
	wasmDataSection      = 11
	wasmDataCountSection = 12
	wasmI32Const         = 0x41
	wasmEnd              = 0x0b
)

// segment is an active data segment of memory 0: its bytes, from offset.
type segment struct {
	offset uint32
	data   []byte
}

func (s segment) end() uint64 { return uint64(s.offset) + uint64(len(s.data)) }

// readSegments reads a data section's segments.
func readSegments(body []byte) ([]segment, error) {
	r := Reader{b: body}
	n := r.Uleb()
	var segs []segment
	for i := uint64(0); i < n && r.Err == nil; i++ {
		if kind := r.Uleb(); kind != 0 {
			return nil, fmt.Errorf("data segment %d is not an active segment of memory 0 (kind %d)", i, kind)
		}
		if r.Byte() != wasmI32Const {
			return nil, fmt.Errorf("data segment %d's offset is not an i32 constant", i)
		}
		offset := r.offset()
		if r.Byte() != wasmEnd {
			return nil, fmt.Errorf("data segment %d's offset is not an i32 constant", i)
		}
		if offset < 0 || offset > 1<<32-1 {
			return nil, fmt.Errorf("data segment %d's offset %d is outside memory", i, offset)
		}
		data := r.Bytes(r.Uleb())
		segs = append(segs, segment{uint32(offset), data})
	}
	if r.Err != nil {
		return nil, fmt.Errorf("data section: %w", r.Err)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("data section: %d bytes after its %d segments", len(r.b), n)
	}
	return segs, nil
}

// joinSegments sorts segments by offset and joins those less than PackGap
// bytes apart, with zeros between.
func joinSegments(segs []segment) ([]segment, error) {
	segs = slices.Clone(segs)
	slices.SortStableFunc(segs, func(a, b segment) int { return cmp.Compare(a.offset, b.offset) })
	var out []segment
	for _, s := range segs {
		if len(out) == 0 {
			out = append(out, segment{s.offset, slices.Clone(s.data)})
			continue
		}
		last := &out[len(out)-1]
		switch gap := int64(s.offset) - int64(last.end()); {
		case gap < 0:
			return nil, fmt.Errorf("data segments at %d and %d overlap", last.offset, s.offset)
		case gap < PackGap:
			last.data = append(append(last.data, make([]byte, gap)...), s.data...)
		default:
			out = append(out, segment{s.offset, slices.Clone(s.data)})
		}
	}
	return out, nil
}

// writeSegments writes a data section's body.
func writeSegments(segs []segment) []byte {
	out := binary.AppendUvarint(nil, uint64(len(segs)))
	for _, s := range segs {
		out = append(out, 0, wasmI32Const)
		out = appendSleb(out, int64(s.offset))
		out = append(out, wasmEnd)
		out = binary.AppendUvarint(out, uint64(len(s.data)))
		out = append(out, s.data...)
	}
	return out
}

// appendSleb appends v in signed LEB128, as an i32.const's operand is: an
// offset of 2 GiB or more is negative as an i32.
func appendSleb(b []byte, v int64) []byte {
	v = int64(int32(uint32(v)))
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// Reader reads the parts of a module in order. A read past the end sets Err
// (ErrCutShort), and gives zeros and nothing from then on.
type Reader struct {
	b   []byte
	Err error
}

// ErrCutShort is a read past the end of what a Reader reads.
var ErrCutShort = errors.New("cut short")

// NewReader reads b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Len is how many bytes are left to read.
func (r *Reader) Len() int { return len(r.b) }

func (r *Reader) fail() {
	if r.Err == nil {
		r.Err = ErrCutShort
	}
	r.b = nil
}

// Byte reads a byte.
func (r *Reader) Byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// Uleb reads an unsigned LEB128 number.
func (r *Reader) Uleb() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// offset reads a signed LEB128 i32 operand, as the unsigned 32-bit offset
// it stands for.
func (r *Reader) offset() int64 {
	var v int64
	for shift := 0; shift < 35; shift += 7 {
		c := r.Byte()
		if r.Err != nil {
			return 0
		}
		v |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			if shift+7 < 64 && c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return int64(uint32(int32(v)))
		}
	}
	r.fail()
	return 0
}

// Bytes reads n bytes.
func (r *Reader) Bytes(n uint64) []byte {
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

// PackFile packs the WebAssembly file name in place (Pack).
func PackFile(name string) error {
	module, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	packed, err := Pack(module)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return os.WriteFile(name, packed, 0o644)
}
