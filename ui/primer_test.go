package ui

import "testing"

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
