package flow

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/scenario"
)

// exported is a story's chain and trust as its export set writes them.
func exported(t testing.TB, id string) Chain {
	t.Helper()
	s := scenario.Lookup(id).At(scenario.PresetClock)
	set, err := export.Build(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return Chain{Name: s.Client.Dial, Time: s.Now, Chain: set.File(export.ServerChainFile), Roots: set.File(export.CAFile)}
}

// A pasted chain's answer, as tlsplay inspect --json prints it and the page's
// tlsplay.inspect returns it: Go's verdict and reason ("ok" when it
// verifies), the checks, every certificate, the explanation and each client's
// words; its twin plays through the same engine to the same verdict.
func TestInspectAnswer(t *testing.T) {
	e := newEngine(t)
	for _, id := range []string{"verify-true", "hostname-mismatch", "expired", "missing-intermediate"} {
		t.Run(id, func(t *testing.T) {
			story := scenario.Lookup(id).At(scenario.PresetClock)
			want, err := e.Answer(context.Background(), Scenario{story})
			if err != nil {
				t.Fatal(err)
			}
			ans, err := e.Inspect(context.Background(), exported(t, id))
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(ans)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				OK           bool   `json:"ok"`
				Reason       string `json:"reason"`
				Checks       []struct{ Name string }
				Certificates []struct {
					Subject, SHA256, SHA1 string
				}
				Chain   []struct{ From string }
				Explain *explain.Explanation
				Clients map[string]explain.ClientVerdict
				Twin    *struct{ Scenario json.RawMessage }
			}
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			o := want.Report.Trace.Outcome
			if got.OK != o.OK || got.Reason != o.Reason.String() {
				t.Errorf("ok %v reason %q, the story: %v %s", got.OK, got.Reason, o.OK, o.Reason)
			}
			if len(got.Checks) == 0 || len(got.Certificates) != len(story.Server.Send) || got.Certificates[0].SHA1 == "" {
				t.Errorf("%d checks, certificates %+v", len(got.Checks), got.Certificates)
			}
			if got.Explain == nil || got.Explain.Reason != got.Reason || got.Explain.Headline == "" {
				t.Errorf("explanation %+v", got.Explain)
			}
			for _, k := range explain.ClientKeys {
				if _, ok := got.Clients[k]; !ok {
					t.Errorf("no verdict for %s", k)
				}
			}
			if got.Twin == nil {
				t.Fatal("no twin")
			}
			s, err := scenario.ParseJSON(got.Twin.Scenario)
			if err != nil {
				t.Fatalf("the twin does not read back: %v", err)
			}
			run, err := e.Answer(context.Background(), Scenario{s})
			if err != nil {
				t.Fatal(err)
			}
			if ro := run.Report.Trace.Outcome; ro.OK != got.OK || ro.Reason.String() != got.Reason {
				t.Errorf("the twin: %v %s", ro.OK, ro.Reason)
			}
			// The page gets the same, and the report it draws.
			page, err := ans.PageJSON()
			if err != nil {
				t.Fatal(err)
			}
			var p struct {
				Inspection json.RawMessage
				Report     explain.Report
			}
			if err := json.Unmarshal(page, &p); err != nil {
				t.Fatal(err)
			}
			if string(p.Inspection) != string(b) || p.Report.Trace.Outcome.Reason != ans.Inspection.Trace.Outcome.Reason || p.Report.Explanation == nil {
				t.Errorf("the page's answer differs: %s", page[:min(len(page), 300)])
			}
		})
	}
}

// Input with nothing to verify is one sentence, not an answer.
func TestInspectRefuses(t *testing.T) {
	e := newEngine(t)
	for name, c := range map[string]Chain{
		"no certificate":      {Chain: []byte("hello")},
		"2 MB of junk":        {Chain: []byte(strings.Repeat("x", 2<<20))},
		"a key alone":         {Chain: []byte("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")},
		"a damaged bundle":    {Chain: exported(t, "verify-true").Chain, Roots: []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")},
		"a host that is none": {Chain: exported(t, "verify-true").Chain, Name: "bank..example"},
	} {
		c.Time = time.Now()
		ans, err := e.Inspect(context.Background(), c)
		if err == nil || ans != nil {
			t.Errorf("%s: answered", name)
			continue
		}
		if msg := err.Error(); strings.Count(msg, ". ") > 0 || strings.Contains(msg, "x509") {
			t.Errorf("%s: %q is not one sentence in words", name, msg)
		}
	}
}

// A private key pasted with the chain is said first in the text for a
// terminal, once: not after the whole answer.
func TestInspectTextSaysAKeyFirst(t *testing.T) {
	e := newEngine(t)
	c := exported(t, "verify-true")
	c.Chain = append(c.Chain, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSecretSecret\n-----END PRIVATE KEY-----\n"...)
	ans, err := e.Inspect(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := ans.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "note: A private key was pasted too") || strings.Count(b.String(), "A private key") != 1 || strings.Contains(b.String(), "SecretSecret") {
		t.Errorf("the text begins:\n%s", strings.Join(lines[:min(4, len(lines))], "\n"))
	}
}
