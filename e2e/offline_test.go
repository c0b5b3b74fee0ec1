package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/internal/static"
)

// switchable serves a built site under base as tlsplay serve does, and can
// switch to another build at once (a deploy) or cut the network (every
// connection closed unanswered, as a browser offline sees it).
type switchable struct {
	mu    sync.Mutex
	site  http.Handler
	down  bool
	asked int // requests that came while down
}

func (s *switchable) serve(t *testing.T, dir string) {
	t.Helper()
	h, err := static.Handler(dir, 600)
	must(t, err)
	s.mu.Lock()
	s.site, s.down = http.StripPrefix(strings.TrimSuffix(base, "/"), h), false
	s.mu.Unlock()
}

func (s *switchable) cut() { s.mu.Lock(); s.down = true; s.mu.Unlock() }

func (s *switchable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	site, down := s.site, s.down
	if down {
		s.asked++
	}
	s.mu.Unlock()
	if down {
		if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
			c.Close()
		}
		return
	}
	site.ServeHTTP(w, r)
}

// firstVisit serves the site built for the tests and visits it until its
// service worker has cached it.
func firstVisit(t *testing.T) (*switchable, *httptest.Server, context.Context) {
	t.Helper()
	sw, srv, ctx := visitServed(t)
	waitOffline(t, ctx)
	return sw, srv, ctx
}

// visitServed serves the site built for the tests and visits it until the
// page has drawn its first answer.
func visitServed(t *testing.T) (*switchable, *httptest.Server, context.Context) {
	t.Helper()
	sw := &switchable{}
	sw.serve(t, siteDir)
	srv := httptest.NewServer(sw)
	t.Cleanup(srv.Close)
	ctx := newPage(t)
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+base+"#verify-true")))
	waitLoaded(t, ctx)
	return sw, srv, ctx
}

// waitOffline waits until the page's service worker is active: this build's
// files are all cached.
func waitOffline(t testing.TB, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then((r) => new Promise((resolve) => {
		const w = r.active;
		if (w.state === "activated") return resolve(true);
		w.addEventListener("statechange", () => w.state === "activated" && resolve(true));
	}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("waiting for the service worker: %v", err)
	}
}

// revisit leaves the page and comes back by url (a link to another story of
// the page would only change its fragment).
func revisit(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Navigate("about:blank")))
	must(t, chromedp.Do(ctx, chromedp.Navigate(url)))
}

// A second visit works with the network cut: the story of the link, and an
// edit played by the engine.
func TestOffline(t *testing.T) {
	sw, srv, ctx := firstVisit(t)

	sw.cut()
	revisit(t, ctx, srv.URL+base+"#hostname-mismatch")
	waitLoaded(t, ctx)
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("title")))
	must(t, err)
	if v := readVerdict(t, ctx); v.GoReason != "hostname_mismatch" || title != "hostname 'bankofamerica.com' doesn't match" {
		t.Errorf("offline, the link's story shows %q with Go's reason %s", title, v.GoReason)
	}
	// The name the certificate is made out to: the engine plays it offline.
	typeInto(t, ctx, "client.dial", "www.bankofamerica.com")
	waitReason(t, ctx, "ok")

	// The data files the engine fetches when it needs them are cached too: a
	// story of RSA keys takes them from the pool (made on the spot, one
	// RSA-4096 key would take seconds), and a chain is verified against
	// Mozilla's roots.
	run := readVerdict(t, ctx).Run
	start := time.Now()
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="rsa-4096-chain"]`))))
	waitRun(t, ctx, run)
	if v := readVerdict(t, ctx); v.GoOK != "true" || time.Since(start) > 20*time.Second {
		t.Errorf("offline, rsa-4096-chain: Go's verdict ok=%s (%s), after %s", v.GoOK, v.GoReason, time.Since(start))
	}
	c := exportedChain(t, "expired")
	trust, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Reason  string `json:"reason"`
		Mozilla bool   `json:"mozilla"`
		Roots   int    `json:"roots"`
	}](fmt.Sprintf(`tlsplay.inspect({chain: %s, name: %s, time: %s}).then((r) => ({reason: r.reason, mozilla: r.trust.mozilla, roots: r.trust.certificates}))`,
		jsString(c.chain), jsString(c.name), jsString(c.time)), chromedp.EvalAwaitPromise))
	must(t, err)
	if trust.Reason != c.reason || !trust.Mozilla || trust.Roots < 100 {
		t.Errorf("offline, a story's chain against Mozilla's roots: %+v", trust)
	}
	if sw.asked == 0 {
		t.Errorf("the page never tried the network while it was cut: was it cut?")
	}
}

// The service worker is registered only once the page, its first verdict on
// screen, is left alone for a moment (boot.js's quietFor, 2 s): its install
// fetches and hashes every file of the build, which would fall on a person's
// first edits. Edits every quarter of a second for 3 s hold it back; it comes
// 2 s after the last.
func TestOfflineWaitsForQuiet(t *testing.T) {
	_, _, ctx := visitServed(t)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		During bool    `json:"during"`
		After  float64 `json:"after"`
	}](`(async () => {
		const input = document.querySelector('[data-path="certs[2].not_after"]');
		const registered = async () => !!(await navigator.serviceWorker.getRegistration());
		let during = false, last = 0;
		for (let i = 0; i < 12; i++) {
			input.value = String(61 + i);
			last = performance.now();
			input.dispatchEvent(new Event("input", {bubbles: true}));
			await new Promise((r) => setTimeout(r, 250));
			during = during || await registered();
		}
		while (!(await registered())) {
			if (performance.now() - last > 15000) return {during, after: -1};
			await new Promise((r) => setTimeout(r, 50));
		}
		return {during, after: performance.now() - last};
	})()`, chromedp.EvalAwaitPromise))
	must(t, err)
	if got.During {
		t.Error("the service worker was registered while the person edited")
	}
	if got.After < 2000 || got.After > 15000 {
		t.Errorf("the service worker was registered %.0f ms after the last edit (-1: not in 15 s), want 2 s after", got.After)
	}
	waitOffline(t, ctx)
}

// A new deploy replaces the old build on the next visit: the visit that finds
// it is answered from the old build at once, whole, while the new one is
// cached, and the visit after that gets every file from the new build: build
// B is build A with every file marked
// (a WebAssembly custom section in the wasm), and each file the page and its
// engine's worker load during the visit after the switch is B's, byte for
// byte.
func TestNewBuild(t *testing.T) {
	root, err := repoRoot()
	must(t, err)
	dirB := filepath.Join(t.TempDir(), "b")
	must(t, os.CopyFS(dirB, os.DirFS(siteDir)))
	must(t, markBuild(dirB, "B"))
	must(t, writeServiceWorker(root, dirB))
	buildA, err := static.ReadBuild(siteDir)
	must(t, err)
	buildB, err := static.ReadBuild(dirB)
	must(t, err)
	for name, sum := range buildB.Files {
		if buildA.Files[name] == sum {
			t.Fatalf("%s is the same in both builds", name)
		}
	}

	sw, srv, ctx := firstVisit(t)
	// The engine's worker fetches the WebAssembly, out of the page's network
	// events: the page tells its build by the module it is handed.
	_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
		const instantiate = WebAssembly.instantiate;
		WebAssembly.instantiate = function (m, ...rest) {
			if (m instanceof WebAssembly.Module) {
				const s = WebAssembly.Module.customSections(m, "tlsplay-build");
				globalThis.__wasmBuild = s.length ? new TextDecoder().decode(s[0]) : "unmarked";
			}
			return instantiate.call(this, m, ...rest);
		};
	})()`})
	must(t, err)

	// A deploy under way: B's sw.js and files, but A's WebAssembly still. The
	// visit gets A, every file of it; B is not cached while a file is not B's.
	torn := filepath.Join(t.TempDir(), "torn")
	must(t, os.CopyFS(torn, os.DirFS(dirB)))
	must(t, copyFile(filepath.Join(siteDir, "tlsplay.wasm"), filepath.Join(torn, "tlsplay.wasm")))
	sw.serve(t, torn)
	bodies := recordBodies(t, ctx)
	revisit(t, ctx, srv.URL+base+"#verify-true")
	waitLoaded(t, ctx)
	checkBuild(t, ctx, bodies.list(t, ctx, srv.URL+base), buildA, "unmarked", "A, while a deploy is under way")

	sw.serve(t, dirB)
	// The visit that finds B deployed is answered at once from A, whole, never
	// waiting on the network; B is cached meanwhile, and the next visit gets it.
	bodies = recordBodies(t, ctx)
	revisit(t, ctx, srv.URL+base+"#verify-true")
	waitLoaded(t, ctx)
	checkBuild(t, ctx, bodies.list(t, ctx, srv.URL+base), buildA, "unmarked", "A, on the visit that finds B deployed")
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`caches.open("tlsplay-meta").then((c) => c.match(new URL("tlsplay-meta/current", location.href).href)).then((r) => r ? r.text() : "").then((v) => v === %q)`, buildB.Version),
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("build B was never cached as the current build: %v", err)
	}
	// The page open tells B's service worker to take over (boot.js), so that
	// it is in charge before the next visit starts, not in its middle.
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`navigator.serviceWorker.getRegistration().then((r) => !!r && !r.installing && !r.waiting && r.active && r.active.state === "activated")`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.serviceWorker.getRegistration().then((r) => r ? ["installing", "waiting", "active"].map((k) => k + ":" + (r[k] ? r[k].state : "none")).join(" ") + " controller:" + !!navigator.serviceWorker.controller + " verdict:" + performance.getEntriesByName("tlsplay:first-verdict").length : "no registration")`, chromedp.EvalAwaitPromise))
		t.Fatalf("build B's service worker never took over (%s): %v", state, err)
	}
	bodies = recordBodies(t, ctx)
	switched, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`Date.now()`))
	must(t, err)
	revisit(t, ctx, srv.URL+base+"#expired")
	waitLoaded(t, ctx)
	if v := readVerdict(t, ctx); v.GoReason != "expired" {
		t.Errorf("after the deploy the page shows Go's reason %s, not expired", v.GoReason)
	}
	checkBuild(t, ctx, bodies.list(t, ctx, srv.URL+base), buildB, "B", "B")
	// The engine's worker loads its files out of the page's sight: the service
	// worker gives it the build of the page that started it. Each page and
	// worker that started since the switch runs build B.
	// The service worker writes each record as the client's first request
	// comes (event.waitUntil): the worker's may land a moment after the page
	// is loaded, so the records are read again until both are there.
	var runs []string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		runs, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`caches.open("tlsplay-meta").then(async (c) => {
		const out = [];
		for (const r of await c.keys()) {
			if (!r.url.includes("/tlsplay-meta/client/")) continue;
			const rec = await (await c.match(r)).json();
			if (rec.at >= %f) out.push(rec.version);
		}
		return out;
	})`, switched), chromedp.EvalAwaitPromise))
		must(t, err)
		if len(runs) >= 2 || time.Now().After(deadline) {
			break
		}
	}
	if len(runs) < 2 || slices.ContainsFunc(runs, func(v string) bool { return v != buildB.Version }) {
		t.Errorf("the clients started since the switch run builds %v, want the page and its worker on %s", runs, buildB.Version)
	}
}

// checkBuild fails t unless every file the page loaded is one of build's, from
// the service worker's cache, and the page's own files are among them, and
// the WebAssembly it runs, which its engine's worker fetched, bears the
// build's mark (markBuild; "unmarked": none).
func checkBuild(t *testing.T, ctx context.Context, files []loaded, build static.Build, mark, which string) {
	t.Helper()
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`globalThis.__wasmBuild || "never instantiated"`)); err != nil || got != mark {
		t.Errorf("the page runs the WebAssembly of build %q (%v), want %q: build %s", got, err, mark, which)
	}
	seen := map[string]bool{}
	for _, b := range files {
		want, ok := build.Files[b.name]
		if !ok && b.status == http.StatusNotFound {
			continue // config.json, which this site has none of
		}
		if !ok && strings.HasPrefix(b.name, flow.DaysFolder+"/") {
			continue // today's certificates, which no build caches (static.ReadBuild)
		}
		if !ok {
			t.Errorf("the page loaded %s, not a file of the build", b.name)
			continue
		}
		if b.sum != want {
			t.Errorf("%s is not the file of build %s", b.name, which)
		}
		if !b.fromWorker {
			t.Errorf("%s came from the network, not the service worker's cache", b.name)
		}
		seen[b.name] = true
	}
	for _, name := range []string{"index.html", "boot.js", "wasm_exec.js", "style.css"} {
		if !seen[name] {
			t.Errorf("%s was not seen loading (seen: %v)", name, seen)
		}
	}
}

// markBuild makes every file of the site in dir another build's, each still
// what it was to a browser: a comment at the end of text files, a custom
// section at the end of the WebAssembly.
func markBuild(dir, mark string) error {
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == static.ServiceWorkerName {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch path.Ext(p) {
		case ".js":
			data = append(data, "\n// build "+mark+"\n"...)
		case ".css":
			data = append(data, "\n/* build "+mark+" */\n"...)
		case ".html", ".svg":
			data = append(data, "\n<!-- build "+mark+" -->\n"...)
		case ".wasm":
			name := "tlsplay-build"
			section := binary.AppendUvarint(nil, uint64(len(name)))
			section = append(append(section, name...), mark...)
			data = append(append(append(data, 0), binary.AppendUvarint(nil, uint64(len(section)))...), section...)
		default:
			data = append(data, "\nbuild "+mark+"\n"...)
		}
		return os.WriteFile(p, data, 0o644)
	})
}

// bodyLog is the responses the page's network events report.
type bodyLog struct {
	mu    sync.Mutex
	resps []*network.EventResponseReceived
}

// loaded is one file a page loaded: its name in the site, the SHA-256 of its
// body, and whether the service worker answered.
type loaded struct {
	name, sum  string
	fromWorker bool
	status     int
}

func recordBodies(t *testing.T, ctx context.Context) *bodyLog {
	t.Helper()
	// Room for the WebAssembly's body.
	resource, total := int64(64<<20), int64(256<<20)
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{MaxResourceBufferSize: &resource, MaxTotalBufferSize: &total})
	must(t, err)
	l := &bodyLog{}
	must(t, chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventResponseReceived); ok {
			l.mu.Lock()
			l.resps = append(l.resps, r)
			l.mu.Unlock()
		}
	}))
	return l
}

// list is every file under site the page loaded, read back from the browser.
func (l *bodyLog) list(t *testing.T, ctx context.Context, site string) []loaded {
	t.Helper()
	// Let the last responses finish loading.
	time.Sleep(500 * time.Millisecond)
	l.mu.Lock()
	resps := slices.Clone(l.resps)
	l.mu.Unlock()
	var out []loaded
	for _, r := range resps {
		name, ok := strings.CutPrefix(r.Response.URL, site)
		if !ok {
			continue
		}
		name, _, _ = strings.Cut(name, "?")
		if name == "" {
			name = "index.html"
		}
		if r.Response.Status == http.StatusNotFound {
			out = append(out, loaded{name: name, status: http.StatusNotFound})
			continue
		}
		body, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: r.RequestID})
		if err != nil {
			t.Errorf("%s: reading its body: %v", name, err)
			continue
		}
		sum := sha256.Sum256(body.Body)
		out = append(out, loaded{name: name, sum: hex.EncodeToString(sum[:]), fromWorker: r.Response.FromServiceWorker, status: int(r.Response.Status)})
	}
	return out
}
