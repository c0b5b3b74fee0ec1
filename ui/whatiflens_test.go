package ui

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/explain"
)

// Under pip's lens the what-if offer, the what-if it plays and the primer's
// link speak pip's words (--trusted-host, its own copy of certifi), not
// requests' (verify=False, certifi.where(), requests.get), for every story;
// under requests' lens they stay requests'.
func TestWhatIfAndPrimerInPipsWords(t *testing.T) {
	requestsOnly := []string{"verify=False", "certifi.where()", "requests.get", "verify='", "Why requests"}
	for id, r := range allReports(t) {
		texts := []string{WhatIfQuestion(explain.Pip), VerdictFor(r, explain.Pip).Primer.Text}
		if OffersVerifyFalse(r.Trace) {
			w := VerifyFalseWhatIf(r.Trace.Scenario, explain.Pip)
			texts = append(texts, strings.TrimSuffix(w.Title, " ("+r.Trace.Scenario.Title+")"), w.Story)
			for _, c := range explain.LensClients {
				if err := VerifyFalseWhatIf(r.Trace.Scenario, c).Validate(); err != nil {
					t.Errorf("%s: the what-if under %s's lens: %v", id, c, err)
				}
			}
		}
		for _, s := range texts {
			for _, bad := range requestsOnly {
				if strings.Contains(s, bad) {
					t.Errorf("%s under pip's lens says %q: %q", id, bad, s)
				}
			}
		}
	}
	if q := WhatIfQuestion(explain.Pip); !strings.Contains(q, "--trusted-host") {
		t.Errorf("pip's what-if: %q", q)
	}
	if q := WhatIfQuestion(explain.Requests); q != "What if I set verify=False?" {
		t.Errorf("requests' what-if: %q", q)
	}
	if l := VerdictFor(allReports(t)["internal-ca-default-bundle"], explain.Pip).Primer; l.Anchor != PrimerCertifi || !strings.Contains(l.Text, "pip/_vendor/certifi/cacert.pem") {
		t.Errorf("internal-ca-default-bundle under pip's lens: primer %+v", l)
	}
	if l := VerdictFor(allReports(t)["verify-false-mitm"], explain.Pip).Primer; !strings.Contains(l.Text, "--trusted-host") {
		t.Errorf("verify-false-mitm under pip's lens: primer %+v", l)
	}
}
