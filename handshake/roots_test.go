package handshake

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/scenario"
)

// The subject read off a root's DER is the one x509 parses, for every root of
// Mozilla's store; a truncated certificate has none.
func TestRawSubject(t *testing.T) {
	st := mozillaStore()
	if len(st.all) < 100 {
		t.Fatalf("Mozilla's store holds %d roots", len(st.all))
	}
	for _, r := range st.all {
		got, ok := rawSubject(r.der)
		if want := r.parse().RawSubject; !ok || string(got) != string(want) {
			t.Errorf("%s: subject read %x (ok %v), parsed %x", r.parse().Subject, got, ok, want)
		}
		if _, ok := rawSubject(r.der[:len(r.der)/3]); ok {
			t.Errorf("%s: a third of the certificate has a subject", r.parse().Subject)
		}
	}
}

// verify=True with only the Mozilla roots a scenario's certificates name as
// issuer plays every case exactly as with the whole store: same verdict, same
// errors, same checks.
func TestPublicRootsAsWholeStore(t *testing.T) {
	for _, c := range allCases(t) {
		if c.s.Client.Verify != scenario.VerifyTrue {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			m, err := NewMaterial(c.s)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := NewMaterial(c.s)
			if err != nil {
				t.Fatal(err)
			}
			whole.Roots = mozillaRoots().pool.Clone()
			for _, cert := range whole.Trusted {
				whole.Roots.AddCert(cert)
			}
			got, want := runMaterial(t, m), runMaterial(t, whole)
			o, wo := got.Outcome, want.Outcome
			if o.Reason != wo.Reason || o.ClientError != wo.ClientError || o.ServerError != wo.ServerError || o.Check != wo.Check {
				t.Errorf("outcome %s %q %q check %d, with the whole store %s %q %q check %d",
					o.Reason, o.ClientError, o.ServerError, o.Check, wo.Reason, wo.ClientError, wo.ServerError, wo.Check)
			}
			if a, b := checkList(got), checkList(want); a != b {
				t.Errorf("checks\n%s\nwith the whole store\n%s", a, b)
			}
		})
	}
}

func runMaterial(t *testing.T, m *Material) *Trace {
	t.Helper()
	tr, err := m.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func checkList(tr *Trace) string {
	var b strings.Builder
	for _, st := range tr.Steps {
		if st.Kind == KindCheck {
			fmt.Fprintf(&b, "%s ok=%v advisory=%v %s\n", label(st), st.OK != nil && *st.OK, st.Advisory, st.Detail)
		}
	}
	return b.String()
}

// A certificate that names a real root as its issuer, without that root's
// signature, gets the root into the pool, and the same error as against the
// whole store: Go names the root it tried.
func TestPublicRootNamedAsIssuer(t *testing.T) {
	root := mozillaStore().all[0].parse()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "bank.example"},
		DNSNames: []string{"bank.example"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	// An impostor parent: the root's name and key id, our key.
	parent := &x509.Certificate{RawSubject: root.RawSubject, SubjectKeyId: root.SubjectKeyId, PublicKey: &key.PublicKey}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	some := x509.NewCertPool()
	addPublicRoots(some, []*x509.Certificate{leaf})
	opts := func(pool *x509.CertPool) x509.VerifyOptions {
		return x509.VerifyOptions{DNSName: "bank.example", Roots: pool, CurrentTime: now}
	}
	_, got := leaf.Verify(opts(some))
	_, want := leaf.Verify(opts(mozillaRoots().pool))
	if got == nil || want == nil || got.Error() != want.Error() {
		t.Fatalf("error %v, with the whole store %v", got, want)
	}
	if !strings.Contains(got.Error(), "candidate authority") {
		t.Errorf("Go did not try the named root: %v", got)
	}
	empty := x509.NewCertPool()
	addPublicRoots(empty, []*x509.Certificate{root})
	if _, err := root.Verify(x509.VerifyOptions{Roots: empty, CurrentTime: root.NotBefore.Add(time.Hour)}); err != nil {
		t.Errorf("a root's own subject did not bring it into the pool: %v", err)
	}
}
