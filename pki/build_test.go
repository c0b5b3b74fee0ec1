package pki

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"net"
	"slices"
	"strings"
	"testing"
	"time"
)

// clock is the fixed "now" of these tests; pki never reads the real one.
var clock = time.Date(2031, time.March, 4, 5, 6, 7, 0, time.UTC)

// OIDs of the extensions whose absence a spec can ask for.
var (
	oidBasicConstraints = asn1.ObjectIdentifier{2, 5, 29, 19}
	oidKeyUsage         = asn1.ObjectIdentifier{2, 5, 29, 15}
	oidExtKeyUsage      = asn1.ObjectIdentifier{2, 5, 29, 37}
)

func hasExtension(c *x509.Certificate, oid asn1.ObjectIdentifier) bool {
	return slices.ContainsFunc(c.Extensions, func(e pkix.Extension) bool { return e.Id.Equal(oid) })
}

// root is a minimal valid CA spec; tests change what they look at.
func root(name string) Spec {
	return Spec{Name: name, CommonName: name + " CA", NotBefore: -1, NotAfter: 1, Key: ECDSAP256, IsCA: true,
		KeyUsage: []string{KUCertSign}}
}

func leaf(name, issuer string) Spec {
	return Spec{Name: name, Issuer: issuer, CommonName: name + ".example", DNSNames: []string{name + ".example"},
		NotBefore: -1, NotAfter: 1, Key: ECDSAP256}
}

func build(t *testing.T, specs ...Spec) *Set {
	t.Helper()
	set, err := Build(specs, clock)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestKeyTypes(t *testing.T) {
	for _, kt := range KeyTypes {
		t.Run(string(kt), func(t *testing.T) {
			sp := root("ca")
			sp.Key = kt
			is := build(t, sp).Get("ca")
			if !publicEqual(is.Cert.PublicKey, is.Key.Public()) {
				t.Fatal("the certificate's public key is not its private key's")
			}
			switch pub := is.Cert.PublicKey.(type) {
			case *ecdsa.PublicKey:
				want := map[KeyType]elliptic.Curve{ECDSAP256: elliptic.P256(), ECDSAP384: elliptic.P384()}[kt]
				if pub.Curve != want {
					t.Errorf("curve %s for %s", pub.Curve.Params().Name, kt)
				}
			case ed25519.PublicKey:
				if kt != Ed25519 {
					t.Errorf("Ed25519 key for %s", kt)
				}
			case *rsa.PublicKey:
				if pub.N.BitLen() != kt.RSABits() {
					t.Errorf("RSA-%d key for %s", pub.N.BitLen(), kt)
				}
				if !slices.ContainsFunc(rsaPool()[kt.RSABits()], func(k *rsa.PrivateKey) bool { return k.PublicKey.Equal(pub) }) {
					t.Error("RSA key is not from the pool")
				}
			default:
				t.Fatalf("%T key for %s", pub, kt)
			}
		})
	}
}

func publicEqual(a, b crypto.PublicKey) bool {
	return a.(interface{ Equal(crypto.PublicKey) bool }).Equal(b)
}

// TestPooledKeysAreDistinct: certificates of one scenario never share a key by
// accident, and none gets the spare key a "wrong key" story hands the courier.
func TestPooledKeysAreDistinct(t *testing.T) {
	var specs []Spec
	for i := range PoolSize(RSA1024) + 1 {
		sp := root(string(rune('a' + i)))
		sp.Key = RSA1024
		specs = append(specs, sp)
	}
	set := build(t, specs...)
	spare, err := SpareKey(RSA1024)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, sp := range specs {
		pub := set.Get(sp.Name).Cert.PublicKey.(*rsa.PublicKey)
		if other, dup := seen[pub.N.String()]; dup {
			t.Errorf("%s and %s share a key", sp.Name, other)
		}
		seen[pub.N.String()] = sp.Name
		if spare.Public().(*rsa.PublicKey).Equal(pub) {
			t.Errorf("%s got the spare key", sp.Name)
		}
	}
	for _, kt := range []KeyType{ECDSAP256, Ed25519} {
		k, err := SpareKey(kt)
		if err != nil {
			t.Fatal(err)
		}
		sp := root("x")
		sp.Key = kt
		if publicEqual(build(t, sp).Get("x").Cert.PublicKey, k.Public()) {
			t.Errorf("SpareKey(%s) is a certificate's key", kt)
		}
	}
}

func TestHashes(t *testing.T) {
	tests := []struct {
		issuerKey KeyType
		hash      Hash
		want      x509.SignatureAlgorithm
	}{
		{RSA2048, "", x509.SHA256WithRSA},
		{RSA2048, SHA256, x509.SHA256WithRSA},
		{RSA2048, SHA384, x509.SHA384WithRSA},
		{RSA2048, SHA1, x509.SHA1WithRSA},
		{ECDSAP256, "", x509.ECDSAWithSHA256},
		{ECDSAP384, SHA384, x509.ECDSAWithSHA384},
		{ECDSAP256, SHA1, x509.ECDSAWithSHA1},
		// Ed25519 signs the message itself: the hash does not apply.
		{Ed25519, SHA1, x509.PureEd25519},
		{Ed25519, SHA384, x509.PureEd25519},
	}
	for _, tt := range tests {
		t.Run(string(tt.issuerKey)+"/"+string(tt.hash), func(t *testing.T) {
			ca := root("ca")
			ca.Key = tt.issuerKey
			l := leaf("bank", "ca")
			l.Key, l.Hash = RSA2048, tt.hash // the leaf's own key type must not matter
			set := build(t, ca, l)
			c, parent := set.Get("bank").Cert, set.Get("ca").Cert
			if c.SignatureAlgorithm != tt.want {
				t.Fatalf("signed with %s, want %s", c.SignatureAlgorithm, tt.want)
			}
			// CheckSignature, unlike CheckSignatureFrom, still verifies SHA-1.
			if err := parent.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil {
				t.Fatalf("signature does not verify with the issuer's key: %v", err)
			}
		})
	}
}

func TestBasicConstraints(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(*Spec)
		present, ca bool
		pathLen     int
		pathLenZero bool
	}{
		{"leaf", func(s *Spec) { s.IsCA = false }, true, false, -1, false},
		{"CA without limit", func(s *Spec) {}, true, true, -1, false},
		{"CA with path length 0", func(s *Spec) { s.MaxPathLen = new(int) }, true, true, 0, true},
		{"CA with path length 2", func(s *Spec) { n := 2; s.MaxPathLen = &n }, true, true, 2, false},
		// Without the extension the parser leaves MaxPathLen at its zero value.
		{"no basic constraints", func(s *Spec) { s.IsCA, s.NoBasicConstraints = false, true }, false, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := root("x")
			tt.edit(&sp)
			c := build(t, sp).Get("x").Cert
			if hasExtension(c, oidBasicConstraints) != tt.present || c.BasicConstraintsValid != tt.present {
				t.Errorf("basicConstraints present = %v, want %v", c.BasicConstraintsValid, tt.present)
			}
			if c.IsCA != tt.ca || c.MaxPathLen != tt.pathLen || c.MaxPathLenZero != tt.pathLenZero {
				t.Errorf("CA=%v pathlen=%d zero=%v, want CA=%v pathlen=%d zero=%v",
					c.IsCA, c.MaxPathLen, c.MaxPathLenZero, tt.ca, tt.pathLen, tt.pathLenZero)
			}
		})
	}
}

func TestKeyUsages(t *testing.T) {
	tests := []struct {
		ku   []string
		eku  []string
		bits x509.KeyUsage
		ekus []x509.ExtKeyUsage
	}{
		{nil, nil, 0, nil},
		{[]string{KUDigitalSignature}, []string{EKUServerAuth}, x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}},
		{[]string{KUDigitalSignature, KUKeyEncipherment}, []string{EKUClientAuth, EKUServerAuth},
			x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth}},
		{[]string{KUCertSign, KUCRLSign}, []string{EKUAny}, x509.KeyUsageCertSign | x509.KeyUsageCRLSign, []x509.ExtKeyUsage{x509.ExtKeyUsageAny}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append(tt.ku, tt.eku...), ","), func(t *testing.T) {
			sp := leaf("x", "")
			sp.KeyUsage, sp.ExtKeyUsage = tt.ku, tt.eku
			c := build(t, sp).Get("x").Cert
			if c.KeyUsage != tt.bits {
				t.Errorf("key usage %b, want %b", c.KeyUsage, tt.bits)
			}
			if hasExtension(c, oidKeyUsage) != (len(tt.ku) > 0) {
				t.Errorf("key usage extension present = %v with %d usages", !(len(tt.ku) > 0), len(tt.ku))
			}
			if !slices.Equal(c.ExtKeyUsage, tt.ekus) || len(c.UnknownExtKeyUsage) > 0 {
				t.Errorf("extended key usage %v, want %v", c.ExtKeyUsage, tt.ekus)
			}
			if hasExtension(c, oidExtKeyUsage) != (len(tt.eku) > 0) {
				t.Errorf("extended key usage extension present = %v with %d usages", !(len(tt.eku) > 0), len(tt.eku))
			}
		})
	}
}

func TestNamesAndConstraints(t *testing.T) {
	ca := root("ca")
	ca.Organization = "Example Org"
	ca.PermittedDNS, ca.ExcludedDNS = []string{".corp.example", "corp.example"}, []string{"secret.corp.example"}
	l := leaf("bank", "ca")
	l.DNSNames = []string{"bank.example", "*.bank.example"}
	l.IPAddresses = []string{"192.0.2.10", "2001:db8::1", "::ffff:198.51.100.7"}
	set := build(t, ca, l)

	c := set.Get("ca").Cert
	if c.Subject.CommonName != "ca CA" || !slices.Equal(c.Subject.Organization, []string{"Example Org"}) {
		t.Errorf("subject %s", c.Subject)
	}
	if !slices.Equal(c.PermittedDNSDomains, ca.PermittedDNS) || !slices.Equal(c.ExcludedDNSDomains, ca.ExcludedDNS) {
		t.Errorf("name constraints permit %v exclude %v", c.PermittedDNSDomains, c.ExcludedDNSDomains)
	}
	lc := set.Get("bank").Cert
	if len(lc.Subject.Organization) != 0 {
		t.Errorf("an empty org became %q", lc.Subject.Organization)
	}
	if !slices.Equal(lc.DNSNames, l.DNSNames) {
		t.Errorf("DNS SANs %v", lc.DNSNames)
	}
	want := []net.IP{net.ParseIP("192.0.2.10"), net.ParseIP("2001:db8::1"), net.ParseIP("198.51.100.7")}
	if !slices.EqualFunc(lc.IPAddresses, want, net.IP.Equal) {
		t.Errorf("IP SANs %v, want %v", lc.IPAddresses, want)
	}
	if err := lc.VerifyHostname("2001:db8::1"); err != nil {
		t.Error(err)
	}
	if len(lc.PermittedDNSDomains) != 0 {
		t.Error("the leaf inherited its issuer's name constraints")
	}
}

func TestIssuerURL(t *testing.T) {
	l := leaf("bank", "")
	if c := build(t, l).Get("bank").Cert; len(c.IssuingCertificateURL) != 0 {
		t.Errorf("AIA %v without an issuer_url", c.IssuingCertificateURL)
	}
	l.IssuerURL = "http://pki.bank.example/issuing-ca.crt"
	if c := build(t, l).Get("bank").Cert; !slices.Equal(c.IssuingCertificateURL, []string{l.IssuerURL}) {
		t.Errorf("AIA caIssuers %v, want %s", c.IssuingCertificateURL, l.IssuerURL)
	}
}

func TestValidityFollowsTheClock(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC),
		clock,
		time.Date(2600, 7, 8, 9, 10, 11, 0, time.FixedZone("UTC+2", 2*3600)),
	} {
		sp := leaf("x", "")
		sp.NotBefore, sp.NotAfter = -400, 36500
		set, err := Build([]Spec{sp}, now)
		if err != nil {
			t.Fatal(err)
		}
		c := set.Get("x").Cert
		if wantNB, wantNA := now.Add(-400*24*time.Hour), now.Add(36500*24*time.Hour); !c.NotBefore.Equal(wantNB) || !c.NotAfter.Equal(wantNA) {
			t.Errorf("clock %s: valid %s to %s, want %s to %s", now, c.NotBefore, c.NotAfter, wantNB, wantNA)
		}
	}
	if got := Days(-1).At(clock); !got.Equal(clock.Add(-24 * time.Hour)) {
		t.Errorf("Days(-1).At = %s", got)
	}
}

func TestIssuing(t *testing.T) {
	// Given in an order where each certificate comes before its issuer.
	l := leaf("bank", "inter")
	in := root("inter")
	in.Issuer = "root"
	r := root("root")
	r.Issuer = "root" // self-signed, spelled out
	set := build(t, l, in, r)
	if !slices.Equal(set.Order, []string{"root", "inter", "bank"}) {
		t.Errorf("issued in the order %v", set.Order)
	}
	rc, ic, lc := set.Get("root").Cert, set.Get("inter").Cert, set.Get("bank").Cert
	if !bytes.Equal(rc.RawIssuer, rc.RawSubject) {
		t.Error("the root is not self-issued")
	}
	if err := rc.CheckSignatureFrom(rc); err != nil {
		t.Errorf("the root's self-signature: %v", err)
	}
	for _, link := range []struct{ child, parent *x509.Certificate }{{ic, rc}, {lc, ic}} {
		if !bytes.Equal(link.child.RawIssuer, link.parent.RawSubject) {
			t.Errorf("%s names issuer %s, want %s", link.child.Subject, link.child.Issuer, link.parent.Subject)
		}
		if err := link.child.CheckSignatureFrom(link.parent); err != nil {
			t.Errorf("%s is not signed by %s: %v", link.child.Subject, link.parent.Subject, err)
		}
		if err := link.child.CheckSignatureFrom(link.child); err == nil && link.child != rc {
			t.Errorf("%s verifies as self-signed", link.child.Subject)
		}
	}
	certs, err := set.Certs([]string{"bank", "root"})
	if err != nil || len(certs) != 2 || certs[0] != lc || certs[1] != rc {
		t.Errorf("Certs(bank, root) = %v, %v", certs, err)
	}
	if _, err := set.Certs([]string{"bank", "nobody"}); err == nil || !strings.Contains(err.Error(), `"nobody"`) {
		t.Errorf("Certs with an unknown name: %v", err)
	}
	if set.Get("nobody") != nil {
		t.Error("Get of an unknown name returned a certificate")
	}
	// A self-signed leaf: no CA, still signed by its own key.
	self := leaf("self", "")
	sc := build(t, self).Get("self").Cert
	if !bytes.Equal(sc.RawIssuer, sc.RawSubject) || sc.IsCA {
		t.Error("a self-signed leaf is not self-issued, or is a CA")
	}
	if err := sc.CheckSignature(sc.SignatureAlgorithm, sc.RawTBSCertificate, sc.Signature); err != nil {
		t.Errorf("self-signed leaf: %v", err)
	}
}

func TestSerialsDiffer(t *testing.T) {
	a, b := build(t, leaf("x", "")).Get("x").Cert, build(t, leaf("x", "")).Get("x").Cert
	if a.SerialNumber.Cmp(b.SerialNumber) == 0 || a.SerialNumber.Sign() <= 0 {
		t.Errorf("serials %s and %s", a.SerialNumber, b.SerialNumber)
	}
}

func TestBuildRejects(t *testing.T) {
	cyc1, cyc2 := root("a"), root("b")
	cyc1.Issuer, cyc2.Issuer = "b", "a"
	bad := leaf("x", "")
	bad.NotBefore, bad.NotAfter = 2, 1
	tests := []struct {
		name  string
		specs []Spec
		want  string
	}{
		{"cycle", []Spec{leaf("l", "a"), cyc1, cyc2}, "a cycle"},
		{"unknown issuer", []Spec{leaf("l", "ghost")}, `"l" names an unknown issuer "ghost"`},
		{"duplicate name", []Spec{root("a"), leaf("a", "")}, `two certificates named "a"`},
		{"invalid spec", []Spec{bad}, `certificate "x": not_after: ends before it starts: valid from 2 until 1 days from the clock`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Build(tt.specs, clock)
			if err == nil || set != nil {
				t.Fatalf("Build = %v, %v; want an error", set, err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "pki: ") {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestPEM(t *testing.T) {
	set := build(t, root("a"), leaf("b", "a"))
	a, b := set.Get("a"), set.Get("b")
	var got []*x509.Certificate
	for rest := CertPEM(b.Cert, a.Cert); ; {
		var blk *pem.Block
		if blk, rest = pem.Decode(rest); blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			t.Fatalf("block type %q", blk.Type)
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c)
	}
	if len(got) != 2 || !got[0].Equal(b.Cert) || !got[1].Equal(a.Cert) {
		t.Fatal("CertPEM does not hold the certificates in order")
	}
	for _, kt := range []KeyType{ECDSAP384, Ed25519, RSA2048} {
		sp := root("k")
		sp.Key = kt
		is := build(t, sp).Get("k")
		keyPEM, err := KeyPEM(is.Key)
		if err != nil {
			t.Fatal(err)
		}
		blk, rest := pem.Decode(keyPEM)
		if blk == nil || blk.Type != "PRIVATE KEY" || len(rest) != 0 {
			t.Fatalf("%s: KeyPEM wrote %q", kt, keyPEM)
		}
		k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
		if err != nil || !k.(interface{ Equal(crypto.PrivateKey) bool }).Equal(is.Key) {
			t.Fatalf("%s: KeyPEM does not hold the key: %v", kt, err)
		}
		if _, err := tls.X509KeyPair(CertPEM(is.Cert), keyPEM); err != nil {
			t.Errorf("%s: tls.X509KeyPair refuses the pair: %v", kt, err)
		}
	}
}
