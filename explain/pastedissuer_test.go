package explain

import (
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
)

// A server certificate pasted alone, issued by a CA nobody knows, is
// explained both ways, the reading its evidence ranks first first, with both
// cures, and how to tell: never as a fact that the courier trusts a root above
// its issuer. Node, whichever the reading, says what it says of a leaf alone.
func TestMissingIssuerWords(t *testing.T) {
	for _, tt := range []struct {
		name, issuerURL, reason, first string
	}{
		{"a private root", "", "unknown_authority", "If Review Root is a private root"},
		{"an AIA address", "http://ca.example/issuer.crt", "missing_intermediate", "Most likely the bank must send its intermediate (Review Root)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := leafAlone(t, tt.issuerURL)
			v, err := Lens(r, Requests)
			if err != nil {
				t.Fatal(err)
			}
			if v.Reason != tt.reason {
				t.Errorf("requests' lens says %s, want %s", v.Reason, tt.reason)
			}
			for what, text := range map[string]string{"technical": v.Technical, "tell-apart": v.TellApart, "fix": v.Fix.Summary} {
				if strings.Contains(text, "trusts the root above") {
					t.Errorf("the %s states a guess as a fact: %s", what, text)
				}
			}
			if !strings.Contains(v.Technical, "The other reading") {
				t.Errorf("the technical words give one reading: %s", v.Technical)
			}
			if !strings.HasPrefix(v.Fix.Summary, tt.first) || !strings.Contains(v.Fix.Summary, "verify='root.pem'") || !strings.Contains(v.Fix.Summary, "fullchain.pem") || v.Fix.Side != "both" {
				t.Errorf("the fix (%s) is not both readings', %q first: %s", v.Fix.Side, tt.first, v.Fix.Summary)
			}
			for _, how := range []string{"authorityInfoAccess", "openssl x509 -noout -subject -issuer", "self-signed certificate in certificate chain"} {
				if !strings.Contains(v.TellApart, how) {
					t.Errorf("the tell-apart lacks %q: %s", how, v.TellApart)
				}
			}
			if got := r.Clients[Node].Message; got != "unable to verify the first certificate" {
				t.Errorf("Node says %q", got)
			}
			// Node's words tell neither reading from the other.
			node, err := Lens(r, Node)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(node.TellApart, `"unable to verify the first certificate" a missing intermediate`) || !strings.Contains(node.TellApart, "an intermediate left out and a private root alike") {
				t.Errorf("Node's tell-apart: %s", node.TellApart)
			}
		})
	}
}

// leafAlone is the report of a server certificate pasted alone, issued by
// Review Root with issuerURL as its CA Issuers address.
func leafAlone(t *testing.T, issuerURL string) *Report {
	t.Helper()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	set, err := pki.Build([]pki.Spec{
		{Name: "root", CommonName: "Review Root", NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
		{Name: "leaf", Issuer: "root", CommonName: "localhost", DNSNames: []string{"localhost"}, NotBefore: -10, NotAfter: 80, Key: pki.ECDSAP256,
			ExtKeyUsage: []string{pki.EKUServerAuth}, IssuerURL: issuerURL},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := handshake.Inspect(handshake.ChainInput{Chain: pki.CertPEM(set.Get("leaf").Cert), Name: "localhost", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return NewReport(ins.Trace)
}
