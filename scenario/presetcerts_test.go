package scenario

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/pki"
)

// A cache that loaded PresetCertificates opens every story without crafting,
// and what it hands out is what pki crafts today for the same specs, keys,
// serials and signatures aside: the saved set cannot go stale unnoticed.
func TestPresetCertificates(t *testing.T) {
	if *update {
		// What is still right is kept as it is: only what changed is crafted.
		c := pki.NewCache()
		if err := c.LoadPacked(PresetCertificates); err != nil {
			t.Logf("the saved set is unreadable, crafted anew: %v", err)
			c = pki.NewCache()
		}
		for _, p := range Presets {
			s := p.At(PresetClock)
			if _, err := c.Build(s.Certs, s.Now); err != nil {
				t.Fatalf("%s: %v", p.ID, err)
			}
		}
		var b bytes.Buffer
		if err := c.Save(&b); err != nil {
			t.Fatal(err)
		}
		packed, err := pki.Pack(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("presets.bin", packed, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	c := pki.NewCache()
	if err := c.LoadPacked(PresetCertificates); err != nil {
		t.Fatal(err)
	}
	for _, p := range Presets {
		s := p.At(PresetClock)
		loaded, err := c.Build(s.Certs, s.Now)
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		fresh, err := pki.Build(s.Certs, s.Now)
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		for _, n := range fresh.Order {
			if got, want := certShape(loaded.Get(n).Cert), certShape(fresh.Get(n).Cert); got != want {
				t.Errorf("%s: %s differs from what pki crafts today; run go test ./scenario -run TestPresetCertificates -update\nsaved: %s\ntoday: %s", p.ID, n, got, want)
			}
		}
	}
	if n := c.Crafted(); n != 0 {
		t.Errorf("opening every story crafted %d certificates; run go test ./scenario -run TestPresetCertificates -update", n)
	}
	// Played on another day, a story's certificates are signed anew with the
	// saved keys: no key is made, RSA beyond the pool or otherwise.
	for _, day := range []time.Time{time.Date(2026, time.December, 6, 9, 0, 0, 0, time.UTC)} {
		for _, p := range Presets {
			s := p.At(day)
			set, err := c.Build(s.Certs, s.Now)
			if err != nil {
				t.Fatalf("%s on %s: %v", p.ID, day, err)
			}
			for _, n := range set.Order {
				if want := s.Spec(n).NotAfter.At(s.Now); !set.Get(n).Cert.NotAfter.Equal(want) {
					t.Errorf("%s on %s: %s valid until %s, want %s", p.ID, day, n, set.Get(n).Cert.NotAfter, want)
				}
			}
		}
	}
	if n := c.KeysMade(); n != 0 {
		t.Errorf("playing the stories on other days made %d keys; run go test ./scenario -run TestPresetCertificates -update", n)
	}
}

// certShape is everything of a certificate but what its keys and chance
// decide: serial, signature, key identifiers, the key itself (its type stays).
func certShape(c *x509.Certificate) string {
	var b strings.Builder
	fmt.Fprintf(&b, "v%d subject=%s issuer=%s valid=%s..%s ku=%d eku=%v %v ca=%v/%v/%d/%v dns=%q ip=%v email=%q uri=%v",
		c.Version, c.Subject, c.Issuer, c.NotBefore, c.NotAfter, c.KeyUsage, c.ExtKeyUsage, c.UnknownExtKeyUsage,
		c.BasicConstraintsValid, c.IsCA, c.MaxPathLen, c.MaxPathLenZero, c.DNSNames, c.IPAddresses, c.EmailAddresses, c.URIs)
	fmt.Fprintf(&b, " permitted=%q excluded=%q aia=%q ocsp=%q crl=%q sig=%s pub=%s",
		c.PermittedDNSDomains, c.ExcludedDNSDomains, c.IssuingCertificateURL, c.OCSPServer, c.CRLDistributionPoints,
		c.SignatureAlgorithm, keyShape(c.PublicKey))
	for _, e := range c.Extensions {
		switch e.Id.String() {
		case "2.5.29.14", "2.5.29.35": // subject and authority key identifiers
			fmt.Fprintf(&b, " ext=%s/%v", e.Id, e.Critical)
		default:
			fmt.Fprintf(&b, " ext=%s/%v/%x", e.Id, e.Critical, e.Value)
		}
	}
	return b.String()
}

func keyShape(k any) string {
	switch k := k.(type) {
	case *ecdsa.PublicKey:
		return "ecdsa-" + k.Curve.Params().Name
	case *rsa.PublicKey:
		return fmt.Sprintf("rsa-%d", k.N.BitLen())
	case ed25519.PublicKey:
		return "ed25519"
	}
	return fmt.Sprintf("%T", k)
}
