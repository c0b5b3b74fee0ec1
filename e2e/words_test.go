package e2e

import (
	"context"
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
// verdict, the diagram and its step's words, the inspector, the editor and
// the primer: text nodes a person sees, outside code, pre, var and kbd, and
// outside the inspector's bytes, whose field names are the protocol's own
// (server_name, as its registry spells it), quoted like a client's message.
const visibleWords = `(() => {
	const out = [];
	for (const id of ["chapter", "title", "story", "verdict", "diagram", "beat-words", "inspector", "editor", "primer"]) {
		const root = document.getElementById(id);
		const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const p = n.parentElement;
			if (!n.textContent.trim() || p.closest("code, pre, var, kbd, .bytes") || !(p.closest("option") || p.checkVisibility())) continue;
			out.push(n.textContent);
		}
	}
	return out;
})()`

// typed are the words with an underscore a person types: commands, their
// options, Python's names (load_cert_chain, as their traceback names it).
var typed = map[string]bool{"s_client": true, "verify_hostname": true, "trust_env": true, "inject_into_ssl": true, "load_cert_chain": true}

// Every story, read as a person reads it: no machine words in the page's own.
func TestVisibleWords(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	for _, p := range scenario.Presets {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.preset[data-preset=%q]`, p.ID)))))
		run = waitRun(t, ctx, run)
		readWords(t, ctx, p.ID)
		// The check the verdict names, in the inspector.
		must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#diagram .verdict-check button")?.click()`)))
		readWords(t, ctx, p.ID+", its check")
	}
	// Every step of a story of each kind, in the inspector: a refusal by
	// each side (the bank's of a missing badge: mutual TLS and its alerts),
	// a negotiation that fails, an imposter.
	for _, id := range []string{"expired", "mtls-no-cert", "tls-version-mismatch", "verify-false-mitm"} {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.preset[data-preset=%q]`, id)))))
		run = waitRun(t, ctx, run)
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#diagram [data-step]").length`))
		must(t, err)
		for i := range n {
			must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelectorAll("#diagram [data-step]")[%d].click()`, i))))
			// Drawn once the button says it is the one shown.
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelectorAll("#diagram [data-step]")[%d].classList.contains("selected")`, i)))
			must(t, err)
			readWords(t, ctx, fmt.Sprintf("%s, step button %d", id, i))
		}
	}
}

// readWords fails on machine words in what the page shows now.
func readWords(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleWords))
	must(t, err)
	for _, s := range texts {
		// Commands and their options are what a person types: not machine
		// words; nor the Python a person types (requests' Session.trust_env,
		// truststore's inject_into_ssl).
		if m := machineWords.FindString(s); m != "" && !typed[m] {
			t.Errorf("%s: %q in %q", where, m, s)
		}
	}
}
