package e2e

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/internal/static"
	"github.com/tlsplay/tlsplay/internal/testtool"
)

// buildFloor writes the floor app's site (e2e/floor) into dir, its wasm built
// with the page's flags.
func buildFloor(root, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []string{"index.html", "boot.js"} {
		if err := copyFile(filepath.Join(root, "e2e", "floor", f), filepath.Join(dir, f)); err != nil {
			return err
		}
	}
	if err := copyFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js")); err != nil {
		return err
	}
	return buildWasm(root, filepath.Join(dir, "floor.wasm"), "./e2e/floor", wasmFlags)
}

// The floor, which make bench measures the page against, plays its handshake
// and shows Go's verdict under the page's Content-Security-Policy.
func TestFloor(t *testing.T) {
	root, err := repoRoot()
	must(t, err)
	dir := t.TempDir()
	must(t, buildFloor(root, dir))
	h, err := static.Handler(dir, 600)
	must(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx := newPage(t)
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")))
	must(t, chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`#verdict[data-ok]`))))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.getElementById("verdict").textContent,
		document.getElementById("verdict").dataset.ok, String(performance.getEntriesByName("tlsplay:first-verdict").length)]`))
	must(t, err)
	if !strings.HasPrefix(got[0], "ok: TLS 1.3, ") || got[1] != "true" || got[2] != "1" {
		t.Errorf("the floor shows %q (data-ok %s, %s first-verdict marks), want an ok TLS 1.3 handshake and one mark", got[0], got[1], got[2])
	}
}

// The page in the browser tests and the floor are built as the Makefile's
// wasm target builds the page, and packed as it packs it (buildWasm).
func TestWasmFlags(t *testing.T) {
	root, err := repoRoot()
	must(t, err)
	out, err := testtool.Run(t, root, "make", "-n", "-s", "wasm")
	must(t, err)
	built, packed := "", false
	for line := range strings.Lines(string(out)) {
		args := shellWords(line)
		if i, j := slices.Index(args, "build"), slices.Index(args, "-o"); i >= 0 && j > i && j+1 < len(args) && slices.Contains(args, "./wasm/app") {
			if got := args[i+1 : j]; !slices.Equal(got, pageFlags) {
				t.Errorf("make wasm builds with %q, the tests with %q", got, pageFlags)
			}
			built = args[j+1]
		}
		if built != "" && slices.Equal(args[max(0, len(args)-2):], []string{"./internal/packwasm", built}) {
			packed = true
		}
	}
	if built == "" {
		t.Fatalf("make -n wasm shows no go build of ./wasm/app:\n%s", out)
	}
	if !packed {
		t.Errorf("make -n wasm does not pack %s after building it (go run ./internal/packwasm):\n%s", built, out)
	}
}

// shellWords splits a command line as sh would, for quotes without escapes.
func shellWords(line string) []string {
	var words []string
	var w strings.Builder
	in, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words
}
