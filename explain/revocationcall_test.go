package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// TestCurlRevocationCall: curl's call that checks revocation is --crlfile
// alone, which refuses a revoked certificate ("(60) certificate revoked")
// and connects to a good one; --cert-status fails, "(91) No OCSP response
// received", against every bank that staples nothing, revoked or not, so
// the words offer it only for a bank that staples (review 19; real in
// clients' revocation-checked-good-no-staple).
func TestCurlRevocationCall(t *testing.T) {
	for _, id := range []string{"revoked-leaf", "revoked-intermediate"} {
		r := NewReport(run(t, scenario.Lookup(id).At(scenario.PresetClock)))
		v, err := Lens(r, Curl)
		if err != nil {
			t.Fatal(err)
		}
		if v.Fix.Right != "curl --crlfile crl.pem https://bank.example/vault" {
			t.Errorf("%s: curl's call that works: %q", id, v.Fix.Right)
		}
		for _, words := range []string{v.Fix.Summary, r.Clients[Curl].Note} {
			if !strings.Contains(words, "--cert-status only if the bank staples") {
				t.Errorf("%s: the words offer --cert-status unconditionally: %q", id, words)
			}
		}
		for _, client := range LensClients {
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(v.Fix.Summary, "--cert-status,") || strings.Contains(v.Fix.Curl, "--cert-status") {
				t.Errorf("%s, %s's lens: %q / %q", id, client, v.Fix.Summary, v.Fix.Curl)
			}
		}
	}
}
