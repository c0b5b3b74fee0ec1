package handshake

import (
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/pki"
)

// A server certificate pasted alone, issued by a CA nobody knows, reads as a
// missing intermediate or as a private root by what it says of its issuer;
// nothing marking an intermediate, the private root comes first (a publicly
// trusted server certificate names its issuer's address). The reading holds
// under Mozilla's roots and under an unrelated bundle alike, and the twin
// plays it.
func TestMissingIssuerReading(t *testing.T) {
	tests := []struct {
		name      string
		issuer    pki.Spec
		issuerURL string
		want      Reason
		clue      IssuerClue
	}{
		{"a private root", pki.Spec{CommonName: "Review Root"}, "", UnknownAuthority, ClueRootName},
		{"mkcert", pki.Spec{CommonName: "mkcert dev@laptop", Organization: "mkcert development CA"}, "", UnknownAuthority, ClueRootName},
		{"a CA that says nothing", pki.Spec{CommonName: "Acme Corp"}, "", UnknownAuthority, ClueNone},
		{"an AIA address", pki.Spec{CommonName: "Review Root"}, "http://ca.example/issuer.crt", MissingIntermediate, ClueAIA},
		{"an intermediate's name", pki.Spec{CommonName: "Acme Issuing CA 2"}, "", MissingIntermediate, ClueIntermediateName},
		{"Let's Encrypt's R10", pki.Spec{CommonName: "R10"}, "", MissingIntermediate, ClueIntermediateName},
		{"a public CA", pki.Spec{CommonName: "Some TLS Server", Organization: "DigiCert Inc"}, "", MissingIntermediate, CluePublicCA},
	}
	for _, tt := range tests {
		for _, roots := range []string{"Mozilla's", "another bundle"} {
			t.Run(tt.name+" under "+roots, func(t *testing.T) {
				issuer := tt.issuer
				issuer.Name, issuer.NotBefore, issuer.NotAfter, issuer.Key, issuer.IsCA, issuer.KeyUsage = "issuer", -100, 1000, pki.ECDSAP256, true, []string{pki.KUCertSign}
				set := craft(t, issuer, pki.Spec{Name: "leaf", Issuer: "issuer", CommonName: "localhost", DNSNames: []string{"localhost"}, NotBefore: -10, NotAfter: 80,
					Key: pki.ECDSAP256, ExtKeyUsage: []string{pki.EKUServerAuth}, IssuerURL: tt.issuerURL})
				in := ChainInput{Chain: []byte(pemOf(set.Get("leaf").Cert)), Name: "localhost", Now: pasteClock}
				if roots != "Mozilla's" {
					in.Roots = []byte(pemOf(newPasteWorld(t).other))
				}
				ins, err := Inspect(in)
				if err != nil {
					t.Fatal(err)
				}
				checkInspection(t, ins, tt.want)
				st := ins.Trace.Steps[ins.Trace.Outcome.Check]
				if st.Issuer == nil || st.Issuer.Clue != tt.clue || st.Issuer.URL != tt.issuerURL {
					t.Fatalf("the anchor check's evidence is %+v, want %v (%q)", st.Issuer, tt.clue, tt.issuerURL)
				}
				twin, err := ins.Twin()
				if err != nil {
					t.Fatal(err)
				}
				if got := play(t, twin.Scenario).Outcome.Reason; got != tt.want {
					t.Errorf("the twin plays %v, want %v", got, tt.want)
				}
				if !slices.ContainsFunc(twin.Approximations, func(a string) bool { return strings.Contains(a, "the twin plays the reading the verdict ranks first") }) {
					t.Errorf("the twin does not say which reading it plays: %q", twin.Approximations)
				}
			})
		}
	}
}

// The names that read as an intermediate's or a root's, as CAs name them.
func TestIssuerNames(t *testing.T) {
	for name, want := range map[string]string{
		"R10": "intermediate", "E5": "intermediate", "WR2": "intermediate", "Acme Issuing CA 2": "intermediate",
		"DigiCert Global G2 TLS RSA SHA256 2020 CA1": "intermediate", "Example Intermediate": "intermediate", "Corp Sub CA": "intermediate",
		"GeoTrust TLS RSA CA G1": "", "Sectigo RSA Domain Validation Secure Server CA": "intermediate", "Corp-CA-01": "intermediate",
		"Review Root": "root", "mkcert dev@laptop": "root", "ISRG Root X1": "root", "Acme Corp": "", "Review CA": "", "R": "", "Reviewer": "", "": "", "--": "",
	} {
		got := ""
		switch {
		case rootName(name):
			got = "root"
		case intermediateName(name):
			got = "intermediate"
		}
		if got != want {
			t.Errorf("%q reads as %q, want %q", name, got, want)
		}
	}
}
