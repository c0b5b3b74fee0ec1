package handshake

import (
	"strings"
	"testing"
)

// TestVariantOutcomes is TestPresetOutcomes for the variants: TLS 1.2, other cipher
// suites, a HelloRetryRequest and negotiations that fail. A failed negotiation
// must end in its alert, not in a timeout.
func TestVariantOutcomes(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			if want, ok := expected[strings.TrimSuffix(v.name, "@1.2")]; ok {
				// A preset played in TLS 1.2: that changes when a badge is refused
				// (the courier waits for the bank's Finished), never why.
				stage := want.stage
				if stage == StageFirstRead {
					stage = StageHandshake
				}
				if v.preset != strings.TrimSuffix(v.name, "@1.2") || v.reason != want.reason || !want.ok && (v.side != want.side || v.stage != stage) {
					t.Fatalf("the TLS 1.2 variant expects %s by %s at %s; the preset %s by %s at %s",
						v.reason, v.side, v.stage, want.reason, want.side, want.stage)
				}
			}
			tr := cachedTrace(t, tcase{v.name, v.scenario(t)})
			o := tr.Outcome
			wantOK := v.reason == OK
			if o.OK != wantOK || o.Reason != v.reason {
				t.Fatalf("ok=%v reason=%s, want ok=%v reason=%s\nclient: %s\nserver: %s\ndetail: %s\n%s",
					o.OK, o.Reason, wantOK, v.reason, o.ClientError, o.ServerError, o.Detail, stepList(tr))
			}
			if !wantOK {
				if o.Side == nil || *o.Side != v.side || o.Stage != v.stage {
					t.Errorf("refused by %v at %s, want %s at %s", o.Side, o.Stage, v.side, v.stage)
				}
			}
			if o.Alert != v.alert {
				t.Errorf("alert %q, want %q", o.Alert, v.alert)
			}
			if v.alert != "" {
				// The alert is on the wire as a step too, from the side that refused.
				if find(tr, 0, v.side.String()+" alert: "+v.alert) < 0 {
					t.Errorf("no %s alert %s among the steps:\n%s", v.side, v.alert, stepList(tr))
				}
			}
			if v.suite != "" && tr.CipherSuite != v.suite {
				t.Errorf("cipher suite %s, want %s", tr.CipherSuite, v.suite)
			}
		})
	}
}
