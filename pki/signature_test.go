package pki

import (
	"crypto/x509"
	"testing"
)

// TestCheckSignature: a link crafted here is known to verify without a check
// of its own (x509.CreateCertificate checked it), and any other pair is
// checked once, for real.
func TestCheckSignature(t *testing.T) {
	set := build(t, root("ca"), root("other"), leaf("bank", "ca"))
	ca, other, bank := set.Get("ca").Cert, set.Get("other").Cert, set.Get("bank").Cert
	tampered := parse(t, bank.Raw)
	tampered.Signature = append([]byte(nil), tampered.Signature...)
	tampered.Signature[len(tampered.Signature)-1] ^= 1
	tampered.Raw = append(append([]byte(nil), tampered.Raw...), 0) // another certificate's bytes
	tests := []struct {
		name      string
		c, parent *x509.Certificate
		ok        bool
		checks    int64 // verifications done for the first ask; none for the second
	}{
		{"crafted link", bank, ca, true, 0},
		{"crafted root", ca, ca, true, 0},
		{"another CA's key", bank, other, false, 1}, // never signed bank
		{"tampered signature", tampered, ca, false, 1},
		{"parsed again", parse(t, bank.Raw), parse(t, ca.Raw), true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for ask, want := range []int64{tt.checks, 0} {
				before := verified.Load()
				err := CheckSignature(tt.c, tt.parent)
				if (err == nil) != tt.ok {
					t.Fatalf("ask %d: CheckSignature = %v, want ok %v", ask+1, err, tt.ok)
				}
				if real := tt.parent.CheckSignature(tt.c.SignatureAlgorithm, tt.c.RawTBSCertificate, tt.c.Signature); (real == nil) != (err == nil) {
					t.Fatalf("ask %d: CheckSignature = %v, x509 says %v", ask+1, err, real)
				}
				if got := verified.Load() - before; got != want {
					t.Errorf("ask %d: %d verifications, want %d", ask+1, got, want)
				}
			}
		})
	}
}

func parse(t *testing.T, der []byte) *x509.Certificate {
	t.Helper()
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
