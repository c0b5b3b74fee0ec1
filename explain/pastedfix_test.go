package explain

import (
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/testtool"
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
	for _, client := range []string{Requests, Curl, OpenSSL, Node, GoNetHTTP} {
		r := report(pki.CertPEM(leaf), root.Raw)
		v, err := Lens(r, client)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(v.Fix.Summary, "openssl x509 -inform der -in ca.der -out ca.pem") || v.Fix.Side != "client" {
			t.Errorf("%s, a DER bundle: %s: %q", client, v.Fix.Side, v.Fix.Summary)
		}
		// The client's verdict is what it does with the file as given: it
		// cannot load it, or reads no certificate from it.
		if v.OK || v.Reason != string(CauseBundleNotPEM) || !strings.Contains(v.Headline, "binary DER, not PEM") || !strings.Contains(v.Disagree, "as if converted") {
			t.Errorf("%s, a DER bundle: %v %s %q %q", client, v.OK, v.Reason, v.Headline, v.Disagree)
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

// The root a chain ends at in the courier's own bundle has expired, the
// server having sent the current root cross-signed by it: the inspection
// names both, and the fix is the courier's: its bundle is out of date (pip install -U certifi, or the current root added), the bank dropping the cross-sign second; with the
// current root in the bundle the same chain verifies.
func TestExpiredAnchorFix(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cc := testtool.CrossSigned(t, "bank.example", now)
	chain, dst, x1 := []*x509.Certificate{cc.Leaf, cc.R3, cc.Cross}, cc.DST, cc.X1
	ins, err := handshake.Inspect(handshake.ChainInput{Chain: pki.CertPEM(chain...), Roots: pki.CertPEM(dst), Name: "bank.example", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if ins.Trace.Outcome.Reason != handshake.Expired {
		t.Fatalf("an old bundle: %s", ins.Trace.Outcome.Reason)
	}
	if p := ins.Trace.Pasted; p == nil || p.ExpiredAnchor != "Old Root X3" || p.CrossSigned != "New Root X1" {
		t.Errorf("an old bundle: %+v", p)
	}
	r := NewReport(ins.Trace)
	for _, client := range []string{Requests, Curl, Node, GoNetHTTP} {
		v, err := Lens(r, client)
		if err != nil {
			t.Fatal(err)
		}
		fx := v.Fix
		if v.OK || fx.Side != "client" || strings.Contains(fx.Summary, "bank must change") || !strings.Contains(fx.Summary, "courier's bundle is out of date") ||
			!strings.Contains(fx.Summary, "add the current root (New Root X1's own, self-signed certificate)") || !strings.Contains(fx.Summary, "stop sending New Root X1 cross-signed by Old Root X3") {
			t.Errorf("%s, an old bundle: %v %s %q", client, v.OK, fx.Side, fx.Summary)
		}
		for _, c := range fx.Calls(v.OK) {
			if c.Caption == "Your call, fine as it is" {
				t.Errorf("%s, an old bundle: %q", client, c.Caption)
			}
		}
	}
	ins, err = handshake.Inspect(handshake.ChainInput{Chain: pki.CertPEM(chain...), Roots: pki.CertPEM(dst, x1), Name: "bank.example", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if !ins.Trace.Outcome.OK || ins.Trace.Pasted != nil {
		t.Errorf("the bundle updated: %s %+v", ins.Trace.Outcome.Reason, ins.Trace.Pasted)
	}
}

// A certificate for a public name issued by a private root, a
// TLS-inspecting proxy's by its name or any private one, is read as a proxy
// re-signing the site: the fix points to the corporate-proxy story and its
// cure (the company's root), not to mkcert's root; a private name's is
// still read as mkcert's or a company CA's.
func TestPrivateRootForPublicName(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		issuer, org, host string
		proxy             bool
		vendor            string
	}{
		{"Zscaler Root CA", "Zscaler Inc.", "pypi.org", true, "Zscaler"},
		{"FortiGate CA", "Fortinet", "files.pythonhosted.org", true, "Fortinet (FortiGate)"},
		{"Acme Corp Root CA", "Acme Corp", "registry.npmjs.org", true, ""},
		{"Zscaler Root CA", "Zscaler Inc.", "bank.test", false, ""},
		{"mkcert development CA", "mkcert development CA", "localhost", false, ""},
	} {
		set, err := pki.Build([]pki.Spec{
			{Name: "root", CommonName: tc.issuer, Organization: tc.org, NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
			{Name: "leaf", Issuer: "root", CommonName: tc.host, DNSNames: []string{tc.host}, NotBefore: -10, NotAfter: 80, Key: pki.ECDSAP256, ExtKeyUsage: []string{pki.EKUServerAuth}},
		}, now)
		if err != nil {
			t.Fatal(err)
		}
		ins, err := handshake.Inspect(handshake.ChainInput{Chain: pki.CertPEM(set.Get("leaf").Cert), Name: "https://" + tc.host + "/simple/", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		r := NewReport(ins.Trace)
		for _, client := range []string{Requests, Node} {
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			proxy := strings.Contains(v.Fix.Summary, "the corporate-proxy story") && !strings.Contains(v.Fix.Summary, "mkcert") &&
				strings.Contains(v.Technical, "the corporate-proxy story") && !strings.Contains(v.Technical, "mkcert")
			if proxy != tc.proxy || tc.proxy && (v.Fix.Side != "client" || !strings.Contains(v.Fix.Summary, tc.vendor)) {
				t.Errorf("%s for %s, %s: proxy %v, want %v: %s %q", tc.issuer, tc.host, client, proxy, tc.proxy, v.Fix.Side, v.Fix.Summary)
			}
		}
		p := ins.Trace.Pasted
		if got := p != nil && p.ProxyVendor == tc.vendor && p.PrivateIssuer == tc.issuer; tc.proxy && !got {
			t.Errorf("%s for %s: %+v", tc.issuer, tc.host, p)
		}
	}
}

// The order the OpenSSL-based clients check in reads as a sentence: urllib3
// 2 and s_client's -verify_hostname have OpenSSL check the host name (the
// review quoted "urllib3 2 has OpenSSL checks the chain").
func TestCheckOrderReads(t *testing.T) {
	for client, want := range map[string]string{Requests: "urllib3 2 has OpenSSL check the host name, and OpenSSL checks the chain", OpenSSL: "s_client's -verify_hostname has OpenSSL check the host name, and OpenSSL checks the chain"} {
		if got := checkOrder[client]; !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q", client, got)
		}
	}
}
