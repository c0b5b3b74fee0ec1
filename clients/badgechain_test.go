//go:build unix

package clients

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestBadgeWithoutIntermediate shows with the real clients what
// mtls-wrong-ca's words say of a badge issued under the bank's CA by an
// intermediate the certificate file lacks: sent alone, requests, curl,
// s_client and Node get the bank's "unknown ca" and Go sends no badge and gets
// "certificate required", as predicted; with the intermediate after the badge
// in the file, as the fix says, every client is served, s_client only when
// given the intermediate with -cert_chain (it reads one certificate from
// -cert's file).
func TestBadgeWithoutIntermediate(t *testing.T) {
	needTools(t)
	w := realWorld(t, scenario.Lookup("mtls-wrong-ca"), badgeUnderIntermediate)
	r := Run{Dir: w.dir, Port: w.server.Port, S: w.set.Material.Scenario}
	got, _ := checkClients(t, w.set, r)
	for client, o := range got {
		want := "unknown ca"
		if client == explain.GoNetHTTP {
			want = "certificate required"
		}
		if o.OK || !strings.Contains(o.Message, want) {
			t.Errorf("%s, the badge alone: %+v, want %q", client, o, want)
		}
	}
	// How to tell: the badge's issuer is not among the CAs the bank names,
	// its intermediate's is.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	caNames := func(file string) string {
		t.Helper()
		out, err := command(ctx, Run{Dir: w.dir}, "openssl", "x509", "-noout", "-issuer", "-in", file)
		if err != nil || out.code != 0 {
			t.Fatalf("openssl x509 -in %s: %v %+v", file, err, out)
		}
		return out.stdout
	}
	out, err := command(ctx, Run{Dir: w.dir}, "sh", "-c", `openssl s_client -connect 127.0.0.1:"$0" </dev/null`, r.Port)
	if err != nil {
		t.Fatal(err)
	}
	_, named, _ := strings.Cut(out.stdout, "Acceptable client certificate CA names\n")
	named, _, _ = strings.Cut(named, "\n")
	if issuer := caNames(explain.ClientCertFile); named == "" || strings.Contains(issuer, named) || !strings.Contains(issuer, "Bank Courier Issuing CA 1") {
		t.Errorf("the bank names %q, the badge's issuer is %q", named, issuer)
	}
	// The fix: the intermediate after the badge in its file.
	inter := pki.CertPEM(w.set.Material.Set.Get(badgeCA).Cert)
	if err := os.WriteFile(filepath.Join(w.dir, explain.IntermediateFile), inter, 0o644); err != nil {
		t.Fatal(err)
	}
	if issuer := caNames(explain.IntermediateFile); !strings.Contains(issuer, named) {
		t.Errorf("the bank names %q, the intermediate's issuer is %q", named, issuer)
	}
	badge, err := os.ReadFile(filepath.Join(w.dir, explain.ClientCertFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.dir, explain.ClientCertFile), append(badge, inter...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, client := range sortedKeys(Runners) {
		o, err := Runners[client](ctx, r)
		if err != nil {
			t.Fatalf("%s: %v", client, err)
		}
		// s_client reads the badge alone from -cert's file.
		if served := client != explain.OpenSSL; o.OK != served {
			t.Errorf("%s, the intermediate after the badge in its file: served %v, want %v: %s", client, o.OK, served, o.Printed)
		}
	}
	// s_client, given the intermediate with -cert_chain, as the fix says.
	s := r.S
	args := append(explain.OpenSSLArgs(s, "", explain.Target{Addr: "127.0.0.1", Port: r.Port, Kit: true}), "-cert_chain", explain.IntermediateFile, "-ign_eof")
	sh := append([]string{"-c", `printf 'GET /vault HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$0" | "$@"`, s.Client.Dial}, args...)
	out, err = command(ctx, Run{Dir: w.dir, Port: r.Port}, "sh", sh...)
	if err != nil {
		t.Fatal(err)
	}
	if o, err := sClientOutcome(out); err != nil || !o.OK {
		t.Errorf("s_client %s: %+v, %v\n%s", strings.Join(args, " "), o, err, out.stderr)
	}
}

// badgeCA is the intermediate of badgeUnderIntermediate.
const badgeCA = "other-ca"

// badgeUnderIntermediate makes mtls-wrong-ca's badge office an intermediate
// under the CA the bank trusts to issue badges: the courier's certificate
// file holds the badge alone.
func badgeUnderIntermediate(s *scenario.Scenario) {
	ca := s.Spec(badgeCA)
	ca.Issuer, ca.CommonName, ca.Organization = scenario.ClientCA, "Bank Courier Issuing CA 1", "Bank of Example"
}
