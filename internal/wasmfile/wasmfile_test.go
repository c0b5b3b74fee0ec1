package wasmfile

import (
	"bytes"
	"encoding/binary"
	"maps"
	"strings"
	"testing"
)

// wasmModule is a module of the given sections (id, body), with the header.
func wasmModule(sections ...[]byte) []byte {
	out := []byte("\x00asm\x01\x00\x00\x00")
	for _, s := range sections {
		out = append(out, s[0])
		out = binary.AppendUvarint(out, uint64(len(s)-1))
		out = append(out, s[1:]...)
	}
	return out
}

// dataSection is a data section of active segments of memory 0.
func dataSection(segs ...segment) []byte {
	return append([]byte{wasmDataSection}, writeSegments(segs)...)
}

// memoryImage is the memory a module starts with, as far as its data goes:
// its bytes other than zero, by address.
func memoryImage(t *testing.T, module []byte) map[uint64]byte {
	t.Helper()
	r := Reader{b: module[8:]}
	mem := map[uint64]byte{}
	for len(r.b) > 0 {
		id, body := r.Byte(), r.Bytes(r.Uleb())
		if id != wasmDataSection {
			continue
		}
		segs, err := readSegments(body)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range segs {
			for i, c := range s.data {
				if c != 0 {
					mem[uint64(s.offset)+uint64(i)] = c
				}
			}
		}
	}
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return mem
}

func TestPack(t *testing.T) {
	memory := []byte{5, 1, 0, 2}                          // one memory, 2 pages at least
	custom := append([]byte{0, 4}, "name\x01\x02\x03"...) // a custom section, kept as it is
	far := uint32(1<<31 + 40)                             // an i32.const offset that is negative
	module := wasmModule(memory, custom, []byte{wasmDataCountSection, 5}, dataSection(
		segment{300, []byte("tail")},
		segment{16, []byte("ab")},
		segment{20, []byte("cd")},                   // 2 bytes after ab: joined
		segment{20 + 2 + PackGap - 1, []byte("ef")}, // less than PackGap after cd: joined
		segment{far, []byte("gh")},                  // far beyond: a segment of its own
	), custom)
	packed, err := Pack(module)
	if err != nil {
		t.Fatal(err)
	}
	r := Reader{b: packed[8:]}
	var ids []byte
	var segs []segment
	for len(r.b) > 0 {
		id, body := r.Byte(), r.Bytes(r.Uleb())
		ids = append(ids, id)
		switch id {
		case 0:
			if !bytes.Equal(body, custom[1:]) {
				t.Errorf("a custom section became %q", body)
			}
		case wasmDataCountSection:
			if n, _ := binary.Uvarint(body); n != 2 {
				t.Errorf("the data count section says %d segments, the data section holds 2", n)
			}
		case wasmDataSection:
			if segs, err = readSegments(body); err != nil {
				t.Fatal(err)
			}
		}
	}
	if want := []byte{5, 0, wasmDataCountSection, wasmDataSection, 0}; !bytes.Equal(ids, want) {
		t.Errorf("sections %v, want %v", ids, want)
	}
	if len(segs) != 2 || segs[0].offset != 16 || segs[1].offset != far || string(segs[1].data) != "gh" {
		t.Fatalf("segments %+v", segs)
	}
	before, after := memoryImage(t, module), memoryImage(t, packed)
	if len(before) != 12 || !maps.Equal(before, after) {
		t.Error("the packed module starts with another memory")
	}
	if len(packed) >= len(module)+PackGap {
		t.Errorf("packed %d bytes from %d: the gap to the far segment was written out", len(packed), len(module))
	}
}

// A module without data is left as it is; anything Pack cannot vouch for
// is refused, never rewritten.
func TestPackRefuses(t *testing.T) {
	plain := wasmModule([]byte{5, 1, 0, 1})
	if got, err := Pack(plain); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("a module without data: %v, %q", err, got)
	}
	passive := wasmModule([]byte{wasmDataSection, 1, 1, 2, 'a', 'b'})
	overlap := wasmModule(dataSection(segment{10, []byte("abcd")}, segment{12, []byte("xy")}))
	cut := wasmModule(dataSection(segment{10, []byte("abcd")}))
	for _, tt := range []struct {
		name   string
		module []byte
		want   string
	}{
		{"not wasm", []byte("\x00asx\x01\x00\x00\x00"), "not a WebAssembly module"},
		{"passive", passive, "not an active segment"},
		{"overlap", overlap, "overlap"},
		{"cut short", cut[:len(cut)-2], "cut short"},
		{"global offset", wasmModule([]byte{wasmDataSection, 1, 0, 0x23, 0, wasmEnd, 1, 'a'}), "not an i32 constant"},
	} {
		if _, err := Pack(tt.module); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q", tt.name, err, tt.want)
		}
	}
}
