package e2e

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// The inspector's field list is one tab stop, the arrow keys move within it
// (highlighting each field's bytes), and hovering bytes scrolls their field
// into view in the list.
func TestFieldList(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#diagram button.msg`)))) // the ClientHello
	stops, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#inspector .fields [tabindex="0"]').length`))
	must(t, err)
	if stops != 1 {
		t.Errorf("the field list has %d tab stops", stops)
	}
	focused := func() (int, bool) {
		st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
			Node int  `json:"node"`
			HL   bool `json:"hl"`
		}](`(() => { const a = document.activeElement; return {node: +(a.dataset.node ?? -1), hl: a.classList.contains("hl") && !!document.querySelector("#inspector .hex .hl")}; })()`))
		must(t, err)
		return st.Node, st.HL
	}
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#inspector .fields [tabindex="0"]`))))
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)))
	// The hex rows are drawn a batch per task, and highlighted as they come:
	// a moment for the field's bytes to be among them.
	chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const a = document.activeElement;
		return a.dataset.node === "3" && a.classList.contains("hl") && !!document.querySelector("#inspector .hex .hl"); })()`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if n, hl := focused(); n != 3 || !hl {
		t.Errorf("three fields down: field %d, highlighted %v", n, hl)
	}
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	last, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#inspector .fields .frow").length - 1`))
	must(t, err)
	if n, _ := focused(); n != last {
		t.Errorf("End: field %d, want %d", n, last)
	}
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Home)))
	if n, _ := focused(); n != 0 {
		t.Errorf("Home: field %d", n)
	}
	// Still one tab stop, where the focus is.
	stops, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#inspector .fields [tabindex="0"]').length`))
	must(t, err)
	if stops != 1 {
		t.Errorf("after moving, the field list has %d tab stops", stops)
	}

	// The last bytes' field is far down the list: hovering them brings it up.
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const list = document.querySelector("#inspector .fields");
		list.scrollTop = 0;
		const segs = document.querySelectorAll("#inspector .hex [data-leaf]");
		const seg = segs[segs.length - 1];
		seg.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
		return true;
	})()`))
	must(t, err)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const list = document.querySelector("#inspector .fields"), segs = document.querySelectorAll("#inspector .hex [data-leaf]");
		const leaf = segs[segs.length - 1].dataset.leaf;
		const row = [...list.querySelectorAll(".frow")].find(r => r.dataset.lo === leaf && +r.dataset.hi === +leaf + 1);
		const l = list.getBoundingClientRect(), r = row.getBoundingClientRect();
		return list.scrollTop > 0 && r.top >= l.top && r.bottom <= l.bottom;
	})()`))
	if err != nil {
		t.Errorf("hovering the last bytes does not bring their field into view: %v", err)
	}
}

// Hovering the byte view while an edit's rows are patched into it (the rows
// not yet patched are the old ones, cut into other runs of bytes)
// highlights what is there, and never breaks the page.
func TestHoverWhileTheInspectorIsPatched(t *testing.T) {
	// A leaf of many names: a Certificate message of many rows, which an
	// edit of the leaf moves, every row after its names (the rows are
	// patched a few milliseconds' worth per task).
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	leaf := slices.IndexFunc(s.Certs, func(c pki.Spec) bool { return c.Name == s.Server.Send[0] })
	s.Certs[leaf].MoreNames = 800
	ctx := newPage(t)
	open(t, ctx, fragmentOf(t, s))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#inspector .hex > *").length > 1000`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the inspector never shows the chain's bytes: %v", err)
	}
	hovers, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`(async () => {
		const inspector = document.getElementById("inspector"), run = inspector.dataset.run;
		let stop = false, hovers = 0;
		const ch = new MessageChannel();
		ch.port1.onmessage = () => {
			if (stop) return;
			const rows = inspector.querySelectorAll(".fields > li");
			rows[rows.length - 1 - hovers %% 2].dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
			hovers++;
			ch.port2.postMessage(null);
		};
		ch.port2.postMessage(null);
		const e = document.querySelector('[data-path="certs[%d].more_names"]');
		e.value = "797";
		e.dispatchEvent(new Event("change", {bubbles: true}));
		await new Promise(r => new MutationObserver((_, seen) => {
			if (inspector.dataset.run !== run) { seen.disconnect(); r(); }
		}).observe(inspector, {attributes: true, attributeFilter: ["data-run"]}));
		stop = true;
		return hovers;
	})()`, leaf), chromedp.EvalAwaitPromise))
	must(t, err)
	if notice := noticeText(t, ctx); notice != "" {
		t.Errorf("after %d hovers while the inspector was patched the page says %q", hovers, notice)
	}
}
