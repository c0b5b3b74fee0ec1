package e2e

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// payload would run script if any text reached the page as HTML.
const payload = `"><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`

// everywhere puts the payload in every text field of a scenario.
func everywhere() *scenario.Scenario {
	s := scenario.Lookup("mtls-ok").At(scenario.PresetClock)
	s.ID, s.Title, s.Story = payload, payload, payload
	for i := range s.Certs {
		c := &s.Certs[i]
		c.CommonName, c.Organization = payload, payload
		c.DNSNames = append(c.DNSNames, payload)
		c.IPAddresses = []string{payload}
		c.PermittedDNS, c.ExcludedDNS = []string{payload}, []string{payload}
	}
	s.Certs[0].Name, s.Certs[1].Issuer = payload, payload
	s.Server.Send = append(s.Server.Send, payload)
	s.Server.Key = payload
	s.Server.ClientCAs = []string{payload}
	s.Server.CipherSuites, s.Server.ALPN = []string{payload}, []string{payload}
	s.Client.Dial, s.Client.SNI, s.Client.Badge, s.Client.KeyPassword = payload, payload, payload, payload
	s.Client.ALPN = []string{payload}
	s.Imposter = &scenario.Imposter{Send: []string{payload}}
	return s
}

// displayOnly puts the payload where the validator lets any text through: it
// must be shown, as text.
func displayOnly() *scenario.Scenario {
	s := scenario.Lookup("mtls-ok").At(scenario.PresetClock)
	s.Title, s.Story = payload, payload
	s.Certs[2].CommonName, s.Certs[2].Organization = payload, payload
	s.Client.ALPN, s.Server.ALPN = []string{"h2"}, []string{"h2"}
	s.Certs = append(s.Certs, pki.Spec{Name: "odd", CommonName: payload, Key: pki.ECDSAP256, NotAfter: 1})
	return s
}

// overBudget is a scenario that would have the page make two RSA-4096 keys
// on the spot, more than the validator lets one scenario make: a link
// carries it all the same.
func overBudget() *scenario.Scenario {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	for i := range pki.ReadyKeys(pki.RSA4096) + 2 {
		s.Certs = append(s.Certs, pki.Spec{Name: fmt.Sprintf("big%d", i), CommonName: "big", NotAfter: 1, Key: pki.RSA4096})
	}
	return s
}

func fragmentOf(t *testing.T, s *scenario.Scenario) string {
	t.Helper()
	f, err := scenario.EncodeFragment(s)
	must(t, err)
	return "#" + f
}

// Hostile links give a clear message naming what is wrong; no script runs,
// nothing becomes markup, and the page keeps working.
func TestHostileFragments(t *testing.T) {
	ctx := newPage(t)
	for _, tc := range []struct {
		name, fragment string
		notice         string // what the message must say; "" for a link that opens
	}{
		{"payload in every field", fragmentOf(t, everywhere()), "more"},
		{"payload shown as text", fragmentOf(t, displayOnly()), ""},
		{"markup as a preset name", "#" + payload, "neither a story of this page nor a shared scenario"},
		{"damaged base64", "#s1.@@@@", "damaged"},
		{"not compressed", "#s1.AAAAAAAAAAAA", "damaged"},
		{"cut short", fragmentOf(t, everywhere())[:200], "cut short"},
		{"unknown version", "#s7.AAAA", "version"},
		{"not a scenario", "#s1." + rawFragment(t, `{"certs": "nope"}`), "scenario JSON"},
		{"keys beyond what a scenario may make", fragmentOf(t, overBudget()), "certs[11].key: too many keys to make"},
		{"a megabyte", "#s1." + strings.Repeat("A", 1<<20), "at most"},
		{"a megabyte of markup", "#" + strings.Repeat("<", 1<<20/3), "characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Each link opens in a fresh document, as a link from elsewhere does.
			must(t, chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(siteURL+tc.fragment)))
			waitLoaded(t, ctx)
			st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
				Pwned   bool   `json:"pwned"`
				Scripts int    `json:"scripts"`
				Images  int    `json:"images"`
				OnAttrs int    `json:"onattrs"`
				Notice  string `json:"notice"`
				Shown   bool   `json:"shown"`
				Title   string `json:"title"`
			}](`({pwned: !!window.__pwned, scripts: document.scripts.length, images: document.images.length,
				onattrs: [...document.querySelectorAll("*")].filter(e => [...e.attributes].some(a => a.name.startsWith("on"))).length,
				notice: document.getElementById("notice").textContent, shown: !document.getElementById("notice").hidden,
				title: document.getElementById("title").textContent})`))
			must(t, err)
			if st.Pwned || st.Scripts != pageScripts(t) || st.Images != 0 || st.OnAttrs != 0 {
				t.Errorf("the payload became markup: pwned %v, %d scripts, %d images, %d on* attributes", st.Pwned, st.Scripts, st.Images, st.OnAttrs)
			}
			switch {
			case tc.notice == "" && st.Shown:
				t.Errorf("a valid link shows a message: %q", st.Notice)
			case tc.notice == "" && st.Title != payload:
				t.Errorf("the title shows %q, not the text of the link", st.Title)
			case tc.notice != "" && (!st.Shown || !strings.Contains(st.Notice, tc.notice)):
				t.Errorf("the message is %q (shown %v), want one naming %q", st.Notice, st.Shown, tc.notice)
			case len(st.Notice) > 3000:
				t.Errorf("the message is %d characters long", len(st.Notice))
			}
			// The page still works: a story opens and runs.
			run := readVerdict(t, ctx).Run
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="expired"]`))))
			waitRun(t, ctx, run)
			if v := readVerdict(t, ctx); v.Reason != "expired" {
				t.Errorf("after the link, a story shows %s", v.Reason)
			}
		})
	}
}

// rawFragment frames any JSON as a share link does (base64url of raw
// DEFLATE), so a link can carry what no Scenario marshals to.
func rawFragment(t *testing.T, js string) string {
	t.Helper()
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	must(t, err)
	_, err = w.Write([]byte(js))
	must(t, err)
	must(t, w.Close())
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// Typing markup into every text input of the editor shows it back as text and
// as field messages, never as markup.
func TestHostileEdits(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#mtls-ok")
	paths, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#editor input[type="text"], #editor textarea')].map(e => e.dataset.path)`))
	must(t, err)
	if len(paths) < 40 {
		t.Fatalf("only %d text inputs in the editor", len(paths))
	}
	for _, p := range paths {
		pasteInto(t, ctx, p, payload)
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Pwned    bool `json:"pwned"`
		Images   int  `json:"images"`
		Invalid  int  `json:"invalid"`
		Problems int  `json:"problems"`
	}](`({pwned: !!window.__pwned, images: document.images.length,
		invalid: document.querySelectorAll('[aria-invalid="true"]').length,
		problems: [...document.querySelectorAll("#editor .problem")].filter(p => p.textContent.includes("<script>")).length})`))
	must(t, err)
	if st.Pwned || st.Images != 0 {
		t.Errorf("typed markup became markup: pwned %v, %d images", st.Pwned, st.Images)
	}
	if st.Invalid < 10 || st.Problems == 0 {
		t.Errorf("%d fields marked invalid, %d messages quoting the text", st.Invalid, st.Problems)
	}
	// Back to a story: the editor is rebuilt and the page works.
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="verify-true"]`))))
	waitRun(t, ctx, run)
	if v := readVerdict(t, ctx); v.Reason != "ok" {
		t.Errorf("after the edits, verify-true shows %s", v.Reason)
	}
}

// A fragment of 20 MB set by script is refused by its length at once, before
// the page reads it into its program, in words; the page keeps working.
func TestHugeFragment(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#expired")
	type answer struct {
		Took   float64 `json:"took"`
		Notice string  `json:"notice"`
	}
	// refuse sets the location's fragment by script, and says how long the
	// page took, from the popstate event (a capturing listener runs before
	// the page's own) to its notice: Chromium itself takes seconds to set so
	// long an address, before the event.
	refuse := func(fragment string) answer {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[answer](`new Promise((resolve) => {
			const notice = document.getElementById("notice");
			notice.hidden = true;
			let t0;
			const done = () => { if (!notice.hidden) resolve({took: performance.now() - t0, notice: notice.textContent}); };
			new MutationObserver(done).observe(notice, {attributes: true, childList: true, subtree: true, characterData: true});
			addEventListener("popstate", () => { t0 = performance.now(); }, {capture: true, once: true});
			location.hash = `+fragment+`;
		})`, chromedp.EvalAwaitPromise))
		must(t, err)
		return got
	}
	small := refuse(`"s1.@@@@"`)
	got := refuse(`"s1." + "A".repeat(20 << 20)`)
	t.Logf("the page refused a 20 MB fragment in %.0f ms (a damaged link of 8 characters: %.0f ms): %q", got.Took, small.Took, got.Notice)
	if !strings.Contains(got.Notice, "too long") || !strings.Contains(got.Notice, "at most 16384") {
		t.Errorf("the page says %q, not that the link is too long", got.Notice)
	}
	// Reading so long a fragment at all costs Chromium tens of milliseconds,
	// and setting it leaves it work to do: bounds with room for a busy machine
	// (before the page refused it by its length it froze for 16 s).
	if got.Took > 2500 {
		t.Errorf("the page took %.0f ms to refuse a 20 MB fragment", got.Took)
	}
	// The page still works: a story opens and runs, and its link replaces the
	// huge one.
	run := readVerdict(t, ctx).Run
	start := time.Now()
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="verify-true"]`))))
	waitRun(t, ctx, run)
	if v := readVerdict(t, ctx); v.Reason != "ok" {
		t.Errorf("after the huge link, verify-true shows %s", v.Reason)
	}
	hash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	must(t, err)
	if hash != "#verify-true" {
		t.Errorf("after a click on a story the link is %.40q…", hash)
	}
	// Leaving so long an address costs Chromium a second of its own.
	if took := time.Since(start); took > 8*time.Second {
		t.Errorf("a story after the 20 MB fragment took %v", took)
	} else {
		t.Logf("a story after it: %v", took)
	}
}

// pageScripts counts the scripts index.html loads: a page with more ran
// markup from a link.
func pageScripts(t *testing.T) int {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(siteDir, "index.html"))
	must(t, err)
	return strings.Count(string(page), "<script ")
}
