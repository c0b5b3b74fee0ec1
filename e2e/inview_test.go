package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// inView says whether the element's box starts inside the viewport (and,
// for one no taller than a screen, ends inside it too).
func inView(t *testing.T, ctx context.Context, id string) bool {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const r = document.getElementById(%q).getBoundingClientRect();
		return r.height > 0 && r.top >= 0 && r.top < innerHeight - 40 && (r.bottom <= innerHeight + 1 || r.height > innerHeight); })()`, id)))
	must(t, err)
	return ok
}

// Nothing changes off-screen: an edit at the bottom of the editor changes a
// verdict that is in view (the compact one, sticky), at 1280 and 320 px; an
// edited story says what it was edited from; a story tapped at the bottom of
// a 320 px screen brings its verdict into view.
func TestVerdictInView(t *testing.T) {
	for _, w := range []struct {
		width, height int64
	}{{1280, 800}, {320, 640}} {
		t.Run(fmt.Sprint(w.width), func(t *testing.T) {
			ctx := newPage(t)
			must(t, chromedp.Do(ctx, chromedp.EmulateViewport(w.width, w.height)))
			open(t, ctx, "#verify-true")
			run := readVerdict(t, ctx).Run
			// The dialled name, scrolled to the bottom of the screen, far
			// below the verdict.
			must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-path="client.dial"]').scrollIntoView({block: "end"})`)))
			if inView(t, ctx, "verdict") && w.width == 320 {
				t.Fatal("the full verdict is in view: the edit proves nothing")
			}
			pasteInto(t, ctx, "client.dial", "other.example")
			waitRun(t, ctx, run)
			if !inView(t, ctx, "verdict-bar") {
				t.Errorf("after an edit at the editor, the compact verdict is out of view")
			}
			bar, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("verdict-bar").dataset.ok + " " + document.getElementById("bar-headline").textContent`))
			must(t, err)
			if !strings.HasPrefix(bar, "false ") {
				t.Errorf("the compact verdict says %q", bar)
			}
			title, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("title")))
			must(t, err)
			if !strings.HasPrefix(title, "Edited from: ") {
				t.Errorf("an edited story's title: %q", title)
			}
			if w.width != 320 {
				return
			}
			// A story tapped at the bottom of the list.
			run = readVerdict(t, ctx).Run
			must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('.preset[data-preset="expired"]').scrollIntoView({block: "end"})`)))
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="expired"]`))))
			waitRun(t, ctx, run)
			if !inView(t, ctx, "verdict") {
				t.Errorf("a story tapped at 320 px: its verdict is out of view")
			}
		})
	}
}

// A field the keyboard moves back to is not hidden under the compact
// verdict, which stays at the top of the screen: Shift+Tab to a field above
// the screen's top scrolled it to the very top, under the bar (on a phone's
// width, the bar is three lines high).
func TestFocusNotUnderTheBar(t *testing.T) {
	for _, w := range []int64{375, 1280} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			ctx := newPage(t)
			must(t, chromedp.Do(ctx, chromedp.EmulateViewport(w, 800)))
			open(t, ctx, "#untrusted-root")
			for _, path := range []string{"certs[2].not_after", "certs[2].ips", "client.sni"} {
				// The field just under the bar, the one before it above the
				// screen's top.
				must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const f = document.querySelector('[data-path=%q]');
					f.focus(); window.scrollBy(0, f.getBoundingClientRect().top - document.getElementById("verdict-bar").getBoundingClientRect().height - 8); })()`, path)),
					chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))))
				at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.getElementById("verdict-bar").getBoundingClientRect().bottom, document.activeElement.getBoundingClientRect().top]`))
				must(t, err)
				if len(at) != 2 || at[1] < at[0] {
					t.Errorf("Shift+Tab from %s: the field focused starts at %v, under the compact verdict, which ends at %v", path, at[1], at[0])
				}
			}
		})
	}
}
