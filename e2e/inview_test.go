package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
