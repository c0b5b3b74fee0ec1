package explain

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// Errors of clients the proof does not run open the story of their fault,
// saying that the story shows it in the words of the clients tlsplay runs.
// The pastes are these clients' messages as their sources write them (see
// foreign.go), in the shapes people paste them; hosts and ports are made up.
func TestForeign(t *testing.T) {
	m := matcher(t)
	for _, tt := range []struct {
		name, paste, client string
		// first are the stories that share rank 1, in order.
		first []string
		// says is in their words ("tlsplay does not run" the client, if
		// empty).
		says string
	}{
		{
			// ssl/ssl_err.c's SSL_R_CA_KEY_TOO_SMALL, as Python's
			// load_cert_chain raises it: a CA's key, not the program's own.
			name:   "OpenSSL loading a chain with a weak CA key",
			paste:  "    context.load_cert_chain(certfile, keyfile)\nssl.SSLError: [SSL: CA_KEY_TOO_SMALL] ca key too small (_ssl.c:3900)",
			client: Loading, first: []string{"weak-key-rsa1024"}, says: "the CA's key is below",
		},
		// OpenSSL's SSL_R_CA_MD_TOO_WEAK as a program loads its own
		// certificate: a client's badge where the text shows a client
		// loading it, a server's where it shows a server, either where it
		// shows neither.
		{
			name: "requests loading a badge signed with SHA-1 (cert=)",
			paste: "  File \"/usr/lib/python3/dist-packages/urllib3/util/ssl_.py\", line 418, in ssl_wrap_socket\n    context.load_cert_chain(certfile, keyfile)\n" +
				"ssl.SSLError: [SSL: CA_MD_TOO_WEAK] ca md too weak (_ssl.c:3874)",
			client: Loading, first: []string{"mtls-sha1-badge"}, says: "Your client refused to load its badge",
		},
		{
			// cicciovo/homebridge-samsung-airconditioner#17: curl 7.6x on
			// OpenSSL 1.1.1 with the air conditioner's client certificate.
			name:   "curl -v loading a badge signed with SHA-1, OpenSSL 1.1",
			paste:  "* could not load PEM client certificate, OpenSSL error error:140AB18E:SSL routines:SSL_CTX_use_certificate:ca md too weak, (no key found, wrong pass phrase, or wrong file format?)",
			client: Loading, first: []string{"mtls-sha1-badge"}, says: "Your client refused to load its badge",
		},
		{
			name:   "a Python server loading a certificate signed with SHA-1",
			paste:  "    server = uvicorn.Server(config)\n    context.load_cert_chain(certfile, keyfile)\nssl.SSLError: [SSL: CA_MD_TOO_WEAK] ca md too weak (_ssl.c:3900)",
			client: Loading, first: []string{"sha1-signature", "sha1-intermediate"}, says: "your server refused its own certificate",
		},
		{
			name:   "ca md too weak, no program shown",
			paste:  "    context.load_cert_chain(certfile, keyfile)\nssl.SSLError: [SSL: CA_MD_TOO_WEAK] ca md too weak (_ssl.c:3900)",
			client: Loading, first: []string{"sha1-signature", "sha1-intermediate", "mtls-sha1-badge"}, says: "Your text does not show which program",
		},
		// SSL_R_EE_KEY_TOO_SMALL, split as the digest is.
		{
			name:   "requests loading an RSA-1024 badge (cert=)",
			paste:  "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.corp.test', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLError(399, '[SSL: EE_KEY_TOO_SMALL] ee key too small (_ssl.c:3874)')))",
			client: Loading, first: []string{"mtls-rsa1024-badge"}, says: "Your client refused to load its badge",
		},
		{
			name:   "a Node server loading an RSA-1024 certificate",
			paste:  "Error: error:0A00018F:SSL routines::ee key too small\n    at Object.createSecureContext (node:_tls_common:117:17)\n    at Server.setSecureContext (node:_tls_wrap:1440:27)",
			client: Loading, first: []string{"weak-key-rsa1024"}, says: "your server refused its own certificate",
		},
		{
			// curl on Windows (schannel backend): lib/vtls/schannel.c with
			// Curl_sspi_strerror's "%s (0x%08X) - %s".
			name:   "curl with schannel, an untrusted root",
			paste:  "C:\\> curl https://intranet.corp.test/\ncurl: (60) schannel: SEC_E_UNTRUSTED_ROOT (0x80090325) - The certificate chain was issued by an authority that is not trusted.\nMore details here: https://curl.se/docs/sslcerts.html\n",
			client: Schannel, first: []string{"internal-ca-default-bundle", "corporate-proxy", "untrusted-root", "self-signed"},
		},
		{
			// git for Windows on schannel: the same text through libcurl.
			name:   "git with schannel, a wrong name",
			paste:  "fatal: unable to access 'https://git.corp.test/team/repo.git/': schannel: SNI or certificate check failed: SEC_E_WRONG_PRINCIPAL (0x80090322) - The target principal name is incorrect.",
			client: Schannel, first: []string{"hostname-mismatch", "wildcard-too-deep"},
		},
		{
			// winerror.h's CERT_E_EXPIRED, as Microsoft documents it.
			name:   "CryptoAPI, out of date",
			paste:  "Exception from HRESULT: 0x800B0101 (CERT_E_EXPIRED): A required certificate is not within its validity period when verifying against the current system clock or the timestamp in the signed file.",
			client: Schannel, first: []string{"expired", "expired-intermediate", "not-yet-valid"},
		},
		{
			// .NET (Core): System.Net.Security's net_ssl_io_cert_chain_validation.
			name:   ".NET, an untrusted root",
			paste:  "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.\n ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot\n   at System.Net.Security.SslStream.SendAuthResetSignal(ProtocolToken message, ExceptionDispatchInfo exception)\n",
			client: DotNet, first: []string{"internal-ca-default-bundle", "corporate-proxy", "untrusted-root", "self-signed"},
		},
		{
			// .NET: net_ssl_io_cert_validation with SslPolicyErrors.
			name:   ".NET, a name mismatch",
			paste:  "System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch",
			client: DotNet, first: []string{"hostname-mismatch", "wildcard-too-deep"},
		},
		{
			// .NET's chain status names the fault before its policy error.
			name:   ".NET, a partial chain among chain errors",
			paste:  "The remote certificate is invalid according to the validation procedure: RemoteCertificateChainErrors\nThe remote certificate is invalid because of errors in the certificate chain: PartialChain",
			client: DotNet, first: []string{"internal-ca-default-bundle", "corporate-proxy", "missing-intermediate", "untrusted-root", "self-signed"},
		},
		{
			// PowerShell 5.1 on .NET Framework: its WebException.
			name:   "PowerShell 5.1",
			paste:  "Invoke-WebRequest : The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.\nAt line:1 char:1\n+ Invoke-WebRequest https://intranet.corp.test/",
			client: DotNet, first: []string{"internal-ca-default-bundle", "corporate-proxy", "untrusted-root", "self-signed", "hostname-mismatch", "expired"},
		},
		{
			// OpenJDK: PKIXValidator and SunCertPathBuilder.
			name:   "Java, PKIX path building failed",
			paste:  "Exception in thread \"main\" javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target\n\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)\n\tat java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:378)\n",
			client: Java, first: []string{"internal-ca-default-bundle", "corporate-proxy", "missing-intermediate", "untrusted-root", "self-signed"},
		},
		{
			// OpenJDK: HostnameChecker.matchDNS.
			name:   "Java, no SAN for the name",
			paste:  "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching api.corp.test found.",
			client: Java, first: []string{"hostname-mismatch", "wildcard-too-deep"},
		},
		{
			// OpenJDK: HostnameChecker.matchIP.
			name:   "Java, an address",
			paste:  "java.security.cert.CertificateException: No subject alternative names matching IP address 10.0.0.7 found",
			client: Java, first: []string{"ip-mismatch"},
		},
		{
			// Apache HttpClient 4.5: DefaultHostnameVerifier.
			name:   "Apache HttpClient",
			paste:  "javax.net.ssl.SSLPeerUnverifiedException: Certificate for <api.corp.test> doesn't match any of the subject alternative names: [www.corp.test]",
			client: Java, first: []string{"hostname-mismatch", "wildcard-too-deep"},
		},
		{
			// OpenJDK: PKIXValidator's path validation, CertificateValidity.
			name:   "Java, an expired certificate",
			paste:  "sun.security.validator.ValidatorException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed\nCaused by: java.security.cert.CertificateExpiredException: NotAfter: Sun Mar 01 23:59:59 UTC 2026",
			client: Java, first: []string{"expired", "expired-intermediate"},
		},
		{
			// OpenJDK: ServerHello's version check.
			name:   "Java, a TLS 1.0 server",
			paste:  "javax.net.ssl.SSLHandshakeException: The server selected protocol version TLS10 is not accepted by client preferences [TLS13, TLS12]",
			client: Java, first: []string{"tls10-bank"},
		},
		{
			// OpenJDK: EndEntityChecker.
			name:   "Java, a client certificate as a server's",
			paste:  "sun.security.validator.ValidatorException: Extended key usage does not permit use for TLS server authentication",
			client: Java, first: []string{"wrong-eku"},
		},
		// Go's words the stories' Go does not print (crypto/x509's x509.go,
		// crypto/tls's handshake_server.go and alert.go, net/http's server.go).
		{
			name:   "Go, a SHA-1 signature, as Go 1.18 to 1.23 said it",
			paste:  `Get "https://legacy.corp.test/": x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)`,
			client: GoNetHTTP, first: []string{"sha1-signature", "sha1-intermediate"}, says: "another Go version's",
		},
		{
			name:   "Go, CheckSignatureFrom on a parent that is no CA",
			paste:  "verify: x509: invalid signature: parent certificate cannot sign this kind of certificate",
			client: GoNetHTTP, first: []string{"not-a-ca"}, says: "another Go version's",
		},
		{
			name:   "a Go server's log, a client without a badge",
			paste:  "2026/03/04 10:11:12 http: TLS handshake error from 10.1.2.3:50412: tls: client didn't provide a certificate",
			client: GoServerLog, first: []string{"mtls-no-cert"}, says: "the bank's side",
		},
		{
			name:   "a Go server's log, a badge from an unknown office",
			paste:  "2026/03/04 10:11:12 http: TLS handshake error from 10.1.2.3:50412: tls: failed to verify certificate: x509: certificate signed by unknown authority",
			client: GoServerLog, first: []string{"mtls-wrong-ca"}, says: "the bank's side",
		},
		{
			name:   "a Go server's log, a client refusing its signature",
			paste:  "2026/03/04 10:11:12 http: TLS handshake error from 10.1.2.3:50412: remote error: tls: error decrypting message",
			client: GoServerLog, first: []string{"server-wrong-key"}, says: "could not verify the server's signature",
		},
		{
			name:   "a Go server's log, an OpenSSL client refusing its issuer",
			paste:  "2026/03/04 10:11:12 http: TLS handshake error from 10.1.2.3:50412: remote error: tls: unknown certificate authority",
			client: GoServerLog, first: []string{"internal-ca-default-bundle", "corporate-proxy", "missing-intermediate", "untrusted-root", "self-signed", "not-a-ca"}, says: "Go's clients never send it",
		},
		{
			// Go's client sends bad_certificate for any certificate it
			// refuses; OpenSSL's for a name, a date, a weak key.
			name:   "a Go server's log, a client refusing its certificate (bad_certificate)",
			paste:  "2026/03/04 10:11:12 http: TLS handshake error from 10.1.2.3:50412: remote error: tls: bad certificate",
			client: GoServerLog, first: badCertificateStories, says: "Go's clients for any certificate they refuse",
		},
		{
			// A client on OpenSSL refusing the certificate over TLS 1.3
			// sends its alert in the clear, which the Go server, reading
			// records under the handshake's keys, cannot decrypt.
			name:   "a Go server's log, a client refusing its certificate over TLS 1.3 (bad record MAC)",
			paste:  "2026/03/04 10:11:12 http: TLS handshake error from 10.0.0.9:51234: local error: tls: bad record MAC",
			client: GoServerLog, first: refusedStories, says: "TLS 1.3",
		},
		{
			name:   "Go's courier, its badge's issuer unknown to the bank",
			paste:  `Get "https://api.corp.test/": remote error: tls: unknown certificate authority`,
			client: GoNetHTTP, first: []string{"mtls-wrong-ca", "mtls-sha1-badge"}, says: "no issuer it trusts for the badge Go showed it",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.says == "" {
				tt.says = "tlsplay does not run " + tt.client
			}
			ms, err := m.Match(tt.paste)
			if err != nil {
				t.Fatal(err)
			}
			var first []string
			for _, x := range ms {
				if x.Rank == 1 {
					first = append(first, x.ID)
				}
			}
			if !slices.Equal(first, tt.first) {
				t.Fatalf("first %v, want %v; all: %s", first, tt.first, summary(ms))
			}
			for _, x := range ms[:len(first)] {
				if x.Client != tt.client || !strings.Contains(x.Headline, tt.says) || x.Score != 1 {
					t.Errorf("%s: client %q, score %v, headline %q", x.ID, x.Client, x.Score, x.Headline)
				}
			}
			checkSpans(t, tt.paste, ms)
		})
	}
}

// A Go server's log is no Go client's: its stories open through the
// default lens, not Go's.
func TestGoServerLogLens(t *testing.T) {
	if IsLensClient(GoServerLog) {
		t.Errorf("%q is a lens client", GoServerLog)
	}
}

// Every story an unproven client's error names is a story, and no phrase
// holds a capital letter (they are matched lower case).
func TestForeignStories(t *testing.T) {
	for _, fe := range foreignErrors {
		for _, id := range fe.stories {
			if scenario.Lookup(id) == nil {
				t.Errorf("%s names %s, which is no story", fe.client, id)
			}
		}
		for _, p := range fe.phrases {
			if p != strings.ToLower(p) || p != strings.TrimSpace(p) {
				t.Errorf("%s: phrase %q is not lower case and trimmed", fe.client, p)
			}
		}
	}
	// The offsets are the paste's, whatever stands before the phrase.
	m := matcher(t)
	paste := "İstanbul şubesi: SEC_E_UNTRUSTED_ROOT"
	ms, err := m.Match(paste)
	if err != nil || len(ms) == 0 {
		t.Fatalf("%v %v", ms, err)
	}
	if sp := ms[0].Spans[0]; paste[sp.Start:sp.End] != "SEC_E_UNTRUSTED_ROOT" {
		t.Errorf("the span covers %q", paste[sp.Start:sp.End])
	}
}

// Errors of unproven clients that name more stories than Match lists are
// cut at MaxMatches, as the stories whose messages a paste holds are: five
// Windows errors name twelve.
func TestForeignAtMostMaxMatches(t *testing.T) {
	paste := "SEC_E_UNTRUSTED_ROOT\nCERT_E_CHAINING\nSEC_E_WRONG_PRINCIPAL\nSEC_E_CERT_EXPIRED\nCRYPT_E_REVOKED\n"
	ms, err := matcher(t).Match(paste)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || len(ms) > MaxMatches {
		t.Fatalf("%d matches, want 1 to %d", len(ms), MaxMatches)
	}
	if ms[0].ID != "internal-ca-default-bundle" || ms[0].Client != Schannel {
		t.Errorf("first match %s (%s), want internal-ca-default-bundle (%s)", ms[0].ID, ms[0].Client, Schannel)
	}
}

// opensslAlarm is the alert an OpenSSL client sends for the verification
// error it names (ssl/statem/statem_lib.c's ssl_verify_alarm_type, by the
// error's words as X509_verify_cert_error_string gives them).
var opensslAlarm = map[string]string{
	"unable to get issuer certificate":             "unknown ca",
	"unable to get local issuer certificate":       "unknown ca",
	"unable to verify the first certificate":       "unknown ca",
	"self-signed certificate":                      "unknown ca",
	"self-signed certificate in certificate chain": "unknown ca",
	"invalid CA certificate":                       "unknown ca",
	"certificate is not yet valid":                 "bad certificate",
	"hostname mismatch":                            "bad certificate",
	"IP address mismatch":                          "bad certificate",
	"EE certificate key too weak":                  "bad certificate",
	"CA certificate key too weak":                  "bad certificate",
	"CA signature digest algorithm too weak":       "bad certificate",
	"certificate has expired":                      "certificate expired",
	"unsuitable certificate purpose":               "unsupported certificate",
	"certificate revoked":                          "certificate revoked",
	"permitted subtree violation":                  "certificate unknown",
}

// The stories a server's log of a received alert opens are those whose
// clients send that alert: s_client's verification error (OpenSSL's, as
// curl's and Python's) maps to it, or, for bad_certificate, Go refused the
// certificate (crypto/tls sends bad_certificate for every refusal). Revoked
// certificates (no client checks revocation unasked) and certificate_unknown
// (Java's for any refusal) are the others' clients'.
func TestReceivedAlertStories(t *testing.T) {
	m := matcher(t)
	byID := map[string]Story{}
	for _, st := range m.stories {
		byID[st.ID] = st
	}
	for _, fe := range foreignErrors {
		if !fe.received || fe.client != ServerLog {
			continue
		}
		alert := strings.TrimPrefix(strings.TrimPrefix(fe.phrases[0], "tlsv1 alert "), "sslv3 alert ")
		if alert == "certificate revoked" || alert == "certificate unknown" {
			continue
		}
		for _, id := range fe.stories {
			st, ok := byID[id]
			if !ok {
				t.Errorf("%s: no story %s", alert, id)
				continue
			}
			msg := st.Clients[OpenSSL].Message
			sent := ""
			if _, rest, ok := strings.Cut(msg, "verify error:num="); ok {
				_, why, _ := strings.Cut(rest, ":")
				why, _, _ = strings.Cut(why, "\n")
				sent = opensslAlarm[why]
			}
			goRefused := strings.Contains(st.Clients[GoNetHTTP].Message, "tls: failed to verify certificate")
			if sent != alert && !(alert == "bad certificate" && goRefused) {
				t.Errorf("%s: story %s's clients do not send it (s_client: %q, so %q; Go refused: %v)", alert, id, msg, sent, goRefused)
			}
		}
	}
}

// A server's log of an alert it received lists none of the stories whose
// clients receive that alert (a badge refused): those are the other side;
// nor does a server's refusal of its own pair list the badge's.
func TestServerSideNotTheOtherSide(t *testing.T) {
	m := matcher(t)
	for _, paste := range []string{
		"2026/03/04 10:11:12 http: TLS handshake error from 10.1.2.3:50412: remote error: tls: bad certificate",
		"2026/03/04 10:11:12 http: TLS handshake error from 10.1.2.3:50412: remote error: tls: expired certificate",
		"2026/03/04 10:11:12 [info] 8#8: *3 SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: 10.1.2.3, server: 0.0.0.0:443",
		"Mar  4 10:11:12 mx postfix/smtpd[42]: SSL_accept error from unknown[10.1.2.3]: -1\nMar  4 10:11:12 mx postfix/smtpd[42]: warning: TLS library problem: error:0A000415:SSL routines::sslv3 alert certificate expired:../ssl/record/rec_layer_s3.c:1605:SSL alert number 45:",
		"nginx: [emerg] SSL_CTX_use_PrivateKey(\"/etc/nginx/ssl/bank.key\") failed (SSL: error:05800074:x509 certificate routines::key values mismatch)",
		// uvicorn's command as its documentation writes it; the error is
		// Python 3.11.7's, as load_cert_chain raised it here for a
		// certificate and another key ("X509", not "SSL": the reason is
		// crypto/x509's).
		"$ uvicorn main:app --ssl-keyfile key.pem --ssl-certfile cert.pem\n    context.load_cert_chain(certfile, keyfile)\nssl.SSLError: [X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:3926)",
		"2026/03/04 10:11:12 main.go:40: srv.ListenAndServeTLS: tls: private key does not match public key",
	} {
		ms, err := m.Match(paste)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || slices.ContainsFunc(ms, func(x Match) bool { return strings.HasPrefix(x.ID, "mtls-") }) {
			t.Errorf("matched %s\n%s", summary(ms), paste)
		}
	}
}

// A server's log of an alert no story's client sends (a handshake_failure
// its client ended the handshake with) lists no story, the stories that
// print the alert's words being the bank's that sends it, and says so.
func TestReceivedOtherAlert(t *testing.T) {
	m := matcher(t)
	for _, paste := range []string{
		"2026/03/04 10:11:12 [info] 8#8: *3 SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking, client: 10.1.2.3, server: 0.0.0.0:443",
		"2026/03/04 10:11:12 http: TLS handshake error from 10.1.2.3:50412: remote error: tls: handshake failure",
	} {
		ms, err := m.Match(paste)
		if err != nil {
			t.Fatal(err)
		}
		if words := Unmatched(paste); len(ms) > 0 || !strings.Contains(words, "server's log") || !strings.Contains(words, "(handshake failure)") {
			t.Errorf("matched %s, says %q\n%s", summary(ms), words, paste)
		}
	}
}

// A Python or a Node server's log of the alert its client refused its
// certificate with is read as a server's, as nginx's is: real output of
// Python 3.11.7 (socketserver's handle_error, a loop of its own
// wrap_socket(…, server_side=True), asyncio's start_server in debug mode)
// and Node 20 (an https server's tlsClientError), and uvicorn's in asyncio's
// debug mode, here, as curl and
// requests (unknown_ca) and Go (bad_certificate) refused a self-signed
// certificate, over TLS 1.3 and 1.2. A Python client's own traceback of the
// same alert (requests', asyncio's open_connection, showing a badge the
// bank does not trust, against openssl s_server -Verify) keeps meaning the
// client's.
func TestServerLogOfAlertFiles(t *testing.T) {
	m := matcher(t)
	for _, tt := range []struct {
		file, first string
		server      bool
	}{
		{"python-server-socketserver-unknown-ca.txt", "internal-ca-default-bundle", true},
		{"python-server-socketserver-bad-certificate.txt", "hostname-mismatch", true},
		{"python-server-wrap-socket-unknown-ca.txt", "internal-ca-default-bundle", true},
		{"python-server-asyncio-unknown-ca.txt", "internal-ca-default-bundle", true},
		{"python-server-asyncio-bad-certificate-tls12.txt", "hostname-mismatch", true},
		// uvicorn 0.17.6 (Debian's, Python 3.11.2) logs nothing of it, as
		// aiohttp 3.8.4's server does not, unless asyncio's debug mode is
		// on (PYTHONASYNCIODEBUG=1): then asyncio's words.
		{"uvicorn-asyncio-debug-unknown-ca.txt", "internal-ca-default-bundle", true},
		{"node-server-unknown-ca.txt", "internal-ca-default-bundle", true},
		{"node-server-bad-certificate-tls12.txt", "hostname-mismatch", true},
		{"python-client-requests-badge-unknown-ca.txt", "mtls-wrong-ca", false},
		{"python-client-asyncio-badge-unknown-ca.txt", "mtls-wrong-ca", false},
		// A server calling do_handshake itself (wrap_socket's
		// do_handshake_on_connect=False), refused by curl; a client's
		// connect over TLS 1.2, its badge refused by openssl s_server.
		{"python-server-do-handshake-unknown-ca.txt", "internal-ca-default-bundle", true},
		{"python-client-connect-badge-unknown-ca-tls12.txt", "mtls-wrong-ca", false},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "match", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		ms, err := m.Match(string(b))
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].ID != tt.first {
			t.Errorf("%s: %s, want %s first", tt.file, summary(ms), tt.first)
			continue
		}
		for _, x := range ms {
			if tt.server && (x.Client != ServerLog || strings.HasPrefix(x.ID, "mtls-") || !strings.Contains(x.Headline, "This is the server's log")) {
				t.Errorf("%s: %s from %q: %q", tt.file, x.ID, x.Client, x.Headline)
			}
		}
		checkSpans(t, string(b), ms)
	}
}
