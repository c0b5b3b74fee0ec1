package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/scenario"
)

// The page's size and speed, reported by `make bench` (never asserted):
// targets are at most 2.0 MB gzip, under 1 s to the first verdict, under 50 ms
// from an edit to its verdict, and no main-thread task over 100 ms.

// BenchmarkWasmSize reports the app's WebAssembly raw, gzip and brotli (both
// at their best compression, as a static host would precompress it).
func BenchmarkWasmSize(b *testing.B) {
	if skipWhy != "" {
		b.Skip(skipWhy)
	}
	raw, err := os.ReadFile(filepath.Join(siteDir, "tlsplay.wasm"))
	if err != nil {
		b.Fatal(err)
	}
	var gz, br bytes.Buffer
	for range b.N {
		gz.Reset()
		br.Reset()
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(raw)
		zw.Close()
		bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
		bw.Write(raw)
		bw.Close()
	}
	b.ReportMetric(mb(len(raw)), "MB-raw")
	b.ReportMetric(mb(gz.Len()), "MB-gzip")
	b.ReportMetric(mb(br.Len()), "MB-brotli")
}

func mb(n int) float64 { return float64(n) / 1e6 }

// BenchmarkColdLoad is navigation to the first verdict on screen, in a browser
// context with an empty cache: median and worst of coldLoads loads per op, as
// one load varies by a third from the next on a machine with two cores.
func BenchmarkColdLoad(b *testing.B) {
	const coldLoads = 7
	var ms []float64
	for range b.N {
		for range coldLoads {
			ctx := newPage(b)
			must(b, chromedp.Do(ctx, chromedp.Navigate(siteURL+"#verify-true")))
			t, err := chromedp.Run(ctx, chromedp.Poll[float64](
				`performance.getEntriesByName("tlsplay:first-verdict")[0]?.startTime`))
			must(b, err)
			ms = append(ms, t)
			closePage(b, ctx)
		}
	}
	b.ReportMetric(median(ms), "ms-to-verdict")
	b.ReportMetric(slices.Max(ms), "ms-to-verdict-max")
}

// BenchmarkEdit is an edit of an ECDSA scenario to its re-rendered verdict
// (style and layout included), median and worst over 50 edits; and the longest
// main-thread task after the first verdict during the edits and a pass over
// every story, RSA ones included.
func BenchmarkEdit(b *testing.B) {
	var all, long []float64
	for range b.N {
		ctx := newPage(b)
		open(b, ctx, "#verify-true")
		must(b, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`
			window.__long = [];
			new PerformanceObserver(l => window.__long.push(...l.getEntries().map(e => e.duration))).observe({type: "longtask"});`)))
		times, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(async () => {
			const input = document.querySelector('[data-path="certs[2].not_after"]');
			const verdict = document.getElementById("verdict");
			const out = [];
			for (let i = 0; i < 50; i++) {
				const run = verdict.dataset.run;
				const t0 = performance.now();
				input.value = String(61 + i);
				input.dispatchEvent(new Event("input", {bubbles: true}));
				while (verdict.dataset.run === run) await new Promise(r => setTimeout(r, 0));
				document.body.offsetHeight; // style and layout of the new verdict
				out.push(performance.now() - t0);
				await new Promise(r => setTimeout(r, 20));
			}
			return out;
		})()`, chromedp.EvalAwaitPromise))
		must(b, err)
		all = append(all, times...)
		run := readVerdict(b, ctx).Run
		for _, p := range scenario.Presets {
			must(b, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.preset[data-preset=%q]`, p.ID)))))
			run = waitRun(b, ctx, run)
		}
		tasks, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.__long`))
		must(b, err)
		long = append(long, tasks...)
		closePage(b, ctx)
	}
	sort.Float64s(all)
	b.ReportMetric(median(all), "ms-edit-median")
	b.ReportMetric(all[len(all)-1], "ms-edit-max")
	worst := 0.0
	for _, d := range long {
		worst = max(worst, d)
	}
	// Chromium reports only tasks of 50 ms or more: 0 means none was that long.
	b.ReportMetric(worst, "ms-longest-task")
	b.ReportMetric(float64(len(long))/float64(b.N), "tasks-over-50ms/op")
}

// closePage closes a page at once, so the next one runs alone.
func closePage(b *testing.B, ctx context.Context) {
	if err := chromedp.Cancel(ctx); err != nil {
		b.Logf("closing the page: %v", err)
	}
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}
