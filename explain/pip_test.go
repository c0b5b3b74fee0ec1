package explain

import (
	"strings"
	"testing"
)

// pip prints its errors through its own copy of requests: a text pip
// printed (real output of pip 23.2.1 against a server of a private CA:
// its retries and "Could not fetch URL", and a traceback through
// pip/_vendor/requests/) names pip as the program, every story of it, and
// what is said after the list is pip's own fix, not requests' verify=.
func TestPipIsNamedWithItsFix(t *testing.T) {
	m := matcher(t)
	for _, file := range []string{"pip-private-ca.txt", "pip-traceback.txt"} {
		text, ms := matchFile(t, m, file)
		if len(ms) == 0 || ms[0].ID != "internal-ca-default-bundle" {
			t.Fatalf("%s: matched %s, want internal-ca-default-bundle first", file, summary(ms))
		}
		for _, x := range ms {
			if x.Program != Pip {
				t.Errorf("%s: %s's program is %q, want %q", file, x.ID, x.Program, Pip)
			}
		}
		words := PipWords(text, ms)
		for _, want := range []string{"pip install --cert /path/ca.pem", "pip config set global.cert /path/ca.pem", "PIP_CERT=", "REQUESTS_CA_BUNDLE", "override --cert", "--use-feature=truststore", "TLS-inspecting proxy", "Not --trusted-host: it turns verification off for that host"} {
			if !strings.Contains(words, want) {
				t.Errorf("%s: says %q, want it to hold %q", file, words, want)
			}
		}
		if strings.Contains(words, "verify=\"") || strings.Contains(words, "requests.get(") {
			t.Errorf("%s: says %q, requests' call", file, words)
		}
	}
}

// pip refusing the Python Package Index's chain (pypi.org's, issued by a
// public CA in pip's bundle) is, as a rule, a company's TLS-inspecting
// proxy: that story comes first of the ones tied with it, and the words
// lead there. The same output as pip prints it for pypi.org.
func TestPipAtPyPILeadsToTheProxy(t *testing.T) {
	m := matcher(t)
	text, _ := matchFile(t, m, "pip-private-ca.txt")
	text = strings.ReplaceAll(text, "localhost:9541", "pypi.org")
	text = strings.ReplaceAll(text, "host='localhost', port=9541", "host='pypi.org', port=443")
	ms, err := m.Match(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].ID != corporateProxy || ms[0].Program != Pip {
		t.Fatalf("matched %s, want corporate-proxy first, from pip", summary(ms))
	}
	if words := PipWords(text, ms); !strings.Contains(words, "Python Package Index") || !strings.Contains(words, "corporate-proxy, first below") {
		t.Errorf("says %q, want the proxy first", words)
	}
	// A private index's: the order of the tie stays.
	_, ms = matchFile(t, m, "pip-private-ca.txt")
	if ms[0].ID == corporateProxy {
		t.Errorf("a private index's: matched %s, want the tie's own order", summary(ms))
	}
}

// requests' own traceback is not pip's: no program, no pip words.
func TestRequestsIsNotPip(t *testing.T) {
	m := matcher(t)
	text, ms := matchFile(t, m, "requests-ssl-cert-file.txt")
	if len(ms) == 0 || ms[0].Program != "" || PipWords(text, ms) != "" {
		t.Errorf("matched %s, program %q, says %q: want requests' own", summary(ms), ms[0].Program, PipWords(text, ms))
	}
}
