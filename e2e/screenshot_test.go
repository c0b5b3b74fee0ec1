package e2e

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

var shots = flag.Bool("screenshot", false, "write docs/screenshot.png (and the 320 px view next to the test binary's temp dir)")

// TestScreenshot checks the page fits a desktop and a 320 px phone without
// sideways scrolling, and with -screenshot writes the README's picture.
func TestScreenshot(t *testing.T) {
	for _, tc := range []struct {
		name          string
		width, height int64
		file          string
	}{
		{"desktop", 1280, 1500, "docs/screenshot.png"},
		{"phone", 320, 1400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := newPage(t)
			// Reduced motion shows the whole handshake at once: the picture
			// does not depend on when it was taken.
			emulateReducedMotion(t, ctx)
			must(t, chromedp.Do(ctx, chromedp.EmulateViewport(tc.width, tc.height)))
			open(t, ctx, "#hostname-mismatch")

			overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
			must(t, err)
			if overflow > 0 {
				t.Errorf("at %d px the page is %d px too wide: it scrolls sideways", tc.width, overflow)
			}
			if !*shots {
				return
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			must(t, err)
			path := filepath.Join(os.TempDir(), "tlsplay-"+tc.name+".png")
			if tc.file != "" {
				root, err := repoRoot()
				must(t, err)
				path = filepath.Join(root, tc.file)
			}
			must(t, os.MkdirAll(filepath.Dir(path), 0o755))
			must(t, os.WriteFile(path, png, 0o644))
			// The whole page, editor included, for a person reviewing the layout.
			full, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
			must(t, err)
			fullPath := filepath.Join(os.TempDir(), "tlsplay-"+tc.name+"-full.jpg")
			must(t, os.WriteFile(fullPath, full, 0o644))
			t.Logf("wrote %s and %s", path, fullPath)
		})
	}
}

// TestLaneHostAndHeader: on a phone the bank's lane shows a host name whole
// on one line, or wrapped after a dot, never inside a word ("bankofameric
// a.com"); on the widest screen the header's contents keep to the page's
// width, as its columns do (they ran from edge to edge of a 2560 px screen).
func TestLaneHostAndHeader(t *testing.T) {
	for _, width := range []int64{320, 375, 2560} {
		ctx := newPage(t)
		must(t, chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)))
		open(t, ctx, "#hostname-mismatch")
		type box struct {
			Lines   int     `json:"lines"`
			Brand   float64 `json:"brand"`
			Actions float64 `json:"actions"`
			Stories float64 `json:"stories"`
			Main    float64 `json:"main"`
		}
		b, err := chromedp.Run(ctx, chromedp.Evaluate[box](`(() => {
			const h = document.getElementById("bank-host"), r = document.createRange();
			r.selectNodeContents(h);
			const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
			const at = (s) => document.querySelector(s).getBoundingClientRect();
			return {lines: tops.size, brand: at(".brand").left, actions: at(".actions").right, stories: at("#presets").left, main: at(".main").right};
		})()`))
		must(t, err)
		if b.Lines != 1 {
			t.Errorf("at %d px the lane shows bankofamerica.com on %d lines", width, b.Lines)
		}
		if width > 1440 && (b.Brand != b.Stories || b.Actions != b.Main) {
			t.Errorf("at %d px the header runs from %v to %v, the page from %v to %v", width, b.Brand, b.Actions, b.Stories, b.Main)
		}
	}
}
