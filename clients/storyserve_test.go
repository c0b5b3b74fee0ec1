//go:build unix

package clients

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/storyserve"
)

// TestServeStories serves every story on one listener, each chosen by SNI, as
// `tlsplay serve-stories` does, and runs requests and curl against each: they
// do what the story predicts. GET / on a story says which story answered, and
// the public roots trust every story whose courier trusts the public bundle.
func TestServeStories(t *testing.T) {
	needTools(t)
	start := time.Now()
	stories, err := storyserve.Craft(context.Background(), scenario.Presets, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := storyserve.Listen(stories, "127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	crafted := time.Since(start)
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(storyserve.PublicRoots(stories)) {
		t.Fatal("no public roots")
	}
	sem := make(chan struct{}, 3)
	t.Run("stories", func(t *testing.T) {
		for _, st := range stories {
			t.Run(st.ID, func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				dir := t.TempDir()
				if err := WriteFiles(dir, st.Set.Files); err != nil {
					t.Fatal(err)
				}
				r := Run{Dir: dir, Port: strconv.Itoa(st.Port), S: st.Set.Material.Scenario}
				checkSome(t, st.Set, r, []string{explain.Requests1, explain.Curl})
				s := st.Set.Material.Scenario
				if s.Resolve(scenario.ReaderRequests).Rule == scenario.RuleCertifi && !s.MTLS() && st.Set.Trace.Outcome.OK {
					if got := getRoot(t, st, roots); !strings.HasPrefix(got, st.ID+": ") {
						t.Errorf("GET / answered %.80q, want the story %s", got, st.ID)
					}
				}
			})
		}
	})
	t.Logf("%d stories crafted in %v, served and checked in %v", len(stories), crafted.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

// getRoot asks the story's host for / as Go's client does, trusting only the
// public roots the server writes with --ca-out.
func getRoot(t *testing.T, st *storyserve.Story, roots *x509.CertPool) string {
	t.Helper()
	return getPath(t, st, roots, "/")
}

// getPath asks the story's host for path as getRoot does.
func getPath(t *testing.T, st *storyserve.Story, roots *x509.CertPool, path string) string {
	t.Helper()
	// The story's courier's versions and groups: a TLS 1.0 bank answers a
	// courier that allows TLS 1.0.
	c := st.Set.Material.Scenario.Client
	conn, err := tls.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(st.Port)), &tls.Config{ServerName: st.Host, RootCAs: roots,
		MinVersion: handshake.VersionID(c.MinVersion), MaxVersion: handshake.VersionID(c.MaxVersion), CurvePreferences: handshake.CurveIDs(c.Groups)})
	if err != nil {
		t.Fatalf("dial %s: %v", st.Host, err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: "+st.Host+"\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// TestServeStoriesRevocation serves the revoked stories as serve-stories does:
// each answers with its CAs' CRLs (/crl.pem, and each CRL at its distribution
// point's path) and staples its OCSP response, and curl told to check them
// with what it fetched there refuses the bank, which it accepts otherwise
// (TestServeStories).
func TestServeStoriesRevocation(t *testing.T) {
	needTools(t)
	var presets []*scenario.Preset
	for _, id := range []string{"revoked-leaf", "revoked-intermediate"} {
		presets = append(presets, scenario.Lookup(id))
	}
	stories, err := storyserve.Craft(context.Background(), presets, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := storyserve.Listen(stories, "127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(storyserve.PublicRoots(stories))
	for _, st := range stories {
		t.Run(st.ID, func(t *testing.T) {
			crls := getPath(t, st, roots, "/crl.pem")
			parsed, err := handshake.ParseCRLs([]byte(crls))
			if err != nil || len(parsed) != len(st.Set.Material.Revocation.CRLs) {
				t.Fatalf("/crl.pem holds %d CRLs (%v), want %d", len(parsed), err, len(st.Set.Material.Revocation.CRLs))
			}
			for _, c := range st.Set.Material.Revocation.CRLs {
				if der := getPath(t, st, roots, urlPathOf(t, c.URL)); der != string(c.List.Raw) {
					t.Errorf("%s is not %s's CRL", urlPathOf(t, c.URL), c.Issuer)
				}
			}
			dir := t.TempDir()
			write(t, dir, "crl.pem", []byte(crls))
			write(t, dir, "roots.pem", storyserve.PublicRoots(stories))
			port := strconv.Itoa(st.Port)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			out, err := command(ctx, Run{Dir: dir, Port: port}, "curl", "-sS", "--connect-to", st.Host+":"+port+":127.0.0.1:"+port,
				"--cacert", "roots.pem", "--crlfile", "crl.pem", "--cert-status", "https://"+st.Host+":"+port+"/vault")
			if err != nil || out.code != 60 || !strings.Contains(out.stderr, "certificate revoked") {
				t.Errorf("curl --crlfile --cert-status: exit %d %s (%v), want 60 and certificate revoked", out.code, out.stderr, err)
			}

			// Its CAs' OCSP responder, asked as a person would: openssl ocsp
			// writes the request, curl posts it, openssl ocsp reads the answer.
			m := st.Set.Material
			for _, o := range m.Revocation.OCSP {
				cert := m.Set.Get(o.Cert)
				write(t, dir, "cert.pem", pki.CertPEM(cert.Cert))
				write(t, dir, "issuer.pem", pki.CertPEM(m.Set.Get(cert.Spec.Issuer).Cert))
				if _, err := testtool.Run(t, dir, "openssl", "ocsp", "-issuer", "issuer.pem", "-cert", "cert.pem", "-no_nonce", "-reqout", "req.der"); err != nil {
					t.Fatal(err)
				}
				out, err := command(ctx, Run{Dir: dir, Port: port}, "curl", "-sS", "--connect-to", st.Host+":"+port+":127.0.0.1:"+port, "--cacert", "roots.pem",
					"-H", "Content-Type: application/ocsp-request", "--data-binary", "@req.der", "-o", "resp.der", "https://"+st.Host+":"+port+"/")
				if err != nil || out.code != 0 {
					t.Fatalf("curl posting the OCSP request: exit %d %s (%v)", out.code, out.stderr, err)
				}
				got, err := testtool.Run(t, dir, "openssl", "ocsp", "-respin", "resp.der", "-issuer", "issuer.pem", "-cert", "cert.pem", "-CAfile", "roots.pem", "-no_nonce")
				want := "cert.pem: good"
				if o.Revoked {
					want = "cert.pem: revoked"
				}
				if err != nil || !strings.Contains(string(got), want) {
					t.Errorf("%s's OCSP answer: %q (%v), want %q", o.Cert, got, err, want)
				}
			}
		})
	}
}
