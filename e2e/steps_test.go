package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// stepView is what the stage and the inspector say about the step on stage.
type stepView struct {
	Heading  string `json:"heading"`  // the inspector's
	Words    string `json:"words"`    // the inspector's paragraph
	Caption  string `json:"caption"`  // the stage's paragraph
	Current  int    `json:"current"`  // the beat on stage, -1 for none
	Selected bool   `json:"selected"` // the inspector's step is a button of that beat
}

func readStep(t *testing.T, ctx context.Context) stepView {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[stepView](`(() => {
		const cur = document.querySelector("#diagram li.current");
		return {
			heading: document.querySelector("#inspector h3")?.textContent || "",
			words: document.querySelector("#inspector .step-words")?.textContent || "",
			caption: document.getElementById("beat-words").textContent,
			current: cur ? +cur.dataset.beat : -1,
			selected: !!cur?.querySelector("button.selected"),
		};
	})()`))
	must(t, err)
	return v
}

// Each step explained: stepping shows the beat's paragraph on the stage and
// moves the inspector to it, with the step's own paragraph; arrow keys step
// as the buttons do.
func TestStepWordsFollow(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	// From the start, paused on the first beat.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#restart`)), chromedp.Click(chromedp.CSS(`#play`))))
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#back`))))
	first := readStep(t, ctx)
	if first.Current != 0 || first.Heading != "ClientHello" || !first.Selected {
		t.Fatalf("stepped back to the start: %+v", first)
	}
	for _, want := range []string{"opening message", "X25519MLKEM768", "post-quantum"} {
		if !strings.Contains(first.Words, want) || !strings.Contains(first.Caption, want) {
			t.Errorf("the ClientHello's words lack %q: inspector %q, stage %q", want, first.Words, first.Caption)
		}
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#fwd`))))
	second := readStep(t, ctx)
	if second.Current != 1 || second.Heading != "ServerHello" || !second.Selected || !strings.Contains(second.Words, "picks TLS 1.3") {
		t.Errorf("one step forward: %+v", second)
	}
	// The arrow keys, on the stage, step the same way.
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#fwd`)), chromedp.KeyEvent(kb.ArrowLeft)))
	if back := readStep(t, ctx); back.Heading != "ClientHello" || back.Current != 0 {
		t.Errorf("ArrowLeft: %+v", back)
	}
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight)))
	if on := readStep(t, ctx); on.Current != 3 || !on.Selected || on.Caption == "" || on.Caption == second.Caption {
		t.Errorf("three steps forward: %+v", on)
	}
}

// The check a story turns on says so, in the inspector and on the stage.
func TestStepWordsVerdictCheck(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#expired")
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector("#diagram li.future") && document.getElementById("play").textContent === "Play"`))
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#diagram .check.verdict-check button`))))
	v := readStep(t, ctx)
	for _, want := range []string{"valid now? No", "This is the check the verdict names"} {
		if !strings.Contains(v.Words, want) {
			t.Errorf("the verdict's check says %q, without %q", v.Words, want)
		}
	}
	if !strings.Contains(v.Caption, "it decides the story") {
		t.Errorf("the stage says %q for the run holding the verdict's check", v.Caption)
	}
}

// The verdict's link to the check that failed scrolls the handshake to it,
// at once even while the story still plays, and leaves the focus on it.
func TestVerdictLinksToCheck(t *testing.T) {
	for _, w := range []struct{ width, height int64 }{{1280, 800}, {320, 640}} {
		t.Run(fmt.Sprint(w.width), func(t *testing.T) {
			ctx := newPage(t)
			must(t, chromedp.Do(ctx, chromedp.EmulateViewport(w.width, w.height)))
			open(t, ctx, "#hostname-mismatch")
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#verdict .failed-check button`))))
			got, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => {
				const b = document.querySelector("#diagram .verdict-check button");
				const r = b.getBoundingClientRect();
				return document.activeElement === b && r.top >= 0 && r.bottom <= innerHeight && b.closest("li.beat:not(.future)") ? b.textContent : "";
			})()`, chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil {
				dbg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const b = document.querySelector("#diagram .verdict-check button"); const r = b.getBoundingClientRect(); return [document.activeElement.outerHTML.slice(0,100), r.top, r.bottom, innerHeight, b.closest("li").className].join(" | "); })()`))
				t.Fatalf("the verdict's check is not scrolled to and focused: %v (%s)", err, dbg)
			}
			if !strings.Contains(got, "bankofamerica.com") {
				t.Errorf("the link went to %q", got)
			}
			words, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#inspector .step-words`)))
			must(t, err)
			if !strings.Contains(words, "This is the check the verdict names") {
				t.Errorf("the inspector says %q", words)
			}
		})
	}
}
