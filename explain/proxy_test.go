package explain

import (
	"strings"
	"testing"
)

// proxyChain is a surface's way to the chain, as the CLI's note ends it.
const proxyChain = TiedWords + ShowcertsCall + " > chain.txt prints it)."

// Real outputs through a TLS-inspecting CONNECT proxy on 127.0.0.1:9560
// that re-signs pypi.org with its own root (review 19's mitm.py): requests
// (HTTPS_PROXY on the command line), curl and curl -v, pip with
// HTTPS_PROXY shown and pip's output alone. pypi.org's CA is in every
// client's default bundle, so corporate-proxy leads the stories tied with
// it, for requests and curl as for pip; where the text shows the proxy,
// the note's s_client asks through it (s_client -connect alone dialled
// pypi.org itself here: "Name or service not known"), with its address
// from the text; where it does not, the note adds the -proxy command with
// a placeholder said as such.
func TestProxyLeads(t *testing.T) {
	m := matcher(t)
	through := "openssl s_client -proxy 127.0.0.1:9560 -connect pypi.org:443 -servername pypi.org -showcerts"
	for _, c := range []struct {
		file, program, call string
		placeholder         bool
	}{
		{"requests-proxy-pypi.txt", "", through, false},
		{"curl-proxy-pypi.txt", "", through, false},
		{"curl-v-proxy-pypi.txt", "", through, false},
		{"pip-proxy-pypi.txt", Pip, through, false},
		{"pip-pypi-output.txt", Pip, "openssl s_client -proxy PROXYHOST:PORT -connect pypi.org:443 -servername pypi.org -showcerts (PROXYHOST:PORT: your proxy's host and port", true},
	} {
		text, ms := matchFile(t, m, c.file)
		if len(ms) == 0 || ms[0].ID != corporateProxy || ms[0].Program != c.program {
			t.Errorf("%s: matched %s, want corporate-proxy first (program %q)", c.file, summary(ms), c.program)
			continue
		}
		note := TiedNote(text, ms, proxyChain, ")")
		if !strings.Contains(note, c.call) {
			t.Errorf("%s: note %q, want it to hold %q", c.file, note, c.call)
		}
		if strings.Contains(note, ShowcertsCall) != c.placeholder {
			t.Errorf("%s: note %q holds %q: %v, want %v", c.file, note, ShowcertsCall, !c.placeholder, c.placeholder)
		}
		if lead := strings.Contains(note, "corporate-proxy, listed first"); lead != (c.program == "") {
			t.Errorf("%s: note %q says corporate-proxy leads: %v, want %v (pip's words say it)", c.file, note, lead, c.program == "")
		}
	}
	// A private CA's server, no proxy shown: the tie's own order, the
	// plain s_client.
	text, ms := matchFile(t, m, "pip-private-ca.txt")
	if ms[0].ID == corporateProxy {
		t.Errorf("a private index's: matched %s, want the tie's own order", summary(ms))
	}
	if note := TiedNote(text, ms, proxyChain, ")"); strings.Contains(note, "-proxy") || strings.Contains(note, "listed first") {
		t.Errorf("a private index's: note %q, want no proxy", note)
	}
}

// The proxy's address comes from the text as host:port alone: no scheme,
// no user name or password; a value no host holds, or one without a port,
// gives the placeholder; the target's host too is taken only when it is a
// host name, so nothing of the text reaches a shell unquoted.
func TestProxyShowcertsAddress(t *testing.T) {
	const tail = "\nrequests.exceptions.SSLError: HTTPSConnectionPool(host='pypi.org', port=443): certificate verify failed: unable to get local issuer certificate"
	for _, c := range []struct{ text, want string }{
		{"$ HTTPS_PROXY=http://alice:s3cret@proxy.corp.example:3128 python3 app.py" + tail, "-proxy proxy.corp.example:3128 -connect pypi.org:443 -servername pypi.org -showcerts"},
		{"$ https_proxy='http://[::1]:8080/' python3 app.py" + tail, "-proxy '[::1]:8080' -connect pypi.org:443"},
		{"$ HTTPS_PROXY=http://proxy.corp.example python3 app.py" + tail, "-proxy PROXYHOST:PORT -connect pypi.org:443 -servername pypi.org -showcerts (PROXYHOST:PORT: your proxy's"},
		{"$ HTTPS_PROXY=http://$(touch${IFS}x):1 python3 app.py" + tail, "-proxy PROXYHOST:PORT"},
		{"$ curl -x http://10.0.0.1:8080 https://files.pythonhosted.org:8443/x\ncurl: (60) SSL certificate problem: unable to get local issuer certificate", "-proxy 10.0.0.1:8080 -connect files.pythonhosted.org:8443 -servername files.pythonhosted.org"},
		{"$ curl --proxy http://10.0.0.1:8080 'https://a;b/'\ncurl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html", "-proxy 10.0.0.1:8080 -connect HOST:443 -servername HOST"},
	} {
		got := proxyShowcerts(c.text)
		if !strings.Contains(got, c.want) || strings.Contains(got, "s3cret") || strings.Contains(got, "$(") {
			t.Errorf("%q: %q, want it to hold %q", c.text, got, c.want)
		}
	}
}

// A public host counts as a whole name or its end, not inside another.
func TestPublicHostIn(t *testing.T) {
	for text, want := range map[string]string{
		"host='pypi.org', port=443":       "pypi.org",
		"https://test.pypi.org/simple/":   "pypi.org",
		"https://api.github.com/repos":    "github.com",
		"host='mypypi.org', port=443":     "",
		"https://pypi.org.example/simple": "",
		"host='bank.example', port=443":   "",
		"pypi.org.":                       "pypi.org",
	} {
		if got := publicHostIn(text); got != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

// corporate-proxy's own words, which give s_client's command to see who
// signed what came, give the one through a proxy HTTPS_PROXY names too:
// -connect alone dials past it.
func TestCorporateProxyShowcertsThroughProxy(t *testing.T) {
	for _, c := range LensClients {
		v := presetLens(t, corporateProxy, c)
		if want := "openssl s_client -proxy PROXYHOST:PORT -connect bank.example:443 -servername bank.example -showcerts"; !strings.Contains(v.TellApart, want) {
			t.Errorf("corporate-proxy as %s: %q, want it to hold %q", c, v.TellApart, want)
		}
	}
}
