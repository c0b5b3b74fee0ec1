package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pasteFile puts a saved error of explain/testdata/match in the paste box.
func pasteFile(t *testing.T, ctx context.Context, name string) pasteState {
	t.Helper()
	root, err := repoRoot()
	must(t, err)
	b, err := os.ReadFile(filepath.Join(root, "explain", "testdata", "match", name))
	must(t, err)
	st := paste(t, ctx, string(b))
	if st.State != "done" || len(st.Rows) == 0 {
		t.Fatalf("%s: the box says %+v", name, st)
	}
	return st
}

// A story opened from the paste box by the keyboard takes the focus with it:
// Enter on a result's link puts the focus on the story's heading, in view
// (below the compact verdict that stays at the top of a scrolled page), and
// the next Tab goes on from there, not back up into the paste list.
func TestPasteEnterFocusesStory(t *testing.T) {
	for _, w := range []int64{390, 1280} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			ctx := newPage(t)
			must(t, chromedp.Do(ctx, chromedp.EmulateViewport(w, 844)))
			open(t, ctx, "#verify-true")
			pasteFile(t, ctx, "requests2-hostname-traceback.txt")
			run := readVerdict(t, ctx).Run
			must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#paste-list > li:first-child a`)), chromedp.KeyEvent(kb.Enter)))
			waitRun(t, ctx, run)
			type focus struct {
				ID     string  `json:"id"`
				Top    float64 `json:"top"`
				Height float64 `json:"height"`
				Seen   bool    `json:"seen"`
				After  bool    `json:"after"`
			}
			// Seen: what is drawn at the middle of the element's first line
			// is the element, not the compact verdict over it.
			const read = `(() => {
				const e = document.activeElement, r = e.getBoundingClientRect();
				const at = document.elementFromPoint(r.left + Math.min(r.width, 40) / 2, r.top + 10);
				return {id: e.id, top: r.top, height: innerHeight, seen: !!at && e.contains(at),
					after: !!(document.getElementById("title").compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)};
			})()`
			f, err := chromedp.Run(ctx, chromedp.Evaluate[focus](read))
			must(t, err)
			if f.ID != "title" || f.Top < 0 || f.Top >= f.Height || !f.Seen {
				t.Errorf("after Enter on a paste result the focus is on #%s at %v of %v px (seen: %v), want the story's heading in view", f.ID, f.Top, f.Height, f.Seen)
			}
			must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
			f, err = chromedp.Run(ctx, chromedp.Evaluate[focus](read))
			must(t, err)
			if !f.After {
				t.Errorf("the next Tab goes back to #%s, before the story's heading", f.ID)
			}
		})
	}
}

// On a narrow screen each result's matched lines show whole: wrapped to
// many rows, none is cut off below a scrolling box's edge (the words that
// tell the rows apart were below it).
func TestPasteLinesNarrow(t *testing.T) {
	ctx := newPage(t)
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)))
	open(t, ctx, "#verify-true")
	for _, name := range []string{"requests2-hostname-traceback.txt", "curl-v-unknown-issuer.txt", "node-ip-mismatch.txt"} {
		pasteFile(t, ctx, name)
		cut, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#paste-list .paste-lines")]
			.filter(e => e.scrollHeight > e.clientHeight + 1)
			.map(e => e.closest("li").dataset.story + ": " + e.clientHeight + " of " + e.scrollHeight + " px")`))
		must(t, err)
		if len(cut) > 0 {
			t.Errorf("%s at 390 px: matched lines cut off: %v", name, cut)
		}
	}
}
