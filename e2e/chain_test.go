package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// storyChain is a story's chain and bundle as its export set writes them,
// with the name and time it was served for.
type storyChain struct {
	chain, roots, name, time string
	reason                   string // the story's verdict
}

func exportedChain(t *testing.T, id string) storyChain {
	t.Helper()
	s := scenario.Lookup(id).At(scenario.PresetClock)
	set, err := export.Build(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	c := storyChain{name: "https://" + s.Client.Dial + "/vault", time: s.Now.Format(time.RFC3339), reason: set.Trace.Outcome.Reason.String()}
	for _, f := range set.Files {
		switch f.Name {
		case export.ServerChainFile:
			c.chain = string(f.Data)
		case export.CAFile:
			c.roots = string(f.Data)
		}
	}
	return c
}

// chainBoxState is what the box shows.
type chainBoxState struct {
	State  string `json:"state"`
	Ended  int    `json:"ended"`
	Status string `json:"status"`
	Key    string `json:"key"`
	Chain  string `json:"chain"`
	Twin   string `json:"twin"`
	Play   bool   `json:"play"`
	Share  string `json:"share"`
}

func readChainBox(t *testing.T, ctx context.Context) chainBoxState {
	t.Helper()
	st, err := chromedp.Run(ctx, chromedp.Evaluate[chainBoxState](`(() => { const $ = (id) => document.getElementById(id);
		return {state: $("chain").dataset.state, ended: +($("chain").dataset.ended || 0), status: $("chain-status").textContent,
			key: $("chain-key").hidden ? "" : $("chain-key").textContent, chain: $("chain-certs").value,
			twin: $("chain-twin").textContent, play: !$("chain-play").hidden, share: $("chain-share").textContent}; })()`))
	must(t, err)
	return st
}

// fillPaste types into the box as a person pastes: each field set and an
// input event fired, the trust chosen, and Inspect clicked; it waits for the
// answer.
func fillChainBox(t *testing.T, ctx context.Context, c storyChain, bundle bool) chainBoxState {
	t.Helper()
	before := readChainBox(t, ctx).Ended
	pasteChain(t, ctx, c, bundle)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("chain-go"))))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`+(document.getElementById("chain").dataset.ended || 0) > %d`, before),
		chromedp.WithPollingTimeout(30*time.Second)))
	must(t, err)
	return readChainBox(t, ctx)
}

// pasteChain fills the box as fillChainBox does, without clicking Inspect.
func pasteChain(t *testing.T, ctx context.Context, c storyChain, bundle bool) {
	t.Helper()
	trust := "mozilla"
	if bundle {
		trust = "bundle"
	}
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const $ = (id) => document.getElementById(id);
		$("chain").open = true;
		const set = (id, v) => { $(id).value = v; $(id).dispatchEvent(new Event("input", {bubbles: true})); };
		const radio = document.querySelector('input[name="chain-trust"][value=%q]');
		radio.checked = true; radio.dispatchEvent(new Event("change", {bubbles: true}));
		set("chain-certs", %s); set("chain-roots", %s); set("chain-name", %s); set("chain-time", %s);
		return true; })()`, trust, jsString(c.chain), jsString(c.roots), jsString(c.name), jsString(c.time))))
	must(t, err)
	// The key, if any, is out of the box before anything is sent.
	if st := readChainBox(t, ctx); strings.Contains(st.Chain, "PRIVATE KEY") {
		t.Errorf("the box still holds the pasted key")
	}
}

// Three chains exported from stories, pasted into the box: each gets its
// story's verdict in the same verdict panel, checks and inspector; a pasted
// private key is taken out, reported, and in no link; the share link holds the
// certificates and reopens the verdict in a fresh browser; Play it opens a
// twin with the same verdict; and nothing of it left the page.
func TestChainBox(t *testing.T) {
	ctx, proxy := watchedPage(t)
	open(t, ctx, "")
	key := "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSecretSecret\n-----END PRIVATE KEY-----\n"
	cases := []struct {
		story  string
		bundle bool
		edit   func(*storyChain)
	}{
		// verify='ca.pem' with the company's bundle: it verifies.
		{story: "custom-ca-bundle", bundle: true},
		// bankofamerica.com's certificate for another name; the key pasted
		// along by mistake, as the openssl output of a server's files may hold.
		{story: "hostname-mismatch", bundle: true, edit: func(c *storyChain) {
			c.chain = "depth=0 CN = www.bankofamerica.com\nverify return:1\n" + c.chain + key
		}},
		{story: "expired", bundle: true},
	}
	for _, tc := range cases {
		c := exportedChain(t, tc.story)
		if tc.edit != nil {
			tc.edit(&c)
		}
		st := fillChainBox(t, ctx, c, tc.bundle)
		if st.State != "done" {
			t.Fatalf("%s: the box says %s: %s", tc.story, st.State, st.Status)
		}
		v := readVerdict(t, ctx)
		if v.Reason != c.reason {
			t.Errorf("%s: the page shows %s, the story %s", tc.story, v.Reason, c.reason)
		}
		head, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("chapter").textContent + " | " + document.getElementById("story").textContent`))
		must(t, err)
		if !strings.HasPrefix(head, "A pasted chain") || !strings.Contains(head, "Nothing pasted left the page") {
			t.Errorf("%s: the head says %q", tc.story, head)
		}
		// The certificates are decoded in the inspector.
		insp, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("inspector").innerText`))
		must(t, err)
		if !strings.Contains(insp, "Certificate") {
			t.Errorf("%s: the inspector shows %q", tc.story, insp[:min(200, len(insp))])
		}
		// The downloads are off, and say why; the share link is on.
		if acts := actionsShown(t, ctx); !strings.HasPrefix(acts[0], "off: A pasted chain has no files to download") ||
			!strings.Contains(acts[0], "Play it opens its twin") || acts[1] != acts[0] || acts[2] != "on: " {
			t.Errorf("%s: the actions: %q", tc.story, acts)
		}
		wantKey := strings.Contains(c.chain, "PRIVATE KEY")
		if got := st.Key != ""; got != wantKey || wantKey && !strings.Contains(st.Key, "Treat it as exposed only if you pasted it somewhere else") {
			t.Errorf("%s: key warning %q", tc.story, st.Key)
		}
		if !st.Play || !strings.Contains(st.Twin, "the real keys are not here") {
			t.Errorf("%s: twin %v %q", tc.story, st.Play, st.Twin)
		}
		if !strings.Contains(st.Share, "no private key") {
			t.Errorf("%s: share words %q", tc.story, st.Share)
		}
		if !wantKey {
			continue
		}
		// The link: copied, it holds the certificates and no key.
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("share"))))
		link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
		must(t, err)
		u, err := url.Parse(link)
		must(t, err)
		if !strings.HasPrefix(u.Fragment, "c1.") || strings.Contains(link, "PRIVATE") || strings.Contains(link, "SecretSecret") {
			t.Fatalf("share link %q", link)
		}
		back, err := flow.ReadChainLink(u.Fragment)
		must(t, err)
		if strings.Contains(back.Chain+back.Roots, "PRIVATE") || strings.Contains(back.Chain, "depth=0") {
			t.Errorf("the link carries more than the certificates: %q", back.Chain)
		}
		fresh := newPage(t)
		must(t, chromedp.Do(fresh, chromedp.Navigate(link)))
		waitLoaded(t, fresh)
		waitLinkInspected(t, fresh)
		if v := readVerdict(t, fresh); v.Reason != c.reason {
			t.Errorf("the link opens %s, want %s", v.Reason, c.reason)
		}
		// Play it: the twin, in the editor, gets the verdict by a real handshake.
		run := readVerdict(t, ctx).Run
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("chain-play"))))
		waitRun(t, ctx, run)
		if v := readVerdict(t, ctx); v.Reason != c.reason {
			t.Errorf("the twin plays %s, want %s", v.Reason, c.reason)
		}
		notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("notice")))
		must(t, err)
		title, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("title")))
		must(t, err)
		if !strings.Contains(notice, "twin") || !strings.Contains(notice, "the real keys are not here") || !strings.HasPrefix(title, "Twin of") {
			t.Errorf("the twin is not said to be one: %q, %q", title, notice)
		}
		// The twin has files: the downloads are on, with their own titles.
		if acts := actionsShown(t, ctx); !strings.HasPrefix(acts[0], "on: Certificates, keys") || acts[1] != "on: " || acts[2] != "on: " {
			t.Errorf("the twin's actions: %q", acts)
		}
	}
	onlySiteFiles(t, proxy)
}

// A dropped DER file is read as it is; tlsplay.inspect answers as tlsplay
// inspect --json does; bad input is said at its field, and nothing is sent.
func TestChainBoxFilesAndAPI(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "")
	c := exportedChain(t, "missing-intermediate")
	// The leaf, dropped as DER on the box.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const $ = (id) => document.getElementById(id);
		$("chain").open = true;
		const pem = %s, b64 = pem.split("\n").filter((l) => l && !l.startsWith("-----")).join("");
		const der = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
		const dt = new DataTransfer(); dt.items.add(new File([der], "leaf.der"));
		$("chain-certs").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		return true; })()`, jsString(c.chain))))
	must(t, err)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("chain-certs-file-name").textContent.includes("leaf.der")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal("the dropped file is not named")
	}
	before := readChainBox(t, ctx).Ended
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const $ = (id) => document.getElementById(id);
		const radio = document.querySelector('input[name="chain-trust"][value="bundle"]');
		radio.checked = true; radio.dispatchEvent(new Event("change", {bubbles: true}));
		$("chain-roots").value = %s; $("chain-name").value = %s; $("chain-time").value = %s; return true; })()`,
		jsString(c.roots), jsString(c.name), jsString(c.time))))
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("chain-go"))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`+(document.getElementById("chain").dataset.ended || 0) > %d`, before)))
	must(t, err)
	if v := readVerdict(t, ctx); v.Reason != "missing_intermediate" {
		t.Errorf("the dropped leaf: %s (%+v)", v.Reason, readChainBox(t, ctx))
	}

	// The API.
	got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		OK      bool   `json:"ok"`
		Reason  string `json:"reason"`
		Checks  int    `json:"checks"`
		Certs   int    `json:"certs"`
		Explain string `json:"explain"`
		Clients int    `json:"clients"`
	}](fmt.Sprintf(`tlsplay.inspect({chain: %s, roots: %s, name: %s, time: %s}).then((r) => ({ok: r.ok, reason: r.reason,
		checks: r.checks.length, certs: r.certificates.length, explain: r.explain.reason, clients: Object.keys(r.clients).length}))`,
		jsString(c.chain), jsString(c.roots), jsString(c.name), jsString(c.time)), chromedp.EvalAwaitPromise))
	must(t, err)
	if got.OK || got.Reason != "missing_intermediate" || got.Explain != got.Reason || got.Checks == 0 || got.Certs != 1 || got.Clients == 0 {
		t.Errorf("tlsplay.inspect: %+v", got)
	}
	refused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`tlsplay.inspect({chain: "no certificate here"}).then(() => "answered", (e) => e.message)`, chromedp.EvalAwaitPromise))
	must(t, err)
	if !strings.Contains(refused, "holds no certificate") {
		t.Errorf("tlsplay.inspect of no certificate: %q", refused)
	}

	// Bad input is said at its field; nothing is asked of the engine.
	before = readChainBox(t, ctx).Ended
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const $ = (id) => document.getElementById(id);
		$("chain-certs").value = ""; $("chain-certs").dispatchEvent(new Event("input", {bubbles: true}));
		$("chain-time").value = "soon"; return true; })()`))
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("chain-go"))))
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.getElementById("chain-certs-problem").textContent, document.getElementById("chain-time-problem").textContent, document.getElementById("chain").dataset.state]`))
	must(t, err)
	if !strings.Contains(problems[0], "paste the certificates") || !strings.Contains(problems[1], `"soon"`) || problems[2] != "error" {
		t.Errorf("problems %q", problems)
	}
	if st := readChainBox(t, ctx); st.Ended != before+1 || !strings.HasPrefix(st.Status, "Nothing was inspected") {
		t.Errorf("after bad input the box says %+v", st)
	}
}

// The box says a private key was pasted of the text it came with: an
// inspection of a chain pasted after it, with no key, says nothing of a key,
// however many inspections failed between them; one that fails says the
// verdict on screen is that of the chain before.
func TestChainBoxKeyWarningOfItsText(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "")
	c := exportedChain(t, "hostname-mismatch")
	key := "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSecretSecret\n-----END PRIVATE KEY-----\n"
	withKey := c
	withKey.chain = key
	// The key alone: nothing to inspect, and the box says it took the key.
	if st := fillChainBox(t, ctx, withKey, true); st.State != "error" || st.Key == "" || strings.Contains(st.Chain, "PRIVATE") {
		t.Errorf("a key alone: %+v", st)
	}
	// A request pasted instead: still nothing to inspect, and no key in it.
	csr := c
	csr.chain = "-----BEGIN CERTIFICATE REQUEST-----\nMIHPMHgCAQAwFjEUMBIGA1UEAwwLYXBpLnFhLnRlc3Q=\n-----END CERTIFICATE REQUEST-----\n"
	if st := fillChainBox(t, ctx, csr, true); st.State != "error" || st.Key != "" {
		t.Errorf("a request pasted after the key: the box says %+v", st)
	}
	// The chain: inspected, and no word of a key.
	if st := fillChainBox(t, ctx, c, true); st.State != "done" || st.Key != "" {
		t.Errorf("the chain pasted after the key: the box says %+v", st)
	}
	// The chain with a key: said, and still said when inspected again as it is.
	withKey.chain = c.chain + key
	if st := fillChainBox(t, ctx, withKey, true); st.State != "done" || st.Key == "" {
		t.Errorf("the chain with a key: %+v", st)
	}
	before := readChainBox(t, ctx).Ended
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("chain-go"))))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`+(document.getElementById("chain").dataset.ended || 0) > %d`, before)))
	must(t, err)
	if st := readChainBox(t, ctx); st.State != "done" || st.Key == "" {
		t.Errorf("the chain a key was taken out of, inspected again: %+v", st)
	}
	// A damaged chain after it: the box says the verdict on screen is the
	// chain's before, and of no key.
	damaged := c
	damaged.chain = c.chain[:200] + "\n-----END CERTIFICATE-----\n"
	if st := fillChainBox(t, ctx, damaged, true); st.State != "error" || st.Key != "" ||
		!strings.HasPrefix(st.Status, "Certificate 1 of the chain is damaged") || !strings.HasSuffix(st.Status, "The verdict below is still that of the chain inspected before.") {
		t.Errorf("a damaged chain after it: %+v", st)
	}
}

// A chain pasted as base64 (a Kubernetes secret's tls.crt) is read as its
// PEM; the secret's tls.key, pasted as base64 too, is taken out of the box.
func TestChainBoxBase64(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "")
	c := exportedChain(t, "hostname-mismatch")
	b64 := c
	b64.chain = base64.StdEncoding.EncodeToString([]byte(c.chain))
	if st := fillChainBox(t, ctx, b64, true); st.State != "done" || st.Key != "" {
		t.Fatalf("tls.crt in base64: the box says %+v", st)
	}
	if v := readVerdict(t, ctx); v.Reason != c.reason {
		t.Errorf("tls.crt in base64: %s, want %s", v.Reason, c.reason)
	}
	key := "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBSecretSecretSecretSecretSecretSecretSecretSecretoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n"
	b64.chain = base64.StdEncoding.EncodeToString([]byte(key))
	if st := fillChainBox(t, ctx, b64, true); st.State != "error" || st.Key == "" || st.Chain != "" {
		t.Errorf("tls.key in base64: the box says %+v", st)
	}
}

// actionsShown reads the page's downloads and share link: "on: " or "off: ",
// then the button's title.
func actionsShown(t *testing.T, ctx context.Context) []string {
	t.Helper()
	acts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`["dl-zip", "dl-pcap", "share"].map((id) => {
		const b = document.getElementById(id);
		return (b.disabled ? "off: " : "on: ") + b.title;
	})`))
	must(t, err)
	return acts
}

// A download asked for while an edit's handshake waits to be drawn, which a
// pasted chain is then drawn over, is of that edit still: a pasted chain has
// no files, and the file is neither named after it nor of the run before the
// edit (TestWaitingDownloadOfTheStoryLeft).
func TestWaitingDownloadNotOfAPastedChain(t *testing.T) {
	ctx := heldPage(t)
	downloads := allowDownloads(t, ctx)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	// The edit's verdict drawn, its steps held; the download waits for them.
	dialWithStepsHeld(t, ctx, "waits.example", run)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-pcap"))))
	// A pasted chain drawn over it, then the edit's steps.
	if st := fillChainBox(t, ctx, exportedChain(t, "expired"), true); st.State != "done" {
		t.Fatalf("the chain box: %+v", st)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`__holdSteps = false; __release()`)))
	captureOf(t, ctx, downloads, "waits.example")
	// A story, and its capture.
	run = readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="expired"]`))))
	waitRun(t, ctx, run)
	expiredCaptureLast(t, ctx, downloads)
}

// Picking a client while a pasted chain opened from its link is on screen
// keeps the chain's link in the address bar, with the client, as a story's
// link carries it: it was replaced with the editor's scenario, which is not
// on screen.
func TestClientPickKeepsTheChainsLink(t *testing.T) {
	ctx := newPage(t)
	c := exportedChain(t, "expired")
	link, err := flow.ChainLink(flow.ChainRequest{Chain: c.chain, Roots: c.roots, Name: c.name, Time: c.time})
	must(t, err)
	open(t, ctx, "#"+link)
	waitLinkInspected(t, ctx)
	chooseClient(t, ctx, "go")
	s := waitClient(t, ctx, "go")
	if want := "#" + link + "?client=go"; s.Hash != want {
		t.Fatalf("after picking Go the address bar holds %.80q, want the chain's link %.80q", s.Hash, want)
	}
	// Reloaded, it opens the same chain through the client picked.
	must(t, chromedp.Do(ctx, chromedp.Reload()))
	waitLoaded(t, ctx)
	waitLinkInspected(t, ctx)
	if v := readVerdict(t, ctx); v.Reason != c.reason {
		t.Errorf("reloaded, the page shows %s, the chain %s", v.Reason, c.reason)
	}
	if s := readLens(t, ctx); s.Client != "go" {
		t.Errorf("reloaded, the verdict is through %s, want go", s.Client)
	}
}

// waitLinkInspected waits for the chain a link opened to be inspected.
func waitLinkInspected(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("chain").dataset.state === "done"`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the link did not inspect: %+v", readChainBox(t, ctx))
	}
}

// A chain pasted and inspected is in the address bar, as a chain opened from
// its link is: Back returns to the story before it, Forward and a reload
// inspect the chain again.
func TestInspectedChainIsInTheAddressBar(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#hostname-mismatch")
	story := waitReason(t, ctx, "hostname_mismatch")
	c := exportedChain(t, "expired")
	if st := fillChainBox(t, ctx, c, true); st.State != "done" {
		t.Fatalf("the chain was not inspected: %+v", st)
	}
	waitReason(t, ctx, c.reason)
	hash := func() string {
		h, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
		must(t, err)
		return h
	}
	link := hash()
	if !strings.HasPrefix(link, "#c1.") {
		t.Fatalf("after inspecting a chain the address bar holds %.80q, want its link #c1.…", link)
	}

	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`history.back()`)))
	if v := waitReason(t, ctx, story.Reason); v.Reason != story.Reason {
		t.Errorf("back shows %s, want the story's %s", v.Reason, story.Reason)
	}
	if h := hash(); h != "#hostname-mismatch" {
		t.Errorf("back, the address bar holds %.80q", h)
	}

	ended := readChainBox(t, ctx).Ended
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`history.forward()`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`+(document.getElementById("chain").dataset.ended || 0) > %d`, ended),
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("forward did not inspect the chain again: %+v", readChainBox(t, ctx))
	}
	waitReason(t, ctx, c.reason)
	if h := hash(); h != link {
		t.Errorf("forward, the address bar holds %.80q, want %.80q", h, link)
	}

	must(t, chromedp.Do(ctx, chromedp.Reload()))
	waitLoaded(t, ctx)
	waitLinkInspected(t, ctx)
	if v := waitReason(t, ctx, c.reason); v.Reason != c.reason {
		t.Errorf("reloaded, the page shows %s, the chain %s", v.Reason, c.reason)
	}
	if h := hash(); h != link {
		t.Errorf("reloaded, the address bar holds %.80q, want %.80q", h, link)
	}
}

// A chain too large for a link leaves the address bar as it is, and says so;
// Back returns to the story before it, and Forward or a reload back on the
// chain's entry draw the story the address names and say the chain is not
// there, rather than pass it over in silence.
func TestUnlinkedChainSaysSo(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#hostname-mismatch")
	story := waitReason(t, ctx, "hostname_mismatch")
	c := exportedChain(t, "expired")
	c.roots += manyRoots(t, 150) // incompressible: more than a link holds
	st := fillChainBox(t, ctx, c, true)
	if st.State != "done" || !strings.Contains(st.Share, "No share link") {
		t.Fatalf("the chain was not inspected, or has a link: %+v", st)
	}
	waitReason(t, ctx, c.reason)
	read := func() (hash, notice string) {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.hash, document.getElementById("notice").hidden ? "" : document.getElementById("notice").textContent]`))
		must(t, err)
		return s[0], s[1]
	}
	if h, _ := read(); h != "#hostname-mismatch" {
		t.Errorf("a chain without a link changed the address bar to %.80q", h)
	}
	const says = "too large for a link"
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`history.back()`)))
	waitReason(t, ctx, story.Reason)
	if h, n := read(); h != "#hostname-mismatch" || n != "" {
		t.Errorf("back, the address bar holds %.80q and the page says %q", h, n)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`history.forward()`)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("notice").textContent.includes(`+jsString(says)+`)`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		h, n := read()
		t.Fatalf("forward to the chain's entry, the page does not say the chain is not there (%.80q, %q)", h, n)
	}
	waitReason(t, ctx, story.Reason)
	must(t, chromedp.Do(ctx, chromedp.Reload()))
	waitLoaded(t, ctx)
	if v := waitReason(t, ctx, story.Reason); v.Reason != story.Reason {
		t.Errorf("reloaded, the page shows %s", v.Reason)
	}
	if _, n := read(); !strings.Contains(n, says) {
		t.Errorf("reloaded on the chain's entry, the page says %q", n)
	}
}

// manyRoots is n self-signed certificates of fresh keys, as PEM.
func manyRoots(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		must(t, err)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(i + 1)), Subject: pkix.Name{CommonName: fmt.Sprintf("Extra Root %d", i)},
			NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		must(t, err)
		must(t, pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: der}))
	}
	return b.String()
}

// A chain with a link inspected again on the entry where one too large for a
// link was shown (its address is that chain's link already) takes the entry
// as its own: a reload there inspects it without saying a chain too large
// was shown.
func TestLinkedChainOnAnUnlinkedEntry(t *testing.T) {
	ctx := newPage(t)
	c := expiredChainOverAStory(t, ctx)
	big := c
	big.roots += manyRoots(t, 150)
	if st := fillChainBox(t, ctx, big, true); st.State != "done" || !strings.Contains(st.Share, "No share link") {
		t.Fatalf("the large chain was not inspected, or has a link: %+v", st)
	}
	if st := fillChainBox(t, ctx, c, true); st.State != "done" {
		t.Fatalf("the chain was not inspected again: %+v", st)
	}
	must(t, chromedp.Do(ctx, chromedp.Reload()))
	waitLoaded(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`+(document.getElementById("chain").dataset.ended || 0) > 0`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("reloaded, the chain is not inspected: %v", err)
	}
	waitReason(t, ctx, c.reason)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("notice").hidden ? "" : document.getElementById("notice").textContent`))
	must(t, err)
	if strings.Contains(n, "too large for a link") {
		t.Errorf("reloaded on the entry of a chain with a link, the page says %q", n)
	}
}

// expiredChainOverAStory opens a story, and inspects over it the chain
// exported from the expired story (its CA as the bundle), which it returns.
func expiredChainOverAStory(t *testing.T, ctx context.Context) storyChain {
	t.Helper()
	open(t, ctx, "#hostname-mismatch")
	waitReason(t, ctx, "hostname_mismatch")
	c := exportedChain(t, "expired")
	if st := fillChainBox(t, ctx, c, true); st.State != "done" {
		t.Fatalf("the chain was not inspected: %+v", st)
	}
	return c
}

// Inspect pressed keeps the focus of the person who pressed it: off while
// the engine verifies (aria-disabled), where a disabled button dropped the
// focus to the page, and a second press meanwhile asks nothing more.
func TestChainBoxKeepsTheFocus(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	if st := fillChainBox(t, ctx, exportedChain(t, "expired"), true); st.State != "done" {
		t.Fatalf("the chain box says %+v", st)
	}
	at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id + " " + (document.getElementById("chain-go").getAttribute("aria-disabled") ?? "")`))
	must(t, err)
	if at != "chain-go " {
		t.Errorf("after Inspect the focus and Inspect's aria-disabled: %q, want on it, on", at)
	}
}

// TestChainHeading: Paste a chain's heading is a heading a screen reader
// finds, outside the fold's summary (a summary is a button, which hides a
// heading inside it from some screen readers), named in the summary's name,
// and a click on it still opens the fold, as a click on the summary did.
func TestChainHeading(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	type heading struct {
		Tag       string  `json:"tag"`
		InSummary bool    `json:"inSummary"`
		Named     bool    `json:"named"`
		X         float64 `json:"x"`
		Y         float64 `json:"y"`
	}
	h, err := chromedp.Run(ctx, chromedp.Evaluate[heading](`(() => {
		const h = document.getElementById("chain-title"), s = document.querySelector("#chain > summary");
		h.scrollIntoView({block: "center"});
		const r = h.getBoundingClientRect();
		const named = (s.getAttribute("aria-labelledby") || "").split(" ").includes("chain-title");
		return {tag: h.tagName, inSummary: !!h.closest("summary"), named, x: r.x + r.width / 2, y: r.y + r.height / 2};
	})()`))
	must(t, err)
	if h.Tag != "H2" || h.InSummary || !h.Named {
		t.Errorf("Paste a chain's heading: %+v, want an h2 outside the summary, named in the summary's name", h)
	}
	must(t, chromedp.Do(ctx, chromedp.MouseClickXY(h.X, h.Y)))
	opened, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("chain").open`))
	must(t, err)
	if !opened {
		t.Error("a click on the heading did not open Paste a chain")
	}
}

// The box's host field reads a host as every field that takes one does
// (scenario.ReadHost): an https:// URL's host, said so beside the verdict
// with the path the calls ask for and never its query;
// a URL of another scheme is refused at the field, in words, and nothing is
// inspected.
func TestChainHostField(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "")
	c := exportedChain(t, "expired")
	c.name = "https://bank.example:8443/v1/x?token=SECRET"
	if st := fillChainBox(t, ctx, c, true); st.State != "done" {
		t.Fatalf("a chain served for an https:// URL: the box says %s: %s", st.State, st.Status)
	}
	waitReason(t, ctx, c.reason)
	notes, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("chain-notes").textContent`))
	must(t, err)
	// The calls ask for the URL's path, never its query (a token).
	if want := `The host was given as a URL, "https://bank.example:8443", and the rest of it left out: the chain is checked for its host, bank.example, on port 8443, as a client fetching it checks it; its path and query play no part in TLS (the calls shown ask for its path, /v1/x, never its query).`; !strings.Contains(notes, want) || strings.Contains(notes, "SECRET") {
		t.Errorf("the notes say %q, want %q", notes, want)
	}
	c.name = "ftp://bank.example/pub"
	st := fillChainBox(t, ctx, c, true)
	problem, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("chain-name").getAttribute("aria-invalid") + " " + document.getElementById("chain-name-problem").textContent`))
	must(t, err)
	if st.State != "error" || !strings.Contains(st.Status, "Nothing was inspected") || problem != `true "ftp://" is not https://, the only scheme read here: give an https:// URL, or the host alone` {
		t.Errorf("an ftp:// URL: the box says %s: %s; the field: %q", st.State, st.Status, problem)
	}
}

// A SHA-1 chain under a root nobody trusts: requests cannot build the chain
// and refuses its issuer, Go refuses the SHA-1 signature. The inspector's
// Certificate message says the verdict on screen is about the check the
// chosen client refuses at: the chain's end under requests' lens, the
// signature once Go is picked; the diagram marks the same check.
func TestChainInspectorFollowsTheLens(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	set, err := pki.Build([]pki.Spec{
		{Name: "root", CommonName: "Review Root", NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
		{Name: "inter", Issuer: "root", CommonName: "Review Intermediate", NotBefore: -100, NotAfter: 900, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
		{Name: "leaf", Issuer: "inter", CommonName: "localhost", DNSNames: []string{"localhost"}, NotBefore: -10, NotAfter: 80, Key: pki.ECDSAP256,
			ExtKeyUsage: []string{pki.EKUServerAuth}, Hash: pki.SHA1},
	}, now)
	must(t, err)
	chain := string(pki.CertPEM(set.Get("leaf").Cert, set.Get("inter").Cert))
	ins, err := handshake.Inspect(handshake.ChainInput{Chain: []byte(chain), Name: "localhost", Now: now})
	must(t, err)
	cert := -1
	for i := range ins.Trace.Steps {
		if ins.Trace.Steps[i].IsMessage(wire.TypeCertificate) {
			cert = i
		}
	}
	link, err := flow.ChainLink(flow.ChainRequest{Chain: chain, Name: "localhost", Time: now.Format(time.RFC3339)})
	must(t, err)
	ctx := newPage(t)
	open(t, ctx, "#"+link)
	waitLinkInspected(t, ctx)
	waitClient(t, ctx, "requests")
	pick := fmt.Sprintf(`#diagram button[data-step="%d"]`, cert)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(pick))))
	about := func(want, not string) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const w = document.querySelector("#inspector .step-words")?.textContent || "";
			return w.includes(`+jsString(want)+`); })()`, chromedp.WithPollingTimeout(10*time.Second)))
		if v := readStep(t, ctx); err != nil || strings.Contains(v.Words, not) {
			t.Errorf("the inspector says %q: want %q, not %q", v.Words, want, not)
		}
	}
	// The diagram marks the same check as the verdict's.
	marked := func(want string) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll("#diagram .check.verdict-check")].map(e => e.textContent).join("|").includes(`+jsString(want)+`)`,
			chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#diagram .check.verdict-check")].map(e => e.textContent).join("|")`))
			t.Errorf("the diagram marks %q as the verdict's check, want %q", got, want)
		}
	}
	about("This is what the verdict is about: Does the chain end at a trusted root? No", "sign localhost? No")
	marked("Does the chain end at a trusted root?")
	chooseClient(t, ctx, "go")
	waitClient(t, ctx, "go")
	about("sign localhost? No", "Does the chain end at a trusted root? No")
	marked("sign localhost?")
}

// The box judges what a server sends as a client does, and says what its
// inputs need: a chain whose first certificate is for another name is judged
// by that one, the right one after it said to be sent first; a CA bundle
// dropped as DER is refused by requests as given, and judged as if
// converted in the fix, which says to convert it (the call not "fine as it
// is").
func TestChainBoxFirstSentAndDERBundle(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "")
	c := exportedChain(t, "custom-ca-bundle")
	notes := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("chain-notes").innerText`))
		must(t, err)
		return s
	}
	// The bundle dropped as DER.
	block, _ := pem.Decode([]byte(c.roots))
	if block == nil {
		t.Fatal("no bundle")
	}
	pasteChain(t, ctx, storyChain{chain: c.chain, name: c.name, time: c.time}, true)
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const $ = (id) => document.getElementById(id);
		const der = Uint8Array.from(atob(%s), (ch) => ch.charCodeAt(0));
		const dt = new DataTransfer(); dt.items.add(new File([der], "ca.der"));
		$("chain-roots-file").files = dt.files; $("chain-roots-file").dispatchEvent(new Event("change", {bubbles: true}));
		return true; })()`, jsString(base64.StdEncoding.EncodeToString(block.Bytes)))))
	must(t, err)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("chain-roots").value.length > 0 || document.getElementById("chain-roots-file-name").textContent.includes("ca.der")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal("the dropped bundle is not taken")
	}
	before := readChainBox(t, ctx).Ended
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("chain-go"))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`+(document.getElementById("chain").dataset.ended || 0) > %d`, before), chromedp.WithPollingTimeout(30*time.Second)))
	must(t, err)
	v := readVerdict(t, ctx)
	// requests' verdict is its refusal of the file as given; the fix converts
	// it, and the chain, converted, verifies.
	if v.Reason != "bundle_not_pem" || !strings.Contains(v.Text, "NO_CERTIFICATE_OR_CRL_FOUND") || !strings.Contains(v.Text, "openssl x509 -inform der -in ca.der -out ca.pem") || !strings.Contains(v.Text, "Converted, it verifies the chain") || strings.Contains(v.Text, "Your call, fine as it is") || !strings.Contains(v.Text, "The same call works once that is done") {
		t.Errorf("a DER bundle: %s: %s", v.Reason, v.Text)
	}
	if n := notes(); !strings.Contains(n, "as if it were converted") || !strings.Contains(n, "NO_CERTIFICATE_OR_CRL_FOUND") {
		t.Errorf("a DER bundle's notes: %q", n)
	}

	// A certificate for another name sent first.
	other := exportedChain(t, "hostname-mismatch")
	first, _ := pem.Decode([]byte(other.chain))
	if first == nil {
		t.Fatal("no leaf")
	}
	fillChainBox(t, ctx, storyChain{chain: string(pem.EncodeToMemory(first)) + c.chain, roots: c.roots, name: c.name, time: c.time}, true)
	if v := readVerdict(t, ctx); v.Reason == "ok" {
		t.Errorf("a certificate for another name sent first: %s", v.Reason)
	}
	if n := notes(); !strings.Contains(n, "The first certificate sent is") || !strings.Contains(n, "the server must send it first") {
		t.Errorf("a certificate for another name sent first, the notes: %q", n)
	}
}
