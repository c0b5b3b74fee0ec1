package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// cutNetwork takes the page offline as a lost connection does: every request
// fails (the browser's network stack, not the test server, refuses it) and
// navigator.onLine says false. It proves the cut by a fetch of one of the
// site's own files, which must fail.
func cutNetwork(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	must(t, err)
	_, err = chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	})
	must(t, err)
	_, err = chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	must(t, err)
	cut, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`fetch("index.html?offline-check=" + Math.random(), {cache: "no-store"}).then(() => false, () => !navigator.onLine)`, chromedp.EvalAwaitPromise))
	must(t, err)
	if !cut {
		t.Fatal("the network is not cut: the page still fetches its own files, or believes it is online")
	}
}

// Once the page has loaded, both paste boxes work with the network cut: a
// pasted error finds its story and opens it, a pasted chain is inspected
// against the page's bundled Mozilla roots and against a pasted bundle, and
// its twin plays. All of it is computed in the page; nothing needs a server.
func TestPasteOffline(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	cutNetwork(t, ctx)

	root, err := repoRoot()
	must(t, err)
	b, err := os.ReadFile(filepath.Join(root, "explain", "testdata", "match", "node-first-certificate.txt"))
	must(t, err)
	st := paste(t, ctx, string(b))
	if st.State != "done" || len(st.Rows) == 0 || st.Rows[0].ID != "missing-intermediate" {
		t.Fatalf("offline, the error box says %+v", st)
	}
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#paste-list > li:first-child a`))))
	waitRun(t, ctx, run)
	waitReason(t, ctx, "missing_intermediate")

	for _, tc := range []struct {
		story  string
		bundle bool
	}{
		{"hostname-mismatch", true},
		{"expired", false},
	} {
		c := exportedChain(t, tc.story)
		cs := fillChainBox(t, ctx, c, tc.bundle)
		if cs.State != "done" {
			t.Fatalf("offline, %s's chain: the box says %s: %s", tc.story, cs.State, cs.Status)
		}
		if v := readVerdict(t, ctx); v.Reason != c.reason {
			t.Errorf("offline, %s's chain shows %s, want %s", tc.story, v.Reason, c.reason)
		}
		if !cs.Play {
			continue
		}
		run := readVerdict(t, ctx).Run
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("chain-play"))))
		waitRun(t, ctx, run)
		if v := readVerdict(t, ctx); v.Reason != c.reason {
			t.Errorf("offline, %s's twin plays %s, want %s", tc.story, v.Reason, c.reason)
		}
	}
}
