package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tlsplay match says of a requests traceback after SSL_CERT_FILE=… that
// requests does not read it; after REQUESTS_CA_BUNDLE=…, the stories whose
// courier names a bundle show the line naming it in their matched part.
func TestMatchBundleLine(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "explain", "testdata", "match", "requests-ssl-cert-file.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// requests reads the one, not the other.
	for variable, read := range map[string]bool{"SSL_CERT_FILE": false, "REQUESTS_CA_BUNDLE": true} {
		stdout, stderr, status := cliIn(t, strings.Replace(string(b), "SSL_CERT_FILE=", variable+"=", 1), "match")
		if status != 0 || stderr != "" {
			t.Fatalf("%s: status %d, stderr %q", variable, status, stderr)
		}
		flat := strings.Join(strings.Fields(stdout), " ")
		if said := strings.Contains(flat, "Your text sets SSL_CERT_FILE, which requests does not read: requests reads the file verify= names, else REQUESTS_CA_BUNDLE"); said == read {
			t.Errorf("%s: says requests does not read it: %v\n%s", variable, said, stdout)
		}
		if shown := strings.Contains(flat, variable+"=/tmp/review/pki/os-store.pem python3 p5.py …"); shown != read {
			t.Errorf("%s: shows the line naming the bundle as matched: %v\n%s", variable, shown, stdout)
		}
	}
}

// tlsplay match names pip as the program of pip's output, and ends with
// pip's own fix (real output of pip 23.2.1), not requests' verify=.
func TestMatchPip(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "explain", "testdata", "match", "pip-private-ca.txt"))
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, status := cliIn(t, string(b), "match")
	if status != 0 || stderr != "" {
		t.Fatalf("status %d, stderr %q", status, stderr)
	}
	first, _, _ := strings.Cut(stdout, "\n")
	flat := strings.Join(strings.Fields(stdout), " ")
	if !strings.Contains(first, "  pip  ") || !strings.Contains(flat, "pip install --cert /path/ca.pem …, or for every run pip config set global.cert /path/ca.pem") {
		t.Errorf("want pip named and its fix given:\n%s", stdout)
	}
}

// A tie's note asked through the proxy the text shows names the host the
// text dialled in both its commands, s_client's and tlsplay inspect's; a
// text showing no host keeps the placeholder in both.
func TestMatchProxyNamesHost(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "explain", "testdata", "match", "requests-proxy-pypi.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ paste, want string }{
		{string(b), "-connect pypi.org:443 -servername pypi.org -showcerts > chain.txt prints it; then tlsplay inspect --chain chain.txt --name pypi.org)"},
		{"HTTPS_PROXY=http://10.0.0.8:3128 python3 app.py\nrequests.exceptions.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)", "-connect HOST:443 -servername HOST -showcerts > chain.txt prints it; then tlsplay inspect --chain chain.txt --name HOST)"},
	} {
		stdout, stderr, status := cliIn(t, tt.paste, "match")
		if status != 0 || stderr != "" {
			t.Fatalf("status %d, stderr %q", status, stderr)
		}
		if flat := strings.Join(strings.Fields(stdout), " "); !strings.Contains(flat, tt.want) {
			t.Errorf("want %q in:\n%s", tt.want, stdout)
		}
	}
}
