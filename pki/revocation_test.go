//go:build !js

package pki

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/tlsplay/tlsplay/internal/testtool"
)

// TestRevocation crafts the CRLs and OCSP responses of a root, an intermediate
// and a leaf, with one of them revoked or none, and has Go and the real openssl
// read them: each signed by its issuer, each listing (or answering "revoked"
// for) the revoked certificate alone, and openssl's own chain verification
// with the CRLs refusing exactly the chains with a revoked certificate.
func TestRevocation(t *testing.T) {
	tests := []struct {
		name      string
		revoked   string // the spec revoked, "" for none
		rootKey   KeyType
		verifyErr string // openssl verify -crl_check_all's complaint, "" for OK
	}{
		{"nothing revoked", "", ECDSAP384, ""},
		{"leaf revoked", "leaf", ECDSAP384, "certificate revoked"},
		{"intermediate revoked", "im", ECDSAP384, "certificate revoked"},
		{"leaf revoked under an RSA root", "leaf", RSA2048, "certificate revoked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := root("root")
			r.Key = tt.rootKey
			r.KeyUsage = []string{KUCertSign, KUCRLSign}
			im := leaf("im", "root")
			im.IsCA, im.KeyUsage = true, []string{KUCertSign, KUCRLSign, KUDigitalSignature}
			im.CRLURL, im.OCSPURL = "http://crl.example/root.crl", "http://ocsp.example/"
			lf := leaf("leaf", "im")
			lf.CRLURL, lf.OCSPURL = "http://crl.example/im.crl", "http://ocsp.example/"
			for _, sp := range []*Spec{&im, &lf} {
				sp.Revoked = sp.Name == tt.revoked
			}
			// openssl judges the dates by the real clock.
			now := time.Now().UTC().Truncate(time.Second)
			set, err := Build([]Spec{r, im, lf}, now)
			if err != nil {
				t.Fatal(err)
			}
			if c := set.Get("leaf").Cert; len(c.CRLDistributionPoints) != 1 || c.CRLDistributionPoints[0] != lf.CRLURL || len(c.OCSPServer) != 1 || c.OCSPServer[0] != lf.OCSPURL {
				t.Fatalf("the leaf points at CRLs %v and OCSP %v", c.CRLDistributionPoints, c.OCSPServer)
			}
			rv, err := set.Revocation(now)
			if err != nil {
				t.Fatal(err)
			}
			if len(rv.CRLs) != 2 || len(rv.OCSP) != 2 {
				t.Fatalf("%d CRLs and %d OCSP responses, want 2 and 2", len(rv.CRLs), len(rv.OCSP))
			}
			dir := t.TempDir()
			write := func(name string, data []byte) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, data, 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			rootFile, imFile, leafFile := write("root.pem", CertPEM(set.Get("root").Cert)), write("im.pem", CertPEM(set.Get("im").Cert)), write("leaf.pem", CertPEM(set.Get("leaf").Cert))
			issuerFile := map[string]string{"root": rootFile, "im": imFile}
			for _, c := range rv.CRLs {
				issuer := set.Get(c.Issuer).Cert
				if err := c.List.CheckSignatureFrom(issuer); err != nil {
					t.Errorf("%s's CRL: %v", c.Issuer, err)
				}
				var listed []string
				for _, e := range c.List.RevokedCertificateEntries {
					for _, n := range set.Order {
						if set.Get(n).Cert.SerialNumber.Cmp(e.SerialNumber) == 0 {
							listed = append(listed, n)
						}
					}
				}
				var want []string
				if tt.revoked != "" && set.Get(tt.revoked).Spec.Issuer == c.Issuer {
					want = []string{tt.revoked}
				}
				if !slices.Equal(listed, want) {
					t.Errorf("%s's CRL lists %v, want %v", c.Issuer, listed, want)
				}
				if !c.List.ThisUpdate.Before(now) || !c.List.NextUpdate.After(now) {
					t.Errorf("%s's CRL is current from %v to %v, not at %v", c.Issuer, c.List.ThisUpdate, c.List.NextUpdate, now)
				}
				file := write(c.Issuer+".crl.pem", CRLPEM(c))
				out, err := openssl(t, "crl", "-in", file, "-CAfile", issuerFile[c.Issuer], "-noout")
				if err != nil {
					t.Errorf("openssl crl does not verify %s's CRL: %v %s", c.Issuer, err, out)
				}
			}
			for _, o := range rv.OCSP {
				cert, issuer := set.Get(o.Cert), set.Get(set.Get(o.Cert).Spec.Issuer)
				resp, err := ocsp.ParseResponseForCert(o.DER, cert.Cert, issuer.Cert)
				if err != nil {
					t.Fatalf("OCSP response for %s: %v", o.Cert, err)
				}
				want := ocsp.Good
				if o.Cert == tt.revoked {
					want = ocsp.Revoked
				}
				if resp.Status != want || o.Revoked != (want == ocsp.Revoked) {
					t.Errorf("OCSP for %s says %d (Revoked %v), want %d", o.Cert, resp.Status, o.Revoked, want)
				}
				words := map[int]string{ocsp.Good: ": good", ocsp.Revoked: ": revoked"}[want]
				respFile := write(o.Cert+".ocsp.der", o.DER)
				out, err := testtool.Run(t, "", "openssl", "ocsp", "-respin", respFile, "-issuer", issuerFile[issuer.Spec.Name],
					"-cert", write(o.Cert+".pem", CertPEM(cert.Cert)), "-CAfile", rootFile, "-no_nonce")
				if err != nil || !strings.Contains(string(out), words) {
					t.Errorf("openssl ocsp reads %s's response as %q (%v), want %q", o.Cert, out, err, words)
				}
			}
			crls := write("crls.pem", CRLPEM(rv.CRLs...))
			out, err := testtool.Run(t, "", "openssl", "verify", "-crl_check_all", "-CRLfile", crls, "-CAfile", rootFile, "-untrusted", imFile, leafFile)
			switch {
			case tt.verifyErr == "" && err != nil:
				t.Errorf("openssl verify -crl_check_all refused: %v %s", err, out)
			case tt.verifyErr != "" && (err == nil || !strings.Contains(err.Error(), tt.verifyErr)):
				t.Errorf("openssl verify -crl_check_all said %q (%v), want %q", out, err, tt.verifyErr)
			}
		})
	}
}
