package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// Every story opened by clicking it shows the verdict Go gives natively for the
// same scenario, and requests' (the default client's) as the lens gives it
// natively.
func TestPresets(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	for _, p := range scenario.Presets {
		tr, err := handshake.Run(context.Background(), p.At(scenario.PresetClock))
		must(t, err)
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.preset[data-preset=%q]`, p.ID)))))
		run = waitRun(t, ctx, run)
		v := readVerdict(t, ctx)
		if v.GoReason != tr.Outcome.Reason.String() || v.GoOK != fmt.Sprint(tr.Outcome.OK) {
			t.Errorf("%s: the page says Go %s (ok=%s), Go natively %s (ok=%v)", p.ID, v.GoReason, v.GoOK, tr.Outcome.Reason, tr.Outcome.OK)
		}
		lens, err := explain.Lens(explain.NewReport(tr), explain.Requests)
		must(t, err)
		if v.Reason != lens.Reason || v.OK != fmt.Sprint(lens.OK) {
			t.Errorf("%s: the page says requests %s (ok=%s), the lens natively %s (ok=%v)", p.ID, v.Reason, v.OK, lens.Reason, lens.OK)
		}
		title, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("title")))
		must(t, err)
		if title != p.Title {
			t.Errorf("%s: title %q", p.ID, title)
		}
		state, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
			Hash    string `json:"hash"`
			Current string `json:"current"`
			Beats   int    `json:"beats"`
		}](`({hash: location.hash, current: document.querySelector(".preset[aria-current]")?.dataset.preset,
			beats: document.querySelectorAll("#diagram > li").length})`))
		must(t, err)
		if state.Hash != "#"+p.ID || state.Current != p.ID || state.Beats == 0 {
			t.Errorf("%s: location %q, marked story %q, %d beats", p.ID, state.Hash, state.Current, state.Beats)
		}
	}
}

// typeInto replaces the text of an editor input the way a person does, key by
// key, and leaves it (which commits the edit).
func typeInto(t *testing.T, ctx context.Context, path, text string) {
	t.Helper()
	sel := chromedp.CSS(fmt.Sprintf(`[data-path=%q]`, path))
	must(t, chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector('[data-path=%q]').select()`, path)),
		chromedp.SendKeys(sel, kb.Delete+text),
		chromedp.Blur(sel)))
}

// pasteInto replaces the text of an editor input in one go, as pasting does.
func pasteInto(t *testing.T, ctx context.Context, path, text string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const e = document.querySelector('[data-path=%q]');
		e.value = %s;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
	})()`, path, jsString(text)))))
}

func fieldState(t *testing.T, ctx context.Context, path string) (value, problem string, invalid bool) {
	t.Helper()
	st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Value   string `json:"value"`
		Problem string `json:"problem"`
		Invalid bool   `json:"invalid"`
	}](fmt.Sprintf(`(() => { const e = document.querySelector('[data-path=%q]');
		return {value: e.value, invalid: e.getAttribute("aria-invalid") === "true",
			problem: document.getElementById(e.getAttribute("aria-describedby").split(" ")[0]).textContent}; })()`, path)))
	must(t, err)
	return st.Value, st.Problem, st.Invalid
}

// pageSpans lists the page's latest measures (its spans: edit, send, head,
// ran, verdict...), the last first, with their start and length in ms.
func pageSpans(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`performance.getEntriesByType("measure").slice(-40).reverse()
		.map(e => e.name + " " + e.startTime.toFixed(1) + " +" + e.duration.toFixed(1)).join("\n")`))
	if err != nil {
		return err.Error()
	}
	return s
}

// Editing the dialled name re-runs the handshake; a name the certificate does
// not list is a hostname mismatch, and back. A name that is not a name is
// marked at its field while the last good verdict stays.
func TestEditDial(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	v := readVerdict(t, ctx)
	if v.Reason != "ok" {
		t.Fatalf("verify-true: %s", v.Reason)
	}

	typeInto(t, ctx, "client.dial", "vault.bank.example")
	// Every keystroke re-runs; wait for the run of the whole name.
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("verdict").innerText.includes("dialled vault.bank.example")`))
	if err != nil {
		t.Fatalf("the verdict never names vault.bank.example: %v\n%s", err, readVerdict(t, ctx).Text)
	}
	waitReason(t, ctx, "hostname_mismatch")
	hash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	must(t, err)
	if !strings.HasPrefix(hash, "#s1.") {
		t.Errorf("an edited scenario's location is %q", hash)
	}

	typeInto(t, ctx, "client.dial", "bank.example")
	waitReason(t, ctx, "ok")

	before := readVerdict(t, ctx)
	pasteInto(t, ctx, "client.dial", "not a host!")
	must(t, chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.querySelector('[data-path="client.dial"]').getAttribute("aria-invalid") === "true"`)))
	_, problem, _ := fieldState(t, ctx, "client.dial")
	if !strings.Contains(problem, "neither a DNS name nor an IP address") {
		t.Errorf("the field says %q", problem)
	}
	after := readVerdict(t, ctx)
	stale, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("stale").hidden`))
	must(t, err)
	if after.Run != before.Run || after.Reason != "ok" || !stale {
		t.Errorf("an invalid edit replaced the verdict (run %d → %d, %s) or did not say it is stale (%v); the page's work, last first:\n%s", before.Run, after.Run, after.Reason, stale, pageSpans(t, ctx))
	}

	// Back and forward walk through the committed edits (the invalid one was
	// never committed): verify-true, vault.bank.example, verify-true again.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`history.back()`)))
	waitReason(t, ctx, "hostname_mismatch")
	if value, _, _ := fieldState(t, ctx, "client.dial"); value != "vault.bank.example" {
		t.Errorf("back shows the dial %q", value)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`history.back()`)))
	waitReason(t, ctx, "ok")
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`history.forward()`)))
	waitReason(t, ctx, "hostname_mismatch")
}

// Leaving a field commits what its keystrokes ran: that never runs the
// scenario again, whenever it comes while the keystroke's answer is drawn
// (its verdict first, its steps read over a few tasks after a frame).
func TestCommitDoesNotRunAgain(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	for i, name := range []string{"vault.bank.example", "bank.example", "other.example"} {
		run := readVerdict(t, ctx).Run
		// Type the name (input only), then say "change" in every task until
		// the whole answer is drawn (the diagram's run is the verdict's).
		runs, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](fmt.Sprintf(`(async () => {
			const e = document.querySelector('[data-path="client.dial"]');
			const verdict = document.getElementById("verdict"), diagram = document.getElementById("diagram");
			e.value = %s;
			e.dispatchEvent(new Event("input", {bubbles: true}));
			const ch = new MessageChannel();
			const tick = () => new Promise((ok) => { ch.port1.onmessage = ok; ch.port2.postMessage(0); });
			const t0 = performance.now();
			while (!(+verdict.dataset.run > %d && diagram.dataset.run === verdict.dataset.run) && performance.now() - t0 < 20000) {
				e.dispatchEvent(new Event("change", {bubbles: true}));
				await tick();
			}
			const drawn = +verdict.dataset.run;
			await new Promise((ok) => setTimeout(ok, 700));
			return [drawn, +verdict.dataset.run];
		})()`, jsString(name), run), chromedp.EvalAwaitPromise))
		must(t, err)
		if runs[0] <= run {
			t.Fatalf("%s: no verdict came after run %d", name, run)
		}
		if runs[1] != runs[0] {
			t.Errorf("%s (edit %d): leaving the field ran the scenario again: run %d, then %d; the page's work, last first:\n%s", name, i, runs[0], runs[1], pageSpans(t, ctx))
		}
	}
}

// An edit that leaves the verdict alone still redraws what it changed: the
// leaf's validity in the inspector (drawn once the browser is idle), and
// records whose size changed in the diagram (beats are redrawn one by one),
// which must agree with the bytes of the run on screen.
func TestEditRedraws(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	for _, days := range []int{123, 9, 400} {
		// The bank's Certificate in the inspector (the first time, by default).
		must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
			`[...document.querySelectorAll("#diagram button.msg")].find(b => b.textContent === "Certificate").click()`)))
		run := readVerdict(t, ctx).Run
		pasteInto(t, ctx, "certs[2].not_after", strconv.Itoa(days))
		waitRun(t, ctx, run)
		// The story happens today, the page's day.
		until := scenario.Day(time.Now()).AddDate(0, 0, days).Format(time.DateTime)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
			`[...document.querySelectorAll("#inspector .cert dd")].some(d => d.textContent.endsWith(" to %s UTC"))`, until)))
		if err != nil {
			t.Fatalf("not_after %d: the inspector never shows the leaf valid until %s: %v", days, until, err)
		}
		if v := readVerdict(t, ctx); v.Reason != "ok" {
			t.Fatalf("not_after %d: verdict %s", days, v.Reason)
		}
		// Each record's size in the diagram is that of its bytes in the inspector.
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#diagram .record-link").length`))
		must(t, err)
		for i := range n {
			label, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
				const b = document.querySelectorAll("#diagram .record-link")[%d];
				b.click();
				return b.textContent;
			})()`, i)))
			must(t, err)
			size := strings.TrimPrefix(label, "record, ")
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
				`document.querySelector("#inspector .facts")?.textContent.includes(%q)`, " · "+size),
				chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil {
				facts, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#inspector .facts")?.textContent`))
				t.Errorf("not_after %d: record %d is labelled %q, the inspector says %q", days, i, label, facts)
			}
		}
	}
}

// Typing draws each keystroke's verdict as it comes; the steps, the handshake
// and the inspector wait for a pause, and are then those of the last
// keystroke, whose verdict differs from the ones before.
func TestTypingDrawsEachVerdict(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
		`[...document.querySelectorAll("#diagram button.msg")].find(b => b.textContent === "Certificate").click()`)))
	waitLoaded(t, ctx)
	// Keystrokes one after the other, each once the last one's verdict is
	// drawn (input events only: typing, not leaving the field); the last
	// makes the bank's certificate expired yesterday.
	values := []string{"6", "61", "612", "61", "6", "-", "-1"}
	runs, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](fmt.Sprintf(`(async () => {
		const e = document.querySelector('[data-path="certs[2].not_after"]');
		const verdict = document.getElementById("verdict");
		const runs = [+verdict.dataset.run];
		for (const v of %s) {
			const run = verdict.dataset.run;
			e.value = v;
			e.dispatchEvent(new Event("input", {bubbles: true}));
			const t0 = performance.now();
			// "-" is no number: it runs nothing.
			while (v !== "-" && verdict.dataset.run === run && performance.now() - t0 < 20000) await new Promise((ok) => setTimeout(ok, 0));
			runs.push(+verdict.dataset.run);
		}
		// Still typing a while, the same text (no new run): however long
		// the runs took, the last one's steps come while the person types.
		for (let t0 = performance.now(); performance.now() - t0 < 400; ) {
			e.dispatchEvent(new Event("input", {bubbles: true}));
			await new Promise((ok) => setTimeout(ok, 30));
		}
		return runs;
	})()`, jsArray(values)), chromedp.EvalAwaitPromise))
	must(t, err)
	for i, v := range values {
		if grew := runs[i+1] > runs[i]; grew != (v != "-") {
			t.Errorf("keystroke %d (%q): verdict run %d → %d", i, v, runs[i], runs[i+1])
		}
	}
	last := runs[len(runs)-1]
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(() => {
		const run = (id) => +document.getElementById(id).dataset.run;
		return run("verdict") === %d && run("diagram") === %d && run("inspector") === %d; })()`, last, last, last),
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		runs, _ := chromedp.Run(ctx, chromedp.Evaluate[[]int](`["verdict", "diagram", "inspector"].map((id) => +document.getElementById(id).dataset.run)`))
		t.Fatalf("after typing, the verdict, diagram and inspector show runs %v, want all %d: %v", runs, last, err)
	}
	if v := readVerdict(t, ctx); v.GoReason != "expired" {
		t.Errorf("verdict %s, want expired", v.GoReason)
	}
	until := scenario.Day(time.Now()).AddDate(0, 0, -1).Format(time.DateTime)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
		`[...document.querySelectorAll("#inspector .cert dd")].some(d => d.textContent.endsWith(" to %s UTC"))`, until),
		chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Errorf("the inspector never shows the leaf valid until %s: %v", until, err)
	}
}

// waitReason waits for the verdict to show reason.
func waitReason(t *testing.T, ctx context.Context, reason string) verdict {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`document.getElementById("verdict").dataset.reason === %q`, reason)))
	if err != nil {
		t.Fatalf("waiting for %s (the page shows %s): %v", reason, readVerdict(t, ctx).Reason, err)
	}
	return readVerdict(t, ctx)
}

// A share link reproduces a hand-edited scenario in a browser that never saw it.
func TestShareLink(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#mtls-ok")
	typeInto(t, ctx, "certs[4].not_after", "-2")
	typeInto(t, ctx, "certs[4].not_before", "-30")
	waitReason(t, ctx, "client_cert_expired")
	// Copying the link records the latest edit too, made in the same task as
	// the click: the link copied (through the browser's own clipboard) is the
	// address bar's, with that edit.
	grantClipboard(t, ctx)
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const e = document.querySelector('[data-path="title"]');
		e.value = "My badge ran out";
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
		document.getElementById("share").click();
	})()`)))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("share-status").textContent.startsWith("Link copied")`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		said, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("share-status")))
		t.Fatalf("the link was not copied (the page says %q): %v", said, err)
	}
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	must(t, err)
	if bar, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`)); err != nil || bar != link {
		t.Errorf("the link copied is %q, the address bar %q (%v)", link, bar, err)
	}
	if !strings.Contains(link, base+"#s1.") {
		t.Fatalf("share link %q", link)
	}

	fresh := newPage(t)
	must(t, chromedp.Do(fresh, chromedp.Navigate(link)))
	waitLoaded(t, fresh)
	if v := readVerdict(t, fresh); v.Reason != "client_cert_expired" {
		t.Errorf("the link opens %s", v.Reason)
	}
	for path, want := range map[string]string{"certs[4].not_after": "-2", "certs[4].not_before": "-30", "title": "My badge ran out"} {
		if got, _, _ := fieldState(t, fresh, path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	title, err := chromedp.Run(fresh, chromedp.Text(chromedp.ID("title")))
	must(t, err)
	if title != "My badge ran out" {
		t.Errorf("title %q", title)
	}
}

// grantClipboard lets the page of ctx write and read the clipboard without a
// person's gesture, as a browser does once the person allowed it.
func grantClipboard(t *testing.T, ctx context.Context) {
	t.Helper()
	c := chromedp.FromContext(ctx)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted, BrowserContextID: c.BrowserContextID})
		must(t, err)
	}
}

// The API for tests and power users: presets() and run() give what the CLI's
// presets and run --json give.
func TestAPI(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "")
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`tlsplay.presets()`))
	must(t, err)
	if len(ids) != len(scenario.Presets) || ids[0] != scenario.Presets[0].ID {
		t.Errorf("presets() = %v", ids)
	}
	runJS := func(arg string) (string, error) {
		return chromedp.Run(ctx, chromedp.Evaluate[string](`tlsplay.run(`+jsString(arg)+`)`, chromedp.EvalAwaitPromise))
	}
	out, err := runJS("expired")
	must(t, err)
	var tr struct {
		Scenario scenario.Scenario `json:"scenario"`
		Steps    []json.RawMessage `json:"steps"`
		Outcome  struct {
			Reason  string `json:"reason"`
			Explain struct {
				Headline string `json:"headline"`
			} `json:"explain"`
			Clients map[string]json.RawMessage `json:"clients"`
		} `json:"outcome"`
	}
	must(t, json.Unmarshal([]byte(out), &tr))
	if tr.Outcome.Reason != "expired" || tr.Outcome.Explain.Headline == "" || len(tr.Outcome.Clients) != 6 || len(tr.Steps) == 0 {
		t.Errorf("run(expired): reason %s, headline %q, %d clients, %d steps", tr.Outcome.Reason, tr.Outcome.Explain.Headline, len(tr.Outcome.Clients), len(tr.Steps))
	}
	js, err := json.Marshal(scenario.Lookup("verify-true").At(scenario.PresetClock))
	must(t, err)
	out, err = runJS(string(js))
	must(t, err)
	must(t, json.Unmarshal([]byte(out), &tr))
	if tr.Outcome.Reason != "ok" {
		t.Errorf("run(verify-true's JSON): %s", tr.Outcome.Reason)
	}
	if _, err := runJS(`{"certs": 7}`); err == nil || !strings.Contains(err.Error(), "scenario JSON: certs: expected a list") {
		t.Errorf("run(bad JSON): %v", err)
	}
	if _, err := runJS("no-such"); err == nil || !strings.Contains(err.Error(), `there is no story "no-such": tlsplay.presets() lists`) {
		t.Errorf("run(no-such): %v", err)
	}
}

// A script's runs (tlsplay.run) are no runs of the page's: however many it
// asks for, the files offered are still those of the handshake on screen.
func TestAPIRunsLeaveTheFilesOnScreen(t *testing.T) {
	ctx := newPage(t)
	downloads := allowDownloads(t, ctx)
	open(t, ctx, "#expired")
	for range 6 { // more than the engine keeps runs for their files
		_, err := chromedp.Run(ctx, chromedp.Evaluate[string](`tlsplay.run("verify-true")`, chromedp.EvalAwaitPromise))
		must(t, err)
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-pcap"))))
	if b := waitDownload(t, ctx, filepath.Join(downloads, "tlsplay-expired.pcapng")); len(b) < 100 {
		t.Errorf("the capture is %d bytes", len(b))
	}
}

// The page works from the keyboard, and shows where the focus is.
func TestKeyboard(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`.preset[data-preset="expired"]`)), chromedp.KeyEvent(kb.Enter)))
	waitRun(t, ctx, run)
	if v := readVerdict(t, ctx); v.Reason != "expired" {
		t.Errorf("Enter on a story opens %s", v.Reason)
	}
	outline, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`))
	must(t, err)
	if outline == "none" || outline == "" {
		t.Errorf("the focused story shows no outline (%q)", outline)
	}
	// The skip link moves the focus to the verdict and leaves the location,
	// which names the scenario, alone.
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`.skip`)), chromedp.KeyEvent(kb.Enter)))
	at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id + " " + location.hash`))
	must(t, err)
	if at != "verdict #expired" {
		t.Errorf("after the skip link: focus and location %q", at)
	}
	// A screen reader says the verdict in a line when it changes: the
	// compact verdict is the live region, read whole, and it holds who
	// refused and why; the panel, with a client's whole message and the fix,
	// is no live region to be read from end to end.
	live, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const b = document.getElementById("bar-verdict"), v = document.getElementById("verdict");
		return [b.getAttribute("aria-live"), b.getAttribute("aria-atomic"), v.getAttribute("aria-live"), v.getAttribute("aria-label"), b.textContent.replace(/\s+/g, " ").trim()].join("|"); })()`))
	must(t, err)
	if live != "polite|true||The verdict|Refused by the courier (client) A certificate in the chain has expired" {
		t.Errorf("the live region and the verdict: %q", live)
	}
	// Every control has a name a screen reader can say.
	unnamed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("button, input, select, textarea")]
		.filter(e => !(e.labels?.length || e.getAttribute("aria-label") || e.textContent.trim()))
		.map(e => e.outerHTML.slice(0, 80))`))
	must(t, err)
	if len(unnamed) > 0 {
		t.Errorf("controls without a name: %q", unnamed)
	}
}

// Hovering a field highlights its bytes, and hovering bytes highlights their
// field; a click on a message shows it.
func TestBytes(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#diagram button.msg`)))) // the ClientHello
	h3, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#inspector h3`)))
	must(t, err)
	if h3 != "ClientHello" {
		t.Fatalf("the first message shown is %q", h3)
	}
	hover := func(element string) {
		must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
			`(`+element+`).dispatchEvent(new MouseEvent("mouseover", {bubbles: true}))`)))
	}
	// The server_name extension's host name.
	hover(`[...document.querySelectorAll("#inspector .frow")].find(r => r.querySelector(".fname").textContent === "host name")`)
	n, err := chromedp.Run(ctx, chromedp.Poll[int](`document.querySelectorAll("#inspector .hex .hl").length`))
	must(t, err)
	if n == 0 {
		t.Error("hovering a field highlights no bytes")
	}
	hover(`document.querySelector('#inspector .hex [data-leaf="3"]')`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const r = document.querySelector("#inspector .frow.hl");
		return r && +r.dataset.lo <= 3 && +r.dataset.hi > 3; })()`))
	must(t, err)
}

// openWithout opens the page by fragment from a site that answers 404 for
// the file name.
func openWithout(t *testing.T, name, fragment string) context.Context {
	t.Helper()
	site := siteHandler(&requestLog{}, "")
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/"+name) {
			http.NotFound(w, r)
			return
		}
		site.ServeHTTP(w, r)
	}))
	t.Cleanup(broken.Close)
	ctx := newPage(t)
	must(t, chromedp.Do(ctx, chromedp.Navigate(broken.URL+base+fragment)))
	return ctx
}

// waitNotice waits for the notice above the page to show and to say text,
// and to tell the person to reload; the test fails saying what, with the
// notice it shows. It returns the condition, for polling again.
func waitNotice(t *testing.T, ctx context.Context, text, what string) string {
	t.Helper()
	says := fmt.Sprintf(`(() => { const n = document.getElementById("notice"); return !n.hidden && n.textContent.includes(%q) && n.textContent.includes("Reload"); })()`, text)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](says, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		notice, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("notice").textContent`))
		t.Fatalf("the page does not say %s: %v (notice %q)", what, err, notice)
	}
	return says
}

// A worker that cannot load (its script missing) leaves a page that says so,
// and keeps saying so, rather than one that waits for ever.
func TestEngineDown(t *testing.T) {
	ctx := openWithout(t, "worker.js", "#expired")
	says := waitNotice(t, ctx, "engine is not running", "the engine is down")
	// The stories are listed; opening one says the same again.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("notice").textContent = ""`)))
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="verify-true"]`))))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](says, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Errorf("opening a story with the engine down: %v", err)
	}
}

// Without its WebAssembly (a deploy cut short, say) the page says the engine
// could not start and why, rather than waiting for ever; the link's story
// stays painted.
func TestWasmMissing(t *testing.T) {
	ctx := openWithout(t, "tlsplay.wasm", "#expired")
	waitNotice(t, ctx, "could not start (tlsplay.wasm: HTTP 404)", "the WebAssembly is missing")
	if v := readVerdict(t, ctx); v.GoReason != "expired" {
		t.Errorf("the link's story is no longer painted: %+v", v)
	}
}

// What the eye gets from arrows and marks, a screen reader gets in words: who
// sent each message, and each check as its question and answer.
func TestScreenReaderNames(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#expired")
	names, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#diagram button[aria-label]")].map(b => b.getAttribute("aria-label"))`))
	must(t, err)
	for _, want := range []string{"ClientHello, from the courier", "Certificate, from the bank", "Is bank.example valid now? No: expired 2026-05-31 12:00 UTC; the clock says 2026-06-01 12:00 UTC"} {
		if !slices.Contains(names, want) {
			t.Errorf("no button named %q among %q", want, names)
		}
	}
}

// A run that answers after the editor became invalid is drawn, and the page
// still says the handshake shown is not the editor's; a link's notice goes
// with the first edit.
func TestStaleAfterLateAnswer(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#no-such-story")
	notice, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("notice").hidden`))
	must(t, err)
	if !notice {
		t.Fatal("a link to no story says nothing")
	}
	run := readVerdict(t, ctx).Run
	// A valid edit whose run takes a while (an RSA-4096 intermediate signs the
	// leaf), then, while it is in flight, an invalid one.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const set = (path, v) => { const e = document.querySelector('[data-path="' + path + '"]'); e.value = v;
			e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); };
		set("certs[1].key", "rsa-4096");
		setTimeout(() => set("client.dial", "not a host!"), 40);
	})()`)))
	waitRun(t, ctx, run)
	st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Stale  bool `json:"stale"`
		Notice bool `json:"notice"`
	}](`({stale: !document.getElementById("stale").hidden, notice: !document.getElementById("notice").hidden})`))
	must(t, err)
	if !st.Stale {
		t.Error("the late answer hid the notice that the editor is invalid")
	}
	if st.Notice {
		t.Error("the link's notice outlived an edit")
	}
}

// A run that takes seconds (more RSA-3072 keys than the pool holds: the page
// generates one) says the page is working, and stops saying so with the answer.
func TestBusy(t *testing.T) {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	for i := range s.Certs {
		s.Certs[i].Key = pki.RSA3072
	}
	// One more than the pool hands out (its last key is kept aside).
	for i := range pki.PoolSize(pki.RSA3072) - len(s.Certs) {
		s.Certs = append(s.Certs, pki.Spec{Name: fmt.Sprintf("spare%d", i), CommonName: "spare", NotBefore: -1, NotAfter: 1, Key: pki.RSA3072})
	}
	ctx := newPage(t)
	must(t, chromedp.Do(ctx, chromedp.Navigate(siteURL+fragmentOf(t, s))))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("busy").hidden && document.getElementById("verdict").getAttribute("aria-busy") === "true"`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("a run of seconds never says the page is working: %v", err)
	}
	waitLoaded(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("busy").hidden && !document.getElementById("verdict").hasAttribute("aria-busy")`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the page still says it is working after the answer: %v", err)
	}
}

// Someone moving by headings meets the page's one h1 first, then every other
// heading in document order with no level skipped on the way down: the story
// list's chapters and the paste boxes come before the story's title in the
// DOM, so the title is an h2 under the site's name.
func TestHeadingOrder(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#expired")
	levels, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](
		`[...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => +h.tagName[1])`))
	must(t, err)
	if len(levels) == 0 || levels[0] != 1 {
		t.Fatalf("the first heading is not an h1: levels in document order %v", levels)
	}
	for i := 1; i < len(levels); i++ {
		if levels[i] == 1 {
			t.Errorf("heading %d is a second h1: %v", i, levels)
		}
		if levels[i] > levels[i-1]+1 {
			t.Errorf("heading %d is an h%d right after an h%d: %v", i, levels[i], levels[i-1], levels)
		}
	}
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("h2#title").textContent`))
	must(t, err)
	if title == "" || title == "tlsplay" {
		t.Errorf("the story's title (h2#title) is %q", title)
	}
}
