package ui

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// Every trust-check failure offers "What if I set verify=False?", which plays
// the same call with verify=False against an imposter: it connects, and the
// verdict says the parcel went to the imposter.
func TestVerifyFalseWhatIf(t *testing.T) {
	offered := 0
	for id, r := range allReports(t) {
		p := scenario.Lookup(id)
		if p == nil {
			continue
		}
		offers := OffersVerifyFalse(r.Trace)
		trust := p.Chapter == scenario.TrustCheck && !r.Trace.Outcome.OK && r.Trace.Scenario.Imposter == nil && r.Trace.Outcome.Side != nil && *r.Trace.Outcome.Side == handshake.Client
		if offers && !trust {
			t.Errorf("%s: offered, but it is no trust-check failure", id)
		}
		if !offers {
			continue
		}
		offered++
		w := VerifyFalseWhatIf(r.Trace.Scenario)
		tr, err := handshake.Run(t.Context(), w)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		e := explain.Explain(tr)
		if !tr.Outcome.OK || tr.Outcome.Reason != handshake.InsecureSkipVerify || !strings.Contains(e.Headline, "imposter") {
			t.Errorf("%s with verify=False and an imposter: ok=%v %s %q", id, tr.Outcome.OK, tr.Outcome.Reason, e.Headline)
		}
		if r.Trace.Scenario.Imposter != nil || r.Trace.Scenario.Client.Verify == scenario.VerifyFalse {
			t.Errorf("%s: the what-if changed the scenario it was made from", id)
		}
	}
	for _, id := range []string{"hostname-mismatch", "expired", "self-signed", "missing-intermediate"} {
		if !OffersVerifyFalse(allReports(t)[id].Trace) {
			t.Errorf("%s offers no verify=False what-if", id)
		}
	}
	if offered < 10 {
		t.Errorf("only %d stories offer it", offered)
	}
}
