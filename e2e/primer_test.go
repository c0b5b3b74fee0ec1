package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A verdict links to the primer's section its story turns on: the section
// comes into view with the focus, and the link, which names the story, stays.
func TestPrimerLink(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#internal-ca-default-bundle")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#verdict .primer-link a`))))
	got, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => {
		const a = document.activeElement, r = a.getBoundingClientRect();
		return r.top >= 0 && r.top < innerHeight ? a.id + " " + location.hash : "";
	})()`))
	must(t, err)
	if got != "primer-certifi #internal-ca-default-bundle" {
		t.Errorf("after the primer link: focus and location %q", got)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("primer")))
	must(t, err)
	for _, want := range []string{"Who checks", "CA bundle", "certifi.where()", "REQUESTS_CA_BUNDLE", "verify=False"} {
		if !strings.Contains(text, want) {
			t.Errorf("the primer does not say %q", want)
		}
	}
}
