package handshake

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/cryptotest"

	"github.com/tlsplay/tlsplay/scenario"
)

var update = flag.Bool("update", false, "rewrite testdata (golden traces, the analyser's fuzz seeds) from this run")

// goldenPresets have their whole JSON trace pinned: a success, a refusal by each
// side, a negotiation that never gets past the ClientHello, TLS 1.0's CBC
// records opened, and a HelloRetryRequest.
var goldenPresets = []string{"verify-true", "expired", "mtls-no-cert", "tls-version-mismatch", "tls10-bank", "pq-bank-classic-courier"}

// goldenSeed fixes crypto/rand (keys, serials, randoms, key shares, signatures);
// the presets fix the clock.
const goldenSeed = 20260601

// TestGolden compares each golden preset's JSON trace with the file under
// testdata/golden. Without AES instructions (WebAssembly, or GODEBUG=cpu.aes=off)
// Go prefers ChaCha20-Poly1305 and orders its ClientHello differently, so that
// world has its own files, ending in .chacha20.json; natively the test also runs
// itself without AES to check (or, with -update, write) those.
func TestGolden(t *testing.T) {
	noAES := runtime.GOARCH == "wasm" || strings.Contains(os.Getenv("GODEBUG"), "cpu.aes=off")
	suffix := ".json"
	if noAES {
		suffix = ".chacha20.json"
	}
	for _, id := range goldenPresets {
		t.Run(id, func(t *testing.T) {
			got := goldenTrace(t, id)
			if again := goldenTrace(t, id); !bytes.Equal(got, again) {
				t.Fatalf("two runs with the same seed differ:\n%s", firstDiff(got, again))
			}
			file := filepath.Join("testdata", "golden", id+suffix)
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("trace differs from %s (if the change is intended, run go test -run TestGolden -update):\n%s",
					file, firstDiff(want, got))
			}
		})
	}
	if !noAES {
		args := []string{"-test.run=^TestGolden$", "-test.v"}
		if *update {
			args = append(args, "-update")
		}
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "GODEBUG=cpu.aes=off")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS: TestGolden") {
			t.Errorf("without AES instructions: %v\n%s", err, out)
		}
	}
}

// goldenTrace plays a preset with fixed randomness and returns its JSON trace.
func goldenTrace(t *testing.T, id string) []byte {
	t.Helper()
	cryptotest.SetGlobalRandom(t, goldenSeed)
	tr := play(t, scenario.Lookup(id).At(scenario.PresetClock))
	b, err := json.MarshalIndent(tr, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// firstDiff shows where two texts part.
func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return "(no difference)"
}
