package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/pki"
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
		w := VerifyFalseWhatIf(r.Trace.Scenario, explain.Requests)
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

// A trust-check failure whose what-if could not be played offers none: a
// pasted chain's (its scenario serves no certificates of its own: the twin is
// the one to play) and a scenario with no room left for the imposter's
// certificate.
func TestNoVerifyFalseWhatIfToPlay(t *testing.T) {
	s := scenario.Lookup("expired").At(scenario.PresetClock)
	tr, err := handshake.Run(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	var chain []byte
	for _, st := range tr.Steps {
		if st.Side == handshake.Server && st.IsMessage(wire.TypeCertificate) {
			for _, c := range st.Certs {
				chain = append(chain, c.PEM...)
			}
		}
	}
	ins, err := handshake.Inspect(handshake.ChainInput{Chain: chain, Name: s.Client.Dial, Now: s.Now})
	if err != nil {
		t.Fatal(err)
	}
	if ins.Trace.Outcome.OK || OffersVerifyFalse(ins.Trace) {
		t.Errorf("a pasted chain refused (%s) offers a what-if of a scenario that serves nothing", ins.Trace.Outcome.Reason)
	}

	full := s.Clone()
	for i := len(full.Certs); i < scenario.MaxCerts; i++ {
		full.Certs = append(full.Certs, pki.Spec{Name: fmt.Sprintf("spare%d", i), CommonName: "spare", NotBefore: -1, NotAfter: 1, Key: pki.ECDSAP256})
	}
	if err := full.Validate(); err != nil {
		t.Fatal(err)
	}
	tr, err = handshake.Run(t.Context(), full)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Outcome.Reason != handshake.Expired || OffersVerifyFalse(tr) {
		t.Errorf("a scenario of %d certificates (%s) offers a what-if of %d", len(full.Certs), tr.Outcome.Reason, len(full.Certs)+1)
	}
}
