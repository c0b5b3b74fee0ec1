package ui

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// policyOf reads the Content-Security-Policy of an index.html.
func policyOf(t *testing.T, index []byte) map[string]string {
	t.Helper()
	m := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindAllSubmatch(index, -1)
	if len(m) != 1 {
		t.Fatalf("%d policies in index.html", len(m))
	}
	p := map[string]string{}
	for _, d := range strings.Split(string(m[0][1]), ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		if _, dup := p[name]; dup {
			t.Fatalf("the policy has %s twice", name)
		}
		p[name] = value
	}
	return p
}

// The site's index.html connects to itself alone, and to the probe worker
// config.json names when there is one: that origin and no other.
func TestSiteIndex(t *testing.T) {
	index, err := os.ReadFile("../site/index.html")
	if err != nil {
		t.Fatal(err)
	}
	source := policyOf(t, index)
	for _, tt := range []struct {
		name, config string // config "-": no config.json
		connect      string // the connect-src wanted; "" for a config refused
		refusal      string
	}{
		{"no config.json", "-", "'self'", ""},
		{"no worker named", `{}`, "'self'", ""},
		{"an empty worker", `{"probe_url": ""}`, "'self'", ""},
		{"a worker under workers.dev", `{"probe_url": "https://tlsplay-probe.you.workers.dev"}`, "'self' https://tlsplay-probe.you.workers.dev", ""},
		{"a worker on a custom domain, with a port and a slash", `{"probe_url": "https://Probe.Example.COM:8443/"}`, "'self' https://probe.example.com:8443", ""},
		{"wrangler dev on this machine", `{"probe_url": "http://localhost:8787"}`, "'self' http://localhost:8787", ""},
		{"a loopback address", `{"probe_url": "http://127.0.0.1:8787"}`, "'self' http://127.0.0.1:8787", ""},
		{"every workers.dev", `{"probe_url": "https://*.workers.dev"}`, "", "holds '*'"},
		{"a directive smuggled in", `{"probe_url": "https://a.example;script-src"}`, "", "holds ';'"},
		{"a quoted source smuggled in", `{"probe_url": "https://a.example'unsafe-inline'"}`, "", "holds '\\''"},
		{"a space", `{"probe_url": "https://a.example 'unsafe-eval'"}`, "", "probe_url"},
		{"a double quote", `{"probe_url": "https://a.example\"><script>"}`, "", "probe_url"},
		{"a path", `{"probe_url": "https://a.example/probe"}`, "", "origin alone"},
		{"a path made of dots", `{"probe_url": "https://a.example/.."}`, "", "origin alone"},
		{"user info", `{"probe_url": "https://evil@a.example"}`, "", "origin alone"},
		{"a query", `{"probe_url": "https://a.example?x=1"}`, "", "origin alone"},
		{"a fragment", `{"probe_url": "https://a.example#x"}`, "", "origin alone"},
		{"plain http elsewhere", `{"probe_url": "http://a.example"}`, "", "https"},
		{"another scheme", `{"probe_url": "javascript:alert(1)"}`, "", "https"},
		{"an IPv6 address", `{"probe_url": "http://[::1]:8787"}`, "", "IPv6"},
		{"an internationalised name", `{"probe_url": "https://bücher.example"}`, "", "xn--"},
		{"an empty label", `{"probe_url": "https://a..example"}`, "", "not a DNS name"},
		{"a label starting with a hyphen", `{"probe_url": "https://-a.example"}`, "", "not a DNS name"},
		{"a port that is no number", `{"probe_url": "https://a.example:http"}`, "", "probe_url"},
		{"an unknown key", `{"probe_url": "https://a.example", "connect": "*"}`, "", "config.json"},
		{"not JSON", `connect-src *`, "", "config.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var config []byte
			if tt.config != "-" {
				config = []byte(tt.config)
			}
			out, err := SiteIndex(index, config)
			if tt.connect == "" {
				if err == nil || !strings.Contains(err.Error(), tt.refusal) {
					t.Fatalf("error %v, want one saying %q", err, tt.refusal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := policyOf(t, out)
			if got["connect-src"] != tt.connect {
				t.Errorf("connect-src %q, want %q", got["connect-src"], tt.connect)
			}
			// Nothing else changes, in the policy or around it.
			for name, v := range source {
				if name != "connect-src" && got[name] != v {
					t.Errorf("%s became %q (was %q)", name, got[name], v)
				}
			}
			if len(got) != len(source) {
				t.Errorf("the policy has %d directives, was %d", len(got), len(source))
			}
			if strings.Replace(string(out), tt.connect, "'self'", 1) != string(index) {
				t.Error("more than connect-src changed in index.html")
			}
		})
	}
	for _, bad := range []string{"<html></html>", strings.Replace(string(index), "connect-src 'self'; ", "", 1),
		string(index) + string(index), strings.Replace(string(index), "connect-src 'self';", "connect-src 'self'; connect-src 'self';", 1)} {
		if _, err := SiteIndex([]byte(bad), nil); err == nil {
			t.Errorf("an index.html without exactly one policy and one connect-src was accepted: %.60q", bad)
		}
	}
}
