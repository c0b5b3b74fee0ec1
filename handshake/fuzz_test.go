package handshake

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/cryptotest"

	"github.com/tlsplay/tlsplay/scenario"
)

// fuzzMaterial is the scenario whose certificates the analyser's checks compare
// fuzzed chains against: one with a bank and a badge, so both sides check.
var fuzzMaterial = sync.OnceValues(func() (*Material, error) {
	return NewMaterial(scenario.Lookup("mtls-ok").At(scenario.PresetClock))
})

// FuzzAnalyse feeds arbitrary bytes through the analyser as both ends' writes,
// with no key log: whatever arrives, it must not panic, and every step's fields
// must tile its bytes.
func FuzzAnalyse(f *testing.F) {
	m, err := fuzzMaterial()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tr := &Trace{Scenario: m.Scenario, Segments: decodeSegments(data)}
		if err := m.analyse(tr, &result{}, &result{}, nil); err != nil {
			t.Fatal(err)
		}
		checkSteps(t, tr)
	})
}

// Fuzz input is a run of segments, each a side byte (low bit: 0 client, 1
// server), a 2-byte length and that many bytes (fewer at the end).
func decodeSegments(data []byte) []Segment {
	var segs []Segment
	for len(data) >= 3 {
		side := Side(data[0] & 1)
		n := min(int(binary.BigEndian.Uint16(data[1:3])), len(data)-3)
		segs = append(segs, Segment{Side: side, Data: data[3 : 3+n]})
		data = data[3+n:]
	}
	return segs
}

func encodeSegments(segs []Segment) []byte {
	var out []byte
	for _, s := range segs {
		for len(s.Data) > 0 { // a write longer than the length field allows is split
			n := min(len(s.Data), 0xffff)
			out = append(out, byte(s.Side))
			out = binary.BigEndian.AppendUint16(out, uint16(n))
			out = append(out, s.Data[:n]...)
			s.Data = s.Data[n:]
		}
	}
	return out
}

// fuzzSeeds are the real connections FuzzAnalyse starts from.
var fuzzSeeds = []string{"verify-true", "mtls-no-cert", "tls-version-mismatch", "mtls-ok@1.2", "cbc-sha@1.2", "hello-retry"}

// TestFuzzSeeds checks that the committed seed corpus of FuzzAnalyse still holds
// real connections (a ClientHello and the bank's answer); with -update it
// records them afresh, with fixed randomness so that they do not churn.
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzAnalyse")
	m, err := fuzzMaterial()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range fuzzSeeds {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, name)
			if *update {
				cryptotest.SetGlobalRandom(t, goldenSeed)
				tr := play(t, caseNamed(t, name).s)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				corpus := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(encodeSegments(tr.Segments))))
				if err := os.WriteFile(file, []byte(corpus), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run TestFuzzSeeds -update)", err)
			}
			lit, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "go test fuzz v1\n[]byte(")
			data, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
			if !ok || err != nil {
				t.Fatalf("%s is not a []byte corpus entry: %v", file, err)
			}
			tr := &Trace{Scenario: m.Scenario, Segments: decodeSegments([]byte(data))}
			if err := m.analyse(tr, &result{}, &result{}, nil); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, st := range wireSteps(tr) {
				got = append(got, label(st))
			}
			if len(got) < 2 || got[0] != "client ClientHello" || !strings.HasPrefix(got[1], "server ") {
				t.Errorf("seed %s decodes to %q, not a connection", name, got)
			}
		})
	}
}

func caseNamed(t *testing.T, name string) tcase {
	t.Helper()
	for _, c := range allCases(t) {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no case %s", name)
	return tcase{}
}
