package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/internal/static"
	"github.com/tlsplay/tlsplay/scenario"
)

// BenchmarkPage is make bench's table: the page's size and speed beside the
// floor's (e2e/floor: one real handshake and a verdict in the DOM, the least a
// Go js/wasm page needs), measured in one run in the same Chromium, both sites
// precompressed and served as `tlsplay serve` serves them (the headers GitHub
// Pages sends). Printed, never asserted: the targets are issue 15's. Run it
// alone, with -benchtime 1x: one pass takes a few minutes. Its parts are
// sub-benchmarks, so that one can run alone (-bench 'Page/size', 'Page/cold',
// 'Page/repeat', 'Page/edit'); the table has the rows of those that ran, and
// the size part adds the breakdown by package.
func BenchmarkPage(b *testing.B) {
	if skipWhy != "" {
		b.Skip(skipWhy)
	}
	benchPage(b, os.Stdout)
}

const (
	coldLoads   = 7  // fresh browser contexts per figure, as one load varies by a third from the next
	restarts    = 5  // browser restarts per site for the repeat visit
	benchEdits  = 50 // edits of an ECDSA scenario
	appFragment = "#verify-true"
)

// benchSite is one site as served for the bench; verdict is the performance
// mark it sets when the link's story verdict is on screen (the page's: its
// first paint, from the answers make site writes).
type benchSite struct {
	name, dir, wasm, url, verdict string
	offline                       bool // registers a service worker (sw.js)
}

func benchPage(b *testing.B, out io.Writer) {
	root, err := repoRoot()
	must(b, err)
	tmp := b.TempDir()
	app := benchSite{name: "tlsplay", dir: filepath.Join(tmp, "app"), wasm: "tlsplay.wasm", verdict: "tlsplay:first-paint", offline: true}
	floor := benchSite{name: "floor", dir: filepath.Join(tmp, "floor"), wasm: "floor.wasm", verdict: "tlsplay:first-verdict"}
	must(b, os.CopyFS(app.dir, os.DirFS(siteDir)))
	must(b, os.MkdirAll(floor.dir, 0o755))
	// The floor and the compressed copies (brotli's takes a minute), for
	// the parts that load both sites; the edits need neither.
	var prepErr error
	prepare := sync.OnceFunc(func() {
		prepErr = buildFloor(root, floor.dir)
		for _, s := range []*benchSite{&app, &floor} {
			if prepErr == nil {
				prepErr = static.Precompress(s.dir)
			}
		}
	})
	both := func(b *testing.B) { prepare(); must(b, prepErr) }
	mux := http.NewServeMux()
	for _, s := range []*benchSite{&app, &floor} {
		h, err := static.Handler(s.dir, 600)
		must(b, err)
		prefix := "/" + s.name + "/"
		mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), h))
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	app.url = srv.URL + "/tlsplay/" + appFragment
	floor.url = srv.URL + "/floor/"

	t := &table{}
	var breakdown bytes.Buffer
	b.Run("size", func(b *testing.B) {
		both(b)
		size := func(s benchSite, suffix string) float64 {
			info, err := os.Stat(filepath.Join(s.dir, s.wasm+suffix))
			must(b, err)
			return float64(info.Size()) / 1e6
		}
		for _, r := range []struct{ label, suffix, target string }{
			{"wasm gzip (MB)", ".gz", "≤ 1.35"}, {"wasm brotli (MB)", ".br", ""}, {"wasm raw (MB)", "", ""},
		} {
			t.add(r.label, size(app, r.suffix), size(floor, r.suffix), r.target, "%.2f")
		}
		must(b, printSizeBreakdown(&breakdown, root, "./wasm/app", "./e2e/floor", 15))
	})

	b.Run("cold", func(b *testing.B) {
		both(b)
		// Cold loads, alternating so that both see the same machine.
		var appCold, floorCold, appLive, appEngine []float64
		for range coldLoads {
			ms, _ := coldVerdict(b, app, false)
			appCold = append(appCold, ms)
			ms, _ = coldVerdict(b, floor, false)
			floorCold = append(floorCold, ms)
			ms, engine := coldVerdict(b, app, true)
			appLive, appEngine = append(appLive, ms), append(appEngine, engine)
		}
		t.add(fmt.Sprintf("navigation → the link's story verdict on screen, cold (ms, median of %d)", coldLoads), median(appCold), median(floorCold), "≤ 1.0", "%.0f")
		t.add("  the same, worst", slices.Max(appCold), slices.Max(floorCold), "", "%.0f")
		t.add(fmt.Sprintf("navigation → the engine answers a run, cold (ms, median of %d)", coldLoads), median(appLive), median(floorCold), "≤ 1.6", "%.0f")
		t.add("  the engine's own verdict of the link's story on screen", median(appEngine), median(floorCold), "", "%.0f")
	})

	b.Run("repeat", func(b *testing.B) {
		both(b)
		appRepeat := repeatVisits(b, app, filepath.Join(tmp, "profile-app"))
		floorRepeat := repeatVisits(b, floor, filepath.Join(tmp, "profile-floor"))
		t.add(fmt.Sprintf("repeat visit, browser restarted → verdict (ms, median of %d)", restarts), median(appRepeat), median(floorRepeat), "≤ 1.0", "%.0f")
	})

	b.Run("edit", func(b *testing.B) {
		edits, long := editTimes(b, app.url)
		t.add(fmt.Sprintf("edit → verdict, median (ms, %d edits)", len(edits)), median(edits), math.NaN(), "≤ 25 ms", "%.0f")
		t.add("edit → verdict, p95 (ms)", percentile(edits, 95), math.NaN(), "≤ 50 ms", "%.0f")
		t.add("edit → verdict, worst (ms)", slices.Max(edits), math.NaN(), "", "%.0f")
		// The browser optimises the engine's hot code in the background over
		// the first edits after load: the halves tell that from the steady state.
		half := len(edits) / 2
		for _, part := range []struct {
			name  string
			edits []float64
		}{{fmt.Sprintf("the first %d edits", half), edits[:half]}, {fmt.Sprintf("the last %d edits", len(edits)-half), edits[half:]}} {
			t.add("  median of "+part.name, median(part.edits), math.NaN(), "", "%.0f")
			t.add("  p95 of "+part.name, percentile(part.edits, 95), math.NaN(), "", "%.0f")
		}
		// Chromium reports only tasks of 50 ms or more: 0 means none was that long.
		all := append(slices.Clone(long.edits), long.stories...)
		t.add("longest main-thread task after the first verdict (ms)", slices.Max(append(all, 0)), math.NaN(), "≤ 50 ms", "%.0f")
		t.add("main-thread tasks over 50 ms after the first verdict", float64(len(all)), math.NaN(), "0", "%.0f")
		t.add("  the longest while editing (ms)", slices.Max(append(long.edits, 0)), math.NaN(), "", "%.0f")
		t.add("  the longest while opening every story (ms)", slices.Max(append(long.stories, 0)), math.NaN(), "", "%.0f")
	})

	fmt.Fprintf(out, "\nThe page beside the floor (%s, %d cores, one run; ratio = tlsplay / floor)\n\n", browserVersion(b), runtime.NumCPU())
	t.print(out)
	if breakdown.Len() > 0 {
		fmt.Fprintln(out)
		out.Write(breakdown.Bytes())
	}
}

// coldVerdict loads the site in a fresh browser context (empty cache) and
// returns the milliseconds from navigation to the link's story verdict on
// screen (its mark), or, with live, to the engine's answer to a run asked for
// as soon as the page offers globalThis.tlsplay (the first moment a person's
// edit could be answered) and to the engine's own first verdict on screen.
func coldVerdict(b testing.TB, site benchSite, live bool) (ms, engine float64) {
	url := site.url
	ctx := newPage(b)
	defer closePage(b, ctx)
	if live {
		// The page sets globalThis.tlsplay once its engine's API is there:
		// catch that moment and ask for a run right after it.
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
			let api;
			Object.defineProperty(globalThis, "tlsplay", {configurable: true, get: () => api, set: (v) => {
				api = v;
				if (!globalThis.__answered) {
					globalThis.__answered = new Promise((ok) => queueMicrotask(() => v.run("verify-true").then(() => ok(performance.now()))));
				}
			}});
		})()`})
		must(b, err)
	}
	must(b, chromedp.Do(ctx, chromedp.Navigate(url)))
	expr := markTime(site.verdict)
	if live {
		expr = `globalThis.__answered`
	}
	ms, err := chromedp.Run(ctx, chromedp.Poll[float64](expr, chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		b.Fatalf("%s: %v", url, err)
	}
	if live {
		engine, err = chromedp.Run(ctx, chromedp.Poll[float64](markTime("tlsplay:first-verdict"), chromedp.WithPollingTimeout(60*time.Second)))
		if err != nil {
			b.Fatalf("%s: %v", url, err)
		}
	}
	return ms, engine
}

// markTime is the expression of a performance mark's time, undefined until set.
func markTime(mark string) string {
	return fmt.Sprintf(`performance.getEntriesByName(%q)[0]?.startTime`, mark)
}

// repeatVisits visits the site, then restarts the browser on the same profile
// (its HTTP cache and code caches kept) and visits again, restarts times; it
// returns the milliseconds to the verdict of each visit after a restart.
func repeatVisits(b testing.TB, site benchSite, profile string) []float64 {
	url := site.url
	var ms []float64
	for i := range restarts + 1 {
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromeOptions(profile)...)
		ctx, cancel := chromedp.NewContext(alloc)
		ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
		must(b, chromedp.Do(ctx, chromedp.Navigate(url)))
		t, err := chromedp.Run(ctx, chromedp.Poll[float64](markTime(site.verdict), chromedp.WithPollingTimeout(60*time.Second)))
		must(b, err)
		// The engine's verdict too, so that the wasm is loaded and cached.
		_, err = chromedp.Run(ctx, chromedp.Poll[float64](markTime("tlsplay:first-verdict"), chromedp.WithPollingTimeout(60*time.Second)))
		must(b, err)
		if i == 0 && site.offline {
			// A visitor who stays a few seconds: the service worker has
			// cached the build (boot.js registers it once the page is left
			// alone), as it has for the visits after.
			waitOffline(b, ctx)
		}
		if i > 0 {
			ms = append(ms, t)
			// The wasm came from the HTTP cache (nothing transferred), or
			// the figure is not a repeat visit's.
			sent, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
				`performance.getEntriesByType("resource").filter(e => e.name.endsWith(".wasm")).reduce((n, e) => n + e.transferSize, 0)`))
			must(b, err)
			if sent > 0 {
				b.Fatalf("%s: after a restart the wasm came over the network (%.0f bytes), not from the HTTP cache", url, sent)
			}
		}
		// A moment for the browser to write its caches, then a clean exit.
		time.Sleep(time.Second)
		if err := chromedp.Cancel(ctx); err != nil {
			b.Logf("closing the browser: %v", err)
		}
		cancelTimeout()
		cancel()
		cancelAlloc()
	}
	return ms
}

// longTasks are the main-thread tasks of 50 ms or more (ms) after the first
// verdict: while editing, and while opening every story.
type longTasks struct{ edits, stories []float64 }

// editTimes opens the page and times benchEdits edits of an ECDSA scenario to
// the re-rendered verdict (style and layout included); then it opens every
// story. It returns the edit times and the main-thread tasks of 50 ms or more
// after the first verdict, during the edits and the stories.
func editTimes(b testing.TB, url string) (edits []float64, long longTasks) {
	ctx := newPage(b)
	defer closePage(b, ctx)
	must(b, chromedp.Do(ctx, chromedp.Navigate(url)))
	waitLoaded(b, ctx)
	must(b, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`
		window.__long = [];
		new PerformanceObserver(l => window.__long.push(...l.getEntries().map(e => e.duration))).observe({type: "longtask"});`)))
	edits, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(async () => {
		const input = document.querySelector('[data-path="certs[2].not_after"]');
		const verdict = document.getElementById("verdict");
		const out = [];
		for (let i = 0; i < %d; i++) {
			const run = verdict.dataset.run;
			// The new run's verdict is seen right after the task that draws it: a
			// MutationObserver's callback, not a poll (nested timers wait 4 ms each).
			const drawn = new Promise(r => {
				const seen = new MutationObserver(() => {
					if (verdict.dataset.run !== run) { seen.disconnect(); r(); }
				});
				seen.observe(verdict, {attributes: true, attributeFilter: ["data-run"]});
			});
			const t0 = performance.now();
			input.value = String(61 + i);
			input.dispatchEvent(new Event("input", {bubbles: true}));
			await drawn;
			document.body.offsetHeight; // style and layout of the new verdict
			out.push(performance.now() - t0);
			await new Promise(r => setTimeout(r, 20));
		}
		return out;
	})()`, benchEdits), chromedp.EvalAwaitPromise))
	must(b, err)
	// The last edit's later tasks (the inspector, drawn after the verdict) count as the edits'.
	time.Sleep(200 * time.Millisecond)
	long.edits, err = chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.__long.splice(0)`))
	must(b, err)
	run := readVerdict(b, ctx).Run
	for _, p := range scenario.Presets {
		must(b, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.preset[data-preset=%q]`, p.ID)))))
		run = waitRun(b, ctx, run)
	}
	time.Sleep(200 * time.Millisecond)
	long.stories, err = chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.__long`))
	must(b, err)
	return edits, long
}

func browserVersion(b testing.TB) string {
	ctx := newPage(b)
	defer closePage(b, ctx)
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent.match(/Chrom[a-z]*\/[0-9.]+/)?.[0] || navigator.userAgent`))
	must(b, err)
	return v
}

// table is the bench's figures, one row each.
type table struct{ rows [][]string }

// add is a row: the app's value, the floor's (NaN: none), their ratio and
// the target.
func (t *table) add(label string, app, floor float64, target, format string) {
	f, ratio := "n/a", ""
	if !math.IsNaN(floor) {
		f = fmt.Sprintf(format, floor)
		if floor > 0 {
			ratio = fmt.Sprintf("%.2f", app/floor)
		}
	}
	t.rows = append(t.rows, []string{label, fmt.Sprintf(format, app), f, ratio, target})
}

func (t *table) print(out io.Writer) {
	printTable(out, append([][]string{{"", "tlsplay", "floor", "ratio", "target"}}, t.rows...))
}

// printTable prints rows as columns, the first left-aligned, the others right.
func printTable(out io.Writer, rows [][]string) {
	width := 0
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r[0]))
	}
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, r := range rows {
		// tabwriter aligns every cell right: pad the first to the left.
		fmt.Fprintf(w, "%-*s\t%s\t\n", width, r[0], strings.Join(r[1:], "\t"))
	}
	w.Flush()
}

// closePage closes a page at once, so the next one runs alone.
func closePage(b testing.TB, ctx context.Context) {
	if err := chromedp.Cancel(ctx); err != nil {
		b.Logf("closing the page: %v", err)
	}
}

func median(xs []float64) float64 { return percentile(xs, 50) }

// percentile is the nearest-rank p-th percentile of xs.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Sorted(slices.Values(xs))
	return s[max(0, int(math.Ceil(p/100*float64(len(s))))-1)]
}
