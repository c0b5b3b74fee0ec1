//go:build unix

package clients

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// TestCABundleForms shows with the real clients what the chain box says of a
// CA bundle given as DER or PKCS #7 (handshake.RootsFormNote): each client,
// given the file as it is, does what its row in the box predicts (requests,
// curl and s_client refuse to load it, in the words the note quotes; Node and
// Go read no certificate from it and refuse the chain, as their rows word it
// for a chain sent with its intermediate and for a leaf sent alone), and the
// command the note gives (handshake.RootsConvert) turns it into the ca.pem
// every client is served with.
func TestCABundleForms(t *testing.T) {
	needTools(t)
	for _, preset := range []string{"custom-ca-bundle", "missing-intermediate"} {
		w := realWorld(t, scenario.Lookup(preset), nil)
		s := w.set.Material.Scenario
		r := Run{Dir: w.dir, Port: w.server.Port, S: s}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		sh := func(script string) {
			t.Helper()
			if out, err := command(ctx, Run{Dir: w.dir}, "sh", "-c", script); err != nil || out.code != 0 {
				t.Fatalf("%s: %v %+v", script, err, out)
			}
		}
		chain, err := os.ReadFile(filepath.Join(w.dir, export.ServerChainFile))
		if err != nil {
			t.Fatal(err)
		}
		sh("cp ca.pem ca.orig.pem")
		for _, tc := range []struct{ form, make string }{
			{"der", "openssl x509 -in ca.orig.pem -outform der -out ca.der && cp ca.der ca.pem"},
			{"pkcs7", "openssl crl2pkcs7 -nocrl -certfile ca.orig.pem -out ca.p7b && cp ca.p7b ca.pem"},
			{"pkcs7", "openssl crl2pkcs7 -nocrl -certfile ca.orig.pem -outform der -out ca.p7b && cp ca.p7b ca.pem"},
		} {
			sh(tc.make)
			roots, err := os.ReadFile(filepath.Join(w.dir, explain.CAFile))
			if err != nil {
				t.Fatal(err)
			}
			ins, err := handshake.Inspect(handshake.ChainInput{Chain: chain, Roots: roots, Name: "https://" + s.Client.Dial + ":" + w.server.Port + "/", Now: s.Now})
			if err != nil {
				t.Fatal(err)
			}
			if ins.Trace.Pasted == nil || ins.Trace.Pasted.RootsForm != tc.form {
				t.Fatalf("%s, %s: read as %+v", preset, tc.make, ins.Trace.Pasted)
			}
			want := explain.NewReport(ins.Trace).Clients
			note := handshake.RootsFormNote("the CA bundle", tc.form)
			for _, client := range sortedKeys(Runners) {
				o, err := Runners[client](ctx, r)
				if err != nil {
					t.Fatal(err)
				}
				// The kit asks for the story's /vault, the paste's URL for /.
				o.Message = strings.NewReplacer("{port}"+explain.VaultPath, "{port}/", "url: "+explain.VaultPath+" ", "url: / ").Replace(Mask(o.Message, w.server.Port))
				if p := want[client]; !printsAsPredicted(o, p, true) {
					t.Errorf("%s, a %s bundle (%s): real client and prediction differ\n  real:      ok=%v class=%q\n             %s\n  predicted: ok=%v class=%q\n             %s",
						preset, tc.form, client, o.OK, o.Class, o.Message, p.OK, p.Class, p.Message)
				}
				quoted := map[string]string{explain.Requests1: "[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found",
					explain.Curl: "(77) error setting certificate file", explain.OpenSSL: "no certificate or crl found", explain.GoNetHTTP: "certificate signed by unknown authority"}[client]
				if preset == "custom-ca-bundle" && client == explain.Node {
					quoted = "unable to get local issuer certificate"
				}
				if quoted != "" && (!strings.Contains(o.Message, quoted) || !strings.Contains(note, quoted)) {
					t.Errorf("%s, a %s bundle: %s printed %q; want %q, in the note %q", preset, tc.form, client, o.Message, quoted, note)
				}
			}
			// The conversion the note gives, run as it is given.
			convert := handshake.RootsConvert(tc.form)
			convert, _, _ = strings.Cut(convert, " (")
			if tc.form == "pkcs7" && roots[0] == 0x30 {
				convert = strings.Replace(convert, "-print_certs", "-inform der -print_certs", 1)
			}
			sh("rm ca.pem && " + convert)
			sh("cmp -s ca.pem ca.orig.pem || openssl x509 -in ca.pem -noout")
			if preset != "custom-ca-bundle" {
				continue
			}
			for _, client := range []string{explain.Requests1, explain.Curl, explain.Node, explain.OpenSSL, explain.GoNetHTTP} {
				if o, err := Runners[client](ctx, r); err != nil || !o.OK {
					t.Errorf("%s, the %s bundle converted (%s): %+v %v", client, tc.form, convert, o, err)
				}
			}
		}
	}
}

// TestChainFileOrder shows what the chain box's note says of a chain file
// that does not open with the server's own certificate: as a server's file
// it does not load, Python's load_cert_chain and nginx refuse it with the
// key ("key values mismatch", the words the note quotes), and in order it
// loads.
func TestChainFileOrder(t *testing.T) {
	needTools(t)
	nginx := testtool.Path(t, "nginx")
	set, dir := exportNow(t, scenario.Lookup("custom-ca-bundle"), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	chain, err := os.ReadFile(filepath.Join(dir, export.ServerChainFile))
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.SplitAfter(strings.TrimSpace(string(chain)), "-----END CERTIFICATE-----")
	blocks = slices.DeleteFunc(blocks, func(b string) bool { return strings.TrimSpace(b) == "" })
	if len(blocks) < 2 {
		t.Fatalf("the story's chain file holds %d certificate(s)", len(blocks))
	}
	slices.Reverse(blocks)
	if err := os.WriteFile(filepath.Join(dir, "reversed.pem"), []byte(strings.Join(blocks, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	roots, err := os.ReadFile(filepath.Join(dir, export.CAFile))
	if err != nil {
		t.Fatal(err)
	}
	ins, err := handshake.Inspect(handshake.ChainInput{Chain: []byte(strings.Join(blocks, "\n")), Name: set.Material.Scenario.Client.Dial, Now: set.Material.Scenario.Now, Roots: roots})
	if err != nil {
		t.Fatal(err)
	}
	note := strings.Join(ins.Notes, " ")
	load := func(file string) output {
		t.Helper()
		out, err := command(ctx, Run{Dir: dir}, Python, "-c", "import ssl, sys; ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(sys.argv[1], sys.argv[2])", file, export.ServerKeyFile)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if out := load("reversed.pem"); out.code == 0 || !strings.Contains(out.stderr, "[X509: KEY_VALUES_MISMATCH] key values mismatch") || !strings.Contains(note, "[X509: KEY_VALUES_MISMATCH] key values mismatch") {
		t.Errorf("load_cert_chain, the file reversed: %+v; the note: %q", out, note)
	}
	if out := load(export.ServerChainFile); out.code != 0 {
		t.Errorf("load_cert_chain, the file in order: %+v", out)
	}
	nginxTest := func(file string) output {
		t.Helper()
		conf := "error_log stderr; pid nginx.pid; events {} http { server { listen 127.0.0.1:1 ssl; ssl_certificate " + filepath.Join(dir, file) + "; ssl_certificate_key " + filepath.Join(dir, export.ServerKeyFile) + "; } }\n"
		if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := command(ctx, Run{Dir: dir}, nginx, "-t", "-q", "-p", dir, "-c", filepath.Join(dir, "nginx.conf"))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if out := nginxTest("reversed.pem"); out.code == 0 || !strings.Contains(out.stderr, "SSL_CTX_use_PrivateKey(") || !strings.Contains(out.stderr, "key values mismatch") || !strings.Contains(note, `nginx says "SSL_CTX_use_PrivateKey(...) failed (... key values mismatch)"`) {
		t.Errorf("nginx -t, the file reversed: %+v; the note: %q", out, note)
	}
	if out := nginxTest(export.ServerChainFile); out.code != 0 {
		t.Errorf("nginx -t, the file in order: %+v", out)
	}
}

// serveChain serves chain, with key, on 127.0.0.1 as a server whose
// certificate file holds chain in that order: its port.
func serveChain(t *testing.T, chain []*x509.Certificate, key crypto.Signer) string {
	t.Helper()
	cert := tls.Certificate{PrivateKey: key}
	for _, c := range chain {
		cert.Certificate = append(cert.Certificate, c.Raw)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") }), ErrorLog: log.New(io.Discard, "", 0)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// fetchWith runs requests (urllib3 1, as Runners do), curl and Node against https://localhost:port/
// with ca.pem in dir as their bundle: what each printed, "" for a client
// served.
func fetchWith(t *testing.T, ctx context.Context, dir, port string) map[string]string {
	t.Helper()
	url := "https://localhost:" + port + "/"
	calls := map[string][]string{
		explain.Requests1: {Python, "-c", "import requests, sys\ntry:\n    requests.get(sys.argv[1], verify='ca.pem', timeout=10)\nexcept Exception as e:\n    print(e)", url},
		explain.Curl:      {"curl", "-sS", "--cacert", "ca.pem", url},
		explain.Node:      {"node", "-e", "require('https').get(process.argv[1], {ca: require('fs').readFileSync('ca.pem')}, (r) => r.resume()).on('error', (e) => console.log(e.code, e.message))", url},
	}
	out := map[string]string{}
	for client, call := range calls {
		o, err := command(ctx, Run{Dir: dir}, call[0], call[1:]...)
		if err != nil {
			t.Fatal(err)
		}
		if printed := strings.TrimSpace(o.stdout + o.stderr); printed != "ok" && printed != "" {
			out[client] = printed
		}
	}
	return out
}

// TestChainBoxFixesHold applies the chain box's fixes to real servers and
// clients. A server that sends a certificate for another name before the
// right one is refused for the name by every client, as the box now judges
// it; sending the right one first, as its fix says, serves them all. A chain
// ending, through a cross-sign, at a root of the courier's own bundle that
// has expired is refused as expired; with the current root added to the
// bundle, as the fix says first, the same server serves them all, and the
// bank dropping the cross-sign (its second cure) serves a bundle holding the
// current root.
func TestChainBoxFixesHold(t *testing.T) {
	ctx, now, cc, dir, bundle := crossWorld(t)
	inspect := func(chain []*x509.Certificate, roots ...*x509.Certificate) *handshake.Inspection {
		t.Helper()
		ins, err := handshake.Inspect(handshake.ChainInput{Chain: pki.CertPEM(chain...), Roots: pki.CertPEM(roots...), Name: "localhost", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return ins
	}

	// The certificate for another name first.
	bundle(cc.X1)
	wrongFirst := []*x509.Certificate{cc.Other, cc.Leaf, cc.R3}
	if ins := inspect(wrongFirst, cc.X1); ins.Trace.Outcome.Reason != handshake.HostnameMismatch || ins.Trace.Pasted == nil || ins.Trace.Pasted.ForNameLater == "" {
		t.Errorf("the box, the wrong certificate first: %s %+v", ins.Trace.Outcome.Reason, ins.Trace.Pasted)
	}
	got := fetchWith(t, ctx, dir, serveChain(t, wrongFirst, cc.OtherKey))
	// Python's requests here is urllib3 1's ("hostname 'localhost' doesn't
	// match 'www.other.test'"); urllib3 2's says "Hostname mismatch".
	for client, want := range map[string]string{explain.Requests1: "doesn't match 'www.other.test'", explain.Curl: "no alternative certificate subject name matches", explain.Node: "ERR_TLS_CERT_ALTNAME_INVALID"} {
		if !strings.Contains(got[client], want) {
			t.Errorf("%s, the wrong certificate first: %q, want %q", client, got[client], want)
		}
	}
	if got := fetchWith(t, ctx, dir, serveChain(t, []*x509.Certificate{cc.Leaf, cc.R3}, cc.LeafKey)); len(got) > 0 {
		t.Errorf("the right certificate first: %q", got)
	}

	// The expired root of the courier's own bundle.
	cross := []*x509.Certificate{cc.Leaf, cc.R3, cc.Cross}
	port := serveChain(t, cross, cc.LeafKey)
	bundle(cc.DST)
	if ins := inspect(cross, cc.DST); ins.Trace.Outcome.Reason != handshake.Expired || ins.Trace.Pasted == nil || ins.Trace.Pasted.ExpiredAnchor == "" {
		t.Errorf("the box, an old bundle: %s %+v", ins.Trace.Outcome.Reason, ins.Trace.Pasted)
	}
	got = fetchWith(t, ctx, dir, port)
	for _, client := range []string{explain.Requests1, explain.Curl, explain.Node} {
		if !strings.Contains(got[client], "certificate has expired") && !strings.Contains(got[client], "CERT_HAS_EXPIRED") {
			t.Errorf("%s, an old bundle: %q", client, got[client])
		}
	}
	bundle(cc.DST, cc.X1)
	if ins := inspect(cross, cc.DST, cc.X1); !ins.Trace.Outcome.OK {
		t.Errorf("the box, the bundle updated: %s", ins.Trace.Outcome.Reason)
	}
	if got := fetchWith(t, ctx, dir, port); len(got) > 0 {
		t.Errorf("the bundle updated: %q", got)
	}
	if got := fetchWith(t, ctx, dir, serveChain(t, cross[:2], cc.LeafKey)); len(got) > 0 {
		t.Errorf("the cross-sign dropped, the bundle updated: %q", got)
	}
}

// TestIPDialSendsNoSNI holds what a name mismatch's fix adds for an address
// dialled: it sends no SNI, so a server picking its certificate by SNI (as
// nginx's default_server does) answers with its default one; the name that
// certificate lists, pointed at the address, reaches the default site, and
// the site's own name, the one the server expects in SNI, reaches the site.
func TestIPDialSendsNoSNI(t *testing.T) {
	ctx, now, cc, dir, bundle := crossWorld(t)
	bundle(cc.X1)
	site := tls.Certificate{Certificate: [][]byte{cc.Leaf.Raw, cc.R3.Raw}, PrivateKey: cc.LeafKey}
	fallback := tls.Certificate{Certificate: [][]byte{cc.Other.Raw, cc.R3.Raw}, PrivateKey: cc.OtherKey}
	var mu sync.Mutex
	var sni []string
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{GetCertificate: func(h *tls.ClientHelloInfo) (*tls.Certificate, error) {
		mu.Lock()
		sni = append(sni, h.ServerName)
		mu.Unlock()
		if h.ServerName == "localhost" {
			return &site, nil
		}
		return &fallback, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		which := "default"
		if r.TLS.ServerName == "localhost" {
			which = "site"
		}
		io.WriteString(w, which+"\n")
	}), ErrorLog: log.New(io.Discard, "", 0)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	curl := func(args ...string) output {
		t.Helper()
		out, err := command(ctx, Run{Dir: dir}, "curl", append([]string{"-sS", "--cacert", explain.CAFile}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	out := curl("https://127.0.0.1:" + port + "/")
	mu.Lock()
	sent := slices.Clone(sni)
	mu.Unlock()
	if out.code != 60 || len(sent) != 1 || sent[0] != "" {
		t.Errorf("the address dialled: exit %d %q, SNI sent %q", out.code, out.stderr, sent)
	}
	if out := curl("--resolve", "www.other.test:"+port+":127.0.0.1", "https://www.other.test:"+port+"/"); out.code != 0 || out.stdout != "default\n" {
		t.Errorf("the name the certificate lists, pointed at the address: %+v", out)
	}
	if out := curl("--resolve", "localhost:"+port+":127.0.0.1", "https://localhost:"+port+"/"); out.code != 0 || out.stdout != "site\n" {
		t.Errorf("the site's own name, pointed at the address: %+v", out)
	}
	// The box's fix for what the address was sent says so.
	ins, err := handshake.Inspect(handshake.ChainInput{Chain: pki.CertPEM(cc.Other, cc.R3), Roots: pki.CertPEM(cc.X1), Name: "https://127.0.0.1:" + port + "/", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if fix := explain.NewReport(ins.Trace).Explanation.Fix.Summary; !strings.Contains(fix, "an IP address dialled sends no SNI") || !strings.Contains(fix, "sni-default-certificate") {
		t.Errorf("the fix: %q", fix)
	}
}

// crossWorld is what the tests of real servers here share: the clients'
// deadline, the clock, a CrossChain for localhost, the clients' directory,
// and what writes their bundle (ca.pem) there.
func crossWorld(t *testing.T) (context.Context, time.Time, testtool.CrossChain, string, func(...*x509.Certificate)) {
	t.Helper()
	needTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	now := time.Now()
	dir := t.TempDir()
	bundle := func(certs ...*x509.Certificate) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, explain.CAFile), pki.CertPEM(certs...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ctx, now, testtool.CrossSigned(t, "localhost", now), dir, bundle
}

// TestChainBoxLeafAndIssuerBundle holds with real servers and clients what
// the chain box says of a bundle holding the bank's own certificate and the
// CA that issued it, and no root: OpenSSL goes on from the certificate,
// which is no CA, to that CA and finds no root above it, so requests,
// s_client and Node refuse with "unable to get issuer certificate" (num=2,
// Node's UNABLE_TO_GET_ISSUER_CERT, of a certificate sent alone too), and
// curl connects, whether the server sends its issuing CA or not.
func TestChainBoxLeafAndIssuerBundle(t *testing.T) {
	ctx, now, cc, dir, bundle := crossWorld(t)
	bundle(cc.Leaf, cc.R3)
	for _, sent := range [][]*x509.Certificate{{cc.Leaf, cc.R3}, {cc.Leaf}} {
		ins, err := handshake.Inspect(handshake.ChainInput{Chain: pki.CertPEM(sent...), Roots: pki.CertPEM(cc.Leaf, cc.R3), Name: "localhost", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		r := explain.NewReport(ins.Trace)
		port := serveChain(t, sent, cc.LeafKey)
		got := fetchWith(t, ctx, dir, port)
		sc, err := command(ctx, Run{Dir: dir}, "openssl", "s_client", "-connect", "127.0.0.1:"+port, "-servername", "localhost", "-CAfile", explain.CAFile, "-verify_return_error")
		if err != nil {
			t.Fatal(err)
		}
		got[explain.OpenSSL] = sc.stdout + sc.stderr
		const words = "unable to get issuer certificate"
		for client, refuses := range map[string]bool{explain.Requests1: true, explain.OpenSSL: true, explain.Node: true, explain.Curl: false} {
			cv := r.Clients[client]
			if cv.OK == refuses || refuses != strings.Contains(got[client], words) || refuses && !strings.Contains(cv.Message, words) {
				t.Errorf("%d sent, %s: printed %q; the box: ok=%v %q", len(sent), client, got[client], cv.OK, cv.Message)
			}
		}
		if class := r.Clients[explain.Node].Class; !strings.HasPrefix(got[explain.Node], class+" ") {
			t.Errorf("%d sent, Node printed %q, the box's class %q", len(sent), got[explain.Node], class)
		}
		if class := r.Clients[explain.OpenSSL].Class; !strings.Contains(got[explain.OpenSSL], class+":") {
			t.Errorf("%d sent, s_client printed %q, the box's class %q", len(sent), got[explain.OpenSSL], class)
		}
	}
}
