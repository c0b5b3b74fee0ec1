package e2e

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/wasm/worker/workertest"
)

// Without config.json (the repository has none) there is no probe panel, the
// missing file's 404 says nothing, and the page asks for nothing but its own
// files: the proxy every request of the browser context goes through sees them.
func TestProbeAbsent(t *testing.T) {
	ctx, proxy := watchedPage(t)
	warnings := recordWarnings(t, ctx)
	open(t, ctx, "")
	if state := probeConfig(t, ctx); state != "none" {
		t.Errorf("without config.json the page says data-probe=%q", state)
	}
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="expired"]`))))
	waitRun(t, ctx, run)
	st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Panel  bool `json:"panel"`
		Notice bool `json:"notice"`
	}](`({panel: !document.getElementById("probe").hidden, notice: !document.getElementById("notice").hidden})`))
	must(t, err)
	if w := warnings.list(); st.Panel || st.Notice || len(w) > 0 {
		t.Errorf("without config.json: probe panel shown %v, notice shown %v, console warnings %q", st.Panel, st.Notice, w)
	}
	if seen := proxy.list(); !slices.Contains(seen, siteURL+"config.json") {
		t.Errorf("the page never asked for its config.json: %v", seen)
	}
	// The page's Content-Security-Policy, built without config.json, lets it
	// connect to nothing but itself: not even to a workers.dev worker.
	if got := policyRefuses(t, ctx, "https://"+workerName+"/probe?host=example.com"); got != "connect-src" {
		t.Errorf("without config.json a fetch of the worker: %s, want it refused by connect-src", got)
	}
	onlySiteFiles(t, proxy)
}

// policyRefuses fetches url from the page and says what stopped it: the
// directive of the Content-Security-Policy it violated, "failed" if the
// request was made and failed, "fetched" if it was answered.
func policyRefuses(t *testing.T, ctx context.Context, url string) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise((resolve) => {
		const url = `+jsString(url)+`;
		addEventListener("securitypolicyviolation", (e) => { if (e.blockedURI.startsWith(url.split("?")[0])) resolve(e.effectiveDirective); });
		fetch(url).then(() => resolve("fetched"), () => setTimeout(() => resolve("failed"), 1000));
	})`, chromedp.EvalAwaitPromise))
	must(t, err)
	return got
}

// A config.json that is there but wrong leaves the panel out, quietly: it is
// the deployer's to fix, and the console says why.
func TestProbeConfigRefused(t *testing.T) {
	page := httptest.NewServer(siteHandler(&requestLog{}, `{"probe_url": "http://tlsplay-e2e.workers.dev"}`))
	defer page.Close()
	ctx := newPage(t)
	warnings := recordWarnings(t, ctx)
	must(t, chromedp.Do(ctx, chromedp.Navigate(page.URL+base)))
	waitLoaded(t, ctx)
	if state := probeConfig(t, ctx); state != "invalid" {
		t.Errorf("a plain-http probe_url: data-probe=%q", state)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("probe").hidden && document.getElementById("notice").hidden`))
	must(t, err)
	if w := warnings.list(); !hidden || !slices.ContainsFunc(w, func(w string) bool { return strings.Contains(w, "must be https") }) {
		t.Errorf("a plain-http probe_url: panel and notice hidden %v, console warnings %q", hidden, w)
	}
}

// recordWarnings logs what the page warns about on the console (chromedp
// enables the Runtime domain's events).
func recordWarnings(t *testing.T, ctx context.Context) *requestLog {
	t.Helper()
	warned := &requestLog{}
	must(t, chromedp.Listen(ctx, func(ev any) {
		if c, ok := ev.(*runtime.EventConsoleAPICalled); ok && c.Type == runtime.ConsoleAPICalledTypeWarning && len(c.Args) > 0 {
			warned.add(string(c.Args[0].Value))
		}
	}))
	return warned
}

// probeConfig waits for the page to have read its config.json, and returns
// what it made of it (<html data-probe>).
func probeConfig(t *testing.T, ctx context.Context) string {
	t.Helper()
	state, err := chromedp.Run(ctx, chromedp.Poll[string](`document.documentElement.dataset.probe || ""`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("the page never settled on its config.json: %v", err)
	}
	return state
}

// workerName is the probe worker's name as config.json gives it, which the
// page's Content-Security-Policy, built with that config.json, allows. The
// browser reaches it through a proxy that carries it to workerd on 127.0.0.1.
const workerName = "tlsplay-e2e.workers.dev"

// A bank is a preset's server on 127.0.0.1: the story's chain, crafted around
// today (the worker verifies at its own clock) with the leaf made out to
// 127.0.0.1 as well (the worker verifies the host it connects to).
type storyServer struct {
	port    int
	chain   []string // SHA-256 of each certificate sent, leaf first
	rootPEM []byte
}

func serveStory(t *testing.T, id string) *storyServer {
	t.Helper()
	s := scenario.Lookup(id).Scenario()
	s.Now = time.Now().UTC().Truncate(time.Second)
	leaf := s.Spec(scenario.Leaf)
	leaf.IPAddresses = append(leaf.IPAddresses, "127.0.0.1")
	m, err := handshake.NewMaterial(s)
	must(t, err)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{m.ServerCertificate()}})
	must(t, err)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	b := &storyServer{port: ln.Addr().(*net.TCPAddr).Port, rootPEM: pki.CertPEM(m.Set.Get(scenario.Root).Cert)}
	for _, c := range m.Sent {
		sum := sha256.Sum256(c.Raw)
		b.chain = append(b.chain, hex.EncodeToString(sum[:]))
	}
	return b
}

// startWorker runs the worker's test build in workerd, allowing the page origin
// and the given ports, trusting the given roots, probing loopback.
func startWorker(t *testing.T, origin string, ports []int, roots []byte) *workertest.Workerd {
	t.Helper()
	root, err := repoRoot()
	must(t, err)
	bin, err := workertest.Find(root)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; CI=true makes that a failure", err)
		}
		t.Skip(err)
	}
	list := make([]string, len(ports))
	for i, p := range ports {
		list[i] = strconv.Itoa(p)
	}
	wd, err := workertest.Start(bin, workertest.Options{
		Root:    root,
		Workers: []workertest.Worker{{Name: "probe", Tags: "tlsplay_testhooks"}},
		Vars: map[string]string{
			"ALLOWED_PORTS":               strings.Join(list, ","),
			"ALLOWED_ORIGINS":             origin,
			"PROBE_TIMEOUT":               "3s",
			"TLSPLAY_TEST_ALLOW_LOOPBACK": "1",
			"TLSPLAY_TEST_ROOT_PEM":       string(roots),
		},
	})
	must(t, err)
	t.Cleanup(wd.Stop)
	return wd
}

// tunnel is the browser's proxy: it carries a CONNECT to the worker's name to
// addr (the worker's TLS front), logs every request, and refuses the rest.
func tunnel(seen *requestLog, addr string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.add(r.Method + " " + r.Host)
		if r.Method != http.MethodConnect || r.Host != workerName+":443" {
			http.Error(w, "not proxied", http.StatusForbidden)
			return
		}
		up, err := net.Dial("tcp", addr)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer up.Close()
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
		go func() {
			io.Copy(up, buf)
			up.Close()
		}()
		io.Copy(conn, bufio.NewReader(up))
	})
}

// The panel appears when config.json names a worker; a probe of a real TLS
// server, through the worker's test build in workerd, shows the verdict and
// the chain the server sent, as a story shows its own; the worker's refusals,
// the page's own checks, cancelling, and a page the worker does not allow each
// say what happened.
func TestProbe(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	good, expired := serveStory(t, "verify-true"), serveStory(t, "expired")
	silent, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
	must(t, err)
	defer silent.Close()
	silentPort := silent.Addr().(*net.TCPAddr).Port

	config := fmt.Sprintf(`{"probe_url": "https://%s"}`, workerName)
	page := httptest.NewServer(siteHandler(&requestLog{}, config))
	defer page.Close()
	stranger := httptest.NewServer(siteHandler(&requestLog{}, config)) // another origin, not allowed
	defer stranger.Close()

	wd := startWorker(t, page.URL, []int{good.port, expired.port, silentPort}, append(good.rootPEM, expired.rootPEM...))
	workerURL, err := url.Parse(wd.URL["probe"])
	must(t, err)
	// The browser's first try at the front's certificate, and a cancelled
	// probe, are logged as errors: both are expected here.
	quiet := log.New(io.Discard, "", 0)
	rp := httputil.NewSingleHostReverseProxy(workerURL)
	rp.ErrorLog = quiet
	front := httptest.NewUnstartedServer(rp)
	front.Config.ErrorLog = quiet
	front.StartTLS()
	defer front.Close()
	proxyLog := &requestLog{}
	proxy := httptest.NewServer(tunnel(proxyLog, front.Listener.Addr().String()))
	defer proxy.Close()

	withProxy := func(p *target.CreateBrowserContextParams) { p.ProxyServer = proxy.URL }
	ctx := newPage(t, withProxy)
	// The front's certificate is httptest's, not one for the worker's name.
	_, err = chromedp.Call(ctx, security.SetIgnoreCertificateErrors, security.SetIgnoreCertificateErrorsParams{Ignore: true})
	must(t, err)
	requested := recordRequests(t, ctx)
	site := page.URL + base
	must(t, chromedp.Do(ctx, chromedp.Navigate(site+"#verify-true")))
	waitLoaded(t, ctx)
	if state := probeConfig(t, ctx); state != "on" {
		t.Fatalf("with config.json the page says data-probe=%q", state)
	}
	worker, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("probe-worker")))
	must(t, err)
	if worker != "https://"+workerName {
		t.Errorf("the panel names the worker %q", worker)
	}
	// The policy allows that worker, and no other under workers.dev.
	if got := policyRefuses(t, ctx, "https://other-"+workerName+"/probe?host=example.com"); got != "connect-src" {
		t.Errorf("with config.json a fetch of another workers.dev worker: %s, want it refused by connect-src", got)
	}

	// A trusted chain, then an expired one: the verdict, what requests says,
	// and the chain as the server sent it.
	for _, tc := range []struct {
		server *storyServer
		reason string
	}{{good, "ok"}, {expired, "expired"}} {
		run := readVerdict(t, ctx).Run
		p := probe(t, ctx, "127.0.0.1", strconv.Itoa(tc.server.port), "")
		if p.State != "done" {
			t.Fatalf("probe of the %s bank: %s: %s\nworkerd log:\n%s", tc.reason, p.State, p.Message, wd.Log())
		}
		v := readVerdict(t, ctx)
		if v.Reason != tc.reason || v.Run <= run {
			t.Errorf("probe of the %s bank: verdict %s (run %d after %d)", tc.reason, v.Reason, v.Run, run)
		}
		shown := probeShown(t, ctx)
		if !strings.Contains(shown.Clients, "Python requests") {
			t.Errorf("the verdict does not say what requests would: %q", shown.Clients)
		}
		addr := "127.0.0.1:" + strconv.Itoa(tc.server.port)
		if shown.Chapter != "A real host, probed" || !strings.Contains(shown.Title, "127.0.0.1") || !strings.Contains(shown.Story, addr) ||
			!shown.Playing || !shown.Disabled || !shown.Why {
			t.Errorf("probe of the %s bank shows %+v", tc.reason, shown)
		}
		if !slices.Equal(shown.Chain, tc.server.chain) {
			t.Errorf("probe of the %s bank: the inspector shows the chain\n%v\nthe server sent\n%v", tc.reason, shown.Chain, tc.server.chain)
		}
	}

	// The worker's refusal, in its words; the handshake on screen stays.
	run := readVerdict(t, ctx).Run
	if p := probe(t, ctx, "127.0.0.1", "22", ""); p.State != "error" || !strings.Contains(p.Message, "port 22 is not allowed") {
		t.Errorf("a port the worker does not allow: %+v", p)
	}
	if v := readVerdict(t, ctx); v.Run != run || v.Reason != "expired" {
		t.Errorf("a refused probe replaced the verdict: run %d, %s", v.Run, v.Reason)
	}

	// What no worker would probe is refused at its field, without a request.
	before := len(requested.list())
	p := probe(t, ctx, "printer.local", "", "")
	invalid, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("probe-host").getAttribute("aria-invalid") + " " +
		document.getElementById("probe-host-problem").textContent`))
	must(t, err)
	if p.State != "error" || !strings.HasPrefix(invalid, `true "printer.local" is not a public DNS name`) {
		t.Errorf("an unprobeable host: %+v, the field says %q", p, invalid)
	}
	// So are a URL of another scheme than https:// (as the chain's host field
	// refuses it) and an SNI with its final dot (as the worker refuses it).
	for _, tc := range []struct{ host, sni, field, says string }{
		{"ftp://printer.example.com/", "", "probe-host", `true "ftp://" is not https://`},
		{"printer.example.com", "printer.example.com.", "probe-sni", `true "printer.example.com." ends in a dot`},
	} {
		p := probe(t, ctx, tc.host, "", tc.sni)
		invalid, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.getElementById(%[1]q).getAttribute("aria-invalid") + " " +
			document.getElementById(%[1]q + "-problem").textContent`, tc.field)))
		must(t, err)
		if p.State != "error" || !strings.HasPrefix(invalid, tc.says) {
			t.Errorf("%s, sni %q: %+v, the field says %q", tc.host, tc.sni, p, invalid)
		}
	}

	// A probe in flight shows it, and can be cancelled.
	ended := p.Ended
	fill(t, ctx, "127.0.0.1", strconv.Itoa(silentPort), "")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("probe-go"))))
	running, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const p = document.getElementById("probe");
		return p.dataset.state === "running" && !document.getElementById("probe-cancel").hidden && document.getElementById("probe-go").disabled
			? document.getElementById("probe-msg").textContent : ""; })()`, chromedp.WithPollingTimeout(10*time.Second)))
	must(t, err)
	if !strings.Contains(running, "Probing 127.0.0.1:"+strconv.Itoa(silentPort)) {
		t.Errorf("while probing the panel says %q", running)
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("probe-cancel"))))
	if p := waitProbe(t, ctx, ended); p.State != "cancelled" || p.Message != "Probe cancelled." {
		t.Errorf("after cancelling: %+v", p)
	}

	// A story replaces the probe, and its files and link are back.
	run = readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="verify-true"]`))))
	waitRun(t, ctx, run)
	if shown := probeShown(t, ctx); shown.Chapter == "A real host, probed" || shown.Disabled || shown.Why {
		t.Errorf("a story after a probe shows %+v", shown)
	}

	asked := requested.list()
	for _, u := range asked[before:] {
		if strings.Contains(u, "printer.") {
			t.Errorf("the page asked the worker about a host it refused itself: %s", u)
		}
	}
	for _, u := range asked {
		// data: URLs are the browser's own (a date input's icon).
		if !strings.HasPrefix(u, site) && !strings.HasPrefix(u, "https://"+workerName+"/probe?") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page asked for %s, neither its own file nor its worker", u)
		}
	}

	// A page of an origin the worker does not allow gets no answer it may read.
	other := newPage(t, withProxy)
	_, err = chromedp.Call(other, security.SetIgnoreCertificateErrors, security.SetIgnoreCertificateErrorsParams{Ignore: true})
	must(t, err)
	must(t, chromedp.Do(other, chromedp.Navigate(stranger.URL+base)))
	waitLoaded(t, other)
	probeConfig(t, other)
	if p := probe(t, other, "127.0.0.1", strconv.Itoa(good.port), ""); p.State != "error" ||
		!strings.Contains(p.Message, "could not be reached, or it does not allow this page") || !strings.Contains(p.Message, stranger.URL) {
		t.Errorf("a page the worker does not allow: %+v", p)
	}
	for _, r := range proxyLog.list() {
		if r != "CONNECT "+workerName+":443" {
			t.Errorf("the proxy was asked for %s", r)
		}
	}
}

// probeState is what the panel says.
type probeState struct {
	State   string `json:"state"`
	Message string `json:"message"`
	Ended   int    `json:"ended"`
}

func readProbe(t *testing.T, ctx context.Context) probeState {
	t.Helper()
	p, err := chromedp.Run(ctx, chromedp.Evaluate[probeState](`(() => { const p = document.getElementById("probe");
		return {state: p.dataset.state, message: document.getElementById("probe-msg").textContent, ended: +(p.dataset.ended || 0)}; })()`))
	must(t, err)
	return p
}

// fill types into the panel's fields.
func fill(t *testing.T, ctx context.Context, host, port, sni string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		for (const [id, v] of [["probe-host", %s], ["probe-port", %s], ["probe-sni", %s]]) {
			const e = document.getElementById(id);
			e.value = v;
			e.dispatchEvent(new Event("input", {bubbles: true}));
		}
	})()`, jsString(host), jsString(port), jsString(sni)))))
}

// probe fills the panel, clicks Probe and waits for the probe to end.
func probe(t *testing.T, ctx context.Context, host, port, sni string) probeState {
	t.Helper()
	ended := readProbe(t, ctx).Ended
	fill(t, ctx, host, port, sni)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("probe-go"))))
	return waitProbe(t, ctx, ended)
}

// waitProbe waits for the panel to count a probe ended after the first ended.
func waitProbe(t *testing.T, ctx context.Context, ended int) probeState {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`+(document.getElementById("probe").dataset.ended || 0) > %d`, ended),
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(70*time.Second)))
	if err != nil {
		t.Fatalf("the probe never ended: %v (%+v)", err, readProbe(t, ctx))
	}
	return readProbe(t, ctx)
}

// shown is what the page shows of the trace on screen.
type shown struct {
	Chapter  string   `json:"chapter"`
	Title    string   `json:"title"`
	Story    string   `json:"story"`
	Clients  string   `json:"clients"` // what each client prints
	Playing  bool     `json:"playing"`
	Disabled bool     `json:"disabled"` // the downloads and the share link
	Why      bool     `json:"why"`      // each of them says why it is off, for a probe
	Chain    []string `json:"chain"`    // SHA-256 of each certificate of the server's Certificate message
}

// probeShown reads the page, and the chain of the server's Certificate message
// once the inspector shows it.
func probeShown(t *testing.T, ctx context.Context) shown {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[shown](`(() => {
		const text = (id) => document.getElementById(id).textContent;
		return {chapter: text("chapter"), title: text("title"), story: text("story"),
			clients: document.querySelector("#verdict .clients")?.textContent || "",
			playing: document.getElementById("play").getAttribute("aria-pressed") === "true",
			disabled: ["dl-zip", "dl-pcap", "share"].every((id) => document.getElementById(id).disabled),
			why: ["dl-zip", "dl-pcap", "share"].every((id) => document.getElementById(id).title.startsWith("A real host's probe has no "))};
	})()`))
	must(t, err)
	clicked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const b = [...document.querySelectorAll("#diagram li.side-server button.msg")].find((b) => b.textContent === "Certificate");
		if (b) b.click();
		return !!b;
	})()`))
	must(t, err)
	if !clicked {
		return s
	}
	s.Chain, err = chromedp.Run(ctx, chromedp.Poll[[]string](`(() => {
		if (document.querySelector("#inspector h3")?.textContent !== "Certificate") return null;
		return [...document.querySelectorAll("#inspector details.cert")].map((card) => {
			const dt = [...card.querySelectorAll("dt")].find((d) => d.textContent === "SHA-256");
			return dt ? dt.nextElementSibling.textContent : "";
		});
	})()`, chromedp.WithPollingTimeout(10*time.Second)))
	must(t, err)
	return s
}
