package handshake

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/pki"
)

// Every client takes the first certificate a server sends as the server's
// own: a chain that opens with a certificate for another name, with the
// right one after it (a stale ssl_certificate file), is judged by that
// first one, as s_client's paste and as a bare file; a file that opens with a
// CA is judged leaf first, as a server must send it, with a note that it is
// no file a server can load.
func TestInspectJudgesTheFirstSent(t *testing.T) {
	w := newPasteWorld(t)
	other := craft(t,
		pki.Spec{Name: "root", CommonName: "Paste Root", NotBefore: -100, NotAfter: 1000, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}},
		pki.Spec{Name: "wrong", Issuer: "root", CommonName: "www.other.test", DNSNames: []string{"www.other.test"}, NotBefore: -10, NotAfter: 80, Key: pki.ECDSAP256,
			ExtKeyUsage: []string{pki.EKUServerAuth}}).Get("wrong").Cert
	roots := []byte(pemOf(w.root))
	for _, chain := range []string{sClientNoise(other, w.leaf, w.inter), pemOf(other, w.leaf, w.inter)} {
		ins, err := Inspect(ChainInput{Chain: []byte(chain), Roots: roots, Name: "bank.example", Now: pasteClock})
		if err != nil {
			t.Fatal(err)
		}
		if o := ins.Trace.Outcome; o.OK || o.Reason != HostnameMismatch {
			t.Errorf("a certificate for another name sent first: %v %s, want %s", o.OK, o.Reason, HostnameMismatch)
		}
		if ins.Certificates[0].Subject != "CN=www.other.test" {
			t.Errorf("first judged: %s", ins.Certificates[0].Subject)
		}
		if p := ins.Trace.Pasted; p == nil || p.ForNameLater != "bank.example" || !strings.Contains(strings.Join(ins.Notes, " "), "The first certificate sent is www.other.test's") {
			t.Errorf("no word of the right certificate sent after it: %+v %q", p, ins.Notes)
		}
	}

	// A file in another order: judged leaf first, with the note.
	ins, err := Inspect(ChainInput{Chain: []byte(pemOf(w.inter, w.leaf)), Roots: roots, Name: "bank.example", Now: pasteClock})
	if err != nil {
		t.Fatal(err)
	}
	if !ins.Trace.Outcome.OK || ins.Certificates[0].Subject != "CN=bank.example" {
		t.Errorf("a file intermediate first: %v, first %s", ins.Trace.Outcome.OK, ins.Certificates[0].Subject)
	}
	notes := strings.Join(ins.Notes, " ")
	for _, want := range []string{"The first certificate of the chain is Paste Issuing CA's, not the server's own (bank.example, certificate 2)", "key values mismatch", "KEY_VALUES_MISMATCH"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the file-order note lacks %q: %q", want, notes)
		}
	}
	if p := ins.Trace.Pasted; p == nil || p.FirstNotLeaf != "Paste Issuing CA" {
		t.Errorf("pasted facts: %+v", p)
	}
	// In order, no note.
	ins, err = Inspect(ChainInput{Chain: []byte(pemOf(w.leaf, w.inter)), Roots: roots, Name: "bank.example", Now: pasteClock})
	if err != nil {
		t.Fatal(err)
	}
	if !ins.Trace.Outcome.OK || ins.Trace.Pasted != nil || len(ins.Notes) != 0 {
		t.Errorf("in order: %v %+v %q", ins.Trace.Outcome.OK, ins.Trace.Pasted, ins.Notes)
	}
}

// A CA bundle given as DER or PKCS #7 is no file requests, curl or Node can
// load: the chain is judged as if converted, and a note says so, with the
// command that converts it.
func TestInspectRootsForm(t *testing.T) {
	w := newPasteWorld(t)
	for _, tc := range []struct {
		roots []byte
		form  string
		cmd   string
	}{
		{w.root.Raw, "der", "openssl x509 -inform der -in ca.der -out ca.pem"},
		{pkcs7(w.root), "pkcs7", "openssl pkcs7 -print_certs"},
		{pki.AppendPEM(nil, "PKCS7", pkcs7(w.root)), "pkcs7", "openssl pkcs7 -print_certs"},
		{[]byte(pemOf(w.root)), "", ""},
	} {
		ins, err := Inspect(ChainInput{Chain: []byte(pemOf(w.leaf, w.inter)), Roots: tc.roots, Name: "bank.example", Now: pasteClock})
		if err != nil {
			t.Fatal(err)
		}
		if !ins.Trace.Outcome.OK {
			t.Errorf("%s: %s", tc.form, ins.Trace.Outcome.Reason)
		}
		got := ""
		if ins.Trace.Pasted != nil {
			got = ins.Trace.Pasted.RootsForm
		}
		notes := strings.Join(ins.Notes, " ")
		if got != tc.form || tc.cmd != "" && (!strings.Contains(notes, tc.cmd) || !strings.Contains(notes, "as if it were converted") || !strings.Contains(notes, "NO_CERTIFICATE_OR_CRL_FOUND")) {
			t.Errorf("form %q, want %q; notes %q", got, tc.form, notes)
		}
		// As given, Node and Go read no certificate from it: the chain is
		// judged against nothing trusted too.
		if tc.form != "" {
			if g := ins.Trace.Pasted.AsGiven; g == nil || g.Outcome.OK || g.Outcome.Reason != UnknownAuthority {
				t.Errorf("form %q, judged as given: %+v", tc.form, g)
			}
		}
	}
}
