//go:build unix

package clients

import (
	"context"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestKitRevocation runs the revoked stories' kits as a person would: the bank
// with run-server.sh (openssl s_server stapling the OCSP response), beside it
// revocation-server.py, which serves the CRLs at the paths the certificates
// name and answers OCSP. Real clients read them: Go fetches each CRL and finds
// the revoked serial, openssl ocsp asks the responder, s_client -status reads
// the staple, curl --cert-status refuses it, and the kit's couriers told to
// check (the story with check_revocation) refuse the bank.
func TestKitRevocation(t *testing.T) {
	needTools(t)
	for _, tt := range []struct {
		preset  string
		revoked string // the certificate revoked
		staple  string // what the leaf's stapled response says
	}{
		{"revoked-leaf", scenario.Leaf, "Cert Status: revoked"},
		{"revoked-intermediate", scenario.Intermediate, "Cert Status: good"},
	} {
		t.Run(tt.preset, func(t *testing.T) {
			t.Parallel()
			set, dir := exportNow(t, scenario.Lookup(tt.preset), func(s *scenario.Scenario) { s.Client.CheckRevocation = true })
			m := set.Material
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			revocationPort := strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:")
			ln.Close()
			port := kitServer(t, dir, false, "TLSPLAY_REVOCATION_PORT="+revocationPort)
			base := "http://127.0.0.1:" + revocationPort

			// Each CRL at its URL's path, signed by its issuer; the revoked
			// certificate's issuer lists it.
			revokedSerial := m.Set.Get(tt.revoked).Cert.SerialNumber
			listed := 0
			for _, c := range m.Revocation.CRLs {
				der := fetch(t, base+urlPathOf(t, c.URL))
				l, err := x509.ParseRevocationList(der)
				if err != nil {
					t.Fatalf("%s: %v", c.URL, err)
				}
				if err := l.CheckSignatureFrom(m.Set.Get(c.Issuer).Cert); err != nil {
					t.Errorf("%s: %v", c.URL, err)
				}
				for _, e := range l.RevokedCertificateEntries {
					if e.SerialNumber.Cmp(revokedSerial) == 0 {
						listed++
					}
				}
			}
			if listed != 1 {
				t.Errorf("the served CRLs list the revoked certificate %d times, want once", listed)
			}

			// openssl ocsp asks the responder about the revoked certificate.
			revoked, issuer := m.Set.Get(tt.revoked), m.Set.Get(m.Set.Get(tt.revoked).Spec.Issuer)
			write(t, dir, "asked.pem", pki.CertPEM(revoked.Cert))
			write(t, dir, "asked-issuer.pem", pki.CertPEM(issuer.Cert))
			out, err := testtool.Run(t, dir, "openssl", "ocsp", "-url", base+"/", "-issuer", "asked-issuer.pem", "-cert", "asked.pem", "-CAfile", export.CAFile, "-no_nonce")
			if err != nil || !strings.Contains(string(out), "asked.pem: revoked") {
				t.Errorf("openssl ocsp: %q %v", out, err)
			}

			// s_client -status reads the staple s_server sends.
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			r := Run{Dir: dir, Port: port}
			got, err := command(ctx, r, "openssl", "s_client", "-connect", "127.0.0.1:"+port, "-servername", scenario.ServerHost, "-CAfile", export.CAFile, "-status")
			if err != nil || !strings.Contains(got.stdout, tt.staple) {
				t.Errorf("s_client -status: want %q in %s%s (%v)", tt.staple, got.stdout, got.stderr, err)
			}

			// The kit's couriers, told to check, refuse the bank.
			want := explain.Clients(set.Trace)
			for _, client := range kitClients {
				o, err := Runners[client](ctx, Run{Dir: dir, Port: port, S: m.Scenario})
				if err != nil {
					t.Errorf("%s: %v", client, err)
					continue
				}
				if p := want[client]; o.OK || Mask(o.Message, port) != p.Message {
					t.Errorf("%s against s_server:\n  real:      ok=%v %s\n  predicted: ok=%v %s", client, o.OK, Mask(o.Message, port), p.OK, p.Message)
				}
			}
		})
	}
}

// fetch GETs url, retrying while the server starts.
func fetch(t *testing.T, url string) []byte {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("GET %s: %s %v", url, resp.Status, err)
			}
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %v", url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// urlPathOf is the path of a URL.
func urlPathOf(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return p.Path
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
