package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
	run := readVerdict(t, ctx).Run
	editGlanced(t, ctx, "client.dial", "elsewhere.example")
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
