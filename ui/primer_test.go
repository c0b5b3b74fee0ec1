package ui

import (
	"strings"
	"testing"
)

// A verdict links to the primer's section its story turns on.
func TestPrimerFor(t *testing.T) {
	trs := allTraces(t)
	for _, tt := range []struct{ preset, anchor string }{
		{"internal-ca-default-bundle", PrimerCertifi},
		{"corporate-proxy", PrimerCertifi},
		// REQUESTS_CA_BUNDLE overrides the Session's bundle: not certifi's.
		{"env-bundle-overrides-session", PrimerEnv},
		{"untrusted-root", PrimerBundle},
		{"missing-intermediate", PrimerBundle},
		{"self-signed", PrimerEnv},
		{"custom-ca-bundle", PrimerEnv},
		{"verify-false-mitm", PrimerWho},
		{"mtls-no-cert", PrimerWho},
		{"hostname-mismatch", PrimerWho},
	} {
		if got := PrimerFor(trs[tt.preset]); got.Anchor != tt.anchor || got.Text == "" {
			t.Errorf("%s: primer %+v, want %s", tt.preset, got, tt.anchor)
		}
	}
	for id := range trs {
		if l := VerdictFor(allReports(t)[id], "requests").Primer; l.Anchor == "" || l.Text == "" {
			t.Errorf("%s: no primer link", id)
		}
	}
}

// With truststore, requests reads the machine's store besides certifi's
// bundle: an unknown authority's link does not say requests trusts certifi
// alone.
func TestPrimerForTruststore(t *testing.T) {
	tr := *allTraces(t)["internal-ca-default-bundle"]
	s := *tr.Scenario
	s.Client.Truststore = true
	tr.Scenario = &s
	if got := PrimerFor(&tr); got.Anchor == PrimerCertifi || strings.Contains(got.Text, "certifi") {
		t.Errorf("with truststore: primer %+v, want no link to certifi alone", got)
	}
}
