package explain

import (
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
)

// pastedSet is a root, a leaf for localhost and one for www.other.test.
func pastedSet(t *testing.T, now time.Time) *pki.Set {
	t.Helper()
	set, err := pki.Build([]pki.Spec{
		{Name: "root", CommonName: "Review Root", NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
		{Name: "leaf", Issuer: "root", CommonName: "localhost", DNSNames: []string{"localhost"}, NotBefore: -10, NotAfter: 80, Key: pki.ECDSAP256, ExtKeyUsage: []string{pki.EKUServerAuth}},
		{Name: "wrong", Issuer: "root", CommonName: "www.other.test", DNSNames: []string{"www.other.test"}, NotBefore: -10, NotAfter: 80, Key: pki.ECDSAP256, ExtKeyUsage: []string{pki.EKUServerAuth}},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// The fix of a pasted chain says what its inputs need beyond its
// certificates: a DER or PKCS #7 CA bundle converted to PEM first (requests,
// curl and Node cannot load it), the call not "fine as it is"; a server that
// sends a certificate for another name before the right one must send the
// right one first, the call staying as it is.
func TestPastedFix(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	set := pastedSet(t, now)
	root, leaf, wrong := set.Get("root").Cert, set.Get("leaf").Cert, set.Get("wrong").Cert
	report := func(chain, roots []byte) *Report {
		ins, err := handshake.Inspect(handshake.ChainInput{Chain: chain, Roots: roots, Name: "localhost", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return NewReport(ins.Trace)
	}
	for _, client := range []string{Requests, Curl, Node} {
		r := report(pki.CertPEM(leaf), root.Raw)
		v, err := Lens(r, client)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(v.Fix.Summary, "openssl x509 -inform der -in ca.der -out ca.pem") || v.Fix.Side != "client" {
			t.Errorf("%s, a DER bundle: %s: %q", client, v.Fix.Side, v.Fix.Summary)
		}
		for _, c := range v.Fix.Calls(v.OK) {
			if c.Caption == "Your call, fine as it is" {
				t.Errorf("%s, a DER bundle: %q", client, c.Caption)
			}
		}
	}
	r := report(pki.CertPEM(wrong, leaf), pki.CertPEM(root))
	for _, client := range []string{Requests, Curl, Node, GoNetHTTP} {
		v, err := Lens(r, client)
		if err != nil {
			t.Fatal(err)
		}
		if v.OK || !strings.HasPrefix(v.Fix.Summary, "The bank sends www.other.test's certificate first") || v.Fix.Side != "server" || strings.Contains(v.Fix.Summary, "Dial a name") {
			t.Errorf("%s, the wrong certificate first: %v %s %q", client, v.OK, v.Fix.Side, v.Fix.Summary)
		}
		if calls := v.Fix.Calls(v.OK); len(calls) != 1 || calls[0].Caption != "The same call works once that is done" {
			t.Errorf("%s, the wrong certificate first: %+v", client, calls)
		}
	}
}
