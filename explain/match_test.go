package explain

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// presetMatcher is the matcher of every story, as the page and `tlsplay
// match` build it, made once for the package's tests.
var presetMatcher = sync.OnceValues(func() (*Matcher, error) { return PresetMatcher(play) })

func play(s *scenario.Scenario) (*handshake.Trace, error) {
	return handshake.Run(context.Background(), s.On(scenario.PresetClock))
}

func presetStories() ([]Story, error) {
	m, err := presetMatcher()
	if err != nil {
		return nil, err
	}
	return m.stories, nil
}

func matcher(tb testing.TB) *Matcher {
	tb.Helper()
	m, err := presetMatcher()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// unknownIssuerStories are the stories of an issuer the courier does not know,
// which Node words as missing-intermediate's where the leaf came alone.
var unknownIssuerStories = []string{"internal-ca-default-bundle", "corporate-proxy", "os-trust-store"}

// matchTests are pastes as people bring them: real output of the real clients
// (testdata/match, collected from the export kits' banks and edited by hand to
// other hosts, ports, paths, line numbers and thread ids), and messages as
// they sit in logs, tracebacks and shell sessions.
var matchTests = []struct {
	name string
	// paste is the text, or file names a file of testdata/match.
	paste, file string
	// first is the story listed first and client the client it came from
	// ("" for a part many clients print alike); tied are the stories that
	// must share its rank (the same message).
	first, client string
	tied          []string
	// matched is a part of the paste the spans must cover; headline, when
	// set, the start of the words the match gives.
	matched, headline string
}{
	{
		name: "requests on urllib3 2, whole traceback", file: "requests2-hostname-traceback.txt",
		first: "hostname-mismatch", client: Requests, tied: []string{"wildcard-too-deep", "cn-only"},
		matched: "Hostname mismatch, certificate is not valid for 'api.payments.acme-corp.io'",
	},
	{
		name: "requests on urllib3 1.26, whole traceback", file: "requests1-hostname-traceback.txt",
		first: "hostname-mismatch", client: Requests1, tied: []string{"wildcard-too-deep"},
		matched: `CertificateError("hostname 'git.internal.example.org' doesn't match`,
	},
	{
		name:  "requests on urllib3 1.26, an address among names",
		paste: `requests.exceptions.SSLError: HTTPSConnectionPool(host='10.0.0.7', port=6443): Max retries exceeded with url: /healthz (Caused by SSLError(CertificateError("hostname '10.0.0.7' doesn't match either of 'kube.internal', '10.0.0.8'")))`,
		first: "ip-mismatch", client: Requests1,
	},
	{
		name:  "requests on urllib3 2, an address",
		paste: `requests.exceptions.SSLError: HTTPSConnectionPool(host='172.16.4.2', port=443): Max retries exceeded with url: /metrics (Caused by SSLError(SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is not valid for '172.16.4.2'. (_ssl.c:1028)")))`,
		first: "ip-mismatch", client: Requests, tied: []string{"sni-default-certificate"},
	},
	{
		name:  "requests in a log, with its prefix and the next line",
		paste: "2025-03-14 09:12:44,301 ERROR [celery.worker:88] sync_invoices failed: requests.exceptions.SSLError: HTTPSConnectionPool(host='erp.acme.local', port=8443): Max retries exceeded with url: /api/invoices?since=2025-03-01 (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1000)')))\n2025-03-14 09:12:44,302 INFO [celery.worker:91] retrying in 60s\n",
		first: "expired", client: Requests, tied: []string{"expired-intermediate"},
		matched: "certificate verify failed: certificate has expired",
	},
	// A part of a message, as people quote it in a question.
	{
		name: "a part of requests' words", paste: "Hostname mismatch, certificate is not valid for 'foo.com'",
		first: "hostname-mismatch", client: Requests, tied: []string{"wildcard-too-deep", "cn-only"},
	},
	{name: "OpenSSL's words for an alert", paste: "tlsv1 alert protocol version", first: "tls-version-mismatch"},
	{
		name: "Go's words for an issuer it does not know", paste: "x509: certificate signed by unknown authority",
		first: "internal-ca-default-bundle", client: GoNetHTTP, tied: []string{"corporate-proxy", "self-signed", "untrusted-root", "missing-intermediate"},
	},
	{
		name:  "Python built with OpenSSL 1.1, the ssl module's line alone",
		paste: "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate in certificate chain (_ssl.c:1123)",
		first: "corporate-proxy", client: Requests, tied: []string{"untrusted-root"},
	},
	{
		name:  "requests and an encrypted key",
		paste: ">>> s.get('https://mtls.partner.example/orders', cert=('/etc/app/me.crt', '/etc/app/me.key'))\nrequests.exceptions.SSLError: HTTPSConnectionPool(host='mtls.partner.example', port=443): Max retries exceeded with url: /orders (Caused by SSLError('Client private key is encrypted, password is required'))",
		first: "mtls-encrypted-key", client: Requests,
	},
	{
		name:  "urllib3 1.26 warns of verify=False",
		paste: "/usr/lib/python3/dist-packages/urllib3/connectionpool.py:1045: InsecureRequestWarning: Unverified HTTPS request is being made to host 'grafana.svc.cluster.local'. Adding certificate verification is strongly advised. See: https://urllib3.readthedocs.io/en/1.26.x/advanced-usage.html#ssl-warnings\n  warnings.warn(\n",
		first: "verify-false-mitm", client: Requests1,
	},
	{
		name:  "urllib3 1.26 falls back to the Common Name",
		paste: "/usr/lib/python3/dist-packages/urllib3/connection.py:460: SubjectAltNameWarning: Certificate for printer.office has no `subjectAltName`, falling back to check for a `commonName` for now. This feature is being removed by major browsers and deprecated by RFC 2818. (See https://github.com/urllib3/urllib3/issues/497 for details.)\n  warnings.warn(",
		first: "cn-only", client: Requests1,
	},
	// A warning printed on the way, then the refusal that ended the
	// connection: real pip 23.2.1 output (urllib3 1.26's
	// SubjectAltNameWarning of a bank whose name is in the Common Name
	// alone, then the bank refusing a badge of another CA) is the
	// refusal's story, the warning's after it.
	{
		name: "pip warns of the Common Name, then the bank refuses its badge", file: "pip-badge-cn-only-warning.txt",
		first: "mtls-wrong-ca", client: Requests,
		matched: "TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca",
	},
	{
		name: "curl -v, whole output", file: "curl-v-unknown-issuer.txt",
		first: "internal-ca-default-bundle", client: Curl, tied: []string{"missing-intermediate", "corporate-proxy"},
		matched: "curl: (60) SSL certificate problem: unable to get local issuer certificate",
	},
	// A bundle holding the company's issuing CA and not its root: OpenSSL's
	// "unable to get issuer certificate" (num=2), not the "local issuer" of a
	// bundle without the company's CA (num=20), is that story alone.
	{
		name:  "requests and a bundle holding an issuing CA",
		paste: `requests.exceptions.SSLError: HTTPSConnectionPool(host='vault.int.acme.io', port=443): Max retries exceeded with url: /v1/secret (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get issuer certificate (_ssl.c:1000)')))`,
		first: "custom-ca-bundle-intermediate", client: Requests, headline: "The bundle holds",
	},
	{
		name:  "s_client and a bundle holding an issuing CA",
		paste: "depth=1 O = Acme, CN = Acme Issuing CA\nverify error:num=2:unable to get issuer certificate\nverify return:1",
		first: "custom-ca-bundle-intermediate", client: OpenSSL, headline: "The bundle (-CAfile) holds",
	},
	{
		name: "Node and a bundle holding an issuing CA, its uncaught error", file: "node-issuer-certificate.txt",
		first: "custom-ca-bundle-intermediate", client: Node, headline: "The bundle (ca) holds",
		matched: "UNABLE_TO_GET_ISSUER_CERT",
	},
	{
		// curl takes such a bundle since 7.68; an older one, or a program
		// on libcurl without X509_V_FLAG_PARTIAL_CHAIN, prints OpenSSL's
		// words: the story's, said by a client that refuses it, not its
		// Go verdict's "Both sides are satisfied".
		name:  "an older curl and a bundle holding an issuing CA",
		paste: "$ curl --cacert issuing-ca.pem https://vault.int.acme.io/\ncurl: (60) SSL certificate problem: unable to get issuer certificate\nMore details here: https://curl.haxx.se/docs/sslcerts.html",
		first: "custom-ca-bundle-intermediate", client: Curl, headline: "The bundle ",
	},
	{
		name:  "curl in a shell session",
		paste: "deploy@web-3:~$ curl -sS https://legacy.example.net:4443/status\ncurl: (35) OpenSSL/3.0.2: error:0A00042E:SSL routines::tlsv1 alert protocol version\ndeploy@web-3:~$ ",
		first: "tls-version-mismatch", client: Curl,
	},
	{
		name:  "curl and a key file, Windows line ends",
		paste: "C:\\Users\\me> curl --cert me.crt --key C:\\certs\\me.key https://api.partner.example/\r\ncurl: (58) unable to set private key file: 'C:\\certs\\me.key' type PEM\r\n",
		first: "mtls-key-mismatch", client: Curl, tied: []string{"mtls-cert-without-key", "mtls-encrypted-key"},
	},
	{
		// Go connects: the words say why curl does not.
		name:  "curl and an RSA-1024 key",
		paste: "curl: (60) SSL certificate problem: EE certificate key too weak\nMore details here: https://curl.se/docs/sslcerts.html",
		first: "weak-key-rsa1024", client: Curl, headline: "Go accepts RSA keys of 1024 bits",
	},
	{
		name:  "curl and a badge the bank does not know",
		paste: "curl: (56) OpenSSL SSL_read: OpenSSL/3.0.13: error:0A000418:SSL routines::tlsv1 alert unknown ca, errno 0",
		first: "mtls-wrong-ca", client: Curl,
	},
	{
		name: "openssl s_client, whole output", file: "openssl-self-signed.txt",
		first: "self-signed", client: OpenSSL,
		matched: "verify error:num=18:self-signed certificate",
	},
	{
		name:  "openssl s_client and the bank's refusal of a badge",
		paste: "CONNECTED(00000003)\n---\n40C7D1F2A27F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:1584:SSL alert number 42\n---\nno peer certificate available\n",
		first: "mtls-wrong-eku", client: OpenSSL,
	},
	// Node 20 says "unable to verify the first certificate" of a leaf sent
	// alone whose issuer it does not know: an intermediate left out, and a
	// leaf a private root signed itself (mkcert, a TLS-inspecting proxy)
	// alike. node-first-private-root.txt is Node 20.20.2's uncaught error
	// against a Python http.server sending such a leaf alone (its root
	// "Zscaler Root CA" unknown to Node); the same program against the
	// server's leaf without its intermediate printed the same words.
	{
		name: "Node, uncaught, with its stack", file: "node-first-certificate.txt",
		first: "missing-intermediate", client: Node, tied: unknownIssuerStories,
		matched: "unable to verify the first certificate",
	},
	{
		name: "Node and a leaf its private root signed, sent alone", file: "node-first-private-root.txt",
		first: "missing-intermediate", client: Node, tied: unknownIssuerStories,
		matched: "unable to verify the first certificate",
	},
	// s_client 3.0.19 sending no name (SNI), with -noservername or to an
	// address, its command line above its output, against an nginx that
	// shows its default site's certificate to a ClientHello without one:
	// the default certificate is a likely reason, sending the name the
	// cure (-servername localhost: "Verify return code: 0 (ok)"); and
	// against a server of one certificate, for localhost, where the same
	// certificate answers -servername www.example.com: a plain mismatch,
	// tied with it.
	{
		name: "s_client -noservername and a name mismatch", file: "sclient-noservername.txt",
		first: "sni-default-certificate", client: OpenSSL, headline: "The certificate is for another name than the one dialled: your s_client sent no name (SNI)",
		tied:    []string{"hostname-mismatch", "wildcard-too-deep"},
		matched: "verify error:num=62:hostname mismatch",
	},
	{
		name: "s_client to an address and a name mismatch", file: "sclient-ip-nosni.txt",
		first: "sni-default-certificate", client: OpenSSL, headline: "The certificate is for another name than the one dialled: your s_client sent no name (SNI)",
		tied: []string{"hostname-mismatch", "wildcard-too-deep"},
	},
	{
		name: "s_client to an address of a server of one certificate", file: "sclient-ip-one-certificate.txt",
		first: "sni-default-certificate", client: OpenSSL, headline: "The certificate is for another name than the one dialled: your s_client sent no name (SNI)",
		tied: []string{"hostname-mismatch", "wildcard-too-deep"},
	},
	// s_client 3.0.19 sending one name and checking another, against the
	// nginx above: its default certificate answered www.example.test.
	{
		name: "s_client sending one name and checking another", file: "sclient-servername-other.txt",
		first: "hostname-mismatch", client: OpenSSL, tied: []string{"wildcard-too-deep"},
		headline: "The certificate is for another name than the one dialled: your s_client sent the name www.example.test (SNI) and checked the certificate against localhost",
	},
	{
		name:  "s_client sending a name, and a name mismatch",
		paste: "$ openssl s_client -connect 127.0.0.1:9551 -servername localhost -verify_hostname localhost -verify_return_error -CAfile ca.pem </dev/null\ndepth=0 O = Review17 Corp, CN = www.other.test\nverify error:num=62:hostname mismatch\n",
		first: "hostname-mismatch", client: OpenSSL, tied: []string{"wildcard-too-deep"},
	},
	{
		name: "Node and the bank's refusal on first read", file: "node-certificate-required.txt",
		first: "mtls-no-cert", client: Node, tied: []string{"mtls-cert-without-key"},
	},
	{
		name: "Node, an address, with the certificate it printed", file: "node-ip-mismatch.txt",
		first: "ip-mismatch", client: Node,
		matched: "IP: 10.20.30.40 is not in the cert's list",
	},
	{
		name:  "Node, the message alone",
		paste: "Error: certificate has expired",
		first: "expired", client: Node, tied: []string{"expired-intermediate"},
	},
	{
		name:  "Node, a refusal during the handshake",
		paste: "Error: write EPROTO 40B7B1F0E27F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 70\n\n    at WriteWrap.onWriteComplete [as oncomplete] (node:internal/stream_base_commons:94:16) {\n  errno: -71,\n  code: 'EPROTO',\n  syscall: 'write'\n}",
		first: "tls-version-mismatch", client: Node,
	},
	{
		name:  "Go, log.Fatal of net/http's error",
		paste: "2025/01/02 15:04:05 Get \"https://registry.internal:5000/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority\nexit status 1\n",
		first: "internal-ca-default-bundle", client: GoNetHTTP, tied: []string{"corporate-proxy", "self-signed", "untrusted-root", "missing-intermediate"},
	},
	{
		name:  "Go, a panic with another clock",
		paste: "panic: Post \"https://hooks.example.com/in\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2025-11-03T08:15:00+01:00 is after 2025-10-31T23:59:59Z\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/hook/main.go:42 +0x1d4\nexit status 2",
		first: "expired", client: GoNetHTTP, tied: []string{"expired-intermediate"},
	},
	{
		// s_client without -verify_return_error goes on after a failed
		// check: the error, "verify return:1", and its summary at the end.
		name:  "openssl s_client, the session it went on with",
		paste: "CONNECTED(00000003)\ndepth=0 CN = wrong.host.example\nverify error:num=62:hostname mismatch\nverify return:1\ndepth=0 CN = wrong.host.example\nverify return:1\n---\nCertificate chain\n 0 s:CN = wrong.host.example\n   i:CN = Example CA\n   a:PKEY: id-ecPublicKey, 256 (bit); sigalg: ecdsa-with-SHA256\n   v:NotBefore: Jan  1 00:00:00 2026 GMT; NotAfter: Jan  1 00:00:00 2027 GMT\n---\nServer certificate\nsubject=CN = wrong.host.example\nissuer=CN = Example CA\n---\nNo client certificate CA names sent\nPeer signing digest: SHA256\nPeer signature type: ECDSA\nServer Temp Key: X25519, 253 bits\n---\nSSL handshake has read 1234 bytes and written 400 bytes\nVerification error: hostname mismatch\n---\nNew, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384\nServer public key is 256 bit\nThis TLS version forbids renegotiation.\nCompression: NONE\nExpansion: NONE\nNo ALPN negotiated\nEarly data was not sent\nVerify return code: 62 (hostname mismatch)\n---\n",
		first: "hostname-mismatch", client: OpenSSL, tied: []string{"wildcard-too-deep"},
		matched: "verify error:num=62:hostname mismatch",
	},
	{
		name:  "openssl s_client, the lines of its error",
		paste: "verify error:num=62:hostname mismatch\nverify return:1\n",
		first: "hostname-mismatch", client: OpenSSL, tied: []string{"wildcard-too-deep"},
		matched: "verify error:num=62:hostname mismatch",
	},
	{
		name:  "openssl s_client, an expired certificate, -showcerts",
		paste: "depth=0 CN = expired.badssl.com\nverify error:num=10:certificate has expired\nnotAfter=Apr 12 23:59:59 2015 GMT\nverify return:1\n---\nCertificate chain\n 0 s:CN = expired.badssl.com\n-----BEGIN CERTIFICATE-----\nMIIE\n-----END CERTIFICATE-----\n---\n    Verify return code: 10 (certificate has expired)\n",
		first: "expired", client: OpenSSL, tied: []string{"expired-intermediate"},
		matched: "verify error:num=10:certificate has expired",
	},
	// A bank signing with another certificate's key: what the real clients
	// printed in the proof (clients' server-wrong-key variants), edited to
	// other hosts, ports, line numbers and thread ids.
	{
		name:  "requests, a server signing with another certificate's key",
		paste: `requests.exceptions.SSLError: HTTPSConnectionPool(host='api.shop.test', port=8443): Max retries exceeded with url: /v1/orders (Caused by SSLError(SSLError(1, '[SSL: BAD_SIGNATURE] bad signature (_ssl.c:1006)')))`,
		first: "server-wrong-key", client: Requests, headline: "The bank signs with a key that is not its certificate's",
	},
	{
		name:  "curl, a server signing with another certificate's key",
		paste: "$ curl https://api.shop.test:8443/\ncurl: (35) OpenSSL/3.0.13: error:0A00007B:SSL routines::bad signature\n",
		first: "server-wrong-key", client: Curl,
	},
	{
		name:  "openssl s_client, a server signing with another certificate's key, TLS 1.2",
		paste: "CONNECTED(00000003)\n40E7D1F8A67F0000:error:0A00007B:SSL routines:tls_process_key_exchange:bad signature:../ssl/statem/statem_clnt.c:2291:\n---\nno peer certificate available\n---\n",
		first: "server-wrong-key", client: OpenSSL,
	},
	{
		name:  "Node, a server holding an RSA key for its ECDSA certificate",
		paste: "Error: write EPROTO 80FC71D2E27F0000:error:0A000172:SSL routines:tls12_check_peer_sigalg:wrong signature type:../deps/openssl/openssl/ssl/t1_lib.c:1514:\n\n    at WriteWrap.onWriteComplete [as oncomplete] (node:internal/stream_base_commons:94:16) {\n  errno: -71,\n  code: 'EPROTO',\n  syscall: 'write'\n}\n",
		first: "server-wrong-key", client: Node,
	},
	{
		name:  "curl, a server holding a larger RSA key than its certificate's",
		paste: "curl: (35) OpenSSL/3.0.11: error:0200006C:rsa routines::data greater than mod len",
		first: "server-wrong-key", client: Curl,
	},
	{
		name:  "requests, a server holding an RSA key for its ECDSA certificate, TLS 1.2",
		paste: `requests.exceptions.SSLError: HTTPSConnectionPool(host='api.shop.test', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: WRONG_CERTIFICATE_TYPE] wrong certificate type (_ssl.c:1006)')))`,
		first: "server-wrong-key", client: Requests,
	},
	{
		name:  "Go, a server signing with another certificate's key",
		paste: `2026/03/04 10:11:12 Get "https://api.shop.test:8443/v1/orders": tls: invalid signature by the server certificate: expected an RSA public key, got *ecdsa.PublicKey`,
		first: "server-wrong-key", client: GoNetHTTP,
	},
	{
		name:  "Go, a server signing with another kind of key, TLS 1.3",
		paste: `Get "https://api.shop.test/": tls: certificate used with invalid signature algorithm`,
		first: "server-wrong-key", client: GoNetHTTP,
	},
	{
		name:  "Go and the Common Name",
		paste: `Get "https://printer.office/": tls: failed to verify certificate: x509: certificate relies on legacy Common Name field, use SANs instead`,
		first: "cn-only", client: GoNetHTTP,
	},
}

func TestMatch(t *testing.T) {
	m := matcher(t)
	for _, tt := range matchTests {
		t.Run(tt.name, func(t *testing.T) {
			paste := tt.paste
			if tt.file != "" {
				b, err := os.ReadFile(filepath.Join("testdata", "match", tt.file))
				if err != nil {
					t.Fatal(err)
				}
				paste = string(b)
			}
			ms, err := m.Match(paste)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) == 0 {
				t.Fatal("nothing matched")
			}
			if ms[0].ID != tt.first || tt.client != "" && ms[0].Client != tt.client || ms[0].Rank != 1 {
				t.Errorf("first: %s from %s (rank %d), want %s from %s; all: %s", ms[0].ID, ms[0].Client, ms[0].Rank, tt.first, tt.client, summary(ms))
			}
			var tied []string
			for _, x := range ms[1:] {
				if x.Rank == 1 {
					tied = append(tied, x.ID)
				}
			}
			if !slices.Equal(tied, tt.tied) {
				t.Errorf("sharing the first rank: %v, want %v; all: %s", tied, tt.tied, summary(ms))
			}
			if !strings.HasPrefix(ms[0].Headline, tt.headline) || ms[0].Headline == "" {
				t.Errorf("words %q, want %q…", ms[0].Headline, tt.headline)
			}
			covered := matchedText(paste, ms[0].Spans)
			if tt.matched != "" && !strings.Contains(covered, tt.matched) {
				t.Errorf("the spans cover %q, not %q", covered, tt.matched)
			}
			checkSpans(t, paste, ms)
		})
	}
}

// matchedText is what spans cover, joined by a new line.
func matchedText(paste string, spans []Span) string {
	var parts []string
	for _, s := range spans {
		parts = append(parts, paste[s.Start:s.End])
	}
	return strings.Join(parts, "\n")
}

// checkSpans checks that each match's spans lie in the paste, in order, apart,
// each within a line, and start and end on a word.
func checkSpans(t *testing.T, paste string, ms []Match) {
	t.Helper()
	for _, x := range ms {
		if len(x.Spans) == 0 {
			t.Errorf("%s: no span", x.ID)
		}
		prev := 0
		for _, s := range x.Spans {
			if s.Start < prev || s.End <= s.Start || s.End > len(paste) {
				t.Errorf("%s: span %v out of order or out of the paste (%d bytes)", x.ID, s, len(paste))
				continue
			}
			prev = s.End
			part := paste[s.Start:s.End]
			if strings.Contains(part, "\n") {
				t.Errorf("%s: span %q crosses a line", x.ID, part)
			}
			first, _ := utf8.DecodeRuneInString(part)
			last, _ := utf8.DecodeLastRuneInString(part)
			if !wordRune(first) || !wordRune(last) {
				t.Errorf("%s: span %q does not start and end on a word", x.ID, part)
			}
		}
	}
}

func summary(ms []Match) string {
	var b strings.Builder
	for _, x := range ms {
		fmt.Fprintf(&b, " %d.%s(%s %.3f)", x.Rank, x.ID, x.Client, x.Score)
	}
	return b.String()
}

// TestMatchNothing: text that is no story's error, or no error at all,
// matches nothing.
func TestMatchNothing(t *testing.T) {
	m := matcher(t)
	for _, paste := range []string{
		"",
		"hello world",
		"   \n\t\n",
		"requests.exceptions.ConnectionError: HTTPSConnectionPool(host='localhost', port=8443): Max retries exceeded with url: / (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f3a>: Failed to establish a new connection: [Errno 111] Connection refused'))",
		"requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.example.com', port=443): Read timed out. (read timeout=5)",
		"curl: (6) Could not resolve host: nope.example",
		"curl: (7) Failed to connect to 127.0.0.1 port 8443 after 0 ms: Connection refused",
		"Get \"https://10.0.0.1/\": dial tcp 10.0.0.1:443: connect: connection refused",
		"Error: getaddrinfo ENOTFOUND api.example.invalid\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26) {\n  errno: -3008,\n  code: 'ENOTFOUND',\n  syscall: 'getaddrinfo',\n  hostname: 'api.example.invalid'\n}",
		// (Java's "PKIX path building failed" opens the unknown issuer's
		// stories, as an unproven client's words: TestForeign.)
		"Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    print(config['token'])\nKeyError: 'token'",
		"CONNECTED(00000003)\n---\nCertificate chain\n 0 s:CN = example.com\n---\nVerify return code: 0 (ok)\n---\nHTTP/1.1 200 OK",
		"\xff\xfe\x00h\x00e\x00l\x00l\x00o\xc3\x28 certificate \xa0\xa1",
	} {
		ms, err := m.Match(paste)
		if err != nil {
			t.Errorf("%q: %v", paste, err)
		}
		if len(ms) > 0 {
			t.Errorf("%q matched %s", paste, summary(ms))
		}
	}
}

// TestMatchEveryStory pastes every story's every error and warning, as each
// client prints it for another setup (other names, addresses, paths, files,
// ports, source lines, thread ids), and wants the story first: a story added
// later is matchable with no more work, and this test says so.
func TestMatchEveryStory(t *testing.T) {
	m := matcher(t)
	stories, err := presetStories()
	if err != nil {
		t.Fatal(err)
	}
	runToRun := strings.NewReplacer("{port}", "8443", "{line}", "1017", "{thread}", "C0B7D2F19A7F0000", "{openssl_version}", "3.0.13")
	n := 0
	for _, st := range stories {
		var pairs []string
		for _, v := range st.Values {
			pairs = append(pairs, v, otherValue(v))
		}
		theirs := strings.NewReplacer(pairs...)
		for _, client := range ClientKeys {
			v := st.Clients[client]
			if !Matchable(v) {
				continue
			}
			// The message, and the one the client prints by chance.
			for _, message := range []string{v.Message, v.Also} {
				if message == "" {
					continue
				}
				n++
				msg := runToRun.Replace(theirs.Replace(message))
				paste := msg
				switch client {
				case Requests, Requests1:
					if v.Class != "" && !strings.Contains(msg, v.Class) {
						paste = v.Class + ": " + msg
					}
				case Node:
					paste = "Error: " + msg + "\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)\n    at TLSSocket.emit (node:events:519:28) {\n  code: '" + v.Class + "'\n}\n"
				}
				alike := m.Alike(st, client)
				if !slices.Contains(alike, st.ID) {
					t.Errorf("%s, %s: the story is not among those that print its message (%v)", st.ID, client, alike)
				}
				ms, err := m.Match(paste)
				if err != nil {
					t.Fatal(err)
				}
				pos := slices.IndexFunc(ms, func(x Match) bool { return slices.Contains(alike, x.ID) })
				if pos < 0 || ms[pos].Rank != 1 {
					t.Errorf("%s, %s: %q matched%s", st.ID, client, paste, summary(ms))
				}
				checkSpans(t, paste, ms)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d messages to paste", n)
	}
	t.Logf("%d messages of %d stories pasted as another setup prints them", n, len(stories))
}

// otherValue is a value of the same kind as v, as another setup has it.
func otherValue(v string) string {
	switch a, err := netip.ParseAddr(v); {
	case err == nil && a.Is4():
		return "203.0.113.77"
	case err == nil:
		return "2001:db8:5::7"
	case strings.HasPrefix(v, "/"):
		return "/api/v2/items?page=3"
	case strings.Contains(v, "."):
		return "svc-7.internal.acme.io"
	}
	return "Acme Widgets Issuing CA G2"
}

// TestMatchLarge: a megabyte is read (a whole log, the error at its end), a
// byte more is refused in words.
func TestMatchLarge(t *testing.T) {
	m := matcher(t)
	tail, err := os.ReadFile(filepath.Join("testdata", "match", "node-first-certificate.txt"))
	if err != nil {
		t.Fatal(err)
	}
	line := "2025-03-14 09:12:44,301 INFO GET /healthz 200 certificate verify ok for 10.0.0.1\n"
	text := strings.Repeat(line, (MaxPaste-len(tail))/len(line)) + string(tail)
	ms, err := m.Match(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].ID != "missing-intermediate" {
		t.Errorf("a megabyte of log with Node's error at its end matched%s", summary(ms))
	}
	checkSpans(t, text, ms)
	if _, err := m.Match(strings.Repeat("x", MaxPaste+1)); !errors.Is(err, ErrPasteTooLarge) {
		t.Errorf("a byte over a megabyte: %v, want %v", err, ErrPasteTooLarge)
	}
}

func BenchmarkMatch(b *testing.B) {
	m := matcher(b)
	for _, name := range []string{"requests2-hostname-traceback.txt", "openssl-self-signed.txt", "node-ip-mismatch.txt"} {
		text, err := os.ReadFile(filepath.Join("testdata", "match", name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				m.Match(string(text))
			}
		})
	}
	// The worst a megabyte can be: nothing but words the messages hold.
	var words []string
	for w := range m.vocab {
		words = append(words, w)
	}
	slices.Sort(words)
	var sb strings.Builder
	for i := 0; sb.Len() < MaxPaste-32; i++ {
		sb.WriteString(words[(i*7919)%len(words)])
		sb.WriteByte(' ')
	}
	b.Run("megabyte-of-their-words", func(b *testing.B) {
		for range b.N {
			m.Match(sb.String())
		}
	})
}

// FuzzMatch: whatever is pasted, Match answers without panicking, and its
// matches are well formed: ranked best first (the stories matched only by a
// warning after those of a refusal, each best first), scored within bounds,
// with spans inside the paste.
func FuzzMatch(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "match", "*.txt"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, tt := range matchTests {
		f.Add(tt.paste)
	}
	f.Add("10.0.0.1:443 ::1 [2001:db8::1]:8443 1.2.3 0x7f.1 ffff:: 192.0.2.1.")
	f.Add("\xff\xfe\x00c\x00e\x00r\x00t certificate\xc3 has\u00a0expired")
	m := matcher(f)
	f.Fuzz(func(t *testing.T, paste string) {
		ms, err := m.Match(paste)
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range ms {
			if x.Score < MinScore || x.Score > 1 || x.Rank < 1 || i > 0 && (x.warned == ms[i-1].warned && x.Score > ms[i-1].Score || ms[i-1].warned && !x.warned || x.Rank < ms[i-1].Rank) {
				t.Errorf("match %d: %+v after %+v", i, x, ms[max(i-1, 0)])
			}
		}
		checkSpans(t, paste, ms)
	})
}

// Output coloured by a terminal (pytest, rich, a logger) matches as the same
// text without its colour codes does, and its spans start and end on words.
func TestMatchColoured(t *testing.T) {
	m := matcher(t)
	for _, plain := range []string{
		"requests.exceptions.SSLError: HTTPSConnectionPool(host='expired.badssl.com', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))",
		"curl: (60) SSL certificate problem: unable to get local issuer certificate",
	} {
		coloured := "\x1b[1;31m" + strings.Replace(plain, ": ", "\x1b[0m: \x1b[33m", 1) + "\x1b[0m\n"
		want, err := m.Match(plain)
		if err != nil || len(want) == 0 {
			t.Fatalf("%q: %v, %v", plain, want, err)
		}
		got, err := m.Match(coloured)
		if err != nil || len(got) != len(want) {
			t.Fatalf("%q: %s, want %s (%v)", coloured, summary(got), summary(want), err)
		}
		for i := range got {
			if got[i].ID != want[i].ID || got[i].Client != want[i].Client || got[i].Score != want[i].Score {
				t.Errorf("%q: %s, want %s", coloured, summary(got), summary(want))
				break
			}
		}
		checkSpans(t, coloured, got)
	}
	for _, tt := range []struct {
		in   string
		n    int
		plan string
	}{
		{"\x1b[0m", 4, ""}, {"\x1b[1;31mx", 7, "x"}, {"\x1b[38;5;196mx\x1b[K", 11, "x"},
		{"\x1b[", 0, "\x1b["}, {"\x1b[31", 0, "\x1b[31"}, {"\x1bx", 0, "\x1bx"}, {"[31m", 0, "[31m"},
	} {
		if n := EscapeLen(tt.in); n != tt.n {
			t.Errorf("EscapeLen(%q) = %d, want %d", tt.in, n, tt.n)
		}
		if s := StripEscapes(tt.in); s != tt.plan {
			t.Errorf("StripEscapes(%q) = %q, want %q", tt.in, s, tt.plan)
		}
	}
}

// TestMatchSpeaker: a paste that holds s_client's own lines is s_client's,
// whichever client's message matched it; one that holds none keeps the
// client whose message it is.
func TestMatchSpeaker(t *testing.T) {
	m := matcher(t)
	// s_client -cert without the key the bank asks for: the bank's alert,
	// which Node prints too for mtls-cert-without-key.
	certRequired := "CONNECTED(00000003)\ndepth=1 CN = Bank Root CA\nverify return:1\ndepth=0 CN = bank.example\nverify return:1\n---\nCertificate chain\n 0 s:CN = bank.example\n   i:CN = Bank Root CA\n---\nAcceptable client certificate CA names\nCN = Bank Root CA\n---\nSSL handshake has read 1234 bytes and written 456 bytes\nVerification: OK\n---\nNew, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256\nVerify return code: 0 (ok)\n---\n80FB2A37F57F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../ssl/record/rec_layer_s3.c:1605:SSL alert number 116\n"
	for _, tt := range []struct {
		name, paste, client string
		stories             []string // among the matches
	}{
		{"s_client, certificate required", certRequired, OpenSSL, []string{"mtls-no-cert", "mtls-cert-without-key"}},
		{"s_client's summary of an expired certificate", "CONNECTED(00000003)\n---\nSSL handshake has read 1234 bytes and written 456 bytes\nVerification error: certificate has expired\n", OpenSSL, []string{"expired"}},
		{"Node's stack", "Error: certificate has expired\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)\n    at TLSSocket.emit (node:events:519:28) {\n  code: 'CERT_HAS_EXPIRED'\n}\n", Node, []string{"expired"}},
		{"curl", "curl: (60) SSL certificate problem: certificate has expired\n", Curl, []string{"expired"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := m.Match(tt.paste)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, x := range ms {
				ids = append(ids, x.ID)
				if x.Client != tt.client {
					t.Errorf("%s from %s, want %s; all: %s", x.ID, x.Client, tt.client, summary(ms))
				}
			}
			for _, id := range tt.stories {
				if !slices.Contains(ids, id) {
					t.Errorf("no %s among %s", id, summary(ms))
				}
			}
			checkSpans(t, tt.paste, ms)
		})
	}
}

// curl 7.88 here printed the same words for a --key of another
// certificate, the certificate itself as the key, an encrypted key without
// its pass phrase, and for a file that is not there, one it may not read
// (as nobody), an empty one and a folder: each ties the badge's key stories,
// and is curl's refusal of its key file (KeyFileTied), whose note says so;
// curl's other words are not.
func TestKeyFileTied(t *testing.T) {
	m := matcher(t)
	for _, key := range []string{"key.pem", "badge.pem", "enc.key", "nope.pem", "/tmp/m/ro.key", "empty.key", "/tmp"} {
		paste := "curl: (58) unable to set private key file: '" + key + "' type PEM\n"
		ms, err := m.Match(paste)
		if err != nil {
			t.Fatal(err)
		}
		if n := TiedFirst(ms); n < 2 || !slices.ContainsFunc(ms[:n], func(x Match) bool { return x.ID == "mtls-key-mismatch" }) || !KeyFileTied(paste) {
			t.Errorf("%s: %s, tied %d, key file %v", key, summary(ms), n, KeyFileTied(paste))
		}
	}
	if KeyFileTied("curl: (58) could not load PEM client certificate from /tmp/x.pem, OpenSSL error error:0480006C:PEM routines::no start line") {
		t.Error("curl's refusal of its certificate read as its key's")
	}
	if !strings.Contains(KeyFileWords, "that is not there") || strings.Contains(KeyFileWords, "server's chain can") {
		t.Errorf("KeyFileWords: %q", KeyFileWords)
	}
}

// Node's "unable to verify the first certificate" ties missing-intermediate
// with the stories of an issuer it does not know (a leaf a private root
// signed, sent alone, printed the same here: node-first-private-root.txt;
// so did fetch() against a server sending its leaf and a re-keyed
// intermediate of its issuer's name: node-fetch-rekeyed-intermediate.txt),
// and the note says what in the chain tells them apart, the key
// identifiers among it; Node's words for an issuer it does not know behind
// an intermediate sent do not get it.
func TestNodeLeafAloneTied(t *testing.T) {
	m := matcher(t)
	if strings.Contains(NodeLeafAloneWords, "sent alone") || !strings.Contains(NodeLeafAloneWords, "authorityKeyIdentifier") {
		t.Errorf("NodeLeafAloneWords: %q", NodeLeafAloneWords)
	}
	for _, file := range []string{"node-first-private-root.txt", "node-first-certificate.txt", "node-fetch-rekeyed-intermediate.txt"} {
		paste, ms := matchFile(t, m, file)
		if note := TiedNote(paste, ms, TiedWords+"the chain).", "."); !strings.Contains(note, NodeLeafAloneWords) {
			t.Errorf("%s: %s: note %q", file, summary(ms), note)
		}
	}
	paste := "Error: unable to get local issuer certificate\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1699:34) {\n  code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'\n}"
	ms, err := m.Match(paste)
	if err != nil {
		t.Fatal(err)
	}
	if note := TiedNote(paste, ms, TiedWords+"the chain).", "."); note == "" || strings.Contains(note, NodeLeafAloneWords) {
		t.Errorf("local issuer: %s: note %q", summary(ms), note)
	}
}

// s_client sending no name, its mismatch tied: the note says that the
// server's answer to the name tells them apart, not the chain; a mismatch
// where it sent the name gets the chain's note.
func TestNoSNITied(t *testing.T) {
	m := matcher(t)
	for _, file := range []string{"sclient-ip-one-certificate.txt", "sclient-noservername.txt", "sclient-servername-other.txt"} {
		paste, ms := matchFile(t, m, file)
		note := TiedNote(paste, ms, TiedWords+"the chain).", ".")
		want := fmt.Sprintf(NoSNITiedWords, 3)
		if file == "sclient-servername-other.txt" {
			want = fmt.Sprintf(TiedWords+"the chain).", 2)
		}
		if note != want {
			t.Errorf("%s: %s: note %q, want %q", file, summary(ms), note, want)
		}
	}
}

// matchFile is the paste in testdata/match's file, and what m matches in it.
func matchFile(t *testing.T, m *Matcher, file string) (string, []Match) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "match", file))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := m.Match(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return string(b), ms
}

// Go's hint of a candidate issuer that bears the dialled host's own name
// (Debian's snakeoil certificate, CN=localhost and no CA, in the machine's
// store) is no not-a-ca chain: real Go 1.26 output for a self-signed
// localhost certificate (openssl req -x509's) lists the self-signed story
// first, its headline saying what the hint means, and not-a-ca after the
// stories of an unknown issuer. A candidate of another name (the not-a-ca
// story's own words) keeps not-a-ca first.
func TestGoNamesakeCandidate(t *testing.T) {
	m := matcher(t)
	_, ms := matchFile(t, m, "go-self-signed-snakeoil.txt")
	if len(ms) < 3 || ms[0].ID != "self-signed" || ms[0].Client != GoNetHTTP || !strings.Contains(ms[0].Headline, fmt.Sprintf(NamesakeWords, "localhost")) {
		t.Fatalf("snakeoil: %s, want self-signed first, with the hint said", summary(ms))
	}
	naca := slices.IndexFunc(ms, func(x Match) bool { return x.ID == "not-a-ca" })
	if naca < 0 || ms[naca].Rank == 1 || naca < TiedFirst(ms) {
		t.Errorf("snakeoil: %s, want not-a-ca listed after the first rank", summary(ms))
	}
	for _, paste := range []string{
		`Get "https://bank.example/vault": tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "Playground Issuing CA 1")`,
		// A candidate named as the host, dialled by another name.
		`Get "https://api.internal/": tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "localhost")`,
	} {
		ms, err := m.Match(paste)
		if err != nil || len(ms) == 0 || ms[0].ID != "not-a-ca" || strings.Contains(ms[0].Headline, "possibly because of") {
			t.Errorf("%q: %s (%v), want not-a-ca first", paste, summary(ms), err)
		}
	}
}

// A story whose title quotes what one client prints (hostname-mismatch's,
// urllib3 1.26's words) is listed by its headline where the paste is
// another client's (urllib3 2's "Hostname mismatch", curl's): the list
// speaks the paste's client's words; 1.26's paste keeps the title.
func TestListTitle(t *testing.T) {
	m := matcher(t)
	for _, tt := range []struct {
		file, client string
		title        bool
	}{
		{"requests2-hostname-traceback.txt", Requests, false},
		{"requests1-hostname-traceback.txt", Requests1, true},
	} {
		_, ms := matchFile(t, m, tt.file)
		if len(ms) == 0 || ms[0].ID != "hostname-mismatch" || ms[0].Client != tt.client {
			t.Fatalf("%s: %s", tt.file, summary(ms))
		}
		st := m.stories[slices.IndexFunc(m.stories, func(s Story) bool { return s.ID == "hostname-mismatch" })]
		want := st.Headline
		if tt.title {
			want = st.Title
		}
		if ms[0].Title != want {
			t.Errorf("%s: title %q, want %q", tt.file, ms[0].Title, want)
		}
	}
	ms, err := m.Match("curl: (60) SSL: no alternative certificate subject name matches target host name 'api.example.com'")
	if err != nil || len(ms) == 0 || ms[0].ID != "hostname-mismatch" || strings.Contains(ms[0].Title, "doesn't match") {
		t.Errorf("curl: %s (%v), want hostname-mismatch titled in other words than urllib3 1.26's", summary(ms), err)
	}
	// Titles that quote no client keep their title.
	if ms, err := m.Match("curl: (60) SSL certificate problem: certificate has expired"); err != nil || len(ms) == 0 || ms[0].Title != "The bank's certificate has expired" {
		t.Errorf("expired: %s (%v)", summary(ms), err)
	}
}

// A story matched only by a warning its client prints on the way to a
// connection comes after the story of the refusal the paste also holds,
// still listed; the warning alone is its story's. Real pip 23.2.1 output.
func TestWarningAfterRefusal(t *testing.T) {
	m := matcher(t)
	paste, ms := matchFile(t, m, "pip-badge-cn-only-warning.txt")
	if len(ms) != 2 || ms[0].ID != "mtls-wrong-ca" || ms[1].ID != "cn-only" || ms[1].Rank != 2 || ms[1].Score <= ms[0].Score {
		t.Errorf("the warning, then the refusal: %s, want mtls-wrong-ca first, then cn-only, the warning's story, scoring more", summary(ms))
	}
	warning, _, _ := strings.Cut(paste, "Could not fetch URL")
	ws, err := m.Match(warning)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) == 0 || ws[0].ID != "cn-only" || ws[0].Rank != 1 {
		t.Errorf("the warning alone: %s, want cn-only first", summary(ws))
	}
}
