package e2e

import (
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// luminance is the relative luminance (WCAG) of an element's computed
// colour or background, and contrast the ratio of its text to the background
// its nearest painted ancestor gives it.
const colours = `(() => {
	const rgb = s => s.match(/[\d.]+/g).slice(0, 3).map(Number);
	const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
		.reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
	const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; if (!c.startsWith("rgba(0, 0, 0, 0)")) return rgb(c); } return [255, 255, 255]; };
	const contrast = sel => { const e = document.querySelector(sel); const a = lum(rgb(getComputedStyle(e).color)), b = lum(bg(e));
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
	return {
		body: lum(bg(document.body)),
		worst: Math.min(...["#verdict .headline", "#verdict .technical", "#beat-words", "#inspector .step-words", "#editor .field label", "#primer p", "#diagram .note .label"].map(contrast)),
	};
})()`

// Dark mode follows the system's choice, and every kind of text keeps its
// contrast in both.
func TestDarkMode(t *testing.T) {
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			ctx := newPage(t)
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			must(t, err)
			open(t, ctx, "#expired")
			c, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
				Body  float64 `json:"body"`
				Worst float64 `json:"worst"`
			}](colours))
			must(t, err)
			if dark := c.Body < 0.1; dark != (scheme == "dark") {
				t.Errorf("%s: the page's background has luminance %.2f", scheme, c.Body)
			}
			if c.Worst < 4.5 {
				t.Errorf("%s: text with a contrast of %.1f:1 (WCAG AA asks 4.5:1)", scheme, c.Worst)
			}
			// TLSPLAY_SHOTS=dir keeps what the page looked like, a screen at a time.
			if dir := os.Getenv("TLSPLAY_SHOTS"); dir != "" {
				for i := range 6 {
					must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf("scrollTo(0, %d)", i*850))))
					png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
					must(t, err)
					must(t, os.WriteFile(fmt.Sprintf("%s/%s-%d.png", dir, scheme, i), png, 0o644))
				}
			}
		})
	}
}
