package explain

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Errors no story plays are said for what they are, as each client prints
// them; a paste that holds none of them, or a story's error, gets no words.
func TestUnmatched(t *testing.T) {
	m := matcher(t)
	for _, tt := range []struct{ paste, says string }{
		{"requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=8080): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)')))", "did not speak TLS"},
		{"curl: (35) error:0A00010B:SSL routines::wrong version number", "did not speak TLS"},
		{`Get "https://localhost:8080/": http: server gave HTTP response to HTTPS client`, "did not speak TLS"},
		{`Get "https://localhost:8080/": tls: first record does not look like a TLS handshake`, "did not speak TLS"},
		{"requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1 (Caused by SSLError(SSLEOFError(8, 'EOF occurred in violation of protocol (_ssl.c:2426)')))", "in the middle of the handshake or just after it"},
		{"requests.exceptions.SSLError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)", "in the middle of the handshake or just after it"},
		{"curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to api.example.com:443", "in the middle of the handshake or just after it"},
		{"Error: Client network socket disconnected before secure TLS connection was established\n    at connResetException (node:internal/errors:720:14) {\n  code: 'ECONNRESET'\n}", "in the middle of the handshake or just after it"},
		{"[SSL: UNSUPPORTED_PROTOCOL] unsupported protocol (_ssl.c:1006)", "no TLS version in common"},
		{`Get "https://old.example/": tls: server selected unsupported protocol version 301`, "no TLS version in common"},
		{"curl: (60) SSL certificate problem: certificate revoked", "has revoked the server's certificate"},
		{"requests.exceptions.SSLError: HTTPSConnectionPool(host='old.example', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation disabled (_ssl.c:1006)')))", "secure renegotiation"},
		{"[SSL: DH_KEY_TOO_SMALL] dh key too small (_ssl.c:1006)", "Diffie-Hellman"},
		// curl on schannel: lib/vtls/schannel.c, Curl_sspi_strerror's format.
		{"curl: (35) schannel: next InitializeSecurityContext failed: CRYPT_E_NO_REVOCATION_CHECK (0x80092012) - The revocation function was unable to check revocation for the certificate.", "checks revocation by default"},
		{"fatal: unable to access 'https://github.com/org/repo.git/': schannel: next InitializeSecurityContext failed: Unknown error (0x80092013) - The revocation function was unable to check revocation because the revocation server was offline.", "http.schannelCheckRevoke"},
		// A connection refused is said for what it is: nothing listens
		// there, no TLS happened (it once got no words, and the page and
		// the CLI said to paste the server's chain, which there is none
		// of). Windows' words as Python prints them (WSAECONNREFUSED).
		{"requests.exceptions.ConnectionError: [Errno 111] Connection refused", "nothing listens on that host and port"},
		{`requests.exceptions.ConnectionError: HTTPSConnectionPool(host='localhost', port=8443): Max retries exceeded with url: / (Caused by NewConnectionError("HTTPSConnection(host='localhost', port=8443): Failed to establish a new connection: [WinError 10061] No connection could be made because the target machine actively refused it"))`, "nothing listens on that host and port"},
		{"Error: connect ECONNREFUSED ::1:8443", "nothing listens on that host and port"},
		// Not a phrase of it: a story's words, a timeout.
		{"requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.example.com', port=443): Read timed out. (read timeout=5)", ""},
		// uvicorn's one line (its httptools_impl.py and h11_impl.py), as
		// a FastAPI developer's terminal shows it.
		{"INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)\nWARNING:  Invalid HTTP request received.", "a client spoke TLS to a port that serves plain HTTP"},
	} {
		got := Unmatched(tt.paste)
		if tt.says == "" && got != "" || !strings.Contains(got, tt.says) {
			t.Errorf("%q: %q, want words with %q", tt.paste, got, tt.says)
		}
		// These are errors no story plays: none matches them.
		if ms, err := m.Match(tt.paste); err != nil || len(ms) > 0 {
			t.Errorf("%q matches %s (%v): Unmatched is for what matches no story", tt.paste, summary(ms), err)
		}
	}
}

// A decode_error is said as a name's final dot only when the text shows a
// client that sends the dot in SNI (s_client, Node) sending the name so, and
// for the name it sent; otherwise the final dot is one cause among others.
func TestUnmatchedDottedName(t *testing.T) {
	const alert = "\n4017F3B0A07F0000:error:0A00041A:SSL routines:ssl3_read_bytes:tlsv1 alert decode error:../ssl/record/rec_layer_s3.c:1601:SSL alert number 50\n"
	const node = "Error: write EPROTO 800C6A9AF27F0000:error:0A00041A:SSL routines:ssl3_read_bytes:tlsv1 alert decode error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 50\n" +
		"    at WriteWrap.onWriteComplete [as oncomplete] (node:internal/stream_base_commons:95:16)\n"
	const hedged = "does not show s_client or Node"
	for _, tt := range []struct{ paste, says string }{
		{"$ openssl s_client -connect 127.0.0.1:8443 -servername bank.example." + alert, "dial bank.example, without the dot"},
		{"$ openssl s_client -connect bank.example.:443" + alert, "dial bank.example, without the dot"},
		{"$ node -e \"https.get('https://bank.example./')\"\n" + node, "dial bank.example, without the dot"},
		{node + "  servername: 'bank.example.',\n  host: 'other.example.'\n", "dial bank.example, without the dot"},
		// s_client sent -servername, without the dot.
		{"$ openssl s_client -connect bank.example.:443 -servername bank.example" + alert, hedged},
		// requests, curl and Go leave the dot out of SNI.
		{`Get "https://bank.example.:8443/": remote error: tls: error decoding message`, hedged},
		{"requests.exceptions.SSLError: HTTPSConnectionPool(host='bank.example.', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: TLSV1_ALERT_DECODE_ERROR] tlsv1 alert decode error (_ssl.c:1006)')))", hedged},
		{"$ curl https://bank.example./\ncurl: (35) OpenSSL/3.0.13: error:0A00041A:SSL routines::tlsv1 alert decode error", hedged},
		// A name that ends a sentence, or is quoted anywhere in Node's text.
		{`The client said "tlsv1 alert decode error" when calling "api.example.com."`, hedged},
		{node + "while fetching 'example.org.' from the cache\n", hedged},
		// An address is no name.
		{"$ openssl s_client -connect 192.0.2.1.:443" + alert, hedged},
	} {
		if got := Unmatched(tt.paste); !strings.Contains(got, tt.says) {
			t.Errorf("%q: %q, want words with %q", tt.paste, got, tt.says)
		}
	}
}

// An alert's words say only what the alert tells: that the other side
// could not parse a message, or that a record failed its check, not which
// side printed it (a server's log receives the client's alert) nor when.
func TestUnmatchedSide(t *testing.T) {
	for _, tt := range []struct{ paste, says, not string }{
		{"2026/12/07 10:00:00 [info] 1234#1234: *5 SSL_do_handshake() failed (SSL: error:0A00041A:SSL routines::tlsv1 alert decode error:SSL alert number 50) while SSL handshaking, client: 10.0.0.5, server: 0.0.0.0:443",
			"could not parse a message", "ClientHello your client sent"},
		{"curl: (35) OpenSSL/3.0.13: error:0A00041A:SSL routines::tlsv1 alert decode error", "could not parse a message", "The server could not"},
		{"ssl.SSLError: [SSL: SSLV3_ALERT_BAD_RECORD_MAC] sslv3 alert bad record mac (_ssl.c:1006)", "integrity check", "after the handshake"},
		// Go's words without the server's prefix: a client's, or a server's
		// log cut short, which the whole line tells apart.
		{"local error: tls: bad record MAC", "http: TLS handshake error from", "after the handshake"},
		{"ssl.SSLError: [SSL: SSLV3_ALERT_BAD_RECORD_MAC] sslv3 alert bad record mac (_ssl.c:1006)", "two threads", "http: TLS handshake error from"},
	} {
		got := Unmatched(tt.paste)
		if !strings.Contains(got, tt.says) || strings.Contains(got, tt.not) {
			t.Errorf("%q: %q, want words with %q and without %q", tt.paste, got, tt.says, tt.not)
		}
	}
}

// A CA bundle named to the client shows in the text as its own path or
// name after verify=, the Session's verify, a variable or a flag; True,
// False and certifi's own bundle name none.
func TestNamesBundle(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{`    r = requests.get("https://vault.corp.example/", verify="/etc/ssl/wrong-ca.pem")`, true},
		{`requests.get(url, verify='ca.pem')`, true},
		{`requests.get(url, verify=CA_PATH)`, true},
		{"s = requests.Session()\ns.verify = '/etc/ssl/company.pem'", true},
		{"$ REQUESTS_CA_BUNDLE=/etc/ssl/company.pem python3 app.py", true},
		{"$ export SSL_CERT_FILE=/etc/ssl/company.pem", true},
		{"$ curl --cacert ./ca.pem https://vault.corp.example/", true},
		{"$ openssl s_client -connect vault.corp.example:443 -CAfile ca.pem", true},
		{"ctx = ssl.create_default_context(cafile='/etc/ssl/company.pem')", true},
		{`requests.get(url, verify=True)`, false},
		{`requests.get(url, verify=False)`, false},
		{`requests.get(url, verify=certifi.where())`, false},
		{`requests.get(url, verify="")`, false},
		{"requests.exceptions.SSLError: HTTPSConnectionPool(host='x', port=443): Max retries exceeded", false},
	} {
		if got := NamesBundle(tt.text); got != tt.want {
			t.Errorf("NamesBundle(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// A story whose courier names its CA bundle comes first of those printing
// the same words only when the text names one as its courier does:
// env-bundle-overrides-session (a Session's verify overridden by
// REQUESTS_CA_BUNDLE) for the variable or the Session's verify shown, not
// for requests' own call naming one (verify= on the call), which requests
// reads before both, whose note says that file lacks the CA
// (CallBundleWords). requests 2.28's error, as the wild rows paste it.
func TestBundleFollowsText(t *testing.T) {
	m := matcher(t)
	const refused = "requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=24434): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:992)')))"
	const call = "    r = requests.get(\"https://localhost:24434/\", verify=\"/tmp/ca2.pem\")\n"
	for _, tt := range []struct {
		name, text string
		bundled    bool
		words      string
	}{
		{"the call's verify=", call + refused, false, CallBundleWords},
		{"REQUESTS_CA_BUNDLE", "$ REQUESTS_CA_BUNDLE=/tmp/ca2.pem python3 app.py\n" + refused, true, BundleNamedWords},
		{"the Session's verify", "s = requests.Session()\ns.verify = '/etc/ssl/company.pem'\nr = s.get('https://localhost:24434/')\n" + refused, true, BundleNamedWords},
		{"the call's verify= and REQUESTS_CA_BUNDLE", "$ REQUESTS_CA_BUNDLE=/tmp/old.pem python3 app.py\n" + call + refused, false, CallBundleWords},
		{"verify=True", "    r = requests.get(\"https://localhost:24434/\", verify=True)\n" + refused, false, ""},
		{"nothing named", refused, false, ""},
	} {
		ms, err := m.Match(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) < 2 || TiedFirst(ms) < 2 {
			t.Fatalf("%s: %s", tt.name, summary(ms))
		}
		if env := ms[0].ID == "env-bundle-overrides-session"; env != tt.bundled || ms[0].Bundle != tt.bundled {
			t.Errorf("%s: first %s (bundle %v), want env-bundle-overrides-session first: %v; all: %s", tt.name, ms[0].ID, ms[0].Bundle, tt.bundled, summary(ms))
		}
		if got := BundleWords(tt.text, ms); got != tt.words {
			t.Errorf("%s: BundleWords %q, want %q", tt.name, got, tt.words)
		}
	}
}

// Real output of the real clients (testdata/match, each file's first line
// the command that printed it, run here against a server of the kind named):
// errors no story plays, said for what they are, and matched to no story
// (a CA bundle's block that does not decode is no badge without its key).
func TestUnmatchedReal(t *testing.T) {
	m := matcher(t)
	const undecoded, ecc, versions = "holds a block that does not decode", "without digitalSignature", "leave no version it can speak"
	const pair = "one of the two files cert= names does not decode"
	const plainHTTP = "a client spoke TLS to a port that serves plain HTTP"
	const refused = "nothing listens on that host and port"
	for _, tt := range []struct{ file, says string }{
		// verify= naming the root followed by a damaged block (requests
		// 2.34.2), s_client's -CAfile and curl's --cacert naming it.
		{"requests-bundle-pem-lib.txt", undecoded},
		{"sclient-bundle-pem-lib.txt", undecoded},
		{"curl-bundle-pem-lib.txt", "a block that does not decode"},
		// A Go server of TLS 1.2 at most, its ECDSA certificate's keyUsage
		// keyEncipherment alone.
		{"requests-bad-ecc-cert.txt", ecc},
		{"curl-ecc-not-for-signing.txt", ecc},
		// curl -v: its alert line ("TLS alert, handshake failure") is
		// 3des-only-bank's words too.
		{"curl-v-ecc-not-for-signing.txt", ecc},
		{"node-ecc-not-for-signing.txt", ecc},
		{"sclient-ecc-not-for-signing.txt", ecc},
		// cert= a (certificate, key) pair, one of them damaged: the
		// certificate's block (the call on the command line), the key cut
		// short (the call in a script's traceback).
		{"requests-pair-cert-pem-lib.txt", pair},
		{"requests-pair-key-pem-lib.txt", pair},
		// The call's cert = ( spaced as a person writes it.
		{"requests-spaced-pair-pem-lib.txt", pair},
		// A plain-HTTP server's log of requests or curl dialling
		// https:// at it: Python's http.server, Flask's development
		// server, nginx's access log.
		{"http-server-tls-hello.txt", plainHTTP},
		{"flask-dev-tls-hello.txt", plainHTTP},
		{"nginx-access-tls-hello.txt", plainHTTP},
		// A client whose maximum is TLS 1.1: requests through an adapter's
		// context (maximum_version), Node's maxVersion.
		{"requests-no-protocols-available.txt", versions},
		{"node-no-protocols-available.txt", versions},
		// curl's minimum above its maximum (--tlsv1.2 --tls-max 1.1;
		// --tlsv1.3 --tls-max 1.2 with -v).
		{"curl-sslversion-max.txt", "its own TLS version options conflict"},
		{"curl-v-sslversion-max.txt", "its own TLS version options conflict"},
		// A port nothing listens on: each client's connection refused.
		{"requests-refused.txt", refused},
		{"curl-refused.txt", refused},
		{"curl-v-refused.txt", refused},
		{"node-refused.txt", refused},
		{"go-refused.txt", refused},
		{"sclient-refused.txt", refused},
		// A server that accepts and closes: Go's io.EOF, as the others'
		// hang-up words.
		{"go-closes.txt", "closed without a TLS alert"},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "match", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		paste := string(b)
		if got := Unmatched(paste); !strings.Contains(got, tt.says) {
			t.Errorf("%s: %q, want words with %q", tt.file, got, tt.says)
		}
		if ms, err := m.Match(paste); err != nil || len(ms) > 0 {
			t.Errorf("%s matches %s (%v)", tt.file, summary(ms), err)
		}
	}
	// The badge's own words stay the badge story's.
	ms, err := m.Match("requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=9541): Max retries exceeded with url: / (Caused by SSLError(SSLError(524297, '[SSL] PEM lib (_ssl.c:3905)')))")
	if err != nil || len(ms) == 0 || ms[0].ID != "mtls-cert-without-key" {
		t.Errorf("[SSL] PEM lib: %s (%v)", summary(ms), err)
	}
	// A Session's cert = (certificate, truncated key), requests 2.34.2: the
	// traceback shows s.get(…) alone, so the badge story stays first and
	// its headline says what the same words mean of a pair; a call showing
	// cert= naming one file is the badge story's alone.
	b, err := os.ReadFile(filepath.Join("testdata", "match", "requests-session-pair-pem-lib.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		paste string
		note  bool
	}{
		{string(b), true},
		{"  File \"/tmp/req.py\", line 3, in <module>\n    requests.get(\"https://localhost:9541/\", cert = \"client.pem\")\n" + string(b[strings.LastIndex(string(b), "requests.exceptions"):]), false},
		{"requests.get('https://localhost:9541/', cert='client.pem')\n" + string(b[strings.LastIndex(string(b), "requests.exceptions"):]), false},
	} {
		ms, err := m.Match(tt.paste)
		if err != nil || len(ms) == 0 || ms[0].ID != "mtls-cert-without-key" {
			t.Fatalf("%q: %s (%v)", tt.paste, summary(ms), err)
		}
		if got := strings.HasSuffix(ms[0].Headline, PairUnseenNote); got != tt.note {
			t.Errorf("%q: headline %q, want the pair's note %v", tt.paste, ms[0].Headline, tt.note)
		}
	}
}

// A bundle the text names is said to lack the issuing CA only of stories
// that fail for their issuer: OpenSSL reports an expired certificate or a
// name that does not match only after it built the chain to a root it
// trusts, so the file holds the CA. Real requests 2.34.2 pastes, its call
// naming the root that issued the server's chain (verify=), the server's
// certificate expired or for another name, or the server demanding a badge;
// the same with REQUESTS_CA_BUNDLE.
func TestBundleWordsIssuerOnly(t *testing.T) {
	m := matcher(t)
	for _, tt := range []struct{ file, first string }{
		{"requests-call-bundle-expired.txt", "expired"},
		{"requests-call-bundle-hostname.txt", "hostname-mismatch"},
		// A server of TLS 1.2 demanding a badge the call does not give
		// (sslv3 alert handshake failure, tied with the cipher stories).
		{"requests-call-bundle-handshake-failure.txt", "3des-only-bank"},
	} {
		paste, _ := matchFile(t, m, tt.file)
		for _, text := range []string{paste, "$ REQUESTS_CA_BUNDLE=/srv/app/root.pem python3 app.py\n" + paste} {
			ms, err := m.Match(text)
			if err != nil || len(ms) == 0 || ms[0].ID != tt.first || TiedFirst(ms) < 2 {
				t.Fatalf("%s: %s (%v), want %s first, tied", tt.file, summary(ms), err, tt.first)
			}
			if got := BundleWords(text, ms); got != "" {
				t.Errorf("%s: BundleWords %q, want none", tt.file, got)
			}
			if note := TiedNote(text, ms, TiedWords+"the chain).", "."); strings.Contains(note, "lacks") {
				t.Errorf("%s: note %q", tt.file, note)
			}
			for _, s := range ms[0].Spans {
				if line := text[s.Start:s.End]; strings.Contains(line, "verify=") || strings.Contains(line, "REQUESTS_CA_BUNDLE") {
					t.Errorf("%s: the line naming the bundle is shown as matched: %q", tt.file, line)
				}
			}
		}
	}
}
