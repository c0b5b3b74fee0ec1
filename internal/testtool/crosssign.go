package testtool

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"
)

// CrossChain is Let's Encrypt's chain of 2021 made anew: a leaf for a host,
// its intermediate R3, and the current root X1 cross-signed by an older root
// (DST) that has expired; X1 is also there as its own, self-signed
// certificate. Other is a leaf for www.other.test under R3, as a server's
// stale certificate file holds one.
type CrossChain struct {
	Leaf, R3, Cross, X1, DST, Other *x509.Certificate
	LeafKey, OtherKey               *ecdsa.PrivateKey
}

// CrossSigned makes a CrossChain, valid at now but for DST, expired 30 days
// before it.
func CrossSigned(t testing.TB, host string, now time.Time) CrossChain {
	t.Helper()
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	serial := int64(0)
	make := func(cn string, ca bool, from, to time.Duration, pub *ecdsa.PrivateKey, parent *x509.Certificate, signer *ecdsa.PrivateKey) *x509.Certificate {
		serial++
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn}, NotBefore: now.Add(from), NotAfter: now.Add(to),
			BasicConstraintsValid: true, IsCA: ca}
		if ca {
			tmpl.KeyUsage = x509.KeyUsageCertSign
		} else {
			tmpl.DNSNames, tmpl.ExtKeyUsage = []string{cn}, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
			tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		}
		return Certificate(t, tmpl, parent, &pub.PublicKey, signer)
	}
	day := 24 * time.Hour
	dstKey, x1Key, r3Key := key(), key(), key()
	c := CrossChain{LeafKey: key(), OtherKey: key()}
	c.DST = make("Old Root X3", true, -1000*day, -30*day, dstKey, nil, dstKey)
	c.X1 = make("New Root X1", true, -900*day, 3000*day, x1Key, nil, x1Key)
	c.Cross = make("New Root X1", true, -900*day, 300*day, x1Key, c.DST, dstKey)
	c.R3 = make("Issuing R3", true, -100*day, 900*day, r3Key, c.X1, x1Key)
	c.Leaf = make(host, false, -10*day, 80*day, c.LeafKey, c.R3, r3Key)
	c.Other = make("www.other.test", false, -10*day, 80*day, c.OtherKey, c.R3, r3Key)
	return c
}

// Certificate is tmpl signed by signer as parent (tmpl itself when parent is
// nil: self-signed), parsed.
func Certificate(t testing.TB, tmpl, parent *x509.Certificate, pub *ecdsa.PublicKey, signer *ecdsa.PrivateKey) *x509.Certificate {
	t.Helper()
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
