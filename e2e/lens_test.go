package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// lensState is the verdict's client and what the page around it says.
type lensState struct {
	Client string `json:"client"`
	OK     string `json:"ok"`
	GoOK   string `json:"goOK"`
	Picked string `json:"picked"`
	Hash   string `json:"hash"`
	Text   string `json:"text"`
	Notice string `json:"notice"`
}

func readLens(t *testing.T, ctx context.Context) lensState {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[lensState](`(() => { const v = document.getElementById("verdict"), n = document.getElementById("notice");
		return {client: v.dataset.client, ok: v.dataset.ok, goOK: v.dataset.goOk, picked: document.getElementById("client").value,
			hash: location.hash, text: v.innerText, notice: n.hidden ? "" : n.textContent}; })()`))
	must(t, err)
	return s
}

// waitClient waits for the verdict to be client's.
func waitClient(t *testing.T, ctx context.Context, client string) lensState {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("verdict").dataset.client === `+jsString(client),
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("waiting for %s's verdict: %v (the page shows %+v)", client, err, readLens(t, ctx))
	}
	return readLens(t, ctx)
}

// The client lens: a weak key Go accepts and requests refuses opens with
// requests refusing, its own message in view; choosing Go shows Go
// connecting; the choice survives a reload, a bare link (it is remembered)
// and travels in a share link; a hostile client in a link is refused by name.
func TestClientLens(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#weak-key-rsa1024")
	s := readLens(t, ctx)
	if s.Client != "requests" || s.OK != "false" || s.GoOK != "true" || s.Picked != "requests" {
		t.Fatalf("weak-key-rsa1024 opens with %+v, want requests refusing", s)
	}
	for _, want := range []string{"EE certificate key too weak", "What Python requests prints", "Go's, which connects"} {
		if !strings.Contains(s.Text, want) {
			t.Errorf("the verdict does not show %q:\n%s", want, s.Text)
		}
	}

	chooseClient(t, ctx, "go")
	s = waitClient(t, ctx, "go")
	if s.OK != "true" || s.Hash != "#weak-key-rsa1024?client=go" || strings.Contains(s.Text, "Go's, which") {
		t.Errorf("with Go chosen: %+v", s)
	}

	must(t, chromedp.Do(ctx, chromedp.Reload()))
	waitLoaded(t, ctx)
	if s = readLens(t, ctx); s.Client != "go" || s.OK != "true" || s.Picked != "go" {
		t.Errorf("after a reload: %+v", s)
	}
	// Remembered: a link that names no client opens with the one chosen.
	must(t, chromedp.Do(ctx, chromedp.Navigate("about:blank")))
	open(t, ctx, "#expired")
	if s = readLens(t, ctx); s.Client != "go" || s.OK != "false" {
		t.Errorf("a bare link after choosing Go: %+v", s)
	}

	// A share link carries it into a browser that never chose.
	fresh := newPage(t)
	open(t, fresh, "#weak-key-rsa1024?client=go")
	if s = readLens(t, fresh); s.Client != "go" || s.OK != "true" || s.Notice != "" {
		t.Errorf("a share link with Go: %+v", s)
	}
	// A cure that is the bank's says the person's code is fine and shows
	// the server's configuration.
	must(t, chromedp.Do(fresh, chromedp.Navigate("about:blank")))
	open(t, fresh, "#missing-intermediate")
	if s = readLens(t, fresh); !strings.Contains(s.Text, "Your code is fine") || !strings.Contains(s.Text, "ssl_certificate") || !strings.Contains(s.Text, "SSLCertificateFile") || !strings.Contains(s.Text, "intermediate.Raw") {
		t.Errorf("missing-intermediate does not show the bank's configuration:\n%s", s.Text)
	}

	other := newPage(t)
	open(t, other, "#weak-key-rsa1024?client=%3Cimg%20src=x%20onerror=window.__pwned=1%3E")
	s = readLens(t, other)
	pwned, err := chromedp.Run(other, chromedp.Evaluate[bool](`!!window.__pwned || !!document.querySelector("#notice img")`))
	must(t, err)
	if s.Client != "requests" || s.OK != "false" || !strings.HasSuffix(s.Notice, "Showing the verdict as Python requests sees it.") || pwned {
		t.Errorf("a hostile client in a link: %+v (script ran: %v)", s, pwned)
	}
}

// chooseClient picks a client the way a person does: the picker changes.
func chooseClient(t *testing.T, ctx context.Context, client string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const p = document.getElementById("client"); p.value = `+jsString(client)+`;
		return p.dispatchEvent(new Event("change", {bubbles: true})); })()`))
	must(t, err)
}

// An edit's verdict, drawn from its answer's glance before its head is read,
// is the one the page draws from the answer itself: through the person's
// client (not the default one), the verdict, the compact verdict and the
// heading each edit drew are those the page draws again from the answer
// when the person picks another client and then theirs again.
func TestGlanceIsTheAnswersVerdict(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	chooseClient(t, ctx, "curl")
	waitClient(t, ctx, "curl")
	// The leaf expired, valid, then expired again: verdicts that change.
	for _, v := range []string{"-1", "61", "-2"} {
		glanced, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(async () => {
			const input = document.querySelector('[data-path="certs[2].not_after"]');
			const verdict = document.getElementById("verdict");
			const run = verdict.dataset.run;
			performance.clearMeasures("glance");
			const drawn = new Promise(r => {
				const seen = new MutationObserver(() => {
					if (verdict.dataset.run !== run) { seen.disconnect(); r(%s()); }
				});
				seen.observe(verdict, {attributes: true, attributeFilter: ["data-run"]});
			});
			input.value = %s;
			input.dispatchEvent(new Event("input", {bubbles: true}));
			const html = await Promise.race([drawn, new Promise(r => setTimeout(() => r("no verdict in 10 s"), 10000))]);
			return performance.getEntriesByName("glance").length > 0 ? html : "";
		})()`, glanceParts, jsString(v)), chromedp.EvalAwaitPromise))
		must(t, err)
		if glanced == "" {
			t.Fatalf("not_after %s: the verdict was not drawn from the answer's glance", v)
		}
		// The handshake drawn: the page has read the whole answer.
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const run = (id) => document.getElementById(id).dataset.run;
			return run("diagram") === run("verdict"); })()`, chromedp.WithPollingTimeout(10*time.Second)))
		must(t, err)
		chooseClient(t, ctx, "go")
		waitClient(t, ctx, "go")
		chooseClient(t, ctx, "curl")
		waitClient(t, ctx, "curl")
		again, err := chromedp.Run(ctx, chromedp.Evaluate[string](glanceParts+"()"))
		must(t, err)
		if glanced != again {
			t.Errorf("not_after %s: drawn from the glance:\n%s\nfrom the answer:\n%s", v, glanced, again)
		}
	}
	if v := readVerdict(t, ctx); v.GoReason != "expired" {
		t.Errorf("the last edit's verdict is %s, want expired", v.GoReason)
	}
}

// glanceParts is a function giving the parts of the page an edit's glance
// draws, as HTML, but for the run's number.
const glanceParts = `(() => ["chapter", "title", "story", "verdict-bar", "verdict"]
	.map(id => document.getElementById(id).outerHTML.replace(/ data-run="\d+"/g, "")).join("\n"))`

// A client picked after an edit's verdict was drawn from its glance, before
// the page has read the answer's head, gets that edit's verdict, not the one
// of the run before it: the head, held back here for two seconds, draws it.
func TestClientPickedBetweenGlanceAndHead(t *testing.T) {
	ctx := holdingHeads(t)
	open(t, ctx, "#verify-true")
	chooseClient(t, ctx, "curl")
	if s := waitClient(t, ctx, "curl"); s.OK != "true" {
		t.Fatalf("verify-true through curl: %+v", s)
	}
	// The leaf expired yesterday: its glance is drawn, its head held back.
	editGlanced(t, ctx, "certs[2].not_after", "-1")
	if g := readLens(t, ctx); g.OK != "false" || g.Client != "curl" {
		t.Fatalf("the expired leaf's glance through curl: %+v", g)
	}
	chooseClient(t, ctx, "go")
	s := waitClient(t, ctx, "go")
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("title").textContent`))
	must(t, err)
	if s.OK != "false" {
		t.Errorf("the leaf expired, but Go picked before the head came says ok=%s under %q:\n%s", s.OK, title, s.Text)
	}
}

// holdingHeads opens a page whose worker messages with a head or steps wait
// globalThis.__hold milliseconds, once set, before the page's program gets
// them: what an edit's glance draws stays on screen alone meanwhile.
func holdingHeads(t *testing.T) context.Context {
	ctx := newPage(t)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
		globalThis.__hold = 0;
		const add = EventTarget.prototype.addEventListener;
		EventTarget.prototype.addEventListener = function (type, f, ...rest) {
			if (type === "message" && this instanceof Worker) {
				const g = f;
				f = function (ev) {
					if (__hold > 0 && ev.data && (typeof ev.data.head === "string" || ev.data.steps !== undefined)) {
						setTimeout(() => g.call(this, ev), __hold);
						return;
					}
					return g.call(this, ev);
				};
			}
			return add.call(this, type, f, ...rest);
		};
	})()`})
	must(t, err)
	return ctx
}

// editGlanced types text into the editor's field at path with heads held
// for two seconds, and returns once the edit's verdict, from its glance, is
// drawn.
func editGlanced(t *testing.T, ctx context.Context, path, text string) {
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(async () => {
		__hold = 2000;
		const input = document.querySelector('[data-path=%q]');
		const verdict = document.getElementById("verdict");
		const run = verdict.dataset.run;
		const drawn = new Promise(r => {
			const seen = new MutationObserver(() => { if (verdict.dataset.run !== run) { seen.disconnect(); r(true); } });
			seen.observe(verdict, {attributes: true, attributeFilter: ["data-run"]});
		});
		input.value = %s;
		input.dispatchEvent(new Event("input", {bubbles: true}));
		return drawn;
	})()`, path, jsString(text)), chromedp.EvalAwaitPromise))
	must(t, err)
}
