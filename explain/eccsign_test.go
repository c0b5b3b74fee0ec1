package explain

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestECCNotForSigning: the bank's ECDSA certificate leaves digitalSignature
// out of its key usage. On TLS 1.2 the OpenSSL-based clients refuse it, Go
// connects (clients' leaf-ku-no-signature-tls12); on TLS 1.3 all connect
// (leaf-ku-no-signature). The lens says so, and the fix reissues it.
func TestECCNotForSigning(t *testing.T) {
	for _, tls12 := range []bool{true, false} {
		s := scenario.Lookup("verify-true").At(scenario.PresetClock)
		s.Spec(scenario.Leaf).KeyUsage = []string{pki.KUKeyEncipherment}
		if tls12 {
			s.Server.MaxVersion = scenario.TLS12
		}
		if ECCNotForSigning(s) != tls12 {
			t.Errorf("TLS 1.2 %v: ECCNotForSigning says %v", tls12, !tls12)
		}
		tr := run(t, s)
		r := NewReport(tr)
		for client, cv := range r.Clients {
			refuses := tls12 && client != GoNetHTTP
			if cv.OK == refuses || refuses && !strings.Contains(cv.Message, "ecc cert") {
				t.Errorf("TLS 1.2 %v, %s: ok=%v %q", tls12, client, cv.OK, cv.Message)
			}
		}
		if !tls12 {
			continue
		}
		v, err := Lens(r, Curl)
		if err != nil {
			t.Fatal(err)
		}
		if v.OK || v.Reason != "ecc_cert_not_for_signing" || v.Fix.Side != "server" || !strings.Contains(v.Fix.Summary, "digitalSignature") {
			t.Errorf("curl's lens: ok=%v %s (%s): %s", v.OK, v.Reason, v.Fix.Side, v.Fix.Summary)
		}
		c, ok, err := Cured(tr, func(s *scenario.Scenario) (*handshake.Trace, error) { return handshake.Run(context.Background(), s) })
		if err != nil {
			t.Fatal(err)
		}
		if !ok || !slices.Contains(c.Scenario.Spec(scenario.Leaf).KeyUsage, pki.KUDigitalSignature) {
			t.Fatalf("cure ok=%v: no digitalSignature", ok)
		}
		for client, cv := range NewReport(run(t, c.Scenario)).Clients {
			if !cv.OK {
				t.Errorf("cured: %s refuses: %s", client, cv.Message)
			}
		}
	}
}
