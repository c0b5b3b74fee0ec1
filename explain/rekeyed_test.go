package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestRekeyedIntermediate: the bank sends a CA of its issuer's name with
// another key. Go reports the signature; OpenSSL matches the issuer by its
// key identifiers first and finds none, as the real clients print it
// (clients' rekeyed-intermediate); the fix names the key identifiers.
func TestRekeyedIntermediate(t *testing.T) {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	c := *s.Spec(scenario.Intermediate)
	c.Name, c.Key = "intermediate-rekeyed", pki.ECDSAP384
	s.Certs = append(s.Certs, c)
	s.Server.Send = []string{scenario.Leaf, c.Name}
	r := NewReport(run(t, s))
	want := map[string]string{Requests: "unable to get local issuer certificate", Requests1: "unable to get local issuer certificate",
		Curl: "curl: (60) SSL certificate problem: unable to get local issuer certificate", OpenSSL: "verify error:num=20:",
		Node: "unable to verify the first certificate", GoNetHTTP: "ECDSA verification failure"}
	for client, msg := range want {
		if cv := r.Clients[client]; cv.OK || !strings.Contains(cv.Message, msg) {
			t.Errorf("%s: ok=%v %q, want %q", client, cv.OK, cv.Message, msg)
		}
	}
	if fix := r.Explanation.Fix.Summary; !strings.Contains(fix, "-ext authorityKeyIdentifier") || !strings.Contains(fix, "-ext subjectKeyIdentifier") {
		t.Errorf("the fix names no key identifiers: %s", fix)
	}
	// Each OpenSSL client's lens speaks its words (it finds no issuer), not
	// Go's (a signature that does not verify); Go's lens Go's.
	for _, client := range []string{Requests, Curl, OpenSSL, Node} {
		v, err := Lens(r, client)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(v.Fix.Summary, "authorityKeyIdentifier") {
			t.Errorf("%s's fix names no key identifiers: %s", client, v.Fix.Summary)
		}
		if !strings.Contains(v.Headline, "finds no issuer for bank.example") || strings.Contains(v.Headline+v.Analogy+v.Fix.Summary, "signature in the chain does not verify") ||
			v.Reason != "missing_intermediate" || v.Fix.Side != "server" || !strings.Contains(v.Disagree, "finds none") {
			t.Errorf("%s's lens: %s %q %q; fix (%s) %q; %q", client, v.Reason, v.Headline, v.Analogy, v.Fix.Side, v.Fix.Summary, v.Disagree)
		}
	}
	if v, _ := Lens(r, GoNetHTTP); v.Headline != r.Explanation.Headline {
		t.Errorf("Go's lens: %q", v.Headline)
	}
}
