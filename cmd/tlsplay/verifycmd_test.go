package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
	"github.com/tlsplay/tlsplay/ui"
)

// bundleNamedPaste is requests refusing a chain, its text naming the CA
// bundle requests read (REQUESTS_CA_BUNDLE): the note says how to check that
// file against the server's chain.
const bundleNamedPaste = "$ REQUESTS_CA_BUNDLE=/etc/ssl/company.pem python3 app.py\n" +
	"Traceback (most recent call last):\n" +
	"  File \"/srv/app.py\", line 2, in <module>\n" +
	"    r = requests.get(\"https://vault.corp.example/\")\n" +
	"requests.exceptions.SSLError: HTTPSConnectionPool(host='vault.corp.example', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))\n"

// TestBundleCheckCommand runs the command the page's and tlsplay match's
// note give to check a named bundle against the server's chain, as given,
// with the real openssl: on the chain openssl s_client -showcerts printed
// from a server sending its certificate and the intermediate (what each
// surface says to save), it says OK of a bundle holding the root, and
// refuses one holding another root or only the intermediate, even where the
// system's CAs (SSL_CERT_DIR) hold the root. `openssl verify -CAfile
// that-file chain.pem` checked the server's certificate alone, without the
// intermediate, and refused the right bundle (error 20).
func TestBundleCheckCommand(t *testing.T) {
	dir := t.TempDir()
	m, err := handshake.NewMaterial(scenario.Lookup("custom-ca-bundle").At(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Sent) != 2 || len(m.Trusted) != 1 {
		t.Fatalf("the story's server sends %d certificates, its courier trusts %d: want its certificate and intermediate, and a root", len(m.Sent), len(m.Trusted))
	}
	root, intermediate := m.Trusted[0], m.Sent[1]
	writeTestFile(t, dir, "root.pem", pemOf(root.Raw))
	writeTestFile(t, dir, "intermediate.pem", pemOf(intermediate.Raw))
	writeTestFile(t, dir, "other.pem", pemOf(otherRoot(t)))
	// The system's CAs hold the root: the check is of the file alone.
	system := filepath.Join(dir, "system")
	if err := os.Mkdir(system, 0o755); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, system, "root.pem", pemOf(root.Raw))
	if out, err := exec.Command("openssl", "rehash", system).CombinedOutput(); err != nil {
		t.Fatalf("openssl rehash: %v %s", err, out)
	}

	// The server's chain, as s_client -showcerts prints it.
	cert := m.ServerCertificate()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.(*tls.Conn).Handshake()
			c.Close()
		}
	}()
	sc := exec.Command("openssl", "s_client", "-connect", ln.Addr().String(), "-servername", m.Scenario.Client.Dial, "-showcerts")
	sc.Stdin = strings.NewReader("")
	shown, err := sc.Output()
	if err != nil || strings.Count(string(shown), "BEGIN CERTIFICATE") != 2 {
		t.Fatalf("openssl s_client -showcerts: %v, %d certificates:\n%s", err, strings.Count(string(shown), "BEGIN CERTIFICATE"), shown)
	}
	writeTestFile(t, dir, "chain.txt", string(shown))
	writeTestFile(t, dir, "chain.pem", string(shown))

	// The notes, as the CLI prints and the page shows them.
	stdout, _, status := cliIn(t, bundleNamedPaste, "match")
	if status != 0 {
		t.Fatalf("match: status %d", status)
	}
	jsonOut, _, _ := cliIn(t, bundleNamedPaste, "match", "--json")
	matches, err := ui.DecodeMatches([]byte(jsonOut))
	if err != nil || len(matches) == 0 || !matches[0].Bundle {
		t.Fatalf("match --json: %v, the first not marked bundle: %s", err, jsonOut)
	}
	for _, note := range []struct{ surface, text string }{
		{"tlsplay match", strings.Join(strings.Fields(stdout), " ")},
		{"the page", ui.PasteOf(bundleNamedPaste, matches).Note},
	} {
		// The command, as a shell runs it: the variables set before it,
		// then openssl's arguments.
		_, cmd, ok := strings.Cut(note.text, explain.BundleNamedWords[strings.LastIndex(explain.BundleNamedWords, "("):])
		cmd, _, said := strings.Cut(cmd, " says which)")
		if !ok || !said || !strings.Contains(note.text, explain.BundleNamedWords) {
			t.Fatalf("%s: no command to check the bundle in %q", note.surface, note.text)
		}
		words := strings.Fields(explain.BundleNamedWords[strings.LastIndex(explain.BundleNamedWords, "(")+1:] + cmd)
		var env []string
		for len(words) > 0 && strings.Contains(words[0], "=") {
			env, words = append(env, words[0]), words[1:]
		}
		if len(words) < 2 || words[0] != "openssl" || words[1] != "verify" {
			t.Fatalf("%s: the command is not openssl verify: %q", note.surface, words)
		}
		args := words
		for _, tt := range []struct {
			bundle string
			ok     bool
		}{
			{"root.pem", true},
			{"other.pem", false},
			{"intermediate.pem", false},
		} {
			run := exec.Command(args[0], args[1:]...)
			for i, a := range run.Args {
				if a == "that-file" {
					run.Args[i] = tt.bundle
				}
			}
			run.Dir = dir
			// The system's CAs hold the root; the command's own
			// variables come after, as a shell sets them.
			run.Env = append(append(os.Environ(), "SSL_CERT_DIR="+system), env...)
			out, err := run.CombinedOutput()
			if got := err == nil && strings.Contains(string(out), ": OK"); got != tt.ok {
				t.Errorf("%s: %s with %s: %v %s, want OK %v", note.surface, strings.Join(run.Args, " "), tt.bundle, err, out, tt.ok)
			}
		}
	}
}

// pemOf is a certificate as PEM.
func pemOf(der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// otherRoot is a root that issued nothing of the story's.
func otherRoot(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Another Root CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}
