package ui_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
)

// The glance of an edit's answer, written as the engine's worker writes it
// (from the answer itself, before its head) and read as the page reads it,
// is through every client the verdict, heading and offer the page would draw
// from the answer's head: every story, and edits of one.
func TestGlance(t *testing.T) {
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	e.PlayOn(scenario.PresetClock)
	w := flow.NewWorkshop(e)
	var args []string
	for _, p := range scenario.Presets {
		args = append(args, p.ID)
	}
	// Edits of a story, as the page's editor sends them: a leaf that
	// expired, one for another name, one from a CA the courier does not trust.
	for _, edit := range []func(s *scenario.Scenario){
		func(s *scenario.Scenario) { s.Certs[2].NotAfter = -pki.Days(1) },
		func(s *scenario.Scenario) { s.Client.Dial = "www.bank.example" },
		func(s *scenario.Scenario) { s.Client.Dial = "vault.bank.example" },
		func(s *scenario.Scenario) { s.Certs[2].Issuer = "root" },
	} {
		s := scenario.Lookup("verify-true").Scenario()
		edit(s)
		b, err := tjson.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		args = append(args, string(b))
	}
	ok := 0
	for i, arg := range args {
		r := w.Handle(context.Background(), i, "edit", arg)
		if r.Err != nil {
			t.Fatalf("%.40s: %v", arg, r.Err)
		}
		glances := map[string]*ui.Glance{}
		for _, c := range explain.LensClients {
			b, err := ui.GlanceJSON(r.Report, c)
			if err != nil {
				t.Fatalf("%.40s through %s: %v", arg, c, err)
			}
			if glances[c], err = ui.DecodeGlance(b); err != nil {
				t.Fatalf("%.40s through %s: %v", arg, c, err)
			}
		}
		head, err := r.Head()
		if err != nil {
			t.Fatal(err)
		}
		rep, err := ui.DecodeReport([]byte(head))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range explain.LensClients {
			want := ui.Glance{Client: c, Verdict: ui.VerdictFor(rep, c), Scenario: rep.Trace.Scenario, OffersVerifyFalse: ui.OffersVerifyFalse(rep.Trace)}
			if got := glances[c]; !reflect.DeepEqual(*got, want) {
				t.Errorf("%.40s through %s: the glance differs from the head's:\n%+v\n%+v", arg, c, *got, want)
			}
		}
		if rep.Trace.Outcome.OK {
			ok++
		}
	}
	if ok == 0 || ok == len(args) {
		t.Errorf("%d of %d answers succeed: the glances are to tell both", ok, len(args))
	}
	if _, err := ui.DecodeGlance([]byte(`{"client":"curl"}`)); err == nil {
		t.Error("a glance without a scenario was read")
	}
}
