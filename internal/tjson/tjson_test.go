package tjson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
	"github.com/tlsplay/tlsplay/ui/tree"
)

// sameEncoding checks that tjson writes v byte for byte as encoding/json does.
func sameEncoding(t *testing.T, what string, v any) []byte {
	t.Helper()
	want, werr := json.Marshal(v)
	got, gerr := tjson.Marshal(v)
	if (werr == nil) != (gerr == nil) || !bytes.Equal(got, want) {
		t.Fatalf("%s: tjson.Marshal differs from json.Marshal (errors %v, %v):\n got %.300s\nwant %.300s\nfirst difference at byte %d", what, gerr, werr, got, want, diffAt(got, want))
	}
	return want
}

// sameDecoding checks that tjson reads js into a new T as encoding/json does.
func sameDecoding[T any](t *testing.T, what string, js []byte) {
	t.Helper()
	var want, got T
	werr := json.Unmarshal(js, &want)
	gerr := tjson.Unmarshal(js, &got)
	if werr != nil || gerr != nil {
		t.Fatalf("%s: decoding: encoding/json %v, tjson %v", what, werr, gerr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: tjson.Unmarshal reads %T other than json.Unmarshal", what, got)
	}
}

func diffAt(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// The JSON of every value the programs send or receive, for every story:
// the answer as a whole, its head and steps, the scenario (and as the kit
// writes it), the first paint's trees, a chain's inspection, the matches of
// a paste. Written byte for byte as encoding/json writes it, and read back
// to the same values.
func TestEveryStoryAsEncodingJSON(t *testing.T) {
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	e.PlayOn(scenario.PresetClock)
	ctx := context.Background()
	for i, p := range scenario.Presets {
		if runtime.GOOS == "js" && i%5 != 0 {
			continue // as WebAssembly (make test-wasm), one story in five: the same code, five times slower
		}
		run, err := e.Answer(ctx, flow.Story(p.ID))
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		client := explain.LensClients[i%len(explain.LensClients)]
		if _, err := run.Lens(client); err != nil {
			t.Fatal(err)
		}
		rep := sameEncoding(t, p.ID+": the report", run.Report)
		if js, err := run.JSON(); err != nil || !bytes.Equal(js, rep) {
			t.Fatalf("%s: Run.JSON differs from the report's JSON (%v)", p.ID, err)
		}
		sameDecoding[handshake.Trace](t, p.ID+": the trace", rep)
		sameDecoding[struct {
			Verdict *explain.Verdict `json:"verdict"`
			Outcome struct {
				Explain *explain.Explanation             `json:"explain"`
				Clients map[string]explain.ClientVerdict `json:"clients"`
			} `json:"outcome"`
		}](t, p.ID+": the explanation", rep)
		for i := range run.Report.Trace.Steps {
			js := sameEncoding(t, fmt.Sprintf("%s: step %d", p.ID, i), &run.Report.Trace.Steps[i])
			sameDecoding[handshake.Step](t, fmt.Sprintf("%s: step %d", p.ID, i), js)
		}
		head, err := run.Head()
		if err != nil {
			t.Fatal(err)
		}
		sameDecoding[handshake.Trace](t, p.ID+": the head", head)
		r, err := ui.DecodeReport(rep)
		if err != nil {
			t.Fatal(err)
		}
		sameEncoding(t, p.ID+": the report read back", r)

		s := run.Report.Trace.Scenario
		js := sameEncoding(t, p.ID+": the scenario", s)
		sameEncoding(t, p.ID+": the undated scenario", s.Undated())
		sameDecoding[scenario.Scenario](t, p.ID+": the scenario", js)
		want, _ := json.MarshalIndent(s, "", "  ")
		if got, _ := tjson.MarshalIndent(s, "", "  "); !bytes.Equal(got, want) {
			t.Fatalf("%s: MarshalIndent differs at byte %d", p.ID, diffAt(got, want))
		}
		paint := sameEncoding(t, p.ID+": the first paint", tree.PagePaint(p.ID, run.Report, client))
		sameDecoding[tree.Paint](t, p.ID+": the first paint", paint)
	}

	// A chain's inspection, as the page asks for it.
	s := scenario.Lookup("missing-intermediate").At(scenario.PresetClock)
	set, err := export.Build(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	c := flow.Chain{Name: s.Client.Dial, Time: s.Now, Chain: set.File(export.ServerChainFile), Roots: set.File(export.CAFile)}
	ins, err := e.Inspect(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	sameEncoding(t, "an inspection", ins)
	want, werr := ins.PageJSON()
	if werr != nil {
		t.Fatal(werr)
	}
	if _, _, err := ui.ReadInspection(string(want)); err != nil {
		t.Fatal(err)
	}
	sameDecoding[struct {
		Inspection *ui.Inspection `json:"inspection"`
		Link       string         `json:"link"`
	}](t, "an inspection", want)

	if runtime.GOOS == "js" {
		return // a paste's matches: natively only (the engine plays every story to learn them)
	}
	ms, err := e.Match(ctx, "requests.exceptions.SSLError: HTTPSConnectionPool(host='bank.example', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:992)')))")
	if err != nil || len(ms.Matches) == 0 {
		t.Fatalf("matches: %v, %d", err, len(ms.Matches))
	}
	js := sameEncoding(t, "the matches", ms)
	sameDecoding[flow.Matches](t, "the matches", js)
}

// kitchen has a field of each kind tjson handles.
type kitchen struct {
	S      string            `json:"s"`
	I8     int8              `json:"i8,omitempty"`
	U16    uint16            `json:"u16"`
	F32    float32           `json:"f32"`
	F64    float64           `json:"f64,omitempty"`
	B      bool              `json:"b"`
	P      *int              `json:"p"`
	L      []string          `json:"l,omitempty"`
	A      [2]int            `json:"a"`
	M      map[string]int    `json:"m,omitempty"`
	Bytes  []byte            `json:"bytes"`
	Time   time.Time         `json:"time,omitzero"`
	Raw    tjson.Raw         `json:"raw,omitempty"`
	Side   handshake.Side    `json:"side"`
	Sides  []*handshake.Side `json:"sides"`
	Hex    handshake.Hex     `json:"hex"`
	Kids   []kitchen         `json:"kids,omitempty"`
	Ignore string            `json:"-"`
	Plain  string
	inner
	*Outer
	hidden int
}

type inner struct {
	In   string `json:"in"`
	S    string // hidden by kitchen's
	Deep int    `json:"deep"`
}

type Outer struct {
	Out  []int `json:"out"`
	Deep int   `json:"deep"` // ties with inner's: neither
}

var _ = kitchen{}.hidden

// Syntax errors carry encoding/json's very words and offsets; a json.Decoder's
// first value ends where DecodeFirst's does, with the same end-of-input errors.
func TestSyntaxErrorsAsEncodingJSON(t *testing.T) {
	doc := `{"s":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00 <&>","i8":-12,"u16":7,"f32":1.5e3,"f64":-0.25E-2,"b":true,"p":null,"l":["x",""],"a":[1,2],"m":{"k":1},"bytes":"aGk=","side":"client","sides":["server",null],"hex":"00ff","kids":[{"s":"k"}],"in":"i","out":[3]}`
	inputs := []string{"", " ", "{", "}", "[", "]", "[1,]", "{,}", `{"a" 1}`, `{"a":1,}`, `{"a":1 "b":2}`, "[1 2]", "tru", "trux", "nul", "fals", "-", "-x", "01", "1.", "1.e5", "1e", "1e+", "1ex", "0x10", `"abc`, `"\x"`, `"\u12"`, `"\u12x4"`, "\"a\x01\"", "\"\\", "'a'", "\xff", "[1]x", "[1] x", "{} {}", "7 8", "nullx", "[\"\xe2\x80\xa8\"]", strings.Repeat("[", 10001), strings.Repeat("[", 10000) + strings.Repeat("]", 10000)}
	for i := 0; i <= len(doc); i++ {
		inputs = append(inputs, doc[:i], doc[:i]+"}", doc[:i]+"x"+doc[min(i+1, len(doc)):])
	}
	for _, in := range inputs {
		compareDecoding(t, []byte(in))
	}
}

// compareDecoding checks that tjson reads data as encoding/json does, into a
// scenario (strictly, as a json.Decoder's first value), a trace and the
// kitchen sink: an error where it gives one (with its words when it is a
// syntax error), else the same value, written back the same.
func compareDecoding(t *testing.T, data []byte) {
	t.Helper()
	sameOutcome(t, data, new(kitchen), new(kitchen), false)
	sameOutcome(t, data, new(handshake.Trace), new(handshake.Trace), false)
	sameOutcome(t, data, new(tree.Paint), new(tree.Paint), false)
	sameOutcome(t, data, new(scenario.Scenario), new(scenario.Scenario), true)
}

func sameOutcome[T any](t *testing.T, data []byte, want, got *T, first bool) {
	t.Helper()
	var werr, gerr error
	if first {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		werr = dec.Decode(want)
		var end int
		end, gerr = tjson.DecodeFirst(data, got, true)
		if werr == nil && gerr == nil && int64(end) != dec.InputOffset() {
			t.Fatalf("%.200q: the first value ends at %d, not %d", data, end, dec.InputOffset())
		}
	} else {
		werr = json.Unmarshal(data, want)
		gerr = tjson.Unmarshal(data, got)
	}
	var wsyn *json.SyntaxError
	var gsyn *tjson.SyntaxError
	switch {
	case (werr == nil) != (gerr == nil):
		t.Fatalf("%.200q into %T: encoding/json says %v, tjson %v", data, want, werr, gerr)
	case errors.As(werr, &wsyn):
		if !errors.As(gerr, &gsyn) || gsyn.Error() != wsyn.Error() || gsyn.Offset != wsyn.Offset {
			t.Fatalf("%.200q into %T: encoding/json says %v at %d, tjson %v (%#v)", data, want, werr, wsyn.Offset, gerr, gsyn)
		}
	case werr == io.EOF || werr == io.ErrUnexpectedEOF:
		if gerr != werr {
			t.Fatalf("%.200q into %T: encoding/json says %v, tjson %v", data, want, werr, gerr)
		}
	case werr == nil:
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%.200q into %T: read as\n%+v, not\n%+v", data, want, got, want)
		}
		w, werr := json.Marshal(want)
		g, gerr := tjson.Marshal(got)
		if (werr == nil) != (gerr == nil) || !bytes.Equal(g, w) {
			t.Fatalf("%.200q into %T: written back as %.300s (%v), not %.300s (%v)", data, want, g, gerr, w, werr)
		}
	}
}

// FuzzUnmarshal compares tjson with encoding/json on any input: the same
// errors (the same words for syntax errors) and the same values, written
// back the same.
func FuzzUnmarshal(f *testing.F) {
	s, _ := json.Marshal(scenario.Lookup("mtls-ok").At(scenario.PresetClock))
	f.Add(s)
	f.Add([]byte(`{"s":"a\u00e9\ud83d\ude00<>&\u2028","i8":-12,"u16":7,"f32":1.5e3,"f64":1e-7,"b":true,"p":3,"l":["x"],"a":[1,2,3],"m":{"k":1,"K":2},"bytes":"aGk=","time":"2026-06-01T12:00:00+02:00","raw":{"x":[1, 2]},"side":"client","sides":["server",null],"hex":"00ff","kids":[{"S":"k"}],"IN":"i","out":[3],"deep":4,"Plain":"p"}`))
	f.Add([]byte(`{"scenario":{"id":"x"},"steps":[{"side":"server","kind":"message","bytes":"16030100"}],"outcome":{"ok":true,"reason":"ok","check":-1}}`))
	f.Add([]byte(`{"story":"expired","parts":[{"id":"verdict","a":["class","x"],"c":["text",{"t":"b","c":["<&>"]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		compareDecoding(t, data)
	})
}

// The page reads the engine's answers as they come: reading and writing the
// largest story's answer, against encoding/json (go test -bench Codec;
// make bench runs it as WebAssembly too).
func BenchmarkCodec(b *testing.B) {
	e, err := flow.New()
	if err != nil {
		b.Fatal(err)
	}
	e.PlayOn(scenario.PresetClock)
	run, err := e.Answer(context.Background(), flow.Story("many-sans"))
	if err != nil {
		b.Fatal(err)
	}
	js, err := run.JSON()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		marshal   func(any) ([]byte, error)
		unmarshal func([]byte, any) error
	}{{"tjson", tjson.Marshal, tjson.Unmarshal}, {"encoding-json", json.Marshal, json.Unmarshal}} {
		b.Run("decode/"+c.name, func(b *testing.B) {
			b.SetBytes(int64(len(js)))
			for b.Loop() {
				var tr handshake.Trace
				if err := c.unmarshal(js, &tr); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("encode/"+c.name, func(b *testing.B) {
			b.SetBytes(int64(len(js)))
			for b.Loop() {
				if _, err := c.marshal(run.Report.Trace); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
