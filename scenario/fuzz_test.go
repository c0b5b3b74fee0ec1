package scenario

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/pki"
)

var update = flag.Bool("update", false, "rewrite what the tests generate: the seed corpora under testdata/fuzz, presets.bin")

// FuzzDecodeFragment feeds share links to the decoder: it must never panic, and
// anything it accepts must be valid and survive another trip through a link. Its
// seeds are the committed corpus in testdata/fuzz (see TestFuzzCorpus).
func FuzzDecodeFragment(f *testing.F) {
	f.Fuzz(func(t *testing.T, frag string) {
		s, err := DecodeFragment(frag)
		if err != nil {
			if s != nil {
				t.Fatalf("returned a scenario with the error %v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
			return
		}
		checkAccepted(t, s)
	})
}

// FuzzParseJSON feeds scenario JSON (what `tlsplay --scenario` and the editor
// read) through ParseJSON and so through Validate: the same promises.
func FuzzParseJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, js []byte) {
		s, err := ParseJSON(js)
		if err != nil {
			if s != nil {
				t.Fatalf("returned a scenario with the error %v", err)
			}
			return
		}
		checkAccepted(t, s)
		again, err := ParseJSON(mustJSON(t, s))
		if err != nil {
			t.Fatalf("ParseJSON accepted %q but not its own re-encoding: %v", js, err)
		}
		if a, b := mustJSON(t, s), mustJSON(t, again); !bytes.Equal(a, b) {
			t.Fatalf("JSON round trip changed the scenario:\n%s\n%s", a, b)
		}
	})
}

// checkAccepted holds every scenario a decoder accepted to the decoders' promise:
// it validates, its certificates can be crafted, and a share link made of it opens
// to the same scenario. A link may only be refused for its size (a scenario within
// every limit can still compress badly).
func checkAccepted(t *testing.T, s *Scenario) {
	t.Helper()
	if err := s.Validate(); err != nil {
		t.Fatalf("accepted an invalid scenario: %v", err)
	}
	if withinRSAPool(s) {
		// One without a clock is crafted on the day it is played.
		if _, err := pki.Build(s.Certs, s.On(PresetClock).Now); err != nil {
			t.Fatalf("accepted a scenario pki cannot craft: %v", err)
		}
	}
	// A link leaves out the day a scenario that happens today was played on.
	js := mustJSON(t, s.Undated())
	frag, err := EncodeFragment(s)
	if err != nil {
		var fe *FragmentError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), "a link holds at most") {
			t.Fatalf("EncodeFragment: %v", err)
		}
		return
	}
	back, err := DecodeFragment(frag)
	if err != nil {
		t.Fatalf("DecodeFragment(EncodeFragment(s)): %v\n%s", err, js)
	}
	if again := mustJSON(t, back); !bytes.Equal(js, again) {
		t.Fatalf("share link changed the scenario:\n%s\n%s", js, again)
	}
}

// withinRSAPool reports whether crafting s takes only pooled RSA keys: beyond the
// pool, RSA-4096 generation takes seconds and would stall the fuzzer.
func withinRSAPool(s *Scenario) bool {
	need := map[pki.KeyType]int{}
	for _, sp := range s.Certs {
		need[sp.Key]++
		if size := pki.PoolSize(sp.Key); size > 0 && need[sp.Key] >= size {
			return false
		}
	}
	return true
}

type seed struct{ name, data string }

// jsonSeeds are every preset's JSON and a few ways to get it wrong.
func jsonSeeds(tb testing.TB) []seed {
	var seeds []seed
	for _, p := range Presets {
		seeds = append(seeds, seed{"preset-" + p.ID, string(mustJSON(tb, p.Scenario()))})
	}
	good := string(mustJSON(tb, Lookup("mtls-ok").Scenario()))
	invalid := Lookup("verify-true").Scenario()
	invalid.Certs[1].NotBefore, invalid.Certs[1].NotAfter = 1, 0
	invalid.Client.Verify = "maybe"
	return append(seeds,
		seed{"empty", ""},
		seed{"empty-object", "{}"},
		seed{"trailing-brace", good + "}"},
		seed{"trailing-object", good + "{}"},
		seed{"unknown-field", strings.Replace(good, `"now"`, `"evil":true,"now"`, 1)},
		seed{"wrong-type", strings.Replace(good, `"not_before":-3650`, `"not_before":"-3650"`, 1)},
		seed{"bad-time", strings.Replace(good, `"2026-06-01T12:00:00Z"`, `"2026-13-01T12:00:00Z"`, 1)},
		seed{"null-certs", strings.Replace(good, `"certs":[`, `"certs":null,"x":[`, 1)},
		seed{"invalid-scenario", string(mustJSON(tb, invalid))},
		seed{"deep-nesting", strings.Repeat("[", 1000) + strings.Repeat("]", 1000)},
	)
}

// fragmentSeeds are every preset's share link and a few hostile ones.
func fragmentSeeds(tb testing.TB) []seed {
	var seeds []seed
	for _, p := range Presets {
		frag, err := EncodeFragment(p.Scenario())
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, seed{"preset-" + p.ID, frag})
	}
	good, _ := EncodeFragment(Lookup("verify-true").Scenario())
	for _, js := range jsonSeeds(tb)[len(Presets):] {
		seeds = append(seeds, seed{"json-" + js.name, link(flatePack(tb, []byte(js.data)))})
	}
	return append(seeds,
		seed{"empty", ""},
		seed{"hash-only", "#"},
		seed{"no-prefix", strings.TrimPrefix(good, fragmentPrefix)},
		seed{"version-2", "s2." + strings.TrimPrefix(good, fragmentPrefix)},
		seed{"bad-base64", good[:20] + "!" + good[21:]},
		seed{"padded", good + "=="},
		seed{"truncated", good[:len(good)/2]},
		seed{"deflate-garbage", link([]byte("\xff\xfe\xfd\xfc not deflate"))},
		seed{"zip-bomb", link(flatePack(tb, bytes.Repeat([]byte("{"), MaxJSONLen*2)))},
		seed{"too-long", "s1." + strings.Repeat("A", MaxFragmentLen)},
	)
}

// corpusFile is Go's seed corpus format for one value of a fuzz argument.
func corpusFile(value string, asBytes bool) []byte {
	typ := "string"
	if asBytes {
		typ = "[]byte"
	}
	return []byte("go test fuzz v1\n" + typ + "(" + strconv.Quote(value) + ")\n")
}

// TestFuzzCorpus keeps the committed seed corpora in step with the presets and
// seeds above; `go test ./scenario -run TestFuzzCorpus -update` rewrites them.
func TestFuzzCorpus(t *testing.T) {
	for _, target := range []struct {
		name    string
		seeds   []seed
		asBytes bool
	}{
		{"FuzzDecodeFragment", fragmentSeeds(t), false},
		{"FuzzParseJSON", jsonSeeds(t), true},
	} {
		dir := filepath.Join("testdata", "fuzz", target.name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		want := map[string]bool{}
		for _, s := range target.seeds {
			want[s.name] = true
			path := filepath.Join(dir, s.name)
			data := corpusFile(s.data, target.asBytes)
			if *update {
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s is missing or stale; run go test ./scenario -run TestFuzzCorpus -update", path)
			}
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			// Failures the fuzzer found and that were fixed stay, with Go's hash names.
			switch {
			case want[e.Name()] || isFuzzerName(e.Name()):
			case *update:
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
					t.Fatal(err)
				}
			default:
				t.Errorf("%s is no seed of %s; run with -update", e.Name(), target.name)
			}
		}
	}
}

// isFuzzerName reports whether name is one the fuzzer gives a failing input: 16
// hex digits.
func isFuzzerName(name string) bool {
	if len(name) != 16 {
		return false
	}
	_, err := strconv.ParseUint(name, 16, 64)
	return err == nil
}
