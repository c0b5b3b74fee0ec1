package handshake

import (
	"context"
	"reflect"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// A run that leaves its messages' fields for later (Material.DeferFields,
// an edit's) has, once FillFields is done, the very steps the analysis of
// the same bytes gives with every field decoded at once; before it, the
// same steps without the messages' fields.
func TestDeferFields(t *testing.T) {
	for _, id := range []string{
		"verify-true",             // TLS 1.3, a chain
		"revoked-leaf",            // revocation facts on the certificates
		"hostname-mismatch",       // a check that fails, an alert
		"pq-bank-classic-courier", // a HelloRetryRequest
		"3des-only-bank",          // TLS 1.2, protected from its ChangeCipherSpec
		"tls10-bank",              // TLS 1.0, no signature algorithm named
		"tls-version-mismatch",    // no common version
		"mtls-ok",                 // a badge, and the bank's checks of it
		"mtls-no-cert",            // an empty Certificate from the courier
	} {
		m, err := NewMaterial(scenario.Lookup(id).At(scenario.PresetClock))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		m.DeferFields = true
		tr, err := m.Run(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		m.DeferFields = false
		eager := &Trace{Scenario: tr.Scenario, Segments: tr.Segments, KeyLog: tr.KeyLog}
		if err := m.analyse(eager, &result{}, &result{}, nil); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if len(tr.Steps) != len(eager.Steps) {
			t.Fatalf("%s: %d steps deferred, %d at once", id, len(tr.Steps), len(eager.Steps))
		}
		deferred := 0
		for i, st := range tr.Steps {
			want := eager.Steps[i]
			if st.Kind == KindMessage && st.Fields == nil {
				deferred++
				want.Fields = nil
			}
			if !reflect.DeepEqual(st, want) {
				t.Errorf("%s: step %d (%s) before FillFields:\n%+v\nat once:\n%+v", id, i, label(st), st, eager.Steps[i])
			}
		}
		if deferred == 0 {
			t.Errorf("%s: no message was left without its fields", id)
		}
		tr.FillFields()
		if !reflect.DeepEqual(tr.Steps, eager.Steps) {
			t.Errorf("%s: the steps filled in differ from those decoded at once", id)
		}
		checkSteps(t, tr)
	}
}
