package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// keysMade is verify-true with RSA-2048 keys, enough of them that the page
// makes eight on the spot (as much as the validator lets a scenario make:
// eight keys rather than one larger one, so that how long it takes varies
// less), with its clock moved by shift seconds and its certificates named
// after it: a scenario the engine has not crafted before, nor kept the keys
// of (a key is kept by its certificate's spec, whatever the clock).
func keysMade(t *testing.T, shift int) *scenario.Scenario {
	t.Helper()
	s := scenario.Lookup("verify-true").Scenario()
	s.Now = scenario.PresetClock.Add(time.Duration(shift) * time.Second)
	for i := range s.Certs {
		s.Certs[i].Key = pki.RSA2048
		s.Certs[i].Organization = fmt.Sprintf("Made %d s later", shift)
	}
	for i := len(s.Certs); i < pki.ReadyKeys(pki.RSA2048)+8; i++ {
		s.Certs = append(s.Certs, pki.Spec{Name: fmt.Sprintf("spare%d", i), Issuer: s.Certs[0].Name, CommonName: fmt.Sprintf("spare %d", shift), NotBefore: -1, NotAfter: 1, Key: pki.RSA2048})
	}
	if err := s.Validate(); err != nil || s.KeyCost() != scenario.MaxKeyCost {
		t.Fatalf("a scenario that makes keys: cost %d, %v", s.KeyCost(), err)
	}
	return s
}

// openByScript sets the location's fragment to s, as a link followed in the
// same tab does.
func openByScript(t *testing.T, ctx context.Context, s *scenario.Scenario) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`location.hash = `+jsString(fragmentOf(t, s)))))
}

// A run that makes keys on the spot does not hold up a story clicked while
// it runs: the newer run supersedes it in the engine's worker, which gives
// the event loop a turn between the keys it makes and so hears of the newer
// run; the older stops there, unanswered, and is never drawn, and the story's
// verdict is drawn. The person may also cancel such a run: the editor keeps
// its scenario, the page says the run was cancelled, and keeps working.
//
// What is seen does not depend on the machine's speed: the older run is
// asked for while the worker makes keys for a script (tlsplay.run), and the
// story clicked once that is answered, so the run is making keys when the
// worker hears of the story. Should a loaded machine keep the run in one key
// past its grace period (graceFor), the page replaces its worker, as it is
// meant to; that worker is kept running here, unseen by the page, so that
// what it answered of the run is seen all the same.
func TestKeysMadeDoNotHoldUpTheEngine(t *testing.T) {
	ctx := heldPage(t)
	downloads := allowDownloads(t, ctx)
	// Every verdict the page draws; a worker the page ends while __keep is
	// set is kept running (its answers in __answers), until its end().
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
		const W = Worker;
		Object.assign(globalThis, {__drawn: [], __keep: false, __kept: []});
		globalThis.Worker = class extends W {
			constructor(...args) {
				super(...args);
				this.__answers = [];
				EventTarget.prototype.addEventListener.call(this, "message", ev => this.__answers.push(ev.data));
			}
			terminate() { if (__keep) __kept.push(this); else super.terminate(); }
			end() { super.terminate(); }
		};
		addEventListener("DOMContentLoaded", () => {
			const v = document.getElementById("verdict");
			new MutationObserver(() => __drawn.push(v.dataset.goReason)).observe(v, {attributeFilter: ["data-run"]});
		});
	})()`})
	must(t, err)
	open(t, ctx, "#verify-true")

	// A script's run that makes keys; the same kind of run from a link,
	// asked for while the worker makes that one's keys.
	js, err := json.Marshal(keysMade(t, 1))
	must(t, err)
	evalJS(t, ctx, `__drawn = []; __keep = true; __script = (async () => { const t0 = performance.now();
		await tlsplay.run(`+jsString(string(js))+`); return performance.now() - t0; })()`)
	pollJS(t, ctx, `(__worker.__asked || []).some(m => m.op === "answer")`, "the script's run is never asked for")
	run := readVerdict(t, ctx).Run
	openByScript(t, ctx, keysMade(t, 2))
	pollJS(t, ctx, `__worker.__asked.some(m => m.op === "edit" && m.arg.includes("Made 2 s later"))`, "the link's run is never asked for")
	first, err := chromedp.Run(ctx, chromedp.Evaluate[int](`__first = __worker; __first.__asked.find(m => m.op === "edit" && m.arg.includes("Made 2 s later")).id`))
	must(t, err)
	// The worker takes the link's run as soon as it has answered the
	// script's: the story is clicked while it makes keys.
	alone, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`__script`, chromedp.EvalAwaitPromise))
	must(t, err)
	clicked := time.Now()
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="expired"]`))))
	waitRun(t, ctx, run)
	verdictAt := time.Now()
	if v := readVerdict(t, ctx); v.Reason != "expired" {
		t.Fatalf("the story clicked shows %s", v.Reason)
	}
	// What the worker answered of the link's run: that it was superseded,
	// never its verdict, which it would give once its keys were made.
	pollJS(t, ctx, fmt.Sprintf(`__first.__answers.some(d => d.id === %d)`, first), "the worker never answers the run superseded")
	seen, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Answer  map[string]any `json:"answer"`
		Workers int            `json:"workers"`
		Drawn   []string       `json:"drawn"`
	}](fmt.Sprintf(`(() => { const a = __first.__answers.find(d => d.id === %d);
		__keep = false; __kept.forEach(w => w.end());
		return {answer: {superseded: !!a.superseded, glance: typeof a.glance === "string", err: a.err || ""}, workers: __workers, drawn: __drawn}; })()`, first)))
	must(t, err)
	t.Logf("making eight RSA-2048 keys alone: %.0f ms; a story clicked into such a run: its verdict %v after the click; %d workers started",
		alone, verdictAt.Sub(clicked).Round(time.Millisecond), seen.Workers)
	if seen.Answer["superseded"] != true {
		t.Errorf("the run that makes keys, superseded by a story clicked while it ran, was answered %v: it went on", seen.Answer)
	}
	if len(seen.Drawn) != 1 || seen.Drawn[0] != "expired" {
		t.Errorf("after a story clicked into a run that makes keys the page drew the verdicts %q (want the story's alone)", seen.Drawn)
	}

	// Cancel: the page stops, keeps the editor's scenario and says so.
	cancelled := keysMade(t, 3)
	openByScript(t, ctx, cancelled)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("busy").hidden`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("a run that makes keys never says the page is working: %v", err)
	}
	clicked = time.Now()
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("cancel-run"))))
	st, err := chromedp.Run(ctx, chromedp.Poll[struct {
		Stale  string `json:"stale"`
		Reason string `json:"reason"`
		Certs  int    `json:"certs"`
		Hash   string `json:"hash"`
	}](`(() => { const busy = document.getElementById("busy"), stale = document.getElementById("stale");
		return busy.hidden && !stale.hidden && stale.textContent.includes("cancelled") && {stale: stale.textContent,
			reason: document.getElementById("verdict").dataset.reason, hash: location.hash,
			certs: document.querySelectorAll('#editor [data-path$="].key"][data-path^="certs["]').length}; })()`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("after Cancel the page does not say the run was cancelled: %v", err)
	}
	t.Logf("cancelled in %v: %q", time.Since(clicked).Round(time.Millisecond), st.Stale)
	if st.Reason != "expired" {
		t.Errorf("after Cancel the verdict shown is %s, not the last run's", st.Reason)
	}
	if want := len(cancelled.Certs); st.Certs != want || st.Hash != fragmentOf(t, cancelled) {
		t.Errorf("after Cancel the editor holds %d certificates (want %d) and the link is %.40q…", st.Certs, want, st.Hash)
	}
	if !strings.Contains(st.Stale, "The run was cancelled: the scenario in the editor did not play. The handshake shown is the last one that ran.") {
		t.Errorf("the page says %q", st.Stale)
	}
	// The files offered are still those of the handshake shown, though the
	// worker that played it was ended.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-pcap"))))
	if b := waitFile(t, filepath.Join(downloads, "tlsplay-expired.pcapng")); len(b) < 100 {
		t.Errorf("the capture after Cancel is %d bytes", len(b))
	}
	// And the page keeps working.
	run = readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="verify-true"]`))))
	waitRun(t, ctx, run)
	if v := readVerdict(t, ctx); v.Reason != "ok" {
		t.Errorf("after Cancel verify-true shows %s", v.Reason)
	}
	stale, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("stale").hidden`))
	must(t, err)
	if stale {
		t.Error("a story opened after Cancel still says the run was cancelled")
	}
}

// The link's story is asked of the engine's worker by boot.js before the
// page's program runs, and the page takes that run as its own: it
// asks for no other, and draws the engine's verdict of the story from it.
// Today's issuing certificates, which the site holds, go to the worker just
// before it (flow.DayCertificates).
func TestLinkStoryAskedOnce(t *testing.T) {
	ctx := newPage(t)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
		globalThis.__asked = [];
		const post = Worker.prototype.postMessage;
		Worker.prototype.postMessage = function (m, ...rest) {
			if (m && typeof m.op === "string") __asked.push({id: m.id, op: m.op, arg: m.arg});
			return post.call(this, m, ...rest);
		};
	})()`})
	must(t, err)
	open(t, ctx, "#mtls-ok")
	if v := readVerdict(t, ctx); v.GoReason != "ok" || v.Run == 0 {
		t.Fatalf("the engine's verdict of mtls-ok: %+v", v)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]asked](`__asked`))
	must(t, err)
	var runs []asked
	for _, a := range got {
		if a.Op == "run" || a.Op == "edit" {
			runs = append(runs, a)
		}
	}
	if want := (asked{0, "run", "mtls-ok"}); len(runs) != 1 || runs[0] != want {
		t.Errorf("runs asked of the engine: %+v, want only %+v", runs, want)
	}
	today, err := os.ReadFile(filepath.Join(siteDir, flow.DayFile(time.Now())))
	must(t, err)
	if want := (asked{-1, "certs", string(today)}); len(got) < 2 || got[0] != want || got[1] != runs[0] {
		t.Errorf("the first requests to the engine: %.200v, want today's certificates (%s), then the story", got, flow.DayFile(time.Now()))
	}
}

// asked is a request the page sent an engine worker.
type asked struct {
	ID  int    `json:"id"`
	Op  string `json:"op"`
	Arg string `json:"arg"`
}

// heldWorker wraps the page's engine workers so that a test decides when
// their answers reach the page (__hold, or __holdSteps for an edit's steps
// alone, __holdHeads for its heads; __release), and answers an edit whose
// scenario holds __fail with an error, as an engine that cannot craft it does;
// __mangleSteps drops a step from the next edit's steps, once ("fail":
// answers them with an error, as an engine failing after the head does).
// __edits counts the edits the page asked for; __held holds the answers
// held, each {data, worker, f}, and __releaseIf(p) lets those p is true of
// reach the page (in order), keeping the others; __worker is the worker started last, and a
// worker's __asked the requests sent to it, each {id, op, arg}.
const heldWorker = `(() => {
	const W = Worker;
	Object.assign(globalThis, {__hold: false, __holdSteps: false, __holdHeads: false, __mangleSteps: false, __held: [], __fail: "", __edits: 0, __workers: 0,
		__release: () => { const h = __held; __held = []; h.forEach(m => m.f()); },
		__releaseIf: (p) => { const h = __held.filter(p); __held = __held.filter(m => !p(m)); h.forEach(m => m.f()); }});
	globalThis.Worker = class extends W {
		constructor(...args) { super(...args); __workers++; globalThis.__worker = this; }
		addEventListener(type, f, opts) {
			if (type !== "message") return super.addEventListener(type, f, opts);
			return super.addEventListener(type, ev => {
				if (__mangleSteps && ev.data && ev.data.steps && !ev.injected) {
					const data = __mangleSteps === "fail" ? {id: ev.data.id, err: "injected failure"} : Object.assign({}, ev.data, {steps: ev.data.steps.slice(1)});
					__mangleSteps = false;
					const m = new MessageEvent("message", {data});
					m.injected = true;
					this.dispatchEvent(m);
					return;
				}
				if ((__hold || __holdSteps && ev.data && ev.data.steps || __holdHeads && ev.data && typeof ev.data.head === "string") && !ev.injected) __held.push({data: ev.data, worker: this, f: () => f.call(this, ev)}); else f.call(this, ev); }, opts);
		}
		postMessage(m, ...rest) {
			if (m && typeof m.op === "string") (this.__asked ||= []).push({id: m.id, op: m.op, arg: m.arg});
			if (m && m.op === "edit") {
				__edits++;
				if (__fail && m.arg.includes(__fail)) {
					const ev = new MessageEvent("message", {data: {id: m.id, err: "injected failure"}});
					ev.injected = true;
					setTimeout(() => this.dispatchEvent(ev), 0);
					return;
				}
			}
			return super.postMessage(m, ...rest);
		}
	};
})()`

// heldPage is a new page whose engine workers are wrapped by heldWorker.
func heldPage(t *testing.T) context.Context {
	t.Helper()
	ctx := newPage(t)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: heldWorker})
	must(t, err)
	return ctx
}

// dialWithStepsHeld edits the courier's dial on a heldPage, and returns once
// the edit's verdict is drawn (after run) and its steps held.
func dialWithStepsHeld(t *testing.T, ctx context.Context, dial string, run int) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { __holdSteps = true;
		const e = document.querySelector('[data-path="client.dial"]');
		e.value = `+jsString(dial)+`; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`+document.getElementById("verdict").dataset.run > %d && __held.length > 0`, run),
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the edit's verdict is never drawn: %v", err)
	}
}

// dialHeldUntilBusy edits the courier's dial on a heldPage, every answer
// held, and returns once the page says it is working.
func dialHeldUntilBusy(t *testing.T, ctx context.Context, dial string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { __hold = true;
		const e = document.querySelector('[data-path="client.dial"]');
		e.value = `+jsString(dial)+`; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("busy").hidden`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("a held run never says the page is working: %v", err)
	}
}

// A download asked for while the handshake on screen is played again (its
// worker was replaced: a run was cancelled, and the next one failed), during
// which the person edits the scenario back to the one on screen, arrives:
// the edit asks for no run, and the page still plays the handshake on screen
// again for its files.
func TestDownloadAfterTheWorkerIsReplaced(t *testing.T) {
	ctx := heldPage(t)
	downloads := allowDownloads(t, ctx)
	open(t, ctx, "#verify-true")
	dial, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-path="client.dial"]').value`))
	must(t, err)
	setDial := func(v string) {
		t.Helper()
		must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector('[data-path="client.dial"]');
			e.value = `+jsString(v)+`; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)))
	}
	edits := func() int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`__edits`))
		must(t, err)
		return n
	}
	waitEdits := func(n int) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`__edits >= %d`, n),
			chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			st, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({edits: __edits, held: __held.map(m => Object.keys(m.data)), notice: document.getElementById("notice").textContent, stale: document.getElementById("stale").textContent, workers: __workers})`))
			t.Fatalf("the page never asked for edit %d: %v %s", n, err, st)
		}
	}

	// An edit whose answer is held: the page says it is working; Cancel
	// replaces the worker, and the page plays the handshake on screen again
	// in the new one (its answer held too).
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`__hold = true`)))
	n := edits()
	setDial("held.example")
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("busy").hidden`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("a held run never says the page is working: %v", err)
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("cancel-run"))))
	waitEdits(n + 2) // the edit, and the replay
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`__held.some(m => m.worker === __worker && m.data.steps)`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the replay is never answered: %v", err)
	}
	// An edit the engine cannot play, asked once that replay is answered.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`__fail = "fails.example"`)))
	setDial("fails.example")
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`__release()`)))
	waitEdits(n + 4) // the failing edit, and the replay again (held)
	notice, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("notice").textContent`))
	must(t, err)
	if !strings.Contains(notice, "injected failure") {
		t.Fatalf("the failing edit's notice is %q", notice)
	}
	// Back to the scenario on screen, and a download, while the replay runs.
	setDial(dial)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-pcap"))))
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`__hold = false; __release()`)))
	if b := waitFile(t, filepath.Join(downloads, "tlsplay-verify-true.pcapng")); len(b) < 100 {
		t.Errorf("the capture is %d bytes", len(b))
	}
}

// An edit whose verdict is on screen (from its glance) is not said to be
// working while its steps are on their way, however long they take: there is
// nothing left to wait for, nor to cancel.
func TestNoBusyOnceTheVerdictIsDrawn(t *testing.T) {
	ctx := heldPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	// The edit's steps held for a second, longer than a run goes before the
	// page says it is working; whether it said so meanwhile is recorded.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		__holdSteps = true;
		const busy = document.getElementById("busy"), verdict = document.getElementById("verdict"), run = verdict.dataset.run;
		globalThis.__busyAfterVerdict = false;
		new MutationObserver(() => {
			if (!busy.hidden && verdict.dataset.run !== run) __busyAfterVerdict = true;
		}).observe(busy, {attributes: true, attributeFilter: ["hidden"]});
		new MutationObserver((_, seen) => {
			seen.disconnect();
			setTimeout(() => { __holdSteps = false; __release(); }, 1000);
		}).observe(verdict, {attributes: true, attributeFilter: ["data-run"]});
		const e = document.querySelector('[data-path="client.dial"]');
		e.value = "steps-held.example";
		e.dispatchEvent(new Event("input", {bubbles: true}));
	})()`)))
	waitRun(t, ctx, run)
	if v := readVerdict(t, ctx); v.GoReason != "hostname_mismatch" {
		t.Fatalf("the edit's verdict: %+v", v)
	}
	busy, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`__busyAfterVerdict`))
	must(t, err)
	if busy {
		t.Error("the page said it was working, and offered to cancel, once the edit's verdict was on screen")
	}
}

// A Cancel that comes once the run's verdict is drawn (its click was on its
// way as the verdict came) ends nothing: the page does not say the run was
// cancelled under its verdict, and draws its handshake.
func TestCancelAfterTheVerdictIsDrawn(t *testing.T) {
	ctx := heldPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	dialWithStepsHeld(t, ctx, "cancelled-late.example", run)
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("cancel-run").click(); __holdSteps = false; __release()`)))
	waitRun(t, ctx, run)
	st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Stale   string `json:"stale"`
		Workers int    `json:"workers"`
		Reason  string `json:"reason"`
	}](`({stale: document.getElementById("stale").hidden ? "" : document.getElementById("stale").textContent,
		workers: __workers, reason: document.getElementById("verdict").dataset.goReason})`))
	must(t, err)
	if st.Stale != "" || st.Workers != 1 || st.Reason != "hostname_mismatch" {
		t.Errorf("a Cancel after the verdict: the page says %q, started %d workers, and shows %s", st.Stale, st.Workers, st.Reason)
	}
}

// An edit whose answer could not be read is not taken for drawn: leaving its
// field (which commits the same value) plays it again, and its handshake is
// drawn.
func TestEditAgainAfterAnAnswerNotRead(t *testing.T) {
	ctx := heldPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { __mangleSteps = true;
		const e = document.querySelector('[data-path="client.dial"]');
		e.value = "mangled.example"; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("notice").textContent.includes("could not be read")`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the page never says the answer could not be read: %v", err)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-path="client.dial"]').dispatchEvent(new Event("change", {bubbles: true}))`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(() => { const v = document.getElementById("verdict");
		return +v.dataset.run > %d && document.getElementById("diagram").dataset.run === v.dataset.run && v.dataset.goReason === "hostname_mismatch"; })()`, run),
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the edit's handshake is never drawn: %v", err)
	}
}

// A download asked for while a run that makes keys holds up the worker, which
// the person then cancels, arrives: the worker that held its files is gone,
// and the page plays the handshake on screen again for them.
func TestDownloadQueuedBehindACancelledRun(t *testing.T) {
	ctx := heldPage(t)
	downloads := allowDownloads(t, ctx)
	open(t, ctx, "#verify-true")
	dialHeldUntilBusy(t, ctx, "held.example")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-pcap"))))
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("cancel-run"))))
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`__hold = false; __release()`)))
	if b := waitDownload(t, ctx, filepath.Join(downloads, "tlsplay-verify-true.pcapng")); len(b) < 100 {
		t.Errorf("the capture is %d bytes", len(b))
	}
}

// A worker the page starts in place of one busy with a run nobody waits for
// gets today's issuing certificates first, as boot.js gave the first one:
// its runs craft none of them.
func TestReplacementWorkerGetsTodaysCertificates(t *testing.T) {
	ctx := heldPage(t)
	open(t, ctx, "#verify-true")
	dialHeldUntilBusy(t, ctx, "held.example")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("cancel-run"))))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`__workers === 2 && (__worker.__asked || []).length > 0`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("no worker replaced the cancelled run's: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]asked](`__worker.__asked`))
	must(t, err)
	today, err := os.ReadFile(filepath.Join(siteDir, flow.DayFile(time.Now())))
	must(t, err)
	if want := (asked{-1, "certs", string(today)}); got[0] != want {
		t.Errorf("the new worker's first request: %d %s, want -1 certs with today's certificates (%s)", got[0].ID, got[0].Op, flow.DayFile(time.Now()))
	}
}

// A client picked while an edit's verdict is drawn from its glance, whose run
// a newer one then supersedes, which the person cancels: the verdict drawn
// again through that client is the handshake on screen's, at once (while it
// is played again for its files), not that of an edit before (whose head was
// drawn, its handshake never).
func TestClientPickedOverASupersededGlance(t *testing.T) {
	ctx := heldPage(t)
	open(t, ctx, "#verify-true")
	shown := readVerdict(t, ctx)
	dialWithStepsHeld(t, ctx, "head-drawn.example", shown.Run)
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`__holdHeads = true`)))
	dialWithStepsHeld(t, ctx, "glance-drawn.example", readVerdict(t, ctx).Run)
	chooseClient(t, ctx, "go")
	dialHeldUntilBusy(t, ctx, "cancelled.example")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("cancel-run"))))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`__workers === 2 && (__worker.__asked || []).some(m => m.op === "edit")`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the handshake on screen is never played again: %v", err)
	}
	v, s := readVerdict(t, ctx), readLens(t, ctx)
	if v.GoReason != shown.GoReason || s.Client != "go" || strings.Contains(v.Text, "drawn.example") {
		t.Errorf("the verdict over verify-true's handshake is %s through %s:\n%s", v.GoReason, s.Client, v.Text)
	}
}

// An edit whose verdict is drawn (from its glance and head) but whose steps
// could not be read, or whose run failed after its head, leaves no verdict
// of its own above the handshake on screen: the verdict is that handshake's,
// and the page says the editor's scenario is not what is shown.
func TestGlanceGivesWayToTheHandshakeShown(t *testing.T) {
	for _, tc := range []struct{ mangle, notice string }{{"true", "could not be read"}, {`"fail"`, "injected failure"}} {
		ctx := heldPage(t)
		open(t, ctx, "#verify-true")
		shown := readVerdict(t, ctx)
		must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { __mangleSteps = `+tc.mangle+`;
			const e = document.querySelector('[data-path="client.dial"]');
			e.value = "lost.example"; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)))
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("notice").textContent.includes(`+jsString(tc.notice)+`)`,
			chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("%s: the page never says %q: %v", tc.mangle, tc.notice, err)
		}
		stale, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const s = document.getElementById("stale"); return s.hidden ? "" : s.textContent; })()`))
		must(t, err)
		if v := readVerdict(t, ctx); v.GoReason != shown.GoReason || strings.Contains(v.Text, "lost.example") || !strings.Contains(stale, "the last one that ran") {
			t.Errorf("%s: over verify-true's handshake the verdict is %s, and the page says %q:\n%s", tc.mangle, v.GoReason, stale, v.Text)
		}
	}
}

// A download of the handshake on screen arrives after the page's edits
// pushed its run out of the worker (which keeps the last few): four edits
// answered whose handshakes were never drawn, and a fifth that failed. The
// page plays the handshake on screen again for its files, rather than
// failing with "try again".
func TestDownloadAfterTheRunOnScreenWasDropped(t *testing.T) {
	ctx := heldPage(t)
	downloads := allowDownloads(t, ctx)
	open(t, ctx, "#verify-true")
	for i := range 4 {
		dialWithStepsHeld(t, ctx, fmt.Sprintf("pushed-out-%d.example", i), readVerdict(t, ctx).Run)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { __fail = "fails.example";
		const e = document.querySelector('[data-path="client.dial"]');
		e.value = "fails.example"; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("notice").textContent.includes("injected failure")`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the failing edit is never said to fail: %v", err)
	}
	// Read: waitDownload fails on what the notice says next. The pushed-out
	// edits' steps stay held; what comes next is not.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("notice").hidden = true; __holdSteps = false`)))
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-pcap"))))
	if b := waitDownload(t, ctx, filepath.Join(downloads, "tlsplay-verify-true.pcapng")); len(b) < 100 {
		t.Errorf("the capture is %d bytes", len(b))
	}
}

// A worker started in place of a cancelled run's that cannot start leaves a
// page that says the engine is down, and stays usable: the handshake on
// screen is not played again for its files over and over, each replay
// failing at once (the page's thread never got a turn again).
func TestReplacementWorkerDown(t *testing.T) {
	ctx := heldPage(t)
	open(t, ctx, "#verify-true")
	dialHeldUntilBusy(t, ctx, "held.example")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("cancel-run"))))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`__workers >= 2`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("Cancel never replaces the worker: %v", err)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`__worker.dispatchEvent(new ErrorEvent("error", {message: "injected: cannot start"}))`)))
	waitNotice(t, ctx, "engine is not running", "the engine is down")
	// A download says it cannot be made, rather than waiting for ever.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-pcap"))))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("notice").textContent.includes("The download could not be made")`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("notice").textContent`))
		t.Fatalf("a download with the engine down says nothing (notice %q): %v", n, err)
	}
	// The page still answers: a click on a story says the same again.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("notice").textContent = ""`)))
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="expired"]`))))
	waitNotice(t, ctx, "engine is not running", "the engine is down, after a story is opened")
}

// An edit's verdict drawn from its glance over a pasted chain, whose run then
// fails, gives way to the chain's, and the chain is what the page holds again:
// a client picked then keeps the chain's link in the address bar (it was the
// editor's scenario, which never played).
func TestGlanceOverAChainGivesWay(t *testing.T) {
	ctx := heldPage(t)
	c := expiredChainOverAStory(t, ctx)
	waitReason(t, ctx, c.reason)
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { __mangleSteps = "fail";
		const e = document.querySelector('[data-path="client.dial"]');
		e.value = "other.example"; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("notice").textContent.includes("injected failure")`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the edit never fails: %v", err)
	}
	if v := readVerdict(t, ctx); v.Reason != c.reason {
		t.Errorf("the verdict on screen is %s, want the chain's %s", v.Reason, c.reason)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("client");
		s.value = "curl"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`localStorage.getItem("tlsplay.client") === "curl"`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the client is never picked: %v", err)
	}
	h, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	must(t, err)
	if !strings.HasPrefix(h, "#c1.") || !strings.HasSuffix(h, "?client=curl") {
		t.Errorf("the chain is on screen, and the address bar holds %.80q", h)
	}
}
