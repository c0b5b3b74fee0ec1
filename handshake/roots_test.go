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
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/scenario"
)

// The subject read off a root's DER is the one x509 parses, for every root of
// Mozilla's store; a truncated certificate has none.
func TestRawSubject(t *testing.T) {
	st := mustStore(t)
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
			whole.Roots = mustBundle(t).pool.Clone()
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
	root := mustStore(t).all[0].parse()
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
	if err := addPublicRoots(some, []*x509.Certificate{leaf}); err != nil {
		t.Fatal(err)
	}
	opts := func(pool *x509.CertPool) x509.VerifyOptions {
		return x509.VerifyOptions{DNSName: "bank.example", Roots: pool, CurrentTime: now}
	}
	_, got := leaf.Verify(opts(some))
	_, want := leaf.Verify(opts(mustBundle(t).pool))
	if got == nil || want == nil || got.Error() != want.Error() {
		t.Fatalf("error %v, with the whole store %v", got, want)
	}
	if !strings.Contains(got.Error(), "candidate authority") {
		t.Errorf("Go did not try the named root: %v", got)
	}
	empty := x509.NewCertPool()
	if err := addPublicRoots(empty, []*x509.Certificate{root}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.Verify(x509.VerifyOptions{Roots: empty, CurrentTime: root.NotBefore.Add(time.Hour)}); err != nil {
		t.Errorf("a root's own subject did not bring it into the pool: %v", err)
	}
}

func mustStore(t *testing.T) *publicStore {
	t.Helper()
	st, err := mozillaStore()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func mustBundle(t *testing.T) *publicBundle {
	t.Helper()
	b, err := mozillaBundle()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The file of Mozilla's roots the page fetches holds the store built in: the
// same roots in the same order, each with a constraint that says what the
// bundle's says, at the moments around its date and far from it.
func TestMozillaRootsPEM(t *testing.T) {
	data, err := MozillaRootsPEM()
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseMozillaRoots(data)
	if err != nil {
		t.Fatal(err)
	}
	want, err := mozillaRoots()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d roots read back, the store holds %d", len(got), len(want))
	}
	constrained := 0
	for i := range want {
		if string(got[i].der) != string(want[i].der) {
			t.Fatalf("root %d differs", i)
		}
		if (got[i].constraint == nil) != (want[i].constraint == nil) {
			t.Fatalf("root %d: constrained %v, in the store %v", i, got[i].constraint != nil, want[i].constraint != nil)
		}
		if want[i].constraint == nil {
			continue
		}
		constrained++
		after, err := distrustDate(want[i].constraint)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{time.Unix(0, 0), after.AddDate(-1, 0, 0), after, after.Add(time.Nanosecond), after.Add(time.Second), after.AddDate(5, 0, 0)} {
			chain := []*x509.Certificate{{NotBefore: at}}
			g, w := fmt.Sprint(got[i].constraint(chain)), fmt.Sprint(want[i].constraint(chain))
			if g != w {
				t.Errorf("root %d issuing at %s: %s, the store says %s", i, at, g, w)
			}
		}
	}
	if constrained == 0 {
		t.Log("no root of the store is constrained today: the distrust dates are untested")
	}
	for _, bad := range []string{"", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
		"-----BEGIN CERTIFICATE-----\nDistrust-After: soon\n\nAAAA\n-----END CERTIFICATE-----\n"} {
		if _, err := parseMozillaRoots([]byte(bad)); err == nil {
			t.Errorf("%q read as roots", bad)
		}
	}
}

// mozillasubjects.txt names the subject of every root of the store (the
// page's WebAssembly fetches the store only for a certificate naming one);
// -update writes it.
func TestMozillaSubjects(t *testing.T) {
	st := mustStore(t)
	var keys []string
	for _, r := range st.all {
		subject, _ := rawSubject(r.der)
		keys = append(keys, subjectKey(subject))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	want := strings.Join(keys, "\n") + "\n"
	if *update {
		if err := os.WriteFile("mozillasubjects.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("mozillasubjects.txt")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("mozillasubjects.txt is not the store's subjects: go test ./handshake -run TestMozillaSubjects -update")
	}
}
