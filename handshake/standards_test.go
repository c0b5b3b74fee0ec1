package handshake

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/internal/testtool"
)

// A self-signed server certificate is exempt from RFC 5280's authority key
// identifier (4.2.1.1), as the check's own words say, where it stands alone
// in the leaf's role; a leaf another CA signed without one is not.
func TestSelfSignedLeafNeedsNoAKI(t *testing.T) {
	mk := func(name string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, ca bool) (*x509.Certificate, *ecdsa.PrivateKey) {
		t.Helper()
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			IsCA: ca, BasicConstraintsValid: true, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
		if parent == nil {
			parentKey = key
		}
		return testtool.Certificate(t, tmpl, parent, &key.PublicKey, parentKey), key
	}
	flagged := func(path ...*x509.Certificate) bool {
		for _, st := range standardSteps(path, nil) {
			if strings.HasSuffix(st.Spec, "4.2.1.1") {
				return true
			}
		}
		return false
	}
	self, _ := mk("localhost", nil, nil, false)
	if len(self.AuthorityKeyId) != 0 {
		t.Fatal("the self-signed certificate has an authority key identifier: the test needs one without")
	}
	if flagged(self) {
		t.Error("a self-signed server certificate is said to break RFC 5280 4.2.1.1 for having no authority key identifier")
	}
	// A CA without a subject key identifier signs a leaf that then has no
	// authority key identifier: that one breaks the rule.
	ca, caKey := mk("Test CA", nil, nil, true)
	ca.SubjectKeyId = nil
	leaf, _ := mk("bank.example", ca, caKey, false)
	if len(leaf.AuthorityKeyId) != 0 {
		t.Fatal("the CA's leaf has an authority key identifier: the test needs one without")
	}
	if !flagged(leaf, ca) {
		t.Error("a leaf another CA signed, without an authority key identifier, is not said to break RFC 5280 4.2.1.1")
	}
}
