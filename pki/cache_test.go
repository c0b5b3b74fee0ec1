package pki

import (
	"testing"
	"time"
)

func cacheSpecs() []Spec {
	return []Spec{
		{Name: "root", CommonName: "Root", NotBefore: -10, NotAfter: 10, Key: RSA2048, IsCA: true, KeyUsage: []string{KUCertSign}},
		{Name: "leaf", Issuer: "root", CommonName: "leaf", DNSNames: []string{"a.example"}, NotBefore: -1, NotAfter: 1, Key: RSA2048},
		{Name: "other", CommonName: "Other", NotBefore: -10, NotAfter: 10, Key: RSA2048, IsCA: true},
	}
}

func TestCacheReusesOnlyWhatDidNotChange(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewCache()
	first, err := c.Build(cacheSpecs(), now)
	if err != nil {
		t.Fatal(err)
	}
	same, err := c.Build(cacheSpecs(), now)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range first.Order {
		if !first.Get(n).Cert.Equal(same.Get(n).Cert) {
			t.Errorf("%s was re-crafted although nothing changed", n)
		}
	}

	// Changing the root re-crafts the root and what it signed, nothing else, and
	// no two certificates end up with one key.
	specs := cacheSpecs()
	specs[0].CommonName = "Root 2"
	changed, err := c.Build(specs, now)
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[string]bool{"root": false, "leaf": false, "other": true} {
		if got := first.Get(n).Cert.Equal(changed.Get(n).Cert); got != want {
			t.Errorf("%s reused = %v, want %v", n, got, want)
		}
	}
	if err := changed.Get("leaf").Cert.CheckSignatureFrom(changed.Get("root").Cert); err != nil {
		t.Errorf("the re-crafted leaf is not signed by the re-crafted root: %v", err)
	}
	keys := map[any]string{}
	for _, n := range changed.Order {
		k := changed.Get(n).Key
		if prev, dup := keys[k]; dup {
			t.Errorf("%s and %s share a key", prev, n)
		}
		keys[k] = n
	}

	// A different clock is a different certificate.
	later, err := c.Build(cacheSpecs(), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if later.Get("other").Cert.Equal(first.Get("other").Cert) {
		t.Error("a certificate was reused across clocks")
	}
}
