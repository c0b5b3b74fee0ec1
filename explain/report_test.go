package explain

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// A report's JSON is the trace's, with the explanation and the client
// verdicts in the outcome (the paths the README documents for `tlsplay run
// --json`), and it reads back to the same report.
func TestReportJSON(t *testing.T) {
	for _, id := range []string{"verify-true", "expired", "mtls-no-cert", "mtls-key-mismatch"} {
		t.Run(id, func(t *testing.T) {
			tr := run(t, scenario.Lookup(id).At(scenario.PresetClock))
			r := NewReport(tr)
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := json.Marshal(tr)
			if err != nil {
				t.Fatal(err)
			}
			var got, want map[string]any
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(plain, &want); err != nil {
				t.Fatal(err)
			}
			outcome, _ := got["outcome"].(map[string]any)
			for _, k := range []string{"explain", "clients"} {
				if outcome[k] == nil {
					t.Errorf("outcome.%s is missing", k)
				}
				delete(outcome, k)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("beside outcome.explain and outcome.clients, the report's JSON is not the trace's: keys %v, want %v",
					slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
			}

			var back Report
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back.Explanation, r.Explanation) || !reflect.DeepEqual(back.Clients, r.Clients) ||
				!reflect.DeepEqual(back.Trace.Outcome, tr.Outcome) || !reflect.DeepEqual(back.Trace.Steps, tr.Steps) ||
				!reflect.DeepEqual(back.Trace.Offered, tr.Offered) || back.Trace.Negotiated != tr.Negotiated {
				t.Error("the report does not read back as it was written")
			}
		})
	}
	var bare Report
	if err := json.Unmarshal([]byte(`{"steps": [], "outcome": {"reason": "ok", "explain": null}}`), &bare); err != nil ||
		bare.Explanation != nil || bare.Clients != nil || bare.Trace == nil {
		t.Errorf("a bare trace reads as %+v, %v", bare, err)
	}
	if _, err := json.Marshal(&Report{}); err == nil {
		t.Error("a report without a trace was written")
	}
}
