package e2e

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/internal/static"
	"github.com/tlsplay/tlsplay/internal/wasmfile"
	"github.com/tlsplay/tlsplay/ui"
)

// base is the sub-path the site is served under, as GitHub Pages serves a
// project under /<repo>/.
const base = "/tlsplay/"

var (
	// chrome is the one Chromium every test shares; each test opens its own
	// browser context (fresh storage, fresh history) in it.
	chrome context.Context
	// siteURL is the page, served under base.
	siteURL string
	// siteDir is the built site.
	siteDir string
	// skipWhy is set when the browser tests cannot run here.
	skipWhy string

	served = &requestLog{}
)

// requestLog is every path the test server was asked for.
type requestLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *requestLog) add(p string) { l.mu.Lock(); l.paths = append(l.paths, p); l.mu.Unlock() }

// list is what was logged so far.
func (l *requestLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.paths)
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	chromium, err := exec.LookPath(envOr("CHROMIUM", "/usr/bin/chromium"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "e2e: chromium is missing (apt-get install -y chromium); CI=true makes that a failure")
			return 1
		}
		skipWhy = "chromium not found (apt-get install -y chromium, or set CHROMIUM)"
		return m.Run()
	}
	tmp, err := os.MkdirTemp("", "tlsplay-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(tmp)

	siteDir = filepath.Join(tmp, "site")
	if err := buildSite(siteDir); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building the site:", err)
		return 1
	}
	srv := httptest.NewServer(siteHandler(served, ""))
	defer srv.Close()
	siteURL = srv.URL + base

	chromiumPath = chromium
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromeOptions(filepath.Join(tmp, "profile"))...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: starting chromium:", err)
		return 1
	}
	chrome = ctx
	return m.Run()
}

// chromiumPath is the Chromium the tests run.
var chromiumPath string

// chromeOptions start Chromium headless with its profile in profile, kept from
// reaching the network on its own.
func chromeOptions(profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints,AutofillServerCommunication"),
	}
}

// siteHandler serves the built site under base, as GitHub Pages would, with
// config.json holding config ("": no such file, as in the repository) and the
// index.html a build with that config.json writes (one the build refuses is
// served with the index.html of none, as a site deployed by hand could be),
// and logs every path asked for.
func siteHandler(log *requestLog, config string) http.Handler {
	files := http.StripPrefix(base, http.FileServer(http.Dir(siteDir)))
	var index []byte
	if config != "" {
		page, err := os.ReadFile(filepath.Join(siteDir, "index.html"))
		if err == nil {
			index, _ = ui.SiteIndex(page, []byte(config))
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r.URL.Path)
		switch {
		case index != nil && (r.URL.Path == base || r.URL.Path == base+"index.html"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(index)
		case config != "" && r.URL.Path == base+"config.json":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, config)
		case strings.HasPrefix(r.URL.Path, base):
			files.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// buildSite writes the deployable site into dir the way `make site` does: the
// static files, the app's WebAssembly and Go's loader.
func buildSite(dir string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(root, "site"))
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		// Build outputs of a local `make wasm` are rebuilt fresh below; a local
		// config.json is a deployment's, and the tests serve their own.
		if e.IsDir() || strings.HasSuffix(name, ".go") || name == "tlsplay.wasm" || name == "wasm_exec.js" || name == "config.json" || name == "index.html" {
			continue
		}
		if err := copyFile(filepath.Join(root, "site", name), filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	if err := copyFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js")); err != nil {
		return err
	}
	// index.html as `make site` writes it without config.json: the tests serve
	// their own config.json, with the index.html a build with it writes
	// (siteHandler).
	index := exec.Command("go", "run", "./internal/siteindex", "-index", "site/index.html", "-config", filepath.Join(dir, "no-config.json"), "-out", filepath.Join(dir, "index.html"))
	index.Dir = root
	if out, err := index.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, out)
	}
	// Every story's answer, for the first paint, as `make site` writes them,
	// but built as on a day years from the one the page is visited on (the
	// machine's): a story not about dates happens on the visit's day, and
	// TestBuiltEqualsLive holds what was built on one day to what the page
	// plays on another.
	answers := exec.Command("go", "run", "./internal/answers", "-index", "site/index.html", "-out", filepath.Join(dir, "answers"), "-day", builtDay)
	answers.Dir = root
	if out, err := answers.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, out)
	}
	if err := buildWasm(root, filepath.Join(dir, "tlsplay.wasm"), "./wasm/app", pageFlags); err != nil {
		return err
	}
	data := exec.Command("go", "run", "./internal/sitedata", dir)
	data.Dir = root
	if out, err := data.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, out)
	}
	return writeServiceWorker(root, dir)
}

// builtDay is the day the site's first answers are built as on.
const builtDay = "2031-03-15"

// writeServiceWorker writes the site's sw.js as make site does, once every
// other file is in place: site/sw.js told the build of the files in dir.
func writeServiceWorker(root, dir string) error {
	script, err := os.ReadFile(filepath.Join(root, "site", static.ServiceWorkerName))
	if err != nil {
		return err
	}
	_, err = static.WriteServiceWorker(dir, script)
	return err
}

// wasmFlags are the flags the Makefile's WASMFLAGS builds WebAssembly with
// (TestWasmFlags holds the two to the same): no inlining but in
// crypto/internal/..., math/... and runtime, for a smaller binary.
var wasmFlags = []string{"-trimpath", "-ldflags=-s -w",
	"-gcflags=all=-l", "-gcflags=crypto/internal/...=", "-gcflags=math/...=", "-gcflags=runtime="}

// pageFlags are those the Makefile's wasm target builds the page with: the
// floor's, and the tag that leaves the data files out (the page fetches them).
var pageFlags = append(slices.Clip(wasmFlags), "-tags=tlsplay_fetchdata")

// buildWasm builds the js/wasm program pkg into out, and packs its data
// segments, as make wasm does (TestWasmFlags).
func buildWasm(root, out, pkg string, flags []string) error {
	cmd := exec.Command("go", append(append([]string{"build"}, flags...), "-o", out, pkg)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, out)
	}
	return wasmfile.PackFile(out)
}

func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// newPage opens a tab in a fresh browser context: no shared storage, cache or
// history with any other test.
func newPage(t testing.TB, opts ...chromedp.CreateBrowserContextOption) context.Context {
	t.Helper()
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	ctx, cancel := chromedp.NewContext(chrome, chromedp.WithNewBrowserContext(opts...))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// open navigates to the page with a fragment and waits for its first verdict.
func open(t testing.TB, ctx context.Context, fragment string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Navigate(siteURL+fragment)))
	waitLoaded(t, ctx)
}

// waitLoaded waits for the first verdict of a page just navigated to, and
// for the inspector, drawn a moment after it. It queries the DOM, which
// survives the switch of documents that a JavaScript poll started too early
// would not.
func waitLoaded(t testing.TB, ctx context.Context) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`#verdict[data-run]`))))
	must(t, chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`#inspector[data-run]`))))
}

// waitRun waits until the page has drawn a verdict newer than run number prev,
// and the handshake of that run (an edit's comes a moment after its verdict),
// and returns the new run number.
func waitRun(t testing.TB, ctx context.Context, prev int) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Poll[int](
		fmt.Sprintf(`(() => { const n = +(document.getElementById("verdict")?.dataset.run || 0);
			return n > %d && +(document.getElementById("diagram")?.dataset.run || 0) === n ? n : 0; })()`, prev),
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("waiting for a verdict after run %d: %v", prev, err)
	}
	return n
}

// verdict is what the verdict panel says.
type verdict struct {
	Reason string `json:"reason"` // the person's client's (data-client)
	OK     string `json:"ok"`
	// GoReason and GoOK are Go's, the handshake on screen.
	GoReason string `json:"goReason"`
	GoOK     string `json:"goOK"`
	Run      int    `json:"run"`
	Text     string `json:"text"`
}

func readVerdict(t testing.TB, ctx context.Context) verdict {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[verdict](`(() => { const v = document.getElementById("verdict");
		return {reason: v.dataset.reason, ok: v.dataset.ok, goReason: v.dataset.goReason, goOK: v.dataset.goOk, run: +v.dataset.run, text: v.innerText}; })()`))
	must(t, err)
	return v
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// emulateReducedMotion makes the page see prefers-reduced-motion: reduce.
func emulateReducedMotion(t testing.TB, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
	must(t, err)
}

// recordRequests logs the URL of every request the page makes, as the
// Network domain's events report them.
func recordRequests(t testing.TB, ctx context.Context) *requestLog {
	t.Helper()
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	must(t, err)
	log := &requestLog{}
	must(t, chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok {
			log.add(r.Request.URL)
		}
	}))
	return log
}
