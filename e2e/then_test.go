package e2e

import (
	"context"
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

// A courier that gets past the failure Go stops at meets the next one: curl
// takes the bank's name in its Common Name alone, shows its expired badge,
// and the bank refuses it. Picked, curl's verdict is that refusal, in its
// words, read from the engine's answer as the page reads it.
func TestPastTheFirstFailure(t *testing.T) {
	ctx, v := curlsVerdict(t, "mtls-expired-client", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).DNSNames = nil }, "client_cert_expired")
	fix, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#verdict .fix-summary").textContent`))
	must(t, err)
	for _, want := range []string{"Renew the badge", "curl gets past what Go refuses first", "Subject Alternative Name"} {
		if !strings.Contains(fix, want) {
			t.Errorf("the fix says\n%s\nwant %q in it", fix, want)
		}
	}
	if !strings.Contains(v.Text, "sslv3 alert certificate expired") || strings.Contains(v.Text, "HTTP/1.1 200 OK") {
		t.Errorf("curl's verdict is not the bank's refusal:\n%s", v.Text)
	}
}

// Past the bank's name in its Common Name alone, curl meets what else Go
// found wrong with the bank's chain, an untrusted root, before anything
// else: picked, curl's verdict is that refusal, not a connection.
func TestPastTheFirstToTheChain(t *testing.T) {
	_, v := curlsVerdict(t, "cn-only", func(s *scenario.Scenario) { s.Spec(scenario.Root).Public = false }, "unknown_authority")
	if !strings.Contains(v.Text, "curl: (60) SSL certificate problem: unable to get local issuer certificate") || strings.Contains(v.Text, "HTTP/1.1 200 OK") {
		t.Errorf("curl's verdict is not the chain's refusal:\n%s", v.Text)
	}
}

// curlsVerdict opens the preset, edited, with curl picked, and waits for
// its verdict, for reason.
func curlsVerdict(t *testing.T, preset string, edit func(*scenario.Scenario), reason string) (context.Context, verdict) {
	t.Helper()
	s := scenario.Lookup(preset).At(scenario.PresetClock)
	edit(s)
	ctx := newPage(t)
	open(t, ctx, fragmentOf(t, s)+"?client=curl")
	return ctx, waitReason(t, ctx, reason)
}
