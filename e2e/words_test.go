package e2e

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/scenario"
)

// machineWords are what a person should not have to read in the page's own
// words: a reason id, a Go identifier, a decoder's error, a placeholder left
// unfilled. Code blocks (the calls, the clients' messages quoted verbatim) may
// hold them.
var machineWords = regexp.MustCompile(`\b[a-z]+_[a-z_]+\b|Require\w*ClientCert|\w+Locked\b|\b[a-z0-9]+\.[A-Z][A-Za-z]+\b|flate:|\{[a-z_]+\}`)

// visibleWords is the page's own visible text in the story's head, the
// verdict and the diagram: text nodes a person sees, outside code, pre, var
// and kbd.
const visibleWords = `(() => {
	const out = [];
	for (const id of ["chapter", "title", "story", "verdict", "diagram"]) {
		const root = document.getElementById(id);
		const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const p = n.parentElement;
			if (!n.textContent.trim() || p.closest("code, pre, var, kbd") || !p.checkVisibility()) continue;
			out.push(n.textContent);
		}
	}
	return out;
})()`

// typed are the words with an underscore a person types: commands, their
// options, Python's names.
var typed = map[string]bool{"s_client": true, "verify_hostname": true, "trust_env": true, "inject_into_ssl": true}

// Every story, read as a person reads it: no machine words in the page's own.
func TestVisibleWords(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	for _, p := range scenario.Presets {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.preset[data-preset=%q]`, p.ID)))))
		run = waitRun(t, ctx, run)
		texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleWords))
		must(t, err)
		for _, s := range texts {
			// Commands and their options are what a person types: not machine
			// words; nor the Python a person types (requests' Session.trust_env,
			// truststore's inject_into_ssl).
			if m := machineWords.FindString(s); m != "" && !typed[m] {
				t.Errorf("%s: %q in %q", p.ID, m, s)
			}
		}
	}
}
