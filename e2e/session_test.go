package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// During a session of clicks, edits, playback and downloads the browser asks
// for nothing but the site's own files, all under the sub-path; the downloads
// are the scenario's files and its capture. The page's network events show
// what the page asks for; a proxy that every request of the browser context
// goes through, the engine's worker included, shows the rest.
func TestSession(t *testing.T) {
	ctx, proxy := watchedPage(t)
	pageLog := recordRequests(t, ctx)
	downloads := allowDownloads(t, ctx)
	servedBefore := len(served.list())

	open(t, ctx, "")
	run := readVerdict(t, ctx).Run
	for _, id := range []string{"verify-true", "sha1-signature", "mtls-no-cert", "custom-ca-bundle", "mtls-ok"} {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.preset[data-preset=%q]`, id)))))
		run = waitRun(t, ctx, run)
	}
	typeInto(t, ctx, "client.dial", "www.bank.example")
	waitReason(t, ctx, "ok")
	// The verdict comes first; the handshake clicked below once the typing
	// has paused.
	waitRun(t, ctx, run)
	for _, id := range []string{"play", "back", "back", "fwd", "restart", "play"} {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID(id))))
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#diagram button.msg`)),
		chromedp.Click(chromedp.CSS(`#diagram .record-link`)),
		chromedp.Click(chromedp.ID("dl-zip")),
		chromedp.Click(chromedp.ID("dl-pcap")),
		chromedp.Click(chromedp.ID("share"))))

	zipName, pcapName := "tlsplay-mtls-ok.zip", "tlsplay-mtls-ok.pcapng"
	zipData := waitFile(t, filepath.Join(downloads, zipName))
	pcapData := waitFile(t, filepath.Join(downloads, pcapName))
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	must(t, err)
	var names []string
	for _, f := range zr.File {
		names = append(names, strings.TrimPrefix(f.Name, "tlsplay-mtls-ok/"))
	}
	for _, want := range []string{"ca.pem", "server-chain.pem", "client.crt", "client.key", "scenario.json", "README.txt",
		"run-server.sh", "client.py", "client.js", "curl.sh", "s_client.sh"} {
		if !slices.Contains(names, want) {
			t.Errorf("the zip holds %v, not %s", names, want)
		}
	}
	// The kit is crafted around today, so real clients on a real machine see the
	// story, not certificates that expired with the story's clock.
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/scenario.json") && !strings.Contains(f.Name, "/fixed/") {
			rc, err := f.Open()
			must(t, err)
			var kit struct{ Now time.Time }
			must(t, json.NewDecoder(rc).Decode(&kit))
			rc.Close()
			if d := time.Since(kit.Now); d < -time.Minute || d > time.Hour {
				t.Errorf("the kit's clock is %s, not today", kit.Now)
			}
		}
	}
	if !bytes.HasPrefix(pcapData, []byte{0x0a, 0x0d, 0x0d, 0x0a}) {
		t.Errorf("the capture starts % x, not a pcapng section header", pcapData[:min(8, len(pcapData))])
	}

	requested := pageLog.list()
	origin := strings.TrimSuffix(siteURL, base)
	if len(requested) < 5 {
		t.Errorf("only %d requests seen: %v", len(requested), requested)
	}
	for _, u := range requested {
		switch {
		case strings.HasPrefix(u, siteURL):
		case strings.HasPrefix(u, "blob:"+origin+"/"), strings.HasPrefix(u, "data:"):
			// The downloads: made in the page, fetched from nowhere.
		default:
			t.Errorf("the page asked for %s, which is not one of its own files", u)
		}
	}
	for _, p := range served.list()[servedBefore:] {
		if !strings.HasPrefix(p, base) {
			t.Errorf("the server was asked for %s, outside %s", p, base)
		}
	}
	if seen := proxy.list(); !slices.Contains(seen, siteURL+"worker.js") || len(seen) < 5 {
		t.Errorf("the proxy saw too little to trust it: %v", seen)
	}
	onlySiteFiles(t, proxy)
}

// watchedPage opens a page in a browser context whose every request, loopback
// and the engine's worker included, goes through a proxy that logs it.
func watchedPage(t *testing.T) (context.Context, *requestLog) {
	t.Helper()
	proxy := &requestLog{}
	via := httptest.NewServer(forwardProxy(proxy))
	t.Cleanup(via.Close)
	ctx := newPage(t, func(p *target.CreateBrowserContextParams) {
		p.ProxyServer = via.URL
		p.ProxyBypassList = "<-loopback>" // loopback too goes through it
	})
	return ctx, proxy
}

// onlySiteFiles fails t for each request a watchedPage's proxy saw that is not
// for one of the site's files.
func onlySiteFiles(t *testing.T, proxy *requestLog) {
	t.Helper()
	for _, u := range proxy.list() {
		if !strings.HasPrefix(u, siteURL) {
			t.Errorf("the browser asked for %s, which is not one of the site's files", u)
		}
	}
}

// forwardProxy is an HTTP proxy that records the URL of every request and
// forwards it; it refuses tunnels (CONNECT), which the site never needs.
func forwardProxy(log *requestLog) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r.URL.String())
		if r.Method == http.MethodConnect || !r.URL.IsAbs() {
			http.Error(w, "not proxied", http.StatusForbidden)
			return
		}
		out := r.Clone(r.Context())
		out.RequestURI = ""
		resp, err := http.DefaultTransport.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	})
}

// allowDownloads lets the page's downloads land in a folder of their own,
// which it returns.
func allowDownloads(t *testing.T, ctx context.Context) string {
	t.Helper()
	downloads := t.TempDir()
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
	must(t, err)
	return downloads
}

// waitFile waits for a download to land.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	t.Fatalf("%s never arrived; the folder has %v", filepath.Base(path), entries)
	return nil
}

// waitDownload waits for a download to land, and fails at once should the
// page say instead that it could not be made (or anything else).
func waitDownload(t *testing.T, ctx context.Context, path string) []byte {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
		if notice := noticeText(t, ctx); notice != "" {
			t.Fatalf("waiting for %s, the page says %q", filepath.Base(path), notice)
		}
	}
	t.Fatalf("%s never arrived", filepath.Base(path))
	return nil
}

// noticeText is what the notice above the page says, "" when hidden.
func noticeText(t *testing.T, ctx context.Context) string {
	t.Helper()
	notice, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(n => n.hidden ? "" : n.textContent)(document.getElementById("notice"))`))
	must(t, err)
	return notice
}

// The player steps through the beats of a story opened from the list, and a
// person who prefers reduced motion sees the whole handshake at once.
func TestPlayer(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#hostname-mismatch")
	type stage struct {
		Shown   int    `json:"shown"`
		Beats   int    `json:"beats"`
		Playing string `json:"playing"`
		Current string `json:"current"`
	}
	read := func() stage {
		st, err := chromedp.Run(ctx, chromedp.Evaluate[stage](`(() => {
			const beats = [...document.querySelectorAll("#diagram > li")];
			const cur = document.querySelector("#diagram > li.current");
			return {shown: beats.filter(b => !b.classList.contains("future")).length, beats: beats.length,
				playing: document.getElementById("play").getAttribute("aria-pressed"), current: cur ? cur.className : ""};
		})()`))
		must(t, err)
		return st
	}
	click := func(id string) { must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID(id)))) }

	// A link's story is on screen whole, as it was painted before the
	// engine came; a story opened from the list plays.
	if st := read(); st.Playing != "false" || st.Shown != st.Beats || st.Beats == 0 {
		t.Fatalf("the link's story: %+v, want the whole handshake, still", st)
	}
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="expired"]`))))
	waitRun(t, ctx, run)
	click("play") // pause the story that started playing
	st := read()
	if st.Playing != "false" || st.Shown >= st.Beats {
		t.Fatalf("after pause: %+v", st)
	}
	click("restart")
	click("play")
	if st = read(); st.Shown > 1 || st.Playing != "false" {
		t.Fatalf("after restart and pause: %+v", st)
	}
	// Step to the failing check: it is highlighted when it happens.
	for i := 0; i < st.Beats && !strings.Contains(read().Current, "decisive"); i++ {
		click("fwd")
	}
	if st = read(); !strings.Contains(st.Current, "decisive") || !strings.Contains(st.Current, "failed") {
		t.Errorf("stepping never reached the failing check: %+v", st)
	}
	shown := st.Shown
	click("back")
	if st = read(); st.Shown != shown-1 {
		t.Errorf("back: %d beats shown, want %d", st.Shown, shown-1)
	}
	// The same from the keyboard, with the focus on the handshake.
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#diagram button`)), chromedp.KeyEvent(kb.ArrowRight)))
	if st = read(); st.Shown != shown {
		t.Errorf("the right arrow: %d beats shown, want %d", st.Shown, shown)
	}
	click("play")
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#diagram > li.future").length === 0`,
		chromedp.WithPollingTimeout(30*time.Second)))
	must(t, err)
	if st = read(); st.Playing != "false" {
		t.Errorf("at the end the player still plays: %+v", st)
	}

	reduced := newPage(t)
	emulateReducedMotion(t, reduced)
	open(t, reduced, "#hostname-mismatch")
	n, err := chromedp.Run(reduced, chromedp.Evaluate[int](`document.querySelectorAll("#diagram > li.future, #diagram > li.current").length`))
	must(t, err)
	if n != 0 {
		t.Errorf("with reduced motion %d beats are hidden or animating", n)
	}
}

// A download asked for the moment an edit's verdict shows, while its handshake
// waits to be drawn (an edit's steps are read once the person pauses), holds
// that edit's scenario, not the one of the handshake still on screen.
func TestDownloadOfTheVerdictOnScreen(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#mtls-ok")
	for _, dial := range []string{"first-edit.example", "second-edit.example", "third-edit.example", "fourth-edit.example"} {
		downloads := allowDownloads(t, ctx)
		// The edit, then the click as soon as its verdict is drawn, in the
		// task that drew it: the handshake is drawn at least a pause later.
		lagged, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(async () => {
			const verdict = document.getElementById("verdict"), diagram = document.getElementById("diagram");
			const run = verdict.dataset.run;
			const drawn = new Promise(r => {
				const seen = new MutationObserver(() => {
					if (verdict.dataset.run !== run) { seen.disconnect(); r(); }
				});
				seen.observe(verdict, {attributes: true, attributeFilter: ["data-run"]});
			});
			const input = document.querySelector('[data-path="client.dial"]');
			input.value = %s;
			input.dispatchEvent(new Event("input", {bubbles: true}));
			await drawn;
			const lagged = diagram.dataset.run !== verdict.dataset.run;
			document.getElementById("dl-zip").click();
			return lagged;
		})()`, jsString(dial)), chromedp.EvalAwaitPromise))
		must(t, err)
		data := waitFile(t, filepath.Join(downloads, "tlsplay-mtls-ok.zip"))
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		must(t, err)
		var scenarioJSON []byte
		for _, f := range zr.File {
			if strings.HasSuffix(f.Name, "/scenario.json") && !strings.Contains(f.Name, "/fixed/") {
				rc, err := f.Open()
				must(t, err)
				scenarioJSON, err = io.ReadAll(rc)
				must(t, err)
				rc.Close()
			}
		}
		if !bytes.Contains(scenarioJSON, []byte(`"`+dial+`"`)) {
			t.Fatalf("the zip asked for as the verdict of the courier dialling %s showed (its handshake drawn: %v) holds another scenario:\n%s", dial, !lagged, scenarioJSON)
		}
		if lagged {
			return // asked for before the handshake was drawn, and right
		}
	}
	t.Fatal("every download was asked for after its handshake was drawn: the test did not see the case it is for")
}
