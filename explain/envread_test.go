package explain

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Which client reads which variable a text sets, as scenario's Resolve holds
// each client to (checked here with each real program: see envread.go).
func TestUnreadEnv(t *testing.T) {
	for _, tt := range []struct {
		text, client string
		want         []string
	}{
		{"$ SSL_CERT_FILE=/srv/ca.pem python3 app.py\nrequests.exceptions.SSLError: …", Requests, []string{"SSL_CERT_FILE"}},
		{"$ export SSL_CERT_DIR=/srv/certs\nrequests.exceptions.SSLError: …", Requests1, []string{"SSL_CERT_DIR"}},
		{"os.environ[\"SSL_CERT_FILE\"] = \"/srv/ca.pem\"\nrequests.exceptions.SSLError: …", Requests, []string{"SSL_CERT_FILE"}},
		{"$ REQUESTS_CA_BUNDLE=/srv/ca.pem python3 app.py\nrequests.exceptions.SSLError: …", Requests, nil},
		{"$ CURL_CA_BUNDLE=/srv/ca.pem python3 app.py\nrequests.exceptions.SSLError: …", Requests, nil},
		// truststore.inject_into_ssl() reads the system's store, which
		// SSL_CERT_FILE names.
		{"$ SSL_CERT_FILE=/srv/ca.pem python3 app.py\n  File \"app.py\", line 2\n    truststore.inject_into_ssl()\nrequests.exceptions.SSLError: …", Requests, nil},
		// truststore's own frames show it in use; the word alone does not.
		{"$ SSL_CERT_FILE=/srv/ca.pem python3 app.py\n  File \"/usr/lib/python3/site-packages/truststore/_api.py\", line 96, in wrap_socket\nrequests.exceptions.SSLError: …", Requests, nil},
		{"$ SSL_CERT_FILE=/srv/ca.pem python3 app.py   # should I use truststore?\nrequests.exceptions.SSLError: …", Requests, []string{"SSL_CERT_FILE"}},
		// Python's ssl line alone may be urllib's, which reads it.
		{"$ SSL_CERT_FILE=/srv/ca.pem python3 app.py\nssl.SSLCertVerificationError: …", Requests, nil},
		{"$ REQUESTS_CA_BUNDLE=/srv/ca.pem curl https://x/\ncurl: (60) …", Curl, []string{"REQUESTS_CA_BUNDLE"}},
		{"$ SSL_CERT_FILE=/srv/ca.pem curl https://x/\ncurl: (60) …", Curl, nil},
		{"$ CURL_CA_BUNDLE=/srv/ca.pem openssl s_client -connect x:443", OpenSSL, []string{"CURL_CA_BUNDLE"}},
		{"$ SSL_CERT_FILE=/srv/ca.pem openssl s_client -connect x:443", OpenSSL, nil},
		{"$ SSL_CERT_FILE=/srv/ca.pem node app.js", Node, []string{"SSL_CERT_FILE"}},
		{"$ SSL_CERT_FILE=/srv/ca.pem node --use-openssl-ca app.js", Node, nil},
		{"$ NODE_EXTRA_CA_CERTS=/srv/ca.pem node app.js", Node, nil},
		{"$ SSL_CERT_FILE=/srv/ca.pem ./client", GoNetHTTP, nil},
		// Unset, or named without a value, it names nothing.
		{"$ unset SSL_CERT_FILE\nrequests.exceptions.SSLError: …", Requests, nil},
		{"$ MY_SSL_CERT_FILE=/srv/ca.pem python3 app.py\nrequests.exceptions.SSLError: …", Requests, nil},
	} {
		if got := unreadEnv(lowerASCII(tt.text), tt.client); !slices.Equal(got, tt.want) {
			t.Errorf("%s, %q: unread %q, want %q", tt.client, tt.text, got, tt.want)
		}
	}
}

// requests does not read SSL_CERT_FILE (psf/requests#6060, #2899: the
// maintainers' answer is export REQUESTS_CA_BUNDLE=$SSL_CERT_FILE). A
// requests traceback after `SSL_CERT_FILE=… python3 app.py` (requests 2.34.2
// here, which failed alike without the variable, and connected with
// REQUESTS_CA_BUNDLE or truststore) names no bundle requests read: the
// stories whose courier names one do not come first for it, and the words
// say that requests does not read it and what it reads. Set with
// REQUESTS_CA_BUNDLE instead, it names one, and the line naming it is shown
// as matched.
func TestSSLCertFileRequests(t *testing.T) {
	m, err := presetMatcher()
	if err != nil {
		t.Fatal(err)
	}
	const from = "https://github.com/psf/requests/issues/6060"
	b, err := os.ReadFile(filepath.Join("testdata", "match", "requests-ssl-cert-file.txt"))
	if err != nil {
		t.Fatal(err)
	}
	paste := string(b)
	line, traceback, _ := strings.Cut(paste, "\n")
	if !strings.Contains(line, "SSL_CERT_FILE=") {
		t.Fatalf("the paste's first line %q sets no SSL_CERT_FILE", line)
	}
	ms, err := m.Match(paste)
	if err != nil {
		t.Fatal(err)
	}
	alone, err := m.Match(traceback)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ms []Match) (out []string) {
		for _, x := range ms {
			out = append(out, x.ID)
			if x.Bundle {
				out = append(out, "(bundle)")
			}
		}
		return out
	}
	if !slices.Equal(ids(ms), ids(alone)) {
		t.Errorf("%s: SSL_CERT_FILE changes what requests' words match: %s, without it %s", from, summary(ms), summary(alone))
	}
	words := UnreadEnvWords(paste, ms)
	for _, want := range []string{"SSL_CERT_FILE, which requests does not read", "REQUESTS_CA_BUNDLE", "verify=", "truststore.inject_into_ssl()"} {
		if !strings.Contains(words, want) {
			t.Errorf("%s: the words %q do not say %q", from, words, want)
		}
	}
	if words := UnreadEnvWords(traceback, alone); words != "" {
		t.Errorf("without the variable: %q", words)
	}

	named := strings.Replace(paste, "SSL_CERT_FILE=", "REQUESTS_CA_BUNDLE=", 1)
	ms, err = m.Match(named)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || !ms[0].Bundle || ms[0].ID != "env-bundle-overrides-session" {
		t.Fatalf("REQUESTS_CA_BUNDLE: %s, want env-bundle-overrides-session first, marked bundle", summary(ms))
	}
	if words := UnreadEnvWords(named, ms); words != "" {
		t.Errorf("REQUESTS_CA_BUNDLE: %q", words)
	}
	checkSpans(t, named, ms)
	want := strings.TrimPrefix(strings.Replace(line, "SSL_CERT_FILE=", "REQUESTS_CA_BUNDLE=", 1), "$ ")
	for _, x := range ms {
		shown := slices.ContainsFunc(x.Spans, func(s Span) bool { return named[s.Start:s.End] == want })
		if shown != x.Bundle {
			t.Errorf("REQUESTS_CA_BUNDLE: %s (bundle %v) shows the line naming it: %v, spans %v", x.ID, x.Bundle, shown, x.Spans)
		}
	}
}

// Texts from threads on the trap: the maintainers' answer to requests not
// reading SSL_CERT_FILE (psf/requests#6060, after #2899) is to pass its value
// on in the variable requests reads, which names the bundle requests read
// (the error line after it is requests 2.34.2's here: the thread quotes
// none). The variable's name in the value sets nothing.
func TestEnvThreads(t *testing.T) {
	m, err := presetMatcher()
	if err != nil {
		t.Fatal(err)
	}
	const refused = "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.internal.test', port=24432): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))"
	for _, tt := range []struct {
		from, paste string
		bundle      bool
		unread      string
	}{
		{"https://github.com/psf/requests/issues/6060", "export REQUESTS_CA_BUNDLE=$SSL_CERT_FILE\n" + refused, true, ""},
		{"https://github.com/psf/requests/issues/6060", "export SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt\n" + refused, false, "SSL_CERT_FILE"},
	} {
		ms, err := m.Match(tt.paste)
		if err != nil || len(ms) == 0 {
			t.Fatalf("%s: %v, %d matches", tt.from, err, len(ms))
		}
		words := UnreadEnvWords(tt.paste, ms)
		if ms[0].Bundle != tt.bundle || tt.unread == "" && words != "" || !strings.Contains(words, tt.unread) {
			t.Errorf("%s: %s (first marked bundle: %v), words %q; want bundle %v, saying %q is not read\n%s", tt.from, summary(ms), ms[0].Bundle, words, tt.bundle, tt.unread, tt.paste)
		}
	}
}

// The words of a variable requests does not read name the one the text
// sets as what truststore's store reads: SSL_CERT_DIR a directory, not
// SSL_CERT_FILE's file.
func TestUnreadEnvWordsNameTheVariable(t *testing.T) {
	m := matcher(t)
	b, err := os.ReadFile(filepath.Join("testdata", "match", "requests-ssl-cert-file.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for set, want := range map[string]string{
		"SSL_CERT_FILE=": "with SSL_CERT_FILE naming its file.",
		"SSL_CERT_DIR=":  "with SSL_CERT_DIR naming its directory.",
	} {
		paste := strings.Replace(string(b), "SSL_CERT_FILE=", set, 1)
		ms, err := m.Match(paste)
		if err != nil {
			t.Fatal(err)
		}
		if words := UnreadEnvWords(paste, ms); !strings.HasSuffix(words, want) {
			t.Errorf("%s: %q, want it to end %q", set, words, want)
		}
	}
}

// requests 2.34 through truststore 0.9.1 (inject_into_ssl), SSL_CERT_FILE
// naming a file without the server's root, failed here with truststore's
// frames in its traceback: truststore read that file as the machine's
// store, so the story of a CA in the machine's store comes first, not
// env-bundle-overrides-session (REQUESTS_CA_BUNDLE over a Session), and
// the words name SSL_CERT_FILE.
func TestTruststoreSSLCertFile(t *testing.T) {
	m, err := presetMatcher()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "match", "requests-truststore-ssl-cert-file.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := m.Match(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].ID != "os-trust-store" || !ms[0].Bundle {
		t.Fatalf("%s, want os-trust-store first, marked bundle", summary(ms))
	}
	if words := BundleWords(string(b), ms); words != StoreBundleWords || !strings.Contains(words, "SSL_CERT_FILE") {
		t.Errorf("the words %q", words)
	}
	if words := UnreadEnvWords(string(b), ms); words != "" {
		t.Errorf("SSL_CERT_FILE said unread: %q", words)
	}
}

// Node 20.20.2's warning that the file NODE_EXTRA_CA_CERTS names did not
// load, before its refusal of a server that file's root issued (a Python
// http.server here): the file not there, a block whose base64 is damaged,
// a block cut short (testdata/match, each file's first line the command).
// The refusal still matches the stories of an issuer Node does not know,
// and the words say that the file did not load and why, and that Node
// reads the variable only when it starts; with no story matched (the
// warning alone) Unmatched says them.
func TestExtraCertsWarning(t *testing.T) {
	m := matcher(t)
	for _, tt := range []struct{ file, cause string }{
		{"node-extra-missing.txt", "does not exist"},
		{"node-extra-bad-base64.txt", "its base64 damaged"},
		{"node-extra-too-long.txt", "cut short"},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "match", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		paste := string(b)
		ms, err := m.Match(paste)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].ID != "internal-ca-default-bundle" || ms[0].Client != Node {
			t.Errorf("%s: %s", tt.file, summary(ms))
		}
		words := ExtraCertsWords(paste)
		for _, want := range []string{"NODE_EXTRA_CA_CERTS names did not load", tt.cause, "only when it starts"} {
			if !strings.Contains(words, want) {
				t.Errorf("%s: %q, want words with %q", tt.file, words, want)
			}
		}
		if !strings.Contains(words, "as your text shows") {
			t.Errorf("%s: %q, want the refusal said as shown", tt.file, words)
		}
		warning, _, _ := strings.Cut(paste[strings.Index(paste, "Warning:"):], "\n")
		if got := Unmatched(warning); got != ExtraCertsWords(warning) || !strings.Contains(got, tt.cause) {
			t.Errorf("%s, the warning alone: %q", tt.file, got)
		}
	}
	// The warning before Node connecting (200: the file's first root
	// issued the server's chain, and the damaged block came after it), and
	// before another error (its ca option naming the root, another name
	// sent): no refusal for the file is shown, and none is said.
	for _, file := range []string{"node-extra-connected.txt", "node-extra-altname.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", "match", file))
		if err != nil {
			t.Fatal(err)
		}
		words := ExtraCertsWords(string(b))
		if !strings.Contains(words, "would refuse") || !strings.Contains(words, "shows no such refusal") || strings.Contains(words, "as your text shows") {
			t.Errorf("%s: %q", file, words)
		}
	}
	if words := ExtraCertsWords("Error: unable to get local issuer certificate\n  code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'"); words != "" {
		t.Errorf("no warning: %q", words)
	}
}

// A bundle named by a path that looks like a folder is said as both: a file
// lacking the CA, and a folder OpenSSL reads by hashed names only (real
// requests 2.34.2 pastes, verify= and REQUESTS_CA_BUNDLE naming a folder
// that held the server's root as root.pem; after openssl rehash both
// connected). A file's path is said as a file alone.
func TestBundleFolder(t *testing.T) {
	m := matcher(t)
	for _, file := range []string{"requests-verify-folder.txt", "requests-env-folder.txt"} {
		paste, ms := matchFile(t, m, file)
		if note := TiedNote(paste, ms, TiedWords+"the chain).", "chain.pem chain.pem says which)."); !strings.Contains(note, FolderWords+"chain.pem") || !strings.Contains(note, "that file lacks") {
			t.Errorf("%s: %s: note %q, want both readings", file, summary(ms), note)
		}
	}
	for _, tt := range []struct {
		text   string
		folder bool
	}{
		{`r = requests.get(url, verify="/etc/ssl/certs")`, true},
		{`r = requests.get(url, verify='/srv/cas/')`, true},
		{"$ REQUESTS_CA_BUNDLE=/srv/cas python3 app.py", true},
		{`r = requests.get(url, verify="/etc/ssl/company.pem")`, false},
		{`r = requests.get(url, verify="ca.crt")`, false},
		{`r = requests.get(url, verify=CA_PATH)`, false},
		{"$ REQUESTS_CA_BUNDLE=$HOME/ca.pem python3 app.py", false},
		// The call's own file is read before the variable's folder.
		{"$ REQUESTS_CA_BUNDLE=/srv/cas python3 app.py\nr = requests.get(url, verify='/srv/ca.pem')", false},
		// A variable requests does not read.
		{"$ SSL_CERT_DIR=/srv/cas python3 app.py", false},
	} {
		if got := bundleFolder(lowerASCII(tt.text)); got != tt.folder {
			t.Errorf("bundleFolder(%q) = %v, want %v", tt.text, got, tt.folder)
		}
	}
}
