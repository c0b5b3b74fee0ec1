package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// "What if I set verify=False?" from hostname-mismatch plays the same call
// with verify=False and an imposter answering: the diagram's lane is the
// imposter's, its messages are the imposter's, and the verdict says the
// parcel went to the imposter.
func TestVerifyFalseWhatIf(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#hostname-mismatch")
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#verdict [data-whatif="verify-false"]`))))
	waitRun(t, ctx, run)
	st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Lane    string `json:"lane"`
		Class   string `json:"class"`
		From    string `json:"from"`
		Verdict string `json:"verdict"`
		OK      string `json:"ok"`
		Reason  string `json:"reason"`
		Title   string `json:"title"`
	}](`(() => { const v = document.getElementById("verdict");
		const msg = [...document.querySelectorAll("#diagram .side-server [aria-label]")].map(e => e.getAttribute("aria-label")).join("|");
		return {lane: document.getElementById("bank-name").textContent, class: document.getElementById("bank-lane").className, from: msg,
			verdict: v.innerText, ok: v.dataset.ok, reason: v.dataset.reason, title: document.getElementById("title").textContent}; })()`))
	must(t, err)
	if st.Lane != "Imposter" || !strings.Contains(st.Class, "imposter") {
		t.Errorf("the lane is %q (%s), not the imposter's", st.Lane, st.Class)
	}
	if !strings.Contains(st.From, "from the imposter") || strings.Contains(st.From, "from the bank") {
		t.Errorf("the server's messages: %s", st.From)
	}
	if st.OK != "true" || st.Reason != "insecure_skip_verify" || !strings.Contains(st.Verdict, "the parcel went to an imposter") || !strings.Contains(st.Verdict, "200 OK came from it") {
		t.Errorf("the verdict: ok=%s %s\n%s", st.OK, st.Reason, st.Verdict)
	}
	if !strings.Contains(st.Title, "verify=False") {
		t.Errorf("title %q", st.Title)
	}
}

// "What if I set verify=False?" pressed on an edit's verdict before its
// handshake is drawn plays that edit's call, not the one of the handshake
// still on screen.
func TestVerifyFalseWhatIfOfAnEditsVerdict(t *testing.T) {
	ctx := holdingHeads(t)
	open(t, ctx, "#hostname-mismatch")
	editGlanced(t, ctx, "client.dial", "elsewhere.example")
	// The verdict on screen is the edit's (a run of the story before it,
	// drawn late on a loaded machine, was once taken for it, and its button
	// played the story's what-if, rightly).
	must(t, chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.getElementById("verdict").textContent.includes("elsewhere.example")`, chromedp.WithPollingTimeout(10*time.Second))))
	// The run to wait past is the edit's, drawn from its glance: its held
	// steps may still come, under load after the click, and drawn they were
	// taken for the what-if's (a flake of make test on a loaded machine).
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`__hold = 0`),
		chromedp.Click(chromedp.CSS(`#verdict [data-whatif="verify-false"]`))))
	run = waitRun(t, ctx, run)
	st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Dial   string `json:"dial"`
		Reason string `json:"reason"`
	}](`({dial: document.querySelector('[data-path="client.dial"]').value, reason: document.getElementById("verdict").dataset.reason})`))
	must(t, err)
	if st.Dial != "elsewhere.example" || st.Reason != "insecure_skip_verify" {
		t.Errorf("the what-if plays dial %q (%s), not the edit's elsewhere.example with verify=False", st.Dial, st.Reason)
	}
}

// Pressed from the keyboard, the buttons that go away or go off with what
// they did keep the person's place: "What if I set verify=False?" hands the
// focus to the verdict it changed; "Give the courier a badge", done, keeps it,
// off (aria-disabled) and saying so; "Add a certificate" at the most a
// scenario holds, the same. Each dropped it to the page before.
func TestFocusStaysAfterAnAction(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#hostname-mismatch")
	run := readVerdict(t, ctx).Run
	focused := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.activeElement;
			return e.id || (e.dataset.op ? e.dataset.op + " " + e.getAttribute("aria-disabled") : e.tagName); })()`))
		must(t, err)
		return s
	}
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#verdict [data-whatif="verify-false"]`)), chromedp.KeyEvent(kb.Enter)))
	run = waitRun(t, ctx, run)
	if v := readVerdict(t, ctx); v.Reason != "insecure_skip_verify" {
		t.Fatalf("the what-if played %s", v.Reason)
	}
	if got := focused(); got != "verdict" {
		t.Errorf("after the what-if the focus is on %q, not the verdict", got)
	}
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#editor button[data-op="badge"]`)), chromedp.KeyEvent(kb.Enter)))
	run = waitRun(t, ctx, run)
	if got := focused(); got != "badge true" {
		t.Errorf("after giving a badge the focus is on %q, not on the button, off", got)
	}
	// Pressed again, off, it does nothing.
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	if n := readVerdict(t, ctx).Run; n != run {
		t.Errorf("the badge's button, off, ran the handshake again (run %d → %d)", run, n)
	}
}

// Under pip's lens the what-if asks and plays in pip's words: the button,
// the story's title and its verdict say --trusted-host, not verify=False.
func TestVerifyFalseWhatIfPipLens(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#hostname-mismatch?client=pip")
	run := readVerdict(t, ctx).Run
	button, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#verdict [data-whatif="verify-false"]').textContent`))
	must(t, err)
	if button != "What if I turn verification off (--trusted-host)?" {
		t.Errorf("the button under pip's lens: %q", button)
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#verdict [data-whatif="verify-false"]`))))
	waitRun(t, ctx, run)
	st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Title    string `json:"title"`
		Headline string `json:"headline"`
	}](`({title: document.getElementById("title").textContent, headline: document.querySelector("#verdict .headline").textContent})`))
	must(t, err)
	if !strings.Contains(st.Title, "--trusted-host") || strings.Contains(st.Title, "verify=False") {
		t.Errorf("the what-if's title under pip's lens: %q", st.Title)
	}
	if !strings.Contains(st.Headline, "--trusted-host") || strings.Contains(st.Headline, "verify=False") {
		t.Errorf("the what-if's headline under pip's lens: %q", st.Headline)
	}
}
