package explain

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// Every reason has its words, its fix and its row of client predictions.
func TestTablesCoverEveryReason(t *testing.T) {
	for _, r := range handshake.Reasons() {
		w, ok := explanations[r]
		if !ok || w.headline == "" || w.analogy == "" || w.technical == "" {
			t.Errorf("%s: no explanation", r)
		}
		if f, ok := fixes[r]; !ok || f.summary == "" || (f.side != "client" && f.side != "server") {
			t.Errorf("%s: no fix", r)
		}
		row, ok := clientTable[r]
		if !ok {
			t.Errorf("%s: no client row", r)
			continue
		}
		if row.shape == chainErr && row.x509.num == 0 {
			t.Errorf("%s: a chain failure without OpenSSL's error", r)
		}
		for k := range row.except {
			if !strings.Contains(strings.Join(ClientKeys, " "), k) {
				t.Errorf("%s: exception for unknown client %q", r, k)
			}
		}
	}
}

func run(t *testing.T, s *scenario.Scenario) *handshake.Trace {
	t.Helper()
	tr, err := handshake.Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// leftover finds a {name} that looks like a template's; checkFilled reports those
// the facts know (a fact missing for one scenario), leaving the run-to-run
// placeholders, and Go code's braces, alone.
var leftover = regexp.MustCompile(`\{[a-z_]+\}`)

func checkFilled(t *testing.T, where, s string) {
	t.Helper()
	for _, m := range leftover.FindAllString(s, -1) {
		if factNames[m[1:len(m)-1]] {
			t.Errorf("%s: unfilled %s in %q", where, m, s)
		}
	}
}

// factNames are every name newFacts sets for some preset.
var factNames = func() map[string]bool {
	names := map[string]bool{}
	for _, p := range scenario.Presets {
		tr, err := handshake.Run(context.Background(), p.Scenario())
		if err != nil {
			panic(err)
		}
		for k := range newFacts(tr).vars {
			names[k] = true
		}
	}
	return names
}()

// Every preset gets a complete explanation and a verdict from every client; Go's
// verdict agrees with the trace, and the others agree with Go unless a note says
// why not.
func TestPresetsExplained(t *testing.T) {
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			tr := run(t, p.Scenario())
			Annotate(tr)
			e := tr.Outcome.Explain.(*Explanation)
			if e.Reason != tr.Outcome.Reason.String() {
				t.Errorf("explanation for %s, outcome %s", e.Reason, tr.Outcome.Reason)
			}
			js, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			checkFilled(t, "explanation", string(js))
			for _, field := range []string{e.Headline, e.Analogy, e.Technical, e.Fix.Summary, e.Fix.Wrong, e.Fix.Right, e.Fix.Curl, e.Fix.OpenSSL, e.Fix.Node, e.Fix.Go} {
				if field == "" {
					t.Errorf("empty field in %s", js)
				}
			}
			cs := tr.Outcome.Clients.(map[string]ClientVerdict)
			if len(cs) != len(ClientKeys) {
				t.Errorf("%d clients, want %d", len(cs), len(ClientKeys))
			}
			goOK := tr.Outcome.OK
			for _, k := range ClientKeys {
				v, ok := cs[k]
				if !ok || v.Message == "" {
					t.Errorf("%s: no verdict", k)
					continue
				}
				checkFilled(t, k, v.Message+v.Class+v.Note)
				if k == GoNetHTTP && v.OK != goOK {
					t.Errorf("go: ok=%v, the trace says %v", v.OK, goOK)
				}
				if v.OK != goOK && v.Note == "" {
					t.Errorf("%s disagrees with Go without a note", k)
				}
				if !v.OK && v.Class == "" {
					t.Errorf("%s: a refusal without a class", k)
				}
			}
		})
	}
}

// The fix, applied to the scenario, makes Go's handshake succeed; for verify=False
// the fix is verification, which then refuses the imposter.
func TestFixesWork(t *testing.T) {
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			tr := run(t, p.Scenario())
			fixed, side, ok := Fixed(tr)
			if tr.Outcome.OK && tr.Outcome.Reason == handshake.OK {
				if ok && Clients(run(t, fixed))[Curl].OK != true {
					t.Errorf("the fix for weak keys does not satisfy OpenSSL")
				}
				return
			}
			if !ok {
				t.Fatalf("no fix for %s", tr.Outcome.Reason)
			}
			if side != fixes[tr.Outcome.Reason].side {
				t.Errorf("side %q", side)
			}
			after := run(t, fixed)
			if tr.Outcome.Reason == handshake.InsecureSkipVerify {
				if after.Outcome.OK {
					t.Errorf("verify=True accepted the imposter")
				}
				return
			}
			if !after.Outcome.OK || after.Outcome.Reason != handshake.OK {
				t.Errorf("after the fix: %s (%s)", after.Outcome.Reason, after.Outcome.Detail)
			}
		})
	}
}

func TestPyRepr(t *testing.T) {
	for in, want := range map[string]string{
		"plain":          "'plain'",
		"it's":           `"it's"`,
		`say "it's"`:     `'say "it\'s"'`,
		`back\slash`:     `'back\\slash'`,
		"hostname 'a' x": `"hostname 'a' x"`,
	} {
		if got := pyRepr(in); got != want {
			t.Errorf("pyRepr(%q) = %s, want %s", in, got, want)
		}
	}
}
