package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// An editor for people: a URL pasted into the dial field sets the host and
// the port, a bad one is said in words; "Give the courier a badge" makes the
// story mutual TLS in one click; the knobs few stories need are folded under
// "Advanced", unfolded where the story uses one.
func TestEditorForPeople(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run

	advanced, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[...document.querySelectorAll('#editor details.advanced')]
		.filter(d => d.closest('[data-group="client"], [data-group="server"]'))
		.map(d => d.open && !!d.querySelector('[data-path$="groups"]'))`))
	must(t, err)
	if len(advanced) != 2 || advanced[0] || advanced[1] {
		t.Errorf("the courier's and the bank's advanced knobs: %v, want two folded", advanced)
	}

	pasteInto(t, ctx, "client.dial", "https://bank.example:8443/vault")
	run = waitRun(t, ctx, run)
	dial, _, _ := fieldState(t, ctx, "client.dial")
	port, _, _ := fieldState(t, ctx, "client.port")
	if dial != "bank.example" || port != "8443" {
		t.Errorf("after pasting a URL: dial %q, port %q", dial, port)
	}
	if v := readVerdict(t, ctx); v.OK != "true" || !strings.Contains(v.Text, "bank.example:8443") {
		t.Errorf("the verdict after the URL: ok=%s, no bank.example:8443 in %q", v.OK, v.Text)
	}
	pasteInto(t, ctx, "client.dial", "http://bank.example")
	_, problem, invalid := fieldState(t, ctx, "client.dial")
	if !invalid || !strings.Contains(problem, "https://") {
		t.Errorf("http:// in the dial field: invalid=%v, %q", invalid, problem)
	}
	// Back to the scenario on screen: its verdict is the editor's again,
	// with no run to wait for.
	pasteInto(t, ctx, "client.dial", "bank.example")
	must(t, chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.getElementById("stale").hidden`)))
	if now := readVerdict(t, ctx).Run; now != run {
		t.Errorf("the scenario on screen ran again (run %d → %d)", run, now)
	}

	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#editor button[data-op="badge"]`))))
	run = waitRun(t, ctx, run)
	v := readVerdict(t, ctx)
	if v.OK != "true" || !strings.Contains(v.Text, "the bank accepted the courier's badge") {
		t.Errorf("after giving a badge: ok=%s %q", v.OK, v.Text)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[
		document.querySelector('#editor button[data-op="badge"]').getAttribute("aria-disabled") === "true",
		document.querySelector('[data-path="client.cert"]').value,
		document.querySelector('[data-path="server.client_auth"]').value,
		[...document.querySelectorAll("#diagram button.msg")].some(b => b.textContent === "CertificateRequest"),
	].join(" ")`))
	must(t, err)
	if state != "true tuple require_and_verify true" {
		t.Errorf("after giving a badge: disabled, cert=, policy, a CertificateRequest: %q", state)
	}

	// A story that turns a knob shows it.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.preset[data-preset="3des-only-bank"]`))))
	waitRun(t, ctx, run)
	open3des, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-path="server.cipher_suites"]').closest("details.advanced").open`))
	must(t, err)
	if !open3des {
		t.Error("the 3DES story's suites are folded away")
	}
}

// A certificate renamed by typing, its name cleared and a new one typed key by
// key, takes its references along as a rename in one step does: the chain the
// bank sends and the issuer of the certificate it signed follow, and the
// handshake still succeeds.
func TestRenameByTyping(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	// Key by key, as typing makes them: the name cleared, then each letter.
	// (The certificate's fields fold away: the events are dispatched.)
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const e = document.querySelector('[data-path="certs[1].name"]');
		for (const v of ["", "i", "is", "iss", "issuing"]) {
			e.value = v;
			e.dispatchEvent(new Event("input", {bubbles: true}));
		}
		e.dispatchEvent(new Event("change", {bubbles: true}));
	})()`)))
	waitRun(t, ctx, run)
	issuer, _, _ := fieldState(t, ctx, "certs[2].issuer")
	_, problem, invalid := fieldState(t, ctx, "certs[1].name")
	if v := readVerdict(t, ctx); issuer != "issuing" || invalid || v.OK != "true" {
		t.Errorf("after typing the intermediate's name anew: the leaf's issuer %q, the name invalid=%v %q, verdict ok=%s", issuer, invalid, problem, v.OK)
	}
}

// The most certificates a scenario may hold is said beside "Add a
// certificate", where the person adding one looks: the button goes off at
// the most, and the line under it says why.
func TestAddingSaysHowMany(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	type state struct {
		Certs    int    `json:"certs"`
		Disabled bool   `json:"disabled"`
		Say      string `json:"say"`
		Shown    bool   `json:"shown"`
		Status   string `json:"status"`
	}
	read := func() state {
		st, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => {
			const b = document.querySelector('#editor button.add'), m = document.getElementById(b.getAttribute("aria-describedby"));
			return {certs: document.querySelectorAll('#editor .groups.certs > .group').length, disabled: b.getAttribute("aria-disabled") === "true",
				say: m.textContent, shown: !m.hidden, status: document.getElementById("editor-status").textContent}; })()`))
		must(t, err)
		return st
	}
	for st := read(); st.Certs < 16; st = read() {
		if st.Disabled || st.Shown {
			t.Fatalf("with %d certificates: %+v", st.Certs, st)
		}
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#editor button.add`))))
		run = waitRun(t, ctx, run)
	}
	if st := read(); !st.Disabled || !st.Shown || !strings.Contains(st.Say, "at most 16 certificates") || strings.Contains(st.Status, "at most") {
		t.Errorf("with 16 certificates: %+v, want the button off and the line under it saying why", st)
	}
	// Off, it keeps the focus of the person who pressed it (aria-disabled: a
	// disabled button dropped it to the page), and pressed again adds nothing.
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#editor button.add`)), chromedp.KeyEvent(kb.Enter)))
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.matches("#editor button.add")`))
	must(t, err)
	if st := read(); !kept || st.Certs != 16 || readVerdict(t, ctx).Run != run {
		t.Errorf("Add pressed at 16 certificates: the focus kept %v, %d certificates, run %d (was %d)", kept, st.Certs, readVerdict(t, ctx).Run, run)
	}
}

// A certificate added from the keyboard takes the focus at its name, its
// fold open: its fields come above the button that adds one, which kept the
// focus, leaving the person below what they made.
func TestAddedCertificateTakesTheFocus(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#editor button.add`)), chromedp.KeyEvent(kb.Enter)))
	waitRun(t, ctx, run)
	at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.activeElement;
		return e.dataset.path + " " + e.value + " " + e.closest("details").open; })()`))
	must(t, err)
	if at != "certs[3].name cert true" {
		t.Errorf("after Add a certificate the focus is at %q, want the new certificate's name, unfolded", at)
	}
}

// TestProblemMarksItsFieldsInThePage: a problem of the bank as a whole marks
// the fields it is about, where the stale note says the problems are marked;
// it was said only in the bank's group line, with no field marked.
func TestProblemMarksItsFieldsInThePage(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#sni-default-certificate")
	pasteInto(t, ctx, "server.client_auth", "request")
	must(t, chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.getElementById("stale").textContent.includes("marked in the editor")`)))
	for _, path := range []string{"server.by_name.name", "server.client_auth"} {
		if _, problem, invalid := fieldState(t, ctx, path); !invalid || !strings.Contains(problem, "chooses its certificate by name cannot also ask for badges") {
			t.Errorf("%s: problem %q, aria-invalid %v: want it marked", path, problem, invalid)
		}
	}
	group, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const p = document.querySelector('[data-group="server"] > .gbody > .problem');
		return p.hidden ? "" : p.textContent; })()`))
	must(t, err)
	if group != "" {
		t.Errorf("the bank's group line says %q, marking no field", group)
	}
}

// TestBundleOrderInThePage: a bundle's list reads as the person typed it
// once the edit is made, and through its share link ("root, public" read
// "public, root").
func TestBundleOrderInThePage(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-group="client.env"]').open = true`)))
	const path = "client.env.REQUESTS_CA_BUNDLE.certs"
	typeInto(t, ctx, "client.env.REQUESTS_CA_BUNDLE", "ca.pem")
	run := readVerdict(t, ctx).Run
	typeInto(t, ctx, path, "root, public")
	waitRun(t, ctx, run)
	if got, problem, _ := fieldState(t, ctx, path); got != "root, public" || problem != "" {
		t.Errorf("after the edit the list reads %q (problem %q), want root, public", got, problem)
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("share"))))
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	must(t, err)
	fresh := newPage(t)
	must(t, chromedp.Do(fresh, chromedp.Navigate(link)))
	waitLoaded(t, fresh)
	if got, _, _ := fieldState(t, fresh, path); got != "root, public" {
		t.Errorf("the link's list reads %q, want root, public", got)
	}
}
