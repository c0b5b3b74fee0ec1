package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pasteState is what the "Paste an error" box shows.
type pasteState struct {
	State    string `json:"state"`
	Answered int    `json:"answered"`
	Note     string `json:"note"`
	Rows     []struct {
		ID     string   `json:"id"`
		Href   string   `json:"href"`
		Title  string   `json:"title"`
		From   string   `json:"from"`
		Marked []string `json:"marked"`
		// Other is any node of the matched lines that is neither text nor a
		// <mark> holding text only.
		Other []string `json:"other"`
	} `json:"rows"`
}

const readPaste = `(() => {
	const box = document.getElementById("paste");
	return {state: box.dataset.state, answered: +(box.dataset.answered || 0),
		note: document.getElementById("paste-note").textContent,
		rows: [...document.querySelectorAll("#paste-list > li")].map(li => {
			const lines = li.querySelector(".paste-lines");
			const other = [...lines.childNodes].filter(n => !(n.nodeType === Node.TEXT_NODE ||
				(n.nodeName === "MARK" && [...n.childNodes].every(c => c.nodeType === Node.TEXT_NODE)))).map(n => n.nodeName);
			return {id: li.dataset.story, href: li.querySelector("a").getAttribute("href"), title: li.querySelector("a").textContent,
				from: li.querySelector(".paste-from").textContent, marked: [...lines.querySelectorAll("mark")].map(m => m.textContent), other};
		})};
})()`

// paste puts text in the box as pasting does and waits for the answer.
func paste(t *testing.T, ctx context.Context, text string) pasteState {
	t.Helper()
	before, err := chromedp.Run(ctx, chromedp.Evaluate[pasteState](readPaste))
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const e = document.getElementById("paste-text");
		e.focus();
		e.value = %s;
		e.dispatchEvent(new Event("input", {bubbles: true}));
	})()`, jsString(text)))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`+(document.getElementById("paste").dataset.answered || 0) > %d`, before.Answered),
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second)))
	must(t, err)
	st, err := chromedp.Run(ctx, chromedp.Evaluate[pasteState](readPaste))
	must(t, err)
	return st
}

// TestPaste pastes real errors (a requests traceback, curl -v's output,
// Node's uncaught errors, as the real clients printed them for other hosts)
// into the box: each lists its story first, with the client and the
// matched part marked, and a click opens the story with its verdict, through
// the client the error came from. Text that is no story's error says so,
// markup in it stays text, and nothing pasted leaves the page.
func TestPaste(t *testing.T) {
	ctx, proxy := watchedPage(t)
	pageLog := recordRequests(t, ctx)
	open(t, ctx, "#verify-true")
	root, err := repoRoot()
	must(t, err)
	for _, tt := range []struct {
		file, first, from, marked, reason string
		// client is the lens the story opens through: the error's client.
		client string
	}{
		{"requests2-hostname-traceback.txt", "hostname-mismatch", "Python requests (urllib3 2)", "Hostname mismatch, certificate is not valid for 'api.payments.acme-corp.io'", "hostname_mismatch", "requests"},
		{"curl-v-unknown-issuer.txt", "internal-ca-default-bundle", "curl", "curl: (60) SSL certificate problem: unable to get local issuer certificate", "unknown_authority", "curl"},
		{"node-first-certificate.txt", "missing-intermediate", "Node.js https", "unable to verify the first certificate", "missing_intermediate", "node"},
		// Go connects where Node refuses: the story opens through Node,
		// with Node's reason.
		{"node-issuer-certificate.txt", "custom-ca-bundle-intermediate", "Node.js https", "unable to get issuer certificate", "partial_chain", "node"},
		// pip's output opens through pip's own lens.
		{"pip-private-ca.txt", "internal-ca-default-bundle", "pip", "certificate verify failed: unable to get local issuer certificate", "unknown_authority", "pip"},
		// Back to requests from Node's lens.
		{"requests2-hostname-traceback.txt", "hostname-mismatch", "Python requests (urllib3 2)", "Hostname mismatch, certificate is not valid for 'api.payments.acme-corp.io'", "hostname_mismatch", "requests"},
	} {
		link := "#" + tt.first
		if tt.client != "requests" {
			link += "?client=" + tt.client
		}
		b, err := os.ReadFile(filepath.Join(root, "explain", "testdata", "match", tt.file))
		must(t, err)
		st := paste(t, ctx, string(b))
		if st.State != "done" || len(st.Rows) == 0 {
			t.Fatalf("%s: the box says %+v", tt.file, st)
		}
		first := st.Rows[0]
		if first.ID != tt.first || first.Href != link || !strings.Contains(first.From, tt.from) {
			t.Errorf("%s: first %s (%s, %s), want %s from %s (%s)", tt.file, first.ID, first.Href, first.From, tt.first, tt.from, link)
		}
		// The note, a status a screen reader reads, says what the list holds.
		if !strings.HasPrefix(st.Note, "It matches ") || !strings.Contains(st.Note, ", from "+tt.from) {
			t.Errorf("%s: the box's note says %q of its list", tt.file, st.Note)
		}
		if !strings.Contains(strings.Join(first.Marked, "\n"), tt.marked) {
			t.Errorf("%s: marked %q, not %q", tt.file, first.Marked, tt.marked)
		}
		for _, r := range st.Rows {
			if len(r.Other) > 0 {
				t.Errorf("%s: %s's lines hold %v besides text and marks", tt.file, r.ID, r.Other)
			}
		}
		run := readVerdict(t, ctx).Run
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#paste-list > li:first-child a`))))
		waitRun(t, ctx, run)
		waitReason(t, ctx, tt.reason)
		hash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
		must(t, err)
		if hash != link {
			t.Errorf("%s: the link is %q, want %s", tt.file, hash, link)
		}
		if v := readVerdict(t, ctx); v.Reason != tt.reason || readLens(t, ctx).Client != tt.client {
			t.Errorf("%s: the story opens through %s (%s), want %s", tt.file, readLens(t, ctx).Client, v.Reason, tt.client)
		}
	}

	st := paste(t, ctx, "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\nKeyError: 'token'")
	if st.State != "none" || len(st.Rows) != 0 || !strings.HasPrefix(st.Note, "No story matches") || !strings.Contains(st.Note, "chain") {
		t.Errorf("text that is no story's error: %+v", st)
	}
	// Markup pasted is text: no element made of it, no script run.
	st = paste(t, ctx, `<img src=x onerror="window.pwned=1"><b>Error: certificate has expired</b>`+"\n  code: 'CERT_HAS_EXPIRED'")
	pwned, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.pwned === 1 || document.querySelector("#paste img, #paste b") !== null`))
	must(t, err)
	if pwned || len(st.Rows) == 0 || st.Rows[0].ID != "expired" {
		t.Errorf("markup pasted: ran or became elements (%v), or the box says %+v", pwned, st)
	}
	st = paste(t, ctx, "")
	if st.State != "idle" || len(st.Rows) != 0 || st.Note != "" {
		t.Errorf("an emptied box: %+v", st)
	}

	// Nothing pasted leaves the page: the page and the browser asked for the
	// site's own files only, and no URL holds a word of what was pasted.
	for _, u := range append(pageLog.list(), proxy.list()...) {
		// data: URLs are the browser's own (a date field's icon), fetched from nowhere.
		if !strings.HasPrefix(u, siteURL) && !strings.HasPrefix(u, "data:") {
			t.Errorf("the browser asked for %s, which is not one of the site's files", u)
		}
		for _, w := range []string{"acme-corp", "intranet", "shop.example", "pwned", "KeyError"} {
			if strings.Contains(u, w) {
				t.Errorf("%s carries what was pasted", u)
			}
		}
	}
}

// TestPasteUnprovenClient pastes Java's error, a client tlsplay does not
// run: the box lists the unknown issuer's stories, from Java, saying that
// tlsplay shows the fault in other clients' words, and the link opens the
// story through the client already picked.
func TestPasteUnprovenClient(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	st := paste(t, ctx, "javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target")
	if st.State != "done" || len(st.Rows) == 0 {
		t.Fatalf("the box says %+v", st)
	}
	first := st.Rows[0]
	if first.ID != "internal-ca-default-bundle" || first.Href != "#internal-ca-default-bundle" || !strings.Contains(first.From, "Java") ||
		!slices.Contains(first.Marked, "unable to find valid certification path to requested target") {
		t.Errorf("first row %+v", first)
	}
	headline, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#paste-list > li:first-child .paste-headline").textContent`))
	must(t, err)
	if !strings.Contains(headline, "tlsplay does not run Java") {
		t.Errorf("the row says %q", headline)
	}
}

// TestPasteSpeed: once the engine knows the stories (the first paste plays
// them all), a paste is answered within a few tens of milliseconds. The
// figures are logged; the bound asserted is loose, for a busy machine.
func TestPasteSpeed(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "")
	root, err := repoRoot()
	must(t, err)
	b, err := os.ReadFile(filepath.Join(root, "explain", "testdata", "match", "requests2-hostname-traceback.txt"))
	must(t, err)
	type timing struct {
		First float64   `json:"first"`
		Next  []float64 `json:"next"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[timing](fmt.Sprintf(`(async () => {
		const text = %s;
		let t0 = performance.now();
		await tlsplay.match(text);
		const first = performance.now() - t0, next = [];
		for (let i = 0; i < 9; i++) {
			t0 = performance.now();
			const m = JSON.parse(await tlsplay.match(text + "\n# " + i));
			if (m.matches[0].id !== "hostname-mismatch") throw new Error("first: " + m.matches[0].id);
			next.push(performance.now() - t0);
		}
		return {first, next};
	})()`, jsString(string(b))), chromedp.EvalAwaitPromise))
	must(t, err)
	next := append([]float64(nil), got.Next...)
	slices.Sort(next)
	t.Logf("matching a %d-byte traceback in the page: the first paste %.0f ms (the engine plays every story), then median %.1f ms, worst %.1f ms",
		len(b), got.First, next[len(next)/2], next[len(next)-1])
	if next[len(next)/2] > 250 {
		t.Errorf("a paste takes %.0f ms once the stories are known", next[len(next)/2])
	}
}

// What is no story's error, pasted in the error box, is said for what it is:
// a certificate is for the chain box; an error no story plays is explained;
// a private key is taken out of the box at once, said, and the rest matched.
func TestPasteNoError(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	c := exportedChain(t, "expired")
	st := paste(t, ctx, c.chain)
	if st.State != "none" || !strings.HasPrefix(st.Note, "This is a certificate, not an error") || !strings.Contains(st.Note, "Paste a chain") {
		t.Errorf("a chain pasted: %+v", st)
	}
	// An error no story plays is said for what it is, not sent to the chain box.
	st = paste(t, ctx, "requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=8080): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)')))")
	if st.State != "none" || !strings.HasPrefix(st.Note, "This is not a certificate error: what answered did not speak TLS") {
		t.Errorf("wrong version number: %+v", st)
	}
	key := "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBSecretSecretSecret\n-----END EC PRIVATE KEY-----\n"
	st = paste(t, ctx, key)
	box, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("paste-text").value`))
	must(t, err)
	if strings.Contains(box, "PRIVATE") || st.State != "none" || !strings.HasPrefix(st.Note, "A private key was pasted: it was taken out of the box") {
		t.Errorf("a key pasted: the box holds %q and says %+v", box, st)
	}
	st = paste(t, ctx, "curl: (60) SSL certificate problem: certificate has expired\n"+key)
	box, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("paste-text").value`))
	must(t, err)
	if strings.Contains(box, "PRIVATE") || st.State != "done" || len(st.Rows) == 0 || st.Rows[0].ID != "expired" || !strings.HasPrefix(st.Note, "A private key was pasted") {
		t.Errorf("an error and a key pasted: the box holds %q and says %+v", box, st)
	}
	// The same box, another error without a key: no word of one.
	st = paste(t, ctx, "curl: (60) SSL certificate problem: certificate has expired")
	if strings.Contains(st.Note, "private key") || !strings.HasPrefix(st.Note, "It matches ") || len(st.Rows) == 0 {
		t.Errorf("an error pasted after the key: %+v", st)
	}
}

// TestPasteOwnWords pastes urllib3 2's hostname error: its story is listed
// in words urllib3 2 prints (the headline), not in its title's (urllib3
// 1.26's "hostname '…' doesn't match"), and said once in its row; and a
// connection refused is said for what it is, not sent to paste a chain.
func TestPasteOwnWords(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	st := paste(t, ctx, `requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=9445): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'localhost'. (_ssl.c:1006)")))`)
	if st.State != "done" || len(st.Rows) == 0 || st.Rows[0].ID != "hostname-mismatch" || strings.Contains(st.Rows[0].Title, "doesn't match") ||
		strings.Contains(st.Note, "doesn't match") || !strings.Contains(st.Note, st.Rows[0].Title) {
		t.Fatalf("the box says %+v", st)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#paste-list > li:first-child .paste-headline").length`))
	must(t, err)
	if n != 0 {
		t.Errorf("the first row says its headline again (%d)", n)
	}
	st = paste(t, ctx, `Get "https://localhost:9459/": dial tcp 127.0.0.1:9459: connect: connection refused`)
	if len(st.Rows) != 0 || !strings.Contains(st.Note, "nothing listens on that host and port") {
		t.Errorf("connection refused: the box says %+v", st)
	}
}
