package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
)

// The first paint: with the engine's WebAssembly held back, a link's story
// and lens are on screen from the answers make site wrote, the story list
// paints another story, and no run was played; once the WebAssembly is let
// through, the engine's verdict is drawn into the very elements painted
// (they are not redrawn) and the page works on.
func TestFirstPaint(t *testing.T) {
	ctx := newPage(t)
	held := holdRequests(t, ctx, "*tlsplay.wasm*")
	// Not chromedp.Navigate: it waits for the load, which the held
	// WebAssembly could hold up.
	_, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: siteURL + "#expired?client=go"})
	must(t, err)
	type painted struct {
		Client   string `json:"client"`
		Reason   string `json:"reason"`
		GoReason string `json:"goReason"`
		Run      string `json:"run"`
		Title    string `json:"title"`
		Beats    int    `json:"beats"`
		Current  string `json:"current"`
		Engine   bool   `json:"engine"`
		Picked   string `json:"picked"`
	}
	waitPaint := func(story, client string) painted {
		t.Helper()
		p, err := chromedp.Run(ctx, chromedp.Poll[painted](fmt.Sprintf(`(() => {
			const v = document.getElementById("verdict");
			if (v.dataset.client !== %s || document.querySelector(".preset[aria-current=page]")?.dataset.preset !== %s) return null;
			return {client: v.dataset.client, reason: v.dataset.reason, goReason: v.dataset.goReason, run: v.dataset.run || "",
				title: document.getElementById("title").textContent, beats: document.querySelectorAll("#diagram > li").length,
				current: document.querySelector(".preset[aria-current=page]").dataset.preset,
				engine: typeof globalThis.tlsplay === "object", picked: document.getElementById("client").value};
		})()`, jsString(client), jsString(story)), chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			t.Fatalf("waiting for the first paint of %s through %s: %v", story, client, err)
		}
		return p
	}
	p := waitPaint("expired", "go")
	if p.Reason != "expired" || p.GoReason != "expired" || p.Run != "" || p.Engine || p.Beats == 0 || p.Picked != "go" ||
		p.Title != scenario.Lookup("expired").Title {
		t.Fatalf("expired's first paint: %+v", p)
	}
	// The story list works before the engine: a story picked is painted,
	// through the same lens.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="weak-key-rsa1024"]`))))
	p = waitPaint("weak-key-rsa1024", "go")
	if p.GoReason != "ok" || p.Reason != "ok" || p.Run != "" || p.Engine {
		t.Fatalf("weak-key-rsa1024's first paint through Go: %+v", p)
	}
	// Mark what is drawn, then let the engine come.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`for (const s of ["#verdict h2", "#verdict .clients", "#presets .chap", "#title", "#diagram > li"]) document.querySelector(s).__painted = true`)))
	release(t, ctx, held)
	waitLoaded(t, ctx)
	v := readVerdict(t, ctx)
	if v.Reason != "ok" || v.GoReason != "ok" || !strings.Contains(v.Text, "as "+explain.ClientTitles["go"]+" sees it") {
		t.Fatalf("the engine's verdict of weak-key-rsa1024 through Go: %+v", v)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`["#verdict h2", "#verdict .clients", "#presets .chap", "#title", "#diagram > li"].map(s => document.querySelector(s).__painted === true)`))
	must(t, err)
	for i, k := range kept {
		if !k {
			t.Errorf("part %d of the first paint was drawn again by the engine", i)
		}
	}
	// The page works on: another story is the engine's.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="hostname-mismatch"]`))))
	waitRun(t, ctx, v.Run)
	if v := readVerdict(t, ctx); v.GoReason != "hostname_mismatch" {
		t.Errorf("after the first paint, hostname-mismatch shows %+v", v)
	}
}

// What a person does while the engine loads is not lost: a client picked
// is painted at once (its built answer) and kept, and an error pasted is
// matched once the engine runs; a button that needs the engine says it is
// still loading.
func TestBeforeTheEngine(t *testing.T) {
	ctx := newPage(t)
	held := holdRequests(t, ctx, "*tlsplay.wasm*")
	_, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: siteURL + "#expired?client=go"})
	must(t, err)
	lens := func(client string) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById("verdict").dataset.client === %s`, jsString(client)),
			chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			t.Fatalf("the verdict never showed %s's lens: %v", client, err)
		}
	}
	lens("go")
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const c = document.getElementById("client");
		c.value = "curl";
		c.dispatchEvent(new Event("change", {bubbles: true}));
		const p = document.getElementById("paste-text");
		p.focus();
		p.value = "curl: (60) SSL certificate problem: certificate has expired";
		p.dispatchEvent(new Event("input", {bubbles: true}));
	})()`)))
	lens("curl")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-zip"))))
	if said, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("share-status").textContent`)); err != nil || !strings.Contains(said, "still loading") {
		t.Errorf("the kit's button pressed before the engine says %q (%v)", said, err)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Hash   string `json:"hash"`
		Stored string `json:"stored"`
		Engine bool   `json:"engine"`
	}](`({hash: location.hash, stored: localStorage.getItem("tlsplay.client"), engine: typeof globalThis.tlsplay === "object"})`))
	must(t, err)
	if before.Hash != "#expired?client=curl" || before.Stored != "curl" || before.Engine {
		t.Errorf("a client picked before the engine: %+v", before)
	}
	release(t, ctx, held)
	waitLoaded(t, ctx)
	if v := readVerdict(t, ctx); v.GoReason != "expired" || v.Run == 0 {
		t.Errorf("the engine's verdict after curl was picked: %+v", v)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.getElementById("verdict").dataset.client, document.getElementById("client").value, document.getElementById("share-status").textContent]`))
	if err != nil || len(shown) != 3 || shown[0] != "curl" || shown[1] != "curl" {
		t.Errorf("the engine's verdict and the picker show %q (%v), want curl's", shown, err)
	} else if shown[2] != "" {
		t.Errorf("once the engine runs the header still says %q", shown[2])
	}
	st, err := chromedp.Run(ctx, chromedp.Poll[pasteState](`(() => { const s = `+readPaste+`; return s.state === "done" && s; })()`,
		chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("the error pasted before the engine was never matched: %v", err)
	}
	if len(st.Rows) == 0 || st.Rows[0].ID != "expired" {
		t.Errorf("the error pasted before the engine: %+v", st)
	}
}

// The engine's worker fetches and compiles the WebAssembly as soon as it
// starts, without waiting for the link's story to be painted: on its own
// thread, it holds nothing of the page's back. The page's own program, which
// keeps the page's thread busy for a while once it runs, waits for the paint.
func TestCompileBesidePaint(t *testing.T) {
	ctx := newPage(t)
	held := holdRequests(t, ctx, "*answers/*")
	_, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: siteURL + "#expired"})
	must(t, err)
	var id fetch.RequestID
	select {
	case id = <-held:
	case <-time.After(20 * time.Second):
		t.Fatal("the page never asked for its story's answer")
	}
	// The page's program waits for the paint two seconds at most.
	st, err := chromedp.Run(ctx, chromedp.Poll[struct {
		At  float64 `json:"at"`
		API string  `json:"api"`
	}](`performance.getEntriesByName("tlsplay:compiled").length > 0 && {at: performance.now(), api: typeof globalThis.tlsplay}`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("the WebAssembly was not compiled while the story's answer was on its way: %v", err)
	}
	switch {
	case st.At < 1900 && st.API != "undefined":
		t.Errorf("the page's program started %.0f ms into the visit, before the story was painted", st.At)
	case st.At >= 1900:
		t.Logf("compiled only %.0f ms into the visit: the page's program may have started", st.At)
	}
	_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
	must(t, err)
	waitLoaded(t, ctx)
	if v := readVerdict(t, ctx); v.GoReason != "expired" {
		t.Errorf("the engine's verdict of expired: %+v", v)
	}
}

// The page's own program starts once the engine's worker says its program
// listens: both run the start of every package, which the browser compiles
// on its first call and shares between them, so the page's then costs a
// fraction and leaves the worker's its thread. The link's story is asked of
// the worker before (request 0), and the page offers globalThis.tlsplay after.
func TestPageStartsOnceTheWorkerListens(t *testing.T) {
	ctx := newPage(t)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
		globalThis.__order = [];
		const W = Worker;
		globalThis.Worker = class extends W {
			postMessage(m, ...rest) {
				if (m && m.id === 0) __order.push("asked");
				return super.postMessage(m, ...rest);
			}
			set onmessage(f) {
				super.onmessage = f && ((ev) => {
					if (ev.data && ev.data.listening) __order.push("listening");
					return f.call(this, ev);
				});
			}
			get onmessage() { return super.onmessage; }
		};
		let api;
		Object.defineProperty(globalThis, "tlsplay", {configurable: true, get: () => api, set: (v) => { api = v; __order.push("api"); }});
	})()`})
	must(t, err)
	open(t, ctx, "#verify-true")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`__order`))
	must(t, err)
	if want := []string{"asked", "listening", "api"}; !slices.Equal(got, want) {
		t.Errorf("the page's start: %q, want %q", got, want)
	}
}

// release lets through the requests held back (holdRequests), and those that
// come until none has for two seconds.
func release(t *testing.T, ctx context.Context, held <-chan fetch.RequestID) {
	t.Helper()
	for {
		select {
		case id := <-held:
			_, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
			must(t, err)
		case <-time.After(2 * time.Second):
			return
		}
	}
}

// holdRequests holds back the page's requests whose URL matches pattern; it
// gives the id of each, to let it through (fetch.ContinueRequest).
func holdRequests(t *testing.T, ctx context.Context, pattern string) <-chan fetch.RequestID {
	t.Helper()
	held := make(chan fetch.RequestID, 8)
	must(t, chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			held <- e.RequestID
		}
	}))
	_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: pattern}}})
	must(t, err)
	return held
}

// TestBuiltEqualsLive opens every story and, for each client, builds the
// answer make site wrote for it with site/paint.js's builder and compares it
// with what the engine drew: the verdict, the compact verdict, the heading,
// the story list and the diagram (record sizes aside: an ECDSA signature's
// length varies from one handshake to the next). The answers were built as
// on another day than the page's (builtDay): a story not about dates
// happens on the visit's day, and paints the same.
func TestBuiltEqualsLive(t *testing.T) {
	if today := time.Now().UTC().Format(time.DateOnly); today == builtDay {
		t.Fatalf("the answers are built as on %s, the page's day: they are to differ", builtDay)
	}
	ctx := newPage(t)
	emulateReducedMotion(t, ctx) // the player's classes stay off the diagram
	open(t, ctx, "#"+scenario.Presets[0].ID)
	run := readVerdict(t, ctx).Run
	clients, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#client option")].map(o => o.value)`))
	must(t, err)
	if len(clients) != len(explain.LensClients) {
		t.Fatalf("the picker offers %q", clients)
	}
	for i, p := range scenario.Presets {
		if i > 0 {
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.preset[data-preset=%q]`, p.ID)))))
			run = waitRun(t, ctx, run)
		}
		diffs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`(async (story, clients, all) => {
			// What the player and the inspector's selection set is no answer.
			const norm = (html) => html.replace(/\d[\d,.]* (k?B|bytes?)\b/g, "# bytes")
				.replace(/ aria-pressed="(true|false)"/g, "").replace(/ data-run="\d+"/g, "")
				.replace(/ class="selected"/g, "").replace(/(class="[^"]*) selected"/g, "$1\"");
			const picker = document.getElementById("client");
			const out = [];
			for (const c of clients) {
				if (picker.value !== c) {
					picker.value = c;
					picker.dispatchEvent(new Event("change", {bubbles: true}));
					while (document.getElementById("verdict").dataset.client !== c) await new Promise(r => setTimeout(r, 5));
				}
				const res = await fetch("answers/" + story + "." + c + ".json");
				if (!res.ok) { out.push(story + "." + c + ".json: HTTP " + res.status); continue; }
				const paint = await res.json();
				for (const part of tlsplayFirst.parts(paint)) {
					// The story list, the heading and the diagram are the
					// lens's too, but compared once; the picker the engine
					// drew for the client it opened with.
					if (!all && !["verdict", "verdict-bar", "bar-status", "bar-headline"].includes(part.id)) continue;
					if (part.id === "client") continue;
					const live = document.getElementById(part.id);
					const built = live.cloneNode(false);
					tlsplayFirst.setAttrs(built, part.a);
					if (part.kids) built.replaceChildren(...part.kids);
					const a = norm(built.outerHTML), b = norm(part.kids ? live.outerHTML : live.cloneNode(false).outerHTML);
					if (a !== b) {
						let i = 0;
						while (i < a.length && a[i] === b[i]) i++;
						out.push(story + " through " + c + ", #" + part.id + ": built …" + a.slice(Math.max(0, i - 80), i + 120) + "… live …" + b.slice(Math.max(0, i - 80), i + 120) + "…");
					}
				}
				all = false;
			}
			return out;
		})(%s, %s, true)`, jsString(p.ID), jsArray(clients)), chromedp.EvalAwaitPromise))
		must(t, err)
		for _, d := range diffs {
			t.Error(d)
		}
	}
}

// jsArray quotes ss as a JavaScript array of strings.
func jsArray(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = jsString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// The skip links work from the first paint: followed before the page's
// program runs, they move the focus and leave the location, which names the
// scenario, alone (it became #verdict, a link to no story, which the program
// then said it could not open). The second skip link goes to the paste box,
// past the story list.
func TestSkipLinksBeforeTheEngine(t *testing.T) {
	ctx := newPage(t)
	held := holdRequests(t, ctx, "*tlsplay.wasm*")
	_, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: siteURL + "#expired"})
	must(t, err)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("verdict").dataset.reason === "expired"`,
		chromedp.WithPollingTimeout(20*time.Second)))
	must(t, err)
	at := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id + " " + location.hash`))
		must(t, err)
		return s
	}
	// From the top of the page, as a keyboard visitor: Tab, then Enter.
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter)))
	if got := at(); got != "verdict #expired" {
		t.Errorf("the first skip link before the engine: focus and location %q", got)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); window.scrollTo(0, 0)`),
		chromedp.Focus(chromedp.CSS(`.skip[data-skip="paste-text"]`)), chromedp.KeyEvent(kb.Enter)))
	if got := at(); got != "paste-text #expired" {
		t.Errorf("the paste box's skip link before the engine: focus and location %q", got)
	}
	release(t, ctx, held)
	waitLoaded(t, ctx)
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash + " " + document.getElementById("verdict").dataset.goReason + " " + document.getElementById("notice").hidden`))
	must(t, err)
	if state != "#expired expired true" {
		t.Errorf("once the engine runs: location, verdict and notice hidden %q", state)
	}
	// And once it runs, the same, with the box's title and words in view
	// above the field.
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`.skip[data-skip="paste-text"]`)), chromedp.KeyEvent(kb.Enter)))
	if got := at(); got != "paste-text #expired" {
		t.Errorf("the paste box's skip link: focus and location %q", got)
	}
	top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.getElementById("paste-title").getBoundingClientRect().top`))
	must(t, err)
	if top < 0 {
		t.Errorf("after the paste box's skip link its title is out of view (top %v)", top)
	}
}
