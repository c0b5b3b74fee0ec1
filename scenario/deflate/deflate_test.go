package deflate_test

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/scenario/deflate"
)

// limit is what share links unpack to at most.
const limit = scenario.MaxJSONLen

// inputs are the texts links carry (every preset's JSON) and the shapes a
// compressor finds hard: nothing, one byte, long runs, noise, more than a
// window and more than a stored block.
func inputs(tb testing.TB) map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 70000)
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	text := make([]byte, 0, 40000)
	for len(text) < 40000 {
		text = fmt.Appendf(text, "%d:%s,", r.IntN(1000), strings.Repeat("ab", r.IntN(40)))
	}
	in := map[string][]byte{
		"empty":     {},
		"one byte":  {'x'},
		"two bytes": {0, 0},
		"run":       bytes.Repeat([]byte{'a'}, 1000),
		"long run":  bytes.Repeat([]byte{'{'}, 2*limit),
		"noise":     noise,
		"text":      text,
		"all bytes": func() []byte {
			b := make([]byte, 256)
			for i := range b {
				b[i] = byte(i)
			}
			return b
		}(),
		"short noise": noise[:40],
	}
	for _, p := range scenario.Presets {
		js, err := json.Marshal(p.Scenario().Undated())
		if err != nil {
			tb.Fatal(err)
		}
		in["preset "+p.ID] = js
	}
	return in
}

func flateCompress(data []byte, level int) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, level)
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// flateInflate reads data as the share links read it with compress/flate.
func flateInflate(data []byte) ([]byte, error) {
	return io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(data)), limit+1))
}

// outcome sorts an inflater's answer as the links do: unpacked, cut short, or damaged.
func outcome(out []byte, err error) string {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "cut short"
	case err != nil:
		return "damaged"
	}
	return fmt.Sprintf("unpacked %d bytes %x", len(out), out[:min(len(out), 16)])
}

// same checks that Inflate answers data as compress/flate does.
func same(t *testing.T, what string, data []byte) {
	t.Helper()
	want := outcome(flateInflate(data))
	out, err := deflate.Inflate(data, limit)
	if got := outcome(out, err); got != want {
		t.Fatalf("%s: Inflate: %s, compress/flate: %s", what, got, want)
	}
	if err == nil {
		if fl, _ := flateInflate(data); !bytes.Equal(out, fl) {
			t.Fatalf("%s: Inflate and compress/flate unpack different bytes", what)
		}
	}
}

// TestRoundTrip: what Compress writes, Inflate and compress/flate read back;
// what compress/flate writes at every level (stored, Huffman only, fixed and
// dynamic blocks), Inflate reads.
func TestRoundTrip(t *testing.T) {
	for name, data := range inputs(t) {
		t.Run(name, func(t *testing.T) {
			want := data[:min(len(data), limit+1)]
			ours := deflate.Compress(data)
			if got, err := deflate.Inflate(ours, limit); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("Inflate(Compress): %d bytes, %v", len(got), err)
			}
			if got, err := io.ReadAll(flate.NewReader(bytes.NewReader(ours))); err != nil || !bytes.Equal(got, data) {
				t.Fatalf("compress/flate reading Compress: %d bytes, %v", len(got), err)
			}
			for _, level := range []int{flate.HuffmanOnly, flate.NoCompression, flate.BestSpeed, flate.DefaultCompression, flate.BestCompression} {
				if got, err := deflate.Inflate(flateCompress(data, level), limit); err != nil || !bytes.Equal(got, want) {
					t.Fatalf("Inflate(compress/flate level %d): %d bytes, %v", level, len(got), err)
				}
			}
		})
	}
}

// TestShort: on the presets' JSON, Compress is as short as compress/flate's
// best compression or shorter (links stay as short).
func TestShort(t *testing.T) {
	for name, data := range inputs(t) {
		if !strings.HasPrefix(name, "preset ") {
			continue
		}
		ours, theirs := len(deflate.Compress(data)), len(flateCompress(data, flate.BestCompression))
		if ours > theirs {
			t.Errorf("%s: %d bytes, compress/flate %d", name, ours, theirs)
		}
	}
}

// TestDamaged: a stream cut anywhere, or with a byte changed anywhere, is
// unpacked, cut short or damaged as compress/flate says.
func TestDamaged(t *testing.T) {
	in := inputs(t)
	in["short text"] = in["text"][:3000]
	for _, name := range []string{"preset verify-true", "preset many-sans", "short text", "short noise", "empty"} {
		data := in[name]
		for _, level := range []int{-100, flate.NoCompression, flate.HuffmanOnly, flate.BestSpeed, flate.BestCompression} {
			stream := deflate.Compress(data)
			if level != -100 {
				stream = flateCompress(data, level)
			}
			step := max(1, len(stream)/60)
			for n := 0; n < len(stream); n += step {
				same(t, fmt.Sprintf("%s (level %d) cut to %d bytes", name, level, n), stream[:n])
				for _, x := range []byte{0x01, 0x10, 0x80, 0xff} {
					bad := bytes.Clone(stream)
					bad[n] ^= x
					same(t, fmt.Sprintf("%s (level %d) byte %d ^ %#x", name, level, n, x), bad)
				}
			}
		}
	}
	for _, c := range []struct{ name, data string }{
		{"block type 3", "\x07"},
		{"stored, length mismatch", "\x01\x05\x00\x00\x00hello"},
		{"stored, cut short", "\x01\x05\x00\xfa\xffhel"},
		{"fixed, distance too far", "\x63\x00\x02\x00"},
		{"dynamic, 287 literal codes", "\x3d\x00"},
		{"trailing bytes", "\x01\x01\x00\xfe\xffxjunk"},
		{"not deflate", "\xff\xfe\xfd\xfc not deflate"},
	} {
		same(t, c.name, []byte(c.data))
	}
}

// TestLimit: a stream unpacking to more than the limit stops there.
func TestLimit(t *testing.T) {
	bomb := deflate.Compress(bytes.Repeat([]byte("{"), 10*limit))
	out, err := deflate.Inflate(bomb, limit)
	if err != nil || len(out) != limit+1 {
		t.Fatalf("got %d bytes, %v; want the first %d", len(out), err, limit+1)
	}
}

// FuzzInflate: on any bytes, Inflate answers as compress/flate does.
func FuzzInflate(f *testing.F) {
	for _, data := range inputs(f) {
		if len(data) < 5000 {
			f.Add(deflate.Compress(data))
			f.Add(flateCompress(data, flate.BestCompression))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { same(t, "fuzzed", data) })
}

// FuzzCompress: anything Compress writes, compress/flate and Inflate read back.
func FuzzCompress(f *testing.F) {
	f.Add([]byte("hello, hello, hello"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ours := deflate.Compress(data)
		if got, err := io.ReadAll(flate.NewReader(bytes.NewReader(ours))); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("compress/flate: %v", err)
		}
		if got, err := deflate.Inflate(ours, len(data)); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("Inflate: %v", err)
		}
	})
}
