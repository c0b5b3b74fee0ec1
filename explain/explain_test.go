package explain

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// Every reason has its words, its fix and its row of client predictions.
func TestTablesCoverEveryReason(t *testing.T) {
	for _, r := range handshake.Reasons() {
		var w words
		if int(r) < len(explanations) {
			w = explanations[r]
		}
		if w.headline == "" || w.analogy == "" || w.technical == "" {
			t.Errorf("%s: no explanation", r)
		}
		if int(r) >= len(fixes) || fixes[r].summary == "" || (fixes[r].side != "client" && fixes[r].side != "server") {
			t.Errorf("%s: no fix", r)
		}
		if int(r) >= len(clientTable) || clientTable[r].shape == 0 {
			t.Errorf("%s: no client row", r)
			continue
		}
		row := clientTable[r]
		if row.shape == chainErr && row.x509.num == 0 {
			t.Errorf("%s: a chain failure without OpenSSL's error", r)
		}
		for _, e := range row.except {
			if k := e.client; !strings.Contains(strings.Join(ClientKeys, " "), k) {
				t.Errorf("%s: exception for unknown client %q", r, k)
			}
		}
	}
}

// Every {placeholder} of every table names a value the facts have (or, in a
// client's message, one that changes from run to run): a typo in the words
// fails here, whether or not a story renders them.
func TestTemplatesNameKnownValues(t *testing.T) {
	var templates []string
	add := func(w words) { templates = append(templates, w.headline, w.analogy, w.technical, w.tellApart) }
	for _, w := range explanations {
		add(w)
	}
	add(imposterWords)
	for _, byPlace := range placedAnalogies {
		for _, a := range byPlace {
			templates = append(templates, a)
		}
	}
	for _, tmpl := range skipVerifyChecks {
		templates = append(templates, tmpl)
	}
	for _, tmpl := range cipherWords {
		templates = append(templates, tmpl)
	}
	for _, table := range []map[handshake.Reason]string{thenWords, thenCAWords} {
		for _, tmpl := range table {
			templates = append(templates, tmpl)
		}
	}
	for _, tmpl := range thenRefused {
		templates = append(templates, tmpl)
	}
	for _, rule := range append(fixes[:], imposterFix) {
		templates = append(templates, rule.summary)
		for _, tmpl := range rule.cases {
			templates = append(templates, tmpl)
		}
	}
	var messages []string
	for _, row := range clientTable {
		for _, v := range row.except {
			templates = append(templates, v.class, v.note)
			messages = append(messages, v.message)
		}
	}
	for _, tmpl := range templates {
		for _, m := range findPlaceholders(tmpl) {
			if _, ok := varIndex()[m]; !ok {
				t.Errorf("%s names no value: %q", m, tmpl)
			}
		}
	}
	for _, tmpl := range messages {
		for _, m := range findPlaceholders(tmpl) {
			if _, ok := varIndex()[m]; !ok && !runToRun[m] {
				t.Errorf("%s names no value: %q", m, tmpl)
			}
		}
	}
	if _, untagged := varIndex()["{}"]; untagged || len(varIndex()) != reflect.TypeFor[vars]().NumField()-1 { // all but the blank field
		t.Errorf("the fields of vars do not each have a placeholder of their own: %v", varIndex())
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

// checkRendered renders the trace's explanation and client verdicts and checks
// them whole: the renderer filled every placeholder (its own record, and a look at
// the text), only a client's message keeps the run-to-run ones, and every field
// the reason calls for says something.
func checkRendered(t *testing.T, tr *handshake.Trace) (*Explanation, map[string]ClientVerdict) {
	t.Helper()
	f := newFacts(tr)
	e, cs := f.explanation(), f.clients()
	if len(f.unfilled) > 0 {
		t.Errorf("the renderer left %v unfilled", f.unfilled)
	}
	// Fix.Go is Go code, whose braces ([]tls.Certificate{pair}) are not
	// placeholders.
	prose := *e
	prose.Fix.Go = ""
	js, err := json.Marshal(prose)
	if err != nil {
		t.Fatal(err)
	}
	if m := findPlaceholders(string(js)); len(m) > 0 {
		t.Errorf("placeholders %v in the explanation %s", m, js)
	}
	if e.Reason != tr.Outcome.Reason.String() {
		t.Errorf("explanation for %s, outcome %s", e.Reason, tr.Outcome.Reason)
	}
	for _, field := range []string{e.Headline, e.Analogy, e.Technical, e.Fix.Summary, e.Fix.Side, e.Fix.Wrong, e.Fix.Right, e.Fix.Curl, e.Fix.OpenSSL, e.Fix.Node, e.Fix.Go} {
		if strings.TrimSpace(field) == "" {
			t.Errorf("empty field in %s", js)
		}
	}
	if (e.TellApart == "") != (explanations[tr.Outcome.Reason].tellApart == "") {
		t.Errorf("tell-apart %q for %s", e.TellApart, tr.Outcome.Reason)
	}
	if len(cs) != len(ClientKeys) {
		t.Errorf("%d clients, want %d", len(cs), len(ClientKeys))
	}
	for _, k := range ClientKeys {
		v, ok := cs[k]
		if !ok || v.Message == "" {
			t.Errorf("%s: no verdict", k)
			continue
		}
		for _, m := range findPlaceholders(v.Message) {
			if !runToRun[m] {
				t.Errorf("%s: unfilled %s in %q", k, m, v.Message)
			}
		}
		if m := findPlaceholders(v.Class + v.Note); len(m) > 0 {
			t.Errorf("%s: placeholders %v in %q / %q", k, m, v.Class, v.Note)
		}
		if !v.OK && v.Class == "" && !strings.HasPrefix(v.Note, noFiner) {
			t.Errorf("%s: a refusal without a class", k)
		}
	}
	return e, cs
}

// Every preset gets a complete explanation and a verdict from every client; Go's
// verdict agrees with the trace, and the others agree with Go unless a note says
// why not.
func TestPresetsExplained(t *testing.T) {
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			tr := run(t, p.At(scenario.PresetClock))
			_, cs := checkRendered(t, tr)
			if r := NewReport(tr); !reflect.DeepEqual(r.Explanation, Explain(tr)) || !reflect.DeepEqual(r.Clients, cs) || r.Trace != tr {
				t.Errorf("NewReport and Explain/Clients differ")
			}
			goOK := tr.Outcome.OK
			for _, k := range ClientKeys {
				v := cs[k]
				// Go's client reads another bundle than the courier on
				// screen (requests') in the stories of the environment.
				if k == GoNetHTTP && v.OK != goOK && !newFacts(tr).readsOtherBundle(k) {
					t.Errorf("go: ok=%v, the trace says %v", v.OK, goOK)
				}
				if v.OK != goOK && v.Note == "" {
					t.Errorf("%s disagrees with Go without a note", k)
				}
			}
		})
	}
}

// bothSides are the presets whose cure changes both sides: the courier starts
// checking revocation, and then the bank must replace what its CA revoked.
var bothSides = map[string]bool{"revoked-leaf": true, "revoked-intermediate": true}

// The fix, applied to the scenario, makes Go's handshake succeed; for verify=False
// the fix is verification, which then refuses the imposter.
func TestFixesWork(t *testing.T) {
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			tr := run(t, p.At(scenario.PresetClock))
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
			wantSide := fixes[tr.Outcome.Reason].side
			if bothSides[p.ID] {
				wantSide = "both"
			}
			if side != wantSide {
				t.Errorf("side %q, want %q", side, wantSide)
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

// The predictions follow the scenario, not the preset's id: an edited story gets
// the words its versions, names and keys call for (the proof in package clients
// checks these variants against the real clients).
func TestPredictionsFollowTheScenario(t *testing.T) {
	for _, c := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		client       string
		want         string // in the class and message
	}{
		{"TLS 1.3 badge refusal on the first read", "mtls-no-cert", func(*scenario.Scenario) {}, Curl, "curl: (56)"},
		{"TLS 1.2 badge refusal in the handshake", "mtls-no-cert", func(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }, Curl, "curl: (35)"},
		{"TLS 1.2 badge refusal in Node", "mtls-no-cert", func(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }, Node, "write EPROTO"},
		{"Go sends no badge its bank did not ask for (1.2)", "mtls-wrong-ca", func(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }, GoNetHTTP, "remote error: tls: handshake failure"},
		{"two names", "hostname-mismatch", func(s *scenario.Scenario) {
			s.Spec(scenario.Leaf).DNSNames = []string{"www.bankofamerica.com", "bankofamerica.net"}
		}, Requests1, "doesn't match either of 'www.bankofamerica.com', 'bankofamerica.net'"},
		{"weak intermediate", "verify-true", func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).Key = pki.RSA1024 }, Curl, "CA certificate key too weak"},
		{"verify=False shows what checking would have said", "self-signed", func(s *scenario.Scenario) { s.Client.Verify = scenario.VerifyFalse }, OpenSSL, "Verify return code: 18 (self-signed certificate)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := scenario.Lookup(c.preset).At(scenario.PresetClock)
			c.edit(s)
			v := Clients(run(t, s))[c.client]
			if got := v.Class + " " + v.Message; !strings.Contains(got, c.want) {
				t.Errorf("%s says %q, want %q in it", c.client, got, c.want)
			}
		})
	}
}

// placeholders finds exactly what `\{[a-z_]+\}` matches, and leaves the rest.
func TestPlaceholders(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"no braces", nil},
		{"{a} and {b_c}", []string{"{a}", "{b_c}"}},
		{"{{port}}", []string{"{port}"}},
		{"{Port} {} {po rt} {port", nil},
		{"x{a}{b}y", []string{"{a}", "{b}"}},
		{"{a{b}", []string{"{b}"}},
		{"json {\"k\": 1} then {line}", []string{"{line}"}},
	} {
		if got := findPlaceholders(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.want)
		}
		if got := placeholders(tc.in, func(m string) string { return m }); got != tc.in {
			t.Errorf("%q: replacing each with itself gives %q", tc.in, got)
		}
	}
	if got := placeholders("port {port}, line {line}", strings.ToUpper); got != "port {PORT}, line {LINE}" {
		t.Errorf("replaced: %q", got)
	}
}
