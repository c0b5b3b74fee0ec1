package e2e

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/tlsplay/tlsplay/scenario"
)

// BenchmarkDay times, in the page's engine, a story's first run on the day
// its saved certificates were made (a clock of its own: nothing crafted) and
// today (each certificate signed anew with its saved key), each in a fresh
// page that has played its first story:
//
//	go test -run '^$' -bench Day -benchtime 1x ./e2e/
func BenchmarkDay(b *testing.B) {
	for _, id := range []string{"hostname-mismatch", "rsa-4096-chain", "mtls-ok"} {
		saved := scenario.Lookup(id).Scenario()
		saved.Now = scenario.PresetClock
		pinned, err := json.Marshal(saved)
		must(b, err)
		today, err := json.Marshal(scenario.Lookup(id).Scenario())
		must(b, err)
		b.Run(id, func(b *testing.B) {
			var times [2][]float64
			for b.Loop() {
				for i := range 6 {
					ctx := newPage(b)
					open(b, ctx, "#verify-true")
					order := [][]byte{pinned, today}
					if i%2 == 1 {
						order = [][]byte{today, pinned}
					}
					ms, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(async (runs) => {
						const out = [];
						for (const s of runs) { const t0 = performance.now(); await tlsplay.run(s); out.push(performance.now() - t0); }
						return out;
					})([%s, %s])`, jsString(string(order[0])), jsString(string(order[1]))), chromedp.EvalAwaitPromise))
					must(b, err)
					closePage(b, ctx)
					if i%2 == 1 {
						ms[0], ms[1] = ms[1], ms[0]
					}
					times[0], times[1] = append(times[0], ms[0]), append(times[1], ms[1])
				}
			}
			b.ReportMetric(median(times[0]), "saved-ms")
			b.ReportMetric(median(times[1]), "today-ms")
		})
	}
}
