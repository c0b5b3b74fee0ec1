package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
)

// shownField is an editor input as the page shows it (or, from the editor,
// as it should).
type shownField struct {
	Path, Kind, Value, Label, Problem string
	// Wired: aria-describedby names the input's problem line (first, before
	// its hint), and its id is no other element's.
	Wired bool
}

// readForm reads every input of the editor, in order: a set of checkboxes
// as one, its value the picked values joined.
func readForm(t *testing.T, ctx context.Context) []shownField {
	t.Helper()
	fields, err := chromedp.Run(ctx, chromedp.Evaluate[[]shownField](`[...document.querySelectorAll("#editor [data-path]:is(input, select, textarea, fieldset)")]
		.filter(e => !(e.tagName === "INPUT" && e.dataset.kind === "checks"))
		.map(e => {
			// Its problem line first, then its hint if it has one.
			const msg = document.getElementById((e.getAttribute("aria-describedby") || "").split(" ")[0]);
			const checks = e.tagName === "FIELDSET";
			return {
				Path: e.dataset.path,
				Kind: checks ? "checks" : e.dataset.kind,
				Value: checks ? [...e.querySelectorAll("input:checked")].map(b => b.value).sort().join(",")
					: e.type === "checkbox" ? String(e.checked) : e.value,
				Label: checks ? e.querySelector(":scope > legend")?.textContent || "" : [...e.labels].map(l => l.textContent).join(" "),
				Problem: msg && !msg.hidden ? msg.textContent : "",
				Wired: !!msg && msg.classList.contains("problem") && !!e.id && document.querySelectorAll("#" + CSS.escape(e.id)).length === 1,
			};
		})`))
	must(t, err)
	return fields
}

// wantForm is what the editor of s should show.
func wantForm(s *scenario.Scenario) []shownField {
	var out []shownField
	for _, g := range ui.NewEditor(s).Form() {
		for _, in := range g.Inputs {
			f := shownField{Path: in.Path, Kind: string(in.Kind), Value: in.Value, Label: in.Label, Problem: strings.Join(in.Problems, " · "), Wired: true}
			switch in.Kind {
			case ui.Checks:
				var picked []string
				for _, v := range strings.Split(in.Value, ",") {
					if v = strings.TrimSpace(v); v != "" {
						picked = append(picked, v)
					}
				}
				slices.Sort(picked)
				f.Value = strings.Join(picked, ",")
			case ui.Check:
				f.Value = fmt.Sprint(in.Value == "true")
			}
			out = append(out, f)
		}
	}
	return out
}

// Opening stories of other shapes (other certificates) builds the editor
// anew but for the groups that keep their shape, whose values change in
// place: either way every input shows the story's value, is labelled and
// wired to its problem line, as the editor lays the story out.
func TestEditorShapes(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	for _, id := range []string{"verify-true", "mtls-ok", "expired", "name-constraints", "verify-true"} {
		if id != "verify-true" || run > 1 {
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.preset[data-preset=%q]`, id)))))
			run = waitRun(t, ctx, run)
		}
		// In the editor's order but for the advanced inputs, which fold together.
		byPath := func(a, b shownField) int { return strings.Compare(a.Path, b.Path) }
		got, want := readForm(t, ctx), wantForm(scenario.Lookup(id).Scenario())
		slices.SortFunc(got, byPath)
		slices.SortFunc(want, byPath)
		if len(got) != len(want) {
			t.Errorf("%s: the editor shows %d inputs, want %d", id, len(got), len(want))
		}
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("%s: input %d is\n%+v, want\n%+v", id, i, got[i], want[i])
			}
		}
		// Each group says its title and note, and is named by its title.
		groups, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#editor .group")].map(g => [
			g.dataset.group, g.querySelector(".gtitle").textContent, g.querySelector(".gnote").textContent,
			g.querySelector(":scope > .gbody").getAttribute("aria-label"), g.querySelector(".remove")?.getAttribute("aria-label") || ""].join(" | "))`))
		must(t, err)
		var wantGroups []string
		for _, g := range ui.NewEditor(scenario.Lookup(id).Scenario()).Form() {
			remove := ""
			if g.Removable {
				remove = "Remove " + g.Title
			}
			wantGroups = append(wantGroups, strings.Join([]string{g.ID, g.Title, g.Note, g.Title, remove}, " | "))
		}
		if !slices.Equal(groups, wantGroups) {
			t.Errorf("%s: the groups are\n%q, want\n%q", id, groups, wantGroups)
		}
	}
}

// Typing in a field re-runs the handshake on every keystroke and leaves the
// field as it was: the same element, focused, its caret where the key put
// it, and a selection made while the runs come stays.
func TestEditKeepsCaret(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	sel := chromedp.CSS(`[data-path="client.dial"]`)
	must(t, chromedp.Do(ctx, chromedp.Focus(sel), chromedp.Evaluate[chromedp.Void](`(() => {
		const e = document.querySelector('[data-path="client.dial"]');
		e.tlsplayMark = true;
		e.setSelectionRange(4, 4); // bank|.example
	})()`)))
	must(t, chromedp.Do(ctx, chromedp.KeyEvent("s")))
	run = waitRun(t, ctx, run)
	// Once the run is drawn, the inspector too.
	must(t, chromedp.Do(ctx, chromedp.Poll[chromedp.Void](fmt.Sprintf(`+document.getElementById("inspector").dataset.run === %d`, run))))
	type state struct {
		Same          bool
		Value, Reason string
		Start, End    int
	}
	read := func() state {
		st, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => { const e = document.activeElement;
			return {Same: !!e.tlsplayMark, Value: e.value, Start: e.selectionStart, End: e.selectionEnd,
				Reason: document.getElementById("verdict").dataset.reason}; })()`))
		must(t, err)
		return st
	}
	if st := read(); st != (state{true, "banks.example", "hostname_mismatch", 5, 5}) {
		t.Errorf("after typing s: %+v, want the same field, banks.example, the caret at 5, a hostname mismatch", st)
	}
	// A selection replaced by keys, each a run.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.setSelectionRange(0, 5)`)))
	must(t, chromedp.Do(ctx, chromedp.KeyEvent("bank")))
	waitReason(t, ctx, "ok")
	if st := read(); st != (state{true, "bank.example", "ok", 4, 4}) {
		t.Errorf("after typing bank over banks: %+v, want the same field, bank.example, the caret at 4, ok", st)
	}
	// An edit of another field, as a script makes it, redraws the editor
	// and leaves this field's selection alone.
	run = readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		document.activeElement.setSelectionRange(1, 3);
		const e = document.querySelector('[data-path="certs[2].not_after"]');
		e.value = "60x";
		e.dispatchEvent(new Event("input", {bubbles: true}));
	})()`)))
	_, problem, invalid := fieldState(t, ctx, "certs[2].not_after")
	for i := 0; i < 50 && !invalid; i++ {
		time.Sleep(20 * time.Millisecond)
		_, problem, invalid = fieldState(t, ctx, "certs[2].not_after")
	}
	if !invalid || problem == "" {
		t.Errorf("not_after 60x is not marked: invalid=%v %q", invalid, problem)
	}
	if st := read(); st != (state{true, "bank.example", "ok", 1, 3}) {
		t.Errorf("after an edit elsewhere: %+v, want the same field, bank.example, its selection 1-3", st)
	}
}

// TestHintsWhileTyping: on a phone each field's hint is read whole under it,
// wrapped, not cut off, and still there once the person types; a screen
// reader reads it with the field (aria-describedby). As placeholders the
// hints were cut off at 375 px ("empty: 443; changes only the comman…") and
// gone at the first key.
func TestHintsWhileTyping(t *testing.T) {
	ctx := newPage(t)
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(375, 800)))
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.ID("f-client-port")), chromedp.KeyEvent("8443")))
	waitRun(t, ctx, run)
	type hint struct {
		ID, Text  string
		Described bool
		Shown     bool // laid out, whole within its width and the screen's
	}
	hints, err := chromedp.Run(ctx, chromedp.Evaluate[[]hint](`[...document.querySelectorAll("#editor details.group[open] .fhint")].map(h => {
		const f = h.closest(".field"), c = f.querySelector("[aria-describedby]") || f, r = h.getBoundingClientRect();
		return {ID: h.id, Text: h.textContent, Described: (c.getAttribute("aria-describedby") || "").split(" ").includes(h.id),
			Shown: h.offsetHeight > 0 && h.scrollWidth <= h.clientWidth && r.left >= 0 && r.right <= window.innerWidth};
	})`))
	must(t, err)
	if len(hints) < 5 {
		t.Fatalf("%d hints under the open groups' fields: %+v", len(hints), hints)
	}
	port := false
	for _, h := range hints {
		if !h.Described || !h.Shown {
			t.Errorf("hint %+v: want it shown whole and describing its field", h)
		}
		port = port || h.ID == "f-client-port-hint" && h.Text == "empty: 443; changes only the commands shown"
	}
	if !port {
		t.Error("the port's hint is not under it once the person typed a port")
	}
}

// TestBackShowsFocusedValue: Back, with a field being typed in still
// focused, shows the story gone back to in that field too: it kept what was
// typed while the verdict went back, and an edit of another field then put
// the typed value back in unseen.
func TestBackShowsFocusedValue(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	want, _, _ := fieldState(t, ctx, "client.dial")
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`location.hash = "#expired"`)))
	run = waitRun(t, ctx, run)
	waitReason(t, ctx, "expired")
	sel := chromedp.CSS(`[data-path="client.dial"]`)
	must(t, chromedp.Do(ctx, chromedp.Focus(sel), chromedp.Evaluate[chromedp.Void](`document.activeElement.setSelectionRange(0, 0)`)))
	must(t, chromedp.Do(ctx, chromedp.KeyEvent("x")))
	waitRun(t, ctx, run)
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`history.back()`)))
	waitReason(t, ctx, "ok")
	type state struct {
		Focused bool
		Value   string
	}
	var st state
	for i := 0; i < 50; i++ {
		var err error
		st, err = chromedp.Run(ctx, chromedp.Evaluate[state](`(() => { const e = document.querySelector('[data-path="client.dial"]');
			return {Focused: document.activeElement === e, Value: e.value}; })()`))
		must(t, err)
		if st.Value == want {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !st.Focused || st.Value != want {
		t.Errorf("after Back to verify-true the dial field (focused: %v) shows %q, want the story's %q", st.Focused, st.Value, want)
	}
}

// TestDialURLReadAsHost: a URL pasted in Dials and committed with Enter (the
// field still focused) shows as the host it is read as, its port in the Port
// field, and the page says the path was left out, without repeating it: the
// field kept the whole URL while every command used the host alone.
func TestDialURLReadAsHost(t *testing.T) {
	ctx := newPage(t)
	open(t, ctx, "#verify-true")
	run := readVerdict(t, ctx).Run
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`[data-path="client.dial"]`)), chromedp.Evaluate[chromedp.Void](`document.activeElement.select()`)))
	must(t, chromedp.Do(ctx, chromedp.KeyEvent("https://bank.example:8443/api/v2?token=s3cret"), chromedp.KeyEvent("\r")))
	waitRun(t, ctx, run)
	type state struct {
		Focused      bool
		Dial, Port   string
		Notice       string
		NoticeHidden bool
	}
	var st state
	for i := 0; i < 100; i++ {
		var err error
		st, err = chromedp.Run(ctx, chromedp.Evaluate[state](`(() => { const d = document.querySelector('[data-path="client.dial"]'), n = document.getElementById("notice");
			return {Focused: document.activeElement === d, Dial: d.value, Port: document.querySelector('[data-path="client.port"]').value,
				Notice: n.textContent, NoticeHidden: n.hidden}; })()`))
		must(t, err)
		if st.Dial == "bank.example" && !st.NoticeHidden {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st.Dial != "bank.example" || st.Port != "8443" {
		t.Errorf("after Enter the dial field (focused: %v) shows %q and the port %q, want bank.example and 8443", st.Focused, st.Dial, st.Port)
	}
	if st.NoticeHidden || !strings.Contains(st.Notice, "left out") || strings.Contains(st.Notice, "s3cret") {
		t.Errorf("the page says %q (hidden: %v), want the path said left out and not repeated", st.Notice, st.NoticeHidden)
	}
}
