package e2e

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/handshake"
)

// An answer that comes after the person moved on is not drawn over what they
// moved to. These tests hold the engine's answers (heldPage) to make the
// person's move come first.

// pollJS waits for cond, a JavaScript expression, to be true; the test fails
// saying what did not happen.
func pollJS(t *testing.T, ctx context.Context, cond, what string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// evalJS runs a statement on the page.
func evalJS(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](js)))
}

// engineCaughtUp waits for an answer of the engine asked for now: the worker
// answers in order, so what it answered before has reached the page.
func engineCaughtUp(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[string](`tlsplay.run("expired")`, chromedp.EvalAwaitPromise))
	must(t, err)
}

// setDialJS is a script that types v into the courier's dial.
func setDialJS(v string) string {
	return `(() => { const e = document.querySelector('[data-path="client.dial"]');
		e.value = ` + jsString(v) + `; e.dispatchEvent(new Event("input", {bubbles: true})); })()`
}

// A chain inspection answered after the person pressed Back, clicked a
// story or edited the one in the editor is not drawn, nor put in the address
// bar: the person left the chain. The box is at rest again, the paste in it.
func TestLeftChainIsNotDrawn(t *testing.T) {
	for _, tc := range []struct {
		name, move       string // what the person does while the chain is verified
		reason, hash     string // what the page then shows, and its address
		openedFirstStory bool
	}{
		{name: "back", move: `history.back()`, reason: "ok", hash: "#verify-true", openedFirstStory: true},
		{name: "story", move: `document.querySelector('.preset[data-preset="hostname-mismatch"]').click()`, reason: "hostname_mismatch", hash: "#hostname-mismatch"},
		{name: "edit", move: setDialJS("moved-on.example"), reason: "hostname_mismatch", hash: "#verify-true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := heldPage(t)
			open(t, ctx, "#verify-true")
			if tc.openedFirstStory {
				run := readVerdict(t, ctx).Run
				must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="expired"]`))))
				waitRun(t, ctx, run)
				pollJS(t, ctx, `location.hash === "#expired"`, "the story clicked is never in the address bar")
			}
			c := exportedChain(t, "expired")
			pasteChain(t, ctx, c, true)
			evalJS(t, ctx, `__hold = true; document.getElementById("chain-go").click()`)
			pollJS(t, ctx, `__held.some(m => typeof m.data.text === "string")`, "the inspection is never answered")

			run := readVerdict(t, ctx).Run
			evalJS(t, ctx, `__hold = false; `+tc.move)
			waitRun(t, ctx, run)
			if v := waitReason(t, ctx, tc.reason); v.Reason != tc.reason {
				t.Fatalf("after the move the page shows %s", v.Reason)
			}
			evalJS(t, ctx, `__release()`)
			engineCaughtUp(t, ctx)

			st, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
				Reason, Hash, State, Status, Chain string
				Disabled                           bool
			}](`({Reason: document.getElementById("verdict").dataset.reason, Hash: location.hash,
				State: document.getElementById("chain").dataset.state, Status: document.getElementById("chain-status").textContent,
				Chain: document.getElementById("chain-certs").value, Disabled: document.getElementById("chain-go").disabled})`))
			must(t, err)
			if st.Reason != tc.reason || st.Hash != tc.hash {
				t.Errorf("the late inspection was drawn: the page shows %s at %.60q, want %s at %s", st.Reason, st.Hash, tc.reason, tc.hash)
			}
			if st.State != "idle" || st.Status != "" || st.Disabled || st.Chain != c.chain {
				t.Errorf("the box is not at rest with the paste in it: state %q, status %q, Inspect disabled %v, paste kept %v",
					st.State, st.Status, st.Disabled, st.Chain == c.chain)
			}
		})
	}
}

// An edit put off behind a replay (a download's, of a handshake the worker
// dropped) is not drawn over a chain inspected before the replay answers:
// the person moved to the chain after the edit.
func TestPutOffEditNotDrawnOverAChain(t *testing.T) {
	ctx := heldPage(t)
	open(t, ctx, "#verify-true")
	// The run on screen pushed out of the worker, as in
	// TestDownloadAfterTheRunOnScreenWasDropped.
	for i := range 4 {
		dialWithStepsHeld(t, ctx, fmt.Sprintf("pushed-out-%d.example", i), readVerdict(t, ctx).Run)
	}
	evalJS(t, ctx, `__fail = "fails.example"; `+setDialJS("fails.example"))
	pollJS(t, ctx, `document.getElementById("notice").textContent.includes("injected failure")`, "the failing edit is never said to fail")
	evalJS(t, ctx, `__hold = true; document.getElementById("dl-pcap").click()`)
	pollJS(t, ctx, `__held.some(m => typeof m.data.err === "string")`, "the download is never answered")
	// The download's answer (the run is gone) asks for the replay, held.
	edits, err := chromedp.Run(ctx, chromedp.Evaluate[int](`__edits`))
	must(t, err)
	evalJS(t, ctx, `__releaseIf(m => typeof m.data.err === "string")`)
	pollJS(t, ctx, fmt.Sprintf(`__edits > %d && __held.some(m => m.data.steps && m.data.id === __worker.__asked.at(-1).id)`, edits), "the replay is never answered")
	// An edit, put off behind the replay; then a chain, drawn.
	evalJS(t, ctx, setDialJS("put-off.example"))
	c := exportedChain(t, "expired")
	pasteChain(t, ctx, c, true)
	evalJS(t, ctx, `document.getElementById("chain-go").click()`)
	pollJS(t, ctx, `__held.some(m => typeof m.data.text === "string")`, "the inspection is never answered")
	evalJS(t, ctx, `__releaseIf(m => typeof m.data.text === "string")`)
	pollJS(t, ctx, `document.getElementById("chain").dataset.state === "done"`, "the chain is never drawn")
	waitReason(t, ctx, c.reason)
	// The replay's answer comes.
	evalJS(t, ctx, `__hold = false; __holdSteps = false; __release()`)
	engineCaughtUp(t, ctx)
	engineCaughtUp(t, ctx) // and whatever was asked once the replay answered
	st, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.getElementById("verdict").dataset.reason, location.hash, document.getElementById("verdict").innerText]`))
	must(t, err)
	if st[0] != c.reason || !strings.HasPrefix(st[1], "#c1.") || strings.Contains(st[2], "put-off.example") {
		t.Errorf("over the chain the page shows %s at %.60q:\n%s", st[0], st[1], st[2])
	}
}

// replayHeld opens a story on a heldPage and cancels an edit's run: its
// worker is replaced, and the handshake on screen is played again in the new
// one, its answer held as a slow one is. It returns once that replay is
// asked for, the page no longer saying it is working.
func replayHeld(t *testing.T, ctx context.Context) {
	t.Helper()
	open(t, ctx, "#verify-true")
	dialHeldUntilBusy(t, ctx, "held.example")
	evalJS(t, ctx, `document.getElementById("cancel-run").click()`)
	pollJS(t, ctx, `__workers === 2 && (__worker.__asked || []).some(m => m.op === "edit")`, "the handshake on screen is never played again")
	pollJS(t, ctx, `document.getElementById("busy").hidden`, "the cancelled run still says the page is working")
}

// A replay of the handshake on screen that a download waits for (its worker
// was replaced) and that takes long (a story that makes keys) says the page
// is working and can be cancelled, as a run can: the download says it was
// cancelled, and the page keeps working.
func TestSlowReplayCanBeCancelled(t *testing.T) {
	ctx := heldPage(t)
	downloads := allowDownloads(t, ctx)
	replayHeld(t, ctx)
	evalJS(t, ctx, `document.getElementById("dl-pcap").click()`)
	pollJS(t, ctx, `!document.getElementById("busy").hidden`, "a download waiting for a slow replay never says the page is working")
	evalJS(t, ctx, `document.getElementById("cancel-run").click()`)
	pollJS(t, ctx, `document.getElementById("notice").textContent.includes("The download was cancelled")`, "the download never says it was cancelled")
	st, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[document.getElementById("busy").hidden, __workers, document.getElementById("verdict").dataset.reason]`))
	must(t, err)
	if st[0] != true || st[1] != float64(3) || st[2] != "ok" {
		t.Errorf("after a replay cancelled: busy hidden %v, %v workers started, the verdict %v", st[0], st[1], st[2])
	}
	// The page keeps working: no replay asked again unasked, an edit runs,
	// and its capture is made.
	evalJS(t, ctx, `__hold = false; __release()`)
	run := readVerdict(t, ctx).Run
	evalJS(t, ctx, `document.getElementById("notice").hidden = true; `+setDialJS("after.example"))
	waitRun(t, ctx, run)
	waitReason(t, ctx, "hostname_mismatch")
	evalJS(t, ctx, `document.getElementById("dl-pcap").click()`)
	if b := waitDownload(t, ctx, filepath.Join(downloads, "tlsplay-verify-true.pcapng")); len(b) < 100 {
		t.Errorf("the capture is %d bytes", len(b))
	}
}

// An edit put off behind a slow replay of the handshake on screen (nobody
// asked for it: its worker was replaced) says the page is working, as its
// own run would; Cancel ends the replay, and the edit then runs and is drawn.
func TestEditPutOffBehindASlowReplay(t *testing.T) {
	ctx := heldPage(t)
	replayHeld(t, ctx)
	edits, err := chromedp.Run(ctx, chromedp.Evaluate[int](`__edits`))
	must(t, err)
	run := readVerdict(t, ctx).Run
	evalJS(t, ctx, setDialJS("put-off.example"))
	pollJS(t, ctx, `!document.getElementById("busy").hidden`, "an edit put off behind a slow replay never says the page is working")
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`__edits`)); err != nil || n != edits {
		t.Fatalf("the edit was asked for (%d edits, were %d) while the replay ran: %v", n, edits, err)
	}
	evalJS(t, ctx, `__hold = false; document.getElementById("cancel-run").click()`)
	waitRun(t, ctx, run)
	v := readVerdict(t, ctx)
	if v.Reason != "hostname_mismatch" || !strings.Contains(v.Text, "put-off.example") {
		t.Errorf("after the replay was cancelled the page shows %s:\n%.300s", v.Reason, v.Text)
	}
	if n := noticeText(t, ctx); n != "" {
		t.Errorf("the page says %q", n)
	}
}

// A probe answered after the person opened a story, edited the one in the
// editor or inspected a chain is not drawn over it: the person left the
// probe, and the panel is at rest again. The probe worker here is a stand-in
// (the real one runs in workerd, TestProbe) answering with package flow's
// real probe of a bank on 127.0.0.1, once the test lets it.
func TestLeftProbeIsNotDrawn(t *testing.T) {
	if skipWhy != "" {
		t.Skip(skipWhy)
	}
	bank := serveStory(t, "expired")
	root, _ := pem.Decode(bank.rootPEM)
	rootCert, err := x509.ParseCertificate(root.Bytes)
	must(t, err)
	var release atomic.Pointer[chan struct{}] // the subtest's: closed to let the answer go
	worker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		run, err := new(flow.Engine).Answer(r.Context(), flow.Host{
			Options: handshake.ProbeOptions{Host: "127.0.0.1", Port: bank.port, Now: time.Now(), ExtraRoots: []*x509.Certificate{rootCert}},
			Dial: func(ctx context.Context) (net.Conn, error) {
				return new(net.Dialer).DialContext(ctx, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(bank.port)))
			},
		})
		if err != nil {
			http.Error(w, `{"error": "the stand-in could not probe"}`, http.StatusBadGateway)
			return
		}
		select {
		case <-*release.Load():
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(run.Report)
	}))
	defer worker.Close()
	page := httptest.NewServer(siteHandler(&requestLog{}, fmt.Sprintf(`{"probe_url": %q}`, worker.URL)))
	defer page.Close()

	hm := exportedChain(t, "hostname-mismatch")
	for _, tc := range []struct{ name, move string }{
		{"story", `document.querySelector('.preset[data-preset="hostname-mismatch"]').click()`},
		{"edit", setDialJS("moved-on.example")},
		{"chain", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := make(chan struct{})
			release.Store(&ch)
			ctx := newPage(t)
			must(t, chromedp.Do(ctx, chromedp.Navigate(page.URL+base+"#verify-true")))
			waitLoaded(t, ctx)
			if state := probeConfig(t, ctx); state != "on" {
				t.Fatalf("the page says data-probe=%q", state)
			}
			fill(t, ctx, "127.0.0.1", strconv.Itoa(bank.port), "")
			evalJS(t, ctx, `document.getElementById("probe-go").click()`)
			pollJS(t, ctx, `document.getElementById("probe").dataset.state === "running"`, "the probe never runs")
			run := readVerdict(t, ctx).Run
			if tc.move != "" {
				evalJS(t, ctx, tc.move)
				waitRun(t, ctx, run)
			} else if st := fillChainBox(t, ctx, hm, true); st.State != "done" {
				t.Fatalf("the chain was not inspected: %+v", st)
			}
			waitReason(t, ctx, "hostname_mismatch")
			close(ch)
			pollJS(t, ctx, `document.getElementById("probe").dataset.state !== "running"`, "the probe never ends")
			v, p := readVerdict(t, ctx), readProbe(t, ctx)
			if v.Reason != "hostname_mismatch" {
				t.Errorf("the late probe was drawn: the page shows %s", v.Reason)
			}
			if p.State != "idle" || p.Message != "" {
				t.Errorf("the panel is not at rest: %+v", p)
			}
		})
	}
}

// A download waiting for the handshake whose verdict is on screen (to be
// played again, its worker replaced or its run dropped; or to be drawn, its
// steps on their way)
// when the person opens another story is of that handshake still: its file,
// named after its story, made from its run or its scenario played again,
// never drawn; not a file of the story opened.
func TestWaitingDownloadOfTheStoryLeft(t *testing.T) {
	for _, tc := range []struct {
		name string
		// wait asks for the capture of what is on screen, which waits.
		wait func(t *testing.T, ctx context.Context)
		// holds is in the capture asked for.
		holds string
	}{
		{name: "replay", holds: "left.example", wait: func(t *testing.T, ctx context.Context) {
			// An edit cancelled: its worker is replaced, and the handshake on
			// screen played again in the new one, its answer held.
			dialHeldUntilBusy(t, ctx, "held.example")
			evalJS(t, ctx, `document.getElementById("cancel-run").click()`)
			pollJS(t, ctx, `__workers === 2 && (__worker.__asked || []).some(m => m.op === "edit")`, "the handshake on screen is never played again")
			evalJS(t, ctx, `document.getElementById("dl-pcap").click()`)
		}},
		{name: "dropped", holds: "left.example", wait: captureOfDroppedRunHeld},
		{name: "steps", holds: "waits.example", wait: func(t *testing.T, ctx context.Context) {
			dialWithStepsHeld(t, ctx, "waits.example", readVerdict(t, ctx).Run)
			evalJS(t, ctx, `document.getElementById("dl-pcap").click()`)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, downloads := leftExamplePage(t)
			tc.wait(t, ctx)
			// Another story, and every answer let through.
			run := readVerdict(t, ctx).Run
			evalJS(t, ctx, `__holdSteps = false; document.querySelector('.preset[data-preset="expired"]').click(); __hold = false; __release()`)
			waitRun(t, ctx, run)
			waitReason(t, ctx, "expired")
			captureOf(t, ctx, downloads, tc.holds)
			expiredCaptureLast(t, ctx, downloads)
		})
	}
}

// leftExamplePage is a heldPage, downloads allowed (into the folder it
// returns), showing verify-true with its courier dialling left.example.
func leftExamplePage(t *testing.T) (context.Context, string) {
	t.Helper()
	ctx := heldPage(t)
	downloads := allowDownloads(t, ctx)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	evalJS(t, ctx, setDialJS("left.example"))
	waitRun(t, ctx, run)
	return ctx, downloads
}

// captureOfDroppedRunHeld pushes the run on screen out of the worker, as
// TestDownloadAfterTheRunOnScreenWasDropped does, and asks for its capture,
// whose answer (the run is gone) it holds.
func captureOfDroppedRunHeld(t *testing.T, ctx context.Context) {
	t.Helper()
	for i := range 4 {
		dialWithStepsHeld(t, ctx, fmt.Sprintf("pushed-out-%d.example", i), readVerdict(t, ctx).Run)
	}
	evalJS(t, ctx, `__fail = "fails.example"; `+setDialJS("fails.example"))
	pollJS(t, ctx, `document.getElementById("notice").textContent.includes("injected failure")`, "the failing edit is never said to fail")
	evalJS(t, ctx, `document.getElementById("notice").hidden = true; __hold = true; document.getElementById("dl-pcap").click()`)
	pollJS(t, ctx, `__held.some(m => typeof m.data.err === "string")`, "the download is never answered")
}

// captureOf waits for verify-true's capture, asked for of the courier
// dialling dial, and checks it is of that handshake.
func captureOf(t *testing.T, ctx context.Context, downloads, dial string) {
	t.Helper()
	if b := waitDownload(t, ctx, filepath.Join(downloads, "tlsplay-verify-true.pcapng")); !bytes.Contains(b, []byte(dial)) {
		t.Errorf("the capture asked for of the courier dialling %s (%d bytes) is of another handshake", dial, len(b))
	}
}

// expiredCaptureLast asks for the capture of expired, the story on screen, and
// checks that no download was made but it and verify-true's: the engine
// answers in order, so another file made of what waited would come before it.
func expiredCaptureLast(t *testing.T, ctx context.Context, downloads string) {
	t.Helper()
	evalJS(t, ctx, `document.getElementById("dl-pcap").click()`)
	waitDownload(t, ctx, filepath.Join(downloads, "tlsplay-expired.pcapng"))
	entries, err := os.ReadDir(downloads)
	must(t, err)
	if len(entries) != 2 {
		t.Errorf("the downloads made: %v, want verify-true's and expired's", entries)
	}
}

// A download waiting for an edit's steps when the person opens another story,
// and the engine then stops, cannot be made any more: the page says the
// download was dropped, and why, and makes no file of anything else.
func TestWaitingDownloadDropped(t *testing.T) {
	ctx := heldPage(t)
	downloads := allowDownloads(t, ctx)
	open(t, ctx, "#verify-true")
	dialWithStepsHeld(t, ctx, "waits.example", readVerdict(t, ctx).Run)
	edits, err := chromedp.Run(ctx, chromedp.Evaluate[int](`__edits`))
	must(t, err)
	evalJS(t, ctx, `document.getElementById("dl-pcap").click(); __hold = true; document.querySelector('.preset[data-preset="expired"]').click()`)
	pollJS(t, ctx, fmt.Sprintf(`__edits > %d`, edits), "the story is never asked for")
	evalJS(t, ctx, `__worker.dispatchEvent(new ErrorEvent("error", {message: "injected: stopped"}))`)
	waitNotice(t, ctx, "The download of tlsplay-verify-true.pcapng was dropped: the engine is not running (injected: stopped).", "the download was dropped")
	entries, err := os.ReadDir(downloads)
	must(t, err)
	if len(entries) != 0 {
		t.Errorf("the downloads made: %v, want none", entries)
	}
}

// A download of a story the person left, whose run the worker dropped, is
// made from its scenario played again apart, never drawn; a slow such replay
// (a story that makes keys) says the page is working and can be cancelled, as
// one of the handshake on screen can (TestSlowReplayCanBeCancelled): the
// download says it was cancelled, no file is made, and the story moved to
// stays on screen, its own files still made.
func TestSlowReplayApartCanBeCancelled(t *testing.T) {
	ctx, downloads := leftExamplePage(t)
	captureOfDroppedRunHeld(t, ctx)
	// Another story; every answer let through but the replay apart's (op
	// "run"), held as a slow one is.
	run := readVerdict(t, ctx).Run
	evalJS(t, ctx, `__holdSteps = false; document.querySelector('.preset[data-preset="expired"]').click();
		__apart = m => (m.worker.__asked || []).some(a => a.op === "run" && a.id === m.data.id);
		__letThrough = setInterval(() => __releaseIf(m => !__apart(m)), 10)`)
	waitRun(t, ctx, run)
	waitReason(t, ctx, "expired")
	pollJS(t, ctx, `__held.some(__apart)`, "the download is never played again apart")
	pollJS(t, ctx, `!document.getElementById("busy").hidden`, "a download waiting for a slow replay apart never says the page is working")
	evalJS(t, ctx, `document.getElementById("cancel-run").click()`)
	pollJS(t, ctx, `document.getElementById("notice").textContent.includes("The download of tlsplay-verify-true.pcapng was cancelled")`, "the download never says it was cancelled")
	evalJS(t, ctx, `clearInterval(__letThrough); __hold = false; __release()`)
	engineCaughtUp(t, ctx)
	st, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[document.getElementById("busy").hidden, document.getElementById("verdict").dataset.reason]`))
	must(t, err)
	if st[0] != true || st[1] != "expired" {
		t.Errorf("after a replay apart cancelled: busy hidden %v, the verdict %v", st[0], st[1])
	}
	// The story on screen keeps its files; nothing was made of the one left.
	evalJS(t, ctx, `document.getElementById("notice").hidden = true; document.getElementById("dl-pcap").click()`)
	waitDownload(t, ctx, filepath.Join(downloads, "tlsplay-expired.pcapng"))
	entries, err := os.ReadDir(downloads)
	must(t, err)
	if len(entries) != 1 {
		t.Errorf("the downloads made: %v, want expired's alone", entries)
	}
}
