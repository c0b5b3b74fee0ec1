package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/scenario"
)

// A courier that refuses an untrusted bank never shows its badge, which has
// expired: the page's fix says so too, played by the engine, in requests'
// words, and its call is the one that works once both are fixed.
func TestFixSaysWhatFailsNext(t *testing.T) {
	s := scenario.Lookup("mtls-expired-client").At(scenario.PresetClock)
	s.Spec(scenario.Root).Public = false
	ctx := newPage(t)
	open(t, ctx, fragmentOf(t, s))
	v := waitReason(t, ctx, "unknown_authority")
	fix, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#verdict .fix-summary").textContent`))
	must(t, err)
	want := `Once that is fixed, the bank will refuse your certificate, cert=("client.crt", "client.key"): it expired on 2026-05-25 12:00 UTC. Renew it too.`
	if !strings.Contains(fix, "Trust the CA") || !strings.Contains(fix, want) {
		t.Errorf("the fix says\n%s\nwant %q in it", fix, want)
	}
	if !strings.Contains(v.Text, `verify="ca.pem", cert=("client.crt", "client.key")`) {
		t.Errorf("no working call in the verdict:\n%s", v.Text)
	}
}
